"""Input sources: each turns one device into text and stops there."""
