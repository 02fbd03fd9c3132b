"""Offers in GraphQL."""
