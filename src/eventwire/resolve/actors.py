"""The actor knowledge base: named armed groups and organisations, plus ACLED's generic actor templates.

ACLED names most state and anonymous actors by template ("Military Forces of Iraq", "Civilians (Iraq)",
"Unidentified Armed Group (Iraq)"); those are built by the helpers below, not stored. Named actors
("Islamic State", "Al Shabaab", "Taliban") live in ``data/actors.csv`` (see ``data/README-actors.md``)
and can be extended or overridden by user files in the same format::

    name,inter,country,aliases
    Islamic State,2,,ISIS|ISIL|Daesh|IS

Lookups go through dicts of normalised names built once; rapidfuzz is only a bounded fallback for
spelling variants, so ``match`` is cheap enough to run on every mention.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional

import pycountry
from rapidfuzz import fuzz, process

from ..errors import DataError

SHIPPED_ACTORS = "actors.csv"
CSV_HEADER = ("name", "inter", "country", "aliases")
FUZZY_CUTOFF = 90  # rapidfuzz ratio needed to accept a spelling variant
FUZZY_MIN_CHARS = 6  # shorter keys are too ambiguous to fuzz ("IS" ~ "ISI")


@dataclass(frozen=True)
class ActorRecord:
    """One actor as ACLED names it. ``country`` is an ACLED country name or None (transnational)."""

    name: str
    inter: int
    country: Optional[str] = None
    aliases: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Countries and demonyms
# --------------------------------------------------------------------------------------------

# pycountry's names that ACLED spells differently (ISO alpha-3 -> ACLED country name).
_ACLED_COUNTRY_BY_ISO3 = {
    "BRN": "Brunei",
    "CPV": "Cape Verde",
    "CZE": "Czech Republic",
    "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo",
    "TLS": "East Timor",
    "SWZ": "eSwatini",
    "CIV": "Ivory Coast",
    "RUS": "Russia",
    "TUR": "Turkey",
    "PSE": "Palestine",
    "FSM": "Micronesia",
    "VAT": "Vatican City",
    "CUW": "Curacao",
    "REU": "Reunion",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "MDA": "Moldova",
    "FLK": "Falkland Islands",
    "BOL": "Bolivia",
    "IRN": "Iran",
    "SYR": "Syria",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "LAO": "Laos",
    "VNM": "Vietnam",
    "TWN": "Taiwan",
}

# Countries ACLED writes with "the" inside state templates ("Military Forces of the United States").
_COUNTRIES_WITH_THE = frozenset(
    {
        "United States",
        "United Kingdom",
        "Democratic Republic of Congo",
        "Republic of Congo",
        "Philippines",
        "Central African Republic",
        "United Arab Emirates",
        "Ivory Coast",
        "Netherlands",
        "Dominican Republic",
        "Czech Republic",
        "Maldives",
        "Comoros",
        "Solomon Islands",
        "Marshall Islands",
        "Bahamas",
    }
)

# Demonyms and common short names -> ACLED country. pycountry has no demonyms, so they are listed here.
_DEMONYMS = """
Afghan:Afghanistan|Albanian:Albania|Algerian:Algeria|Angolan:Angola|Argentine,Argentinian:Argentina
Armenian:Armenia|Australian:Australia|Austrian:Austria|Azerbaijani,Azeri:Azerbaijan|Bahraini:Bahrain
Bangladeshi:Bangladesh|Belarusian:Belarus|Belgian:Belgium|Beninese:Benin|Bolivian:Bolivia
Bosnian:Bosnia and Herzegovina|Brazilian:Brazil|British,UK,U.K.,Britain,England,English:United Kingdom
Bulgarian:Bulgaria|Burkinabe,Burkinabè:Burkina Faso|Burundian:Burundi|Cambodian:Cambodia
Cameroonian:Cameroon|Canadian:Canada|Central African,CAR:Central African Republic|Chadian:Chad
Chilean:Chile|Chinese:China|Colombian:Colombia|Congolese,DRC,DR Congo,Congo-Kinshasa:Democratic Republic of Congo
Costa Rican:Costa Rica|Croatian:Croatia|Cuban:Cuba|Cypriot:Cyprus|Czech:Czech Republic|Danish:Denmark
Djiboutian:Djibouti|Dominican:Dominican Republic|Ecuadorian,Ecuadorean:Ecuador|Egyptian:Egypt
Salvadoran,Salvadorean:El Salvador|Eritrean:Eritrea|Estonian:Estonia|Ethiopian:Ethiopia|Finnish:Finland
French:France|Gabonese:Gabon|Gambian:Gambia|Georgian:Georgia|German:Germany|Ghanaian:Ghana|Greek:Greece
Guatemalan:Guatemala|Guinean:Guinea|Haitian:Haiti|Honduran:Honduras|Hungarian:Hungary|Indian:India
Indonesian:Indonesia|Iranian,Persian:Iran|Iraqi:Iraq|Irish:Ireland|Israeli:Israel|Italian:Italy
Ivorian:Ivory Coast|Jamaican:Jamaica|Japanese:Japan|Jordanian:Jordan|Kazakh:Kazakhstan|Kenyan:Kenya
Kosovar,Kosovan:Kosovo|Kuwaiti:Kuwait|Kyrgyz:Kyrgyzstan|Lao,Laotian:Laos|Latvian:Latvia|Lebanese:Lebanon
Liberian:Liberia|Libyan:Libya|Lithuanian:Lithuania|Malagasy:Madagascar|Malawian:Malawi|Malaysian:Malaysia
Malian:Mali|Mauritanian:Mauritania|Mexican:Mexico|Moldovan:Moldova|Mongolian:Mongolia|Montenegrin:Montenegro
Moroccan:Morocco|Mozambican:Mozambique|Burmese,Burma:Myanmar|Namibian:Namibia|Nepali,Nepalese:Nepal
Dutch,Holland:Netherlands|Nicaraguan:Nicaragua|Nigerien:Niger|Nigerian:Nigeria|North Korean:North Korea
Macedonian:North Macedonia|Norwegian:Norway|Omani:Oman|Pakistani:Pakistan|Palestinian:Palestine
Panamanian:Panama|Paraguayan:Paraguay|Peruvian:Peru|Filipino,Philippine:Philippines|Polish:Poland
Portuguese:Portugal|Qatari:Qatar|Romanian:Romania|Russian:Russia|Rwandan:Rwanda|Saudi:Saudi Arabia
Senegalese:Senegal|Serbian,Serb:Serbia|Sierra Leonean:Sierra Leone|Somali:Somalia|South African:South Africa
South Korean:South Korea|South Sudanese:South Sudan|Spanish:Spain|Sri Lankan:Sri Lanka|Sudanese:Sudan
Swedish:Sweden|Swiss:Switzerland|Syrian:Syria|Taiwanese:Taiwan|Tajik:Tajikistan|Tanzanian:Tanzania
Thai:Thailand|Togolese:Togo|Tunisian:Tunisia|Turkish:Turkey|Turkmen:Turkmenistan|Ugandan:Uganda
Ukrainian:Ukraine|Emirati,UAE:United Arab Emirates|American,US,U.S.,USA,U.S.A.,America:United States
Uruguayan:Uruguay|Uzbek:Uzbekistan|Venezuelan:Venezuela|Vietnamese:Vietnam|Yemeni:Yemen|Zambian:Zambia
Zimbabwean:Zimbabwe|Bissau-Guinean:Guinea-Bissau|Equatorial Guinean:Equatorial Guinea|Lesothan:Lesotho
"""


def normalise(text: str) -> str:
    """The lookup key of a name: ASCII, lower case, no "the", no possessive, hyphens and dots as spaces.

    "The Islamic State's" -> "islamic state"; "al-Shabaab" -> "al shabaab"; "U.S." -> "us".
    """
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = _POSSESSIVE.sub("", text)
    text = text.replace(".", "")
    text = _NON_WORD.sub(" ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


_POSSESSIVE = re.compile(r"['\u2019]s?\b(?!\w)")
_NON_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    """normalised country name / demonym -> ACLED country name (built once)."""
    table: dict[str, str] = {}
    for country in pycountry.countries:
        acled = _ACLED_COUNTRY_BY_ISO3.get(country.alpha_3) or getattr(country, "common_name", None) or country.name
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None), acled):
            if name:
                table.setdefault(normalise(name), acled)
    table[normalise("Kosovo")] = "Kosovo"
    for line in _DEMONYMS.split("\n"):
        for item in filter(None, line.split("|")):
            words, country = item.split(":")
            for word in words.split(","):
                table[normalise(word)] = country
                if not word.isupper() and not word.endswith("s"):
                    table.setdefault(normalise(word) + "s", country)  # "Iraqis"
    return table


def country_from_word(text: str) -> Optional[str]:
    """ACLED country name for a country name or demonym ("Iraqi" -> "Iraq", "U.S." -> "United States")."""
    return _country_table().get(normalise(text))


def _with_the(country: str) -> str:
    return f"the {country}" if country in _COUNTRIES_WITH_THE else country


# --------------------------------------------------------------------------------------------
# Templates
# --------------------------------------------------------------------------------------------

_STATE_BRANCHES = {"military": "Military Forces of", "police": "Police Forces of", "government": "Government of"}


def state_forces(country: str, branch: str = "military", event_country: Optional[str] = None) -> ActorRecord:
    """ "Military Forces of Iraq" (branch "military"), "Police Forces of ..." or "Government of ...".

    ACLED codes a state's forces acting outside their own country as external forces (inter 8).
    """
    if branch not in _STATE_BRANCHES:
        raise ValueError(f"branch must be one of {sorted(_STATE_BRANCHES)}, not {branch!r}")
    inter = 8 if event_country and event_country != country else 1
    return ActorRecord(f"{_STATE_BRANCHES[branch]} {_with_the(country)}", inter, country)


def civilians(country: Optional[str]) -> ActorRecord:
    return _group_template("Civilians", 7, country)


def protesters(country: Optional[str]) -> ActorRecord:
    return _group_template("Protesters", 6, country)


def rioters(country: Optional[str]) -> ActorRecord:
    return _group_template("Rioters", 5, country)


def unidentified_armed_group(country: Optional[str]) -> ActorRecord:
    """The anonymous perpetrator, as ACLED names it in ``country`` ("Unidentified Gang (Mexico)" where
    that is ACLED's usual name, see :data:`ANONYMOUS_DEFAULTS_FILE`)."""
    local = anonymous_defaults().get(country or "")
    if local:
        return ActorRecord(local, 3, country)
    return plain_unidentified_armed_group(country)


def plain_unidentified_armed_group(country: Optional[str]) -> ActorRecord:
    """ "Unidentified Armed Group (Brazil)", whatever ACLED usually calls the country's anonymous perpetrators."""
    return _group_template("Unidentified Armed Group", 3, country)


def _data_rows(filename: str) -> list[dict[str, str]]:
    """The rows of one of the tables built beside the actor dictionary (none where the file was not built)."""
    path = resources.files("eventwire.data").joinpath(filename)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ANONYMOUS_DEFAULTS_FILE = "anonymous_actors.csv"


@functools.lru_cache(maxsize=1)
def anonymous_defaults() -> dict[str, str]:
    """Country -> ACLED's usual name for anonymous perpetrators there, where it is not "Unidentified Armed
    Group (country)" (built with the actor dictionary by ``scripts/build_actors.py``)."""
    return {row["country"]: row["name"] for row in _data_rows(ANONYMOUS_DEFAULTS_FILE)}


CLASH_ORDER_FILE = "clash_order.csv"


@functools.lru_cache(maxsize=1)
def _clash_order() -> dict[str, str]:
    return {row["country"]: row["first"] for row in _data_rows(CLASH_ORDER_FILE)}


def first_in_anonymous_clashes(country: Optional[str]) -> Optional[str]:
    """"state" or "anonymous": which side ACLED writes first in ``country``'s clashes between the state's forces
    and anonymous armed men (built from ACLED's development files by ``scripts/build_actors.py``); None where it
    has no settled order."""
    return _clash_order().get(country or "")


NEIGHBOURS_FILE = "country_neighbours.csv"


@functools.lru_cache(maxsize=1)
def _neighbour_pairs() -> frozenset[tuple[str, str]]:
    """(ACLED country, ACLED country) for every land border (``scripts/build_country_neighbours.py``)."""
    acled_name = {c.alpha_2: _ACLED_COUNTRY_BY_ISO3.get(c.alpha_3) or getattr(c, "common_name", None) or c.name
                  for c in pycountry.countries}
    pairs = set()
    for row in _data_rows(NEIGHBOURS_FILE):
        for other in row["neighbours"].split():
            if row["country_code"] in acled_name and other in acled_name:
                pairs.add((acled_name[row["country_code"]], acled_name[other]))
    return frozenset(pairs)


def neighbours(country: str, other: str) -> bool:
    """Whether two countries (ACLED's names) share a land border."""
    return (country, other) in _neighbour_pairs()


ACTOR_VARIANTS_FILE = "actor_variants.csv"


@functools.lru_cache(maxsize=1)
def _actor_variants() -> dict[str, list[tuple[str, str, str]]]:
    """actor -> [(country, sub_event_type, ACLED's name)], built by ``scripts/build_actors.py``."""
    table: dict[str, list[tuple[str, str, str]]] = {}
    for row in _data_rows(ACTOR_VARIANTS_FILE):
        table.setdefault(row["actor"], []).append((row["country"], row["sub_event_type"], row["name"]))
    return table


def acled_variant(name: str, event_country: str, sub_event_type: Optional[str]) -> str:
    """ACLED's name for ``name`` where it acted, and how: the Islamic State in Iraq is "Islamic State
    (Iraq)", Russia's air strikes are its air force's ("Military Forces of Russia Air Force"). Learnt from
    ACLED's development files; ``name`` itself where they show no such convention."""
    for country, sub_type, variant in _actor_variants().get(name, ()):
        if country in ("", event_country) and sub_type in ("", sub_event_type):
            return variant
    return name


ACTOR_PARTNERS_FILE = "actor_partners.csv"


@functools.lru_cache(maxsize=1)
def _actor_partners() -> dict[str, ActorRecord]:
    """associate -> the actor ACLED names in its place, built by ``scripts/build_actors.py``."""
    return {row["associate"]: ActorRecord(row["actor"], int(row["inter"]), row["country"] or None)
            for row in _data_rows(ACTOR_PARTNERS_FILE)}


def acled_partner(name: str) -> Optional[ActorRecord]:
    """The actor ACLED codes in the place of a force it only ever names as that actor's associate: the
    "Donbass People's Militia" fight as the "NAF: United Armed Forces of Novorossiya", Saudi forces in Yemen as
    "Operation Restoring Hope". Learnt from ACLED's development files; None for everyone else."""
    return _actor_partners().get(name)


IDENTITY_MILITIA_INTER = 4


def identity_militia(label: str, country: Optional[str]) -> ActorRecord:
    """An identity militia as ACLED names it: "Murle Ethnic Militia (South Sudan)"."""
    return _group_template(label, IDENTITY_MILITIA_INTER, country)


def _group_template(label: str, inter: int, country: Optional[str]) -> ActorRecord:
    # ACLED always names the country; without one the bare label is the best we can say.
    return ActorRecord(f"{label} ({country})" if country else label, inter, country)


# Generic nominal heads -> template kind. Keys are normalised one- or two-word heads; the phrase's
# last two words are tried before its last word ("security forces" before "forces").
_GENERIC_WORDS = {
    "military": (
        "army armies troops troop soldiers soldier military servicemen marines paratroopers commandos "
        "navy warplanes forces force|security forces|armed forces|government forces|special forces|"
        "air force|fighter jets|military forces|regime forces|state forces|army forces|defence forces|"
        "defense forces|military troops|security personnel|govt forces|paramilitary|paramilitaries|paramilitary forces|"
        # What forces hold or move in, standing for them as a target: "shelled regime positions".
        "government positions|governmental positions|regime positions|army positions|military positions|army posts|"
        "military posts|military convoy|army convoy|military patrol|army patrol|military checkpoint|army checkpoint|"
        "military personnel|army personnel"
    ),
    # Weapons standing for whoever fired them: "Russian airstrikes", "a Turkish drone". Only with a
    # country ("airstrikes hit the town" does not say whose).
    "weapons": (
        "airstrikes airstrike drone drones helicopters helicopter jets aircraft aircrafts warplane artillery shelling "
        "rockets missiles gunboats|air strikes|air strike|air raids|air raid|drone strike|drone strikes|"
        "army helicopters|artillery fire|missile strikes"
    ),
    "police": "police policemen policeman cops gendarmes gendarmerie|police officers|riot police|police forces|"
              "police personnel|police force|gendarmerie forces|prison guards|police officer|police agent|police agents|"
              "policewoman|policewomen|police constable|police constables|police patrol|police checkpoint",
    "government": "government authorities regime administration governor governorship",
    "unidentified": (
        "gunmen gunman militants militant assailants assailant attackers attacker insurgents insurgent|"
        "armed men|unknown assailants|unidentified gunmen|unknown gunmen|armed group|unidentified men|armed individuals|"
        "armed individual|unidentified individuals|unknown individuals|armed persons|unknown persons|unidentified persons|"
        "criminal group|criminal groups|criminal gang|criminal gangs|armed gang|armed gangs|gang members|hitmen|hitman|"
        "unknown party|unidentified party|unknown parties|unidentified parties|unidentified group|unknown group|"
        "unidentified groups|unknown groups"
    ),
    "protesters": "protesters protester protestors protestor demonstrators demonstrator marchers",
    "rioters": "rioters rioter mob mobs youths crowd crowds settlers|youth mob|angry crowd",
    "civilians": "civilians civilian villagers villager residents resident locals people passengers worshippers "
                 "nationals citizens workers labourers laborers migrants traders farmers",
}


def _generic_nouns() -> dict[str, str]:
    """Expand ``_GENERIC_WORDS``: the part before the first "|" is single words, the rest phrases."""
    table: dict[str, str] = {}
    for kind, spec in _GENERIC_WORDS.items():
        words, *phrases = spec.split("|")
        for key in (*words.split(), *phrases):
            table[key.strip()] = kind
    return table


GENERIC_NOUNS: dict[str, str] = _generic_nouns()


def generic_actor(kind: str, country: Optional[str], event_country: Optional[str] = None) -> ActorRecord:
    """The template actor for a generic noun kind ("military", "police", "civilians"...)."""
    if kind in _STATE_BRANCHES:
        if not country:
            # State forces without a country cannot be named; the caller decides what to do.
            return ActorRecord(_STATE_BRANCHES[kind].rsplit(" of", 1)[0], 1, None)
        return state_forces(country, kind, event_country)
    return {
        "unidentified": unidentified_armed_group,
        "protesters": protesters,
        "rioters": rioters,
        "civilians": civilians,
    }[kind](country)


_STATE_NAME = re.compile(r"^(Military Forces|Police Forces|Government) of (?:the )?(.+)$")


# --------------------------------------------------------------------------------------------
# The knowledge base
# --------------------------------------------------------------------------------------------

# "pro-Houthi": a capitalised name after "pro-" (not "pro-government", which says nothing of whose).
_SUPPORTER_PREFIX = re.compile(r"[Pp]ro-(?=[A-Z])")
# Two groups named as either one: "JNIM or ISGS", "Boko Haram/IS", "ISWAP and/or Boko Haram".
_EITHER = re.compile(r"\s+and/or\s+|\s*/\s*|\s+or\s+")
_QUALIFIER = re.compile(r"\s*\([^()]*\)$")
SUPPORTED_FORCE_INTERS = (1, 2, 3, 4)

_ARTICLES = frozenset({"the", "a", "an"})
# Nouns for a force's people after its branch's name ("military police officers").
_MEMBER_WORDS = frozenset({"officers", "officer", "personnel", "agents", "agent", "men", "units", "unit"})

# Words that follow a group's name without changing who it is ("Taliban fighters").
_TRAILING_GROUP_WORDS = frozenset(
    "militants militant fighters fighter insurgents insurgent rebels rebel group groups members member "
    "militia militiamen forces jihadists jihadist extremists terrorists loyalists supporters "
    "troops soldiers army military units navy airforce".split()
)


class ActorKB:
    """Named actors indexed by every normalised spelling. Build with :meth:`default` or :meth:`load`."""

    def __init__(self, records: Iterable[ActorRecord]):
        self.records: list[ActorRecord] = []
        self._by_key: dict[str, list[ActorRecord]] = {}
        self._case_sensitive: dict[str, list[ActorRecord]] = {}
        for record in records:
            self.add(record)
        self._fuzzy_buckets: Optional[dict[str, list[str]]] = None
        self._either_pairs: Optional[dict[frozenset, ActorRecord]] = None
        self._cache: dict[tuple[str, Optional[str], bool], Optional[ActorRecord]] = {}

    # -- building -----------------------------------------------------------------------------

    def add(self, record: ActorRecord) -> None:
        """Add a record; a record with the same name and country replaces the earlier one."""
        self._remove(record.name, record.country)
        self.records.append(record)
        for spelling in (record.name, *record.aliases):
            if _is_acronym(spelling) and len(spelling) <= 3:
                # "IS", "AQI": only their upper-case form is a name; lower case they are words.
                self._case_sensitive.setdefault(spelling, []).append(record)
                continue
            key = normalise(spelling)
            if key:
                bucket = self._by_key.setdefault(key, [])
                if record not in bucket:
                    bucket.append(record)
        self._fuzzy_buckets = None
        self._either_pairs = None
        self._cache = {}

    def _either_of(self, text: str, country: Optional[str]) -> Optional[ActorRecord]:
        """The actor ACLED names "X and/or Y" for a text naming two groups as either one ("presumed JNIM or ISGS
        militants", "Boko Haram/IS"), when the dictionary has one for that pair."""
        parts = [part for part in _EITHER.split(text) if part]
        if len(parts) != 2 or not self._pairs():
            return None
        found = [self._match_uncached(part, country, False) for part in parts]
        if None in found:
            return None
        return self._pairs().get(frozenset(_family(record.name) for record in found))

    def _pairs(self) -> dict[frozenset, ActorRecord]:
        """The "X and/or Y" actors by the families (:func:`_family`) of the actors their two parts match, built once."""
        if self._either_pairs is None:
            self._either_pairs = {}
            for record in self.records:
                parts = record.name.split(" and/or ")
                # A part's regional qualifier may be a name of its own: "Islamic State (Greater Sahara)" is the
                # Islamic State's branch, which the dictionary files under the Islamic State.
                found = [self._match_uncached(part, None, False)
                         or self._match_uncached(_QUALIFIER.sub("", part), None, False)
                         for part in parts] if len(parts) == 2 else [None]
                if None not in found:
                    self._either_pairs[frozenset(_family(r.name) for r in found)] = record
        return self._either_pairs

    def case_sensitive_records(self, acronym: str) -> list[ActorRecord]:
        """The actors a short acronym names in capitals ("AA", "PKK"); empty when none."""
        return list(self._case_sensitive.get(acronym, ()))

    def _remove(self, name: str, country: Optional[str]) -> None:
        old = [r for r in self.records if r.name == name and r.country == country]
        if not old:
            return
        self.records = [r for r in self.records if r not in old]
        for index in (self._by_key, self._case_sensitive):
            for key in list(index):
                index[key] = [r for r in index[key] if r not in old]
                if not index[key]:
                    del index[key]

    @classmethod
    @functools.lru_cache(maxsize=1)
    def default(cls) -> "ActorKB":
        """The shipped knowledge base, loaded once per process."""
        return cls.load()

    @classmethod
    def load(cls, *extra_csv_paths: str | Path) -> "ActorKB":
        """The shipped actors plus user files (same format) that extend it or override rows by name."""
        shipped = resources.files("eventwire.data").joinpath(SHIPPED_ACTORS)
        try:
            text = shipped.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise DataError(
                "The shipped actor file eventwire/data/actors.csv is missing; reinstall eventwire "
                "or rebuild it with: python scripts/build_actors.py"
            ) from exc
        kb = cls(read_actor_csv(text, source="eventwire/data/actors.csv"))
        for path in extra_csv_paths:
            try:
                extra = Path(path).read_text(encoding="utf-8")
            except OSError as exc:
                raise DataError(f"Cannot read actor file {path}: {exc.strerror}. Check the --actors path.") from exc
            for record in read_actor_csv(extra, source=str(path)):
                kb.add(record)
        return kb

    # -- lookups ------------------------------------------------------------------------------

    def match(self, text: str, country: Optional[str] = None, fuzzy: bool = True) -> Optional[ActorRecord]:
        """The actor a name or short phrase refers to, or None.

        Tries, in order: exact spelling (after normalising), the name without trailing words like
        "militants", a generic phrase with a demonym ("Iraqi army"), then a bounded fuzzy match.
        ``country`` (the article's country) picks among same-named country branches and fills
        templates that need a country. ``fuzzy=False`` skips the spelling-variant step (place names).
        """
        cache_key = (text, country, fuzzy)
        if cache_key in self._cache:
            return self._cache[cache_key]
        result = self._match_uncached(text, country, fuzzy)
        if len(self._cache) < 100_000:
            self._cache[cache_key] = result
        return result

    def _match_uncached(self, text: str, country: Optional[str], fuzzy: bool) -> Optional[ActorRecord]:
        stripped = text.strip()
        supporter = _SUPPORTER_PREFIX.match(stripped)
        if supporter:
            return self._supported_force(stripped[supporter.end():], country)
        either = self._either_of(stripped, country)
        if either is not None:
            return either
        if "/" in stripped:  # "Boko Haram/IS" with no "X and/or Y" actor for the pair: the first named
            return next(filter(None, (self._match_uncached(part, country, False) for part in stripped.split("/"))),
                        None)
        if stripped in self._case_sensitive:
            # A short acronym of another country's group ("PRI" in an Iraq story) is someone else.
            return _pick(self._case_sensitive[stripped], country, strict=True)
        key = normalise(stripped)
        if not key:
            return None
        records = _not_foreign_branches(self._by_key.get(key, []), country, key)
        if records:
            return _pick(records, country, key=key)
        words = key.split()
        if words[-2:] == ["air", "force"] and len(words) > 2:  # "GNA air force": the GNA's forces
            words = words[:-2] + ["forces"]
        while len(words) > 1 and words[-1] in _TRAILING_GROUP_WORDS:
            words = words[:-1]
            shorter = " ".join(words)
            records = _not_foreign_branches(self._by_key.get(shorter, []), country, shorter)
            if records:
                return _pick(records, country)
            original = stripped.split()[: len(words)]
            if len(original) == 1 and original[0] in self._case_sensitive:
                return _pick(self._case_sensitive[original[0]], country)
        generic = self.match_generic(stripped, country)
        if generic is not None:
            return generic
        return self._fuzzy(key, country) if fuzzy else None

    def _supported_force(self, text: str, country: Optional[str]) -> Optional[ActorRecord]:
        """The armed actor a "pro-X" phrase fights for ("pro-Houthi forces" are the Houthis' forces, as
        ACLED codes them); None when X is no armed actor ("pro-Turkey factions" are not Turkey's army)."""
        if country_from_word(text.split()[0]):
            return None  # "pro-Russian separatists", "pro-Turkey factions": a state's allies, not its forces
        record = self._match_uncached(text, country, fuzzy=False)
        return record if record is not None and record.inter in SUPPORTED_FORCE_INTERS else None

    def match_generic(self, text: str, country: Optional[str] = None) -> Optional[ActorRecord]:
        """Template actor for a generic phrase: "the Iraqi army" -> Military Forces of Iraq,
        "gunmen" -> Unidentified Armed Group ({country}), "villagers" -> Civilians ({country}).

        A demonym or country name in the phrase wins over ``country`` (the article's country).
        """
        key = normalise(text)
        words = key.split()
        if not words or len(words) > 6:
            return None
        kind = GENERIC_NOUNS.get(" ".join(words[-2:])) if len(words) >= 2 else None
        head_len = 2 if kind else 1
        if kind is None:
            kind = GENERIC_NOUNS.get(words[-1])
        if kind is None:
            return None
        phrase_country = self._country_in(words[:-head_len])
        if kind == "military" and head_len == 1 and words[-1] in {"force", "forces"} and not phrase_country:
            return None  # "forces" says whose only with a country: "Russian forces", not "Houthi forces"
        if kind == "weapons":
            if not phrase_country:
                return None
            kind = "military"
        if kind in _STATE_BRANCHES:
            own = phrase_country or country
            if not own:
                return None
            return self._named_branch(own, words, country) or state_forces(own, kind, event_country=country)
        return generic_actor(kind, phrase_country or country)

    def _named_branch(self, own: str, words: list[str], country: Optional[str]) -> Optional[ActorRecord]:
        """The state's own branch the phrase names, as ACLED names it: "military police officers" in Brazil ->
        Military Forces of Brazil Military Police, "the gendarmerie" in Cameroon -> Military Forces of Cameroon
        Gendarmerie. None when the knowledge base lists no such branch of that state."""
        branch = [w for w in words if w not in _ARTICLES and not self._country_in([w])]
        while branch and (branch[-1] in _TRAILING_GROUP_WORDS or branch[-1] in _MEMBER_WORDS):
            branch.pop()
        if not branch:
            return None
        for prefix in _STATE_BRANCHES.values():
            records = self._by_key.get(normalise(f"{prefix} {_with_the(own)} {' '.join(branch)}"))
            if records:
                abroad = country is not None and country != own  # a state's forces outside it are external
                return ActorRecord(records[0].name, 8 if abroad else 1, own, records[0].aliases)
        return None

    @staticmethod
    def _country_in(words: list[str]) -> Optional[str]:
        """The country named by a modifier among ``words`` (tries two-word names first)."""
        table = _country_table()
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                found = table.get(" ".join(words[i : i + size]))
                if found:
                    return found
        return None

    def _fuzzy(self, key: str, country: Optional[str]) -> Optional[ActorRecord]:
        """Spelling variants ("al Shabab" ~ "al Shabaab"), comparing only keys with the same first
        letter and similar length, so a miss costs a few hundred comparisons, not thousands."""
        if len(key) < FUZZY_MIN_CHARS:
            return None
        buckets = self._buckets()
        candidates = buckets.get(key[:1] + str(len(key) // 4), [])
        if not candidates:
            return None
        best = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best is None:
            return None
        return _pick(self._by_key[best[0]], country)

    def _buckets(self) -> dict[str, list[str]]:
        if self._fuzzy_buckets is None:
            buckets: dict[str, list[str]] = {}
            for key in self._by_key:
                if len(key) < FUZZY_MIN_CHARS:
                    continue
                # Put each key in its own length band and both neighbours, so lookups check one band.
                band = len(key) // 4
                for b in (band - 1, band, band + 1):
                    buckets.setdefault(key[:1] + str(b), []).append(key)
            self._fuzzy_buckets = buckets
        return self._fuzzy_buckets

    def __len__(self) -> int:
        return len(self.records)


def _not_foreign_branches(records: list[ActorRecord], country: Optional[str], key: str) -> list[ActorRecord]:
    """Without the state branches of other countries named only by their title: "Military Police", "National
    Guard" or "Transitional Government" in one country's news is that country's, not Brazil's or Russia's
    (the generic phrases name it when the dictionary has no such branch for the country)."""
    if not country:
        return records
    return [r for r in records
            if not (r.country and r.country != country and _STATE_NAME.match(r.name) and normalise(r.name) != key)]


# Rebel groups and political or identity militias operate across borders; parties and unions do not.
CROSS_BORDER_INTER = (2, 3, 4)


def _family(name: str) -> str:
    """An actor's name without the spelling of the day: "Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad" and
    "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad" are both "boko haram", "JNIM: Group for Support of
    Islam and Muslims" is "jnim"."""
    return normalise(_QUALIFIER.sub("", name.split(" - ")[0].split(":")[0]))


def _pick(
    records: list[ActorRecord], country: Optional[str], strict: bool = False, key: str = ""
) -> Optional[ActorRecord]:
    """Among records sharing a spelling: the one of ``country``, else a transnational one.

    A spelling shared only by other countries' actors ("Fulani Ethnic Militia" of Nigeria and of
    Benin, in a Mali story) names none of them: None.
    """
    if strict and country:
        # An armed group's acronym still names it across its country's borders ("PKK" in northern Iraq).
        records = [r for r in records if r.country in (None, country)
                   or (r.inter in CROSS_BORDER_INTER and neighbours(r.country, country))]
        if not records:
            return None
    if len(records) == 1:
        return records[0]
    own = [r for r in records if key and normalise(r.name) == key and r.country in (None, country)]
    if own:
        return own[-1]  # the spelling is this actor's own name; a later (user) row wins
    if country:
        for record in records:
            if record.country == country:
                return record
    for record in records:
        if not record.country:
            return record
    for record in records:
        if key and normalise(record.name) == key:
            return record  # the spelling is this actor's own name, not a shared alias
    return None if country else records[0]


def _is_acronym(text: str) -> bool:
    return text.isupper() and text.isalpha()


def read_actor_csv(text: str, source: str) -> list[ActorRecord]:
    """Parse an actor CSV (``name,inter,country,aliases``); malformed rows raise DataError with the line."""
    rows = csv.reader(text.splitlines())
    records: list[ActorRecord] = []
    for line_number, row in enumerate(rows, start=1):
        if not row or not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if line_number == 1 and [c.strip().lower() for c in row[: len(CSV_HEADER)]] == list(CSV_HEADER):
            continue
        records.append(_parse_row(row, line_number, source))
    return records


def _parse_row(row: list[str], line_number: int, source: str) -> ActorRecord:
    where = f"{source}, line {line_number}"
    if len(row) < 2 or len(row) > 4:
        raise DataError(
            f"{where}: expected 'name,inter,country,aliases' (2 to 4 fields), got {len(row)} fields. "
            "Quote names that contain commas."
        )
    name = row[0].strip()
    if not name:
        raise DataError(f"{where}: the actor name is empty.")
    try:
        inter = int(row[1].strip())
    except ValueError:
        inter = 0
    if not 1 <= inter <= 8:
        raise DataError(f"{where}: inter must be an ACLED actor type code 1..8, got {row[1].strip()!r}.")
    country = row[2].strip() if len(row) > 2 and row[2].strip() else None
    aliases = tuple(a.strip() for a in row[3].split("|") if a.strip()) if len(row) > 3 else ()
    return ActorRecord(name, inter, country, aliases)


# ACLED's convention in the West Bank and Gaza: Israeli crowds (settlers, most often) stay "Rioters (Israel)"
# and "Protesters (Israel)" where the events are coded to Palestine.
CROWDS_KEEP_NATIONALITY = {("Israel", "Palestine")}

_GROUP_NAME = re.compile(r"^(Protesters|Rioters|Civilians|Unidentified Armed Group)(?: \((.+)\))?$")


# Armed groups that became a state's forces, from the day they took power (ACLED renames them so): an event
# in that country from that day on is by the state's forces.
STATE_SUCCESSIONS = {
    ("Taliban", "Afghanistan"): ("2021-08-15", "Military Forces of Afghanistan (2021-)"),
}


def localised(name: str, inter: Optional[int], event_country: str,
              event_date: Optional[str] = None) -> tuple[str, Optional[int]]:
    """A template actor as ACLED names it once the event's country (and ISO date) is known.

    Protesters, rioters, civilians and unidentified groups take the country where the event happened
    (a protest in The Hague about Ukraine is by "Protesters (Netherlands)"); a state's forces acting
    outside their country are external forces (inter 8), inside it state forces (inter 1); the Taliban
    in Afghanistan since 15 August 2021 are its military forces.
    """
    succession = STATE_SUCCESSIONS.get((name, event_country))
    if succession is not None and event_date is not None and event_date >= succession[0]:
        return succession[1], 1
    group = _GROUP_NAME.match(name)
    if group:
        if group.group(1) == "Unidentified Armed Group":
            return unidentified_armed_group(event_country).name, inter
        if (group.group(2), event_country) in CROWDS_KEEP_NATIONALITY:
            return name, inter
        return f"{group.group(1)} ({event_country})", inter
    state = state_template_country(name)
    if state is not None and inter in (1, 8) and _owner_state(state[1]) is not None:
        return name, 1 if _owner_state(state[1]) == event_country else 8
    return name, inter


def _owner_state(owner: str) -> Optional[str]:
    """The country a state template's owner begins with ("Yemen Supreme Political Council" -> "Yemen"),
    or None for a state no country list holds ("Artsakh"), whose forces are never foreign there."""
    words = owner.split()
    for size in range(len(words), 0, -1):
        country = country_from_word(" ".join(words[:size]))
        if country is not None:
            return country
    return None


def state_template_country(name: str) -> Optional[tuple[str, str]]:
    """("military"|"police"|"government", country) when ``name`` is a state template, else None."""
    found = _STATE_NAME.match(name)
    if not found:
        return None
    branch = {"Military Forces": "military", "Police Forces": "police", "Government": "government"}[found.group(1)]
    return branch, found.group(2)
