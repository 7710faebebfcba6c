"""Writing coded documents out: JSON, CSV with ACLED's columns, and a readable table."""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable

from .model import ACLED_COLUMNS, Document

# Appended after ACLED's own columns so scripts that read ACLED exports by position keep working.
EXTRA_CSV_COLUMNS = ("geonameid", "confidence", "evidence")


def to_json(document: Document, indent: int | None = 2) -> str:
    return json.dumps(document.to_dict(), ensure_ascii=False, indent=indent)


def event_rows(documents: Iterable[Document]) -> Iterable[dict]:
    """One flat row per event, ACLED's columns first; ``evidence`` is the main event sentence."""
    for document in documents:
        for event in document.events:
            row = event.to_dict()
            main = event.evidence.get("sub_event_type")
            row["evidence"] = main.sentence if main else ""
            if row.get("source") is None:
                row["source"] = document.article.source
            yield {column: _csv_value(row.get(column)) for column in ACLED_COLUMNS + EXTRA_CSV_COLUMNS}


def to_csv(documents: Iterable[Document]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(ACLED_COLUMNS + EXTRA_CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in event_rows(documents):
        writer.writerow(row)
    return buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if isinstance(value, float) and not value.is_integer() else str(value)


def _csv_value(value):
    return "" if value is None else value


# Columns of the readable table: what an analyst scans first.
TABLE_COLUMNS = (
    ("event_date", "Date"),
    ("sub_event_type", "Sub-event type"),
    ("actor1", "Actor 1"),
    ("actor2", "Actor 2"),
    ("location", "Location"),
    ("admin1", "Admin1"),
    ("country", "Country"),
    ("geo_precision", "Geo"),
    ("fatalities", "Deaths"),
    ("confidence", "Conf."),
)


def render_table(document: Document, console) -> None:
    """Print events, entities, quotes and warnings with rich.

    Every string from the article is wrapped in ``Text`` or escaped: article text is untrusted and
    must never be read as rich markup.
    """
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    article = document.article
    header = " | ".join(
        part
        for part in (
            article.title,
            article.source,
            article.published.isoformat() if article.published else "no publication date",
            f"{len(article.text)} chars",
        )
        if part
    )
    console.print(Text(header, style="bold"))
    events = Table(title=f"{len(document.events)} event(s)", show_lines=True)
    for _, label in TABLE_COLUMNS:
        events.add_column(label)
    events.add_column("Evidence")
    for event in document.events:
        values = event.to_dict()
        cells = [_cell(values.get(key)) for key, _ in TABLE_COLUMNS]
        main = event.evidence.get("sub_event_type")
        cells.append(main.sentence if main else "")
        events.add_row(*(Text(cell) for cell in cells))
    console.print(events)
    if document.entities:
        entities = Table(title="Entities")
        for label in ("id", "name", "type", "actor", "aliases"):
            entities.add_column(label)
        for entity in document.entities:
            cells = (entity.id, entity.name, entity.type, entity.actor or "", ", ".join(entity.aliases))
            entities.add_row(*(Text(cell) for cell in cells))
        console.print(entities)
    for quote in document.quotes:
        speaker = document.entity(quote.speaker) if quote.speaker else None
        who = speaker.name if speaker else quote.attribution
        console.print(f'[italic]"{escape(quote.text)}"[/italic] — {escape(who)}')
    for warning in document.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(warning)}")
