"""pipeline: the garbage collector's thresholds while documents are processed (fewer_collections),
what a process loads before its first report, ingest's progress bar."""
import gc
import subprocess
import sys

import pytest

from eventmap.model import Document
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


def test_the_stages_load_no_map_or_progress_library_until_asked():
    """A run's process starts without folium (and pandas under it) or tqdm: a map is rendered,
    and a progress bar shown, after the reports or not at all."""
    code = ("import sys, eventmap.cli, eventmap.jobs, eventmap.pipeline; "
            "print(sorted(m for m in ('folium', 'branca', 'pandas', 'pyarrow', 'tqdm') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_api_s_map_names_still_load_on_use():
    from eventmap import render_map, save_map
    from eventmap.render import render_map as from_render

    assert render_map is from_render and callable(save_map)


def test_ingest_shows_its_progress_when_asked(small_gazetteer, capsys):
    docs = [Document(f"d{k}", "Shelling was reported in Shusha.") for k in range(3)]
    assert ingest(docs, small_gazetteer, Store(), progress=True) == 3
    assert "documents" in capsys.readouterr().err
    assert ingest(docs, small_gazetteer, Store(), progress=False) == 3
    assert capsys.readouterr().err == ""
