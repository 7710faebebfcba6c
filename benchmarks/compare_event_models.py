"""Score event-classifier models side by side on the same held-out sets (no training).

Usage::

    .venv/bin/python benchmarks/compare_event_models.py OLD.npz NEW_MODEL_DIR [...]

Sets (from :func:`eventwire.training.build_training_set`, seed 0): the held-out ACLED rows of calendar
year 2020, split by file (``global-2020.csv`` was never trained on by any model here; Benin's 2020 rows
were in the training data of the model shipped before ``eventwire train`` existed), their first
sentences, CASE 2021 task 2 dev and the CAMEO test split (evaluation only). Speed: sentences/s on the
held-out first sentences, batches of 256, one process. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.extract.events import EventClassifier  # noqa: E402
from eventwire.training import build_training_set, predicted_labels, score_labels, sentences_per_second  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"


def main() -> None:
    models = {path: EventClassifier.load(path) for path in sys.argv[1:]}
    if not models:
        sys.exit("Give one or more model files or directories to compare.")
    training = build_training_set(sorted((EVAL / "acled").glob("*.csv")), 0, EVAL)
    notes = training.held_out["acled_held_out_notes"]
    sets = {
        "acled_2020_notes_global-2020.csv": [t for t in notes if t.source == "global-2020.csv"],
        "acled_2020_notes_benin-2020-rows": [t for t in notes if t.source == "benin-2009-2022.csv"],
        "acled_2020_first_sentences_all": training.held_out["acled_held_out_first_sentences"],
        "case2021_task2_dev": training.held_out["case2021_task2_dev"],
        "cameo_test": training.held_out["cameo_test"],
    }
    report: dict = {"sets": {name: len(items) for name, items in sets.items()}, "models": {}}
    for path, classifier in models.items():
        scores = {
            name: score_labels([t.label for t in items], predicted_labels(classifier, [t.text for t in items]))
            for name, items in sets.items()
        }
        scores["sentences_per_second"] = round(
            sentences_per_second(classifier, [t.text for t in sets["acled_2020_first_sentences_all"]][:2000])
        )
        report["models"][path] = scores
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
