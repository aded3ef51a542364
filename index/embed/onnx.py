"""The ``onnx-int8`` encoder (NEWSBOT_ENCODER): the model's transformer exported to ONNX once, its
weights quantised to int8, and run by onnxruntime.

Tokens, mean pooling, normalisation and late chunking stay those of ``Embedder``; only the forward
pass changes. Weights are quantised per output channel: with onnxruntime's default, one scale
per tensor, the vectors of news paragraphs had a mean cosine of 0.957 to fp32's; per channel, 0.993.
The vectors are close to the fp32 ones but not equal, so they are cached and indexed under a name
of their own (``model_name``): switching the setting embeds everything again, never mixes the two.
"""

import hashlib
import logging
import os
import re
import tempfile
import warnings
from pathlib import Path

import numpy as np
import torch

from ..errors import ModelError
from ..text import fold
from .base import Embedder, unit
from .query import AGREE, Manifest, QuestionEncoder

log = logging.getLogger(__name__)

INSTALL = (
    "pip install -e '.[onnx]' (onnxruntime and onnx) in newsbot's environment, or set NEWSBOT_ENCODER=torch"
)
_TEXT_FORWARD = {"method": "forward", "method_output_name": "last_hidden_state"}


class OnnxEmbedder(Embedder):
    """``Embedder`` whose transformer runs in onnxruntime from a copy exported under ``folder``."""

    def __init__(self, model: str, batch_size: int, folder: Path, int8: bool = True) -> None:
        super().__init__(model, batch_size)
        self.model_name = f"{model}#onnx-int8" if int8 else f"{model}#onnx"
        self.folder = folder
        self.int8 = int8  # False only for bench/encoder.py's fp32 comparison
        self._session = None

    @property
    def session(self):
        """The onnxruntime session, exporting the model first if this folder has no copy of it yet."""
        if self._session is None:
            try:
                import onnxruntime
            except ImportError as exc:
                raise ModelError(f"the onnx-int8 encoder needs onnxruntime: {INSTALL}") from exc
            check_pipeline(self.model, self.source)
            path = (
                self.folder
                / export_key(self.source, self.model)
                / f"model{'-int8' if self.int8 else ''}.onnx"
            )
            if not path.exists():
                export(self.model, path, self.int8)
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3  # errors only
            # idle threads sleep instead of spinning: with the other core busy, the same passages
            # took 7.4 s instead of 9.5–10 s on 2 cores (a bot shares its CPUs with its own threads)
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            self._session = onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        return self._session

    def encode_query(self, text: str) -> np.ndarray:
        [(pooled, _)] = self._forward([fold(text)])
        return unit(pooled)

    def _forward(self, folded: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Mean-pooled and token vectors of each text; batches of similar lengths pad little."""
        session, tokenizer = self.session, self.model.tokenizer
        names = [i.name for i in session.get_inputs()]
        order = sorted(range(len(folded)), key=lambda i: len(folded[i]))
        results: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            inputs = tokenizer(
                [folded[i] for i in batch],
                padding=True,
                truncation=True,
                max_length=self.model.max_seq_length,
                return_tensors="np",
            )
            [tokens] = session.run(None, {name: inputs[name] for name in names})
            for row, i in enumerate(batch):
                own = tokens[row][inputs["attention_mask"][row].astype(bool)]
                results[i] = (own.mean(axis=0), own)
        return [results[i] for i in range(len(folded))]


# questions of the kinds users ask, short and long, to check an export for questions against torch
CHECKED = (
    "Who won the final?",
    "How much did the restoration of the cathedral cost, and who paid for it?",
    "what did the leaders wear?",
)


def export_questions(embedder: Embedder, folder: Path, check: bool = False) -> None:
    """Export ``embedder``'s model at full precision for encoding questions (``query``), with its
    tokenizer, unless ``folder`` has an export for this model setting. With ``check`` (a
    reindex), an export is made again only if the weights under that name changed or the one
    there cannot be used: exporting holds the interpreter for seconds, which a bot's heartbeat
    must not wait for at every reindex. The manifest is written only once the export's vectors
    agree with torch's (``AGREE``). Raises ModelError."""
    current = Manifest.read(folder)
    if current is not None and current.model == embedder.source and not check:
        return  # decided without loading the model: an ingest that embeds nothing stays cheap
    model = embedder.model
    check_pipeline(model, embedder.source)
    key = export_key(embedder.source, model)
    manifest = Manifest(
        embedder.source, key, f"{key}/model.onnx", f"{key}/tokenizer.json", model.max_seq_length
    )
    if manifest == current and _agreement(embedder, folder, manifest) >= AGREE:
        return
    path = folder / manifest.onnx
    export(model, path, int8=False)
    model.tokenizer.backend_tokenizer.save(str(folder / manifest.tokenizer))
    agree = _agreement(embedder, folder, manifest)
    if agree < AGREE:
        raise ModelError(
            f"the ONNX export of {embedder.source!r} gives question vectors at cosine {agree:.4f} to torch's"
        )
    manifest.write(folder)


def _agreement(embedder: Embedder, folder: Path, manifest: Manifest) -> float:
    """The least cosine of the export's question vectors to torch's (0 if it cannot be read)."""
    try:
        encoder = QuestionEncoder(folder, manifest)
    except Exception:  # onnxruntime and tokenizers raise their own types for a damaged file
        return 0.0
    return min(float(encoder.encode_query(q) @ embedder.encode_query(q)) for q in CHECKED)


def check_pipeline(model, name: str) -> None:
    """Refuse a model whose vectors this path would not reproduce: it runs only the transformer,
    then mean-pools and normalises, as (Transformer, mean Pooling, optional Normalize) do."""
    kinds = [type(module).__name__ for module in model]
    transformer = model[0] if kinds[:1] == ["Transformer"] else None
    modality = transformer.get_config_dict().get("modality_config", {}).get("text") if transformer else None
    fits = (
        transformer is not None
        and modality in (None, _TEXT_FORWARD)
        and not getattr(transformer, "do_lower_case", False)
        and kinds[1:] in (["Pooling"], ["Pooling", "Normalize"])
        and _pooling_modes(model[1]) == {"mean"}
    )
    if not fits:
        modes = f" ({', '.join(sorted(_pooling_modes(model[1])))})" if kinds[1:2] == ["Pooling"] else ""
        raise ModelError(
            f"the onnx-int8 encoder runs only models made of a Transformer, mean Pooling and an optional "
            f"Normalize; {name!r} is {' + '.join(kinds)}{modes}. Set NEWSBOT_ENCODER=torch for this model."
        )


def _pooling_modes(pooling) -> set[str]:
    """{"mean"}, {"cls"}, …: sentence-transformers 6 names one ``pooling_mode``, 5 sets flags."""
    config = pooling.get_config_dict()
    mode = config.get("pooling_mode")
    if mode is not None:
        return {mode} if isinstance(mode, str) else set(mode)
    flags = [k for k, on in config.items() if k.startswith("pooling_mode_") and on is True]
    return {k.removeprefix("pooling_mode_").removesuffix("_tokens") for k in flags}


def export_key(name: str, model) -> str:
    """The folder of a model's exports: its name made safe, and a digest of its weights so that a
    changed model under the same name is exported again instead of reusing the old copy."""
    digest = hashlib.sha256()
    for key, tensor in model[0].auto_model.state_dict().items():
        digest.update(key.encode())
        digest.update(tensor.detach().float().cpu().numpy().tobytes())
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")[-80:]
    return f"{safe}-{digest.hexdigest()[:12]}"


def export(model, path: Path, int8: bool) -> None:
    """Write the model's transformer to ``path`` as ONNX, with int8 weights if ``int8``. Written in a
    temporary folder beside ``path`` and renamed into place, so an interrupted export leaves no
    file at ``path``; two processes exporting at once each rename a whole copy."""
    log.info("exporting %s to ONNX (once) into %s", model[0].auto_model.name_or_path, path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    # two texts of different lengths: the traced graph keeps the attention mask that padding needs
    sample = model.tokenizer(["an example", "a longer example text"], padding=True, return_tensors="pt")
    names = list(sample.keys())
    with tempfile.TemporaryDirectory(prefix=".export-", dir=path.parent) as scratch:
        plain = Path(scratch) / "model.onnx"
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")  # the tracer's and the legacy exporter's notices
            torch.onnx.export(
                _Tokens(model[0].auto_model.eval(), names),
                tuple(sample[n] for n in names),
                plain,
                input_names=names,
                output_names=["token_embeddings"],
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "token_embeddings"]},
                opset_version=17,
                dynamo=False,  # the torch.export-based exporter needs onnxscript; this one needs nothing
            )
        done = plain
        if int8:
            done = Path(scratch) / "model-int8.onnx"
            quantize(plain, done)
        os.replace(done, path)


def quantize(plain: Path, done: Path) -> None:
    """Write ``plain``'s weights as int8, one scale per output channel, to ``done``."""
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:
        raise ModelError(f"quantising a model to int8 needs onnx: {INSTALL}") from exc
    quiet = _Without("pre-process")  # its advice to pre-process changed nothing when tried
    logging.getLogger().addFilter(quiet)
    try:
        quantize_dynamic(plain, done, weight_type=QuantType.QInt8, per_channel=True)
    finally:
        logging.getLogger().removeFilter(quiet)


class _Tokens(torch.nn.Module):
    """The transformer called with named inputs, returning only its token embeddings."""

    def __init__(self, transformer: torch.nn.Module, names: list[str]) -> None:
        super().__init__()
        self.transformer = transformer
        self.names = names

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        named = dict(zip(self.names, inputs, strict=True))
        return self.transformer(**named, return_dict=True).last_hidden_state


class _Without(logging.Filter):
    """Drops records whose message contains ``words``."""

    def __init__(self, words: str) -> None:
        super().__init__()
        self.words = words

    def filter(self, record: logging.LogRecord) -> bool:
        return self.words not in record.getMessage()
