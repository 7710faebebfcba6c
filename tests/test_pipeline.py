"""The pipeline: merging sentences of one event, summaries, and coding articles end to end."""

from datetime import date
from types import SimpleNamespace

import pytest

from eventwire.model import Article, Event
from eventwire.extract.events import EventPrediction
from eventwire.pipeline import merge_same_events, reports_what_it_was_called, summarise


def sentence_event(sub_type, place=None, precision=1, day=None, text="Rebels attacked the town.", toll=None,
                   actor1="Rebels"):
    location = SimpleNamespace(place=SimpleNamespace(geonameid=place, name=str(place)), geo_precision=precision) if place else None
    fatalities = SimpleNamespace(count=toll, start=0) if toll else None
    return SimpleNamespace(prediction=SimpleNamespace(sub_event_type=sub_type, probability=0.9),
                           location=location, date_value=day, sentence=SimpleNamespace(text=text),
                           fatalities=fatalities, roles=SimpleNamespace(actor1=actor1),
                           toll_only=False)  # the fields merge_same_events reads


def test_a_toll_sentence_joins_the_event_before_it_whatever_its_type():
    strike = sentence_event("Air/drone strike", place=1)
    toll = sentence_event("Attack", text="Four civilians were killed.", toll=4, actor1=None)
    elsewhere = sentence_event("Attack", place=2, text="Five soldiers were killed in Lagos.", toll=5, actor1=None)
    assert merge_same_events([strike, toll, elsewhere]) == [[strike, toll], [elsewhere]]
    assert toll.toll_only and not elsewhere.toll_only


def test_pipeline_merges_sentences_of_one_event():
    a = sentence_event("Armed clash", place=1)
    b = sentence_event("Armed clash")  # no place: agrees with any
    c = sentence_event("Government regains territory", place=1)  # same event type (Battles)
    assert merge_same_events([a, b, c]) == [[a, b, c]]


def test_pipeline_keeps_events_apart_when_places_or_dates_differ():
    a = sentence_event("Armed clash", place=1)
    b = sentence_event("Armed clash", place=2)
    c = sentence_event("Peaceful protest", place=1)
    d = sentence_event("Armed clash", day=date(2020, 1, 1))
    e = sentence_event("Armed clash", day=date(2020, 1, 5))
    groups = merge_same_events([a, b, c, d, e])
    assert [a] in groups or [a, d] in groups
    assert any(b in g and a not in g for g in groups)
    assert [c] in groups
    assert not any(d in g and e in g for g in groups)


def test_pipeline_summary_is_built_from_the_fields():
    event = Event(event_type="Battles", sub_event_type="Armed clash", event_date="2020-01-02", time_precision=1,
                  actor1="Military Forces of Somalia", actor2="Al Shabaab", location="Jilib", admin1="Middle Juba",
                  country="Somalia", geo_precision=1, fatalities=3)
    note = summarise(event)
    assert note.startswith("On 2020-01-02, Military Forces of Somalia clashed with Al Shabaab in Jilib (Middle Juba, Somalia)")
    assert "3 reported fatalities" in note


def test_pipeline_summary_has_a_phrase_for_every_sub_event_type():
    from eventwire.model import SUB_EVENT_TYPES

    for sub_type, event_type in SUB_EVENT_TYPES.items():
        alone = summarise(Event(event_type=event_type, sub_event_type=sub_type, actor1="A"))
        paired = summarise(Event(event_type=event_type, sub_event_type=sub_type, actor1="A", actor2="B"))
        assert alone.startswith("On an unknown date, A ") and "None" not in alone + paired


def test_pipeline_codes_nothing_in_a_text_without_events():
    import eventwire

    doc = eventwire.extract("The minister said the economy would grow next year thanks to new investment.",
                            published="2021-05-01")
    assert doc.events == []


def test_pipeline_without_publication_date_leaves_relative_dates_empty_and_warns():
    import eventwire

    doc = eventwire.extract("Gunmen killed three villagers in Zamfara on Monday, police said.")
    assert doc.events
    assert doc.events[0].event_date is None
    assert any("publication date" in w for w in doc.warnings)


def test_pipeline_evidence_offsets_point_into_the_text():
    import eventwire

    text = ("Hundreds of teachers marched in Nairobi on Tuesday to demand higher pay.\n\n"
            "Police fired tear gas to disperse them, witnesses said.")
    doc = eventwire.extract(text, published="2023-02-08")
    assert doc.events
    for event in doc.events:
        for ev in event.evidence.values():
            assert text[ev.start:ev.end] == ev.sentence


def test_pipeline_codes_terse_english_without_stop_words():
    import eventwire

    doc = eventwire.extract("Gunmen killed five villagers near Gusau.", published="2021-05-01")
    assert doc.events and doc.events[0].event_type == "Violence against civilians"


