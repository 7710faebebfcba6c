"""Who did what to whom: actor1 / actor2 (and associates) of one event sentence, from its dependency parse.

Candidates are the sentence's resolved entities (named groups, persons via what they lead,
countries as their state) and generic noun phrases ("the Iraqi army", "gunmen", "villagers").
Each candidate gets a role from its path to the verb:

* agent (actor1): subject of an active verb, the by-phrase of a passive ("killed by militants"),
  "an attack by X";
* patient (actor2): object, passive subject ("civilians were killed"), "against/on/with/from X"
  ("retake Y from X", "clashed with X").

Then ACLED's conventions by sub-event type fill what the sentence leaves open (protests are always
by "Protesters (country)", violence against civilians always targets "Civilians (country)"...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from spacy.tokens import Doc, Span, Token

from ..model import EVENT_TYPES, Entity
from ..resolve.actors import (
    GENERIC_NOUNS,
    ActorKB,
    ActorRecord,
    acled_partner,
    civilians,
    country_from_word,
    identity_militia,
    protesters,
    rioters,
    state_forces,
    unidentified_armed_group,
)
from .events import ActorTypes

Span_ = tuple[int, int]

REPORTING_VERBS = frozenset("say tell report announce claim add state confirm according quote note warn".split())
PATIENT_PREPOSITIONS = frozenset({"against", "on", "at", "with", "from", "targeting", "upon", "into"})
EVENT_NOUNS = frozenset(
    "attack attacks assault raid raids killing killings ambush bombing bombings strike strikes clash clashes "
    "offensive operation operations abduction kidnapping arrest arrests massacre shelling".split()
)
# Not "thwart" or "foil": "soldiers thwarted an attempt by X to plant explosives" is the soldiers' disrupted weapons
# use, and ACLED codes the thwarting side first.
REPEL_VERBS = frozenset({"repel", "repulse", "rebuff"})
OWNER_DEPS = frozenset({"compound", "poss", "amod", "nmod"})  # "coalition air raids", "Israel's strikes"
SPEAKER_PENALTY = 5  # the subject of "said" is a speaker first, an actor only if nothing else is
CLAUSE_PENALTY = 1  # per clause level below the sentence root
ROOT_NOUN_RANK = 2  # a sentence parsed as one noun phrase: its head is a weaker agent than a real subject

PROTESTS = frozenset(EVENT_TYPES["Protests"])
RIOTS = frozenset(EVENT_TYPES["Riots"])
VIOLENCE_AGAINST_CIVILIANS = frozenset(EVENT_TYPES["Violence against civilians"])
STATE_FORCE_DEFAULT = frozenset({"Air/drone strike", "Shelling/artillery/missile attack", "Government regains territory"})
ARMED_GROUP_DEFAULT = frozenset(
    {"Armed clash", "Remote explosive/landmine/IED", "Grenade", "Suicide bomb", "Non-state actor overtakes territory"}
)
# The event model's actor-type head says which kinds of actor the sentence's wording makes likely (learnt from the
# analysts' inter codes). The parse of a long sentence often puts the wrong candidate in a slot, or none; a candidate
# of a type at least LIKELY_TYPE likely then replaces an actor1 of a type under UNLIKELY_TYPE, a missing actor2 is
# looked for when a second actor is at least LIKELY_SECOND_ACTOR likely, and a default "Unidentified Armed Group"
# gives way to the state's forces when those are likely. Chosen on held-out 2020 notes that are not test rows
# (benchmarks/RESULTS.md, section 3, seventh session).
LIKELY_TYPE = 0.5
UNLIKELY_TYPE = 0.1
LIKELY_SECOND_ACTOR = 0.7
STATE_FORCES_INTER = 1
RIOTERS_INTER = 5
EXTERNAL_FORCES_INTER = 8


@dataclass
class ActorRoles:
    """The actor fields of one event, ACLED names, with the sentence spans (sentence offsets) used."""

    actor1: Optional[str] = None
    inter1: Optional[int] = None
    assoc_actor_1: Optional[str] = None
    actor2: Optional[str] = None
    inter2: Optional[int] = None
    assoc_actor_2: Optional[str] = None
    actor1_span: Optional[Span_] = None
    actor2_span: Optional[Span_] = None
    assoc_actor_1_span: Optional[Span_] = None
    assoc_actor_2_span: Optional[Span_] = None
    # Set when the actors rule out the classifier's sub-type: the police beating someone are no mob ("Attack").
    sub_event_type: Optional[str] = None
    # actor1 comes from the sentence's wording alone, no mention of it: no better than a default.
    actor1_guessed: bool = False


@dataclass(frozen=True)
class _Candidate:
    record: ActorRecord
    head: Token
    span: Span_  # sentence offsets
    role: Optional[str]  # "agent", "patient" or None
    rank: int  # lower is closer to the main clause
    verb: Optional[Token]
    is_conj: bool


def assign_actors(
    parsed: Doc,
    sentence_start: int,
    entities: list[Entity],
    kb: ActorKB,
    country: Optional[str],
    sub_event_type: str,
    places: Optional[list[tuple[int, int]]] = None,
    actor_types: Optional[ActorTypes] = None,
) -> ActorRoles:
    """actor1/actor2 (+ associates) of the event a sentence reports.

    ``parsed`` is the full parse of the sentence alone (offsets relative to it); ``sentence_start``
    maps entity mentions (article offsets) into it; ``country`` is the event's country; ``places``
    are the article offsets of the place names the places stage resolved (the GPE/LOC/FAC entities
    count as places too); ``actor_types``: the event model's actor-type probabilities for the sentence, when it
    has them.
    """
    candidates = _either_of_two(_entity_candidates(parsed, sentence_start, entities, country), parsed, kb, country)
    taken = {t.i for c in candidates for t in parsed.char_span(*c.span, alignment_mode="expand") or ()}
    places = list(places or []) + [(m.start, m.end) for e in entities if e.type in PLACE_ENTITY_LABELS
                                   for m in e.mentions]
    sentence_end = sentence_start + len(parsed.text)
    place_chars = frozenset(i - sentence_start for start, end in places if sentence_start <= start < sentence_end
                            for i in range(start, end))
    candidates += _generic_candidates(parsed, kb, country, taken, place_chars)
    roles = _roles_from_structure(candidates, sub_event_type)
    if sub_event_type == "Mob violence" and _state_forces_acted(roles, candidates) \
            and not CROWD_FOUGHT_BACK.search(parsed.text):
        sub_event_type = roles.sub_event_type = "Attack"
    elif sub_event_type == "Attack" and _state_forces_attacked(roles, candidates) and not OFF_DUTY.search(parsed.text):
        sub_event_type = roles.sub_event_type = "Armed clash"
    crowd_event = sub_event_type in PROTESTS or sub_event_type in RIOTS  # their conventions name the actors
    if actor_types is not None and not crowd_event:
        _agree_with_actor_types(roles, candidates, actor_types)
    _apply_conventions(roles, candidates, country, sub_event_type, parsed.text)
    if actor_types is not None and not crowd_event:
        _state_forces_when_likely(roles, candidates, country, actor_types)
    return roles


# ---------------------------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------------------------


def _entity_candidates(parsed: Doc, offset: int, entities: list[Entity], country: Optional[str]) -> list[_Candidate]:
    end = offset + len(parsed.text)
    found = []
    for entity in entities:
        record = _entity_record(entity, country)
        if record is None:
            continue
        for mention in entity.mentions:
            if mention.start < offset or mention.end > end:
                continue
            span = parsed.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
            if span is None or len(span) == 0 or (not entity.actor and _names_where(span)):
                continue
            found.append(_candidate(record, span))
    return found


_OR_BETWEEN = re.compile(r"\s+(?:and/)?or\s+")


def _either_of_two(candidates: list[_Candidate], parsed: Doc, kb: ActorKB, country: Optional[str]) -> list[_Candidate]:
    """Two groups named as either one ("presumed JNIM or ISGS militants") are one actor where ACLED names the pair
    ("JNIM: ... and/or Islamic State (Greater Sahara)"), not the first of them."""
    ordered = sorted(candidates, key=lambda c: c.span)
    for first, second in zip(ordered, ordered[1:]):
        if not _OR_BETWEEN.fullmatch(parsed.text[first.span[1]:second.span[0]]):
            continue
        record = kb.match(parsed.text[first.span[0]:second.span[1]], country)
        span = parsed.char_span(first.span[0], second.span[1], alignment_mode="expand")
        if record is not None and " and/or " in record.name and span is not None:
            return [c for c in candidates if c is not first and c is not second] + [_candidate(record, span)]
    return candidates


# Prepositions after which a country is where something happened, not a state acting ("in western Yemen").
LOCATIVE_PREPOSITIONS = frozenset({"in", "inside", "within", "near", "across", "throughout", "of"})


def _names_where(span: Span) -> bool:
    """A country named as where: the object of a locative preposition, or a place written after one ("in Koutiala
    (Sikasso), Mali")."""
    token = span.root
    while token.dep_ in {"appos", "conj", "npadvmod"} and token.head.i != token.i:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in LOCATIVE_PREPOSITIONS


def _entity_record(entity: Entity, country: Optional[str]) -> Optional[ActorRecord]:
    if entity.actor and entity.inter:
        return ActorRecord(entity.actor, entity.inter, entity.actor_country)
    if entity.type == "GPE":
        home = country_from_word(entity.name)
        if home:  # "Iraq launched an offensive": a country acting is its state
            return state_forces(home, "military", event_country=country)
    return None


# Militia heads and the kind of militia ACLED names after the word before them: "Katsina militiamen"
# -> "Katsina Communal Militia (Nigeria)" (a place), "Murle militia" -> "Murle Ethnic Militia (South
# Sudan)" (a people), "Bani Nawf tribesmen" -> "Bani Nawf Tribal Militia (Yemen)"; a kind written out
# names it ("Leelkayse clan militia" -> "Leelkayse Clan Militia"), and so do the places militias come from
# ("militias from Odejo" -> "Odejo Communal Militia"). Unnamed, a written kind still says which of ACLED's
# anonymous militias it is ("tribal militias" -> "Unidentified Tribal Militia (Syria)").
MILITIA_HEADS = frozenset({"militia", "militias", "militiaman", "militiamen", "tribesmen", "tribesman",
                           "clansmen", "clansman"})
TRIBAL_HEADS = frozenset({"tribesmen", "tribesman"})
CLAN_HEADS = frozenset({"clansmen", "clansman"})
MILITIA_KINDS = {"clan": "Clan", "communal": "Communal", "ethnic": "Ethnic", "tribal": "Tribal"}
PLACE_ENTITY_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _named_militias(token: Token, kb: ActorKB, country: Optional[str], taken: set[int],
                    place_chars: set[int]) -> list[_Candidate]:
    """The identity militias a militia noun names: one by the capitalised words before it (or the place it
    comes from), as ACLED names it, and one for each name coordinated before that ("Tiv and Ichen militias
    clashed": two sides). ``place_chars`` are the sentence offsets of the places the article names."""
    militia = _named_militia(token, kb, country, taken, place_chars)
    if militia is None:
        return []
    kind = militia.record.name.rsplit(" Militia", 1)[0].rsplit(" ", 1)[-1]
    if kind not in MILITIA_KINDS.values():
        return [militia]  # a listed militia named otherwise ("Dahalo Militia"): no kind to give the others
    found = [militia]
    doc = token.doc
    leftmost = doc.char_span(*militia.span, alignment_mode="expand")[0]
    while leftmost.i >= 2 and doc[leftmost.i - 1].lower_ in {"and", ","}:
        name_tokens = _capitalised_before(doc, leftmost.i - 1, taken, place_chars)
        if not name_tokens or country_from_word(name_tokens[-1].text):
            break
        record = _listed_militia(kb, " ".join(t.text for t in name_tokens), kind, country)
        span = (name_tokens[0].idx, name_tokens[-1].idx + len(name_tokens[-1].text))
        found.append(_Candidate(record, name_tokens[-1], span, militia.role, militia.rank, militia.verb, False))
        leftmost = name_tokens[0]
    return _written_first_heads(found, token) if len(found) > 1 else found


def _listed_militia(kb: ActorKB, name: str, kind: str, country: Optional[str]) -> ActorRecord:
    """A named militia as ACLED names it; one the knowledge base lists under another kind is that one
    ("Fulani" is also a village's name)."""
    listed = (kb.match(f"{name} {other} Militia", country, fuzzy=False)
              for other in (kind, *(k for k in MILITIA_KINDS.values() if k != kind)))
    return next(filter(None, listed), None) or identity_militia(f"{name} {kind} Militia", country)


def _named_militia(token: Token, kb: ActorKB, country: Optional[str], taken: set[int],
                   place_chars: set[int]) -> Optional[_Candidate]:
    if token.lower_ not in MILITIA_HEADS:
        return None
    doc = token.doc
    kind = MILITIA_KINDS.get(doc[token.i - 1].lower_) if token.i > 0 else None
    phrase_start = token.i - 1 if kind else token.i  # "clan militia": the written kind is part of the phrase
    if kind is None:
        clan = _clan_of_origin(token, kb, country)
        if clan is not None:
            return clan
    name_tokens = _capitalised_before(doc, phrase_start, taken, place_chars) or _place_of_origin(token, taken)
    if name_tokens and country_from_word(name_tokens[-1].text):
        return None  # "Nigerian militiamen": nobody named
    if kind is None:
        if token.lower_ in TRIBAL_HEADS:
            kind = "Tribal"
        elif token.lower_ in CLAN_HEADS:
            kind = "Clan"
        elif not name_tokens:
            return None  # "militiamen": nobody named, and no kind said
        elif any(t.idx in place_chars for t in name_tokens) or name_tokens[0].i > token.i:
            kind = "Communal"
        else:
            kind = "Ethnic"
    if not name_tokens:
        return _candidate(identity_militia(f"Unidentified {kind} Militia", country), doc[phrase_start : token.i + 1])
    record = _listed_militia(kb, " ".join(t.text for t in name_tokens), kind, country)
    return _candidate(record, doc[min(name_tokens[0].i, phrase_start) : max(token.i, name_tokens[-1].i) + 1])


# The clan, tribe or community militiamen come from: "militiamen from the Ayr sub-clan of Habar Gedir clan" ->
# "Habar Gedir-Ayr Sub-Clan Militia", "tribesmen from the Al Jaramah tribe" -> "Al Jaramah Tribal Militia".
_NAME = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2}"
_CLAN_OF_ORIGIN = re.compile(
    r"\s+from\s+(?:the\s+)?(?P<part>" + _NAME + r")(?:\s+and\s+" + _NAME + r")?\s+(?P<kind>sub[- ]?clans?|clans?|"
    r"tribes?|communit(?:y|ies))(?:\s+of\s+(?:the\s+)?(?P<whole>" + _NAME + r")(?:\s+clan)?)?\b")
