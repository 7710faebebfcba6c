"""Tests for toponym resolution, the article's country and the event location of a sentence."""

from __future__ import annotations

import pytest

from eventwire.extract.places import LocationChoice, Toponym, article_country, event_location, resolve_toponyms
from eventwire.model import Place
from eventwire.nlp import cheap_parse
from eventwire.resolve.gazetteer import SHIPPED_DB, Gazetteer, distance_km

pytestmark = pytest.mark.skipif(not SHIPPED_DB.exists(), reason="shipped gazetteer not built")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def analyse(text: str, gaz: Gazetteer):
    doc = cheap_parse(text)
    toponyms = resolve_toponyms(doc, gaz)
    country = article_country(toponyms, doc, gaz)
    return doc, toponyms, country


def locate(doc, toponyms, country, sentence_index: int) -> LocationChoice | None:
    sent = list(doc.sents)[sentence_index]
    return event_location(sent.start_char, sent.end_char, sent.text, toponyms, country)


def by_text(toponyms: list[Toponym], text: str) -> Toponym:
    return next(t for t in toponyms if t.text == text)


IRAQ = (
    "Iraqi troops retook several villages south and east of Mosul on Sunday, the army said. "
    "Two soldiers were killed in Bartella. "
    "Officials in Baghdad said the offensive would continue. "
    "Fighting was also reported in Ninewa province. "
    "A spokesman said more reinforcements were needed."
)


def test_mosul_resolves_in_iraq_context(gaz: Gazetteer) -> None:
    _doc, toponyms, country = analyse(IRAQ, gaz)
    mosul = by_text(toponyms, "Mosul")
    assert mosul.kind == "locality" and mosul.place.country == "Iraq" and mosul.place.admin1 == "Ninewa"
    assert distance_km(mosul.place, Place("ref", 36.34, 43.13)) < 10
    assert country is not None and country.name == "Iraq"
    assert IRAQ[mosul.start : mosul.end] == "Mosul"


def test_demonym_is_context_not_location(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse(IRAQ, gaz)
    iraqi = by_text(toponyms, "Iraqi")
    assert iraqi.role == "demonym" and iraqi.place.name == "Iraq"
    choice = locate(doc, toponyms, country, 0)
    assert choice.place.name == "Mosul"  # not Iraq: "Iraqi troops" names the actor's country


def test_villages_south_of_x_is_precision_2(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse(IRAQ, gaz)
    choice = locate(doc, toponyms, country, 0)
    assert choice.geo_precision == 2
    assert choice.evidence.start == 0 and "Mosul" in choice.evidence_text


def test_named_town_is_precision_1(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse(IRAQ, gaz)
    choice = locate(doc, toponyms, country, 1)
    assert choice.geo_precision == 1
    assert choice.place.country_code == "IQ" and distance_km(choice.place, Place("ref", 36.35, 43.38)) < 10


def test_province_only_is_precision_3(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse(IRAQ, gaz)
    choice = locate(doc, toponyms, country, 3)
    assert choice.geo_precision == 3 and choice.place.feature_code == "ADM1" and choice.place.name == "Ninewa"


def test_sentence_without_place_falls_back_to_previous_locality(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse(IRAQ, gaz)
    choice = locate(doc, toponyms, country, 4)
    assert choice.geo_precision == 2
    assert choice.place.name == "Baghdad"
    assert "Baghdad" in choice.evidence.sentence and choice.mention is not None


def test_falls_back_to_country_when_no_locality(gaz: Gazetteer) -> None:
    text = "Somali officials condemned the attack. Three people were killed, police said."
    doc, toponyms, country = analyse(text, gaz)
    assert country is not None and country.name == "Somalia"
    choice = locate(doc, toponyms, country, 1)
    assert choice.geo_precision == 3 and choice.place.name == "Somalia" and choice.mention is None


def test_km_from_and_district_cues(gaz: Gazetteer) -> None:
    text = (
        "Al-Shabaab fighters attacked a base 30 km from Kismayo in Somalia on Tuesday. "
        "Clashes then erupted in the Afgooye district."
    )
    doc, toponyms, country = analyse(text, gaz)
    first = locate(doc, toponyms, country, 0)
    assert first.place.name.startswith("Kisma") and first.geo_precision == 2
    second = locate(doc, toponyms, country, 1)
    assert second.geo_precision == 2 and second.place.country_code == "SO"


def test_context_picks_the_right_homonym(gaz: Gazetteer) -> None:
    # "Bama" exists in Nigeria and Burkina Faso: Borno State and Maiduguri point to Nigeria.
    text = "Gunmen killed five farmers near Bama in Borno State. Residents fled to Maiduguri."
    _doc, toponyms, country = analyse(text, gaz)
    assert by_text(toponyms, "Bama").place.country_code == "NG"
    assert country.name == "Nigeria"


def test_organisation_name_is_not_a_place(gaz: Gazetteer) -> None:
    text = "The Islamic State of Iraq and Syria claimed the bombing in Kabul."
    doc, toponyms, country = analyse(text, gaz)
    roles = {t.text: t.role for t in toponyms}
    assert roles.get("Syria", "name_part") == "name_part"
    choice = locate(doc, toponyms, country, 0)
    assert choice.place.name == "Kabul" and choice.geo_precision == 1


def test_capitalised_word_after_in_is_found(gaz: Gazetteer) -> None:
    text = "Protesters gathered in the town of Kherson on Saturday. In Kharkiv, shelling continued."
    doc, toponyms, country = analyse(text, gaz)
    names = {t.place.name for t in toponyms if t.place}
    assert {"Kherson", "Kharkiv"} <= names
    assert country.name == "Ukraine"
    assert locate(doc, toponyms, country, 0).place.name == "Kherson"


def test_no_places_no_country(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse("Nothing happened here today.", gaz)
    assert toponyms == [] and country is None
    assert locate(doc, toponyms, country, 0) is None
