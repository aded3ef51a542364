"""A training run's checkpoints: written whole, the newest two kept, and loaded to resume.

A checkpoint holds the model, the optimiser and schedule, the step, the seconds spent training over
every sitting, and torch's random state, so a resumed run takes the same batches as one sitting.
"""

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import torch

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpoint:
    path: Path
    step: int
    steps: int  # in the whole run
    seconds: float  # spent training up to ``step``, over every sitting


def _by_step(folder: Path) -> list[Path]:
    """The checkpoints in ``folder``, oldest step first."""
    return sorted(folder.glob("step-*.pt"), key=lambda p: int(p.stem.split("-")[1]))


def latest_checkpoint(folder: Path) -> Path | None:
    found = _by_step(folder)
    return found[-1] if found else None


def resume(folder: Path, model, optimiser, schedule) -> tuple[int, float]:
    """Load the newest checkpoint of ``folder`` into the run, if any: its step and seconds spent."""
    newest = latest_checkpoint(folder)
    if newest is None:
        return 0, 0.0
    state = torch.load(newest, weights_only=False)
    model.load_state_dict(state["model"])
    optimiser.load_state_dict(state["optimiser"])
    schedule.load_state_dict(state["schedule"])
    torch.set_rng_state(state["rng"])
    log.info("resuming %s at step %d", folder, state["step"])
    return state["step"], state["seconds"]


def save(folder: Path, step: int, seconds: float, model, optimiser, schedule) -> None:
    """Write a checkpoint whole (a temporary file renamed into place) and keep the newest two."""
    state = {
        "model": model.state_dict(),
        "optimiser": optimiser.state_dict(),
        "schedule": schedule.state_dict(),
        "step": step,
        "seconds": seconds,
        "rng": torch.get_rng_state(),
    }
    path = folder / f"step-{step}.pt"
    scratch = path.with_suffix(".tmp")
    torch.save(state, scratch)
    os.replace(scratch, path)
    for old in _by_step(folder)[:-2]:
        old.unlink()
