import csv
import io
import json

from eventwire.export import EXTRA_CSV_COLUMNS, render_table, to_csv, to_json
from eventwire.model import ACLED_COLUMNS, Article, Document, Event, Evidence


def make_document():
    text = 'Police fired on "protesters" in Accra, killing one.'
    ev = Evidence(text, 0, len(text))
    event = Event(event_type="Protests", sub_event_type="Excessive force against protesters",
                  actor1="Police Forces of Ghana", inter1=1, fatalities=1, location="Accra",
                  evidence={"sub_event_type": ev}, confidence=0.9)
    return Document(article=Article(text=text, source="GNA"), events=[event])


def test_export_csv_has_acled_columns_then_extras_and_fills_source():
    rows = list(csv.DictReader(io.StringIO(to_csv([make_document()]))))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS + EXTRA_CSV_COLUMNS
    assert rows[0]["source"] == "GNA"
    assert rows[0]["actor1"] == "Police Forces of Ghana"
    assert rows[0]["evidence"].startswith("Police fired")


def test_export_json_round_trips():
    assert json.loads(to_json(make_document()))["events"][0]["fatalities"] == 1


def test_export_table_prints_article_text_as_text_not_markup():
    from rich.console import Console

    console = Console(record=True, width=200)
    doc = make_document()
    doc.warnings.append("[bold]not markup[/bold]")
    render_table(doc, console)
    out = console.export_text()
    assert "Accra" in out
    assert "[bold]not markup[/bold]" in out
