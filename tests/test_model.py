"""The pipeline's types keep dataclass behaviour with their faster constructor (model._slot_init)."""
import copy
import dataclasses
import pickle

import pytest

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
