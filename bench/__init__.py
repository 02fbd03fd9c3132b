"""Benchmarks, run as modules from the repo root (python -m bench.<name>)."""
