"""The reader at answering time: the shipped int8 ONNX model run by onnxruntime, without torch.

For each window (``windows``) the model gives every token a start and an end logit. A span is a
start token and an end token at most ``MAX_ANSWER_TOKENS`` after it, inside the passage; its score
is the sum of the two logits, and ``[CLS]``'s sum is the window's no-answer score. A softmax over
the window's spans and its no-answer score makes each span's probability: how much more the
reader believes this span than that the window holds no answer at all. A passage read in several
windows keeps, for each span, the best of its windows.

A reader trained with its question's windows normalised together (``"normalised": "question"`` in
its manifest; ``eval.reader.shared``) is read the same way: one softmax over the spans and
no-answer scores of every window of the passages read, so a span's probability weighs it against
every other passage's spans and against the chance that none of them answers.
"""

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from ...errors import ModelError
from .windows import Window, batch, load_tokenizer, windows

WEIGHTS = Path(__file__).resolve().parent.parent / "weights"
MAX_ANSWER_TOKENS = 30
SPANS_PER_WINDOW = 20  # enough to hold nearly all of a window's belief
LEAST_PROBABILITY = 0.01  # spans below it are not reported


@dataclass(frozen=True)
class Found:
    """A span the reader found: characters ``start``..``end`` of passage ``passage``."""

    passage: int
    start: int
    end: int
    probability: float


class Reader:
    """The reader in ``folder`` (``reader.json`` names its model and tokenizer files); None: the
    one shipped with newsbot."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or WEIGHTS

    @cached_property
    def manifest(self) -> dict:
        path = self.folder / "reader.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(
                f"no reader can be loaded from {self.folder}: {path.name} cannot be read ({exc})"
            ) from exc

    @cached_property
    def tokenizer(self):
        path = self.folder / self.manifest["tokenizer"]
        try:
            return load_tokenizer(str(path))
        except Exception as exc:  # tokenizers raises its own types for a missing or damaged file
            raise ModelError(
                f"no reader can be loaded from {self.folder}: {path.name} cannot be read ({exc})"
            ) from exc

    @cached_property
    def session(self):
        try:
            import onnxruntime
        except ImportError as exc:
            raise ModelError("answering needs onnxruntime: pip install onnxruntime") from exc
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        path = self.folder / self.manifest["model"]
        try:
            return onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own types for a missing or damaged file
            raise ModelError(
                f"no reader can be loaded from {self.folder}: {path.name} is not a model ({exc})"
            ) from exc

    def read(self, question: str, passages: list[str]) -> list[Found]:
        """The spans of ``passages`` that answer ``question``, most probable first."""
        found = windows(self.tokenizer, question, passages)
        if not found:
            return []
        scored = [Scored.of(window, *self.logits(window)) for window in found]
        together = self.manifest.get("normalised") == "question"
        scale = Scale.over(scored) if together else None
        best: dict[tuple[int, int, int], float] = {}
        for each in scored:
            for span in each.spans(scale or Scale.over([each])):
                key = (span.passage, span.start, span.end)
                best[key] = max(best.get(key, 0.0), span.probability)
        ranked = sorted(best.items(), key=lambda item: -item[1])
        return [Found(*key, probability) for key, probability in ranked]

    def logits(self, window: Window) -> tuple[np.ndarray, np.ndarray]:
        """Start and end logits of the window's tokens. Each window runs on its own: the int8
        model scales its activations over the whole batch, so a passage run beside others (and
        their padding) would read differently with each company; alone it is also no slower."""
        inputs = batch([window])
        starts, ends = self.session.run(None, {k: v for k, v in inputs.items() if k in self.inputs})
        return starts[0], ends[0]

    @cached_property
    def inputs(self) -> frozenset[str]:
        """The names of the inputs the model takes (an export may leave out token types)."""
        return frozenset(i.name for i in self.session.get_inputs())

    def warm_up(self) -> None:
        """Load the model and tokenizer now, so that a first question does not wait for them."""
        self.read("warm up", ["A short passage to warm up the reader."])


@dataclass(frozen=True)
class Scored:
    """A window's span scores (start logit plus end logit; -inf where no span may be) over its
    passage tokens, and its no-answer score (``[CLS]``'s)."""

    window: Window
    scores: np.ndarray  # (passage tokens, passage tokens)
    null: float

    @classmethod
    def of(cls, window: Window, start: np.ndarray, end: np.ndarray) -> "Scored":
        first, last = window.first, window.last
        scores = start[first:last, None] + end[None, first:last]
        rows, cols = np.indices(scores.shape)
        allowed = (cols >= rows) & (cols - rows < MAX_ANSWER_TOKENS)
        return cls(window, np.where(allowed, scores, -np.inf), float(start[0] + end[0]))

    def spans(self, scale: "Scale") -> list[Found]:
        """The ``SPANS_PER_WINDOW`` most probable spans (at least ``LEAST_PROBABILITY``) on
        ``scale``, in characters of the window's passage."""
        probability = scale.probability(self.scores)
        n, window = len(self.scores), self.window
        found = []
        for flat in np.argsort(-probability, axis=None)[:SPANS_PER_WINDOW]:
            i, j = divmod(int(flat), n)
            if probability[i, j] < LEAST_PROBABILITY:
                break
            begin, stop = window.offsets[window.first + i][0], window.offsets[window.first + j][1]
            found.append(Found(window.passage, int(begin), int(stop), float(probability[i, j])))
        return found


@dataclass(frozen=True)
class Scale:
    """A softmax's normaliser over the spans and no-answer scores of some windows."""

    top: float
    total: float

    @classmethod
    def over(cls, scored: list[Scored]) -> "Scale":
        top = max(max(float(s.scores.max()) if s.scores.size else -np.inf, s.null) for s in scored)
        total = sum(np.exp(s.null - top) + float(np.exp(s.scores - top).sum()) for s in scored)
        return cls(top, float(total))

    def probability(self, scores: np.ndarray) -> np.ndarray:
        return np.exp(scores - self.top) / self.total
