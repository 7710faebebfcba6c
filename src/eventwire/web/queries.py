"""The web API's read queries over the event store: filtered pages, details, spans and stats.

The shared filters (dates, country, admin1, event type, actor) come from :mod:`eventwire.store.queries`
so the API selects exactly what ``eventwire export`` would; this module adds what only the analyst
app needs (sub-type, bounding box, text search, sorting, pagination, per-period counts).
Every function takes a DuckDB cursor: the app gives each request its own (cursors are thread-safe).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Optional

import duckdb

from ..errors import DataError
from ..model import ACLED_COLUMNS
from ..store.queries import ExportFilter, where_clause

SORTABLE = ("event_date", "fatalities", "country", "admin1", "location", "event_type", "sub_event_type",
            "actor1", "actor2", "confidence")
INTERVALS = {"day": "day", "week": "week", "month": "month"}
ID_SEPARATOR = "-"  # article ids are hex digests, so the last '-' splits off the event index
FETCH_BATCH = 2_000


@dataclass(frozen=True)
class BoundingBox:
    """West, south, east, north in degrees; ``west > east`` means the box crosses the antimeridian."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class EventQuery:
    """What the analyst selected: filters, then the order and the page."""

    date_from: Optional[date] = None
    date_to: Optional[date] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    actor: Optional[str] = None
    bbox: Optional[BoundingBox] = None
    text: Optional[str] = None
    sort: str = "event_date"
    descending: bool = False
    limit: Optional[int] = 100
    offset: int = 0


@dataclass
class EventPage:
    total: int
    rows: list[dict]


@dataclass
class StatsResult:
    """Event counts for the current filters (``to_dict`` is shallow: ``asdict`` deep-copies 10,000s of rows)."""

    events: int
    fatalities: int
    interval: str
    by_period: list[dict] = field(default_factory=list)  # {period, event_type, events, fatalities}
    by_type: list[dict] = field(default_factory=list)
    by_country: list[dict] = field(default_factory=list)
    by_actor: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# -- ids -----------------------------------------------------------------------------------------

def event_id(article_id: str, event_index: int) -> str:
    return f"{article_id}{ID_SEPARATOR}{event_index}"


def split_event_id(value: str) -> Optional[tuple[str, int]]:
    """``(article_id, event_index)`` of an event id, or ``None`` when it is not one."""
    article_id, _, index = value.rpartition(ID_SEPARATOR)
    if not article_id or not index.isdigit():
        return None
    return article_id, int(index)


# -- filters -------------------------------------------------------------------------------------

def _like_pattern(text: str) -> str:
    """A substring pattern where the user's ``%`` and ``_`` match themselves."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filter_sql(query: EventQuery) -> tuple[str, dict[str, Any]]:
    """The WHERE clause on ``events e`` (joined to ``articles a``) and its named parameters."""
    shared = ExportFilter(date_from=query.date_from, date_to=query.date_to, country=query.country,
                          admin1=query.admin1, event_type=query.event_type, actor=query.actor)
    where, params = where_clause(shared)
    conditions = [where[len(" WHERE "):]] if where else []
    if query.sub_event_type:
        conditions.append("lower(e.sub_event_type) = lower($sub_event_type)")
        params["sub_event_type"] = query.sub_event_type
    if query.bbox:
        box = query.bbox
        conditions.append("e.latitude BETWEEN $south AND $north")
        if box.west <= box.east:
            conditions.append("e.longitude BETWEEN $west AND $east")
        else:
            conditions.append("(e.longitude >= $west OR e.longitude <= $east)")
        params.update(west=box.west, south=box.south, east=box.east, north=box.north)
    if query.text:
        conditions.append(
            "(e.notes ILIKE $text ESCAPE '\\' OR e.location ILIKE $text ESCAPE '\\' OR e.actor1 ILIKE $text ESCAPE '\\' "
            "OR e.actor2 ILIKE $text ESCAPE '\\' OR a.title ILIKE $text ESCAPE '\\')"
        )
        params["text"] = _like_pattern(query.text)
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params


def _needs_article_join(query: EventQuery) -> bool:
    return bool(query.text)


# -- event lists ---------------------------------------------------------------------------------

LIST_COLUMNS = ", ".join(f"e.{c}" for c in ACLED_COLUMNS)
LIST_SELECT = (
    f"SELECT e.article_id, e.event_index, {LIST_COLUMNS}, e.geonameid, e.confidence, "
    "a.title AS article_title, a.url AS article_url, a.published AS article_published "
    "FROM events e JOIN articles a USING (article_id)"
)


def _order_sql(query: EventQuery) -> str:
    if query.sort not in SORTABLE:
        raise DataError(f"Cannot sort by '{query.sort}'. Use one of: {', '.join(SORTABLE)}.")
    direction = "DESC" if query.descending else "ASC"
    # rowid (insertion order) breaks ties: as stable as (article_id, event_index) for paging, far cheaper to sort.
    return f" ORDER BY e.{query.sort} {direction} NULLS LAST, e.rowid"


def _page_sql(query: EventQuery) -> str:
    if query.limit is None:
        return f" OFFSET {int(query.offset)}"
    return f" LIMIT {int(query.limit)} OFFSET {int(query.offset)}"


def count_events(cur: duckdb.DuckDBPyConnection, query: EventQuery) -> int:
    where, params = filter_sql(query)
    source = _event_source(query)
    return int(cur.execute(f"SELECT count(*) FROM {source}{where}", params).fetchall()[0][0])


PAGE_BY_KEYS_LIMIT = 5_000  # larger selections (CSV and GeoJSON downloads) stream from one query instead


def _event_source(query: EventQuery) -> str:
    return "events e JOIN articles a USING (article_id)" if _needs_article_join(query) else "events e"


def iter_events(cur: duckdb.DuckDBPyConnection, query: EventQuery) -> Iterator[dict]:
    """The events of one page (or all of them when ``limit`` is None), in the query's order."""
    if query.limit is not None and query.limit <= PAGE_BY_KEYS_LIMIT:
        yield from _page_by_keys(cur, query)
    else:
        yield from _stream_all(cur, query)


