"""Tests for eventwire.extract.quality: article-level warnings."""

from eventwire.extract.quality import lead_support, quality_warnings, spelling_variants
from eventwire.model import Entity, Mention, Quote
from eventwire.nlp import cheap_parse

SUPPORTED = (
    "Gunmen killed 12 villagers in an attack on a market in northern Nigeria on Sunday, police said.\n"
    "The attackers arrived on motorcycles shortly after dawn and opened fire on traders.\n"
    "Residents said the killings lasted nearly an hour before soldiers arrived.\n"
    "Most of the dead were women selling vegetables, a local official said.\n"
    "The army said it had deployed more troops to the area."
)
UNSUPPORTED = (
    "The rebel movement has decided to abandon its armed struggle and disband its units in the east.\n"
    "The rebel movement was formed in the east a decade ago and its units control several districts.\n"
    "Its armed units attacked an army post in the east last month, officials said.\n"
    "The government launched a new offensive against rebel positions in March.\n"
    "Aid agencies said food supplies in the camps of the east were running low."
)


def _warnings(text, entities=(), quotes=(), unattributed=()):
    return quality_warnings(text, cheap_parse(text), list(entities), list(quotes), list(unattributed))


def test_quality_spelling_variant_of_surname_is_reported():
    person = Entity(id="P1", name="Gary Volesky", type="PERSON", aliases=["Volesky", "Voleshy", "Gen. Volesky"])
    assert spelling_variants(person) == [("Volesky", "Voleshy")]
    assert "Name spelled differently: 'Volesky' / 'Voleshy'." in _warnings("Some text here.", [person])


def test_quality_shortenings_and_other_surnames_are_not_spelling_variants():
    person = Entity(
        id="P1",
        name="Haider al-Abadi",
        type="PERSON",
        aliases=["al-Abadi", "Prime Minister Haider al-Abadi", "Abadi"],
        mentions=[Mention(0, 8, "al-Abadi's")],
    )
    assert spelling_variants(person) == []
    org = Entity(id="O1", name="Islamic State", type="ORG", aliases=["Islamic Stat"])
    assert spelling_variants(org) == []


def test_quality_unattributed_claims_counted_with_first_example():
    text = "Officials said the town fell. Sources said the army withdrew."
    claims = [(0, 29, "Officials said the town fell."), (30, 61, "Sources said the army withdrew.")]
    [warning] = [w for w in _warnings(text, unattributed=claims) if "unnamed" in w]
    assert warning.startswith("2 claims are attributed only to unnamed officials or sources")
    assert "'Officials said the town fell.'" in warning


def test_quality_lead_supported_by_body_gives_no_warning():
    support = lead_support(cheap_parse(SUPPORTED))
    assert support.predicates and support.supported
    assert not any("lead" in w for w in _warnings(SUPPORTED))


def test_quality_unsupported_lead_is_quoted():
    support = lead_support(cheap_parse(UNSUPPORTED))
    assert support.unsupported
    [warning] = [w for w in _warnings(UNSUPPORTED) if "lead" in w]
    assert "decided to abandon its armed struggle" in warning


def test_quality_short_article_lead_is_not_judged():
    text = "The rebels decided to disband.\nNothing else is known."
    assert not any("lead" in w for w in _warnings(text))


def test_quality_speakerless_quotes_are_reported():
    quotes = [
        Quote("We will never forget the victims", 10, 43, None, "none"),
        Quote("The roads are closed", 50, 70, None, "unnamed"),
    ]
    [warning] = [w for w in _warnings("x" * 80, quotes=quotes) if "speaker" in w]
    assert warning.startswith("1 quote has no identifiable speaker")
    assert "We will never forget the victims" in warning


def test_quality_empty_text_has_no_warnings():
    assert _warnings("") == []
