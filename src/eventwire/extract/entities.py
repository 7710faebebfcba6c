"""Cluster spaCy's named-entity mentions into entities: one per actor, person, organisation or place.

Works on the cheap parse (NER and tokens only), so everything here is token-window heuristics:

* mentions that resolve to the same knowledge-base actor are one entity ("ISIS", "Daesh", "the
  Islamic State of Iraq" -> "Islamic State"), whatever label spaCy gave them;
* a person's surname or a misspelling joins the full name ("Volesky", "Voleshy" -> "Gary Volesky");
* titles before or in apposition to a person are kept ("Major General"), and the organisation the
  title is held in becomes ``leads`` ("Iraqi Prime Minister ..." -> "Government of Iraq").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from rapidfuzz import fuzz
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..model import Entity, Mention
from ..resolve.actors import GENERIC_NOUNS, ActorKB, ActorRecord, country_from_word, normalise, state_forces

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
PERSON_FUZZY_CUTOFF = 80  # "Voleshy" vs "Volesky" scores 85.7; unrelated surnames stay far below
SURNAME_MIN_CHARS = 4

# Title words, each with the branch of the state it implies when a country precedes it.
GOVERNMENT_TITLES = frozenset(
    "president prime minister ministers secretary governor mayor king queen emir premier chancellor "
    "vice deputy foreign interior defense defence spokesman spokeswoman spokesperson ambassador senator "
    "chairman official officials sheikh".split()
)
MILITARY_TITLES = frozenset(
    "general gen major maj colonel col lieutenant lt captain capt admiral brigadier brig sergeant sgt "
    "commander cmdr army chief staff marshal".split()
)
POLICE_TITLES = frozenset("inspector superintendent constable police commissioner".split())
LEADER_WORDS = frozenset("leader chief head commander founder emir spokesman boss militant".split())
TITLE_WORDS = GOVERNMENT_TITLES | MILITARY_TITLES | POLICE_TITLES | LEADER_WORDS
NON_TITLE_CAPITALS = frozenset({"army"})  # "US Army Major General": "Army" belongs to the organisation


@dataclass
class _Cluster:
    """An entity being assembled."""

    key: str
    type: str
    surfaces: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    record: Optional[ActorRecord] = None
    title: Optional[str] = None
    leads: Optional[ActorRecord] = None

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)


@dataclass(frozen=True)
class _RawMention:
    span: Span
    text: str  # surface without a leading "the" or trailing possessive
    label: str = ""  # the entity type used; the NER label unless the gazetteer showed it is a place

    @property
    def type(self) -> str:
        return self.label or self.span.label_


def build_entities(
    doc: Doc, kb: ActorKB, country: Optional[str], place_names: frozenset[str] = frozenset()
) -> list[Entity]:
    """Entities of an article, ids "E1", "E2"... in order of first mention.

    ``doc`` comes from ``cheap_parse`` (offsets are article offsets); ``country`` is the article's
    country, used to name generic actors ("the army") and to choose among same-named actors.
    ``place_names`` are the names (casefolded) the places stage resolved to a gazetteer entry in this
    article: a PERSON or ORG mention of one that is no known actor is a place the NER mislabelled
    ("forces took control of Jilib").
    """
    persons: list[tuple[_RawMention, Optional[str], Optional[ActorRecord]]] = []
    clusters: dict[str, _Cluster] = {}
    for raw in _raw_mentions(doc, kb, country):
        if raw.span.label_ in {"PERSON", "ORG"} and raw.text.casefold() in place_names \
                and kb.match(raw.text, country, fuzzy=False) is None:
            raw = _RawMention(raw.span, raw.text, "GPE")
        label = raw.type
        if label == "PERSON":
            record = _person_as_actor(raw, kb, country)
            if record is None:
                title, leads = _title_and_affiliation(raw.span, kb, country)
                if leads is None:
                    leads = kb.match(raw.text, country, fuzzy=False)  # dictionary lists some leaders
                persons.append((raw, title, leads))
                continue
        else:
            record = kb.match(raw.text, country, fuzzy=label in {"ORG", "NORP"})
        _add_named(clusters, raw, record)
    people = _cluster_persons(persons)
    _add_untagged_surnames(doc, people)
    for cluster in people:
        clusters[cluster.key] = cluster
    ordered = sorted(clusters.values(), key=lambda c: c.first)
    return [_to_entity(f"E{i}", cluster) for i, cluster in enumerate(ordered, start=1)]


# ---------------------------------------------------------------------------------------------
# Mentions
# ---------------------------------------------------------------------------------------------


def _raw_mentions(doc: Doc, kb: ActorKB, country: Optional[str]) -> list[_RawMention]:
    """NER spans of interest, with adjacent spans joined when only together they name an actor
    (spaCy splits "Islamic State's" into NORP "Islamic" + ORG "State"), plus the knowledge base's
    names that the NER missed ("Fighters of Al Shabaab attacked...")."""
    dictionary = _dictionary_mentions(doc, kb, country)
    inside_dictionary = {t.i for span in dictionary for t in span}
    ents = sorted([e for e in doc.ents if e.label_ in ENTITY_LABELS and e.start not in inside_dictionary]
                  + dictionary, key=lambda e: e.start)
    result: list[_RawMention] = []
    i = 0
    while i < len(ents):
        ent = _without_opponent(doc, ents[i])
        if i + 1 < len(ents) and ents[i + 1].start == ent.end:
            joined = doc[ent.start : ents[i + 1].end]
            if kb.match(_surface(joined.text), country, fuzzy=False) is not None:
                merged = Span(doc, joined.start, joined.end, label="ORG")
                result.append(_RawMention(merged, _surface(merged.text)))
                i += 2
                continue
        extended = _extend_to_actor(doc, ent, kb, country)
        if extended is not None:
            result.append(_RawMention(extended, _surface(extended.text)))
        elif _surface(ent.text):
            result.append(_RawMention(ent, _surface(ent.text)))
        i += 1
    return result


# Single-word dictionary names that are also ordinary capitalised words at a sentence start.
COMMON_WORD_NAMES = frozenset("militia organization poachers revival tigers zero falcon camo brady".split())
_MATCHERS: dict[int, tuple[ActorKB, PhraseMatcher, PhraseMatcher]] = {}


def _dictionary_mentions(doc: Doc, kb: ActorKB, country: Optional[str]) -> list[Span]:
    """Knowledge-base names in the text that the NER missed or only partly found, labelled ORG.

    A name is kept when no NER entity overlaps it, or when it contains every entity it overlaps
    ("Saudi-led coalition" over the NORP "Saudi"). Case-sensitive, and only names that cannot be an
    everyday word: several words ("Al Shabaab"), or one word of four letters or more that is not a
    stop word ("Taliban", "FMLN"), or a three-letter acronym in capitals ("ADF"); "IS" only where the words
    around it make it the Islamic State; a two-letter acronym only in its own country's news ("AA", the
    Arakan Army, in Myanmar).
    """
    exact, any_case = _matchers_for(kb, doc.vocab)
    spans = [Span(doc, start, end, label="ORG") for _, start, end in exact(doc)]
    # A several-word name with its later words in lower case ("Al shabaab militants", as some analysts write
    # it); capitalised where it starts, and not at a sentence's start ("Popular resistance grew").
    spans += [Span(doc, start, end, label="ORG") for _, start, end in any_case(doc)
              if doc[start].text[:1].isupper() and not doc[start].is_sent_start]
    spans += [Span(doc, t.i, t.i + 1, label="ORG") for t in doc
              if _islamic_state_short(t) or _home_acronym(t, kb, country)]
    return [s for s in filter_spans(spans) if all(_contains(s, e) or not _overlaps(s, e) for e in doc.ents)
            and not _opposed(s)]


def _opposed(span: Span) -> bool:
    """The group an "anti-" word opposes ("anti-Houthi forces"), who is not the one acting."""
    doc, i = span.doc, span.start
    return i >= 2 and doc[i - 1].text == "-" and doc[i - 2].lower_ == "anti"


# "IS" for the Islamic State, as ACLED's notes and the news write it ("IS militants attacked", "IS claimed",
# "suspected IS"), told from the verb in capitals ("THIS IS WAR") by the words around it.
_IS_AFTER = {"militants", "militant", "fighters", "fighter", "group", "claimed", "cell", "cells", "members", "member",
             "elements", "insurgents", "gunmen", "jihadists", "remnants", "attacked", "ambushed", "killed",
             "detonated", "affiliate", "affiliates", "'s", "’s", "loyalists", "suicide", "positions", "hideouts"}
_IS_BEFORE = {"suspected", "presumed", "alleged", "by", "against", "from", "with", "likely", "between", "and",
              "the", "of"}


def _islamic_state_short(token) -> bool:
    if token.text != "IS":
        return False
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if _in_capitals(token):
        return False  # a headline in capitals
    return (after is not None and after.lower_ in _IS_AFTER) or (before is not None and before.lower_ in _IS_BEFORE)


def _home_acronym(token, kb: ActorKB, country: Optional[str]) -> bool:
    """A two-letter acronym of one of the article's country's own actors ("AA clashed with the army" in
    Myanmar); elsewhere two capitals are too often something else ("AA batteries", "AL" for Alabama)."""
    if not country or len(token.text) != 2 or not (token.text.isalpha() and token.text.isupper()):
        return False
    if _in_capitals(token):
        return False
    return any(record.country == country for record in kb.case_sensitive_records(token.text))


def _in_capitals(token) -> bool:
    """Whether a neighbouring word is in capitals too: a headline or a shouted line, not a name."""
    doc = token.doc
    neighbours = (doc[token.i - 1] if token.i > 0 else None, doc[token.i + 1] if token.i + 1 < len(doc) else None)
    return any(t is not None and t.is_alpha and len(t) > 1 and t.is_upper for t in neighbours)


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _contains(outer: Span, inner: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and len(outer) > len(inner)


def _matchers_for(kb: ActorKB, vocab) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Matchers of the knowledge base's names: as written, and (several-word names) in any case."""
    cached = _MATCHERS.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1], cached[2]
    from ..nlp import load_nlp

    tokenizer = load_nlp().tokenizer
    names = sorted({name for record in kb.records for name in (record.name, *record.aliases) if _safe_to_match(name)})
    exact = PhraseMatcher(vocab, attr="ORTH")
    exact.add("ACTOR", [tokenizer(name) for name in names])
    any_case = PhraseMatcher(vocab, attr="LOWER")
    any_case.add("ACTOR", [tokenizer(name) for name in names if len(name.split()) >= 2])
    _MATCHERS[id(kb)] = (kb, exact, any_case)
    return exact, any_case


