"""GraphQL object types, named like the domain."""
