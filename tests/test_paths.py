"""paths: lexicons read through their cache file, and the cache files themselves (written
atomically, a corrupt, foreign or stale one never trusted)."""
import marshal
import tomllib

import pytest

from eventmap.errors import InputError
from eventmap.paths import data_dir, read_cache, read_lexicon, write_cache

SHIPPED = sorted(p.stem for p in (data_dir() / "lexicon").glob("*.toml"))

TRICKY = {
    "empty": "",
    "unicode": 'title = "Ministère de la Défense"\n"Şuşa" = ["Shusha’s", "Шуша"]\n',
    "nested": '[a.b]\nc = 1\nd = 2.5\ne = true\n[[t]]\nwords = ["x", "y"]\n[[t]]\nwords = []\n',
    "dated": "when = 2020-11-10\n",   # (a date marshal cannot write: parsed every time, still right)
}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENTMAP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def lexicons(tmp_path, monkeypatch):
    """A data folder of its own, whose lexicon files a test writes."""
    folder = tmp_path / "data"
    (folder / "lexicon").mkdir(parents=True)
    monkeypatch.setenv("EVENTMAP_DATA_DIR", str(folder))
    return folder / "lexicon"


@pytest.mark.parametrize("name", SHIPPED)
def test_a_shipped_lexicon_reads_as_tomllib_parses_it_before_and_after_its_cache_is_written(cache, name):
    with open(data_dir() / "lexicon" / f"{name}.toml", "rb") as fh:
        parsed = tomllib.load(fh)
    assert read_lexicon(name) == parsed       # (parsed, and the cache file written)
    assert (cache / f"lexicon-{name}.marshal").exists()
    assert read_lexicon(name) == parsed       # (from the cache file)


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_toml_reads_as_tomllib_parses_it(cache, lexicons, name):
    (lexicons / f"{name}.toml").write_text(TRICKY[name], encoding="utf-8")
    for _ in range(2):
        assert read_lexicon(name) == tomllib.loads(TRICKY[name])


def test_each_read_gives_new_objects(cache):
    first = read_lexicon("geoparse")
    first["person"]["titles"].append("Mutated")
    first["added"] = 1
    again = read_lexicon("geoparse")
    assert "added" not in again and "Mutated" not in again["person"]["titles"]


def test_an_edited_lexicon_is_parsed_again(cache, lexicons):
    path = lexicons / "cues.toml"
    path.write_text('words = ["near"]\n', encoding="utf-8")
    assert read_lexicon("cues") == {"words": ["near"]}
    path.write_text('words = ["near", "outside"]\n', encoding="utf-8")
    assert read_lexicon("cues") == {"words": ["near", "outside"]}


@pytest.mark.parametrize("content", [
    b"", b"\x00\x01garbage", marshal.dumps(("eventmap cache 1", "key", {}))[:-3], marshal.dumps([1, 2, 3]),
    marshal.dumps({"words": ["forged"]}),
], ids=["empty", "garbage", "truncated", "foreign", "bare value"])
def test_a_corrupt_or_foreign_cache_file_is_replaced_not_trusted(cache, lexicons, content):
    (lexicons / "cues.toml").write_text('words = ["near"]\n', encoding="utf-8")
    cache.mkdir()
    (cache / "lexicon-cues.marshal").write_bytes(content)
    assert read_lexicon("cues") == {"words": ["near"]}
    assert read_lexicon("cues") == {"words": ["near"]}
    assert (cache / "lexicon-cues.marshal").read_bytes() != content


def test_a_cache_file_of_another_shape_under_the_right_key_is_not_trusted(cache, lexicons):
    import hashlib

    text = 'words = ["near"]\n'
    (lexicons / "cues.toml").write_text(text, encoding="utf-8")
    write_cache(cache / "lexicon-cues.marshal", hashlib.sha256(text.encode()).hexdigest(), ["not", "a", "dict"])
    assert read_lexicon("cues") == {"words": ["near"]}


def test_a_cache_folder_that_cannot_be_written_leaves_the_lexicon_read(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("EVENTMAP_CACHE_DIR", str(blocker))
    assert read_lexicon("geoparse") == tomllib.loads((data_dir() / "lexicon" / "geoparse.toml").read_text("utf-8"))


def test_bad_or_missing_lexicons_are_input_errors_naming_the_file(cache, lexicons):
    (lexicons / "broken.toml").write_text("words = [\n", encoding="utf-8")
    with pytest.raises(InputError, match="broken.toml: not valid TOML"):
        read_lexicon("broken")
    with pytest.raises(InputError, match="absent.toml: lexicon file missing"):
        read_lexicon("absent")
    assert not (cache / "lexicon-broken.marshal").exists()


def test_a_cache_file_holds_its_value_under_its_key_only(tmp_path):
    path = tmp_path / "sub" / "value.marshal"
    write_cache(path, "k1", {"a": [1, 2.5, "é"], "b": (None, True)})
    assert read_cache(path, "k1") == {"a": [1, 2.5, "é"], "b": (None, True)}
    assert read_cache(path, "k2") is None
    assert read_cache(tmp_path / "missing.marshal", "k1") is None
    assert [p.name for p in path.parent.iterdir()] == ["value.marshal"]   # (no temporary file left)


def test_a_value_marshal_cannot_write_is_not_kept(tmp_path):
    path = tmp_path / "value.marshal"
    write_cache(path, "k", {"when": object()})
    assert not path.exists()
