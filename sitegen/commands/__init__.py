"""The commands besides build: serve (preview with rebuilds) and new-edition (scaffold a quarter)."""
