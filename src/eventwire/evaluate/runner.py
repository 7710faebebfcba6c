"""Run an evaluation: read gold, code every text, score, and render the result.

``evaluate(path, fmt)`` is the quiet library call: it returns the score dict (exactly the keys of
issue 3, fields absent from the gold omitted). ``run_evaluation`` returns the full :class:`EvalReport`
(scores, the side-by-side baseline, skipped rows, notes) that ``render_report`` turns into a table and
``cli_eval`` prints. The thing that codes a text is injected (``coder``), so tests and other systems can
be scored the same way; by default it is eventwire's pipeline.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence, Union

from ..errors import EventwireError
from ..model import SUB_EVENT_TYPES, Article, Document, Event
from .baseline import BaselineClassifier, baseline_for
from .metrics import PredictedToponym, best_event, event_metrics, location_metrics, toponym_metrics
from .readers import EVENT_FIELDS, GoldEvent, GoldSet, GoldToponymDoc, read_gold

Coder = Callable[[Article], Document]
ToponymCoder = Callable[[str], list[PredictedToponym]]
# Sentinel: "train (or load) the default baseline". Pass None for no baseline.
DEFAULT_BASELINE = "default"
# The score keys of an events evaluation, in the documented order: the gold fields, then no_event.
EVENT_KEYS = EVENT_FIELDS + ("no_event",)
BASELINE_KEYS = ("event_type", "sub_event_type", "no_event")
PROGRESS_MIN_ITEMS = 20


@dataclass
class EvalReport:
    """Everything one evaluation run produced."""

    metrics: dict
    gold: GoldSet
    baseline: Optional[dict] = None
    baseline_description: str = ""
    extras: dict = field(default_factory=dict)  # scores outside the JSON schema (location on geo_precision 1)
    counts: dict = field(default_factory=dict)  # gold rows scored per field
    failed: int = 0  # texts the coder refused (counted as "no event")
    coder_description: str = ""  # which event classifier coded the texts, when the coder says


# -- default coders ----------------------------------------------------------------------------


def default_coder() -> Coder:
    """eventwire's pipeline, built once per process."""
    import eventwire

    return eventwire.get_pipeline()


def default_toponym_coder() -> ToponymCoder:
    """Toponyms as eventwire resolves them: the cheap spaCy pass, then the places stage on the gazetteer."""
    from ..extract.places import resolve_toponyms
    from ..nlp import cheap_parse
    from ..resolve.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()

    def code(text: str) -> list[PredictedToponym]:
        return [to_predicted_toponym(t) for t in resolve_toponyms(cheap_parse(text), gazetteer)]

    return code


def to_predicted_toponym(toponym) -> PredictedToponym:
    """Adapt a resolved toponym of the places stage (span offsets + a :class:`~eventwire.model.Place`)."""
    start = _first_attribute(toponym, ("start_char", "start"))
    end = _first_attribute(toponym, ("end_char", "end"))
    span = getattr(toponym, "span", None)
    if start is None and span is not None:
        start, end = span.start_char, span.end_char
    place = getattr(toponym, "place", None) or toponym
    # A geoparser's point for the mention (a country at its centre) where the toponym offers one.
    point = getattr(toponym, "point", None)
    latitude, longitude = point if point else (getattr(place, "latitude", None), getattr(place, "longitude", None))
    return PredictedToponym(
        start=int(start),
        end=int(end),
        latitude=latitude,
        longitude=longitude,
        geonameid=getattr(place, "geonameid", None),
    )


def _first_attribute(obj, names: Iterable[str]):
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, int):
            return value
    return None


# -- running -----------------------------------------------------------------------------------


def evaluate(
    path: Union[str, Path],
    fmt: str,
    limit: Optional[int] = None,
    coder: Optional[Coder] = None,
    toponym_coder: Optional[ToponymCoder] = None,
) -> dict:
    """Score eventwire (or ``coder``) on a gold file; quiet; returns the issue-3 score dict (no baseline)."""
    report = run_evaluation(path, fmt, limit, coder, toponym_coder, baseline=None)
    return report.metrics


