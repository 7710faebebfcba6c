"""Syndicated copies: exact (content hash) and near duplicates (MinHash LSH) are linked, not coded again."""

from __future__ import annotations

import json

import duckdb

from eventwire.ingest_cli import ingest
from eventwire.sources.dedup import NearDuplicateIndex, article_id, signature, signature_bytes, signature_from_bytes
from eventwire_fakes import FakeCoder

WIRE = (
    "BAGHDAD (Reuters) - Iraqi army units clashed with Islamic State fighters on the eastern edge of Mosul on "
    "Monday, as the offensive to retake the city entered its third week. Commanders said special forces had "
    "advanced into the Gogjali district after heavy fighting, and that air strikes by the US-led coalition "
    "supported the advance. Thousands of civilians fled the villages south and east of the city, aid agencies "
    "said, and the United Nations warned that as many as a million people could be displaced by the fighting."
)
OTHER = (
    "Police in Accra fired tear gas at hundreds of protesters who marched against rising fuel prices on Tuesday. "
    "The organisers said the demonstration would continue until the government reversed the latest increase, "
    "and opposition leaders called for a general strike across the country later this month."
)


class CountingCoder(FakeCoder):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def __call__(self, article):
        self.calls += 1
        return super().__call__(article)


def test_article_id_ignores_whitespace_but_not_words():
    assert article_id("a  b\n c") == article_id("a b c")
    assert article_id("a b c") != article_id("a b d")


def test_near_duplicate_found_for_an_edited_copy_and_not_for_another_story():
    index = NearDuplicateIndex(threshold=0.7)
    index.add("wire", signature(WIRE))
    edited = "Posted by Staff Writer. " + WIRE.replace("Monday", "Monday morning") + " Related: more news."
    match = index.best_match(signature(edited))
    assert match is not None and match[0] == "wire" and match[1] >= 0.7
    assert index.best_match(signature(OTHER)) is None


def test_signatures_survive_a_round_trip_through_bytes():
    minhash = signature(WIRE)
    assert signature_from_bytes(signature_bytes(minhash)).jaccard(minhash) == 1.0


def test_ingest_links_copies_to_the_original_without_coding_them(tmp_path):
    corpus = tmp_path / "c.jsonl"
    copies = [
        {"text": WIRE, "source": "Reuters"},
        {"text": OTHER, "source": "GhanaWeb"},
        {"text": WIRE.replace(" ", "  "), "source": "Exact copy site"},
        {"text": "From our partners. " + WIRE.replace("Monday", "Monday morning"), "source": "Near copy site"},
    ]
    corpus.write_text("\n".join(json.dumps(c) for c in copies) + "\n")
    coder = CountingCoder()
    db = tmp_path / "s.duckdb"
    summary = ingest([str(corpus)], db, workers=0, coder=coder, quiet=True)
    assert coder.calls == 2
    assert (summary.coded, summary.exact_duplicates, summary.near_duplicates) == (2, 1, 1)
    conn = duckdb.connect(str(db), read_only=True)
    links = conn.execute("SELECT source, match, article_id FROM sources ORDER BY item_key").fetchall()
    conn.close()
    original = links[0][2]
    assert [(s, m) for s, m, _ in links] == [("Reuters", "coded"), ("GhanaWeb", "coded"),
                                             ("Exact copy site", "exact"), ("Near copy site", "near")]
    assert links[2][2] == original and links[3][2] == original

    # A later run with a new copy still finds the original (signatures are kept in the store).
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps({"text": WIRE + " Copyright 2016.", "source": "Late site"}) + "\n")
    summary = ingest([str(later)], db, workers=0, coder=coder, quiet=True)
    assert coder.calls == 2 and summary.near_duplicates == 1
