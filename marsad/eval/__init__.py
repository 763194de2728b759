"""Evaluations on data written and annotated for marsad (geocoding, linking)."""