def test_pipeline_refuses_other_languages_with_a_warning():
    import eventwire

    doc = eventwire.extract("Des hommes armés ont tué cinq villageois près de Gusau, selon la police locale.",
                            published="2021-05-01")
    assert doc.events == [] and doc.article.language == "fr"
    assert "English" in doc.warnings[0]


def test_pipeline_codebook_rule_turns_a_battle_against_civilians_into_an_attack():
    from eventwire.pipeline import apply_codebook_rules

    event = Event(event_type="Battles", sub_event_type="Armed clash", actor2="Civilians (Nigeria)", inter2=7)
    apply_codebook_rules(event)
    assert (event.event_type, event.sub_event_type, event.disorder_type) == (
        "Violence against civilians", "Attack", "Political violence")


def _event(sub_type: str, **fields) -> Event:
    from eventwire.model import SUB_EVENT_TYPES, Event, Evidence

    event = Event(event_type=SUB_EVENT_TYPES[sub_type], sub_event_type=sub_type, country="Canada", **fields)
    event.evidence["actor1"] = Evidence(f"{sub_type} sentence", 0, 10)
    return event


def test_arrests_at_a_protest_make_it_a_protest_with_intervention():
    from eventwire.pipeline import absorb_protest_arrests

    protest = _event("Peaceful protest", actor1="Protesters (Canada)", inter1=6, location="Burnaby", geo_precision=1,
                     confidence=0.6)
    arrests = _event("Arrests", actor1="Police Forces of Canada", inter1=1, location="Burnaby", geo_precision=2,
                     confidence=0.9)
    events = absorb_protest_arrests([arrests, protest])
    assert events == [protest]
    assert protest.sub_event_type == "Protest with intervention"
    assert (protest.actor2, protest.inter2, protest.interaction) == ("Police Forces of Canada", 1, 16)
    assert protest.evidence["actor2"].sentence == "Arrests sentence"


def test_arrests_elsewhere_stay_an_event_of_their_own():
    from eventwire.pipeline import absorb_protest_arrests

    protest = _event("Peaceful protest", actor1="Protesters (Canada)", inter1=6, location="Vancouver", geo_precision=1)
    arrests = _event("Arrests", actor1="Police Forces of Canada", inter1=1, location="Toronto", geo_precision=1)
    assert len(absorb_protest_arrests([protest, arrests])) == 2
    assert protest.sub_event_type == "Peaceful protest"


def test_an_attack_by_a_crowd_is_mob_violence_by_rioters():
    from eventwire.pipeline import apply_codebook_rules

    by_residents = _event("Attack", actor1="Civilians (Brazil)", inter1=7, actor2="Civilians (Brazil)", inter2=7)
    apply_codebook_rules(by_residents)
    assert (by_residents.event_type, by_residents.sub_event_type) == ("Riots", "Mob violence")
    assert (by_residents.actor1, by_residents.inter1) == ("Rioters (Brazil)", 5)
    by_gunmen = _event("Attack", actor1="Unidentified Armed Group (Brazil)", inter1=3, inter2=7)
    apply_codebook_rules(by_gunmen)
    assert by_gunmen.sub_event_type == "Attack"


def test_police_dispersing_a_protest_make_it_a_protest_with_intervention():
    from eventwire import get_pipeline

    text = ("On 16 May 2022, demonstrators staged a sit-in in front of the French Embassy in Dakar to demand family "
            "reunification. The police intervened to dislodge the demonstrators.")
    events = get_pipeline()(Article(text=text, published=date(2022, 5, 17))).events
    protest = next(e for e in events if e.event_type == "Protests")
    assert protest.sub_event_type == "Protest with intervention"
    assert protest.actor2 == "Police Forces of Senegal"
    assert protest.evidence["sub_event_type"].sentence.startswith("The police intervened")


def test_police_words_without_an_intervention_leave_a_protest_peaceful():
    from eventwire import get_pipeline

    text = "Hundreds marched peacefully in Nairobi on Saturday. Police said the march had been authorised."
    events = get_pipeline()(Article(text=text, published=date(2022, 5, 17))).events
    assert [e.sub_event_type for e in events if e.event_type == "Protests"] == ["Peaceful protest"]


def _span_sentences(text: str):
    from eventwire.nlp import cheap_parse

    return [s for s in cheap_parse(text).sents]


