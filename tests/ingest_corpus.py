"""Hand-written corpora for the ingest, engine and export tests (no licensed data)."""

from __future__ import annotations

import json
from pathlib import Path

GROUPS = ["Rebel Front", "Liberation Army", "Tribal Militia", "Workers Union", "Student Movement"]
PLACES = ["Mosul", "Accra", "Aleppo", "Nowhere"]
VERBS = ["clashed with", "shelled", "protested against"]


def article_text(i: int) -> str:
    """A distinct article (its own words, so no two are near-duplicates) with one or two coded events."""
    group = GROUPS[i % len(GROUPS)]
    place = PLACES[i % len(PLACES)]
    verb = VERBS[i % len(VERBS)]
    day = f"2016-{(i % 3) + 9:02d}-{(i % 27) + 1:02d}"
    sentences = [
        f"Report number {i} from the {place} desk about item {i * 7919 % 1000}.",
        f"On {day} Government Forces {verb} {group} near {place} and {i % 9} people were killed.",
        f"Witnesses counted {i * 13 % 97} vehicles and {i * 31 % 89} tents at kilometre {i * 17 % 101} "
        f"of road {i % 11}, in the season of year {2000 + i % 17}.",
    ]
    if i % 4 == 0:
        sentences.append(f"Later Police Units clashed with {GROUPS[(i + 1) % len(GROUPS)]} in Aleppo.")
    if i % 5 == 0:
        sentences.append(f'"We will stay for code {i}," a spokesman said.')
    return " ".join(sentences)


def write_corpus(folder: Path, count: int = 60, name: str = "corpus.jsonl", with_problems: bool = True) -> Path:
    """A JSONL corpus of ``count`` articles, plus exact and near copies and bad lines when asked."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(count):
        lines.append(json.dumps({"text": article_text(i), "title": f"Story {i}", "published": "2016-10-30",
                                 "source": f"Site {i % 3}", "url": f"http://news.example/{i}"}))
        if with_problems and i % 10 == 3:
            lines.append(json.dumps({"text": article_text(i), "source": "Copy site"}))
        if with_problems and i % 10 == 6:
            lines.append(json.dumps({"text": "Syndicated. " + article_text(i) + " All rights reserved.",
                                     "source": "Near copy site"}))
        if with_problems and i % 20 == 9:
            lines.append("{broken json line")
        if with_problems and i % 25 == 11:
            lines.append(json.dumps({"text": f"EXPLODE-CODER bulletin {i}: this one makes the fake coder raise."}))
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


# What a store holds, without the columns that record *when* something was written.
SNAPSHOT_QUERIES = {
    "articles": "SELECT article_id, title, published, source, url, language, chars, item_key, warnings, minhash FROM articles ORDER BY ALL",
    "sources": "SELECT item_key, article_id, match, similarity, title, published, source, url FROM sources ORDER BY ALL",
    "events": "SELECT * FROM events ORDER BY ALL",
    "evidence": "SELECT * FROM evidence ORDER BY ALL",
    "entities": "SELECT * FROM entities ORDER BY ALL",
    "quotes": "SELECT * FROM quotes ORDER BY ALL",
    "failed": "SELECT item_key, origin, stage, error_type, reason FROM failed ORDER BY ALL",
}


def snapshot(db: Path) -> dict[str, list]:
    import duckdb

    conn = duckdb.connect(str(db), read_only=True)
    try:
        return {table: conn.execute(sql).fetchall() for table, sql in SNAPSHOT_QUERIES.items()}
    finally:
        conn.close()
