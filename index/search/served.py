"""The generation a store serves, as each reader sees it.

The newest published generation is loaded once (only its new segments, ``snapshot.load``) and
swapped in whole when a newer one appears. Every search takes it through ``Served.seen_by``, which
hands it out restricted to the passages of the articles the reader's scope sees (``store.scopes``),
so no way of asking can reach another server's articles by forgetting to filter them. What each
scope sees is worked out once per generation and change of who sees what (its flags and FAISS
bitmap), and kept for the last ``KEPT`` scopes: asking again costs a dictionary lookup and one read
of the store's version. Views of an older generation or version are dropped as soon as a newer one
is asked for, so they never keep a replaced generation's segments in memory.

With several processes over one database (``snapshot.kept``), a process slow to load a generation
may find its files already removed: it loads the newest one instead.
"""

import logging
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ..errors import IndexFilesMissing, IndexNotReady
from ..store import Scope, Store
from . import snapshot
from .snapshot import Snapshot

log = logging.getLogger(__name__)

KEPT = 64


class Served:
    def __init__(self, store: Store, root: Path, model: str) -> None:
        self.store = store
        self.root = root  # the generation folders
        self.model = model  # the embedding model questions are encoded with
        self._newest: Snapshot | None = None
        self._loading = threading.Lock()
        self._seen: OrderedDict[tuple[int, int, Scope], Snapshot] = OrderedDict()
        self._seen_lock = threading.Lock()

    def newest(self) -> Snapshot:
        """The newest published generation, whole. Raises IndexNotReady when there is none or it
        was built with another model."""
        number = self.store.generation()
        if number == 0:
            raise IndexNotReady("nothing is indexed yet", remedy="ingest")
        model = self.store.meta("model")
        if model != self.model:
            raise IndexNotReady(
                f"the index was built with the model {model!r}, not {self.model!r}", remedy="reindex"
            )
        with self._loading:
            if self._newest is None or self._newest.number != number:
                self._newest = self._load(number)
                log.info("serving generation %d", self._newest.number)
            return self._newest

    def _load(self, number: int) -> Snapshot:
        """Generation ``number``, reusing the segments of the one served; when its files are gone,
        the newest generation the store names now (IndexFilesMissing when that fails too)."""
        known = {s.name: s for s in self._newest.segments} if self._newest else {}
        try:
            return snapshot.load(self.root, number, known)
        except IndexFilesMissing:
            newest = self.store.generation()
            if newest == number:
                raise
            log.warning("generation %d was removed before it was loaded; loading %d", number, newest)
            return snapshot.load(self.root, newest, known)

    def seen_by(self, scope: Scope) -> Snapshot:
        """The newest generation as ``scope`` sees it."""
        gen = self.newest()
        key = (gen.number, self.store.owners.version(), scope)
        with self._seen_lock:
            if key in self._seen:
                self._seen.move_to_end(key)
                return self._seen[key]
        unseen = self.store.owners.unseen_passages(scope)
        seen = ~np.isin(gen.ids, np.asarray(unseen, dtype=np.int64)) if unseen else None
        view = gen.restricted(None if seen is None or seen.all() else seen)
        with self._seen_lock:
            for stale in [k for k in self._seen if k[:2] != key[:2]]:
                del self._seen[stale]
            self._seen[key] = view
            while len(self._seen) > KEPT:
                self._seen.popitem(last=False)
        return view
