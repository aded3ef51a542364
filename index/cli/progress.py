"""Progress bars on stderr for the engine's progress callback."""

import sys

from tqdm import tqdm

_LABELS = {"read": "reading", "embed": "embedding", "index": "indexing"}


class TqdmProgress:
    """One tqdm bar per stage; a context manager so bars are closed whatever happens."""

    def __init__(self) -> None:
        self._bar: tqdm | None = None
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        bar = self._bar
        if bar is None or stage != self._stage:
            self.close()
            self._stage = stage
            bar = self._bar = tqdm(
                total=total, desc=_LABELS.get(stage, stage), unit="", file=sys.stderr, leave=False
            )
        bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> "TqdmProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
