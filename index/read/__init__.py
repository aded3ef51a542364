"""Reading sources into documents: one reader per format (text, Markdown with front matter, HTML
through trafilatura), cleaning of page furniture, page identity (URL keys, fingerprints), and
fetching pages and feeds from the web safely."""

from .clean import clean_document, is_boilerplate
from .document import Block, Document, PassageDraft
from .files import SUPPORTED_SUFFIXES, find_sources, read_document
from .web import MAX_URL_CHARS, Pacer, Page, fetch_feed, fetch_page, web_address

__all__ = [
    "MAX_URL_CHARS",
    "SUPPORTED_SUFFIXES",
    "Block",
    "Document",
    "Pacer",
    "Page",
    "PassageDraft",
    "clean_document",
    "fetch_feed",
    "fetch_page",
    "find_sources",
    "is_boilerplate",
    "read_document",
    "web_address",
]