_ORIGIN_KINDS = {"clan": "Clan", "tribe": "Tribal", "communit": "Communal"}


def _clan_of_origin(token: Token, kb: ActorKB, country: Optional[str]) -> Optional[_Candidate]:
    """The militia of the clan, tribe or community written after a militia noun, as ACLED names it."""
    found = _CLAN_OF_ORIGIN.match(token.doc.text, token.idx + len(token.text))
    if found is None:
        return None
    kind_word = found.group("kind").lower()
    if found.group("whole") and kind_word.startswith(("sub", "clan")):
        # A clan of a clan is a sub-clan: ACLED writes the whole first ("Habar Gedir-Ayr").
        name, kind = f"{found.group('whole')}-{found.group('part')}", "Sub-Clan"
    else:
        name = found.group("part")
        kind = next(k for prefix, k in _ORIGIN_KINDS.items() if prefix in kind_word.replace("sub", ""))
    record = _listed_militia(kb, name, kind, country)
    span = token.doc.char_span(token.idx, found.end(), alignment_mode="expand")
    return _candidate(record, span if span is not None else token.doc[token.i : token.i + 1])


# Words that open a sentence before a militia's name without being part of it ("Suspected Fulani militias").
HEDGE_WORDS = frozenset({"suspected", "alleged", "presumed", "armed", "unidentified", "unknown", "local", "rival"})


