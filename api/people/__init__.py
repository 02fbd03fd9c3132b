"""The special-groups register in GraphQL."""
