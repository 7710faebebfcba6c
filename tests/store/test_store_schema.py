"""The store: schema versions and migrations, batch writes, and the busy-store message."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import duckdb
import pytest

from eventwire.errors import DataError
from eventwire.model import Article, Document, Entity, Event, Evidence, Mention, Quote
from eventwire.sources.records import FailedItem, FetchValidators
from eventwire.store import CodedArticle, EventStore, SourceLink, StoreBusyError
from eventwire.store.schema import MIGRATIONS, SCHEMA_VERSION, current_version, migrate


def sample_document() -> Document:
    text = "Army units clashed with rebels in Mosul on Monday. \"We won,\" a commander said."
    evidence = Evidence(text[:50], 0, 50)
    event = Event(event_type="Battles", sub_event_type="Armed clash", event_date="2016-10-24", time_precision=1,
                  actor1="Military Forces of Iraq", inter1=1, country="Iraq", admin1="Ninawa", location="Mosul",
                  latitude=36.34, longitude=43, fatalities=3, confidence=0.9,
                  evidence={"sub_event_type": evidence, "location": evidence})
    entity = Entity(id="E1", name="Mosul", type="GPE", aliases=["Al Mawsil"], mentions=[Mention(34, 39, "Mosul")])
    quote = Quote("We won,", 52, 59, speaker=None, attribution="unnamed")
    article = Article(text=text, title="T", published=date(2016, 10, 30), source="HNGN", url="http://x/1")
    return Document(article=article, events=[event], entities=[entity], quotes=[quote], warnings=["w"])


def test_new_store_gets_the_current_schema_version(tmp_path):
    with EventStore(tmp_path / "s.duckdb") as store:
        assert current_version(store.conn) == SCHEMA_VERSION
        tables = {r[0] for r in store.conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"articles", "sources", "events", "evidence", "entities", "quotes", "failed", "fetch_cache"} <= tables


def test_an_old_store_is_migrated_in_place(tmp_path):
    path = tmp_path / "old.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, now())")
    conn.execute("INSERT INTO failed (item_key, reason) VALUES ('k', 'kept across the migration')")
    conn.close()
    with EventStore(path) as store:
        assert current_version(store.conn) == SCHEMA_VERSION
        assert store.conn.execute("SELECT reason FROM failed").fetchone()[0] == "kept across the migration"
        indexes = {r[0] for r in store.conn.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
    assert "events_date" in indexes


def test_a_store_from_a_newer_eventwire_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    EventStore(path).close()
    conn = duckdb.connect(str(path))
    conn.execute("INSERT INTO schema_version VALUES (?, now())", [SCHEMA_VERSION + 1])
    conn.close()
    with pytest.raises(DataError, match="newer than this eventwire"):
        EventStore(path)


def test_migrate_is_a_no_op_when_current(tmp_path):
    with EventStore(tmp_path / "s.duckdb") as store:
        assert migrate(store.conn) == SCHEMA_VERSION


def test_write_batch_round_trips_every_table(tmp_path):
    document = sample_document()
    coded = CodedArticle("a1", "file:/x", document, b"\x00" * 8)
    link = SourceLink("file:/x", "a1", "coded", 1.0, document.article)
    copy = SourceLink("file:/y", "a1", "near", 0.91, Article(text="", source="Other"))
    failure = FailedItem("file:/z", "file:/z", "read", "InputError", "bad")
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write_batch([coded], [link, copy], [failure], [FetchValidators("http://f", '"e1"', "Mon")])
        # Writing the same batch again (a resumed run that re-sends it) changes nothing.
        store.write_batch([coded], [link, copy], [failure])
        count = lambda table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert [count(t) for t in ("articles", "sources", "events", "evidence", "entities", "quotes", "failed")] == [
            1, 2, 1, 2, 1, 1, 1]
        row = store.conn.execute("SELECT event_date, latitude, longitude, fatalities, source FROM events").fetchone()
        assert row == (date(2016, 10, 24), 36.34, 43.0, 3, "HNGN")
        assert store.is_done("file:/y") and store.is_done("file:/z") and not store.is_done("file:/other")
        assert store.has_article("a1")
        assert store.fetch_validators()["http://f"].etag == '"e1"'
        assert list(store.signatures()) == [("a1", b"\x00" * 8)]


def test_read_only_open_of_a_missing_store_says_how_to_create_it(tmp_path):
    with pytest.raises(DataError, match="eventwire ingest"):
        EventStore(tmp_path / "none.duckdb", read_only=True)


def test_a_store_held_by_another_process_gives_a_clear_busy_error(tmp_path):
    path = tmp_path / "busy.duckdb"
    EventStore(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ok', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreBusyError, match="running ingest") as info:
            EventStore(path, read_only=True)
        assert "run this command again" in str(info.value)
    finally:
        holder.kill()
        holder.wait()
