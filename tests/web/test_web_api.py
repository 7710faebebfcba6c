"""The web API over a fixture store, through FastAPI's TestClient: every endpoint, filter and error."""

from __future__ import annotations

import csv
import io
import json

import pytest

from web_store_fixture import INJECTION_MARKERS, MOSUL_TEXT, build_store

from eventwire.errors import InputError


def dates(response) -> list[str]:
    return [event["event_date"] for event in response.json()["events"]]


def mosul_event_id(store, index: int = 0) -> str:
    return f"{store[1]['mosul']}-{index}"


# -- /api/events: filters ------------------------------------------------------------------------

def test_all_events_sorted_by_date_by_default(client):
    body = client.get("/api/events").json()
    assert body["total"] == 5 and body["limit"] == 100 and body["offset"] == 0
    assert [e["event_date"] for e in body["events"]] == ["2016-10-30", "2016-10-30", "2016-10-31", "2016-11-18", "2016-12-06"]
    assert {"id", "article_id", "event_index", "actor1", "latitude", "article_title"} <= set(body["events"][0])


@pytest.mark.parametrize("params, expected", [
    ({"date_from": "2016-10-31"}, ["2016-10-31", "2016-11-18", "2016-12-06"]),
    ({"date_to": "2016-10-31"}, ["2016-10-30", "2016-10-30", "2016-10-31"]),
    ({"date_from": "2016-11-01", "date_to": "2016-11-30"}, ["2016-11-18"]),
    ({"country": "ghana"}, ["2016-12-06"]),
    ({"admin1": "NINEWA"}, ["2016-10-30", "2016-10-30", "2016-10-31"]),
    ({"event_type": "Protests"}, ["2016-11-18", "2016-12-06"]),
    ({"sub_event_type": "Shelling/artillery/missile attack"}, ["2016-10-31"]),
    ({"actor": "islamic"}, ["2016-10-30", "2016-10-30", "2016-10-31"]),
    ({"bbox": "40,30,48,38"}, ["2016-10-30", "2016-10-30", "2016-10-31"]),
    ({"bbox": "-5,0,5,10"}, ["2016-12-06"]),
    ({"bbox": "170,-90,38,90"}, ["2016-11-18", "2016-12-06"]),  # crosses the antimeridian: lon >= 170 or <= 38
    ({"q": "bartella"}, ["2016-10-31"]),
    ({"q": "Teachers march"}, ["2016-12-06"]),  # the article title
    ({"q": "100%"}, []),  # % is a literal, not a wildcard
    ({"country": "Iraq", "event_type": "Battles", "date_from": "2016-10-30", "date_to": "2016-10-30"},
     ["2016-10-30", "2016-10-30"]),
    ({"country": "Atlantis"}, []),
])
def test_filters(client, params, expected):
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    assert dates(response) == expected
    assert response.json()["total"] == len(expected)


