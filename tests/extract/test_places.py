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


def test_a_village_whose_namesakes_lie_outside_its_province_is_unknown(gaz: Gazetteer) -> None:
    # The gazetteer knows Al Hishah only in Syria; written with Libya's Misrata after it, it is a Libyan village.
    text = "Shells fell on positions in Al Hishah (Misrata). Ten soldiers were killed."
    doc, toponyms, country = analyse(text, gaz)
    assert by_text(toponyms, "Al Hishah").place is None
    assert country.name == "Libya"
    choice = locate(doc, toponyms, country, 0)
    assert choice.place.country == "Libya" and choice.geo_precision > 1
    # A city keeps its name even when the gazetteer lacks its region under the name written after it.
    _doc, toponyms, _country = analyse("Taxi drivers protested in Valdivia (Los Rios) on Monday.", gaz)
    assert by_text(toponyms, "Valdivia").place.country == "Chile"


def test_a_place_written_as_part_of_another_lies_inside_it(gaz: Gazetteer) -> None:
    # Palanpur is also a town 330 km away; "Palanpur area of Surat city" is a quarter of Surat.
    text = "Around 500 migrant workers held a protest in Palanpur area of Surat city (Surat, Gujarat)."
    doc, toponyms, country = analyse(text, gaz)
    palanpur = by_text(toponyms, "Palanpur")
    assert palanpur.place is None or distance_km(palanpur.place, by_text(toponyms, "Surat").place) <= 30
    assert locate(doc, toponyms, country, 0).place.name == "Surat"


def test_a_currency_named_after_a_country_is_no_place(gaz: Gazetteer) -> None:
    text = "Protesters blocked the highway in Zahle over the rising US dollar exchange rate."
    _doc, toponyms, country = analyse(text, gaz)
    assert "US" not in {t.text for t in toponyms}
    assert country is not None and country.name == "Lebanon"