def run_evaluation(
    path: Union[str, Path],
    fmt: str,
    limit: Optional[int] = None,
    coder: Optional[Coder] = None,
    toponym_coder: Optional[ToponymCoder] = None,
    baseline: Union[BaselineClassifier, str, None] = DEFAULT_BASELINE,
    progress: bool = False,
) -> EvalReport:
    """Read, code, score. ``baseline``: a trained classifier, ``"default"`` (train/load from the ACLED
    development files, leaving the evaluated file out), or ``None``. ``progress`` shows a rich bar on stderr."""
    started = time.perf_counter()
    gold = read_gold(path, fmt, limit)
    if gold.kind == "toponyms":
        return _run_toponyms(gold, toponym_coder or default_toponym_coder(), progress, started)
    return _run_events(gold, coder or default_coder(), baseline, Path(path), progress, started)


def _run_events(gold: GoldSet, coder: Coder, baseline, path: Path, progress: bool, started: float) -> EvalReport:
    items: list[GoldEvent] = gold.items
    predictions: list[Optional[Event]] = []
    failed = 0
    for item in _with_progress(items, progress, "coding"):
        try:
            predictions.append(best_event(coder(Article(text=item.text, title=item.title, published=item.published))))
        except EventwireError:
            failed += 1  # a text eventwire cannot code is a text where it coded nothing
            predictions.append(None)
    scores = event_metrics(items, predictions)
    metrics = {"items": len(items), "seconds": round(time.perf_counter() - started, 2)}
    metrics.update({key: scores[key] for key in EVENT_KEYS if key in scores})
    report = EvalReport(metrics=metrics, gold=gold, failed=failed, counts=_event_counts(items),
                        coder_description=describe_classifier(coder))
    geo1 = [(g, p) for g, p in zip(items, predictions) if g.geo_precision == 1 and g.has("location")]
    if geo1:
        report.extras["location (geo_precision 1)"] = location_metrics([g for g, _ in geo1], [p for _, p in geo1])
        report.counts["location (geo_precision 1)"] = len(geo1)
    _add_baseline(report, items, baseline, path if gold.format == "acled" else None)
    return report


def describe_classifier(coder: Coder) -> str:
    """Which event classifier a pipeline codes with (the figures differ with and without the sentence encoder)."""
    classifier = getattr(coder, "classifier", None)
    if classifier is None or not hasattr(classifier, "encoder"):
        return ""
    if classifier.encoder is None:
        return "the linear cascade alone (--fast / EVENTWIRE_ENCODER=off)"
    epochs = classifier.encoder.meta.get("epochs")
    return f"the linear cascade with the sentence encoder ({epochs}-epoch fine-tuned MiniLM)"


def _event_counts(items: Sequence[GoldEvent]) -> dict:
    counts = {key: sum(1 for g in items if g.has(key) and not g.no_event) for key in EVENT_KEYS}
    counts["no_event"] = sum(1 for g in items if g.no_event)
    return {key: n for key, n in counts.items() if n}


def _add_baseline(report: EvalReport, items: list[GoldEvent], baseline, eval_path: Optional[Path]) -> None:
    """Score the bag-of-words baseline on the same items, for the labels it predicts."""
    if not any(g.has("sub_event_type") or g.has("event_type") or g.no_event for g in items):
        return
    if isinstance(baseline, str):
        baseline = baseline_for(eval_path, [g.text for g in items])
    if baseline is None:
        return
    labels = baseline.predict([g.text for g in items])
    predictions = [Event(event_type=SUB_EVENT_TYPES[s], sub_event_type=s, confidence=1.0) for s in labels]
    scores = event_metrics(items, predictions)
    report.baseline = {key: scores[key] for key in BASELINE_KEYS if key in scores}
    report.baseline_description = baseline.description


