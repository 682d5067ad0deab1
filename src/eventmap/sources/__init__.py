"""The sources stage: read reports (text, HTML, JSON Lines, feeds) into Documents."""
from .boilerplate import clean, is_boilerplate
from .read import parse_date, read_documents, read_path

__all__ = ["clean", "is_boilerplate", "parse_date", "read_documents", "read_path"]
