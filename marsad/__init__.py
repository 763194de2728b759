"""marsad (مرصد): Arabic news to a structured, geocoded record of who did what to whom, where, when,
and who said so."""
from marsad.errors import InputError
from marsad.model import SCHEMA_VERSION, Article
from marsad.pipeline import analyze, analyze_documents

__version__ = "0.1.0"
__all__ = ["Article", "InputError", "SCHEMA_VERSION", "analyze", "analyze_documents", "__version__"]
