"""Exports read back and compared with the store: CSV (ACLED columns), JSONL, Parquet by month, GeoJSON, filters."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from eventwire_fakes import FakeCoder  # noqa: E402
from ingest_corpus import write_corpus  # noqa: E402

from eventwire.errors import EventwireError, MetadataError  # noqa: E402
from eventwire.export import EXTRA_CSV_COLUMNS  # noqa: E402
from eventwire.ingest_cli import export, ingest, render_stats, stats  # noqa: E402
from eventwire.model import ACLED_COLUMNS  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    corpus = write_corpus(folder, 40)
    db = folder / "s.duckdb"
    ingest([str(corpus)], db, workers=0, coder=FakeCoder(), quiet=True)
    return db


def stored(db: Path, sql: str) -> list:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def export_text(db: Path, fmt: str, **filters) -> tuple[int, str]:
    buffer = io.StringIO()
    count = export(db, fmt, buffer, **filters)
    return count, buffer.getvalue()


def test_csv_has_acled_columns_in_order_and_every_stored_event(store):
    count, text = export_text(store, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == list(ACLED_COLUMNS + EXTRA_CSV_COLUMNS)
    expected = stored(store, "SELECT coalesce(strftime(event_date, '%Y-%m-%d'), ''), coalesce(actor1, ''), "
                             "coalesce(location, ''), fatalities::VARCHAR, notes FROM events")
    got = sorted((r["event_date"], r["actor1"], r["location"], r["fatalities"], r["notes"]) for r in rows)
    assert count == len(rows) == len(expected) > 0
    assert got == sorted(expected)
    assert all(r["evidence"] for r in rows)


def test_jsonl_carries_evidence_and_the_article(store):
    count, text = export_text(store, "jsonl")
    lines = [json.loads(line) for line in text.splitlines()]
    assert count == len(lines) == stored(store, "SELECT count(*) FROM events")[0][0]
    first = lines[0]
    assert first["evidence"]["sub_event_type"]["sentence"] in first["notes"] or first["notes"] in first["evidence"]["sub_event_type"]["sentence"]
    evidence_rows = stored(store, "SELECT count(*) FROM evidence")[0][0]
    assert sum(len(line["evidence"]) for line in lines) == evidence_rows
    assert first["article"]["url"].startswith("http://news.example/")


def test_parquet_is_partitioned_by_month_and_reads_back_equal(store, tmp_path):
    import pyarrow.dataset as ds

    out = tmp_path / "lake"
    count = export(store, "parquet", out)
    months = sorted(p.name for p in out.iterdir())
    assert months == sorted(f"month={m}" for (m,) in stored(
        store, "SELECT DISTINCT coalesce(strftime(event_date, '%Y-%m'), 'unknown') FROM events"))
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == count == stored(store, "SELECT count(*) FROM events")[0][0]
    back = sorted(zip(table["article_id"].to_pylist(), table["event_index"].to_pylist(), table["fatalities"].to_pylist()))
    assert back == sorted(stored(store, "SELECT article_id, event_index, fatalities FROM events"))
    with pytest.raises(EventwireError, match="not empty"):
        export(store, "parquet", out)


def test_geojson_points_are_the_located_events(store):
    count, text = export_text(store, "geojson")
    collection = json.loads(text)
    assert collection["type"] == "FeatureCollection"
    located = stored(store, "SELECT longitude, latitude FROM events WHERE latitude IS NOT NULL ORDER BY ALL")
    points = sorted(tuple(f["geometry"]["coordinates"]) for f in collection["features"])
    assert count == len(points) == len(located) and points == sorted(located)
    assert collection["features"][0]["properties"]["event_type"]


@pytest.mark.parametrize(
    "filters, where",
    [
        ({"country": "iraq"}, "lower(country) = 'iraq'"),
        ({"admin1": "Greater Accra"}, "admin1 = 'Greater Accra'"),
        ({"event_type": "Battles"}, "event_type = 'Battles'"),
        ({"event_type": "Peaceful protest"}, "sub_event_type = 'Peaceful protest'"),
        ({"actor": "militia"}, "actor1 ILIKE '%militia%' OR actor2 ILIKE '%militia%'"),
        ({"date_from": "2016-10-01", "date_to": "2016-10-15"}, "event_date BETWEEN '2016-10-01' AND '2016-10-15'"),
        ({"country": "Syria", "date_from": "2016-09-10"}, "country = 'Syria' AND event_date >= '2016-09-10'"),
    ],
)
def test_filters_select_exactly_the_matching_events(store, filters, where):
    count, text = export_text(store, "jsonl", **filters)
    expected = stored(store, f"SELECT count(*) FROM events WHERE {where}")[0][0]
    assert count == expected > 0
    assert len(text.splitlines()) == expected


def test_bad_filter_date_and_format_are_clear_errors(store):
    with pytest.raises(MetadataError, match="--from"):
        export_text(store, "csv", date_from="last tuesday-ish")
    with pytest.raises(EventwireError, match="Unknown export format"):
        export_text(store, "xlsx")


def test_stats_counts_match_the_store(store):
    result = stats(store)
    assert result.events == stored(store, "SELECT count(*) FROM events")[0][0]
    assert result.articles == 40
    assert result.exact_duplicates == 4 and result.near_duplicates == 4
    assert result.failed_by_stage == {"read": 2, "code": 2}  # broken JSON lines; texts the fake coder refuses
    assert result.failed == result.failed_by_stage["read"] + result.failed_by_stage["code"]
    assert sum(n for _, n in result.by_month) == result.events
    assert dict(result.by_country)["Iraq"] == stored(store, "SELECT count(*) FROM events WHERE country = 'Iraq'")[0][0]
    from rich.console import Console

    console = Console(file=io.StringIO(), width=120)
    render_stats(result, console)
    assert "Events by month" in console.file.getvalue()
