"""Matching rounds and allocations in GraphQL."""
