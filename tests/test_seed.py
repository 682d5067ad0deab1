"""The seed report end to end, checked by ../shared/tools/check_seed.py when it is present."""
import subprocess
import sys

from eventmap.pipeline import map_reports
from tests.conftest import SHARED


def test_the_seed_report_meets_every_acceptance_point(seed_report, full_gazetteer, tmp_path):
    from datetime import date

    result = map_reports([seed_report], tmp_path, published=date(2020, 11, 10), gazetteer=full_gazetteer)
    assert not result.errors
    check = SHARED / "tools" / "check_seed.py"
    proc = subprocess.run([sys.executable, str(check), str(tmp_path / "events.geojson")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_seed_places_resolve_within_tolerance(seed_report, full_gazetteer):
    import csv
    import math

    from eventmap.geoparse import geoparse
    from eventmap.sources import read_path

    def km(a, b, c, d):
        p = math.pi / 180
        h = math.sin((c - a) * p / 2) ** 2 + math.cos(a * p) * math.cos(c * p) * math.sin((d - b) * p / 2) ** 2
        return 12742 * math.asin(min(1.0, math.sqrt(h)))

    (doc,) = read_path(seed_report)
    found = {m.surface: m.place for m in geoparse(doc.text, full_gazetteer) if m.place}
    ref_path = SHARED / "eval" / "reference" / "seed-places.tsv"
    rows = [l for l in ref_path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        place = found.get(row["mention"])
        assert place is not None, f"{row['mention']} not found"
        assert km(float(row["lat"]), float(row["lon"]), place.lat, place.lon) <= float(row["tolerance_km"]), row["mention"]
