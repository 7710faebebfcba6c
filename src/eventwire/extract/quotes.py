"""Direct quotes, who said them, and claims credited only to unnamed officials or sources.

A quote is text between straight ("...") or curly (“...”) double quotes, possibly spanning several
sentences. Scare quotes (1-3 words) and quoted titles ("The Art of War") are skipped.

The speaker is looked for in the attribution clause next to the quote, in news' usual shapes:
``X said, "..."``, ``"...," X said``, ``"...," said X``, ``X notes: "..."``, ``according to X``.
Inside the clause the entity mention nearest to the speech verb wins; a pronoun ("he said") stands
for the most recent PERSON entity mentioned before the quote; a quote right after another one with
no attribution of its own continues the previous speaker (news style for long quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

from spacy.tokens import Doc

from ..model import Entity, Quote

__all__ = ["find_quotes", "unattributed_claims", "SPEECH_VERBS"]

SPEECH_VERBS = (
    "said|says|say|told|tells|added|adds|noted|notes|stated|states|explained|explains|declared|"
    "declares|announced|announces|insisted|insists|warned|warns|wrote|writes|claimed|claims|"
    "argued|argues|asked|asks|replied|replies|continued|continues|remarked|tweeted|commented|"
    "confirmed|confirms|recalled|recalls|observed|stressed|stresses|urged|urges|admitted|"
    "acknowledged|posted|reported|reports|quoted|quipped|concluded|emphasised|emphasized|"
    "according\\s+to"
)
# Who "officials said" stands for: a claim credited to no one in particular.
UNNAMED_SOURCES = (
    r"officials?|sources?|spokes(?:man|woman|person|people|men|women)|witness(?:es)?|residents?|"
    r"police|authorities|an?\s+official|an?\s+source|insiders?|observers?|aides?|diplomats?|"
    r"security\s+forces|military|army|activists?|locals?|medics?|doctors?|eyewitness(?:es)?"
)
PRONOUNS = r"he|she|He|She|they|They"

_QUOTE_SPANS = re.compile(r'"(?P<straight>[^"]+)"|“(?P<curly>[^”]+)”')
_WORD = re.compile(r"[\w'’-]+")
_SPEECH_VERB = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.IGNORECASE)
_UNNAMED = re.compile(rf"\b(?:{UNNAMED_SOURCES})\b", re.IGNORECASE)
_PRONOUN = re.compile(rf"\b(?:{PRONOUNS})\b")
# How far from a quote its attribution clause may reach (characters, inside the same paragraph).
_CLAUSE_AFTER = 90
_CLAUSE_BEFORE = 160
# A quote following another within this many characters continues its speaker.
_CONTINUATION_GAP = 120
_MIN_QUOTE_WORDS = 4

# Claims credited only to unnamed people: "officials have claimed that", "sources said",
# "according to officials". "police said" is everyday news reporting, so not flagged here.
_UNATTRIBUTED_CLAIM = re.compile(
    r"\b(?:(?:the\s+|some\s+|senior\s+|local\s+|security\s+|military\s+|government\s+|unnamed\s+|"
    r"anonymous\s+|iraqi\s+|u\.s\.\s+|american\s+|western\s+|intelligence\s+)*"
    r"(?:officials|an?\s+official|sources|an?\s+source|spokes(?:man|woman|person)|witnesses|"
    r"residents|insiders)\s+(?:\w+\s+){0,3}?"
    r"(?:have\s+|has\s+|had\s+)?(?:said|say|says|claimed|claim|claims|told|reported|believe|"
    r"alleged|allege|insisted|suggested|confirmed)\b"
    r"|according\s+to\s+(?:\w+\s+){0,2}?(?:officials|an?\s+official|sources|an?\s+source|witnesses|"
    r"residents|reports|insiders)\b"
    r"|it\s+(?:is|was|has\s+been)\s+(?:claimed|alleged|reported|said)\s+that)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _EntityMention:
    entity_id: str
    entity_type: str
    start: int
    end: int


# --------------------------------------------------------------------------------------------
# Finding quote spans


def _is_scare_quote_or_title(content: str) -> bool:
    """1-3 words, or Title Case words without sentence punctuation: a scare quote or a title."""
    words = _WORD.findall(content)
    if len(words) < _MIN_QUOTE_WORDS:
        return True
    stripped = content.strip()
    if stripped[-1:] in ".,!?;:" or len(words) > 10:
        return False
    small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by", "with"}
    return all(w[0].isupper() or w.lower() in small for w in words)


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each real quote's content, quote marks excluded."""
    spans = []
    for m in _QUOTE_SPANS.finditer(text):
        group = "straight" if m.group("straight") is not None else "curly"
        if "\n\n" in m.group(group) and group == "straight":
            continue  # an unbalanced quote mark pairing across paragraphs: not a quote
        if not _is_scare_quote_or_title(m.group(group)):
            spans.append(m.span(group))
    return spans


# --------------------------------------------------------------------------------------------
# Finding the speaker


def _entity_mentions(entities: Iterable[Entity]) -> list[_EntityMention]:
    mentions = [
        _EntityMention(entity.id, entity.type, mention.start, mention.end)
        for entity in entities
        for mention in entity.mentions
    ]
    return sorted(mentions, key=lambda m: m.start)


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = text.rfind("\n", 0, start)
    after = text.find("\n", end)
    return before + 1, len(text) if after == -1 else after