@pytest.mark.parametrize("sub_type, text, expected", [
    ("Violent demonstration", "About 250 people demonstrated in Vannes against the vaccine pass.", "Peaceful protest"),
    ("Violent demonstration", "Demonstrators threw stones at the town hall in Vannes.", "Violent demonstration"),
    ("Protest with intervention", "Hundreds demonstrated in Frankenberg against lockdown rules.", "Peaceful protest"),
    ("Protest with intervention", "Police dispersed hundreds of demonstrators in Frankenberg.",
     "Protest with intervention"),
])
def test_protest_sub_types_need_what_defines_them(sub_type, text, expected):
    from eventwire.model import Evidence
    from eventwire.pipeline import require_protest_cues

    inter1 = 5 if sub_type == "Violent demonstration" else 6
    actor1 = "Rioters (France)" if inter1 == 5 else "Protesters (France)"
    event = _event(sub_type, actor1=actor1, inter1=inter1)
    event.evidence["sub_event_type"] = Evidence(text, 0, len(text))
    require_protest_cues([event], _span_sentences(text))
    assert event.sub_event_type == expected
    if expected == "Peaceful protest":
        assert (event.event_type, event.actor1, event.inter1) == ("Protests", "Protesters (France)", 6)


def test_deaths_a_protest_account_mentions_are_not_its_toll():
    from eventwire import get_pipeline

    text = ("On 3 May 2022, around 150 people demonstrated in Mannheim to demand justice after two men were killed "
            "in police custody.")
    events = get_pipeline()(Article(text=text, published=date(2022, 5, 4))).events
    protest = next(e for e in events if e.event_type == "Protests")
    assert protest.sub_event_type == "Peaceful protest" and protest.fatalities == 0


def test_a_remark_on_how_the_toll_was_coded_is_neither_an_event_nor_a_count():
    from eventwire import get_pipeline

    text = ("On 8 February 2022, the coalition conducted airstrikes on rebel positions near Marib, killing a number "
            "of fighters. Unclear fatalities coded as 10.")
    events = get_pipeline()(Article(text=text, published=date(2022, 2, 9))).events
    assert len(events) == 1 and events[0].fatalities == 0


def test_a_toll_in_a_sentence_of_its_own_belongs_to_the_event_before_it():
    from eventwire import get_pipeline

    text = ("On 2 June 2022, a mob assaulted a man accused of theft at a farm in Kimberley, South Africa. "
            "The man later died at the hospital.")
    event = get_pipeline()(Article(text=text, published=date(2022, 6, 3))).events[0]
    assert event.fatalities == 1
    assert event.evidence["fatalities"].sentence == "The man later died at the hospital."


@pytest.mark.parametrize("prediction, text, kept", [
    (EventPrediction("Protests", "Peaceful protest", 0.4),
     "Soon after its leader declared a caliphate, the province came under the group's control.", False),
    (EventPrediction("Protests", "Peaceful protest", 0.4), "Hundreds of teachers marched in Nairobi.", True),
    (EventPrediction("Riots", "Violent demonstration", 0.4), "The government held elections on Sunday.", False),
    (EventPrediction("Riots", "Mob violence", 0.4), "Villagers lynched a suspected thief in Kisii.", True),
    (EventPrediction("Battles", "Armed clash", 0.4), "A bus collided with a truck near Lahore, killing nine.", False),
    (EventPrediction("Battles", "Armed clash", 0.4), "Soldiers and rebels fought near Goma.", True),
    (EventPrediction("Strategic developments", "Looting/property destruction", 0.4), "Casualties unknown.", False),
])
def test_a_verdict_needs_what_its_type_implies(prediction, text, kept):
    assert reports_what_it_was_called(text, prediction) is kept


def test_a_sentence_before_a_bare_toll_is_read_with_a_lower_bar():
    from eventwire.pipeline import TOLL_CONTEXT_THRESHOLD, Pipeline

    asked = []

    def predict(texts, threshold=None):
        asked.append((texts, threshold))
        return [EventPrediction("Explosions/Remote violence", "Shelling/artillery/missile attack", 0.3)]

    sentences = [SimpleNamespace(text=t) for t in ("Forces shelled the town.", "Casualties unknown.", "Talks resume.")]
    predictions = [EventPrediction(None, None, 0.7)] * 3
    Pipeline._read_before_tolls(SimpleNamespace(classifier=SimpleNamespace(predict=predict)), sentences, predictions)
    assert asked == [(["Forces shelled the town."], TOLL_CONTEXT_THRESHOLD)]
    assert predictions[0].is_event and not predictions[2].is_event


@pytest.mark.parametrize("follow_up", ["The reason for the attack is unknown.", "Police are investigating the incident."])
def test_a_sentence_asking_about_the_event_just_told_joins_it(follow_up):
    told = sentence_event("Armed clash", place=1, text="Gunmen shot and killed a villager in Kachudola.")
    asking = sentence_event("Attack", place=1, text=follow_up, actor1="Unidentified Armed Group (India)")
    assert merge_same_events([told, asking]) == [[told, asking]]


def events_of(text: str, published: date) -> list[Event]:
    """The events the shipped pipeline codes in ``text``, most confident first."""
    from eventwire import get_pipeline

    return get_pipeline()(Article(text=text, published=published)).events


def test_an_article_that_names_no_place_happens_where_its_armed_actors_are_at_home():
    text = "Al Shabaab militants attacked a police station overnight, killing four officers."
    event = events_of(text, date(2022, 6, 3))[0]
    assert (event.country, event.geo_precision) == ("Somalia", 3)
    assert event.actor1 == "Al Shabaab"


