"""Measure eventwire against human coders: gold readers, field-by-field metrics, the eval runner.

>>> from eventwire.evaluate import evaluate
>>> scores = evaluate("gold.jsonl", "jsonl", limit=500)      # quiet; returns the score dict
"""

from __future__ import annotations

from .baseline import BaselineClassifier, baseline_for
from .metrics import PredictedToponym, actors_match, event_metrics, normalise_actor, toponym_metrics
from .readers import FORMATS, BadRow, GoldEvent, GoldSet, GoldToponym, GoldToponymDoc, read_gold
from .runner import EvalReport, cli_eval, evaluate, render_report, render_table, run_evaluation

__all__ = [
    "BadRow",
    "BaselineClassifier",
    "EvalReport",
    "FORMATS",
    "GoldEvent",
    "GoldSet",
    "GoldToponym",
    "GoldToponymDoc",
    "PredictedToponym",
    "actors_match",
    "baseline_for",
    "cli_eval",
    "evaluate",
    "event_metrics",
    "normalise_actor",
    "read_gold",
    "render_report",
    "render_table",
    "run_evaluation",
    "toponym_metrics",
]
