"""The events stage: from a geoparsed document to dated, typed, attributed events."""
from .extract import extract_events

__all__ = ["extract_events"]
