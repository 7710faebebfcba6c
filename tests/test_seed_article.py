"""End to end on the seed article, a real 2016 web article on the offensive near Mosul.

It lives in ../shared/examples (not shipped: it is someone else's text); the test skips where that
folder is absent. Nothing in eventwire special-cases this article: it must come out right because
the components are right.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "examples" / "hngn-2016-10-30-mosul.txt"
pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED} (../shared/examples)")

MOSUL = (36.34, 43.13)


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def coded():
    out = subprocess.run(
        [sys.executable, "-m", "eventwire.cli", "extract", str(SEED), "--published", "2016-10-30",
         "--source", "HNGN", "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def test_seed_article_has_government_regains_territory_near_mosul(coded):
    regains = [e for e in coded["events"] if e["sub_event_type"] == "Government regains territory"]
    assert regains, [e["sub_event_type"] for e in coded["events"]]
    event = regains[0]
    assert event["event_type"] == "Battles"
    assert event["actor1"] == "Military Forces of Iraq"
    assert event["inter1"] == 1
    assert event["actor2"] == "Islamic State (Iraq)"  # ACLED names the province by country
    assert event["country"] == "Iraq"
    assert event["admin1"] in ("Ninewa", "Ninawa", "Nineveh")
    assert event["geo_precision"] == 2
    assert km(event["latitude"], event["longitude"], *MOSUL) < 50
    assert "2016-10-23" <= event["event_date"] <= "2016-10-30"
    assert "retaking control" in event["evidence"]["sub_event_type"]["sentence"]
    assert event["source"] == "HNGN"


def test_seed_article_islamic_state_is_one_entity_with_its_names(coded):
    names = [e for e in coded["entities"] if e.get("actor") == "Islamic State" and e["type"] != "PERSON"]
    assert len(names) == 1
    spellings = {a.lower() for a in names[0]["aliases"]} | {names[0]["name"].lower()}
    assert {"isis", "daesh"} <= spellings


def test_seed_article_volesky_is_one_person_speaking_both_quotes(coded):
    people = [e for e in coded["entities"] if "Volesky" in e["name"]]
    assert len(people) == 1 and people[0]["type"] == "PERSON"
    assert "Voleshy" in people[0]["aliases"]
    spoken = [q for q in coded["quotes"] if q["speaker"] == people[0]["id"]]
    assert len(spoken) == 2


def test_seed_article_names_the_leaders_as_people(coded):
    persons = " | ".join(e["name"] for e in coded["entities"] if e["type"] == "PERSON")
    assert "Abadi" in persons
    assert "Bagdadi" in persons or "Baghdadi" in persons


def test_seed_article_warns_about_its_weaknesses(coded):
    warnings = " ".join(coded["warnings"]).lower()
    assert "voleshy" in warnings  # a name spelled two ways
    assert "official" in warnings  # claims attributed only to unnamed officials
