"""Write: the only stage that touches the output folder; the caches of rendered editions; downloads."""
