"""The sentence answerers the reader replaced, kept as the baseline it is measured against: what
the learned answerer reads of questions and sentences, its scorers, its answers (verbatim, cited,
marks inside their quotes), and the titles the similarity answerer marks."""

import json

import numpy as np
import pytest

from index.answer import features
from index.answer.questions import kind
from index.answer.scorer import Scorer, load
from index.answer.spans import answer_spans
from index.eval.baseline import compose_learned
from index.eval.baseline.marks import NAMES as MARK_NAMES
from index.eval.baseline.titles import asks_for_title, titles


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who won the Golden Boot?", "who"),
        ("Police arrested 31 men this week. Where was the event?", "where"),
        ("How many pipes does the organ have?", "quantity"),
        ("In what year did the cathedral burn?", "when"),
        ("Which company made the drum kits?", "which"),
        ("What did the leaders wear?", "what"),
        ("Name the referee of the final.", "other"),
    ],
)
def test_the_kind_of_answer_is_read_from_the_sentence_that_asks(question, asks):
    assert kind(question) == asks


def _spans(sentence: str, question: str) -> list[tuple[str, str]]:
    words = {w.strip("?.,").casefold() for w in question.split()}
    return [(sentence[s.start : s.end], s.kind) for s in answer_spans(sentence, words)]


def test_answer_spans_are_the_names_figures_dates_and_titles_the_question_lacks():
    sentence = "BTS played “Dynamite” for the leaders of the Republic of Korea in Nara on 13 January."
    assert _spans(sentence, "Which songs did they play in Nara?") == [
        ("Dynamite", "title"),
        ("Republic of Korea", "name"),
        ("13 January", "date"),
    ]
    assert ("Nara", "name") not in _spans(sentence, "Which songs did they play in Nara?")
    assert _spans("I think the restoration cost 700 million euros.", "How much did it cost?") == [
        ("700 million euros", "number")
    ]


def test_a_scorer_saved_and_loaded_gives_the_same_probabilities(tmp_path):
    scorer = Scorer(["a", "b"], [0.5, 1.0], [2.0, 1.0], [1.5, -0.5], 0.25)
    scorer.save(tmp_path / "s.json")
    again = Scorer(**json.loads((tmp_path / "s.json").read_text()))
    rows = np.array([[0.0, 0.0], [3.0, 2.0]], dtype=np.float32)
    assert np.allclose(scorer.probability(rows), again.probability(rows))
    assert scorer.probability(rows)[1] > scorer.probability(rows)[0]


@pytest.mark.parametrize(
    ("name", "names"),
    [("sentences", features.NAMES), ("answerable", features.QUESTION_NAMES), ("marks", MARK_NAMES)],
)
def test_the_shipped_weights_read_the_features_the_code_computes(name, names):
    assert load(name).features == names


def test_learned_answers_quote_verbatim_and_mark_words_inside_their_quotes(sample_engine):
    for question in ("How tall is the new spire?", "Who won the 2022 World Cup final?"):
        reading, hits = sample_engine.retrieve(question)
        evidence = sample_engine.evidence(hits, reading.text)
        answer = compose_learned(question, reading.query, evidence)
        assert answer.answered
        passages = {p.id: p for p in evidence.passages}
        for quote in answer.quotes:
            assert passages[quote.passage_id].text[quote.start : quote.end] == quote.text
            assert all(0 <= start < end <= len(quote.text) for start, end in quote.marks)


def test_the_learned_answerer_declines_a_year_no_passage_mentions(sample_engine):
    question = "Who won the World Cup final in 2018?"
    reading, hits = sample_engine.retrieve(question)
    assert not compose_learned(question, reading.query, sample_engine.evidence(hits, reading.text)).answered


def test_a_lower_case_quoted_phrase_is_no_title_and_the_punctuation_inside_quotes_is_left_out():
    sentence = "The display, dubbed “drumstick diplomacy”, included “Dynamite” and “Golden,” on drums."
    assert [sentence[a:b] for a, b in titles(sentence, {"which", "songs", "did", "they", "play"})] == [
        "Dynamite",
        "Golden",
    ]
    assert asks_for_title("Which songs did they play?") and not asks_for_title("Who played the drums?")
