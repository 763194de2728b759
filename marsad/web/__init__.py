"""The Arabic, right-to-left HTML pages of the marsad web service (templates, static files, routes)."""
