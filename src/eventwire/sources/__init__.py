"""Where articles come from: files, folders, corpora, feeds, OPML lists and URLs.

:func:`iter_items` turns the inputs a user names into one lazy stream of items (articles, failures,
HTTP validators), in a deterministic order, reading nothing ahead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .feeds import is_url, local_feed_items, url_items
from .files import FEED_SUFFIXES, is_supported_file, logical_suffix, read_file_items, read_limited, walk_inputs
from .http import Fetcher, FetchError
from .records import FailedItem, FetchValidators, Item, SourceOptions, SourceRecord

__all__ = [
    "FailedItem",
    "FetchError",
    "FetchValidators",
    "Fetcher",
    "Item",
    "SourceOptions",
    "SourceRecord",
    "iter_items",
]


def iter_items(
    inputs: Iterable[str],
    options: SourceOptions,
    fetcher: Optional[Fetcher] = None,
    is_done: Callable[[str], bool] = lambda key: False,
) -> Iterator[Item]:
    """Every item of every input, in order. ``is_done(key)`` lets feeds skip entries before fetching them."""
    fetcher = fetcher or Fetcher(options)
    for name in inputs:
        if is_url(name):
            yield from url_items(name, fetcher, options, is_done)
            continue
        path = Path(name)
        if not path.exists():
            yield FailedItem(f"missing:{name}", name, "read", "InputError",
                             f"Input '{name}' does not exist. Check the path or URL.")
            continue
        for file in walk_inputs(path):
            if path.is_dir() and not is_supported_file(file):
                continue  # unrelated files in a folder (images, notes) are not inputs
            yield from file_items(file, options, fetcher, is_done)


def file_items(path: Path, options: SourceOptions, fetcher: Fetcher, is_done: Callable[[str], bool]) -> Iterator[Item]:
    if logical_suffix(path) in FEED_SUFFIXES:
        try:
            data = read_limited(path, options.fetch_max_bytes)
        except OSError as exc:
            yield FailedItem(str(path.resolve()), str(path), "read", type(exc).__name__, f"Cannot read '{path}': {exc}.")
            return
        yield from local_feed_items(data, str(path.resolve()), fetcher, options, is_done)
        return
    key = str(path.resolve())
    if logical_suffix(path) not in (".jsonl", ".ndjson", ".csv", ".json") and is_done(key):
        return  # a single-article file already ingested: not even read again
    yield from read_file_items(path, options)
