"""The registry in GraphQL: regions, offices, accounts, organizations, volunteers."""