def _page_by_keys(cur: duckdb.DuckDBPyConnection, query: EventQuery) -> Iterator[dict]:
    """Sort only the keys, then fetch the page's rows by rowid and their articles separately.

    Sorting 100,000 wide rows to keep 100 costs several times more, and so does joining the page to
    ``articles`` in SQL (the planner scans the whole table); 100 rows are merged in Python instead.
    """
    where, params = filter_sql(query)
    keys = cur.execute(
        f"SELECT e.rowid, e.article_id, e.event_index FROM {_event_source(query)}{where}{_order_sql(query)}"
        f"{_page_sql(query)}",
        params,
    ).fetchall()
    if not keys:
        return
    events = _rows(cur, f"SELECT e.rowid AS _rowid, e.article_id, e.event_index, {LIST_COLUMNS}, e.geonameid, "
                        "e.confidence FROM events e WHERE e.rowid IN (SELECT unnest($rowids))",
                   {"rowids": [rowid for rowid, _, _ in keys]})
    by_rowid = {row.pop("_rowid"): row for row in events}
    articles = {row["article_id"]: row for row in _rows(
        cur, "SELECT article_id, title AS article_title, url AS article_url, published AS article_published "
             "FROM articles WHERE article_id IN (SELECT unnest($ids))",
        {"ids": sorted({article_id for _, article_id, _ in keys})})}
    for rowid, article_id, event_index in keys:
        row = by_rowid.get(rowid)
        if row is None or (row["article_id"], row["event_index"]) != (article_id, event_index):
            # The table was rewritten between the two queries (a writer checkpointed): start over the slow way.
            yield from _stream_all(cur, query)
            return
        row.update({k: v for k, v in articles.get(article_id, {}).items() if k != "article_id"})
        row["id"] = event_id(article_id, event_index)
        yield row


def _rows(cur, sql: str, params: dict) -> list[dict]:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, values)) for values in result.fetchall()]


def _stream_all(cur: duckdb.DuckDBPyConnection, query: EventQuery) -> Iterator[dict]:
    where, params = filter_sql(query)
    result = cur.execute(LIST_SELECT + where + _order_sql(query) + _page_sql(query), params)
    names = [d[0] for d in result.description]
    while batch := result.fetchmany(FETCH_BATCH):
        for values in batch:
            row = dict(zip(names, values))
            row["id"] = event_id(row["article_id"], row["event_index"])
            yield row


def event_page(cur: duckdb.DuckDBPyConnection, query: EventQuery) -> EventPage:
    return EventPage(total=count_events(cur, query), rows=list(iter_events(cur, query)))


# -- stats ---------------------------------------------------------------------------------------

