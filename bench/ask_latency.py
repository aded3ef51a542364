"""Engine.ask latency at 10k and 100k passages, with exact FAISS and BM25 alone as baselines.

    .venv/bin/python bench/ask_latency.py [--sizes 10000 100000] [--questions 200] [--pool 2000]

Corpus: synthetic articles of ten paragraphs (see ``corpus``), each paragraph two to four
sentences drawn from a pool of ``--pool`` distinct sentences (``samples/news`` sentences with new
numbers and invented names, so BM25 sees a news-like vocabulary with many rare names).

Vectors: running the model over 100k passages would take hours on two cores, so only the pool's
sentences are encoded with the model. Every sentence of a passage gets its pool sentence's vector
plus Gaussian noise (σ = ``NOISE``, cosine ≈ 0.95 to the original), and the passage gets the
normalised mean of its sentence vectors plus noise. These go into the engine's embedding cache
(``EmbeddingCache.add``) under the hash of each passage as newsbot's own reader and splitter cut
it; ``Engine.ingest`` then reads the files and publishes a generation from the cache, running
the model on none of them (``model embedded`` in the table shows it).

Questions: ``--questions`` distinct questions from templates about the sample stories, naming
people and places of the corpus (15 % name someone it never mentions, which newsbot declines).

Timing excludes the model load: the model is loaded and warmed up, and five questions asked,
before anything is timed. Each question is asked once through ``Engine.ask`` (end to end), then
its pieces are timed the way ``Engine.ask`` calls them, then FAISS exact search and BM25 alone on
the same generation, each for ``search.CANDIDATES`` results as hybrid search asks them. FAISS
alone runs right after hybrid search, not right after the model: the gap between "hybrid search"
and the two baselines is what running FAISS's OpenMP threads straight after torch's costs.
bench/scale.py goes on to a million passages and the approximate index. "others' load" is how
many CPUs other processes kept busy while questions were timed.
"""

import argparse
import random
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
from common import STAGES, StageClock, drafts, engine_at, latency_table, loaded_embedder, measured, say, table
from corpus import Synth, invent_names, names_in

from index.answer import check_question, compose_reader
from index.embed import Embedder, PassageVectors
from index.engine import PASSAGES_READ, Engine
from index.eval.baseline import compose
from index.search import CANDIDATES, Snapshot, hybrid, snapshot
from index.text import fold, sha256

TARGET_P95_MS = 150.0  # the reader answering; the rest of ``ask`` took under 30 ms without it
PARAGRAPHS = 10  # per article
NOISE = 0.017
STRANGERS = 0.15  # share of questions naming someone the corpus never mentions
CACHE_BATCH = 5000
TEMPLATES = (
    "When did {name} reopen?",
    "How much did the restoration of {name} cost?",
    "Who led the rebuilding work at {name}?",
    "Who designed the new altar for {name}?",
    "How tall is the new spire of {name}?",
    "How many donors gave money after the fire at {name}?",
    "Which leaders attended the ceremony in {name}?",
    "Is entry to {name} free?",
    "What did {name} promise after the fire?",
    "Why were the speeches in {name} moved indoors?",
    "How many craftspeople worked on {name}?",
    "When did the total eclipse pass over {name}?",
    "How long did totality last near {name}?",
    "How many people lived in the path of totality in {name}?",
    "What experiments did {name} run during the eclipse?",
    "When is the next total eclipse visible from {name}?",
    "How much did the impact change the orbit of {name}?",
    "How fast was the spacecraft going when it hit {name}?",
    "How big is {name}?",
    "Who announced the result of the asteroid test in {name}?",
    "When was the spacecraft launched from {name}?",
    "Which satellite photographed the debris near {name}?",
    "Who won the final against {name}?",
    "How many goals did {name} score in the final?",
    "Who scored the winning penalty for {name}?",
    "Who was named best goalkeeper, {name} or someone else?",
    "Who refereed the final in {name}?",
    "What did {name} say about the result?",
    "What happened to {name} in {number}?",
    "Why did {name} cost {number} million euros?",
    "What happened in the {number}th minute?",
    "Which event drew {number} visitors?",
    "How much did the restoration cost?",
    "What caused the fire?",
    "How many pipes does the organ have?",
    "Who won the Golden Ball?",
)
_NUMBER = re.compile(r"\d[\d,]*")
T = TypeVar("T")


