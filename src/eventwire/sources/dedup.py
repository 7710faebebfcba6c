"""Exact and near-duplicate detection for syndicated copies of one story.

* Exact: the article id is the SHA-256 of the text with whitespace normalised, so the same text from
  twenty sites is one id.
* Near: a MinHash signature of word 3-gram shingles (datasketch), indexed in a MinHash LSH. A wire
  story re-published with a different byline, a dateline or a trailing "Related:" block still matches.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable, Optional

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE_WORDS = 3
DEFAULT_THRESHOLD = 0.7
# Named explicitly: stored signatures are only comparable with ones made by the same scheme.
SCHEME = "affine32"
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def article_id(text: str) -> str:
    """The content hash that identifies an article's text (whitespace differences ignored)."""
    normalised = _SPACE.sub(" ", text).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:32]


def shingles(text: str) -> list[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words).encode("utf-8")] if words else []
    return [" ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8") for i in range(len(words) - SHINGLE_WORDS + 1)]


_TEMPLATE = MinHash(num_perm=NUM_PERM, scheme=SCHEME)


def signature(text: str) -> MinHash:
    """The MinHash signature of ``text`` (deterministic: datasketch's fixed seed)."""
    # The permutations depend only on the seed: shared from one template instead of rebuilt per article.
    minhash = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_TEMPLATE.permutations)
    minhash.update_batch(shingles(text))
    return minhash


def signature_bytes(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64), scheme=SCHEME)


class NearDuplicateIndex:
    """The articles coded so far, searchable by Jaccard similarity of their shingles."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        # Only the hash values are kept (1 kB an article), not MinHash objects with their permutations.
        self._signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: str, minhash: MinHash) -> None:
        if key not in self._signatures:
            self._lsh.insert(key, minhash)
            self._signatures[key] = np.asarray(minhash.hashvalues, dtype=np.uint64)

    def remove(self, key: str) -> None:
        if self._signatures.pop(key, None) is not None:
            self._lsh.remove(key)

    def add_all(self, entries: Iterable[tuple[str, bytes]]) -> None:
        for key, data in entries:
            self.add(key, signature_from_bytes(data))

    def best_match(self, minhash: MinHash) -> Optional[tuple[str, float]]:
        """The most similar indexed article at or above the threshold, with its estimated similarity.

        Ties are broken by key, so the answer does not depend on set iteration order.
        """
        values = np.asarray(minhash.hashvalues, dtype=np.uint64)
        candidates = self._lsh.query(minhash)
        # The share of equal hash values estimates the Jaccard similarity (what MinHash.jaccard computes).
        scored = [(float(np.mean(values == self._signatures[key])), key) for key in candidates]
        scored = [(score, key) for score, key in scored if score >= self.threshold]
        if not scored:
            return None
        score, key = min(scored, key=lambda pair: (-pair[0], pair[1]))
        return key, score
