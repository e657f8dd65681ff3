"""Development tools of the project (not part of the product ``builder`` package)."""
