"""Volunteers as people: sign-up by phone code, their profile and availability."""
