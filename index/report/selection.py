"""Maximal marginal relevance: choosing sentences that matter without choosing the same one twice."""

import numpy as np


def mmr(
    relevance: np.ndarray,
    similarity: np.ndarray,
    count: int,
    redundancy: float,
    too_close: float = np.inf,
    groups: np.ndarray | None = None,
    spread: float = 0.0,
) -> list[int]:
    """Up to ``count`` indices, each the best trade-off between its relevance and its similarity to
    those already chosen. A candidate whose relevance is -inf, or whose similarity to a chosen one
    reaches ``too_close``, is never chosen. With ``groups`` (one label per candidate), a candidate
    of a group none chosen is in gains ``spread``."""
    chosen: list[int] = []
    while len(chosen) < count:
        penalty = similarity[:, chosen].max(axis=1) if chosen else np.zeros(len(relevance))
        gain = (1 - redundancy) * relevance - redundancy * penalty
        if groups is not None and chosen:
            gain = gain + spread * ~np.isin(groups, groups[chosen])
        gain[chosen] = -np.inf
        gain[penalty >= too_close] = -np.inf
        if not len(gain) or not np.isfinite(gain.max()):
            break
        chosen.append(int(np.argmax(gain)))
    return chosen
