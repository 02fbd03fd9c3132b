"""The taxonomy of what is needed or offered, kept as data."""
