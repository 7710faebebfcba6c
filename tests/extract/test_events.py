"""Tests for the event classifier, on hand-written sentences (none taken from the training data)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from eventwire.errors import DataError
from eventwire.extract.events import (
    DEFAULT_MODEL_PATH,
    EventClassifier,
    EventPrediction,
    extract_features,
    load_weights,
    normalise_text,
    save_weights,
)
from eventwire.extract.wordvectors import WORD_VECTORS_FILE_NAME
from eventwire.model import EVENT_TYPES, SUB_EVENT_TYPES


@pytest.fixture(scope="module")
def classifier() -> EventClassifier:
    """What users get: the shipped cascade with the sentence encoder's second opinion."""
    return EventClassifier.default()


@pytest.fixture(scope="module")
def cascade() -> EventClassifier:
    """The shipped linear cascade alone."""
    return EventClassifier.load(DEFAULT_MODEL_PATH)


# --- normalisation ------------------------------------------------------------------------------
def test_normalise_strips_leading_date_and_tags():
    note = "On 23 February 2022, a group of villagers marched in Kanto (Region). [size=no report]"
    assert normalise_text(note) == "A group of villagers marched in Kanto (Region)."


def test_normalise_strips_coding_remarks_and_labels():
    note = "Property destruction: Around 5 May 2020, militants burned a school (coded as Unidentified Armed Group)."
    assert normalise_text(note) == "Militants burned a school."


def test_normalise_strips_trailing_attribution_only():
    assert normalise_text("Gunmen killed two traders at the market, police said on Monday.") == (
        "Gunmen killed two traders at the market."
    )
    # A sentence that is nothing but reported speech keeps its reporting verb.
    assert normalise_text("The minister said the economy would grow.") == "The minister said the economy would grow."


def test_normalise_leaves_plain_news_alone():
    assert normalise_text("On Sunday, troops   entered the town.") == "On Sunday, troops entered the town."


def test_features_fold_digits_and_case():
    assert extract_features("Killed 12") == extract_features("killed 34")
    assert "w:killed" in extract_features("Killed 12")


# --- the shipped model ------------------------------------------------------------------------
def test_shipped_model_loads_and_is_cached(classifier):
    assert EventClassifier.default() is classifier
    assert set(classifier.subtypes) == set(SUB_EVENT_TYPES)
    assert 0.0 < classifier.threshold < 1.0


@pytest.mark.parametrize(
    "sentence, sub_event_type",
    [
        ("Troops retook the village of Dalami from the rebels on Sunday.", "Government regains territory"),
        ("Hundreds of teachers marched through the capital to demand higher pay.", "Peaceful protest"),
        ("A roadside bomb killed three soldiers on the road to the border town.", "Remote explosive/landmine/IED"),
        ("A suicide bomber blew himself up at a checkpoint, killing six policemen.", "Suicide bomb"),
        ("Government warplanes carried out air strikes on rebel camps, killing twelve fighters.", "Air/drone strike"),
        ("Army troops clashed with insurgents near the river crossing, leaving four fighters dead.", "Armed clash"),
        ("Police fired tear gas and rubber bullets to disperse protesters in the capital.", "Protest with intervention"),
        pytest.param(
            "Police arrested twelve opposition activists at their party office.", "Arrests",
            marks=pytest.mark.xfail(strict=True, reason="known miss since the 8-epoch encoder: activists arrested read "
                                    "as a protest broken up (Protest with intervention 0.58, Arrests 0.41); the "
                                    "cascade alone and the 5-epoch encoder got it"),
        ),
    ],
)
def test_clear_events_get_their_sub_type(classifier, sentence, sub_event_type):
    prediction = classifier.predict([sentence])[0]
    assert prediction.sub_event_type == sub_event_type, prediction
    assert prediction.event_type == SUB_EVENT_TYPES[sub_event_type]


@pytest.mark.parametrize(
    "sentence, event_type",
    [
        ("Gunmen shot dead eleven unarmed farmers in their fields.", "Violence against civilians"),
        pytest.param(
            "Gunmen stormed a village and shot dead eleven unarmed farmers.", "Violence against civilians",
            marks=pytest.mark.xfail(strict=True, reason="known miss: the sentence encoder reads 'stormed' as a clash "
                                    "(Armed clash 0.65, Attack 0.34); the cascade alone gets it"),
        ),
        ("Rioters set fire to shops and threw stones at police after the verdict.", "Riots"),
        ("Rebels fired mortar shells into the town centre, wounding several residents.", "Explosions/Remote violence"),
    ],
)
def test_clear_events_get_their_event_type(classifier, sentence, event_type):
    prediction = classifier.predict_one(sentence)
    assert prediction.event_type == event_type, prediction


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister said the economy would grow next year.",
        "The central bank kept its key interest rate unchanged on Thursday.",
        "The two presidents discussed trade and investment during a state visit.",
        "Heavy rain is expected across the north of the country this weekend.",
        "The football club signed a new striker for the coming season.",
    ],
)
def test_non_events_are_rejected(classifier, sentence):
    prediction = classifier.predict_one(sentence)
    assert prediction == EventPrediction(None, None, prediction.probability)
    assert not prediction.is_event
    assert 0.5 <= prediction.probability <= 1.0