def test_a_party_abroad_does_not_say_where():
    # No place and only a political party (not an armed actor): the country stays unknown, not guessed.
    text = "Members of the Nationalist Congress Party protested outside the ministry against fuel prices."
    events = events_of(text, date(2022, 6, 3))
    assert events and all(e.country is None for e in events)


@pytest.mark.parametrize("violence", [
    "They clashed with police personnel who fired tear gas to disperse the crowd.",
    "Later the protesters burned tyres and pelted the police with stones.",
    "Police used tear gas to disperse a second day of violent demonstrations there.",
])
def test_a_demonstration_that_turned_violent_is_one_violent_demonstration_by_rioters(violence):
    text = ("Hundreds of garment workers demonstrated on the highway in Gazipur, Bangladesh, demanding unpaid "
            f"wages. {violence}")
    events = events_of(text, date(2022, 6, 3))
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Violent demonstration", "Rioters (Bangladesh)")]
    assert events[0].evidence["sub_event_type"].sentence == violence


@pytest.mark.parametrize("intervention", [
    "Soldiers dispersed the crowds with tear gas and severely beat a demonstrator.",
    "Several arrests were made.",
])
def test_the_authorities_stopping_a_protest_make_it_a_protest_with_intervention(intervention):
    text = f"Hundreds of traders demonstrated in Gedaref, Sudan, against the new market tax. {intervention}"
    events = events_of(text, date(2022, 6, 3))
    assert [e.sub_event_type for e in events] == ["Protest with intervention"]
    assert events[0].actor1 == "Protesters (Sudan)" and events[0].inter2 == 1


def test_a_protest_against_an_arrest_is_no_intervention():
    text = "Journalists protested in Multan, Pakistan, demanding the editor's release. He was arrested in March."
    assert [e.sub_event_type for e in events_of(text, date(2022, 6, 3))] == ["Peaceful protest"]


def test_violence_a_protest_is_about_does_not_make_it_violent():
    text = ("Hundreds of students marched peacefully in Gazipur, Bangladesh, against the killing of a classmate by "
            "unknown attackers. They demanded the recovery of looted funds.")
    events = events_of(text, date(2022, 6, 3))
    assert [e.sub_event_type for e in events] == ["Peaceful protest"]


