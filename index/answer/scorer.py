"""Learned scorers: logistic regressions whose weights ``newsbot eval train`` writes as JSON.

A scorer is a list of feature names, their means and scales (the training data's), one weight per
feature and an intercept; scoring is a dot product, so answering needs no learning library. The
weights ship in this folder (``weights/``), made reproducibly from the silver set's training half.
"""

import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).parent / "weights"


@dataclass(frozen=True)
class Scorer:
    features: list[str]
    mean: list[float]
    scale: list[float]
    weights: list[float]
    intercept: float

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """For each row of features (in ``features`` order), the probability of the positive class."""
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        z = (rows - np.asarray(self.mean)) / np.asarray(self.scale)
        logit = z @ np.asarray(self.weights) + self.intercept
        return (1.0 / (1.0 + np.exp(-logit))).astype(np.float32)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")


@cache
def load(name: str) -> Scorer:
    """The shipped scorer ``name`` ("sentences" or "answerable"), read once."""
    return Scorer(**json.loads((WEIGHTS / f"{name}.json").read_text(encoding="utf-8")))
