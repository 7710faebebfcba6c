"""The gazetteer: place names -> :class:`~eventwire.model.Place` candidates, ranked.

Two layers are searched together:

* the shipped index ``eventwire/data/gazetteer/gazetteer.sqlite`` (GeoNames cities500, admin areas,
  countries with ACLED spellings, Who's On First localities for 18 conflict countries), built by
  ``scripts/build_gazetteer.py``;
* the shipped OpenStreetMap layer ``eventwire/data/gazetteer/osm-africa.sqlite`` (African villages GeoNames
  lacks; ODbL, kept in its own file; left out when ``EVENTWIRE_OSM=0``), built by ``scripts/build_osm_layer.py``;
* an optional user layer ``$EVENTWIRE_HOME/gazetteer-user.sqlite`` filled by :func:`import_gazetteer`
  from GeoNames dumps (allCountries.zip, SO.zip, cities1000.zip) or WOF/OSM TSV files.

Both are SQLite files opened read-only, so loading costs milliseconds and memory stays flat; the
hot lookups are cached.
"""

from __future__ import annotations

import array
import collections
import csv
import functools
import gzip
import io
import math
import os
import re
import sqlite3
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from rapidfuzz import fuzz as rf_fuzz
from rapidfuzz import process as rf_process

from ..errors import DataError
from ..model import Place

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
SHIPPED_DB = DATA_DIR / "gazetteer.sqlite"
OSM_LAYER = DATA_DIR / "osm-africa.sqlite"
USER_DB_NAME = "gazetteer-user.sqlite"

# Place kinds as stored in the index (integers keep the file small).
KIND_COUNTRY, KIND_ADMIN1, KIND_ADMIN2, KIND_LOCALITY = 0, 1, 2, 3
KIND_NAMES = {KIND_COUNTRY: "country", KIND_ADMIN1: "admin1", KIND_ADMIN2: "admin2", KIND_LOCALITY: "locality"}
# How a key matched a place: its own name, an alternate name, or a derived variant (article/suffix dropped).
QUALITY_NAME, QUALITY_ALIAS, QUALITY_VARIANT = 0, 1, 2
SOURCE_USER, SOURCE_OSM = 2, 3
SOURCES = {0: "geonames", 1: "whosonfirst", SOURCE_USER: "user", SOURCE_OSM: "openstreetmap"}
# Fuzzy fallback: only for names of 5+ letters, and only close spellings (rapidfuzz ratio, 0-100).
FUZZY_MIN_SCORE = 90.0
FUZZY_MIN_LENGTH = 5
# Consonant skeletons shorter than this match too many unrelated names to say anything.
SKELETON_MIN_LENGTH = 3
# Countries whose place names news romanises from another script (Arabic, Persian, Pashto, Urdu, Cyrillic, Greek,
# Hebrew, Ge'ez, Indic, Burmese, Thai, Khmer, Lao, Chinese, Korean, Japanese, Georgian, Armenian), each source its
# own way: only there do two spellings with the same consonants name one place. Elsewhere ("Hartmann", "Beryl" in
# American news) they are other words.
ROMANISED_NAME_COUNTRIES = frozenset(
    "AE BH DZ EG EH IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE DJ KM "  # Arabic
    "AF IR PK TJ "  # Persian, Pashto, Urdu
    "AM AZ BG BY GE KG KZ MK MN RS RU UA "  # Cyrillic, Georgian, Armenian (and Azerbaijan's Soviet-era names)
    "CY GR IL ER ET "  # Greek, Hebrew, Ge'ez
    "BD BT IN LK NP MM TH KH LA "  # Indic, Burmese, Thai, Khmer, Lao
    "CN HK TW MO JP KR KP".split()  # Chinese, Japanese, Korean
)
# Coordinates are stored as integers (1e-4 degree, about 11 m) and the commonest feature code as NULL:
# together that keeps the shipped file about 10 MB smaller.
COORD_SCALE = 10_000
DEFAULT_FEATURE_CODE = "PPL"

# ---------------------------------------------------------------------------------------------
# Name normalisation (shared with scripts/build_gazetteer.py: both sides must produce the same keys)
# ---------------------------------------------------------------------------------------------

# Letters NFKD does not decompose into ASCII but that Latin-script names use.
_LATIN_EXTRAS = str.maketrans(
    {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ħ": "h"}
)
# Apostrophes and transliteration marks (ʿayn, hamza) vanish: "Sana'a" == "Sanaa".
_DROPPED = re.compile(r"[\u0027\u2018\u2019\u02bb\u02bc\u02be\u02bf\u0060\u00b4]")
_SEPARATORS = re.compile(r"[\W_]+")
_ASCII_KEY = re.compile(r"^[a-z0-9 ]+$")
# Arabic article variants before a name ("al-Anbar", "ar-Raqqah"); news writes them either way.
ARTICLE_WORDS = ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es", "et", "ez", "en", "ul", "il")
_ARTICLE = re.compile(r"^(?:" + "|".join(ARTICLE_WORDS) + r") (?=\S{3,})")
# Words naming an administrative unit after its name ("Ninawa Governorate", "Borno State").
ADMIN2_WORDS = frozenset({"district", "county", "raion", "municipality"})
_ADMIN_SUFFIX = re.compile(
    r" (?:governorate|province|state|region|district|county|prefecture|department|oblast|raion|"
    r"division|municipality|wilaya|muhafazah|muhafazat|regional state)$"
)
# ... and before it, as GeoNames names some ("Province of Samar", "Department of Cortes").
_ADMIN_PREFIX = re.compile(
    r"^(?:governorate|province|state|region|district|county|prefecture|department|oblast|municipality|"
    r"wilaya|division|territory|commune) of (?=\S{3,})"
)


@functools.lru_cache(maxsize=200_000)
def normalize_name(name: str) -> str:
    """Casefold, strip diacritics and punctuation, collapse spaces: the gazetteer's lookup key."""
    text = _DROPPED.sub("", name)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_LATIN_EXTRAS)
    return " ".join(_SEPARATORS.sub(" ", text).split())


def is_latin_key(key: str) -> bool:
    """True when a normalised key is plain ASCII (a Latin-script name): the only aliases shipped."""
    return bool(_ASCII_KEY.match(key))


_SKELETON_DROPPED = re.compile(r"[^a-z]|[aeiouyw]")
_DOUBLED = re.compile(r"(.)\1+")
_VOWELS = frozenset("aeiou")


