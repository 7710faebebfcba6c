"""Build src/eventwire/data/actors.csv, the shipped actor knowledge base, and beside it the tables learnt from the same
files: actor_variants.csv (ACLED's names by place and act), actor_partners.csv (forces ACLED names only as another
actor's associate), anonymous_actors.csv (countries whose anonymous perpetrators ACLED names otherwise) and
clash_order.csv (which side of a clash between state forces and anonymous men ACLED writes first, by country).

Sources (see src/eventwire/data/README-actors.md):
  * actor NAMES and their inter codes from ACLED's current-taxonomy dev files (no rows, no notes);
  * the MIT-licensed Phoenix/PETRARCH2 actor dictionaries (aliases, non-state armed groups, IGOs);
  * a short hand-written alias table below for the most reported groups.

Usage:  .venv/bin/python scripts/build_actors.py [--eval-dir ../shared/eval] [--out src/eventwire/data/actors.csv]
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from eventwire.resolve.actors import (  # noqa: E402
    ACTOR_PARTNERS_FILE,
    ACTOR_VARIANTS_FILE,
    GENERIC_NOUNS,
    ANONYMOUS_DEFAULTS_FILE,
    CLASH_ORDER_FILE,
    _ACLED_COUNTRY_BY_ISO3,
    _country_table,
    country_from_word,
    normalise,
    state_template_country,
)

# global-2020.csv is left out: it is the held-out period every accuracy figure is reported on
# (benchmarks/RESULTS.md), so the dictionary must not know its actors' names.
ACLED_CURRENT_FILES = ("global-2022h1.csv", "argentina-2022-06.csv", "benin-2009-2022.csv")
PHOENIX_FILES = (
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
)
# ACLED's group templates: their rows are generated at run time (resolve/actors.py), never stored.
TEMPLATE_GROUP = re.compile(r"^(Civilians|Protesters|Rioters|Unidentified Armed Group) \([^)]*\)$")
PERIOD = re.compile(r"\s*\(\d{4}-\d{0,4}\)")
# "PKK: Kurdistan Workers Party"; "ULA/AA: United League of Arakan/Arakan Army" (a party and its army)
ACRONYM_PREFIX = re.compile(r"^([A-Z][A-Za-z0-9-]{1,9}(?:/[A-Z][A-Za-z0-9-]{1,9})?):\s+(.+)$")
COUNTRY_SUFFIX = re.compile(r"^(.+?) \(([^)]+)\)$")  # "Fulani Ethnic Militia (Nigeria)"
ORG_WORDS = re.compile(
    r"\b(FRONT|ARMY|MOVEMENT|GROUP|BRIGADES?|PARTY|ORGANI[SZ]ATION|FORCES?|LIBERATION|STATE|MILITIA|"
    r"COMMITTEE|COUNCIL|UNION|ALLIANCE|JIHAD|MUJAHIDEEN|TALIBAN|QAEDA|HEZBOLLAH|HAMAS|NATIONS|MISSION|"
    r"CELLS?|COMMANDOS?|BATTALION|LEAGUE|SHABAAB|HARAKAT|JAMA'?AT|ANSAR|TIGERS|REVOLUTIONARY|RESISTANCE)\b"
)
STATE_BRANCH = re.compile(r"^(Military Forces|Police Forces|Government) of ")
PHOENIX_INTER = {"REB": 2, "INS": 2, "UAF": 3, "IMG": 2, "SEP": 2, "OPP": 3}

# Hand-written aliases for the actors news names most often and the dictionaries spell differently.
CURATED_ALIASES: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "Islamic State": (
        2,
        "",
        (
            "ISIS", "ISIL", "IS", "Daesh", "Daish", "Da'esh", "Islamic State group", "Islamic State of Iraq and Syria",
            "Islamic State of Iraq and the Levant", "Islamic State of Iraq and al-Sham", "Islamic State of Iraq",
            "IS group", "ISWAP", "ISGS", "Islamic State West Africa Province", "Islamic State in the Greater Sahara",
            "ISKP", "ISIS-K", "Islamic State Khorasan", "Islamic State Khorasan Province",
        ),
    ),
    "Al Shabaab": (2, "Somalia", ("al-Shabaab", "al-Shabab", "Al Shabab", "Shabaab", "Harakat al-Shabaab al-Mujahideen")),
    "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad": (
        2,
        "Nigeria",
        ("Boko Haram", "JAS", "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad", "Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad"),
    ),
    "Taliban": (2, "Afghanistan", ("Afghan Taliban", "the Taliban", "Islamic Emirate of Afghanistan")),
    "TTP: Tehreek-i-Taliban Pakistan": (2, "Pakistan", ("Pakistani Taliban", "Tehrik-i-Taliban Pakistan", "TTP")),
    "Hezbollah": (2, "Lebanon", ("Hizbollah", "Hizbullah", "Hizballah", "Hezbullah")),
    "Hamas Movement": (2, "Palestine", ("Hamas", "Izz al-Din al-Qassam Brigades", "Qassam Brigades")),
    "Military Forces of Yemen Supreme Political Council": (1, "Yemen", ("Houthis", "Houthi", "Houthi rebels", "Ansar Allah", "Ansarallah")),
    "Al Qaeda": (2, "", ("al-Qaeda", "al-Qaida", "Al Qaida", "AQ")),
    "AQAP: Al Qaeda in the Arabian Peninsula": (2, "Yemen", ("al-Qaeda in the Arabian Peninsula", "AQAP")),
    "AQIM: Al Qaeda in the Islamic Maghreb": (2, "", ("al-Qaeda in the Islamic Maghreb", "AQIM")),
    "JNIM: Group for Support of Islam and Muslims": (2, "", ("Jama'at Nusrat al-Islam wal-Muslimin", "JNIM")),
    "HTS: Hayat Tahrir al Sham": (2, "Syria", ("Hayat Tahrir al-Sham", "HTS", "Tahrir al-Sham", "Nusra Front", "al-Nusra Front", "Jabhat al-Nusra")),
    "QSD: Syrian Democratic Forces": (2, "Syria", ("Syrian Democratic Forces", "SDF", "QSD")),
    "YPG: People's Protection Units": (2, "Syria", ("People's Protection Units", "YPG")),
    "PKK: Kurdistan Workers Party": (2, "Turkey", ("Kurdistan Workers' Party", "Kurdistan Workers Party", "PKK")),
    "Military Forces of Iraq Peshmerga": (1, "Iraq", ("Peshmerga", "Kurdish Peshmerga", "Peshmerga forces")),
    # ACLED names the PMF as a branch of Iraq's forces since 2020 (every row of the 2022 files).
    "Military Forces of Iraq Popular Mobilization Forces": (1, "Iraq", (
        "Popular Mobilization Forces", "Hashd al-Shaabi", "PMF", "PMU", "Popular Mobilisation Forces",
        "Popular Mobilization Units")),
    # Turkey's operation in north-east Syria since October 2019, and the factions "operating under OPS", as ACLED
    # names it.
    "Operation Peace Spring": (2, "Syria", ("OPS", "Peace Spring")),
    # Not "Coalition forces" alone: in Yemen's news that is the Saudi-led coalition (Operation Restoring Hope).
    "Global Coalition Against Daesh": (8, "Syria", ("Global Coalition", "Global Coalition forces", "US-led coalition",
                                                    "US-led coalition forces", "anti-IS coalition", "anti-ISIS coalition",
                                                    "Operation Inherent Resolve", "CJTF-OIR")),
    # Libya's two rival armies of 2014-2020, as ACLED names them (its actor list, 2019-2020): both are the state's
    # forces, told apart by faction.
    "Military Forces of Libya Haftar Faction": (1, "Libya", (
        "LNA", "Libyan National Army", "Libyan Arab Armed Forces", "LAAF", "Haftar forces", "Haftar's forces")),
    "Military Forces of Libya Government of National Accord": (1, "Libya", (
        "GNA", "GNA forces", "Government of National Accord forces", "GNA-aligned forces")),
    "Fulani Ethnic Militia (Nigeria)": (4, "Nigeria", ("Fulani herdsmen", "Fulani militia", "herdsmen")),
    "ADF: Allied Democratic Forces": (2, "Democratic Republic of Congo", ("Allied Democratic Forces", "ADF")),
    "M23: March 23 Movement": (2, "Democratic Republic of Congo", ("M23", "March 23 Movement")),
    "NPA: New People's Army": (2, "Philippines", ("New People's Army", "NPA")),
    "Wagner Group": (8, "", ("Wagner", "Wagner PMC", "Wagner mercenaries")),
    # The acronyms and local names news uses for state forces and the larger armed groups: the
    # dictionaries above only know the templates' full names.
    "Military Forces of the Democratic Republic of Congo": (1, "Democratic Republic of Congo", ("FARDC",)),
    "Military Forces of Israel": (1, "Israel", ("IDF", "Israel Defense Forces", "Israeli Defence Forces")),
    "Military Forces of Syria": (1, "Syria", ("Syrian Arab Army", "SAA")),
    "Military Forces of Myanmar": (1, "Myanmar", ("Tatmadaw", "junta troops")),
    "Military Forces of Somalia": (1, "Somalia", ("SNA", "Somali National Army")),
    "Military Forces of Mali": (1, "Mali", ("FAMa", "Malian Armed Forces")),
    "Military Forces of Ethiopia": (1, "Ethiopia", ("ENDF", "Ethiopian National Defense Force")),
    "Military Forces of Ukraine": (1, "Ukraine", ("Armed Forces of Ukraine", "ZSU")),
    "Military Forces of Turkey": (1, "Turkey", ("TSK", "Turkish Armed Forces")),
    "Military Forces of Mozambique": (1, "Mozambique", ("FADM",)),
    "Military Forces of the Philippines": (1, "Philippines", ("Armed Forces of the Philippines",)),
    "Police Forces of India Central Reserve Police Force": (1, "India", ("CRPF",)),
    "Police Forces of India Border Security Force": (1, "India", ("BSF",)),
    "National Resistance Front": (2, "Afghanistan", ("NRF",)),
    "Operation Restoring Hope": (8, "", ("Saudi-led coalition", "Saudi-led Coalition", "Arab coalition",
                                        "Saudi-led coalition forces", "the coalition led by Saudi Arabia")),
    "Military Forces of Yemen": (1, "Yemen", ("pro-Hadi forces", "Hadi forces", "pro-government forces of Yemen")),
    "Rapid Support Forces": (1, "Sudan", ("RSF",)),
    # ACLED's names for attacks news attributes to either of two groups ("presumed JNIM or ISGS militants",
    # "Boko Haram/IS"): the actor dictionary finds them from the two parts (ActorKB, "X and/or Y").
    "JNIM: Group for Support of Islam and Muslims and/or Islamic State (Greater Sahara)": (2, "", ()),
    "Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad": (2, "", ()),
    "CNDD-FDD-Imbonerakure: National Council for the Defence of Democracy (Imbonerakure Faction)": (
        3, "Burundi", ("Imbonerakure",)),
}


@dataclass
class Draft:
    """An actor row being assembled from several sources."""

    name: str
    inter_votes: collections.Counter = field(default_factory=collections.Counter)
    country_votes: collections.Counter = field(default_factory=collections.Counter)
    fixed_country: str | None = None
    aliases: dict[str, None] = field(default_factory=dict)  # ordered set

    def add_alias(self, alias: str) -> None:
        alias = alias.strip()
        # Phoenix lists the countries a group is active in among its spellings ("COLOMBIA"): a
        # country's name is never another actor's alias.
        if country_from_word(alias):
            return
        if alias and alias != self.name and normalise(alias):
            self.aliases.setdefault(alias, None)


def acled_name(raw: str) -> str:
    """ACLED's name without period suffixes: "Military Forces of Iraq (2020-)" -> "Military Forces of Iraq"."""
    return re.sub(r"\s+", " ", PERIOD.sub("", raw)).strip()


