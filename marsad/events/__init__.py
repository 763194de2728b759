"""Times and quantities: Arabic date expressions resolved to ISO values (`dates`), number words and
digits (`numbers`), counted quantities with units (`quantities`), and their pipeline stages
(`stage`: "times" and "quantities")."""
from marsad.events.dates import find_times, gregorian_to_hijri, hijri_to_gregorian
from marsad.events.numbers import number_at
from marsad.events.quantities import find_quantities

__all__ = ["find_quantities", "find_times", "gregorian_to_hijri", "hijri_to_gregorian", "number_at"]