def _capitalised_before(doc: Doc, end: int, taken: set[int], place_chars: set[int]) -> list[Token]:
    """The capitalised words (up to three) right before token ``end``: a militia's name. A sentence's
    capitalised first word names nobody unless it is a name or a place ("Armed tribesmen")."""
    start = end
    while start > 0 and start > end - 4:
        word = doc[start - 1]
        if not word.text[:1].isupper() or word.is_stop or word.i in taken or not word.is_alpha:
            break
        if word.is_sent_start and (word.pos_ != "PROPN" or word.lower_ in HEDGE_WORDS) and word.idx not in place_chars:
            break
        start -= 1
    return list(doc[start:end])


def _place_of_origin(token: Token, taken: set[int]) -> list[Token]:
    """The place a militia comes from: "militias from Odejo" -> [Odejo]."""
    for place in _objects_of(token, "from"):
        if place.text[:1].isupper() and place.i not in taken:
            return [t for t in _noun_phrase(place) if t.text[:1].isupper()]
    return []


def _generic_candidates(parsed: Doc, kb: ActorKB, country: Optional[str], taken: set[int],
                        place_chars: frozenset[int] = frozenset()) -> list[_Candidate]:
    found = []
    for token in parsed:
        if token.i in taken or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        militias = _named_militias(token, kb, country, taken, place_chars)
        if militias:
            found += militias
            continue
        word = token.lower_
        two = f"{token.nbor(-1).lower_} {word}" if token.i > 0 else ""
        if word not in GENERIC_NOUNS and two not in GENERIC_NOUNS and token.lemma_.lower() not in GENERIC_NOUNS:
            continue
        if token.i + 1 < len(parsed) and parsed[token.i + 1].pos_ in {"NOUN", "PROPN"} and parsed[token.i + 1].dep_ != "conj" \
                and token.dep_ == "compound" and parsed[token.i + 1].lemma_.lower() not in EVENT_NOUNS:
            continue  # "police station", "army base": the noun is a modifier, not an actor ("a police raid": the doer)
        start = _phrase_start(token)
        phrase = parsed[start : token.i + 1]
        if any(t.i in taken for t in phrase) or _names_its_group(token, taken):
            continue  # "Al Shabaab militants", "fighters of Al Shabaab": the named group stands for the phrase
        owner = _owner_after(token)
        record = _force_of_named_owner(kb, phrase.text, owner, country) \
            or kb.match_generic(f"{owner} {phrase.text}".strip(), country)
        if record is None and token.lemma_.lower() in GENERIC_NOUNS:
            record = kb.match_generic(token.lemma_, country)
        if record is None:
            continue
        if token.dep_ == "poss" and record.country and record.name == state_forces(record.country, "government").name:
            # "the regime's soldiers", "a regime's 1st lieutenant": the state's forces, not its government
            record = state_forces(record.country, "military", event_country=country)
        forces = [_candidate(record, phrase)] + _forces_of_coordinated_states(phrase, kb, country)
        found += _written_first_heads(forces, token) if len(forces) > 1 else forces
        found += _forces_of_other_owners(found[-1], phrase.text, kb, country)
    return found


