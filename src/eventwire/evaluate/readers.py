"""Gold-data readers: human-coded events and toponyms, read into typed rows.

Formats (``read_gold(path, fmt)``):

* ``acled``    every ACLED export variant: lower- or UPPER-case columns; dates ``2022-05-14``,
  ``6-May-20``, ``25-February-2015``, ``28 December 2022``; the old (pre-2019) taxonomy mapped to the
  current one where a mapping exists; ``inter1``/``inter2`` as numbers or as text labels. Text = ``notes``;
  publication date = event date + 1 day (ACLED codes from reports published after the event).
* ``jsonl``    one object per line: ``{"text", "published"?, "title"?}`` plus gold fields under ACLED's
  column names (any subset), or ``"no_event": true``; or toponym gold ``{"text", "toponyms": [...]}``.
* ``case2021`` CASE 2021 task 2 TSV (``id``, ``EventSnippet``, ``SubType``).
* ``gwn``      GeoWebNews XML;  ``lgl``  LGL / TR-News XML.

A row that cannot be read is recorded as a :class:`BadRow` (row number and reason) and skipped: one bad
row never stops an evaluation. A file with no readable row raises :class:`~eventwire.errors.InputError`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from ..errors import EmptyInputError, InputError
from ..model import EVENT_TYPES, INTER_CODES, SUB_EVENT_TYPES

FORMATS = ("acled", "jsonl", "case2021", "gwn", "lgl")
EVENT_FIELDS = (
    "event_type",
    "sub_event_type",
    "inter1",
    "inter2",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "event_date",
    "fatalities",
)
# ACLED writes these for "no value"; the Benin export uses "NA".
MISSING_VALUES = frozenset({"", "na", "n/a", "nan", "none", "null"})


# -- typed gold rows ----------------------------------------------------------------------------


@dataclass
class GoldEvent:
    """One human-coded event (or one text that reports no codable event: ``no_event``).

    ``fields`` names the gold fields this row actually gives: a field outside it is unknown, not
    empty (an old-taxonomy row has no sub-event type; a UCDP row has no inter codes). ``actor2 = ""``
    inside ``fields`` means the coder said there is no second actor.
    """

    id: str
    text: str
    published: Optional[date] = None
    title: Optional[str] = None
    no_event: bool = False
    event_type: Optional[str] = None
    sub_event_type: Optional[str] = None
    actor1: Optional[str] = None
    actor2: Optional[str] = None
    inter1: Optional[int] = None
    inter2: Optional[int] = None
    country: Optional[str] = None
    admin1: Optional[str] = None
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geo_precision: Optional[int] = None
    event_date: Optional[date] = None
    fatalities: Optional[int] = None
    old_taxonomy: bool = False
    fields: frozenset[str] = frozenset()

    def has(self, name: str) -> bool:
        return name in self.fields


@dataclass(frozen=True)
class GoldToponym:
    """One gold place name: its span in the text and, where the annotators resolved it, its coordinates."""

    start: int
    end: int
    name: str
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geonameid: Optional[int] = None

    @property
    def resolved(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class GoldToponymDoc:
    """One text with its gold toponyms. ``ignored`` spans are annotated names that are neither scored
    as gold nor counted as false detections (GeoWebNews demonyms, names the annotators left unresolved)."""

    id: str
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)
    ignored: list[tuple[int, int]] = field(default_factory=list)
    published: Optional[date] = None
    title: Optional[str] = None
    skipped: list[str] = field(default_factory=list)  # reasons for toponyms left out of this text


@dataclass(frozen=True)
class BadRow:
    """A row skipped while reading, with the reason (row 1 = the first data row)."""

    row: int
    reason: str


GoldItem = Union[GoldEvent, GoldToponymDoc]


@dataclass
class GoldSet:
    """What a reader returns: the gold items, what was skipped, and notes on how the file was read."""

    path: str
    format: str
    kind: str  # "events" or "toponyms"
    items: list = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def bad_row_summary(self, limit: int = 5) -> str:
        """One line: how many rows were skipped and the first few reasons."""
        if not self.bad_rows:
            return "no rows skipped"
        shown = "; ".join(f"row {b.row}: {b.reason}" for b in self.bad_rows[:limit])
        more = f" (and {len(self.bad_rows) - limit} more)" if len(self.bad_rows) > limit else ""
        return f"{len(self.bad_rows)} rows skipped: {shown}{more}"


class RowError(ValueError):
    """A single gold row is unusable; the reader records it and goes on."""


# -- small value parsers --------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d-%b-%y", "%d-%B-%Y", "%d %B %Y", "%d-%b-%Y", "%d %b %Y", "%d/%m/%Y", "%Y/%m/%d")


def parse_gold_date(value: str) -> date:
    """ACLED's date spellings: ``2022-05-14``, ``6-May-20``, ``25-February-2015``, ``28 December 2022``."""
    text = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(f"unreadable date {value!r}")


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in MISSING_VALUES)


