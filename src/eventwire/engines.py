"""Where the coding runs: local worker processes, or an existing Dask distributed cluster.

Both engines take :class:`WorkItem` s one at a time (``submit``) and hand back finished
:class:`WorkResult` s, keeping a bounded number in flight: the corpus streams through, memory stays flat.
The coder is any picklable callable ``Article -> Document``; the default, :class:`PipelineCoder`, builds
the spaCy pipeline once per worker process. Only the client process writes the store.
"""

from __future__ import annotations

import os
import resource
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Callable, Iterator, Optional, Protocol

from .errors import EventwireError
from .model import Article, Document

Coder = Callable[[Article], Document]


def use_one_numeric_thread() -> None:
    """Let each worker process use one BLAS/OpenMP thread.

    Parallelism comes from worker processes; a BLAS pool per worker makes N workers on N cores fight
    over them (measured on 2 cores, 2 workers vs 1: 1.18x with default pools, 1.70x with one thread).
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


class PipelineCoder:
    """The real eventwire pipeline, loaded lazily once per process (so it pickles as nothing)."""

    def __call__(self, article: Article) -> Document:
        import eventwire

        if eventwire.get_pipeline.cache_info().currsize == 0:  # first article in this process
            use_one_numeric_thread()
        return eventwire.get_pipeline()(article)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PipelineCoder)

    def __hash__(self) -> int:
        return hash(PipelineCoder)


@dataclass(frozen=True)
class WorkItem:
    """One article to code; ``article_id`` and ``item_key`` travel along to be written with the result."""

    article_id: str
    item_key: str
    article: Article


@dataclass(frozen=True)
class WorkResult:
    """A coded document, or the error that stopped coding it. ``worker_peak_kb``: the worker's peak RSS."""

    article_id: str
    item_key: str
    document: Optional[Document]
    error_type: Optional[str] = None
    error: Optional[str] = None
    worker_pid: int = 0
    worker_peak_kb: int = 0


def code_item(coder: Coder, item: WorkItem) -> WorkResult:
    """Code one article; any exception becomes a failed result (one bad article never stops a run)."""
    try:
        document = coder(item.article)
        return WorkResult(item.article_id, item.item_key, document, **_worker_stats())
    except EventwireError as exc:
        return WorkResult(item.article_id, item.item_key, None, type(exc).__name__, str(exc), **_worker_stats())
    except Exception as exc:  # noqa: BLE001 - a pipeline bug on one article is recorded, not fatal
        return WorkResult(item.article_id, item.item_key, None, type(exc).__name__,
                          f"Coding failed with an internal error: {exc!r}. Please report it with this article.",
                          **_worker_stats())


