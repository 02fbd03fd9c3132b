"""Notifications, webhook subscriptions and the live subscription in GraphQL."""