def _safe_to_match(name: str) -> bool:
    words = name.split()
    if len(words) >= 2:
        return name[:1].isupper()
    word = name.strip()
    if len(word) == 3 and word.isalpha() and word.isupper():
        return True  # "ADF", "ELN", "PKK": matched in capitals only, never an everyday word
    return len(word) >= 4 and word[:1].isupper() and word.lower() not in STOP_WORDS \
        and word.lower() not in COMMON_WORD_NAMES and word.lower() not in GENERIC_NOUNS


# Lower-case words that end a group's name as ACLED writes it ("National Resistance forces" for the National
# Resistance Forces of Yemen); a name grows over them only to become exactly a listed actor's name.
GROUP_NAME_ENDINGS = frozenset({"forces", "force", "brigade", "brigades", "army", "militia", "front", "movement"})


def _extend_to_actor(doc: Doc, ent: Span, kb: ActorKB, country: Optional[str]) -> Optional[Span]:
    """A truncated group name grown over the capitalised words after it ("Islamic" + "State"), or over a word
    that ends a listed name ("National Resistance" + "forces"), when the longer span is a knowledge-base actor
    and the truncated one is not, or is only a group of another country."""
    if ent.label_ not in {"ORG", "NORP", "PERSON"}:
        return None
    own = kb.match(_surface(ent.text), country, fuzzy=False)
    if own is not None and (country is None or own.country in (None, "", country)):
        return None
    best = None
    end = ent.end
    while end < len(doc) and end - ent.end < 4 and (doc[end].text[:1].isupper() or doc[end].lower_ in GROUP_NAME_ENDINGS):
        end += 1
        text = _surface(doc[ent.start : end].text)
        found = kb.match(text, country, fuzzy=False)
        if found is None or (own is not None and found.country != country):
            continue
        if doc[end - 1].text[:1].isupper() or _names_exactly(found, text):
            best = end
    return Span(doc, ent.start, best, label="ORG") if best else None


