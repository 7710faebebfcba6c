"""The fine-tuned sentence encoder: the accurate second opinion inside the event classifier.

The linear cascade (:mod:`eventwire.extract.events`) reads words and n-grams, which is fast and does well on
analysts' notes, but news says the same things in other words. This encoder is all-MiniLM-L6-v2 fine-tuned on
the cascade's own training texts and labels (``scripts/build_event_encoder.py``), exported to ONNX with int8
weights and run by onnxruntime: it reads each sentence in context and gives the same two answers as the cascade,
a detector logit (event / no event) and one logit per ACLED sub-type. :class:`EventClassifier` averages its
logits with the cascade's, but only for sentences the cascade gives at least ``ENCODER_BAR`` chance of being an
event (a cheap filter first: most sentences of a news article are not events, and the encoder costs about 50
times what the cascade does per sentence).

Files, in ``data/event_model/encoder/`` (or ``encoder/`` inside a model directory): ``model.onnx`` (inputs
``input_ids`` and ``attention_mask``, outputs ``detector`` and ``subtype``), ``tokenizer.json`` (the encoder's
WordPiece tokenizer, read by the ``tokenizers`` package) and ``encoder.json`` (the sub-types in the order of the
``subtype`` output, and how the model was built).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import DataError
from ..model import SUB_EVENT_TYPES

ENCODER_DIR_NAME = "encoder"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "encoder.json"
MAX_PIECES = 128  # the length the encoder was fine-tuned with; longer sentences are cut
THREADS_VARIABLE = "EVENTWIRE_ENCODER_THREADS"  # onnxruntime threads per process (default 1: one process a core)
REBUILD_ENCODER = "`python scripts/build_event_encoder.py` (needs `pip install -e \".[vectors]\"`)"


class SentenceEncoder:
    """Detector and sub-type logits for sentences from the fine-tuned encoder."""

    def __init__(self, session, tokenizer, subtypes: Sequence[str], meta: dict | None = None) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.subtypes = tuple(subtypes)
        self.meta = meta or {}

    @classmethod
    def load(cls, directory: str | Path) -> "SentenceEncoder":
        """Load the encoder written by ``scripts/build_event_encoder.py`` into ``directory``."""
        directory = Path(directory)
        missing = [name for name in (MODEL_FILE, TOKENIZER_FILE, META_FILE) if not (directory / name).is_file()]
        if missing:
            raise DataError(f"The sentence encoder in {directory} lacks {', '.join(missing)}; rebuild it with "
                            f"{REBUILD_ENCODER}, or turn it off with EVENTWIRE_ENCODER=off.")
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as error:  # both are install requirements; a partial install lacks them
            raise DataError(f"The sentence encoder needs the packages onnxruntime and tokenizers ({error}); "
                            "reinstall eventwire (`pip install -e .`), or turn the encoder off with "
                            "EVENTWIRE_ENCODER=off.") from error
        try:
            meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
            subtypes = meta["subtypes"]
            tokenizer = Tokenizer.from_file(str(directory / TOKENIZER_FILE))
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = _threads()
            options.inter_op_num_threads = 1
            session = onnxruntime.InferenceSession(str(directory / MODEL_FILE), options,
                                                   providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime and tokenizers raise their own exception types on a bad file
            raise DataError(f"The sentence encoder in {directory} cannot be read ({type(error).__name__}: {error}); "
                            f"rebuild it with {REBUILD_ENCODER}.") from error
        unknown = [s for s in subtypes if s not in SUB_EVENT_TYPES]
        if unknown or not subtypes:
            raise DataError(f"The sentence encoder in {directory} names unknown sub-event types {unknown}; "
                            f"rebuild it with {REBUILD_ENCODER}.")
        tokenizer.enable_truncation(MAX_PIECES)
        tokenizer.no_padding()
        return cls(session, tokenizer, subtypes, meta)

    def logits(self, sentences: Sequence[str], subtypes: Sequence[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(detector logits, sub-type logits) for the sentences; the sub-type columns in ``subtypes`` order
        (the encoder's own by default).

        One sentence per run: int8 models scale each run's activations by its own range, so a batch would make
        a sentence's verdict depend on the sentences beside it (and padding costs more than batching saves on
        one thread)."""
        columns = [self.subtypes.index(s) for s in subtypes] if subtypes is not None else list(range(len(self.subtypes)))
        detector = np.zeros(len(sentences), dtype=np.float32)
        subtype = np.zeros((len(sentences), len(columns)), dtype=np.float32)
        for row, encoded in enumerate(self._tokenizer.encode_batch(list(sentences))):
            inputs = {
                "input_ids": np.array([encoded.ids], dtype=np.int64),
                "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
            }
            detected, scored = self._session.run(["detector", "subtype"], inputs)
            detector[row] = detected[0]
            subtype[row] = scored[0, columns]
        return detector, subtype


def _threads() -> int:
    value = os.environ.get(THREADS_VARIABLE, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else 1