# One sentence each, and how ACLED codes its event: (sub-type, actor1, actor2).
CODEBOOK_CASES = [
    pytest.param("On 4 May 2020, NAF rebel forces fired mortars at the governmental positions near Krasnohorivka, "
                 "Donetsk.", ("Shelling/artillery/missile attack", "NAF: United Armed Forces of Novorossiya",
                              "Military Forces of Ukraine"), id="the positions shelled stand for the forces holding them"),
    pytest.param("On 5 May 2020, police assaulted a family in Nimbahera (Chittorgarh, Rajasthan) for violating the "
                 "coronavirus curfew, as revealed by a video.", ("Attack", "Police Forces of India", "Civilians (India)"),
                 id="police beating someone are no mob"),
    pytest.param("On 2 May 2020, police in Burgersfort (Sekhukhune, Limpopo) are accused of assaulting a taxi driver for "
                 "not wearing his face mask.", ("Attack", "Police Forces of South Africa", "Civilians (South Africa)"),
                 id="those accused of assaulting someone assaulted him"),
    pytest.param("On 4 May 2020, Israeli forces raided the town of Kfar Aqab north of Jerusalem and hurled tear gas at "
                 "Palestinians.", ("Attack", "Military Forces of Israel", "Civilians (Palestine)"),
                 id="foreign forces hurling tear gas are no mob"),
    pytest.param("A mob attacked police officers with stones in Kano, Nigeria, on Sunday.",
                 ("Mob violence", "Rioters (Nigeria)", "Police Forces of Nigeria"), id="a mob attacking police"),
    pytest.param("Boko Haram fighters clashed near Gwoza, Borno state, Nigeria, on Monday.",
                 ("Armed clash", "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad", "Military Forces of Nigeria"),
                 id="the unnamed side of a non-state group's clash is the state's forces"),
    pytest.param("On 5 May 2020, in Colima, Mexico, a state police patrol was shot by armed individuals in a drive-by "
                 "incident.", ("Armed clash", "Unidentified Gang (Mexico)", "Police Forces of Mexico"),
                 id="violence against state forces on duty is a clash with them"),
    pytest.param("On 5 May 2020, in Colima, Mexico, two off-duty police officers were shot by armed individuals in a "
                 "drive-by incident.", ("Attack", "Unidentified Gang (Mexico)", "Civilians (Mexico)"),
                 id="off-duty police are civilians"),
    pytest.param("On 4 May 2020, Imbonerakure and CNL members clashed with machetes in Buhomba (Mutimbuzi, Bujumbura "
                 "Rural). Around 10 injuries reported.",
                 ("Mob violence", "Rioters (Burundi)", "Civilians (Burundi)"),
                 id="a fight with machetes and no firearm is a brawl"),
    pytest.param("On 5 May 2020, residents demonstrating against the nightly curfew vandalized a police station in "
                 "Koutiala (Koutiala, Sikasso), Mali.", ("Violent demonstration", "Rioters (Mali)", "Police Forces of Mali"),
                 id="a violent demonstration faces the state forces its account names"),
    pytest.param("On 6 May 2020, two groups of migrant labourers clashed at a railway station in Satna town (Satna, "
                 "Madhya Pradesh) over the distribution of food packets.",
                 ("Mob violence", "Rioters (India)", "Rioters (India)"), id="two crowds fighting are both rioters"),
    pytest.param("On 5 May 2020, heavy artillery fire by an unknown party was reported in Abu Salim (Tripoli), Libya.",
                 ("Shelling/artillery/missile attack", "Unidentified Armed Group (Libya)", None),
                 id="attackers the sentence calls unknown stay unknown"),
    pytest.param("On 6 May 2020, QSD arrested four young men in Ar-Raqqa city, Syria, on charges of joining IS.",
                 ("Abduction/forced disappearance", "QSD: Syrian Democratic Forces", "Civilians (Syria)"),
                 id="a rebel group arresting people abducts them"),
    pytest.param("On 3 May 2020, in Celaya, Guanajuato, Mexico, members of a criminal group shot dead a shopkeeper.",
                 ("Attack", "Unidentified Gang (Mexico)", "Civilians (Mexico)"),
                 id="anonymous attackers tied to crime are a gang where ACLED names one"),
    pytest.param("On 5 May 2020, in Salamanca, Guanajuato, Mexico, a man and a woman were shot dead in a drive-by "
                 "incident in Colonia del Parque.", ("Attack", "Unidentified Gang (Mexico)", "Civilians (Mexico)"),
                 id="a drive-by shooting is a gang's killing where ACLED names one"),
    pytest.param("On 2 May 2020, in Sain Alto municipality, Zacatecas, Mexico, three women were found dead on the road "
                 "towards Jose Maria Morelos. All the victims had the hands tied and cuts in the neck.",
                 ("Attack", "Unidentified Gang (Mexico)", "Civilians (Mexico)"),
                 id="victims found tied, told after the killing, are a gang's"),
    pytest.param("On 5 May 2020, in Biguacu, Santa Catarina, Brazil, a drug trafficker was killed after exchanging fire "
                 "with military police forces during a patrol.",
                 ("Armed clash", "Military Forces of Brazil Military Police", "Unidentified Gang (Brazil)"),
                 id="a clash of police with anonymous criminals is written as ACLED writes it in the country"),
    pytest.param("On 5 May 2020, in Guaira, Parana, Brazil, federal police forces seized about a ton of marijuana hidden "
                 "in a truck during a highway inspection.",
                 ("Looting/property destruction", "Police Forces of Brazil Federal Police", "Unidentified Gang (Brazil)"),
                 id="the owners of what state forces seize are a gang where ACLED names one"),
    pytest.param("On 5 May 2020, in Foz do Iguacu, Parana, Brazil, a man was shot to death by two armed men. There are "
                 "no reports on the identity of the perpetrators nor crime motivation.",
                 ("Attack", "Unidentified Armed Group (Brazil)", "Civilians (Brazil)"),
                 id="perpetrators nobody knows are no gang where ACLED names anonymous men a gang"),
    pytest.param("On 6 May 2020, in Guadalajara, Jalisco, armed men clashed with ministerial police officers. One man "
                 "and one officer died.", ("Armed clash", "Unidentified Armed Group (Mexico)", "Police Forces of Mexico"),
                 id="a toll sentence naming nobody does not name the doers"),
    pytest.param("On 6 May 2020, a landmine planted by regime forces exploded in Sinjar area west of As-Saan in Hama "
                 "countryside, injuring a child while grazing sheep.",
                 ("Remote explosive/landmine/IED", "Military Forces of Syria", "Civilians (Syria)"),
                 id="the forces who laid a mine are not among its victims"),
    pytest.param("Around 5 May 2020, an airstrike by Afghan military forces killed 1 woman, and injured 2 children, in "
                 "Ghazni district.", ("Air/drone strike", "Military Forces of Afghanistan", "Civilians (Afghanistan)"),
                 id="a strike that killed women and children hit civilians"),
    pytest.param("On 5 May 2020, a Malian army vehicle struck an IED near Dinangourou (Koro, Mopti), Mali. One soldier "
                 "was wounded. JNIM claimed responsibility.",
                 ("Remote explosive/landmine/IED", "JNIM: Group for Support of Islam and Muslims", "Military Forces of Mali"),
                 id="a vehicle striking a mine was hit; the group claiming it did it"),
    pytest.param("On 3 May 2020, a group of 10 youths attacked and assaulted a police patrol team injuring one officer "
                 "at Tezpur (Sonitpur district, Assam).", ("Mob violence", "Rioters (India)", None),
                 id="a crowd is no side of an armed clash"),
    pytest.param("On 5 May 2020, the Ukrainian Forces fired 120mm and 82mm mortars, IFVs, heavy machine guns, grenade "
                 "launchers and small arms at the positions of the Donbass People's Militia in the area of "
                 "Staromykhaylivka, Donetsk.",
                 ("Armed clash", "Military Forces of Ukraine", "NAF: United Armed Forces of Novorossiya"),
                 id="heavy weapons and small arms fired at positions are an exchange of fire"),
]