def _worker_stats() -> dict:
    # ru_maxrss is in kB on Linux: the process's peak resident memory so far.
    return {"worker_pid": os.getpid(), "worker_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


class Engine(Protocol):
    def submit(self, item: WorkItem) -> list[WorkResult]:
        """Queue one item; returns results finished meanwhile (blocks while the window is full)."""

    def drain(self) -> Iterator[WorkResult]:
        """The remaining results, as they finish."""

    def close(self) -> None: ...


class InlineEngine:
    """Codes in the calling process (``--workers 0``): for debugging and tiny inputs."""

    def __init__(self, coder: Optional[Coder] = None) -> None:
        self.coder = coder or PipelineCoder()

    def submit(self, item: WorkItem) -> list[WorkResult]:
        return [code_item(self.coder, item)]

    def drain(self) -> Iterator[WorkResult]:
        return iter(())

    def close(self) -> None:
        pass


# Each worker process keeps its coder here: sent once at start-up, not with every article.
_WORKER_CODER: Optional[Coder] = None


def _init_worker(coder: Coder) -> None:
    global _WORKER_CODER
    use_one_numeric_thread()
    _WORKER_CODER = coder


def _code_in_worker(item: WorkItem) -> WorkResult:
    return code_item(_WORKER_CODER, item)


class LocalEngine:
    """``workers`` processes (spawned, so no state leaks from the parent), each with its own coder."""

    def __init__(self, workers: int = 1, coder: Optional[Coder] = None, window_per_worker: int = 4) -> None:
        if workers < 1:
            raise ValueError("LocalEngine needs at least one worker; use InlineEngine for in-process coding.")
        self.workers = workers
        self.window = workers * window_per_worker
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("spawn"),
            initializer=_init_worker, initargs=(coder or PipelineCoder(),),
        )
        self._pending: set[Future] = set()

    def submit(self, item: WorkItem) -> list[WorkResult]:
        done: list[WorkResult] = []
        while len(self._pending) >= self.window:
            done.extend(self._wait_some())
        self._pending.add(self._pool.submit(_code_in_worker, item))
        done.extend(self._collect(f for f in list(self._pending) if f.done()))
        return done

    def _wait_some(self) -> list[WorkResult]:
        finished, _ = wait(self._pending, return_when=FIRST_COMPLETED)
        return self._collect(finished)

    def _collect(self, futures) -> list[WorkResult]:
        results = []
        for future in futures:
            self._pending.discard(future)
            try:
                results.append(future.result())
            except BrokenProcessPool:
                raise EventwireError(
                    "A worker process died (killed, or out of memory). What was coded so far is in the store: "
                    "run the same command again to resume, with fewer --workers if memory is short."
                ) from None
        return results

    def drain(self) -> Iterator[WorkResult]:
        while self._pending:
            yield from self._wait_some()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """Codes on a Dask distributed cluster; this process (the client) writes the store.

    Args:
        scheduler: the scheduler address (``tcp://host:8786``) or an existing ``distributed.Client``.
        coder: picklable ``Article -> Document``; workers must have eventwire installed.
        window_per_thread: tasks in flight per worker thread (keeps memory flat on both sides).
    """

    def __init__(self, scheduler, coder: Optional[Coder] = None, window_per_thread: int = 4) -> None:
        from distributed import Client, as_completed

        if isinstance(scheduler, Client):
            self.client, self._own_client = scheduler, False
        else:
            try:
                self.client, self._own_client = Client(scheduler, timeout="20s"), True
            except (OSError, TimeoutError) as exc:
                raise EventwireError(
                    f"Cannot reach the Dask scheduler at '{scheduler}': {exc}. Start one with 'dask scheduler' "
                    "and workers with 'dask worker ADDRESS', or use the local engine (--engine local)."
                ) from None
        threads = sum(self.client.nthreads().values()) or 1
        self.window = threads * window_per_thread
        self.coder = coder or PipelineCoder()
        # The coder goes to every worker once; tasks refer to it instead of carrying it.
        self._coder_future = self.client.scatter(self.coder, broadcast=True, hash=False)
        self._completed = as_completed()
        self._items: dict[str, tuple[str, str]] = {}
        self._in_flight = 0

    def submit(self, item: WorkItem) -> list[WorkResult]:
        done: list[WorkResult] = []
        while self._in_flight >= self.window:
            done.append(self._next_result())
        future = self.client.submit(code_item, self._coder_future, item, pure=False)
        self._completed.add(future)
        self._items[future.key] = (item.article_id, item.item_key)
        self._in_flight += 1
        return done

    def _next_result(self) -> WorkResult:
        future = next(self._completed)
        self._in_flight -= 1
        article_id, item_key = self._items.pop(future.key)
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - a worker crash or lost task fails one item, not the run
            return WorkResult(article_id, item_key, None, type(exc).__name__, f"The Dask task failed: {exc!r}.")
        finally:
            future.release()

    def drain(self) -> Iterator[WorkResult]:
        while self._in_flight:
            yield self._next_result()

    def close(self) -> None:
        if self._own_client:
            self.client.close()


def make_engine(engine: str = "local", workers: int = 1, scheduler=None, coder: Optional[Coder] = None):
    """The engine a user asked for: ``local`` (``workers`` processes, 0 = in-process) or ``dask``."""
    if engine == "local":
        return InlineEngine(coder) if workers == 0 else LocalEngine(workers, coder)
    if engine == "dask":
        if scheduler is None:
            raise EventwireError("--engine dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786).")
        return DaskEngine(scheduler, coder)
    raise EventwireError(f"Unknown engine '{engine}'. Use 'local' or 'dask'.")
