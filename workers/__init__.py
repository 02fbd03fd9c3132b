"""Background workers (dramatiq): the dispatch issue fills this in."""