def _clause_after(text: str, quote_end: int, paragraph_end: int) -> Optional[tuple[int, int]]:
    """The attribution right after a closing quote: '," X said.' / '," said X,'."""
    close = quote_end + 1
    limit = min(paragraph_end, close + _CLAUSE_AFTER)
    window = text[close:limit]
    stop = re.search(r'[.!?;"“”]', window)
    clause_end = close + (stop.start() if stop else len(window))
    clause = text[close:clause_end]
    if _SPEECH_VERB.search(clause) is None:
        return None
    return close, clause_end


def _clause_before(text: str, quote_start: int, paragraph_start: int) -> Optional[tuple[int, int]]:
    """The attribution right before an opening quote: 'X said, "' / 'X notes: "' / 'X said that "'."""
    open_mark = quote_start - 1
    window_start = max(paragraph_start, open_mark - _CLAUSE_BEFORE)
    window = text[window_start:open_mark]
    # The clause starts after the last sentence end or closing quote before it.
    boundary = max(
        (m.end() for m in re.finditer(r'[.!?]\s+(?=[A-Z"“])|[”"]', window)), default=0
    )
    clause_start = window_start + boundary
    clause = text[clause_start:open_mark]
    if _SPEECH_VERB.search(clause) is None or not re.search(r"[,:]?\s*(?:that\s*)?$", clause):
        return None
    return clause_start, open_mark


def _nearest_in_clause(
    mentions: list[_EntityMention], clause: tuple[int, int], verb_at: int
) -> Optional[_EntityMention]:
    """The entity mention inside the clause nearest the speech verb (people before organisations)."""
    inside = [m for m in mentions if m.start >= clause[0] and m.end <= clause[1]]
    if not inside:
        return None
    people = [m for m in inside if m.entity_type == "PERSON"]
    pool = people or inside
    return min(pool, key=lambda m: min(abs(m.start - verb_at), abs(m.end - verb_at)))


def _last_person_before(mentions: list[_EntityMention], position: int) -> Optional[_EntityMention]:
    before = [m for m in mentions if m.entity_type == "PERSON" and m.end <= position]
    return before[-1] if before else None


def _attribute(
    text: str, clause: tuple[int, int], quote_start: int, mentions: list[_EntityMention]
) -> tuple[Optional[str], str]:
    """(speaker entity id, attribution) for one attribution clause."""
    clause_text = text[clause[0] : clause[1]]
    verb = _SPEECH_VERB.search(clause_text)
    verb_at = clause[0] + (verb.start() if verb else 0)
    named = _nearest_in_clause(mentions, clause, verb_at)
    if named is not None and named.entity_type == "PERSON":
        return named.entity_id, "named"
    if _UNNAMED.search(clause_text):
        # "a spokesman for the Pentagon said": the organisation speaks, through no named person.
        return (named.entity_id if named else None), "unnamed"
    if named is not None:
        return named.entity_id, "named"
    if _PRONOUN.search(clause_text):
        person = _last_person_before(mentions, quote_start)
        if person is not None:
            return person.entity_id, "named"
    return None, "none"


def _according_to_in_sentence(doc: Doc, start: int, end: int) -> Optional[tuple[int, int]]:
    """An "according to X" clause in the sentence(s) holding the quote."""
    for sent in doc.sents:
        if sent.end_char <= start or sent.start_char >= end + _CLAUSE_AFTER:
            continue
        m = re.search(r"\baccording\s+to\b[^.;\"“”]*", sent.text, re.IGNORECASE)
        if m:
            return sent.start_char + m.start(), sent.start_char + m.end()
    return None


def find_quotes(text: str, doc: Doc, entities: list[Entity]) -> list[Quote]:
    """Direct quotes in ``text`` with their speaker (an entity id) and attribution kind.

    ``doc`` is ``cheap_parse(text)`` (sentences are used for "according to X"); ``entities`` are
    the article's entities with mentions in ``text`` offsets.
    """
    if not text:
        return []
    mentions = _entity_mentions(entities)
    quotes: list[Quote] = []
    for start, end in _quote_spans(text):
        para_start, para_end = _paragraph_bounds(text, start, end)
        clause = _clause_after(text, end, para_end) or _clause_before(text, start, para_start)
        if clause is None:
            clause = _according_to_in_sentence(doc, start, end)
        speaker, attribution = (None, "none")
        if clause is not None:
            speaker, attribution = _attribute(text, clause, start, mentions)
        if attribution == "none" and quotes and start - quotes[-1].end <= _CONTINUATION_GAP + 2:
            speaker, attribution = quotes[-1].speaker, quotes[-1].attribution
        # '"...," he said': the comma belongs to the sentence around the quote, not to the quote.
        end = start + len(text[start:end].rstrip(" ,"))
        quotes.append(Quote(text[start:end], start, end, speaker, attribution))
    return quotes


# --------------------------------------------------------------------------------------------
# Unattributed claims


def unattributed_claims(doc: Doc) -> list[tuple[int, int, str]]:
    """Sentences whose claim is credited only to unnamed officials or sources, as
    (start, end, sentence text) in the article's character offsets.

    A sentence naming a person is not flagged: the claim then has a name attached.
    """
    claims = []
    for sent in doc.sents:
        if _UNATTRIBUTED_CLAIM.search(sent.text) is None:
            continue
        if any(ent.label_ == "PERSON" for ent in sent.ents):
            continue
        claims.append((sent.start_char, sent.end_char, sent.text))
    return claims