def clean_text(value: Any) -> str:
    """The value as a stripped string; ``""`` for ACLED's spellings of "no value"."""
    return "" if is_missing(value) else str(value).strip()


_INTER_LABELS = {label.lower(): code for code, label in INTER_CODES.items()}
# ACLED's codebook table and older exports spell the actor types differently from current exports.
_INTER_LABELS.update(
    {
        "state forces": 1,
        "rebel forces": 2,
        "rebel groups": 2,
        "militia groups": 3,
        "political militias": 3,
        "communal / identity groups": 4,
        "communal/identity groups": 4,
        "identity militias": 4,
        "foreign / others": 8,
        "external/other force": 8,
        "other forces": 8,
        "no actor": 0,
    }
)


def parse_inter(value: Any) -> int:
    """An inter code from a number (``6``, ``"6"``, ``"6.0"``) or a label (``"Protesters"``); empty = 0."""
    if is_missing(value):
        return 0
    text = str(value).strip()
    try:
        code = int(float(text))
    except ValueError:
        code = _INTER_LABELS.get(re.sub(r"\s+", " ", text.lower()), -1)
    if code not in INTER_CODES and code != 0:
        raise RowError(f"unknown inter code {value!r}")
    return code


def parse_float(value: Any, what: str) -> Optional[float]:
    if is_missing(value):
        return None
    try:
        return float(str(value).strip())
    except ValueError:
        raise RowError(f"{what} is not a number: {value!r}") from None


def parse_int(value: Any, what: str) -> Optional[int]:
    number = parse_float(value, what)
    if number is None:
        return None
    if number < 0 or number != int(number):
        raise RowError(f"{what} is not a whole number >= 0: {value!r}")
    return int(number)


def valid_coordinates(lat: Optional[float], lon: Optional[float]) -> bool:
    return lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180


# -- ACLED taxonomy -------------------------------------------------------------------------------

_CURRENT_SUB_TYPES = {sub.lower(): sub for sub in SUB_EVENT_TYPES}
_CURRENT_EVENT_TYPES = {etype.lower(): etype for etype in EVENT_TYPES}
# Old (pre-2019) event types that name exactly one current (event_type, sub_event_type) pair.
_OLD_TYPES_WITH_SUB_TYPE = {
    "battle-no change of territory": ("Battles", "Armed clash"),
    "battle-government regains territory": ("Battles", "Government regains territory"),
    "battle-non-state actor overtakes territory": ("Battles", "Non-state actor overtakes territory"),
    "battle-non-state actors overtake territory": ("Battles", "Non-state actor overtakes territory"),
    "non-violent transfer of territory": ("Strategic developments", "Non-violent transfer of territory"),
    "headquarters or base established": ("Strategic developments", "Headquarters or base established"),
}
# Old types that map to one current event type, but whose sub-type the old data never recorded.
_OLD_TYPES_EVENT_ONLY = {
    "remote violence": "Explosions/Remote violence",
    "violence against civilians": "Violence against civilians",
    "strategic development": "Strategic developments",
    "strategic developments": "Strategic developments",
}
# The old "Riots/Protests" split in two in 2019: current ACLED codes protesters (inter 6) as Protests
# and rioters (inter 5) as Riots. Other actor types (a party militia rioting) have no mapping.
_OLD_RIOTS_PROTESTS = "riots/protests"
OLD_TAXONOMY_NOTE = (
    "old ACLED taxonomy: 'Battle-*', 'Non-violent transfer of territory' and 'Headquarters or base established' "
    "map to a current sub-type; 'Remote violence', 'Violence against civilians' and 'Strategic development' map "
    "to a current event type only (the old data has no sub-type, so sub_event_type is not scored there); "
    "'Riots/Protests' maps to Protests when inter1 is 6 (protesters) and to Riots when inter1 is 5 (rioters), "
    "otherwise no mapping exists and event_type is not scored"
)


