"""Summaries are 3–5 verbatim highlight sentences of one article, in its order, with its citation."""

from pathlib import Path

import pytest

from index.errors import NotFound


def test_summary_highlights_are_verbatim_and_in_article_order(shared_engine):
    summary = shared_engine.summary("Drumstick Diplomacy")
    text = Path(summary.citation.path).read_text(encoding="utf-8")
    assert 3 <= len(summary.highlights) <= 5
    positions = [text.index(h.text) for h in summary.highlights]
    assert positions == sorted(positions)
    assert summary.citation.title.startswith("Drumstick Diplomacy")


def test_summary_of_repeated_page_quotes_no_sentence_twice(shared_engine):
    summary = shared_engine.summary("K-pop Diplomacy")
    texts = [h.text for h in summary.highlights]
    assert len(texts) == len(set(texts))
    assert summary.citation.outlet == "The Unbiased Post"


def test_summary_by_id(sample_engine):
    article = sample_engine.sources()[0]
    assert sample_engine.summary(str(article.id)).citation.title == article.title


@pytest.mark.parametrize("reference", ["a story nobody wrote", "999999"])
def test_unknown_article_is_not_found(sample_engine, reference):
    with pytest.raises(NotFound):
        sample_engine.summary(reference)


def test_words_matching_several_titles_ask_for_more(sample_engine):
    with pytest.raises(NotFound, match="give the id"):
        sample_engine.summary("Notre-Dame")
