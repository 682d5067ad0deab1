"""The pipeline's types keep dataclass behaviour with their faster constructor (model._slot_init)."""
import copy
import dataclasses
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventmap.model import Candidate, Document, Event, Mention, Place

SHUSHA = Place("geonames:1", "Shusha", "AZ", 39.76, 46.75, population=4000, rowid=7)


def _event(**changes):
    fields = dict(event_id="e1", event_date=None, event_type="Battles", sub_event_type="Armed clash",
                  location="Shushi", place_name="Shusha", place_id="geonames:1", country_code="AZ", admin1=None,
                  latitude=39.76, longitude=46.75, geo_precision=1, notes="They fought near Shushi.",
                  document_id="d1")
    return Event(**{**fields, **changes})


def test_defaults_fill_the_fields_not_given():
    m = Mention("Shushi", 10, 16)
    assert (m.sentence, m.candidates, m.place, m.kind, m.role) == (0, (), None, "place", "literal")


def test_positional_and_keyword_arguments_build_equal_objects():
    assert Mention("Shushi", 10, 16, 2, (Candidate(SHUSHA, 0.9),), SHUSHA) == \
        Mention(surface="Shushi", start=10, end=16, sentence=2, candidates=(Candidate(SHUSHA, 0.9),), place=SHUSHA)


def test_a_missing_field_is_named_in_the_error():
    with pytest.raises(TypeError, match="document_id"):
        Event(**{k: v for k, v in dataclasses.asdict(_event()).items() if k != "document_id"})


def test_the_objects_stay_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        _event().actor1 = "someone"


def test_equality_and_hash_ignore_the_fields_excluded_from_comparison():
    assert _event(sentence_start=0) == _event(sentence_start=40)
    assert hash(Place("g:1", "A", "AZ", 1.0, 2.0, rowid=1)) == hash(Place("g:1", "A", "AZ", 1.0, 2.0, rowid=2))


@pytest.mark.parametrize("obj", [_event(), Mention("Shushi", 10, 16, place=SHUSHA), SHUSHA,
                                 Document("d1", "text", title="t")], ids=lambda o: type(o).__name__)
def test_pickle_copy_and_replace_give_equal_objects(obj):
    assert pickle.loads(pickle.dumps(obj)) == obj
    assert copy.deepcopy(obj) == obj
    assert dataclasses.replace(obj) == obj


def _reference(cls, values):
    """What the dataclass's own __init__ does: object.__setattr__ for every field."""
    obj = object.__new__(cls)
    for f, v in zip(dataclasses.fields(cls), values):
        object.__setattr__(obj, f.name, v)
    return obj


_any = st.one_of(st.none(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5))


@settings(max_examples=60, deadline=None)
@given(st.lists(_any, min_size=len(dataclasses.fields(Event)), max_size=len(dataclasses.fields(Event))))
def test_every_field_holds_what_was_given_as_the_reference_init_would(values):
    names = [f.name for f in dataclasses.fields(Event)]
    e = Event(**dict(zip(names, values)))
    assert type(e) is Event
    assert [getattr(e, n) for n in names] == [getattr(_reference(Event, values), n) for n in names]
    assert Event(*values) == e == _reference(Event, values)


def test_the_class_is_restored_and_the_object_stays_frozen():
    m = Mention("Shushi", 10, 16)
    assert type(m) is Mention and m.__class__ is Mention
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        del m.start
    assert not hasattr(m, "__dict__")


def test_a_subclass_is_built_through_the_slot_setters():
    class Tagged(Mention):
        __slots__ = ("tag",)

    t = Tagged("Shushi", 10, 16, kind="region")
    assert type(t) is Tagged and (t.surface, t.start, t.end, t.kind, t.role) == ("Shushi", 10, 16, "region", "literal")
