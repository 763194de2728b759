"""Build-time code: training the models that marsad ships (scikit-learn, never imported at run time)."""
