"""Toponym resolution for an article, and choosing where each event happened.

Three steps, all cheap (one gazetteer lookup per distinct name, cached):

1. :func:`resolve_toponyms` finds place mentions (spaCy GPE/LOC/FAC entities, nationality words,
   and capitalised words after "in/near/at/of" that the gazetteer knows) and picks one gazetteer
   entry per mention using the article's context: the countries it names (also as demonyms:
   "Iraqi army"), the other places it names (same country, nearby), population and feature code.
2. :func:`article_country` says which country the article is mostly about.
3. :func:`event_location` picks the event's place for one sentence, with ACLED's geo_precision:
   1 the place itself, 2 near it / a part of it / the last place named earlier, 3 a region or country.
"""

from __future__ import annotations

import collections
import functools
import re
from dataclasses import dataclass
from typing import Iterable, Optional

from spacy.tokens import Doc, Span

from ..model import Evidence, Place
from ..resolve.gazetteer import (QUALITY_ALIAS, QUALITY_NAME, Candidate, Gazetteer, acled_admin1, country_centre,
                                 distance_km, normalize_name)

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Prepositions after which a capitalised word the NER missed is probably a place.
LOCATIVE_WORDS = {"in", "near", "at", "of", "outside", "around", "into", "from", "toward", "towards", "across",
                  "through", "throughout"}
# Particles inside Arabic/French/Spanish place names ("Deir ez-Zor", "Ras al Ain", "Bir el Abd").
NAME_PARTICLES = {"al", "el", "ez", "es", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "de", "du", "la", "le", "-"}
# Group names the NER labels GPE ("Daesh"), and words that are never event places.
NOT_PLACES = {"isis", "isil", "daesh", "is", "islamic state", "the islamic state", "al shabaab", "al qaeda", "boko haram",
              "nazi", "nazis",  # "performing the Nazi salute" (Nazi al Kubra is a village of Iraq)
              # Continents, oceans and world regions: no point an event could be coded at, and their
              # names collide with villages ("Africa", "Atlantic", "Middle East" are all US hamlets).
              "africa", "europe", "asia", "america", "americas", "oceania", "antarctica", "arctic", "middle east",
              "near east", "far east", "latin america", "south america", "north america", "central america",
              "the west", "west", "east", "north", "south", "atlantic", "pacific", "indian ocean", "mediterranean",
              "the gulf", "gulf", "persian gulf", "horn of africa", "sahel", "balkans", "caucasus", "central asia",
              "south asia", "southeast asia", "east africa", "west africa", "north africa", "central africa",
              "southern africa", "sub saharan africa", "arab world", "scandinavia", "caribbean", "maghreb", "levant",
              "eastern europe", "western europe", "eu", "un", "nato",
              # Institutions protests and news happen "in": the names of small towns elsewhere (Congress, Arizona).
              "congress", "parliament", "senate", "capitol", "white house", "kremlin", "pentagon", "court",
              "supreme court", "high court", "assembly", "national assembly", "cabinet", "government", "ministry",
              "city hall", "town hall", "state house", "police", "army", "university", "campus", "downtown",
              # Faiths: who people are ("Muslim students"), never where (a Yemeni hamlet is called Muslim).
              "muslim", "muslims", "christian", "christians", "hindu", "hindus", "jewish", "buddhist", "sikh",
              "catholic", "protestant", "orthodox", "sunni", "shia", "shiite", "alawite", "druze", "yazidi",
              # An Arabic or Romance article alone ("at Al cadala junction"): a name cut short, not Ål in Norway.
              "al", "el", "ad", "ar", "as", "ash", "az", "ez", "la", "le", "de", "du",
              # A local unit's word alone ("in Colonia Lomas de San Agustin" cut short): see UNIT_WORD_COUNTRIES.
              "barangay", "colonia", "fraccionamiento", "upazila", "woreda", "kebele", "payam", "tambon", "lga"}
STRONG_LOCATIVE_WORDS = {"in", "near", "at", "outside"}
SETTLEMENT_WORDS = {"town", "city", "village", "district", "province", "governorate", "region", "state", "area",
                    "outskirts", "vicinity", "countryside", "suburbs", "north", "south", "east", "west", "edge"}
# Trailing words dropped from an entity before lookup ("Zmiivka village" -> "Zmiivka"); admin words
# ("province", "district") are kept: the gazetteer uses them to prefer the admin area.
_SETTLEMENT_SUFFIX = re.compile(r"\s+(?:village|town|city|camp|hamlet|settlement|township)$", re.IGNORECASE)
_CITY_DISTRICT = re.compile(r"\s+-\s+[A-Z].*$")
# Entity labels the small NER model often gives to unfamiliar place names.
MISLABEL_PRONE = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
CALENDAR_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "i", "god",
}
# Words that, before "of <Country>", make the country part of an organisation's name, not a place.
ORG_HEADS = re.compile(
    r"\b(?:State|Front|Army|Movement|Party|Council|Forces|Force|Ministry|Government|Republic|Bank|Union|Committee|"
    r"Organi[sz]ation|Brigades?|Battalions?|Assembly|Authority|Court|University|Church|Federation|Congress|Kingdom|"
    r"Coalition|Alliance|Command|Police|Navy|Parliament|President|Prime Minister|King)\b"
)
_ORG_BEFORE = re.compile(r"([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)\s+(?:of|in)(?:\s+the)?(?:\s+[A-Z][\w'-]*\s+and)?\s+$")

_DIRECTIONS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|south-east|south-west)"
# "near X", "outskirts of X", "20 km from X", "villages south and east of X", "west of X" -> geo_precision 2.
NEAR_BEFORE = re.compile(
    r"(?:\bnear(?:by)?|\boutside(?:\s+of)?|\boutskirts\s+of|\bvicinity\s+of|\baround|\bclose\s+to|\bsurrounding|"
    r"\bsuburbs?\s+of|\bcountryside\s+of|\bperiphery\s+of|\bedge\s+of|\benvirons\s+of|"
    r"\b(?:\d[\d.,]*|several|a\s+few|some|dozens\s+of|tens\s+of)\s*-?\s*(?:km|kms|kilomet(?:er|re)s?|miles?)\s+"
    r"(?:\w+(?:\s+(?:and|or)\s+\w+)?\s+)?(?:of|from)|"
    rf"\b{_DIRECTIONS}(?:ern|ward|wards)?(?:\s+(?:and|or)\s+{_DIRECTIONS}(?:ern)?)?\s+(?:of|from)|"
    r"\b(?:villages|towns|areas?|parts?|districts|neighbou?rhoods)\s+(?:[\w-]+\s+){0,6}?(?:of|in|around|near)|"
    r"\bdistrict\s+of|\barea\s+of|\bregion\s+of)"
    r"\s+(?:the\s+)?(?:(?:city|town|village|provincial\s+capital)\s+of\s+)?$",
    re.IGNORECASE,
)
# "X district", "X area", "X countryside" -> the area around X: geo_precision 2.
AREA_AFTER = re.compile(
    r"^(?:'s)?\s+(?:district|districts|area|areas|countryside|outskirts|suburbs?|environs|surroundings|"
    r"axis|front|region|sub-district|subdistrict|county|neighbou?rhood)\b",
    re.IGNORECASE,
)
# Words right before a place that say the event happened there ("in", "at", ...).
LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|into|inside|outside|on|across|throughout|around|of|from|to|toward|towards|targeting|hit|struck|"
    # A place an attack or an advance is aimed at: "regime forces shelled Kafr Oweid in the countryside of Idleb"
    r"shelled|bombed|bombarded|raided|stormed|attacked|targeted|captured|seized|recaptured|retook|overran|besieged|"
    r"invaded|entered)"
    r"\s+(?:the\s+)?(?:(?:\w+\s+)?(?:city|town|village|district|province|governorate|region|state|area|county)"
    r"\s+of\s+)?(?:\w+ern\s+)?$",
    re.IGNORECASE,
)
_LOOKBACK_CHARS = 90
# Where people or things came from ("migrants from Bihar clashed in Satna", "protesters from Beirut gathered in
# Tripoli") is a weaker sign of the event's place than "in", "at" or "near".
_MOTION_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?(?:\w+ern\s+)?$", re.IGNORECASE)

# Scoring weights for context (added to the gazetteer's prior score).
COUNTRY_BONUS = 5.0  # candidate lies in a country the article names
COUNTRY_SHARE_BONUS = 3.0  # ... scaled by how much of the article is about that country
NEAR_BONUS_KM = ((50.0, 3.0), (150.0, 2.0), (400.0, 1.0))
IN_NAMED_REGION_BONUS = 4.0  # candidate lies in a province the article names
ANCHOR_COUNTRY_BONUS = 3.0  # candidate lies in the country of another place the article names
ATTACHED_ADMIN_BONUS = 2.0  # a name written as a place's district/province is more likely the admin area
HIERARCHY_BONUS = 9.0  # candidate lies in a district/province the article names, or holds a place it names

# Generic words around admin names: GeoNames writes "Oyam District", "Northern Region", "Province of
# Laguna" where notes and news write "Oyam", "Northern", "Laguna".
_ADMIN_PREFIX = re.compile(
    r"^(?:province|state|department|governorate|region|district|county|municipality|city|prefecture|"
    r"wilaya|division|oblast|territory|commune)\s+of\s+"
)
_ADMIN_SUFFIX = re.compile(
    r"\s+(?:province|state|department|governorate|region|district|county|municipality|city|prefecture|"
    r"wilaya|division|oblast|territory|commune|muhafazah|vilayeti|ili|regional state|special region|"
    r"capital district|capital territory)$"
)


@dataclass
class Toponym:
    """A place mention in the article and the gazetteer entry it resolved to.

    ``role`` is "place" for a place name, "demonym" for a nationality word ("Iraqi forces": the actor's
    country, never an event location) and "name_part" for a country inside an organisation's name
    ("Islamic State of Iraq"). ``sentence`` is the sentence the mention is in (article offsets).
    """

    start: int
    end: int
    text: str
    place: Optional[Place]
    kind: str  # "country" | "admin1" | "admin2" | "locality"
    role: str = "place"
    sentence: Optional[Evidence] = None
    head_start: Optional[int] = None  # a district/province written after a place ("X (Oyam, Northern)"): X's start
    confirmed: bool = False  # the article also names this place's district or province, or a place inside it
    # A nationality word before "forces", "troops", "airstrikes", "refugees", "embassy"...: whose, not where.
    of_forces: bool = False

    @property
    def point(self) -> Optional[tuple[float, float]]:
        """The mention's coordinates as a geoparser reports them: a country at its centre (the
        place itself, used for events, keeps the capital)."""
        if self.place is None:
            return None
        if self.kind == "country":
            return country_centre(self.place)
        return self.place.latitude, self.place.longitude


