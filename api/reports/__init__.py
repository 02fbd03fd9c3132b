"""Coverage, 3W and the CSV/HXL downloads."""