def event_stats(cur: duckdb.DuckDBPyConnection, query: EventQuery, interval: str = "day", top: int = 20) -> StatsResult:
    """Counts by period and type, by type, by country and by actor for the events ``query`` selects."""
    if interval not in INTERVALS:
        raise DataError(f"Unknown interval '{interval}'. Use one of: {', '.join(INTERVALS)}.")
    where, params = filter_sql(query)
    source = _event_source(query)
    period = "e.event_date" if interval == "day" else f"CAST(date_trunc('{INTERVALS[interval]}', e.event_date) AS DATE)"
    # One scan into a temporary selection would cost more than these small aggregates on a columnar store.
    totals = cur.execute(f"SELECT count(*), coalesce(sum(e.fatalities), 0) FROM {source}{where}", params).fetchall()[0]
    by_period = _period_rows(cur, period, source + where, params)
    by_type = _grouped(cur, f"SELECT e.event_type, count(*) AS n, coalesce(sum(e.fatalities), 0) FROM {source}{where} "
                            f"GROUP BY 1 ORDER BY n DESC, 1 LIMIT {int(top)}", params)
    by_country = _grouped(cur, f"SELECT e.country, count(*) AS n, coalesce(sum(e.fatalities), 0) FROM {source}{where} "
                               f"GROUP BY 1 ORDER BY n DESC, 1 LIMIT {int(top)}", params)
    # Two scans glued by UNION ALL: five times faster than unnest([actor1, actor2]) over every row.
    by_actor = _grouped(
        cur,
        f"SELECT actor, count(*) AS n, coalesce(sum(f), 0) FROM (SELECT e.actor1 AS actor, e.fatalities AS f "
        f"FROM {source}{where} UNION ALL SELECT e.actor2, e.fatalities FROM {source}{where}) "
        f"WHERE actor IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT {int(top)}",
        params,
    )
    return StatsResult(
        events=int(totals[0]), fatalities=int(totals[1]), interval=interval,
        by_period=by_period,
        by_type=by_type, by_country=by_country, by_actor=by_actor,
    )


def _period_rows(cur, period: str, source_where: str, params: dict) -> list[dict]:
    """Counts per (period, event type). Fetched as NumPy columns with the dates cast to text by DuckDB:
    materialising 10,000s of Python ``date`` objects row by row would double the cost of /api/stats."""
    columns = cur.execute(
        f"SELECT CAST(period AS VARCHAR) AS period, event_type, n, f FROM (SELECT {period} AS period, e.event_type, "
        f"count(*) AS n, CAST(coalesce(sum(e.fatalities), 0) AS BIGINT) AS f FROM {source_where} GROUP BY ALL) "
        "ORDER BY period NULLS LAST, event_type",
        params,
    ).fetchnumpy()
    return [
        {"period": p, "event_type": t, "events": n, "fatalities": f}
        for p, t, n, f in zip(_as_list(columns["period"]), _as_list(columns["event_type"]),
                              columns["n"].tolist(), columns["f"].tolist())
    ]


def _as_list(column) -> list:
    """A NumPy column as Python values, NULLs (masked entries) as None."""
    if hasattr(column, "mask") and column.mask is not False and column.mask.any():
        return [None if masked else value for value, masked in zip(column.data.tolist(), column.mask.tolist())]
    return column.tolist()


def _grouped(cur, sql: str, params: dict) -> list[dict]:
    return [{"key": key, "events": int(n), "fatalities": int(f)} for key, n, f in cur.execute(sql, params).fetchall()]


def facet_values(cur: duckdb.DuckDBPyConnection, limit: int = 500) -> dict[str, list[str]]:
    """The distinct countries, event types and sub-types in the store, for the filter menus."""
    def distinct(column: str) -> list[str]:
        rows = cur.execute(
            f"SELECT {column} FROM events WHERE {column} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT {limit}"
        ).fetchall()
        return [r[0] for r in rows]

    span = cur.execute("SELECT min(event_date), max(event_date) FROM events").fetchall()[0]
    return {
        "countries": sorted(distinct("country")),
        "event_types": sorted(distinct("event_type")),
        "sub_event_types": sorted(distinct("sub_event_type")),
        "date_range": [d.isoformat() if d else None for d in span],
    }


# -- one event, one article ----------------------------------------------------------------------

def _one(cur, sql: str, params: list) -> Optional[dict]:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    row = result.fetchone()
    return dict(zip(names, row)) if row else None


