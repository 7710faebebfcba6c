"""Tests for the fine-tuned sentence encoder and how the event classifier combines it with the cascade."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from eventwire.errors import DataError
from eventwire.extract import events
from eventwire.extract.encoder import (
    ACTOR1_CODES,
    ACTOR2_CODES,
    ENCODER_DIR_NAME,
    META_FILE,
    MODEL_FILE,
    SentenceEncoder,
)
from eventwire.extract.events import DEFAULT_MODEL_DIR, DEFAULT_MODEL_PATH, EventClassifier, encoder_enabled
from eventwire.model import SUB_EVENT_TYPES

SHIPPED = DEFAULT_MODEL_DIR / ENCODER_DIR_NAME


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder.load(SHIPPED)


@pytest.fixture(scope="module")
def cascade() -> EventClassifier:
    return EventClassifier.load(DEFAULT_MODEL_PATH)


# --- the shipped encoder ------------------------------------------------------------------------
def test_shipped_encoder_knows_every_sub_type(encoder):
    assert set(encoder.subtypes) == set(SUB_EVENT_TYPES)
    assert encoder.meta["epochs"] >= 1


def test_logits_have_one_row_per_sentence_and_follow_the_asked_column_order(encoder):
    sentences = ["Police fired tear gas at students marching to parliament.", "Exports rose sharply in May."]
    detector, subtype = encoder.logits(sentences)
    assert detector.shape == (2,) and subtype.shape == (2, len(encoder.subtypes))
    reordered = list(reversed(encoder.subtypes))
    _, swapped = encoder.logits(sentences, reordered)
    assert np.allclose(swapped, subtype[:, ::-1])


def test_logits_of_no_sentences_are_empty(encoder):
    detector, subtype = encoder.logits([])
    assert detector.shape == (0,) and subtype.shape == (0, len(encoder.subtypes))


def test_a_sentence_gets_the_same_logits_whatever_is_beside_it(encoder):
    sentence = "Gunmen shot dead eleven unarmed farmers in their fields."
    alone = encoder.logits([sentence])
    beside = encoder.logits(["A much longer sentence about the weather in the north, where it rained for days.", sentence])
    assert np.allclose(alone[0][0], beside[0][1]) and np.allclose(alone[1][0], beside[1][1])


def test_encoder_reads_events_and_non_events(encoder):
    subtypes = list(encoder.subtypes)
    detector, subtype = encoder.logits([
        "Police fired tear gas and rubber bullets to disperse protesters in the capital.",
        "A suicide bomber blew himself up at a checkpoint, killing six policemen.",
        "The central bank left interest rates unchanged on Thursday.",
    ])
    # The tear-gas sentence sits near the encoder's event line (-0.6 for this one, +0.4 for the 5-epoch encoder
    # before it): the cascade's vote carries it (test_events), and the encoder still knows which kind it is.
    assert detector[0] > detector[2] + 4 and detector[1] > 0 and detector[2] < 0
    assert subtypes[int(subtype[0].argmax())] == "Protest with intervention"  # ACLED: tear gas is intervention
    assert subtypes[int(subtype[1].argmax())] == "Suicide bomb"


# --- bad files --------------------------------------------------------------------------------
def _copy_shipped(tmp_path: Path) -> Path:
    target = tmp_path / ENCODER_DIR_NAME
    shutil.copytree(SHIPPED, target)
    return target


def test_missing_file_says_which_and_how_to_rebuild(tmp_path):
    target = _copy_shipped(tmp_path)
    (target / MODEL_FILE).unlink()
    with pytest.raises(DataError, match=r"lacks model\.onnx.*build_event_encoder\.py"):
        SentenceEncoder.load(target)


def test_corrupt_model_is_a_data_error(tmp_path):
    target = _copy_shipped(tmp_path)
    (target / MODEL_FILE).write_bytes(b"not an onnx model")
    with pytest.raises(DataError, match="cannot be read"):
        SentenceEncoder.load(target)


def test_unknown_sub_types_are_a_data_error(tmp_path):
    target = _copy_shipped(tmp_path)
    meta = json.loads((target / META_FILE).read_text())
    meta["subtypes"] = ["Looting"] + meta["subtypes"][1:]
    (target / META_FILE).write_text(json.dumps(meta))
    with pytest.raises(DataError, match="unknown sub-event types"):
        SentenceEncoder.load(target)


# --- how the classifier uses it -----------------------------------------------------------------
class FixedEncoder:
    """A stand-in encoder with fixed logits, to check the combination rule exactly."""

    def __init__(self, subtypes, detector: float, favourite: str, actor1: int | None = None):
        self.subtypes = tuple(subtypes)
        self.detector, self.favourite = detector, favourite
        self.asked: list[str] = []
        self.actor1, self.has_actor_types = actor1, actor1 is not None

    def actor_type_logits(self, sentences):
        first = np.full((len(sentences), len(ACTOR1_CODES)), -4.0)
        first[:, ACTOR1_CODES.index(self.actor1)] = 4.0
        return first, np.zeros((len(sentences), len(ACTOR2_CODES)))

    def logits(self, sentences, subtypes=None):
        self.asked.extend(sentences)
        columns = list(subtypes or self.subtypes)
        subtype = np.full((len(sentences), len(columns)), -5.0)
        subtype[:, columns.index(self.favourite)] = 5.0
        return np.full(len(sentences), self.detector), subtype


def test_encoder_votes_only_where_the_cascade_sees_a_chance(cascade):
    fixed = FixedEncoder(cascade.subtypes, detector=12.0, favourite="Suicide bomb")
    combined = EventClassifier(cascade.weights, word_vectors=cascade.word_vectors, encoder=fixed)
    sentences = ["A roadside bomb killed three soldiers on the road to the border town.",
                 "The central bank left interest rates unchanged on Thursday."]
    alone_detector, alone_subtype = cascade._scores(sentences)
    detector, subtype = combined._scores(sentences)
    # The bomb sentence is asked, and the encoder's more certain event vote and its sub-type vote count ...
    assert fixed.asked == [events.normalise_text(sentences[0])]
    expected = alone_detector[0] + events.ENCODER_DETECTOR_WEIGHT * (12.0 - alone_detector[0])
    assert detector[0] == pytest.approx(expected)
    assert subtype[0, cascade.subtypes.index("Suicide bomb")] == pytest.approx(
        alone_subtype[0, cascade.subtypes.index("Suicide bomb")] * (1 - events.ENCODER_SUBTYPE_WEIGHT)
        + 5.0 * events.ENCODER_SUBTYPE_WEIGHT)
    # ... the bank sentence, below the bar, keeps the cascade's verdict untouched.
    assert detector[1] == pytest.approx(alone_detector[1])
    assert np.allclose(subtype[1], alone_subtype[1])


def test_a_doubting_encoder_lowers_the_cascades_event_verdict(cascade):
    sentence = ["A roadside bomb killed three soldiers on the road to the border town."]
    alone_detector, _ = cascade._scores(sentence)
    doubting = EventClassifier(cascade.weights, word_vectors=cascade.word_vectors,
                               encoder=FixedEncoder(cascade.subtypes, detector=-8.0, favourite="Suicide bomb"))
    detector, subtype = doubting._scores(sentence)
    assert detector[0] == pytest.approx(alone_detector[0] + events.ENCODER_DETECTOR_WEIGHT * (-8.0 - alone_detector[0]))
    assert cascade.subtypes[int(subtype[0].argmax())] == "Suicide bomb"


def test_encoder_actor_types_move_the_word_bag_heads(cascade):
    sentence = ["Fighters shelled the positions outside the town overnight."]
    alone = cascade.actor_types(sentence)[0]
    combined = EventClassifier(cascade.weights, word_vectors=cascade.word_vectors,
                               encoder=FixedEncoder(cascade.subtypes, 0.0, "Armed clash", actor1=4))
    together = combined.actor_types(sentence)[0]
    weight = events.ENCODER_ACTOR_TYPE_WEIGHT
    # Logits move towards the encoder's: the odds of code 4 against code 1 by exactly its logit difference share.
    odds = np.log(together.actor1[4] / together.actor1[1])
    assert odds == pytest.approx((1 - weight) * np.log(alone.actor1[4] / alone.actor1[1]) + weight * 8.0, abs=1e-6)
    assert together.actor1[4] > alone.actor1[4]
    assert sum(together.actor2.values()) == pytest.approx(1.0)


def test_shipped_encoder_names_actor_types_from_the_run_that_scored_the_sentence(encoder):
    sentence = "Soldiers shelled rebel positions near the town."
    assert encoder.has_actor_types
    detector, _ = encoder.logits([sentence])
    first, second = encoder.actor_type_logits([sentence])  # served from the run above
    assert first.shape == (1, len(ACTOR1_CODES)) and second.shape == (1, len(ACTOR2_CODES))
    fresh = SentenceEncoder.load(SHIPPED)
    assert np.allclose(fresh.actor_type_logits([sentence])[0], first)  # and the same when asked first


class _TwoOutputSession:
    """An ONNX session of an encoder built before the actor-type heads."""

    def get_outputs(self):
        return [type("Output", (), {"name": name})() for name in ("detector", "subtype")]


def test_an_encoder_without_actor_type_heads_says_so(encoder):
    older = SentenceEncoder(_TwoOutputSession(), None, encoder.subtypes)
    assert not older.has_actor_types
    with pytest.raises(DataError, match="no actor-type heads"):
        older.actor_type_logits(["Soldiers clashed with rebels."])


def test_encoder_that_lacks_a_sub_type_is_refused(cascade):
    partial = FixedEncoder(cascade.subtypes[1:], detector=0.0, favourite=cascade.subtypes[1])
    with pytest.raises(DataError, match="does not know every sub-type"):
        EventClassifier(cascade.weights, word_vectors=cascade.word_vectors, encoder=partial)


@pytest.mark.parametrize("value, enabled", [("", True), ("on", True), ("off", False), ("0", False), ("False", False)])
def test_encoder_switch(monkeypatch, value, enabled):
    monkeypatch.setenv(events.ENCODER_VARIABLE, value)
    assert encoder_enabled() is enabled


def test_default_classifier_follows_the_switch(monkeypatch):
    monkeypatch.setenv(events.ENCODER_VARIABLE, "off")
    assert EventClassifier.default().encoder is None
    monkeypatch.setenv(events.ENCODER_VARIABLE, "on")
    assert EventClassifier.default().encoder is not None


def test_a_trained_model_folder_without_an_encoder_uses_the_shipped_one(cascade, tmp_path):
    events.save_weights(cascade.weights, tmp_path / events.MODEL_FILE_NAME)
    cascade.word_vectors.save(tmp_path / "word_vectors.npz")
    loaded = EventClassifier.load(tmp_path, with_encoder=True)
    assert loaded.encoder is not None and loaded.encoder.subtypes == SentenceEncoder.load(SHIPPED).subtypes
