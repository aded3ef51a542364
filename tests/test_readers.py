"""Reading article files: formats, metadata, and the reasons a file is refused."""

import os
import socket
from pathlib import Path

import pytest

from index.errors import SourceError
from index.read import SUPPORTED_SUFFIXES, find_sources, read_document

UNBIASED = "unbiased-post-kpop-diplomacy.txt"
DRUMSTICK = "drumstick-diplomacy-summary.txt"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def reason(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read_document(path)
    assert caught.value.source == str(path.resolve())
    return caught.value.reason


# --- the real scraped pages -------------------------------------------------------------------


@pytest.mark.shared
def test_unbiased_post_metadata_comes_from_the_page(shared_news: Path) -> None:
    doc = read_document(shared_news / UNBIASED)
    assert doc.title == "K-pop Diplomacy: South Korea and Japan Leaders Drum Up Unity"
    assert doc.outlet == "The Unbiased Post"
    assert doc.published == "2026-01-14"
    assert doc.source == str((shared_news / UNBIASED).resolve())
    assert len(doc.content_hash) == 64


@pytest.mark.shared
def test_metadata_lines_are_not_blocks(shared_news: Path) -> None:
    texts = [block.text for block in read_document(shared_news / UNBIASED).blocks]
    assert "The Unbiased Post Logo" not in texts
    assert not any(text.startswith("Published") for text in texts)


@pytest.mark.shared
def test_drumstick_title_is_its_second_line_not_the_lead_paragraph(shared_news: Path) -> None:
    path = shared_news / DRUMSTICK
    lines = path.read_text(encoding="utf-8").splitlines()
    doc = read_document(path)
    assert doc.title == lines[1]
    assert (doc.blocks[0].kind, doc.blocks[0].text) == ("paragraph", lines[0])
    assert doc.outlet is None
    assert doc.published is None


@pytest.mark.shared
@pytest.mark.parametrize("name", [UNBIASED, DRUMSTICK])
def test_block_text_is_verbatim_from_the_file(shared_news: Path, name: str) -> None:
    original = (shared_news / name).read_text(encoding="utf-8")
    doc = read_document(shared_news / name)
    assert doc.blocks
    for block in doc.blocks:
        assert block.text in original
        assert block.text == block.text.strip()


@pytest.mark.shared
def test_list_markers_and_indentation_are_stripped(shared_news: Path) -> None:
    doc = read_document(shared_news / UNBIASED)
    assert not any(block.text[0] in "•-*" or block.text[:2] in ("1.", "2.") for block in doc.blocks)
    assert any(block.kind == "heading" and block.text == "Scenario Analysis" for block in doc.blocks)


# --- plain text and Markdown --------------------------------------------------------------------


def test_plain_text_infers_outlet_date_and_title_from_the_top(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "ferry.txt",
        "Harbour Gazette Logo\n"
        "Monday 03/03/2025\n\n"
        "Ferry Back in Service\n"
        "Published: Mar 2, 2025\n"
        "Updated March 3, 2025\n"
        "The island ferry sailed again on Sunday after a month of repairs.\n"
        "  • Crews replaced two engines.\n",
    )
    doc = read_document(path)
    assert (doc.title, doc.outlet, doc.published) == (
        "Ferry Back in Service",
        "Harbour Gazette",
        "2025-03-02",
    )
    texts = [block.text for block in doc.blocks]
    assert "Crews replaced two engines." in texts
    assert "Ferry Back in Service" not in texts


def test_title_falls_back_to_the_file_name(tmp_path: Path) -> None:
    path = write(
        tmp_path, "quiet-week.txt", "Nothing much happened in the valley this week, residents said.\n"
    )
    assert read_document(path).title == "quiet-week"


def test_front_matter_overrides_what_the_page_shows(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "story.txt",
        "---\n"
        "title: The Chosen Title\n"
        "outlet: Valley Weekly\n"
        "url: https://valley.example.net/story\n"
        "published: 2024-11-05\n"
        "---\n"
        "Harbour Gazette Logo\n"
        "A Headline On The Page\n"
        "Published 1 January 2020\n"
        "The council voted to repaint the old bridge in its original green.\n",
    )
    doc = read_document(path)
    assert doc.title == "The Chosen Title"
    assert doc.outlet == "Valley Weekly"
    assert doc.url == "https://valley.example.net/story"
    assert doc.published == "2024-11-05"
    assert ("heading", "A Headline On The Page") in [(block.kind, block.text) for block in doc.blocks]


def test_front_matter_date_strings_become_iso(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", '---\npublished: "5 November 2024"\n---\nThe bridge is green now.\n')
    assert read_document(path).published == "2024-11-05"


def test_front_matter_with_a_bad_date_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\npublished: sometime soon\n---\nThe bridge is green now.\n")
    assert "published" in reason(path)


def test_front_matter_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "a.md", "---\ntitle: [unclosed\n---\nThe bridge is green now.\n")
    assert "YAML" in reason(path)


def test_markdown_headings_paragraphs_and_list_items(tmp_path: Path) -> None:
    text = (
        "# Orchard Harvest Beats Forecasts\n\n"
        "Growers in the north valley picked more apples than\n"
        "anyone expected this autumn.\n\n"
        "## Why the yield rose\n\n"
        "- A mild spring spared the blossoms.\n"
        "* Rain came at the right time.\n"
        "1. Fewer pests were counted.\n\n"
        "Prices\n"
        "------\n\n"
        "Apple prices fell by a tenth at the weekly market.\n"
    )
    path = write(tmp_path, "harvest.md", text)
    doc = read_document(path)
    assert doc.title == "Orchard Harvest Beats Forecasts"
    assert [(block.kind, block.text) for block in doc.blocks] == [
        ("paragraph", "Growers in the north valley picked more apples than\nanyone expected this autumn."),
        ("heading", "Why the yield rose"),
        ("paragraph", "A mild spring spared the blossoms."),
        ("paragraph", "Rain came at the right time."),
        ("paragraph", "Fewer pests were counted."),
        ("heading", "Prices"),
        ("paragraph", "Apple prices fell by a tenth at the weekly market."),
    ]
    assert all(block.text in text for block in doc.blocks)


def test_markdown_code_fences_and_images_are_not_text(tmp_path: Path) -> None:
    text = "# Notes\n\n![a chart](chart.png)\n\n```\nprint('hi')\n```\n\nThe chart shows rising rents.\n"
    doc = read_document(write(tmp_path, "notes.md", text))
    assert [block.text for block in doc.blocks] == ["The chart shows rising rents."]


# --- HTML ---------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Lighthouse Reopens to Visitors | Northern Lantern</title>
<meta property="og:title" content="Lighthouse Reopens to Visitors">
{site_name}
<meta property="article:published_time" content="2025-04-12T09:30:00Z">
<link rel="canonical" href="https://news.lantern.example.com/coast/lighthouse-reopens">
</head><body>
<nav><a href="/">Home</a> <a href="/coast">Coast</a> <a href="/weather">Weather</a></nav>
<article>
<h1>Lighthouse Reopens to Visitors</h1>
<p>The old lighthouse on the northern cape opened its stairs to visitors again on Saturday.</p>
<p>Volunteers repainted the iron lantern room by hand over two winters, the trust said.</p>
<h2>A view worth the climb</h2>
<p>Visitors who reach the gallery can see three islands on a clear day &amp; the ferry lanes between them.</p>
<ul><li>Tours run every hour from ten until four.</li><li>Children under twelve climb for free.</li></ul>
<p>The trust hopes the ticket money will pay for a new roof on the keeper's cottage next year.</p>
</article>
<footer><p>Copyright 2025 Northern Lantern. All rights reserved.</p>
<p>Subscribe to our newsletter</p></footer>
</body></html>
"""
SITE_NAME = '<meta property="og:site_name" content="Northern Lantern">'


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
def test_html_article_text_structure_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path, "lighthouse.html", PAGE.format(site_name=SITE_NAME))
    doc = read_document(path)
    assert doc.title == "Lighthouse Reopens to Visitors"
    assert doc.outlet == "Northern Lantern"
    assert doc.published == "2025-04-12"
    assert doc.url == "https://news.lantern.example.com/coast/lighthouse-reopens"
    kinds = [(block.kind, block.text) for block in doc.blocks]
    assert ("heading", "A view worth the climb") in kinds
    assert ("paragraph", "Tours run every hour from ten until four.") in kinds
    assert any("three islands on a clear day & the ferry lanes" in text for _, text in kinds)
    heading_at = kinds.index(("heading", "A view worth the climb"))
    assert kinds[heading_at + 1][1].startswith("Visitors who reach the gallery")


@pytest.mark.usefixtures("no_network")
def test_html_navigation_and_footer_are_left_out(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "lighthouse.htm", PAGE.format(site_name=SITE_NAME)))
    text = "\n".join(block.text for block in doc.blocks)
    for chrome in ("Weather", "All rights reserved", "Subscribe to our newsletter"):
        assert chrome not in text


@pytest.mark.usefixtures("no_network")
def test_html_outlet_falls_back_to_the_url_host(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "lighthouse.html", PAGE.format(site_name="")))
    assert doc.outlet is not None
    assert "lantern.example.com" in doc.outlet


@pytest.mark.usefixtures("no_network")
def test_html_charset_is_detected_from_the_bytes(tmp_path: Path) -> None:
    page = PAGE.format(site_name=SITE_NAME).replace("utf-8", "iso-8859-1")
    page = page.replace("old lighthouse", "old café")
    doc = read_document(write(tmp_path, "latin.html", page.encode("latin-1")))
    assert any("old café on the northern cape" in block.text for block in doc.blocks)


TIMETABLE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry Timetable Changes</title></head><body>
<nav><a href="/">Home</a> <a href="/coast">Coast</a></nav>
<article>
<h1>Ferry Timetable Changes</h1>
<p>The island ferry moves to its winter timetable on Monday, with fewer crossings on weekdays.</p>
<table>
<tr><th>Route</th><th>Crossings</th><th>First sailing</th></tr>
<tr><td>North Pier to Gull Island</td><td>4</td><td>07:30</td></tr>
<tr><td>North Pier to Seal Rock</td><td>2</td><td>09:15</td></tr>
</table>
<p>Crews will use the quieter months to repaint the older of the two boats, which has run since 1998.</p>
<ul>
<li><strong>Parking</strong><p>The pier car park closes at eight in the evening from next week.</p></li>
<li>Bicycles travel free<br>on every crossing this winter, the harbour office confirmed on Friday.</li>
<li><strong>Tickets</strong><p>Return tickets bought before Monday stay valid until the new year.</p></li>
</ul>
<p>The office posts its notices as plain text, and the <code>ferry-times</code> feed is updated at noon:</p>
<pre>HARBOUR OFFICE NOTICE
    The winter timetable starts on Monday 3 November.
    Return tickets bought before then remain valid.</pre>
<p>Passengers can ask at the ticket window for a printed copy of the whole winter timetable.</p>
</article>
</body></html>
"""


def html_texts(tmp_path: Path, page: str) -> list[str]:
    return [block.text for block in read_document(write(tmp_path, "page.html", page)).blocks]


def test_html_table_rows_are_separate_paragraphs(tmp_path: Path) -> None:
    texts = html_texts(tmp_path, TIMETABLE)
    rows = [
        "Route | Crossings | First sailing",
        "North Pier to Gull Island | 4 | 07:30",
        "North Pier to Seal Rock | 2 | 09:15",
    ]
    start = texts.index(rows[0])
    assert texts[start : start + 3] == rows


def test_html_list_item_heading_and_body_do_not_run_together(tmp_path: Path) -> None:
    texts = html_texts(tmp_path, TIMETABLE)
    at = texts.index("Parking")
    assert texts[at + 1] == "The pier car park closes at eight in the evening from next week."
    assert not any("ParkingThe" in text or "TicketsReturn" in text for text in texts)


def test_html_line_breaks_inside_a_list_item_are_kept(tmp_path: Path) -> None:
    texts = html_texts(tmp_path, TIMETABLE)
    assert (
        "Bicycles travel free\non every crossing this winter, the harbour office confirmed on Friday."
        in texts
    )


def test_html_preformatted_block_is_its_own_paragraph_and_inline_code_stays_inline(tmp_path: Path) -> None:
    texts = html_texts(tmp_path, TIMETABLE)
    assert "The office posts its notices as plain text, and the ferry-times feed is updated at noon:" in texts
    notice = next(text for text in texts if text.startswith("HARBOUR OFFICE NOTICE"))
    assert notice.splitlines() == [
        "HARBOUR OFFICE NOTICE",
        "    The winter timetable starts on Monday 3 November.",
        "    Return tickets bought before then remain valid.",
    ]


def test_html_layout_table_gives_the_paragraphs_in_its_cells(tmp_path: Path) -> None:
    page = """<html><head><title>Harbour Wall Repairs</title></head><body><table><tr><td>
<h1>Harbour Wall Repairs</h1>
<p>Work on the harbour wall starts next month and will last until the spring, the council said.</p>
<p>The wall was damaged in the January storms, when waves broke over it on three nights in a row.</p>
</td><td><p>Engineers will close the western steps first, then move along the wall bit by bit.</p></td>
</tr></table></body></html>"""
    assert html_texts(tmp_path, page)[-3:] == [
        "Work on the harbour wall starts next month and will last until the spring, the council said.",
        "The wall was damaged in the January storms, when waves broke over it on three nights in a row.",
        "Engineers will close the western steps first, then move along the wall bit by bit.",
    ]


def test_html_without_article_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", "<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert reason(path) == "no article text found"


# --- files that cannot be read ------------------------------------------------------------------


def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.txt", "The gate stays locked at night.\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user can read a file with mode 000 (root)")
        assert "permission denied" in reason(path)
    finally:
        path.chmod(0o644)


def test_permission_error_is_a_source_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.txt", "The gate stays locked at night.\n")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert "permission denied" in reason(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "white space"),
        (b"\xef\xbb\xbf\n \n", "white space"),
        (b"GIF89a\x00\x01\x02\x00\x00text", "binary"),
        (bytes(range(1, 32)) * 10, "binary"),
        ("The rent is due.".encode("utf-16"), "UTF-16"),
    ],
    ids=["empty", "blank", "bom-only", "nul-bytes", "control-characters", "utf-16"],
)
def test_content_that_is_not_text_is_refused(tmp_path: Path, content: bytes, expected: str) -> None:
    assert expected in reason(write(tmp_path, "bad.txt", content))


