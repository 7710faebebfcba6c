"""Fetching and feeds against a local HTTP server the tests start (127.0.0.1 only).

Covers slow responses, 404, 500, a 50 MB body, a redirect loop, non-HTML content, conditional GET,
per-host politeness, RSS, Atom, OPML and a malformed feed, through ``ingest`` into a store.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest

from eventwire.ingest_cli import ingest
from eventwire.sources import Fetcher, FetchError, SourceOptions
from eventwire_fakes import FakeCoder

ARTICLE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>Government forces clashed with {group} fighters near Mosul on 2016-10-24, officials said on Tuesday.</p>"
    "<p>Residents of the district said the fighting lasted several hours and many families fled {n} villages.</p>"
    "</article></body></html>"
)
ETAG = '"v1"'
LAST_MODIFIED = "Mon, 24 Oct 2016 10:00:00 GMT"
BIG_BYTES = 50 * 1024 * 1024


def rss(base: str, links: list[str]) -> str:
    items = "".join(
        f"<item><title>Story {i}</title><link>{base}{link}</link><pubDate>Mon, 24 Oct 2016 10:00:00 GMT</pubDate></item>"
        for i, link in enumerate(links)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{items}</channel></rss>'


def atom(base: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>'
        f'<entry><title>Atom story</title><link href="{base}/article/atom"/><id>urn:1</id>'
        "<updated>2016-10-25T08:00:00Z</updated></entry></feed>"
    )


class Handler(BaseHTTPRequestHandler):
    requests: list[tuple[str, dict]] = []
    starts: list[tuple[str, float]] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):  # noqa: N802 - http.server's name
        Handler.requests.append((self.path, dict(self.headers)))
        Handler.starts.append((self.path, time.monotonic()))
        base = f"http://127.0.0.1:{self.server.server_port}"
        path = self.path
        if path.startswith("/article/"):
            name = path.rsplit("/", 1)[1]
            group = {"atom": "Atom", "copy": "Islamic State"}.get(name, f"Group{name}")
            return self.send_body(ARTICLE.format(title=f"Story {name}", group=group, n=name), "text/html; charset=utf-8")
        if path == "/feed.xml":
            return self.send_body(rss(base, ["/article/1", "/article/2", "/missing", "/error", "/pdf"]), "application/rss+xml")
        if path == "/atom.xml":
            return self.send_body(atom(base), "application/atom+xml")
        if path == "/cached-feed.xml":
            if self.headers.get("If-None-Match") == ETAG or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                self.send_response(304)
                self.end_headers()
                return
            return self.send_body(rss(base, ["/article/c1"]), "application/rss+xml",
                                  {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})
        if path == "/feeds.opml":
            body = (f'<?xml version="1.0"?><opml version="2.0"><body><outline text="news">'
                    f'<outline xmlUrl="{base}/atom.xml"/><outline xmlUrl="{base}/broken-feed.xml"/></outline></body></opml>')
            return self.send_body(body, "text/x-opml")
        if path == "/broken-feed.xml":
            return self.send_body("<rss><channel><item><title>unclosed", "application/rss+xml")
        if path == "/slow":
            time.sleep(3)
            return self.send_body(ARTICLE.format(title="slow", group="X", n=0), "text/html")
        if path == "/missing":
            return self.send_error(404)
        if path == "/error":
            return self.send_error(500)
        if path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the cap must stop the read itself
            chunk = b"<p>" + b"x" * 65530 + b"</p>"
            try:
                for _ in range(BIG_BYTES // len(chunk) + 1):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path in ("/loop-a", "/loop-b"):
            self.send_response(302)
            self.send_header("Location", "/loop-b" if path == "/loop-a" else "/loop-a")
            self.end_headers()
            return
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/article/moved")
            self.end_headers()
            return
        if path == "/pdf":
            return self.send_body("%PDF-1.4 not text", "application/pdf")
        self.send_error(404)

    def send_body(self, body: str, content_type: str, headers: dict | None = None):
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # clients hanging up on /big and /slow is the point
        pass


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def fetcher(**options) -> Fetcher:
    defaults = dict(fetch_timeout=1.0, host_delay=0.0, fetch_max_bytes=2_000_000)
    defaults.update(options)
    return Fetcher(SourceOptions(**defaults))


def test_fetch_follows_a_redirect_and_returns_validators(server):
    result = fetcher().fetch(server + "/moved")
    assert result.url.endswith("/article/moved") and b"Story moved" in result.body


@pytest.mark.parametrize(
    "path, message",
    [
        ("/missing", "HTTP 404"),
        ("/error", "HTTP 500"),
        ("/slow", "did not answer within 1 s"),
        ("/big", "larger than the 2 MB fetch limit"),
        ("/loop-a", "redirects in a loop"),
        ("/pdf", "'application/pdf', not an HTML page"),
    ],
)
def test_fetch_failures_say_what_happened(server, path, message):
    started = time.monotonic()
    with pytest.raises(FetchError, match=message):
        fetcher().fetch(server + path)
    assert time.monotonic() - started < 5  # the big body is not read to the end, the slow one not waited for


def test_unreachable_url_is_a_fetch_error():
    with pytest.raises(FetchError, match="Cannot reach"):
        fetcher().fetch("http://127.0.0.1:9/nothing-listens-here")


def test_conditional_get_sends_the_validators_of_the_last_fetch(server):
    first = fetcher().fetch(server + "/cached-feed.xml")
    assert first.validators.etag == ETAG
    again = fetcher().__class__(SourceOptions(fetch_timeout=1.0, host_delay=0.0), {server + "/cached-feed.xml": first.validators}.get)
    assert again.fetch(server + "/cached-feed.xml").not_modified


def test_requests_to_one_host_are_spaced_by_the_politeness_delay(server):
    polite = fetcher(host_delay=0.3, host_concurrency=1)
    Handler.starts.clear()
    threads = [threading.Thread(target=polite.fetch, args=(f"{server}/article/p{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts = sorted(t for path, t in Handler.starts if path.startswith("/article/p"))
    assert len(starts) == 3
    assert all(b - a >= 0.2 for a, b in zip(starts, starts[1:]))  # 0.3 s delay, minus scheduling jitter


def rows(db, sql):
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_ingest_rss_atom_opml_and_a_url_with_failures_recorded(server, tmp_path):
    db = tmp_path / "s.duckdb"
    opml_file = tmp_path / "list.opml"
    opml_file.write_text(f'<opml version="1.0"><body><outline xmlUrl="{server}/feed.xml"/></body></opml>')
    summary = ingest([str(opml_file), server + "/feeds.opml", server + "/article/single", server + "/missing"],
                     db, workers=0, coder=FakeCoder(), quiet=True, fetch_timeout=2.0, host_delay=0.0)
    coded = {r[0].rsplit("/", 1)[1] for r in rows(db, "SELECT item_key FROM sources WHERE match = 'coded'")}
    assert coded == {"1", "2", "atom", "single"}
    failed = dict(rows(db, "SELECT item_key, reason FROM failed"))
    assert "HTTP 404" in failed[server + "/missing"] and "HTTP 500" in failed[server + "/error"]
    assert "application/pdf" in failed[server + "/pdf"]
    assert "cannot be read as RSS or Atom" in failed["feed:" + server + "/broken-feed.xml"]
    assert summary.coded == 4 and summary.failed == 4 == sum(summary.failures_by_stage.values())
    titles = dict(rows(db, "SELECT item_key, title FROM sources"))
    assert titles[server + "/article/1"] == "Story 1"
    published = rows(db, f"SELECT published FROM articles WHERE url = '{server}/article/atom'")
    assert str(published[0][0]) == "2016-10-25"


def test_rerun_of_a_feed_fetches_only_the_feed_and_it_answers_not_modified(server, tmp_path):
    db = tmp_path / "s.duckdb"
    ingest([server + "/cached-feed.xml"], db, workers=0, coder=FakeCoder(), quiet=True, host_delay=0.0)
    Handler.requests.clear()
    summary = ingest([server + "/cached-feed.xml"], db, workers=0, coder=FakeCoder(), quiet=True, host_delay=0.0)
    assert [path for path, _ in Handler.requests] == ["/cached-feed.xml"]
    assert Handler.requests[0][1].get("If-None-Match") == ETAG
    assert summary.coded == 0 and rows(db, "SELECT count(*) FROM articles") == [(1,)]