@pytest.mark.parametrize("text, coded", CODEBOOK_CASES)
def test_one_sentence_events_are_coded_as_acleds_codebook_codes_them(text, coded):
    event = events_of(text, date(2020, 5, 6))[0]
    assert (event.sub_event_type, event.actor1, event.actor2) == coded
    if event.actor2:
        assert "actor2" in event.evidence


def test_a_force_acled_names_only_as_an_associate_is_coded_as_its_partner():
    text = ("On 5 May 2020, the Ukrainian Forces fired 82mm mortars at the positions of the Donbass People's Militia "
            "in the area of Staromykhaylivka, Donetsk.")
    event = events_of(text, date(2020, 5, 6))[0]
    assert event.actor2 == "NAF: United Armed Forces of Novorossiya" and event.inter2 == 2
    assert event.assoc_actor_2 == "Donbass People's Militia"


def test_a_sentence_naming_the_wounded_first_is_the_toll_of_the_event_before_it():
    text = ("On 2 May 2020, NAF rebel forces fired grenade launchers at the governmental positions near Hnutove, "
            "Donetsk. During the day, one Ukrainian soldier was wounded.")
    events = events_of(text, date(2020, 5, 3))
    assert [e.actor1 for e in events] == ["NAF: United Armed Forces of Novorossiya"]


def test_a_protest_that_turned_violent_is_never_folded_into_itself():
    text = ("On 3 May 2020, residents reportedly took to the streets of Khur Maksar district in Aden city to condemn "
            "deteriorating health conditions and to demand the departure of STC authorities. Rioters blocked streets "
            "with burning tires.")
    events = events_of(text, date(2020, 5, 4))
    assert [(e.sub_event_type, e.actor1) for e in events][:1] == [("Violent demonstration", "Rioters (Yemen)")]


def test_small_arms_told_after_the_shelling_make_it_a_clash_but_fire_at_homes_stays_shelling():
    exchange = ("On 2 May 2020, the Ukrainian Forces fired 120mm mortars at the positions of the Luhansk People's "
                "Militia in the area of Zolote-5, Luhansk. The OSCE SMM observed a total of 59 explosions and bursts "
                "of fire involving small arms near Zolote-5.")
    homes = ("On 6 May 2020, pro-Houthi forces fired mortar shells and sniper rifles at residential houses in Hays "
             "city (Hays, Al Hudaydah), Yemen.")
    assert [e.sub_event_type for e in events_of(exchange, date(2020, 5, 3))] == ["Armed clash"]
    assert events_of(homes, date(2020, 5, 7))[0].sub_event_type == "Shelling/artillery/missile attack"


def test_what_observers_saw_of_the_event_just_told_is_part_of_it():
    text = ("On 2 May 2020, the NAF rebel forces fired 120mm mortars, grenade launchers and small arms at the "
            "governmental positions near Avdiivka, Donetsk. The OSCE SMM observed a total of 3 projectiles involving "
            "unknown weapons near Avdiivka.")
    events = events_of(text, date(2020, 5, 3))
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Armed clash", "NAF: United Armed Forces of Novorossiya")]


def test_a_report_naming_no_known_place_happens_where_the_mission_reporting_it_works():
    text = "On 6 May 2020, the OSCE SMM observed a total of 2 explosions involving unknown weapons near Yasunivka."
    assert events_of(text, date(2020, 5, 7))[0].country == "Ukraine"


def test_civilians_killed_in_a_fight_between_two_sides_leave_it_a_clash():
    text = ("On 4 May 2020, 2 civilians were killed in indiscriminate shooting during clashes between 2 families in "
            "the city of Idleb following an altercation between them.")
    event = events_of(text, date(2020, 5, 5))[0]
    assert event.sub_event_type == "Armed clash" and event.actor2 == event.actor1 and event.inter2 != 7


