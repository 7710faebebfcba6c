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
# A text is called non-English (and left uncoded) only on at least this many stop words of that language, of
# which at least MIN_OWN_HITS are not English words too: a headline's one or two function words prove nothing
# ("Islamic State fighters attacked Iraqi troops near Mosul" holds the Italian stop word "state"; "in" and "of" are
# Dutch ones).
MIN_FOREIGN_HITS = 3
MIN_OWN_HITS = 2
# Particles of Arabic names that are stop words elsewhere ("Al Hudaydah", "Bab al-Amod", "al-Shabaab") are not
# counted, nor are single letters ("Iraq's", "F-16s", "U.S.") other than the one-letter words of the Romance languages.
NAME_PARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ibn", "bin", "abu", "bu"})
ONE_LETTER_WORDS = frozenset({"a", "e", "o", "y", "i"})


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
    written = WORD_RE.findall(text[:20000])[:SAMPLE_WORDS]
    if len(written) < 3:
        return "und"
    kept = [w for w in written
            if (len(w) > 1 or w.lower() in ONE_LETTER_WORDS) and w.lower() not in NAME_PARTICLES]
    # Another language's function words count only in lower case: a capitalised one in English text is part of a
    # name ("Islamic State"). An all-capitals text (wire copy) has no case to go by, so every word counts there.
    shouting = not any(w.islower() for w in written)
    every_word = [w.lower() for w in kept]
    lower_case = [w.lower() for w in kept if shouting or not w[:1].isupper()]
    hits = {lang: sum(1 for w in (every_word if lang == "en" else lower_case) if w in _stop_words(lang))
            for lang in CANDIDATE_LANGUAGES}
    own = {lang: sum(1 for w in lower_case if w in _stop_words(lang) and w not in _stop_words("en"))
           for lang in CANDIDATE_LANGUAGES}
    foreign = max(CANDIDATE_LANGUAGES[1:], key=lambda lang: (own[lang], hits[lang]))
    best_lang = foreign if hits[foreign] > hits["en"] else "en"
    if hits[best_lang] == 0 or (hits[best_lang] / len(written) < MIN_STOPWORD_SHARE and len(written) >= 20):
        return by_script or "und"  # Cyrillic text is not English even when its stop words are few
    weak = hits[best_lang] < MIN_FOREIGN_HITS or own[best_lang] < MIN_OWN_HITS
    if best_lang != "en" and weak and by_script is None:
        return "und"  # too little to call it foreign (a headline); coded as English text would be
    return best_lang
