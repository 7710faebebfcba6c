"""The event store: one DuckDB file with articles, sources, events, evidence, entities, quotes and failures.

One process writes (the ingest); DuckDB allows no reader in another process beside it, so ``stats`` and
``export`` on a store that is being written fail with :class:`StoreBusyError`, which says what to do.
Every batch of results is written in one transaction: a kill loses at most the uncommitted batch, and
the next run codes exactly those items again.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from ..errors import DataError
from ..sources.records import FailedItem, FetchValidators
from .rows import CodedArticle, SourceLink, article_row, entity_rows_of, event_rows_of, quote_rows_of, source_row
from .schema import SCHEMA_VERSION, migrate

__all__ = ["CodedArticle", "EventStore", "SourceLink", "StoreBusyError", "SCHEMA_VERSION"]


class StoreBusyError(DataError):
    """Another process holds the store file open for writing."""


_PID = re.compile(r"PID (\d+)")


class EventStore:
    """A connection to the store file. Use as a context manager; ``read_only`` for stats and exports."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise DataError(f"No event store at '{self.path}'. Create it with 'eventwire ingest ... --db {self.path}'.")
        try:
            self.conn = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            raise _busy_or_unreadable(self.path, exc) from None
        if not read_only:
            migrate(self.conn)
        elif not self._has_schema():
            raise DataError(f"'{self.path}' is not an eventwire store (no schema). Give the file 'ingest' wrote.")

    def _has_schema(self) -> bool:
        return bool(self.conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'").fetchall()[0][0])

    def __enter__(self) -> "EventStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- lookups the ingest loop makes ------------------------------------------------------------

    def is_done(self, item_key: str) -> bool:
        """Whether an input item was already stored (as an article, a duplicate link, or a failure)."""
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM sources WHERE item_key = $k) OR EXISTS (SELECT 1 FROM failed WHERE item_key = $k)",
            {"k": item_key},
        ).fetchall()[0]
        return bool(row[0])

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT count(*) FROM articles WHERE article_id = ?", [article_id]).fetchall()[0][0] > 0

    def done_keys(self) -> Iterator[str]:
        """Every stored item key (sources and failures), streamed: what ``is_done`` answers True for."""
        yield from (row[0] for row in self._rows("SELECT item_key FROM sources UNION ALL SELECT item_key FROM failed"))

    def article_ids(self) -> Iterator[str]:
        yield from (row[0] for row in self._rows("SELECT article_id FROM articles"))

    def _rows(self, sql: str) -> Iterator[tuple]:
        """The rows of a query, fetched in batches (the store may hold millions)."""
        result = self.conn.execute(sql)
        while batch := result.fetchmany(10_000):
            yield from batch

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """The MinHash signatures of the coded articles, streamed (to rebuild the near-duplicate index)."""
        yield from self._rows("SELECT article_id, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY article_id")

    def fetch_validators(self) -> dict[str, FetchValidators]:
        rows = self.conn.execute("SELECT url, etag, last_modified FROM fetch_cache").fetchall()
        return {url: FetchValidators(url, etag, modified) for url, etag, modified in rows}

    def forget_failures(self) -> int:
        """Delete the failed items so the next run tries them again (``--retry-failed``)."""
        count = self.conn.execute("SELECT count(*) FROM failed").fetchall()[0][0]
        self.conn.execute("DELETE FROM failed")
        return count

    # -- writing ---------------------------------------------------------------------------------

    def write_batch(
        self,
        coded: Iterable[CodedArticle] = (),
        links: Iterable[SourceLink] = (),
        failures: Iterable[FailedItem] = (),
        validators: Iterable[FetchValidators] = (),
    ) -> None:
        """Write everything in one transaction: all of it is stored, or (after a crash) none of it."""
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        coded = list(coded)
        tables: dict[str, list[dict]] = {"articles": [], "events": [], "evidence": [], "entities": [], "quotes": []}
        for item in coded:
            tables["articles"].append(article_row(item, now))
            events, evidence = event_rows_of(item)
            tables["events"].extend(events)
            tables["evidence"].extend(evidence)
            tables["entities"].extend(entity_rows_of(item))
            tables["quotes"].extend(quote_rows_of(item))
        tables["sources"] = [source_row(link, now) for link in links]
        tables["failed"] = [
            {"item_key": f.key, "origin": f.origin, "stage": f.stage, "error_type": f.error_type,
             "reason": f.reason, "failed_at": now}
            for f in failures
        ]
        cache = [{"url": v.url, "etag": v.etag, "last_modified": v.last_modified, "fetched_at": now} for v in validators]
        self.conn.execute("BEGIN TRANSACTION")
        try:
            for table, rows in tables.items():
                self._insert(table, rows, "INSERT OR IGNORE")
            self._insert("fetch_cache", cache, "INSERT OR REPLACE")
            self.conn.execute("COMMIT")
        except Exception:
            self.conn.execute("ROLLBACK")
            raise

    def _insert(self, table: str, rows: list[dict], verb: str) -> None:
        if not rows:
            return
        arrow = pa.Table.from_pylist(rows)
        name = f"_batch_{table}"
        self.conn.register(name, arrow)
        try:
            columns = ", ".join(f'"{c}"' for c in arrow.column_names)
            self.conn.execute(f"{verb} INTO {table} ({columns}) SELECT {columns} FROM {name}")
        finally:
            self.conn.unregister(name)


def _busy_or_unreadable(path: Path, exc: Exception) -> DataError:
    message = str(exc)
    if "lock" in message.lower():
        pid = _PID.search(message)
        holder = f" (PID {pid.group(1)})" if pid else ""
        return StoreBusyError(
            f"The store '{path}' is open in another eventwire process{holder}, most likely a running ingest; "
            "DuckDB lets no other process read a file while it is being written. Wait for the ingest to finish, "
            "or stop it (re-running the same ingest resumes where it stopped), then run this command again."
        )
    return DataError(f"Cannot open the store '{path}': {message}. Is it a DuckDB file written by eventwire?")