@dataclass(frozen=True)
class LocationChoice:
    """Where an event happened, how precisely (ACLED geo_precision 1-3), and the text that says so."""

    place: Place
    geo_precision: int
    evidence: Evidence  # the sentence naming the place (article offsets)
    mention: Optional[Toponym] = None  # the mention used; None when only the article's country was left

    @property
    def evidence_start(self) -> int:
        return self.evidence.start

    @property
    def evidence_end(self) -> int:
        return self.evidence.end

    @property
    def evidence_text(self) -> str:
        return self.evidence.sentence


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    weak: bool  # found by the capitalised-word rule, not by the NER: kept only if context supports it
    sentence: Evidence
    nationality_only: bool = False  # a NORP entity: only a country or demonym, never a village
    head_start: Optional[int] = None  # for "X (District, Province)": where X starts
    after_strong_locative: bool = False  # right after "in/near/at/outside"
    in_name: bool = False  # part of an organisation's name ("Texas Department of Health"): never the event's place
    near_only: bool = False  # a name the NER called a person or organisation: a place only near other places
    lookup: Optional[str] = None  # the name to look up when the text abbreviates it ("TS" -> "Telangana")

    @property
    def name(self) -> str:
        return self.lookup or self.text

    @property
    def key(self) -> str:
        return normalize_name(self.name)


# ---------------------------------------------------------------------------------------------
# Finding mentions
# ---------------------------------------------------------------------------------------------


def _clean_span(doc: Doc, span: Span, gaz: Optional[Gazetteer] = None) -> tuple[int, int, str]:
    """Article offsets and text of an entity without a leading "the", a trailing possessive, a
    parenthesis or comma the NER swallowed ("Bria (Samba-Boungou", "Gomez Palacio, Durango") or a
    settlement word ("Zmiivka village"; kept when the gazetteer knows the whole name: "New York City")."""
    # span.text, not doc.text: spaCy rebuilds doc.text from every token on each access.
    base, text = span.start_char, span.text
    start, end = 0, len(text)
    if text.lower().startswith("the "):
        start += 4
    for stop in ("(", ","):  # "Bria (Samba-Boungou", "Gomez Palacio, Durango": the place is the first part
        if stop in text[start:end]:
            end = start + text[start:end].index(stop)
            while end > start and text[end - 1] == " ":
                end -= 1
    if text[:end].endswith("'s") or text[:end].endswith("’s"):
        end -= 2
    district = _CITY_DISTRICT.search(text[start:end])
    if district:  # "Seoul City - Jung", "Hong Kong - Wan Chai": ACLED's city - district names; the city
        end = start + district.start()
    suffix = _SETTLEMENT_SUFFIX.search(text[start:end])
    if suffix and suffix.start() > 0 and not (gaz is not None and gaz.candidates(text[start:end])):
        end = start + suffix.start()
    return base + start, base + end, text[start:end]


def _sentence_of(span: Span) -> Evidence:
    sent = span.sent
    return Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char)


# Lower-case words inside place names, besides NAME_PARTICLES: "Croix-des-Bouquets", "Alcala la Real",
# "Port of Spain", "Santa Fe del Parana".
NAME_CONNECTORS = NAME_PARTICLES | {"des", "del", "della", "di", "da", "dos", "das", "do", "of", "y", "los", "las"}


# Inside a name the gazetteer confirms whole: "Kohgiluyeh and Boyer-Ahmad", "Trinidad and Tobago".
COMPLETION_CONNECTORS = NAME_CONNECTORS | {"and", "&", "-"}


def _completed(doc: Doc, ent: Span, gaz: Gazetteer) -> Span:
    """The entity grown over the words the NER cut off ("Candido" of "Candido Sales", "Port" of "Port
    of Spain", "Alcala" of "Alcala la Real"; before it, "Catole do" of "Catole do Rocha"): the longest
    continuation the gazetteer knows by that exact name, else the entity as found."""
    best, end = None, ent.end
    while end < len(doc) and end < ent.end + 4 and not doc[end].is_sent_start:
        token = doc[end]
        end += 1
        if token.is_alpha and token.text[:1].isupper():
            longer = doc[ent.start:end].text
            if any(c.quality == QUALITY_NAME for c in gaz.candidates(longer)):
                best = end
        elif token.lower_ not in COMPLETION_CONNECTORS:
            break
    start, end = ent.start, best or ent.end
    begin = ent.start
    while begin > 0 and begin > ent.start - 4 and not doc[begin].is_sent_start:
        begin -= 1
        token = doc[begin]
        if token.is_alpha and token.text[:1].isupper():
            if any(c.quality == QUALITY_NAME for c in gaz.candidates(doc[begin:end].text)):
                start = begin
        elif token.lower_ not in COMPLETION_CONNECTORS:
            break
    return ent if (start, end) == (ent.start, ent.end) else doc[start:end]


def _entity_mentions(doc: Doc, gaz: Gazetteer) -> list[_Mention]:
    mentions = []
    covered_until = 0  # "Spain" inside "Port of Spain" is not a mention of its own
    for ent in doc.ents:
        if ent.start < covered_until:
            continue
        if ent.label_ in PLACE_LABELS or ent.label_ == "NORP":
            if ent.label_ in PLACE_LABELS:
                ent = _completed(doc, ent, gaz)
                covered_until = ent.end
            if _names_a_currency(doc, ent):
                continue
            start, end, text = _clean_span(doc, ent, gaz)
            if text and normalize_name(text) not in NOT_PLACES:
                mentions.append(_Mention(start, end, text, weak=False, sentence=_sentence_of(ent),
                                         nationality_only=ent.label_ == "NORP"))
    return mentions


CURRENCY_WORDS = frozenset({"dollar", "dollars", "currency", "pound", "pounds", "rupee", "rupees", "peso", "pesos"})


def _names_a_currency(doc: Doc, ent: Span) -> bool:
    """"the US dollar exchange rate": a currency, not where anything happened. (A nationality before one, "the
    Lebanese pound", still hints at the country: a currency is mostly its own country's news.)"""
    return ent.label_ != "NORP" and ent.end < len(doc) and doc[ent.end].lower_ in CURRENCY_WORDS


ORG_NAME_LABELS = {"ORG", "WORK_OF_ART", "EVENT"}  # the small NER often calls "Dublin Recreation Services" a work of art
MAX_NAME_PLACE_TOKENS = 3
# What a one-word place name is followed by in an institution's name ("Gainesville Police", "Winona
# State University"). Other one-word leads ("Metro Transit", "White Castle", "Central Bank") are
# ordinary words far more often than places.
INSTITUTION_HEADS = {
    "police", "department", "county", "court", "university", "school", "schools", "hospital", "association",
    "commission", "council", "board", "office", "fire", "sheriff", "sheriff's", "city", "public", "medical",
    "college", "high", "chamber", "airport", "library", "museum", "regional", "area", "state", "community",
    "health", "housing", "water", "transit", "district", "township", "daily", "times", "herald", "news",
    "tribune", "gazette", "post", "journal", "courier", "register", "chronicle", "observer", "press", "bureau",
    "municipal", "port", "utilities", "parks", "elementary", "middle", "diocese", "zoo", "memorial", "town",
    "village", "borough", "parish", "metropolitan", "general", "supreme", "legislature", "assembly", "senate",
    "house", "army", "national", "provincial", "federal", "government", "ministry", "mayor", "planning",
    "economic", "development", "tourism", "convention", "historical", "symphony", "rotary", "lions", "chapter",
    "clinic", "branch", "church", "cathedral", "center", "centre", "hall", "stadium", "theatre", "theater", "mall",
    "station", "prison", "jail", "academy", "institute", "foundation", "club", "recreation", "veterans",
}
# One-word region names that lead institutions' names as plain adjectives ("Central High School",
# "Western State University", "White Castle").
GENERIC_NAME_WORDS = {"central", "northern", "southern", "eastern", "western", "northeast", "northwest", "southeast",
                      "southwest", "north", "south", "east", "west", "state", "national", "metro", "white", "black",
                      "united", "royal", "new", "old", "upper", "lower", "greater", "middle", "first", "capital",
                      "coastal", "pacific", "atlantic", "mountain", "valley", "lake", "river", "union", "liberty"}


