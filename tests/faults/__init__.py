"""Fault tests: production mode as real processes, workers killed, Redis stopped."""
