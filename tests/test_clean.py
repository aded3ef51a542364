"""Cleaning: chrome and repeated content go, the article stays once, verbatim."""

from pathlib import Path

import pytest

from index.read import Block, Document, clean_document, is_boilerplate, read_document
from index.text import match_key

UNBIASED = "unbiased-post-kpop-diplomacy.txt"
DRUMSTICK = "drumstick-diplomacy-summary.txt"
PAGE_CHROME = (
    "The Unbiased Post Logo",
    "Sunday 22/02/2026",
    "Images from the Web",
    "Additional article image",
    "In This Article",
    "Help us improve.",
)


def document(*blocks: tuple[str, str], title: str = "Tide Tables Change") -> Document:
    return Document(
        source="/news/tide.txt",
        content_hash="0" * 64,
        title=title,
        blocks=[Block(kind, text) for kind, text in blocks],  # type: ignore[arg-type]
    )


def cleaned(shared_news: Path, name: str) -> Document:
    return clean_document(read_document(shared_news / name))


# --- the real scraped pages -------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("name", [UNBIASED, DRUMSTICK])
def test_each_block_is_stored_once(shared_news: Path, name: str) -> None:
    keys = [match_key(block.text) for block in cleaned(shared_news, name).blocks]
    assert keys
    assert len(keys) == len(set(keys))


@pytest.mark.shared
def test_the_thrice_scraped_article_keeps_every_paragraph_once(shared_news: Path) -> None:
    original = (shared_news / UNBIASED).read_text(encoding="utf-8")
    long_lines = {match_key(line.lstrip(" •")) for line in original.splitlines() if len(line.split()) > 12}
    paragraphs = [match_key(block.text) for block in cleaned(shared_news, UNBIASED).blocks]
    assert long_lines
    for key in long_lines:
        assert paragraphs.count(key) == 1


@pytest.mark.shared
@pytest.mark.parametrize("name", [UNBIASED, DRUMSTICK])
def test_no_page_chrome_survives(shared_news: Path, name: str) -> None:
    texts = [block.text for block in cleaned(shared_news, name).blocks]
    for chrome in PAGE_CHROME:
        assert chrome not in texts
    assert not any(text.startswith(("Image Source", "Published")) for text in texts)


@pytest.mark.shared
@pytest.mark.parametrize("name", [UNBIASED, DRUMSTICK])
def test_headings_are_not_the_title_and_each_has_a_paragraph(shared_news: Path, name: str) -> None:
    doc = cleaned(shared_news, name)
    headings = [index for index, block in enumerate(doc.blocks) if block.kind == "heading"]
    assert headings
    for index in headings:
        assert match_key(doc.blocks[index].text) != match_key(doc.title)
        assert doc.blocks[index + 1].kind == "paragraph"


@pytest.mark.shared
def test_why_it_matters_is_content(shared_news: Path) -> None:
    doc = cleaned(shared_news, DRUMSTICK)
    assert any(block.kind == "paragraph" and block.text.startswith("Why it matters:") for block in doc.blocks)


@pytest.mark.shared
def test_cleaning_keeps_metadata(shared_news: Path) -> None:
    before = read_document(shared_news / UNBIASED)
    after = clean_document(before)
    assert (after.title, after.outlet, after.published, after.source) == (
        before.title,
        before.outlet,
        before.published,
        before.source,
    )


