"""Shared fixtures: a tiny pack-only gazetteer (milliseconds) and the full one (built once)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from eventmap.gazetteer import Gazetteer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

PACK_HEADER = ("place_id\tname\talternatenames\tlatitude\tlongitude\tfeature_class\tfeature_code\t"
               "country_code\tadmin1\tadmin2\tpopulation\tsource\n")
SMALL_PACK = PACK_HEADER + "".join("\t".join(r) + "\n" for r in [
    ("eventmap:az", "Azerbaijan", "Republic of Azerbaijan", "40.5", "47.5", "A", "PCLI", "AZ", "", "", "10000000", "test"),
    ("eventmap:am", "Armenia", "", "40.0", "45.0", "A", "PCLI", "AM", "", "", "3000000", "test"),
    ("eventmap:tartar-district", "Tartar District", "Terter District,Tərtər", "40.33", "46.88", "A", "ADM1", "AZ", "", "", "100000", "test"),
    ("eventmap:shusha", "Shusha", "Shushi,Şuşa", "39.7633", "46.7512", "P", "PPLA", "AZ", "", "", "4000", "test"),
    ("eventmap:karintak", "Karintak", "Karin-Tak,Daşaltı", "39.7429", "46.7438", "P", "PPL", "AZ", "", "", "", "test"),
    ("eventmap:metsshen", "Mets Shen", "Ulu Garabey,Metshen", "40.2156", "46.7069", "P", "PPL", "AZ", "Tartar", "", "341", "test"),
    ("eventmap:martuni-nk", "Martuni", "Khojavend", "39.795", "47.111", "P", "PPL", "AZ", "", "", "3700", "test"),
    ("eventmap:martuni-am", "Martuni", "", "40.14", "45.30", "P", "PPL", "AM", "", "", "12000", "test"),
    ("eventmap:martakert", "Martakert", "Aghdara", "40.2097", "46.8225", "P", "PPL", "AZ", "", "", "", "test"),
    ("eventmap:video", "Video", "", "10.0", "10.0", "P", "PPL", "XX", "", "", "900", "test"),
])


@pytest.fixture
def small_pack(tmp_path) -> Path:
    path = tmp_path / "small.tsv"
    path.write_text(SMALL_PACK, encoding="utf-8")
    return path


@pytest.fixture
def small_gazetteer(tmp_path, small_pack) -> Gazetteer:
    """Built from one small pack, without the global base."""
    return Gazetteer(tmp_path / "g.sqlite", packs=[small_pack], base=False, imports=False, progress=False)


@pytest.fixture(scope="session")
def full_cache() -> Path:
    """The cache folder of the full gazetteer, shared by every test of the session."""
    path = Path(os.environ.get("EVENTMAP_TEST_CACHE", REPO / ".eventmap-cache"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def full_gazetteer(full_cache) -> Gazetteer:
    """The global base plus the shipped packs (built once, about 30 s)."""
    return Gazetteer(full_cache / "gazetteer.sqlite", progress=False)


@pytest.fixture
def seed_report() -> Path:
    path = SHARED / "seed" / "000_cdefef70d397972d.txt"
    if not path.exists():
        pytest.skip("../shared/seed is not present")
    return path
