"""Needs: what an office publishes for an incident, by hand, by file or by sync."""
