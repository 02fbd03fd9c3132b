"""Persistence: SQLAlchemy 2 async models, the engine and the unit of work."""
