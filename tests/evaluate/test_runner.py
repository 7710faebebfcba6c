"""The eval runner with a small fake coder: output keys, no-event rows, baseline, caching, rendering."""

import io
import json
from datetime import timedelta

import pytest

from eventwire.errors import EmptyInputError, InputError
from eventwire.evaluate.baseline import BaselineClassifier, baseline_for, collect_training_rows
from eventwire.evaluate.metrics import PredictedToponym
from eventwire.evaluate.runner import cli_eval, evaluate, render_table, run_evaluation
from eventwire.model import Article, Document, Event

EVENT_KEYS = {
    "items", "seconds", "event_type", "sub_event_type", "inter1", "inter2", "actor1", "actor2",
    "country", "admin1", "location", "event_date", "fatalities",
}


def fake_coder(article: Article) -> Document:
    """Codes 'clash' texts as an armed clash in Alpha the day before publication; refuses 'refuse'; else nothing."""
    if "refuse" in article.text:
        raise InputError("cannot code this")
    doc = Document(article=article)
    if "clash" in article.text:
        day = (article.published - timedelta(days=1)).isoformat() if article.published else None
        doc.events = [
            Event("Battles", "Armed clash", actor1="Military Forces of Testland", inter1=1, actor2="Rebels",
                  inter2=2, country="Testland", admin1="North", latitude=10.5, longitude=20.25,
                  event_date=day, fatalities=3, confidence=0.8),
            Event("Protests", "Peaceful protest", confidence=0.1),
        ]
    return doc


