"""Reading one article: text, HTML, JSON, stdin, and every way an input can be unusable."""

from datetime import date

import pytest

from eventwire.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    MetadataError,
)
from eventwire.ingest.reader import Metadata, parse_article_bytes, parse_published, read_article

TEXT = "Police fired tear gas at protesters in Accra on Monday. Two people were injured."


def test_reader_reads_plain_text_and_applies_metadata(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    article = read_article(path, Metadata(published="2021-03-02", source="GNA", title="Clash"))
    assert article.text == TEXT
    assert article.published == date(2021, 3, 2)
    assert (article.source, article.title) == ("GNA", "Clash")


def test_reader_reads_json_object_and_options_override_it(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"text": "%s", "published": "2021-03-01", "source": "X", "url": "http://e.org/a"}' % TEXT)
    article = read_article(path, Metadata(source="Y"))
    assert article.published == date(2021, 3, 1)
    assert article.source == "Y"
    assert article.url == "http://e.org/a"


def test_reader_extracts_article_text_from_html(tmp_path):
    paragraphs = "".join(f"<p>{TEXT} Paragraph {i} adds more detail about the clashes in the capital.</p>" for i in range(5))
    html = (
        "<!DOCTYPE html><html><head><title>Clashes in Accra</title></head><body>"
        "<nav><a href='/'>Home</a><a href='/world'>World</a></nav>"
        f"<article><h1>Clashes in Accra</h1>{paragraphs}</article><footer>Copyright</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html)
    article = read_article(path)
    assert "tear gas" in article.text
    assert "Copyright" not in article.text
    assert article.title == "Clashes in Accra"


def test_reader_missing_file_says_so(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_article(tmp_path / "nope.txt")


def test_reader_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n ")
    with pytest.raises(EmptyInputError, match="empty"):
        read_article(path)


def test_reader_binary_file_is_refused(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 20)
    with pytest.raises(BinaryInputError, match="binary"):
        read_article(path)


def test_reader_huge_text_is_refused_with_the_option_to_raise_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 4_200_000)  # 21 MB
    with pytest.raises(InputTooLargeError, match="--max-bytes"):
        read_article(path)


def test_reader_html_without_article_text_is_refused(tmp_path):
    path = tmp_path / "nav.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>")
    with pytest.raises(EmptyInputError, match="No article text"):
        read_article(path)


def test_reader_invalid_json_names_the_problem():
    with pytest.raises(InputError, match="not valid JSON"):
        parse_article_bytes(b'{"text": "unterminated', "x.json", suffix=".json")


def test_reader_json_without_text_is_refused():
    with pytest.raises(EmptyInputError, match='"text"'):
        parse_article_bytes(b'{"title": "only a title"}', "x.json")


def test_reader_decodes_cp1252_bytes():
    article = parse_article_bytes("Caf\u00e9 owners protested in Bamako.".encode("cp1252"), "x.txt")
    assert article.text.startswith("Caf\u00e9")


@pytest.mark.parametrize("value,expected", [
    ("2016-10-30", date(2016, 10, 30)),
    ("2016-10-30T08:15:00Z", date(2016, 10, 30)),
    ("30 October 2016", date(2016, 10, 30)),
    ("Oct 30, 2016", date(2016, 10, 30)),
])
def test_reader_parse_published_accepts_common_formats(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["yesterday-ish", "2016-13-45", "30/10/16"])
def test_reader_parse_published_rejects_unknown_formats(value):
    with pytest.raises(MetadataError, match="YYYY-MM-DD"):
        parse_published(value)