def _forces_of_coordinated_states(phrase: Span, kb: ActorKB, country: Optional[str]) -> list[_Candidate]:
    """The other states' forces of "Turkish and Russian forces" (the phrase is "Russian forces"): one candidate per
    nationality coordinated before the phrase's own, latest first."""
    doc, found = phrase.doc, []
    nationality, rest = phrase[0], phrase[1:].text
    if not rest or not country_from_word(nationality.text):
        return found
    current = nationality
    while current.i >= 2 and doc[current.i - 1].lower_ in {"and", ","}:
        other = doc[current.i - 2]
        # Only nationality words sharing the head ("Turkish and Russian forces": "Russian" coordinated with
        # "Turkish"), not a people and another's forces ("clashes between Palestinians and Israeli forces").
        if not (current.dep_ == "conj" and current.head.i == other.i and country_from_word(other.text)):
            break
        record = kb.match_generic(f"{other.text} {rest}", country)
        if record is None:
            break
        found.append(_Candidate(record, other, (other.idx, other.idx + len(other.text)), None, 99, None, False))
        current = other
    return found


def _written_first_heads(found: list[_Candidate], token: Token) -> list[_Candidate]:
    """Candidates coordinated before a shared head noun (``token``; ``found`` holds the one at the head first,
    then the others, latest first), in the slot the whole phrase fills: the one written first heads the
    coordination, as a parse of "X and Y clashed" has it; "between X and Y": Y is the other side."""
    top = token
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head  # (the parser may attach the head noun to the first name instead)
    role, rank, verb, _ = _role_of(top)
    between = top.dep_ == "pobj" and top.head.lower_ == "between"
    written_first = replace(found[-1], role=role, rank=rank, verb=verb, is_conj=False)
    return [written_first] + [replace(c, role="patient" if between else role, rank=rank, verb=verb, is_conj=True)
                              for c in found[:-1]]


