"""Needs in GraphQL: the type, its filters, the list, and one module per mutation."""
