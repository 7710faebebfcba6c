"""Exporting events from the store: CSV (ACLED's columns), JSONL with evidence, Parquet by month, GeoJSON.

Every format streams from the store (never the whole table in memory) and applies the same
:class:`~eventwire.store.queries.ExportFilter`.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Iterable, TextIO

import duckdb

from .errors import EventwireError
from .export import EXTRA_CSV_COLUMNS, event_rows
from .model import ACLED_COLUMNS, Article, Document, Evidence
from .store.queries import EVENT_ORDER, ExportFilter, iter_event_records, where_clause
from .store.rows import event_from_row

FORMATS = ("csv", "jsonl", "parquet", "geojson")


def record_document(record: dict) -> Document:
    """A one-event :class:`Document` from a stored record, so ``eventwire.export.event_rows`` formats it."""
    evidence = {
        item["field"]: Evidence(item["sentence"], item["start"], item["end"]) for item in (record.get("evidence") or [])
    }
    article = Article(text="", title=record.get("article_title"), published=record.get("article_published"),
                      source=record.get("article_source"), url=record.get("article_url"))
    return Document(article=article, events=[event_from_row(record, evidence)])


def write_csv(records: Iterable[dict], out: TextIO) -> int:
    """ACLED's columns in ACLED's order, then geonameid, confidence and the main evidence sentence."""
    writer = csv.DictWriter(out, fieldnames=list(ACLED_COLUMNS + EXTRA_CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        for row in event_rows([record_document(record)]):
            writer.writerow(row)
            count += 1
    return count


def write_jsonl(records: Iterable[dict], out: TextIO) -> int:
    """One JSON object per event: the event as ``Event.to_dict()`` (with evidence) plus its article."""
    count = 0
    for record in records:
        document = record_document(record)
        line = document.events[0].to_dict()
        line["article"] = {
            "id": record["article_id"],
            "title": record.get("article_title"),
            "published": _iso(record.get("article_published")),
            "source": record.get("article_source"),
            "url": record.get("article_url"),
        }
        out.write(json.dumps(line, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_geojson(records: Iterable[dict], out: TextIO) -> int:
    """A FeatureCollection of points; events without coordinates are left out (they cannot be mapped)."""
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for record in records:
        if record.get("latitude") is None or record.get("longitude") is None:
            continue
        properties = {column: _iso(record.get(column)) for column in ACLED_COLUMNS}
        properties.update(geonameid=record.get("geonameid"), confidence=record.get("confidence"),
                          article_id=record["article_id"], url=record.get("article_url"))
        feature = {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]},
            "properties": properties,
        }
        out.write(("," if count else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


def write_parquet(conn: duckdb.DuckDBPyConnection, filters: ExportFilter, out_dir: Path) -> int:
    """Hive-partitioned Parquet (``month=2016-10/``), one folder per month of ``event_date``."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise EventwireError(f"'{out_dir}' is not empty: give an empty or new folder for the Parquet export.")
    where, params = where_clause(filters)
    query = (
        "SELECT coalesce(strftime(e.event_date, '%Y-%m'), 'unknown') AS month, e.article_id, e.event_index, "
        + ", ".join(f"e.{c}" for c in ACLED_COLUMNS)
        + ", e.geonameid, e.confidence, a.url AS article_url, a.title AS article_title, "
        "(SELECT v.sentence FROM evidence v WHERE v.article_id = e.article_id AND v.event_index = e.event_index "
        "AND v.field = 'sub_event_type') AS evidence FROM events e JOIN articles a USING (article_id)"
        + where + EVENT_ORDER
    )
    count = conn.execute(f"SELECT count(*) FROM events e {where}", params).fetchall()[0][0]
    if count == 0:
        out_dir.mkdir(parents=True, exist_ok=True)
        return 0
    reader = conn.sql(query, params=params).to_arrow_reader(50_000)
    import pyarrow.dataset as ds

    ds.write_dataset(reader, out_dir, format="parquet", partitioning=["month"], partitioning_flavor="hive",
                     basename_template="events-{i}.parquet", existing_data_behavior="error")
    return int(count)


def export_events(conn: duckdb.DuckDBPyConnection, fmt: str, filters: ExportFilter, out) -> int:
    """Export to ``out`` (a text stream for csv/jsonl/geojson, a folder for parquet); returns the event count."""
    if fmt not in FORMATS:
        raise EventwireError(f"Unknown export format '{fmt}'. Use one of: {', '.join(FORMATS)}.")
    if fmt == "parquet":
        if out is None or not isinstance(out, (str, Path)):
            raise EventwireError("Parquet export writes a folder: give it with --out DIR.")
        return write_parquet(conn, filters, Path(out))
    records = iter_event_records(conn, filters)
    return {"csv": write_csv, "jsonl": write_jsonl, "geojson": write_geojson}[fmt](records, out)


def _iso(value):
    return value.isoformat() if isinstance(value, date) else value
