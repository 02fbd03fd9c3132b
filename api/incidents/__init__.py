"""Incidents in GraphQL."""
