"""Answers are verbatim quotes from the indexed news, cited, or a plain decline."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.answer import DECLINED, SHIPPED, Evidence, Reader, Sources, compose_reader, unmatched_terms
from index.answer.questions import MAX_PARTS, parts
from index.answer.reader import Found
from index.answer.reading import gather, holding
from index.errors import QuestionError
from index.store import ArticleRow, PassageRow


def _file_text(answer, n: int) -> str:
    source = next(s for s in answer.sources if s.n == n)
    return Path(source.path).read_text(encoding="utf-8")


def _assert_verbatim(answer) -> None:
    for quote in answer.quotes:
        for n in (quote.source, *quote.also_in):
            assert quote.text in _file_text(answer, n)


def test_gift_question_quotes_the_sentences_naming_the_gifts(shared_engine):
    answer = shared_engine.ask("What gifts were exchanged?")
    quoted = " ".join(q.text for q in answer.quotes)
    assert answer.answered
    for gift in ("lacquer‑embellished drumsticks", "drum kit", "tableware set", "Galaxy Watch"):
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


def test_a_two_part_question_gets_both_parts_answered(sample_engine):
    answer = sample_engine.ask("When did Notre-Dame reopen and when was the first Mass held?")
    quoted = " ".join(q.text for q in answer.quotes)
    assert "7 December 2024" in quoted and "8 December" in quoted
    _assert_verbatim(answer)


def test_ascii_hyphen_in_question_matches_non_breaking_hyphen_in_text(shared_engine):
    question = "What did Lee Jae-myung say about the beats?"
    reading, hits = shared_engine.retrieve(question)
    assert unmatched_terms(question, shared_engine.evidence(hits, reading.text)) == []
    assert shared_engine.ask(question).answered


def test_which_songs_they_played_quotes_both_titles(shared_engine):
    answer = shared_engine.ask("which songs did they play?")
    assert answer.answered
    assert all(f"“{title}”" in answer.quotes[0].text for title in ("Dynamite", "Golden"))
    _assert_verbatim(answer)


def test_what_the_leaders_wore_quotes_each_outlets_version_with_its_own_citation(shared_engine):
    answer = shared_engine.ask("what did the leaders wear?")
    outlet_of = {c.n: c.outlet or c.title for c in answer.sources}
    jackets = [q for q in answer.quotes if "jackets" in q.text]
    tracksuits = [q for q in answer.quotes if "tracksuits" in q.text]
    assert jackets and tracksuits
    assert {outlet_of[q.source] for q in jackets}.isdisjoint(outlet_of[q.source] for q in tracksuits)
    _assert_verbatim(answer)


def test_the_answer_the_reader_is_sure_of_is_marked_whatever_its_kind(sample_engine):
    assert sample_engine.ask("What is the nickname of Scaloni's team?").marked == ["La Scaloneta"]
    assert sample_engine.ask("Who won the 2022 World Cup final?").marked == ["Argentina"]


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


# composing an answer from what the reader found (a reader that reports fixed spans) ----------------
_TEXT = "The bridge opened in May. The mayor, Ines Kowalczyk, cut the ribbon. It cost 31 million euros."
_SENTENCES = [(0, 25), (26, 68), (69, 94)]


SURE = (1 + max(SHIPPED.answer, SHIPPED.mark)) / 2  # a probability the reader's answer is marked at


def _answerable(question: str, query: np.ndarray, evidence: Evidence) -> float:
    """The answerability scorer's judgement, fixed: these passages surely hold an answer."""
    return 1.0


class _Finds(Reader):
    """A reader that finds the given (passage, words, probability), wherever the words stand."""

    def __init__(self, *found: tuple[int, str, float]) -> None:
        super().__init__()
        self.found = found

    def read(self, question: str, passages: list[str]) -> list[Found]:
        spans = [
            Found(n, passages[n].index(words), passages[n].index(words) + len(words), p)
            for n, words, p in self.found
        ]
        return sorted(spans, key=lambda f: -f.probability)


def _evidence(*outlets: str, text: str = _TEXT) -> Evidence:
    passages = [PassageRow(n + 1, n + 1, 0, None, text, _SENTENCES, "h") for n in range(len(outlets))]
    articles = {
        n + 1: ArticleRow(n + 1, f"/{n}.md", "h", "Bridge opens", o, "2025-05-02", None, f"/{n}.md", "")
        for n, o in enumerate(outlets)
    }
    return Evidence(passages, {}, articles)


def _composed(question: str, reader: Reader, judge=_answerable):
    """The answer composed from what ``reader`` finds in the one-outlet evidence."""
    return compose_reader(question, np.zeros(3), _evidence("Standard"), reader, judge=judge)


def test_the_sentence_holding_the_answer_is_quoted_with_the_answer_marked():
    answer = _composed(
        "Who cut the ribbon?",
        _Finds((0, "Ines Kowalczyk", SURE)),
    )
    [quote] = answer.quotes
    assert quote.text == "The mayor, Ines Kowalczyk, cut the ribbon." and answer.marked == ["Ines Kowalczyk"]


def test_an_answer_the_reader_is_unsure_of_is_declined():
    answer = _composed(
        "Who cut the ribbon?",
        _Finds((0, "Ines Kowalczyk", SHIPPED.answer - 0.1)),
    )
    assert not answer.answered and answer.message == DECLINED


