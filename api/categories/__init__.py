"""The category taxonomy in GraphQL."""
