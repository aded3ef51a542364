"""Lexical (BM25) indexes that a publish can update in place, against rebuilding bm25s each time.

    .venv/bin/python bench/lexical.py [--passages 1000000] [--questions 200] [--pool 10000] [--seed 0]
        [--backends bm25s tantivy fts5 segments]

Over the same synthetic passages, each backend, in a process of its own (so that peaks of resident
memory do not mix; the process prints its figures as JSON for this one to tabulate):

- ``bm25s``: the baseline, BM25 as newsbot shipped it before segments (commit c221736, copied
  below as ``Bm25s`` since ``index/search/lexical.py`` no longer holds it): one bm25s index built
  from every passage, saved, loaded memory-mapped. Publishing or removing an article rebuilds it.
- ``tantivy`` (the ``compare`` extra, ``pip install -e '.[compare]'``; newsbot does not need it):
  a u64 id field (indexed, stored, fast) and a text field of the passage's ``terms`` joined by
  spaces (whitespace tokenizer, frequencies without positions), so that words are cut, folded and
  stemmed exactly as newsbot cuts them; a question is an OR (should) boolean query of term
  queries over its terms.
- ``fts5``: a SQLite FTS5 table of the same joined terms, rowid = passage id (WAL, synchronous
  FULL, as newsbot's store), ranked by ``bm25()`` (``ORDER BY rank``) for an OR of the quoted
  terms; the build ends with FTS5's 'optimize' (one b-tree segment) and a WAL checkpoint.
- ``segments``: newsbot's own segmented BM25 (``index.search.lexical.LexicalSegment`` and
  ``Lexical(segments, removed)``), if that module has it when this runs; otherwise left out.

Measured: the full build from the passages' texts to a committed index on disk (for tantivy and
FTS5 this includes computing ``terms``, which bm25s and segments do inside their build);
publishing one article (``ARTICLE`` passages added, committed, and a searcher opened on the
result: bm25s rebuilds, segments build a segment of the new passages); removing one article (its
passages deleted, committed, searcher reopened); search latency for the best ``TOP`` passages
of ``--questions`` questions on the freshly built index and again after the publish and the
removal (five questions warm each up); the index's size on disk after the build; resident memory
before the build (the passages' texts) and at the build's peak (VmHWM, reset just before).
"top-10 shared with bm25s" is the mean share of bm25s's top ten that the backend also ranks in
its top ten, and "counting ties" also counts those it scores as high as its tenth: passages made
of the same pool sentences tie, and which of them comes tenth is arbitrary. BM25 variants differ
(bm25s and segments: k1 1.5, b 0.75; tantivy: k1 1.2, b 0.75, lengths quantised to a byte; FTS5:
k1 1.2, b 0.75, idf without the +1), so it is a sanity check, not recall.

Statistics after removal: a second, small check builds each updatable backend over the first
``CHECK`` passages, deletes half of them, and compares its scores with those of a fresh index of
the other half (and the top ten they share, counting ties): an index whose BM25 statistics
(passage count, mean length, document frequencies) still count deleted passages scores
differently until it merges them away.

Passages: ``--pool`` distinct sentences from bench/corpus.py's ``Synth`` (sample sentences with
new names and numbers; no model is loaded), two to four drawn per passage by a seeded numpy
generator. Questions: six to ten consecutive words of a pool sentence.
"""

import argparse
import importlib.util
import json
import logging
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import bm25s
import numpy as np
from common import measured, say, table
from corpus import Synth

from index.search import lexical
from index.search.lexical import terms

logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG

ARTICLE = 20  # passages in the article published and in the one removed
TOP = 200  # passages a search returns, as hybrid search asks BM25 for them
OVERLAP_AT = 10
WARM_UP = 5
CHECK = 10_000  # passages of the small index that checks statistics after removal
BACKENDS = ("bm25s", "tantivy", "fts5", "segments")
TANTIVY_HEAP = 256 * 2**20  # the writer's memory budget, shared by its threads
TANTIVY_THREADS = 2
FTS5_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '_'"  # splits only where terms() does

Found = list[tuple[int, float]]  # (passage id, score), best first


