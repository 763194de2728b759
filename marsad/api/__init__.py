"""The marsad web service: `create_app(db_path, token=None)` returns the FastAPI app (JSON API and pages)."""
from marsad.api.app import create_app

__all__ = ["create_app"]
