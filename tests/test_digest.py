"""A digest quotes what each outlet says on a topic, outlet by outlet, a shared statement once."""

from pathlib import Path

import numpy as np
import pytest

from index.answer import DECLINED
from index.digest import PER_ARTICLE, Story, gather
from index.embed import PassageVectors
from index.store import ArticleRow, PassageRow


def _files(digest) -> dict[int, str]:
    return {s.n: Path(s.path).read_text(encoding="utf-8") for s in digest.sources}


def _outlet(digest, n: int) -> str:
    source = next(s for s in digest.sources if s.n == n)
    return source.outlet or source.title


def _assert_sections_quote_their_own_article_in_order(digest) -> None:
    files = _files(digest)
    for section in digest.sections:
        assert 1 <= len(section.quotes) <= PER_ARTICLE
        positions = [files[section.source].index(q.text) for q in section.quotes]
        assert positions == sorted(positions)
        assert all(q.source == section.source for q in section.quotes)


def test_a_digest_of_the_summit_quotes_both_outlets(shared_engine):
    digest = shared_engine.digest("K-pop drum diplomacy")
    assert digest.found
    outlets = [_outlet(digest, s.source) for s in digest.sections]
    assert "The Unbiased Post" in outlets
    assert any(o.startswith("Drumstick Diplomacy") for o in outlets)
    assert len(outlets) == len(set(outlets))
    _assert_sections_quote_their_own_article_in_order(digest)


def test_a_fact_both_outlets_report_is_quoted_once_citing_both(shared_engine):
    digest = shared_engine.digest("K-pop drum diplomacy")
    quotes = [q for s in digest.sections for q in s.quotes]
    assert len({q.text for q in quotes}) == len(quotes)
    shared = [q for q in quotes if q.also_in]
    assert shared
    for quote in shared:
        cited = {_outlet(digest, n) for n in (quote.source, *quote.also_in)}
        assert len(cited) == 1 + len(quote.also_in)
        assert {quote.source, *quote.also_in} <= {s.n for s in digest.sources}


def test_notre_dame_reopening_has_a_section_per_outlet_newest_first(sample_engine):
    digest = sample_engine.digest("Notre-Dame reopening")
    assert [_outlet(digest, s.source) for s in digest.sections] == ["Northwind Daily", "The Harbour Ledger"]
    assert [s.n for s in digest.sources] == [1, 2]
    assert "7 December 2024" in " ".join(q.text for q in digest.sections[1].quotes)
    _assert_sections_quote_their_own_article_in_order(digest)


def test_a_digest_of_one_article_cites_only_it(news_engine):
    digest = news_engine.digest("the World Cup final")
    assert [s.outlet for s in digest.sources] == ["The Coastline Sentinel"]
    assert "Argentina won the 2022 FIFA World Cup" in digest.sections[0].quotes[0].text


@pytest.mark.parametrize("topic", ["bitcoin price", "inflation in Germany", "the stock market"])
def test_a_topic_the_news_does_not_cover_gives_an_empty_digest(news_engine, topic):
    digest = news_engine.digest(topic)
    assert not digest.found
    assert digest.message == DECLINED
    assert digest.sections == [] and digest.sources == []


def test_the_json_shape_holds_sections_of_quotes_and_the_sources(sample_engine):
    data = sample_engine.digest("Notre-Dame reopening").to_dict()
    assert set(data) == {"topic", "found", "message", "sections", "sources"}
    assert data["topic"] == "Notre-Dame reopening"
    for section in data["sections"]:
        assert set(section) == {"source", "quotes"}
        for quote in section["quotes"]:
            assert set(quote) == {"text", "source", "also_in"}
    assert {s["n"] for s in data["sources"]} == {s["source"] for s in data["sections"]}


# the rule for "the same statement", on hand-made vectors -----------------------------------------
TOPIC = np.array([1.0, 0.0, 0.0], dtype=np.float32)


def _story(n: int, published: str, sentence: str, vector: list[float]) -> Story:
    """Article ``n`` of outlet ``n``: one passage of one sentence with the given vector."""
    unit = np.array(vector, dtype=np.float32) / np.linalg.norm(vector)
    article = ArticleRow(n, f"s{n}", "h", f"Bridge {n}", f"Outlet {n}", published, None, f"/{n}.md", "2025")
    passage = PassageRow(10 * n, n, 0, None, sentence, [(0, len(sentence))], f"hash{n}")
    return Story(
        article, [passage], {passage.embed_hash: PassageVectors(unit, unit[None].astype(np.float16))}
    )


def test_the_same_sentence_in_two_outlets_is_quoted_once_citing_both():
    sentence = "The new bridge over the river opened to traffic on Monday."
    older = _story(1, "2025-03-01", sentence, [1, 0.1, 0])
    newer = _story(2, "2025-03-02", sentence, [1, 0.1, 0])
    digest = gather("bridge opening", TOPIC, [older, newer])
    assert [s.source for s in digest.sections] == [1]
    assert digest.sections[0].quotes[0].also_in == [2]
    assert [s.outlet for s in digest.sources] == ["Outlet 2", "Outlet 1"]


def test_close_sentences_giving_different_numbers_are_both_quoted():
    first = _story(1, "2025-03-01", "The bridge opened to traffic on 3 March after delays.", [1, 0.1, 0])
    second = _story(2, "2025-03-02", "The bridge opened to traffic on 4 March after delays.", [1, 0.12, 0])
    digest = gather("bridge opening", TOPIC, [first, second])
    assert len(digest.sections) == 2
    assert all(not q.also_in for s in digest.sections for q in s.quotes)
