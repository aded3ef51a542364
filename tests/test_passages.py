"""Passages: one per paragraph, under its heading, split between sentences when too long."""

from pathlib import Path

import pytest

from index.ingest.passages import split_passages
from index.read import Block, Document, clean_document, read_document
from index.text import sentence_spans


def words(text: str) -> int:
    return len(text.split())


def document(*blocks: tuple[str, str]) -> Document:
    return Document(
        source="/news/market.txt",
        content_hash="0" * 64,
        title="Market Day",
        blocks=[Block(kind, text) for kind, text in blocks],  # type: ignore[arg-type]
    )


LONG = (
    "The market opened an hour early on Saturday. Stall holders set out apples, pears and late plums "
    "before the sun was up. By nine the square was full of shoppers with baskets. A brass band played "
    "near the fountain until noon. The organisers said it was the busiest morning of the year."
)


def test_one_passage_per_paragraph_with_its_heading() -> None:
    doc = document(
        ("paragraph", "The market opened an hour early on Saturday."),
        ("heading", "Prices"),
        ("paragraph", "Apples cost less than last week. Pears cost more."),
        ("paragraph", "Plums sold out by ten in the morning."),
    )
    passages = split_passages(doc, 100, words)
    assert [(p.position, p.heading, p.text) for p in passages] == [
        (0, None, "The market opened an hour early on Saturday."),
        (1, "Prices", "Apples cost less than last week. Pears cost more."),
        (2, "Prices", "Plums sold out by ten in the morning."),
    ]
    assert [passages[1].text[start:end] for start, end in passages[1].sentences] == [
        "Apples cost less than last week.",
        "Pears cost more.",
    ]


def test_a_long_paragraph_is_split_between_sentences() -> None:
    passages = split_passages(document(("heading", "Early start"), ("paragraph", LONG)), 20, words)
    assert len(passages) > 1
    assert [p.position for p in passages] == list(range(len(passages)))
    expected = [LONG[start:end] for start, end in sentence_spans(LONG)]
    seen = []
    for passage in passages:
        assert passage.heading == "Early start"
        assert words(passage.text) <= 20
        assert passage.text in LONG
        seen.extend(passage.text[start:end] for start, end in passage.sentences)
        assert passage.text.startswith(seen[-len(passage.sentences)])
    assert seen == expected


def test_a_sentence_longer_than_the_limit_is_cut_between_words() -> None:
    sentence = "one two three four five six seven eight nine ten eleven twelve thirteen."
    passages = split_passages(document(("paragraph", sentence)), 5, words)
    assert [p.text for p in passages] == [
        "one two three four five",
        "six seven eight nine ten",
        "eleven twelve thirteen.",
    ]
    assert all(p.sentences == ((0, len(p.text)),) for p in passages)


def test_fragments_are_not_passages_but_short_sentences_are() -> None:
    doc = document(
        ("paragraph", "Photo gallery"),
        ("paragraph", "Lee said no."),
        ("paragraph", "Four words without end"),
        ("paragraph", "\u201cNever again!\u201d"),
    )
    assert [p.text for p in split_passages(doc, 100, words)] == [
        "Lee said no.",
        "Four words without end",
        "\u201cNever again!\u201d",
    ]


def test_headings_are_never_passages() -> None:
    doc = document(("heading", "Only a heading here"), ("heading", "And another heading"))
    assert split_passages(doc, 100, words) == []


def test_max_tokens_must_be_positive() -> None:
    with pytest.raises(ValueError):
        split_passages(document(("paragraph", "A sentence.")), 0, words)


@pytest.mark.shared
@pytest.mark.parametrize("name", ["unbiased-post-kpop-diplomacy.txt", "drumstick-diplomacy-summary.txt"])
@pytest.mark.parametrize("max_tokens", [20, 256])
def test_passages_of_the_real_pages_are_verbatim(shared_news: Path, name: str, max_tokens: int) -> None:
    original = (shared_news / name).read_text(encoding="utf-8")
    doc = clean_document(read_document(shared_news / name))
    headings = {block.text for block in doc.blocks if block.kind == "heading"}
    passages = split_passages(doc, max_tokens, words)
    assert passages
    for passage in passages:
        assert passage.text in original
        assert passage.text not in headings
        assert passage.heading is None or passage.heading in headings
        assert passage.sentences
        for start, end in passage.sentences:
            assert 0 <= start < end <= len(passage.text)
            assert passage.text[start:end] in original
        if max_tokens == 20:
            assert words(passage.text) <= 20


@pytest.mark.shared
def test_the_real_pages_keep_their_section_headings_as_context(shared_news: Path) -> None:
    doc = clean_document(read_document(shared_news / "drumstick-diplomacy-summary.txt"))
    passages = split_passages(doc, 256, words)
    assert passages[0].heading is None
    assert {p.heading for p in passages} - {None}
    assert any(p.text.startswith("Why it matters:") and p.heading is not None for p in passages)