def is_template(name: str) -> bool:
    return bool(TEMPLATE_GROUP.match(name)) or (
        state_template_country(name) is not None and name == _template_only(name)
    )


def _template_only(name: str) -> str:
    """The name if it is exactly a state template (no branch suffix such as "Peshmerga")."""
    found = state_template_country(name)
    if not found:
        return ""
    return name if found[1] in set(_country_table().values()) else ""


def islamic_state_branch(name: str) -> bool:
    return name.startswith("Islamic State (") or name == "Islamic State"


def derived_aliases(name: str) -> list[str]:
    """Spellings implied by ACLED's naming: "PKK: Kurdistan Workers Party" -> PKK, Kurdistan Workers Party."""
    if " and/or " in name:  # "JNIM: ... and/or Islamic State (Greater Sahara)": no part of it names the pair
        return []
    aliases = []
    prefixed = ACRONYM_PREFIX.match(name)
    if prefixed:
        aliases += [prefixed.group(1), prefixed.group(2)]
        acronyms, names = prefixed.group(1).split("/"), prefixed.group(2).split("/")
        if len(acronyms) == 2 and len(names) == 2:  # each of the pair by its own name: "AA", "Arakan Army"
            aliases += acronyms + names
    suffixed = COUNTRY_SUFFIX.match(name)
    if suffixed and not prefixed and "Militia" in suffixed.group(1):
        # Only militias keep a bare alias: "Farmers (Kenya)" without its country is just a word.
        aliases.append(suffixed.group(1))
    if " - " in name:
        aliases.append(name.split(" - ", 1)[0])
    branch = state_branch_name(name)
    if branch:
        aliases.append(branch)
    return aliases


