"""A question's windows read together: shared normalisation (Clark and Gardner, 2018).

Trained window by window, the reader learns how likely each span is *given* that one window, and
its probabilities cannot be compared across passages: a window about a team's coach gives the
coach's name a high probability for "who scored the winning penalty?", because within that window
it is the best name there is. Answering compares spans across all the passages it reads, so the
reader is trained as it is used: every window of one question (the paragraph that answers, a near
miss of the same article, another article's best paragraph, other reports of the week) shares one
softmax, of starts and of ends, over every window's passage tokens and ``[CLS]``. Where some window
holds the answer, its start and end are the targets (summed over the windows holding it); where
none does, the targets are the windows' ``[CLS]`` positions together: the question has no answer
here. A share of the questions (``Plan.unanswered_share``) are asked without the paragraphs that
answer them, so the reader learns to say so. A reader trained so is marked ``"normalised":
"question"`` in its manifest, and answering normalises over the passages read together as well.
"""

import random
from collections.abc import Iterable
from itertools import groupby

import torch

from .data import Example

SORTED_CHUNK = 50  # batches whose groups are sorted by length together: little padding, still shuffled


def grouped(examples: Iterable[Example], unanswered_share: float, rng: random.Random) -> list[list[Example]]:
    """The examples of each question together (they are made one question after another);
    ``unanswered_share`` of the groups that have both lose their answering paragraphs."""
    groups = []
    for _, run in groupby(examples, key=lambda e: e.question):
        group = list(run)
        missing = [e for e in group if e.answer is None]
        if missing and len(missing) < len(group) and rng.random() < unanswered_share:
            group = missing
        groups.append(group)
    return groups


def packed(sizes: list[int], lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Batches of whole groups (indices into ``sizes``, each group's windows counted; trained
    window by window, every group is one window) of at most ``batch_size`` windows (a larger group
    is a batch of its own): groups shuffled, then taken in order of their longest window (``lengths``)
    within chunks, so a batch has little padding; the batches shuffled again."""
    order = list(range(len(sizes)))
    rng.shuffle(order)
    per_batch = max(1, round(batch_size * len(sizes) / max(sum(sizes), 1)))  # groups, on average
    chunk = SORTED_CHUNK * per_batch
    found: list[list[int]] = []
    for at in range(0, len(order), chunk):
        current: list[int] = []
        held = 0
        for group in sorted(order[at : at + chunk], key=lengths.__getitem__):
            if current and held + sizes[group] > batch_size:
                found.append(current)
                current, held = [], 0
            current.append(group)
            held += sizes[group]
        if current:
            found.append(current)
    rng.shuffle(found)
    return found


def shared_loss(
    starts: torch.Tensor, ends: torch.Tensor, valid: torch.Tensor, targets: torch.Tensor, owners: list[int]
) -> torch.Tensor:
    """The mean over groups of the shared softmax's loss, of starts and of ends.

    ``starts``/``ends`` are (windows, tokens) logits; ``valid`` marks the positions a span may take
    (``[CLS]`` and passage tokens); ``targets`` is (windows, 2): each window's answer start and end
    token, or (0, 0) where it holds none; ``owners`` names each window's group."""
    losses = []
    rows = torch.tensor(owners)
    for group in sorted(set(owners)):
        mine = rows == group
        answered = targets[mine, 0] > 0
        for logits, column in ((starts[mine], 0), (ends[mine], 1)):
            scores = logits.float().masked_fill(~valid[mine], float("-inf"))
            gold = torch.zeros_like(valid[mine])
            if answered.any():
                at = targets[mine, column]
                gold[answered.nonzero().squeeze(1), at[answered]] = True
            else:
                gold[:, 0] = True
            total = torch.logsumexp(scores.flatten(), 0)
            losses.append(total - torch.logsumexp(scores.masked_fill(~gold, float("-inf")).flatten(), 0))
    return torch.stack(losses).mean()