# --- the rules, on made-up articles -------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Harbour Gazette Logo",
        "Sunday 22/02/2026",
        "Tuesday, March 4, 2025",
        "12 June 2024, 08:15 BST",
        "Updated: Jan 3, 2025 10:00",
        "Published 14 January 2026",
        "Images from the Web",
        "Additional article image",
        "Image Source: Harbour Gazette archive",
        "Photo credit: A. Fisher",
        "(AP Photo/Kim Lee)",
        "(Credit: Kim Lee / Harbour Gazette)",
        "Kim Lee/Getty Images",
        "AFP",
        "Help us improve.",
        "Was this helpful?",
        "We want to hear what you think. Submit a letter to the editor or write to letters@gazette.example.",
        "Share this article",
        "Subscribe to our newsletter",
        "The Harbour Gazette Newsletter",
        "Get the Harbour Gazette's morning briefing by email and never miss our top stories Free Sign Up",
        "Never miss the latest tide news by signing up to our newsletter today!",
        "Do you want to hear about our events? Sign up here",
        "Courtesy of Kim Lee",
        "To read the full story, please subscribe to the Harbour Gazette.",
        "Already a subscriber? Log in to read this story.",
        "This is a modal window.",
        "captions off, selected",
        "Advertisement",
        "In This Article",
        "Read more: the tide tables explained",
        "Related stories",
        "© 2025 Harbour Gazette",
        "5 min read",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Why it matters: the new tables move the low tide by almost an hour in winter.",
        "Tide Times in Winter",
        "The harbour master shared the new tables with fishing crews on Monday.",
        "Subscribers to the harbour bulletin will get the tables by post, the office said, and the "
        "website will carry them from next week along with a short guide for first-time sailors.",
        "Lee said no.",
        "Fishing crews said they would sign up.",
        "How to sign up",
        "Courtesy of the harbour trust, every child under twelve rides free.",
        "Reuters first reported the sale of the harbour on Monday.",
        "The gazette's weekly newsletter reached 40,000 readers, the editor said.",
        "Credit unions on the coast reported record savings this year.",
    ],
)
def test_article_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    "notice",
    [
        "\u00a9 2025 Harbour Gazette. This article is the property of the Harbour Gazette and may not be "
        "reprinted in print or online without the written permission of the editor.",
        "This post mentions products from some of our advertisers. We may receive compensation when you "
        "click on links to those products. Terms apply to the offers listed on this page.",
        "Follow the Harbour Gazette on Twitter and Instagram @harbourgazette and on Facebook, or send us "
        "a message on WhatsApp with your news tips, photos and videos from around the coast.",
    ],
)
def test_long_notices_are_boilerplate(notice: str) -> None:
    assert len(notice) > 150
    assert is_boilerplate(notice)


def test_repeated_paragraphs_are_dropped_whatever_their_typography() -> None:
    doc = document(
        ("paragraph", "The harbour master said the \u201cnew\u201d tables start in May."),
        ("paragraph", "Crews  welcomed the change."),
        ("paragraph", 'the harbour master said the "new" tables start in may.'),
    )
    assert [block.text for block in clean_document(doc).blocks] == [
        "The harbour master said the \u201cnew\u201d tables start in May.",
        "Crews  welcomed the change.",
    ]


def test_a_repeated_section_leaves_only_its_first_copy() -> None:
    doc = document(
        ("heading", "Tide Tables Change"),
        ("heading", "What changes"),
        ("paragraph", "Low tide moves later by almost an hour."),
        ("heading", "Tide Tables Change"),
        ("heading", "What changes"),
        ("paragraph", "Low tide moves later by almost an hour."),
        ("heading", "What changes"),
        ("paragraph", "Evening sailings will start later too."),
    )
    assert [(block.kind, block.text) for block in clean_document(doc).blocks] == [
        ("heading", "What changes"),
        ("paragraph", "Low tide moves later by almost an hour."),
        ("heading", "What changes"),
        ("paragraph", "Evening sailings will start later too."),
    ]


def test_headings_with_nothing_under_them_are_dropped() -> None:
    doc = document(
        ("heading", "Highlights"),
        ("heading", "The Story"),
        ("paragraph", "The ferry left on time for the first time this month."),
        ("heading", "More to come"),
    )
    assert [block.text for block in clean_document(doc).blocks] == [
        "The Story",
        "The ferry left on time for the first time this month.",
    ]


def test_a_heading_equal_to_the_title_is_dropped() -> None:
    doc = document(
        ("heading", "TIDE TABLES CHANGE"),
        ("paragraph", "The new tables were printed on Friday."),
    )
    assert [block.text for block in clean_document(doc).blocks] == ["The new tables were printed on Friday."]


def test_clean_does_not_change_its_input() -> None:
    doc = document(("paragraph", "Advertisement"), ("paragraph", "The tables were printed."))
    clean_document(doc)
    assert len(doc.blocks) == 2