def _org_name_mentions(doc: Doc, gaz: Gazetteer) -> list[_Mention]:
    """Places inside organisations' names: the leading place of "Texas Department of Health", "Gainesville
    Police", "Laurel County Sheriff's Office", and the place after "of" in "University of Kentucky".

    Geoparsers count them as toponyms (LGL, GeoWebNews do); they are never an event's place, and are
    kept only where the context supports them like any capitalised word."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ORG_NAME_LABELS or len(ent) < 2:
            continue
        spans = []
        first = ent.start + 1 if ent[0].lower_ == "the" else ent.start
        lead = _known_name(doc, first, min(ent.end - 1, first + MAX_NAME_PLACE_TOKENS), gaz)
        if lead is not None and (len(lead) > 1 or (lead.text.lower() not in GENERIC_NAME_WORDS and (
                _is_region_or_country(lead.text, gaz) or doc[lead.end].lower_ in INSTITUTION_HEADS))):
            spans.append(lead)
        for token in ent[1:-1]:
            if token.lower_ == "of" and doc[token.i + 1].text[:1].isupper():
                after = _known_name(doc, token.i + 1, min(ent.end, token.i + 1 + MAX_NAME_PLACE_TOKENS), gaz)
                if after is not None and after.end == ent.end:
                    spans.append(after)
        for span in spans:
            if normalize_name(span.text) not in NOT_PLACES:
                found.append(_Mention(span.start_char, span.end_char, span.text, weak=True,
                                      sentence=_sentence_of(span), in_name=True))
    return found


def _is_region_or_country(text: str, gaz: Gazetteer) -> bool:
    return gaz.country(text) is not None or any(
        c.kind == "admin1" and c.quality in (QUALITY_NAME, QUALITY_ALIAS) for c in gaz.candidates(text))


def _known_name(doc: Doc, start: int, limit: int, gaz: Gazetteer) -> Optional[Span]:
    """The longest capitalised run from ``start`` (up to ``limit``) that names a place exactly."""
    best = None
    for end in range(start + 1, limit + 1):
        token = doc[end - 1]
        if not (token.text[:1].isupper() or (end - 1 > start and token.lower_ in NAME_CONNECTORS)):
            break
        if token.lower_ in INSTITUTION_HEADS and token.lower_ not in ("county", "parish"):
            break  # "Kentucky Department": the gazetteer would read "Department" as an admin word
        span = doc[start:end]
        whole_word = token.whitespace_ or (end < len(doc) and doc[end].lower_ in ("'s", "’s"))  # not "Nord" of "Nord-Kivu"
        if token.text[:1].isupper() and whole_word and (gaz.country(span.text) is not None or any(
                c.quality in (QUALITY_NAME, QUALITY_ALIAS) for c in gaz.candidates(span.text))):
            best = span
    return best


_POSSESSIVE_AFTER = re.compile(r"['’]s\s+")

# Before a person's name ("Mr. Jackson", "Sen. Clinton") or after it ("Lindsay said"): not a place.
_PERSON_BEFORE = {"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "col", "capt", "sgt", "lt", "det",
                  "officer", "judge", "president", "senator", "governor", "mayor", "coach", "rev", "father",
                  "st", "saint", "prof", "professor", "chief", "deputy", "sheriff", "attorney", "brother", "sister"}
_PERSON_AFTER = {"said", "says", "told", "added", "wrote", "asked", "explained", "noted", "argued", "recalled",
                 "who", "whose", "himself", "herself", "he", "she", "was", "is", "has", "had", "'s", "’s"}


def _mislabelled_names(doc: Doc, gaz: Gazetteer) -> list[_Mention]:
    """Names the small NER model called a person or an organisation that are exactly a place's name
    ("Gainesville", "Torrington"): kept only where the article names other places near them."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG") or not ent.text[:1].isupper():
            continue
        before = doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        if before in _PERSON_BEFORE or after in _PERSON_AFTER or ent.text.isupper():
            continue
        start, end, text = _clean_span(doc, ent)
        if not text or normalize_name(text) in NOT_PLACES or _FORCES_AFTER.match(doc.text, end):
            continue  # ("Grad missiles": a weapon's name)
        if any(c.quality == QUALITY_NAME for c in gaz.candidates(text)):
            found.append(_Mention(start, end, text, weak=True, sentence=_sentence_of(ent), near_only=True))
    return found


# A news dateline: the city in capitals where a sentence or line starts, then its state or country,
# the agency, and a dash or colon ("CHARLESTON, W.Va. --", "BAGHDAD (Reuters) -", "BEIRUT:").
_DATELINE = re.compile(
    r"(?:^|(?<=[.!?\n])\s*)(?P<city>[A-Z][A-Z'’.]+(?:[ -][A-Z][A-Z'’.]+){0,3})"
    r"(?=(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})?\s*(?:\([A-Za-z]{1,12}\))?\s*(?:[—–\x97]|-{1,3}|:)\s)"
)


def _dateline_mentions(doc: Doc, text: str) -> list[_Mention]:
    """The place of a dateline: where the story was filed, nearly always where it happened."""
    found = []
    for match in _DATELINE.finditer(text[:2000]):  # datelines open an article or follow its headline
        start, end = match.span("city")
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or normalize_name(match.group("city")) in NOT_PLACES or len(match.group("city")) < 4:
            continue
        found.append(_Mention(start, end, text[start:end], weak=False, sentence=_sentence_of(span),
                              after_strong_locative=True))
    return found


def _capitalised_mentions(doc: Doc, taken: set[int], mislabelled: set[int]) -> list[_Mention]:
    """Capitalised word runs after a locative preposition that the NER did not label as a place.

    Words the small NER model labelled PERSON/ORG are taken too, but only right after "in/near/at"
    or "town/city/village of" (it often calls unfamiliar towns persons).
    """
    mentions = []
    for token in doc[:-1]:
        if token.lower_ not in LOCATIVE_WORDS and not _held_by(doc, token):
            continue
        first = doc[token.i + 1]
        if first.i in taken or not first.text[:1].isupper() or first.is_sent_start or first.lower_ in CALENDAR_WORDS:
            continue
        if first.text.isupper() and len(first.text) <= 5:  # an acronym ("ACCO", "CGT"), not a town
            continue
        if first.i in mislabelled and not _strongly_locative(doc, token):
            continue
        last = first
        for nxt in doc[first.i + 1 : first.i + 5]:
            if nxt.i in taken or not (nxt.text[:1].isupper() or nxt.lower_ in NAME_CONNECTORS) \
                    or nxt.lower_ in CALENDAR_WORDS:  # "in Alexandria Friday night"
                break
            if nxt.text[:1].isupper():
                last = nxt
        span = doc[first.i : last.i + 1]
        if normalize_name(span.text) in NOT_PLACES:
            continue
        mentions.append(_Mention(span.start_char, span.end_char, span.text, weak=True, sentence=_sentence_of(span),
                                 after_strong_locative=_strongly_locative(doc, token)))
    return mentions


ADMIN_WORDS = {"region", "district", "province", "state", "county", "sub-county", "governorate", "municipality",
               "oblast", "department", "prefecture", "division", "township", "commune", "territory", "raion",
               "rayon", "wilaya", "city", "town", "village", "area", "zone", "locality", "lga", "parish", "sector"}
# Units below a district, which the gazetteer rarely knows by name: skipped before a parenthesis ("Nabingoola
# subcounty (Mubende district)"), never read as part of the name.
LOWER_UNIT_WORDS = {"subcounty", "sub-district", "subdistrict", "upazila", "tehsil", "woreda", "taluka", "taluk",
                    "mandal", "block", "circle", "neighbourhood", "neighborhood", "kebele"}
ADMIN_WORDS |= LOWER_UNIT_WORDS
# The admin words read as part of a district's or province's name after it ("Donetsk region", "Lakki Marwat district").
NAME_ADMIN_WORDS = ADMIN_WORDS - LOWER_UNIT_WORDS - {"city", "town", "village", "area", "zone", "locality"}
_LIST_END = {",", ".", "(", ")", ";", ":"}


def _name_run(doc: Doc, start: int, limit: int = 5) -> int:
    """End (exclusive) of the capitalised name starting at token ``start`` ("Lakki Marwat", "Ras al Ain",
    "Valle del Cauca"); lower-case particles count only between capitalised words."""
    end = start
    for token in doc[start : start + limit]:
        if token.text[:1].isupper():
            end = token.i + 1
        elif not (end > start and token.lower_ in NAME_CONNECTORS):
            break
    return end


def _head_start(doc: Doc, before: int) -> Optional[int]:
    """Start of the place name that ends right before token ``before``, skipping admin words
    ("Minakulu sub-county (", "Karlivka, "); None when no capitalised name is there."""
    i = before - 1
    while i >= 0 and doc[i].lower_ in ADMIN_WORDS:
        i -= 1
    if i < 0 or not doc[i].text[:1].isupper():
        return None
    while i > 0 and (doc[i - 1].text[:1].isupper() or doc[i - 1].lower_ in NAME_PARTICLES) and not doc[i].is_sent_start:
        i -= 1
    return i


def _head_mention(doc: Doc, head: int, before: int) -> Optional[_Mention]:
    """The place a district or province is written after, without the admin words between them
    ("Jhelum city (Punjab)" -> Jhelum, "Karlivka, Donetsk" -> Karlivka)."""
    end = before
    while end > head and doc[end - 1].lower_ in ADMIN_WORDS:
        end -= 1
    return _list_mention(doc, head, end, None)


# States that Indian and Pakistani news and ACLED's notes abbreviate after a place ("Wana town (SW, KPK)",
# "Kovvur town (West Godaveri, AP)"). Read only after a comma inside such a parenthesis, where nothing else
# is meant ("(AP)" alone is as often the news agency).
ADMIN_ABBREVIATIONS = {
    "UP": "Uttar Pradesh", "MP": "Madhya Pradesh", "AP": "Andhra Pradesh", "TS": "Telangana", "TN": "Tamil Nadu",
    "WB": "West Bengal", "HP": "Himachal Pradesh", "KPK": "Khyber Pakhtunkhwa", "KP": "Khyber Pakhtunkhwa",
    "GB": "Gilgit-Baltistan", "AJK": "Azad Kashmir", "ICT": "Islamabad", "J&K": "Jammu and Kashmir",
}


# ... and those no news agency, party or title is called, read alone in a place's parenthesis too: "Nigohan (UP)".
UNMISTAKABLE_ABBREVIATIONS = frozenset({"UP", "KPK", "J&K", "AJK"})


def _list_mention(doc: Doc, start: int, end: int, head: Optional[int]) -> Optional[_Mention]:
    name = doc[start:end]
    while end < len(doc) and doc[end].lower_ in NAME_ADMIN_WORDS:
        end += 1  # "Donetsk region", "Lakki Marwat district": the gazetteer then prefers the admin area
    span = doc[start:end]
    before = doc[start - 1].text if start > 0 else ""
    abbreviated = before == "," or (before == "(" and name.text in UNMISTAKABLE_ABBREVIATIONS)
    lookup = ADMIN_ABBREVIATIONS.get(name.text) if abbreviated else None
    if lookup is not None:  # "(Mahabubnagar, TS)": the state, after a comma in a place's parenthesis
        return _Mention(span.start_char, span.end_char, span.text, weak=True, sentence=_sentence_of(span),
                        head_start=doc[head].idx if head is not None else None, lookup=lookup)
    if (len(name) == 1 and name.text.isupper() and len(name.text) <= 5) or normalize_name(name.text) in NOT_PLACES:
        return None  # an acronym ("KP", "AFP") or a word that is never a place
    if name[0].lower_ in CALENDAR_WORDS:
        return None
    return _Mention(span.start_char, span.end_char, span.text, weak=True, sentence=_sentence_of(span),
                    head_start=doc[head].idx if head is not None else None)


