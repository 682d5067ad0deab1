"""The gazetteer stage: build an index of places from the base, dumps and packs; look names up."""
from .fold import fold, fold_keys
from .gazetteer import Gazetteer, prior

__all__ = ["Gazetteer", "fold", "fold_keys", "prior"]
