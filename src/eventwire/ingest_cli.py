"""Library functions behind ``eventwire ingest``, ``eventwire stats`` and ``eventwire export``.

``ingest`` streams items from the sources, skips what the store already holds, links exact and near
duplicates to the article they copy, sends the rest to an engine for coding, and writes results in
batches, each batch one transaction. Killing it at any moment and running it again ends with the rows
a clean run gives.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, TextIO, Union

from .engines import Coder, WorkItem, WorkResult, make_engine
from .errors import EventwireError
from .exports import FORMATS, export_events
from .sources import Fetcher, iter_items
from .sources.dedup import DEFAULT_THRESHOLD, NearDuplicateIndex, article_id, signature, signature_bytes
from .sources.records import FailedItem, FetchValidators, SourceOptions, SourceRecord
from .store import CodedArticle, EventStore, SourceLink
from .store.queries import ExportFilter, StoreStats, store_stats

# A batch is committed when it holds this many items, or this many seconds after the last commit.
COMMIT_ITEMS = 200
COMMIT_SECONDS = 5.0


@dataclass
class IngestSummary:
    """What one ingest run did. ``worker_peak_mb``: peak resident memory of each worker process."""

    items: int = 0
    coded: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    skipped: int = 0  # already in the store from an earlier run
    failed: int = 0
    events: int = 0
    seconds: float = 0.0
    failures_by_stage: dict[str, int] = field(default_factory=dict)
    worker_peak_mb: dict[int, float] = field(default_factory=dict)

    @property
    def articles_per_second(self) -> float:
        return self.coded / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.items} items: {self.coded} coded ({self.events} events), {self.exact_duplicates} exact and "
            f"{self.near_duplicates} near duplicates linked, {self.skipped} already in the store, {self.failed} failed; "
            f"{self.seconds:.1f} s, {self.articles_per_second:.1f} articles/s"
        )


def parse_column_map(pairs: Iterable[str]) -> dict[str, str]:
    """``["text=body", "published=date"]`` -> ``{"text": "body", "published": "date"}`` (the ``--map`` option)."""
    mapping = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or name.strip() not in ("text", "title", "published", "source", "url") or not column.strip():
            raise EventwireError(
                f"Cannot read --map '{pair}'. Use FIELD=COLUMN with FIELD one of text, title, published, source, url."
            )
        mapping[name.strip()] = column.strip()
    return mapping


class _KeyFilter:
    """A set of 8-byte hashes of strings: answers "maybe stored" or "certainly not".

    The ingest loop asks the store about every item (is it done? is its text stored?). Asked of DuckDB,
    each question costs milliseconds and grows with the store, and the client then competes with the
    workers for the CPU. This filter answers the common "certainly not" in memory (about 70 bytes an
    item); a "maybe" is confirmed by the store, so a hash collision costs one query, never a wrong skip.
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._hashes = {self._hash(value) for value in values}

    @staticmethod
    def _hash(value: str) -> int:
        return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little")

    def add(self, value: str) -> None:
        self._hashes.add(self._hash(value))

    def __contains__(self, value: str) -> bool:
        return self._hash(value) in self._hashes