def _forces_of_other_owners(forces: _Candidate, phrase: str, kb: ActorKB, country: Optional[str]) -> list[_Candidate]:
    """The other side of "military forces of India and Pakistan": Pakistan's forces, at the word "Pakistan",
    in the same role as the phrase, as a second conjunct ("India and Pakistan exchanged fire")."""
    found = []
    for owner in _objects_of(forces.head, "of"):
        for other in owner.conjuncts:
            record = kb.match_generic(f"{other.text} {phrase}", country) if country_from_word(other.text) else None
            if record is not None:
                span = (other.idx, other.idx + len(other.text))
                found.append(_Candidate(record, other, span, forces.role, forces.rank, forces.verb, True))
    return found


def _owner_after(token: Token) -> str:
    """The words of "of X" after a generic noun ("military forces of Russia" -> "Russia"), where X may
    say whose forces they are; match_generic keeps it only if it names a country."""
    for owner in _objects_of(token, "of"):
        if owner.ent_type_ in ("GPE", "NORP", ""):
            return _noun_phrase(owner).text  # not "Artsakh located at Goyarkh"
    return ""


def _objects_of(token: Token, preposition: str) -> list[Token]:
    """The object of each ``preposition`` attached to ``token`` ("forces of [Russia]", "militias from [Odejo]")."""
    objects = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == preposition:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None:
                objects.append(obj)
    return objects


def _noun_phrase(token: Token) -> Span:
    """``token``'s noun phrase up to it: its left modifiers, not what follows it."""
    return token.doc[token.left_edge.i : token.i + 1]


def _force_of_named_owner(kb: ActorKB, phrase: str, owner: str, country: Optional[str]) -> Optional[ActorRecord]:
    """A force named after an owner that is no country, as ACLED names it: "military forces of Artsakh"
    -> Military Forces of Artsakh (not the forces of the country the place lies in)."""
    if not owner or country_from_word(owner):
        return None
    return kb.match(f"{phrase} of {owner}", country, fuzzy=False)


# Nouns for the people of a group: "fighters of X" acts as X.
MEMBER_NOUNS = frozenset(
    "fighter member militant gunman gunmen soldier troop supporter element unit rebel insurgent loyalist "
    "militiaman militiamen cadre".split()
)


def _member_of(token: Token) -> bool:
    """``token`` is the object of "of" after a member noun ("fighters of [the X Brigade]")."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in MEMBER_NOUNS


def _names_its_group(token: Token, taken: set[int]) -> bool:
    """A member noun followed by "of" and a named actor ("fighters of Al Shabaab")."""
    return token.lemma_.lower() in MEMBER_NOUNS and any(
        child.lower_ == "of" and any(t.i in taken for t in child.subtree) for child in token.rights
    )


PHRASE_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod", "det", "npadvmod", "nummod", "quantmod"})


def _phrase_start(token: Token) -> int:
    """First token of the noun phrase a generic head ends: its left modifiers, but not a
    coordinated name before them ("Taliban and Afghan troops" -> "Afghan troops")."""
    start = token.i
    for child in token.lefts:
        if child.dep_ not in PHRASE_MODIFIERS:
            continue
        conjuncts = [t.i for t in child.subtree if t.dep_ == "conj"]
        start = min(start, min(conjuncts) if conjuncts else child.left_edge.i)
    return start


def _candidate(record: ActorRecord, span: Span) -> _Candidate:
    role, rank, verb, is_conj = _role_of(span.root)
    return _Candidate(record, span.root, (span.start_char, span.end_char), role, rank, verb, is_conj)


def _role_of(token: Token) -> tuple[Optional[str], int, Optional[Token], bool]:
    """(role, rank, governing verb, reached through a conjunction) of a candidate's head token."""
    verb = _subjectless_verb_after(token)
    if verb is not None:
        return "agent", _rank(verb), verb, _phrase_head(token).dep_ == "conj"
    is_conj = False
    t = token
    for _ in range(8):  # climb modifiers and conjunctions to the phrase that fills a slot
        if t.dep_ == "conj":
            is_conj = True
            t = t.head
        elif t.dep_ in OWNER_DEPS and t.head.i != t.i and t.head.lemma_.lower() in EVENT_NOUNS:
            # "Saudi-led coalition air raids were reported on ...", "a Houthi attack": whoever owns the act did it,
            # whatever slot the act fills.
            return "agent", _rank(t.head), t.head, is_conj
        elif t.dep_ in {"compound", "poss", "appos", "nmod", "amod"} and t.head.i != t.i:
            t = t.head
        elif _member_of(t):  # "fighters of the X Brigade attacked": X fills the fighters' slot
            t = t.head.head
        else:
            break
    dep = t.dep_
    # "troops repelled [an attack by] X": X attacked them; "an army vehicle struck an IED": the army was hit.
    repelled = t.head.lemma_.lower() in REPEL_VERBS or _set_off_a_device(t.head)
    if dep in {"nsubj", "csubj"}:
        return ("patient" if repelled else "agent"), _rank(t.head, speaker=True), t.head, is_conj
    if dep == "nsubjpass":
        if _accused_of_doing(t.head):  # "police are accused of assaulting a driver": the police assaulted him
            return "agent", _rank(t.head), t.head, is_conj
        return "patient", _rank(t.head), t.head, is_conj
    if dep in {"dobj", "obj", "dative"}:
        return ("agent" if repelled else "patient"), _rank(t.head), t.head, is_conj
    if dep == "pobj":
        prep = t.head
        governor = prep.head
        word = prep.lower_
        if word == "by" or prep.dep_ == "agent":
            return "agent", _rank(governor), governor, is_conj
        if word in PATIENT_PREPOSITIONS or (word == "of" and governor.lemma_.lower() in EVENT_NOUNS):
            return "patient", _rank(governor), governor, is_conj
        if word == "between":
            return ("patient" if is_conj else "agent"), _rank(governor), governor, is_conj
    if dep == "ROOT" and t.pos_ in {"NOUN", "PROPN"}:
        # The small parser often reads a headline-like sentence as one noun phrase ("Russian airstrikes
        # targeted ...": airstrikes ROOT, targeted a modifier): its head noun is the doer.
        return "agent", ROOT_NOUN_RANK, t, is_conj
    return None, 99, None, is_conj