def state_branch_name(name: str) -> str:
    """The branch a state actor's name ends with, as news names it: "Military Forces of India Rashtriya
    Rifles" -> "Rashtriya Rifles", "Military Forces of Turkey Gendarmerie" -> "Gendarmerie". Generic words
    ("Air Force", "Navy") are left to the generic phrases, which name the country's own forces."""
    found = STATE_BRANCH.match(name)
    if not found:
        return ""
    words = name[found.end():].split()
    for cut in range(len(words) - 1, 0, -1):
        if country_from_word(" ".join(words[:cut]).removeprefix("the ")):
            branch = " ".join(words[cut:])
            return "" if normalise(branch) in GENERIC_NOUNS or len(branch) < 4 else branch
    return ""


def read_acled_actors(eval_dir: Path) -> dict[str, Draft]:
    """Every non-template actor name in ACLED's current-taxonomy files, with inter and country votes."""
    drafts: dict[str, Draft] = {}
    for filename in ACLED_CURRENT_FILES:
        path = eval_dir / "acled" / filename
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                country = row["country"]
                for role, inter_col, assoc_col in (("actor1", "inter1", "assoc_actor_1"), ("actor2", "inter2", "assoc_actor_2")):
                    primary_inter = _int(row[inter_col])
                    names = [(row[role], primary_inter)]
                    names += [(n, None if primary_inter is None else primary_inter) for n in row[assoc_col].split(";")]
                    for raw, inter in names:
                        _vote(drafts, raw, inter, country, assoc=raw != row[role])
    return drafts