def test_sorting_and_pagination(client):
    by_deaths = client.get("/api/events", params={"sort": "fatalities", "order": "desc"}).json()["events"]
    assert [e["fatalities"] for e in by_deaths] == [12, 9, 0, 0, 0]
    first = client.get("/api/events", params={"sort": "location", "limit": 2}).json()
    second = client.get("/api/events", params={"sort": "location", "limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == 5
    assert [e["location"] for e in first["events"]] == ["Accra", "Aleppo " + INJECTION_MARKERS[1]]
    assert [e["location"] for e in second["events"]] == ["Bartella", "Mosul"]


def test_csv_has_acled_columns_the_selection_and_defused_formulas(client):
    response = client.get("/api/events", params={"format": "csv", "country": "Iraq"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 3 and {r["country"] for r in rows} == {"Iraq"}
    header = response.text.splitlines()[0].split(",")
    assert header[:4] == ["id", "event_date", "time_precision", "disorder_type"]


def test_csv_cells_that_look_like_formulas_are_quoted():
    from eventwire.web.app import _csv_cell

    assert _csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _csv_cell("Mosul") == "Mosul" and _csv_cell(3) == 3


def test_geojson_points(client):
    response = client.get("/api/events", params={"format": "geojson", "event_type": "Protests"})
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert sorted(f["geometry"]["coordinates"][0] for f in collection["features"]) == [-0.2, 37.16]
    assert all(f["properties"]["event_type"] == "Protests" for f in collection["features"])


# -- /api/events: errors -------------------------------------------------------------------------

@pytest.mark.parametrize("params, message", [
    ({"date_from": "30/10/2016"}, "Use YYYY-MM-DD"),
    ({"date_to": "yesterday"}, "Use YYYY-MM-DD"),
    ({"date_from": "2016-12-01", "date_to": "2016-11-01"}, "is after"),
    ({"bbox": "1,2,3"}, "west,south,east,north"),
    ({"bbox": "0,50,10,40"}, "out of range"),
    ({"bbox": "0,0,200,10"}, "out of range"),
    ({"sort": "secret_column"}, "Cannot sort by"),
    ({"limit": "5000"}, "page with offset"),
])
def test_bad_parameters_say_what_to_do(client, params, message):
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert message in json.dumps(response.json())


@pytest.mark.parametrize("params", [{"format": "xml"}, {"order": "sideways"}, {"limit": "0"}, {"offset": "-1"}])
def test_out_of_range_query_values_are_rejected(client, params):
    assert client.get("/api/events", params=params).status_code == 422


# -- /api/events/{id} ----------------------------------------------------------------------------

def test_event_detail_has_every_field_with_evidence_sources_quotes_and_related(client, store):
    event = client.get(f"/api/events/{mosul_event_id(store)}").json()
    assert event["event_type"] == "Battles" and event["fatalities"] == 12
    evidence = event["evidence"]["fatalities"]
    assert evidence["sentence"].startswith("Iraqi forces clashed")
    assert MOSUL_TEXT[evidence["start"]:evidence["end"]] == evidence["sentence"]
    assert {s["match"] for s in event["sources"]} == {"coded", "exact"}
    assert event["quotes"][0]["speaker"] == "Najm al-Jabouri"
    assert [r["article_id"] for r in event["related"]] == [store[1]["copy"]]
    assert event["article"]["warnings"] == ["fatalities: militants counted as fatalities"]


@pytest.mark.parametrize("event_id", ["nope", "abc-", "deadbeef-0", "-1", "x-y"])
def test_unknown_event_is_404(client, event_id):
    response = client.get(f"/api/events/{event_id}")
    assert response.status_code == 404
    assert "/api/events" in response.json()["detail"]


# -- /api/articles/{id} --------------------------------------------------------------------------

def test_article_spans_point_into_its_text(client, store):
    article = client.get(f"/api/articles/{store[1]['mosul']}").json()
    assert article["title"] == "Battle for Mosul" and article["complete"] in (True, False)
    text = {}
    for segment in article["segments"]:
        assert MOSUL_TEXT[segment["start"]:segment["end"]] == segment["text"]
        for offset, char in enumerate(segment["text"], segment["start"]):
            text[offset] = char
    kinds = {span["kind"] for span in article["spans"]}
    assert kinds == {"entity", "place", "quote", "evidence", "date"}
    for span in article["spans"]:  # every span lies inside the known text
        assert all(i in text for i in range(span["start"], span["end"]))
    assert [e["id"] for e in article["events"]] == [mosul_event_id(store, 0), mosul_event_id(store, 1)]
    assert len(article["sources"]) == 2


def test_a_store_that_keeps_the_full_text_shows_it_whole(tmp_path):
    """The store keeps each article's text (schema v3): the article view gives it whole, spans unchanged."""
    from fastapi.testclient import TestClient

    from eventwire.web import create_app

    path = tmp_path / "with_text.duckdb"
    ids = build_store(path)
    with TestClient(create_app(path)) as with_text:
        article = with_text.get(f"/api/articles/{ids['mosul']}").json()
    assert article["complete"] is True
    assert article["segments"] == [{"start": 0, "end": len(MOSUL_TEXT), "text": MOSUL_TEXT}]


def test_unknown_article_is_404(client):
    assert client.get("/api/articles/0000").status_code == 404


def test_stored_full_text_is_used_when_the_store_has_it():
    from eventwire.web.spans import stitch_segments, stored_article_view

    view = stored_article_view("Full text here.", [], [], [], {})
    assert view["complete"] and view["segments"] == [{"start": 0, "end": 15, "text": "Full text here."}]
    merged = stitch_segments([(0, "Hello world."), (6, "world. Bye"), (30, "Later.")])
    assert [(s.start, s.text) for s in merged] == [(0, "Hello world. Bye"), (30, "Later.")]


# -- /api/stats and /api/facets ------------------------------------------------------------------

def test_stats_for_all_events(client):
    stats = client.get("/api/stats").json()
    assert stats["events"] == 5 and stats["fatalities"] == 21 and stats["interval"] == "day"
    assert {"period": "2016-10-30", "event_type": "Battles", "events": 2, "fatalities": 21} in stats["by_period"]
    assert stats["by_type"][0] == {"key": "Battles", "events": 2, "fatalities": 21}
    assert stats["by_country"][0]["key"] == "Iraq"
    assert stats["by_actor"][0] == {"key": "Islamic State", "events": 3, "fatalities": 21}


@pytest.mark.parametrize("interval, periods", [
    ("week", {"2016-10-24", "2016-10-31", "2016-11-14", "2016-12-05"}),
    ("month", {"2016-10-01", "2016-11-01", "2016-12-01"}),
])
def test_stats_intervals(client, interval, periods):
    stats = client.get("/api/stats", params={"interval": interval}).json()
    assert {row["period"] for row in stats["by_period"]} == periods


def test_stats_follow_the_filters(client):
    stats = client.get("/api/stats", params={"country": "Iraq", "q": "shelled"}).json()
    assert stats["events"] == 1 and stats["by_type"][0]["key"] == "Explosions/Remote violence"


def test_stats_errors(client):
    assert client.get("/api/stats", params={"interval": "hour"}).status_code == 422
    assert client.get("/api/stats", params={"date_from": "2016-13-01"}).status_code == 422


def test_facets(client):
    facets = client.get("/api/facets").json()
    assert facets["countries"] == ["Ghana", "Iraq", "Syria"]
    assert "Protests" in facets["event_types"] and facets["date_range"] == ["2016-10-30", "2016-12-06"]


# -- /api/extract --------------------------------------------------------------------------------

def test_extract_codes_a_pasted_article_without_storing_it(client):
    text = "Iraqi forces clashed with Islamic State fighters in Mosul on Sunday, killing 12 militants, the army said."
    response = client.post("/api/extract", json={"text": text, "published": "2024-03-11"})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["events"][0]["event_type"] == "Battles"
    assert result["complete"] and result["segments"][0]["text"] == text
    assert any(span["kind"] == "evidence" and span["ref"] == "new-0" for span in result["spans"])
    assert client.get("/api/events").json()["total"] == 5  # nothing was stored


@pytest.mark.parametrize("body, status, message", [
    (b"not json", 400, "not JSON"),
    (b"[1, 2]", 422, "'text' string"),
    (b'{"title": "no text"}', 422, "'text' string"),
    (b'{"text": "   "}', 422, "empty"),
    (b'{"text": "Riots in Lagos.", "published": "last week"}', 422, "YYYY-MM-DD"),
    (b'{"text": "Riots in Lagos.", "title": 5}', 422, "must be a string"),
])
def test_extract_bad_bodies(client, body, status, message):
    response = client.post("/api/extract", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_extract_refuses_an_oversized_body(client):
    from eventwire.web.app import MAX_EXTRACT_BYTES

    response = client.post("/api/extract", json={"text": "x" * (MAX_EXTRACT_BYTES + 10)})
    assert response.status_code == 413 and "limit" in response.json()["detail"]


def test_extract_refuses_an_oversized_stream_without_content_length(client):
    from eventwire.web.app import MAX_EXTRACT_BYTES

    def chunks():
        yield b'{"text": "'
        for _ in range(MAX_EXTRACT_BYTES // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    response = client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


# -- writing: /api/ingest ------------------------------------------------------------------------

def test_the_default_server_is_read_only(client):
    response = client.post("/api/ingest", json={"text": "Riots in Lagos."}, headers={"Authorization": "Bearer x"})
    assert response.status_code == 403 and "--allow-ingest" in response.json()["detail"]


def test_allow_ingest_needs_a_token(tmp_path):
    from eventwire.web import create_app

    with pytest.raises(InputError, match="token"):
        create_app(tmp_path / "s.duckdb", allow_ingest=True)


def test_ingest_with_the_token_writes_to_the_store(tmp_path):
    from fastapi.testclient import TestClient

    from eventwire.web import create_app

    path = tmp_path / "writable.duckdb"
    build_store(path)
    text = "Police fired tear gas at protesters in Nairobi on Tuesday, injuring 4 people, witnesses said."
    with TestClient(create_app(path, allow_ingest=True, token="s3cret")) as writable:
        assert writable.post("/api/ingest", json={"text": text}).status_code == 401
        wrong = writable.post("/api/ingest", json={"text": text}, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = writable.post("/api/ingest", json={"text": text, "published": "2024-05-07"},
                           headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and ok.json()["stored"] is True
        again = writable.post("/api/ingest", json={"text": text}, headers={"Authorization": "Bearer s3cret"})
        assert again.json()["stored"] is False
        article = writable.get(f"/api/articles/{ok.json()['article_id']}")
        assert article.status_code == 200
        assert writable.get("/api/events").json()["total"] == 5 + ok.json()["events"]


# -- pages, assets, headers ----------------------------------------------------------------------

def test_index_and_vendored_assets_are_served_with_a_strict_policy(client):
    index = client.get("/")
    assert index.status_code == 200 and "<div id=\"map\"" in index.text
    policy = index.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe" not in policy
    assert "http" not in index.text.replace("http-equiv", "")  # no CDN, no remote asset
    for asset in ("/static/app.js", "/static/app.css", "/static/vendor/leaflet/leaflet.js",
                  "/static/vendor/leaflet.markercluster/leaflet.markercluster.js"):
        assert client.get(asset).status_code == 200, asset


def test_app_script_never_injects_html():
    from eventwire.web.app import STATIC_DIR

    script = (STATIC_DIR / "app.js").read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, sink


def test_basemap(client):
    countries = client.get("/api/basemap/countries")
    assert countries.status_code == 200
    names = {f["properties"]["name"] for f in countries.json()["features"]}
    assert {"Iraq", "Ghana", "Syria"} <= names
    assert client.get("/api/basemap/admin9").status_code == 404


def test_basemap_admin1_draws_province_lines_inside_countries(client):
    response = client.get("/api/basemap/admin1")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    admin1 = response.json()
    assert admin1["type"] == "FeatureCollection"
    assert {f["geometry"]["type"] for f in admin1["features"]} == {"MultiLineString"}
    iraq_lines = [f for f in admin1["features"] if f["properties"]["country"] == "Iraq"]
    assert len(iraq_lines) >= 10  # 18 governorates share many borders
    # One of the lines passes near Mosul (43.13E, 36.34N), inside Ninawa: an Iraqi line, not a border drawn abroad.
    near_mosul = [
        (lon, lat) for f in iraq_lines for line in f["geometry"]["coordinates"] for lon, lat in line
        if abs(lon - 43.1) < 1.5 and abs(lat - 36.3) < 1.5
    ]
    assert near_mosul
    countries = {f["properties"]["country"] for f in admin1["features"]}
    assert {"United States of America", "India", "Nigeria", "Syria"} <= countries


def test_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/articles/{article_id}", "/api/stats",
            "/api/extract", "/api/ingest"} <= set(paths)
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower() and "https://" not in docs.text
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_serve_binds_to_localhost_by_default(monkeypatch, store):
    import uvicorn

    from eventwire.web import serve

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    serve(store[0])
    assert calls == [{"host": "127.0.0.1", "port": 8000, "log_level": "info"}]


def test_period_counts_keep_undated_and_untyped_events():
    import duckdb

    from eventwire.web.queries import _period_rows

    conn = duckdb.connect()
    conn.execute("CREATE TABLE events (event_date DATE, event_type VARCHAR, fatalities INTEGER)")
    conn.execute("INSERT INTO events VALUES ('2020-01-01', 'Riots', 3), (NULL, 'Riots', 1), ('2020-01-02', NULL, NULL)")
    rows = _period_rows(conn, "e.event_date", "events e", {})
    assert rows == [
        {"period": "2020-01-01", "event_type": "Riots", "events": 1, "fatalities": 3},
        {"period": "2020-01-02", "event_type": None, "events": 1, "fatalities": 0},
        {"period": None, "event_type": "Riots", "events": 1, "fatalities": 1},
    ]
    assert all(isinstance(row["fatalities"], int) for row in rows)


@pytest.mark.parametrize("sort", ["event_date", "fatalities", "location"])
def test_a_page_fetched_by_keys_equals_the_streamed_rows(store, sort):
    import duckdb

    from eventwire.web.queries import EventQuery, _stream_all, iter_events

    with duckdb.connect(str(store[0]), read_only=True) as conn:
        for offset in range(0, 5):
            query = EventQuery(sort=sort, descending=True, limit=2, offset=offset, text="a")
            assert list(iter_events(conn, query)) == list(_stream_all(conn, query))
