from datetime import date

from eventmap.model import Document
from eventmap.pipeline import ingest
from eventmap.store import Store

TEXT_A = "On November 9, Armenian forces clashed with Azerbaijani units near Karintak, the MoD of Armenia said."
TEXT_B = "Fighting near Karintak on November 9 was heavy, a local official said."


def _docs(*texts):
    return [Document(id=f"d{i}", text=t, publisher=f"Desk {i}", published=date(2020, 11, 10))
            for i, t in enumerate(texts)]


def test_the_same_event_from_two_documents_is_merged_listing_both_sources(small_gazetteer):
    store = Store()
    ingest(_docs(TEXT_A, TEXT_B), small_gazetteer, store)
    assert len(store.events()) == 2
    (merged,) = store.merged_events()
    assert merged.document_id == "d0; d1" and merged.source == "Desk 0; Desk 1"
    assert TEXT_A in merged.notes and TEXT_B in merged.notes


def test_the_merged_event_keeps_the_first_reports_id(small_gazetteer):
    store = Store()
    ingest(_docs(TEXT_A), small_gazetteer, store)
    (alone,) = store.merged_events()
    ingest(_docs(TEXT_A, TEXT_B), small_gazetteer, store)
    (merged,) = store.merged_events()
    assert merged.event_id == alone.event_id


def test_reingesting_a_document_replaces_its_events(small_gazetteer):
    store = Store()
    ingest(_docs(TEXT_A), small_gazetteer, store)
    ingest([Document(id="d0", text="Nothing happened today.")], small_gazetteer, store)
    assert store.events() == [] and store.stats()["documents"] == 1


def test_a_document_is_seen_only_with_the_same_content_and_pipeline(small_gazetteer):
    store = Store()
    (doc,) = _docs(TEXT_A)
    store.ingest(doc, [], [], "v1")
    assert store.seen(doc, "v1")
    assert not store.seen(doc, "v2")
    assert not store.seen(Document(id="d0", text=TEXT_A + " More."), "v1")


def test_the_store_survives_reopening(tmp_path, small_gazetteer):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        ingest(_docs(TEXT_A), small_gazetteer, store)
    with Store(path) as store:
        (e,) = store.events()
    assert e.place_id == "eventmap:karintak" and e.event_date == date(2020, 11, 9)
