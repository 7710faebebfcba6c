"""Article-level warnings an analyst wants before trusting a coded article.

Each warning is one sentence that quotes its evidence:

* a person's name spelled two ways ("Volesky" / "Voleshy");
* claims credited only to unnamed officials or sources;
* a lead whose main claim the rest of the article never supports;
* quotes with no identifiable speaker.

The lead check is deliberately conservative. It parses the lead sentence only, takes its main
predicate (the root verb and the verbs it governs through "decided to stop", "said ... had
fled"), leaves out reporting and light verbs ("said", "have", "be"), and warns only when none of
those predicates, nor a word of the same family ("stop" / "stopped", "kill" / "death"), recurs in
a body of at least a few sentences. A normal lead the body elaborates repeats at least one of them.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span

from ..model import Entity, Quote
from ..nlp import full_parse

__all__ = ["quality_warnings", "spelling_variants", "lead_support", "LeadSupport"]

# Verbs that carry no claim of their own: the claim is in what they govern.
LIGHT_VERBS = frozenset(
    "be have do say tell report claim state add note announce make get go come become seem "
    "appear want try continue begin start know think believe accord".split()
)
# Word families news uses interchangeably between a lead and its body.
SYNONYM_GROUPS = (
    {"kill", "dead", "death", "die", "kille", "slain", "fatal", "bodi", "massacr", "murder", "execut"},
    {"attack", "assault", "strike", "raid", "ambush", "bomb", "explos", "blast"},
    {"clash", "fight", "battl", "combat", "skirmish", "exchang", "fire"},
    {"protest", "demonstr", "ralli", "march", "gather", "strike", "sit-in"},
    {"arrest", "detain", "detent", "custodi", "captur", "held"},
    {"abduct", "kidnap", "seiz", "hostag"},
    {"retak", "recaptur", "regain", "liberat", "seiz", "captur", "control", "take", "took"},
    {"withdraw", "retreat", "pull", "flee", "fled", "leav", "abandon"},
    {"wound", "injur", "hurt"},
    {"stop", "halt", "end", "ceas", "suspend"},
    {"agre", "deal", "accord", "truce", "ceasefir", "sign"},
)
MIN_BODY_SENTENCES = 3
MIN_PREDICATES = 2
MIN_TOPIC_OVERLAP = 0.5
# Irregular past forms, so that a body saying "shot" supports a lead predicate "shoot".
IRREGULAR_FORMS = {
    "shoot": "shot", "sell": "sold", "buy": "bought", "take": "took", "fight": "fought",
    "hold": "held", "lose": "lost", "flee": "fled", "leave": "left", "bring": "brought",
    "win": "won", "send": "sent", "seek": "sought", "catch": "caught", "give": "gave",
    "run": "ran", "fall": "fell", "rise": "rose", "throw": "threw", "blow": "blew",
    "break": "broke", "drive": "drove", "meet": "met", "build": "built", "spend": "spent",
}
MAX_SURNAME_EDIT_DISTANCE = 2
_SUFFIXES = ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s", "ly", "e")
_POSSESSIVE = re.compile(r"['’]s?$")
_TITLES = frozenset(
    "mr mrs ms dr gen general maj major col colonel lt capt captain sgt president minister prime "
    "sheikh imam king prince gov governor sen senator rep".split()
)


# --------------------------------------------------------------------------------------------
# Names spelled two ways


def _surname(name: str) -> str:
    words = [w for w in re.findall(r"[\w'’-]+", name) if w.lower().strip(".") not in _TITLES]
    return _POSSESSIVE.sub("", words[-1]) if words else ""


def _is_sub_span(alias: str, name: str) -> bool:
    """True when every word of ``alias`` (titles aside) is a word of ``name``: "Gen. Volesky" in
    "Gary Volesky" is a shortening, not a spelling variant."""
    name_words = {_POSSESSIVE.sub("", w).lower() for w in re.findall(r"[\w'’-]+", name)}
    alias_words = [
        _POSSESSIVE.sub("", w).lower()
        for w in re.findall(r"[\w'’-]+", alias)
        if w.lower().strip(".") not in _TITLES
    ]
    return all(w in name_words for w in alias_words)


def spelling_variants(entity: Entity) -> list[tuple[str, str]]:
    """(surname, variant) pairs: aliases or mentions of a PERSON whose last word is a near miss
    of the name's surname ("Volesky" / "Voleshy"), not a shortening or a different word."""
    if entity.type != "PERSON":
        return []
    surname = _surname(entity.name)
    if len(surname) < 3:
        return []
    variants: list[tuple[str, str]] = []
    for alias in [*entity.aliases, *(m.text for m in entity.mentions)]:
        if _is_sub_span(alias, entity.name):
            continue
        other = _surname(alias)
        if other.lower() == surname.lower() or len(other) < 3:
            continue
        if Levenshtein.distance(other.lower(), surname.lower()) <= MAX_SURNAME_EDIT_DISTANCE:
            pair = (surname, other)
            if pair not in variants:
                variants.append(pair)
    return variants


# --------------------------------------------------------------------------------------------
# Does the body support the lead?


