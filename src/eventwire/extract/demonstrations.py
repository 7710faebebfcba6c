"""Demonstrations: a protest is people acting together in public, and a sentence about one says so.

The event classifier learnt "Peaceful protest" from analysts' notes, where protests are most of the rows, so
it sometimes reads a sentence with no crowd in it as one ("the leader declared his caliphate and the regions
came under its control"). ACLED's demonstrations are gatherings, marches, rallies, strikes, sit-ins,
blockades, or burning tyres on a road: a sentence that names none of them, and no protesters, does not report a
demonstration.
On 5,523 ACLED notes of demonstrations (global-2022h1, Argentina, Benin) the cue misses 10 (human mosaics, bike
rides).
"""

from __future__ import annotations

import re

__all__ = ["DEMONSTRATION_SUB_TYPES", "names_a_demonstration"]

# The sub-types that are demonstrations (ACLED's "Protests" event type, and a riot by demonstrators);
# mob violence is a riot without a demonstration and needs no such cue.
DEMONSTRATION_SUB_TYPES = (
    "Peaceful protest", "Protest with intervention", "Excessive force against protesters", "Violent demonstration",
)

DEMONSTRATION_CUE = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied|ying)|march\w*|sit-?ins?|strik(?:e|es|ing|ers?)|"
    r"gather\w*|picket\w*|boycott\w*|chant\w*|slogans?|placards?|banners?|crowds?|walk-?outs?|walked out|"
    r"vigils?|petition\w*|assembl\w*|riot\w*|mobs?|took to the streets?|staged?|blockad\w*|block(?:ed|ing|s)?|"
    r"barricad\w*|demand\w*|denounc\w*|condemn\w*|commemorat\w*|mourn\w*|occup(?:y|ied|ying)|convoys?|"
    r"caravans?|motorcades?|parad\w*|agitat\w*|dharnas?|bandhs?|hartals?|gheraos?|in support of|against|"
    r"mobili[sz]\w*|activists?|campaigners?|to reject|cut off (?:the )?roads?|burn\w* (?:\w+ ){0,2}t[iy]res)\b",
    re.IGNORECASE,
)


def names_a_demonstration(sentence: str) -> bool:
    """True when ``sentence`` names a gathering, march, strike or the like, or the people holding one."""
    return bool(DEMONSTRATION_CUE.search(sentence))
