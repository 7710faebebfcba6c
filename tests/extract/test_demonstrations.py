"""Tests for eventwire.extract.demonstrations: a demonstration has someone demonstrating."""

import pytest

from eventwire.extract.demonstrations import names_a_demonstration


@pytest.mark.parametrize("sentence", [
    "Hundreds of teachers marched to the ministry in Nairobi.",
    "Students staged a sit-in at the university gate.",
    "Traders went on strike over the new market tax.",
    "Residents blocked the highway demanding water and electricity.",
    "Thousands took to the streets of Khartoum on Thursday.",
    "Supporters of the opposition rallied outside the court.",
    "Residents burned tires to reject constant power cuts.",
    "People cut off roads in Aden over the collapse of services.",
])
def test_gatherings_marches_strikes_and_blockades(sentence):
    assert names_a_demonstration(sentence)


@pytest.mark.parametrize("sentence", [
    "Soon after its leader declared a caliphate, most of the province came under the group's control.",
    "The government held general parliamentary elections in the country.",
    "The police relocated around 200 people to a re-education centre.",
    "A truck carrying tires caught fire on the highway.",
])
def test_sentences_without_anyone_demonstrating(sentence):
    assert not names_a_demonstration(sentence)
