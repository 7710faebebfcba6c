"""Event dates from news sentences: "on Monday", "yesterday", "on Oct. 17", "last week", "the previous day".

News rarely gives a full date: it says "on Monday" and relies on the publication date. This module
finds date expressions with precompiled regexes (fast: a sentence without any date word is rejected
by one scan) and resolves them against the publication date (``published``) or, for expressions such
as "the previous day", against the date of the event mentioned before (``anchor``).

Resolution rules (news conventions, ACLED ``time_precision``: 1 day, 2 week, 3 month):

* A weekday ("on Monday", "Monday night", "late on Sunday") is the most recent such day on or before
  publication ("last Monday": strictly before). After a future marker ("will", "next Monday",
  "scheduled for") it is the next such day after publication and the mention is flagged ``future``.
* A day and month without a year ("Oct. 17", "17 October") takes the publication year, unless that
  falls after publication: then it is last year's.
* "last week" / "earlier this week" / "N weeks ago" have precision 2 and are coded at the middle of
  the week meant; "this month" / "last month" / "in March 2021" have precision 3 and are coded at the
  middle of the month (never after publication).
* Without a publication date every relative expression resolves to nothing: no guessing. Absolute
  dates ("18 March 2022", "2022-03-18") still resolve.

dateparser is used only for numeric day/month/year forms ("18/03/2022"), whose order it knows how to
guess; everything else is parsed here, which is faster and handles what ``dateparser.search`` misses
("earlier this month", "the previous day").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterator, Optional

__all__ = ["DateMention", "find_dates", "resolve_date", "first_date_in_text"]

PRECISION_DAY = 1
PRECISION_WEEK = 2
PRECISION_MONTH = 3

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3,
    "several": 3,
}

# Month names are matched capitalised only: "may" and "march" are also common lower-case words.
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?"
_COUNT = r"(?P<count>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|a few|several)"

# One cheap scan decides whether a sentence can hold a date at all.
_GATE = re.compile(
    r"\d|day|night|week|month|ago|earlier|overnight|tonight|"
    r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec",
    re.IGNORECASE,
)
# Words before a date that make it a plan, not a past event ("will meet on Monday").
_FUTURE_MARKER = re.compile(
    r"\b(?:will|shall|would|is due|are due|scheduled|planned|plans?|expected|set to|upcoming|next|"
    r"coming|until|tomorrow)\b[^.;!?]*$",
    re.IGNORECASE,
)
_FUTURE_WINDOW = 60


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a sentence, resolved to a calendar date.

    ``start`` / ``end`` are character offsets in the text searched; ``precision`` is ACLED's
    ``time_precision`` (1 day, 2 week, 3 month); ``future`` marks a date the text plans for.
    """

    date: date
    precision: int
    start: int
    end: int
    text: str
    future: bool = False


# --------------------------------------------------------------------------------------------
# Small calendar helpers


def _safe_date(year: int, month: int, day: int) -> Optional[date]:
    """A date, or None when the numbers make none (31 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _count_value(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else SMALL_NUMBERS[word]


def _middle_of_week(day: date) -> date:
    """The Wednesday of ``day``'s ISO week: ACLED codes a week-precise event inside that week."""
    return day - timedelta(days=day.weekday()) + timedelta(days=2)


def _middle_of_month(year: int, month: int, published: Optional[date]) -> date:
    """The 15th of the month, pulled back to ``published`` when the 15th is still to come."""
    middle = date(year, month, 15)
    if published is not None and middle > published and (published.year, published.month) == (year, month):
        return published
    return middle


