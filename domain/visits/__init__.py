"""Patrol visits (巡查探访) of the registered persons in an incident's regions."""
