"""Article text and the spans to highlight in it: entities, places, quotes, dates and event evidence.

The store may not keep an article's full text; what it does keep (evidence sentences, quotes, entity
mentions) carries the offsets it had in the article, so the known parts are stitched back into
segments at their original offsets and the browser shows the gaps as gaps. Spans always use offsets
in the original article, whether the text is whole or in segments.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Optional

from ..model import Document

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class TextSpan:
    """A highlighted range of the article. ``ref``: the event id or entity id it belongs to."""

    start: int
    end: int
    kind: str  # 'entity', 'place', 'quote', 'date' or 'evidence'
    label: str
    ref: Optional[str] = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Segment:
    """A known stretch of the article text starting at ``start``."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


def stitch_segments(pieces: Iterable[tuple[int, str]]) -> list[Segment]:
    """Merge text pieces given with their article offsets into non-overlapping, ordered segments."""
    merged: list[list] = []  # [start, text]
    for start, text in sorted((s, t) for s, t in pieces if t and s is not None and s >= 0):
        if merged and start <= merged[-1][0] + len(merged[-1][1]):
            head_start, head_text = merged[-1]
            overlap_end = head_start + len(head_text)
            tail = text[overlap_end - start:]
            merged[-1][1] = head_text + tail
        else:
            merged.append([start, text])
    return [Segment(start, text) for start, text in merged]


def _entity_spans(entities: Iterable[dict]) -> list[TextSpan]:
    spans = []
    for entity in entities:
        kind = "place" if entity["type"] in PLACE_TYPES else "entity"
        label = f"{entity['type']}: {entity['name']}"
        for mention in entity["mentions"]:
            spans.append(TextSpan(mention["start"], mention["end"], kind, label, entity["entity_id"]))
    return spans


def _evidence_spans(evidence: Iterable[dict], event_ids: dict[int, str]) -> list[TextSpan]:
    """One span per (event, sentence) listing the fields it supports; date evidence also as a 'date' span."""
    fields: dict[tuple[int, int, int], list[str]] = {}
    for row in evidence:
        if row["start"] is None or row["end"] is None:
            continue
        fields.setdefault((row["event_index"], row["start"], row["end"]), []).append(row["field"])
    spans = []
    for (index, start, end), names in sorted(fields.items(), key=lambda item: (item[0][1], item[0][0])):
        ref = event_ids.get(index)
        spans.append(TextSpan(start, end, "evidence", ", ".join(sorted(names)), ref))
        if "event_date" in names:
            spans.append(TextSpan(start, end, "date", "event_date", ref))
    return spans


def _quote_spans(quotes: Iterable[dict]) -> list[TextSpan]:
    return [TextSpan(q["start"], q["end"], "quote", f"quote: {q.get('speaker') or q.get('attribution') or 'unknown'}")
            for q in quotes if q["start"] is not None]


def stored_article_view(
    full_text: Optional[str], entities: list[dict], quotes: list[dict], evidence: list[dict], event_ids: dict[int, str]
) -> dict:
    """Segments and spans for an article read back from the store."""
    if full_text is not None:
        segments = [Segment(0, full_text)]
    else:
        pieces = [(row["start"], row["sentence"]) for row in evidence]
        pieces += [(q["start"], q["text"]) for q in quotes if _quote_text_is_exact(q)]
        pieces += [(m["start"], m["text"]) for e in entities for m in e["mentions"]]
        segments = stitch_segments(pieces)
    spans = _entity_spans(entities) + _quote_spans(quotes) + _evidence_spans(evidence, event_ids)
    return {
        "complete": full_text is not None,
        "segments": [s.to_dict() for s in segments],
        "spans": [s.to_dict() for s in sorted(spans, key=lambda s: (s.start, -s.end))],
    }


def _quote_text_is_exact(quote: dict) -> bool:
    """Quote text may omit the quotation marks; only text as long as its offsets is the article's own."""
    return quote["text"] is not None and quote["end"] - quote["start"] == len(quote["text"])


def document_view(document: Document, event_ids: dict[int, str]) -> dict:
    """Segments and spans for a freshly coded document (the full text is at hand)."""
    entities = [{"entity_id": e.id, "name": e.name, "type": e.type, "mentions": [m.to_dict() for m in e.mentions]}
                for e in document.entities]
    names = {e.id: e.name for e in document.entities}
    quotes = [{"start": q.start, "end": q.end, "text": q.text, "speaker": names.get(q.speaker or ""),
               "attribution": q.attribution} for q in document.quotes]
    evidence = [{"event_index": i, "field": name, "start": ev.start, "end": ev.end, "sentence": ev.sentence}
                for i, event in enumerate(document.events) for name, ev in event.evidence.items()]
    return stored_article_view(document.article.text, entities, quotes, evidence, event_ids)
