"""Mutations: one input, one payload with userErrors, one domain use case each."""
