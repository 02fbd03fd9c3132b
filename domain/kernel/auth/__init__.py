"""Who is asking: principals, passwords and tokens."""