@dataclass(frozen=True)
class MappedType:
    event_type: Optional[str]
    sub_event_type: Optional[str]
    old_taxonomy: bool


def map_acled_type(event_type: str, sub_event_type: str, inter1: int) -> MappedType:
    """The current (event_type, sub_event_type) for a row of any ACLED taxonomy; ``None`` where none exists."""
    etype, sub = clean_text(event_type), clean_text(sub_event_type)
    key = etype.lower()
    if sub:
        current_sub = _CURRENT_SUB_TYPES.get(sub.lower())
        if current_sub is None:
            raise RowError(f"unknown sub_event_type {sub!r}")
        return MappedType(SUB_EVENT_TYPES[current_sub], current_sub, False)
    if key in _CURRENT_EVENT_TYPES:
        return MappedType(_CURRENT_EVENT_TYPES[key], None, False)
    if key in _OLD_TYPES_WITH_SUB_TYPE:
        return MappedType(*_OLD_TYPES_WITH_SUB_TYPE[key], True)
    if key in _OLD_TYPES_EVENT_ONLY:
        return MappedType(_OLD_TYPES_EVENT_ONLY[key], None, True)
    if key == _OLD_RIOTS_PROTESTS:
        return MappedType({6: "Protests", 5: "Riots"}.get(inter1), None, True)
    raise RowError(f"unknown event_type {etype!r}")


# -- readers --------------------------------------------------------------------------------------


def read_gold(path: Union[str, Path], fmt: str, limit: Optional[int] = None) -> GoldSet:
    """Read a gold file of format ``fmt`` (one of :data:`FORMATS`), keeping at most ``limit`` items."""
    readers: dict[str, Callable[[str, str], GoldSet]] = {
        "acled": read_acled_text,
        "jsonl": read_jsonl_text,
        "case2021": read_case2021_text,
        "gwn": read_gwn_text,
        "lgl": read_lgl_text,
    }
    if fmt not in readers:
        raise InputError(f"Unknown gold format {fmt!r}. Use one of: {', '.join(FORMATS)}.")
    text = _read_file(Path(path))
    gold = readers[fmt](text, str(path))
    if not gold.items:
        reasons = f" ({gold.bad_row_summary()})" if gold.bad_rows else ""
        raise EmptyInputError(
            f"{path} holds no usable {fmt} gold rows{reasons}. Check the file and the --format option."
        )
    if limit is not None:
        gold.items = gold.items[: max(limit, 0)]
    return gold


def _read_file(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"Gold file {path} does not exist. Give the path of a gold file.")
    data = path.read_bytes()
    if not data.strip():
        raise EmptyInputError(f"Gold file {path} is empty: there is nothing to evaluate.")
    return data.decode("utf-8-sig", errors="replace")


def _collect(
    gold: GoldSet, rows: Iterable[tuple[int, Any]], parse: Callable[[Any, int], Optional[GoldItem]]
) -> GoldSet:
    """Parse each row; record unusable ones as bad rows instead of failing."""
    for number, row in rows:
        try:
            item = parse(row, number)
        except RowError as error:
            gold.bad_rows.append(BadRow(number, str(error)))
            continue
        if item is None:
            continue
        gold.items.append(item)
        # A bad toponym costs only itself, not the whole article.
        gold.bad_rows.extend(BadRow(number, reason) for reason in getattr(item, "skipped", ()))
    return gold


def _csv_rows(text: str, delimiter: str = ",") -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts with lower-case keys (ACLED exports exist with UPPER-CASE columns)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        return
    keys = [h.strip().lower() for h in header]
    for number, values in enumerate(reader, start=1):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(keys):
            yield number, {"__error__": f"{len(values)} columns, the header has {len(keys)}"}
            continue
        yield number, dict(zip(keys, values))


ACLED_REQUIRED = ("notes", "event_date", "event_type")


def read_acled_text(text: str, path: str = "<acled>") -> GoldSet:
    """ACLED CSV export, any variant (see the module docstring)."""
    gold = GoldSet(path=path, format="acled", kind="events")
    rows = list(_csv_rows(text))
    if rows and "__error__" not in rows[0][1]:
        missing = [c for c in ACLED_REQUIRED if c not in rows[0][1]]
        if missing:
            raise InputError(
                f"{path} is not an ACLED export: no column {', '.join(missing)}. "
                "ACLED files need at least notes, event_date and event_type."
            )
    _collect(gold, rows, _acled_event)
    if any(item.old_taxonomy for item in gold.items):
        gold.notes.append(OLD_TAXONOMY_NOTE)
    return gold


