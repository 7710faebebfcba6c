"""Evaluate eventwire on UCDP GED headlines (issue 3 target: location acc_25km >= 0.80).

Converts the UCDP rows that carry a ``source_headline`` into eventwire's jsonl gold format, in a temp file
(never in the repository: the data is licensed), then runs ``eventwire.evaluate`` on it:

* text = ``source_headline``; published = ``source_date`` (else ``date_start`` + 1 day);
* actor1 = ``side_a``, actor2 = ``side_b`` (UCDP's own names, so actor scores are only indicative);
* latitude/longitude, country; event_date = ``date_start`` when ``date_prec`` is 1 (the exact day);
* fatalities are left out: UCDP counts deaths by its own rules (best estimate), not ACLED's;
* a headline shared by several UCDP events is kept once (its first event), so no text is scored twice.

Usage::

    .venv/bin/python benchmarks/eval_ucdp.py [--shared ../shared] [--limit 1000] [--json] [--keep out.jsonl]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

UCDP_FILE = Path("eval/ucdp/ucdp-ged-iraq-dev.csv")


def ucdp_to_jsonl_rows(path: Path) -> list[dict]:
    """One gold object per distinct headline."""
    rows, seen = [], set()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            headline = (row.get("source_headline") or "").strip()
            if not headline or headline.lower() in seen:
                continue
            seen.add(headline.lower())
            gold = {
                "id": row["id"],
                "text": headline,
                "actor1": row["side_a"],
                "actor2": row["side_b"],
                "country": row["country"],
                "latitude": float(row["latitude"]),
                "longitude": float(row["longitude"]),
                "geo_precision": int(row["where_prec"]),
            }
            published = (row.get("source_date") or "").strip()[:10]
            if published:
                gold["published"] = published
            if row.get("date_prec") == "1":
                gold["event_date"] = row["date_start"][:10]
            rows.append(gold)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="the shared data folder")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", action="store_true", help="print the score dict as JSON")
    parser.add_argument("--keep", type=Path, default=None, help="also write the jsonl gold here (outside the repo)")
    args = parser.parse_args(argv)
    source = args.shared / UCDP_FILE
    if not source.is_file():
        print(f"UCDP file {source} not found: pass --shared PATH_TO/shared", file=sys.stderr)
        return 2
    rows = ucdp_to_jsonl_rows(source)
    with tempfile.TemporaryDirectory() as tmp:
        gold_path = args.keep or Path(tmp) / "ucdp-headlines.jsonl"
        gold_path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        from eventwire.evaluate import run_evaluation
        from eventwire.evaluate.runner import render_table

        report = run_evaluation(gold_path, "jsonl", limit=args.limit, progress=not args.json)
    if args.json:
        print(json.dumps(report.metrics, indent=2))
    else:
        print(f"{len(rows)} UCDP rows with a distinct headline")
        print(render_table(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
