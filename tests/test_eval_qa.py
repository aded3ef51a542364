"""``newsbot eval qa`` on a small fixed subset of RealTime QA: the tables' shape and verbatim quotes."""

import json
import re

import pytest

from index.errors import ModelError
from index.eval import qa, realtimeqa
from index.settings import Settings


def test_qa_eval_ranks_gold_articles_for_each_retriever_and_sweeps_the_threshold(shared_eval, tmp_path):
    settings = Settings(data_dir=tmp_path, _env_file=None)
    retrieval, answers, *answerers = qa.run(shared_eval / "qa" / "realtimeqa", settings, limit=3)
    assert [row[0] for row in retrieval.rows] == list(qa.RANKERS)
    assert retrieval.headers == ["ranker", "recall@1", "recall@5", "recall@10", "MRR"]
    assert all(0 <= value <= 1 for row in retrieval.rows for value in row[1:])
    assert [row[1] for row in answers.rows].count("chosen") == 1
    assert len(answers.rows) >= len(qa.THRESHOLDS)
    verbatim = re.search(r"(\d+)/(\d+) \(100\.0%\)", answers.notes[0])
    assert verbatim, answers.notes[0]
    assert [t.title.split(":")[0] for t in answerers] == [
        "Where the answer is, shipped (the reader)",
        "Where the answer is, the sentence answerers (the baseline before the reader)",
    ]
    for where in answerers:
        assert where.rows[-1][0] == "all" and 1 <= where.rows[-1][1] <= 3
        for row in where.rows:
            found = dict(zip(where.headers, row, strict=True))
            assert 0 <= found["in quotes' first 600"] <= found["in quotes"] <= 1
            assert 0 <= found["top 3 passages' first 600"] <= found["in passages read"] <= 1


def test_qa_eval_json_has_the_same_figures(shared_eval, tmp_path, newsbot_command):
    result = newsbot_command.run(
        tmp_path, "eval", "qa", shared_eval / "qa" / "realtimeqa", "--limit", "2", "--json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    retrieval, answers, *where = report["tables"]
    assert [row["ranker"] for row in retrieval["rows"]] == list(qa.RANKERS)
    assert {"answerability", "answered", "answer in quotes", "declined"} <= set(answers["rows"][0])
    assert [table["rows"][-1]["asks"] for table in where] == ["all", "all"]


def test_qa_eval_reads_the_silver_set_and_its_matched_articles(shared_eval, tmp_path):
    settings = Settings(data_dir=tmp_path, _env_file=None)
    retrieval, *_ = qa.run(shared_eval / "qa" / "realtimeqa_silver", settings, limit=3)
    assert "3 questions" in retrieval.title
    assert any(row[3] > 0 for row in retrieval.rows), "no ranker found a matched article among the first ten"


def test_the_silver_halves_thresholds_are_chosen_on_and_reported_on_share_no_question(shared_eval):
    silver = shared_eval / "qa" / "realtimeqa_silver"
    chosen_on, reported = (realtimeqa.read_questions(silver, None, half) for half in ("train", "test"))
    assert len(chosen_on) > 300 and len(reported) > 300
    assert not {q["question_id"] for q in chosen_on} & {q["question_id"] for q in reported}


def test_qa_eval_reads_with_the_reader_the_settings_name(shared_eval, tmp_path):
    settings = Settings(data_dir=tmp_path, reader=tmp_path / "no-reader", _env_file=None)
    with pytest.raises(ModelError, match=r"no reader can be loaded from .*no-reader"):
        qa.run(shared_eval / "qa" / "realtimeqa", settings, limit=1)
