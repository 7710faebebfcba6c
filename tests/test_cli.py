"""The command line, end to end: happy paths on the bundled example and every kind of bad input."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.model import ACLED_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "kismayo-clash.txt"


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "eventwire.cli", *map(str, args)],
        capture_output=True, text=True, input=stdin,
    )


def assert_clean_error(result, needle):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert needle.lower() in result.stderr.lower(), result.stderr


@pytest.fixture(scope="module")
def example_json():
    result = run("extract", EXAMPLE, "--published", "2024-03-11", "--source", "Example", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_json_has_the_documented_shape(example_json):
    assert set(example_json) == {"article", "events", "entities", "quotes", "warnings"}
    assert set(example_json["article"]) == {"title", "published", "source", "url", "language", "chars"}
    assert example_json["article"]["published"] == "2024-03-11"
    for event in example_json["events"]:
        assert set(ACLED_COLUMNS) <= set(event)
        assert 0 <= event["confidence"] <= 1
        for evidence in event["evidence"].values():
            text = EXAMPLE.read_text()
            assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]


def test_cli_codes_the_example_battle(example_json):
    battles = [e for e in example_json["events"] if e["event_type"] == "Battles"]
    assert battles
    battle = battles[0]
    assert battle["actor1"] == "Military Forces of Somalia"
    assert battle["actor2"] == "Al Shabaab"
    assert battle["country"] == "Somalia"
    assert battle["location"] == "Jilib"
    assert battle["event_date"] == "2024-03-10"  # "on Sunday" before Monday 11 March 2024
    assert battle["fatalities"] == 15  # at least 12 militants and three soldiers


def test_cli_csv_from_stdin_has_acled_columns_in_order():
    result = run("extract", "-", "--format", "csv", "--published", "2024-03-11", stdin=EXAMPLE.read_text())
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0][: len(ACLED_COLUMNS)]) == ACLED_COLUMNS
    assert len(rows) >= 2


def test_cli_table_is_readable():
    result = run("extract", EXAMPLE, "--published", "2024-03-11")
    assert result.returncode == 0, result.stderr
    assert "Jilib" in result.stdout


def test_cli_json_input_object(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"text": EXAMPLE.read_text(), "published": "2024-03-11", "source": "J"}))
    result = run("extract", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"]["source"] == "J"


def test_cli_missing_file(tmp_path):
    assert_clean_error(run("extract", tmp_path / "missing.txt"), "does not exist")


def test_cli_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    assert_clean_error(run("extract", path), "empty")


def test_cli_binary_file(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(bytes(range(256)) * 100)
    assert_clean_error(run("extract", path), "binary")


def test_cli_huge_text(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("The army clashed with rebels. " * 700_000)  # 21 MB
    assert_clean_error(run("extract", path), "limit")


def test_cli_html_without_article_text(tmp_path):
    path = tmp_path / "menu.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert_clean_error(run("extract", path), "no article text")


def test_cli_invalid_json(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"text": "The army clashed", ')
    assert_clean_error(run("extract", path), "not valid JSON")


def test_cli_unknown_published_format():
    assert_clean_error(run("extract", EXAMPLE, "--published", "last tuesday-ish"), "publication date")


def test_cli_other_language_gives_no_events_and_a_warning(tmp_path):
    path = tmp_path / "fr.txt"
    path.write_text(
        "Les forces gouvernementales ont repris la ville de Jilib aux militants shebab dimanche, "
        "après plusieurs heures de combats, selon un responsable régional. Au moins douze militants ont été tués."
    )
    result = run("extract", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["events"] == []
    assert out["article"]["language"] == "fr"
    assert any("English" in w for w in out["warnings"])


def test_cli_help_explains_every_extract_option():
    result = run("extract", "--help")
    assert result.returncode == 0
    for option in ("--format", "--published", "--title", "--source", "--url", "--actors", "--max-bytes"):
        assert option in result.stdout


def test_cli_actors_file_extends_the_dictionary(tmp_path):
    actors = tmp_path / "my_actors.csv"
    actors.write_text("name,inter,country,aliases\nZarqa Valley Brigade,3,Somalia,ZVB|Zarqa Brigade\n")
    article = tmp_path / "a.txt"
    article.write_text("Fighters of the Zarqa Valley Brigade attacked an army base near Jilib on Monday, "
                       "killing two soldiers, officials said.")
    result = run("extract", article, "--published", "2024-03-12", "--format", "json", "--actors", actors)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert any(e.get("actor") == "Zarqa Valley Brigade" for e in out["entities"])
    assert any("Zarqa Valley Brigade" in (ev["actor1"], ev["actor2"]) for ev in out["events"])


def test_cli_malformed_actors_file_is_one_clear_line(tmp_path):
    actors = tmp_path / "bad.csv"
    actors.write_text("name,inter,country,aliases\nSomebody,eleven,,\n")
    assert_clean_error(run("extract", EXAMPLE, "--actors", actors), "line")


def test_cli_fast_codes_without_the_sentence_encoder(tmp_path):
    import os
    import shutil

    from eventwire.extract.events import DEFAULT_MODEL_DIR

    model = tmp_path / "model"
    model.mkdir()
    for name in ("event_model.npz", "word_vectors.npz"):
        shutil.copyfile(DEFAULT_MODEL_DIR / name, model / name)
    (model / "encoder").mkdir()  # an encoder folder that cannot load: only --fast gets past it
    env = {**os.environ, "EVENTWIRE_MODEL_DIR": str(model)}
    broken = subprocess.run([sys.executable, "-m", "eventwire.cli", "extract", str(EXAMPLE), "--format", "json"],
                            capture_output=True, text=True, env=env)
    assert_clean_error(broken, "sentence encoder")
    fast = subprocess.run([sys.executable, "-m", "eventwire.cli", "--fast", "extract", str(EXAMPLE), "--format", "json"],
                          capture_output=True, text=True, env=env)
    assert fast.returncode == 0, fast.stderr
    assert "Battles" in [e["event_type"] for e in json.loads(fast.stdout)["events"]]


def test_cli_no_osm_leaves_the_openstreetmap_layer_out(tmp_path):
    from eventwire.resolve.gazetteer import OSM_LAYER

    if not OSM_LAYER.exists():
        pytest.skip("the OpenStreetMap layer is not built")
    article = tmp_path / "tininai.txt"  # Tininai (Misrata) is a village only OpenStreetMap knows
    article.write_text("On 3 May 2020, GNA air force targeted three LNA military vehicles in Tininai (Misrata), "
                       "killing an unknown number of LNA soldiers.\n")
    places = []
    for options in ([], ["--no-osm"]):
        result = subprocess.run([sys.executable, "-m", "eventwire.cli", *options, "extract", str(article), "--format",
                                 "json"], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        places.append([(e["location"], e["country"]) for e in json.loads(result.stdout)["events"]])
    assert places == [[("Tininai", "Libya")], [("Misrata", "Libya")]]
