"""Visit rounds and visits in GraphQL."""