@dataclass
class Size:
    """One corpus size: how it was built and what each measured step took, in milliseconds."""

    passages: int
    setup: list[object] = field(default_factory=list)
    samples: dict[str, list[float]] = field(default_factory=dict)
    answered: int = 0
    others_load: float = 0.0  # CPUs other processes kept busy, on average, while questions were timed

    def record(self, step: str, seconds: float) -> None:
        self.samples.setdefault(step, []).append(seconds * 1000)


# corpus and vectors ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Pool:
    """Distinct sentences passages are made of, with their vectors from the model."""

    sentences: list[str]
    vectors: dict[str, np.ndarray]


def make_pool(synth: Synth, embedder: Embedder, size: int) -> Pool:
    """``size`` distinct varied sample sentences (each with names of its own), encoded."""
    sentences: dict[str, None] = {}
    while len(sentences) < size:
        sentences[synth.sentence({})] = None
    folded = [fold(s) for s in sentences]
    matrix = embedder.model.encode(folded, batch_size=embedder.batch_size, normalize_embeddings=True)
    return Pool(list(sentences), dict(zip(sentences, matrix.astype(np.float32), strict=True)))


def write_corpus(folder: Path, synth: Synth, pool: Pool, passages: int) -> None:
    """Articles of PARAGRAPHS paragraphs (the last maybe fewer) drawn from ``pool``: ``passages`` in all."""
    folder.mkdir(parents=True)
    for number, start in enumerate(range(0, passages, PARAGRAPHS)):
        count = min(PARAGRAPHS, passages - start)
        synth.article(number, count, lambda _names: synth.rng.choice(pool.sentences)).write(folder)


def unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=-1, keepdims=True)


def synthetic_vectors(
    sentences: list[str], pool: dict[str, np.ndarray], rng: np.random.Generator
) -> PassageVectors:
    """Pool vectors of the sentences plus noise, and their normalised mean plus noise for the passage."""
    known = [pool[s] for s in sentences if s in pool]
    fallback = unit(np.mean(known, axis=0)) if known else pool[next(iter(pool))]
    base = np.stack([pool.get(s, fallback) for s in sentences])
    rows = unit(base + rng.normal(0, NOISE, base.shape))
    passage = unit(rows.mean(axis=0) + rng.normal(0, NOISE, rows.shape[1]))
    return PassageVectors(passage.astype(np.float32), rows.astype(np.float16))


def prefill_cache(engine: Engine, folder: Path, pool: dict[str, np.ndarray]) -> None:
    """Cache vectors for every passage newsbot will cut from ``folder``."""
    rng = np.random.default_rng(0)
    items: dict[str, PassageVectors] = {}
    total = 0
    for draft in drafts(folder, engine.embedder):
        spans = [draft.text[start:end] for start, end in draft.sentences]
        items[sha256(draft.text)] = synthetic_vectors(spans, pool, rng)
        if len(items) == CACHE_BATCH:
            total += cache(engine, items)
            say(f"  cached vectors for {total} passages")
    cache(engine, items)


def cache(engine: Engine, items: dict[str, PassageVectors]) -> int:
    """Put ``items`` in the engine's embedding cache and empty it; how many there were."""
    engine.store.embeddings.add(engine.embedder.model_name, items)
    count = len(items)
    items.clear()
    return count


# questions ---------------------------------------------------------------------------------------
def make_questions(synth: Synth, pool: Pool, count: int, seed: int) -> list[str]:
    """``count`` distinct questions from TEMPLATES naming people and places of the pool (mostly)."""
    rng = random.Random(f"questions-{seed}")  # not the corpus's seed: strangers must be new names
    names = sorted({n for s in pool.sentences for n in names_in(s)})
    numbers = sorted({m for s in pool.sentences for m in _NUMBER.findall(s)})
    strangers = sorted(set(invent_names(rng, 500)) - set(synth.bank))
    questions: dict[str, None] = {}
    while len(questions) < count:
        name = rng.choice(strangers if rng.random() < STRANGERS else names)
        questions[rng.choice(TEMPLATES).format(name=name, number=rng.choice(numbers))] = None
    return list(questions)


@dataclass(frozen=True)
class Setup:
    """What a latency benchmark starts from: the warmed-up model, the pool and the questions."""

    embedder: Embedder
    synth: Synth
    pool: Pool
    questions: list[str]
    warm_up: list[str]  # asked before anything is timed


