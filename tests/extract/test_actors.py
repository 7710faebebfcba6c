"""Tests for actor1/actor2 assignment (eventwire.extract.actors) on hand-written sentences."""

from __future__ import annotations

import pytest

from eventwire.extract.actors import ActorRoles, assign_actors
from eventwire.extract.entities import build_entities
from eventwire.extract.events import ActorTypes
from eventwire.nlp import cheap_parse, full_parse
from eventwire.resolve.actors import ActorKB


def roles_of(text: str, country: str, sub_event_type: str) -> tuple[ActorRoles, str]:
    """Code the LAST sentence of ``text`` (earlier sentences are context for the entities)."""
    kb = ActorKB.default()
    doc = cheap_parse(text)
    entities = build_entities(doc, kb, country)
    sentence = list(doc.sents)[-1]
    return assign_actors(full_parse(sentence), sentence.start_char, entities, kb, country, sub_event_type), sentence.text


def test_state_forces_as_subject_retaking_territory():
    roles, sentence = roles_of(
        "ISIS has held the area since 2014. In its biggest military operation, the Iraqi Military has been "
        "successful in retaking control over dozens of villages, mostly south and east of Mosul.",
        "Iraq",
        "Government regains territory",
    )
    assert (roles.actor1, roles.inter1) == ("Military Forces of Iraq", 1)
    start, end = roles.actor1_span
    assert "Iraqi Military" in sentence[start:end]


def test_retake_from_names_the_loser_as_actor2():
    roles, _ = roles_of("Government forces retook the town from the Islamic State.", "Syria", "Government regains territory")
    assert (roles.actor1, roles.actor2, roles.inter2) == ("Military Forces of Syria", "Islamic State", 2)


def test_passive_by_agent_is_actor1_and_victims_actor2():
    roles, sentence = roles_of("Five villagers were killed by gunmen in Kaduna on Monday.", "Nigeria", "Attack")
    assert (roles.actor1, roles.inter1) == ("Unidentified Armed Group (Nigeria)", 3)
    assert (roles.actor2, roles.inter2) == ("Civilians (Nigeria)", 7)
    assert sentence[slice(*roles.actor1_span)] == "gunmen"
    assert sentence[slice(*roles.actor2_span)] == "Five villagers"


def test_named_group_attacking_civilians():
    roles, _ = roles_of("Boko Haram fighters killed 12 farmers in Borno state, the army said.", "Nigeria", "Attack")
    assert roles.actor1.startswith("Boko Haram") and roles.inter1 == 2
    assert roles.actor2 == "Civilians (Nigeria)"


def test_attack_on_civilians_without_a_named_perpetrator_defaults():
    roles, _ = roles_of("A teacher was abducted in Tillaberi overnight.", "Niger", "Abduction/forced disappearance")
    assert roles.actor1 == "Unidentified Armed Group (Niger)"
    assert roles.actor2 == "Civilians (Niger)"


def test_clash_between_two_groups_joined_by_and():
    roles, _ = roles_of("Taliban and Afghan troops clashed in Helmand province.", "Afghanistan", "Armed clash")
    assert {roles.actor1, roles.actor2} == {"Taliban", "Military Forces of Afghanistan"}


def test_clash_with_names_actor2():
    roles, _ = roles_of("Somali troops clashed with al-Shabaab militants near Kismayo.", "Somalia", "Armed clash")
    assert roles.actor1 == "Military Forces of Somalia"
    assert roles.actor2 == "Al Shabaab"


def test_peaceful_protest_is_by_protesters():
    roles, _ = roles_of("Hundreds of protesters marched in Lagos against fuel prices.", "Nigeria", "Peaceful protest")
    assert (roles.actor1, roles.inter1, roles.actor2) == ("Protesters (Nigeria)", 6, None)


def test_protest_with_intervention_puts_police_second():
    roles, _ = roles_of("Police fired tear gas at demonstrators in Nairobi.", "Kenya", "Protest with intervention")
    assert roles.actor1 == "Protesters (Kenya)"
    assert (roles.actor2, roles.inter2) == ("Police Forces of Kenya", 1)


def test_mob_violence_defaults_to_rioters_against_civilians():
    roles, _ = roles_of("A mob lynched a suspected thief in Kampala.", "Uganda", "Mob violence")
    assert (roles.actor1, roles.actor2) == ("Rioters (Uganda)", "Civilians (Uganda)")


def test_a_crowd_with_a_nationality_keeps_it():
    roles, _ = roles_of("Israeli settlers hurled stones at Palestinian vehicles near Burin village.", "Palestine",
                        "Mob violence")
    assert roles.actor1 == "Rioters (Israel)"


