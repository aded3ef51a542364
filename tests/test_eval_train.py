"""``newsbot eval train`` learns only from the silver set's training half, and writes scorers the
answerer can read; ``newsbot eval qa`` reports the other half."""

import json

from index.answer import features
from index.eval import realtimeqa
from index.eval.baseline.marks import NAMES as MARK_NAMES
from index.eval.common import read_jsonl


def test_the_silver_set_splits_in_two_halves_and_never_holds_a_gold_question(shared_eval):
    silver = read_jsonl(shared_eval / "qa" / "realtimeqa_silver" / "questions.jsonl")
    gold = {q["question"] for q in read_jsonl(shared_eval / "qa" / "realtimeqa" / "questions.dev.jsonl")}
    halves = {"train": [], "test": [], None: []}
    for question in silver:
        halves[realtimeqa.half(question)].append(question)
    assert all(q["question"] in gold for q in halves[None])
    assert not any(q["question"] in gold for q in halves["train"] + halves["test"])
    assert 0.4 < len(halves["train"]) / (len(halves["train"]) + len(halves["test"])) < 0.6
    reported = realtimeqa.read_questions(shared_eval / "qa" / "realtimeqa_silver", None, "test")
    assert [q["question_id"] for q in reported] == [q["question_id"] for q in halves["test"]]


def test_training_learns_from_the_training_half_but_for_the_third_thresholds_are_chosen_on(shared_eval):
    silver = shared_eval / "qa" / "realtimeqa_silver"
    training = realtimeqa.read_questions(silver, None, "train")
    learned = {q["question_id"] for q in realtimeqa.learned_from(silver)}
    kept = {q["question_id"] for q in training if realtimeqa.calibration(q)}
    assert learned and kept and not learned & kept
    assert learned | kept == {q["question_id"] for q in training}
    assert 0.25 < len(kept) / len(training) < 0.42


def test_gold_questions_are_read_whole_for_reporting(shared_eval):
    questions = realtimeqa.read_questions(shared_eval / "qa" / "realtimeqa", None, "test")
    assert len(questions) == len(read_jsonl(shared_eval / "qa" / "realtimeqa" / "questions.dev.jsonl"))


def test_training_writes_the_three_scorers_over_the_features_the_answerer_computes(
    shared_eval, tmp_path, newsbot_command
):
    out = tmp_path / "weights"
    result = newsbot_command.run(
        tmp_path, "eval", "train", shared_eval / "qa" / "realtimeqa_silver", "--limit", "12", "--out", out
    )
    assert result.returncode == 0, result.stderr
    assert "top sentence holds the answer" in result.stdout and "## Answerability" in result.stdout
    for name, names in (
        ("sentences", features.NAMES),
        ("answerable", features.QUESTION_NAMES),
        ("marks", MARK_NAMES),
    ):
        written = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        assert written["features"] == names
        assert len(written["weights"]) == len(names) == len(written["mean"]) == len(written["scale"])
