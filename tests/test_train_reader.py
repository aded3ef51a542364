"""Training the reader: a few steps on a tiny SQuAD-format file of our own, stopped and resumed,
then exported to int8 ONNX that gives the trained model's answers."""

import gzip
import json
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch

from index.answer.reader import Reader
from index.answer.reader.windows import batch, windows
from index.errors import SourceError
from index.eval import realtimeqa
from index.eval.reader.checkpoints import latest_checkpoint
from index.eval.reader.data import Example, near_miss, silver_examples, squad_examples
from index.eval.reader.export import export
from index.eval.reader.shared import grouped, packed, shared_loss
from index.eval.reader.train import Plan, shipped_plan, train

PARAGRAPHS = [
    (
        "The ferry to Kestrel Island leaves the harbour at seven each morning. The crossing takes "
        "forty minutes, and the ferry carries up to 120 passengers.",
        [
            ("When does the ferry leave?", "at seven each morning"),
            ("How long is the crossing?", "forty minutes"),
        ],
    ),
    (
        "Kestrel Island has one school, run by the teacher Maren Holt since 2011. Its library was "
        "built with money from the fishing cooperative.",
        [("Who runs the school?", "Maren Holt"), ("Who paid for the library?", "the fishing cooperative")],
    ),
]


def squad_file(folder: Path, articles: list[tuple[str, list]]) -> Path:
    """A SQuAD training file in the official format: (title, [(paragraph, [(question, answer)])])."""
    data = {
        "data": [
            {
                "title": title,
                "paragraphs": [
                    {
                        "context": context,
                        "qas": [
                            {
                                "id": f"{title}{n}{m}",
                                "question": q,
                                "answers": [{"text": a, "answer_start": context.index(a)}],
                            }
                            for m, (q, a) in enumerate(qas)
                        ],
                    }
                    for n, (context, qas) in enumerate(paragraphs)
                ],
            }
            for title, paragraphs in articles
        ]
    }
    path = folder / "train-v1.1.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(data, handle)
    return path


@pytest.fixture
def tiny_squad(tmp_path):
    return squad_file(tmp_path, [("Kestrel Island", PARAGRAPHS)])


def _plan(squad) -> Plan:
    """The shipped plan over the tiny file: every question, each with a near miss, two a batch."""
    return replace(shipped_plan(squad, None), squad_questions=None, negative_share=1.0, batch_size=2)


def test_every_question_is_asked_of_its_paragraph_and_of_a_near_miss_that_lacks_its_answer(tiny_squad):
    examples = squad_examples(tiny_squad, None, 1.0, seed=1)
    answered = [e for e in examples if e.answer]
    assert len(answered) == 4 and len(examples) == 8
    for example in answered:
        start, end = example.answer
        assert example.context[start:end] in {a for _, qas in PARAGRAPHS for _, a in qas}
    for example in (e for e in examples if e.answer is None):
        asked = next(a for _, qas in PARAGRAPHS for q, a in qas if q == example.question)
        assert asked not in example.context
    assert near_miss("Who runs the school?", [PARAGRAPHS[1][0]], {"Maren Holt"}) is None


def test_a_question_is_also_asked_of_another_articles_best_paragraph_that_lacks_its_answer(tmp_path):
    articles = [
        ("Kestrel Island", PARAGRAPHS),
        ("Harbour towns", [("The harbour of Brennport has a ferry, and its school has a library.", [])]),
    ]
    path = squad_file(tmp_path, articles)
    other = articles[1][1][0][0]
    assert [e for e in squad_examples(path, None, 0.0, seed=1) if e.answer is None] == []
    negatives = [e for e in squad_examples(path, None, 0.0, seed=1, retrieved_share=1.0) if e.answer is None]
    # each question sharing a word with Brennport's paragraph (ferry, school, library) is asked of it
    assert {e.question for e in negatives} == {
        "When does the ferry leave?",
        "Who runs the school?",
        "Who paid for the library?",
    }
    assert {e.context for e in negatives} == {other}


def _silver_id(calibration: bool, taken: set[str]) -> str:
    """A question id of the silver training half, kept for calibration or not."""
    for n in range(1000):
        record = {"question_id": f"q{n}", "silver_positive_article_ids": []}
        if (
            n not in taken
            and realtimeqa.half(record) == "train"
            and realtimeqa.calibration(record) == calibration
        ):
            taken.add(n)
            return record["question_id"]
    raise AssertionError("no such id")


