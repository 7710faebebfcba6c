"""Throughput of ``eventwire extract`` against spaCy's full small pipeline alone, on the same texts.

Usage:
    python benchmarks/throughput.py [--docs 500] [--muc4 ../shared/eval/news/muc4]

"eventwire, encoder off" is the same pipeline with ``EVENTWIRE_ENCODER=off`` (the linear cascade without the
sentence encoder's second opinion). Every run uses one core (BLAS and OpenMP threads pinned to 1) and runs in its
own child process, so that each one's peak memory (max RSS) is its own. Texts: MUC-4 news documents (train + dev),
read from ../shared/eval (never copied into the repository).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

MODES = {
    "spacy": "spaCy full pipeline alone",
    "eventwire": "eventwire extract",
    "eventwire-fast": "eventwire, encoder off",
}
DEFAULT_MUC4 = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "news" / "muc4"


def load_texts(muc4: Path, limit: int) -> list[str]:
    texts: list[str] = []
    for name in ("train.json", "dev.json"):
        path = muc4 / name
        if path.exists():
            texts.extend(item["doc"] for item in json.loads(path.read_text()).values())
    if not texts:
        sys.exit(f"No MUC-4 documents under {muc4}: pass --muc4 PATH (the folder with train.json and dev.json).")
    return texts[:limit]


def run_mode(mode: str, texts: list[str]) -> dict:
    """Time one mode in this process; return its figures."""
    if mode == "spacy":
        import importlib

        from eventwire.nlp import PIPELINE_PACKAGES

        # The stock pipeline, exactly as its package loads it (parser on, senter off).
        nlp = importlib.import_module(PIPELINE_PACKAGES[0]).load()
        nlp.max_length = 2_000_000
        nlp(texts[0])  # warm-up, not timed
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        seconds = time.perf_counter() - start
        events = None
    else:
        if mode == "eventwire-fast":
            os.environ["EVENTWIRE_ENCODER"] = "off"  # the linear cascade alone
        import eventwire
        from eventwire.model import Article

        pipeline = eventwire.get_pipeline()
        pipeline(Article(text=texts[0]))  # warm-up: loads models, not timed
        start = time.perf_counter()
        events = sum(len(doc.events) for doc in pipeline.pipe(Article(text=text) for text in texts))
        seconds = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    return {
        "mode": mode,
        "docs": len(texts),
        "words": words,
        "seconds": round(seconds, 2),
        "docs_per_s": round(len(texts) / seconds, 2),
        "words_per_s": round(words / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "events": events,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=500, help="number of documents (default 500)")
    parser.add_argument("--muc4", type=Path, default=DEFAULT_MUC4, help="folder with MUC-4 train.json/dev.json")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = load_texts(args.muc4, args.docs)
    if args.child:
        print(json.dumps(run_mode(args.child, texts)))
        return
    results = []
    for mode in MODES:
        out = subprocess.run(
            [sys.executable, __file__, "--docs", str(args.docs), "--muc4", str(args.muc4), "--child", mode],
            check=True, capture_output=True, text=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'mode':<28}{'docs':>6}{'words':>9}{'sec':>8}{'docs/s':>8}{'words/s':>9}{'peak MB':>9}")
    for r in results:
        print(f"{MODES[r['mode']]:<28}{r['docs']:>6}{r['words']:>9}{r['seconds']:>8}{r['docs_per_s']:>8}"
              f"{r['words_per_s']:>9}{r['peak_rss_mb']:>9}")
    for r in results[1:]:
        print(f"{MODES[r['mode']]} / spaCy speed: {r['words_per_s'] / results[0]['words_per_s']:.2f}x; "
              f"events coded: {r['events']}")


if __name__ == "__main__":
    main()