def test_a_group_acled_counts_among_civilians_is_the_civilians_associate():
    text = "On 3 May 2020, 10 Imbonerakure attacked a CNL member in Bugabira commune (Kirundo), Burundi."
    event = events_of(text, date(2020, 5, 4))[0]
    assert (event.sub_event_type, event.actor2, event.inter2) == ("Attack", "Civilians (Burundi)", 7)
    assert event.assoc_actor_2 == "CNL: National Congress for Liberation"


def test_forces_operating_under_an_umbrella_are_its_associates_on_their_side():
    attackers = ("On 4 May 2020, Turkish forces and JWS factions, operating under OPS, shelled the village of Fakkeh in "
                 "the countryside of Tal Tamer in Al-Hasakeh.")
    event = events_of(attackers, date(2020, 5, 5))[0]
    assert (event.actor1, event.actor2) == ("Operation Peace Spring", None)
    assert "Military Forces of Turkey" in event.assoc_actor_1
    victims = ("On 5 May 2020, a landmine planted by an unknown armed group exploded in Ras Al Ain city in Al-Hasakeh "
               "countryside, injuring a JWS fighter operating under OPS.")
    event = events_of(victims, date(2020, 5, 6))[0]
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group (Syria)", "Operation Peace Spring")


def test_fire_a_ceasefire_mission_saw_in_both_directions_is_between_the_parties_it_monitors():
    text = ("On 6 May 2020, the OSCE SMM observed a total of 60 projectiles/bursts of fire involving unknown weapons in "
            "both directions of the frontline near Khutir Vilny.")
    event = events_of(text, date(2020, 5, 7))[0]
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Armed clash", "Military Forces of Ukraine", "NAF: United Armed Forces of Novorossiya")
    assert (event.inter1, event.inter2, event.country) == (1, 2, "Ukraine")


def test_a_peaceful_protest_faces_no_side_but_counter_protesters():
    text = ("On 6 May 2020, about 200 ex-soldiers, who had been demobilized, demonstrated in Luanda (Luanda, Luanda) "
            "demanding to be integrated in the National Police.")
    event = events_of(text, date(2020, 5, 7))[0]
    assert (event.sub_event_type, event.actor2, event.inter2) == ("Peaceful protest", None, None)


def test_a_mine_left_from_a_war_that_has_ended_is_no_attack_by_anyone_fighting_now():
    old = ("On 12 March 2021, a shepherd was wounded when an anti-personnel mine left from the Iran-Iraq war exploded "
           "near Qasr-e Shirin, Kermanshah.")
    cambodia = ("On 8 April 2021, two farmers were injured when their tractor hit an anti-tank mine in Rattanak Mondul "
                "district, Battambang. The area saw heavy fighting that took place in the 1980s.")
    new = ("On 12 March 2021, a shepherd was wounded when a landmine planted by IS militants exploded near Tuz "
           "Khurmatu, Salah al-Din.")
    assert events_of(old, date(2021, 3, 13))[0].sub_event_type == "Other"
    assert events_of(cambodia, date(2021, 4, 9))[0].sub_event_type == "Other"
    assert events_of(new, date(2021, 3, 13))[0].sub_event_type == "Remote explosive/landmine/IED"


@pytest.mark.parametrize("text, sub_event_type", [
    ("On 9 March 2021, opposition fighters destroyed a regime bulldozer with an ATGM on the Kabani front, Latakia. "
     "No casualties were reported.", "Shelling/artillery/missile attack"),
    ("On 9 March 2021, ISWAP claimed to have attacked an army base in Damasak, Borno, with mortar shells.",
     "Shelling/artillery/missile attack"),
    ("On 9 March 2021, Al Shabaab militants hit a military convoy with an IED near Afgooye, Lower Shabelle, killing "
     "4 soldiers.", "Remote explosive/landmine/IED"),
    ("On 9 March 2021, soldiers clashed with Al Shabaab militants, who fired mortars, near Afgooye, Lower Shabelle.",
     "Armed clash"),
])
def test_armed_sides_hit_only_from_afar_suffer_remote_violence_not_a_clash(text, sub_event_type):
    assert events_of(text, date(2021, 3, 10))[0].sub_event_type == sub_event_type


def test_a_toll_naming_no_doer_is_the_toll_of_the_event_before_it_unless_a_fight_broke_out():
    toll = ("On 9 March 2021, the army launched artillery bombardments on Boko Haram positions near Gwoza, Borno. "
            "20 fighters were killed.")
    fight = ("On 9 March 2021, in Sao Goncalo, Rio de Janeiro, Military Police officers went to the Salgueiro "
             "community to find drug traffickers. A shoot-out broke out and a suspect was killed.")
    events = events_of(toll, date(2021, 3, 10))
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Shelling/artillery/missile attack", 20)]
    assert "Armed clash" in [e.sub_event_type for e in events_of(fight, date(2021, 3, 10))]


