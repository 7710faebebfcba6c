"""Files and folders: every supported format, gzip, the --map option, and bad records as failed items."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from eventwire.errors import EventwireError
from eventwire.ingest_cli import parse_column_map
from eventwire.sources import FailedItem, SourceOptions, SourceRecord, iter_items

TEXT = "Police dispersed protesters in Accra on Tuesday after a march against fuel prices."
HTML = (
    "<html><head><title>Fuel protest</title></head><body><nav>Home | World</nav><article><h1>Fuel protest</h1>"
    f"<p>{TEXT}</p><p>Organisers said the march would continue next week in other cities.</p></article></body></html>"
)


def items(*inputs, **options):
    return list(iter_items([str(i) for i in inputs], SourceOptions(**options)))


def records(found):
    return [i for i in found if isinstance(i, SourceRecord)]


def failures(found):
    return [i for i in found if isinstance(i, FailedItem)]


def test_text_html_and_json_files_in_a_folder_are_read_recursively_in_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b" / "page.html").write_text(HTML)
    (tmp_path / "b" / "one.json").write_text(json.dumps({"text": TEXT + " JSON.", "published": "2016-10-30", "source": "S"}))
    (tmp_path / "notes.png").write_bytes(b"\x89PNG\x00\x00")  # not an input format: ignored in folders
    found = items(tmp_path)
    assert [r.key.rsplit("/", 1)[1] for r in records(found)] == ["a.txt", "one.json", "page.html"]
    by_name = {r.key.rsplit("/", 1)[1]: r.article for r in records(found)}
    assert by_name["a.txt"].text == TEXT
    assert "Police dispersed protesters" in by_name["page.html"].text and "Home | World" not in by_name["page.html"].text
    assert by_name["one.json"].published == date(2016, 10, 30) and by_name["one.json"].source == "S"
    assert not failures(found)


def test_jsonl_json_list_and_csv_give_one_item_per_record_with_stable_keys(tmp_path):
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("\n".join(json.dumps({"text": f"{TEXT} {i}", "title": f"t{i}"}) for i in range(3)) + "\n")
    listing = tmp_path / "l.json"
    listing.write_text(json.dumps([{"text": "first article text"}, {"text": "second article text"}]))
    table = tmp_path / "t.csv"
    table.write_text('text,title,published,source,url\n"A, quoted\nmultiline text",T,2016-10-30,S,http://u\n')
    found = items(jsonl, listing, table)
    keys = [r.key.rsplit("/", 1)[1] for r in records(found)]
    assert keys == ["c.jsonl#1", "c.jsonl#2", "c.jsonl#3", "l.json#1", "l.json#2", "t.csv#2"]
    row = records(found)[-1].article
    assert (row.text, row.title, row.published, row.source, row.url) == (
        "A, quoted\nmultiline text", "T", date(2016, 10, 30), "S", "http://u")


def test_gzip_variants_are_read_like_the_plain_files(tmp_path):
    with gzip.open(tmp_path / "c.jsonl.gz", "wt") as handle:
        handle.write(json.dumps({"text": TEXT}) + "\n")
    with gzip.open(tmp_path / "t.csv.gz", "wt") as handle:
        handle.write(f"text\n{TEXT}\n")
    with gzip.open(tmp_path / "a.txt.gz", "wb") as handle:
        handle.write(TEXT.encode())
    found = items(tmp_path)
    assert [r.article.text for r in records(found)] == [TEXT, TEXT, TEXT]
    assert not failures(found)


def test_column_map_names_other_columns(tmp_path):
    table = tmp_path / "corpus.csv"
    table.write_text(f"body,headline,date\n{TEXT},H,30 October 2016\n")
    found = items(table, column_map=parse_column_map(["text=body", "title=headline", "published=date"]))
    article = records(found)[0].article
    assert (article.text, article.title, article.published) == (TEXT, "H", date(2016, 10, 30))
    unmapped = failures(items(table))
    assert len(unmapped) == 1 and "--map text=COLUMN" in unmapped[0].reason


def test_bad_map_option_says_the_format():
    with pytest.raises(EventwireError, match="FIELD=COLUMN"):
        parse_column_map(["body"])


def test_broken_csv_rows_fail_one_by_one_and_reading_continues(tmp_path):
    table = tmp_path / "broken.csv"
    table.write_text(f"text,title\n{TEXT},ok\nonly-one-cell-and,too,many\n,empty text\n{TEXT} again,ok2\n")
    found = items(table)
    assert [r.article.title for r in records(found)] == ["ok", "ok2"]
    reasons = {f.key.rsplit("#", 1)[1]: f.reason for f in failures(found)}
    assert "3 cells" in reasons["3"] and "no text" in reasons["4"]


def test_undecodable_and_invalid_json_lines_fail_with_their_line_number(tmp_path):
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_bytes(
        json.dumps({"text": TEXT}).encode() + b"\n{not json\n" + b"\x00\x01\x02binary\x00\n"
        + json.dumps({"text": "still read"}).encode() + b"\n"
    )
    found = items(jsonl)
    assert [r.article.text for r in records(found)] == [TEXT, "still read"]
    bad = failures(found)
    assert [f.key.rsplit("#", 1)[1] for f in bad] == ["2", "3"]
    assert "not valid JSON" in bad[0].reason and "binary" in bad[1].reason


def test_undecodable_csv_bytes_fail_with_a_hint(tmp_path):
    table = tmp_path / "latin.csv"
    table.write_bytes(b"text\nfine row of text\ncaf\xe9 in Latin-1\n")
    found = items(table)
    assert [r.article.text for r in records(found)] == ["fine row of text"]
    assert "UTF-8" in failures(found)[0].reason


def test_binary_empty_and_missing_inputs_are_failed_items(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.txt").write_text("   ")
    found = items(tmp_path, tmp_path / "missing.txt")
    assert not records(found)
    reasons = " | ".join(f.reason for f in failures(found))
    assert "binary" in reasons and "empty" in reasons and "does not exist" in reasons


def test_corrupt_gzip_is_a_failed_item_not_a_crash(tmp_path):
    (tmp_path / "bad.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    found = items(tmp_path)
    assert len(failures(found)) == 1 and "Cannot read" in failures(found)[0].reason


def test_bad_items_land_in_the_failed_table_and_the_run_continues(tmp_path):
    import duckdb

    from eventwire.ingest_cli import ingest
    from eventwire_fakes import FakeCoder

    table = tmp_path / "in" / "mixed.csv"
    table.parent.mkdir()
    table.write_bytes(f"text,title\n{TEXT},ok\nshort,row,extra\ncaf\xe9 latin-1,bad\n".encode("latin-1"))
    (tmp_path / "in" / "feed.rss").write_text("<rss><channel><item><title>no link, not closed")
    (tmp_path / "in" / "blob.txt").write_bytes(b"\x00\xff" * 50)
    db = tmp_path / "s.duckdb"
    summary = ingest([str(tmp_path / "in"), "http://127.0.0.1:9/unreachable"], db, workers=0, coder=FakeCoder(),
                     quiet=True, fetch_timeout=2.0)
    assert summary.coded == 1 and summary.failed == 5
    conn = duckdb.connect(str(db), read_only=True)
    reasons = [r[0] for r in conn.execute("SELECT reason FROM failed ORDER BY item_key").fetchall()]
    conn.close()
    joined = " | ".join(reasons)
    for expected in ("Cannot reach", "3 cells", "not UTF-8", "cannot be read as RSS or Atom", "binary"):
        assert expected in joined
