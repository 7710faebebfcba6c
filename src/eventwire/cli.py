"""The ``eventwire`` command. Thin: each command parses options, calls one library function, prints.

Errors eventwire raises on purpose (:class:`~eventwire.errors.EventwireError`) become one line on
stderr and exit status 2. Set ``EVENTWIRE_DEBUG=1`` to see a traceback for anything unexpected.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .errors import EventwireError

app = typer.Typer(
    help="Code news about armed conflict, political violence and protest into ACLED-style events, "
    "with the evidence sentence behind every field.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
gazetteer_app = typer.Typer(help="Manage the place gazetteer (add GeoNames / Who's On First / OSM files).",
                            no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")

stderr = Console(stderr=True)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@app.command()
def extract(
    input: str = typer.Argument(
        ..., help="Article to code: a .txt, .html or .json file, or '-' to read stdin. "
        'JSON is an object {"text", "title", "published", "source", "url"}.'
    ),
    format: OutputFormat = typer.Option(
        OutputFormat.table, "--format", "-f",
        help="table: readable summary; json: full result with entities, quotes and evidence; "
        "csv: one row per event with ACLED's column names and order.",
    ),
    published: Optional[str] = typer.Option(
        None, help="Publication date (YYYY-MM-DD). Relative dates ('on Monday') are resolved against it. "
        "Overrides the date found in the input."
    ),
    title: Optional[str] = typer.Option(None, help="Article title (overrides the input's)."),
    source: Optional[str] = typer.Option(None, help="Source name, e.g. 'HNGN' (ACLED's 'source' column)."),
    url: Optional[str] = typer.Option(None, help="Article URL (overrides the input's)."),
    actors: Optional[list[Path]] = typer.Option(
        None, "--actors", help="Extra actor dictionary CSV (name,inter,country,aliases); may be repeated. "
        "Its rows extend and override the shipped dictionary."
    ),
    max_bytes: int = typer.Option(
        2_000_000, "--max-bytes", help="Refuse inputs larger than this many bytes (one article is far smaller)."
    ),
) -> None:
    """Code the events in one news article."""
    from . import export
    from .ingest.reader import Metadata, read_article

    article = read_article(input, Metadata(title=title, published=published, source=source, url=url), max_bytes)
    pipeline = _pipeline(actors)
    document = pipeline(article)
    if format is OutputFormat.json:
        sys.stdout.write(export.to_json(document) + "\n")
    elif format is OutputFormat.csv:
        sys.stdout.write(export.to_csv([document]))
    else:
        export.render_table(document, Console())


def _pipeline(actor_files: Optional[list[Path]]):
    if not actor_files:
        from . import get_pipeline

        return get_pipeline()
    from .pipeline import Pipeline
    from .resolve.actors import ActorKB

    return Pipeline(actors=ActorKB.load(*actor_files))


class GoldFormat(str, Enum):
    acled = "acled"
    jsonl = "jsonl"
    case2021 = "case2021"
    gwn = "gwn"
    lgl = "lgl"


@app.command("eval")
def eval_command(
    path: Path = typer.Argument(..., help="Gold file: an ACLED export, a jsonl gold file, the CASE 2021 task 2 TSV, "
                                "or GeoWebNews / LGL XML."),
    format: GoldFormat = typer.Option(
        ..., "--format", "-f",
        help="acled: ACLED CSV (any export variant; text = notes); jsonl: {\"text\", \"published\"?, gold fields "
        "under ACLED's names, \"no_event\"?} or toponym gold; case2021: CASE 2021 task 2 TSV; gwn / lgl: toponym XML.",
    ),
    limit: Optional[int] = typer.Option(None, help="Score only the first N gold items."),
    json_output: bool = typer.Option(
        False, "--json", help="Print the scores as JSON (the documented keys only) instead of the table with the baseline."
    ),
) -> None:
    """Measure eventwire against human-coded gold data, field by field, beside a TF-IDF + SVM baseline."""
    from .evaluate.runner import cli_eval

    cli_eval(path, format.value, limit=limit, as_json=json_output)


@gazetteer_app.command("import")
def gazetteer_import(
    file: Path = typer.Argument(
        ..., help="A GeoNames dump you downloaded (allCountries.zip, a country file such as SO.zip, "
        "cities1000.zip, or the unzipped .txt), or a Who's On First / OSM places TSV(.gz) in the shipped format."
    ),
    home: Optional[Path] = typer.Option(
        None, help="Where the user gazetteer is kept (default: $EVENTWIRE_HOME or ~/.local/share/eventwire)."
    ),
) -> None:
    """Add places from a gazetteer file; later extractions search them too."""
    from .resolve.gazetteer import import_gazetteer

    count = import_gazetteer(file, home=home)
    stderr.print(f"Imported {count:,} places from {file}.")


def main() -> None:
    """Entry point: run the app, turning eventwire's errors into one line and exit status 2."""
    try:
        app()
    except EventwireError as exc:
        fail(f"eventwire: error: {exc}", 2)
    except KeyboardInterrupt:
        fail("eventwire: interrupted", 130)
    except Exception as exc:  # last resort: a bug, reported in one line unless debugging
        if os.environ.get("EVENTWIRE_DEBUG"):
            raise
        fail(
            f"eventwire: internal error: {type(exc).__name__}: {exc}. "
            "Re-run with EVENTWIRE_DEBUG=1 for details and please report it.",
            1,
        )


def fail(message: str, status: int) -> None:
    """One unwrapped line on stderr (scripts grep it), then exit."""
    print(" ".join(message.split()), file=sys.stderr)
    sys.exit(status)


if __name__ == "__main__":
    main()
