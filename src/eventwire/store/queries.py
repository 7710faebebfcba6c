"""Read-side queries: the filters exports share, the event records they stream, and the stats summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Optional

import duckdb

from ..errors import MetadataError
from ..ingest.reader import parse_published
from ..model import ACLED_COLUMNS

FETCH_BATCH = 2_000


@dataclass(frozen=True)
class ExportFilter:
    """Which events to export. Text filters are case-insensitive; ``actor`` matches any actor column."""

    date_from: Optional[date] = None
    date_to: Optional[date] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    event_type: Optional[str] = None  # matches event_type or sub_event_type
    actor: Optional[str] = None  # substring of actor1, actor2 or the associated actors

    @classmethod
    def from_strings(cls, date_from: Optional[str] = None, date_to: Optional[str] = None, **text: Optional[str]) -> "ExportFilter":
        return cls(date_from=_date_option(date_from, "--from"), date_to=_date_option(date_to, "--to"), **text)


def _date_option(value: Optional[str], option: str) -> Optional[date]:
    if not value:
        return None
    try:
        return parse_published(value)
    except MetadataError:
        raise MetadataError(f"Cannot understand {option} '{value}'. Use YYYY-MM-DD, e.g. {option} 2016-10-01.") from None


def where_clause(filters: ExportFilter) -> tuple[str, dict[str, Any]]:
    """SQL conditions on the events table ``e`` for ``filters``, with named parameters."""
    conditions, params = [], {}
    if filters.date_from:
        conditions.append("e.event_date >= $date_from")
        params["date_from"] = filters.date_from
    if filters.date_to:
        conditions.append("e.event_date <= $date_to")
        params["date_to"] = filters.date_to
    if filters.country:
        conditions.append("lower(e.country) = lower($country)")
        params["country"] = filters.country
    if filters.admin1:
        conditions.append("lower(e.admin1) = lower($admin1)")
        params["admin1"] = filters.admin1
    if filters.event_type:
        conditions.append("(lower(e.event_type) = lower($event_type) OR lower(e.sub_event_type) = lower($event_type))")
        params["event_type"] = filters.event_type
    if filters.actor:
        conditions.append(
            "(e.actor1 ILIKE $actor OR e.actor2 ILIKE $actor OR e.assoc_actor_1 ILIKE $actor OR e.assoc_actor_2 ILIKE $actor)"
        )
        params["actor"] = f"%{filters.actor}%"
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


EVENT_SELECT = (
    "SELECT e.article_id, e.event_index, "
    + ", ".join(f"e.{c}" for c in ACLED_COLUMNS)
    + ", e.geonameid, e.confidence, a.title AS article_title, a.url AS article_url, "
    "a.published AS article_published, a.source AS article_source, "
    "(SELECT list(struct_pack(field := v.field, sentence := v.sentence, start := v.start_char, \"end\" := v.end_char) "
    "ORDER BY v.field) FROM evidence v WHERE v.article_id = e.article_id AND v.event_index = e.event_index) AS evidence "
    "FROM events e JOIN articles a USING (article_id)"
)
EVENT_ORDER = " ORDER BY e.event_date NULLS LAST, e.article_id, e.event_index"


def iter_event_records(conn: duckdb.DuckDBPyConnection, filters: ExportFilter) -> Iterator[dict]:
    """Every event matching ``filters``, with its article's metadata and evidence, in a stable order."""
    where, params = where_clause(filters)
    result = conn.execute(EVENT_SELECT + where + EVENT_ORDER, params)
    names = [d[0] for d in result.description]
    while batch := result.fetchmany(FETCH_BATCH):
        for row in batch:
            yield dict(zip(names, row))


@dataclass
class StoreStats:
    """What a store holds: totals, and event counts by month, country and event type."""

    articles: int = 0
    sources: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    events: int = 0
    failed: int = 0
    failed_by_stage: dict[str, int] = field(default_factory=dict)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    by_country: list[tuple[str, int]] = field(default_factory=list)
    by_event_type: list[tuple[str, int]] = field(default_factory=list)
    schema_version: int = 0


def store_stats(conn: duckdb.DuckDBPyConnection, top: int = 50) -> StoreStats:
    from .schema import current_version

    def scalar(sql: str) -> int:
        return int(conn.execute(sql).fetchall()[0][0] or 0)

    def counts(sql: str) -> list[tuple[str, int]]:
        return [(str(key) if key is not None else "(unknown)", int(n)) for key, n in conn.execute(sql).fetchall()]

    return StoreStats(
        articles=scalar("SELECT count(*) FROM articles"),
        sources=scalar("SELECT count(*) FROM sources"),
        exact_duplicates=scalar("SELECT count(*) FROM sources WHERE match = 'exact'"),
        near_duplicates=scalar("SELECT count(*) FROM sources WHERE match = 'near'"),
        events=scalar("SELECT count(*) FROM events"),
        failed=scalar("SELECT count(*) FROM failed"),
        failed_by_stage=dict(counts("SELECT stage, count(*) FROM failed GROUP BY stage ORDER BY stage")),
        by_month=counts(
            "SELECT strftime(event_date, '%Y-%m') AS month, count(*) FROM events GROUP BY month ORDER BY month NULLS LAST"
        ),
        by_country=counts(f"SELECT country, count(*) AS n FROM events GROUP BY country ORDER BY n DESC, country LIMIT {top}"),
        by_event_type=counts(
            f"SELECT event_type, count(*) AS n FROM events GROUP BY event_type ORDER BY n DESC, event_type LIMIT {top}"
        ),
        schema_version=current_version(conn),
    )
