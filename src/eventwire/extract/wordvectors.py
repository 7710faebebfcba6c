"""Static word vectors: what a sentence is about, beyond the exact n-grams the TF-IDF features saw.

The event classifier learns from analysts' notes and must work on news, which says the same things in other
words ("shelled" / "pounded with artillery", "protesters" / "demonstrators"). Each word here has a 256-number
vector distilled from the all-MiniLM-L6-v2 sentence encoder: the encoder's vector for the word, averaged over
the sentences of the classifier's training texts in which it occurs, reduced by PCA
(``scripts/build_word_vectors.py``; origin and licence in ``data/README-event-model.md``). A sentence vector
is the mean of its known words' vectors, L2-normalised: a table lookup, so the classifier keeps TF-IDF speed
and needs no neural-network library at run time.

The table is a plain ``.npz`` (no pickles): ``words`` (the "\\n"-joined lower-case words, row order),
``vectors`` (float16, one row per word) and ``meta`` (a JSON description of how it was built).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import DataError
from .npzfile import open_npz, text_array, text_lines

WORD_VECTORS_FILE_NAME = "word_vectors.npz"
# Runs of letters in lower-cased text: digits and punctuation split words ("al-Shabaab" -> al, shabaab).
WORD = re.compile(r"[^\W\d_]+")


def tokenise(text: str) -> list[str]:
    """The words a sentence vector is built from."""
    return WORD.findall(text.lower())


class WordVectors:
    """A word -> vector table and the sentence vectors built from it."""

    def __init__(self, words: Sequence[str], vectors: np.ndarray, meta: dict | None = None) -> None:
        self.index = {word: row for row, word in enumerate(words)}
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.meta = meta or {}
        if self.vectors.ndim != 2 or self.vectors.shape[0] != len(self.index):
            raise DataError(f"Word-vector table of shape {self.vectors.shape} for {len(self.index)} words.")

    @property
    def dims(self) -> int:
        return self.vectors.shape[1]

    @classmethod
    def load(cls, path: str | Path) -> "WordVectors":
        with open_npz(Path(path), "The word-vector table", "`python scripts/build_word_vectors.py`") as data:
            meta = json.loads("\n".join(text_lines(data["meta"]))) if "meta" in data else {}
            return cls(text_lines(data["words"]), data["vectors"], meta)

    def save(self, path: str | Path) -> None:
        words = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(
            path,
            words=text_array(words),
            vectors=self.vectors.astype(np.float16),
            meta=text_array([json.dumps(self.meta, sort_keys=True)]),
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised row per text (a zero row for a text with no known word)."""
        rows: list[int] = []
        columns: list[int] = []
        for row, text in enumerate(texts):
            known = [i for i in map(self.index.get, tokenise(text)) if i is not None]
            columns.extend(known)
            rows.extend([row] * len(known))
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        if columns:
            row_ids = np.asarray(rows, dtype=np.int64)
            starts = np.flatnonzero(np.r_[True, row_ids[1:] != row_ids[:-1]])
            # Sums, not means: the divisor cancels in the normalisation below.
            out[row_ids[starts]] = np.add.reduceat(self.vectors[np.asarray(columns, dtype=np.int64)], starts, axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms
