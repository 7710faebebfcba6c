"""Rebuild ``src/eventwire/data/acled_admin1.csv``: the gazetteer's admin1 names mapped to the names ACLED
uses for the same province today ("Midi-Pyrenees" -> "Occitanie", "Lower Saxony" -> "Niedersachsen",
"Seoul" -> "Seoul Special City"), so exported events filter and join like ACLED's own.

For every event of ACLED's current-taxonomy development files (not ``global-2020.csv``, the held-out period),
the event's location name is looked up in the gazetteer, the candidate in the event's country nearest to ACLED's
coordinates (within 25 km) gives the gazetteer's admin1 name, and ACLED's admin1 column the target. A pair is kept
when the gazetteer name differs, has at least 5 events, and all of them agree: a province ACLED has split since
(DRC's Orientale into Ituri, Tshopo, ...) shows two targets and is left alone.

Then every other gazetteer admin1 whose name is not one of ACLED's admin1 names for its country is paired with
the one ACLED name that is the same once generic words are dropped ("Guizhou Sheng" -> "Guizhou", "Bicol" ->
"Bicol Region", "Tatarstan" -> "Republic of Tatarstan"); "city" counts as generic only on ACLED's side, so that
"Maputo City" is never made the province "Maputo" (events 0 in the output). Only names are kept (no events).

    .venv/bin/python scripts/build_admin1_names.py
"""

from __future__ import annotations

import argparse
import collections
import csv
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from build_actors import ACLED_CURRENT_FILES  # noqa: E402  (the same files, the held-out period left out)
from eventwire.model import Place  # noqa: E402
from eventwire.resolve.gazetteer import (KIND_ADMIN1, QUALITY_NAME, SHIPPED_DB, Gazetteer, distance_km,  # noqa: E402
                                         normalize_name)
MAX_KM = 25.0
MIN_EVENTS = 5
MIN_SHARE = 1.0


def gazetteer_admin1(gaz: Gazetteer, row: dict) -> str | None:
    try:
        gold = Place("gold", float(row["latitude"]), float(row["longitude"]))
    except ValueError:
        return None
    name = row["location"].split(" - ")[0].strip()
    # An admin area found by another name is no witness: GeoNames lists "Yerevan" among Kotayk province's names.
    near = [(distance_km(c.place, gold), c.place) for c in gaz.candidates(name) if c.place.country == row["country"]
            and (c.kind == "locality" or c.quality == QUALITY_NAME)]
    near = [(km, place) for km, place in near if km <= MAX_KM and place.admin1]
    return min(near, key=lambda kp: kp[0])[1].admin1 if near else None


# Words that name the kind of area, not the area ("Guizhou Sheng", "Republic of Tatarstan", "Bicol Region").
GENERIC_AREA_WORDS = {
    "sheng", "oblast", "oblys", "oblysy", "voivodeship", "province", "region", "governorate", "state", "department",
    "county", "prefecture", "krai", "kray", "republic", "autonomous", "municipality", "district", "territory", "of",
    "the", "capital", "special", "metropolitan", "do",
}


def area_key(name: str, city_is_generic: bool) -> tuple[str, ...]:
    generic = GENERIC_AREA_WORDS | ({"city"} if city_is_generic else set())
    return tuple(w for w in normalize_name(name).replace("-", " ").split() if w not in generic)


def acled_names(eval_dir: Path) -> dict[str, set[str]]:
    """Country -> the admin1 names ACLED uses there (in the development files)."""
    names: dict[str, set[str]] = collections.defaultdict(set)
    for filename in ACLED_CURRENT_FILES:
        with (eval_dir / "acled" / filename).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["admin1"]:
                    names[row["country"]].add(row["admin1"])
    return names


def same_name_pairs(gaz: Gazetteer, acled: dict[str, set[str]], known: set[tuple[str, str]]) -> list[tuple]:
    pairs = []
    with sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True) as db:
        areas = db.execute("SELECT DISTINCT cc, name FROM places WHERE kind = ?", (KIND_ADMIN1,)).fetchall()
    for cc, ours in areas:
        country = gaz.country_by_code(cc)
        names = acled.get(country.country if country else "", set())
        if not names or ours in names or (country.country, ours) in known or not area_key(ours, False):
            continue
        same = [name for name in names if area_key(name, True) == area_key(ours, False)]
        if len(same) == 1:
            pairs.append((country.country, ours, same[0], 0, 0))
    return sorted(set(pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "eventwire" / "data" / "acled_admin1.csv")
    args = parser.parse_args()
    gaz = Gazetteer(SHIPPED_DB)  # the shipped index alone: not a user's imports, not the OSM layer
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for filename in ACLED_CURRENT_FILES:
        with (args.eval_dir / "acled" / filename).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                ours = gazetteer_admin1(gaz, row)
                if ours and row["admin1"]:
                    votes[(row["country"], ours)][row["admin1"]] += 1
    rows = []
    for (country, ours), acled in sorted(votes.items()):
        name, count = acled.most_common(1)[0]
        total = sum(acled.values())
        if name != ours and count >= MIN_EVENTS and count >= MIN_SHARE * total:
            rows.append((country, ours, name, count, total))
    rows += same_name_pairs(gaz, acled_names(args.eval_dir), {(row[0], row[1]) for row in rows})
    with args.out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["country", "gazetteer_admin1", "acled_admin1", "events", "of"])
        writer.writerows(rows)
    print(f"{len(rows)} admin1 names mapped -> {args.out}")


if __name__ == "__main__":
    main()
