"""pipeline.fewer_collections: the garbage collector's thresholds while documents are processed."""
import gc

import pytest

from eventmap.pipeline import fewer_collections, ingest
from eventmap.store import Store


@pytest.fixture
def thresholds():
    old = gc.get_threshold()
    yield
    gc.set_threshold(*old)


def test_the_youngest_pass_runs_less_often_inside_and_as_before_after(thresholds):
    gc.set_threshold(700, 10, 10)
    with fewer_collections(5000):
        assert gc.get_threshold() == (5000, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_the_thresholds_are_put_back_when_the_block_raises(thresholds):
    gc.set_threshold(700, 10, 10)
    with pytest.raises(RuntimeError), fewer_collections(5000):
        raise RuntimeError("a bad document")
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("caller", [(0, 10, 10), (50_000, 10, 10)], ids=["disabled", "already higher"])
def test_a_caller_s_own_choice_is_left_alone(thresholds, caller):
    gc.set_threshold(*caller)
    with fewer_collections(5000):
        assert gc.get_threshold() == caller


def test_ingest_leaves_the_thresholds_as_it_found_them(thresholds, small_gazetteer):
    gc.set_threshold(700, 10, 10)
    assert ingest([], small_gazetteer, Store(), progress=False) == 0
    assert gc.get_threshold() == (700, 10, 10)
