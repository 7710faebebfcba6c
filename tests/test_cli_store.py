"""The store commands through the CLI: ingest a folder, re-run it, stats, export; gazetteer import."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from eventwire.model import ACLED_COLUMNS

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = {
    "a.txt": "Somali troops recaptured the town of Jilib from Al Shabaab on Sunday after heavy fighting. "
             "At least 12 militants were killed, a regional official said.",
    "b.json": json.dumps({"text": "Hundreds of teachers marched peacefully in Nairobi on Tuesday to demand higher pay.",
                          "published": "2023-02-08", "source": "Example"}),
}


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *map(str, args)],
                          capture_output=True, text=True, env=env)


def test_cli_ingest_is_idempotent_and_exports_acled_csv(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text)
    (folder / "broken.json").write_text('{"text": ')
    db = tmp_path / "events.duckdb"

    first = run("ingest", folder, "--db", db, "--workers", "0", "--quiet")
    assert first.returncode == 0, first.stderr
    again = run("ingest", folder, "--db", db, "--workers", "0", "--quiet")
    assert again.returncode == 0, again.stderr

    stats = run("stats", "--db", db)
    assert stats.returncode == 0, stats.stderr
    assert "2 articles coded" in " ".join(stats.stdout.split())
    assert "1 failed" in " ".join(stats.stdout.split())

    exported = run("export", "--db", db, "--format", "csv")
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert tuple(rows[0])[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert {r["event_type"] for r in rows} >= {"Battles", "Protests"}
    assert len(rows) == len({(r["event_date"], r["sub_event_type"], r["location"]) for r in rows})  # re-run added nothing

    somalia = run("export", "--db", db, "--format", "csv", "--country", "Somalia")
    assert {r["country"] for r in csv.DictReader(io.StringIO(somalia.stdout))} == {"Somalia"}


def test_cli_stats_on_a_missing_store_is_one_clear_line(tmp_path):
    result = run("stats", "--db", tmp_path / "none.duckdb")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_gazetteer_import_makes_new_places_findable(tmp_path):
    dump = tmp_path / "SO.txt"
    row = ["990001", "Qarya Zarqa", "Qarya Zarqa", "Qaryat az Zarqa", "10.5", "20.25", "P", "PPL", "SO", "",
           "12", "", "", "", "1200", "", "300", "Africa/Mogadishu", "2020-01-01"]
    dump.write_text("\t".join(row) + "\n")
    env = dict(os.environ, EVENTWIRE_HOME=str(tmp_path / "home"))
    result = run("gazetteer", "import", dump, env=env)
    assert result.returncode == 0, result.stderr
    assert "Imported 1 places" in result.stderr
    bad = tmp_path / "bad.txt"
    bad.write_text("not a gazetteer\n")
    failed = run("gazetteer", "import", bad, env=env)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