def test_no_places_no_country(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse("Nothing happened here today.", gaz)
    assert toponyms == [] and country is None
    assert locate(doc, toponyms, country, 0) is None


# -- a place's district and province written after it -------------------------------------------


def test_parenthesised_district_and_province_place_the_village(gaz: Gazetteer) -> None:
    # Oyam is also a town in Gabon; "Northern" is a province of six countries. Together: Uganda.
    text = "Cattle raiders attacked farmers in Aber village, Oyam district (Oyam, Northern) on Monday."
    doc, toponyms, country = analyse(text, gaz)
    oyam = [t for t in toponyms if t.text.startswith("Oyam")]
    assert oyam and all(t.place.country_code == "UG" for t in oyam)
    assert country is not None and country.country_code == "UG"


def test_unknown_village_is_placed_at_the_district_written_after_it(gaz: Gazetteer) -> None:
    text = "Youths from two clans fought at Xqzwv Village (Rakai, Central), leaving two injured."
    doc, toponyms, country = analyse(text, gaz)
    choice = locate(doc, toponyms, country, 0)
    assert choice is not None and choice.place.country_code == "UG"
    assert choice.mention.kind == "admin2" and choice.geo_precision == 2


def test_comma_province_outweighs_a_demonym(gaz: Gazetteer) -> None:
    text = "Russian forces shelled Karlivka, Donetsk region. Casualties unknown."
    doc, toponyms, country = analyse(text, gaz)
    choice = locate(doc, toponyms, country, 0)
    assert choice.place.name == "Karlivka" and choice.place.country_code == "UA"
    donetsk = by_text(toponyms, "Donetsk region")
    assert donetsk.kind == "admin1" and donetsk.place.country_code == "UA"


def test_comma_after_a_place_is_not_always_a_province(gaz: Gazetteer) -> None:
    text = "Fighting continued in Mosul, Iraqi officials said on Monday."
    _doc, toponyms, _country = analyse(text, gaz)
    assert [t.text for t in toponyms if t.role == "place"] == ["Mosul"]


def test_acled_city_district_names_resolve_to_the_city(gaz: Gazetteer) -> None:
    text = "Students protested in front of the parliament (Seoul City - Jongno) on Tuesday."
    _doc, toponyms, _country = analyse(text, gaz)
    seoul = [t for t in toponyms if t.place is not None and t.role == "place"]
    assert seoul and seoul[0].place.country_code == "KR" and seoul[0].text.startswith("Seoul")


def test_unambiguous_town_after_in_needs_no_country(gaz: Gazetteer) -> None:
    _doc, toponyms, country = analyse("About 100 people demonstrated in Cahors at the call of the unions.", gaz)
    assert by_text(toponyms, "Cahors").place.country_code == "FR"
    assert country is not None and country.name == "France"


def test_abbreviation_is_not_read_as_a_place_abroad(gaz: Gazetteer) -> None:
    text = "Troops of Pakistan exchanged fire with militants at Sherikhel area (Lakki Marwat district, KP)."
    _doc, toponyms, _country = analyse(text, gaz)
    assert all(t.place is None or t.place.country_code == "PK" for t in toponyms)


def test_hong_kong_is_coded_as_china_like_acled(gaz: Gazetteer) -> None:
    _doc, toponyms, _country = analyse("Workers protested outside a government office in Hung Hom, Hong Kong.", gaz)
    hung_hom = by_text(toponyms, "Hung Hom")
    assert hung_hom.place.country == "China" and hung_hom.place.admin1 == "Hong Kong"


def test_a_country_toponym_points_at_the_country_centre(gaz: Gazetteer) -> None:
    _doc, toponyms, _country = analyse("Protests spread across France on Saturday.", gaz)
    france = by_text(toponyms, "France")
    assert distance_km(Place("centre", *france.point), Place("centre of France", 46.6, 2.4)) < 100
    assert distance_km(france.place, Place("Paris", 48.85, 2.35)) < 10  # events known only to France: Paris


def test_a_far_larger_town_wins_over_a_village_abroad_after_in(gaz: Gazetteer) -> None:
    _doc, toponyms, _country = analyse("Nearly 150 citizens demonstrated in Ales against the war.", gaz)
    assert by_text(toponyms, "Ales").place.country_code == "FR"  # Alès (42,000), not Ales in Sardinia (1,300)


def test_institutions_are_not_towns(gaz: Gazetteer) -> None:
    _doc, toponyms, country = analyse("Lawmakers protested in Congress on Tuesday.", gaz)
    assert toponyms == [] and country is None  # not Congress, Arizona


def test_the_place_before_a_parenthesised_province_is_found(gaz: Gazetteer) -> None:
    _doc, toponyms, _country = analyse("The train march reached Jhelum city (Punjab) where it was welcomed.", gaz)
    jhelum = by_text(toponyms, "Jhelum")
    assert jhelum.place.country_code == "PK" and jhelum.kind == "locality"


def test_a_city_named_with_city_keeps_its_name(gaz: Gazetteer) -> None:
    _doc, toponyms, _country = analyse("Protesters rallied in New York City on Monday.", gaz)
    assert by_text(toponyms, "New York City").kind == "locality"


def test_a_parenthesis_swallowed_by_the_ner_is_cut(gaz: Gazetteer) -> None:
    _doc, toponyms, _country = analyse("81 people demonstrated in Frankenthal (Pfalz) against the measures.", gaz)
    assert by_text(toponyms, "Frankenthal").place.country_code == "DE"


def test_the_country_of_the_other_places_named_breaks_a_tie(gaz: Gazetteer) -> None:
    _doc, toponyms, _country = analyse("Students protested outside the Karnataka Bhawan in Delhi on Friday.", gaz)
    assert by_text(toponyms, "Delhi").place.country_code == "IN"  # not Dili, whose alias is Delhi


@pytest.mark.parametrize("text, name, country_code", [
    ("QSD detained young men at their checkpoints in Ar-Raqqa city.", "Ar-Raqqa", "SY"),
    ("In Gomez Palacio, Durango, people blocked the streets.", "Gomez Palacio", "MX"),
    ("Health workers demonstrated at the hospital of Alencon on Tuesday.", "Alencon", "FR"),
])
def test_towns_without_other_context(gaz: Gazetteer, text, name, country_code) -> None:
    _doc, toponyms, _country = analyse(text, gaz)
    assert by_text(toponyms, name).place.country_code == country_code


@pytest.mark.parametrize("text, country_code", [
    # Mirmir is also a Pakistani village; Koch county of Unity state is in South Sudan.
    ("Two factions exchanged fire at Mirmir cantonment site (Koch county, Unity state) on Friday.", "SS"),
    # Palma is a big town on Majorca too; the province written last decides.
    ("Insurgents burned houses on Quifuqui Island (Palma, Cabo Delgado) overnight.", "MZ"),
    # Al Quds written with the West Bank: East Jerusalem, which ACLED codes as Palestine.
    ("Settlers attacked two workers in Al Quds - Silwan (Al Quds, West Bank).", "PS"),
])
def test_a_place_its_own_hierarchy_contradicts_gives_way(gaz: Gazetteer, text, country_code) -> None:
    doc, toponyms, country = analyse(text, gaz)
    choice = locate(doc, toponyms, country, 0)
    assert choice is not None and choice.place.country_code == country_code


def test_a_well_known_town_outweighs_a_small_namesake_abroad(gaz: Gazetteer) -> None:
    # Dawla is a Somali village; nothing else in the sentence is outside Syria.
    text = "Security forces detained a man near the Dawla roundabout in Ar-Raqqa city on Sunday."
    doc, toponyms, country = analyse(text, gaz)
    choice = locate(doc, toponyms, country, 0)
    assert choice is not None and choice.place.country_code == "SY"


def test_a_district_the_ner_found_is_still_attached_to_its_place(gaz: Gazetteer) -> None:
    text = "Students protested at a college in Salem city (Salem district, Tamil Nadu) on Monday."
    doc, toponyms, country = analyse(text, gaz)
    choice = locate(doc, toponyms, country, 0)
    assert choice is not None and choice.place.country_code == "IN"
    assert choice.place.name == "Salem" and choice.mention.confirmed


def test_places_inside_organisation_names_are_toponyms_but_never_event_places(gaz: Gazetteer) -> None:
    text = "The Kentucky Department of Education said schools in Lexington will reopen on Monday."
    doc, toponyms, country = analyse(text, gaz)
    in_names = [t for t in toponyms if t.role == "name_part"]
    assert [t.text for t in in_names] == ["Kentucky"] and in_names[0].place.country_code == "US"
    choice = locate(doc, toponyms, country, 0)
    assert choice is not None and choice.place.name == "Lexington"


def test_a_word_that_leads_many_institution_names_is_not_taken_for_a_place(gaz: Gazetteer) -> None:
    doc, toponyms, _ = analyse("Students of Central High School and Metro Transit drivers marched downtown.", gaz)
    assert not [t for t in toponyms if t.text in ("Central", "Metro")]


def test_a_hyphenated_province_is_not_cut_at_its_hyphen(gaz: Gazetteer) -> None:
    doc, toponyms, _ = analyse("Police killed a man in Kasake (Oicha, Beni, Nord-Kivu) on Monday.", gaz)
    assert all(t.place.country_code == "CD" for t in toponyms if t.place is not None)


@pytest.mark.parametrize("text, name", [
    ("Flooding closed roads between Winona and Rochester, Minnesota, on Tuesday.", "Winona"),  # NER: ORG
    ("Hopkinton and Framingham, Massachusetts, will share a new school.", "Hopkinton"),  # NER: PERSON
])
def test_a_town_the_ner_called_a_person_or_organisation_is_kept_near_other_places(gaz: Gazetteer, text, name) -> None:
    doc, toponyms, _ = analyse(text, gaz)
    found = [t for t in toponyms if t.text == name]
    assert found and found[0].place.country_code == "US" and found[0].role == "place"


def test_a_person_who_shares_a_towns_name_is_not_a_place(gaz: Gazetteer) -> None:
    doc, toponyms, _ = analyse("Clinton said the new school in Framingham, Massachusetts, will open soon.", gaz)
    assert not [t for t in toponyms if t.text == "Clinton"]


def test_a_country_name_among_places_of_a_namesake_state_is_the_state(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse("Georgia lawmakers met in Atlanta. Officials in Macon and Savannah agreed.", gaz)
    georgia = by_text(toponyms, "Georgia")
    assert georgia.place.country_code == "US" and georgia.kind == "admin1"
    doc, toponyms, country = analyse("Georgia accused Russia of shelling villages near Tbilisi and Gori.", gaz)
    georgia = by_text(toponyms, "Georgia")
    assert georgia.place.country_code == "GE"


def test_a_state_named_like_a_country_still_places_its_towns(gaz: Gazetteer) -> None:
    # Texas is named too, and has an Atlanta: Georgia's residents and its commission say which one.
    text = ("ATLANTA - A dialing code linking needy Georgia residents with food pantries could expand, officials "
            "said. The Georgia Public Service Commission in Atlanta must approve it. A similar line runs in Texas.")
    doc, toponyms, country = analyse(text, gaz)
    assert by_text(toponyms, "ATLANTA").place.admin1 == "Georgia"
    assert by_text(toponyms, "Georgia").place.country_code == "US"


@pytest.mark.parametrize("text, name, country_code", [
    ("Storm closes roads. CHARLESTON, W.Va. -- All lanes of the highway reopened on Monday.", "Charleston", "US"),
    ("BEIRUT: Unknown assailants removed the doors of a church overnight.", "Beirut", "LB"),
    ("Car bomb kills 20. BAGHDAD (AP) — A car bomb exploded near a crowded market.", "Baghdad", "IQ"),
])
def test_the_dateline_names_where_the_story_was_filed(gaz: Gazetteer, text, name, country_code) -> None:
    doc, toponyms, country = analyse(text, gaz)
    found = [t for t in toponyms if t.place is not None and t.place.name == name]
    assert found and found[0].place.country_code == country_code


def test_ap_state_abbreviations_name_the_state(gaz: Gazetteer) -> None:
    doc, toponyms, _ = analyse("A fire destroyed two homes in Torrington, Conn., on Sunday.", gaz)
    state = next(t for t in toponyms if t.text.startswith("Conn"))
    assert state.place.name == "Connecticut" and state.kind == "admin1"
    assert by_text(toponyms, "Torrington").place.admin1 == "Connecticut"


def test_a_name_with_namesakes_in_many_states_does_not_confirm_a_state(gaz: Gazetteer) -> None:
    # Some Springfield lies in Washington state; that says nothing about "Washington" here.
    doc, toponyms, _ = analyse("Lawmakers in Washington debated the bill on Monday, and a mayor from "
                               "Springfield testified.", gaz)
    washington = by_text(toponyms, "Washington")
    assert washington.kind == "locality" and washington.place.feature_code == "PPLC"


def test_a_capitalised_place_run_stops_at_a_weekday() -> None:
    from eventwire.extract.places import _capitalised_mentions

    doc = cheap_parse("A man was robbed outside an office in Alexandria Friday night.")
    name = next(t.i for t in doc if t.text == "Alexandria")
    mentions = _capitalised_mentions(doc, taken=set(), mislabelled={name})  # as if the NER called it a person
    assert [m.text for m in mentions] == ["Alexandria"]


def test_the_nationality_of_forces_is_not_where_they_fight(gaz: Gazetteer) -> None:
    # Donetsk is also a Russian town; "Russian forces" says whose forces, not where.
    doc, toponyms, country = analyse("Russian forces shelled villages near Staryi Karavan, Donetsk, on Monday.", gaz)
    donetsk = by_text(toponyms, "Donetsk")
    assert donetsk.place.country_code == "UA" and country is not None and country.country_code == "UA"


def test_forces_named_only_by_nationality_still_give_the_country(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse("Nigerian troops killed 20 bandits on Monday.", gaz)
    assert country is not None and country.country_code == "NG"


def test_a_province_with_a_lower_case_particle_is_read_whole(gaz: Gazetteer) -> None:
    # "Valle del Cauca" places Buenaventura in Colombia, not in Spain beside "Las Palmas".
    text = ("Rebels clashed with soldiers in the rural area of Buenaventura municipality (Valle del Cauca), in the "
            "Las Palmas area.")
    doc, toponyms, country = analyse(text, gaz)
    assert next(t for t in toponyms if t.text.startswith("Buenaventura")).place.country_code == "CO"


@pytest.mark.parametrize("text, name, country_code", [
    # Names the NER cuts short are completed.
    ("Around 200 workers protested in Port of Spain on Monday.", "Port of Spain", "TT"),
    ("Armed men killed a police officer in Croix-des-Bouquets, Ouest.", "Croix-des-Bouquets", "HT"),
    ("Around 500 people gathered in Alcala la Real (Jaen) to condemn the murder.", "Alcala la Real", "ES"),
    # Kalmar is Sweden's own name for the town; "Kalmar" is only one of Colmar's alternate names.
    ("On 29 April 2022, climate activists demonstrated in Kalmar to demand action against climate change.",
     "Kalmar", "SE"),
    # "de los" inside a name: the whole name is looked up, not "Loza", one of Łódź's alternate names.
    ("In Loza de los Padres, Guanajuato, a man was killed and his body was found.", "Loza de los Padres", "MX"),
    # The NER calls Sigmaringen a person and nothing else in the note is a place: the one town of the name.
    ("On 14 May 2022, around 40 people demonstrated and cycled through Sigmaringen for safer bicycle paths.",
     "Sigmaringen", "DE"),
    # Refugees and embassies of a nationality are abroad: the capital, not a village of the same name.
    ("On 3 May 2022, Afghan refugees protested in Islamabad against delays in their resettlement.",
     "Islamabad", "PK"),
    # A country written after the place says which namesake it is, whatever the nationality words say.
    ("On 3 May 2022, angry Kenyan youths torched a police post in Busia, Uganda.", "Busia", "UG"),
    # The famous namesake abroad gives way to the one beside the article's other places.
    ("A student of Paris died on Saturday in a Dallas hospital after a crash. Another driver was taken to a "
     "hospital in Sherman.", "Paris", "US"),
    ("French police in Paris arrested two men. Protesters also marched in Lyon and Marseille.", "Paris", "FR"),
])
def test_a_name_is_read_as_the_place_the_text_means(gaz: Gazetteer, text, name, country_code) -> None:
    doc, toponyms, country = analyse(text, gaz)
    assert by_text(toponyms, name).place.country_code == country_code


def test_jammu_and_kashmir_has_acleds_name_and_its_abbreviation(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse("Teachers held a protest at Kathua city (J&K) on Monday.", gaz)
    assert by_text(toponyms, "Kathua").place.admin1 == "Jammu and Kashmir"
    assert gaz.candidates("J&K")[0].place.name == "Jammu and Kashmir"


@pytest.mark.parametrize("text, not_a_place", [
    ("Ukrainian forces fired rockets and Grad missiles at the separatists' positions.", "Grad"),
    ("Dozens of Muslim students held a peaceful protest in front of the ministry.", "Muslim"),
])
def test_weapons_and_faiths_are_not_places(gaz: Gazetteer, text, not_a_place) -> None:
    doc, toponyms, country = analyse(text, gaz)
    assert not [t for t in toponyms if t.text == not_a_place and t.place is not None]


@pytest.mark.parametrize("text, name, country", [
    ("Kurdish fighters repel IS attacks, kill 16 militants in Iraq's Sinjar", "Sinjar", "Iraq"),
    ("Air strike kills 13 Islamic State militants in Iraq's Al-Shirqat", "Shirqat", "Iraq"),
])
def test_a_name_after_a_countrys_possessive_is_a_place_there(gaz: Gazetteer, text, name, country) -> None:
    _, toponyms, _ = analyse(text, gaz)
    places = [t.place for t in toponyms if t.kind != "country"]
    assert [(p.name, p.country) for p in places] == [(name, country)]


def test_a_place_someone_holds_is_a_place(gaz: Gazetteer) -> None:
    _, toponyms, _ = analyse("Government forces shelled rebel-held Idlib on Monday.", gaz)
    assert [(t.place.name, t.place.country) for t in toponyms] == [("Idlib", "Syria")]


def test_a_countrys_possessive_before_a_person_adds_no_place(gaz: Gazetteer) -> None:
    _, toponyms, _ = analyse("Nigeria's President Buhari said the army was winning.", gaz)
    assert [t.kind for t in toponyms] == ["country"]


@pytest.mark.parametrize("text, place, admin1", [
    ("Thousands of residents protested in Wana town (SW, KPK) against the attack.", "Wana", "Khyber Pakhtunkhwa"),
    ("A protest was held in Sangareddy city (Sangareddy, TS) by family members.", "Sangāreddi", "Telangana"),
])
def test_a_state_abbreviated_after_a_place_is_read_as_the_state(gaz: Gazetteer, text, place, admin1) -> None:
    _, toponyms, _ = analyse(text, gaz)
    found = {(t.kind, t.place.name) for t in toponyms if t.place is not None}
    assert ("admin1", admin1) in found and ("locality", place) in found


def test_a_sector_of_a_district_written_in_parentheses_is_placed_in_that_state(gaz: Gazetteer) -> None:
    # Kirni is known only in Pakistan; "(Poonch district, J&K)" says it is a village of Indian Kashmir.
    text = ("Military forces of India and Pakistan exchanged fire across the LoC in Kirni sector area "
            "(Poonch district, J&K).")
    _, toponyms, country = analyse(text, gaz)
    assert by_text(toponyms, "Kirni").place is None
    assert by_text(toponyms, "J&K").place.admin1 == "Jammu and Kashmir"
    assert country.name == "India"


def test_an_unmistakable_abbreviation_alone_in_parentheses_is_the_state(gaz: Gazetteer) -> None:
    _, toponyms, country = analyse("A mob pelted stones at the police in Nigohan (UP) over lockdown rules.", gaz)
    assert by_text(toponyms, "UP").place.name == "Uttar Pradesh" and country.name == "India"


def test_an_abbreviation_alone_in_parentheses_is_not_a_state(gaz: Gazetteer) -> None:
    _, toponyms, _ = analyse("BAGHDAD (AP) -- A bomb killed five people in a market.", gaz)
    assert [t.place.name for t in toponyms] == ["Baghdad"]


def test_close_spellings_are_looked_up_only_inside_the_provinces_named(gaz: Gazetteer) -> None:
    _, toponyms, _ = analyse("On 8 May 2020, coalition airstrikes reportedly targeted Khabb wa ash Shaaf district "
                             "(Al Jawf). No fatalities were reported.", gaz)
    assert {t.place.admin1 for t in toponyms if t.place is not None} == {"Al Jawf"}


def test_an_article_alone_is_no_place(gaz: Gazetteer) -> None:
    _, toponyms, _ = analyse("Police clashed with soldiers at Al cadala junction in Mogadishu.", gaz)
    assert [t.place.name for t in toponyms if t.place is not None] == ["Mogadishu"]


@pytest.mark.parametrize("text, name, country", [
    ("A drug suspect was killed during a police raid in Barangay Santo Rosario, Zaragoza, Nueva Ecija.", "Zaragoza",
     "Philippines"),
    ("Gunmen shot dead a driver in Colonia Lomas de San Agustin on Sunday.", "Lomas de San Agustín", "Mexico"),
])
def test_a_local_units_word_only_one_country_uses_hints_at_it(gaz: Gazetteer, text, name, country) -> None:
    _, toponyms, _ = analyse(text, gaz)
    found = {(t.place.name, t.place.country) for t in toponyms if t.place is not None}
    assert (name, country) in found
    assert all(place_country == country for _, place_country in found)


def test_single_country_missions_say_where_their_reports_happen() -> None:
    from eventwire.extract.places import mission_countries

    assert mission_countries("the OSCE  SMM observed explosions; AMISOM troops") == {"UA", "SO"}
    assert mission_countries("the OSCE called for calm; a Somali mission") == set()


@pytest.mark.parametrize("text, name, admin1", [
    # Benito Juarez is also a borough of Mexico City; the state written after it says which.
    ("Two men were shot dead in Benito Juarez, Nuevo Leon, on Sunday.", "Benito Juarez", "Nuevo León"),
    # A Janaale lies in Lower Juba; the one the sentence means is beside Marka, in Lower Shabelle.
    ("Militants attacked a base in Janaale town (Marka, Lower Shabelle) on Sunday.", "Janaale", "Lower Shabelle"),
])
def test_a_place_with_namesakes_lies_in_the_province_written_after_it(gaz: Gazetteer, text, name, admin1) -> None:
    _doc, toponyms, _country = analyse(text, gaz)
    place = by_text(toponyms, name).place
    assert place is None or place.admin1 == admin1
    if name == "Janaale":
        marka = gaz.lookup("Marka", "SO")[0]
        assert place is not None and distance_km(place, marka) < 50


def test_a_place_only_one_town_bears_keeps_it_whatever_province_is_written(gaz: Gazetteer) -> None:
    # The note's province is wrong (Buni Yadi is in Yobe); a name no other place bears is still that town.
    _doc, toponyms, _country = analyse("An IED hit two vehicles near Buni Yadi (Gujba LGA, Borno).", gaz)
    assert by_text(toponyms, "Buni Yadi").place.admin1 == "Yobe"


@pytest.mark.parametrize("text, country_code", [
    ("Turkish intelligence carried out a ground operation in Gara region of Dahuk, Northern Iraq, on Sunday.", "IQ"),
    ("Fighting continued in north-eastern Nigeria on Monday.", "NG"),
])
def test_a_countrys_part_named_by_its_compass_point_is_in_the_country(gaz: Gazetteer, text, country_code) -> None:
    doc, toponyms, country = analyse(text, gaz)
    assert country is not None and country.country_code == country_code


def test_a_compass_part_of_a_name_states_share_is_no_country(gaz: Gazetteer) -> None:
    _doc, toponyms, _country = analyse("Most Northeast Georgia school systems haven't had to cut staff.", gaz)
    assert all(t.kind != "country" for t in toponyms)


def test_where_people_came_from_is_not_where_they_clashed(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse("Two groups of migrant laborers from Bihar clashed at a railway station in "
                                     "Satna town (Satna, Madhya Pradesh) over food.", gaz)
    assert locate(doc, toponyms, country, 0).place.name == "Satna"


def test_a_part_read_with_its_unit_word_lies_inside_the_whole(gaz: Gazetteer) -> None:
    # A Wadi lies in Karnataka; "Wadi area of Vadodara city" is a quarter of Vadodara, in Gujarat.
    doc, toponyms, country = analyse("Two groups clashed in Wadi area of Vadodara city (Vadodara, Gujarat).", gaz)
    assert locate(doc, toponyms, country, 0).place.admin1 == "Gujarat"


@pytest.mark.parametrize("text, name, country", [
    # ACLED's name for Chile's Santiago Metropolitan region.
    ("On 6 May 2020, in Cerro Navia (Metropolitana), hospital workers protested.", "Metropolitana", "Chile"),
    # A name with "and" inside it that the NER cut in two.
    ("A protest was held in Kohgiluyeh and Boyer-Ahmad province against the diversion of water.",
     "Kohgiluyeh and Boyer-Ahmad", "Iran"),
    # A district written after a sub-county, a unit below it.
    ("Police arrested a man in Kabafukuzi village in Nabingoola subcounty (Mubende district).", "Mubende district",
     "Uganda"),
    # A nationality word with "region" after it names the province, not the country.
    ("Inter-clan violence errupted in Afdere zone (Somali region), leaving 5 people dead.", "Somali region",
     "Ethiopia"),
])
def test_provinces_as_notes_write_them_are_found(gaz: Gazetteer, text, name, country) -> None:
    _doc, toponyms, _country = analyse(text, gaz)
    assert by_text(toponyms, name).place.country == country


def test_a_missions_report_that_names_no_country_happens_in_the_missions_country(gaz: Gazetteer) -> None:
    # Rumyantsevo is a town near Moscow by that spelling; the OSCE SMM reports from Ukraine.
    _doc, toponyms, country = analyse("On 4 May 2020, the OSCE SMM observed 4 explosions near Rumyantsevo.", gaz)
    assert all(t.place is None or t.place.country == "Ukraine" for t in toponyms)


@pytest.mark.parametrize("text, not_a_place", [
    ("The OSCE SMM observed 6 explosions near Mine 6/7.", "Mine"),
    ('Dozens of workers at "Bayan" company held a protest sit-in.', "Bayan"),
    ("Nationalists chanted slogans against migrants and performed the Nazi salute.", "Nazi"),
])
def test_numbered_sites_quoted_names_and_nazis_are_not_places(gaz: Gazetteer, text, not_a_place) -> None:
    _doc, toponyms, _country = analyse(text, gaz)
    assert all(t.text != not_a_place for t in toponyms)


def test_a_name_spelt_otherwise_is_looked_up_close_inside_the_province_written_after_it(gaz: Gazetteer) -> None:
    # The NER takes "Mahabubnagar" for a person; GeoNames spells the town Mahbubnagar.
    doc, toponyms, country = analyse("Farmers held a protest in Mahabubnagar city (Mahabubnagar, TS) on Monday.", gaz)
    chosen = locate(doc, toponyms, country, 0)
    assert chosen.place.admin1 == "Telangana" and chosen.geo_precision == 1


@pytest.mark.parametrize("text, name", [
    # Sources romanise an Arabic name each their own way: Kafr `Uwayd, Safuhun / Sfawhun in GeoNames.
    ("Government artillery shelled the town of Kafr Oweid in the southern countryside of Idleb.", "Kafr Oweid"),
    ("Government artillery shelled the village of Sfuhen near Idlib city.", "Sfuhen"),
])
def test_another_romanisation_is_found_beside_the_places_the_article_names(gaz: Gazetteer, text, name) -> None:
    _doc, toponyms, _country = analyse(text, gaz)
    place = by_text(toponyms, name).place
    assert place is not None and place.country == "Syria" and place.admin1 == "Idleb"


def test_of_two_places_with_the_same_consonants_the_one_beside_the_named_town_is_chosen(gaz: Gazetteer) -> None:
    # Mu`ayzilah lies beside Ar-Raqqah; Muzaylah, the same consonants, 80 km off.
    _doc, toponyms, _country = analyse("Gunmen attacked a patrol near Moezleh town outside Ar-Raqqa city.", gaz)
    moezleh, raqqa = by_text(toponyms, "Moezleh").place, by_text(toponyms, "Ar-Raqqa").place
    assert moezleh is not None and distance_km(moezleh, raqqa) < 40


def test_a_peoples_name_is_no_other_romanisation_of_a_village(gaz: Gazetteer) -> None:
    # "Kurdish" has the consonants of Kurdis, a village beside Qamishli; written as a people's, it names none.
    _doc, toponyms, _country = analyse("BEIRUT (AP) - A Kurdish militia spokesman says Turkey has shelled Qamishli in "
                                       "northeastern Syria, near the Kurdish enclave.", gaz)
    assert all(t.place is None or t.kind == "country" for t in toponyms if t.text == "Kurdish")


@pytest.fixture(scope="module")
def gaz_with_osm_village(tmp_path_factory) -> Gazetteer:
    """The shipped index plus an OpenStreetMap layer holding one village, 6 km from the town of Beroroha."""
    import gzip

    from eventwire.resolve.gazetteer import write_layer

    folder = tmp_path_factory.mktemp("osm")
    source, layer = folder / "osm.tsv.gz", folder / "osm.sqlite"
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        handle.write("osm_node_id\tname\tname_en\tlatitude\tlongitude\tplace\tpopulation\textract\n"
                     "31\tZorobaya\t\t-21.70\t45.21\tvillage\t\tmadagascar\n")
    write_layer(source, layer)
    return Gazetteer(osm=layer)


def test_osm_village_counts_near_the_district_written_after_it(gaz_with_osm_village: Gazetteer) -> None:
    _, toponyms, _ = analyse("On 5 May 2020, dahalo attacked a farmer in Zorobaya village (Beroroha, Atsimo "
                             "Andrefana).", gaz_with_osm_village)
    village = by_text(toponyms, "Zorobaya")
    assert village.place is not None and village.place.source == "openstreetmap"


def test_osm_village_far_from_the_district_written_after_it_is_another(gaz_with_osm_village: Gazetteer) -> None:
    # Ampanihy lies 340 km south of the only Zorobaya OSM knows: that one is another village.
    doc, toponyms, country = analyse("On 5 May 2020, dahalo attacked a farmer in Zorobaya village (Ampanihy, Atsimo "
                                     "Andrefana).", gaz_with_osm_village)
    assert by_text(toponyms, "Zorobaya").place is None
    assert locate(doc, toponyms, country, 0).place.name == "Ampanihy"


def test_osm_village_needs_its_country_named_or_a_district_written(gaz_with_osm_village: Gazetteer) -> None:
    # OSM's hamlets include Liberia's "Main Street": alone, a name only OSM knows is no place.
    _, toponyms, _ = analyse("Hundreds of people marched in Zorobaya on Monday.", gaz_with_osm_village)
    assert all(t.place is None for t in toponyms if t.text == "Zorobaya")
    _, toponyms, _ = analyse("Hundreds of people marched in Zorobaya in Madagascar on Monday.", gaz_with_osm_village)
    assert by_text(toponyms, "Zorobaya").place.source == "openstreetmap"


def test_a_province_written_by_acleds_name_holds_towns_the_gazetteer_files_under_another(gaz: Gazetteer) -> None:
    # GeoNames files Sheikh Zuweid under "Muhafazat Shamal Sina'"; the note and ACLED call the province North Sinai.
    _, toponyms, _ = analyse("On 2 May 2020, Egyptian military forces conducted airstrikes targeting Islamic State "
                             "militants in Sheikh Zuweiyid (Rafah, North Sinai), with no reports on fatalities.", gaz)
    town = by_text(toponyms, "Sheikh Zuweiyid").place
    assert town is not None and town.name == "Ash Shaykh Zuwayd" and town.country_code == "EG"


def test_a_name_the_ner_cut_at_its_start_is_grown_back(gaz: Gazetteer) -> None:
    # The small NER model labels only "Rocha" (a town of Uruguay) in "Catole do Rocha".
    _, toponyms, _ = analyse("Around 4 May 2020, in Catole do Rocha, Paraiba, the bodies of two women were found "
                             "with gunshot wounds.", gaz)
    town = by_text(toponyms, "Catole do Rocha").place
    assert town is not None and town.country_code == "BR" and town.admin1 == "Paraiba"


def test_a_place_naming_an_organisations_branch_is_not_where_it_acted(gaz: Gazetteer) -> None:
    doc, toponyms, country = analyse(
        "On 6 May 2020, workers of the Darjeeling District unit of the Socialist Unity Centre of India staged a "
        "protest rally in Siliguri town (Darjeeling district, West Bengal) against the government.", gaz)
    assert by_text(toponyms, "Darjeeling District").role == "name_part"
    assert locate(doc, toponyms, country, 0).place.name == "Siliguri"
