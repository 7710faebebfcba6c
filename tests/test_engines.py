"""Engines: local worker processes and a Dask LocalCluster give exactly the store the in-process run gives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from eventwire_fakes import FakeCoder  # noqa: E402
from ingest_corpus import snapshot, write_corpus  # noqa: E402

from eventwire.engines import InlineEngine, LocalEngine, WorkItem, make_engine  # noqa: E402
from eventwire.errors import EventwireError  # noqa: E402
from eventwire.ingest_cli import ingest  # noqa: E402
from eventwire.model import Article  # noqa: E402


def test_local_engine_codes_in_separate_worker_processes_and_streams(tmp_path):
    engine = LocalEngine(workers=2, coder=FakeCoder(delay=0.01), window_per_worker=2)
    results = []
    try:
        for i in range(12):
            assert len(engine._pending) <= engine.window  # bounded: the corpus is never all in flight
            results.extend(engine.submit(WorkItem(f"a{i}", f"k{i}", Article(text=f"Forces clashed in Mosul {i}."))))
        results.extend(engine.drain())
    finally:
        engine.close()
    assert sorted(r.article_id for r in results) == sorted(f"a{i}" for i in range(12))
    assert all(r.worker_pid and r.worker_pid != os.getpid() for r in results)
    assert all(r.worker_peak_kb > 0 for r in results)


def test_a_coder_exception_becomes_a_failed_result():
    result = InlineEngine(FakeCoder()).submit(WorkItem("a", "k", Article(text="EXPLODE-CODER now")))[0]
    assert result.document is None and result.error_type == "RuntimeError" and "report it" in result.error


def test_unknown_engine_and_dask_without_scheduler_are_clear_errors():
    with pytest.raises(EventwireError, match="Unknown engine"):
        make_engine("spark")
    with pytest.raises(EventwireError, match="--scheduler"):
        make_engine("dask")


def test_local_workers_give_the_same_store_as_in_process_coding(tmp_path):
    corpus = write_corpus(tmp_path / "in", 40)
    inline = ingest([str(corpus)], tmp_path / "inline.duckdb", workers=0, coder=FakeCoder(), quiet=True)
    parallel = ingest([str(corpus)], tmp_path / "local.duckdb", workers=2, coder=FakeCoder(), quiet=True)
    assert snapshot(tmp_path / "inline.duckdb") == snapshot(tmp_path / "local.duckdb")
    assert (inline.coded, inline.failed, inline.exact_duplicates, inline.near_duplicates) == (
        parallel.coded, parallel.failed, parallel.exact_duplicates, parallel.near_duplicates)
    # Each worker that coded something reports its peak memory; on a busy machine one worker may code all
    # 40 texts before the other starts, so the count is 1 or 2, never the parent process.
    assert 1 <= len(parallel.worker_peak_mb) <= 2 and os.getpid() not in parallel.worker_peak_mb


def test_dask_local_cluster_gives_the_same_store_as_the_local_engine(tmp_path):
    distributed = pytest.importorskip("distributed")
    corpus = write_corpus(tmp_path / "in", 40)
    ingest([str(corpus)], tmp_path / "local.duckdb", workers=0, coder=FakeCoder(), quiet=True)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        summary = ingest([str(corpus)], tmp_path / "dask.duckdb", engine="dask", scheduler=cluster.scheduler_address,
                         coder=FakeCoder(), quiet=True)
        pids = set(client.run(os.getpid).values())
    assert snapshot(tmp_path / "local.duckdb") == snapshot(tmp_path / "dask.duckdb")
    assert summary.coded > 0 and set(summary.worker_peak_mb) <= pids and os.getpid() not in pids


def _real_pipeline_available() -> tuple[bool, str]:
    try:
        import eventwire.pipeline  # noqa: F401 - imports every stage; fails while the pipeline is unfinished
    except ImportError as exc:
        return False, f"the real pipeline cannot be imported yet ({exc})"
    return True, ""


REAL_AVAILABLE, REAL_REASON = _real_pipeline_available()


@pytest.mark.skipif(not REAL_AVAILABLE, reason=REAL_REASON)
def test_real_pipeline_local_workers_equal_in_process(tmp_path):
    from eventwire.engines import PipelineCoder

    texts = [
        "Iraqi forces clashed with Islamic State fighters near Mosul on Monday, killing at least 12 militants.",
        "Police fired tear gas at protesters in Accra, Ghana, on Tuesday during a march against fuel prices.",
    ]
    corpus = tmp_path / "c.jsonl"
    import json

    corpus.write_text("\n".join(json.dumps({"text": t, "published": "2016-10-30", "source": "T"}) for t in texts) + "\n")
    ingest([str(corpus)], tmp_path / "a.duckdb", workers=0, coder=PipelineCoder(), quiet=True)
    summary = ingest([str(corpus)], tmp_path / "b.duckdb", workers=2, coder=PipelineCoder(), quiet=True)
    assert summary.coded == 2 and summary.failed == 0
    assert snapshot(tmp_path / "a.duckdb") == snapshot(tmp_path / "b.duckdb")
    assert summary.events >= 1