def test_arrests_by_police():
    roles, _ = roles_of("Police arrested 20 members of the opposition in Harare.", "Zimbabwe", "Arrests")
    assert roles.actor1 == "Police Forces of Zimbabwe"


def test_person_acts_for_what_they_lead():
    roles, _ = roles_of(
        "Iraqi Prime Minister Haider al Abadi visited Basra. Abadi ordered an assault on Islamic State positions.",
        "Iraq",
        "Armed clash",
    )
    assert roles.actor1 == "Government of Iraq"
    assert roles.actor2 == "Islamic State"


@pytest.mark.parametrize("sub_event_type", ["Armed clash", "Remote explosive/landmine/IED"])
def test_unnamed_perpetrator_defaults_to_unidentified_armed_group(sub_event_type):
    roles, _ = roles_of("A roadside bomb exploded near a checkpoint in Kirkuk.", "Iraq", sub_event_type)
    assert roles.actor1 == "Unidentified Armed Group (Iraq)"


def test_actors_fighters_of_a_named_group_act_as_the_group():
    from eventwire.extract.actors import assign_actors
    from eventwire.extract.entities import build_entities
    from eventwire.nlp import cheap_parse, full_parse
    from eventwire.resolve.actors import ActorKB

    text = "Fighters of the Islamic State attacked an army base near Tal Afar on Monday."
    kb = ActorKB.default()
    doc = cheap_parse(text)
    entities = build_entities(doc, kb, "Iraq")
    sentence = next(doc.sents)
    roles = assign_actors(full_parse(sentence), sentence.start_char, entities, kb, "Iraq", "Armed clash")
    assert roles.actor1 == "Islamic State"


def test_a_demonym_before_forces_names_whose_forces():
    roles, _ = roles_of("Russian forces shelled the village of Karlivka on Monday.", "Ukraine",
                        "Shelling/artillery/missile attack")
    assert roles.actor1 == "Military Forces of Russia"


def test_bare_forces_of_an_unnamed_side_are_nobody_in_particular():
    kb = ActorKB.default()
    assert kb.match_generic("forces", "Yemen") is None
    assert kb.match_generic("Houthi forces", "Yemen") is None  # a group, not Yemen's army
    assert kb.match_generic("Russian forces", "Ukraine").name == "Military Forces of Russia"


def test_three_letter_acronym_in_capitals_is_an_actor():
    roles, _ = roles_of("On 6 May, ADF rebels attacked civilians in Makwanzi village.", "Democratic Republic of Congo",
                        "Attack")
    assert roles.actor1 == "ADF: Allied Democratic Forces"


@pytest.mark.parametrize("text, expected", [
    ("Ngala militiamen attacked herders near Kano.", "Ngala Ethnic Militia (Nigeria)"),
    ("Bani Sayf tribesmen attacked a checkpoint.", "Bani Sayf Tribal Militia (Nigeria)"),
    ("A Leelkayse clan militia attacked herders near Kano.", "Leelkayse Clan Militia (Nigeria)"),
    ("Communal militias from Odejo attacked Ikobi and killed three residents.", "Odejo Communal Militia (Nigeria)"),
    ("Unidentified tribal militias attacked a checkpoint.", "Unidentified Tribal Militia (Nigeria)"),
    ("Armed tribesmen attacked a checkpoint.", "Unidentified Tribal Militia (Nigeria)"),
    ("Militiamen from the Dawo sub-clan of Ogaden clan attacked herders near Kano.",
     "Ogaden-Dawo Sub-Clan Militia (Nigeria)"),
    ("Militiamen from the Bakori community attacked herders near Kano.", "Bakori Communal Militia (Nigeria)"),
])
def test_named_militias_follow_acled_naming(text, expected):
    roles, _ = roles_of(text, "Nigeria", "Attack")
    assert roles.actor1 == expected and roles.inter1 == 4


@pytest.mark.parametrize("text, expected", [
    ("Tiv and Ichen militias clashed over farmland in Donga.", ("Tiv Ethnic Militia (Nigeria)", "Ichen Ethnic Militia (Nigeria)")),
    ("Clashes erupted between Bani Ali and Al Badi tribesmen in the market.",
     ("Bani Ali Tribal Militia (Nigeria)", "Al Badi Tribal Militia (Nigeria)")),
])
def test_militias_named_together_are_the_two_sides(text, expected):
    roles, _ = roles_of(text, "Nigeria", "Armed clash")
    assert (roles.actor1, roles.actor2) == expected and roles.inter1 == roles.inter2 == 4


