"""Charts: registry, definitions (text and data, no Matplotlib), drawing (Matplotlib) and the cache."""
