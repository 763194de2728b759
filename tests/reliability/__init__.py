"""Reliability suite: hostile and damaged input, stores in odd states, limits (a package, like e2e)."""