@pytest.mark.parametrize("charges, coded", [
    ("drug trafficking", ("Armed clash", "Unidentified Gang (Brazil)")),
    ("robbery", ("Attack", "Civilians (Brazil)")),
])
def test_a_victim_tied_to_drug_trafficking_fell_in_a_fight_between_gangs(charges, coded):
    text = ("On 9 March 2021, in Juazeiro do Norte, Ceara, a man was shot dead by two armed men on a motorcycle. "
            f"The victim had charges against him for {charges}.")
    event = events_of(text, date(2021, 3, 10))[0]
    assert (event.sub_event_type, event.actor2) == coded


def test_a_fight_in_an_article_naming_nobody_who_could_have_fought_is_between_unidentified_groups():
    nobody = ("On 9 March 2021, in Nilopolis, Rio de Janeiro, it was reported through a mobile application that a "
              "shoot-out took place in the Cabral neighborhood.")
    named = "On 9 March 2021, clashes took place between AAS against JaS in Al-Ashrafieh neighbourhood in Afrin city."
    event = events_of(nobody, date(2021, 3, 10))[0]
    assert (event.sub_event_type, event.actor1, event.actor2) == (
        "Armed clash", "Unidentified Armed Group (Brazil)", "Unidentified Armed Group (Brazil)")
    assert event.inter1 == event.inter2 == 3
    assert events_of(named, date(2021, 3, 10))[0].actor1 == "AAS: Ahrar al Sham"


def test_a_toll_told_between_two_sentences_of_one_event_is_its_toll():
    text = ("On 9 March 2021, villagers stoned two police officers and a man accused of terrorising the community in "
            "Kendu Bay (Homa Bay). One police officer died. Villagers accused the police officer of working with the "
            "man accused of terrorising the community.")
    events = events_of(text, date(2021, 3, 10))
    assert [(e.sub_event_type, e.fatalities) for e in events][:1] == [("Mob violence", 1)]


@pytest.mark.parametrize("harm, sub_event_type", [
    ("No fatalities and/or injuries reported.", "Abduction/forced disappearance"),
    ("They also shot and injured a herder.", "Attack"),
])
def test_an_attack_that_took_people_away_and_hurt_nobody_is_an_abduction(harm, sub_event_type):
    text = ("On 9 March 2021, ADF militiamen carried out a kidnapping of 3 men during an incursion in Mayimoya village "
            "(Beni, Nord-Kivu). The assailants also stole goats. " + harm)
    assert events_of(text, date(2021, 3, 10))[0].sub_event_type == sub_event_type


def test_a_missile_intercepted_is_a_weapon_disrupted_not_a_clash():
    text = ("On 9 March 2021, Saudi-led coalition air defence systems reportedly intercepted a ballistic missile fired "
            "by pro-Houthi forces over Sahn al Jin military camp near Marib city (Marib) with no report of casualties.")
    assert events_of(text, date(2021, 3, 10))[0].sub_event_type == "Disrupted weapons use"


@pytest.mark.parametrize("told, sub_event_type", [
    ("Journalists covering the march were beaten up by demonstrators.", "Violent demonstration"),
    ("The demonstrators attempted to force themselves into the offices of the governor.", "Violent demonstration"),
    ("Military forces stopped the protesters from setting up tents.", "Protest with intervention"),
])
def test_what_befell_a_protest_told_after_it_says_what_kind_it_was(told, sub_event_type):
    text = "On 9 March 2021, hundreds of residents protested in Ouagadougou (Kadiogo) against rising prices. " + told
    assert events_of(text, date(2021, 3, 10))[0].sub_event_type == sub_event_type


def test_nationals_or_workers_fighting_the_police_are_a_mob_not_a_side_of_a_clash():
    text = ("On 9 March 2021, Indian nationals clashed with Nepal armed police personnel in Jhapa district when they "
            "were stopped at the border.")
    event = events_of(text, date(2021, 3, 10))[0]
    assert event.sub_event_type == "Mob violence" and event.inter1 == 5


def test_an_attack_on_a_police_station_is_a_clash_with_the_police_even_where_a_civilian_died():
    text = ("On 9 March 2021, militants attacked the gendarmerie station in Mandoli (Bandiagara, Mopti), killed one "
            "civilian and wounded four gendarmes. The militants burned the station and a vehicle.")
    event = events_of(text, date(2021, 3, 10))[0]
    assert (event.sub_event_type, event.inter2) == ("Armed clash", 1)
    assert event.actor2.startswith("Police Forces of Mali")
    assert "gendarmerie station" in event.evidence["actor2"].sentence


def test_the_place_shelled_is_where_it_happened_not_the_province_city_after_it():
    import eventwire

    # "Kafr Oweid" is Kafr `Uwayd (another romanisation), a village of Idlib province, not Idlib city.
    doc = eventwire.extract("Regime forces shelled Kafr Oweid in the southern countryside of Idleb on Sunday.",
                            published="2020-05-04")
    assert doc.events and doc.events[0].location == "Kafr `Uwayd" and doc.events[0].geo_precision == 1
