"""Which segments a publish rewrites: the new passages always make a segment; the last segments
join it while they are no more than ``FACTOR`` times its size.

So segments grow geometrically towards the oldest (a large base, a few smaller ones, the newest
smallest), a generation has about log₄(passages / publish size) of them, and a passage is
rewritten a few times in its life instead of at every publish. A segment more than
``MAX_REMOVED`` removed (retention eats the oldest first) is rewritten with all after it, and
never more than ``MAX_SEGMENTS`` are kept. ``newsbot compact`` merges them all into one.
"""

from dataclasses import dataclass

import numpy as np

FACTOR = 4
MAX_REMOVED = 0.5
MAX_SEGMENTS = 12


@dataclass(frozen=True)
class Written:
    """A segment of the previous generation: its name and the ids it was written with."""

    name: str
    ids: np.ndarray


@dataclass(frozen=True)
class Plan:
    kept: list[str]  # segments the new generation lists as they are
    removed: np.ndarray  # the ids of their passages that have left the index
    after: int  # the new segment holds the live passages with greater ids (-1: all of them)


def plan(previous: list[Written], removed: np.ndarray, added: int) -> Plan:
    """The segments of a generation that adds ``added`` passages (ids greater than all before) to
    the ``previous`` segments and removes the passages ``removed`` (of any segment, ids sorted)."""
    live = [len(w.ids) - int(np.isin(w.ids, removed, assume_unique=True).sum()) for w in previous]
    first, size = len(previous), added
    while first and (live[first - 1] <= FACTOR * size or first > MAX_SEGMENTS - 1):
        first -= 1
        size += live[first]
    worn = [i for i, w in enumerate(previous) if len(w.ids) and live[i] < (1 - MAX_REMOVED) * len(w.ids)]
    first = min([first, *worn])
    kept = previous[:first]
    after = int(kept[-1].ids[-1]) if kept else -1
    return Plan([w.name for w in kept], removed[removed <= after], after)