def _previous_month(day: date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def _year_for_month_day(month: int, day: int, published: date) -> Optional[date]:
    """The publication year, or the year before when the date would fall after publication."""
    candidate = _safe_date(published.year, month, day)
    if candidate is None or candidate > published:
        candidate = _safe_date(published.year - 1, month, day)
    return candidate


def _year_for_month(month: int, published: date) -> int:
    return published.year if month <= published.month else published.year - 1


def _weekday_on_or_before(weekday: int, reference: date, strictly_before: bool) -> date:
    back = (reference.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return reference - timedelta(days=back)


def _weekday_after(weekday: int, reference: date) -> date:
    ahead = (weekday - reference.weekday()) % 7 or 7
    return reference + timedelta(days=ahead)


# --------------------------------------------------------------------------------------------
# Patterns: each resolver receives the match, the publication date and the anchor, and returns
# (date, precision) or None. Listed from most to least specific: a span taken by an earlier
# pattern is not matched again by a later one.

Resolved = Optional[tuple[date, int]]


@dataclass(frozen=True)
class _DatePattern:
    regex: re.Pattern
    resolve: Callable[[re.Match, Optional[date], Optional[date]], Resolved]
    absolute: bool  # True: needs no publication date


def _iso(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    found = _safe_date(int(m["year"]), int(m["month"]), int(m["day"]))
    return (found, PRECISION_DAY) if found else None


def _day_month_year(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    found = _safe_date(int(m["year"]), _month_number(m["month"]), int(m["day"]))
    return (found, PRECISION_DAY) if found else None


def _numeric(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    """"18/03/2022": dateparser guesses the day/month order (day first when ambiguous)."""
    import dateparser  # imported lazily: loading it costs ~0.3 s and most texts never get here

    settings = {"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past"}
    parsed = dateparser.parse(m.group(0), languages=["en"], settings=settings)
    return (parsed.date(), PRECISION_DAY) if parsed else None


def _month_day(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    if published is None:
        return None
    found = _year_for_month_day(_month_number(m["month"]), int(m["day"]), published)
    return (found, PRECISION_DAY) if found else None


def _month_year(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    return _middle_of_month(int(m["year"]), _month_number(m["month"]), published), PRECISION_MONTH


def _month_only(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    if published is None:
        return None
    month = _month_number(m["month"])
    return _middle_of_month(_year_for_month(month, published), month, published), PRECISION_MONTH


def _weekday(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    if published is None:
        return None
    weekday = WEEKDAYS[m["weekday"].lower()]
    if m["next"]:
        return _weekday_after(weekday, published), PRECISION_DAY
    return _weekday_on_or_before(weekday, published, strictly_before=bool(m["last"])), PRECISION_DAY


def _day_words(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    if published is None:
        return None
    word = m["word"].lower()
    if word in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today"):
        return published, PRECISION_DAY
    if word == "tomorrow":
        return published + timedelta(days=1), PRECISION_DAY
    # "yesterday", "last night", "overnight": the night before publication.
    return published - timedelta(days=1), PRECISION_DAY


def _ago(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    if published is None:
        return None
    count = _count_value(m["count"])
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        return published - timedelta(days=count), PRECISION_DAY
    if unit == "week":
        return _middle_of_week(published - timedelta(weeks=count)), PRECISION_WEEK
    year, month = published.year, published.month
    for _ in range(count):
        year, month = _previous_month(date(year, month, 1))
    return _middle_of_month(year, month, published), PRECISION_MONTH


def _relative_to_anchor(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    """"the previous day", "two days later": relative to the event mentioned before."""
    reference = anchor or published
    if reference is None:
        return None
    count = _count_value(m["count"]) if m["count"] else 1
    if m["direction"].lower() == "later" or m["direction"].lower() == "after":
        if anchor is None:
            return None  # "two days later" with nothing to count from
        return anchor + timedelta(days=count), PRECISION_DAY
    if anchor is None:
        # "the previous day" with no earlier event: the day before publication.
        return published - timedelta(days=count), PRECISION_DAY
    return anchor - timedelta(days=count), PRECISION_DAY


def _week_words(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    if published is None:
        return None
    phrase = m.group(0).lower()
    if "last" in phrase or "past" in phrase or "previous" in phrase:
        if "weekend" in phrase:
            return _weekday_on_or_before(5, published, strictly_before=True), PRECISION_WEEK
        return _middle_of_week(published - timedelta(weeks=1)), PRECISION_WEEK
    if "weekend" in phrase:
        return _weekday_on_or_before(5, published, strictly_before=False), PRECISION_WEEK
    # "this week", "earlier this week": between Monday and publication.
    monday = published - timedelta(days=published.weekday())
    return monday + (published - monday) // 2, PRECISION_WEEK


def _month_words(m: re.Match, published: Optional[date], anchor: Optional[date]) -> Resolved:
    if published is None:
        return None
    phrase = m.group(0).lower()
    if "last" in phrase or "past" in phrase or "previous" in phrase:
        year, month = _previous_month(published)
        return _middle_of_month(year, month, published), PRECISION_MONTH
    if "earlier" in phrase:
        # Between the 1st and publication: the middle of what has passed of the month.
        first = published.replace(day=1)
        return first + (published - first) // 2, PRECISION_MONTH
    return _middle_of_month(published.year, published.month, published), PRECISION_MONTH


_PATTERNS: tuple[_DatePattern, ...] = (
    _DatePattern(re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"), _iso, True),
    _DatePattern(re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"), _day_month_year, True),
    _DatePattern(re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"), _day_month_year, True),
    _DatePattern(re.compile(r"\b[0-3]?\d/[01]?\d/(?:19|20)\d\d\b"), _numeric, True),
    _DatePattern(re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b"), _month_year, True),
    _DatePattern(re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?![\w-])"), _month_day, False),
    _DatePattern(re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?![:.,]?\d)"), _month_day, False),
    _DatePattern(
        re.compile(
            rf"\b(?:(?:late|early)\s+(?:on\s+)?|on\s+|(?P<last>last|this\s+past|past)\s+|(?P<next>next|this\s+coming)\s+)?"
            rf"{_WEEKDAY}(?:\s+(?:night|morning|afternoon|evening))?\b"
        ),
        _weekday,
        False,
    ),
    _DatePattern(
        re.compile(
            r"\b(?P<word>yesterday|today|tonight|tomorrow|last\s+night|overnight|earlier\s+today|"
            r"this\s+(?:morning|afternoon|evening))\b",
            re.IGNORECASE,
        ),
        _day_words,
        False,
    ),
    _DatePattern(
        re.compile(rf"\b{_COUNT}\s+(?P<unit>days?|weeks?|months?)\s+ago\b", re.IGNORECASE), _ago, False
    ),
    _DatePattern(
        re.compile(
            r"\b(?:the\s+(?:previous|preceding)\s+day|the\s+day\s+(?P<direction>before|after)|"
            rf"(?:{_COUNT}|the)\s+days?\s+(?P<direction2>earlier|later|before|prior))\b",
            re.IGNORECASE,
        ),
        lambda m, p, a: _relative_to_anchor(_DirectionMatch(m), p, a),
        False,
    ),
    _DatePattern(
        re.compile(
            r"\b(?:(?:earlier|later)\s+)?(?:this|last|past|previous)\s+(?:week(?:end)?)\b", re.IGNORECASE
        ),
        _week_words,
        False,
    ),
    _DatePattern(
        re.compile(
            r"\b(?:(?:earlier|later)\s+(?:in\s+)?)?(?:this|last|past|previous)\s+month\b|\bearlier\s+in\s+the\s+month\b",
            re.IGNORECASE,
        ),
        _month_words,
        False,
    ),
    _DatePattern(
        re.compile(rf"\b(?:in|during|since|early|late|mid-?|earlier\s+in|last|this)\s+{_MONTH}(?![\w-])"),
        _month_only,
        False,
    ),
)


class _DirectionMatch:
    """Gives the anchor pattern one ``direction`` group whichever alternative matched."""

    def __init__(self, match: re.Match):
        self._match = match

    def __getitem__(self, key: str) -> Optional[str]:
        if key == "direction":
            text = self._match.group(0).lower()
            if "previous" in text or "preceding" in text:
                return "before"
            return self._match["direction"] or self._match["direction2"]
        return self._match[key]


# --------------------------------------------------------------------------------------------
# Public API


def _is_future(text: str, start: int, match_text: str) -> bool:
    """A future marker shortly before the expression ("will resume on Monday", "next Monday")."""
    lowered = match_text.lower()
    if lowered.startswith(("next", "this coming", "tomorrow")):
        return True
    window = text[max(0, start - _FUTURE_WINDOW) : start]
    return _FUTURE_MARKER.search(window) is not None


def _iter_mentions(
    text: str, published: Optional[date], anchor: Optional[date]
) -> Iterator[tuple[int, DateMention]]:
    """(specificity rank, mention) pairs: rank is the pattern's place in ``_PATTERNS``."""
    taken: list[tuple[int, int]] = []
    for rank, pattern in enumerate(_PATTERNS):
        if published is None and not pattern.absolute:
            continue
        for m in pattern.regex.finditer(text):
            start, end = m.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            # The span is reserved even when it resolves to nothing: "31 February 2022" is a bad
            # date, not "February 2022".
            taken.append((start, end))
            resolved = pattern.resolve(m, published, anchor)
            if resolved is None:
                continue
            found, precision = resolved
            future = _is_future(text, start, m.group(0))
            if future and "weekday" in m.re.groupindex and published is not None:
                # "will meet on Monday": the coming Monday, not the last one.
                found = _weekday_after(WEEKDAYS[m["weekday"].lower()], published)
            yield rank, DateMention(found, precision, start, end, m.group(0), future)


def find_dates(
    sentence: str, published: Optional[date], anchor: Optional[date] = None
) -> list[DateMention]:
    """Every date expression in ``sentence``, in text order, resolved (unresolvable ones left out)."""
    return [mention for _, mention in _ranked_mentions(sentence, published, anchor)]


def _ranked_mentions(
    text: str, published: Optional[date], anchor: Optional[date]
) -> list[tuple[int, DateMention]]:
    if not text or _GATE.search(text) is None:
        return []
    return sorted(_iter_mentions(text, published, anchor), key=lambda pair: pair[1].start)


def resolve_date(
    sentence: str, published: Optional[date], anchor: Optional[date] = None
) -> Optional[DateMention]:
    """The event date a sentence gives, or None.

    ``published`` anchors relative expressions ("on Monday"); ``anchor`` is the date of the event
    mentioned before, for "the previous day" (publication minus one day when absent). When a
    sentence holds several dates, the most precise past one wins, then the most explicit, then the
    earliest in the text: "on Monday, Oct. 17" is the 17th; "last week" loses to "on Tuesday".
    """
    ranked = _ranked_mentions(sentence, published, anchor)
    if not ranked:
        return None
    past = [pair for pair in ranked if not pair[1].future]
    pool = past or ranked
    return min(pool, key=lambda pair: (pair[1].precision, pair[0], pair[1].start))[1]


def first_date_in_text(text: str, published: Optional[date]) -> Optional[DateMention]:
    """The first past date mentioned anywhere in ``text`` (offsets are in ``text``), for the
    article-level fallback when an event's own sentence gives no date."""
    for mention in find_dates(text, published):
        if not mention.future and (published is None or mention.date <= published):
            return mention
    return None
