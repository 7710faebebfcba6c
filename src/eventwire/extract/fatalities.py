"""Fatality counts from news sentences, coded the way ACLED codes them.

ACLED's rules (``../shared/eval/README.md``, ACLED codebook): deaths only, not injuries, arrests or
abductions; the most conservative reported figure ("between 10 and 15 killed" = 10, "killed 12,
officials said 20" = 12); "dozens" = 12, "tens" = 10, "hundreds" = 100; an unknown count is 0.
Choices made here where the codebook is silent, checked against ACLED's own notes (global 2022 H1:
notes saying "several killed" are most often coded 3, "scores killed" 20): "several" = 3,
"a few" = 3, "a couple of" = 2, "scores" = 20, "thousands" = 1000. "many" and "a number of" are
unknown counts: :func:`count_fatalities` returns None, :func:`deaths_mentioned` returns True.

Two shapes are recognised, each by one precompiled regex:

* count before the death word: "12 soldiers were killed", "three people died", "5 dead",
  "12 bodies", "20 people lost their lives" (with coordinated counts summed: "two soldiers and
  three civilians were killed" = 5);
* death word before the count: "killing at least 12", "killed a soldier", "the death toll rose
  to 40", "bodies of 7 people", "claimed the lives of 9".

Several separate counts in one sentence are usually the same victims reported twice, so the
lowest is kept (ACLED's conservative rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Optional

__all__ = ["FatalityCount", "count_fatalities", "deaths_mentioned", "is_coding_remark", "parse_number",
           "total_fatalities"]

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# Vague quantities, coded by ACLED's conservative convention (see module docstring).
VAGUE = {
    "a dozen": 12, "dozen": 12, "dozens": 12, "dozens of": 12, "tens of": 10, "tens": 10,
    "scores of": 20, "scores": 20, "hundreds of": 100, "hundreds": 100, "thousands of": 1000,
    "thousands": 1000, "several": 3, "a few": 3, "a couple of": 2, "a couple": 2, "both": 2, "both of": 2,
}
# "a"/"an"/"the" count as one only before a singular word for a person: "a soldier was killed",
# "killed the former mayor", "the pilot died".
PERSON_NOUNS = (
    "man|woman|child|boy|girl|baby|person|civilian|soldier|policeman|policewoman|officer|guard|"
    "fighter|militant|rebel|insurgent|gunman|attacker|bomber|member|commander|leader|student|"
    "teacher|farmer|herder|trader|driver|worker|journalist|protester|demonstrator|villager|"
    "resident|pilgrim|worshipper|doctor|nurse|priest|imam|chief|official|politician|activist|"
    "trooper|marine|militiaman|jihadist|passenger|pedestrian|teenager|youth|miner|shepherd|"
    "motorcyclist|cop|constable|sergeant|captain|colonel|lieutenant|general|major|suspect|thief|"
    "president|mayor|governor|councillor|councilor|administrator|pilot|vendor|businessman|father|mother|"
    "son|daughter|husband|wife|brother|sister|lawyer|judge|prisoner|inmate|agent|employee|engineer|"
    "herdsman|fisherman|hunter|cleric|pastor|monk|elder|headman|trafficker|smuggler|informant|victim|"
    "individual|owner|relative|neighbou?r|lady|gentleman|infant|toddler|pupil|soldier|veteran|hostage|"
    "rider|pastoralist|minor|adolescent|staff|staffer|auxiliary|volunteer|migrant|refugee|labou?rer|shopkeeper|"
    "merchant|tribesman|sheikh|candidate|deputy|lawmaker|chairman|secretary|citizen|tourist|reporter|"
    "photographer|cameraman|preacher|bishop|nun|robber|bandit|kidnapper|gangster|dealer|ranger|warden|"
    "watchman|cyclist|physician|surgeon|midwife|corporal|recruit|cadet|notable|servant|housewife|widow|cadre|"
    "councilman|councilwoman|serviceman|servicewoman|guardsman|peacekeeper|abductee|detainee|captive|assailant|"
    "male|female|bystander|collector|operator|contractor|technician|mechanic|electrician|clerk|banker|"
    "accountant|manager|director|supervisor|principal|professor|lecturer|scholar|athlete|singer|artist|blogger|"
    "sarpanch|chieftain|landlord|tenant"
)

_NUMBER_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_VAGUE = "|".join(sorted((re.escape(k) for k in VAGUE), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+"
_SIMPLE_NUMBER = (
    rf"(?:{_DIGITS}|(?:{_NUMBER_WORD})(?:[- ](?:{_NUMBER_WORD}))?(?:\s+hundred(?:\s+and\s+(?:{_NUMBER_WORD}))?)?)"
)
# A count: "at least 12", "between 10 and 15", "10 to 15", "dozens of", "a soldier".
_QUALIFIER = (
    r"(?:(?:at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|over|nearly|almost|about|"
    r"around|roughly|some|up\s+to|as\s+many\s+as|an\s+estimated|approximately|a\s+total\s+of|"
    r"another|an?\s+additional|only|all|the)\s+)?"
)
_COUNT = (
    rf"{_QUALIFIER}(?P<count>(?:between\s+)?{_SIMPLE_NUMBER}(?:\s*(?:-|–|to|and|or)\s*{_SIMPLE_NUMBER})?"
    rf"|{_VAGUE}|(?:an?|the|another)(?=\s+(?:[a-z0-9'’-]+\s+){{0,3}}?(?:{PERSON_NOUNS})\b(?![-']))"
    r"|(?:he|she)(?=\s+(?:was|has\s+been|had\s+been|later|also|died)\b))"
)

_DEATH_WORDS_AFTER = (
    r"killed|dead|died|die|deaths?|bodies|corpses|fatalit(?:y|ies)|slain|perished|lost\s+their\s+lives|"
    r"fatally\s+(?:shot|stabbed|wounded|injured|assaulted|beaten|attacked|hit|struck|burned|burnt)|assassinated|"
    r"lynched|(?:stabbed|beaten|hacked|stoned|burned|burnt|clubbed|tortured|strangled|kicked|battered)\s+to\s+death|"
    r"lost\s+his\s+life|lost\s+her\s+life|massacred|executed|beheaded|murdered|shot\s+dead|"
    r"were\s+among\s+the\s+dead|were\s+among\s+those\s+killed"
)
# Words that cannot sit between a count and its death word: another kind of harm, a time unit
# ("12 hours after the blast that killed"), a clause boundary.
_BLOCKED_BETWEEN = (
    r"wounded|injured|hurt|arrested|detained|abducted|kidnapped|captured|missing|"
    r"displaced(?!\s+(?:persons?|people|civilians|families|residents|villagers|men|women|children))|"
    r"rescued|freed|released|hours?|days?|weeks?|months?|years?|minutes?|km|kilometers?|"
    r"kilometres?|miles?|meters?|metres?|percent|after|before|since|when|that|which|who|said|says|"
    r"according|and|or|but|while|in|at|on|near|per|times?|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"(?:19|20)\d\d"
)
# A word between a count and its death word; never a sentence end ("U.S." is one word).
_FILLER_WORD = rf"(?!(?:{_BLOCKED_BETWEEN})\b)(?:(?:[A-Z]\.){{2,}}|\(?[\w'’-]+(?:/[\w'’-]+)*\)?)"
_AUX = (
    r"(?:(?:were|was|have\s+been|has\s+been|had\s+been|are|is|got|being|reportedly|also|all|"
    r"confirmed|later|were\s+found|was\s+found|have|has|had|found|left|lay|reported|"
    r"(?:shot|stabbed|beaten|hacked|attacked|tortured|abducted|kidnapped|captured|shot\s+at|arrested|detained|"
    r"raped|burned|burnt|lynched|robbed|ambushed|stoned)\s*,?\s+and)\s+)*"
)
_COUNT_BEFORE_DEATH = re.compile(
    r"(?<![\w'’-])"  # a whole word: not the "ten" of "beaten to death"
    + _COUNT
    + rf"(?P<filler>(?:\s+{_FILLER_WORD}){{0,8}}?)\s*,?\s+{_AUX}(?P<death>{_DEATH_WORDS_AFTER})\b",
    re.IGNORECASE,
)
_DEATH_BEFORE_COUNT = re.compile(
    r"(?P<death>\b(?:killing|killed|kills|kill|slaying|slew|slaughtered|massacring|massacred|assassinat(?:ed|ing)|"
    r"murder(?:ed|ing)|lynch(?:ed|ing)|executing|executed|shot\s+dead|shooting\s+dead|"
    r"claiming\s+the\s+lives\s+of|claimed\s+the\s+lives\s+of|"
    r"took\s+the\s+lives\s+of|taking\s+the\s+lives\s+of|bodies\s+of|body\s+of|corpses?\s+of|remains\s+of|"
    r"deaths?\s+of|beheaded|beheading|(?:beat|beaten|stabbed|hacked|burned|burnt)\s+to\s+death|"
    r"(?:burned|burnt|buried)\s+alive|death\s+toll\s+(?:\w+\s+){0,3}?(?:to|at|of|is|was|stood\s+at|stands\s+at|reached|hit|rose\s+to)|"
    r"toll\s+(?:rose|climbed|jumped|increased)\s+to|leaving|left)\s+)"
    + _COUNT
    + r"(?![\w-]|\s+(?:hours?|days?|weeks?|months?|years?|minutes?|km|kilomet\w+|miles?|percent|per\s+cent)\b)",
    re.IGNORECASE,
)
# The manner before the victims, the death after them: "stabbed a man to death", "beat two thieves to death".
_VICTIMS_TO_DEATH = re.compile(
    r"\b(?:stabbed|beat|beaten|hacked|stoned|burned|burnt|clubbed|tortured|strangled|kicked|battered|shot)\s+"
    + _COUNT + r"(?:\s+[\w'’-]+){0,4}?\s+to\s+death\b", re.IGNORECASE)
# One victim named by a pronoun after the killing: "opened fire on a civilian, killing him".
_KILLED_PRONOUN = re.compile(
    r"\b(?:killing|killed|executing|executed|murdering|murdered|assassinating|assassinated|lynching|lynched)\s+"
    r"(?:him|her)\b", re.IGNORECASE)
# After "left"/"leaving" the count must end in "dead" to be deaths ("left 5 dead", not "left 5 injured").
_LEFT_NEEDS_DEAD = re.compile(r"^(?:\s+[\w'-]+){0,3}?\s+dead\b", re.IGNORECASE)
# "N killed ... and M wounded": a count glued to the left of a matched count by "and" / ",".
_COORDINATED_LEFT = re.compile(
    _COUNT + rf"(?:\s+{_FILLER_WORD}){{0,4}}?\s*(?:,\s*(?:and\s+)?|\s+and\s+)$",
    re.IGNORECASE,
)
_NEGATED_OR_UNREAL = re.compile(
    r"(?:\b(?:no|not|never|nobody|none|without|threaten(?:ed|s|ing)?\s+to|vow(?:ed|s)?\s+to|"
    r"(?:plan|plot|tri|attempt|want)(?:ed|s|ing)?\s+to|to|will|would|could|might|may|can|"
    r"shall|should|must|avoid|prevent(?:ed)?|almost|nearly)\s+(?:have\s+been\s+|be\s+|been\s+|being\s+|get\s+)?$)",
    re.IGNORECASE,
)
_NO_DEATHS = re.compile(
    r"\b(?:no\s+(?:one|body|deaths?|fatalities|casualties|lives)|nobody|none)\b[^.;]{0,40}?\b"
    r"(?:killed|dead|died|reported|lost)\b|\bno\s+(?:deaths|fatalities|casualties)\b",
    re.IGNORECASE,
)
_DEATH_MENTION = re.compile(
    r"\b(?:killed|killing|kills?|dead|died|dies|dying|deaths?|deadly|fatalities|fatal|bodies|"
    r"corpses|slain|slew|perished|lost\s+(?:their|his|her)\s+lives?|(?:took|claimed|taking|claiming)\s+the\s+lives|"
    r"massacred?|executed|beheaded|murdered|death\s+toll)\b",
    re.IGNORECASE,
)
_A_DEATH_AS_CAUSE = re.compile(
    r"\b(?:after|following|over|against|about|for|into|mourn\w*|protest\w*|investigat\w*|denounc\w*|avenge)"
    r"\s+(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)
_INCLUDING_BEFORE = re.compile(r"\b(?:including|among\s+them|of\s+whom|of\s+which)\s+$", re.IGNORECASE)
_GATE = re.compile(r"kill|dead|die|death|bod|corpse|fatal|slain|slew|perish|li[fv]e|massac|execut|behead|murder|"
                   r"assassin|lynch|toll|remains|alive", re.IGNORECASE)
# "beaten to death", "stabbed to death": "to" before the death word is the manner, not an intent.
_TO_DEATH_MANNER = re.compile(r"\b(?:beat|beaten|stabbed|hacked|burned|burnt|stoned|tortured|shot|starved|crushed|"
                              r"trampled|clubbed)\s+to\s+$", re.IGNORECASE)
_AGE = re.compile(r"\b\d+-(?:years?|months?)-old\b", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


@dataclass(frozen=True)
class FatalityCount:
    """A number of people reported killed, with the character span of the phrase it came from."""

    count: int
    start: int
    end: int
    text: str


def parse_number(text: str) -> Optional[int]:
    """A count as ACLED codes it: "12" -> 12, "1,200" -> 1200, "twenty-five" -> 25, "a dozen" -> 12,
    "between 10 and 15" -> 10 (the lowest), "a" -> 1. None when ``text`` is not a count."""
    words = re.sub(r"\s+", " ", text.strip().lower())
    if words.startswith("between "):
        words = words[len("between ") :]
    # The lower end of a range; a hyphen separates a range only between digits ("10-15"), while
    # "twenty-five" is one number.
    lowest = re.split(r"\s*(?:(?<=\d)\s*-\s*(?=\d)|–|\bto\b|\band\b|\bor\b)\s*", words, maxsplit=1)[0].strip()
    # "one hundred and five" is one number, not a range.
    if re.fullmatch(r".*\bhundred", lowest) and re.search(r"hundred\s+and\s+", words):
        lowest = words
    if lowest in VAGUE:
        return VAGUE[lowest]
    if lowest in ("a", "an", "the", "another", "he", "she"):
        # "a soldier", "the pilot", "he was killed": one person (the count pattern only allows a singular
        # person noun, or a pronoun as the subject of a passive death)
        return 1
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", lowest):
        return int(lowest.replace(",", ""))
    return _parse_number_words(lowest)


def _parse_number_words(words: str) -> Optional[int]:
    total, current = 0, 0
    for word in re.split(r"[\s-]+", words):
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:
            return None
    total += current
    return total or None


def _is_negated_or_unreal(sentence: str, death_start: int) -> bool:
    """ "threatened to kill", "no one was killed", "could have killed": not a reported death."""
    window = sentence[max(0, death_start - 40) : death_start]
    return _NEGATED_OR_UNREAL.search(window) is not None and not _TO_DEATH_MANNER.search(window)


def _coordinated_counts(sentence: str, start: int) -> tuple[int, int]:
    """Counts joined on the left of the count at ``start`` ("two soldiers and <three civilians>
    were killed"): their sum and the new start."""
    total = 0
    while True:
        m = _COORDINATED_LEFT.search(sentence, max(0, start - 80), start)
        if m is None or m.end() != start:
            return total, start
        value = _count_from_match(m)
        if value is None:
            return total, start
        total += value
        start = m.start()


def _count_from_match(m: re.Match) -> Optional[int]:
    raw = m.group("count")
    if _YEAR.match(raw):
        return None  # "in 2014 militants killed": a year, not a count
    return parse_number(raw)


def _death_as_cause(sentence: str, m: re.Match) -> bool:
    """ "Riots after the death of a driver": the death is the event's cause, its toll is another matter."""
    return m.group("death").lower().startswith("death") and bool(_A_DEATH_AS_CAUSE.search(sentence, 0, m.start()))


def _candidates(sentence: str) -> list[FatalityCount]:
    found: list[FatalityCount] = []
    for m in _COUNT_BEFORE_DEATH.finditer(sentence):
        value = _count_from_match(m)
        if value is None or _is_negated_or_unreal(sentence, m.start("death")):
            continue
        filler = _AGE.sub(" ", m.group("filler"))  # "a 48-year-old man died": an age, not a time span
        if re.search(rf"\b(?:{_BLOCKED_BETWEEN})\b", filler, re.IGNORECASE) or _death_as_cause(sentence, m):
            continue
        extra, start = _coordinated_counts(sentence, m.start())
        found.append(FatalityCount(value + extra, start, m.end(), sentence[start : m.end()]))
    for m in _DEATH_BEFORE_COUNT.finditer(sentence):
        value = _count_from_match(m)
        if value is None or _is_negated_or_unreal(sentence, m.start("death")):
            continue
        if _death_as_cause(sentence, m):
            continue
        if m.group("death").lower().startswith(("left", "leaving")) and not _LEFT_NEEDS_DEAD.match(
            sentence[m.end() :]
        ):
            continue
        found.append(FatalityCount(value, m.start(), m.end(), m.group(0)))
    for m in _VICTIMS_TO_DEATH.finditer(sentence):
        value = _count_from_match(m)
        if value is not None and not _is_negated_or_unreal(sentence, m.start()):
            found.append(FatalityCount(value, m.start(), m.end(), m.group(0)))
    found += [FatalityCount(1, m.start(), m.end(), m.group(0)) for m in _KILLED_PRONOUN.finditer(sentence)
              if not _is_negated_or_unreal(sentence, m.start())]
    return found


def count_fatalities(sentence: str) -> Optional[FatalityCount]:
    """The number of people a sentence reports killed, or None when it gives no count.

    The lowest of several counts is kept (ACLED's conservative rule); injuries, arrests and
    abductions are never counted; negated or unreal deaths ("no one was killed", "threatened to
    kill 10") give None.
    """
    if not sentence or _GATE.search(sentence) is None or _NO_DEATHS.search(sentence):
        return None
    candidates = _candidates(sentence)
    if not candidates:
        return None
    # "Four armed men, including the leader of the group, were killed": a part of the toll, not another report.
    wholes = [c for c in candidates if not _INCLUDING_BEFORE.search(sentence, 0, c.start)]
    return min(wholes or candidates, key=lambda c: (c.count, c.start))


# ACLED's notes say how their analysts coded a toll the sources leave vague or spread over several events
# ("Unknown fatalities coded as 3.", "Fatalities coded as 10 and split between 2 locations."). That is a remark
# about the coding, not a report: eventwire does not take the analysts' figure as the answer (news never carries
# it, and reading it would flatter the figures measured on notes), but it must not read the remark as an event.
_CODED_TOLL = re.compile(
    r"\b(?:fatalit(?:y|ies)|deaths?|killed)\b[^.;]{0,80}?\bcoded\s+(?:as|to|at)\s+\d+",
    re.IGNORECASE,
)


# A sentence that only says what the toll was, or that it is unknown ("Casualties unknown.", "There were no
# injuries or fatalities.", "1 fatality."): it tells the toll of the event before it, never an event itself.
_TOLL_REMARK = re.compile(
    r"^\W*(?:(?:casualties|fatalities|injuries|deaths|victims)(?:\s+(?:are|were|remain(?:ed)?))?\s+"
    r"(?:unknown|unclear|not\s+(?:known|reported|specified|clear))"
    r"|(?:there\s+(?:were|was)\s+)?no\s+(?:reported\s+)?(?:casualties|fatalities|injuries|deaths|victims)"
    r"(?:\s+(?:or|and)\s+(?:casualties|fatalities|injuries|deaths|damage))?(?:\s+(?:were|was))?(?:\s+reported)?"
    r"|(?:no\s+one|nobody)\s+was\s+(?:killed|injured|hurt)"
    r"|\d+\s+fatalit(?:y|ies)(?:\s+reported)?)\W*$",
    re.IGNORECASE,
)


def is_toll_remark(sentence: str) -> bool:
    """True for a sentence that only states a toll or its absence ("Casualties unknown.", "No injuries were
    reported.", "1 fatality.")."""
    return bool(_TOLL_REMARK.match(sentence.strip()))


def is_coding_remark(sentence: str) -> bool:
    """True for an ACLED analyst's remark on how a toll was coded ("Unknown fatalities coded as 3")."""
    return bool(_CODED_TOLL.search(sentence))


def deaths_mentioned(sentence: str) -> bool:
    """Whether a sentence reports that people died, even without a count ("took the lives of
    many civilians"); False for negated or unreal deaths ("no one was killed", "vowed to kill")."""
    if not sentence or _GATE.search(sentence) is None or _NO_DEATHS.search(sentence):
        return False
    return any(
        not _is_negated_or_unreal(sentence, m.start()) for m in _DEATH_MENTION.finditer(sentence)
    )


def total_fatalities(counts: Iterable[Optional[FatalityCount]]) -> int:
    """The sum of counts that belong to distinct incidents of one event (None counts as 0)."""
    return sum(count.count for count in counts if count is not None)
