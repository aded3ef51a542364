"""Readers: source files in, Documents out; one module per format, chosen by the file's suffix."""

import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from ..errors import SourceError
from .document import Document
from .html import read_html
from .plain import read_plain

log = logging.getLogger(__name__)

_READERS: dict[str, Callable[[Path, str | None], Document]] = {
    ".txt": read_plain,
    ".md": read_plain,
    ".markdown": read_plain,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_SUFFIXES = frozenset(_READERS)
# Files a folder of articles commonly holds that are not articles; skipped inside folders only.
_NOT_ARTICLES = ("README", "LICENSE", "CHANGELOG")


def find_sources(paths: Iterable[Path]) -> tuple[list[Path], list[SourceError]]:
    """The article files named by ``paths``, folders expanded recursively, and what could not be used.

    Inside folders, hidden entries, README/LICENSE/CHANGELOG files and unsupported suffixes are
    skipped silently; a file named explicitly is taken if its suffix is supported. Paths come back
    resolved, each once, in the order given, a folder's files sorted by relative path.
    """
    found: list[Path] = []
    errors: list[SourceError] = []
    for given in paths:
        try:
            path = Path(given).expanduser()
            folder, exists = path.is_dir(), path.exists()
        except (OSError, RuntimeError) as error:  # a name too long, a folder closed to us, ~nobody
            reason = error.strerror if isinstance(error, OSError) else str(error)
            errors.append(SourceError(str(given), f"cannot be looked up: {reason}"))
            continue
        if folder:
            found.extend(_walk(path, errors))
        elif not exists:
            errors.append(SourceError(str(given), "no such file or folder"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            errors.append(SourceError(str(given), _unsupported(path)))
        else:
            found.append(path.resolve())
    return list(dict.fromkeys(found)), errors


def read_document(path: Path, url: str | None = None) -> Document:
    """Read one article file; raises SourceError with a short reason when it cannot.

    ``url`` is where the file came from (a fetched page's copy); the file's own metadata wins.
    """
    path = Path(path).expanduser().resolve()
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceError(str(path), _unsupported(path))
    if path.is_dir():
        raise SourceError(str(path), "is a folder, not a file")
    document = reader(path, url)
    log.debug("read %s: %d blocks", path, len(document.blocks))
    return document


def _walk(root: Path, errors: list[SourceError]) -> list[Path]:
    def unreadable(error: OSError) -> None:
        errors.append(SourceError(str(error.filename), f"cannot open the folder: {error.strerror}"))

    files = []
    for folder, subfolders, names in os.walk(root, onerror=unreadable):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        files.extend(Path(folder, name) for name in names if _is_article_name(name))
    files.sort(key=lambda file: file.relative_to(root).parts)
    return [file.resolve() for file in files if file.is_file()]


def _is_article_name(name: str) -> bool:
    return (
        not name.startswith(".")
        and not name.upper().startswith(_NOT_ARTICLES)
        and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
    )


def _unsupported(path: Path) -> str:
    kind = f"'{path.suffix}'" if path.suffix else "without a suffix"
    return f"unsupported file type {kind} (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
