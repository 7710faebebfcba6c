"""Tests for eventwire.extract.wordvectors and the event model's word-vector block."""

from pathlib import Path

import numpy as np
import pytest

from eventwire.errors import DataError
from eventwire.extract.events import EventClassifier, LinearModelWeights, save_weights
from eventwire.extract.wordvectors import WORD_VECTORS_FILE_NAME, WordVectors, tokenise


@pytest.fixture()
def table() -> WordVectors:
    return WordVectors(["shelled", "pounded", "market"], np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]), {"dims": 2})


def test_words_are_lower_case_letter_runs():
    assert tokenise("Al-Shabaab shelled 3 towns.") == ["al", "shabaab", "shelled", "towns"]


def test_a_sentence_vector_is_the_normalised_sum_of_its_known_words(table):
    rows = table.embed(["Troops shelled the market.", "Nothing known here.", "POUNDED"])
    assert np.allclose(rows[0], np.array([1.0, 1.0]) / np.sqrt(2))
    assert np.allclose(rows[1], 0.0)  # no known word: a zero row, not a division by zero
    assert np.allclose(rows[2], [0.8, 0.6])


def test_a_table_survives_saving(table, tmp_path: Path):
    table.save(tmp_path / "t.npz")
    loaded = WordVectors.load(tmp_path / "t.npz")
    assert loaded.meta == {"dims": 2} and loaded.index == table.index
    assert np.allclose(loaded.embed(["shelled market"]), table.embed(["shelled market"]), atol=1e-3)


@pytest.mark.parametrize("content", [None, b"not a table"])
def test_a_missing_or_broken_table_is_a_data_error(tmp_path: Path, content):
    path = tmp_path / "t.npz"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataError, match="build_word_vectors.py"):
        WordVectors.load(path)


def _weights_with_vectors(dims: int) -> LinearModelWeights:
    vocabulary = {"w:shelled": 0, "w:market": 1}
    return LinearModelWeights(
        vocabulary=vocabulary, idf=np.ones(2, np.float32), detector_coef=np.array([2.0, 0.0], np.float32),
        detector_intercept=-1.0, subtype_coef=np.zeros((2, 2), np.float32), subtype_intercept=np.zeros(2),
        subtypes=("Armed clash", "Peaceful protest"), threshold=0.5,
        dense_detector_coef=np.array([3.0, -3.0], np.float32)[:dims],
        dense_subtype_coef=np.array([[4.0, 0.0], [0.0, 4.0]], np.float32)[:dims], dense_scale=0.5,
    )


def test_the_word_vector_block_moves_the_verdict_and_is_saved_beside_the_tfidf(table, tmp_path: Path):
    weights = _weights_with_vectors(2)
    with_vectors = EventClassifier(weights, word_vectors=table)
    # "pounded" is no TF-IDF feature of this model: only its word vector says it is like "shelled".
    assert with_vectors.event_probabilities(["pounded"])[0] > with_vectors.event_probabilities(["market"])[0]
    save_weights(weights, tmp_path / "event_model.npz")
    table.save(tmp_path / WORD_VECTORS_FILE_NAME)
    reloaded = EventClassifier.load(tmp_path)
    sentences = ["pounded the market", "shelled", "market"]
    assert np.allclose(reloaded.event_probabilities(sentences), with_vectors.event_probabilities(sentences), atol=1e-2)


def test_a_model_without_its_word_vectors_says_how_to_rebuild(tmp_path: Path):
    save_weights(_weights_with_vectors(2), tmp_path / "event_model.npz")
    with pytest.raises(DataError, match="build_word_vectors.py"):
        EventClassifier.load(tmp_path)
    with pytest.raises(DataError, match="word_vectors.npz"):
        EventClassifier(_weights_with_vectors(2))
