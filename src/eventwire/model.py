"""The typed document model: the contract between eventwire's stages.

Data flows one way::

    ingest -> Article -> nlp -> extract (events, actors, places, time, fatalities, quotes)
           -> resolve (actor knowledge base, gazetteer, dates) -> Document

Every value taken from the text carries an :class:`Evidence` (the sentence it came from and the
sentence's character offsets in ``Article.text``), so an analyst can check each field.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Optional

# ACLED's column names and order for the event table (CSV export), as in ACLED's own exports.
ACLED_COLUMNS = (
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)

# ACLED inter codes (actor types).
INTER_CODES = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

# The 25 event_type / sub_event_type pairs of ACLED's current codebook.
EVENT_TYPES = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
}
SUB_EVENT_TYPES = {sub: etype for etype, subs in EVENT_TYPES.items() for sub in subs}


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """ACLED's disorder_type for an event type, as ACLED's 2022 exports code it."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if event_type == "Protests" or sub_event_type == "Violent demonstration":
        return "Demonstrations"
    return "Political violence"


def interaction_code(inter1: Optional[int], inter2: Optional[int]) -> Optional[int]:
    """ACLED's two-digit interaction code: the two inter codes, lower first (``inter2`` 0 when absent)."""
    if not inter1:
        return None
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


@dataclass(frozen=True)
class Evidence:
    """The sentence a field was taken from, with its character offsets in the article text."""

    sentence: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"sentence": self.sentence, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in the article text (character offsets)."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Article:
    """One input text with its metadata. ``published`` anchors relative dates ("on Monday")."""

    text: str
    title: Optional[str] = None
    published: Optional[date] = None
    source: Optional[str] = None
    url: Optional[str] = None
    language: Optional[str] = None

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source,
            "url": self.url,
            "language": self.language,
            "chars": len(self.text),
        }


@dataclass
class Entity:
    """A person, organisation, armed group or place, with every mention and spelling in the article.

    ``actor`` / ``inter`` / ``actor_country`` are filled when the entity resolves to an actor of the
    knowledge base (or, for a person, to the organisation the text says they lead: ``leads``).
    """

    id: str
    name: str
    type: str  # PERSON, ORG, GPE, NORP, LOC, FAC
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    actor: Optional[str] = None
    inter: Optional[int] = None
    actor_country: Optional[str] = None
    leads: Optional[str] = None  # canonical actor a person acts for ("Government of Iraq")
    title: Optional[str] = None  # "Prime Minister", "Major General"

    def to_dict(self) -> dict:
        d = {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "mentions": [m.to_dict() for m in self.mentions],
        }
        for key in ("actor", "inter", "actor_country", "leads", "title"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        return d


@dataclass
class Quote:
    """A direct quote. ``speaker`` is an entity id; ``None`` when no named speaker could be found.

    ``attribution`` says who the text credits: ``"named"`` (a named entity), ``"unnamed"`` (only
    "officials", "sources", "a spokesman") or ``"none"``.
    """

    text: str
    start: int
    end: int
    speaker: Optional[str] = None
    attribution: str = "none"

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "start": self.start,
            "end": self.end,
            "attribution": self.attribution,
        }


@dataclass
class Place:
    """A gazetteer entry (GeoNames id where known)."""

    name: str
    latitude: float
    longitude: float
    country: Optional[str] = None  # country name, ACLED spelling ("Iraq")
    country_code: Optional[str] = None  # ISO 3166-1 alpha-2
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    geonameid: Optional[int] = None
    feature_code: Optional[str] = None  # GeoNames feature code (PPL, PPLA, ADM1, PCLI...)
    population: int = 0
    source: str = "geonames"


@dataclass
class Event:
    """One coded event with ACLED's field names and meanings, plus confidence and evidence."""

    event_type: str
    sub_event_type: str
    event_date: Optional[str] = None  # ISO date
    time_precision: Optional[int] = None
    disorder_type: Optional[str] = None
    actor1: Optional[str] = None
    assoc_actor_1: Optional[str] = None
    inter1: Optional[int] = None
    actor2: Optional[str] = None
    assoc_actor_2: Optional[str] = None
    inter2: Optional[int] = None
    interaction: Optional[int] = None
    civilian_targeting: Optional[str] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    location: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    geonameid: Optional[int] = None
    fatalities: int = 0
    source: Optional[str] = None
    notes: Optional[str] = None
    confidence: float = 0.0
    evidence: dict[str, Evidence] = field(default_factory=dict)

    def to_dict(self) -> dict:
        d = {name: getattr(self, name) for name in ACLED_COLUMNS}
        d["geonameid"] = self.geonameid
        d["confidence"] = round(self.confidence, 4)
        d["evidence"] = {key: ev.to_dict() for key, ev in self.evidence.items()}
        return d


@dataclass
class Document:
    """The result of coding one article: what ``eventwire.extract`` returns."""

    article: Article
    events: list[Event] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "warnings": list(self.warnings),
        }

    def entity(self, entity_id: str) -> Optional[Entity]:
        return next((e for e in self.entities if e.id == entity_id), None)


def replace(obj, **changes):
    """``dataclasses.replace`` re-exported so stages need not import dataclasses for it."""
    return dataclasses.replace(obj, **changes)
