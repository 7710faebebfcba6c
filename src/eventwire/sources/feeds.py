"""RSS/Atom feeds, OPML lists of feeds, and article URLs.

A feed is parsed by feedparser (from bytes: feedparser never fetches anything itself here); each entry's
page is fetched by the polite :class:`~eventwire.sources.http.Fetcher` and its text extracted by
trafilatura (``parse_article_bytes``). Entries the store already holds are skipped before fetching, and
the feed itself is fetched with a conditional GET, so a re-run downloads only what changed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from concurrent.futures import Future, ThreadPoolExecutor
from collections import deque
from datetime import date
from typing import Callable, Iterable, Iterator, Optional, TypeVar

import feedparser

from ..errors import EventwireError, MetadataError
from ..ingest.reader import Metadata, parse_article_bytes, parse_published
from .http import Fetcher, FetchError
from .records import FailedItem, Item, SourceOptions, SourceRecord

T = TypeVar("T")
R = TypeVar("R")
IsDone = Callable[[str], bool]


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def looks_like_opml(data: bytes) -> bool:
    return b"<opml" in data[:2000].lower()


def looks_like_feed(data: bytes) -> bool:
    head = data[:2000].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def url_items(url: str, fetcher: Fetcher, options: SourceOptions, is_done: IsDone) -> Iterator[Item]:
    """A URL given on the command line: a feed, an OPML list, or one article page."""
    if is_done(url):
        return
    try:
        result = fetcher.fetch(url)
    except FetchError as exc:
        yield FailedItem(url, url, "fetch", type(exc).__name__, str(exc))
        return
    if result.not_modified:
        return
    body = result.body or b""
    if looks_like_opml(body):
        yield from opml_items(body, url, fetcher, options, is_done)
    elif looks_like_feed(body):
        yield from feed_items(body, url, fetcher, options, is_done)
    else:
        yield page_item(url, body, result.content_type, options, entry=None, feed_title=None)
    yield result.validators


def feed_url_items(url: str, fetcher: Fetcher, options: SourceOptions, is_done: IsDone) -> Iterator[Item]:
    """A feed named in an OPML list (always a feed, never an article)."""
    try:
        result = fetcher.fetch(url)
    except FetchError as exc:
        yield FailedItem(f"feed:{url}", url, "fetch", type(exc).__name__, str(exc))
        return
    if not result.not_modified:
        yield from feed_items(result.body or b"", url, fetcher, options, is_done)
    yield result.validators


def opml_items(data: bytes, origin: str, fetcher: Fetcher, options: SourceOptions, is_done: IsDone) -> Iterator[Item]:
    """Every feed listed in an OPML document (``<outline xmlUrl=...>``, nested or not)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        yield FailedItem(f"opml:{origin}", origin, "read", "ParseError", f"OPML '{origin}' is not valid XML: {exc}.")
        return
    for outline in root.iter("outline"):
        feed_url = outline.get("xmlUrl") or outline.get("xmlurl")
        if feed_url:
            yield from feed_url_items(feed_url.strip(), fetcher, options, is_done)


def feed_items(data: bytes, origin: str, fetcher: Fetcher, options: SourceOptions, is_done: IsDone) -> Iterator[Item]:
    """The articles of one RSS/Atom feed: each new entry's page, fetched in parallel (politely per host)."""
    parsed = feedparser.parse(data)
    entries = [entry for entry in parsed.entries if entry_key(entry)]
    # feedparser is lenient: a broken document still parses; it is a feed only if it yields linked entries.
    if not entries and (parsed.bozo or not parsed.version):
        problem = getattr(parsed, "bozo_exception", None) or "no RSS or Atom structure"
        yield FailedItem(f"feed:{origin}", origin, "read", "MalformedFeed",
                         f"Feed '{origin}' cannot be read as RSS or Atom ({problem}). Check the feed URL.")
        return
    feed_title = parsed.feed.get("title") if parsed.feed else None
    new_entries = [entry for entry in entries if not is_done(entry_key(entry))]

    def fetch_entry(entry) -> Item:
        link = entry_key(entry)
        try:
            result = fetcher.fetch(link, conditional=False)
        except FetchError as exc:
            return FailedItem(link, origin, "fetch", type(exc).__name__, str(exc))
        return page_item(link, result.body or b"", result.content_type, options, entry, feed_title)

    yield from ordered_parallel_map(fetch_entry, new_entries, options.fetch_threads)


def entry_key(entry) -> Optional[str]:
    return (entry.get("link") or entry.get("id") or "").strip() or None


def page_item(url: str, body: bytes, content_type: str, options: SourceOptions,
              entry, feed_title: Optional[str]) -> Item:
    """The article on a fetched page; the feed entry gives the date and fills what the page lacks."""
    suffix = ".html" if "html" in content_type.lower() else ""
    try:
        article = parse_article_bytes(body, url, Metadata(), options.max_bytes, suffix=suffix)
    except EventwireError as exc:
        return FailedItem(url, url, "read", type(exc).__name__, str(exc))
    article.url = article.url or url
    if entry is not None:
        article.title = article.title or entry.get("title")
        # The feed's date is the publisher's own metadata; trafilatura's is a guess from the page.
        article.published = entry_published(entry) or article.published
        article.source = article.source or feed_title
    return SourceRecord(url, url, article)


def entry_published(entry) -> Optional[date]:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    for key in ("published", "updated"):
        if entry.get(key):
            try:
                return parse_published(entry[key])
            except MetadataError:
                continue
    return None


def ordered_parallel_map(fn: Callable[[T], R], items: Iterable[T], threads: int) -> Iterator[R]:
    """``map`` over a thread pool, results in input order, at most ``2 * threads`` items in flight."""
    window: deque[Future] = deque()
    with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
        for item in items:
            window.append(pool.submit(fn, item))
            if len(window) >= 2 * threads:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


def local_feed_items(data: bytes, origin: str, fetcher: Fetcher, options: SourceOptions, is_done: IsDone) -> Iterator[Item]:
    """A feed or OPML file on disk."""
    if looks_like_opml(data):
        yield from opml_items(data, origin, fetcher, options, is_done)
    else:
        yield from feed_items(data, origin, fetcher, options, is_done)