@pytest.fixture
def tiny_silver(tmp_path):
    """Four reports of a harbour town's week and two questions of the silver training half."""
    articles = [
        (
            "a-answer",
            "2025-03-03",
            "The harbour council met on Monday.\n\nThe new pier will be named after Ada Quint.",
        ),
        ("a-week", "2025-03-02", "Fishermen argued about the new pier all week.\n\nThe pier opens in May."),
        ("a-later", "2025-03-09", "A week after the vote the new pier was named, to applause."),
        ("a-old", "2025-01-02", "The old pier was closed after the winter storms."),
    ]
    questions = [
        ("Who will the new pier be named after?", "Ada Quint", False),
        ("Who will the new bridge be named after?", "Ben Orr", True),
    ]
    folder = tmp_path / "silver"
    folder.mkdir()
    rows = [{"article_id": k, "publish_date": d, "text": t, "title": k} for k, d, t in articles]
    (folder / "articles.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    taken: set[str] = set()
    rows = [
        {
            "question_id": _silver_id(calibration, taken),
            "question_date": "2025/03/04",
            "question": q,
            "answer": [a],
            "silver_positive_article_ids": ["a-answer"],
        }
        for q, a, calibration in questions
    ]
    (folder / "questions.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder


def test_silver_questions_are_asked_of_their_answer_and_of_other_reports_of_the_fortnight(tiny_silver):
    examples = silver_examples(tiny_silver, news_negatives=8)
    assert {e.question for e in examples} == {"Who will the new pier be named after?"}
    answered = [e.context[slice(*e.answer)] for e in examples if e.answer]
    assert answered == ["Ada Quint"]
    unanswered = {e.context for e in examples if e.answer is None}
    # the near miss of the answering report, and the best paragraph of the week's other report;
    # never a report published after the question was asked, nor one from before the fortnight
    assert unanswered == {
        "The harbour council met on Monday.",
        "Fishermen argued about the new pier all week.",
    }
    assert len(silver_examples(tiny_silver)) == 2


def test_a_run_stopped_and_resumed_ends_where_one_sitting_ends(tiny_squad, tmp_path):
    plan = _plan(tiny_squad)
    straight, done = train(plan, tmp_path / "straight")
    assert done and straight.step == straight.steps >= 3
    first, done = train(plan, tmp_path / "resumed", until=1)
    assert not done and first.step == 1
    resumed, done = train(plan, tmp_path / "resumed")
    assert done and resumed.step == straight.step and resumed.seconds >= first.seconds
    a = torch.load(straight.path, weights_only=False)["model"]
    b = torch.load(resumed.path, weights_only=False)["model"]
    assert all(torch.allclose(a[k], b[k], atol=1e-6) for k in a)
    logged = [json.loads(line) for line in (tmp_path / "resumed" / "log.jsonl").read_text().splitlines()]
    assert [entry["step"] for entry in logged] == [1, straight.step]


def test_a_run_folder_of_another_plan_is_refused(tiny_squad, tmp_path):
    train(_plan(tiny_squad), tmp_path / "run", until=1)
    other = replace(_plan(tiny_squad), seed=99)
    with pytest.raises(SourceError, match="another plan"):
        train(other, tmp_path / "run")


def test_the_int8_export_answers_as_the_trained_model_does(tiny_squad, tmp_path):
    from transformers import AutoModelForQuestionAnswering

    plan = _plan(tiny_squad)
    checkpoint, _ = train(plan, tmp_path / "run")
    manifest = export(checkpoint.path, tmp_path / "run", tmp_path / "shipped")
    assert manifest["steps"] == checkpoint.step and (tmp_path / "shipped" / manifest["model"]).exists()
    reader = Reader(tmp_path / "shipped")
    model = AutoModelForQuestionAnswering.from_pretrained(plan.model)
    model.load_state_dict(torch.load(latest_checkpoint(tmp_path / "run"), weights_only=False)["model"])
    model.eval()
    for context, qas in PARAGRAPHS:
        for question, _ in qas:
            [window] = windows(reader.tokenizer, question, [context])
            inputs = batch([window])
            starts, ends = reader.logits(window)
            with torch.no_grad():
                out = model(**{k: torch.from_numpy(v) for k, v in inputs.items()})
            for int8, full in ((starts, out.start_logits), (ends, out.end_logits)):
                # int8 weights move the logits a little, never their shape
                assert np.corrcoef(int8.ravel(), full.numpy().ravel())[0, 1] > 0.95


def test_the_command_trains_a_reader_and_writes_it_where_asked(tiny_squad, tmp_path, newsbot_command):
    run, out = tmp_path / "run", tmp_path / "reader"
    args = ("eval", "train-reader", tiny_squad.parent, "--limit", "4", "--run", run, "--out", out)
    result = newsbot_command.run(tmp_path / "data", *args)
    assert result.returncode == 0, result.stderr
    assert "Training the reader" in result.stdout and str(out / "reader-int8.onnx") in result.stdout
    manifest = json.loads((out / "reader.json").read_text(encoding="utf-8"))
    assert manifest["plan"]["squad_questions"] == 4 and manifest["plan"]["silver"] is None
    assert f"{manifest['steps']} of {manifest['steps']}" in result.stdout
    assert Reader(out).read("Who runs the school?", [PARAGRAPHS[1][0]]) is not None


def test_the_command_refuses_a_folder_without_squads_training_file(tmp_path, newsbot_command):
    result = newsbot_command.run(tmp_path / "data", "eval", "train-reader", tmp_path)
    assert result.returncode == 1
    assert "no SQuAD v1.1 training file there" in result.stderr and "Traceback" not in result.stderr


# a question's windows read together (shared normalisation) ----------------------------------------
def test_each_questions_examples_are_grouped_and_a_share_lose_their_answer():
    asked = [
        Example("Who runs the school?", "Maren Holt runs it.", (0, 10)),
        Example("Who runs the school?", "The ferry leaves at seven.", None),
        Example("When does the ferry leave?", "The ferry leaves at seven.", (17, 25)),
    ]
    kept = grouped(asked, 0.0, random.Random(1))
    assert [[e.context for e in g] for g in kept] == [
        ["Maren Holt runs it.", "The ferry leaves at seven."],
        ["The ferry leaves at seven."],
    ]
    unanswered = grouped(asked, 1.0, random.Random(1))
    # a group with no other paragraph keeps its answer: there would be nothing left to read
    assert [[e.answer for e in g] for g in unanswered] == [[None], [(17, 25)]]


def test_batches_hold_whole_groups_within_the_batch_size():
    sizes = [3, 1, 2, 5, 2, 1]
    found = packed(sizes, [10, 20, 30, 40, 50, 60], 4, random.Random(3))
    assert sorted(g for b in found for g in b) == list(range(len(sizes)))
    assert all(sum(sizes[g] for g in b) <= 4 or len(b) == 1 for b in found)


def test_the_shared_loss_is_small_when_the_answer_outscores_every_windows_tokens_and_cls():
    valid = torch.ones((2, 6), dtype=torch.bool)
    targets = torch.tensor([[2, 3], [0, 0]])  # the first window holds the answer, the second none
    right = torch.zeros((2, 6))
    right[0, 2] = 20.0
    ends = torch.zeros((2, 6))
    ends[0, 3] = 20.0
    assert shared_loss(right, ends, valid, targets, [0, 0]) < 1e-3
    wrong = torch.zeros((2, 6))
    wrong[1, 4] = 20.0  # the other window's token outscores the answer: a loss however sure it is alone
    assert shared_loss(wrong, ends, valid, targets, [0, 0]) > 5
    unanswered = torch.zeros((2, 6))
    unanswered[:, 0] = 20.0  # no window holds it, and both point at [CLS]
    cls_ends = unanswered.clone()
    none = torch.tensor([[0, 0], [0, 0]])
    assert shared_loss(unanswered, cls_ends, valid, none, [0, 0]) < 1e-3


def test_a_reader_trained_on_shared_windows_is_read_with_them_normalised_together(tiny_squad, tmp_path):
    plan = replace(
        shipped_plan(tiny_squad, None, None, shared=True), batch_size=4, epochs=12, learning_rate=5e-4
    )
    checkpoint, done = train(plan, tmp_path / "run")
    assert done and checkpoint.step == checkpoint.steps >= 1
    manifest = export(checkpoint.path, tmp_path / "run", tmp_path / "shipped")
    assert manifest["normalised"] == "question" and manifest["plan"]["shared"]
    reader, school = Reader(tmp_path / "shipped"), PARAGRAPHS[1][0]
    alone = reader.read("Who runs the school?", [school])
    beside = reader.read("Who runs the school?", [school, PARAGRAPHS[0][0]])
    # read beside another passage, the school passage's spans share one softmax with its spans
    assert max((f.probability for f in beside if f.passage == 0), default=0.0) < alone[0].probability
