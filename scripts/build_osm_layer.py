"""Rebuild ``src/eventwire/data/gazetteer/osm-africa.sqlite``: the OpenStreetMap villages and towns of Africa that
the shipped GeoNames / Who's On First index lacks, as a gazetteer layer of its own.

Input: ``/work/shared/gazetteer/osm2019-africa/osm2019-africa-places.tsv.gz`` (OpenStreetMap ``place=*`` nodes of
53 African countries, 2019; see that folder's SOURCES.md). Each node is read once (a node near a border is in two
countries' extracts), given the country, admin1 and admin2 of the nearest shipped locality (within the countries of
its extracts), and left out where the shipped index already holds a place of that name in that country within
10 km. OSM data is ODbL 1.0 (share-alike): it stays in this file of its own, never merged into the CC BY index, with
its licence notice beside it (``LICENSE-osm-africa.txt``). Run after ``scripts/build_gazetteer.py``:

    .venv/bin/python scripts/build_osm_layer.py
"""

from __future__ import annotations

import argparse
import datetime
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from eventwire.resolve.gazetteer import OSM_LAYER, write_layer  # noqa: E402

DEFAULT_SOURCE = Path("/work/shared/gazetteer/osm2019-africa/osm2019-africa-places.tsv.gz")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="OSM places TSV(.gz) in eventwire's format")
    parser.add_argument("--out", type=Path, default=OSM_LAYER, help="the layer file to (re)write")
    args = parser.parse_args()
    if not args.source.is_file():
        sys.exit(f"{args.source} not found: give --source, the osm2019-africa places file.")
    args.out.unlink(missing_ok=True)
    count = write_layer(args.source, args.out)
    db = sqlite3.connect(args.out)
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [
        ("built_on", datetime.date.today().isoformat()),
        ("source", args.source.name),
        ("licence", "ODbL 1.0, (c) OpenStreetMap contributors"),
    ])
    db.commit()
    db.execute("VACUUM")
    db.close()
    print(f"{args.out}: {count:,} places, {args.out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
