"""The core types that flow through the pipeline: Document -> Mention -> Event."""
from __future__ import annotations

import hashlib
from dataclasses import MISSING, dataclass, field, fields
from datetime import date


def content_id(text: str) -> str:
    """A stable identifier for a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _slot_init(cls):
    """Give a frozen, slotted dataclass an ``__init__`` with the generated one's signature and
    defaults that fills the slots with plain attribute stores.

    The generated ``__init__`` gets past the frozen ``__setattr__`` by calling
    ``object.__setattr__`` with each field's name, and calling each slot's setter instead still
    costs a call per field; for a 28-field event either took half the time of building one, and
    a report builds hundreds of mentions and events. Here the new object is moved for the time
    of its ``__init__`` into a private subclass that adds nothing to its layout (no slot, no
    ``__dict__``) and sets attributes the ordinary way: ``self.field = value`` is then a
    plain slot store, which the interpreter does without a call. The object is moved back to
    its class before ``__init__`` returns; nothing else can see it in between. The object is
    the same: equal, hashed, printed, pickled and copied by ``replace`` as before, and still
    frozen (tests/test_model.py). Instances of a subclass (whose layout may differ) are filled
    through the slots' setters.
    """
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: __post_init__ is not supported by _slot_init")
    params, stores, sets = [], [], []
    namespace: dict[str, object] = {
        "_cls": cls, "_set_class": object.__dict__["__class__"].__set__,
        # both hooks must be object's own for the interpreter to store straight into the slot
        "_mutable": type(f"_Mutable{cls.__name__}", (cls,), {
            "__slots__": (), "__setattr__": object.__setattr__, "__delattr__": object.__delattr__,
            "__module__": cls.__module__}),
    }
    for f in fields(cls):
        if f.default_factory is not MISSING or not f.init or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: _slot_init handles plain fields only")
        if f.default is MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        stores.append(f"        self.{f.name} = {f.name}")
        sets.append(f"        _set_{f.name}(self, {f.name})")
    exec(f"def __init__(self, {', '.join(params)}):\n"
         "    if type(self) is _cls:\n"
         "        _set_class(self, _mutable)\n"
         + "\n".join(stores) + "\n"
         "        _set_class(self, _cls)\n"
         "    else:\n"
         + "\n".join(sets) + "\n", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"   # type: ignore[attr-defined]
    cls.__init__ = init
    return cls


@_slot_init
@dataclass(frozen=True, slots=True)
class Document:
    """One report: its text (boilerplate already removed) and what is known of its origin."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    language: str = "en"
    path: str | None = None


@_slot_init
@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer record."""

    place_id: str
    name: str
    country_code: str
    lat: float
    lon: float
    feature_class: str = "P"
    feature_code: str = "PPL"
    population: int = 0
    admin1: str | None = None
    admin2: str | None = None
    source: str = ""
    rowid: int = field(default=0, compare=False, repr=False)
    admin1_rowid: int | None = field(default=None, compare=False, repr=False)
    admin2_rowid: int | None = field(default=None, compare=False, repr=False)

    @property
    def is_region(self) -> bool:
        """True for continents, countries, administrative divisions and named regions (GeoNames
        class L: "Darfur", "the Sahel")."""
        return self.feature_class in ("A", "L") or self.feature_code == "CONT"

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL")


@_slot_init
@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a mention may refer to, with the resolver's score (0-1)."""

    place: Place
    score: float


@_slot_init
@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a place name in a document.

    ``start``/``end`` are character offsets into the document text (end exclusive), so
    ``text[start:end] == surface`` always holds.
    """

    surface: str
    start: int
    end: int
    sentence: int = 0
    candidates: tuple[Candidate, ...] = ()
    place: Place | None = None
    score: float = 0.0
    geo_precision: int = 1
    cue: str | None = None
    kind: str = "place"  # "place" | "region" | "country"
    # "literal": the place itself; "associative": a place name inside the name of an
    # organisation or institution ("Texas Department of Health", "Dublin City Council");
    # "demonym": a people's name standing for its country ("Azerbaijani", "Palestinians");
    # "street": a street the gazetteer does not hold ("Main Street"), without coordinates.
    # These are toponyms (annotated corpora count them) and evidence of where the report is,
    # but never where an event happened
    role: str = "literal"

    @property
    def runner_up(self) -> Candidate | None:
        for c in self.candidates:
            if self.place is None or c.place.place_id != self.place.place_id:
                return c
        return None


# Property order of an event feature: stable across runs, ACLED-aligned.
EVENT_FIELDS = (
    "event_id", "event_date", "event_date_end", "time_precision", "date_method",
    "event_type", "sub_event_type", "actor1", "actor2",
    "location", "place_name", "place_id", "country_code", "admin1",
    "latitude", "longitude", "geo_precision",
    "claimed_by", "claim_status", "fatalities", "notes",
    "source", "source_url", "document_id", "published", "confidence",
)


@_slot_init
@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened (or is claimed to have happened), at one place, on a date."""

    event_id: str
    event_date: date | None
    event_type: str
    sub_event_type: str
    location: str
    place_name: str | None
    place_id: str | None
    country_code: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    notes: str
    document_id: str
    event_date_end: date | None = None
    time_precision: int = 1
    date_method: str = "explicit"
    actor1: str | None = None
    actor2: str | None = None
    claimed_by: str | None = None
    claim_status: str = "reported"
    fatalities: int | None = None
    source: str | None = None
    source_url: str | None = None
    published: date | None = None
    confidence: float = 0.5
    sentence_start: int = field(default=0, compare=False)
    sentence_end: int = field(default=0, compare=False)

    def properties(self) -> dict:
        """The GeoJSON/CSV properties, in the stable order of :data:`EVENT_FIELDS`."""
        out = {}
        for name in EVENT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, date):
                value = value.isoformat()
            out[name] = value
        return out
