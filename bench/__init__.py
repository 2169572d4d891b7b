"""`make bench`: the portal at company scale, measured as ratios to its own /healthz."""
