"""Who hears of what: notification fan-out, templates, claims and the inbox."""
