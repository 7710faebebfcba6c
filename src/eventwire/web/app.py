"""The analyst web app: a FastAPI application over one event store, with the static front end.

``create_app(db_path)`` opens the store read-only; nothing writes to it unless the app is created with
``allow_ingest=True`` and a token, and then only ``POST /api/ingest`` with ``Authorization: Bearer <token>``.
Article text is untrusted: the API returns it as JSON strings and the front end inserts it with
``textContent`` only, never as HTML.
"""

from __future__ import annotations

import contextlib
import csv
import hmac
import io
import json
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator, Optional, Union

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from ..errors import DataError, EventwireError, InputError
from ..model import ACLED_COLUMNS, Article
from ..store import CodedArticle, EventStore, SourceLink
from . import queries
from .queries import BoundingBox, EventQuery
from .spans import document_view, stored_article_view

MAX_EXTRACT_BYTES = 256 * 1024  # a long feature article is ~60 KB of text; a pasted book is not an article
MAX_JSON_PAGE = 1_000
STATIC_DIR = Path(__file__).parent / "static"
BASEMAP_DIR = Path(__file__).parent.parent / "data" / "basemap"
SECURITY_HEADERS = {
    # The app loads nothing from elsewhere and runs no inline script: a stored article cannot add any.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


DOCS_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")


class ApiError(HTTPException):
    """An HTTP error whose detail says what to do."""


# -- request parsing ---------------------------------------------------------------------------

def parse_day(value: Optional[str], name: str) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ApiError(422, f"Cannot understand {name}='{value}'. Use YYYY-MM-DD, e.g. {name}=2016-10-01.") from None


def parse_bbox(value: Optional[str]) -> Optional[BoundingBox]:
    if not value:
        return None
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ApiError(422, f"Cannot understand bbox='{value}'. Give west,south,east,north in degrees, "
                            "e.g. bbox=40,30,48,38.") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise ApiError(422, f"bbox='{value}' is out of range: longitudes in [-180, 180], latitudes in [-90, 90], "
                            "south <= north.")
    return BoundingBox(west, south, east, north)


def build_query(
    date_from: Optional[str], date_to: Optional[str], country: Optional[str], admin1: Optional[str],
    event_type: Optional[str], sub_event_type: Optional[str], actor: Optional[str], bbox: Optional[str],
    q: Optional[str], sort: str = "event_date", order: str = "asc", limit: Optional[int] = 100, offset: int = 0,
) -> EventQuery:
    start, end = parse_day(date_from, "date_from"), parse_day(date_to, "date_to")
    if start and end and start > end:
        raise ApiError(422, f"date_from ({start}) is after date_to ({end}). Swap them.")
    if sort not in queries.SORTABLE:
        raise ApiError(422, f"Cannot sort by '{sort}'. Use one of: {', '.join(queries.SORTABLE)}.")
    if order not in ("asc", "desc"):
        raise ApiError(422, f"order must be 'asc' or 'desc', not '{order}'.")
    return EventQuery(
        date_from=start, date_to=end, country=country or None, admin1=admin1 or None,
        event_type=event_type or None, sub_event_type=sub_event_type or None, actor=actor or None,
        bbox=parse_bbox(bbox), text=q or None, sort=sort, descending=order == "desc", limit=limit, offset=offset,
    )


async def read_limited_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is larger than ``limit`` (never read whole first)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"The request body is {int(declared)} bytes; the limit is {limit}. Send one article at a time.")
    received = bytearray()
    async for chunk in request.stream():
        received.extend(chunk)
        if len(received) > limit:
            raise ApiError(413, f"The request body is over the limit of {limit} bytes. Send one article at a time.")
    return bytes(received)