def test_most_non_events_in_a_mixed_batch_are_rejected(classifier):
    """The harder negatives (opinion, plans, disasters): most, not necessarily all, are rejected."""
    sentences = [
        "Analysts expect the ruling coalition to lose seats in next year's vote.",
        "The government will build two new hospitals in the province, officials announced.",
        "A powerful earthquake destroyed hundreds of homes in the mountain region.",
        "The opposition criticised the new tax on mobile phones as unfair.",
        "Exports of coffee rose by ten percent in the first quarter.",
        "The prime minister is scheduled to travel to Brussels for a summit.",
    ]
    predictions = classifier.predict(sentences)
    assert sum(not p.is_event for p in predictions) >= 5


def test_predict_is_batched_consistent_and_handles_empty(classifier):
    sentences = ["Troops retook the village from the rebels.", "The minister said the economy would grow."]
    assert classifier.predict([]) == []
    batched, one_by_one = classifier.predict(sentences), [classifier.predict_one(s) for s in sentences]
    assert [p.sub_event_type for p in batched] == [p.sub_event_type for p in one_by_one]
    # float32 matrix products may round differently in a batch of two than one by one
    assert [p.probability for p in batched] == pytest.approx([p.probability for p in one_by_one], abs=1e-5)
    assert all(0.0 <= p.probability <= 1.0 for p in classifier.predict(sentences))


def test_threshold_controls_the_detector(classifier):
    sentence = ["Police arrested twelve opposition activists at their party office."]
    p_event = float(classifier.event_probabilities(sentence)[0])
    vectors = classifier.word_vectors
    strict = EventClassifier(classifier.weights, threshold=min(1.0, p_event + 0.01), word_vectors=vectors,
                             encoder=classifier.encoder)
    lenient = EventClassifier(classifier.weights, threshold=max(0.0, p_event - 0.01), word_vectors=vectors,
                              encoder=classifier.encoder)
    assert not strict.predict(sentence)[0].is_event
    assert lenient.predict(sentence)[0].is_event


def test_subtype_probabilities_are_a_distribution(classifier):
    rows = classifier.subtype_probabilities(["Protesters blocked the main road.", "Gunmen kidnapped a priest."])
    assert rows.shape == (2, len(classifier.subtypes))
    assert np.allclose(rows.sum(axis=1), 1.0)


def test_actor_types_are_distributions_over_acled_codes(cascade):
    protest, bombing = cascade.actor_types(["Hundreds of teachers marched to the ministry to demand their pay.",
                                           "Military aircraft bombed a village, killing four civilians."])
    for types in (protest, bombing):
        assert set(types.actor1) <= set(range(1, 9)) and set(types.actor2) <= set(range(0, 9)) and 0 in types.actor2
        assert sum(types.actor1.values()) == pytest.approx(1.0) and sum(types.actor2.values()) == pytest.approx(1.0)
    assert max(protest.actor1, key=protest.actor1.get) == 6  # protesters
    assert max(protest.actor2, key=protest.actor2.get) == 0  # nobody else
    assert max(bombing.actor1, key=bombing.actor1.get) == 1  # state forces ...
    assert max(bombing.actor2, key=bombing.actor2.get) == 7  # ... against civilians
    assert cascade.actor_types([]) == []


def test_a_model_without_the_actor_type_head_says_none(cascade):
    weights = dataclasses.replace(cascade.weights, actor_type_coef=None, actor_type_intercept=None,
                                  actor_type_labels=(), dense_actor_type_coef=None)
    older = EventClassifier(weights, word_vectors=cascade.word_vectors)
    assert not older.has_actor_types and older.actor_types(["Soldiers clashed with rebels."]) == [None]
    assert older.predict_one("Soldiers clashed with rebels.") == cascade.predict_one("Soldiers clashed with rebels.")


def test_many_sentences_per_second(cascade):
    import time

    sentences = ["Soldiers clashed with armed men near the market of the northern town, killing 3."] * 2000
    cascade.predict(sentences[:10])
    start = time.perf_counter()
    cascade.predict(sentences)
    assert 2000 / (time.perf_counter() - start) > 1000  # a loose bound: measured ~4,000/s


# --- storage --------------------------------------------------------------------------------
def test_save_and_load_round_trip(cascade, tmp_path: Path):
    path = tmp_path / "model.npz"
    save_weights(cascade.weights, path)
    cascade.word_vectors.save(tmp_path / WORD_VECTORS_FILE_NAME)  # the shipped model uses word vectors
    reloaded = EventClassifier.load(path)
    sentences = ["Troops retook the village from the rebels.", "Exports rose sharply."]
    assert reloaded.predict(sentences) == cascade.predict(sentences)
    assert reloaded.actor_types(sentences) == cascade.actor_types(sentences)


def test_malformed_actor_type_labels_are_a_data_error(cascade, tmp_path: Path):
    weights = dataclasses.replace(cascade.weights, actor_type_labels=("x",) * len(cascade.weights.actor_type_labels))
    save_weights(weights, tmp_path / "model.npz")
    with pytest.raises(DataError, match="actor-type labels"):
        load_weights(tmp_path / "model.npz")


def test_missing_model_says_how_to_rebuild(tmp_path: Path):
    with pytest.raises(DataError, match="train_events.py"):
        EventClassifier.load(tmp_path / "absent.npz")


def test_malformed_model_is_a_data_error(tmp_path: Path):
    path = tmp_path / "broken.npz"
    np.savez(path, format_version=np.array(1), idf=np.zeros(3))
    with pytest.raises(DataError, match="malformed"):
        load_weights(path)


def test_shipped_model_is_small():
    assert DEFAULT_MODEL_PATH.stat().st_size < 5_000_000
    assert len(EVENT_TYPES) == 6
