"""Tests for the actor knowledge base (eventwire.resolve.actors)."""

from __future__ import annotations

import time

import pytest

from eventwire.errors import DataError
from eventwire.resolve.actors import (
    ActorKB,
    ActorRecord,
    civilians,
    country_from_word,
    normalise,
    protesters,
    read_actor_csv,
    rioters,
    state_forces,
    unidentified_armed_group,
)


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.default()


def test_normalise_drops_the_possessive_hyphens_and_case():
    assert normalise("The Islamic State's") == "islamic state"
    assert normalise("al-Shabaab") == "al shabaab"
    assert normalise("U.S.") == "us"


@pytest.mark.parametrize("spelling", ["ISIS", "ISIL", "Daesh", "Islamic State", "the Islamic State of Iraq and the Levant", "IS"])
def test_islamic_state_spellings_resolve_to_one_canonical_actor(kb, spelling):
    record = kb.match(spelling, "Iraq")
    assert record is not None and record.name == "Islamic State"
    assert record.inter == 2


def test_short_acronym_matches_only_in_upper_case(kb):
    assert kb.match("is") is None


@pytest.mark.parametrize("acronym, country, expected", [
    ("PKK", "Turkey", "PKK: Kurdistan Workers Party"),
    ("PKK", "Iraq", "PKK: Kurdistan Workers Party"),  # across the border: Turkey and Iraq are neighbours
    ("PKK", "Mexico", None),  # far from home an acronym is someone else
    ("ADF", "Uganda", "ADF: Allied Democratic Forces"),
])
def test_an_armed_groups_acronym_names_it_at_home_and_next_door(kb, acronym, country, expected):
    record = kb.match(acronym, country)
    assert (record.name if record else None) == expected


@pytest.mark.parametrize("title, country, expected", [
    ("Rashtriya Rifles", "India", "Military Forces of India Rashtriya Rifles"),
    ("military police", "Brazil", "Military Forces of Brazil Military Police"),
    ("military police", "Peru", "Police Forces of Peru"),  # Brazil's branch is Brazil's only
    ("transitional government", "Mali", "Government of Mali"),
])
def test_a_state_branch_is_named_by_its_title_in_its_own_country(kb, title, country, expected):
    assert kb.match(title, country).name == expected


@pytest.mark.parametrize("phrase, country, expected", [
    ("Military Police officers", "Brazil", "Military Forces of Brazil Military Police"),
    ("the gendarmerie", "Cameroon", "Military Forces of Cameroon Gendarmerie"),
    ("prison guards", "Brazil", "Police Forces of Brazil Prison Guards"),
    ("prison guards", "Kenya", "Police Forces of Kenya"),  # no such branch listed: the state's police
    ("security forces", "Brazil", "Military Forces of Brazil"),
])
def test_a_generic_phrase_names_the_states_own_branch_when_acled_lists_it(kb, phrase, country, expected):
    assert kb.match(phrase, country, fuzzy=False).name == expected


def test_forces_of_a_named_armed_actor_are_that_actor(kb):
    assert kb.match("pro-Houthi forces", "Yemen").name == "Military Forces of Yemen Supreme Political Council"
    assert kb.match("pro-Taliban fighters", "Afghanistan").name == "Taliban"


@pytest.mark.parametrize("phrase", ["pro-Turkey factions", "pro-Russian separatists", "pro-government militia",
                                    "pro-Mosul forces"])
def test_supporters_of_a_state_or_of_nobody_known_are_not_its_forces(kb, phrase):
    record = kb.match(phrase, "Syria", fuzzy=False)
    assert record is None or not record.name.startswith(("Military Forces of Turkey", "Military Forces of Russia"))


def test_two_groups_written_as_one_or_the_other_without_a_pair_name_are_the_first_named(kb):
    # ACLED names no pair of Boko Haram and Ansaru: the first named stands for both.
    assert kb.match("Boko Haram/Ansaru", "Nigeria").name.startswith("Boko Haram - Jamatu Ahli")
    assert kb.match("24/7", "Nigeria") is None


@pytest.mark.parametrize("spelling", ["Arakan Army", "AA", "United League of Arakan"])
def test_each_of_a_party_and_its_army_named_together_by_acled_is_that_actor(kb, spelling):
    assert kb.match(spelling, "Myanmar").name == "ULA/AA: United League of Arakan/Arakan Army"


def test_named_groups_follow_acled_names(kb):
    assert kb.match("al-Shabab", "Somalia").name == "Al Shabaab"
    assert kb.match("Boko Haram", "Nigeria").name.startswith("Boko Haram - Jamatu Ahli")
    assert kb.match("the Taliban", "Afghanistan").name == "Taliban"


@pytest.mark.parametrize("phrase", ["GNA air force", "GNA troops", "GNA forces"])
def test_a_named_actors_forces_and_air_force_are_that_actor(kb, phrase):
    assert kb.match(phrase, "Libya").name == "Military Forces of Libya Government of National Accord"


