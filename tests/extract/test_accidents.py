"""Tests for eventwire.extract.accidents: accidents and disasters are not political violence."""

import pytest

from eventwire.extract.accidents import reports_an_accident


@pytest.mark.parametrize("sentence", [
    "At least 15 workers died when a fire broke out at a garment factory in Dhaka.",
    "A bus collided with a truck on the highway near Lahore, killing nine passengers.",
    "An explosion at a chemical plant in Tianjin killed 30 people.",
    "A landslide buried a village in Nepal, leaving 40 dead.",
    "A bus plunged into a gorge in Kinnaur, killing 25 passengers.",
])
def test_accidents_and_disasters(sentence):
    assert reports_an_accident(sentence)


@pytest.mark.parametrize("sentence", [
    "Gunmen set a factory on fire in Dhaka, killing 15 workers.",
    "A roadside bomb hit a bus near Lahore, killing nine passengers.",
    "A bomb exploded at a crowded market in Kabul, killing 12.",
    "Russian forces fired artillery at Orikhiv. A fire broke out.",
    "Prisoners burned mattresses during the coronavirus outbreak to demand visits.",
])
def test_violence_or_protest_that_mentions_an_accident(sentence):
    assert not reports_an_accident(sentence)


def test_the_pipeline_codes_no_violence_for_an_accident():
    from datetime import date

    from eventwire import get_pipeline
    from eventwire.model import Article

    text = "At least 15 workers died when a fire broke out at a garment factory in Dhaka on Monday."
    events = get_pipeline()(Article(text=text, published=date(2022, 5, 3))).events
    assert not [e for e in events if e.event_type in ("Battles", "Explosions/Remote violence",
                                                      "Violence against civilians")]


def test_the_pipeline_codes_no_mob_for_a_landslide():
    from datetime import date

    from eventwire import get_pipeline
    from eventwire.model import Article

    text = "A landslide buried 20 villagers in Kerala."
    events = get_pipeline()(Article(text=text, published=date(2022, 5, 3))).events
    assert not [e for e in events if e.event_type == "Riots"]


def test_a_protest_about_an_accident_is_still_a_protest():
    from datetime import date

    from eventwire import get_pipeline
    from eventwire.model import Article

    text = "Hundreds of residents marched in Salvador to demand a speed bump after a road accident."
    events = get_pipeline()(Article(text=text, published=date(2022, 4, 7))).events
    assert [e.event_type for e in events] == ["Protests"]
