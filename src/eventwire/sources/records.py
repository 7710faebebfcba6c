"""What a source yields: either an article read from one input item, or the reason it could not be read.

``key`` identifies the item across runs (a file path, ``path#record`` for a record inside a corpus
file, or a URL): a re-run skips every key the store already holds, which makes ingestion idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

from ..model import Article


@dataclass(frozen=True)
class SourceRecord:
    """One article read from an input item."""

    key: str
    origin: str  # the file, feed or URL the item came from, for messages
    article: Article


@dataclass(frozen=True)
class FailedItem:
    """An input item that could not be turned into an article, with the reason."""

    key: str
    origin: str
    stage: str  # 'read' or 'fetch' (coding failures are recorded by the ingest loop as 'code')
    error_type: str
    reason: str


@dataclass(frozen=True)
class FetchValidators:
    """HTTP validators of a fetched URL, kept so the next run can ask "changed since?"."""

    url: str
    etag: Optional[str] = None
    last_modified: Optional[str] = None


@dataclass
class SourceOptions:
    """How sources are read. ``column_map`` renames corpus columns: ``{"text": "body", "published": "date"}``."""

    column_map: dict[str, str] = field(default_factory=dict)
    max_bytes: int = 5_000_000
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 10_000_000
    host_delay: float = 1.0
    host_concurrency: int = 2
    fetch_threads: int = 8
    max_redirects: int = 5
    user_agent: str = "eventwire/0.1 (+https://github.com/eventwire; research event coding)"


Item = Union[SourceRecord, FailedItem, FetchValidators]
