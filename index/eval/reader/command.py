"""``newsbot eval train-reader SQUAD_FOLDER``: train the reader by the shipped plan (or one of
``--limit`` SQuAD questions, ``--retrieved-negatives`` of them also asked of another article's
best paragraph; ``--shared``: each question's windows normalised together), resuming the run in
``--run``, then write the int8 reader into ``--out`` (the package's ``weights`` folder by
default) and print what the run took.

The silver set's training half is read from beside the SQuAD folder (``../qa/realtimeqa_silver``)
when it is there. ``--steps N`` stops after N more steps: run the same command again to resume.
"""

from pathlib import Path

from ...answer.reader.model import WEIGHTS
from ...errors import SourceError
from ...ingest import Progress, no_progress
from ...settings import Settings
from ..common import Table
from .export import export
from .train import SHIPPED_SQUAD_QUESTIONS, shipped_plan, train

TRAIN_FILE = "train-v1.1.json.gz"


def run(
    dataset: Path,
    settings: Settings,
    limit: int | None = None,
    progress: Progress = no_progress,
    run_folder: Path | None = None,
    out: Path | None = None,
    steps: int | None = None,
    retrieved: float = 0.0,
    shared: bool = False,
) -> list[Table]:
    squad = dataset / TRAIN_FILE if dataset.is_dir() else dataset
    if not squad.exists():
        raise SourceError(str(squad), "no SQuAD v1.1 training file there")
    silver = squad.parent.parent / "qa" / "realtimeqa_silver"
    questions = SHIPPED_SQUAD_QUESTIONS if limit is None else limit
    plan = shipped_plan(squad, silver if silver.is_dir() else None, questions, retrieved, shared)
    folder = run_folder or settings.data_dir / "reader-run"
    checkpoint, done = train(plan, folder, lambda step, total, _: progress("train", step, total), steps)
    rows = [["run folder", str(folder)], ["steps done", f"{checkpoint.step} of {checkpoint.steps}"]]
    rows.append(["training time (s)", round(checkpoint.seconds)])
    if done:
        manifest = export(checkpoint.path, folder, out or WEIGHTS)
        rows.append(["reader written", str((out or WEIGHTS) / manifest["model"])])
    notes = [] if done else ["Stopped before the end: the same command resumes from the newest checkpoint."]
    return [Table("Training the reader", ["", "value"], rows, notes)]