def test_trailing_group_words_are_ignored(kb):
    assert kb.match("Taliban fighters", "Afghanistan").name == "Taliban"


def test_fuzzy_fallback_accepts_a_close_misspelling(kb):
    assert kb.match("Harakat al-Shabaab al-Mujahidin", "Somalia").name == "Al Shabaab"


def test_place_names_do_not_match(kb):
    assert kb.match("Mosul", "Iraq") is None
    assert kb.match("Iraq", "Iraq") is None


def test_generic_phrases_use_the_demonym_before_the_article_country(kb):
    assert kb.match("the Iraqi army", "Syria") == ActorRecord("Military Forces of Iraq", 8, "Iraq")
    assert kb.match("security forces", "Iraq").name == "Military Forces of Iraq"
    assert kb.match("policemen", "Kenya").name == "Police Forces of Kenya"
    assert kb.match("gunmen", "Nigeria") == unidentified_armed_group("Nigeria")
    assert kb.match("villagers", "Mali").name == "Civilians (Mali)"
    assert kb.match("demonstrators", "Chile").name == "Protesters (Chile)"
    assert kb.match("a mob", "Uganda").name == "Rioters (Uganda)"
    assert kb.match("the governor", "Yemen").name == "Government of Yemen"
    assert kb.match("Turkish military aircraft", "Iraq").name == "Military Forces of Turkey"
    assert kb.match("an unidentified group", "Bulgaria") == unidentified_armed_group("Bulgaria")


def test_the_coalition_against_the_islamic_state_by_its_other_names(kb):
    for name in ("US-led coalition", "Global Coalition forces", "Operation Inherent Resolve"):
        assert kb.match(name, "Iraq").name == "Global Coalition Against Daesh"


def test_state_forces_without_any_country_are_not_guessed(kb):
    assert kb.match("the army") is None


def test_templates_follow_acled_spelling():
    assert state_forces("Iraq") == ActorRecord("Military Forces of Iraq", 1, "Iraq")
    assert state_forces("United States", "police").name == "Police Forces of the United States"
    assert state_forces("Iraq", "government").name == "Government of Iraq"
    assert state_forces("Russia", event_country="Ukraine").inter == 8
    assert (civilians("Iraq").inter, protesters("Iraq").inter, rioters("Iraq").inter) == (7, 6, 5)
    assert unidentified_armed_group("Iraq").name == "Unidentified Armed Group (Iraq)"
    with pytest.raises(ValueError):
        state_forces("Iraq", "navy")


def test_demonyms_and_country_names():
    assert country_from_word("Iraqi") == "Iraq"
    assert country_from_word("U.S.") == "United States"
    assert country_from_word("Congolese") == "Democratic Republic of Congo"
    assert country_from_word("Russian Federation") == "Russia"
    assert country_from_word("Mosul") is None


def test_user_file_extends_and_overrides(tmp_path):
    user = tmp_path / "my_actors.csv"
    user.write_text(
        "name,inter,country,aliases\n"
        "Red Hand Brigade,3,Iraq,RHB|Red Hand\n"
        "Taliban,3,Afghanistan,Emirate fighters\n",
        encoding="utf-8",
    )
    kb = ActorKB.load(user)
    assert kb.match("Red Hand", "Iraq") == ActorRecord("Red Hand Brigade", 3, "Iraq", ("RHB", "Red Hand"))
    assert kb.match("RHB", "Iraq").name == "Red Hand Brigade"
    assert kb.match("Taliban", "Afghanistan").inter == 3
    assert kb.match("Emirate fighters", "Afghanistan").name == "Taliban"


def test_malformed_rows_name_the_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,inter,country,aliases\nGood Group,2,,\nBad Group,nine,,\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 3"):
        ActorKB.load(bad)
    with pytest.raises(DataError, match="line 1"):
        read_actor_csv("Too,many,fields,here,extra\n", source="x.csv")


def test_missing_user_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="--actors"):
        ActorKB.load(tmp_path / "nope.csv")


def test_match_is_fast(kb):
    words = ["Islamic State", "Mosul", "Abu Bakr", "Iraqi army", "Unknown Group Name Here", "Kabul"] * 500
    start = time.perf_counter()
    for i, word in enumerate(words):
        kb.match(f"{word} {i % 50}", "Iraq")
    per_call = (time.perf_counter() - start) / len(words)
    assert per_call < 0.001, f"match takes {per_call * 1e6:.0f} us per call"


