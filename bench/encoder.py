"""Encoder speed: passages/s of torch fp32 against the ONNX copies (int8 and fp32) on the same passages.

    .venv/bin/python bench/encoder.py [--articles 150] [--paragraphs 10] [--rounds 2] [--queries 200]
                                      [--seed 0]

The passages are those of ``samples/news`` and of a synthetic corpus (see ``corpus``), cut as the
pipeline cuts them (``common.drafts``): ~1,500 by default, each a distinct text. Every encoder is
loaded and warmed up first ("load s"; for the ONNX ones it includes exporting the model into a
temporary folder), then each runs ``encode_passages`` on all of them, in the order torch, int8,
fp32 in odd rounds and the reverse in even ones; the table shows the fastest round of each. Query
latency is ``encode_query`` on ``--queries`` sentences of the samples, one at a time. Agreement is
the cosine of each ONNX encoder's passage and sentence vectors to torch's; "others cpu s" is what
other processes used meanwhile, high when the machine was shared.
"""

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from common import Timing, drafts, measured, say, table
from corpus import SAMPLES, Synth, write_news

from index.embed import Embedder, PassageVectors
from index.embed.onnx import OnnxEmbedder
from index.settings import Settings
from index.text import fold, sentence_spans


@dataclass
class Encoder:
    name: str
    embedder: Embedder
    load: float = 0.0  # seconds to load the model (and export it, for ONNX)
    runs: list[Timing] = field(default_factory=list)
    vectors: list[PassageVectors] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # ms per query

    @property
    def best(self) -> Timing:
        return min(self.runs, key=lambda t: t.wall)


def passages(folder: Path, embedder: Embedder) -> tuple[list[str], list[list[tuple[int, int]]]]:
    """Distinct passages of the samples and of ``folder``: texts and sentence spans."""
    found = {d.text: list(d.sentences) for source in (SAMPLES, folder) for d in drafts(source, embedder)}
    return list(found), list(found.values())


def queries(count: int, embedder: Embedder) -> list[str]:
    """``count`` sentences of the samples (cycled if there are fewer)."""
    texts = [fold(d.text) for d in drafts(SAMPLES, embedder)]
    sentences = [text[s:e] for text in texts for s, e in sentence_spans(text)]
    return [sentences[i % len(sentences)] for i in range(count)]


def warm(encoder: Encoder) -> None:
    say(f"{encoder.name}: loading and warming up …")
    started = time.perf_counter()
    encoder.embedder.encode_passages(["Warm up. Twice."], [[(0, 8), (9, 15)]])
    encoder.load = time.perf_counter() - started


def run(encoder: Encoder, texts: list[str], spans: list[list[tuple[int, int]]], label: str) -> None:
    say(f"{label}: {encoder.name} encode_passages on {len(texts)} passages …")
    with measured() as timing:
        encoder.vectors = encoder.embedder.encode_passages(texts, spans)
    encoder.runs.append(timing)


def latency(encoder: Encoder, asked: list[str]) -> None:
    for question in asked:
        started = time.perf_counter()
        encoder.embedder.encode_query(question)
        encoder.latencies.append((time.perf_counter() - started) * 1000)


def speed_table(encoders: list[Encoder], count: int) -> str:
    baseline = count / encoders[0].best.wall
    rows = []
    for e in encoders:
        best, p50 = e.best, statistics.median(e.latencies)
        p95 = float(np.percentile(e.latencies, 95))
        rate = count / best.wall
        rows.append(
            [
                e.name,
                count,
                best.wall,
                rate,
                f"{rate / baseline:.2f}×",
                best.cpu,
                best.others,
                p50,
                p95,
                e.load,
            ]
        )
    headers = ["encoder", "passages", "wall s", "passages/s", "vs torch", "cpu s", "others cpu s"]
    return table([*headers, "query p50 ms", "query p95 ms", "load s"], rows)


def agreement_table(encoders: list[Encoder]) -> str:
    torch = encoders[0].vectors
    rows = []
    for e in encoders[1:]:
        passage = np.array([float(a.passage @ b.passage) for a, b in zip(e.vectors, torch, strict=True)])
        sentence = np.concatenate(
            [
                (a.sentences.astype(np.float32) * b.sentences.astype(np.float32)).sum(axis=1)
                for a, b in zip(e.vectors, torch, strict=True)
            ]
        )
        rows.append(
            [
                e.name,
                f"{passage.mean():.4f}",
                f"{passage.min():.4f}",
                f"{sentence.mean():.4f}",
                f"{sentence.min():.4f}",
            ]
        )
    headers = ["cosine to torch fp32", "passage mean", "passage min", "sentence mean", "sentence min"]
    return table(headers, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=150)
    parser.add_argument("--paragraphs", type=int, default=10, help="paragraphs per article")
    parser.add_argument("--rounds", type=int, default=2, help="each encoder runs once per round")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp) / "models"
        encoders = [
            Encoder("torch fp32", Embedder(settings.model, settings.batch_size)),
            Encoder("onnx int8", OnnxEmbedder(settings.model, settings.batch_size, models)),
            Encoder("onnx fp32", OnnxEmbedder(settings.model, settings.batch_size, models, int8=False)),
        ]
        for encoder in encoders:
            warm(encoder)
        write_news(Path(tmp) / "news", Synth(args.seed), args.articles, args.paragraphs)
        texts, spans = passages(Path(tmp) / "news", encoders[0].embedder)
    say(f"corpus: {len(texts)} distinct passages")
    for number in range(1, args.rounds + 1):
        for encoder in encoders if number % 2 else encoders[::-1]:
            run(encoder, texts, spans, f"round {number}")
    asked = queries(args.queries, encoders[0].embedder)
    for encoder in encoders:
        say(f"{encoder.name}: {len(asked)} queries …")
        latency(encoder, asked)
    print(speed_table(encoders, len(texts)))
    print()
    print(agreement_table(encoders))


if __name__ == "__main__":
    main()
