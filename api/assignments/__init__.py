"""Assignments, check-in and check-out, hours served: their GraphQL side."""
