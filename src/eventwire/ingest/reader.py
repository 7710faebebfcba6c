"""Read one article from a file, stdin or bytes: plain text, HTML (via trafilatura) or a JSON object.

Every way an input can be unusable ends in an :class:`~eventwire.errors.InputError` whose message says
what is wrong and what to do, never in a traceback or a silently empty result.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Optional, Union

from ..errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    MetadataError,
)
from ..model import Article

# Larger inputs are almost never one news article (a whole dump, a book): refuse them with a hint.
DEFAULT_MAX_BYTES = 2_000_000
JSON_FIELDS = ("text", "title", "published", "source", "url")
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
# The share of control characters above which bytes are binary data, not text.
BINARY_CONTROL_SHARE = 0.02
# Fewer words than this after boilerplate removal is a menu or a cookie banner, not an article.
MIN_HTML_WORDS = 5


@dataclass(frozen=True)
class Metadata:
    """Values given on the command line: they override what the input itself carries."""

    title: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None


def read_article(
    location: Union[str, Path],
    metadata: Metadata = Metadata(),
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Read an article from a path, or from stdin when ``location`` is ``"-"``."""
    name = str(location)
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return parse_article_bytes(data, "<stdin>", metadata, max_bytes)
    path = Path(name)
    if not path.exists():
        raise InputError(f"Input file '{name}' does not exist. Check the path, or use '-' to read from stdin.")
    if path.is_dir():
        raise InputError(f"'{name}' is a folder; 'extract' codes one article. Give it a file.")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputTooLargeError(_too_large_message(name, size, max_bytes))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read '{name}': {exc.strerror}.") from None
    return parse_article_bytes(data, name, metadata, max_bytes, suffix=path.suffix.lower())


def parse_article_bytes(
    data: bytes,
    name: str,
    metadata: Metadata = Metadata(),
    max_bytes: int = DEFAULT_MAX_BYTES,
    suffix: str = "",
) -> Article:
    """Turn raw bytes into an :class:`Article`, detecting JSON, HTML and plain text."""
    if len(data) > max_bytes:
        raise InputTooLargeError(_too_large_message(name, len(data), max_bytes))
    text = decode_text(data, name)
    stripped = text.lstrip()
    if not stripped:
        raise EmptyInputError(f"Input '{name}' is empty: there is no text to code.")
    if suffix == ".json" or stripped.startswith("{"):
        article = article_from_json(stripped, name)
    elif suffix in HTML_EXTENSIONS or looks_like_html(stripped):
        article = article_from_html(text, name)
    else:
        article = Article(text=text.strip())
    return apply_metadata(article, metadata)


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without BOM), falling back to cp1252; refuse binary data."""
    if b"\x00" in data[:8192] or _control_share(data[:8192]) > BINARY_CONTROL_SHARE:
        raise BinaryInputError(
            f"Input '{name}' is binary data, not text. Give eventwire a .txt, .html or .json article."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _control_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls / len(sample)


def looks_like_html(text: str) -> bool:
    head = text[:1000].lower()
    return head.startswith("<!doctype html") or "<html" in head or ("<body" in head and "</" in head)


def article_from_json(text: str, name: str) -> Article:
    """Read ``{"text", "title", "published", "source", "url"}``."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"Input '{name}' is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}). "
            'Expected an object like {"text": "...", "published": "2016-10-30"}.'
        ) from None
    if not isinstance(obj, dict):
        raise InputError(f'Input \'{name}\' is JSON but not an object. Expected {{"text": "...", ...}}.')
    body = obj.get("text")
    if not isinstance(body, str) or not body.strip():
        raise EmptyInputError(f"JSON input '{name}' has no \"text\" field with article text.")
    unknown_type = [key for key in JSON_FIELDS[1:] if obj.get(key) is not None and not isinstance(obj[key], str)]
    if unknown_type:
        raise InputError(f"JSON input '{name}': field(s) {', '.join(unknown_type)} must be strings.")
    published = parse_published(obj["published"]) if obj.get("published") else None
    return Article(
        text=body.strip(),
        title=obj.get("title"),
        published=published,
        source=obj.get("source"),
        url=obj.get("url"),
    )


def article_from_html(html: str, name: str) -> Article:
    """Main text, title and date of a web page, extracted by trafilatura."""
    import trafilatura  # imported here: only HTML inputs pay for it

    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises a variety of parser errors on broken markup
        raise InputError(f"Cannot parse the HTML in '{name}': {exc}.") from None
    body = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if len(body.split()) < MIN_HTML_WORDS:
        raise EmptyInputError(
            f"No article text found in the HTML page '{name}' (only navigation, scripts or boilerplate). "
            "Save the article page itself, or pass the text as a .txt file."
        )
    published = None
    raw_date = getattr(result, "date", None)
    if raw_date:
        try:
            published = parse_published(raw_date)
        except MetadataError:
            published = None  # a page's own date is a hint; an unreadable one is dropped, not fatal
    return Article(
        text=body,
        title=getattr(result, "title", None),
        published=published,
        source=getattr(result, "sitename", None),
        url=getattr(result, "url", None),
    )


def apply_metadata(article: Article, metadata: Metadata) -> Article:
    """Command-line values override the input's own."""
    if metadata.title is not None:
        article.title = metadata.title
    if metadata.published is not None:
        article.published = parse_published(metadata.published)
    if metadata.source is not None:
        article.source = metadata.source
    if metadata.url is not None:
        article.url = metadata.url
    return article


ISO_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y")


def parse_published(value: Union[str, date, datetime, None]) -> Optional[date]:
    """A publication date from ISO 8601 (date or date-time) or a written English date."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    text = value.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for fmt in ISO_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise MetadataError(
        f"Cannot understand the publication date '{value}'. Use YYYY-MM-DD (e.g. 2016-10-30) "
        "or a date like '30 October 2016'."
    )


def _too_large_message(name: str, size: int, max_bytes: int) -> str:
    return (
        f"Input '{name}' is {size / 1e6:.1f} MB, more than the {max_bytes / 1e6:.0f} MB limit for one article. "
        "Split it into articles, or raise the limit with --max-bytes."
    )
