"""A small event store for the web tests, written through the store's own writer.

The documents are built by hand (no spaCy) so the tests know every field, offset and id; one article
carries script-injection attempts in its text, title, actors, location, notes and quotes.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from eventwire.model import Article, Document, Entity, Event, Evidence, Mention, Quote
from eventwire.store import CodedArticle, EventStore, SourceLink

INJECTION_MARKERS = (
    "<script>window.__pwned = 'script';</script>",
    "<img src=x onerror=\"window.__pwned = 'onerror'\">",
    "<a href=\"javascript:window.__pwned='link'\">javascript:alert(1)</a>",
)


def _id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _evidence(text: str, sentence: str) -> Evidence:
    start = text.index(sentence)
    return Evidence(sentence, start, start + len(sentence))


def _mention(text: str, name: str) -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name)


def _event(text: str, sentence: str, **fields) -> Event:
    ev = _evidence(text, sentence)
    names = ("event_type", "sub_event_type", "actor1", "location", "event_date", "fatalities")
    if fields.get("actor2"):
        names += ("actor2",)
    return Event(**fields, evidence={name: ev for name in names})


MOSUL_TEXT = (
    "Iraqi forces clashed with Islamic State fighters in Mosul on Sunday, killing 12 militants. "
    "\"We will take the city back,\" said General Najm al-Jabouri. "
    "Separately, Islamic State shelled Bartella on Monday, wounding three civilians."
)
ACCRA_TEXT = "Hundreds of teachers protested in Accra on Tuesday over unpaid salaries. Police watched the march."
COPY_TEXT = "Another outlet: Iraqi troops clashed with Islamic State in Mosul on Sunday; 9 fighters were killed."
EVIL_TEXT = (
    "Protesters marched in Aleppo on Friday. " + " ".join(INJECTION_MARKERS) + " "
    "\"<b>bold</b> <script>window.__pwned='quote'</script>\" said Evil Speaker."
)


def mosul_document() -> Document:
    text = MOSUL_TEXT
    first, _, third = text.split(". ", 2)
    first, third = first + ".", third
    entities = [
        Entity("E1", "Military Forces of Iraq", "ORG", mentions=[_mention(text, "Iraqi forces")], actor="Military Forces of Iraq"),
        Entity("E2", "Islamic State", "ORG", mentions=[_mention(text, "Islamic State")], actor="Islamic State"),
        Entity("E3", "Mosul", "GPE", mentions=[_mention(text, "Mosul")]),
        Entity("E4", "Najm al-Jabouri", "PERSON", mentions=[_mention(text, "Najm al-Jabouri")], title="General"),
    ]
    quote_text = "\"We will take the city back,\""
    q_start = text.index(quote_text)
    events = [
        _event(text, first, event_type="Battles", sub_event_type="Armed clash", event_date="2016-10-30",
               actor1="Military Forces of Iraq", actor2="Islamic State", country="Iraq", admin1="Ninewa",
               location="Mosul", latitude=36.34, longitude=43.13, fatalities=12, confidence=0.9,
               notes="Iraqi forces clashed with IS in Mosul."),
        _event(text, third, event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
               event_date="2016-10-31", actor1="Islamic State", country="Iraq", admin1="Ninewa", location="Bartella",
               latitude=36.35, longitude=43.38, fatalities=0, confidence=0.8, notes="IS shelled Bartella."),
    ]
    article = Article(text=text, title="Battle for Mosul", published=date(2016, 10, 31), source="Wire A",
                      url="https://example.org/mosul", language="en")
    return Document(article, events, entities, [Quote(quote_text, q_start, q_start + len(quote_text), "E4", "named")],
                    warnings=["fatalities: militants counted as fatalities"])


def accra_document() -> Document:
    text = ACCRA_TEXT
    sentence = text.split(". ")[0] + "."
    events = [_event(text, sentence, event_type="Protests", sub_event_type="Peaceful protest", event_date="2016-12-06",
                     actor1="Protesters (Ghana)", country="Ghana", admin1="Greater Accra", location="Accra",
                     latitude=5.56, longitude=-0.2, fatalities=0, confidence=0.85, notes="Teachers protested in Accra.")]
    entities = [Entity("E1", "Accra", "GPE", mentions=[_mention(text, "Accra")])]
    article = Article(text=text, title="Teachers march", published=date(2016, 12, 6), source="Ghana Daily", language="en")
    return Document(article, events, entities)


def copy_document() -> Document:
    text = COPY_TEXT
    events = [_event(text, text, event_type="Battles", sub_event_type="Armed clash", event_date="2016-10-30",
                     actor1="Military Forces of Iraq", actor2="Islamic State", country="Iraq", admin1="Ninewa",
                     location="Mosul", latitude=36.34, longitude=43.13, fatalities=9, confidence=0.7,
                     notes="Second report of the Mosul clash.")]
    article = Article(text=text, title="Mosul fighting", published=date(2016, 10, 30), source="Outlet B", language="en")
    return Document(article, events, [])


def evil_document() -> Document:
    text = EVIL_TEXT
    sentence = "Protesters marched in Aleppo on Friday."
    evil = INJECTION_MARKERS[1]
    events = [_event(text, sentence, event_type="Protests", sub_event_type="Peaceful protest", event_date="2016-11-18",
                     actor1="Protesters <script>window.__pwned='actor'</script>", country="Syria", admin1="Aleppo",
                     location=f"Aleppo {evil}", latitude=36.2, longitude=37.16, fatalities=0, confidence=0.5,
                     notes=" ".join(INJECTION_MARKERS))]
    events[0].evidence["notes"] = _evidence(text, INJECTION_MARKERS[0])
    quote_text = "\"<b>bold</b> <script>window.__pwned='quote'</script>\""
    q_start = text.index(quote_text)
    entities = [Entity("E1", "Evil <img src=x onerror=\"window.__pwned='entity'\">", "PERSON",
                       mentions=[_mention(text, "Evil Speaker")])]
    article = Article(text=text, title="<img src=x onerror=\"window.__pwned='title'\"> Aleppo march",
                      published=date(2016, 11, 18), source="<b>Evil</b> source",
                      url="javascript:window.__pwned='url'", language="en")
    return Document(article, events, entities, [Quote(quote_text, q_start, q_start + len(quote_text), "E1", "named")],
                    warnings=["<script>window.__pwned='warning'</script>"])


def documents() -> list[Document]:
    return [mosul_document(), accra_document(), copy_document(), evil_document()]


def build_store(path: Path) -> dict[str, str]:
    """Write the fixture documents (and one syndicated copy link) to a new store; returns their article ids."""
    ids = {}
    with EventStore(path) as store:
        coded, links = [], []
        for name, document in zip(("mosul", "accra", "copy", "evil"), documents()):
            article_id = _id(document.article.text)
            ids[name] = article_id
            coded.append(CodedArticle(article_id, f"fixture:{name}", document, None))
            links.append(SourceLink(f"fixture:{name}", article_id, "coded", None, document.article))
        syndicated = Article(text=MOSUL_TEXT, title="Battle for Mosul (syndicated)", published=date(2016, 10, 31),
                             source="Wire A mirror", url="https://mirror.example.org/mosul")
        links.append(SourceLink("fixture:mosul-copy", ids["mosul"], "exact", 1.0, syndicated))
        store.write_batch(coded=coded, links=links)
    return ids
