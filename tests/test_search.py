"""Hybrid retrieval finds rare names and numbers, whatever the typography of the question."""

import numpy as np
import pytest

from index.search import hybrid
from index.search.lexical import Lexical, LexicalSegment, terms
from index.store import SHARED


def _texts(engine, question: str) -> list[str]:
    gen = engine.serving(SHARED)
    hits = hybrid(gen, question, engine.embedder.encode_query(question), 5)
    return [p.text for p in engine.store.passages_by_ids(h.passage_id for h in hits).values()]


@pytest.mark.parametrize(("question", "word"), [("Pearl", "Pearl"), ("Markers", "Markers"), ("APEC", "APEC")])
def test_rare_words_are_found(shared_engine, question, word):
    assert any(word in text for text in _texts(shared_engine, f"What about {question}?"))


def test_typography_folds_to_ascii_for_matching():
    assert terms("Lee Jae‑myung’s “K‑pop”") == terms('Lee Jae-myung\'s "K-pop"')


def bm25(ids: list[int], texts: list[str]) -> Lexical:
    return Lexical([LexicalSegment.build(np.array(ids), texts)], np.zeros(0, dtype=np.int64))


def test_bm25_finds_text_written_with_non_breaking_hyphens():
    lexical = bm25([7, 8], ["Lee Jae‑myung played drums", "A budget was passed"])
    assert lexical.search("Jae-myung", 2)[0][0] == 7


def test_bm25_leaves_out_passages_not_allowed():
    lexical = bm25([7, 8, 9], ["ferry fares rise", "ferry timetable", "budget passed"])
    assert [pid for pid, _ in lexical.search("ferry", 3, np.array([False, True, True]))] == [8]


# the same story told three times, as it developed; each report has its own date
BRIDGE_REPORTS = {
    "2025-03-03": "Engineers closed the Varn river bridge on Monday after finding a cracked bearing.",
    "2025-03-10": "The Varn river bridge stays closed while engineers replace a cracked bearing.",
    "2025-03-17": "The Varn river bridge reopened to traffic on Sunday after engineers replaced a bearing.",
}
BRIDGE_QUESTION = "Is the Varn river bridge open?"
# years older than the bridge reports, and the only article on its subject
KEEPER_REPORT = ("2019-05-06", "Ada Finch retired as keeper of the Skerry Point light after forty-one years.")
KEEPER_TITLE = "Skerry Point keeper retires"


@pytest.fixture(scope="module")
def bridge_engine(tmp_path_factory):
    from index.engine import Engine
    from index.settings import Settings

    folder = tmp_path_factory.mktemp("bridge")
    titles = {day: f"Varn bridge, {day}" for day in BRIDGE_REPORTS} | {KEEPER_REPORT[0]: KEEPER_TITLE}
    for day, text in [*BRIDGE_REPORTS.items(), KEEPER_REPORT]:
        front = f'---\ntitle: "{titles[day]}"\noutlet: "The Varn Gazette"\npublished: {day}\n---\n\n'
        (folder / f"report-{day}.md").write_text(front + text + "\n", encoding="utf-8")
    engine = Engine(Settings(data_dir=folder / "data", _env_file=None))
    assert not engine.ingest([folder]).failed
    return engine


def _days_found(engine, question: str, as_of=None) -> list[str]:
    _, hits = engine.retrieve(question, when=engine.when(as_of))
    passages = engine.store.passages_by_ids(h.passage_id for h in hits)
    articles = engine.store.articles_by_ids(p.article_id for p in passages.values())
    return [articles[passages[h.passage_id].article_id].published for h in hits]


def test_the_newest_report_of_a_story_ranks_first(bridge_engine):
    assert _days_found(bridge_engine, BRIDGE_QUESTION)[0] == "2025-03-17"


def test_a_question_asked_as_of_a_day_sees_nothing_published_later(bridge_engine):
    from datetime import date

    found = _days_found(bridge_engine, BRIDGE_QUESTION, as_of=date(2025, 3, 12))
    assert found[0] == "2025-03-10"
    assert "2025-03-17" not in found
    answer = bridge_engine.ask("What did engineers find on the Varn river bridge?", as_of=date(2025, 3, 12))
    assert answer.answered and "reopened" not in " ".join(q.text for q in answer.quotes)


def test_asking_about_now_lifts_the_newest_report_over_an_older_one_worded_more_like_the_question(
    bridge_engine,
):
    anytime = _days_found(bridge_engine, "Is the Varn river bridge still closed?")
    now = _days_found(bridge_engine, "Is the Varn river bridge currently closed?")
    assert anytime.index("2025-03-03") < anytime.index("2025-03-17")
    assert now.index("2025-03-17") < now.index("2025-03-03")


def test_an_old_article_that_alone_matches_outranks_newer_news(bridge_engine):
    found = _days_found(bridge_engine, "When did Ada Finch retire as keeper of the Skerry Point light?")
    assert found[0] == KEEPER_REPORT[0]


def test_without_the_recency_prior_the_best_worded_report_ranks_first(bridge_engine):
    from index.search import When

    question = "Is the Varn river bridge currently closed?"
    gen = bridge_engine.serving(SHARED)
    hits = hybrid(gen, question, bridge_engine.embedder.encode_query(question), 3, When(half_life=None))
    passages = bridge_engine.store.passages_by_ids(h.passage_id for h in hits)
    first = passages[hits[0].passage_id].text
    assert "closed" in first and "reopened" not in first


def test_a_question_naming_a_period_sees_only_the_articles_of_that_period(bridge_engine):
    from datetime import date

    question = "Is the Varn river bridge still closed this week?"
    assert _days_found(bridge_engine, question, as_of=date(2025, 3, 18)) == ["2025-03-17"]
    assert _days_found(bridge_engine, question, as_of=date(2025, 3, 12)) == ["2025-03-10"]
    assert not bridge_engine.ask(question).answered  # asked today, years after the last report
