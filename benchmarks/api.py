"""Web API benchmark: /api/events with filters and /api/stats on a store of 100,000 generated events.

Generates documents (random countries, dates, types, actors, fatalities, evidence sentences; no real
text), writes them with the store's own writer, serves the app with uvicorn in a child process, and
times HTTP requests with httpx against it. In the same run it times the plain DuckDB query that
selects the same rows (the page plus its count; the stats aggregates), so the report shows what the
API adds on top of the database. Each request varies its filter values (country, 30-day window).

    .venv/bin/python benchmarks/api.py --events 100000 --repeat 60
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import socket
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.model import Article, Document, Entity, Event, Evidence, Mention  # noqa: E402
from eventwire.store import CodedArticle, EventStore, SourceLink  # noqa: E402
from eventwire.web.queries import EventQuery, filter_sql, LIST_SELECT  # noqa: E402

COUNTRIES = {  # name: (admin1 list, lat, lon)
    "Iraq": (["Ninewa", "Baghdad", "Anbar", "Kirkuk"], 33.3, 44.4),
    "Syria": (["Aleppo", "Idlib", "Homs", "Damascus"], 35.0, 38.0),
    "Nigeria": (["Borno", "Lagos", "Kaduna", "Zamfara"], 9.0, 8.0),
    "Mexico": (["Guerrero", "Jalisco", "Sinaloa"], 22.0, -102.0),
    "Ukraine": (["Donetsk", "Kharkiv", "Kyiv City"], 48.5, 35.0),
    "Sudan": (["Khartoum", "North Darfur"], 14.0, 31.0),
    "India": (["Manipur", "Jammu and Kashmir", "Chhattisgarh"], 23.0, 80.0),
    "Colombia": (["Cauca", "Antioquia"], 4.0, -74.0),
    "Somalia": (["Banadir", "Lower Shabelle"], 4.0, 45.0),
    "Myanmar": (["Sagaing", "Shan", "Rakhine"], 21.0, 96.0),
}
TYPES = [
    ("Battles", "Armed clash"), ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Violence against civilians", "Attack"),
    ("Protests", "Peaceful protest"), ("Riots", "Violent demonstration"),
    ("Strategic developments", "Arrests"),
]
ACTORS = ["Military Forces", "Police Forces", "Islamic State", "Unidentified Armed Group", "Protesters", "Rioters",
          "Rebel Group", "Civilians", "Militia", "Al Shabaab"]
START = date(2018, 1, 1)
DAYS = 6 * 365


def generated_documents(events: int, per_article: int, seed: int) -> list[CodedArticle]:
    rng = random.Random(seed)
    articles = []
    for a in range(events // per_article):
        country = rng.choice(list(COUNTRIES))
        admins, lat, lon = COUNTRIES[country]
        day = START + timedelta(days=rng.randrange(DAYS))
        sentences, doc_events = [], []
        for i in range(per_article):
            event_type, sub_type = rng.choice(TYPES)
            actor1, actor2 = rng.sample(ACTORS, 2)
            place = f"Town{rng.randrange(500)}"
            sentence = f"{actor1} and {actor2} were involved in {sub_type.lower()} near {place} in {country}."
            offset = sum(len(s) + 1 for s in sentences)
            sentences.append(sentence)
            ev = Evidence(sentence, offset, offset + len(sentence))
            doc_events.append(Event(
                event_type=event_type, sub_event_type=sub_type, event_date=(day - timedelta(days=rng.randrange(3))).isoformat(),
                actor1=f"{actor1} ({country})", actor2=f"{actor2} ({country})", country=country,
                admin1=rng.choice(admins), location=place, latitude=lat + rng.uniform(-3, 3),
                longitude=lon + rng.uniform(-3, 3), fatalities=rng.choice([0, 0, 0, 1, 2, 5, 12]),
                confidence=rng.random(), notes=sentence,
                evidence={f: ev for f in ("event_type", "actor1", "actor2", "location", "event_date", "fatalities")},
            ))
        text = " ".join(sentences)
        entity = Entity("E1", country, "GPE", mentions=[Mention(text.index(country), text.index(country) + len(country), country)])
        article = Article(text=text, title=f"Report {a}", published=day, source=f"Outlet {a % 37}")
        articles.append(CodedArticle(f"{a:064x}", f"bench:{a}", Document(article, doc_events, [entity]), None))
    return articles


def build_store(path: Path, events: int, seed: int) -> float:
    started = time.perf_counter()
    coded = generated_documents(events, per_article=4, seed=seed)
    with EventStore(path) as store:
        for i in range(0, len(coded), 2_500):
            batch = coded[i:i + 2_500]
            links = [SourceLink(c.item_key, c.article_id, "coded", None, c.document.article) for c in batch]
            store.write_batch(coded=batch, links=links)
    return time.perf_counter() - started


def _serve(db: str, port: int) -> None:
    import logging

    logging.disable(logging.INFO)
    from eventwire.web.app import create_app
    import uvicorn

    uvicorn.run(create_app(db), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def window(rng: random.Random) -> tuple[str, str]:
    start = START + timedelta(days=rng.randrange(DAYS - 30))
    return start.isoformat(), (start + timedelta(days=30)).isoformat()


def scenarios(rng: random.Random) -> dict[str, dict]:
    """Request parameters, fresh values each call."""
    date_from, date_to = window(rng)
    country = rng.choice(list(COUNTRIES))
    return {
        "events: country + 30 days + type, by fatalities": {
            "country": country, "date_from": date_from, "date_to": date_to, "event_type": "Battles",
            "sort": "fatalities", "order": "desc", "limit": 100},
        "events: actor + text + bbox": {
            "actor": rng.choice(ACTORS), "q": f"Town{rng.randrange(500)}", "bbox": "30,20,50,40", "limit": 100},
        "events: no filter, page 50": {"sort": "event_date", "order": "desc", "limit": 100, "offset": 5000},
        "stats: all events by day": {"interval": "day"},
        "stats: country by week": {"country": country, "interval": "week"},
    }


def plain_duckdb(conn, name: str, params: dict) -> None:
    """The same rows straight from DuckDB: the page and its count, or the stats aggregates."""
    query = EventQuery(
        date_from=date.fromisoformat(params["date_from"]) if "date_from" in params else None,
        date_to=date.fromisoformat(params["date_to"]) if "date_to" in params else None,
        country=params.get("country"), event_type=params.get("event_type"), actor=params.get("actor"),
        text=params.get("q"),
    )
    where, sql_params = filter_sql(query)
    if name.startswith("events"):
        if "bbox" in params:
            where += (" AND " if where else " WHERE ") + "e.latitude BETWEEN 20 AND 40 AND e.longitude BETWEEN 30 AND 50"
        order = f" ORDER BY e.{params.get('sort', 'event_date')} {params.get('order', 'asc')}, e.article_id, e.event_index"
        conn.execute(LIST_SELECT + where + order + f" LIMIT 100 OFFSET {params.get('offset', 0)}", sql_params).fetchall()
        conn.execute("SELECT count(*) FROM events e JOIN articles a USING (article_id)" + where, sql_params).fetchall()
    else:
        unit = params["interval"]
        source = "events e" + where
        conn.execute(f"SELECT count(*), sum(fatalities) FROM {source}", sql_params).fetchall()
        conn.execute(f"SELECT CAST(date_trunc('{unit}', e.event_date) AS DATE) p, e.event_type, count(*), "
                     f"sum(fatalities) FROM {source} GROUP BY ALL", sql_params).fetchall()
        for column in ("event_type", "country"):
            conn.execute(f"SELECT e.{column}, count(*) n, sum(fatalities) FROM {source} GROUP BY 1 ORDER BY n DESC LIMIT 20",
                         sql_params).fetchall()
        conn.execute(f"SELECT a, count(*) n FROM (SELECT unnest([e.actor1, e.actor2]) a FROM {source}) "
                     "GROUP BY 1 ORDER BY n DESC LIMIT 20", sql_params).fetchall()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build_s = build_store(db, args.events, args.seed)
        with duckdb.connect(str(db), read_only=True) as conn:
            n_events = conn.execute("SELECT count(*) FROM events").fetchall()[0][0]
            n_evidence = conn.execute("SELECT count(*) FROM evidence").fetchall()[0][0]
        print(f"store: {n_events} events, {n_evidence} evidence rows, built in {build_s:.1f} s, "
              f"{db.stat().st_size / 1e6:.1f} MB")

        port = free_port()
        server = multiprocessing.get_context("spawn").Process(target=_serve, args=(str(db), port), daemon=True)
        server.start()
        base = f"http://127.0.0.1:{port}"
        try:
            with httpx.Client(base_url=base, timeout=30) as client:
                for _ in range(200):
                    try:
                        if client.get("/api/facets").status_code == 200:
                            break
                    except httpx.TransportError:
                        time.sleep(0.1)
                api_times: dict[str, list[float]] = {}
                db_times: dict[str, list[float]] = {}
                rng = random.Random(args.seed)
                # The plain-DuckDB side opens its own read-only connection in this process: the file is shared.
                conn = duckdb.connect(str(db), read_only=True)
                for round_ in range(args.repeat + 3):
                    for name, params in scenarios(rng).items():
                        started = time.perf_counter()
                        response = client.get("/api/stats" if name.startswith("stats") else "/api/events", params=params)
                        elapsed = time.perf_counter() - started
                        assert response.status_code == 200, response.text
                        started = time.perf_counter()
                        plain_duckdb(conn, name, params)
                        db_elapsed = time.perf_counter() - started
                        if round_ >= 3:  # the first rounds warm caches
                            api_times.setdefault(name, []).append(elapsed * 1000)
                            db_times.setdefault(name, []).append(db_elapsed * 1000)
                conn.close()
        finally:
            server.terminate()
            server.join(10)

    print(f"\n{args.repeat} requests per scenario, {n_events} events (ms)\n")
    print("| scenario | API p50 | API p95 | plain DuckDB p50 | plain DuckDB p95 |")
    print("|---|---:|---:|---:|---:|")
    worst = 0.0
    for name in api_times:
        api, plain = api_times[name], db_times[name]
        worst = max(worst, percentile(api, 0.95))
        print(f"| {name} | {statistics.median(api):.1f} | {percentile(api, 0.95):.1f} | "
              f"{statistics.median(plain):.1f} | {percentile(plain, 0.95):.1f} |")
    print(f"\nworst API p95: {worst:.1f} ms (target < 100 ms): {'PASS' if worst < 100 else 'FAIL'}")


if __name__ == "__main__":
    main()
