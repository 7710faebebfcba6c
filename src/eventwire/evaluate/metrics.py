"""Scores that compare eventwire's coding with human gold, field by field.

Definitions (issue 3):

* Each gold row is one event. The prediction for it is the highest-confidence event eventwire finds in
  its text; a row where eventwire finds none is wrong on every field and lowers ``location.coverage``.
* ``macro_f1`` averages per-class F1 over the classes present in the gold; ``weighted_f1`` weights them
  by gold support. A class eventwire never predicts has F1 0.
* Actor names match case-insensitively after dropping parentheses that contain digits
  ("Military Forces of Somalia (2022-)" -> "military forces of somalia"); ``lenient`` also accepts one
  name being a prefix of the other. An empty gold actor2 matches an empty prediction.
* Location error is the great-circle distance. ``coverage`` = share of gold rows with predicted
  coordinates; ``acc_*km`` count a row without coordinates as wrong; ``median_km`` is over the rows that
  have both coordinates.
* ``no_event.accuracy`` = share of the no-event gold rows (texts with no codable event) where eventwire
  codes nothing. No-event rows are not part of the per-field event scores.
* ``fatalities.mae`` counts a missing prediction as 0 deaths (ACLED's "unknown = 0").
* Toponyms: a predicted span detects a gold toponym when their characters overlap. Detection precision =
  predicted spans overlapping a gold toponym / predicted spans (spans overlapping an ignored annotation
  are left out); recall = gold toponyms detected / gold toponyms. Resolution is scored on the detected
  gold toponyms that have coordinates: ``exact_geonameid`` (over those with a gold GeoNames id),
  ``acc_161km``, ``median_km`` and ``auc``, the area under the curve of sorted log(1 + error km)
  normalised by log(20039 km), as in Gritta et al., "A Pragmatic Guide to Geoparsing Evaluation"
  (lower is better: 0 = every toponym exact).
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional, Sequence

from ..model import Document, Event
from .readers import GoldEvent, GoldToponymDoc

EARTH_RADIUS_KM = 6371.0088
# Half the Earth's circumference: the largest possible error, the AUC's normaliser (Gritta et al.).
MAX_ERROR_KM = 20039.0
DIGITS = 4
_PARENTHESES_WITH_DIGITS = re.compile(r"\([^()]*\d[^()]*\)")
_SPACES = re.compile(r"\s+")


# -- small helpers -----------------------------------------------------------------------------


def rounded(value: float) -> float:
    return round(float(value), DIGITS)


def share(hits: int, total: int) -> float:
    return rounded(hits / total) if total else 0.0


def best_event(document: Optional[Document]) -> Optional[Event]:
    """The event eventwire is most confident about in a document; ``None`` when it coded none."""
    if document is None or not document.events:
        return None
    return max(document.events, key=lambda event: event.confidence)


def normalise_actor(name: Optional[str]) -> str:
    """Lower-case, parentheses that contain digits dropped, spaces collapsed.

    >>> normalise_actor("Military Forces of Somalia (2022-)")
    'military forces of somalia'
    >>> normalise_actor("Civilians (Iraq)")
    'civilians (iraq)'
    """
    if not name:
        return ""
    without_periods = _PARENTHESES_WITH_DIGITS.sub(" ", name)
    return _SPACES.sub(" ", without_periods).strip().lower()


def actors_match(gold: Optional[str], predicted: Optional[str], lenient: bool = False) -> bool:
    """Do two actor names match (``lenient``: or is one a prefix of the other)? Two empty names match."""
    a, b = normalise_actor(gold), normalise_actor(predicted)
    if a == b:
        return True
    if not a or not b:
        return False
    return lenient and (a.startswith(b) or b.startswith(a))


def normalise_place_name(name: Optional[str]) -> str:
    """Case- and accent-insensitive place name ("Ninawā" == "ninawa")."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name)
    return _SPACES.sub(" ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip().lower()


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def f1_scores(gold: Sequence[str], predicted: Sequence[Optional[str]]) -> tuple[float, float]:
    """(macro F1, support-weighted F1) over the classes present in ``gold``. ``None`` = nothing predicted."""
    classes = sorted(set(gold))
    if not classes:
        return 0.0, 0.0
    macro = weighted = 0.0
    for label in classes:
        true_positives = sum(1 for g, p in zip(gold, predicted) if g == label and p == label)
        predicted_count = sum(1 for p in predicted if p == label)
        support = sum(1 for g in gold if g == label)
        precision = true_positives / predicted_count if predicted_count else 0.0
        recall = true_positives / support
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        macro += f1
        weighted += f1 * support
    return rounded(macro / len(classes)), rounded(weighted / len(gold))


def auc_log_error(errors_km: Sequence[float]) -> float:
    """Gritta et al.'s AUC: trapezoid area under sorted ln(1 + error), scaled to [0, 1]. Lower is better."""
    if not errors_km:
        return 0.0
    curve = sorted(math.log1p(max(e, 0.0)) for e in errors_km)
    if len(curve) == 1:
        return rounded(curve[0] / math.log(MAX_ERROR_KM))
    area = sum((a + b) / 2 for a, b in zip(curve, curve[1:]))
    return rounded(area / (math.log(MAX_ERROR_KM) * (len(curve) - 1)))


def _iso_date(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# -- events ------------------------------------------------------------------------------------


def event_metrics(golds: Sequence[GoldEvent], predictions: Sequence[Optional[Event]]) -> dict:
    """Every event score the gold supports (see the module docstring); fields absent from the gold are omitted."""
    pairs = [(g, p) for g, p in zip(golds, predictions) if not g.no_event]
    scores: dict = {}
    _label_scores(scores, pairs)
    for name in ("inter1", "inter2"):
        rows = [(g, p) for g, p in pairs if g.has(name)]
        if rows:
            hits = sum(1 for g, p in rows if p is not None and (getattr(p, name) or 0) == (getattr(g, name) or 0))
            scores[name] = {"accuracy": share(hits, len(rows))}
    for name in ("actor1", "actor2"):
        rows = [(g, p) for g, p in pairs if g.has(name)]
        if rows:
            scores[name] = {
                "accuracy": share(sum(_actor_hit(g, p, name, False) for g, p in rows), len(rows)),
                "lenient": share(sum(_actor_hit(g, p, name, True) for g, p in rows), len(rows)),
            }
    for name in ("country", "admin1"):
        rows = [(g, p) for g, p in pairs if g.has(name)]
        if rows:
            hits = sum(
                1
                for g, p in rows
                if p is not None and normalise_place_name(getattr(p, name)) == normalise_place_name(getattr(g, name))
            )
            scores[name] = {"accuracy": share(hits, len(rows))}
    location = location_metrics([g for g, _ in pairs], [p for _, p in pairs])
    if location:
        scores["location"] = location
    _date_scores(scores, pairs)
    _fatality_scores(scores, pairs)
    no_event_rows = [(g, p) for g, p in zip(golds, predictions) if g.no_event]
    if no_event_rows:
        scores["no_event"] = {"accuracy": share(sum(1 for _, p in no_event_rows if p is None), len(no_event_rows))}
    return scores


def _label_scores(scores: dict, pairs: list[tuple[GoldEvent, Optional[Event]]]) -> None:
    for name in ("event_type", "sub_event_type"):
        rows = [(g, p) for g, p in pairs if g.has(name)]
        if not rows:
            continue
        gold = [getattr(g, name) for g, _ in rows]
        predicted = [getattr(p, name) if p is not None else None for _, p in rows]
        macro, weighted = f1_scores(gold, predicted)
        accuracy = share(sum(1 for g, p in zip(gold, predicted) if g == p), len(rows))
        scores[name] = {"accuracy": accuracy, "macro_f1": macro}
        if name == "sub_event_type":
            scores[name]["weighted_f1"] = weighted


def _actor_hit(gold: GoldEvent, predicted: Optional[Event], name: str, lenient: bool) -> bool:
    return predicted is not None and actors_match(getattr(gold, name), getattr(predicted, name), lenient)


def location_metrics(golds: Sequence[GoldEvent], predictions: Sequence[Optional[Event]]) -> dict:
    """Coverage and distance scores over the rows with gold coordinates; ``{}`` when there are none."""
    rows = [(g, p) for g, p in zip(golds, predictions) if g.has("location") and not g.no_event]
    if not rows:
        return {}
    errors = [
        great_circle_km(g.latitude, g.longitude, p.latitude, p.longitude)
        for g, p in rows
        if p is not None and p.latitude is not None and p.longitude is not None
    ]
    return {
        "coverage": share(len(errors), len(rows)),
        "median_km": rounded(statistics.median(errors)) if errors else None,
        "acc_5km": share(sum(1 for e in errors if e <= 5), len(rows)),
        "acc_25km": share(sum(1 for e in errors if e <= 25), len(rows)),
        "acc_161km": share(sum(1 for e in errors if e <= 161), len(rows)),
    }


def _date_scores(scores: dict, pairs: list[tuple[GoldEvent, Optional[Event]]]) -> None:
    rows = [(g, p) for g, p in pairs if g.has("event_date")]
    if not rows:
        return
    deltas = []
    for g, p in rows:
        predicted = _iso_date(p.event_date) if p is not None else None
        deltas.append(abs((predicted - g.event_date).days) if predicted is not None else None)
    scores["event_date"] = {
        "exact": share(sum(1 for d in deltas if d == 0), len(rows)),
        "within_1_day": share(sum(1 for d in deltas if d is not None and d <= 1), len(rows)),
    }


def _fatality_scores(scores: dict, pairs: list[tuple[GoldEvent, Optional[Event]]]) -> None:
    rows = [(g, p) for g, p in pairs if g.has("fatalities")]
    if not rows:
        return
    exact = sum(1 for g, p in rows if p is not None and p.fatalities == g.fatalities)
    errors = [abs((p.fatalities if p is not None else 0) - g.fatalities) for g, p in rows]
    scores["fatalities"] = {"exact": share(exact, len(rows)), "mae": rounded(sum(errors) / len(rows))}


# -- toponyms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictedToponym:
    """A place name eventwire found (article character offsets) and where it put it."""

    start: int
    end: int
    latitude: Optional[float] = None
    longitude: Optional[float] = None
    geonameid: Optional[int] = None


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """Number of characters two spans share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def toponym_metrics(docs: Sequence[GoldToponymDoc], predictions: Sequence[Sequence[PredictedToponym]]) -> dict:
    """Detection P/R/F1 and resolution scores (see the module docstring)."""
    gold_count = detected = predicted_count = correct_predictions = 0
    errors: list[float] = []
    exact_hits = exact_total = 0
    for doc, predicted in zip(docs, predictions):
        scored = [p for p in predicted if not _overlaps_ignored(p, doc) or _overlaps_gold(p, doc)]
        predicted_count += len(scored)
        correct_predictions += sum(1 for p in scored if _overlaps_gold(p, doc))
        for gold in doc.toponyms:
            gold_count += 1
            match = _best_overlap(gold, predicted)
            if match is None:
                continue
            detected += 1
            if not gold.resolved or match.latitude is None or match.longitude is None:
                continue
            errors.append(great_circle_km(gold.latitude, gold.longitude, match.latitude, match.longitude))
            if gold.geonameid is not None:
                exact_total += 1
                exact_hits += int(match.geonameid == gold.geonameid)
    precision = correct_predictions / predicted_count if predicted_count else 0.0
    recall = detected / gold_count if gold_count else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "items": len(docs),
        "toponyms": gold_count,
        "detection": {"precision": rounded(precision), "recall": rounded(recall), "f1": rounded(f1)},
        "resolution": {
            "exact_geonameid": share(exact_hits, exact_total),
            "acc_161km": share(sum(1 for e in errors if e <= 161), len(errors)),
            "median_km": rounded(statistics.median(errors)) if errors else None,
            "auc": auc_log_error(errors),
        },
    }


def _overlaps_gold(p: PredictedToponym, doc: GoldToponymDoc) -> bool:
    return any(overlap(p.start, p.end, g.start, g.end) for g in doc.toponyms)


def _overlaps_ignored(p: PredictedToponym, doc: GoldToponymDoc) -> bool:
    return any(overlap(p.start, p.end, start, end) for start, end in doc.ignored)


def _best_overlap(gold, predicted: Iterable[PredictedToponym]) -> Optional[PredictedToponym]:
    """The predicted toponym sharing the most characters with a gold one (``None``: not detected)."""
    best, best_shared = None, 0
    for p in predicted:
        shared = overlap(p.start, p.end, gold.start, gold.end)
        if shared > best_shared:
            best, best_shared = p, shared
    return best
