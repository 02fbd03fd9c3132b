"""Dispatches in GraphQL."""