def transliteration_skeleton(name: str) -> str:
    """The consonants of a name, for matching romanisations of one Arabic, Persian or Pashto name that differ in more
    than a letter or two ("Sfuhen", "Sufuhun", "Sfawhun" -> "sfhn"; "Kafr Oweid", "Kafr `Uwayd" -> "kfrd"): articles,
    vowels after the first letter, w and y (written for long vowels or not at all), doubled letters and a final h (ta
    marbuta: "-ah", "-eh", "-a") dropped, q read as k."""
    words = [word for word in normalize_name(name).split() if word not in ARTICLE_WORDS]
    letters = "".join(words).replace("q", "k")
    # A leading vowel stays, as any vowel: "Usumbuka" is not "Samboko", nor "Akashat" "Kashti".
    lead = "V" if letters[:1] in _VOWELS else ""
    consonants = _SKELETON_DROPPED.sub("", letters)
    return lead + _DOUBLED.sub(r"\1", consonants).rstrip("h")


def without_article(key: str) -> Optional[str]:
    """The key without a leading Arabic article ("al anbar" -> "anbar"), or None if it has none."""
    stripped = _ARTICLE.sub("", key, count=1)
    return stripped if stripped != key else None


def without_admin_suffix(key: str) -> Optional[str]:
    """The key without a trailing admin-unit word ("borno state" -> "borno"), or None."""
    stripped = _ADMIN_SUFFIX.sub("", key)
    return stripped if stripped != key and len(stripped) >= 3 else None


def without_admin_prefix(key: str) -> Optional[str]:
    """The key without a leading admin-unit phrase ("province of samar" -> "samar"), or None. For index keys only: in a
    text, "the city of Mosul" and "the State of Palestine" are not admin areas."""
    stripped = _ADMIN_PREFIX.sub("", key)
    return stripped if stripped != key and len(stripped) >= 3 else None


def key_variants(key: str, admin: bool = False) -> list[str]:
    """Extra index keys for a name: without its article and, for admin areas, without the unit word."""
    variants: list[str] = []
    first = without_article(key)
    if first:
        variants.append(first)
    if admin:
        for base in [key] + variants:
            for stripped in (without_admin_suffix(base), without_admin_prefix(base)):
                if stripped and stripped not in variants and stripped != key:
                    variants.append(stripped)
                    deeper = without_article(stripped)
                    if deeper and deeper not in variants:
                        variants.append(deeper)
    return variants


# ---------------------------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------------------------

_FEATURE_BONUS = {"PPLC": 3.0, "PPLA": 2.0, "PPLG": 1.5, "PPLA2": 1.0, "PPLA3": 0.5, "PPLA4": 0.3}
# Abandoned, destroyed, historical places and city sections are rarely what news means.
_FEATURE_PENALTY = {"PPLQ": 3.0, "PPLW": 2.5, "PPLH": 3.0, "PPLX": 1.5, "PPLCH": 3.0, "PPLF": 0.5, "PPLL": 0.3}
# An admin area's population is not a settlement's: areas get a flat bonus instead, so that "Kirkuk"
# means the city, not the governorate, while a region still beats an unknown hamlet of the same name.
_KIND_BONUS = {KIND_COUNTRY: 9.0, KIND_ADMIN1: 3.0, KIND_ADMIN2: 1.0, KIND_LOCALITY: 0.0}
AREA_POPULATION_WEIGHT = 0.4
# A town that gives its name to the area around it ("Kirkuk" city, Kirkuk governorate) is what news
# means by the bare name, if it is a real town: at least this big, or an admin seat.
NAMESAKE_TOWN_POPULATION = 10_000
NAMESAKE_DISTANCE_KM = 150.0
_QUALITY_BONUS = {QUALITY_NAME: 2.0, QUALITY_ALIAS: 1.0, QUALITY_VARIANT: 0.5}


def prior_score(place: Place, kind: int, quality: int) -> float:
    """Context-free plausibility of a candidate: how it matched, what it is, how big it is."""
    score = _QUALITY_BONUS.get(quality, 0.0) + _KIND_BONUS.get(kind, 0.0)
    if kind == KIND_LOCALITY:
        score += 0.8 * math.log10(place.population + 1)
    else:  # an area's population counts less than a town's: "California" the state beats a village
        score += AREA_POPULATION_WEIGHT * math.log10(place.population + 1)
    code = place.feature_code or ""
    score += _FEATURE_BONUS.get(code, 0.0) - _FEATURE_PENALTY.get(code, 0.0)
    return score


def kind_of(place: Place) -> str:
    """"country", "admin1", "admin2" or "locality" for a Place, from its feature code."""
    code = place.feature_code or ""
    if code.startswith("PCL") or code == "TERR":
        return "country"
    if code == "ADM1":
        return "admin1"
    if code in ("ADM2", "ADM3", "ADMD"):
        return "admin2"
    return "locality"