# Where ACLED names anonymous perpetrators otherwise than "Unidentified Armed Group (X)" ("Unidentified Gang
# (Mexico)", "Unidentified Gang and/or Police Militia" in Brazil, "Islamist Militia (Mozambique)" for Cabo Delgado's
# unnamed insurgents): the country's most frequent anonymous armed actor1, when it covers at least half of them and
# at least MIN_ANONYMOUS_ROWS rows.
MIN_ANONYMOUS_ROWS = 5
ANONYMOUS = re.compile(r"^(?:Unidentified (?:Armed Group|Gang)|Islamist Militia)")


def anonymous_defaults(eval_dir: Path) -> dict[str, str]:
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for filename in ACLED_CURRENT_FILES:
        with (eval_dir / "acled" / filename).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                name = acled_name(row["actor1"])
                if ANONYMOUS.match(name):
                    counts[row["country"]][name] += 1
    defaults = {}
    for country, names in sorted(counts.items()):
        name, count = names.most_common(1)[0]
        total = sum(names.values())
        if not name.startswith("Unidentified Armed Group") and count >= MIN_ANONYMOUS_ROWS and count * 2 >= total:
            defaults[country] = name
    return defaults


# Which side of a clash between a state's forces and anonymous armed men ACLED writes first, by country: in
# Brazil the police on operation ("a drug trafficker was killed after exchanging fire with military police"), in
# Mexico the gunmen. Kept where at least MIN_ORDER_ROWS such clashes were coded and MIN_ORDER_SHARE put one side first.
MIN_ORDER_ROWS = 10
MIN_ORDER_SHARE = 0.7
STATE_INTER = 1


