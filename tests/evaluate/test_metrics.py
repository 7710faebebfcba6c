"""Metrics, checked against hand-computed values."""

from datetime import date

import pytest

from eventwire.evaluate.metrics import (
    PredictedToponym,
    actors_match,
    auc_log_error,
    event_metrics,
    f1_scores,
    great_circle_km,
    normalise_actor,
    toponym_metrics,
)
from eventwire.evaluate.readers import GoldEvent, GoldToponym, GoldToponymDoc
from eventwire.model import Event


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Military Forces of Somalia (2022-)", "military forces of somalia"),
        ("Military Forces of Iraq (2014-2018) Special Forces", "military forces of iraq special forces"),
        ("Civilians (Iraq)", "civilians (iraq)"),
        ("  Al   Shabaab ", "al shabaab"),
        (None, ""),
    ],
)
def test_normalise_actor_drops_only_parentheses_with_digits(name, expected):
    assert normalise_actor(name) == expected


def test_actor_matching_strict_lenient_and_empty():
    assert actors_match("Military Forces of Somalia (2022-)", "military forces of somalia")
    assert not actors_match("Police Forces of Ghana", "Police Forces of Ghana (Prison Guards)")
    assert actors_match("Police Forces of Ghana", "Police Forces of Ghana (Prison Guards)", lenient=True)
    assert actors_match("Islamic State", "Islamic", lenient=True)
    assert not actors_match("Islamic State", "Al Shabaab", lenient=True)
    assert actors_match("", None)  # empty gold actor2 matches an empty prediction
    assert not actors_match("", "Civilians (Iraq)", lenient=True)
    assert not actors_match("Civilians (Iraq)", None, lenient=True)


def test_f1_macro_and_weighted_by_hand():
    gold = ["A", "A", "A", "B"]
    predicted = ["A", "A", "B", None]
    # A: P 2/2, R 2/3 -> F1 0.8 ; B: P 0/1, R 0 -> 0.   macro 0.4, weighted (0.8*3 + 0)/4 = 0.6
    assert f1_scores(gold, predicted) == (0.4, 0.6)


def test_f1_ignores_classes_absent_from_gold():
    # C is predicted but not in the gold: it lowers A's recall only, it is not averaged in.
    assert f1_scores(["A", "A"], ["A", "C"]) == (pytest.approx(0.6667), pytest.approx(0.6667))


def test_great_circle_distance():
    assert great_circle_km(0, 0, 1, 0) == pytest.approx(111.195, abs=0.01)
    assert great_circle_km(10, 10, 10, 10) == 0
    assert great_circle_km(0, 0, 0, 180) == pytest.approx(20015.1, abs=1)


def test_auc_of_log_error_curve():
    assert auc_log_error([0, 0, 0]) == 0
    assert auc_log_error([20038]) == pytest.approx(1.0, abs=1e-4)
    # sorted ln(1+e): [0, ln 100] -> trapezoid area ln(100)/2, over ln(20039) * (2 - 1)
    assert auc_log_error([99, 0]) == pytest.approx(0.5 * 4.60517 / 9.90544, abs=1e-4)


def gold_event(**values) -> GoldEvent:
    fields = frozenset(k for k in values if k not in ("text", "latitude", "longitude", "geo_precision")) | (
        {"location"} if "latitude" in values else set()
    )
    return GoldEvent(id="x", text=values.pop("text", "t"), fields=fields, **values)


