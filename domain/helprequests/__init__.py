"""Help requests (求助): the hotline, the public page, partners."""
