import csv

import pytest

from eventmap.errors import InputError
from eventmap.evaluate import evaluate
from eventmap.evaluate.metrics import auc
from eventmap.evaluate.toponyms import read_corpus

LGL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[Troops shelled Shusha and Karintak. Later Martakert was hit.]]></text>
    <toponyms count="3">
      <toponym><start>15</start><end>21</end><phrase>Shusha</phrase>
        <gaztag geonameid="1"><lat>39.7633</lat><lon>46.7512</lon></gaztag></toponym>
      <toponym><start>26</start><end>34</end><phrase>Karintak</phrase>
        <gaztag geonameid="2"><lat>39.7429</lat><lon>46.7438</lon></gaztag></toponym>
      <toponym><start>42</start><end>51</end><phrase>Martakert</phrase>
        <gaztag geonameid="3"><lat>40.2097</lat><lon>46.8225</lon></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_an_lgl_style_corpus_is_scored_with_both_protocols_and_a_baseline(tmp_path, small_gazetteer):
    path = tmp_path / "c.xml"
    path.write_text(LGL_STYLE, encoding="utf-8")
    r = evaluate(path, small_gazetteer)
    assert r["shape"] == "lgl" and r["documents"] == 1
    assert r["gold_spans"]["n"] == 3 and r["gold_spans"]["acc161"] == 1.0
    assert r["end_to_end"]["recall"] == 1.0 and r["end_to_end"]["precision"] == 1.0
    assert set(r["baseline"]) >= {"acc161", "auc", "mean_km", "median_km"}


def test_offsets_one_off_are_realigned_and_counted(tmp_path):
    path = tmp_path / "c.xml"
    path.write_text(LGL_STYLE.replace("<start>15</start><end>21</end>", "<start>16</start><end>22</end>"))
    corpus = read_corpus(path)
    assert corpus.realigned == 1
    g = corpus.articles[0].toponyms[0]
    assert corpus.articles[0].text[g.start:g.end] == "Shusha"


def test_a_geovirus_style_corpus_is_read(tmp_path):
    path = tmp_path / "g.xml"
    path.write_text("<articles><article><source>x</source><text>Fighting near Shusha.</text><locations>"
                    "<location><start>14</start><end>20</end><name>Shusha</name><lat>39.76</lat><lon>46.75</lon>"
                    "</location></locations></article></articles>")
    corpus = read_corpus(path)
    assert corpus.shape == "geovirus" and corpus.articles[0].toponyms[0].lat == 39.76


def test_an_acled_export_is_scored_beside_the_baseline(tmp_path, small_gazetteer):
    path = tmp_path / "a.csv"
    with path.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["event_id_cnty", "event_date", "event_type", "latitude", "longitude", "notes"])
        w.writerow(["X1", "9 November 2020", "Battles", "39.7429", "46.7438",
                    "On 9 November 2020, Armenian forces clashed with Azerbaijani units near Karintak."])
    r = evaluate(path, small_gazetteer)
    assert r["rows"] == 1 and r["acc25"] == 1.0 and r["type_agreement"] == 1.0 and r["date_agreement"] == 1.0
    assert "acc161" in r["baseline"]


def test_a_csv_that_is_not_acled_names_the_missing_columns(tmp_path, small_gazetteer):
    path = tmp_path / "a.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="missing column"):
        evaluate(path, small_gazetteer)


def test_auc_is_zero_for_perfect_answers_and_one_for_missing_ones():
    assert auc([0.0, 0.0]) == 0.0
    assert auc([20039.0, 20039.0]) == pytest.approx(1.0)
