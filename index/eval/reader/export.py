"""The trained reader as answering loads it: ONNX with int8 weights, its tokenizer and a manifest.

``export`` writes a checkpoint's model to ONNX (torch's own exporter), quantises its weights to
int8 per output channel (``embed.onnx.quantize``, as the onnx-int8 encoder's), and writes beside
it the tokenizer and ``reader.json``: the files' names and digests, the plan and checkpoint that
made it, how long training took, and the spans the int8 model gives for ``CHECKED`` questions, so
a test can tell that the shipped file still answers as the export left it.
"""

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import torch

from ...answer.reader.model import Reader
from ...embed.onnx import quantize
from .train import Plan

MODEL = "reader-int8.onnx"
TOKENIZER = "reader-tokenizer.json"
CHECKED = (
    (
        "Who opened the new bridge?",
        "The bridge over the river Lenne was opened on Saturday by the mayor, Ines Kowalczyk, "
        "after four years of building. It cost 31 million euros.",
    ),
    (
        "How much did the bridge cost?",
        "The bridge over the river Lenne was opened on Saturday by the mayor, Ines Kowalczyk, "
        "after four years of building. It cost 31 million euros.",
    ),
    (
        "Who won the chess final?",
        "Heavy rain closed three schools in the valley on Monday, and the roads to the pass stay shut.",
    ),
)


class _Logits(torch.nn.Module):
    """The question-answering model called with named inputs, returning start and end logits."""

    def __init__(self, model: torch.nn.Module) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids):
        out = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
        return out.start_logits, out.end_logits


def export(checkpoint: Path, run: Path, folder: Path) -> dict:
    """Write the reader of ``checkpoint`` (a step of the run in ``run``) into ``folder``; returns
    the manifest written. Files are made in a scratch folder and renamed into place."""
    from transformers import AutoModelForQuestionAnswering

    plan = Plan.read(run)
    state = torch.load(checkpoint, weights_only=False)
    model = AutoModelForQuestionAnswering.from_pretrained(plan.model)
    model.load_state_dict(state["model"])
    model.eval()
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".reader-", dir=folder) as scratch:
        plain = Path(scratch) / "reader.onnx"
        names = ["input_ids", "attention_mask", "token_type_ids"]
        sample = tuple(torch.ones((2, 12), dtype=torch.int64) for _ in names)
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                _Logits(model),
                sample,
                plain,
                input_names=names,
                output_names=["start_logits", "end_logits"],
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "start_logits", "end_logits"]},
                opset_version=17,
                dynamo=False,
            )
        quantize(plain, Path(scratch) / MODEL)
        shutil.copy(Path(plan.model) / "tokenizer.json", Path(scratch) / TOKENIZER)
        manifest = {
            "model": MODEL,
            "tokenizer": TOKENIZER,
            "normalised": "question" if plan.shared else "window",
            "sha256": _digest(Path(scratch) / MODEL),
            "plan": json.loads((run / "plan.json").read_text(encoding="utf-8")),
            "steps": state["step"],
            "training_seconds": round(state["seconds"]),
        }
        (Path(scratch) / "reader.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        manifest["checked"] = checked(Reader(Path(scratch)))
        (Path(scratch) / "reader.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        for name in (MODEL, TOKENIZER, "reader.json"):
            os.replace(Path(scratch) / name, folder / name)
    return manifest


def checked(reader: Reader) -> list[dict]:
    """The best span (its text and probability, rounded) the reader finds for each ``CHECKED`` question."""
    found = []
    for question, passage in CHECKED:
        spans = reader.read(question, [passage])
        best = spans[0] if spans else None
        found.append(
            {
                "question": question,
                "answer": passage[best.start : best.end] if best else None,
                "probability": round(best.probability, 3) if best else 0.0,
            }
        )
    return found


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
