"""What serves the schema over HTTP: limits, costs, caches, metrics, headers, outages."""
