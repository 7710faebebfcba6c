"""Ingestion benchmark: articles/s with 1 and 2 local workers, peak memory per worker, store size per 1,000 events.

Builds real-length news texts from ../shared/eval (never copied into the repository): ACLED analyst
notes joined into article-length texts (``--notes-per-article`` notes of one country each, several
shuffled passes so no two articles share more than one note) and the MUC-4 newswire documents.
The corpus is written to a temporary JSONL file, then ingested into a fresh store once per worker
count, in the same run, with the real pipeline.

    .venv/bin/python benchmarks/ingest.py --count 10000 --workers 1 2
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
ACLED_FILES = ["global-2022h1.csv", "global-2020.csv", "asia-2015-old-taxonomy.csv", "benin-2009-2022.csv",
               "argentina-2022-06.csv", "africa-2016-old-taxonomy.csv"]


def acled_notes() -> dict[str, list[str]]:
    """ACLED notes grouped by country (column names are lower-case in new files, upper-case in old ones)."""
    by_country: dict[str, list[str]] = defaultdict(list)
    for name in ACLED_FILES:
        path = EVAL / "acled" / name
        if not path.exists():
            continue
        with open(path, newline="", encoding="utf-8", errors="replace") as handle:
            for row in csv.DictReader(handle):
                row = {k.lower(): v for k, v in row.items() if k}
                note = (row.get("notes") or "").strip()
                if len(note.split()) >= 8:
                    by_country[row.get("country") or "?"].append(note)
    return by_country


def muc4_documents() -> list[str]:
    docs = []
    for split in ("train.json", "dev.json"):
        path = EVAL / "news" / "muc4" / split
        if path.exists():
            docs.extend(entry["doc"] for entry in json.loads(path.read_text()).values() if entry.get("doc"))
    return docs


def build_texts(count: int, notes_per_article: int, seed: int = 7) -> list[dict]:
    """``count`` article-length texts: MUC-4 documents first, then ACLED notes joined per country."""
    rng = random.Random(seed)
    texts = [{"text": doc, "source": "MUC-4", "published": "1989-06-01"} for doc in muc4_documents()]
    by_country = acled_notes()
    passes = 0
    while len(texts) < count and by_country and passes < 20:
        passes += 1
        for country, notes in sorted(by_country.items()):
            shuffled = notes[:]
            rng.shuffle(shuffled)
            for start in range(0, len(shuffled) - notes_per_article + 1, notes_per_article):
                body = " ".join(shuffled[start : start + notes_per_article])
                texts.append({"text": body, "source": f"ACLED notes ({country}), pass {passes}", "published": "2022-06-30"})
    rng.shuffle(texts)
    return texts[:count]


def run_once(corpus: Path, workers: int, folder: Path, count: int) -> dict:
    from eventwire.ingest_cli import ingest

    db = folder / f"bench-{workers}.duckdb"
    summary = ingest([str(corpus)], db, workers=workers, quiet=True, expected_total=count)
    import duckdb

    conn = duckdb.connect(str(db))
    conn.execute("CHECKPOINT")
    reasons = conn.execute(
        "SELECT error_type || ': ' || left(reason, 160) AS r, count(*) FROM failed GROUP BY r ORDER BY 2 DESC LIMIT 5"
    ).fetchall()
    conn.close()
    size = db.stat().st_size
    return {
        "workers": workers,
        "articles": summary.coded,
        "duplicates": summary.exact_duplicates + summary.near_duplicates,
        "failed": summary.failed,
        "events": summary.events,
        "seconds": round(summary.seconds, 1),
        "articles_per_s": round(summary.articles_per_second, 2),
        "worker_peak_mb": sorted(round(v) for v in summary.worker_peak_mb.values()),
        "store_mb": round(size / 1e6, 2),
        "store_mb_per_1000_events": round(size / 1e6 / max(summary.events, 1) * 1000, 2),
        "failure_reasons": reasons,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--notes-per-article", type=int, default=6)
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"{EVAL} not found: the benchmark needs the shared evaluation data.", file=sys.stderr)
        return 1
    texts = build_texts(args.count, args.notes_per_article)
    words = sum(len(t["text"].split()) for t in texts)
    print(f"corpus: {len(texts)} texts, {words} words ({words / len(texts):.0f} words/text)", flush=True)
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        with open(corpus, "w", encoding="utf-8") as handle:
            for text in texts:
                handle.write(json.dumps(text, ensure_ascii=False) + "\n")
        results = []
        for workers in args.workers:
            result = run_once(corpus, workers, folder, len(texts))
            result["words_per_s"] = round(words / result["seconds"]) if result["seconds"] else 0
            results.append(result)
            print(json.dumps(result), flush=True)
    if len(results) >= 2 and results[0]["articles_per_s"]:
        print(f"speed-up {results[-1]['workers']} vs {results[0]['workers']} workers: "
              f"{results[-1]['articles_per_s'] / results[0]['articles_per_s']:.2f}x")
    print(f"client peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; cpus: {os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
