"""Tests for eventwire.extract.quotes: direct quotes, speakers and unnamed attributions."""

import re

import pytest

from eventwire.extract.quotes import find_quotes, unattributed_claims
from eventwire.model import Entity, Mention
from eventwire.nlp import cheap_parse


def _entity(entity_id: str, text: str, name: str, kind: str = "PERSON", *surface: str) -> Entity:
    """An entity whose mentions are every occurrence of ``name`` and of each ``surface`` form."""
    mentions = [
        Mention(m.start(), m.end(), m.group(0))
        for form in (name, *surface)
        for m in re.finditer(re.escape(form), text)
    ]
    return Entity(id=entity_id, name=name, type=kind, mentions=sorted(mentions, key=lambda m: m.start))


def _quotes(text: str, *entities: Entity):
    return find_quotes(text, cheap_parse(text), list(entities))


def test_find_quotes_speaker_before_quote():
    text = 'Major General Gary Volesky said, "We are telling the fighters that their leaders are leaving."'
    [quote] = _quotes(text, _entity("E1", text, "Gary Volesky"))
    assert quote.text == "We are telling the fighters that their leaders are leaving."
    assert (quote.speaker, quote.attribution) == ("E1", "named")
    assert text[quote.start : quote.end] == quote.text


def test_find_quotes_speaker_after_quote_and_inverted_verb():
    text = (
        '"Nobody knows where the convoy went," said Ahmed Hassan, a farmer.\n'
        '"The roads were empty all night long," Hassan added.'
    )
    person = _entity("P", text, "Ahmed Hassan", "PERSON", "Hassan")
    first, second = _quotes(text, person)
    assert first.text == "Nobody knows where the convoy went"
    assert (first.speaker, second.speaker) == ("P", "P")


def test_find_quotes_pronoun_resolves_to_last_person_mentioned():
    text = (
        "Colonel Sarah Jones visited the base on Monday. "
        '"We expect the fighting to last several more weeks," she said.'
    )
    [quote] = _quotes(text, _entity("SJ", text, "Sarah Jones"))
    assert (quote.speaker, quote.attribution) == ("SJ", "named")


def test_find_quotes_curly_quotes_and_organisation_speaker():
    text = "“We will rebuild every house in this town,” the Red Crescent said in a statement."
    [quote] = _quotes(text, _entity("RC", text, "the Red Crescent", "ORG"))
    assert quote.text == "We will rebuild every house in this town"
    assert (quote.speaker, quote.attribution) == ("RC", "named")


def test_find_quotes_unnamed_spokesman():
    text = '"The roads are closed to all traffic," a police spokesman said.'
    [quote] = _quotes(text)
    assert (quote.speaker, quote.attribution) == (None, "unnamed")


def test_find_quotes_according_to():
    text = 'According to John Smith, the attack "began at dawn on the eastern side of the city".'
    [quote] = _quotes(text, _entity("JS", text, "John Smith"))
    assert quote.speaker == "JS"


def test_find_quotes_multi_sentence_quote_and_continuation():
    text = (
        'Gary Volesky said, "We have seen a movement out of Mosul. It is difficult for them to hide."\n'
        '"But make no doubt, the security forces have the momentum."'
    )
    first, second = _quotes(text, _entity("GV", text, "Gary Volesky"))
    assert "It is difficult" in first.text
    assert second.speaker == "GV"


def test_find_quotes_skips_scare_quotes_and_titles():
    text = (
        'The army described the area as "liberated" and screened "The Battle Of Algiers" at the camp, '
        'calling it "a good film".'
    )
    assert _quotes(text) == []


def test_find_quotes_without_attribution_is_none():
    text = 'Banners read "we will never forget the victims of this war" across the square.'
    [quote] = _quotes(text)
    assert (quote.speaker, quote.attribution) == (None, "none")


@pytest.mark.parametrize("text", ["", "No quotes in this sentence at all."])
def test_find_quotes_empty_or_quote_free_text(text):
    assert _quotes(text) == []


def test_unattributed_claims_finds_unnamed_sources_only():
    text = (
        "Officials have claimed that the militants fled north. "
        "Government forces entered the town on Monday. "
        "According to security sources, the convoy carried weapons. "
        "Defence Minister John Smith said the operation was over."
    )
    doc = cheap_parse(text)
    claims = unattributed_claims(doc)
    assert [c[2].strip() for c in claims] == [
        "Officials have claimed that the militants fled north.",
        "According to security sources, the convoy carried weapons.",
    ]
    start, end, sentence = claims[0]
    assert text[start:end] == sentence


def test_unattributed_claims_empty_text():
    assert unattributed_claims(cheap_parse("")) == []