def test_the_same_answer_in_two_outlets_own_sentences_adds_up_but_copies_of_one_sentence_do_not():
    other = "Ines Kowalczyk, the mayor, opened it. The bridge opened in May. It cost 31 million euros."
    passages = [
        PassageRow(1, 1, 0, None, _TEXT, _SENTENCES, "h"),
        PassageRow(2, 2, 0, None, other, [(0, 37), (38, 63), (64, 89)], "h"),
        PassageRow(3, 3, 0, None, _TEXT, _SENTENCES, "h"),
    ]
    found = [Found(0, 37, 51, 0.3), Found(1, 0, 14, 0.4), Found(2, 37, 51, 0.3)]
    [said] = gather(passages, found)
    assert said.probability == pytest.approx(1 - 0.7 * 0.6)


def test_an_answer_across_two_sentences_quotes_both():
    start = _TEXT.index("May")
    assert holding(PassageRow(1, 1, 0, None, _TEXT, _SENTENCES, "h"), start, start + 12) == (0, 68)


def test_a_second_answer_nearly_as_likely_is_quoted_too_and_copies_are_cited_once():
    answer = compose_reader(
        "Who cut the ribbon?",
        np.zeros(3),
        _evidence("Standard", "Courier"),
        _Finds(
            (0, "Ines Kowalczyk", SURE),
            (1, "Ines Kowalczyk", SURE),
            (0, "31 million euros", SHIPPED.also + 0.05),
        ),
        judge=_answerable,
    )
    assert [q.text for q in answer.quotes] == [
        "The mayor, Ines Kowalczyk, cut the ribbon.",
        "It cost 31 million euros.",
    ]
    assert answer.quotes[0].also_in == [2] and answer.marked == ["Ines Kowalczyk"]


def test_a_question_naming_a_number_no_passage_mentions_is_declined_whatever_the_reader_says():
    finds = _Finds((0, "Ines Kowalczyk", 0.99))
    assert not _composed("Who cut the ribbon in 1998?", finds).answered


def _unlikely(question: str, query: np.ndarray, evidence: Evidence) -> float:
    """The answerability scorer's judgement, fixed: these passages are unlikely to hold an answer."""
    return SHIPPED.answerable / 2


def test_passages_judged_unlikely_to_hold_an_answer_are_declined_however_sure_the_reader_is():
    question = "Who was it that cut the ribbon when the new bridge opened in May?"
    finds = _Finds((0, "Ines Kowalczyk", 0.99))
    answer = _composed(question, finds, judge=_unlikely)
    assert not answer.answered and answer.message == DECLINED


def test_a_question_shorter_than_those_the_scorer_learned_from_is_left_to_the_reader():
    finds = _Finds((0, "Ines Kowalczyk", 0.99))
    answer = _composed("who cut the ribbon?", finds, judge=_unlikely)
    assert answer.marked == ["Ines Kowalczyk"]


class _FindsFor(Reader):
    """A reader that finds, for each question it reads, the (passage, words, probability) given for
    the words that question opens with."""

    def __init__(self, **found: tuple[int, str, float]) -> None:
        super().__init__()
        self.found = found

    def read(self, question: str, passages: list[str]) -> list[Found]:
        opening = "_".join(question.rstrip("?").split()[:3]).casefold()
        return _Finds(*[f for words, f in self.found.items() if opening.startswith(words)]).read(
            question, passages
        )


@pytest.mark.parametrize(
    ("question", "read"),
    [
        (
            "How much did the bridge cost, and who cut the ribbon?",
            ["How much did the bridge cost?", "who cut the ribbon? How much did the bridge cost?"],
        ),
        (
            "When did it open and where?",
            ["When did it open?", "where? When did it open?"],
        ),
        ("What did Lee and Takaichi exchange?", ["What did Lee and Takaichi exchange?"]),
        ("Who, and what, and where, and when?", ["Who, and what, and where, and when?"]),
    ],
)
def test_a_question_joining_questions_with_and_is_read_as_each_of_them(question, read):
    assert parts(question) == read


@given(st.text(max_size=200))
def test_every_part_of_any_question_is_a_question_of_its_own(question):
    read = parts(question)
    assert 1 <= len(read) <= MAX_PARTS
    assert read == [question] or all(part.endswith("?") and len(part) > 1 for part in read)


def test_a_question_joining_two_quotes_and_marks_the_answer_to_each():
    answer = _composed(
        "How much did the bridge cost, and who cut the ribbon?",
        _FindsFor(how_much_did=(0, "31 million euros", SURE), who_cut_the=(0, "Ines Kowalczyk", SURE)),
    )
    assert [q.text for q in answer.quotes] == [
        "It cost 31 million euros.",
        "The mayor, Ines Kowalczyk, cut the ribbon.",
    ]
    assert answer.marked == ["31 million euros", "Ines Kowalczyk"]


def test_two_answers_in_one_sentence_are_both_marked_in_one_quote():
    answer = _composed(
        "Who cut the ribbon and what did the mayor cut?",
        _FindsFor(who_cut_the=(0, "Ines Kowalczyk", SURE), what_did_the=(0, "the ribbon", SURE)),
    )
    [quote] = answer.quotes
    assert quote.text == "The mayor, Ines Kowalczyk, cut the ribbon." and answer.marked == [
        "Ines Kowalczyk",
        "the ribbon",
    ]


def test_a_part_the_reader_finds_no_answer_to_adds_nothing():
    answer = _composed(
        "How much did the bridge cost, and who cut the ribbon?",
        _FindsFor(how_much_did=(0, "31 million euros", SURE), who_cut_the=(0, "Ines Kowalczyk", 0.2)),
    )
    assert [q.text for q in answer.quotes] == ["It cost 31 million euros."]


def test_each_part_of_a_joined_question_gets_an_answer_of_its_own():
    answer = _composed(
        "When did the bridge open and who cut the ribbon?",
        _Finds((0, "Ines Kowalczyk", SURE), (0, "May", SURE - 0.01)),
    )
    assert answer.marked == ["Ines Kowalczyk", "May"]