def anonymous_clash_order(eval_dir: Path) -> list[tuple[str, str, int, int]]:
    """(country, "state" or "anonymous", clashes with that side first, clashes) rows."""
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for filename in ACLED_CURRENT_FILES:
        with (eval_dir / "acled" / filename).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["sub_event_type"] != "Armed clash":
                    continue
                state = (_int(row["inter1"]) == STATE_INTER, _int(row["inter2"]) == STATE_INTER)
                anonymous = (bool(ANONYMOUS.match(acled_name(row["actor1"]))),
                             bool(ANONYMOUS.match(acled_name(row["actor2"]))))
                if state == (True, False) and anonymous == (False, True):
                    counts[row["country"]]["state"] += 1
                elif state == (False, True) and anonymous == (True, False):
                    counts[row["country"]]["anonymous"] += 1
    rows = []
    for country, sides in sorted(counts.items()):
        side, count = sides.most_common(1)[0]
        total = sum(sides.values())
        if total >= MIN_ORDER_ROWS and count >= MIN_ORDER_SHARE * total:
            rows.append((country, side, count, total))
    return rows


# ACLED's name for an actor that depends on where or how it acted: the Islamic State's provinces are named by
# country ("Islamic State (Iraq)"), and some states' air strikes in some countries are their air force's
# ("Military Forces of Russia (2000-) Air Force" in Ukraine). Kept where at least MIN_VARIANT_ROWS rows agree
# and they are most of the rows.
MIN_VARIANT_ROWS = 2
MIN_VARIANT_SHARE = 0.6
AIR_STRIKE = "Air/drone strike"
STATE_MILITARY = re.compile(r"^Military Forces of ")


def actor_variants(eval_dir: Path) -> list[tuple[str, str, str, str]]:
    """(actor, country, sub_event_type, ACLED's name) rows; an empty country or sub-type matches any."""
    by_country: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    by_state: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for filename in ACLED_CURRENT_FILES:
        with (eval_dir / "acled" / filename).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for raw in (row["actor1"], row["actor2"]):
                    name = acled_name(raw)
                    if name.startswith("Islamic State ("):
                        by_country[row["country"]][name] += 1
                if row["sub_event_type"] == AIR_STRIKE and row["inter1"] in ("1", "8"):
                    name = acled_name(row["actor1"])
                    if STATE_MILITARY.match(name):
                        by_state[(_state_base(name), row["country"])][name] += 1
    rows = []
    for country, names in sorted(by_country.items()):
        rows += _dominant_variant(names, "Islamic State", country, "")
    for (state, country), names in sorted(by_state.items()):
        # Only the state's own air arm ("Military Forces of Yemen" strikes being mostly the Houthis' is a
        # different actor, not a naming convention), and only where ACLED names it (Russia's air force in
        # Ukraine; its strikes in Syria are "Military Forces of Russia").
        rows += [row for row in _dominant_variant(names, state, country, AIR_STRIKE) if row[3].endswith("Air Force")]
    return rows


