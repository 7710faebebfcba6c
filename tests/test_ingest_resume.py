"""Idempotent and resumable ingestion: re-runs add nothing; SIGKILL at any point, then re-run == clean run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
sys.path.insert(0, str(TESTS))
from eventwire_fakes import FakeCoder  # noqa: E402
from ingest_corpus import snapshot, write_corpus  # noqa: E402

from eventwire.ingest_cli import ingest  # noqa: E402

RUNNER = """
import sys
sys.path.insert(0, {tests!r})
from eventwire_fakes import FakeCoder
from eventwire.ingest_cli import ingest

if __name__ == "__main__":
    corpus, db, workers, progress = sys.argv[1:5]
    ingest([corpus], db, workers=int(workers), coder=FakeCoder(delay=0.01, progress_path=progress),
           quiet=True, commit_every=7)
"""
ARTICLES = 100


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("resume"), ARTICLES)


@pytest.fixture(scope="module")
def clean(corpus, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    ingest([str(corpus)], db, workers=0, coder=FakeCoder(), quiet=True)
    return snapshot(db)


def test_rerunning_the_same_ingest_adds_nothing(corpus, clean, tmp_path):
    db = tmp_path / "s.duckdb"
    first = ingest([str(corpus)], db, workers=0, coder=FakeCoder(), quiet=True)
    again = ingest([str(corpus)], db, workers=0, coder=FakeCoder(), quiet=True)
    assert snapshot(db) == clean
    assert first.failed > 0 and first.exact_duplicates > 0 and first.near_duplicates > 0
    assert (again.items, again.coded, again.failed) == (0, 0, 0)
    assert again.skipped == first.items


def run_and_kill(script: Path, corpus: Path, db: Path, workers: int, progress: Path, kill_after_calls: int) -> bool:
    """Start an ingest, SIGKILL it once the coder has been called ``kill_after_calls`` times this run.

    Returns True when it was killed, False when it finished first.
    """
    progress.write_text("")
    process = subprocess.Popen([sys.executable, str(script), str(corpus), str(db), str(workers), str(progress)],
                               start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if len(progress.read_text().splitlines()) >= kill_after_calls:
                process.send_signal(signal.SIGKILL)
                process.wait()
                return True
            time.sleep(0.005)
        assert process.returncode == 0, process.stderr.read().decode()
        return False
    finally:
        # The worker processes this test started die with their session; nothing else is touched.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def count_sources(db: Path) -> int:
    return sum(len(snapshot(db)[t]) for t in ("sources", "failed")) if db.exists() else 0


@pytest.mark.parametrize("workers, kill_points", [(0, [3, 25, 21, 30]), (2, [10, 40])])
def test_sigkill_at_several_points_then_rerun_equals_a_clean_run(corpus, clean, tmp_path, workers, kill_points):
    script = tmp_path / "run_ingest.py"
    script.write_text(RUNNER.format(tests=str(TESTS)))
    db = tmp_path / "s.duckdb"
    progress = tmp_path / "progress.txt"
    stored_after_kill = []
    for calls in kill_points:
        assert run_and_kill(script, corpus, db, workers, progress, calls), "the ingest finished before the kill"
        stored_after_kill.append(count_sources(db))
    # The kills landed at different points of a partly written store.
    assert len(set(stored_after_kill)) == len(stored_after_kill)
    assert 0 < stored_after_kill[-1] < len(clean["sources"]) + len(clean["failed"])
    assert stored_after_kill == sorted(stored_after_kill)
    assert not run_and_kill(script, corpus, db, workers, progress, 10**9)
    assert snapshot(db) == clean


def test_progress_bar_shows_rate_and_failures_and_the_summary_line(corpus, tmp_path):
    import io

    from rich.console import Console

    from eventwire.ingest_cli import estimate_total

    console = Console(file=io.StringIO(), width=200, force_terminal=False)
    summary = ingest([str(corpus)], tmp_path / "s.duckdb", workers=0, coder=FakeCoder(), console=console)
    output = console.file.getvalue()
    assert "articles/s" in output and "failed" in output
    assert summary.line() in output.replace("\n", " ") or f"{summary.coded} coded" in output
    assert estimate_total([str(corpus)]) == summary.items
    assert estimate_total(["http://example.org/rss"]) is None


def test_the_key_filter_never_forgets_a_stored_key():
    from eventwire.ingest_cli import _KeyFilter

    keys = [f"/corpus/file-{i}.txt" for i in range(5000)]
    stored = _KeyFilter(keys[:2500])
    assert all(key in stored for key in keys[:2500])
    # 64-bit hashes: a false "maybe" among 2,500 new keys would be a one-in-billions event.
    assert not any(key in stored for key in keys[2500:])
    stored.add(keys[-1])
    assert keys[-1] in stored