ACLED = """event_id_cnty,event_date,event_type,sub_event_type,actor1,inter1,actor2,inter2,country,admin1,latitude,longitude,geo_precision,notes,fatalities
T1,2022-05-14,Battles,Armed clash,Military Forces of Testland (2019-),1,Rebels,2,Testland,North,10.5,20.25,1,"Soldiers clash with rebels near Alpha.",3
T2,2022-05-15,Protests,Peaceful protest,Protesters (Testland),6,,0,Testland,South,-1.0,30.0,2,"Teachers marched in Beta.",0
T3,2022-05-16,Battles,Armed clash,Rebels,2,Military Forces of Testland (2019-),1,Testland,North,10.5,20.25,1,"We refuse to say more.",1
"""


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_evaluate_returns_exactly_the_issue_keys(tmp_path):
    scores = evaluate(write(tmp_path, "a.csv", ACLED), "acled", coder=fake_coder)
    assert set(scores) == EVENT_KEYS  # no no_event rows in the gold: the key is omitted
    assert scores["items"] == 3
    assert scores["sub_event_type"]["accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    assert scores["actor1"] == {"accuracy": pytest.approx(1 / 3, abs=1e-3), "lenient": pytest.approx(1 / 3, abs=1e-3)}
    assert scores["location"]["coverage"] == pytest.approx(1 / 3, abs=1e-3)
    assert scores["event_date"]["exact"] == pytest.approx(1 / 3, abs=1e-3)  # published = event date + 1
    assert set(scores["location"]) == {"coverage", "median_km", "acc_5km", "acc_25km", "acc_161km"}


def test_run_evaluation_counts_refused_texts_and_reports_geo_precision_1(tmp_path):
    report = run_evaluation(write(tmp_path, "a.csv", ACLED), "acled", coder=fake_coder, baseline=None)
    assert report.failed == 1
    assert report.counts["location (geo_precision 1)"] == 2
    assert report.extras["location (geo_precision 1)"]["acc_5km"] == 0.5


def test_no_event_rows_reward_coding_nothing(tmp_path):
    lines = "\n".join(
        [
            '{"text": "Troops clash in the hills.", "sub_event_type": "Armed clash"}',
            '{"text": "Floods displaced thousands.", "no_event": true}',
            '{"text": "A clash of opinions at the summit.", "no_event": true}',
        ]
    )
    scores = evaluate(write(tmp_path, "g.jsonl", lines), "jsonl", coder=fake_coder)
    assert set(scores) == {"items", "seconds", "event_type", "sub_event_type", "no_event"}
    assert scores["no_event"] == {"accuracy": 0.5}
    assert scores["sub_event_type"]["weighted_f1"] == 1.0


def test_limit_and_empty_file(tmp_path):
    assert evaluate(write(tmp_path, "a.csv", ACLED), "acled", limit=1, coder=fake_coder)["items"] == 1
    with pytest.raises(EmptyInputError):
        evaluate(write(tmp_path, "e.csv", ""), "acled", coder=fake_coder)


TRAIN_NOTES = [
    ("Soldiers clashed with rebels near the river.", "Armed clash"),
    ("Heavy fighting between the army and militants.", "Armed clash"),
    ("Troops and insurgents exchanged fire at the checkpoint.", "Armed clash"),
    ("Teachers marched peacefully to demand better pay.", "Peaceful protest"),
    ("Students held a peaceful demonstration outside parliament.", "Peaceful protest"),
    ("Residents protested peacefully against water cuts.", "Peaceful protest"),
]


def acled_file(rows) -> str:
    header = "event_date,event_type,sub_event_type,actor1,inter1,actor2,inter2,notes\n"
    body = "".join(f'2022-01-01,{"Battles" if s == "Armed clash" else "Protests"},{s},A,1,,0,"{t}"\n' for t, s in rows)
    return header + body


def test_baseline_is_scored_side_by_side(tmp_path):
    baseline = BaselineClassifier("tiny").fit([t for t, _ in TRAIN_NOTES * 2], [s for _, s in TRAIN_NOTES * 2])
    report = run_evaluation(write(tmp_path, "a.csv", ACLED), "acled", coder=fake_coder, baseline=baseline)
    assert set(report.baseline) == {"event_type", "sub_event_type"}
    assert report.baseline_description == "tiny"
    table = render_table(report)
    assert "baseline" in table and "sub_event_type" in table and "weighted_f1" in table


def test_baseline_leaves_the_evaluated_file_and_its_texts_out_and_is_cached(tmp_path):
    data = tmp_path / "acled"
    data.mkdir()
    evaluated = write(data, "eval.csv", acled_file(TRAIN_NOTES[:2]))
    write(data, "other.csv", acled_file(TRAIN_NOTES * 2))
    write(data, "old.csv", "EVENT_DATE,EVENT_TYPE,INTER1,NOTES\n01-May-2015,Riots/Protests,6,Old note.\n")
    rows = collect_training_rows(data, evaluated, [TRAIN_NOTES[0][0]])
    assert rows.files == ["other.csv"] and rows.excluded_files == ["eval.csv"]
    assert rows.dropped_duplicates == 2 and TRAIN_NOTES[0][0] not in rows.texts
    cache = tmp_path / "cache"
    first = baseline_for(evaluated, [TRAIN_NOTES[0][0]], data_dir=data, cache=cache)
    assert first is not None and "left out: eval.csv" in first.description
    assert len(list(cache.glob("baseline-*.pkl"))) == 1
    second = baseline_for(evaluated, [TRAIN_NOTES[0][0]], data_dir=data, cache=cache)
    assert second.description == first.description
    assert second.predict(["Troops and insurgents exchanged fire."]) == ["Armed clash"]


def test_cli_eval_json_prints_the_score_dict(tmp_path):
    out = io.StringIO()
    assert cli_eval(write(tmp_path, "a.csv", ACLED), "acled", as_json=True, coder=fake_coder, out=out) == 0
    assert set(json.loads(out.getvalue())) == EVENT_KEYS


def test_cli_eval_table_lists_bad_rows(tmp_path):
    out = io.StringIO()
    bad = ACLED + "T4,yesterday,Battles,Armed clash,A,1,B,2,T,N,1,1,1,x,0\n"
    cli_eval(write(tmp_path, "a.csv", bad), "acled", coder=fake_coder, baseline=None, out=out)
    text = out.getvalue()
    assert "1 rows skipped: row 4: unreadable date 'yesterday'" in text
    assert "actor1" in text and "lenient" in text


def test_toponym_eval_with_injected_geoparser(tmp_path):
    lines = (
        '{"text": "Floods hit Lagos and Ibadan.", "toponyms": [{"start": 11, "end": 16, "name": "Lagos", '
        '"lat": 6.45, "lon": 3.39, "geonameid": 1}, {"start": 21, "end": 27, "name": "Ibadan", "lat": 7.38, "lon": 3.9}]}\n'
    )

    def geoparser(text):
        return [PredictedToponym(text.index("Lagos"), text.index("Lagos") + 5, 6.45, 3.39, 1)]

    scores = evaluate(write(tmp_path, "t.jsonl", lines), "jsonl", toponym_coder=geoparser)
    assert set(scores) == {"items", "seconds", "toponyms", "detection", "resolution"}
    assert scores["detection"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}
    assert scores["resolution"]["exact_geonameid"] == 1.0 and scores["resolution"]["median_km"] == 0.0


def test_the_table_says_which_event_classifier_coded(tmp_path):
    from eventwire.evaluate.runner import describe_classifier

    class FakeEncoder:
        meta = {"epochs": 5}

    class FakePipeline:
        def __init__(self, encoder):
            self.classifier = type("Classifier", (), {"encoder": encoder})()

        def __call__(self, article):
            return fake_coder(article)

    assert describe_classifier(fake_coder) == ""
    assert "cascade alone" in describe_classifier(FakePipeline(None))
    report = run_evaluation(write(tmp_path, "a.csv", ACLED), "acled", coder=FakePipeline(FakeEncoder()), baseline=None)
    assert "event classifier: the linear cascade with the sentence encoder (5-epoch" in render_table(report)