def _run_toponyms(gold: GoldSet, coder: ToponymCoder, progress: bool, started: float) -> EvalReport:
    docs: list[GoldToponymDoc] = gold.items
    predictions: list[list[PredictedToponym]] = []
    failed = 0
    for doc in _with_progress(docs, progress, "geoparsing"):
        try:
            predictions.append(list(coder(doc.text)))
        except EventwireError:
            failed += 1
            predictions.append([])
    scores = toponym_metrics(docs, predictions)
    metrics = {"items": scores["items"], "seconds": round(time.perf_counter() - started, 2)}
    metrics.update({key: scores[key] for key in ("toponyms", "detection", "resolution")})
    counts = {"resolution": sum(1 for d in docs for t in d.toponyms if t.resolved)}
    return EvalReport(metrics=metrics, gold=gold, failed=failed, counts=counts)


def _with_progress(items: Sequence, show: bool, label: str) -> Iterable:
    """Yield ``items``, with a rich progress bar on stderr for long runs when ``show`` is set."""
    if not show or len(items) < PROGRESS_MIN_ITEMS:
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


# -- rendering ---------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def render_report(report: EvalReport):
    """The human table (a rich renderable): one row per field and score, eventwire beside the baseline."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    m = report.metrics
    gold = report.gold
    table = Table(title=f"eventwire eval: {gold.path} ({gold.format}, {m['items']} items, {m['seconds']} s)")
    table.add_column("field")
    table.add_column("score")
    table.add_column("eventwire", justify="right")
    if report.baseline is not None:
        table.add_column("baseline", justify="right")
    table.add_column("gold rows", justify="right")
    sections = {k: v for k, v in m.items() if isinstance(v, dict)}
    sections.update(report.extras)
    for name, scores in sections.items():
        for score, value in scores.items():
            row = [name, score, _cell(value)]
            if report.baseline is not None:
                row.append(_cell(report.baseline.get(name, {}).get(score)))
            row.append(_cell(report.counts.get(name, m.get("toponyms") if name == "detection" else None)))
            table.add_row(*row)
    lines = [table]
    if "toponyms" in m:
        lines.append(Text(f"{m['toponyms']} gold toponyms"))
    if report.coder_description:
        lines.append(Text(f"event classifier: {report.coder_description}"))
    if report.baseline_description:
        lines.append(Text(f"baseline: {report.baseline_description}"))
    lines.extend(Text(f"note: {note}") for note in report.gold.notes)
    if report.gold.bad_rows:
        lines.append(Text(f"skipped: {report.gold.bad_row_summary()}"))
    if report.failed:
        lines.append(Text(f"{report.failed} texts could not be coded (scored as no event)"))
    return Group(*lines)


def render_table(report: EvalReport, width: int = 120) -> str:
    """The human table as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, file=_NullWriter(), color_system=None)
    console.print(render_report(report))
    return console.export_text()


class _NullWriter:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass


def cli_eval(
    path: Union[str, Path],
    fmt: str,
    limit: Optional[int] = None,
    as_json: bool = False,
    coder: Optional[Coder] = None,
    baseline: Union[BaselineClassifier, str, None] = DEFAULT_BASELINE,
    out=None,
) -> int:
    """What ``eventwire eval`` does: run with a progress bar (table mode), print, return the exit code 0.

    ``--json`` prints exactly the issue-3 score dict; the table adds the baseline, skipped rows and notes.
    Errors (:class:`~eventwire.errors.EventwireError`) propagate for the CLI to print as one line.
    """
    out = out or sys.stdout
    report = run_evaluation(path, fmt, limit, coder, baseline=None if as_json else baseline, progress=not as_json)
    if as_json:
        out.write(json.dumps(report.metrics, indent=2) + "\n")
    else:
        from rich.console import Console

        Console(file=out).print(render_report(report))
    return 0