def _parenthesised_names(doc: Doc, open_paren) -> list[_Mention]:
    """ "Minakulu sub-county (Oyam, Northern)", "(Lakki Marwat district, KP)": every part a name, and
    the name before the parenthesis ("Jhelum city (Punjab)": Jhelum)."""
    head = _head_start(doc, open_paren.i)
    if head is None:
        return []
    head_mention = _head_mention(doc, head, open_paren.i)
    found, i = ([head_mention] if head_mention is not None else []), open_paren.i + 1
    while i < min(len(doc), open_paren.i + 16):
        end = _name_run(doc, i)
        if end == i:
            return []  # not a list of names: "(size=no report)", "(pictured)", "(2022-)"
        mention = _list_mention(doc, i, end, head)
        while end < len(doc) and doc[end].lower_ in ADMIN_WORDS:
            end += 1
        if mention is not None:
            found.append(mention)
        if end >= len(doc) or doc[end].text not in (",", ")"):
            return []
        if doc[end].text == ")":
            return found
        i = end + 1
    return []


def _comma_names(doc: Doc, comma) -> list[_Mention]:
    """ "shelled Karlivka, Donetsk region", "in Tejalpa, Morelos,": a place then its province."""
    head = _head_start(doc, comma.i)
    after = comma.i + 1
    if head is None or after >= len(doc) or not doc[after].text[:1].isupper() or doc[after].is_sent_start:
        return []
    end = _name_run(doc, after, limit=4)
    follow = end
    while follow < len(doc) and doc[follow].lower_ in ADMIN_WORDS:
        follow += 1
    if follow < len(doc) and doc[follow].text not in _LIST_END and follow == end:
        return []  # "Ahmed, Ali and Omar", "Mosul, Iraqi officials said": not a place and its province
    mentions = [_head_mention(doc, head, comma.i), _list_mention(doc, after, end, head)]
    return [m for m in mentions if m is not None]


def _attached_mentions(doc: Doc) -> list[_Mention]:
    """Names written after a place as its district or province: in parentheses ("Kismayo (Lower Juba)")
    or after a comma ("Karlivka, Donetsk region"), as news and analysts' notes do. They are weak
    mentions: kept only when the gazetteer finds them around the other places named."""
    found = []
    for token in doc[1:-1]:
        if token.text == "(":
            found += _parenthesised_names(doc, token)
        elif token.text == ",":
            found += _comma_names(doc, token)
    return found


def _unlabelled_demonyms(doc: Doc, gaz: Gazetteer, covered: set[int]) -> list[_Mention]:
    """Nationality words the NER missed ("Somali officials"): they tell the article's country."""
    found = []
    for token in doc:
        if token.i in covered or not token.text[:1].isupper() or not token.is_alpha:
            continue
        if gaz.is_demonym(token.text):
            span = doc[token.i : token.i + 1]
            found.append(_Mention(span.start_char, span.end_char, span.text, weak=False,
                                  sentence=_sentence_of(span), nationality_only=True))
    return found


# "the hospital of Alencon", "the prison of Valence": facilities named after their town.
FACILITY_WORDS = {"hospital", "prison", "university", "port", "airport", "market", "court", "mosque", "church",
                  "cathedral", "stadium", "municipality", "commune", "prefecture", "mayor", "governor"}


# "ISIL-controlled Heet", "rebel-held Idlib": what follows is a place someone holds.
HELD_WORDS = frozenset({"controlled", "held", "besieged", "occupied", "run", "administered"})


def _held_by(doc: Doc, token) -> bool:
    return token.lower_ in HELD_WORDS and token.i > 0 and doc[token.i - 1].text == "-"


def _strongly_locative(doc: Doc, preposition) -> bool:
    if preposition.lower_ in STRONG_LOCATIVE_WORDS or _held_by(doc, preposition):
        return True
    return preposition.lower_ == "of" and preposition.i > 0 and \
        doc[preposition.i - 1].lower_ in SETTLEMENT_WORDS | FACILITY_WORDS


def _is_name_part(text: str, start: int) -> bool:
    """True when the country at ``start`` ends an organisation's name ("Islamic State of Iraq")."""
    match = _ORG_BEFORE.search(_words_before(text, start))
    return bool(match and ORG_HEADS.search(match.group(1)))


# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8192)  # asked for every admin area of every candidate of every mention
def admin_key(name: Optional[str]) -> str:
    """An admin area's name without its generic words ("Oyam District" -> "oyam")."""
    key = normalize_name(name or "")
    key = _ADMIN_PREFIX.sub("", key)
    shorter = _ADMIN_SUFFIX.sub("", key)
    return shorter or key


def province_keys(country: Optional[str], name: Optional[str]) -> frozenset[str]:
    """The admin keys of a province's name and of ACLED's name for it (``country``: ACLED's country name): the
    gazetteer's towns may carry one ("Muhafazat Shamal Sina'") where the province itself, and the article,
    carry the other ("North Sinai")."""
    if not name:
        return frozenset()
    return frozenset(k for k in (admin_key(name), admin_key(acled_admin1(country, name))) if k)


def in_province(place: Place, province: Place) -> bool:
    """Whether ``place`` lies in the admin1 area ``province``, by either of the province's names."""
    return place.country_code == province.country_code and bool(
        province_keys(place.country, place.admin1) & province_keys(province.country, province.name))


MAX_HOLDER_CANDIDATES = 5


class _Hierarchy:
    """Which names of the article could be the district or province of another ("Minakulu (Oyam,
    Northern)", "Kismayo, Lower Juba"): a place whose admin areas the article also names is far more
    likely than a namesake abroad, and an admin area that holds another named place likewise."""

    def __init__(self, candidates_by_key: dict[str, list[Candidate]], country_names: Optional[dict[str, str]] = None) -> None:
        self.keys = {admin_key(key) for key in candidates_by_key}
        # Names read as countries, by admin key, with the country they were read as ("georgia" -> GE).
        self.country_names = country_names or {}
        # (country, admin key) of the areas holding each name's candidates.
        self.holders: dict[str, set[tuple[str, str]]] = {}
        for key, cands in candidates_by_key.items():
            held = set()
            if len(cands) > MAX_HOLDER_CANDIDATES:
                # "Springfield" has namesakes in most states: naming a state beside it says nothing.
                self.holders[admin_key(key)] = held
                continue
            for cand in cands:
                cc = cand.place.country_code or ""
                held.update((cc, key) for key in province_keys(cand.place.country, cand.place.admin1))
                if cand.place.admin2:
                    held.add((cc, admin_key(cand.place.admin2)))
            self.holders[admin_key(key)] = held

    def bonus(self, cand: Candidate, own_key: str) -> float:
        own = admin_key(own_key)
        place = cand.place
        area_keys = province_keys(place.country, place.admin1) | {admin_key(place.admin2)}
        if any(key and key != own and key in self.keys for key in area_keys):
            return HIERARCHY_BONUS
        if _state_named_as_country(cand, self.country_names):
            return HIERARCHY_BONUS
        if cand.kind in ("admin1", "admin2"):
            mine = (place.country_code or "", admin_key(place.name))
            if any(mine in held for key, held in self.holders.items() if key != own):
                return HIERARCHY_BONUS
        return 0.0


def _context_score(cand: Candidate, country_share: dict[str, float], anchors: list[tuple[str, Place]], text: str,
                   hierarchy: Optional[_Hierarchy] = None) -> float:
    score = cand.score + (hierarchy.bonus(cand, text) if hierarchy is not None else 0.0)
    cc = cand.place.country_code or ""
    if cc in country_share:
        score += COUNTRY_BONUS + COUNTRY_SHARE_BONUS * country_share[cc]
    best_near = 0.0
    if hierarchy is not None and _state_named_as_country(cand, hierarchy.country_names):
        best_near = IN_NAMED_REGION_BONUS  # "Atlanta" beside "Georgia", read for now as the country
    if cc and cc not in country_share and any(t != text and a.country_code == cc for t, a in anchors):
        score += ANCHOR_COUNTRY_BONUS  # the country of the other places named ("Delhi" beside "Karnataka")
    for anchor_text, anchor in anchors:
        if anchor_text == text:
            continue
        if anchor.feature_code == "ADM1" and in_province(cand.place, anchor):
            best_near = max(best_near, IN_NAMED_REGION_BONUS)  # "Saint Petersburg (Florida)"
            continue
        km = distance_km(cand.place, anchor)
        for limit, bonus in NEAR_BONUS_KM:
            if km <= limit:
                best_near = max(best_near, bonus)
                break
    return score + best_near


def _state_named_as_country(cand: Candidate, country_names: dict[str, str]) -> bool:
    """Whether the article names ``cand``'s state by a name it read as another country ("Georgia")."""
    if not cand.place.admin1:
        return False
    read_as = country_names.get(admin_key(cand.place.admin1))
    return read_as is not None and read_as != cand.place.country_code


def _choose(cands: Iterable[Candidate], country_share: dict[str, float], anchors: list[tuple[str, Place]],
            text: str, hierarchy: Optional[_Hierarchy] = None, attached: bool = False) -> Optional[Candidate]:
    scored = [(_context_score(c, country_share, anchors, text, hierarchy)
               + (ATTACHED_ADMIN_BONUS if attached and c.kind in ("admin1", "admin2") else 0.0), c) for c in cands]
    return max(scored, key=lambda sc: sc[0])[1] if scored else None


