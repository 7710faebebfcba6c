"""Flattening coded documents into the store's rows (and back, for exports)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Optional

from ..model import ACLED_COLUMNS, Article, Document, Event, Evidence

EVENT_COLUMNS = ("article_id", "event_index") + tuple(c for c in ACLED_COLUMNS) + ("geonameid", "confidence")


@dataclass(frozen=True)
class CodedArticle:
    """A document ready to be written: its id, the input item it came from, and its MinHash signature."""

    article_id: str
    item_key: str
    document: Document
    minhash: Optional[bytes]


@dataclass(frozen=True)
class SourceLink:
    """An input item that is (a copy of) an article in the store."""

    item_key: str
    article_id: str
    match: str  # 'coded', 'exact' or 'near'
    similarity: Optional[float]
    article: Article


def article_row(coded: CodedArticle, now) -> dict:
    article = coded.document.article
    return {
        "article_id": coded.article_id,
        "title": article.title,
        "published": article.published,
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "chars": len(article.text),
        "text": article.text,
        "item_key": coded.item_key,
        "warnings": json.dumps(coded.document.warnings, ensure_ascii=False),
        "minhash": coded.minhash,
        "coded_at": now,
    }


def source_row(link: SourceLink, now) -> dict:
    return {
        "item_key": link.item_key,
        "article_id": link.article_id,
        "match": link.match,
        "similarity": link.similarity,
        "title": link.article.title,
        "published": link.article.published,
        "source": link.article.source,
        "url": link.article.url,
        "seen_at": now,
    }


def event_rows_of(coded: CodedArticle) -> tuple[list[dict], list[dict]]:
    """The events of one document, and their evidence rows."""
    events, evidence = [], []
    for index, event in enumerate(coded.document.events):
        row = {"article_id": coded.article_id, "event_index": index}
        for column in ACLED_COLUMNS:
            row[column] = getattr(event, column)
        row["event_date"] = _as_date(event.event_date)
        row["source"] = event.source if event.source is not None else coded.document.article.source
        row["geonameid"] = event.geonameid
        row["confidence"] = float(event.confidence)
        events.append(row)
        for field_name, ev in sorted(event.evidence.items()):
            evidence.append({
                "article_id": coded.article_id, "event_index": index, "field": field_name,
                "sentence": ev.sentence, "start_char": ev.start, "end_char": ev.end,
            })
    return events, evidence


def entity_rows_of(coded: CodedArticle) -> list[dict]:
    return [
        {
            "article_id": coded.article_id,
            "entity_id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "aliases": json.dumps(entity.aliases, ensure_ascii=False),
            "mentions": json.dumps([m.to_dict() for m in entity.mentions], ensure_ascii=False),
            "actor": entity.actor,
            "inter": entity.inter,
            "actor_country": entity.actor_country,
            "leads": entity.leads,
            "title": entity.title,
        }
        for entity in coded.document.entities
    ]


def quote_rows_of(coded: CodedArticle) -> list[dict]:
    return [
        {
            "article_id": coded.article_id, "quote_index": index, "text": quote.text, "speaker": quote.speaker,
            "start_char": quote.start, "end_char": quote.end, "attribution": quote.attribution,
        }
        for index, quote in enumerate(coded.document.quotes)
    ]


def event_from_row(row: dict, evidence: dict[str, Evidence]) -> Event:
    """An :class:`Event` rebuilt from a stored row (for exports that reuse ``eventwire.export``)."""
    values = {column: row.get(column) for column in ACLED_COLUMNS}
    if isinstance(values["event_date"], date):
        values["event_date"] = values["event_date"].isoformat()
    values["fatalities"] = values["fatalities"] or 0
    return Event(**values, geonameid=row.get("geonameid"), confidence=row.get("confidence") or 0.0, evidence=evidence)


def _as_date(value) -> Optional[date]:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