def _names_exactly(record: ActorRecord, text: str) -> bool:
    key = normalise(text)
    return any(normalise(name) == key for name in (record.name, *record.aliases))


def _without_opponent(doc: Doc, ent: Span) -> Span:
    """An entity without a leading "anti-X" word, which names whom the actor fights ("anti-Houthi National
    Resistance" -> "National Resistance")."""
    if not ent.text.lower().startswith("anti-"):
        return ent
    for token in ent[1:]:
        if doc[token.i - 1].whitespace_:
            return Span(doc, token.i, ent.end, label=ent.label_)
    return ent


def _surface(text: str) -> str:
    """A mention's name: without a leading "the", a trailing possessive or surrounding punctuation."""
    text = text.strip().strip(",;:\"'()[]")
    if text[:4].lower() == "the ":
        text = text[4:]
    for suffix in ("'s", "\u2019s", "'", "\u2019"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    return text.strip()


def _person_as_actor(raw: _RawMention, kb: ActorKB, country: Optional[str]) -> Optional[ActorRecord]:
    """The actor a PERSON-labelled mention really is, when spaCy mislabelled a group ("Daesh").

    A one-word name or an actor's canonical name is the group itself; a longer alias in the
    dictionary ("Abu Bakr al-Baghdadi" listed under Islamic State) is a person who leads it.
    """
    record = kb.match(raw.text, country, fuzzy=False)
    if record is None:
        return None
    if len(raw.text.split()) == 1 or normalise(raw.text) == normalise(record.name):
        return record
    return None


def _add_named(clusters: dict[str, _Cluster], raw: _RawMention, record: Optional[ActorRecord]) -> None:
    label = raw.type
    if record is not None:
        key = f"actor:{record.name}"
        entity_type = "ORG"
    else:
        key = f"{_label_group(label)}:{normalise(raw.text)}"
        entity_type = label
    cluster = clusters.setdefault(key, _Cluster(key, entity_type, record=record))
    cluster.surfaces.append(raw.text)
    cluster.mentions.append(Mention(raw.span.start_char, raw.span.end_char, raw.span.text))


def _label_group(label: str) -> str:
    # spaCy flips between GPE and LOC for the same place; keep them one entity.
    return "place" if label in {"GPE", "LOC", "FAC"} else label


# ---------------------------------------------------------------------------------------------
# Titles and affiliations
# ---------------------------------------------------------------------------------------------


def _title_and_affiliation(span: Span, kb: ActorKB, country: Optional[str]) -> tuple[Optional[str], Optional[ActorRecord]]:
    """Title words next to a person and the actor the title is held in.

    Looks left ("Iraqi Prime Minister X", "Islamic State's leader X", "ISIS commander X") and
    then at an apposition on the right ("X, US Army Major General, ...").
    """
    title_tokens, before = _titles_left(span)
    leads = _affiliation_left(span.doc, before, title_tokens, kb, country)
    if not title_tokens or leads is None:
        right_titles, right_leads = _apposition_right(span, kb, country)
        if not title_tokens:
            title_tokens = right_titles
        leads = leads or right_leads
    title = " ".join(t.text for t in title_tokens) or None
    return title, leads


def _titles_left(span: Span):
    """Title tokens immediately left of (or at the start of) the span, and the index before them."""
    doc = span.doc
    titles = []
    i = span.start - 1
    while i >= 0 and _is_title(doc[i]):
        titles.insert(0, doc[i])
        i -= 1
    return titles, i


def _is_title(token) -> bool:
    word = token.text.lower().rstrip(".")
    if word not in TITLE_WORDS:
        return False
    # Capitalised titles ("Prime Minister") or the lower-case role words news uses ("leader").
    return token.text[:1].isupper() or word in LEADER_WORDS


def _affiliation_left(doc: Doc, i: int, titles, kb: ActorKB, country: Optional[str]) -> Optional[ActorRecord]:
    """The organisation or country named just before the titles (after skipping a possessive)."""
    if i < 0:
        return None
    ent = _ent_ending_at(doc, i)
    if ent is None and doc[i].text in {"'s", "\u2019s", "'"}:
        ent = _ent_ending_at(doc, i - 1)
    if ent is None:
        return None
    previous = _ent_ending_at(doc, ent.start - 1)
    if previous is not None:  # "Islamic" + "State": try the two spans together first
        joined = _affiliation_of(_surface(doc[previous.start : ent.end].text), titles, kb, country)
        if joined is not None:
            return joined
    return _affiliation_of(_surface(ent.text), titles, kb, country)


def _apposition_right(span: Span, kb: ActorKB, country: Optional[str]):
    """Titles and affiliation in ", US Army Major General," right after a name."""
    doc = span.doc
    i = span.end
    if i >= len(doc) or doc[i].text != ",":
        return [], None
    window = doc[i + 1 : min(len(doc), i + 8)]
    ent = next((e for e in window.ents if e.label_ in {"ORG", "NORP", "GPE"}), None)
    titles = [t for t in window if _is_title(t) and (ent is None or not (ent.start <= t.i < ent.end))]
    # Titles must follow the organisation directly ("US Army Major General"), not a later clause.
    if ent is not None:
        titles = [t for t in titles if t.i >= ent.end and t.i - ent.end < 4]
    if not titles:
        return [], None
    leads = _affiliation_of(_surface(ent.text), titles, kb, country) if ent is not None else None
    return titles, leads


def _ent_ending_at(doc: Doc, i: int) -> Optional[Span]:
    """The ORG/NORP/GPE entity whose last token is ``i`` (read from the IOB tags, no scan of doc.ents)."""
    if i < 0 or doc[i].ent_type_ not in {"ORG", "NORP", "GPE"}:
        return None
    if i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        return None
    start = i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return Span(doc, start, i + 1, label=doc[i].ent_type_)


def _affiliation_of(name: str, titles, kb: ActorKB, country: Optional[str]) -> Optional[ActorRecord]:
    """A country with a title names that state's branch; otherwise the organisation itself."""
    home = country_from_word(name)
    if home is not None:
        return state_forces(home, _branch_of(titles), event_country=country)
    return kb.match(name, country)


def _branch_of(titles) -> str:
    words = {t.text.lower().rstrip(".") for t in titles}
    if words & POLICE_TITLES:
        return "police"
    if words & MILITARY_TITLES and not words & {"minister", "secretary", "president"}:
        return "military"
    return "government"


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


def _cluster_persons(persons: list[tuple[_RawMention, Optional[str], Optional[ActorRecord]]]) -> list[_Cluster]:
    """Group person mentions: full names first, then surnames and misspellings join them."""
    clusters: list[_Cluster] = []
    # Longer names first so that a surname seen before the full name still finds it.
    for raw, title, leads in sorted(persons, key=lambda p: -len(p[0].text.split())):
        cluster = _find_person(clusters, raw.text)
        if cluster is None:
            cluster = _Cluster(f"person:{normalise(raw.text)}", "PERSON")
            clusters.append(cluster)
        cluster.surfaces.append(raw.text)
        cluster.mentions.append(Mention(raw.span.start_char, raw.span.end_char, raw.span.text))
        cluster.title = cluster.title or title
        cluster.leads = cluster.leads or leads
    for cluster in clusters:
        cluster.mentions.sort(key=lambda m: m.start)
    return clusters


def _find_person(clusters: list[_Cluster], name: str) -> Optional[_Cluster]:
    words = normalise(name).split()
    if not words:
        return None
    for cluster in clusters:
        full = normalise(cluster.surfaces[0]).split()
        if words == full:
            return cluster
        if len(words) == 1 and _same_surname(words[0], full):
            return cluster
        if len(words) > 1 and len(full) > 1 and fuzz.ratio(" ".join(words), " ".join(full)) >= 90:
            return cluster
    return None


def _add_untagged_surnames(doc: Doc, people: list[_Cluster]) -> None:
    """Mentions of a known person's surname that NER missed ("Abadi ordered ..."): one pass over
    the tokens outside entities, comparing with the surnames of multi-word names."""
    by_surname: dict[str, _Cluster] = {}
    for cluster in people:
        words = cluster.surfaces[0].split()
        if len(words) > 1 and len(words[-1]) >= SURNAME_MIN_CHARS and words[-1][:1].isupper():
            by_surname.setdefault(words[-1], cluster)
    if not by_surname:
        return
    known = {(m.start, m.end) for c in people for m in c.mentions}
    for token in doc:
        cluster = by_surname.get(token.text)
        if cluster is None or token.ent_iob_ != "O":
            continue
        span = (token.idx, token.idx + len(token.text))
        if span not in known:
            cluster.surfaces.append(token.text)
            cluster.mentions.append(Mention(span[0], span[1], token.text))
    for cluster in people:
        cluster.mentions.sort(key=lambda m: m.start)


def _same_surname(word: str, full: list[str]) -> bool:
    """"Volesky" or "Voleshy" against "gary volesky"; "Abadi" against "haider al abadi"."""
    if len(full) < 2 or len(word) < SURNAME_MIN_CHARS:
        return False
    surname = full[-1]
    if word == surname:
        return True
    return word[0] == surname[0] and fuzz.ratio(word, surname) >= PERSON_FUZZY_CUTOFF


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def _to_entity(entity_id: str, cluster: _Cluster) -> Entity:
    cluster.mentions.sort(key=lambda m: m.start)
    name = cluster.record.name if cluster.record else _best_surface(cluster.surfaces)
    aliases = list(dict.fromkeys(s for s in cluster.surfaces if s != name))
    acting_for = cluster.record or cluster.leads
    return Entity(
        id=entity_id,
        name=name,
        type=cluster.type,
        aliases=aliases,
        mentions=list(cluster.mentions),
        actor=acting_for.name if acting_for else None,
        inter=acting_for.inter if acting_for else None,
        actor_country=acting_for.country if acting_for else None,
        leads=cluster.leads.name if cluster.leads and cluster.type == "PERSON" else None,
        title=cluster.title,
    )


def _best_surface(surfaces: list[str]) -> str:
    """The fullest spelling; among equally long ones, the most frequent, then the first."""
    counts: dict[str, int] = {}
    for surface in surfaces:
        counts[surface] = counts.get(surface, 0) + 1
    return max(counts, key=lambda s: (len(s.split()), counts[s], -surfaces.index(s)))
