"""Steps the tests share, through the public API; import them from the area's module."""