# Passive verbs whose subject did what follows: "were accused of assaulting", "are suspected of killing", "were
# reported to have shot", "are believed to have abducted".
ACCUSED_VERBS = frozenset({"accuse", "suspect", "allege", "report", "believe", "say", "blame", "charge"})


def _accused_of_doing(verb) -> bool:
    if verb.lemma_.lower() not in ACCUSED_VERBS:
        return False
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "of" and any(g.tag_ == "VBG" for g in child.children):
            return True  # "accused of assaulting"
        if child.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children) \
                and not any(g.dep_ == "auxpass" for g in child.children):
            return True  # "reported to have shot", not "said to be injured"
    return False


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})


def _subjectless_verb_after(token: Token) -> Optional[Token]:
    """The sentence's main verb when it has no subject and ``token``'s phrase ends right before it: the parser
    hung the doer on the list of places an analyst's note opens with ("On 4 May, at X village, Y Township,
    Myanmar military from LIB 538 torched 8 houses": "military" read as one more place)."""
    root = token.sent.root
    if root.pos_ != "VERB" or any(c.dep_ in SUBJECT_DEPS for c in root.children):
        return None
    return root if _phrase_head(token).right_edge.i + 1 == root.i else None


def _phrase_head(token: Token) -> Token:
    """The head of the noun phrase ``token`` modifies ("Myanmar" of "Myanmar military" -> "military")."""
    while token.dep_ in {"compound", "amod", "nmod", "poss"} and token.head.i > token.i:
        token = token.head
    return token


# What a vehicle or a patrol "struck", "hit", "stepped on" or "ran over" when it was the victim of a hidden device.
SET_OFF_VERBS = frozenset({"strike", "hit", "step", "run", "drive"})
DEVICE_NOUNS = frozenset({"ied", "mine", "landmine", "bomb", "device", "explosive", "explosives"})


def _set_off_a_device(verb: Token) -> bool:
    """``verb`` is a victim setting off a hidden device: "a Malian army vehicle struck an IED", "a patrol stepped
    on a landmine"."""
    if verb.lemma_.lower() not in SET_OFF_VERBS:
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
    objects += [o for prep in verb.children if prep.dep_ == "prep" for o in prep.children if o.dep_ == "pobj"]
    return any(o.lower_ in DEVICE_NOUNS for o in objects)


def _rank(verb: Token, speaker: bool = False) -> int:
    """Clause depth of ``verb`` below the root; subjects of reporting verbs rank as speakers."""
    depth = 0
    t = verb
    while t.head.i != t.i and depth < 10:
        t = t.head
        depth += 1
    if speaker and verb.lemma_.lower() in REPORTING_VERBS:
        depth += SPEAKER_PENALTY
    return depth * CLAUSE_PENALTY


# ---------------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------------


def _roles_from_structure(candidates: list[_Candidate], sub_event_type: str) -> ActorRoles:
    roles = ActorRoles()
    agents = sorted((c for c in candidates if c.role == "agent"), key=lambda c: (c.rank, c.is_conj, c.head.i))
    patients = sorted((c for c in candidates if c.role == "patient"), key=lambda c: (c.rank, c.is_conj, c.head.i))
    first = agents[0] if agents else None
    if first is not None:
        _set(roles, 1, first)
        partner = next((c for c in agents[1:] if _same(c.verb, first.verb) and c.record.name != first.record.name), None)
        if partner is not None:
            # "X and Y clashed": two sides; "X and Y attacked Z": Y fights alongside X.
            if not patients and sub_event_type == "Armed clash":
                _set(roles, 2, partner)
            else:
                roles.assoc_actor_1, roles.assoc_actor_1_span = partner.record.name, partner.span
    if roles.actor2 is None:
        allies = [c for c in patients if first is not None and _fights_for(c, first)]
        if allies and roles.assoc_actor_1 is None:
            # "pro-Hadi forces and Popular Resistance fighters on one side": a force ACLED codes as actor1's own
            # associate is on actor1's side, not the other.
            roles.assoc_actor_1, roles.assoc_actor_1_span = allies[0].record.name, allies[0].span
        second = next((c for c in patients if (first is None or c.record.name != first.record.name)
                       and c not in allies), None)
        if second is not None:
            _set(roles, 2, second)
            partner = next(
                (c for c in patients if c.is_conj and _same(c.verb, second.verb) and c.record.name not in {second.record.name, roles.actor1}),
                None,
            )
            if partner is not None:
                roles.assoc_actor_2, roles.assoc_actor_2_span = partner.record.name, partner.span
    return roles


