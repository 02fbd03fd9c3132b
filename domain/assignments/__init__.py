"""Assignments: a volunteer's part in an accepted allocation, and the hours served."""
