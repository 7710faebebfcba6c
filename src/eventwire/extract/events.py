"""Event classification: does a sentence report a codable ACLED event, and of which sub-type?

A two-stage cascade of linear models over TF-IDF word and character n-grams:

1. a *detector* (binary logistic regression) decides event / no event;
2. a *sub-type classifier* (multinomial logistic regression over ACLED's 25 sub-event types)
   names the sub-type; the event type is the sub-type's parent in ACLED's codebook.

Only sentences the detector keeps get the expensive dependency parse downstream, so the
detector threshold trades speed (precision) against recall.

The model is a plain ``.npz`` file (vocabulary, idf weights, coefficients; no pickles), written by
:func:`eventwire.training.train` (``eventwire train``, ``scripts/train_events.py``) and read
here with numpy alone, so it does not depend on the scikit-learn version. The feature extraction below is the single definition used by both
training and inference, which keeps the two in step by construction.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
from scipy import sparse

from ..errors import DataError
from ..model import SUB_EVENT_TYPES
from .encoder import ACTOR1_CODES, ACTOR2_CODES, ENCODER_DIR_NAME, SentenceEncoder
from .npzfile import open_npz, text_array, text_lines
from .wordvectors import WORD_VECTORS_FILE_NAME, WordVectors

MODEL_FILE_NAME = "event_model.npz"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "event_model"
DEFAULT_MODEL_PATH = DEFAULT_MODEL_DIR / MODEL_FILE_NAME
# A model directory written by `eventwire train --out DIR` replaces the shipped model when this is set.
MODEL_DIR_VARIABLE = "EVENTWIRE_MODEL_DIR"
# 1: TF-IDF only; 2: TF-IDF and word vectors. This eventwire reads both.
MODEL_FORMAT_VERSION = 2
READABLE_FORMAT_VERSIONS = (1, 2)
DEFAULT_THRESHOLD = 0.5
# The sentence encoder's second opinion is asked only where the cascade gives an event at least this chance:
# below it the averaged verdict almost never changes (chosen on held-out 2020 notes and CAMEO test sentences;
# benchmarks/RESULTS.md, section 3, sixth session), and it spares the encoder most sentences of an article.
ENCODER_BAR = 0.1
# How much the encoder's vote weighs against the cascade's. Its sub-type vote counts as much as the cascade's, its
# event / no-event vote half as much: the encoder learned from the same texts, where nearly every non-event is news
# prose and nearly every event an analyst's note, and being the stronger reader of style it takes news prose for a
# non-event too readily (the bundled Mosul article's "the Iraqi Military has been successful in retaking control of
# ...": 0.10). Held-out notes score the same with a third or a half; letting it only raise the cascade's verdict,
# never lower it, found an event in more MUC-4 articles at the same precision but made more false events of CAMEO's
# news sentences (benchmarks/RESULTS.md, section 3, sixth session).
ENCODER_DETECTOR_WEIGHT = 1 / 3
ENCODER_SUBTYPE_WEIGHT = 1 / 2
# And for the actor types (an encoder with actor-type heads only): half way named inter1 and inter2 best on held-out
# notes (none, three quarters or all the way less well; benchmarks/RESULTS.md, section 3, seventh session).
ENCODER_ACTOR_TYPE_WEIGHT = 1 / 2
ENCODER_VARIABLE = "EVENTWIRE_ENCODER"  # "off" turns the encoder off (the linear cascade alone: faster)
REBUILD_MODEL = "`eventwire train ACLED_FILES... --out DIR` (or `python scripts/train_events.py`)"

# --- text normalisation ------------------------------------------------------------------------
# ACLED notes open with the event date ("On 23 February 2022, ...", "Around 5 May 2020, ...");
# news sentences rarely do. Removing it makes notes read like the news sentences we classify.
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_LEADING_DATE = re.compile(
    r"^\s*(?:(?:on|around|between|from|since|during|by|in|as reported on|as of|overnight on|"
    r"on or around|on the night of|in the night of|the night of|in early|in late|in mid|"
    r"starting|until|beginning)\s+)*"
    r"[^,.;]{0,40}?\b(?:\d{1,2}[-\s]?" + _MONTHS + r"\b|" + _MONTHS + r"\s+\d{1,2}\b|" + _MONTHS + r")"
    r"[^,.;]{0,30}?(?:\b(?:19|20)\d{2}\b|-\d{2}\b)[^,;]{0,25}?,\s*",
    re.IGNORECASE,
)
# "Property destruction: On ...", "Movement of forces: ..." are ACLED's own labels, not news wording.
_LEADING_LABEL = re.compile(r"^\s*[A-Z][A-Za-z /-]{2,30}:\s+(?=[A-Z])")
_BRACKETED_TAG = re.compile(r"\[[^\]]*\]")
_CODING_REMARK = re.compile(r"\((?:coded|as reported|note|acled)[^)]*\)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
# Trailing attribution (", police said on Monday.", ", according to a monitor.") says who reported
# the event, not what happened. Wire copy almost always has it and ACLED notes almost never do, so
# left in place it teaches the model that "X said" means "no event".
_REPORTING_VERBS = r"(?:said|says|say|reported|reports|told [^,.]{1,40}|announced|added|stated|claimed|confirmed)"
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|on \w+|late \w+|earlier|later)"
_TRAILING_ATTRIBUTION = re.compile(
    r"(?:,\s*|\s+)(?:(?:[^,.;]{0,60}?\s)?" + _REPORTING_VERBS + r"(?:\s+" + _WEEKDAYS + r")*"
    r"|according to [^,;]{0,80}?)\s*([.!?]?)\s*$",
    re.IGNORECASE,
)


def normalise_text(text: str) -> str:
    """Strip ACLED note boilerplate (leading date clause, ``[size=...]`` tags, ``(coded as ...)``
    remarks, ``Label:`` prefixes), a trailing news attribution (", police said Monday.") and
    collapse whitespace."""
    text = _BRACKETED_TAG.sub(" ", text)
    text = _CODING_REMARK.sub(" ", text)
    text = _LEADING_LABEL.sub("", text)
    text = _LEADING_DATE.sub("", text, count=1)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACES.sub(" ", text)).strip()
    stripped = _TRAILING_ATTRIBUTION.sub(r"\1", text)
    if len(stripped) >= 20:  # keep short texts whole rather than reduce them to nothing
        text = stripped
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


# --- features ----------------------------------------------------------------------------------
_WORD = re.compile(r"\b\w\w+\b")
_DIGIT = re.compile(r"\d")
CHAR_NGRAM_SIZES = (3, 4, 5)


def extract_features(text: str) -> list[str]:
    """The n-gram features of one text: word unigrams and bigrams ("w:"), and character 3-5-grams
    inside word boundaries ("c:"), lowercased with digits folded to 0 (counts matter, not values).

    Training (through scikit-learn's CountVectorizer with this function as analyzer) and inference
    both call exactly this function."""
    return normalised_features(normalise_text(text))


def normalised_features(normalised: str) -> list[str]:
    """:func:`extract_features` of a text already passed through :func:`normalise_text`."""
    lowered = _DIGIT.sub("0", normalised.lower())
    words = _WORD.findall(lowered)
    features = ["w:" + w for w in words]
    features.extend("w:" + a + " " + b for a, b in zip(words, words[1:]))
    for word in words:
        padded = " " + word + " "
        length = len(padded)
        for size in CHAR_NGRAM_SIZES:
            if length < size:
                break
            features.extend("c:" + padded[i : i + size] for i in range(length - size + 1))
    return features


# --- the model ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventPrediction:
    """The classifier's verdict on one sentence. ``event_type``/``sub_event_type`` are None for
    "no event". ``probability`` is the probability of the verdict: P(event) x P(sub-type | event)
    for an event, 1 - P(event) for no event."""

    event_type: str | None
    sub_event_type: str | None
    probability: float

    @property
    def is_event(self) -> bool:
        return self.sub_event_type is not None


@dataclass(frozen=True)
class ActorTypes:
    """What a sentence's wording says about the kinds of actor in its event: P(inter1 = code) for ACLED's eight
    actor-type codes, and P(inter2 = code) with 0 for "no second actor"."""

    actor1: dict[int, float]
    actor2: dict[int, float]


@dataclass(frozen=True)
class LinearModelWeights:
    """Everything the cascade needs at inference, as plain arrays."""

    vocabulary: dict[str, int]
    idf: np.ndarray  # (n_features,)
    detector_coef: np.ndarray  # (n_features,)
    detector_intercept: float
    subtype_coef: np.ndarray  # (n_features, n_subtypes)
    subtype_intercept: np.ndarray  # (n_subtypes,)
    subtypes: tuple[str, ...]
    threshold: float
    # The word-vector block (absent in TF-IDF-only models): coefficients over the sentence vector of
    # ``word_vectors.npz`` beside the model file, whose rows are scaled by ``dense_scale`` in training.
    dense_detector_coef: np.ndarray | None = None  # (dims,)
    dense_subtype_coef: np.ndarray | None = None  # (dims, n_subtypes)
    dense_scale: float = 0.0
    # The actor-type head (optional): one logistic regression for inter1 and one for inter2 over the same features,
    # their columns side by side; ``actor_type_labels`` names each column "1:<code>" (inter1) or "2:<code>" (inter2).
    actor_type_coef: np.ndarray | None = None  # (n_features, n_columns)
    actor_type_intercept: np.ndarray | None = None  # (n_columns,)
    actor_type_labels: tuple[str, ...] = ()
    dense_actor_type_coef: np.ndarray | None = None  # (dims, n_columns), with word vectors

    @property
    def uses_word_vectors(self) -> bool:
        return self.dense_detector_coef is not None

    @property
    def has_actor_types(self) -> bool:
        return self.actor_type_coef is not None


class EventClassifier:
    """Event / no-event detection plus ACLED sub-type classification for sentences.

    ``threshold`` is the detector probability above which a sentence counts as an event; lower it
    for recall, raise it for precision (fewer sentences sent to the dependency parser)."""

    def __init__(self, weights: LinearModelWeights, threshold: float | None = None,
                 word_vectors: WordVectors | None = None, encoder: SentenceEncoder | None = None) -> None:
        self._weights = weights
        self._word_vectors = word_vectors
        self._encoder = encoder
        if encoder is not None and not set(weights.subtypes) <= set(encoder.subtypes):
            raise DataError("The sentence encoder does not know every sub-type of the event model; rebuild the "
                            f"encoder for it, or turn it off with {ENCODER_VARIABLE}=off.")
        if weights.uses_word_vectors:
            if word_vectors is None or word_vectors.dims != len(weights.dense_detector_coef):
                raise DataError(
                    "The event model needs the word-vector table it was trained with (word_vectors.npz beside "
                    f"the model file); rebuild both with {REBUILD_MODEL}."
                )
            # The training-time scale folded into the coefficients once.
            self._dense_detector_coef = weights.dense_detector_coef.astype(np.float32) * weights.dense_scale
            self._dense_subtype_coef = weights.dense_subtype_coef.astype(np.float32) * weights.dense_scale
            if weights.has_actor_types:
                self._dense_actor_type_coef = weights.dense_actor_type_coef.astype(np.float32) * weights.dense_scale
        self._vocabulary = weights.vocabulary
        # Fold idf into the coefficients' rows once: score = normalise(tf * idf) @ coef.
        self._idf = weights.idf.astype(np.float32)
        self._detector_coef = weights.detector_coef.astype(np.float32)
        self._subtype_coef = weights.subtype_coef.astype(np.float32)
        self.threshold = weights.threshold if threshold is None else threshold
        for subtype in weights.subtypes:
            if subtype not in SUB_EVENT_TYPES:
                raise DataError(
                    f"The event model names an unknown sub-event type {subtype!r}; rebuild it with {REBUILD_MODEL}."
                )

    @property
    def weights(self) -> LinearModelWeights:
        """The arrays behind this classifier (for saving, or a copy with another threshold)."""
        return self._weights

    @property
    def subtypes(self) -> tuple[str, ...]:
        return self._weights.subtypes

    @property
    def word_vectors(self) -> WordVectors | None:
        return self._word_vectors

    @property
    def encoder(self) -> SentenceEncoder | None:
        """The fine-tuned sentence encoder whose logits are averaged with the cascade's, or None."""
        return self._encoder

    # -- loading ------------------------------------------------------------------------------
    @classmethod
    def default(cls) -> "EventClassifier":
        """The model shipped in the package, or the model directory named by the
        ``EVENTWIRE_MODEL_DIR`` environment variable, with the sentence encoder unless
        ``EVENTWIRE_ENCODER=off``; loaded once per process (per setting)."""
        return cls._cached(default_model_path(), encoder_enabled())

    @classmethod
    @functools.lru_cache(maxsize=4)
    def _cached(cls, path: Path, with_encoder: bool) -> "EventClassifier":
        return cls.load(path, with_encoder=with_encoder)

    @classmethod
    def load(cls, path: str | Path, with_encoder: bool = False) -> "EventClassifier":
        """Load a model written by :func:`save_weights`: the ``.npz`` file itself, or a model
        directory written by ``eventwire train --out DIR`` (:func:`eventwire.training.train`).
        ``with_encoder``: also load the sentence encoder, the model directory's own ``encoder/`` when it has
        one, else the shipped one."""
        path = Path(path)
        if path.is_dir():
            path = path / MODEL_FILE_NAME
        weights = load_weights(path)
        vectors = WordVectors.load(path.parent / WORD_VECTORS_FILE_NAME) if weights.uses_word_vectors else None
        encoder = None
        if with_encoder:
            own = path.parent / ENCODER_DIR_NAME
            encoder = SentenceEncoder.load(own if own.is_dir() else DEFAULT_MODEL_DIR / ENCODER_DIR_NAME)
        return cls(weights, word_vectors=vectors, encoder=encoder)

    # -- inference ----------------------------------------------------------------------------
    def vectorise(self, sentences: Sequence[str]) -> sparse.csr_matrix:
        """L2-normalised TF-IDF rows for the sentences (unknown n-grams are ignored)."""
        return self._tfidf([normalise_text(s) for s in sentences])

    def _scores(self, sentences: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Detector logits and sub-type logits, one row per sentence."""
        normalised = [normalise_text(s) for s in sentences]
        features, dense = self._features(normalised)
        detector = features @ self._detector_coef + self._weights.detector_intercept
        subtype = features @ self._subtype_coef + self._weights.subtype_intercept
        if dense is not None:
            detector = detector + dense @ self._dense_detector_coef
            subtype = subtype + dense @ self._dense_subtype_coef
        if self._encoder is not None:
            detector, subtype = self._with_encoder(normalised, np.asarray(detector), np.asarray(subtype))
        return detector, subtype

    def _features(self, normalised: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray | None]:
        """The TF-IDF rows and, for a model with word vectors, the sentence vectors."""
        dense = self._word_vectors.embed(normalised) if self._weights.uses_word_vectors else None
        return self._tfidf(normalised), dense

    def _with_encoder(self, normalised: Sequence[str], detector: np.ndarray,
                      subtype: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where the cascade gives an event at least ``ENCODER_BAR`` chance, its logits moved towards the encoder's
        (by ``ENCODER_DETECTOR_WEIGHT`` and ``ENCODER_SUBTYPE_WEIGHT``): a weighted geometric mean of the two
        models' probabilities."""
        asked = np.flatnonzero(detector >= np.log(ENCODER_BAR / (1.0 - ENCODER_BAR)))
        if asked.size == 0:
            return detector, subtype
        encoder_detector, encoder_subtype = self._encoder.logits([normalised[i] for i in asked], self.subtypes)
        detector, subtype = detector.astype(np.float64), subtype.astype(np.float64)
        detector[asked] += ENCODER_DETECTOR_WEIGHT * (encoder_detector - detector[asked])
        subtype[asked] += ENCODER_SUBTYPE_WEIGHT * (encoder_subtype - subtype[asked])
        return detector, subtype

    def _tfidf(self, normalised: Sequence[str]) -> sparse.csr_matrix:
        vocabulary = self._vocabulary
        indptr = [0]
        indices: list[int] = []
        for sentence in normalised:
            ids = [i for i in map(vocabulary.get, normalised_features(sentence)) if i is not None]
            indices.extend(ids)
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        matrix = sparse.csr_matrix(
            (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
            shape=(len(normalised), len(self._idf)),
        )
        matrix.sum_duplicates()  # repeated n-grams become counts
        matrix = matrix.multiply(self._idf).tocsr()
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.diags(1.0 / norms).dot(matrix).tocsr()

    def event_probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """P(event) for each sentence."""
        if not sentences:
            return np.zeros(0)
        return _sigmoid(self._scores(sentences)[0])

    def subtype_probabilities(self, sentences: Sequence[str]) -> np.ndarray:
        """P(sub-type | event), one row per sentence, columns in :attr:`subtypes` order."""
        if not sentences:
            return np.zeros((0, len(self.subtypes)))
        return _softmax(self._scores(sentences)[1])

    @property
    def has_actor_types(self) -> bool:
        """Whether the model can say which kinds of actor a sentence's event involves (:meth:`actor_types`)."""
        return self._weights.has_actor_types

    def actor_types(self, sentences: Sequence[str]) -> list[ActorTypes | None]:
        """For each sentence, how likely each ACLED actor type is as actor1 and as actor2 of the event it reports
        (learnt from the analysts' inter1 / inter2 codes); None for every sentence when the model has no actor-type
        head (a model trained before it existed)."""
        if not self.has_actor_types:
            return [None] * len(sentences)
        if not sentences:
            return []
        normalised = [normalise_text(s) for s in sentences]
        features, dense = self._features(normalised)
        logits = np.asarray(features @ self._weights.actor_type_coef + self._weights.actor_type_intercept)
        if dense is not None:
            logits = logits + dense @ self._dense_actor_type_coef
        slots = [(int(label[0]), int(label[2:])) for label in self._weights.actor_type_labels]
        by_slot = {}
        for slot in (1, 2):
            columns = [i for i, (s, _) in enumerate(slots) if s == slot]
            codes = [slots[i][1] for i in columns]
            slot_logits = logits[:, columns].astype(np.float64)
            if self._encoder is not None and self._encoder.has_actor_types:
                slot_logits = self._encoder_actor_types(normalised, slot, codes, slot_logits)
            by_slot[slot] = [dict(zip(codes, map(float, row))) for row in _softmax(slot_logits)]
        return [ActorTypes(actor1=first, actor2=second) for first, second in zip(by_slot[1], by_slot[2])]

    def _encoder_actor_types(self, normalised: Sequence[str], slot: int, codes: list[int],
                             logits: np.ndarray) -> np.ndarray:
        """The word-bag head's logits for one slot moved towards the encoder's by ``ENCODER_ACTOR_TYPE_WEIGHT``
        (the encoder reads word order: who acted on whom). Codes the encoder lacks keep the head's logit."""
        encoder_logits = self._encoder.actor_type_logits(normalised)[slot - 1]
        encoder_codes = ACTOR1_CODES if slot == 1 else ACTOR2_CODES
        for column, code in enumerate(codes):
            if code in encoder_codes:
                theirs = encoder_logits[:, encoder_codes.index(code)]
                logits[:, column] += ENCODER_ACTOR_TYPE_WEIGHT * (theirs - logits[:, column])
        return logits

    def predict(self, sentences: list[str], threshold: float | None = None) -> list[EventPrediction]:
        """Classify a batch of sentences (batching amortises the matrix products); ``threshold``
        overrides the detector's for this call."""
        if not sentences:
            return []
        threshold = self.threshold if threshold is None else threshold
        detector, subtype = self._scores(sentences)
        p_event = _sigmoid(detector)
        p_subtype = _softmax(subtype)
        best = p_subtype.argmax(axis=1)
        predictions = []
        for row, p in enumerate(p_event):
            if p < threshold:
                predictions.append(EventPrediction(None, None, float(1.0 - p)))
                continue
            subtype = self.subtypes[best[row]]
            predictions.append(
                EventPrediction(SUB_EVENT_TYPES[subtype], subtype, float(p * p_subtype[row, best[row]]))
            )
        return predictions

    def predict_one(self, sentence: str) -> EventPrediction:
        """Convenience wrapper around :meth:`predict` for a single sentence."""
        return self.predict([sentence])[0]


def encoder_enabled() -> bool:
    """Whether the default classifier uses the sentence encoder: yes unless ``EVENTWIRE_ENCODER`` is
    ``off`` (or ``0``, ``false``, ``no``)."""
    return os.environ.get(ENCODER_VARIABLE, "").strip().lower() not in {"off", "0", "false", "no"}


def default_model_path() -> Path:
    """``$EVENTWIRE_MODEL_DIR`` when set (a directory written by ``eventwire train``), else the
    model shipped in the package."""
    override = os.environ.get(MODEL_DIR_VARIABLE, "").strip()
    return Path(override).expanduser() if override else DEFAULT_MODEL_PATH


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def _softmax(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


# --- storage -----------------------------------------------------------------------------------
def save_weights(weights: LinearModelWeights, path: Path) -> None:
    """Write the weights as a compressed ``.npz`` of plain arrays (no pickles). Coefficients are
    stored as float16: the rounding changes no prediction in practice and halves the file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    terms = sorted(weights.vocabulary, key=weights.vocabulary.__getitem__)
    dense = {}
    if weights.uses_word_vectors:
        dense = {"dense_detector_coef": weights.dense_detector_coef.astype(np.float16),
                 "dense_subtype_coef": weights.dense_subtype_coef.astype(np.float16),
                 "dense_scale": np.array(weights.dense_scale, dtype=np.float64)}
    if weights.has_actor_types:
        dense["actor_type_coef"] = weights.actor_type_coef.astype(np.float16)
        dense["actor_type_intercept"] = weights.actor_type_intercept.astype(np.float64)
        dense["actor_type_labels"] = text_array(weights.actor_type_labels)
        if weights.uses_word_vectors:
            dense["dense_actor_type_coef"] = weights.dense_actor_type_coef.astype(np.float16)
    np.savez_compressed(
        path,
        **dense,
        format_version=np.array(MODEL_FORMAT_VERSION if weights.uses_word_vectors else 1),
        vocabulary=text_array(terms),
        idf=weights.idf.astype(np.float16),
        detector_coef=weights.detector_coef.astype(np.float16),
        detector_intercept=np.array(weights.detector_intercept, dtype=np.float64),
        subtype_coef=weights.subtype_coef.astype(np.float16),
        subtype_intercept=weights.subtype_intercept.astype(np.float64),
        subtypes=text_array(weights.subtypes),
        threshold=np.array(weights.threshold, dtype=np.float64),
    )


def load_weights(path: Path) -> LinearModelWeights:
    """Read weights written by :func:`save_weights`, checking shapes so a damaged file fails loudly."""
    with open_npz(path, "The event model", REBUILD_MODEL) as data:
        version = int(data["format_version"])
        if version not in READABLE_FORMAT_VERSIONS:
            raise DataError(
                f"The event model {path} has format version {version}, this eventwire reads "
                f"{' and '.join(map(str, READABLE_FORMAT_VERSIONS))}. Rebuild it with {REBUILD_MODEL}."
            )
        weights = LinearModelWeights(
            vocabulary={term: i for i, term in enumerate(text_lines(data["vocabulary"]))},
            idf=data["idf"].astype(np.float32),
            detector_coef=data["detector_coef"].astype(np.float32),
            detector_intercept=float(data["detector_intercept"]),
            subtype_coef=data["subtype_coef"].astype(np.float32),
            subtype_intercept=data["subtype_intercept"].astype(np.float64),
            subtypes=tuple(text_lines(data["subtypes"])),
            threshold=float(data["threshold"]),
            **_dense_weights(data, version),
            **_actor_type_weights(data, version),
        )
    _check_shapes(weights, path)
    return weights


def _dense_weights(data, version: int) -> dict:
    if version < 2:
        return {}
    return {"dense_detector_coef": data["dense_detector_coef"].astype(np.float32),
            "dense_subtype_coef": data["dense_subtype_coef"].astype(np.float32),
            "dense_scale": float(data["dense_scale"])}


def _actor_type_weights(data, version: int) -> dict:
    """The optional actor-type head (absent from models trained before it)."""
    if "actor_type_coef" not in data.files:
        return {}
    weights = {"actor_type_coef": data["actor_type_coef"].astype(np.float32),
               "actor_type_intercept": data["actor_type_intercept"].astype(np.float64),
               "actor_type_labels": tuple(text_lines(data["actor_type_labels"]))}
    if version >= 2:
        weights["dense_actor_type_coef"] = data["dense_actor_type_coef"].astype(np.float32)
    return weights


def _check_shapes(weights: LinearModelWeights, path: Path) -> None:
    n_features = len(weights.vocabulary)
    expected = {
        "idf": (weights.idf.shape, (n_features,)),
        "detector_coef": (weights.detector_coef.shape, (n_features,)),
        "subtype_coef": (weights.subtype_coef.shape, (n_features, len(weights.subtypes))),
        "subtype_intercept": (weights.subtype_intercept.shape, (len(weights.subtypes),)),
    }
    if weights.uses_word_vectors:
        dims = len(weights.dense_detector_coef)
        expected["dense_subtype_coef"] = (weights.dense_subtype_coef.shape, (dims, len(weights.subtypes)))
    if weights.has_actor_types:
        columns = len(weights.actor_type_labels)
        expected["actor_type_coef"] = (weights.actor_type_coef.shape, (n_features, columns))
        expected["actor_type_intercept"] = (weights.actor_type_intercept.shape, (columns,))
        if weights.uses_word_vectors:
            expected["dense_actor_type_coef"] = (weights.dense_actor_type_coef.shape, (dims, columns))
        if not all(re.fullmatch(r"[12]:\d", label) for label in weights.actor_type_labels):
            raise DataError(f"The event model {path} has malformed actor-type labels; rebuild it with {REBUILD_MODEL}.")
    for name, (actual, wanted) in expected.items():
        if actual != wanted:
            raise DataError(
                f"The event model {path} is inconsistent: {name} has shape {actual}, expected "
                f"{wanted}. Rebuild it with {REBUILD_MODEL}."
            )
