"""Records out: CSV, FHIR and PDF, and the CSV's data dictionary."""

from .blueprint import bp
from . import export_views  # noqa: F401
