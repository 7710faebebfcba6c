"""The fine-tuned sentence encoder: the accurate second opinion inside the event classifier.

The linear cascade (:mod:`eventwire.extract.events`) reads words and n-grams, which is fast and does well on
analysts' notes, but news says the same things in other words. This encoder is all-MiniLM-L6-v2 fine-tuned on
the cascade's own training texts and labels (``scripts/build_event_encoder.py``), exported to ONNX with int8
weights and run by onnxruntime: it reads each sentence in context and gives the same two answers as the cascade,
a detector logit (event / no event) and one logit per ACLED sub-type; an encoder built since the actor-type heads
exist also gives one logit per ACLED actor type for actor1 and for actor2 (0 = no second actor).
:class:`EventClassifier` averages its logits with the cascade's, but only for sentences the cascade gives at least
``ENCODER_BAR`` chance of being an event (a cheap filter first: most sentences of a news article are not events,
and the encoder costs about 50 times what the cascade does per sentence).

Files, in ``data/event_model/encoder/`` (or ``encoder/`` inside a model directory): ``model.onnx`` (inputs
``input_ids`` and ``attention_mask``, outputs ``detector``, ``subtype`` and, in newer files, ``actor1`` and
``actor2``), ``tokenizer.json`` (the encoder's WordPiece tokenizer, read by the ``tokenizers`` package) and
``encoder.json`` (the sub-types in the order of the ``subtype`` output, the actor-type codes in the order of the
``actor1`` / ``actor2`` outputs, and how the model was built).
"""

from __future__ import annotations

import collections
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
ACTOR1_CODES = (1, 2, 3, 4, 5, 6, 7, 8)  # ACLED's actor types, the order of the ``actor1`` output
ACTOR2_CODES = (0, 1, 2, 3, 4, 5, 6, 7, 8)  # the same and 0 for "no second actor", the order of ``actor2``
OUTPUTS = ("detector", "subtype", "actor1", "actor2")
ACTOR_TYPE_CACHE = 256  # sentences whose actor-type logits are kept from the run that scored them
REBUILD_ENCODER = "`python scripts/build_event_encoder.py` (needs `pip install -e \".[vectors]\"`)"


class SentenceEncoder:
    """Detector and sub-type logits for sentences from the fine-tuned encoder."""

    def __init__(self, session, tokenizer, subtypes: Sequence[str], meta: dict | None = None) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self.subtypes = tuple(subtypes)
        self.meta = meta or {}
        outputs = {output.name for output in session.get_outputs()}
        self.has_actor_types = {"actor1", "actor2"} <= outputs
        self._outputs = list(OUTPUTS) if self.has_actor_types else ["detector", "subtype"]
        # The actor-type logits of the sentences scored last: the pipeline asks for them right after the event
        # verdict, and the run that gave the verdict gave them too.
        self._actor_types: collections.OrderedDict[str, tuple[np.ndarray, np.ndarray]] = collections.OrderedDict()

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
        for row, sentence in enumerate(sentences):
            detected, scored = self._run(sentence)[:2]
            detector[row] = detected[0]
            subtype[row] = scored[0, columns]
        return detector, subtype

    def actor_type_logits(self, sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(actor1 logits in ``ACTOR1_CODES`` order, actor2 logits in ``ACTOR2_CODES`` order) for the sentences;
        a :class:`DataError` for an encoder built without actor-type heads."""
        if not self.has_actor_types:
            raise DataError(f"This sentence encoder has no actor-type heads; rebuild it with {REBUILD_ENCODER}.")
        actor1 = np.zeros((len(sentences), len(ACTOR1_CODES)), dtype=np.float32)
        actor2 = np.zeros((len(sentences), len(ACTOR2_CODES)), dtype=np.float32)
        for row, sentence in enumerate(sentences):
            cached = self._actor_types.get(sentence)
            if cached is None:
                self._run(sentence)
                cached = self._actor_types[sentence]
            actor1[row], actor2[row] = cached
        return actor1, actor2

    def _run(self, sentence: str) -> list[np.ndarray]:
        encoded = self._tokenizer.encode(sentence)
        inputs = {
            "input_ids": np.array([encoded.ids], dtype=np.int64),
            "attention_mask": np.array([encoded.attention_mask], dtype=np.int64),
        }
        results = self._session.run(self._outputs, inputs)
        if self.has_actor_types:
            self._actor_types[sentence] = (results[2][0], results[3][0])
            if len(self._actor_types) > ACTOR_TYPE_CACHE:
                self._actor_types.popitem(last=False)
        return results


def _threads() -> int:
    value = os.environ.get(THREADS_VARIABLE, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else 1
