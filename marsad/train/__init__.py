"""Training code: fitting and cross-validating marsad's models (needs the [train] extra)."""