def _fights_for(candidate: _Candidate, first: _Candidate) -> bool:
    """Whether ``candidate`` is a force ACLED names only as ``first``'s associate (see ``acled_partner``)."""
    partner = acled_partner(candidate.record.name)
    return partner is not None and partner.name == first.record.name


def _set(roles: ActorRoles, slot: int, candidate: _Candidate) -> None:
    setattr(roles, f"actor{slot}", candidate.record.name)
    setattr(roles, f"inter{slot}", candidate.record.inter)
    setattr(roles, f"actor{slot}_span", candidate.span)


def _set_record(roles: ActorRoles, slot: int, record: ActorRecord, span: Optional[Span_] = None) -> None:
    setattr(roles, f"actor{slot}", record.name)
    setattr(roles, f"inter{slot}", record.inter)
    setattr(roles, f"actor{slot}_span", span)


EXPLOSIVE_SUB_TYPES = frozenset({"Remote explosive/landmine/IED", "Grenade"})
STRIKE_SUB_TYPES = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})
CIVILIAN_VICTIMS = re.compile(r"\b(?:civilians?|wom[ae]n|child(?:ren)?|famil(?:y|ies)|residents?|villagers?|farmers?|"
                              r"shepherds?|girls?|boys?|infants?)\b", re.IGNORECASE)
CASUALTY_WORDS = re.compile(r"\b(?:kill\w*|injur\w*|wound\w*|died|dead|maim\w*|hurt)\b", re.IGNORECASE)


def _apply_conventions(roles: ActorRoles, candidates: list[_Candidate], country: Optional[str], sub_event_type: str,
                       text: str) -> None:
    """ACLED's coding conventions for what the sentence structure leaves open or codes differently."""
    if sub_event_type in PROTESTS:
        _demonstrators_first(roles, candidates, protesters(country), 6, sub_event_type != "Peaceful protest")
    elif sub_event_type in RIOTS:
        _demonstrators_first(roles, candidates, rioters(country), 5, True)
        if roles.actor2 is None and sub_event_type == "Mob violence":
            _set_record(roles, 2, civilians(country), _span_of(candidates, 7))
    elif sub_event_type in VIOLENCE_AGAINST_CIVILIANS:
        if roles.inter2 != 7:
            _set_record(roles, 2, civilians(country), _span_of(candidates, 7))
        if roles.actor1 is None or roles.inter1 == 7:
            _set_record(roles, 1, unidentified_armed_group(country))
    elif sub_event_type == "Arrests":
        if roles.actor1 is None and country:
            _set_record(roles, 1, state_forces(country, "police"))
        if roles.actor2 is None:
            _set_record(roles, 2, civilians(country))
    elif roles.actor1 is None and country and sub_event_type in STATE_FORCE_DEFAULT:
        _set_record(roles, 1, state_forces(country))
    elif roles.actor1 is None and sub_event_type in ARMED_GROUP_DEFAULT:
        _set_record(roles, 1, unidentified_armed_group(country))
    if sub_event_type in EXPLOSIVE_SUB_TYPES and roles.actor2 is None and CASUALTY_WORDS.search(text) \
            and not any(c.record.inter in (STATE_FORCES_INTER, EXTERNAL_FORCES_INTER) and c.record.name != roles.actor1
                        for c in candidates):
        # A bomb or landmine that killed or hurt people no force is named among (but the one that laid it: "a
        # landmine planted by regime forces exploded, injuring a child"): its victims are civilians.
        _set_record(roles, 2, civilians(country), _span_of(candidates, 7))
    if sub_event_type in STRIKE_SUB_TYPES and roles.actor2 is None and CASUALTY_WORDS.search(text) \
            and CIVILIAN_VICTIMS.search(text):
        # An air strike or shelling that killed or hurt women, children, families or villagers and hit no side the
        # sentence names: its victims are civilians (two thirds of such ACLED notes; the rest name a side).
        _set_record(roles, 2, civilians(country), _span_of(candidates, 7))
    if sub_event_type == "Looting/property destruction" and roles.actor2 is None and roles.inter1 != 7:
        # What is looted or destroyed is nearly always civilians' (83% of ACLED's 2022 looting events).
        _set_record(roles, 2, civilians(country), _span_of(candidates, 7))
    _no_self_interaction(roles)


def _state_forces_acted(roles: ActorRoles, candidates: list[_Candidate]) -> bool:
    """The violence a "Mob violence" sentence tells was done by state forces ("police assaulted a family for
    violating the curfew"), with no crowd named: ACLED codes it as their attack, not as a mob's."""
    if any(c.record.inter == RIOTERS_INTER for c in candidates):
        return False
    return any(c.record.inter in (STATE_FORCES_INTER, EXTERNAL_FORCES_INTER) and c.role == "agent" and c.rank == 0
               and not c.is_conj and c.record.name == roles.actor1 for c in candidates)  # the main clause's subject


