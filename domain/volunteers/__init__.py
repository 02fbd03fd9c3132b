"""Volunteers as people: the phone code of sign-up, their profile and availability."""
