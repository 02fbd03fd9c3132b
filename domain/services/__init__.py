"""Use cases: each opens no transaction of its own; the caller's unit of work commits."""