def test_two_letter_acronym_names_only_its_own_countrys_group():
    roles, _ = roles_of("Three border guard police officers clashed with AA near the village.", "Myanmar",
                        "Armed clash")
    assert roles.actor2 == "ULA/AA: United League of Arakan/Arakan Army"
    roles, _ = roles_of("Three police officers clashed with AA near the village.", "Kenya", "Armed clash")
    assert "Arakan" not in (roles.actor2 or "")


def test_a_doer_the_parser_hangs_on_the_opening_list_of_places_is_the_subject():
    text = ("On 4 May 2020, at Nga Tauk Tu Chay village, Rathedaung Township, Sittwe District, Rakhine State, Myanmar "
            "military from LIB 538 torched and destroyed 8 houses.")
    roles, _ = roles_of(text, "Myanmar", "Looting/property destruction")
    assert roles.actor1 == "Military Forces of Myanmar"


def test_nationalities_sharing_one_forces_noun_are_each_states_forces():
    roles, _ = roles_of("Turkish and Russian forces conducted a joint patrol in Ain al Arab.", "Syria",
                        "Change to group/activity")
    assert (roles.actor1, roles.assoc_actor_1) == ("Military Forces of Turkey", "Military Forces of Russia")
    roles, _ = roles_of("Clashes erupted between Palestinians and Israeli forces at the Qalandia camp.", "Palestine",
                        "Mob violence")
    assert "Military Forces of Palestine" not in (roles.actor1, roles.actor2, roles.assoc_actor_1)


def test_a_force_acled_codes_as_actor1s_associate_is_on_its_side():
    text = ("Clashes were reported between pro-Hadi forces and Popular Resistance fighters on one side and "
            "pro-Houthi forces on the other in Yisbal.")
    roles, _ = roles_of(text, "Yemen", "Armed clash")
    assert (roles.actor1, roles.assoc_actor_1) == ("Military Forces of Yemen", "Popular Resistance")
    assert roles.actor2 != "Popular Resistance"


def test_libyas_rival_armies_are_its_forces_by_faction():
    roles, _ = roles_of("LNA forces shelled GNA positions in Al Hishah.", "Libya", "Shelling/artillery/missile attack")
    assert roles.actor1 == "Military Forces of Libya Haftar Faction" and roles.inter1 == 1
    assert roles.actor2 == "Military Forces of Libya Government of National Accord" and roles.inter2 == 1


def test_militia_named_after_a_place_is_communal():
    kb = ActorKB.default()
    text = "Gusau militiamen attacked herders near Kano."
    doc = cheap_parse(text)
    entities = build_entities(doc, kb, "Nigeria")
    places = [(0, len("Gusau"))]
    roles = assign_actors(full_parse(doc), 0, entities, kb, "Nigeria", "Attack", places=places)
    assert roles.actor1 == "Gusau Communal Militia (Nigeria)"


def test_unnamed_or_national_militiamen_are_not_named():
    roles, _ = roles_of("Nigerian militiamen attacked herders near Kano.", "Nigeria", "Attack")
    assert "Militia" not in (roles.actor1 or "")


@pytest.mark.parametrize("text, country, expected", [
    ("Police forces beat a journalist in a prison in Kigali.", "Rwanda", "Police Forces of Rwanda"),
    ("Regime forces shelled the town of Talbiseh.", "Syria", "Military Forces of Syria"),
    ("Military forces of Russia kidnapped a veteran in Vasylivka.", "Ukraine", "Military Forces of Russia"),
    ("A drug suspect was killed during a police raid in Bulacan.", "Philippines", "Police Forces of the Philippines"),
])
def test_generic_state_forces_phrases_name_the_state(text, country, expected):
    roles, _ = roles_of(text, country, "Attack")
    assert roles.actor1 == expected


def test_is_in_capitals_before_a_group_word_is_the_islamic_state():
    roles, _ = roles_of("IS militants attacked a checkpoint near Kirkuk.", "Iraq", "Armed clash")
    assert roles.actor1 == "Islamic State"


def test_is_the_verb_in_a_capitalised_headline_is_nobody():
    from eventwire.extract.entities import _islamic_state_short
    from eventwire.nlp import cheap_parse

    assert not [t for t in cheap_parse("THIS IS WAR, SAYS THE MINISTER") if _islamic_state_short(t)]


# -- the event model's actor types ---------------------------------------------------------------------------


def types(actor1: dict[int, float], actor2: dict[int, float]) -> ActorTypes:
    return ActorTypes(actor1=actor1, actor2=actor2)