def parse_article_json(body: bytes, max_chars: int) -> Article:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "The body is not JSON. Send {\"text\": \"...\", \"published\": \"YYYY-MM-DD\"}.") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        raise ApiError(422, "The body needs a 'text' string: {\"text\": \"...\", \"published\": \"YYYY-MM-DD\"}.")
    text = payload["text"]
    if not text.strip():
        raise ApiError(422, "The text is empty: there is nothing to code.")
    if len(text) > max_chars:
        raise ApiError(413, f"The text has {len(text)} characters; the limit is {max_chars}.")
    metadata = {key: payload.get(key) for key in ("title", "source", "url")}
    for key, value in metadata.items():
        if value is not None and not isinstance(value, str):
            raise ApiError(422, f"'{key}' must be a string.")
    published = payload.get("published")
    if published is not None and not isinstance(published, str):
        raise ApiError(422, "'published' must be a string YYYY-MM-DD.")
    return Article(text=text, published=parse_day(published, "published"), **metadata)


# -- response helpers ----------------------------------------------------------------------------

def jsonable(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def fast_json(payload: Any) -> Response:
    """Serialise with the json module directly: FastAPI's generic encoder costs ~10x on large stats."""
    body = json.dumps(payload, ensure_ascii=False, default=_json_default, separators=(",", ":"))
    return Response(body.encode("utf-8"), media_type="application/json")


def csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    """ACLED's columns in ACLED's order, then the id and the article's link."""
    columns = ["id", *ACLED_COLUMNS, "geonameid", "confidence", "article_id", "article_title", "article_url"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(row.get(key)) for key in columns})
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    """Cells that a spreadsheet would run as a formula get a leading quote (CSV injection)."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def geojson_chunks(rows: Iterator[dict]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for row in rows:
        if row["latitude"] is None or row["longitude"] is None:
            continue
        properties = {k: jsonable(v) for k, v in row.items() if k not in ("latitude", "longitude")}
        feature = {"type": "Feature", "id": row["id"],
                   "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                   "properties": properties}
        yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}"


# -- the app -------------------------------------------------------------------------------------

class StoreAccess:
    """The app's store connection; each request gets its own cursor. Writes are serialised."""

    def __init__(self, db_path: Union[str, Path], writable: bool) -> None:
        self.store = EventStore(db_path, read_only=not writable)
        self.write_lock = threading.Lock()

    def cursor(self):
        return self.store.conn.cursor()

    def close(self) -> None:
        self.store.close()


def create_app(db_path: Union[str, Path], allow_ingest: bool = False, token: Optional[str] = None,
               max_extract_bytes: int = MAX_EXTRACT_BYTES) -> FastAPI:
    """The FastAPI app over the store at ``db_path``. ``allow_ingest`` needs a ``token`` (bearer auth)."""
    if allow_ingest and not token:
        raise InputError("--allow-ingest needs a token (--token or EVENTWIRE_TOKEN): without one anyone who can "
                         "reach the server could write to the store.")
    access = StoreAccess(db_path, writable=allow_ingest)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        access.close()

    app = FastAPI(title="eventwire", version=_version(), lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Coded conflict events with the evidence behind every field.")
    app.state.access = access

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            if key == "Content-Security-Policy" and request.url.path == "/docs":
                value = DOCS_POLICY  # Swagger UI's page starts itself with an inline script
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(DataError)
    async def data_error(request: Request, exc: DataError):
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, exc: EventwireError):
        return JSONResponse({"detail": str(exc)}, status_code=422)

    _add_event_routes(app, access)
    _add_article_routes(app, access)
    _add_extract_routes(app, access, allow_ingest, token, max_extract_bytes)
    _add_static_routes(app)
    return app


def _version() -> str:
    from .. import __version__
    return __version__


FILTER_DOC = {
    "date_from": "First day, YYYY-MM-DD", "date_to": "Last day, YYYY-MM-DD", "country": "Country (exact, any case)",
    "admin1": "First-level region (exact, any case)", "event_type": "ACLED event type (or sub-type)",
    "sub_event_type": "ACLED sub-event type", "actor": "Substring of any actor", "bbox": "west,south,east,north",
    "q": "Text search in notes, location, actors and article title",
}


