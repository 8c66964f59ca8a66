"""Compute (pure): every figure of an edition, the source checked against itself, editions over time."""