def roles_with_types(text: str, country: str, sub_event_type: str, actor_types: ActorTypes) -> ActorRoles:
    kb = ActorKB.default()
    doc = cheap_parse(text)
    sentence = list(doc.sents)[-1]
    return assign_actors(full_parse(sentence), sentence.start_char, build_entities(doc, kb, country), kb, country,
                         sub_event_type, actor_types=actor_types)


def test_a_likely_actor_type_takes_actor1_from_an_unlikely_one():
    text = "Militants attacked, and soldiers killed five of them near the market."
    plain, _ = roles_of(text, "Nigeria", "Armed clash")
    assert (plain.actor1, plain.actor2) == ("Unidentified Armed Group (Nigeria)", None)
    state_likely = types({1: 0.8, 3: 0.05}, {0: 0.1, 3: 0.8})
    with_types = roles_with_types(text, "Nigeria", "Armed clash", state_likely)
    assert (with_types.actor1, with_types.inter1) == ("Military Forces of Nigeria", 1)
    assert with_types.actor2 == "Unidentified Armed Group (Nigeria)"  # the likely second side, found too


def test_the_parse_keeps_its_actor2_whatever_the_types_say():
    # "soldiers were killed" reads much like "soldiers killed": the object of the verb stays the second side.
    text = "The NPA clashed with soldiers of the army in Samar."
    plain, _ = roles_of(text, "Nigeria", "Armed clash")
    assert (plain.actor1, plain.actor2) == ("Unidentified Armed Group (Nigeria)", "Military Forces of Nigeria")
    assert roles_with_types(text, "Nigeria", "Armed clash", types({1: 0.8, 2: 0.1}, {0: 0.1, 2: 0.8})) == plain


def test_unlikely_types_change_nothing():
    text = "Gunmen attacked soldiers near the market."
    plain, _ = roles_of(text, "Nigeria", "Armed clash")
    undecided = types({1: 0.4, 3: 0.4, 2: 0.2}, {0: 0.5, 1: 0.5})
    assert roles_with_types(text, "Nigeria", "Armed clash", undecided) == plain


def test_a_default_armed_group_gives_way_to_likely_state_forces():
    text = "Heavy fighting was reported near the border crossing overnight."
    plain, _ = roles_of(text, "Nigeria", "Armed clash")
    assert plain.actor1 == "Unidentified Armed Group (Nigeria)"
    state_likely = types({1: 0.7, 3: 0.2}, {0: 0.9})
    assert roles_with_types(text, "Nigeria", "Armed clash", state_likely).actor1 == "Military Forces of Nigeria"
    assert roles_with_types(text, None, "Armed clash", state_likely).actor1 == "Unidentified Armed Group"


def test_protest_conventions_ignore_actor_types():
    text = "Teachers protested in the capital against unpaid salaries."
    plain, _ = roles_of(text, "Nigeria", "Peaceful protest")
    state_likely = types({1: 0.9, 6: 0.05}, {0: 0.1, 1: 0.9})
    assert roles_with_types(text, "Nigeria", "Peaceful protest", state_likely) == plain


@pytest.mark.parametrize("phrase, expected", [
    ("Govt forces", "Military Forces of Somalia"),
    ("paramilitaries", "Military Forces of Somalia"),
    ("prison guards", "Police Forces of Somalia"),
    ("gendarmerie forces", "Police Forces of Somalia"),
    ("the governmental positions", "Military Forces of Somalia"),
    ("a military convoy", "Military Forces of Somalia"),
    ("a police officer", "Police Forces of Somalia"),
    ("two armed individuals", "Unidentified Armed Group (Somalia)"),
])
def test_more_generic_state_force_phrases(phrase, expected):
    assert ActorKB.default().match_generic(phrase, "Somalia").name == expected


def test_the_owner_of_an_act_is_its_agent_whatever_slot_the_act_fills():
    # "air raids were reported": the raids are the passive subject, the coalition that owns them carried them out.
    roles, _ = roles_of("Three Saudi-led coalition air raids were reported on Sirwah district.", "Yemen", "Air/drone strike")
    assert (roles.actor1, roles.inter1) == ("Operation Restoring Hope", 8)
    roles, _ = roles_of("A Houthi attack on government positions killed three soldiers in Marib.", "Yemen", "Armed clash")
    assert roles.actor1 == "Military Forces of Yemen Supreme Political Council"


@pytest.mark.parametrize("text", [
    "Afghan military forces repelled a Taliban attack on their convoy in Helmand.",
    "Afghan military forces repelled an attack by Taliban militants in Helmand.",
    "Afghan troops repulsed Taliban fighters near the district centre.",
])
def test_those_repelled_attacked_and_those_repelling_were_attacked(text):
    roles, _ = roles_of(text, "Afghanistan", "Armed clash")
    assert (roles.actor1, roles.actor2) == ("Taliban", "Military Forces of Afghanistan")