# Forces ACLED only ever names as another actor's associate, with the actor it names in their place (the
# "Donbass People's Militia" as an associate of the "NAF: United Armed Forces of Novorossiya"): kept where the
# name is never a primary actor, has at least MIN_PARTNER_ROWS associate rows and one partner in most of them.
# Crowds' associates (unions, students with "Protesters (X)") are left to the protest conventions.
MIN_PARTNER_ROWS = 5
MIN_PARTNER_SHARE = 0.8
CROWD_TEMPLATE = re.compile(r"^(?:Protesters|Rioters|Civilians) \(")


def associate_partners(eval_dir: Path) -> list[tuple[str, str, int, str]]:
    """(associate, actor, actor's inter, actor's country) rows."""
    primary: collections.Counter = collections.Counter()
    partners: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    inters: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    countries: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for filename in ACLED_CURRENT_FILES:
        with (eval_dir / "acled" / filename).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for role, inter_col, assoc_col in (("actor1", "inter1", "assoc_actor_1"),
                                                   ("actor2", "inter2", "assoc_actor_2")):
                    actor = acled_name(row[role])
                    if not actor:
                        continue
                    primary[actor] += 1
                    inters[actor][_int(row[inter_col])] += 1
                    countries[actor][row["country"]] += 1
                    for raw in row[assoc_col].split(";"):
                        if acled_name(raw):
                            partners[acled_name(raw)][actor] += 1
    rows = []
    for associate, counts in sorted(partners.items()):
        actor, count = counts.most_common(1)[0]
        total = sum(counts.values())
        if primary[associate] or total < MIN_PARTNER_ROWS or count < MIN_PARTNER_SHARE * total \
                or CROWD_TEMPLATE.match(actor):
            continue
        inter = inters[actor].most_common(1)[0][0]
        country, in_country = countries[actor].most_common(1)[0]
        rows.append((associate, actor, inter, country if in_country >= 0.8 * primary[actor] else ""))
    return rows


def _state_base(name: str) -> str:
    """"Military Forces of Russia Air Force" -> "Military Forces of Russia" (the country's template)."""
    found = state_template_country(name)
    if not found:
        return name
    countries = set(_country_table().values())
    words = found[1].split()
    for size in range(len(words), 0, -1):
        if " ".join(words[:size]) in countries:
            return name[: name.index(found[1]) + len(" ".join(words[:size]))]
    return name


def _dominant_variant(names: collections.Counter, actor: str, country: str, sub_type: str) -> list[tuple[str, str, str, str]]:
    name, count = names.most_common(1)[0]
    if count >= MIN_VARIANT_ROWS and count >= MIN_VARIANT_SHARE * sum(names.values()):
        return [(actor, country, sub_type, name)]
    return []


def write_table(out: Path, header: list[str], rows: list[tuple[str, ...]]) -> None:
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _int(text: str) -> int | None:
    try:
        value = int(float(text))
    except ValueError:
        return None
    return value if 1 <= value <= 8 else None


def _vote(drafts: dict[str, Draft], raw: str, inter: int | None, country: str, assoc: bool) -> None:
    name = acled_name(raw)
    if not name or name == "NA" or " and/or " in name or is_template(name):
        return
    if islamic_state_branch(name):
        branch = name
        name = "Islamic State"
        drafts.setdefault(name, Draft(name)).add_alias(branch)
    draft = drafts.setdefault(name, Draft(name))
    if inter:
        # A primary role tells the actor's type; an associate's type is only a weak hint.
        draft.inter_votes[inter] += 1 if assoc else 3
    draft.country_votes[country] += 1
    suffixed = COUNTRY_SUFFIX.match(name)
    if suffixed and suffixed.group(2) in _acled_countries():
        draft.fixed_country = suffixed.group(2)


_ACLED_COUNTRY_CACHE: set[str] = set()


def _acled_countries() -> set[str]:
    if not _ACLED_COUNTRY_CACHE:
        _ACLED_COUNTRY_CACHE.update(_country_table().values())
    return _ACLED_COUNTRY_CACHE