class _IngestRun:
    """The state of one ingest: what is in flight, what waits to be committed, the counters."""

    def __init__(self, store: EventStore, engine, index: NearDuplicateIndex, progress, commit_every: int) -> None:
        self.store, self.engine, self.index, self.progress = store, engine, index, progress
        self.commit_every = commit_every
        self.summary = IngestSummary()
        self.in_flight: dict[str, tuple[str, bytes]] = {}  # article_id -> (item key, minhash)
        self.waiting_links: dict[str, list[SourceLink]] = defaultdict(list)  # copies of in-flight articles
        self.coded: list[CodedArticle] = []
        self.links: list[SourceLink] = []
        self.failures: list[FailedItem] = []
        self.validators: list[FetchValidators] = []
        self.open_keys: set[str] = set()  # handled this run, not yet committed
        self.uncommitted_articles: set[str] = set()
        self.stored_keys = _KeyFilter(store.done_keys())
        self.stored_articles = _KeyFilter(store.article_ids())
        self.last_commit = time.monotonic()

    # -- items in ------------------------------------------------------------------------------

    def is_done(self, key: str) -> bool:
        return key in self.open_keys or (key in self.stored_keys and self.store.is_done(key))

    def handle(self, item) -> None:
        if isinstance(item, FetchValidators):
            self.validators.append(item)  # written at the very end: a killed run fetches its feeds again
            return
        if self.is_done(item.key):
            self.summary.skipped += 1
            self._advance()
            return
        self.summary.items += 1
        self.open_keys.add(item.key)
        if isinstance(item, FailedItem):
            self._fail(item)
        else:
            self._route(item)
        self._maybe_commit()

    def _route(self, record: SourceRecord) -> None:
        text = record.article.text
        aid = article_id(text)
        if aid in self.in_flight:
            self.waiting_links[aid].append(SourceLink(record.key, aid, "exact", 1.0, record.article))
            return
        if aid in self.uncommitted_articles or (aid in self.stored_articles and self.store.has_article(aid)):
            self._link(SourceLink(record.key, aid, "exact", 1.0, record.article))
            return
        minhash = signature(text)
        match = self.index.best_match(minhash)
        if match is not None:
            original, similarity = match
            link = SourceLink(record.key, original, "near", round(similarity, 4), record.article)
            if original in self.in_flight:
                self.waiting_links[original].append(link)
            else:
                self._link(link)
            return
        self.index.add(aid, minhash)
        self.in_flight[aid] = (record.key, signature_bytes(minhash))
        for result in self.engine.submit(WorkItem(aid, record.key, record.article)):
            self.accept(result)

    # -- results in ----------------------------------------------------------------------------

    def accept(self, result: WorkResult) -> None:
        key, minhash = self.in_flight.pop(result.article_id)
        copies = self.waiting_links.pop(result.article_id, [])
        if result.worker_pid:
            peak = result.worker_peak_kb / 1024
            self.summary.worker_peak_mb[result.worker_pid] = max(peak, self.summary.worker_peak_mb.get(result.worker_pid, 0))
        if result.document is None:
            self.index.remove(result.article_id)  # as a resumed run would see it: not in the store
            self._fail(FailedItem(key, key, "code", result.error_type or "Error", result.error or "coding failed"))
            for link in copies:
                self._fail(FailedItem(link.item_key, link.item_key, "code", "DuplicateOfFailed",
                                      f"Copy of '{key}', which could not be coded: {result.error}"))
            return
        document = result.document
        self.coded.append(CodedArticle(result.article_id, key, document, minhash))
        self.uncommitted_articles.add(result.article_id)
        self.links.append(SourceLink(key, result.article_id, "coded", 1.0, document.article))
        self.summary.coded += 1
        self.summary.events += len(document.events)
        for link in copies:
            self._link(link)
        self._advance()
        self._maybe_commit()

    def _link(self, link: SourceLink) -> None:
        self.links.append(link)
        if link.match == "exact":
            self.summary.exact_duplicates += 1
        else:
            self.summary.near_duplicates += 1
        self._advance()

    def _fail(self, failure: FailedItem) -> None:
        self.failures.append(failure)
        self.summary.failed += 1
        stage = self.summary.failures_by_stage
        stage[failure.stage] = stage.get(failure.stage, 0) + 1
        self._advance()

    def _advance(self) -> None:
        if self.progress is not None:
            summary = self.summary
            duplicates = summary.exact_duplicates + summary.near_duplicates
            self.progress.update(handled=summary.coded + duplicates + summary.failed + summary.skipped,
                                 coded=summary.coded, failed=summary.failed, duplicates=duplicates)

    # -- commits -------------------------------------------------------------------------------

    def _maybe_commit(self) -> None:
        pending = len(self.coded) + len(self.links) + len(self.failures)
        if pending >= self.commit_every or (pending and time.monotonic() - self.last_commit > COMMIT_SECONDS):
            self.commit()

    def commit(self, final: bool = False) -> None:
        self.store.write_batch(self.coded, self.links, self.failures, self.validators if final else ())
        for key in [link.item_key for link in self.links] + [f.key for f in self.failures]:
            self.open_keys.discard(key)
            self.stored_keys.add(key)
        for coded in self.coded:
            self.stored_articles.add(coded.article_id)
        self.coded, self.links, self.failures = [], [], []
        self.uncommitted_articles.clear()
        if final:
            self.validators = []
        self.last_commit = time.monotonic()


