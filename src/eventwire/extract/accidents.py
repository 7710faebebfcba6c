"""Accidents and disasters: deaths and destruction that nobody inflicted.

ACLED codes political violence and demonstrations; a fire, a road crash, a landslide or an earthquake is none
of them, however many it kills. The event classifier learnt from analysts' notes, which never describe
accidents, so it reads "a fire broke out at a garment factory, killing 15" as violence. A sentence that tells
of an accident or a natural disaster and names no perpetrator, weapon or attack reports no violent event.
"""

from __future__ import annotations

import re

__all__ = ["reports_an_accident"]

ACCIDENT_CUE = re.compile(
    r"\b(?:fire\s+(?:broke\s+out|erupted|engulfed|swept|gutted)|blaze|caught\s+fire|short[- ]circuit|"
    r"gas\s+(?:leak|cylinder|explosion)|boiler|collided|collision|crash(?:ed|es)?|derail\w*|capsiz\w*|sank|"
    r"plunged|overturned|skidded|veered|(?:fell|plummeted)\s+(?:into|off|from)|"
    r"drown\w*|landslides?|mudslides?|avalanche|earthquake|quake|tremor|floods?|flooding|cyclone|hurricane|"
    r"typhoon|storm|tornado|lightning|drought|heat\s*wave|wildfires?|forest\s+fires?|volcan\w*|tsunami|"
    r"collapsed?|stampede|accident\w*|accidental\w*|electrocut\w*|food\s+poisoning|outbreak|epidemic|cholera|"
    r"(?:explosion|blast|fire)\s+(?:at|in|ripped\s+through)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}"
    r"(?:plant|factory|refinery|depot|warehouse|mine|pipeline|workshop|mill|tanker|hospital|market))\b",
    re.IGNORECASE,
)
# Anything that says someone did it: an attacker, a weapon, an attack, a crowd, a killing.
PERPETRATOR_CUE = re.compile(
    r"\b(?:attack\w*|assail\w*|bomb\w*|ied|explosive\w*|grenades?|mortars?|rockets?|missiles?|shell\w*|"
    r"air\s*strikes?|airstrikes?|drones?|militants?|gunm[ae]n|insurgents?|rebels?|terror\w*|jihad\w*|suicide|"
    r"arson\w*|set\s+(?:on\s+)?fire|set\s+ablaze|torch\w*|burn(?:ed|t|ing)|shot|shoot\w*|gunfire|fired|"
    r"clash\w*|fight\w*|fought|troops|soldiers|army|police|protest\w*|demonstrat\w*|riot\w*|mob|loot\w*|"
    r"abduct\w*|kidnap\w*|claimed\s+responsibility|sabotag\w*|deliberate\w*|killed\s+by|murder\w*|militias?|"
    r"militiamen|armed|landmines?|detonat\w*|raid\w*|ambush\w*|tortur\w*|threw|thrown|bodies|body\s+was\s+found|"
    r"beat(?:en)?|stabb\w*|lynch\w*|assault\w*|struck\s+by|strike|strikes)\b",
    re.IGNORECASE,
)


def reports_an_accident(sentence: str) -> bool:
    """True when ``sentence`` tells of an accident or a natural disaster and of no perpetrator:
    "15 workers died when a fire broke out at a factory", not "gunmen set the factory on fire"."""
    return bool(ACCIDENT_CUE.search(sentence)) and not PERPETRATOR_CUE.search(sentence)