def _add_event_routes(app: FastAPI, access: StoreAccess) -> None:
    @app.get("/api/events", summary="Events matching the filters, sorted and paginated")
    def list_events(
        date_from: Optional[str] = Query(None, description=FILTER_DOC["date_from"]),
        date_to: Optional[str] = Query(None, description=FILTER_DOC["date_to"]),
        country: Optional[str] = Query(None, description=FILTER_DOC["country"]),
        admin1: Optional[str] = Query(None, description=FILTER_DOC["admin1"]),
        event_type: Optional[str] = Query(None, description=FILTER_DOC["event_type"]),
        sub_event_type: Optional[str] = Query(None, description=FILTER_DOC["sub_event_type"]),
        actor: Optional[str] = Query(None, description=FILTER_DOC["actor"]),
        bbox: Optional[str] = Query(None, description=FILTER_DOC["bbox"]),
        q: Optional[str] = Query(None, max_length=200, description=FILTER_DOC["q"]),
        sort: str = Query("event_date", description=f"One of {', '.join(queries.SORTABLE)}"),
        order: str = Query("asc", pattern="^(asc|desc)$"),
        limit: Optional[int] = Query(None, ge=1, le=1_000_000, description="Page size (json: default 100, max 1000)"),
        offset: int = Query(0, ge=0),
        format: str = Query("json", pattern="^(json|csv|geojson)$"),
    ):
        if format == "json":
            limit = limit or 100
            if limit > MAX_JSON_PAGE:
                raise ApiError(422, f"limit={limit} is over {MAX_JSON_PAGE} for JSON; page with offset, "
                                    "or use format=csv or format=geojson for the whole selection.")
        query = build_query(date_from, date_to, country, admin1, event_type, sub_event_type, actor, bbox, q,
                            sort, order, limit, offset)
        cur = access.cursor()
        if format == "csv":
            return StreamingResponse(csv_lines(queries.iter_events(cur, query)), media_type="text/csv; charset=utf-8",
                                     headers={"Content-Disposition": 'attachment; filename="events.csv"'})
        if format == "geojson":
            return StreamingResponse(geojson_chunks(queries.iter_events(cur, query)), media_type="application/geo+json")
        page = queries.event_page(cur, query)
        return fast_json({"total": page.total, "offset": offset, "limit": limit, "events": page.rows})

    @app.get("/api/events/{event_id}", summary="One event: every field, its evidence, sources and quotes")
    def get_event(event_id: str):
        key = queries.split_event_id(event_id)
        detail = queries.event_detail(access.cursor(), *key) if key else None
        if detail is None:
            raise ApiError(404, f"No event '{event_id}'. Event ids look like <article_id>-<index>; list them with /api/events.")
        return jsonable(detail)

    @app.get("/api/stats", summary="Counts by period, type, country and actor for the filters")
    def stats(
        date_from: Optional[str] = None, date_to: Optional[str] = None, country: Optional[str] = None,
        admin1: Optional[str] = None, event_type: Optional[str] = None, sub_event_type: Optional[str] = None,
        actor: Optional[str] = None, bbox: Optional[str] = None, q: Optional[str] = Query(None, max_length=200),
        interval: str = Query("day", pattern="^(day|week|month)$"), top: int = Query(20, ge=1, le=500),
    ):
        query = build_query(date_from, date_to, country, admin1, event_type, sub_event_type, actor, bbox, q)
        return fast_json(queries.event_stats(access.cursor(), query, interval, top).to_dict())

    @app.get("/api/facets", summary="Distinct countries, event types and the date range, for filter menus")
    def facets():
        return queries.facet_values(access.cursor())


def _add_article_routes(app: FastAPI, access: StoreAccess) -> None:
    @app.get("/api/articles/{article_id}", summary="An article's text with entity, place, date, quote and evidence spans")
    def get_article(article_id: str):
        cur = access.cursor()
        meta = queries.article_meta(cur, article_id)
        if meta is None:
            raise ApiError(404, f"No article '{article_id}'. Article ids come with each event from /api/events.")
        entities = queries.article_entities(cur, article_id)
        quotes = queries.article_quotes(cur, article_id)
        evidence = queries.article_evidence(cur, article_id)
        events = queries.article_events(cur, article_id)
        view = stored_article_view(queries.stored_text(cur, article_id), entities, quotes, evidence,
                                   {e["event_index"]: e["id"] for e in events})
        return jsonable({**meta, **view, "events": events, "entities": entities, "quotes": quotes,
                         "sources": queries.article_sources(cur, article_id)})


