"""Answers are verbatim quotes from the indexed news, cited, or a plain decline."""

from pathlib import Path

import pytest

from index.answer import DECLINED, Sources
from index.errors import QuestionError
from index.store import ArticleRow, PassageRow


def _file_text(answer, n: int) -> str:
    source = next(s for s in answer.sources if s.n == n)
    return Path(source.path).read_text(encoding="utf-8")


def _assert_verbatim(answer) -> None:
    for quote in answer.quotes:
        for n in (quote.source, *quote.also_in):
            assert quote.text in _file_text(answer, n)


def test_gift_question_quotes_every_gift_named(shared_engine):
    answer = shared_engine.ask("What gifts were exchanged?")
    quoted = " ".join(q.text for q in answer.quotes)
    assert answer.answered
    for gift in (
        "engraved with his name",
        "lacquer‑embellished drumsticks",
        "drum kit",
        "tableware set",
        "Galaxy Watch",
    ):
        assert gift in quoted, gift
    _assert_verbatim(answer)


def test_citations_carry_outlet_title_date_and_file(shared_engine):
    answer = shared_engine.ask("What colour were the matching jackets the leaders wore?")
    assert answer.answered
    post = next(s for s in answer.sources if s.outlet == "The Unbiased Post")
    assert post.title.startswith("K-pop Diplomacy")
    assert post.published == "2026-01-14"
    assert post.path.endswith("unbiased-post-kpop-diplomacy.txt")
    assert [s.n for s in answer.sources] == list(range(1, len(answer.sources) + 1))


def test_question_absent_from_the_news_is_declined(shared_engine):
    answer = shared_engine.ask("Who won the World Cup final?")
    assert not answer.answered
    assert answer.quotes == [] and answer.sources == []
    assert answer.message == DECLINED


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "Who won the Nobel Prize in literature?",
        "What did the Pope say at Easter?",
    ],
)
def test_unrelated_questions_are_declined(news_engine, question):
    assert not news_engine.ask(question).answered


def test_two_outlets_on_one_event_are_both_cited(sample_engine):
    answer = sample_engine.ask("When did Notre-Dame reopen and when was the first Mass held?")
    outlets = {s.outlet for s in answer.sources}
    assert {"The Harbour Ledger", "Northwind Daily"} <= outlets
    _assert_verbatim(answer)


def test_ascii_hyphen_in_question_matches_non_breaking_hyphen_in_text(shared_engine):
    answer = shared_engine.ask("What did Lee Jae-myung say about keeping up with the beats?")
    assert any("Not easy to keep up with the beats" in q.text for q in answer.quotes)


def test_same_sentence_in_two_copies_is_quoted_once_citing_both(tmp_path, sample_news):
    from index.engine import Engine
    from index.settings import Settings

    original = sample_news / "solar-eclipse-north-america-lakeshore-observer.md"
    copy = tmp_path / "news" / "eclipse-copy.md"
    copy.parent.mkdir()
    text = original.read_text(encoding="utf-8")
    copy.write_text(text.replace("The Lakeshore Observer", "The Syndicate Wire"), encoding="utf-8")
    engine = Engine(Settings(data_dir=tmp_path / "data", _env_file=None))
    engine.ingest([original, copy])
    answer = engine.ask("How long was the longest totality of the eclipse?")
    texts = [q.text for q in answer.quotes]
    assert len(texts) == len(set(texts))
    assert any(q.also_in for q in answer.quotes)
    assert {s.outlet for s in answer.sources} == {"The Lakeshore Observer", "The Syndicate Wire"}


@pytest.mark.parametrize("question", ["", "   ", "x" * 501])
def test_empty_or_overlong_question_is_refused(sample_engine, question):
    with pytest.raises(QuestionError):
        sample_engine.ask(question)


def test_a_quote_is_its_passage_text_at_its_span_and_cites_its_article():
    text = "The bridge opened in May. It carries four lanes of traffic across the river."
    passage = PassageRow(1, 7, 0, None, text, [(0, 25), (26, len(text))], "h")
    article = ArticleRow(
        7, "/b.md", "h", "Bridge opens", "Millbrook Standard", "2025-05-02", None, "/b.md", ""
    )
    sources = Sources()
    quote = sources.quote(passage, (0, 25), [article])
    assert quote is not None and quote.text == "The bridge opened in May." and quote.source == 1
    assert [c.outlet for c in sources.cited([quote])] == ["Millbrook Standard"]


@pytest.mark.parametrize("span", [(5, 5), (26, 500), (-3, 10)])
def test_a_span_that_is_not_passage_text_is_never_quoted(span):
    passage = PassageRow(1, 7, 0, None, "The bridge opened in May.", [(0, 25)], "h")
    article = ArticleRow(7, "/b.md", "h", "Bridge opens", None, None, None, "/b.md", "")
    sources = Sources()
    assert sources.quote(passage, span, [article]) is None
    assert sources.citations == []


@pytest.mark.parametrize(
    "question",
    [
        "How many tickets were sold for the World Cup final between Argentina and France?",
        "How much money did the European Space Agency spend on building the Hera mission?",
    ],
)
def test_a_long_question_on_a_covered_story_whose_answer_it_lacks_is_declined(sample_engine, question):
    assert not sample_engine.ask(question).answered


def test_a_long_question_the_news_answers_is_still_answered(sample_engine):
    answer = sample_engine.ask(
        "How fast was the DART spacecraft travelling when it struck the moonlet Dimorphos?"
    )
    assert "6.1 kilometres per second" in " ".join(q.text for q in answer.quotes)


def test_only_questions_as_long_as_those_it_learned_from_are_judged_by_the_answerability_scorer():
    from index.answer.answerability import LEARNED_FROM_WORDS, judges

    assert not judges("how fast was it going?")
    assert judges(" ".join(["word"] * LEARNED_FROM_WORDS)) and not judges(
        " ".join(["word"] * (LEARNED_FROM_WORDS - 1))
    )
