"""A snapshot: what one published generation's questions are searched in — its segments, less
the passages removed from them since they were written.

A generation is a small folder naming its segments (``generation.json``) and holding the ids of
their removed passages (``removed.npy``); a publish writes at most one new segment (the passages
it adds, and the segments ``merges`` joins to them) and a new generation folder, each written
aside, flushed and renamed into place before the transaction that names the generation
commits. Whatever is killed, the generation ``meta.generation`` names is complete, and a
half-written one is only a stray folder that the next publish removes.

Other processes may serve the folder too (``NEWSBOT_SEGMENTS_DIR`` shared over one PostgreSQL
database), each moving to a new generation a moment after it is published: a publish removes
only generations older than the one before the newest and replaced more than ``GRACE_SECONDS``
ago (``kept``).
"""

import copy
import json
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from ..errors import IndexFilesMissing, IndexNotReady
from . import dense
from .lexical import Lexical
from .segment import UNDATED, Segment, fsync, fsync_tree
from .segment import load as load_segment

GENERATION_FILE = "generation.json"
REMOVED_FILE = "removed.npy"
SEGMENTS_DIR = "segments"
GRACE_SECONDS = 600.0  # how long a replaced generation stays for the processes still serving it

__all__ = [
    "GRACE_SECONDS",
    "UNDATED",
    "Layout",
    "Snapshot",
    "folder",
    "kept",
    "layout",
    "load",
    "remove_stale",
    "segment_folder",
]


@dataclass(frozen=True)
class Layout:
    """A generation's segments, oldest first, and the ids of their passages that left."""

    segments: list[str]
    removed: np.ndarray


def folder(root: Path, number: int) -> Path:
    return root / f"{number:08d}"


def segment_folder(root: Path, name: str) -> Path:
    return root / SEGMENTS_DIR / name


def layout(root: Path, number: int) -> Layout | None:
    """Generation ``number``'s layout; None when it has none (not published, or by a newsbot
    before segments)."""
    where = folder(root, number)
    if not (where / GENERATION_FILE).exists():
        return None
    listed = json.loads((where / GENERATION_FILE).read_text(encoding="utf-8"))["segments"]
    return Layout(listed, np.load(where / REMOVED_FILE))


def write(root: Path, number: int, layout: Layout) -> None:
    """Durably write generation ``number``'s folder, naming segments already written."""
    final = folder(root, number)
    staging = final.with_name(final.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(final, ignore_errors=True)  # left by a publish that never committed
    staging.mkdir(parents=True)
    np.save(staging / REMOVED_FILE, np.sort(layout.removed).astype(np.int64))
    (staging / GENERATION_FILE).write_text(json.dumps({"segments": layout.segments}), encoding="utf-8")
    fsync_tree(staging)
    staging.rename(final)
    fsync(root)


class Snapshot:
    """Generation ``number`` as searched: the live passages' ids in order (``ids``), their days,
    BM25 over them (``lexical``) and their vectors (``dense_search``); ``seen`` flags, in the order
    of ``ids``, the passages its reader may see (None: all of them; see ``restricted``)."""

    seen: np.ndarray | None = None
    _seen_ids: np.ndarray | None = None  # the ids ``seen`` flags, and their FAISS bitmap
    _seen_allowed: dense.Allowed | None = None

    def __init__(self, number: int, segments: list[Segment], removed: np.ndarray) -> None:
        self.number = number
        self.segments = segments
        self.lexical = Lexical([s.lexical for s in segments], removed)
        self.ids = self.lexical.ids
        live = self.lexical.live
        self.days = np.concatenate([s.days[m] for s, m in zip(segments, live, strict=True)] or [[]])
        self._live = [
            None if m.all() else dense.Allowed.of(s.ids[m]) for s, m in zip(segments, live, strict=True)
        ]

    def restricted(self, seen: np.ndarray | None) -> "Snapshot":
        """This snapshot for a reader who may see only the passages ``seen`` flags; it shares
        everything loaded with this one, and makes the FAISS bitmap of what it sees once."""
        view = copy.copy(self)
        view.seen = seen
        if seen is not None:
            view._seen_ids = self.ids[seen]
            view._seen_allowed = dense.Allowed.of(view._seen_ids)
        return view

    def lexical_search(
        self, query: str, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(passage id, BM25 score) of the ``k`` best live passages; only those ``allowed`` flags
        (in the order of ``ids``) if given, else only those its reader sees (``seen``)."""
        return self.lexical.search(query, k, self.seen if allowed is None else allowed)

    def days_of(self, passage_ids: list[int]) -> np.ndarray:
        """The days of live passages of this generation."""
        return self.days[np.searchsorted(self.ids, passage_ids)]

    def dense_search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """(passage id, cosine) of the ``k`` nearest live passages, best first; only ``allowed``
        ids (ascending) if given, else only those its reader sees (``seen``)."""
        if allowed is None and self._seen_ids is not None:
            allowed, period = self._seen_ids, self._seen_allowed
        else:
            period = None if allowed is None else dense.Allowed.of(allowed)
        found: list[tuple[int, float]] = []
        for segment, live in zip(self.segments, self._live, strict=True):
            keep = live
            if period is not None:  # the segment's share of the allowed ids, for its cells to probe
                first = np.searchsorted(allowed, segment.ids[0], side="left")
                end = np.searchsorted(allowed, segment.ids[-1], side="right")
                keep = replace(period, count=int(end - first))
            found += dense.search(segment.dense, query, k, keep)
        found.sort(key=lambda hit: (-hit[1], hit[0]))
        return found[:k]


def load(root: Path, number: int, known: dict[str, Segment] | None = None) -> Snapshot:
    """Generation ``number``; segments already in ``known`` (by name) are not read again. Raises
    IndexFilesMissing when its folder or one of its segments is not in ``root``."""
    missing = IndexFilesMissing(f"the index files of generation {number} are not in {root}", remedy="reindex")
    if not folder(root, number).is_dir():
        raise missing
    listed = layout(root, number)
    if listed is None:
        raise IndexNotReady("the index files were written by an older newsbot", remedy="reindex")
    known = known or {}
    try:
        segments = [known.get(n) or load_segment(segment_folder(root, n)) for n in listed.segments]
    except FileNotFoundError:
        raise missing from None
    return Snapshot(number, [s for s in segments if len(s.ids)], listed.removed)


def kept(upcoming: int, replaced: dict[int, float], now: float, grace: float = GRACE_SECONDS) -> set[int]:
    """The generations a publish of ``upcoming`` keeps: the newest, the one before it, and any
    replaced (``replaced``: when, by number) less than ``grace`` seconds before ``now``."""
    return {upcoming - 1, upcoming - 2} | {n for n, when in replaced.items() if now - when < grace}


def remove_stale(root: Path, keep: set[int]) -> None:
    """Delete generation folders other than ``keep``, segments none of them lists, and anything
    left half-written."""
    if not root.is_dir():
        return
    listed = set()
    for number in keep:
        kept = layout(root, number)
        listed |= set(kept.segments) if kept else set()
    for entry in root.iterdir():
        if entry.name == SEGMENTS_DIR:
            continue
        if not entry.name.isdigit() or int(entry.name) not in keep:
            _remove(entry)
    segments = root / SEGMENTS_DIR
    for entry in segments.iterdir() if segments.is_dir() else ():
        if entry.name not in listed:
            _remove(entry)


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
