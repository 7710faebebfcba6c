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


@app.callback()
def options(
    fast: bool = typer.Option(
        False, "--fast",
        help="Classify sentences with the linear cascade alone, without the sentence encoder's second opinion: "
        "about 1.3x faster, less accurate (above all on news wording). Same as EVENTWIRE_ENCODER=off; give it "
        "before the command: 'eventwire --fast extract FILE'.",
    ),
    no_osm: bool = typer.Option(
        False, "--no-osm",
        help="Leave the shipped OpenStreetMap layer of African villages (ODbL) out of the gazetteer: places come "
        "from GeoNames and Who's On First alone (and your imports). Same as EVENTWIRE_OSM=0; give it before the "
        "command.",
    ),
) -> None:
    """Options for every command."""
    if fast:
        os.environ["EVENTWIRE_ENCODER"] = "off"  # read when the classifier loads; worker processes inherit it
    if no_osm:
        os.environ["EVENTWIRE_OSM"] = "0"  # read when the gazetteer loads; worker processes inherit it


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


class Engine(str, Enum):
    local = "local"
    dask = "dask"


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    geojson = "geojson"


DB_OPTION_HELP = "The event store: one DuckDB file (created if missing)."


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(
        ..., help="Files or folders (recursive: .txt .html .json .jsonl .csv, and .gz of each), RSS/Atom feeds, "
        "OPML lists of feeds, or http(s) URLs of feeds."
    ),
    db: Path = typer.Option(..., "--db", help=DB_OPTION_HELP),
    workers: int = typer.Option(1, help="Worker processes for the local engine (0 codes in this process)."),
    engine: Engine = typer.Option(Engine.local, help="local: processes on this machine; dask: an existing Dask "
                                  "distributed cluster (give --scheduler)."),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address, e.g. tcp://scheduler:8786."),
    map: Optional[list[str]] = typer.Option(
        None, "--map", help="Column names of CSV/JSON inputs, FIELD=COLUMN with FIELD one of text, title, "
        "published, source, url (repeatable), e.g. --map text=body."
    ),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="Try again the items the store lists as failed."),
    max_bytes: int = typer.Option(5_000_000, "--max-bytes", help="Skip (as failed) input items larger than this."),
    timeout: float = typer.Option(20.0, help="Seconds to wait for a web server before giving up on a URL."),
    host_delay: float = typer.Option(1.0, "--host-delay", help="Seconds between two requests to the same host."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar; print only the final summary line."),
) -> None:
    """Code many articles into an event store: idempotent, resumable after a kill, duplicates linked not re-coded."""
    from .ingest_cli import ingest as run_ingest, parse_column_map

    run_ingest(
        list(inputs), db, workers=workers, engine=engine.value, scheduler=scheduler,
        column_map=parse_column_map(map or []), quiet=quiet, retry_failed=retry_failed, max_bytes=max_bytes,
        fetch_timeout=timeout, host_delay=host_delay,
    )


@app.command()
def stats(
    db: Path = typer.Option(..., "--db", help="The event store."),
    top: int = typer.Option(50, help="Rows to show per table."),
) -> None:
    """Counts in the store: articles, duplicates, failures; events by month, country and event type."""
    from .ingest_cli import render_stats, stats as store_stats

    render_stats(store_stats(db, top=top), Console())


@app.command()
def export(
    db: Path = typer.Option(..., "--db", help="The event store."),
    format: ExportFormat = typer.Option(
        ExportFormat.csv, "--format", "-f",
        help="csv: ACLED's columns and order; jsonl: one event per line with its evidence; "
        "parquet: a folder partitioned by month (give --out); geojson: points.",
    ),
    out: Optional[Path] = typer.Option(None, help="Output file (folder for parquet). Default: stdout."),
    country: Optional[str] = typer.Option(None, help="Only events in this country (ACLED spelling)."),
    admin1: Optional[str] = typer.Option(None, help="Only events in this admin1 region."),
    event_type: Optional[str] = typer.Option(None, "--event-type", help="Only this ACLED event type."),
    actor: Optional[str] = typer.Option(None, help="Only events with this actor as actor1 or actor2."),
    date_from: Optional[str] = typer.Option(None, "--from", help="First event date (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Last event date (YYYY-MM-DD)."),
) -> None:
    """Export stored events, filtered, as CSV, JSONL, Parquet or GeoJSON."""
    from .ingest_cli import export as run_export

    count = run_export(db, format.value, out, date_from=date_from, date_to=date_to, country=country,
                       admin1=admin1, event_type=event_type, actor=actor)
    stderr.print(f"Exported {count:,} events.")


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


@app.command()
def serve(
    db: Path = typer.Option(..., "--db", help="The event store (a DuckDB file written by 'eventwire ingest')."),
    host: str = typer.Option("127.0.0.1", help="Address to listen on. Keep 127.0.0.1 unless others must reach it."),
    port: int = typer.Option(8000, help="Port to listen on."),
    allow_ingest: bool = typer.Option(
        False, "--allow-ingest", help="Let POST /api/ingest write to the store (requires --token)."
    ),
    token: Optional[str] = typer.Option(
        None, envvar="EVENTWIRE_TOKEN", help="Bearer token that ingest requests must send (or set EVENTWIRE_TOKEN)."
    ),
) -> None:
    """Serve the web app (map, timeline, event table, evidence) and the API at http://HOST:PORT (docs at /docs)."""
    from .web import serve as serve_app

    serve_app(db, host=host, port=port, allow_ingest=allow_ingest, token=token)


@app.command()
def train(
    files: list[Path] = typer.Argument(..., help="ACLED-format CSV files (any export variant) to learn from."),
    out: Path = typer.Option(..., "--out", help="Model folder to write (event_model.npz, training-report.json). "
                             "Use it with EVENTWIRE_MODEL_DIR=FOLDER."),
    seed: int = typer.Option(0, help="Random seed: the same seed and files give a byte-identical model."),
    extra_data_dir: Optional[Path] = typer.Option(
        None, "--extra-data", help="Folder with the extra corpora (news/, ucdp/, plover/). Default: the eval/ "
        "folder holding the ACLED files, when there is one."
    ),
    word_vectors: Optional[Path] = typer.Option(
        None, "--word-vectors", help="Word-vector table (word_vectors.npz) whose sentence vectors join the TF-IDF "
        "features. Default: the one shipped with eventwire (rebuilt by scripts/build_word_vectors.py)."
    ),
    no_word_vectors: bool = typer.Option(False, "--no-word-vectors", help="Train a TF-IDF-only model."),
    encoder_epochs: int = typer.Option(
        0, "--encoder-epochs", min=0, help="Also fine-tune the sentence encoder on the same texts for this many "
        "epochs (the shipped one: 8) into FOLDER/encoder/. Needs the training-only packages "
        "(pip install -e \".\\[vectors]\"); about 3 minutes on a GPU, about eight hours on one CPU core. "
        "0 (default): the folder uses the shipped encoder."
    ),
    device: str = typer.Option("cpu", help="Where to fine-tune the encoder: cpu, or cuda for a GPU."),
) -> None:
    """Rebuild the event classifier from ACLED notes, holding out a period, and print its held-out figures."""
    import json

    from .training import DEFAULT_WORD_VECTORS
    from .training import train as run_training

    vectors = None if no_word_vectors else (word_vectors or DEFAULT_WORD_VECTORS)
    report = run_training(list(files), out, seed=seed, extra_data_dir=extra_data_dir, word_vectors=vectors,
                          encoder_epochs=encoder_epochs, device=device)
    sys.stdout.write(json.dumps(report.get("held_out", report), indent=2) + "\n")


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
