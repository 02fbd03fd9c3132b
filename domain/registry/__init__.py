"""The registry: offices, accounts, organizations and volunteers."""