class LeadSupport:
    """The lead's main predicates and which of them recur in the body."""

    def __init__(
        self, lead: str, predicates: list[str], supported: list[str], body_sentences: int, topic_overlap: float
    ):
        self.lead = lead
        self.predicates = predicates
        self.supported = supported
        self.body_sentences = body_sentences
        self.topic_overlap = topic_overlap

    @property
    def unsupported(self) -> bool:
        """The body is about the lead's topic, yet none of the lead's predicates recurs.

        Conservative on purpose: a lead whose claim is a single verb is not judged (bodies often
        rephrase one verb: "sold" -> "the deal"), only a chained claim ("decided to stop",
        "vowed to abandon"); and the body must be long enough and share most of the lead's other
        content words, so that the missing predicate is conspicuous rather than a change of topic.
        """
        return (
            len(set(self.predicates)) >= MIN_PREDICATES
            and not self.supported
            and self.body_sentences >= MIN_BODY_SENTENCES
            and self.topic_overlap >= MIN_TOPIC_OVERLAP
        )


def _stem(word: str) -> str:
    """A crude suffix-stripping stem: enough to match "stopped" / "stop" / "stops"."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]  # "stopp" -> "stop"
    return word


def _family(stem: str) -> set[str]:
    family = {stem}
    for group in SYNONYM_GROUPS:
        if any(stem.startswith(member) or member.startswith(stem) for member in group if len(member) >= 3):
            family |= group
    return family


def _main_predicates(lead: Span) -> list[str]:
    """Lemmas of the lead's claim-bearing verbs: the root and the verbs it governs."""
    parsed = full_parse(lead)
    roots = [t for t in parsed if t.dep_ == "ROOT"]
    predicates: list[str] = []
    frontier = list(roots)
    while frontier:
        token = frontier.pop(0)
        if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() not in LIGHT_VERBS:
            predicates.append(token.lemma_.lower())
        frontier.extend(
            child for child in token.children if child.dep_ in ("xcomp", "ccomp", "conj") and child.pos_ == "VERB"
        )
    return predicates


def _body_stems(body: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[A-Za-z]+", body)}


def _supported(predicate: str, body_stems: set[str]) -> bool:
    family = _family(_stem(predicate))
    if predicate in IRREGULAR_FORMS:
        family.add(IRREGULAR_FORMS[predicate])
    return any(
        stem == member or (len(member) >= 4 and stem.startswith(member))
        for stem in body_stems
        for member in family
    )


def lead_support(doc: Doc) -> Optional[LeadSupport]:
    """How far the body supports the lead sentence's main claim (None for an article too short)."""
    sentences = [s for s in doc.sents if s.text.strip()]
    if len(sentences) < 2:
        return None
    lead = sentences[0]
    body = doc.text[lead.end_char :]
    predicates = _main_predicates(lead)
    stems = _body_stems(body)
    supported = [p for p in predicates if _supported(p, stems)]
    return LeadSupport(lead.text.strip(), predicates, supported, len(sentences) - 1, _topic_overlap(lead, stems))


def _topic_overlap(lead: Span, body_stems: set[str]) -> float:
    """Share of the lead's content words (not stop words, not verbs we judge) found in the body."""
    content = {_stem(t.text) for t in lead if t.is_alpha and not t.is_stop and len(t.text) > 2}
    if not content:
        return 0.0
    return len(content & body_stems) / len(content)


# --------------------------------------------------------------------------------------------
# The warnings


def _shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _spelling_warnings(entities: Iterable[Entity]) -> list[str]:
    return [
        f"Name spelled differently: '{surname}' / '{variant}'."
        for entity in entities
        for surname, variant in spelling_variants(entity)
    ]


def _unattributed_warning(unattributed: list[tuple[int, int, str]]) -> list[str]:
    if not unattributed:
        return []
    count = len(unattributed)
    noun = "claim is" if count == 1 else "claims are"
    return [
        f"{count} {noun} attributed only to unnamed officials or sources, "
        f"e.g. '{_shorten(unattributed[0][2])}'"
    ]


def _lead_warning(doc: Doc) -> list[str]:
    support = lead_support(doc)
    if support is None or not support.unsupported:
        return []
    verbs = ", ".join(f"'{p}'" for p in support.predicates)
    return [
        f"The lead's claim is not supported by the rest of the article (its main verbs {verbs} "
        f"never recur): '{_shorten(support.lead)}'"
    ]


def _speakerless_quote_warning(quotes: list[Quote]) -> list[str]:
    orphans = [q for q in quotes if q.attribution == "none"]
    if not orphans:
        return []
    count = len(orphans)
    noun = "quote has" if count == 1 else "quotes have"
    return [f"{count} {noun} no identifiable speaker, e.g. \"{_shorten(orphans[0].text, 100)}\""]


def quality_warnings(
    text: str,
    doc: Doc,
    entities: list[Entity],
    quotes: list[Quote],
    unattributed: list[tuple[int, int, str]],
) -> list[str]:
    """Warnings about the article itself, one sentence each, quoting the evidence.

    ``doc`` is ``cheap_parse(text)``; ``quotes`` from :func:`find_quotes`; ``unattributed`` from
    :func:`unattributed_claims`.
    """
    if not text.strip():
        return []
    return [
        *_spelling_warnings(entities),
        *_unattributed_warning(unattributed),
        *_lead_warning(doc),
        *_speakerless_quote_warning(quotes),
    ]