# A crowd's violence told beside the forces' ("Israeli forces used tear gas against Palestinians, who hurled stones"):
# a riot the forces faced, not their attack.
CROWD_FOUGHT_BACK = re.compile(
    r"\b(?:pelt\w*|stones?|rocks?|bricks?|molotov\w*|petrol bombs?|fire(?:crackers?|works))\b", re.IGNORECASE)


# Soldiers and police attacked when off duty, or no longer serving, are civilians in ACLED's codebook.
OFF_DUTY = re.compile(r"\boff[- ]duty\b|\bdefect\w*|\bformer\b|\bretired\b|\bex-", re.IGNORECASE)


def _state_forces_attacked(roles: ActorRoles, candidates: list[_Candidate]) -> bool:
    """The victims of an "Attack" sentence are state forces ("a state police patrol was shot by armed
    individuals"): ACLED codes violence against the state's forces as a clash with them, not as violence
    against civilians."""
    return roles.inter2 == STATE_FORCES_INTER and any(
        c.record.name == roles.actor2 and c.role == "patient" for c in candidates)


def _agree_with_actor_types(roles: ActorRoles, candidates: list[_Candidate], types: ActorTypes) -> None:
    """Fill or correct the slots with the candidates whose actor types the sentence's wording makes likely."""
    # A candidate the parse made actor2 stays there: it was the object of the event's verb, and a sentence about
    # soldiers killed reads to the model much like one about soldiers killing.
    likely = [c for c in candidates if c.record.name not in (roles.actor1, roles.actor2)
              and types.actor1.get(c.record.inter, 0.0) >= LIKELY_TYPE]
    if likely and (roles.actor1 is None or types.actor1.get(roles.inter1, 0.0) < UNLIKELY_TYPE):
        _set(roles, 1, min(likely, key=lambda c: (c.role == "patient", c.rank, c.head.i)))
    if roles.actor2 is None and types.actor2.get(0, 1.0) < 1.0 - LIKELY_SECOND_ACTOR:
        second = [c for c in candidates if c.record.name not in (roles.actor1, roles.assoc_actor_1)
                  and types.actor2.get(c.record.inter, 0.0) >= LIKELY_TYPE]
        if second:
            _set(roles, 2, min(second, key=lambda c: (c.role == "agent", c.rank, c.head.i)))


def _state_forces_when_likely(roles: ActorRoles, candidates: list[_Candidate], country: Optional[str],
                              types: ActorTypes) -> None:
    """An anonymous armed group in actor1 where the wording says state forces acted ("the military and AA clashed"
    parsed badly; "Govt forces (military) clashed with ..."): the state's forces, unless they are actor2. In a
    sentence that names nobody ("One man and one officer died") that is a guess, marked as one. Attackers the
    sentence itself calls unknown ("fire by an unknown party", "unidentified gunmen") stay unknown."""
    if not country or roles.actor1 != unidentified_armed_group(country).name or roles.actor1_span is not None \
            or types.actor1.get(STATE_FORCES_INTER, 0.0) < LIKELY_TYPE:
        return
    if roles.inter2 != STATE_FORCES_INTER:  # forces the parse made the other side stay there (see above)
        _set_record(roles, 1, state_forces(country))
        roles.actor1_guessed = not candidates


def _demonstrators_first(roles: ActorRoles, candidates: list[_Candidate], crowd: ActorRecord, inter: int, with_opponent: bool) -> None:
    """Protests and riots: actor1 is always the crowd; a named organiser acting is associated with
    it; the state forces that intervene (or whoever the crowd targets) are actor2."""
    by_rank = sorted(candidates, key=lambda c: c.rank)
    organiser = next((c for c in by_rank if c.role == "agent" and c.record.inter not in (1, 7, 8, inter)), None)
    opponent = next((c for c in by_rank if c.record.inter in (1, 8)), None) if with_opponent else None
    target = None
    if with_opponent and roles.actor2 and roles.inter2 not in (inter,):
        target = (roles.actor2, roles.inter2, roles.actor2_span)
    for slot in ("actor1", "inter1", "actor1_span", "actor2", "inter2", "actor2_span", "assoc_actor_1", "assoc_actor_1_span"):
        setattr(roles, slot, None)
    # A crowd the text gives a nationality ("Israeli settlers") keeps it; the event's country may differ.
    named = next((c for c in by_rank if c.record.inter == inter and c.record.country
                  and c.record.name.startswith(crowd.name.split(" (")[0])), None)
    _set_record(roles, 1, named.record if named is not None else crowd, _span_of(candidates, inter))
    if organiser is not None:
        roles.assoc_actor_1, roles.assoc_actor_1_span = organiser.record.name, organiser.span
    if opponent is not None:
        _set(roles, 2, opponent)
    elif target is not None:
        roles.actor2, roles.inter2, roles.actor2_span = target


def _same(a: Optional[Token], b: Optional[Token]) -> bool:
    return a is not None and b is not None and a.i == b.i


def _span_of(candidates: list[_Candidate], inter: int) -> Optional[Span_]:
    return next((c.span for c in candidates if c.record.inter == inter), None)


def _no_self_interaction(roles: ActorRoles) -> None:
    """The same actor on both sides is a parse artefact, unless ACLED allows it (two crowds)."""
    if roles.actor1 and roles.actor1 == roles.actor2 and roles.inter1 not in (5, 6):
        roles.actor2 = roles.inter2 = roles.actor2_span = None
