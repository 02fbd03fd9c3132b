"""Background workers (dramatiq): the outbox relay, matching rounds, notifications."""
