"""Tests for entity clustering (eventwire.extract.entities) on small hand-written texts."""

from __future__ import annotations

import pytest

from eventwire.extract.entities import build_entities
from eventwire.nlp import cheap_parse
from eventwire.resolve.actors import ActorKB

TEXT = (
    "Fighters of the Islamic State of Iraq and Syria, known as ISIS, held the town for two years. "
    "Iraqi Prime Minister Haider al Abadi ordered the offensive against Daesh on Monday. "
    "Major General Gary Volesky, US Army commander, said ISIS was collapsing. "
    "Volesky added that Islamic State fighters were leaving. Voleshy also said the Iraqi Army was advancing. "
    "The Islamic State's leader Abu Bakr al-Baghdadi has not been seen."
)


@pytest.fixture(scope="module")
def entities():
    return build_entities(cheap_parse(TEXT), ActorKB.default(), "Iraq")


def _by_name(entities, name):
    found = [e for e in entities if e.name == name]
    assert len(found) == 1, f"{name!r} not one entity in {[e.name for e in entities]}"
    return found[0]


def test_all_islamic_state_spellings_are_one_entity(entities):
    islamic_state = _by_name(entities, "Islamic State")
    assert islamic_state.type == "ORG"  # spaCy may call Daesh a GPE; the knowledge base knows better
    assert islamic_state.actor == "Islamic State" and islamic_state.inter == 2
    spellings = set(islamic_state.aliases)
    assert {"ISIS", "Daesh"} <= spellings
    assert len(islamic_state.mentions) >= 4
    for mention in islamic_state.mentions:
        assert TEXT[mention.start : mention.end] == mention.text


def test_surname_and_misspelling_join_the_full_name(entities):
    volesky = _by_name(entities, "Gary Volesky")
    assert "Voleshy" in volesky.aliases
    assert len(volesky.mentions) == 3
    assert volesky.title == "Major General"
    assert volesky.leads == "Military Forces of the United States"
    assert not any(e.name in {"Volesky", "Voleshy"} for e in entities)


def test_title_and_country_give_what_a_person_leads(entities):
    abadi = _by_name(entities, "Haider al Abadi")
    assert abadi.title == "Prime Minister"
    assert abadi.leads == "Government of Iraq"
    assert abadi.actor == "Government of Iraq" and abadi.inter == 1


def test_possessive_organisation_gives_what_a_person_leads(entities):
    baghdadi = _by_name(entities, "Abu Bakr al-Baghdadi")
    assert baghdadi.leads == "Islamic State"


def test_generic_army_mention_resolves_to_state_forces(entities):
    army = _by_name(entities, "Military Forces of Iraq")
    assert army.inter == 1 and army.actor_country == "Iraq"


def test_ids_follow_first_mention_order(entities):
    assert [e.id for e in entities] == [f"E{i}" for i in range(1, len(entities) + 1)]
    firsts = [e.mentions[0].start for e in entities]
    assert firsts == sorted(firsts)


def test_places_are_entities_without_actor():
    entities = build_entities(cheap_parse("Clashes erupted in Mosul. Mosul is quiet now."), ActorKB.default(), "Iraq")
    mosul = _by_name(entities, "Mosul")
    assert mosul.actor is None and len(mosul.mentions) == 2


def test_entities_find_dictionary_names_the_ner_missed_but_not_everyday_words():
    from eventwire.extract.entities import build_entities
    from eventwire.nlp import cheap_parse
    from eventwire.resolve.actors import ActorKB

    doc = cheap_parse("Fighters of Al Shabaab attacked an army base near Jilib on Monday. "
                      "Officials said the group is weak. Militia members later withdrew.")
    names = {e.actor for e in build_entities(doc, ActorKB.default(), "Somalia")}
    assert "Al Shabaab" in names
    assert "Islamic State" not in names  # "is" is not "IS"


def test_a_dictionary_name_longer_than_the_ner_entity_wins():
    from eventwire.nlp import cheap_parse
    from eventwire.resolve.actors import ActorKB

    kb = ActorKB.default()
    doc = cheap_parse("On 7 February 2022, the Saudi-led coalition conducted nine air raids on Haradh.")
    actors = [e.actor for e in build_entities(doc, kb, "Yemen") if e.actor]
    assert actors == ["Operation Restoring Hope"]


def test_a_name_grows_over_the_word_that_ends_a_listed_actors_name_and_loses_whom_it_fights():
    text = "Anti-Houthi National Resistance forces shelled the port on Monday."
    actors = [(e.name, e.actor) for e in build_entities(cheap_parse(text), ActorKB.default(), "Yemen") if e.actor]
    assert actors == [("National Resistance Forces", "National Resistance Forces")]


def test_a_nationality_before_forces_stays_a_nationality():
    entities = build_entities(cheap_parse("Iraqi forces and Kurdish fighters attacked the town."), ActorKB.default(),
                              "Iraq")
    assert [(e.name, e.type) for e in entities] == [("Iraqi", "NORP"), ("Kurdish", "NORP")]


def test_a_several_word_name_is_found_with_its_later_words_in_lower_case():
    text = "On 6 May 2020, Al shabaab militants abducted two boys. Popular resistance to the plan grew."
    entities = build_entities(cheap_parse(text), ActorKB.default(), "Somalia")
    actors = {e.actor for e in entities}
    assert "Al Shabaab" in actors
    assert not any(a and "Popular Resistance" in a for a in actors)  # a sentence's first word is capitalised anyway
