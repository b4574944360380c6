"""Matching list items to offers and finding the cheapest basket."""