def phoenix_blocks(path: Path):
    """Yield (names, codes) for each entry of a TABARI/PETRARCH .actors file.

    An entry is a head name line, "+alias" lines, and "[CODE date]" lines (on the head line or below).
    """
    names: list[str] = []
    codes: list[str] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            codes += re.findall(r"\[([^\]\s]+)", stripped)
            continue
        if stripped.startswith("+"):
            for alias in stripped.split("+"):
                if alias.strip():
                    names.append(alias.strip())
            continue
        if not raw[0].isspace():
            if names:
                yield names, codes
            names, codes = [], []
            head, _, rest = stripped.partition("[")
            names.append(head.strip())
            if rest:
                codes += re.findall(r"\[?([^\]\s]+)", "[" + rest)
    if names:
        yield names, codes


def phoenix_display(name: str) -> tuple[str, list[str]]:
    """ "ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_" -> ("Aden Abyan Islamic Army", ["AAIA"])."""
    acronyms = re.findall(r"\(([A-Z0-9-]{2,10})\)", name)
    text = re.sub(r"\([^)]*\)", " ", name).replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip()
    words = [w if w in acronyms or (len(w) <= 3 and w.lower() not in _LOWER_WORDS) else _title(w) for w in text.split()]
    return " ".join(words), acronyms


_LOWER_WORDS = frozenset("of the and for in al el wal lil bin ibn fi de la du des".split())


def _title(word: str) -> str:
    lower = word.lower()
    if lower in _LOWER_WORDS:
        return lower
    return "-".join(part[:1].upper() + part[1:] for part in lower.split("-"))


def phoenix_country(code: str) -> str | None:
    """ACLED country for a CAMEO code's first three letters (an ISO alpha-3), or None."""
    iso = code[:3]
    country = pycountry.countries.get(alpha_3=iso)
    if country is None:
        return None
    return _ACLED_COUNTRY_BY_ISO3.get(iso) or getattr(country, "common_name", None) or country.name


def phoenix_inter(codes: list[str]) -> int | None:
    """ACLED inter for a Phoenix code: IGOs -> 8, rebels/insurgents -> 2, militias -> 3."""
    for code in reversed(codes):  # the last code is the most recent role
        if code.startswith("IGO"):
            return 8
        if code.startswith("IMG"):
            return 2
        role = code[3:6]
        if role in PHOENIX_INTER:
            return PHOENIX_INTER[role]
    return None


def read_phoenix(actors_dir: Path) -> list[tuple[str, list[str], int, str | None]]:
    """(display name, aliases, inter, country) for organisations in the Phoenix dictionaries.

    People (the bulk of the country file) are skipped: a name must look like an organisation
    (a word such as FRONT, ARMY, BRIGADE) or be a short acronym.
    """
    groups = []
    for filename in PHOENIX_FILES:
        for names, codes in phoenix_blocks(actors_dir / filename):
            inter = phoenix_inter(codes)
            if inter is None:
                continue
            head = names[0].upper()
            if not (ORG_WORDS.search(head.replace("_", " ")) or re.fullmatch(r"[A-Z]{2,6}_?", head)):
                continue
            display, acronyms = phoenix_display(names[0])
            aliases = list(acronyms)
            for alias in names[1:]:
                alias_display, alias_acronyms = phoenix_display(alias)
                if ORG_WORDS.search(alias.upper().replace("_", " ")) or re.fullmatch(r"[A-Z]{2,8}_?", alias.upper()):
                    aliases.append(alias_display)
                aliases += alias_acronyms
            country = None
            if not codes[-1].startswith(("IGO", "IMG")):
                country = phoenix_country(codes[-1])
            groups.append((display, aliases, inter, country))
    return groups


