"""Articles from files and folders: .txt, .html, .json (one object or a list), .jsonl and .csv, gzipped or not.

Folders are walked recursively in sorted order, so every run sees items in the same order (the
near-duplicate decisions depend on it). Corpus files are streamed record by record: memory stays flat
however large the corpus is. A bad record (broken CSV row, invalid JSON line, undecodable bytes) becomes
a :class:`FailedItem` and the next record is read.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Iterator, Optional

from ..errors import EventwireError
from ..ingest.reader import Metadata, decode_text, parse_article_bytes, parse_published
from ..model import Article
from .records import FailedItem, Item, SourceOptions, SourceRecord

SINGLE_ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".xhtml", ".json"}
CORPUS_SUFFIXES = {".jsonl", ".ndjson", ".csv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".opml"}
ARTICLE_FIELDS = ("text", "title", "published", "source", "url")
# csv's default field limit (128 kB) is smaller than a long article.
csv.field_size_limit(50_000_000)


def logical_suffix(path: Path) -> str:
    """The suffix that says the format, looking through a trailing .gz (``a.jsonl.gz`` -> ``.jsonl``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def walk_inputs(path: Path) -> Iterator[Path]:
    """Every readable file under ``path`` (itself, if a file), in sorted order."""
    if path.is_file():
        yield path
        return
    for child in sorted(path.rglob("*")):
        if child.is_file() and not child.name.startswith("."):
            yield child


def is_supported_file(path: Path) -> bool:
    return logical_suffix(path) in SINGLE_ARTICLE_SUFFIXES | CORPUS_SUFFIXES | FEED_SUFFIXES


def open_binary(path: Path):
    """Open a file for reading bytes, decompressing gzip transparently."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")
    return open(path, "rb")


def read_file_items(path: Path, options: SourceOptions) -> Iterator[Item]:
    """The items of one file that holds articles (not a feed)."""
    suffix = logical_suffix(path)
    key = str(path.resolve())
    try:
        if suffix == ".jsonl" or suffix == ".ndjson":
            yield from _jsonl_items(path, key, options)
        elif suffix == ".csv":
            yield from _csv_items(path, key, options)
        elif suffix == ".json":
            yield from _json_items(path, key, options)
        else:
            yield _single_article(path, key, suffix, options)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        # A truncated or corrupt gzip stream ends the file; what was read before stays read.
        yield FailedItem(key + "#unreadable", key, "read", type(exc).__name__, f"Cannot read '{path}': {exc}.")


def read_limited(path: Path, max_bytes: int) -> bytes:
    with open_binary(path) as handle:
        return handle.read(max_bytes + 1)


def _single_article(path: Path, key: str, suffix: str, options: SourceOptions) -> Item:
    try:
        data = read_limited(path, options.max_bytes)
        article = parse_article_bytes(data, str(path), Metadata(), options.max_bytes, suffix=suffix)
    except EventwireError as exc:
        return FailedItem(key, key, "read", type(exc).__name__, str(exc))
    return SourceRecord(key, key, article)


def _json_items(path: Path, key: str, options: SourceOptions) -> Iterator[Item]:
    """A .json file: one article object, or a list of them."""
    data = read_limited(path, options.max_bytes * 100)
    head = data.lstrip()[:1]
    if head != b"[":
        yield _single_article(path, key, ".json", options)
        return
    try:
        records = json.loads(decode_text(data, str(path)))
    except (EventwireError, json.JSONDecodeError) as exc:
        yield FailedItem(key, key, "read", type(exc).__name__, f"'{path}' is not a valid JSON list: {exc}.")
        return
    for index, record in enumerate(records, start=1):
        yield record_item(record, f"{key}#{index}", key, options)


def _jsonl_items(path: Path, key: str, options: SourceOptions) -> Iterator[Item]:
    with open_binary(path) as handle:
        for line_number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            item_key = f"{key}#{line_number}"
            try:
                record = json.loads(decode_text(raw, item_key))
            except (EventwireError, json.JSONDecodeError) as exc:
                yield FailedItem(item_key, key, "read", type(exc).__name__, f"Line {line_number} is not valid JSON: {exc}.")
                continue
            yield record_item(record, item_key, key, options)


def _csv_items(path: Path, key: str, options: SourceOptions) -> Iterator[Item]:
    with open_binary(path) as raw:
        # surrogateescape keeps undecodable bytes as markers, so one bad row fails alone (not the whole file).
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.reader(text)
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            yield FailedItem(key, key, "read", "EmptyInputError", f"CSV file '{path}' is empty.")
            return
        row_number = 1
        while True:
            row_number += 1
            item_key = f"{key}#{row_number}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield FailedItem(item_key, key, "read", "csv.Error", f"Row {row_number} of '{path}' is malformed: {exc}.")
                continue
            if not any(cell.strip() for cell in row):
                continue
            if any(_has_undecodable(cell) for cell in row):
                yield FailedItem(item_key, key, "read", "UnicodeDecodeError",
                                 f"Row {row_number} of '{path}' holds bytes that are not UTF-8. Re-save the file as UTF-8.")
                continue
            if len(row) != len(header):
                yield FailedItem(item_key, key, "read", "InputError",
                                 f"Row {row_number} of '{path}' has {len(row)} cells, the header has {len(header)}.")
                continue
            yield record_item(dict(zip(header, row)), item_key, key, options)


def _has_undecodable(cell: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in cell)


def record_item(record: object, item_key: str, origin: str, options: SourceOptions) -> Item:
    """An article from a corpus record, with ``options.column_map`` naming its columns."""
    try:
        return SourceRecord(item_key, origin, article_from_record(record, options.column_map, item_key))
    except EventwireError as exc:
        return FailedItem(item_key, origin, "read", type(exc).__name__, str(exc))


def article_from_record(record: object, column_map: dict[str, str], name: str) -> Article:
    from ..errors import EmptyInputError, InputError

    if not isinstance(record, dict):
        raise InputError(f"Record '{name}' is not an object with a text field.")
    values: dict[str, Optional[str]] = {}
    for field_name in ARTICLE_FIELDS:
        column = column_map.get(field_name, field_name)
        value = record.get(column)
        if value is not None and not isinstance(value, str):
            value = str(value)
        values[field_name] = value.strip() if isinstance(value, str) and value.strip() else None
    if not values["text"]:
        column = column_map.get("text", "text")
        raise EmptyInputError(
            f"Record '{name}' has no text in column '{column}'. Name the text column with --map text=COLUMN."
        )
    return Article(
        text=values["text"],
        title=values["title"],
        published=parse_published(values["published"]) if values["published"] else None,
        source=values["source"],
        url=values["url"],
    )
