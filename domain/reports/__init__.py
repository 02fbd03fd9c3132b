"""Reports across features: coverage, 3W, exports and operational facts."""
