"""The database: the declarative base, the engine and its one transaction boundary."""