def prepare(pool_size: int, questions: int, seed: int) -> Setup:
    embedder = loaded_embedder()
    synth = Synth(seed)
    say(f"encoding {pool_size} pool sentences …")
    pool = make_pool(synth, embedder, pool_size)
    asked = make_questions(synth, pool, questions, seed)
    return Setup(embedder, synth, pool, asked, make_questions(synth, pool, 5, seed + 1))


# timing ------------------------------------------------------------------------------------------
def timed(size: Size, step: str, call: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = call()
    size.record(step, time.perf_counter() - started)
    return result


def time_pieces(engine: Engine, gen: Snapshot, size: Size, question: str) -> None:
    """The steps of Engine.ask, timed one by one, then FAISS and BM25 alone."""
    question = check_question(question)
    query = timed(size, "query encode", lambda: engine.embedder.encode_query(question))
    hits = timed(size, "hybrid search", lambda: hybrid(gen, question, query, PASSAGES_READ))

    if hits:
        evidence = timed(size, "SQLite fetch", lambda: engine.evidence(hits))
        reader = engine.reader
        timed(size, "reader + compose (shipped)", lambda: compose_reader(question, query, evidence, reader))
        timed(size, "sentence answerers (before the reader)", lambda: compose(question, query, evidence))
    timed(size, "baseline: FAISS exact alone", lambda: gen.dense_search(query, CANDIDATES))
    timed(size, "baseline: BM25 alone", lambda: gen.lexical.search(question, CANDIDATES))


def measure_asks(engine: Engine, size: Size, questions: list[str], warm_up: list[str]) -> None:
    for question in warm_up:
        engine.ask(question)
    gen = snapshot.load(engine.generations, engine.store.generation())
    with measured() as timing:
        for question in questions:
            answer = timed(size, "Engine.ask (end to end)", lambda q=question: engine.ask(q))
            size.answered += answer.answered
        for question in questions:
            time_pieces(engine, gen, size, question)
    size.others_load = timing.others / timing.wall


def build_size(embedder: Embedder, synth: Synth, pool: Pool, passages: int, tmp: Path) -> tuple[Engine, Size]:
    """A generation of ``passages`` synthetic passages in ``tmp``, published by Engine.ingest."""
    size = Size(passages)
    folder = tmp / "news"
    say(f"[{passages}] writing the corpus …")
    with measured() as written:
        write_corpus(folder, synth, pool, passages)
    engine = engine_at(tmp / "data", embedder)
    say(f"[{passages}] filling the embedding cache …")
    with measured() as cached:
        prefill_cache(engine, folder, pool.vectors)
    say(f"[{passages}] Engine.ingest from the cache …")
    clock = StageClock()
    report = engine.ingest([folder], clock)
    end = time.perf_counter()
    size.passages = sum(a.passages for a in engine.store.articles())
    size.setup = [
        size.passages,
        len(engine.store.articles()),
        written.wall,
        cached.wall,
        report.embedded,
        end - clock.start,
        *clock.stages(end),
    ]
    return engine, size


# report ------------------------------------------------------------------------------------------
def render(sizes: list[Size], questions: int) -> str:
    setup = table(
        [
            "passages",
            "articles",
            "write s",
            "cache fill s",
            "model embedded",
            "Engine.ingest s",
            *(f"{s} s" for s in STAGES),
            "others' load",
        ],
        [[*s.setup, f"{s.others_load:.2f} CPUs"] for s in sizes],
    )
    latency = latency_table([(s.passages, s.samples) for s in sizes], questions)
    lines = [setup, "", latency, ""]
    for s in sizes:
        p95 = float(np.percentile(s.samples["Engine.ask (end to end)"], 95))
        verdict = "meets" if p95 <= TARGET_P95_MS else "misses"
        lines.append(
            f"{s.passages:,} passages: Engine.ask p95 {p95:.1f} ms "
            f"({verdict} the ≤ {TARGET_P95_MS:.0f} ms target); answered {s.answered}/{questions}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000], help="passages")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--pool", type=int, default=2000, help="distinct sentences encoded by the model")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    setup = prepare(args.pool, args.questions, args.seed)
    sizes = []
    for passages in sorted(args.sizes):
        with tempfile.TemporaryDirectory() as tmp:
            engine, size = build_size(setup.embedder, setup.synth, setup.pool, passages, Path(tmp))
            say(f"[{passages}] asking {len(setup.questions)} questions …")
            measure_asks(engine, size, setup.questions, setup.warm_up)
            sizes.append(size)
    print(render(sizes, len(setup.questions)))


if __name__ == "__main__":
    main()
