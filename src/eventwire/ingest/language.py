"""Which language an article is in, from stop-word shares (spaCy ships the lists; nothing to download).

eventwire's models read English only. Coding another language would produce confident nonsense, so
the pipeline skips such texts with a warning instead.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata

# Languages whose stop-word lists are compared; enough to tell English from the languages conflict news
# most often arrives in. Scripts without spaces or Latin letters are told apart by script first.
CANDIDATE_LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "nl", "tr", "id", "ro", "pl", "ru", "uk")
WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
SAMPLE_WORDS = 2000
# Below this share of stop words in its best language, a text is not running prose we can judge.
MIN_STOPWORD_SHARE = 0.12
# A text is called non-English (and left uncoded) only on at least this many stop words of that language.
MIN_FOREIGN_HITS = 3


@functools.lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
    return frozenset(word.lower() for word in module.STOP_WORDS)


def _script_language(text: str) -> str | None:
    """Language implied by the dominant non-Latin script, if any (Arabic, CJK, Cyrillic...)."""
    sample = text[:5000]
    if sample.isascii():
        return None  # plain Latin letters: the common case, decided without looking at each character
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    counts: dict[str, int] = {}
    for ch in letters:
        name = unicodedata.name(ch, "")
        script = name.split(" ")[0] if name else "UNKNOWN"
        counts[script] = counts.get(script, 0) + 1
    script, count = max(counts.items(), key=lambda item: item[1])
    if script == "LATIN" or count < len(letters) * 0.5:
        return None
    return {"ARABIC": "ar", "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "CYRILLIC": "ru",
            "HEBREW": "he", "DEVANAGARI": "hi", "THAI": "th", "GREEK": "el", "BENGALI": "bn"}.get(script, script.lower())


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or ``"und"`` (undetermined) for text too short or odd to judge."""
    by_script = _script_language(text)
    if by_script and by_script != "ru":
        return by_script
    words = [w.lower() for w in WORD_RE.findall(text[:20000])][:SAMPLE_WORDS]
    if len(words) < 3:
        return "und"
    hits = {lang: sum(1 for w in words if w in _stop_words(lang)) for lang in CANDIDATE_LANGUAGES}
    best_lang = max(CANDIDATE_LANGUAGES, key=lambda lang: hits[lang])  # ties go to the first: English
    best_share = hits[best_lang] / len(words)
    if hits[best_lang] == 0 or (best_share < MIN_STOPWORD_SHARE and len(words) >= 20):
        return by_script or "und"  # Cyrillic text is not English even when its stop words are few
    if best_lang != "en" and hits[best_lang] < MIN_FOREIGN_HITS and by_script is None:
        # A headline's one or two function words prove nothing: "Islamic State fighters attacked
        # Iraqi troops near Mosul" holds the Italian stop word "state" and no English one.
        return "und"
    return best_lang