class _Progress:
    """A rich progress line: items, articles/s, duplicates, failures, elapsed (and ETA when a total is known)."""

    def __init__(self, console, total: Optional[int]) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("[bold]ingest[/bold] {task.fields[coded]} coded"),
            BarColumn(),
            TextColumn("{task.fields[rate]:.1f} articles/s · {task.fields[duplicates]} duplicates · "
                       "[red]{task.fields[failed]} failed[/red]"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._start = time.monotonic()
        self._task = self._progress.add_task("ingest", total=total, rate=0.0, coded=0, duplicates=0, failed=0)

    def __enter__(self):
        self._progress.start()
        return self

    def __exit__(self, *exc):
        self._progress.stop()

    def update(self, handled: int, coded: int, failed: int, duplicates: int) -> None:
        rate = coded / max(time.monotonic() - self._start, 1e-6)
        self._progress.update(self._task, completed=handled, coded=coded, rate=rate, failed=failed,
                              duplicates=duplicates)


def ingest(
    inputs: list[str],
    db: Union[str, Path],
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler=None,
    column_map: Optional[dict[str, str]] = None,
    coder: Optional[Coder] = None,
    quiet: bool = False,
    retry_failed: bool = False,
    near_duplicate_threshold: float = DEFAULT_THRESHOLD,
    max_bytes: int = 5_000_000,
    fetch_timeout: float = 20.0,
    fetch_max_bytes: int = 10_000_000,
    host_delay: float = 1.0,
    host_concurrency: int = 2,
    expected_total: Optional[int] = None,
    commit_every: int = COMMIT_ITEMS,
    console=None,
) -> IngestSummary:
    """Code ``inputs`` (files, folders, corpus files, feeds, OPML, URLs) into the store ``db``.

    Idempotent and resumable: items the store holds (coded, linked or failed) are skipped. ``engine``
    is ``"local"`` (``workers`` processes; 0 codes in this process) or ``"dask"`` (``scheduler`` is
    an address or a ``distributed.Client``). ``coder`` replaces the real pipeline (tests).
    """
    options = SourceOptions(column_map=dict(column_map or {}), max_bytes=max_bytes, fetch_timeout=fetch_timeout,
                            fetch_max_bytes=fetch_max_bytes, host_delay=host_delay, host_concurrency=host_concurrency)
    started = time.monotonic()
    with EventStore(db) as store:
        if retry_failed:
            store.forget_failures()
        index = NearDuplicateIndex(near_duplicate_threshold)
        index.add_all(store.signatures())
        fetcher = Fetcher(options, store.fetch_validators().get)
        runner = make_engine(engine, workers, scheduler, coder)
        if expected_total is None and not quiet:
            expected_total = estimate_total(inputs)
        progress = None if quiet else _Progress(console or _stderr_console(), expected_total)
        run = _IngestRun(store, runner, index, progress, commit_every)
        try:
            if progress is not None:
                progress.__enter__()
            for item in iter_items(inputs, options, fetcher, is_done=run.is_done):
                run.handle(item)
            for result in runner.drain():
                run.accept(result)
            run.commit(final=True)
        finally:
            if progress is not None:
                progress.__exit__(None, None, None)
            runner.close()
    run.summary.seconds = time.monotonic() - started
    if not quiet:
        (console or _stderr_console()).print(run.summary.line())
    return run.summary


def estimate_total(inputs: Iterable[str]) -> Optional[int]:
    """About how many items the inputs hold, for the progress bar's ETA; None when it cannot be known cheaply
    (feeds and URLs, gzip and JSON-list files). Lines are counted, so multi-line CSV rows overcount a little."""
    from .sources.feeds import is_url
    from .sources.files import CORPUS_SUFFIXES, SINGLE_ARTICLE_SUFFIXES, is_supported_file, logical_suffix, walk_inputs

    total = 0
    for name in inputs:
        path = Path(name)
        if is_url(name) or not path.exists():
            return None
        for file in walk_inputs(path):
            suffix = logical_suffix(file)
            if path.is_dir() and not is_supported_file(file):
                continue
            if file.suffix.lower() == ".gz" or suffix not in SINGLE_ARTICLE_SUFFIXES | CORPUS_SUFFIXES:
                return None
            if suffix in CORPUS_SUFFIXES:
                with open(file, "rb") as handle:
                    lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
                total += max(lines - (1 if suffix == ".csv" else 0), 0)
            elif suffix == ".json" and file.read_bytes()[:64].lstrip().startswith(b"["):
                return None
            else:
                total += 1
    return total


def stats(db: Union[str, Path], top: int = 50) -> StoreStats:
    """Counts of what the store holds (articles, duplicates, events, failures; events by month, country, type)."""
    with EventStore(db, read_only=True) as store:
        return store_stats(store.conn, top)


def render_stats(result: StoreStats, console) -> None:
    """Print :func:`stats` as rich tables."""
    from rich.table import Table

    console.print(
        f"[bold]{result.articles}[/bold] articles coded, {result.sources} input items "
        f"({result.exact_duplicates} exact and {result.near_duplicates} near duplicates), "
        f"[bold]{result.events}[/bold] events, [red]{result.failed}[/red] failed items "
        f"{dict(result.failed_by_stage) or ''} · schema v{result.schema_version}"
    )
    for title, rows in (("Events by month", result.by_month), ("Events by country", result.by_country),
                        ("Events by event type", result.by_event_type)):
        table = Table(title=title)
        table.add_column(title.split(" by ")[1].capitalize())
        table.add_column("Events", justify="right")
        for key, count in rows:
            table.add_row(key, str(count))
        console.print(table)


def export(
    db: Union[str, Path],
    format: str = "csv",
    out: Union[str, Path, TextIO, None] = None,
    *,
    date_from: Optional[str] = None,
    date_to: Optional[str] = None,
    country: Optional[str] = None,
    admin1: Optional[str] = None,
    event_type: Optional[str] = None,
    actor: Optional[str] = None,
) -> int:
    """Export the events matching the filters; ``out`` is a file path, a text stream (default stdout) or,
    for ``parquet``, a folder. Returns the number of events written."""
    if format not in FORMATS:
        raise EventwireError(f"Unknown export format '{format}'. Use one of: {', '.join(FORMATS)}.")
    filters = ExportFilter.from_strings(date_from, date_to, country=country, admin1=admin1,
                                        event_type=event_type, actor=actor)
    with EventStore(db, read_only=True) as store:
        if format == "parquet":
            return export_events(store.conn, format, filters, out)
        if out is None:
            return export_events(store.conn, format, filters, sys.stdout)
        if isinstance(out, (str, Path)):
            with open(out, "w", encoding="utf-8", newline="") as handle:
                return export_events(store.conn, format, filters, handle)
        return export_events(store.conn, format, filters, out)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