def _add_extract_routes(app: FastAPI, access: StoreAccess, allow_ingest: bool, token: Optional[str],
                        max_bytes: int) -> None:
    body_doc = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["text"],
        "properties": {"text": {"type": "string"}, "published": {"type": "string", "format": "date"},
                       "title": {"type": "string"}, "source": {"type": "string"}, "url": {"type": "string"}}}}}}}

    @app.post("/api/extract", summary=f"Code a pasted article without storing it (body up to {max_bytes} bytes)",
              openapi_extra=body_doc)
    async def extract(request: Request):
        article = parse_article_json(await read_limited_body(request, max_bytes), max_bytes)
        document = await run_in_threadpool(_code, article)
        ids = {i: f"new-{i}" for i in range(len(document.events))}
        return jsonable({**document.to_dict(), **document_view(document, ids)})

    @app.post("/api/ingest", summary="Code an article and write it to the store (needs --allow-ingest and the token)",
              openapi_extra=body_doc)
    async def ingest(request: Request):
        if not allow_ingest:
            raise ApiError(403, "This server is read-only. Start it with --allow-ingest and --token to accept articles.")
        supplied = request.headers.get("authorization", "")
        expected = f"Bearer {token}"
        if not hmac.compare_digest(supplied.encode(), expected.encode()):
            raise ApiError(401, "Missing or wrong token: send 'Authorization: Bearer <token>'.")
        article = parse_article_json(await read_limited_body(request, max_bytes), max_bytes)
        return await run_in_threadpool(_code_and_store, access, article)


def _code(article: Article):
    from .. import get_pipeline

    if not article.text.strip():
        raise InputError("The text is empty: there is nothing to code.")
    return get_pipeline()(article)


def _code_and_store(access: StoreAccess, article: Article) -> dict:
    from ..sources.dedup import article_id as text_article_id, signature, signature_bytes

    article_id = text_article_id(article.text)
    item_key = f"api:{article_id}"
    with access.write_lock:
        if access.store.has_article(article_id):
            return {"article_id": article_id, "stored": False, "events": None,
                    "detail": "This text is already in the store."}
        document = _code(article)
        coded = CodedArticle(article_id, item_key, document, signature_bytes(signature(article.text)))
        link = SourceLink(item_key, article_id, "coded", None, article)
        access.store.write_batch(coded=[coded], links=[link])
    return {"article_id": article_id, "stored": True, "events": len(document.events)}


def _add_static_routes(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index():
        return FileResponse(STATIC_DIR / "index.html")

    @app.get("/docs", include_in_schema=False)
    def docs():
        # FastAPI's default page loads Swagger UI from a CDN; these are the vendored copies.
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title="eventwire API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return RedirectResponse("/static/favicon.svg")

    @app.get("/api/basemap/{name}", summary="Offline basemap outlines (GeoJSON)")
    def basemap(name: str):
        """``countries``: country polygons; ``admin1``: state/province boundary lines (Natural Earth, public domain)."""
        files = {"countries": "countries.geojson", "admin1": "admin1.geojson"}
        if name not in files:
            raise ApiError(404, f"No basemap layer '{name}'. Available: {', '.join(files)}.")
        path = BASEMAP_DIR / files[name]
        return Response(path.read_bytes(), media_type="application/geo+json",
                        headers={"Cache-Control": "public, max-age=86400"})


def serve(db_path: Union[str, Path], host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False,
          token: Optional[str] = None) -> None:
    """Run the web app with uvicorn until interrupted (``eventwire serve``)."""
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        import logging

        logging.getLogger("eventwire").warning(
            "Serving on %s: anyone who can reach this address can read the store.", host)
    uvicorn.run(create_app(db_path, allow_ingest=allow_ingest, token=token), host=host, port=port, log_level="info")