def test_latin1_file_names_the_offset_and_suggests_utf8(tmp_path: Path) -> None:
    path = write(
        tmp_path, "latin.txt", "First line is fine.\nThe caf\u00e9 opened early.\n".encode("latin-1")
    )
    text = reason(path)
    assert "not valid UTF-8" in text
    assert "byte offset 27" in text
    assert "line 2" in text
    assert "save the file as UTF-8" in text


def test_truncated_utf8_says_the_file_looks_truncated(tmp_path: Path) -> None:
    data = "The price rose to 5 \u20ac".encode()[:-1]
    assert "truncated" in reason(write(tmp_path, "cut.txt", data))


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbfThe market opens at dawn on Fridays.\n")
    assert [block.text for block in read_document(path).blocks] == ["The market opens at dawn on Fridays."]


def test_unsupported_suffix_is_refused(tmp_path: Path) -> None:
    assert "unsupported file type '.pdf'" in reason(write(tmp_path, "report.pdf", "text"))


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert reason(tmp_path / "gone.txt") == "no such file"


# --- finding sources ----------------------------------------------------------------------------


def test_find_sources_expands_folders_and_skips_what_is_not_an_article(tmp_path: Path) -> None:
    root = tmp_path / "news"
    for name in ("b.txt", "a.md", "sub/c.html", "sub/deeper/d.htm", "sub/e.markdown"):
        write(root, name, "Some text.")
    for name in ("README.md", "LICENSE.txt", "changelog.md", ".hidden.txt", ".cache/f.txt", "g.pdf", "notes"):
        write(root, name, "Some text.")
    found, errors = find_sources([root])
    assert errors == []
    assert found == [
        (root / name).resolve()
        for name in ("a.md", "b.txt", "sub/c.html", "sub/deeper/d.htm", "sub/e.markdown")
    ]
    assert all(path.is_absolute() for path in found)


def test_find_sources_reports_missing_and_unsupported_paths(tmp_path: Path) -> None:
    readme = write(tmp_path, "README.md", "Named on purpose.")
    pdf = write(tmp_path, "g.pdf", "x")
    found, errors = find_sources([tmp_path / "missing", pdf, readme, readme])
    assert found == [readme.resolve()]
    assert [(error.source, error.reason.split(" (")[0]) for error in errors] == [
        (str(tmp_path / "missing"), "no such file or folder"),
        (str(pdf), "unsupported file type '.pdf'"),
    ]


def test_a_path_that_cannot_be_looked_up_is_a_failed_source_not_a_crash(tmp_path: Path) -> None:
    too_long = tmp_path / ("n" * 300 + ".md")  # past what a file name may be
    found, errors = find_sources([too_long])
    assert found == []
    assert [(error.source, error.reason) for error in errors] == [
        (str(too_long), "cannot be looked up: File name too long")
    ]


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".markdown", ".html", ".htm"} == SUPPORTED_SUFFIXES