def resolve_toponyms(doc: Doc, gazetteer: Optional[Gazetteer] = None) -> list[Toponym]:
    """Place mentions of the article (``doc`` from ``cheap_parse``), each resolved in the article's context."""
    gaz = gazetteer or Gazetteer.default()
    text = doc.text  # once: spaCy rebuilds it from the tokens on every access
    mentions = _entity_mentions(doc, gaz)
    mentions += [m for m in _dateline_mentions(doc, text) if not _overlapping(m, mentions)]
    taken = {tok.i for ent in doc.ents if ent.label_ not in MISLABEL_PRONE for tok in ent}
    # ... and the words an entity was grown over ("Catole do" of "Catole do Rocha") are part of it.
    taken |= {tok.i for m in mentions for tok in doc.char_span(m.start, m.end, alignment_mode="expand") or ()}
    mislabelled = {tok.i for ent in doc.ents if ent.label_ in MISLABEL_PRONE for tok in ent}
    mentions += _capitalised_mentions(doc, taken, mislabelled)
    for m in _attached_mentions(doc):
        found = _overlapping(m, mentions)
        if not found:
            mentions.append(m)
        for other in found:  # the NER found the name; it is still written as the place's district
            if other.head_start is None and other.start >= m.start:
                other.head_start = m.head_start
            if other.start == m.start and other.end < m.end and m.lookup is None \
                    and _PROVINCE_WORD.fullmatch(text, other.end, m.end):
                other.end, other.text = m.end, m.text  # with its admin word: "Merida state" is the state
    # Names inside organisations' names and names the NER mislabelled come last: a mention found another way
    # wins ("University of Nairobi" after "university of" stays a place: a protest there happened in Nairobi).
    for extra in (_org_name_mentions(doc, gaz), _mislabelled_names(doc, gaz)):
        mentions += [m for m in extra if not _overlapping(m, mentions)]
    mentions += _unlabelled_demonyms(doc, gaz, {t.i for m in mentions for t in doc.char_span(m.start, m.end,
                                                                                         alignment_mode="expand")})
    for m in mentions:
        district = _CITY_DISTRICT.search(m.text)
        if district and district.start() > 0:  # "Ulaanbaatar - Ulaanbaatar" found by the capitalised-word rule
            m.end, m.text = m.start + district.start(), m.text[: district.start()]
    mentions = [m for m in mentions if not _numbered_site(m, text) and not _quoted(m, text)]
    mentions.sort(key=lambda m: m.start)

    # Pass 1: countries and nationality words; they set the article's country context.
    toponyms: dict[int, Toponym] = {}
    country_weight: collections.Counter[str] = collections.Counter()
    open_mentions: list[_Mention] = []
    for m in mentions:
        country = gaz.country(m.text) or _part_of_country(m.text, gaz)
        if country is not None and country.country_code:
            is_demonym = gaz.is_demonym(m.text) and normalize_name(m.text) != normalize_name(country.name)
            role = "demonym" if is_demonym else ("name_part" if m.in_name or _is_name_part(text, m.start) else "place")
            of_forces = is_demonym and bool(_FORCES_AFTER.match(text, m.end) or _ABROAD_AFTER.match(text, m.end))
            toponyms[m.start] = Toponym(m.start, m.end, m.text, country, "country", role, m.sentence,
                                        of_forces=of_forces)
            if not of_forces:  # "Russian forces shelled Donetsk": whose forces, not where (Donetsk, Ukraine)
                country_weight[country.country_code] += 1.0 if role == "place" else 0.6
        elif not gaz.is_demonym(m.text):
            if m.nationality_only:  # a NORP label on a place name ("Aleppo countryside"): needs support
                m.weak = True
            open_mentions.append(m)

    missions = mission_countries(text)
    # A mission's report that names no country of its own happens in the mission's country.
    mission_only = missions if len(missions) == 1 and not country_weight else set()
    for cc in _countries_of_unit_words(doc) | missions:
        country_weight[cc] += UNIT_WORD_WEIGHT
    total = sum(country_weight.values()) or 1.0
    share = {cc: w / total for cc, w in country_weight.items()}

    # Pass 2: strong (NER) mentions with country context; unambiguous results become anchors.
    candidates = {m.start: _candidates(gaz, m.name) for m in open_mentions}
    # An OpenStreetMap village needs the article to say where to look: its country named, or a district or
    # province written after it (checked below). Liberian hamlets are called "Main Street" and "Halliburton".
    written_with_holder = {m.head_start for m in open_mentions if m.head_start is not None}
    for m in open_mentions:
        if m.start not in written_with_holder:
            candidates[m.start] = [c for c in candidates[m.start]
                                   if c.place.source != "openstreetmap" or c.place.country_code in share]
    # A country written after a place ("Busia, Uganda") says which of its namesakes it is.
    country_after = {m.head_start: toponyms[m.start].place.country_code for m in mentions
                     if m.head_start is not None and m.start in toponyms and toponyms[m.start].kind == "country"}
    # So does a country's possessive before it ("Iraq's Sinjar", "Syria's Idlib"), which the NER often
    # labels a person or an organisation: there the name is a place of that country if it has one.
    country_before = {t.end + len(match.group(0)): t.place.country_code for t in toponyms.values()
                      if t.kind == "country" and t.role == "place"
                      and (match := _POSSESSIVE_AFTER.match(text, t.end)) is not None}
    for m in open_mentions:
        if mission_only:  # "the OSCE SMM observed 6 explosions near Mine 6/7": not Mine, Japan
            candidates[m.start] = [c for c in candidates[m.start] if c.place.country_code in mission_only]
        inside = [c for c in candidates[m.start]
                  if c.place.country_code in (country_after.get(m.start), country_before.get(m.start))]
        if inside:
            candidates[m.start] = inside
            if m.start in country_before:
                m.weak = m.near_only = False
    country_names = {admin_key(t.text): t.place.country_code for t in toponyms.values()
                     if t.kind == "country" and t.role in ("place", "name_part")}
    hierarchy = _Hierarchy({m.key: candidates[m.start] for m in open_mentions}, country_names)
    first_choice: dict[int, Candidate] = {}
    for m in open_mentions:
        chosen = _choose(candidates[m.start], share, [], m.key, hierarchy, m.head_start is not None)
        if chosen is not None:
            first_choice[m.start] = chosen
    anchors = [(m.key, first_choice[m.start].place) for m in open_mentions
               if m.start in first_choice and not m.weak]

    # Names no source spells this way ("Maaret al-Numan"): close spellings in the article's main country.
    # Without a country named, the provinces written after places ("(Sangareddy, TS)") say where to look,
    # and only inside them: a close spelling anywhere else in the country is more likely someone else.
    main_cc = max(share, key=share.get) if share else None
    provinces = set() if main_cc else _named_provinces(open_mentions, first_choice)
    if main_cc or len({cc for cc, _ in provinces}) == 1:
        for m in open_mentions:
            # Weak mentions too where only the named provinces are searched: "Mahabubnagar city
            # (Mahabubnagar, TS)", a name the NER took for a person's, is Mahbubnagar in Telangana.
            if not candidates[m.start] and (not m.weak or not main_cc):
                close = gaz.fuzzy_candidates(m.name, main_cc or next(iter(provinces))[0])
                candidates[m.start] = close if main_cc else [
                    c for c in close if (c.place.country_code, c.place.admin1) in provinces]
    _same_consonants_in_named_provinces(open_mentions, candidates, first_choice, gaz)

    # An OpenStreetMap village counts only inside the district or province written after it: OSM knows a few of
    # a country's villages, so its namesake far from that district is another village ("Tanandava (Beroroha)").
    holders = collections.defaultdict(list)
    for m in open_mentions:
        if m.head_start in candidates and m.start in first_choice:
            holders[m.head_start].append(first_choice[m.start])
    for start, written in holders.items():
        candidates[start] = [c for c in candidates[start]
                             if c.place.source != "openstreetmap" or _within_holders(c.place, written)]
    # A place's district or province written after it says which country it is in: "Al Hishah (Misrata)" is a
    # village of Libya the gazetteer lacks, not Syria's Al Hishah (the event then lies in the district).
    for start in _namesakes_abroad(open_mentions, candidates, first_choice):
        candidates[start] = []

    # Pass 3: re-choose with proximity to the other places; weak mentions need context support.
    unsupported: list[tuple[_Mention, Candidate]] = []
    for m in open_mentions:
        chosen = _choose(candidates[m.start], share, anchors, m.key, hierarchy, m.head_start is not None)
        if chosen is None:
            if not m.weak:
                toponyms[m.start] = Toponym(m.start, m.end, m.text, None, "locality", "place", m.sentence)
            continue
        if _foreign_acronym(m.name, chosen, share):
            continue
        if m.near_only and not (chosen.quality == QUALITY_NAME
                                and _near_anchor(chosen.place, anchors, m.key, NEAR_ANOTHER_KM)):
            unsupported.append((m, chosen))
            continue
        if m.weak and not (_supported(chosen, share, anchors, m.key)
                           or hierarchy.bonus(chosen, m.key)
                           or ((m.after_strong_locative or m.head_start is not None)
                               and _stands_alone(chosen, candidates[m.start]))):
            unsupported.append((m, chosen))
            continue
        toponyms[m.start] = Toponym(m.start, m.end, m.text, chosen.place, chosen.kind,
                                    "name_part" if m.in_name or _BRANCH_AFTER.match(text, m.end) else "place",
                                    m.sentence, m.head_start, confirmed=bool(hierarchy.bonus(chosen, m.key)))
    if not any(t.place is not None and t.role == "place" for t in toponyms.values()):
        # Nothing else says where: a name that can only mean one town ("cycled through Sigmaringen", which
        # the NER calls a person) is better evidence than none, if it lies in the countries the article names.
        named = {t.place.country_code for t in toponyms.values() if t.kind == "country" and not t.of_forces}
        for m, chosen in unsupported:
            if not m.in_name and _stands_alone(chosen, candidates[m.start]) \
                    and (not named or chosen.place.country_code in named):
                toponyms[m.start] = Toponym(m.start, m.end, m.text, chosen.place, chosen.kind, "place", m.sentence,
                                            m.head_start)
    _prefer_local_namesakes(toponyms, gaz)
    _prefer_namesakes_beside_the_others(toponyms, gaz)
    _keep_parts_inside_their_whole(toponyms, gaz, text)
    _keep_places_inside_their_province(toponyms, gaz, text)
    return [toponyms[k] for k in sorted(toponyms)]


# After a place, what makes it the name of an organisation's branch ("the Darjeeling District unit of the SUCI(C)
# staged a rally in Siliguri"): who acted, not where.
_BRANCH_AFTER = re.compile(r"\s+(?:(?:district|state|city|provincial|regional|county|local)\s+)?"
                           r"(?:units?|chapters?|branch(?:es)?|wings?|cells?)\s+of\b", re.IGNORECASE)


# "Palanpur area of Surat city", "Tombo neighbourhood of Freetown", "Hodan district of Mogadishu": a part of the
# place named after it.
_PART_WORD = (r"(?:area|neighbou?rhood|locality|quarter|suburb|part|sector|zone|outskirts|colony|village|town|"
              r"district)")
