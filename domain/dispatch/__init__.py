"""Dispatches: issued when an allocation is accepted, followed to delivery."""
