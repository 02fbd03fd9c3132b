"""Incidents: disasters over regions, with a response level and a phase."""