EARTH_RADIUS_KM = 6371.0


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places in kilometres."""
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points (degrees) in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# A town really called the name, at least this big, outranks a place the name is only another spelling of.
REAL_NAME_POPULATION = 10_000


def _prefer_real_names(cands: list["Candidate"]) -> list["Candidate"]:
    """Most plausible first, but a place matched only by an alternate name or a respelling never above a town
    of that very name (REAL_NAME_POPULATION or more) at least a tenth its size: "Delhi" is Delhi, India, not
    Dili (whose alternate names include "Delhi") however a capital scores; "Man" is the Ivorian town, not Amman."""
    towns = [c for c in cands if c.quality == QUALITY_NAME and c.kind == "locality"
             and c.place.population >= REAL_NAME_POPULATION]
    out = []
    for c in cands:
        if c.quality != QUALITY_NAME and c.kind == "locality":
            rivals = [t.score for t in towns if t.place.population * 10 >= c.place.population]
            if rivals and c.score >= max(rivals):
                c = Candidate(c.place, c.kind, c.quality, max(rivals) - 0.01)
        out.append(c)
    return sorted(out, key=lambda c: -c.score)


def _prefer_namesake_towns(cands: list["Candidate"]) -> tuple["Candidate", ...]:
    """Rank a town above the same-named admin area it lies in or near (the bare name means the town)."""
    areas = [c for c in cands if c.kind in ("admin1", "admin2")]
    if not areas:
        return tuple(cands)
    out = []
    for c in cands:
        if c.kind == "locality" and (c.place.population >= NAMESAKE_TOWN_POPULATION
                                     or (c.place.feature_code or "").startswith(("PPLA", "PPLC"))):
            rivals = [a.score for a in areas if a.place.country_code == c.place.country_code
                      and (a.place.name == c.place.admin1 or distance_km(a.place, c.place) <= NAMESAKE_DISTANCE_KM)]
            if rivals and max(rivals) >= c.score:
                c = Candidate(c.place, c.kind, c.quality, max(rivals) + 0.1)
        out.append(c)
    return tuple(sorted(out, key=lambda c: -c.score))


@dataclass(frozen=True)
class Candidate:
    """A place a name may refer to, with how it matched and its context-free score."""

    place: Place
    kind: str
    quality: int
    score: float


# ---------------------------------------------------------------------------------------------
# SQLite layers
# ---------------------------------------------------------------------------------------------

SCHEMA = """
CREATE TABLE IF NOT EXISTS strings (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat INTEGER NOT NULL, lon INTEGER NOT NULL, cc TEXT,
    admin1 INTEGER, admin2 INTEGER, geonameid INTEGER, fcode TEXT, population INTEGER NOT NULL DEFAULT 0,
    kind INTEGER NOT NULL, source INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS names (key TEXT NOT NULL, place INTEGER NOT NULL, quality INTEGER NOT NULL,
    PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS packed_names (key TEXT PRIMARY KEY, refs BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS demonyms (key TEXT PRIMARY KEY, cc TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS admin1_codes (cc TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
    PRIMARY KEY (cc, code)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT);
"""

_PLACE_COLUMNS = """p.name, p.lat, p.lon, p.cc, a1.text, a2.text, p.geonameid, p.fcode, p.population, p.kind, p.source
FROM places p LEFT JOIN strings a1 ON a1.id = p.admin1 LEFT JOIN strings a2 ON a2.id = p.admin2"""


def pack_refs(refs: Iterable[tuple[int, int]]) -> bytes:
    """Pack (place id, quality) pairs into the ``packed_names.refs`` blob: little-endian uint32 id*4+quality."""
    values = array.array("I", sorted(pid * 4 + quality for pid, quality in refs))
    if sys.byteorder != "little":
        values.byteswap()
    return values.tobytes()


def unpack_refs(blob: bytes) -> list[tuple[int, int]]:
    """Inverse of :func:`pack_refs`."""
    values = array.array("I")
    values.frombytes(blob)
    if sys.byteorder != "little":
        values.byteswap()
    return [(v >> 2, v & 3) for v in values]


_PLACE_QUERY = """
SELECT n.quality, p.name, p.lat, p.lon, p.cc, a1.text, a2.text, p.geonameid, p.fcode, p.population, p.kind, p.source
FROM names n JOIN places p ON p.id = n.place
LEFT JOIN strings a1 ON a1.id = p.admin1 LEFT JOIN strings a2 ON a2.id = p.admin2
WHERE n.key = ?
"""


class _Layer:
    """One SQLite gazetteer file, opened read-only (thread-safe for reads: check_same_thread off)."""

    def __init__(self, path: Path, immutable: bool = False):
        self.path = path
        # immutable=1 skips file locking: right for the shipped file only (a user layer may be re-imported).
        self._uri = f"file:{path}?{'mode=ro&immutable=1' if immutable else 'mode=ro'}"
        self._db: Optional[sqlite3.Connection] = None
        self._pid = -1
        try:
            self._demonyms: Optional[dict[str, str]] = None
            # The shipped file packs each key's places into one blob (smaller); user layers use plain rows.
            self.packed = self.db.execute("SELECT 1 FROM packed_names LIMIT 1").fetchone() is not None
        except sqlite3.DatabaseError as exc:
            raise DataError(
                f"The gazetteer file {path} cannot be read ({exc}). Rebuild it with "
                "`python scripts/build_gazetteer.py` or re-import your GeoNames file."
            ) from exc

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, reopened in a forked worker process: SQLite connections must not cross a fork."""
        if self._db is None or self._pid != os.getpid():
            self._db = sqlite3.connect(self._uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def rows(self, key: str) -> list[tuple]:
        """(quality, place columns...) for every place indexed under ``key``."""
        if self.packed:
            hit = self.db.execute("SELECT refs FROM packed_names WHERE key = ?", (key,)).fetchone()
            if not hit:
                return []
            quality_of = dict(unpack_refs(hit[0]))
            marks = ",".join("?" * len(quality_of))
            found = self.db.execute(f"SELECT p.id, {_PLACE_COLUMNS} WHERE p.id IN ({marks})", list(quality_of))
            return [(quality_of[row[0]],) + row[1:] for row in found]
        return self.db.execute(_PLACE_QUERY, (key,)).fetchall()

    def demonym(self, key: str) -> Optional[str]:
        if self._demonyms is None:  # a few hundred rows: kept in memory, asked for every capitalised word
            self._demonyms = dict(self.db.execute("SELECT key, cc FROM demonyms"))
        return self._demonyms.get(key)

    def country_row(self, cc: str) -> Optional[tuple]:
        return self.db.execute(
            "SELECT 0, p.name, p.lat, p.lon, p.cc, NULL, NULL, p.geonameid, p.fcode, p.population, p.kind, p.source "
            "FROM places p WHERE p.cc = ? AND p.kind = ? LIMIT 1",
            (cc, KIND_COUNTRY),
        ).fetchone()


# ACLED codes Hong Kong and Macau as provinces of China (country "China", admin1 "Hong Kong").
ACLED_PARENT_COUNTRY = {"HK": ("China", "Hong Kong"), "MO": ("China", "Macau")}


COUNTRY_CENTROIDS = DATA_DIR.parent / "country_centroids.csv"


@functools.lru_cache(maxsize=1)
def country_centroids() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> (lat, lon) of the country's centre (``scripts/build_country_centroids.py``)."""
    return {row["country_code"]: (float(row["latitude"]), float(row["longitude"])) for row in _data_rows(COUNTRY_CENTROIDS)}


def _data_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a packaged data table; none when it is missing (a checkout that has not built it)."""
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ACLED_ADMIN1_NAMES = DATA_DIR.parent / "acled_admin1.csv"


@functools.lru_cache(maxsize=1)
def _acled_admin1_table() -> dict[tuple[str, str], str]:
    return {(row["country"], row["gazetteer_admin1"]): row["acled_admin1"] for row in _data_rows(ACLED_ADMIN1_NAMES)}


@functools.lru_cache(maxsize=1)
def _admin1_by_acled_name() -> dict[str, list[tuple[str, str]]]:
    """ACLED's admin1 name (normalised) -> the (country, gazetteer admin1) pairs it stands for."""
    names: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
    for (country, gazetteer_name), acled_name in _acled_admin1_table().items():
        names[normalize_name(acled_name)].append((country, gazetteer_name))
    return dict(names)


def acled_admin1(country: Optional[str], admin1: Optional[str]) -> Optional[str]:
    """The name ACLED uses today for a gazetteer admin1 ("Midi-Pyrenees" -> "Occitanie", "Lower Saxony" ->
    "Niedersachsen"; ``scripts/build_admin1_names.py``), or the gazetteer's name where ACLED's is the same
    or unknown."""
    if not admin1:
        return admin1
    return _acled_admin1_table().get((country or "", admin1), admin1)


def country_centre(place: Place) -> tuple[float, float]:
    """Where a country *is*: its centre, as GeoNames and geoparsing gold data place it.

    The index places a country at its capital, which is the better point for an event known only
    to its country (events cluster in capitals); a toponym "France" refers to the whole country.
    """
    return country_centroids().get(place.country_code or "", (place.latitude, place.longitude))


def _place_from_row(row: tuple, country_names: dict[str, str]) -> tuple[Place, int, int]:
    quality, name, lat, lon, cc, admin1, admin2, geonameid, fcode, population, kind, source = row
    lat, lon = lat / COORD_SCALE, lon / COORD_SCALE
    country = country_names.get(cc or "")
    if cc in ACLED_PARENT_COUNTRY:
        country, province = ACLED_PARENT_COUNTRY[cc]
        admin1, admin2 = province, admin1 if admin1 != province else admin2
    place = Place(
        name=name,
        latitude=lat,
        longitude=lon,
        country=country,
        country_code=cc,
        admin1=admin1,
        admin2=admin2,
        geonameid=geonameid,
        feature_code=fcode or (DEFAULT_FEATURE_CODE if kind == KIND_LOCALITY else None),
        population=population or 0,
        source=SOURCES.get(source, "geonames"),
    )
    return place, kind, quality


class Gazetteer:
    """Ranked place lookup over the shipped index, the OpenStreetMap layer (where given) and the user's imports."""

    def __init__(self, shipped: Path = SHIPPED_DB, user: Optional[Path] = None, osm: Optional[Path] = None):
        if not shipped.exists():
            raise DataError(
                f"The gazetteer index {shipped} is missing. Reinstall eventwire or rebuild it with "
                "`python scripts/build_gazetteer.py`."
            )
        self.layers = [_Layer(shipped, immutable=True)]
        if osm is not None and osm.exists():
            self.layers.append(_Layer(osm, immutable=True))
        self._shipped_layers = list(self.layers)
        self.user_path = user
        if user is not None and user.exists():
            self.layers.append(_Layer(user))
        self._country_names = dict(
            self.layers[0].db.execute("SELECT cc, name FROM places WHERE kind = ?", (KIND_COUNTRY,)).fetchall()
        )
        # Per-instance caches (functools.lru_cache on methods would keep instances alive forever).
        self._candidate_cache: dict[str, tuple[Candidate, ...]] = {}
        self._fuzzy_keys: dict[str, list[str]] = {}
        self._skeleton_keys: dict[str, dict[str, list[str]]] = {}

    @classmethod
    def default(cls) -> "Gazetteer":
        """The shared gazetteer (shipped index, the OpenStreetMap layer unless ``EVENTWIRE_OSM=0``, and the user
        layer under ``$EVENTWIRE_HOME``), loaded once."""
        return _default_gazetteer(str(user_home()), os.environ.get("EVENTWIRE_OSM", "1").strip() != "0")

    def import_file(self, path: Path | str) -> int:
        """Import a GeoNames/WOF/OSM file into this gazetteer's user layer; later lookups search it."""
        home = self.user_path.parent if self.user_path is not None else user_home()
        count = import_gazetteer(path, home)
        self.user_path = Path(home) / USER_DB_NAME
        self.layers = self._shipped_layers + [_Layer(self.user_path)]
        self._candidate_cache.clear()
        self._fuzzy_keys.clear()
        self._skeleton_keys.clear()
        return count

    # -- lookups --------------------------------------------------------------------------------

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """Every place the name may refer to, best prior first (cached per normalised name)."""
        key = normalize_name(name)
        if not key:
            return ()
        cached = self._candidate_cache.get(key)
        if cached is not None:
            return cached
        found = self._collect(key)
        if len(self._candidate_cache) > 100_000:
            self._candidate_cache.clear()
        self._candidate_cache[key] = found
        return found

    def _collect(self, key: str) -> tuple[Candidate, ...]:
        found = self._collect_keys([key] + ([without_article(key)] if without_article(key) else []))
        base = without_admin_suffix(key)
        if base:
            # "Ninewa province", "Borno State": the admin area, if there is one of that name.
            suffix = key[len(base) + 1 :]
            wanted = ADMIN2_WORDS if suffix in ADMIN2_WORDS else None
            areas = [c for c in self._collect_keys([base] + ([without_article(base)] if without_article(base) else []))
                     if c.kind in ("admin1", "admin2") and (wanted is None or c.kind == "admin2")]
            areas.sort(key=lambda c: (c.kind != ("admin2" if wanted else "admin1"), -c.score))
            seen = {id(c.place) for c in areas}
            found = tuple(areas) + tuple(c for c in found if id(c.place) not in seen)
        return found + self._provinces_by_acled_name(key, found)

    def _provinces_by_acled_name(self, key: str, found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
        """The provinces ACLED's notes call by a name the gazetteer lacks ("Cerro Navia (Metropolitana)" is in
        Chile's Santiago Metropolitan region; ``acled_admin1.csv``)."""
        extra = []
        for country, gazetteer_name in _admin1_by_acled_name().get(key, ()):
            if any(c.kind == "admin1" and c.place.country == country for c in found):
                continue
            extra.extend(Candidate(c.place, c.kind, QUALITY_ALIAS,
                                   c.score - _QUALITY_BONUS.get(c.quality, 0.0) + _QUALITY_BONUS[QUALITY_ALIAS])
                         for c in self._collect_keys([normalize_name(gazetteer_name)])
                         if c.kind == "admin1" and c.place.country == country)
        return tuple(extra)

    def _collect_keys(self, keys: list[str]) -> tuple[Candidate, ...]:
        best: dict[tuple, Candidate] = {}
        seen_geonameids: set[int] = set()
        for layer in self.layers:
            layer_geonameids: set[int] = set()
            for i, k in enumerate(keys):
                for row in layer.rows(k):
                    place, kind, quality = _place_from_row(row, self._country_names)
                    if i > 0:  # matched only after dropping the query's article
                        quality = max(quality, QUALITY_VARIANT)
                    if place.geonameid and place.geonameid in seen_geonameids:
                        continue  # a user-imported copy of a shipped place
                    ident = (place.geonameid,) if place.geonameid else (place.name, place.latitude, place.longitude)
                    cand = Candidate(place, KIND_NAMES[kind], quality, prior_score(place, kind, quality))
                    if ident not in best or best[ident].score < cand.score:
                        best[ident] = cand
                    if place.geonameid:
                        layer_geonameids.add(place.geonameid)
            seen_geonameids |= layer_geonameids
        return _prefer_namesake_towns(_prefer_real_names(list(best.values())))

    def lookup(self, name: str, country_code: Optional[str] = None, limit: int = 20) -> list[Place]:
        """Places called ``name`` (optionally only in one country, ISO alpha-2), most plausible first.

        With a country and no exact match, close spellings in that country are tried
        ("Maaret al-Numan" ~ "Ma'arrat an Nu'man"): transliterations of Arabic names vary a lot.
        """
        found = self.candidates(name)
        if country_code:
            cc = country_code.upper()
            found = tuple(c for c in found if c.place.country_code == cc)
            if not found:
                found = self.fuzzy_candidates(name, cc)
        return [c.place for c in found[:limit]]

    def fuzzy_candidates(self, name: str, country_code: str, min_score: float = FUZZY_MIN_SCORE) -> tuple[Candidate, ...]:
        """Places in one country whose name is spelt closely like ``name`` (rapidfuzz ratio), best first."""
        key = normalize_name(name)
        if len(key) < FUZZY_MIN_LENGTH:
            return ()
        keys = self._country_keys(country_code.upper())
        matches = rf_process.extract(key, keys, scorer=rf_fuzz.ratio, score_cutoff=min_score, limit=5)
        found: dict[tuple, Candidate] = {}
        for match_key, score, _ in matches:
            for cand in self.candidates(match_key):
                if cand.place.country_code == country_code.upper():
                    ident = (cand.place.name, cand.place.latitude, cand.place.longitude)
                    adjusted = Candidate(cand.place, cand.kind, QUALITY_VARIANT, cand.score + (score - 100) / 5)
                    if ident not in found or found[ident].score < adjusted.score:
                        found[ident] = adjusted
        return tuple(sorted(found.values(), key=lambda c: -c.score))

    def skeleton_candidates(self, name: str, country_code: str) -> tuple[Candidate, ...]:
        """Places in one country whose name has the same consonants as ``name`` (:func:`transliteration_skeleton`),
        best first; none outside :data:`ROMANISED_NAME_COUNTRIES`. Far looser than :meth:`fuzzy_candidates`: a caller
        narrows them down (to the provinces an article names, say) before trusting one."""
        skeleton, cc = transliteration_skeleton(name), country_code.upper()
        if len(skeleton) < SKELETON_MIN_LENGTH or cc not in ROMANISED_NAME_COUNTRIES:
            return ()
        index = self._skeleton_keys.get(cc)
        if index is None:
            index = collections.defaultdict(list)
            for key in self._country_keys(cc):
                index[transliteration_skeleton(key)].append(key)
            self._skeleton_keys[cc] = index = dict(index)
        found: dict[tuple, Candidate] = {}
        for key in index.get(skeleton, ()):
            for cand in self.candidates(key):
                if cand.place.country_code == cc:
                    found.setdefault((cand.place.name, cand.place.latitude, cand.place.longitude),
                                     Candidate(cand.place, cand.kind, QUALITY_VARIANT, cand.score - 1.0))
        return tuple(sorted(found.values(), key=lambda c: -c.score))

    def _country_keys(self, country_code: str) -> list[str]:
        """Normalised names of every place in a country (for fuzzy matching), built once per country."""
        keys = self._fuzzy_keys.get(country_code)
        if keys is None:
            names: set[str] = set()
            for layer in self.layers:
                for (pname,) in layer.db.execute("SELECT name FROM places WHERE cc = ?", (country_code,)):
                    names.add(normalize_name(pname))
            keys = sorted(k for k in names if is_latin_key(k))
            self._fuzzy_keys[country_code] = keys
        return keys

    def country(self, name: str) -> Optional[Place]:
        """The country a name, alias, ISO code or demonym refers to ("Iraqi" -> Iraq), else None."""
        key = normalize_name(name)
        if not key:
            return None
        for cand in self.candidates(name):
            if cand.kind == "country" and cand.quality <= QUALITY_ALIAS:
                return cand.place
        cc = self.layers[0].demonym(key)
        if cc is None and key.endswith("s"):  # plural demonym: "Somalis", "Afghans"
            cc = self.layers[0].demonym(key[:-1])
        return self.country_by_code(cc) if cc else None

    def is_demonym(self, name: str) -> bool:
        """True when the word is a nationality adjective/noun ("Iraqi", "Somalis"), not a country name."""
        key = normalize_name(name)
        return bool(key) and (
            self.layers[0].demonym(key) is not None
            or (key.endswith("s") and self.layers[0].demonym(key[:-1]) is not None)
        )

    @functools.lru_cache(maxsize=512)
    def country_by_code(self, country_code: str) -> Optional[Place]:
        """The country Place for an ISO alpha-2 code."""
        row = self.layers[0].country_row(country_code.upper())
        return _place_from_row(row, self._country_names)[0] if row else None

    def country_name(self, country_code: str) -> Optional[str]:
        """ACLED's spelling of a country's name for an ISO alpha-2 code."""
        return self._country_names.get(country_code.upper())

    def admin1(self, name: str, country_code: Optional[str] = None) -> Optional[Place]:
        """The first-level admin area (province, state, governorate) of that name, else None."""
        for cand in self.candidates(name):
            if cand.kind != "admin1":
                continue
            if country_code and cand.place.country_code != country_code.upper():
                continue
            return cand.place
        return None

    def admin1_area(self, place: Place) -> Optional[Place]:
        """The admin1 Place that contains ``place`` (by its admin1 name and country)."""
        if not place.admin1 or not place.country_code:
            return None
        return self.admin1(place.admin1, place.country_code)


@functools.lru_cache(maxsize=4)
def _default_gazetteer(home: str, with_osm: bool = True) -> Gazetteer:
    return Gazetteer(SHIPPED_DB, Path(home) / USER_DB_NAME, OSM_LAYER if with_osm else None)


def user_home(home: Optional[Path | str] = None) -> Path:
    """Where user data lives: ``home``, else ``$EVENTWIRE_HOME``, else ``~/.local/share/eventwire``."""
    if home is not None:
        return Path(home).expanduser()
    env = os.environ.get("EVENTWIRE_HOME")
    return Path(env).expanduser() if env else Path.home() / ".local" / "share" / "eventwire"


# ---------------------------------------------------------------------------------------------
# User layer import (streaming: allCountries.txt has 12 million rows)
# ---------------------------------------------------------------------------------------------

GEONAMES_COLUMNS = 19
WOF_HEADER = ("wof_id", "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "placetype")
OSM_HEADER = ("osm_node_id", "name", "name_en", "latitude", "longitude", "place")
OSM_PLACE_TYPES = {"city", "town", "village", "hamlet", "suburb", "locality", "isolated_dwelling", "neighbourhood"}
_BATCH = 20_000


@dataclass(frozen=True)
class ImportRow:
    """One place read from a user file, before it is written to the user layer."""

    name: str
    alternates: tuple[str, ...]
    latitude: float
    longitude: float
    country_code: Optional[str]
    admin1: Optional[str]
    admin2_code: Optional[str]  # "CC.A1.A2" for GeoNames rows, resolved against ADM2 rows afterwards
    admin2: Optional[str]
    geonameid: Optional[int]
    feature_code: Optional[str]
    population: int
    kind: int
    source: int = SOURCE_USER


def _open_text_lines(path: Path) -> Iterator[str]:
    """Lines of a .txt/.tsv, .gz, or the main .txt inside a GeoNames .zip, decoded as UTF-8."""
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                members = [m for m in archive.namelist() if m.endswith(".txt") and not m.lower().startswith("readme")]
                if not members:
                    raise DataError(f"{path} holds no GeoNames .txt file. Download e.g. SO.zip or allCountries.zip.")
                with archive.open(members[0]) as raw:
                    yield from io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        elif path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8", newline="\n") as handle:
                yield from handle
        else:
            with open(path, encoding="utf-8", newline="\n") as handle:
                yield from handle
    except (zipfile.BadZipFile, gzip.BadGzipFile, UnicodeDecodeError, EOFError) as exc:
        raise DataError(f"{path} is not a readable gazetteer file ({exc}). Check the download.") from exc


def _malformed(path: Path, line_no: int, why: str) -> DataError:
    return DataError(
        f"{path}, line {line_no}: {why}. Expected a GeoNames dump (tab-separated, 19 columns, as in "
        "allCountries.zip / SO.zip / cities1000.zip) or a Who's On First / OSM TSV in eventwire's format."
    )


def _float(text: str, path: Path, line_no: int, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _malformed(path, line_no, f"{what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise _malformed(path, line_no, f"{what} {text!r} is not a finite number")
    return value


def _int_or_zero(text: str) -> int:
    try:
        return int(float(text)) if text else 0
    except ValueError:
        return 0


def _geonames_kind(feature_class: str, feature_code: str) -> Optional[int]:
    if feature_class == "P":
        return KIND_LOCALITY
    if feature_code == "ADM1":
        return KIND_ADMIN1
    if feature_code == "ADM2":
        return KIND_ADMIN2
    if feature_code.startswith("PCL"):
        return None  # countries come from the shipped index, with ACLED's spelling
    return None


def _read_geonames(lines: Iterable[str], path: Path, admin1_names: dict[tuple[str, str], str]) -> Iterator[ImportRow]:
    for line_no, line in enumerate(lines, 1):
        line = line.rstrip("\n").rstrip("\r")
        if not line:
            continue
        cols = line.split("\t")
        if len(cols) != GEONAMES_COLUMNS:
            raise _malformed(path, line_no, f"found {len(cols)} tab-separated columns, not {GEONAMES_COLUMNS}")
        kind = _geonames_kind(cols[6], cols[7])
        if kind is None:
            continue
        if not cols[0].isdigit():
            raise _malformed(path, line_no, f"geonameid {cols[0]!r} is not a number")
        cc, a1, a2 = cols[8], cols[10], cols[11]
        yield ImportRow(
            name=cols[1],
            alternates=tuple(a for a in cols[3].split(",") if a),
            latitude=_float(cols[4], path, line_no, "latitude"),
            longitude=_float(cols[5], path, line_no, "longitude"),
            country_code=cc or None,
            admin1=cols[1] if kind == KIND_ADMIN1 else admin1_names.get((cc, a1)),
            admin2_code=f"{cc}.{a1}.{a2}" if a2 else None,
            admin2=cols[1] if kind == KIND_ADMIN2 else None,
            geonameid=int(cols[0]),
            feature_code=cols[7] or None,
            population=_int_or_zero(cols[14]),
            kind=kind,
        )


def _read_wof(lines: Iterator[str], path: Path) -> Iterator[ImportRow]:
    rows = list(_tsv_records(lines, path))  # WOF files are per country (<150k rows): admin names need two passes
    header_cols = rows[0][1] if rows else []
    names = {r[1][0]: r[1][2] for r in rows[1:] if len(r[1]) > 8 and r[1][7] in ("region", "county")}
    index = {col: i for i, col in enumerate(header_cols)}
    for line_no, cols in rows[1:]:
        if len(cols) != len(header_cols):
            raise _malformed(path, line_no, f"found {len(cols)} columns, the header has {len(header_cols)}")
        placetype = cols[index["placetype"]]
        kind = {"locality": KIND_LOCALITY, "neighbourhood": KIND_LOCALITY, "region": KIND_ADMIN1,
                "county": KIND_ADMIN2}.get(placetype)
        if kind is None or cols[index.get("is_current", 0)] == "0":
            continue
        gid = cols[index["geonameid"]]
        yield ImportRow(
            name=cols[index["name"]],
            alternates=tuple(a for a in cols[index["alternatenames"]].split("|") if a),
            latitude=_float(cols[index["latitude"]], path, line_no, "latitude"),
            longitude=_float(cols[index["longitude"]], path, line_no, "longitude"),
            country_code=cols[index["country"]] or None,
            admin1=names.get(cols[index["region_id"]]),
            admin2_code=None,
            admin2=names.get(cols[index["county_id"]]),
            geonameid=int(gid) if gid.isdigit() else None,
            feature_code=("PPLX" if placetype == "neighbourhood" else cols[index["feature_code"]] or None),
            population=_int_or_zero(cols[index["population"]]),
            kind=kind,
        )


# OpenStreetMap extracts named by Geofabrik region rather than by country ("osm2019-africa": ``extract`` column).
OSM_EXTRACT_COUNTRIES = {
    "congo-democratic-republic": ("CD",), "congo-brazzaville": ("CG",), "ivory-coast": ("CI",),
    "senegal-and-gambia": ("SN", "GM"), "canary-islands": ("ES",), "comores": ("KM",), "cape-verde": ("CV",),
    "saint-helena-ascension-and-tristan-da-cunha": ("SH",), "swaziland": ("SZ",), "morocco": ("MA", "EH"),
}


def osm_extract_countries(extract: str) -> tuple[str, ...]:
    """ISO codes of the countries an OSM extract covers ("ivory-coast" -> CI); () where the name is unknown."""
    name = extract.strip().lower()
    if not name:
        return ()
    if name in OSM_EXTRACT_COUNTRIES:
        return OSM_EXTRACT_COUNTRIES[name]
    import pycountry  # only imports need it

    try:
        return (pycountry.countries.lookup(name.replace("-", " ")).alpha_2,)
    except LookupError:
        return ()


# An OSM node this close to a shipped place of the same name and country is that place again.
OSM_DUPLICATE_KM = 10.0


class _ShippedNeighbours:
    """What the shipped index knows around a point: the admin areas of its nearest locality, and whether it
    already holds a place of some name there.

    OSM place nodes carry no admin codes; the nearest GeoNames / Who's On First town of the same country is
    almost always in the same province, which is what ACLED-style coding needs (admin1 is scored)."""

    def __init__(self, shipped: Path):
        from scipy.spatial import cKDTree  # only imports need it

        self._layer = _Layer(shipped, immutable=True)
        rows = self._layer.db.execute(
            "SELECT p.lat, p.lon, p.cc, a1.text, a2.text FROM places p LEFT JOIN strings a1 ON a1.id = p.admin1 "
            "LEFT JOIN strings a2 ON a2.id = p.admin2 "
            "WHERE p.kind = ? AND p.cc IS NOT NULL AND p.admin1 IS NOT NULL", (KIND_LOCALITY,)).fetchall()
        points = unit_vectors([row[0] / COORD_SCALE for row in rows], [row[1] / COORD_SCALE for row in rows])
        labels = [(cc, a1, a2) for _lat, _lon, cc, a1, a2 in rows]
        by_country: dict[str, list[int]] = collections.defaultdict(list)
        for i, row in enumerate(rows):
            by_country[row[2]].append(i)
        self._trees = {cc: (cKDTree(points[indices]), [labels[i] for i in indices])
                       for cc, indices in by_country.items()}
        self._world = (cKDTree(points), labels)

    def admin_of(self, latitude: float, longitude: float, countries: tuple[str, ...] = ()) -> tuple[str, str, str]:
        """(country code, admin1, admin2) of the nearest shipped locality; when it lies outside ``countries``
        (the node's OSM extracts), of the nearest one inside them."""
        point = unit_vectors([latitude], [longitude])[0]
        labels = self._world[1][self._world[0].query(point)[1]]
        inside = [self._trees[cc] for cc in countries if cc in self._trees]
        if not inside or labels[0] in countries:
            return labels
        nearest = []
        for tree, names in inside:
            distance, index = tree.query(point)
            nearest.append((distance, names[index]))
        return min(nearest)[1]

    def already_named(self, names: Iterable[str], country_code: str, latitude: float, longitude: float) -> bool:
        """True when the shipped index holds a place of one of ``names`` in that country within OSM_DUPLICATE_KM,
        or one of them names a country or a nationality (an Egyptian hamlet called "Syria" is no place news
        means by the name)."""
        keys = {normalize_name(name) for name in names}
        return any(self._layer.demonym(key) for key in keys) or any(
            row[10] == KIND_COUNTRY or row[4] == country_code
            and great_circle_km(latitude, longitude, row[2] / COORD_SCALE, row[3] / COORD_SCALE) <= OSM_DUPLICATE_KM
            for key in keys for row in self._layer.rows(key))


def unit_vectors(latitudes: Sequence[float], longitudes: Sequence[float]):
    """Points in degrees as unit vectors (an n x 3 numpy array): the nearest in 3-D is the nearest on the globe, so
    a k-d tree over them answers nearest-place questions (:func:`chord_km` turns its distances into kilometres)."""
    import numpy as np  # only imports and builds need it

    lat, lon = np.radians(np.asarray(latitudes, dtype=float)), np.radians(np.asarray(longitudes, dtype=float))
    return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], axis=-1)


def chord_km(chord):
    """Great-circle kilometres for the straight-line distance between two unit vectors (a number or an array)."""
    import numpy as np

    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.asarray(chord) / 2))


def _read_osm(lines: Iterator[str], path: Path, shipped: _ShippedNeighbours) -> Iterator[ImportRow]:
    """OSM place nodes, each once (a node near a border is in two countries' extracts), placed in a country and
    province by its shipped neighbours, and only where the shipped index does not already hold it."""
    header: list[str] = []
    nodes: dict[str, tuple[dict[str, str], set[str]]] = {}
    for line_no, cols in _tsv_records(lines, path):
        if not header:
            header = cols
            continue
        if len(cols) != len(header):
            raise _malformed(path, line_no, f"found {len(cols)} columns, the header has {len(header)}")
        rec = dict(zip(header, cols))
        if rec["place"] not in OSM_PLACE_TYPES or not rec["name"]:
            continue
        rec["latitude"] = _float(rec["latitude"], path, line_no, "latitude")
        rec["longitude"] = _float(rec["longitude"], path, line_no, "longitude")
        node = nodes.setdefault(rec["osm_node_id"] or f"line {line_no}", (rec, set()))
        node[1].update(osm_extract_countries(rec.get("extract", "")))
    for rec, countries in nodes.values():
        latitude, longitude = rec["latitude"], rec["longitude"]
        cc, admin1, admin2 = shipped.admin_of(latitude, longitude, tuple(sorted(countries)))
        names = (rec.get("name_en") or rec["name"], rec["name"])
        if shipped.already_named(names, cc, latitude, longitude):
            continue
        yield ImportRow(
            name=names[0],
            alternates=names[1:],
            latitude=latitude,
            longitude=longitude,
            country_code=cc,
            admin1=admin1,
            admin2_code=None,
            admin2=admin2,
            geonameid=None,
            feature_code="PPLX" if rec["place"] in ("suburb", "neighbourhood") else "PPL",
            population=_int_or_zero(rec.get("population", "")),
            kind=KIND_LOCALITY,
            source=SOURCE_OSM,
        )


def _tsv_records(lines: Iterable[str], path: Path) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
    try:
        for cols in reader:
            yield reader.line_num, cols
    except csv.Error as exc:
        raise _malformed(path, reader.line_num, str(exc)) from exc


class _UserWriter:
    """Appends rows to the user layer, interning admin names and indexing name keys."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db
        self.strings: dict[str, int] = dict((t, i) for i, t in db.execute("SELECT id, text FROM strings"))
        self.next_id = (db.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()[0] or 0) + 1
        self.places: list[tuple] = []
        self.names: list[tuple] = []
        self.admin2_codes: list[tuple[int, str]] = []
        self.admin2_names: dict[str, str] = {}

    def string_id(self, text: Optional[str]) -> Optional[int]:
        if not text:
            return None
        if text not in self.strings:
            cur = self.db.execute("INSERT INTO strings (text) VALUES (?)", (text,))
            self.strings[text] = cur.lastrowid
        return self.strings[text]

    def add(self, row: ImportRow) -> None:
        pid = self.next_id
        self.next_id += 1
        self.places.append((pid, row.name, round(row.latitude * COORD_SCALE), round(row.longitude * COORD_SCALE),
                            row.country_code, self.string_id(row.admin1),
                            self.string_id(row.admin2), row.geonameid, row.feature_code, row.population, row.kind,
                            row.source))
        if row.admin2_code:
            if row.kind == KIND_ADMIN2:
                self.admin2_names[row.admin2_code] = row.name
            else:
                self.admin2_codes.append((pid, row.admin2_code))
        admin = row.kind in (KIND_ADMIN1, KIND_ADMIN2)
        keys: dict[str, int] = {}
        for i, name in enumerate((row.name,) + row.alternates):
            key = normalize_name(name)
            if not key or (i and not is_latin_key(key)):
                continue
            quality = QUALITY_NAME if i == 0 else QUALITY_ALIAS
            keys[key] = min(keys.get(key, quality), quality)
            for variant in key_variants(key, admin):
                keys.setdefault(variant, QUALITY_VARIANT)
        self.names.extend((k, pid, q) for k, q in keys.items())
        if len(self.places) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self.db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", self.places)
        self.db.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", self.names)
        self.places.clear()
        self.names.clear()

    def finish(self) -> None:
        self.flush()
        # GeoNames rows name their admin2 by code; the ADM2 rows may come later in the file.
        updates = [(self.string_id(self.admin2_names[code]), pid) for pid, code in self.admin2_codes
                   if code in self.admin2_names]
        self.db.executemany("UPDATE places SET admin2 = ? WHERE id = ?", updates)


def _detect_format(first_line: str) -> str:
    cols = first_line.rstrip("\r\n").split("\t")
    if tuple(cols[: len(WOF_HEADER)]) == WOF_HEADER:
        return "wof"
    if tuple(cols[: len(OSM_HEADER)]) == OSM_HEADER:
        return "osm"
    if len(cols) == GEONAMES_COLUMNS:
        return "geonames"
    raise DataError(
        f"Unrecognised gazetteer file: the first line has {len(cols)} tab-separated columns. Expected a GeoNames "
        "dump (19 columns: allCountries.zip, SO.zip, cities1000.zip) or a WOF/OSM TSV with eventwire's header."
    )


def import_gazetteer(path: Path | str, home: Optional[Path | str] = None) -> int:
    """Import a gazetteer file into the user layer under ``home`` (default ``$EVENTWIRE_HOME``).

    Accepts GeoNames dumps (``allCountries.zip``, ``SO.zip``, ``cities1000.zip``, zipped or as .txt)
    and Who's On First / OpenStreetMap TSV(.gz) files in the format eventwire's build uses. Rows are
    streamed, so allCountries (12 million rows) needs little memory. Returns the number of places added.
    """
    target_dir = user_home(home)
    target_dir.mkdir(parents=True, exist_ok=True)
    count = write_layer(path, target_dir / USER_DB_NAME)
    _default_gazetteer.cache_clear()
    return count


def write_layer(path: Path | str, target: Path) -> int:
    """Add the places of a gazetteer file (as :func:`import_gazetteer` reads them) to the layer file ``target``,
    created if missing; nothing is written unless the whole file reads. Returns the number of places added."""
    source = Path(path).expanduser()
    if not source.is_file():
        raise DataError(f"Gazetteer file {source} does not exist. Give the path of a downloaded GeoNames dump.")
    shipped = sqlite3.connect(f"file:{SHIPPED_DB}?mode=ro", uri=True)
    admin1_names = {(cc, code): name for cc, code, name in shipped.execute("SELECT cc, code, name FROM admin1_codes")}
    shipped.close()

    lines = _open_text_lines(source)
    first = next(lines, None)
    if first is None:
        raise DataError(f"Gazetteer file {source} is empty.")
    fmt = _detect_format(first)

    def all_lines() -> Iterator[str]:
        yield first
        yield from lines

    readers = {"geonames": lambda: _read_geonames(all_lines(), source, admin1_names),
               "wof": lambda: _read_wof(all_lines(), source),
               "osm": lambda: _read_osm(all_lines(), source, _ShippedNeighbours(SHIPPED_DB))}
    db = sqlite3.connect(target)
    try:
        db.executescript(SCHEMA)
        writer = _UserWriter(db)
        count = 0
        for row in readers[fmt]():
            writer.add(row)
            count += 1
        writer.finish()
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        db.close()
    return count
