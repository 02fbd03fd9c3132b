"""The GraphQL API and the Starlette app that serves it."""