def _acled_event(row: dict[str, str], number: int) -> GoldEvent:
    if "__error__" in row:
        raise RowError(row["__error__"])
    notes = clean_text(row.get("notes"))
    if not notes:
        raise RowError("empty notes")
    event_day = parse_gold_date(row.get("event_date", ""))
    inter1 = parse_inter(row.get("inter1"))
    inter2 = parse_inter(row.get("inter2"))
    mapped = map_acled_type(row.get("event_type", ""), row.get("sub_event_type", ""), inter1)
    lat = parse_float(row.get("latitude"), "latitude")
    lon = parse_float(row.get("longitude"), "longitude")
    fields = {"event_date", "inter1", "inter2", "actor1", "actor2"}
    if mapped.event_type:
        fields.add("event_type")
    if mapped.sub_event_type:
        fields.add("sub_event_type")
    gold = GoldEvent(
        id=clean_text(row.get("event_id_cnty")) or str(number),
        text=notes,
        published=event_day + timedelta(days=1),
        event_type=mapped.event_type,
        sub_event_type=mapped.sub_event_type,
        actor1=clean_text(row.get("actor1")),
        actor2=clean_text(row.get("actor2")),
        inter1=inter1,
        inter2=inter2,
        event_date=event_day,
        old_taxonomy=mapped.old_taxonomy,
    )
    _optional_fields(gold, row, fields)
    if valid_coordinates(lat, lon):
        gold.latitude, gold.longitude = lat, lon
        fields.add("location")
        gold.geo_precision = parse_int(row.get("geo_precision"), "geo_precision")
    gold.fields = frozenset(fields)
    return gold


def _optional_fields(gold: GoldEvent, row: dict, fields: set[str]) -> None:
    """country, admin1 and fatalities when the row gives them."""
    for name in ("country", "admin1"):
        value = clean_text(row.get(name))
        if value:
            setattr(gold, name, value)
            fields.add(name)
    fatalities = parse_int(row.get("fatalities"), "fatalities")
    if fatalities is not None:
        gold.fatalities = fatalities
        fields.add("fatalities")


def _jsonl_rows(text: str) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            yield number, RowError(f"invalid JSON ({error.msg} at column {error.colno})")


def read_jsonl_text(text: str, path: str = "<jsonl>") -> GoldSet:
    """JSON lines: event gold (ACLED column names, ``no_event``) or toponym gold (``toponyms``).

    The kind is decided by the first readable row; rows of the other kind are reported as bad rows.
    """
    rows = list(_jsonl_rows(text))
    first = next((row for _, row in rows if isinstance(row, dict)), None)
    kind = "toponyms" if isinstance(first, dict) and "toponyms" in first else "events"
    gold = GoldSet(path=path, format="jsonl", kind=kind)
    return _collect(gold, rows, _jsonl_toponym_doc if kind == "toponyms" else _jsonl_event)


def _jsonl_object(row: Any) -> dict:
    if isinstance(row, RowError):
        raise row
    if not isinstance(row, dict):
        raise RowError("not a JSON object")
    if not isinstance(row.get("text"), str) or not row["text"].strip():
        raise RowError("no 'text'")
    return row


def _jsonl_published(row: dict) -> Optional[date]:
    if is_missing(row.get("published")):
        return None
    return parse_gold_date(str(row["published"])[:10])


def _jsonl_event(row: Any, number: int) -> GoldEvent:
    row = _jsonl_object(row)
    if "toponyms" in row:
        raise RowError("a toponym row in an event gold file")
    gold = GoldEvent(
        id=str(row.get("id", number)),
        text=row["text"],
        published=_jsonl_published(row),
        title=row.get("title"),
    )
    if row.get("no_event") is True:
        gold.no_event = True
        gold.fields = frozenset({"no_event"})
        return gold
    gold.fields = frozenset(_jsonl_event_fields(gold, row))
    return gold


