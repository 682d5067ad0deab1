import csv
import json
from datetime import date

import pytest

from eventmap.export import export, write_csv, write_geojson
from eventmap.model import EVENT_FIELDS, Event


def _event(**kw):
    base = dict(event_id="e1", event_date=date(2020, 11, 9), event_type="Battles", sub_event_type="Armed clash",
                location="Karin-Tak", place_name="Karintak", place_id="eventmap:karintak", country_code="AZ",
                admin1="Shusha", latitude=39.742917, longitude=46.7438238, geo_precision=2,
                notes="A sentence.", document_id="d1")
    base.update(kw)
    return Event(**base)


def test_geojson_is_a_feature_collection_of_lon_lat_points_in_schema_order(tmp_path):
    path = write_geojson([_event()], tmp_path / "e.geojson")
    data = json.loads(path.read_text())
    (f,) = data["features"]
    assert f["geometry"] == {"type": "Point", "coordinates": [46.743824, 39.742917]}
    assert list(f["properties"]) == list(EVENT_FIELDS)


def test_geojson_output_is_byte_identical_across_runs(tmp_path):
    evs = [_event(event_id="b", document_id="d2"), _event(event_id="a")]
    one = write_geojson(evs, tmp_path / "1.geojson").read_bytes()
    two = write_geojson(list(reversed(evs)), tmp_path / "2.geojson").read_bytes()
    assert one == two


def test_an_unresolved_place_has_null_geometry(tmp_path):
    path = write_geojson([_event(latitude=None, longitude=None)], tmp_path / "e.geojson")
    assert json.loads(path.read_text())["features"][0]["geometry"] is None


def test_csv_neutralises_spreadsheet_formulas(tmp_path):
    path = write_csv([_event(notes="=HYPERLINK(\"http://x\")")], tmp_path / "e.csv")
    (row,) = csv.DictReader(path.open())
    assert row["notes"].startswith("'=")


def test_export_picks_the_format_from_the_suffix(tmp_path):
    export([_event()], tmp_path / "e.csv")
    assert (tmp_path / "e.csv").read_text().startswith("event_id,")


def test_geoparquet_and_geopackage_round_trip(tmp_path):
    import geopandas as gpd

    for name in ("e.parquet", "e.gpkg"):
        export([_event()], tmp_path / name)
        gdf = gpd.read_parquet(tmp_path / name) if name.endswith("parquet") else gpd.read_file(tmp_path / name)
        assert gdf.iloc[0]["place_id"] == "eventmap:karintak"
        assert round(gdf.geometry.iloc[0].x, 4) == 46.7438


def test_a_partitioned_geoparquet_dataset_reads_in_duckdb_and_dask_geopandas(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    dask_geopandas = pytest.importorskip("dask_geopandas")
    from eventmap.export import write_partitioned_geoparquet

    evs = [_event(event_id="a"), _event(event_id="b", country_code="AM", place_id="eventmap:x")]
    folder = write_partitioned_geoparquet(evs, tmp_path / "events", "country_code")
    assert sorted(p.name for p in folder.iterdir()) == ["country_code=AM", "country_code=AZ"]
    rows = duckdb.sql(f"SELECT event_id, country_code FROM read_parquet('{folder}/*/*.parquet', "
                      "hive_partitioning=true) ORDER BY event_id").fetchall()
    assert rows == [("a", "AZ"), ("b", "AM")]
    ddf = dask_geopandas.read_parquet(str(folder))
    assert len(ddf.compute()) == 2
