"""Copies of what arrives from outside the user's files: fetched pages and files uploaded to the bot.

They are kept in the data folder so that reindex can re-read them like any other file. A new copy
is checked (read and cleaned) under a temporary name before it replaces the old one, so a broken
upload never overwrites an article that was being served.
"""

import os
import re
from pathlib import Path

from ..errors import SourceError
from ..read.clean import clean_document
from ..read.files import SUPPORTED_SUFFIXES, read_document
from ..read.web import Page
from ..text import sha256

_UNSAFE = re.compile(r"[^\w.-]+")
MAX_NAME = 100


def save_page(folder: Path, page: Page) -> Path:
    """The page's copy, named after its URL, so fetching the same URL again updates one article."""
    suffix = ".txt" if page.content_type == "text/plain" else ".html"
    return _save(folder / f"{sha256(page.url)[:24]}{suffix}", page.body, page.url)


def save_upload(folder: Path, name: str, data: bytes) -> Path:
    """The uploaded file's copy under a safe version of its name; the same name replaces it."""
    stem, suffix = os.path.splitext(Path(name).name)
    if suffix.lower() not in SUPPORTED_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "without a suffix"
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise SourceError(name, f"unsupported file type {kind} (supported: {supported})")
    return _save(folder / f"{safe_name(stem, 'upload')}{suffix.lower()}", data, None)


def safe_name(name: str, fallback: str) -> str:
    """``name`` as a file name: letters, digits, dots and dashes only, at most ``MAX_NAME`` long."""
    return _UNSAFE.sub("-", name).strip("-.")[:MAX_NAME] or fallback


def _save(path: Path, data: bytes, url: str | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    incoming = path.with_name(f".incoming-{path.name}")
    incoming.write_bytes(data)
    try:
        document = clean_document(read_document(incoming, url))
        if not any(block.kind == "paragraph" for block in document.blocks):
            raise SourceError(url or path.name, "no article text left after removing page furniture")
    except SourceError as error:
        incoming.unlink()
        raise SourceError(url or path.name, error.reason) from None
    os.replace(incoming, path)
    return path
