"""Rebuild eventwire's shipped event classifier and print its held-out figures.

A thin wrapper around :func:`eventwire.training.train` (the same as ``eventwire train``)::

    .venv/bin/python scripts/train_events.py                         # rebuild the shipped model
    .venv/bin/python scripts/train_events.py --out /tmp/model_dir    # train elsewhere, ship nothing

By default it trains on every ACLED file in ``../shared/eval/acled/`` and uses the news corpora of
``../shared/eval`` (see the docstring of :mod:`eventwire.training` for what is used and held out).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.extract.events import DEFAULT_MODEL_DIR  # noqa: E402
from eventwire.training import (  # noqa: E402
    DEFAULT_WORD_VECTORS,
    DETECTOR_SUBTYPE_BALANCE_POWER,
    SUBTYPE_BALANCE_POWER,
    train,
)

DEFAULT_ACLED_DIR = ROOT.parent / "shared" / "eval" / "acled"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("acled_files", nargs="*", type=Path, help=f"ACLED CSV files (default: {DEFAULT_ACLED_DIR}/*.csv)")
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR, help="model directory to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--extra-data-dir", type=Path, default=None, help="directory laid out like ../shared/eval")
    parser.add_argument("--detector-power", type=float, default=DETECTOR_SUBTYPE_BALANCE_POWER,
                        help="up-weight rare sub-types among the detector's events (0 = class-balanced only)")
    parser.add_argument("--subtype-power", type=float, default=SUBTYPE_BALANCE_POWER,
                        help="sub-type class weights (mean/count)**power; 1 = fully balanced")
    parser.add_argument("--no-baseline", action="store_true", help="skip the TF-IDF + LinearSVC baseline")
    parser.add_argument("--word-vectors", type=Path, default=DEFAULT_WORD_VECTORS,
                        help="word-vector table joined to the TF-IDF features (scripts/build_word_vectors.py)")
    parser.add_argument("--no-word-vectors", action="store_true", help="train a TF-IDF-only model")
    args = parser.parse_args()
    files = args.acled_files or sorted(DEFAULT_ACLED_DIR.glob("*.csv"))
    report = train(
        files, args.out, seed=args.seed, extra_data_dir=args.extra_data_dir, with_baseline=not args.no_baseline,
        detector_power=args.detector_power, subtype_power=args.subtype_power,
        word_vectors=None if args.no_word_vectors else args.word_vectors,
    )
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