def merge(drafts: dict[str, Draft], phoenix: list[tuple[str, list[str], int, str | None]]) -> None:
    """Fold curated and Phoenix spellings into the ACLED names; add Phoenix-only groups as new rows."""
    for name, (inter, country, aliases) in CURATED_ALIASES.items():
        draft = drafts.setdefault(name, Draft(name))
        if not draft.inter_votes:
            draft.inter_votes[inter] += 1
        if country and not draft.fixed_country:
            draft.fixed_country = country
        for alias in aliases:
            draft.add_alias(alias)
    for name, draft in drafts.items():
        for alias in derived_aliases(name):
            if alias not in drafts:  # "Taliban - Red Unit" must not take "Taliban"'s own name
                draft.add_alias(alias)
    index = _spelling_index(drafts)
    for display, aliases, inter, country in phoenix:
        spellings = [display, *aliases]
        target = next((index[normalise(s)] for s in spellings if normalise(s) in index), None)
        if target is None:
            if normalise(display) in index or len(normalise(display)) < 3:
                continue
            target = drafts.setdefault(display, Draft(display))
            target.inter_votes[inter] += 1
            if country:
                target.fixed_country = country
        for spelling in spellings:
            target.add_alias(spelling)
            index.setdefault(normalise(spelling), target)


def _spelling_index(drafts: dict[str, Draft]) -> dict[str, Draft]:
    index: dict[str, Draft] = {}
    for draft in drafts.values():
        for spelling in (draft.name, *draft.aliases):
            index.setdefault(normalise(spelling), draft)
    return index


def final_country(draft: Draft) -> str:
    """The actor's home country: fixed by its name, else the country of at least 80% of its events."""
    if draft.fixed_country:
        return draft.fixed_country
    total = sum(draft.country_votes.values())
    if total:
        country, count = draft.country_votes.most_common(1)[0]
        if count / total >= 0.8:
            return country
    return ""


def write_csv(drafts: dict[str, Draft], out: Path) -> int:
    rows = []
    for draft in drafts.values():
        if not draft.inter_votes:
            continue
        inter = draft.inter_votes.most_common(1)[0][0]
        if STATE_BRANCH.match(draft.name):
            inter = 1  # state branches seen only as associates inherit their partner's code otherwise
        rows.append((draft.name, inter, final_country(draft), "|".join(a.replace("|", "/") for a in draft.aliases)))
    rows.sort(key=lambda r: r[0].lower())
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("name", "inter", "country", "aliases"))
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=root.parent / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=root / "src" / "eventwire" / "data" / "actors.csv")
    args = parser.parse_args()
    drafts = read_acled_actors(args.eval_dir)
    acled_count = len(drafts)
    phoenix = read_phoenix(args.eval_dir / "actors-petrarch2")
    merge(drafts, phoenix)
    written = write_csv(drafts, args.out)
    print(f"ACLED actor names: {acled_count}; Phoenix organisations: {len(phoenix)}; rows written: {written} -> {args.out}")
    variants = actor_variants(args.eval_dir)
    variants_path = args.out.with_name(ACTOR_VARIANTS_FILE)
    write_table(variants_path, ["actor", "country", "sub_event_type", "name"], variants)
    print(f"{len(variants)} place- or action-specific ACLED names -> {variants_path}")
    partners = associate_partners(args.eval_dir)
    partners_path = args.out.with_name(ACTOR_PARTNERS_FILE)
    write_table(partners_path, ["associate", "actor", "inter", "country"], partners)
    print(f"{len(partners)} forces ACLED names only as another actor's associate -> {partners_path}")
    defaults = anonymous_defaults(args.eval_dir)
    defaults_path = args.out.with_name(ANONYMOUS_DEFAULTS_FILE)
    write_table(defaults_path, ["country", "name"], sorted(defaults.items()))
    print(f"anonymous-perpetrator names for {len(defaults)} countries -> {defaults_path}")
    order = anonymous_clash_order(args.eval_dir)
    order_path = args.out.with_name(CLASH_ORDER_FILE)
    write_table(order_path, ["country", "first", "rows", "of"], order)
    print(f"the side ACLED writes first in clashes of state forces with anonymous men: {len(order)} countries "
          f"-> {order_path}")


if __name__ == "__main__":
    main()