_PART_OF = re.compile(r"\s+" + _PART_WORD + r"\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# The same when the name was read with its unit word ("Wadi area" of Vadodara city).
_PART_NAMED = re.compile(r"\s" + _PART_WORD + r"$", re.IGNORECASE)
_OF = re.compile(r"\s+of\s+(?:the\s+)?$", re.IGNORECASE)
PART_OF_WHOLE_KM = 30


def _keep_parts_inside_their_whole(toponyms: dict[int, Toponym], gaz: Gazetteer, text: str) -> None:
    """A place written as a part of the next ("Palanpur area of Surat") lies inside it: its namesake there if the
    gazetteer has one, else none (an unknown quarter: the event is placed at the whole), never a namesake
    hundreds of kilometres away (the town of Palanpur)."""
    ordered = sorted(toponyms.values(), key=lambda t: t.start)
    for part, whole in zip(ordered, ordered[1:]):
        if part.place is None or whole.place is None or part.kind != "locality" or whole.kind == "country" \
                or part.role != "place" or not _written_as_part(part, whole, text) \
                or _inside(part.place, whole):
            continue
        inside = [c for c in gaz.candidates(part.text) if c.kind == "locality" and _inside(c.place, whole)]
        best = max(inside, key=lambda c: c.place.population, default=None)
        toponyms[part.start] = Toponym(part.start, part.end, part.text, best.place if best else None, "locality",
                                       part.role, part.sentence, part.head_start)


WRITTEN_DISTRICT_KM = 50
# A lower unit after a province's name makes it no province: "Petare, Sucre municipality" (not Sucre state).
_LOWER_UNIT_AFTER = re.compile(r"\s+(?:municipality|municipio|district|county|lga|sub-?district|tehsil|block|upazila|"
                               r"commune|department|sector|area)\b", re.IGNORECASE)
# A list of places goes on after it: "in Kabul, Ghor, Laghman and Balkh" names four provinces, not Kabul's.
_LIST_GOES_ON = re.compile(r"\s*(?:,|and\b)\s*[A-Z]")


def _keep_places_inside_their_province(toponyms: dict[int, Toponym], gaz: Gazetteer, text: str) -> None:
    """A place written with its province after it ("Benito Juarez, Nuevo Leon", "Janaale town (Marka, Lower
    Shabelle)") lies in that province when its name has namesakes in the country: its namesake there if the
    gazetteer has one (or one without a province within WRITTEN_DISTRICT_KM of the district written beside it),
    else none (a village the gazetteer lacks: the event is placed at the district or province). A name only one
    place bears keeps its reading: the notes' provinces are sometimes wrong ("Buni Yadi (Gujiba LGA, Borno)")."""
    for start, place in list(toponyms.items()):
        if place.place is None or place.kind != "locality" or place.role != "place":
            continue
        written = [t for t in toponyms.values() if t.head_start == start and t is not place and t.place is not None]
        provinces = [t for t in written if t.kind == "admin1" and t.place.country_code == place.place.country_code
                     and not _LOWER_UNIT_AFTER.match(text, t.end) and not _LIST_GOES_ON.match(text, t.end)]
        if not place.place.admin1 or not provinces or any(in_province(place.place, p.place) for p in provinces):
            continue
        namesakes = [c for c in gaz.candidates(place.text)
                     if c.kind == "locality" and c.place.country_code == place.place.country_code]
        if len(namesakes) < 2:
            continue
        districts = [t for t in written if t.kind in ("locality", "admin2")]
        inside = [c for c in namesakes
                  if any(in_province(c.place, p.place) for p in provinces)
                  or c.place.admin1 is None
                  and any(distance_km(c.place, d.place) <= WRITTEN_DISTRICT_KM for d in districts)]
        best = max(inside, key=lambda c: (c.quality, c.place.population), default=None)
        toponyms[start] = Toponym(place.start, place.end, place.text, best.place if best else None, "locality",
                                  place.role, place.sentence, place.head_start, confirmed=best is not None)


def _written_as_part(part: Toponym, whole: Toponym, text: str) -> bool:
    """Whether the text writes ``part`` as a part of ``whole``, the next name: "Palanpur area of Surat"."""
    if _PART_NAMED.search(part.text):
        return bool(_OF.match(text, part.end, whole.start))
    return bool(_PART_OF.match(text, part.end, whole.start))


def _inside(place: Place, whole: Toponym) -> bool:
    """Whether ``place`` lies in the admin area ``whole`` names, or within PART_OF_WHOLE_KM of the town."""
    if whole.kind == "admin1":
        return in_province(place, whole.place)
    if whole.kind == "admin2":
        return place.country_code == whole.place.country_code and whole.place.name in (place.admin1, place.admin2)
    return distance_km(place, whole.place) <= PART_OF_WHOLE_KM


# What follows a nationality word that names an armed actor rather than a place: "Russian forces", "Turkish
# warplanes", "Israeli air strikes", "Saudi-led coalition".
_FORCES_AFTER = re.compile(
    r"(?:-led)?\s+(?:(?:army|military|air|armed|security|special|border|naval|government|regime|occupation)\s+)?"
    r"(?:forces?|troops|soldiers|army|military|warplanes|jets|aircraft|helicopters|drones?|air\s*strikes?|"
    r"airstrikes?|artillery|navy|coalition|gunboats|tanks|missiles?|rockets?|shelling|bombardment)\b",
    re.IGNORECASE,
)
# People and offices of a nationality that are, by definition, abroad: "Afghan refugees protested in Islamabad".
_ABROAD_AFTER = re.compile(
    r"\s+(?:refugees?|migrants?|asylum[- ]seekers?|nationals?|expatriates?|expats?|immigrants?|diaspora|tourists?|"
    r"pilgrims?|embassy|embassies|consulate|ambassador|envoy|diplomats?|delegation)\b",
    re.IGNORECASE,
)
FORCES_DEMONYM_WEIGHT = 0.2


# Words for local units only one country uses, which its news and ACLED's notes write with place names
# ("Barangay Magdawat", "Chikun LGA", "Shahjadpur Upazila", "Colonia Lomas de San Agustin"): a hint of the
# article's country, as a nationality word is, for names that several countries share ("Zaragoza").
UNIT_WORD_COUNTRIES = {
    "barangay": "PH", "barangays": "PH", "lga": "NG", "upazila": "BD", "woreda": "ET", "kebele": "ET",
    "payam": "SS", "tambon": "TH", "taluka": "IN", "taluk": "IN", "colonia": "MX", "fraccionamiento": "MX",
}
UNIT_WORD_WEIGHT = 0.5


# A country's part named by its compass point ("northern Iraq", "North-eastern Nigeria", "central Mali"): the country.
_COMPASS_PART = re.compile(
    r"^(?:the\s+)?(?:(?:north|south)(?:[- ]?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|central)\s+", re.IGNORECASE)


# Compass names that are other places: "Central America" and "North America" are no part of the United States,
# Northern Ireland no part of Ireland.
_NOT_COUNTRY_PARTS = frozenset({"america", "ireland", "korea"})


def _part_of_country(text: str, gaz: Gazetteer) -> Optional[Place]:
    """The country whose part ``text`` names by its compass point, or None."""
    part = _COMPASS_PART.match(text)
    if part is None:
        return None
    rest = text[part.end():]
    if normalize_name(rest) in _NOT_COUNTRY_PARTS or gaz.is_demonym(rest):
        return None
    country = gaz.country(rest)
    namesake = gaz.admin1(rest)
    if country is not None and namesake is not None and namesake.country_code != country.country_code:
        return None  # "Northeast Georgia": the US state's part as likely as the country's
    return country


def _countries_of_unit_words(doc: Doc) -> set[str]:
    return {UNIT_WORD_COUNTRIES[t.lower_] for t in doc if t.lower_ in UNIT_WORD_COUNTRIES}


# International missions that work in one country, by their mandates ("the OSCE SMM observed 42 explosions near
# Shyrokyne" is in Ukraine, "AMISOM troops" in Somalia): a hint of where a report happens when its villages are
# too small for the gazetteer, weighed like a unit word. Missions spanning several countries are left out.
MISSION_COUNTRIES = {
    "OSCE SMM": "UA", "Special Monitoring Mission to Ukraine": "UA", "UNAMA": "AF", "Resolute Support": "AF",
    "UNAMI": "IQ", "UNSMIL": "LY", "UNIFIL": "LB", "UNMISS": "SS", "MINUSCA": "CF", "MINUSMA": "ML", "MONUSCO": "CD",
    "AMISOM": "SO", "ATMIS": "SO", "UNSOM": "SO", "UNAMID": "SD", "UNITAMS": "SD", "UNFICYP": "CY", "UNMHA": "YE",
    "BINUH": "HT", "MINUJUSTH": "HT", "UNMIK": "XK", "EULEX": "XK", "KFOR": "XK", "SAMIM": "MZ",
}
_MISSION = re.compile(
    r"\b(?:" + "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in MISSION_COUNTRIES) + r")\b")


def mission_countries(text: str) -> set[str]:
    """The countries (ISO codes) of the single-country international missions ``text`` names."""
    return {MISSION_COUNTRIES[" ".join(m.group(0).split())] for m in _MISSION.finditer(text)}


def _namesakes_abroad(mentions: list[_Mention], candidates: dict[int, list[Candidate]],
                      chosen: dict[int, Candidate]) -> list[int]:
    """Starts of the places written with a district or province after them ("Al Hishah (Misrata)") whose every
    namesake lies in other countries than the ones that district or province can be in: the gazetteer lacks
    the place itself. A district read as a namesake city abroad says nothing ("Patiala (Punjab)" may be
    India's or Pakistan's Punjab): only admin areas and well-known cities count as holders; and a well-known
    city keeps its name ("Valdivia (Los Rios)": the gazetteer may lack the region under that name)."""
    abroad = []
    for m in mentions:
        if m.head_start is None or m.head_start not in candidates or not candidates[m.head_start] \
                or any(_well_known(c.place) for c in candidates[m.head_start]):
            continue
        holder = chosen.get(m.start)
        if holder is None or not (holder.kind in ("admin1", "admin2") or _well_known(holder.place)):
            continue
        holder_countries = {c.place.country_code for c in candidates[m.start]
                            if c.kind in ("admin1", "admin2") or _well_known(c.place)}
        if not any(c.place.country_code in holder_countries for c in candidates[m.head_start]):
            abroad.append(m.head_start)
    return abroad


# How far from the town or district written after it a village may lie: a district named by its town
# ("Kamonyi village (Uvira, Sud-Kivu)") reaches this far from the town.
WRITTEN_HOLDER_KM = 75.0


def _within_holders(place: Place, holders: list[Candidate]) -> bool:
    """Whether ``place`` lies near one of the towns or districts written after it, or, where only provinces are
    written, inside one of them."""
    holders = [h for h in holders if h.place.country_code == place.country_code]
    districts = [h for h in holders if h.kind in ("locality", "admin2")]
    if districts:
        return any(admin_key(place.admin2) == admin_key(h.place.name)
                   or distance_km(place, h.place) <= WRITTEN_HOLDER_KM for h in districts)
    return any(h.kind == "admin1" and in_province(place, h.place) for h in holders)


# How near a town or district the article names a place of the same consonants must lie: the countryside villages
# notes and news place by a town ("in the countryside of Tal Tamer") lie within it; 50 km lost some, 100 km let in
# more wrong namesakes (2,000 development notes of 2020 and 4,000 of 2022, benchmarks/RESULTS.md section 2).
SAME_CONSONANTS_NEAR_KM = 75.0
# After a name: a word that makes it a place ("Budgam district", "the Ftireh front") ...
_SETTLEMENT_AFTER = re.compile(r"\s+(?:village|town|city|district|province|governorate|region|area|countryside|front|"
                               r"hill|camp)\b", re.IGNORECASE)
# ... or a noun it describes ("the Kurdish enclave"): a lower-case word that is no preposition, conjunction or verb.
_NOUN_AFTER = re.compile(r"\s+(?!(?:in|on|at|near|of|and|or|to|from|with|by|for|was|were|is|are|has|had)\b)[a-z]")


def _written_as_a_place(m: _Mention) -> bool:
    """A name the NER took for a people's ("Tal Tamer", "Budgam", the small model's guess for many unknown names) is
    written as a place: before "village", "district"..., or after "in", "of", "shelled"... and not before a noun it
    describes ("near the Kurdish enclave"; "A Kurdish militia" is no place either)."""
    sentence, rel_start, rel_end = m.sentence.sentence, m.start - m.sentence.start, m.end - m.sentence.start
    if _SETTLEMENT_AFTER.match(sentence, rel_end):
        return True
    return _is_locative(sentence, rel_start) and not _NOUN_AFTER.match(sentence, rel_end)


def _same_consonants_in_named_provinces(mentions: list[_Mention], candidates: dict[int, list[Candidate]],
                                        chosen: dict[int, Candidate], gaz: Gazetteer) -> None:
    """Names still unknown that are another romanisation of a place beside those the article names: "the village of
    Sfuhen in the southern countryside of Idleb" is Sfawhun, Idleb; "Kafr Oweid" is Kafr `Uwayd. Same
    consonants (``transliteration_skeleton``) say little across a country, a lot inside one province: near a town or
    district of it the article names (as first chosen), or anywhere in it where the article names provinces alone."""
    named: dict[tuple[str, str], list[Place]] = {}
    for c in chosen.values():
        if c.place.admin1:
            below = named.setdefault((c.place.country_code, c.place.admin1), [])
            if c.kind != "admin1":
                below.append(c.place)
    provinces_alone = not any(named.values())
    for m in mentions:
        people = m.nationality_only and not _written_as_a_place(m)  # "Kurdish" is no Kurdis
        if candidates[m.start] or not named or m.name.isupper() or people:  # nor a byline ("GILLIAN WONG")
            continue
        found = []
        for cand in (c for cc in sorted({cc for cc, _ in named}) for c in gaz.skeleton_candidates(m.name, cc)):
            places = named.get((cand.place.country_code, cand.place.admin1))
            if places:
                km = min(distance_km(cand.place, place) for place in places)
                if km <= SAME_CONSONANTS_NEAR_KM:
                    found.append((km, len(found), cand))
            elif places is not None and provinces_alone:
                found.append((0.0, len(found), cand))
        # Of two namesakes, the one nearer the named places ("Moezleh town in Ar-Raqqa countryside": the Mu`ayzilah
        # beside Ar-Raqqah, not the Muzaylah 80 km off).
        candidates[m.start] = [cand for _, _, cand in sorted(found)[:1]]


def _named_provinces(mentions: list[_Mention], chosen: dict[int, Candidate]) -> set[tuple[str, str]]:
    """(country code, name) of the provinces written after places ("Sangareddy city (Sangareddy, TS)")."""
    return {(chosen[m.start].place.country_code, chosen[m.start].place.name) for m in mentions
            if m.head_start is not None and m.start in chosen and chosen[m.start].kind == "admin1"}


# Words after a name that make it a first-level area ("Merida state", "Kunar province"), not the city of that name.
_PROVINCE_WORD = re.compile(r"\s+(?:state|province|governorate|region|oblast)", re.IGNORECASE)

# Sites named by a noun and a number: "Mine 6/7", "Checkpoint 3", "Post No. 2" (not Mine, Japan).
_SITE_NOUNS = frozenset({"mine", "checkpoint", "post", "block", "sector", "hill", "height", "camp", "gate", "shaft",
                         "well", "base", "station", "pit", "kilometre", "kilometer", "km", "zone"})
_NUMBER_AFTER = re.compile(r"\s*(?:No\.?\s*|#\s*)?\d+(?:[/.-]\d+)?\b")


def _numbered_site(m: _Mention, text: str) -> bool:
    return normalize_name(m.text) in _SITE_NOUNS and bool(_NUMBER_AFTER.match(text, m.end))


_QUOTES = "\"'\u201c\u201d\u2018\u2019"


def _quoted(m: _Mention, text: str) -> bool:
    """A name in quotation marks is a company's, a nickname or an operation's ("workers at "Bayan" company")."""
    return 0 < m.start and m.end < len(text) and text[m.start - 1] in _QUOTES and text[m.end] in _QUOTES


def _overlapping(m: _Mention, mentions: list[_Mention]) -> list[_Mention]:
    return [other for other in mentions if other.start < m.end and m.start < other.end]


LOCAL_NAMESAKE_KM = 300
LOCAL_NAMESAKE_SUPPORT = 2


def _prefer_local_namesakes(toponyms: dict[int, Toponym], gaz: Gazetteer) -> None:
    """A country's name read as the state or town of that name where the article's other places
    surround it and none lies in the country: "Georgia" beside Atlanta and DeKalb County, "Palestine"
    beside Tyler and Anderson County (Texas)."""
    others = [t for t in toponyms.values() if t.place is not None and t.kind != "country" and t.role == "place"]
    for start, t in list(toponyms.items()):
        if t.kind != "country" or t.role not in ("place", "name_part") or t.place is None:
            continue  # ("Georgia Public Service Commission" beside Atlanta: the state's commission)
        cc = t.place.country_code
        if any(o.place.country_code == cc for o in others):
            continue
        best, best_support = None, 0
        for cand in gaz.candidates(t.text):
            if cand.kind == "country" or cand.quality != QUALITY_NAME:
                continue
            support = sum(1 for o in others if _within(o.place, cand, LOCAL_NAMESAKE_KM))
            if support > best_support:
                best, best_support = cand, support
        if best is not None and best_support >= LOCAL_NAMESAKE_SUPPORT:
            toponyms[start] = Toponym(t.start, t.end, t.text, best.place, best.kind, t.role, t.sentence)


NAMESAKE_BESIDE_KM = 250


def _prefer_namesakes_beside_the_others(toponyms: dict[int, Toponym], gaz: Gazetteer) -> None:
    """A town read as a namesake abroad, in a country nothing else in the article is in, is the namesake
    beside two or more of the article's other places: "Paris" in a story that names Dallas and Sherman is
    Paris, Texas."""
    places = [t for t in toponyms.values() if t.place is not None and t.role == "place"]
    named_countries = {t.place.country_code for t in toponyms.values() if t.kind == "country" and t.place is not None}
    for t in list(toponyms.values()):
        if t.kind != "locality" or t.role != "place" or t.place is None or t.confirmed or t.head_start is not None:
            continue  # (a place written as another's province, "Loma Hermosa (Buenos Aires)", says where that one is)
        cc = t.place.country_code
        others = [o for o in places if normalize_name(o.text) != normalize_name(t.text) and o.kind != "country"]
        if cc in named_countries or len({normalize_name(o.text) for o in others}) < 2 \
                or any(o.place.country_code == cc for o in others):
            continue
        beside = [c for c in gaz.candidates(t.text) if c.quality == QUALITY_NAME and c.kind == "locality"
                  and c.place.country_code != cc
                  and any(distance_km(o.place, c.place) <= NAMESAKE_BESIDE_KM for o in others)]
        if beside:
            best = max(beside, key=lambda c: c.place.population)
            for key, same in list(toponyms.items()):  # every mention of the name: one place per name and article
                if normalize_name(same.text) == normalize_name(t.text) and same.place is not None \
                        and same.place.country_code == cc:
                    toponyms[key] = Toponym(same.start, same.end, same.text, best.place, best.kind, same.role,
                                            same.sentence, same.head_start)


def _within(place: Place, cand: Candidate, km: float) -> bool:
    """Whether ``place`` lies in the admin area ``cand`` or within ``km`` of it."""
    if cand.kind == "admin1" and in_province(place, cand.place):
        return True
    return distance_km(place, cand.place) <= km


_ADMIN_WORD_SUFFIX = re.compile(r"\s+(?:" + "|".join(sorted(ADMIN_WORDS, key=len, reverse=True)) + r")$", re.IGNORECASE)


def _candidates(gaz: Gazetteer, text: str) -> list[Candidate]:
    """Gazetteer entries for a mention; "Al Amadiya district" falls back to "Al Amadiya" when no admin
    area is called that (the gazetteer knows the town, or the district by another spelling)."""
    found = gaz.candidates(text)
    if not found:
        bare = _ADMIN_WORD_SUFFIX.sub("", text)
        if bare != text and bare:
            found = gaz.candidates(bare)
    return found


DOMINANT_POPULATION = 10_000
DOMINANT_RATIO = 10


def _dominant(cand: Candidate, cands: list[Candidate]) -> bool:
    """A town of at least 10,000 people, ten times larger than any namesake abroad ("in Alès", not the
    Italian village of 1,300; "in Ar-Raqqa", not the Yemeni hamlets): what a reader takes the name to
    mean when nothing else says where."""
    population = cand.place.population
    if cand.quality not in (QUALITY_NAME, QUALITY_ALIAS) or population < DOMINANT_POPULATION:
        return False
    return all(other.place.population * DOMINANT_RATIO <= population
               for other in cands if other.place.country_code != cand.place.country_code)


def _foreign_acronym(text: str, cand: Candidate, share: dict[str, float]) -> bool:
    """An abbreviation ("KP", "UP") read as a place in a country the article never names: Kep in
    Cambodia for Khyber Pakhtunkhwa. Abbreviations are only trusted inside the article's countries."""
    return text.isupper() and len(text) <= 4 and bool(share) and cand.place.country_code not in share


def _stands_alone(cand: Candidate, cands: list[Candidate]) -> bool:
    """What a reader takes the name to mean with nothing else to go on: the one place called that, or a
    town far bigger than its namesakes abroad."""
    return _unambiguous(cand, cands) or _dominant(cand, cands)


def _unambiguous(cand: Candidate, cands: list[Candidate]) -> bool:
    """The only place called that, by its name or a recorded alternate name ("in Cahors", "in Den Haag");
    namesakes in one country count once. Spelling variants do not count, and where the name is one
    place's own, other places' alternate names do not either ("in Kalmar": not Colmar's German name)."""
    counted = (QUALITY_NAME,) if cand.quality == QUALITY_NAME else (QUALITY_NAME, QUALITY_ALIAS)
    named = {c.place.country_code for c in cands if c.quality in counted}
    return cand.quality in (QUALITY_NAME, QUALITY_ALIAS) and len(named) == 1


WELL_KNOWN_FEATURES = {"PPLC", "PPLA", "ADM1"}
WELL_KNOWN_POPULATION = 50_000
BIG_CITY_POPULATION = 500_000


NEAR_ANOTHER_KM = 100  # a name the NER called a person or organisation
SUPPORTING_ANCHOR_KM = 150  # a capitalised word after a locative


def _near_anchor(place: Place, anchors: list[tuple[str, Place]], own_key: str, km: float) -> bool:
    """Whether another place the article names (not the mention itself) lies within ``km`` of ``place``."""
    return any(t != own_key and distance_km(place, a) <= km for t, a in anchors)


def _well_known(place: Place) -> bool:
    return place.feature_code in WELL_KNOWN_FEATURES or place.population >= WELL_KNOWN_POPULATION


def _supported(cand: Candidate, share: dict[str, float], anchors: list[tuple[str, Place]], text: str) -> bool:
    """A capitalised word is kept as a place if it lies in a named country, near a named place, or is a
    well-known place called exactly that (not by an alternate name: "ACCO" is not Acre)."""
    place = cand.place
    if place.country_code in share:
        return True
    if _well_known(place) and (cand.quality == QUALITY_NAME
                               or (cand.quality == QUALITY_ALIAS and place.population >= BIG_CITY_POPULATION)):
        return True  # a big city by its English name ("Aleppo" is GeoNames' Halab), not a hamlet by a code
    return _near_anchor(place, anchors, text, SUPPORTING_ANCHOR_KM)


# ---------------------------------------------------------------------------------------------
# Article country and event location
# ---------------------------------------------------------------------------------------------


def article_country(toponyms: list[Toponym], doc: Optional[Doc] = None,
                    gazetteer: Optional[Gazetteer] = None) -> Optional[Place]:
    """The country the article is mostly about: weighted votes of its country names, demonyms and places.

    Earlier mentions weigh more (the lede names the event's country); ``doc`` gives the text length.
    """
    votes: collections.Counter[str] = collections.Counter()
    country_places: dict[str, Place] = {}
    length = doc[-1].idx + len(doc[-1]) if doc is not None and len(doc) else max((t.end for t in toponyms), default=1)
    for t in toponyms:
        if t.place is None or not t.place.country_code:
            continue
        cc = t.place.country_code
        weight = {"place": 1.0, "demonym": 0.7, "name_part": 0.2}.get(t.role, 0.5)
        if t.of_forces:
            weight = FORCES_DEMONYM_WEIGHT  # foreign forces fight abroad; only where nothing else says where
        if t.kind == "country" and t.role == "place":
            weight = 1.5
            country_places.setdefault(cc, t.place)
        weight *= 1.5 if t.start < 0.2 * max(length, 1) else 1.0
        votes[cc] += weight
    if not votes:
        return None
    cc = votes.most_common(1)[0][0]
    if cc in country_places:
        return country_places[cc]
    gaz = gazetteer or Gazetteer.default()
    return gaz.country_by_code(cc)


def _precision_cue(sentence_text: str, rel_start: int, rel_end: int) -> bool:
    """True when the words around a place say the event was near or around it, not in it."""
    before = _words_before(sentence_text, rel_start)
    after = sentence_text[rel_end : rel_end + 30]
    return bool(NEAR_BEFORE.search(before) or AREA_AFTER.match(after))


def _words_before(text: str, start: int) -> str:
    """The _LOOKBACK_CHARS characters before ``start``: where a place's preposition or cue word is written."""
    return text[max(0, start - _LOOKBACK_CHARS) : start]


def _is_locative(sentence_text: str, rel_start: int) -> bool:
    return bool(LOCATIVE_BEFORE.search(_words_before(sentence_text, rel_start)))


def _came_from(sentence_text: str, rel_start: int) -> bool:
    return bool(_MOTION_BEFORE.search(_words_before(sentence_text, rel_start)))


def _sentence_places(sentence_start: int, sentence_end: int, toponyms: list[Toponym]) -> list[Toponym]:
    return [t for t in toponyms
            if sentence_start <= t.start < sentence_end and t.place is not None and t.role == "place"]


def _pick_in_sentence(inside: list[Toponym], sentence_text: str, sentence_start: int) -> Optional[Toponym]:
    """The sentence's event place: a locality first, then a district, a region, a country (said with "in").

    A district or province written after a place the gazetteer does not know ("at Kamengo-Nsonso Village
    (Rakai, Central)") stands for that place when the place is where the event happened."""
    inside = _consistent(inside)
    resolved = {t.start for t in inside}
    stand_ins = [t for t in inside if t.head_start is not None and t.head_start not in resolved
                 and t.kind in ("admin2", "admin1", "locality")
                 and _is_locative(sentence_text, t.head_start - sentence_start)]
    if stand_ins:
        return min(stand_ins, key=lambda t: (("locality", "admin2", "admin1").index(t.kind), t.start))
    for kinds in (("locality",), ("admin2",), ("admin1",), ("country",)):
        group = [t for t in inside if t.kind in kinds]
        if kinds == ("country",):
            group = [t for t in group if _is_locative(sentence_text, t.start - sentence_start)]
        if not group:
            continue
        locative = [t for t in group if _is_locative(sentence_text, t.start - sentence_start)]
        static = [t for t in locative if not _came_from(sentence_text, t.start - sentence_start)]
        return (static or locative or group)[0]
    return None


def _consistent(inside: list[Toponym]) -> list[Toponym]:
    """The sentence's places without those its own hierarchy contradicts.

    A place whose district or province the text also names ("Koch county, Unity state") fixes the country:
    a namesake abroad in the same sentence ("Mirmir", read as the Pakistani village) is a wrong reading.
    Likewise the broadest area written after a place ("Quifuqui Island (Palma, Cabo Delgado)") fixes the
    country of the names before it (Palma in Mozambique, not Majorca)."""
    fixed = {t.place.country_code for t in inside if t.confirmed and t.place.country_code}
    if not fixed:
        # Else a well-known town ("near the Dawla roundabout in Ar-Raqqa city") outweighs small namesakes
        # abroad of the other names (Dawla, Somalia), when all the well-known places agree.
        known = {t.place.country_code for t in inside if t.kind != "country" and _well_known(t.place)}
        if len(known) == 1:
            fixed = known
    broadest: dict[int, Toponym] = {}
    for t in inside:
        if t.head_start is not None and t.kind in ("admin1", "admin2"):
            broadest[t.head_start] = t  # sentence order: the last one written is the broadest
    kept = []
    for t in inside:
        cc = t.place.country_code
        if fixed and not t.confirmed and cc not in fixed and t.kind != "country":
            continue
        area = broadest.get(t.head_start) if t.head_start is not None else None
        if area is not None and area is not t and cc != area.place.country_code:
            continue
        kept.append(t)
    return kept if kept else inside


def _previous_event_place(sentence_start: int, toponyms: list[Toponym]) -> Optional[Toponym]:
    """The place the closest earlier sentence naming a locality or district would choose."""
    earlier = [t for t in toponyms if t.end <= sentence_start and t.place is not None and t.role == "place"
               and t.kind in ("locality", "admin2") and t.sentence is not None]
    if not earlier:
        return None
    last_sentence = earlier[-1].sentence
    group = [t for t in earlier if t.sentence == last_sentence]
    return _pick_in_sentence(group, last_sentence.sentence, last_sentence.start)


def event_location(sentence_start: int, sentence_end: int, sentence_text: str, toponyms: list[Toponym],
                   country: Optional[Place]) -> Optional[LocationChoice]:
    """Where the event told in this sentence happened, with ACLED's geo_precision.

    The place named in the sentence (1; 2 when "near X", "outskirts of X", "N km from X", "X district";
    3 when only a region or country is named); else the closest locality named earlier in the article
    (2); else the article's ``country`` (3). Nationality words ("Iraqi forces") are never locations.
    """
    sentence = Evidence(sentence=sentence_text, start=sentence_start, end=sentence_end)
    inside = _sentence_places(sentence_start, sentence_end, toponyms)
    chosen = _pick_in_sentence(inside, sentence_text, sentence_start)
    if chosen is not None:
        rel_start, rel_end = chosen.start - sentence_start, chosen.end - sentence_start
        if chosen.kind in ("admin1", "country"):
            precision = 3
        elif chosen.kind == "admin2" or _precision_cue(sentence_text, rel_start, rel_end):
            precision = 2
        else:
            precision = 1
        return LocationChoice(chosen.place, precision, sentence, chosen)

    previous = _previous_event_place(sentence_start, toponyms)
    if previous is not None:
        return LocationChoice(previous.place, 2, previous.sentence or sentence, previous)
    if country is not None:
        return LocationChoice(country, 3, sentence, None)
    return None


__all__ = ["Toponym", "LocationChoice", "resolve_toponyms", "article_country", "event_location", "mission_countries"]