def test_templates_take_the_event_country_and_state_forces_abroad_are_external():
    from eventwire.resolve.actors import localised

    assert localised("Protesters (Ukraine)", 6, "Netherlands") == ("Protesters (Netherlands)", 6)
    assert localised("Rioters", 5, "Kenya") == ("Rioters (Kenya)", 5)
    assert localised("Unidentified Armed Group (Iraq)", 3, "Syria") == ("Unidentified Armed Group (Syria)", 3)
    assert localised("Military Forces of Turkey", 1, "Iraq") == ("Military Forces of Turkey", 8)
    assert localised("Military Forces of Iraq", 8, "Iraq") == ("Military Forces of Iraq", 1)
    assert localised("Islamic State", 2, "Iraq") == ("Islamic State", 2)
    # ACLED's West Bank convention: Israeli crowds keep their nationality where events are coded to Palestine.
    assert localised("Rioters (Israel)", 5, "Palestine") == ("Rioters (Israel)", 5)
    assert localised("Rioters (Palestine)", 5, "Israel") == ("Rioters (Israel)", 5)
    # The Taliban are Afghanistan's forces from the day they took Kabul, not before.
    assert localised("Taliban", 2, "Afghanistan", "2022-03-01") == ("Military Forces of Afghanistan (2021-)", 1)
    assert localised("Taliban", 2, "Afghanistan", "2020-05-01") == ("Taliban", 2)
    assert localised("Taliban", 2, "Pakistan", "2022-03-01") == ("Taliban", 2)


def test_no_country_name_is_an_actor_alias(kb):
    for country in ("Colombia", "COLOMBIA", "Bolivia", "Iraq", "Somalia", "Nigeria"):
        assert kb.match(country) is None, country


def test_a_branch_of_a_state_at_home_is_not_external():
    from eventwire.resolve.actors import localised

    name = "Military Forces of Yemen Supreme Political Council"
    assert localised(name, 1, "Yemen") == (name, 1)
    assert localised(name, 1, "Saudi Arabia") == (name, 8)
    # A state no country list holds is never "abroad" where ACLED codes it.
    assert localised("Military Forces of Artsakh", 1, "Azerbaijan") == ("Military Forces of Artsakh", 1)


def test_anonymous_perpetrators_take_acleds_local_name():
    from eventwire.resolve.actors import anonymous_defaults, localised, unidentified_armed_group

    for country, name in anonymous_defaults().items():
        assert unidentified_armed_group(country).name == name
        assert localised("Unidentified Armed Group", 3, country) == (name, 3)
    assert unidentified_armed_group("Iraq").name == "Unidentified Armed Group (Iraq)"


def test_acled_names_an_actor_by_where_and_how_it_acted():
    from eventwire.resolve.actors import acled_variant

    assert acled_variant("Islamic State", "Iraq", "Armed clash") == "Islamic State (Iraq)"
    assert acled_variant("Military Forces of Russia", "Ukraine", "Air/drone strike") == (
        "Military Forces of Russia Air Force")
    assert acled_variant("Military Forces of Russia", "Syria", "Air/drone strike") == "Military Forces of Russia"
    assert acled_variant("Military Forces of Russia", "Ukraine", "Armed clash") == "Military Forces of Russia"
    assert acled_variant("Taliban", "Afghanistan", None) == "Taliban"


def test_a_force_acled_names_only_as_an_associate_has_a_partner():
    from eventwire.resolve.actors import acled_partner

    partner = acled_partner("Luhansk People's Militia")
    assert partner is not None and partner.name == "NAF: United Armed Forces of Novorossiya" and partner.inter == 2
    assert acled_partner("NAF: United Armed Forces of Novorossiya") is None
    assert acled_partner("Labour Group (France)") is None  # a crowd's associate: the protest conventions name it


def test_the_side_written_first_in_a_clash_with_anonymous_men_is_learnt_by_country():
    from eventwire.resolve.actors import first_in_anonymous_clashes

    assert first_in_anonymous_clashes("Brazil") == "state"
    assert first_in_anonymous_clashes("Mexico") == "anonymous"
    assert first_in_anonymous_clashes("Iceland") is None and first_in_anonymous_clashes(None) is None


ISWAP_OR_BOKO_HARAM = "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"


@pytest.mark.parametrize("text, expected", [
    ("JNIM or ISGS", "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"),
    ("Boko Haram/IS", ISWAP_OR_BOKO_HARAM),
    ("ISWAP and/or Boko Haram", ISWAP_OR_BOKO_HARAM),
    ("JNIM", "JNIM: Group for Support of Islam and Muslims"),  # each alone is itself
])
def test_either_of_two_groups_is_the_pair_acled_names(kb, text, expected):
    assert kb.match(text, "Burkina Faso").name == expected


def test_either_of_two_groups_without_a_pair_name_is_not_a_pair():
    kb = ActorKB([ActorRecord("Al Shabaab", 2, "Somalia"), ActorRecord("Islamic State", 2, "")])
    assert kb.match("Al Shabaab or Islamic State", "Somalia") is None
    assert kb.match("Al Shabaab/Islamic State", "Somalia").name == "Al Shabaab"  # the first named
    # A pair a user's dictionary adds later (eventwire --actors) is found from then on.
    kb.add(ActorRecord("Al Shabaab and/or Islamic State", 2, "Somalia"))
    assert kb.match("Al Shabaab or Islamic State", "Somalia", fuzzy=False).name == "Al Shabaab and/or Islamic State"
