"""Offers: the capacity providers post."""
