"""Who is asking: passwords, tokens, the principal and what it may do."""