# the corpus --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Corpus:
    ids: np.ndarray  # of the indexed passages, 1 to --passages
    texts: list[str]
    new_ids: np.ndarray  # of the article published afterwards
    new_texts: list[str]
    removed: np.ndarray  # ids of an indexed article, removed after the publish
    questions: list[str]
    warm_up: list[str]


def make_corpus(passages: int, questions: int, pool: int, seed: int) -> Corpus:
    """Passages of two to four pool sentences each, and questions cut from pool sentences."""
    synth = Synth(seed)
    sentences: dict[str, None] = {}
    while len(sentences) < pool:
        sentences[synth.sentence({})] = None
    drawn_from = list(sentences)
    rng = np.random.default_rng(seed)
    counts = rng.integers(2, 5, passages + ARTICLE)
    drawn = rng.integers(0, len(drawn_from), int(counts.sum()))
    ends = np.cumsum(counts)
    texts = [
        " ".join(drawn_from[i] for i in drawn[end - count : end])
        for end, count in zip(ends.tolist(), counts.tolist(), strict=True)
    ]
    asked = [_question(drawn_from, rng) for _ in range(questions + WARM_UP)]
    first = int(rng.integers(passages // ARTICLE)) * ARTICLE + 1
    ids = np.arange(1, passages + ARTICLE + 1, dtype=np.int64)
    return Corpus(
        ids=ids[:passages],
        texts=texts[:passages],
        new_ids=ids[passages:],
        new_texts=texts[passages:],
        removed=np.arange(first, first + ARTICLE, dtype=np.int64),
        questions=asked[WARM_UP:],
        warm_up=asked[:WARM_UP],
    )


def _question(sentences: list[str], rng: np.random.Generator) -> str:
    words = sentences[int(rng.integers(len(sentences)))].split()
    length = int(rng.integers(6, 11))
    start = int(rng.integers(max(1, len(words) - length + 1)))
    return " ".join(words[start : start + length])


def joined_terms(texts: list[str]) -> list[str]:
    """Each text as newsbot's BM25 sees it: its terms, joined by spaces."""
    return [" ".join(terms(text)) for text in texts]


# the backends ------------------------------------------------------------------------------------
class Backend(Protocol):
    details: dict[str, float]  # anything else worth printing, by name

    def build(self, ids: np.ndarray, texts: list[str]) -> None:
        """Index these passages from nothing, durably on disk."""

    def open(self) -> None:
        """Open the index on disk for searching, as a serving process would."""

    def search(self, question: str) -> Found: ...

    def publish(self, ids: np.ndarray, texts: list[str]) -> None:
        """Add these passages, durably, and make searches see them."""

    def remove(self, ids: np.ndarray) -> None:
        """Remove these passages, durably, and make searches miss them."""


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


class Bm25s:
    """bm25s as newsbot shipped it up to commit c221736 (``Lexical`` and ``Tokens`` of
    index/search/lexical.py): passages as lists of word numbers, one index of all of them, saved
    and loaded memory-mapped; search scores every passage and picks the best among those that
    score at all. Every publish rebuilds it from all passages."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.details: dict[str, float] = {}
        self.generation = 0
        self.ids = np.zeros(0, dtype=np.int64)
        self.texts: list[str] = []

    def build(self, ids: np.ndarray, texts: list[str]) -> None:
        self.ids, self.texts = ids, texts
        vocabulary: dict[str, int] = {"": 0}  # the empty word scores passages without words
        passages = []
        for text in texts:
            passages.append([vocabulary.setdefault(w, len(vocabulary)) for w in terms(text)] or [0])
        retriever = bm25s.BM25()
        retriever.index((passages, vocabulary), show_progress=False)
        del passages
        self.generation += 1
        where = self.folder / str(self.generation)
        retriever.save(str(where), show_progress=False)
        np.save(where / "ids.npy", ids)

    def open(self) -> None:
        where = self.folder / str(self.generation)
        self.retriever = bm25s.BM25.load(str(where), mmap=True, show_progress=False)
        self.served = np.load(where / "ids.npy")

    def search(self, question: str) -> Found:
        words = terms(question)
        if not words or len(self.served) == 0:
            return []
        scores = self.retriever.get_scores(words)
        found = np.flatnonzero(scores)
        if len(found) > TOP:
            found = found[np.argpartition(-scores[found], TOP - 1)[:TOP]]
        found = found[np.argsort(-scores[found], kind="stable")]
        return [(int(self.served[d]), float(scores[d])) for d in found]

    def publish(self, ids: np.ndarray, texts: list[str]) -> None:
        self.build(np.concatenate([self.ids, ids]), self.texts + texts)
        self.open()

    def remove(self, ids: np.ndarray) -> None:
        kept = ~np.isin(self.ids, ids)
        self.build(self.ids[kept], [t for t, k in zip(self.texts, kept.tolist(), strict=True) if k])
        self.open()

    def size_mb(self) -> float:
        return folder_mb(self.folder / "1")


class Tantivy:
    """A tantivy index of (id, joined terms); every change is committed by a writer of its own."""

    def __init__(self, folder: Path) -> None:
        import tantivy  # only this backend needs it

        self.tantivy = tantivy
        self.folder = folder
        self.details: dict[str, float] = {}
        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
        builder.add_text_field("text", tokenizer_name="whitespace", index_option="freq")
        self.schema = builder.build()

    def build(self, ids: np.ndarray, texts: list[str]) -> None:
        started = time.perf_counter()
        joined = joined_terms(texts)
        self.details["terms s"] = time.perf_counter() - started
        self.folder.mkdir(parents=True)
        self.index = self.tantivy.Index(self.schema, path=str(self.folder))
        self._write(lambda writer: self._add(writer, ids, joined))
        self.details["segments after build"] = self.index.searcher().num_segments

    def _write(self, change: Callable[[object], None]) -> None:
        writer = self.index.writer(TANTIVY_HEAP, TANTIVY_THREADS)
        change(writer)
        writer.commit()
        writer.wait_merging_threads()  # lets go of the index's lock once merges are done
        self.index.reload()

    def _add(self, writer: object, ids: np.ndarray, joined: list[str]) -> None:
        make = self.tantivy.Document.from_dict
        for passage, text in zip(ids.tolist(), joined, strict=True):
            writer.add_document(make({"id": passage, "text": text}, self.schema))

    def open(self) -> None:
        self.index = self.tantivy.Index.open(str(self.folder))
        self.searcher = self.index.searcher()

    def search(self, question: str) -> Found:
        query = self.tantivy.Query
        should = self.tantivy.Occur.Should
        words = terms(question)
        if not words:
            return []
        clauses = [(should, query.term_query(self.schema, "text", w, index_option="freq")) for w in words]
        hits = self.searcher.search(query.boolean_query(clauses), TOP, count=False).hits
        ids = self.searcher.fast_field_values("id", [address for _, address in hits])
        return [(int(i), float(score)) for i, (score, _) in zip(ids, hits, strict=True)]

    def publish(self, ids: np.ndarray, texts: list[str]) -> None:
        self._write(lambda writer: self._add(writer, ids, joined_terms(texts)))
        self.searcher = self.index.searcher()

    def remove(self, ids: np.ndarray) -> None:
        # delete_documents_by_term("id", n) turns n into an i64 term, which matches no u64 value:
        # it deletes nothing, silently; a term query built against the schema does match
        ids_query = self.tantivy.Query.term_set_query(self.schema, "id", ids.tolist())
        self._write(lambda writer: writer.delete_documents_by_query(ids_query))
        self.searcher = self.index.searcher()
        self.details["segments after updates"] = self.searcher.num_segments

    def size_mb(self) -> float:
        return folder_mb(self.folder)


class Fts5:
    """A SQLite FTS5 table of joined terms, rowid = passage id; searches on a connection of their own."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.details: dict[str, float] = {}

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.folder / "lexical.sqlite3", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        return db

    def build(self, ids: np.ndarray, texts: list[str]) -> None:
        started = time.perf_counter()
        joined = joined_terms(texts)
        self.details["terms s"] = time.perf_counter() - started
        self.folder.mkdir(parents=True)
        self.db = self._connect()
        self.db.execute(f'CREATE VIRTUAL TABLE passages USING fts5(terms, tokenize="{FTS5_TOKENIZER}")')
        self._insert(ids, joined)
        started = time.perf_counter()
        self.db.execute("INSERT INTO passages(passages) VALUES ('optimize')")
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.details["optimize s"] = time.perf_counter() - started
        stored = self.db.execute("SELECT sum(length(terms)) FROM passages").fetchone()[0] or 0
        self.details["stored terms MB"] = stored / 2**20

    def _insert(self, ids: np.ndarray, joined: list[str]) -> None:
        with self.db:
            self.db.execute("BEGIN")
            rows = zip(ids.tolist(), joined, strict=True)
            self.db.executemany("INSERT INTO passages(rowid, terms) VALUES (?, ?)", rows)

    def open(self) -> None:
        self.reader = self._connect()

    def search(self, question: str) -> Found:
        words = terms(question)
        if not words:
            return []
        match = " OR ".join(f'"{w}"' for w in words)
        rows = self.reader.execute(
            "SELECT rowid, rank FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT ?", (match, TOP)
        )
        return [(passage, -rank) for passage, rank in rows]  # bm25() is lower for better matches

    def publish(self, ids: np.ndarray, texts: list[str]) -> None:
        self._insert(ids, joined_terms(texts))  # the reader's next query sees it

    def remove(self, ids: np.ndarray) -> None:
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("DELETE FROM passages WHERE rowid = ?", [(i,) for i in ids.tolist()])

    def size_mb(self) -> float:
        return folder_mb(self.folder)


class Segments:
    """newsbot's segmented BM25: one segment per build or publish, removals as a list of ids."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.details: dict[str, float] = {}
        self.removed = np.zeros(0, dtype=np.int64)
        self.names: list[str] = []

    def _segment(self, ids: np.ndarray, texts: list[str]) -> None:
        name = str(len(self.names))
        lexical.LexicalSegment.build(ids, texts).save(self.folder / name)
        self.names.append(name)

    def build(self, ids: np.ndarray, texts: list[str]) -> None:
        self.folder.mkdir(parents=True)
        self._segment(ids, texts)

    def open(self) -> None:
        self.segments = [lexical.LexicalSegment.load(self.folder / name) for name in self.names]
        self.index = lexical.Lexical(self.segments, self.removed)

    def search(self, question: str) -> Found:
        return self.index.search(question, TOP)

    def publish(self, ids: np.ndarray, texts: list[str]) -> None:
        self._segment(ids, texts)
        self.segments.append(lexical.LexicalSegment.load(self.folder / self.names[-1]))
        self.index = lexical.Lexical(self.segments, self.removed)

    def remove(self, ids: np.ndarray) -> None:
        self.removed = np.union1d(self.removed, ids)
        np.save(self.folder / "removed.npy", self.removed)
        self.index = lexical.Lexical(self.segments, self.removed)

    def size_mb(self) -> float:
        return folder_mb(self.folder / self.names[0])


MAKERS: dict[str, Callable[[Path], Backend]] = {
    "bm25s": Bm25s,
    "tantivy": Tantivy,
    "fts5": Fts5,
    "segments": Segments,
}


# one backend, in its own process -----------------------------------------------------------------
def memory_mb() -> dict[str, float]:
    """This process's resident memory now and at its peak, in MB (Linux /proc)."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return {key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "VmHWM")}


def reset_peak() -> None:
    """Start VmHWM again from the present resident set (Linux ≥ 4.0)."""
    Path("/proc/self/clear_refs").write_text("5")


def seconds(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def searched(backend: Backend, corpus: Corpus) -> tuple[list[float], list[Found]]:
    """Milliseconds of each question's search, after the warm-up ones, and what each found."""
    for question in corpus.warm_up:
        backend.search(question)
    spent, found = [], []
    for question in corpus.questions:
        started = time.perf_counter()
        found.append(backend.search(question))
        spent.append((time.perf_counter() - started) * 1000)
    return spent, found


def measure(name: str, corpus: Corpus, scratch: Path) -> dict:
    """Everything measured of one backend, as JSON-ready numbers."""
    backend = MAKERS[name](scratch / name)
    out: dict = {"backend": name, "rss before build MB": memory_mb()["VmRSS"]}
    reset_peak()
    say(f"[{name}] building over {len(corpus.ids):,} passages …")
    out["build s"] = seconds(lambda: backend.build(corpus.ids, corpus.texts))
    out["build peak MB"] = memory_mb()["VmHWM"]
    out["size MB"] = backend.size_mb()
    out["open s"] = seconds(backend.open)
    say(f"[{name}] searching …")
    out["search ms"], found = searched(backend, corpus)
    out["found"] = found  # (id, score) pairs become JSON lists
    say(f"[{name}] publishing one article, removing another …")
    out["publish s"] = seconds(lambda: backend.publish(corpus.new_ids, corpus.new_texts))
    out["remove s"] = seconds(lambda: backend.remove(corpus.removed))
    out["search after ms"], after = searched(backend, corpus)
    found_ids = {passage for hits in after for passage, _ in hits}
    out["removed found"] = len(found_ids & set(corpus.removed.tolist()))
    out["new found"] = len(found_ids & set(corpus.new_ids.tolist()))
    if name != "bm25s":
        say(f"[{name}] checking statistics after removal on {min(CHECK, len(corpus.ids)):,} passages …")
        out["check"] = removal_check(name, corpus, scratch / f"{name}-check")
    out["details"] = backend.details
    return out


def removal_check(name: str, corpus: Corpus, scratch: Path) -> dict[str, float]:
    """Scores after deleting half of a small index, against a fresh index of the other half."""
    size = min(CHECK, len(corpus.ids))
    ids, texts, half = corpus.ids[:size], corpus.texts[:size], size // 2
    deleted = MAKERS[name](scratch / "deleted")
    deleted.build(ids, texts)
    deleted.open()
    deleted.remove(ids[:half])
    fresh = MAKERS[name](scratch / "fresh")
    fresh.build(ids[half:], texts[half:])
    fresh.open()
    differences, leaked, gots, wants = [], 0, [], []
    for question in corpus.questions:
        got, want = deleted.search(question), fresh.search(question)
        scores = dict(want)
        differences += [abs(s - scores[p]) / abs(scores[p]) for p, s in got if scores.get(p)]
        leaked += sum(p < ids[half] for p, _ in got)
        gots.append(got)
        wants.append(want)
    return {
        "deleted": half,
        "max relative score difference": max(differences, default=0.0),
        "median relative score difference": float(np.median(differences)) if differences else 0.0,
        "top-10 shared": overlap(gots, wants, ties=True),
        "deleted passages found": int(leaked),
    }


# the table -------------------------------------------------------------------------------------
def overlap(found: list[Found], reference: list[Found], ties: bool) -> float:
    """Mean share of the reference's top ten that ``found`` also ranks in its top ten; with
    ``ties``, also those ``found`` scores as high as its tenth (which of them comes tenth is
    arbitrary: passages made of the same sentences score alike)."""
    shares = []
    for hits, wanted in zip(found, reference, strict=True):
        if not wanted:
            continue
        top = {passage for passage, _ in hits[:OVERLAP_AT]}
        if ties and len(hits) >= OVERLAP_AT:
            tenth = hits[OVERLAP_AT - 1][1]
            top |= {passage for passage, score in hits if score >= tenth - 1e-5 * abs(tenth)}
        shares.append(len(top & {passage for passage, _ in wanted[:OVERLAP_AT]}) / len(wanted[:OVERLAP_AT]))
    return float(np.mean(shares)) if shares else float("nan")


def render(results: list[dict], passages: int, questions: int, notes: list[str]) -> str:
    reference = next((r["found"] for r in results if r["backend"] == "bm25s"), None)
    rows = []
    for r in results:
        agree = "—"
        if reference is not None:
            plain, tied = (overlap(r["found"], reference, ties) for ties in (False, True))
            agree = f"{plain:.3f} / {tied:.3f}"
        rows.append(
            [
                r["backend"],
                r["build s"],
                f"{r['publish s']:.3f}",  # milliseconds matter here
                f"{r['remove s']:.3f}",
                *np.percentile(r["search ms"], [50, 95]).tolist(),
                float(np.percentile(r["search after ms"], 50)),
                f"{r['open s']:.3f}",
                r["size MB"],
                r["rss before build MB"],
                r["build peak MB"],
                agree,
            ]
        )
    headers = [
        f"backend ({passages:,} passages)",
        "full build s",
        f"publish 1 article ({ARTICLE} passages) s",
        f"remove 1 article ({ARTICLE}) s",
        f"search p50 ms (top {TOP}, {questions} q)",
        "search p95 ms",
        "p50 after publish + remove ms",
        "open s",
        "size on disk MB",
        "RSS before build MB",
        "build peak RSS MB",
        f"top-{OVERLAP_AT} shared with bm25s / counting ties",
    ]
    lines = [table(headers, rows), ""]
    checked = [r for r in results if "check" in r]
    if checked:
        c = checked[0]["check"]
        lines += [
            table(
                [
                    f"after deleting {c['deleted']:,} of {2 * c['deleted']:,} passages",
                    "max relative score diff vs fresh index",
                    "median",
                    "top-10 shared with fresh (counting ties)",
                    "deleted passages returned",
                ],
                [
                    [
                        r["backend"],
                        f"{r['check']['max relative score difference']:.4f}",
                        f"{r['check']['median relative score difference']:.4f}",
                        f"{r['check']['top-10 shared']:.3f}",
                        r["check"]["deleted passages found"],
                    ]
                    for r in checked
                ],
            ),
            "",
        ]
    for r in results:
        said = [
            f"{key} {value:,.2f}" if isinstance(value, float) else f"{key} {value}"
            for key, value in r["details"].items()
        ]
        said.append(f"removed article's passages returned after removal: {r['removed found']}")
        said.append(f"published article's passages returned: {r['new found']}")
        said.append(f"other processes kept {r['others load']:.2f} CPUs busy meanwhile")
        lines.append(f"- {r['backend']}: " + "; ".join(said))
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines)


def child(name: str, args: argparse.Namespace) -> dict | None:
    """Run one backend in a new process; its figures, or None when it failed."""
    command = [
        sys.executable,
        __file__,
        "--backend",
        name,
        *("--passages", str(args.passages), "--questions", str(args.questions)),
        *("--pool", str(args.pool), "--seed", str(args.seed)),
    ]
    before = _children_cpu()
    with measured() as timing:
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        say(f"[{name}] failed with exit status {done.returncode}")
        return None
    result = json.loads(done.stdout.strip().splitlines()[-1])
    others = max(0.0, timing.others - (_children_cpu() - before))  # measured() counts the child's
    result["others load"] = others / max(timing.wall, 1e-9)
    return result


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--pool", type=int, default=10_000, help="distinct sentences passages are drawn from")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--backend", choices=BACKENDS, help=argparse.SUPPRESS)  # the child's
    args = parser.parse_args()
    if args.passages < 2 * ARTICLE:
        parser.error(f"--passages must be at least {2 * ARTICLE}")
    if args.backend:
        corpus = make_corpus(args.passages, args.questions, args.pool, args.seed)
        with tempfile.TemporaryDirectory() as scratch:
            print(json.dumps(measure(args.backend, corpus, Path(scratch))))
        return

    notes = []
    if "segments" in args.backends and not hasattr(lexical, "LexicalSegment"):
        args.backends.remove("segments")
        notes.append("segments: index.search.lexical has no LexicalSegment yet, so its row is left out")
    if "tantivy" in args.backends and importlib.util.find_spec("tantivy") is None:
        args.backends.remove("tantivy")
        notes.append("tantivy: not installed (.venv/bin/pip install -e '.[compare]'), so its row is left out")
    results = []
    for name in args.backends:
        result = child(name, args)
        if result is None:
            notes.append(f"{name}: its process failed (see stderr), so its row is left out")
        else:
            results.append(result)
    print(render(results, args.passages, args.questions, notes))


if __name__ == "__main__":
    main()
