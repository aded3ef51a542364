"""The search files of a generation being published: the segments it keeps, the one it writes
(its new passages, and the segments ``search.merges`` joins to them), and the passages removed.

Called inside the publish's SQLite transaction, after its rows have changed, so the store's
live passages are the new generation's. A publish that adds one article writes a segment of a
few passages and reads nothing of the others but their ids; the work grows with what changed.
"""

from collections.abc import Iterator
from datetime import date
from itertools import islice
from pathlib import Path

import faiss
import numpy as np

from ..search import dense, merges, segment, snapshot
from ..store import Store
from .report import Progress

CHUNK = 10_000  # passages read from the store at a time while a segment is built


def write_generation(
    store: Store,
    root: Path,
    number: int,
    model: str,
    dim: int,
    progress: Progress,
    *,
    whole: bool = False,
    retrain: bool = False,
) -> None:
    """Write generation ``number``'s files. ``whole`` rewrites every passage into one segment
    (after a model change, or to compact); ``retrain`` also trains an approximate index's cells
    anew instead of reusing the previous generation's."""
    previous = snapshot.layout(root, number - 1) or snapshot.Layout([], np.zeros(0, dtype=np.int64))
    written = [
        merges.Written(n, segment.written_ids(snapshot.segment_folder(root, n))) for n in previous.segments
    ]
    removed = np.union1d(previous.removed, np.array(store.removed_ids(number), dtype=np.int64))
    if whole:
        plan = merges.Plan([], np.zeros(0, dtype=np.int64), -1)
    else:
        last = int(written[-1].ids[-1]) if written else -1
        plan = merges.plan(written, removed.astype(np.int64), store.live_count(after=last))
    names = list(plan.kept)
    count = store.live_count(after=plan.after)
    progress("index", 0, count)
    if count:
        name = f"{number:08d}"
        merged = [w.name for w in written if w.name not in plan.kept]
        trained = None if retrain or not merged else _cells(root, merged[0], count, dim)
        rows = _chunks(store, model, plan.after, count, progress)
        segment.write(snapshot.segment_folder(root, name), count, dim, rows, trained)
        names.append(name)
    progress("index", count, count)  # the index files are built after the last chunk is read
    snapshot.write(root, number, snapshot.Layout(names, plan.removed))


def _cells(root: Path, name: str, count: int, dim: int) -> faiss.Index | None:
    """The trained cells of segment ``name``, if a segment of ``count`` passages would train the same."""
    return dense.emptied(snapshot.segment_folder(root, name) / segment.VECTORS_FILE, count, dim)


def _chunks(store: Store, model: str, after: int, count: int, progress: Progress) -> Iterator[segment.Chunk]:
    """The live passages with ids above ``after`` in id order, ``CHUNK`` at a time, with their vectors."""
    rows = store.live_passages(after)
    done = 0
    while batch := list(islice(rows, CHUNK)):
        cached = store.embeddings.passage_vectors(model, [r[1] for r in batch])
        yield segment.Chunk(
            ids=np.array([r[0] for r in batch], dtype=np.int64),
            matrix=np.stack([cached[r[1]] for r in batch]),
            documents=[" ".join(filter(None, (t, heading, text))) for _, _, heading, text, t, _ in batch],
            days=np.array([_day(published) for *_, published in batch], dtype=np.int32),
        )
        done += len(batch)
        progress("index", done, count)


def _day(published: str | None) -> int:
    """An article's ISO date as the day number a segment keeps, or ``UNDATED``."""
    return date.fromisoformat(published).toordinal() if published else segment.UNDATED