def _all(cur, sql: str, params: list) -> list[dict]:
    result = cur.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def article_meta(cur, article_id: str) -> Optional[dict]:
    row = _one(cur, "SELECT article_id, title, published, source, url, language, chars, warnings, coded_at "
                    "FROM articles WHERE article_id = ?", [article_id])
    if row is not None:
        row["warnings"] = json.loads(row["warnings"]) if row["warnings"] else []
    return row


def article_sources(cur, article_id: str) -> list[dict]:
    """The input items that are this article: the coded one and its exact or near copies."""
    return _all(cur, "SELECT item_key, match, similarity, title, published, source, url FROM sources "
                     "WHERE article_id = ? ORDER BY match = 'coded' DESC, published, item_key", [article_id])


def event_detail(cur, article_id: str, event_index: int) -> Optional[dict]:
    """One event with every field, the evidence behind each, its article, quotes and related reports."""
    event = _one(cur, f"SELECT e.article_id, e.event_index, {LIST_COLUMNS}, e.geonameid, e.confidence "
                      "FROM events e WHERE e.article_id = ? AND e.event_index = ?", [article_id, event_index])
    if event is None:
        return None
    event["id"] = event_id(article_id, event_index)
    event["evidence"] = {
        row["field"]: {"sentence": row["sentence"], "start": row["start_char"], "end": row["end_char"]}
        for row in _all(cur, "SELECT field, sentence, start_char, end_char FROM evidence "
                             "WHERE article_id = ? AND event_index = ? ORDER BY field", [article_id, event_index])
    }
    event["article"] = article_meta(cur, article_id)
    event["sources"] = article_sources(cur, article_id)
    event["quotes"] = article_quotes(cur, article_id)
    event["related"] = related_reports(cur, event)
    return event


def related_reports(cur, event: dict, limit: int = 20) -> list[dict]:
    """Events in other articles with the same date, type and location: other reports of this event."""
    if event.get("event_date") is None or event.get("location") is None:
        return []
    rows = _all(
        cur,
        "SELECT e.article_id, e.event_index, e.event_date, e.event_type, e.location, e.fatalities, a.title, a.source, a.url "
        "FROM events e JOIN articles a USING (article_id) WHERE e.event_date = ? AND e.event_type = ? "
        "AND lower(e.location) = lower(?) AND e.article_id <> ? ORDER BY a.published, e.article_id LIMIT ?",
        [event["event_date"], event["event_type"], event["location"], event["article_id"], limit],
    )
    for row in rows:
        row["id"] = event_id(row["article_id"], row["event_index"])
    return rows


def article_quotes(cur, article_id: str) -> list[dict]:
    """Quotes with the speaker's name resolved from the article's entities."""
    return _all(
        cur,
        "SELECT q.quote_index, q.text, q.start_char AS start, q.end_char AS \"end\", q.attribution, "
        "q.speaker AS speaker_id, en.name AS speaker FROM quotes q LEFT JOIN entities en "
        "ON en.article_id = q.article_id AND en.entity_id = q.speaker WHERE q.article_id = ? ORDER BY q.quote_index",
        [article_id],
    )


def article_entities(cur, article_id: str) -> list[dict]:
    rows = _all(cur, "SELECT entity_id, name, type, aliases, mentions, actor, inter, actor_country, leads, title "
                     "FROM entities WHERE article_id = ? ORDER BY entity_id", [article_id])
    for row in rows:
        row["aliases"] = json.loads(row["aliases"]) if row["aliases"] else []
        row["mentions"] = json.loads(row["mentions"]) if row["mentions"] else []
    return rows


def article_events(cur, article_id: str) -> list[dict]:
    rows = _all(cur, "SELECT article_id, event_index, event_date, event_type, sub_event_type, location, fatalities "
                     "FROM events WHERE article_id = ? ORDER BY event_index", [article_id])
    for row in rows:
        row["id"] = event_id(row["article_id"], row["event_index"])
    return rows


def article_evidence(cur, article_id: str) -> list[dict]:
    return _all(cur, "SELECT event_index, field, sentence, start_char AS start, end_char AS \"end\" FROM evidence "
                     "WHERE article_id = ? ORDER BY start_char, event_index, field", [article_id])


def stored_text(cur, article_id: str) -> Optional[str]:
    """The full article text when the store keeps it (a ``text`` column on ``articles``), else ``None``."""
    has_text = cur.execute(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'articles' AND column_name = 'text'"
    ).fetchall()[0][0]
    if not has_text:
        return None
    row = cur.execute("SELECT text FROM articles WHERE article_id = ?", [article_id]).fetchone()
    return row[0] if row else None