def test_event_metrics_by_hand():
    golds = [
        gold_event(event_type="Battles", sub_event_type="Armed clash", actor1="Military Forces of X (2019-)",
                   actor2="", inter1=1, inter2=0, country="Xland", latitude=0.0, longitude=0.0,
                   event_date=date(2022, 5, 1), fatalities=3),
        gold_event(event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Xland)",
                   actor2="", inter1=6, inter2=0, country="Xland", latitude=0.0, longitude=0.0,
                   event_date=date(2022, 5, 2), fatalities=0),
        gold_event(event_type="Battles", sub_event_type="Armed clash", actor1="Rebels", actor2="Army",
                   inter1=2, inter2=1, country="Xland", latitude=0.0, longitude=0.0,
                   event_date=date(2022, 5, 3), fatalities=5),
        GoldEvent(id="n", text="A storm.", no_event=True, fields=frozenset({"no_event"})),
        GoldEvent(id="n2", text="A summit.", no_event=True, fields=frozenset({"no_event"})),
    ]
    predictions = [
        Event("Battles", "Armed clash", actor1="military forces of x", inter1=1, country="xland",
              latitude=0.1, longitude=0.0, event_date="2022-05-01", fatalities=3, confidence=0.9),
        Event("Battles", "Armed clash", actor1="Protesters", inter1=6, country="Xland",
              latitude=0.0, longitude=1.0, event_date="2022-05-03", fatalities=0),
        None,  # nothing found: wrong on every field
        None,  # correct: no event
        Event("Protests", "Peaceful protest"),  # a false event
    ]
    m = event_metrics(golds, predictions)
    # Battles: TP 1, predicted 2, support 2 -> F1 0.5; Protests: never predicted -> F1 0.
    assert m["event_type"] == {"accuracy": 0.3333, "macro_f1": 0.25}
    assert m["sub_event_type"] == {"accuracy": 0.3333, "macro_f1": 0.25, "weighted_f1": 0.3333}
    assert m["inter1"] == {"accuracy": 0.6667}
    assert m["inter2"] == {"accuracy": 0.6667}  # empty gold inter2 matches no prediction (None) twice
    assert m["actor1"] == {"accuracy": 0.3333, "lenient": 0.6667}
    assert m["actor2"] == {"accuracy": 0.6667, "lenient": 0.6667}
    assert m["country"] == {"accuracy": 0.6667}
    loc = m["location"]
    assert loc["coverage"] == 0.6667 and loc["acc_25km"] == 0.3333 and loc["acc_161km"] == 0.6667
    assert loc["median_km"] == pytest.approx((11.1195 + 111.195) / 2, abs=0.01)
    assert m["event_date"] == {"exact": 0.3333, "within_1_day": 0.6667}
    assert m["fatalities"] == {"exact": 0.6667, "mae": pytest.approx(5 / 3, abs=1e-4)}
    assert m["no_event"] == {"accuracy": 0.5}
    assert "admin1" not in m  # absent from the gold: omitted


def test_event_metrics_omit_fields_the_gold_lacks():
    golds = [gold_event(sub_event_type="Attack", event_type="Violence against civilians")]
    m = event_metrics(golds, [Event("Violence against civilians", "Attack")])
    assert set(m) == {"event_type", "sub_event_type"}
    assert m["sub_event_type"] == {"accuracy": 1.0, "macro_f1": 1.0, "weighted_f1": 1.0}


def test_toponym_metrics_by_hand():
    doc = GoldToponymDoc(
        id="1",
        text="x" * 100,
        toponyms=[
            GoldToponym(0, 5, "Alpha", 0.0, 0.0, 1),
            GoldToponym(10, 15, "Beta", 0.0, 0.0, 2),
            GoldToponym(20, 25, "Gamma"),  # unresolved: detection only
            GoldToponym(30, 35, "Delta", 0.0, 0.0, 4),  # missed
        ],
        ignored=[(50, 55)],
    )
    predicted = [
        PredictedToponym(0, 5, 0.0, 0.0, 1),  # exact
        PredictedToponym(12, 18, 0.0, 2.0, 99),  # overlaps Beta, ~222 km off
        PredictedToponym(20, 25),  # Gamma, no coordinates
        PredictedToponym(40, 45, 0.0, 0.0),  # false detection
        PredictedToponym(50, 55, 0.0, 0.0),  # an ignored annotation (a demonym): not counted
    ]
    m = toponym_metrics([doc], [predicted])
    assert m["items"] == 1 and m["toponyms"] == 4
    assert m["detection"] == {"precision": 0.75, "recall": 0.75, "f1": 0.75}
    res = m["resolution"]
    assert res["exact_geonameid"] == 0.5 and res["acc_161km"] == 0.5
    assert res["median_km"] == pytest.approx(222.39 / 2, abs=0.05)
    assert 0 < res["auc"] < 0.5