def _jsonl_event_fields(gold: GoldEvent, row: dict) -> set[str]:
    """Copy the gold fields the row gives; a key present with an empty value means "none"."""
    fields: set[str] = set()
    if not is_missing(row.get("sub_event_type")) or not is_missing(row.get("event_type")):
        mapped = map_acled_type(str(row.get("event_type") or ""), str(row.get("sub_event_type") or ""), 0)
        gold.event_type, gold.sub_event_type = mapped.event_type, mapped.sub_event_type
        fields.update(name for name in ("event_type", "sub_event_type") if getattr(gold, name))
    for name in ("actor1", "actor2"):
        if name in row:
            setattr(gold, name, clean_text(row[name]))
            fields.add(name)
    for name in ("inter1", "inter2"):
        if name in row:
            setattr(gold, name, parse_inter(row[name]))
            fields.add(name)
    if not is_missing(row.get("event_date")):
        gold.event_date = parse_gold_date(str(row["event_date"])[:10])
        fields.add("event_date")
    lat, lon = parse_float(row.get("latitude"), "latitude"), parse_float(row.get("longitude"), "longitude")
    if valid_coordinates(lat, lon):
        gold.latitude, gold.longitude = lat, lon
        gold.geo_precision = parse_int(row.get("geo_precision"), "geo_precision")
        fields.add("location")
    _optional_fields(gold, row, fields)
    if gold.published is None and gold.event_date is not None:
        # Same convention as ACLED rows: the report appeared the day after the event.
        gold.published = gold.event_date + timedelta(days=1)
    if not fields:
        raise RowError("no gold field (give ACLED column names, or \"no_event\": true)")
    return fields


def _jsonl_toponym_doc(row: Any, number: int) -> GoldToponymDoc:
    row = _jsonl_object(row)
    if not isinstance(row.get("toponyms"), list):
        raise RowError("an event row in a toponym gold file ('toponyms' must be a list)")
    text = row["text"]
    toponyms = []
    for t in row["toponyms"]:
        if not isinstance(t, dict):
            raise RowError("a toponym is not a JSON object")
        start, end = parse_int(t.get("start"), "start"), parse_int(t.get("end"), "end")
        if start is None or end is None or not start < end <= len(text):
            raise RowError(f"toponym span {t.get('start')}-{t.get('end')} is outside the text")
        lat, lon = parse_float(t.get("lat"), "lat"), parse_float(t.get("lon"), "lon")
        toponyms.append(
            GoldToponym(
                start=start,
                end=end,
                name=str(t.get("name") or text[start:end]),
                latitude=lat if valid_coordinates(lat, lon) else None,
                longitude=lon if valid_coordinates(lat, lon) else None,
                geonameid=parse_int(t.get("geonameid"), "geonameid"),
            )
        )
    return GoldToponymDoc(
        id=str(row.get("id", number)), text=text, toponyms=toponyms, published=_jsonl_published(row)
    )


# CASE 2021 task 2 codes -> ACLED sub-types. The five codes outside ACLED are texts with no event.
CASE2021_SUB_TYPES = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
}
CASE2021_NO_EVENT = frozenset({"ATTRIB", "DIPLO", "MAN_MADE_DISASTER", "NATURAL_DISASTER", "ORG_CRIME"})


def read_case2021_text(text: str, path: str = "<case2021>") -> GoldSet:
    """CASE 2021 task 2 TSV: columns ``id``, ``EventSnippet``, ``SubType`` (no publication date)."""
    gold = GoldSet(path=path, format="case2021", kind="events")
    rows = list(_csv_rows(text, delimiter="\t"))
    if rows and "__error__" not in rows[0][1] and not {"eventsnippet", "subtype"} <= rows[0][1].keys():
        raise InputError(f"{path} is not a CASE 2021 task 2 file: it needs the columns id, EventSnippet, SubType.")
    gold.notes.append(
        "CASE 2021 codes ATTRIB, DIPLO, MAN_MADE_DISASTER, NATURAL_DISASTER, ORG_CRIME are scored as no_event"
    )
    return _collect(gold, rows, _case2021_event)


def _case2021_event(row: dict[str, str], number: int) -> GoldEvent:
    if "__error__" in row:
        raise RowError(row["__error__"])
    snippet = clean_text(row.get("eventsnippet"))
    code = clean_text(row.get("subtype")).upper()
    if not snippet:
        raise RowError("empty EventSnippet")
    identifier = clean_text(row.get("id")) or str(number)
    if code in CASE2021_NO_EVENT:
        return GoldEvent(id=identifier, text=snippet, no_event=True, fields=frozenset({"no_event"}))
    if code not in CASE2021_SUB_TYPES:
        raise RowError(f"unknown SubType {code!r}")
    sub = CASE2021_SUB_TYPES[code]
    return GoldEvent(
        id=identifier,
        text=snippet,
        event_type=SUB_EVENT_TYPES[sub],
        sub_event_type=sub,
        fields=frozenset({"event_type", "sub_event_type"}),
    )


