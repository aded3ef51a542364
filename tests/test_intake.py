"""Uploaded files and fetched pages are kept as checked copies that reindex can re-read."""

import pytest

from index.errors import SourceError
from index.ingest import save_page, save_upload
from index.read import Page

STORY = b"# Harbour lights\n\nThe harbour lights were switched on again on Friday evening after repairs.\n"
PAGE = (
    b"<html><head><title>Ferry returns</title></head><body><article><h1>Ferry returns</h1>"
    b"<p>The island ferry resumed its crossings on Monday after a month in dry dock.</p>"
    b"<p>Passengers queued from dawn, and the first crossing left on time.</p></article></body></html>"
)


def test_an_upload_is_kept_under_a_safe_version_of_its_name(tmp_path):
    path = save_upload(tmp_path, "../../etc/Harbour Lights (final).MD", STORY)
    assert path.parent == tmp_path
    assert path.name == "Harbour-Lights-final.md"
    assert path.read_bytes() == STORY


def test_an_upload_of_an_unsupported_type_is_refused(tmp_path):
    with pytest.raises(SourceError, match=r"unsupported file type '\.pdf'"):
        save_upload(tmp_path, "report.pdf", b"%PDF-1.7")
    assert list(tmp_path.iterdir()) == []


def test_a_broken_upload_leaves_the_earlier_copy_in_place(tmp_path):
    good = save_upload(tmp_path, "lights.md", STORY)
    with pytest.raises(SourceError, match=r"lights\.md"):
        save_upload(tmp_path, "lights.md", b"\x00\x01\x02 binary junk")
    assert good.read_bytes() == STORY
    assert [p.name for p in tmp_path.iterdir()] == ["lights.md"]


def test_a_fetched_page_is_named_after_its_url_and_keeps_its_type(tmp_path):
    first = save_page(tmp_path, Page("https://news.example/ferry", PAGE, "text/html", "utf-8"))
    again = save_page(tmp_path, Page("https://news.example/ferry", PAGE, "text/html", "utf-8"))
    text = save_page(tmp_path, Page("https://news.example/ferry.txt", STORY, "text/plain", None))
    assert first == again and first.suffix == ".html"
    assert text.suffix == ".txt" and text != first


def test_a_page_without_article_text_is_refused_and_not_kept(tmp_path):
    empty = Page(
        "https://news.example/paywall", b"<html><body><nav>Subscribe</nav></body></html>", "text/html", None
    )
    with pytest.raises(SourceError) as refused:
        save_page(tmp_path, empty)
    assert refused.value.source == "https://news.example/paywall"
    assert list(tmp_path.iterdir()) == []
