"""Render (pure): routes, page bodies, blocks and templates into a mapping of site paths to bytes."""