def _parse_xml(text: str, path: str) -> ET.Element:
    try:
        return ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        raise InputError(f"{path} is not well-formed XML ({error}). Check the file and the --format option.") from None


def _articles(root: ET.Element) -> Iterator[tuple[int, ET.Element]]:
    return enumerate(root.iter("article"), start=1)


# GeoWebNews annotation types that are not place names at all: a detection there is a false positive.
GWN_NOT_TOPONYMS = frozenset({"literal_expression", "non_lit_expression", "non_toponym"})


def read_gwn_text(text: str, path: str = "<gwn>") -> GoldSet:
    """GeoWebNews XML. Gold = the toponyms the annotators resolved to coordinates; other real toponyms
    (demonyms, homonyms, unresolved names) are ignored spans; common-noun location expressions are not
    toponyms (so detecting one is a false positive)."""
    gold = GoldSet(path=path, format="gwn", kind="toponyms")
    gold.notes.append("GeoWebNews: gold = toponyms with coordinates; demonyms/homonyms/unresolved names ignored")
    return _collect(gold, _articles(_parse_xml(text, path)), _gwn_article)


def _gwn_article(article: ET.Element, number: int) -> GoldToponymDoc:
    text = article.findtext("text") or ""
    if not text.strip():
        raise RowError("article without text")
    doc = GoldToponymDoc(id=article.get("file", str(number)), text=text, title=article.findtext("title"))
    for index, element in enumerate(article.iter("toponym"), start=1):
        try:
            _add_gwn_toponym(doc, element)
        except RowError as error:
            doc.skipped.append(f"toponym {index}: {error}")
    return doc


def _add_gwn_toponym(doc: GoldToponymDoc, element: ET.Element) -> None:
    """Gold when resolved to coordinates; an ignored span when a real but unresolved toponym."""
    start, end = _span(element, len(doc.text))
    lat = parse_float(element.findtext("latitude"), "latitude")
    lon = parse_float(element.findtext("longitude"), "longitude")
    kind = (element.findtext("type") or "").strip().lower()
    if valid_coordinates(lat, lon):
        name = element.findtext("extractedName") or doc.text[start:end]
        geonameid = parse_int(element.findtext("geonamesID"), "geonamesID")
        doc.toponyms.append(GoldToponym(start, end, name, lat, lon, geonameid))
    elif kind not in GWN_NOT_TOPONYMS:
        doc.ignored.append((start, end))


def _span(element: ET.Element, text_length: int) -> tuple[int, int]:
    start = parse_int(element.findtext("start"), "start")
    end = parse_int(element.findtext("end"), "end")
    if start is None or end is None or not start < end <= text_length:
        raise RowError(f"toponym span {start}-{end} is outside the article text")
    return start, end


def read_lgl_text(text: str, path: str = "<lgl>") -> GoldSet:
    """LGL / TR-News XML: every toponym is detection gold; those with a ``gaztag`` also resolution gold."""
    gold = GoldSet(path=path, format="lgl", kind="toponyms")
    return _collect(gold, _articles(_parse_xml(text, path)), _lgl_article)


def _lgl_article(article: ET.Element, number: int) -> GoldToponymDoc:
    text = article.findtext("text") or ""
    if not text.strip():
        raise RowError("article without text")
    published = None
    dltime = (article.findtext("dltime") or "").strip()
    if dltime:
        try:
            published = parse_gold_date(dltime[:10])
        except RowError:
            published = None
    doc = GoldToponymDoc(
        id=article.get("docid", str(number)), text=text, title=article.findtext("title"), published=published
    )
    for index, element in enumerate(article.iter("toponym"), start=1):
        try:
            doc.toponyms.append(_lgl_toponym(element, text))
        except RowError as error:
            doc.skipped.append(f"toponym {index}: {error}")
    return doc


def _lgl_toponym(element: ET.Element, text: str) -> GoldToponym:
    start, end = _span(element, len(text))
    name = element.findtext("phrase") or text[start:end]
    tag = element.find("gaztag")
    if tag is None:
        return GoldToponym(start, end, name)
    lat, lon = parse_float(tag.findtext("lat"), "lat"), parse_float(tag.findtext("lon"), "lon")
    if not valid_coordinates(lat, lon):
        lat = lon = None
    return GoldToponym(start, end, name, lat, lon, parse_int(tag.get("geonameid"), "geonameid"))
