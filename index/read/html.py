"""HTML articles: trafilatura finds the main text and the metadata; its XML output gives the structure.

Only bytes already on disk are handed to trafilatura (it detects the charset itself); nothing here
fetches a URL.

Tables are read: each row is one paragraph, its cells joined by " | " (a layout table, whose cells
hold paragraphs of their own, gives those paragraphs instead). Code blocks are kept too, each as
one paragraph with its line breaks, wherever they sit (in the text, a list item, a table cell).
The markdown reader drops fenced code, but a fence is code by the author's word; trafilatura calls
a <pre> code on a guess (one indented line is enough), and dropping that would also drop the
plain-text documents, statements and transcripts that pages lay out in a <pre>.

The document's URL is the page's canonical one when it states it: ``<link rel="canonical">``,
else ``og:url``, made absolute against the URL the page was fetched from; one that is only the
site's home page (a template's default) is ignored. Else it is the URL the page was fetched from.
It is read here rather than taken from trafilatura's metadata, which falls back on ``<base href>``
(a folder or the home page, not the article): the URL is part of what makes two pages one article
(see ``index.identity``), so a wrong one would merge different stories.
"""

from pathlib import Path
from urllib.parse import urljoin, urlparse

import trafilatura
from lxml import etree
from trafilatura.utils import load_html

from ..errors import SourceError
from .dates import iso_date
from .document import Block, Document
from .identity import is_home_page, url_key
from .raw import check_text_like, content_hash, read_bytes

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
# Elements of trafilatura's XML output that end the text run before them and start their own.
_BLOCKS = frozenset({"head", "p", "quote", "list", "item", "div", "table", "row", "cell"})
_CELL_SEPARATOR = " | "


def read_html(path: Path, url: str | None = None) -> Document:
    data = read_bytes(path)
    check_text_like(path, data)
    extracted = trafilatura.extract(
        data,
        url=url,
        output_format="xml",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=False,
    )
    root = etree.fromstring(extracted.encode("utf-8"), _PARSER) if extracted else None
    main = root.find("main") if root is not None else None
    # Bare text alone in <main> is trafilatura's last resort, the page's leftover text (menus, link
    # labels): no article. Beside paragraphs, headings or tables, loose text is read with them.
    structured = main is not None and any(_is_block(element) for element in main.iterdescendants())
    blocks = _blocks(main) if structured else []
    if not any(block.kind == "paragraph" for block in blocks):
        raise SourceError(str(path), "no article text found")
    url = canonical_url(data, url) or url
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


def canonical_url(data: bytes, fetched: str | None = None) -> str | None:
    """The page's canonical URL (``<link rel="canonical">``, else ``og:url``), absolute against the
    URL it was ``fetched`` from; None when it states none that is an http(s) URL beyond a home page."""
    tree = load_html(data)
    if tree is None:
        return None
    found = [
        *tree.xpath("//head//link[translate(@rel, 'CANONICAL', 'canonical') = 'canonical']/@href"),
        *tree.xpath("//head//meta[@property = 'og:url']/@content"),
    ]
    for given in found:
        url = urljoin(fetched or "", given.strip())
        if url_key(url) is not None and not is_home_page(url):
            return url
    return None


def _blocks(element: etree._Element, kind: str = "paragraph") -> list[Block]:
    """The element's blocks in document order.

    Block children (paragraphs, list items, headings, table rows, code blocks) give their own blocks;
    the text around them, inline children and line breaks included, gives blocks of ``kind``. So a
    list item's lead-in and the paragraph after it in the same item are two blocks, not one run-on
    text, and nested lists are flattened.
    """
    blocks: list[Block] = []
    run = [element.text or ""]

    def flush() -> None:
        text = "".join(run).strip()
        if text:
            blocks.append(Block(kind, text))
        run.clear()

    for child in element:
        if _is_block(child):
            flush()
            row = _row_text(child)
            if row is None:
                blocks.extend(_blocks(child, "heading" if child.tag == "head" else "paragraph"))
            elif row:
                blocks.append(Block("paragraph", row))
        else:
            run.append(_inline_text(child))
        run.append(child.tail or "")
    flush()
    return blocks


def _row_text(element: etree._Element) -> str | None:
    """A table row's non-empty cells joined by " | "; None unless it is a row of plain-text cells."""
    if element.tag != "row" or any(_is_block(inner) for cell in element for inner in cell):
        return None
    return _CELL_SEPARATOR.join(text for cell in element if (text := _inline_text(cell).strip()))


def _is_block(element: etree._Element) -> bool:
    return element.tag in _BLOCKS or _is_code_block(element)


def _is_code_block(element: etree._Element) -> bool:
    """A <code> whose text spans lines (a <pre> on the page); a one-line <code> stays in its sentence."""
    return element.tag == "code" and "\n" in _inline_text(element).strip()


def _inline_text(element: etree._Element) -> str:
    """The element's text and its descendants', a line break for each <lb/>."""
    if element.tag == "lb":
        return "\n"
    return (element.text or "") + "".join(_inline_text(child) + (child.tail or "") for child in element)


def _host(url: str | None) -> str | None:
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None
