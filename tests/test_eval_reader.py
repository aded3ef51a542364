"""``newsbot eval reader``: SQuAD's own scoring of the shipped reader, on dev files of our own making."""

import gzip
import json

import pytest

from index.errors import ModelError
from index.eval.reader import squad
from index.settings import Settings

CONTEXT = (
    "The ferry to Kestrel Island leaves the harbour at seven each morning. The crossing takes forty "
    "minutes, and the school on the island is run by the teacher Maren Holt."
)


def _dev(path, questions):
    data = {"data": [{"title": "Kestrel", "paragraphs": [{"context": CONTEXT, "qas": questions}]}]}
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)
    return path


def _qa(n, question, *answers):
    return {"id": str(n), "question": question, "answers": [{"text": a, "answer_start": 0} for a in answers]}


@pytest.mark.parametrize(
    ("said", "answers", "em", "f1"),
    [
        ("the teacher Maren Holt", ["Maren Holt"], 0.0, 0.8),
        ("Maren Holt.", ["Maren Holt", "Holt"], 1.0, 1.0),
        ("an island", ["the island"], 1.0, 1.0),
        ("ferry", ["Maren Holt"], 0.0, 0.0),
    ],
)
def test_answers_are_scored_as_squads_own_script_scores_them(said, answers, em, f1):
    assert squad.exact(said, answers) == em
    assert squad.f1(said, answers) == pytest.approx(f1)


def test_a_v1_dev_file_gets_exact_match_and_f1_of_the_best_span(tmp_path):
    path = _dev(
        tmp_path / "dev-v1.1.json.gz",
        [_qa(1, "Who runs the school on the island?", "Maren Holt", "the teacher Maren Holt")],
    )
    [table] = squad.run(path, Settings(data_dir=tmp_path, _env_file=None))
    assert table.headers == ["questions", "exact match", "F1"]
    [[questions, em, f1]] = table.rows
    assert questions == 1 and 0 <= em <= f1 <= 100


def test_a_v2_dev_file_counts_declines_of_the_questions_without_an_answer(tmp_path):
    path = _dev(
        tmp_path / "dev-v2.0.json.gz",
        [_qa(1, "How long does the crossing take?", "forty minutes"), _qa(2, "How much does a ticket cost?")],
    )
    [table] = squad.run(path, Settings(data_dir=tmp_path, _env_file=None))
    row = dict(zip(table.headers, table.rows[0], strict=True))
    assert row["has answer"] == 1 and row["no answer"] == 1
    assert row["no-answer declined %"] in (0.0, 100.0)


def test_the_reader_scored_is_the_one_the_settings_name(tmp_path):
    path = _dev(tmp_path / "dev-v1.1.json.gz", [_qa(1, "Who runs the school?", "Maren Holt")])
    named = Settings(data_dir=tmp_path, reader=tmp_path / "elsewhere", _env_file=None)
    with pytest.raises(ModelError, match=r"no reader can be loaded from .*elsewhere"):
        squad.run(path, named)