def test_those_thwarting_a_plot_disrupted_it():
    roles, _ = roles_of("Soldiers thwarted an attempt by Boko Haram to plant explosives near Maiduguri.", "Nigeria",
                        "Disrupted weapons use")
    assert roles.actor1 == "Military Forces of Nigeria"


@pytest.mark.parametrize("where", ["", " located at Goyarkh"])
def test_forces_of_an_owner_that_is_no_country_are_its_own(where):
    roles, _ = roles_of(
        f"Military forces of Artsakh{where} fired on the positions of the military forces of Azerbaijan near Horadiz.",
        "Azerbaijan", "Armed clash")
    assert roles.actor1 == "Military Forces of Artsakh"


def test_a_country_named_as_where_is_no_actor():
    roles, _ = roles_of("Pro-Houthi forces fired mortar shells at residential areas in western Yemen.",
                        "Yemen", "Shelling/artillery/missile attack")
    assert roles.actor1 == "Military Forces of Yemen Supreme Political Council"
    assert roles.actor2 != "Military Forces of Yemen"


def test_the_regimes_people_are_its_forces_not_its_government():
    roles, _ = roles_of("Unidentified gunmen shot dead the regime's lieutenant in Dar'a.", "Syria", "Armed clash")
    assert roles.actor2 == "Military Forces of Syria"


def test_what_is_looted_or_destroyed_is_civilians():
    roles, _ = roles_of("Regime forces looted properties of displaced families in the town of Tal Tamer.", "Syria",
                        "Looting/property destruction")
    assert (roles.actor1, roles.actor2) == ("Military Forces of Syria", "Civilians (Syria)")


def test_the_forces_of_two_countries_are_two_sides():
    roles, _ = roles_of("Military forces of India and Pakistan exchanged fire across the LoC in Poonch.", "India",
                        "Armed clash")
    assert (roles.actor1, roles.actor2) == ("Military Forces of India", "Military Forces of Pakistan")


def test_a_listed_militia_keeps_its_kind_whatever_the_place_names_say():
    kb = ActorKB.default()
    text = "Suspected Fulani militias attacked Tarkende in Guma LGA and killed two residents."
    doc = cheap_parse(text)
    places = [(text.index("Fulani"), text.index("Fulani") + len("Fulani"))]  # a village is called Fulani too
    roles = assign_actors(full_parse(doc), 0, build_entities(doc, kb, "Nigeria"), kb, "Nigeria", "Attack",
                          places=places)
    assert roles.actor1 == "Fulani Ethnic Militia (Nigeria)"


@pytest.mark.parametrize("text, expected", [
    ("A landmine planted by an unknown armed group exploded near Bara, killing a man.", "Civilians (Syria)"),
    ("A roadside bomb hit an army patrol near Bara, killing two soldiers.", "Military Forces of Syria"),
    ("A landmine exploded near Bara without causing any damage.", None),
])
def test_the_casualties_of_a_bomb_no_force_is_named_among_are_civilians(text, expected):
    roles, _ = roles_of(text, "Syria", "Remote explosive/landmine/IED")
    assert roles.actor2 == expected


@pytest.mark.parametrize("text, agent", [
    ("Two soldiers were reported to have shot a farmer.", True),
    ("The police are accused of beating a driver.", True),
    ("Two soldiers were reported killed in an ambush.", False),
    ("Two soldiers were said to be injured.", False),
])
def test_the_subject_of_accused_of_doing_did_it(text, agent):
    from eventwire.extract.actors import _accused_of_doing
    from eventwire.nlp import full_parse

    parsed = full_parse(text)
    subject = next(t for t in parsed if t.dep_ == "nsubjpass")
    assert _accused_of_doing(subject.head) is agent


@pytest.mark.parametrize("text, country, actor1", [
    ("Suspected JNIM or ISGS militants burned a school near Djibo.", "Burkina Faso",
     "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)"),
    ("Presumed ISWAP or Boko Haram fighters killed three herders near Bosso.", "Niger",
     "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"),
    ("JNIM militants burned a school near Djibo.", "Burkina Faso", "JNIM: Group for Support of Islam and Muslims"),
])
def test_two_groups_named_as_either_one_are_the_pair_acled_names(text, country, actor1):
    roles, _ = roles_of(text, country, "Attack")
    assert roles.actor1 == actor1 and roles.inter1 == 2
