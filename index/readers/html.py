"""HTML articles: trafilatura finds the main text and the metadata; its XML output gives the structure.

Only bytes already on disk are handed to trafilatura (it detects the charset itself); nothing here
fetches a URL.
"""

from pathlib import Path
from urllib.parse import urlparse

import trafilatura
from lxml import etree

from index.documents import Block, Document
from index.errors import SourceError
from index.readers.dates import iso_date
from index.readers.raw import check_text_like, content_hash, read_bytes

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
# Elements of trafilatura's XML output that hold prose; tables, code and figures are left out.
_PARAGRAPHS = frozenset({"p", "quote", "item"})
_CONTAINERS = frozenset({"div", "list", "quote"})


def read_html(path: Path, url: str | None = None) -> Document:
    data = read_bytes(path)
    check_text_like(path, data)
    extracted = trafilatura.extract(
        data,
        url=url,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
    )
    root = etree.fromstring(extracted.encode("utf-8"), _PARSER) if extracted else None
    main = root.find("main") if root is not None else None
    blocks = _blocks(main) if main is not None else []
    if not any(block.kind == "paragraph" for block in blocks):
        raise SourceError(str(path), "no article text found")
    url = root.get("url") or url
    first_heading = next((block.text for block in blocks if block.kind == "heading"), None)
    return Document(
        source=str(path),
        content_hash=content_hash(data),
        title=root.get("title") or first_heading or path.stem,
        blocks=blocks,
        outlet=root.get("sitename") or _host(url),
        published=iso_date(root.get("date")),
        url=url,
        path=str(path),
    )


def _blocks(element: etree._Element) -> list[Block]:
    """Headings, paragraphs and list items in document order; nested lists are flattened."""
    blocks = []
    for child in element:
        if child.tag in _CONTAINERS and any(inner.tag in _PARAGRAPHS | {"head"} for inner in child):
            blocks.extend(_blocks(child))
        elif child.tag == "head" or child.tag in _PARAGRAPHS:
            text = _inline_text(child).strip()
            if text:
                blocks.append(Block("heading" if child.tag == "head" else "paragraph", text))
            for nested in child:
                if nested.tag == "list":
                    blocks.extend(_blocks(nested))
    return blocks


def _inline_text(element: etree._Element) -> str:
    """The element's text with line breaks kept, leaving out nested lists (read as their own blocks)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag != "list":
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _host(url: str | None) -> str | None:
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None
