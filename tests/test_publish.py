"""A publish adds a segment instead of rebuilding the index, and that never changes what is found:
after a thousand small publishes — articles added, replaced and removed, as feed polls and
retention do — BM25 ranks exactly as a rebuild of the same passages does, and FAISS finds the
same nearest passages.

The publishes here write the store's rows and the generation's files as a publish does
(``ingest.generation.write_generation`` inside the store's transaction), with vectors drawn at
random instead of the model's, so a thousand of them take seconds.
"""

import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

from index.embed import PassageVectors
from index.engine import Engine
from index.errors import IndexNotReady
from index.ingest.generation import write_generation
from index.ingest.report import no_progress
from index.read import Document, PassageDraft
from index.search import dense, merges, snapshot
from index.search.hybrid import hybrid
from index.settings import Settings
from index.store import SHARED, Store
from index.text import sha256

MODEL, DIM = "random-vectors", 24
PUBLISHES = 1000
WORDS = [
    f"{stem}{suffix}"
    for stem in (
        "harbour",
        "ferry",
        "council",
        "vote",
        "budget",
        "bridge",
        "school",
        "market",
        "storm",
        "river",
        "mayor",
        "train",
        "fare",
        "library",
        "museum",
        "festival",
    )
    for suffix in ("", "s", "ing", "er", "ed")
]


class Newsroom:
    """A store and its generations, published one small change at a time."""

    def __init__(self, folder: Path, target: Path | str | None = None, seed: int = 7) -> None:
        self.store = Store(target or folder / "newsbot.db")
        self.root = folder / "generations"
        self.rng = np.random.default_rng(seed)
        self.articles = 0

    def passage(self, position: int) -> PassageDraft:
        zipf = np.minimum(self.rng.zipf(1.3, self.rng.integers(5, 30)), len(WORDS)) - 1
        text = " ".join(WORDS[i] for i in zipf) + f" {self.rng.integers(1000)}."
        return PassageDraft(position, None, text, ((0, len(text)),))

    def publish(
        self,
        *,
        add: int = 0,
        replace: int | None = None,
        remove: int | None = None,
        whole: bool = False,
        retrain: bool = False,
    ) -> None:
        sources = [f"article-{self.articles + i}" for i in range(add)]
        sources += [f"article-{replace}"] if replace is not None else []
        self.articles += add
        written = {source: [self.passage(p) for p in range(self.rng.integers(1, 6))] for source in sources}
        vectors = {}
        for drafts in written.values():
            for draft in drafts:
                vector = self.rng.standard_normal(DIM).astype(np.float32)
                vectors[sha256(draft.text)] = _vectors(vector / np.linalg.norm(vector))
        self.store.embeddings.add(MODEL, vectors)
        with self.store.write() as tx:
            number = self.store.generation() + 1
            snapshot.remove_stale(self.root, keep={number - 1, number - 2})
            for source, drafts in written.items():
                doc = Document(source=source, content_hash=sha256(source + str(number)), title=source)
                hashes = [sha256(d.text) for d in drafts]
                tx.replace_passages(tx.put_article(doc), drafts, hashes, number)
            if remove is not None:
                tx.remove_article(self.store.article_by_source(f"article-{remove}").id, number)
            write_generation(
                self.store, self.root, number, MODEL, DIM, no_progress, whole=whole, retrain=retrain
            )
            tx.set_meta("generation", str(number))
            tx.purge(before_generation=number - 1)

    def served(self) -> snapshot.Snapshot:
        return snapshot.load(self.root, self.store.generation())

    def live(self) -> set[int]:
        return {row.id for row in self.store.live_passage_rows()}


def _vectors(vector: np.ndarray) -> PassageVectors:
    return PassageVectors(vector, vector.reshape(1, -1).astype(np.float16))


def grown(folder: Path) -> Newsroom:
    """A thousand publishes: mostly one new article, some an article replaced or removed."""
    room = Newsroom(folder)
    removed: set[int] = set()
    for _ in range(PUBLISHES):
        chance = room.rng.random()
        kept = [i for i in range(room.articles) if i not in removed]
        if chance < 0.1 and kept:
            gone = int(room.rng.choice(kept))
            removed.add(gone)
            room.publish(remove=gone)
        elif chance < 0.2 and kept:
            room.publish(replace=int(room.rng.choice(kept)))
        else:
            room.publish(add=int(room.rng.integers(1, 3)))
    return room


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Newsroom:
    return grown(tmp_path_factory.mktemp("drift"))


QUESTIONS = [
    " ".join(WORDS[i] for i in np.random.default_rng(q).integers(0, len(WORDS), 3)) for q in range(60)
]


def test_publishes_add_small_segments_and_keep_few(room):
    served = room.served()
    assert 1 < len(served.segments) <= 12
    assert set(served.ids.tolist()) == room.live()
    assert len(served.ids) > 2000


def test_after_a_thousand_publishes_bm25_ranks_as_a_rebuild_does(room, tmp_path):
    incremental = room.served()
    room.publish(whole=True)  # the same passages, rewritten into one segment
    rebuilt = room.served()
    assert len(rebuilt.segments) == 1
    assert incremental.ids.tolist() == rebuilt.ids.tolist()
    half = np.random.default_rng(0).random(len(rebuilt.ids)) < 0.5  # a period's passages, say
    for question in QUESTIONS:
        assert incremental.lexical.search(question, 10) == rebuilt.lexical.search(question, 10), question
        assert incremental.lexical.search(question, 10, half) == rebuilt.lexical.search(question, 10, half)


def test_after_a_thousand_publishes_faiss_finds_what_a_rebuild_finds(room):
    incremental = room.served()
    room.publish(whole=True, retrain=True)
    rebuilt = room.served()
    found = []
    for seed in range(60):
        query = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
        query /= np.linalg.norm(query)
        mine = {pid for pid, _ in incremental.dense_search(query, 10)}
        truth = {pid for pid, _ in rebuilt.dense_search(query, 10)}
        assert mine <= room.live()
        half = rebuilt.ids[seed % 2 :: 2]
        assert {p for p, _ in incremental.dense_search(query, 10, half)} == {
            p for p, _ in rebuilt.dense_search(query, 10, half)
        }
        found.append(len(mine & truth) / 10)
        hits = [h.passage_id for h in hybrid(incremental, QUESTIONS[seed], query, 10)]
        assert hits == [h.passage_id for h in hybrid(rebuilt, QUESTIONS[seed], query, 10)]
    assert np.mean(found) >= 0.99


def test_a_removed_passage_is_never_found_though_its_segment_keeps_it(tmp_path, store_target):
    room = Newsroom(tmp_path, store_target)
    room.publish(add=30)
    room.publish(add=1)
    gone = room.store.article_by_source("article-3").id
    ids = {p.id for p in room.store.article_passages(gone)}
    room.publish(remove=3)
    served = room.served()
    assert ids <= set(np.concatenate([s.ids for s in served.segments]).tolist())  # still written
    assert not ids & set(served.ids.tolist())
    for question in QUESTIONS:
        assert not ids & {pid for pid, _ in served.lexical.search(question, 1000)}
    assert not ids & {pid for pid, _ in served.dense_search(np.ones(DIM, dtype=np.float32) / DIM**0.5, 1000)}


def test_publishing_one_article_writes_a_segment_of_its_passages_only(tmp_path, store_target):
    room = Newsroom(tmp_path, store_target)
    room.publish(add=200)
    before = room.served()
    room.publish(add=1)
    after = room.served()
    newest = room.store.article_passages(room.store.article_by_source("article-200").id)
    assert [s.name for s in after.segments[:-1]] == [s.name for s in before.segments]
    assert after.segments[-1].ids.tolist() == [p.id for p in newest]


def test_approximate_segments_find_as_much_as_an_approximate_rebuild(tmp_path, monkeypatch):
    """Above the exact limit a rebuild is approximate too: against exact search, the segments an
    incremental publish leaves recall at least as much as one retrained index of them all."""
    monkeypatch.setattr(dense, "EXACT_LIMIT", 400)
    room = grown(tmp_path)
    incremental = room.served()
    assert any(faiss.try_extract_index_ivf(s.dense) for s in incremental.segments)
    room.publish(whole=True, retrain=True)
    rebuilt = room.served()
    assert faiss.try_extract_index_ivf(rebuilt.segments[0].dense)
    live = sorted(room.live())
    matrix = np.stack([_vector_of(room, pid) for pid in live])
    mine, theirs = [], []
    for seed in range(60):
        query = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
        query /= np.linalg.norm(query)
        truth = {live[i] for i in np.argsort(-(matrix @ query))[:10]}
        mine.append(len(truth & {pid for pid, _ in incremental.dense_search(query, 10)}) / 10)
        theirs.append(len(truth & {pid for pid, _ in rebuilt.dense_search(query, 10)}) / 10)
    assert np.mean(mine) >= np.mean(theirs) - 0.01 and np.mean(mine) >= 0.95


def _vector_of(room: Newsroom, passage_id: int) -> np.ndarray:
    digest = room.store.passages_by_ids([passage_id])[passage_id].embed_hash
    return room.store.embeddings.passage_vectors(MODEL, [digest])[digest]


def test_compact_merges_the_segments_and_drops_removed_passages(
    tmp_path, sample_news, newsbot_command, monkeypatch
):
    monkeypatch.setattr(merges, "FACTOR", 0)  # the samples are so few that any publish merges them all
    news, data_dir = tmp_path / "news", tmp_path / "data"
    shutil.copytree(sample_news, news)
    engine = Engine(Settings(data_dir=data_dir, _env_file=None))
    engine.ingest([news])
    first = engine.serving(SHARED)
    edited = sorted(news.glob("*.md"))[0]  # its passages are replaced: the old ones stay in the segment
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA late paragraph about the Varn ferry.\n")
    engine.ingest([edited])
    served = engine.serving(SHARED)
    assert len(served.segments) == 2 and len(served.ids) < sum(len(s.ids) for s in served.segments)
    assert served.segments[0] is first.segments[0]  # the serving engine read only the new segment

    compacted = newsbot_command.run(data_dir, "compact")
    assert compacted.returncode == 0, compacted.stderr
    assert "merged the index into one segment" in compacted.stdout
    served = engine.serving(SHARED)
    assert len(served.segments) == 1
    assert served.segments[0].ids.tolist() == sorted(r.id for r in engine.store.live_passage_rows())
    _, hits = engine.retrieve("the Varn ferry")
    assert "Varn ferry" in " ".join(p.text for p in engine.evidence(hits).passages)

    again = newsbot_command.run(data_dir, "compact")
    assert "nothing to merge" in again.stdout and engine.store.generation() == served.number


def test_the_merge_plan_keeps_few_segments_and_rarely_rewrites_the_large_ones():
    """Five thousand publishes of 20 passages onto a million: the base is never rewritten, a
    publish rewrites a few hundred passages on average, and a generation has a handful of segments."""
    segments = [merges.Written("base", np.arange(1_000_000))]
    rewritten, counts = [], []
    for number in range(5000):
        plan = merges.plan(segments, np.zeros(0, dtype=np.int64), 20)
        kept = [s for s in segments if s.name in plan.kept]
        last = int(segments[-1].ids[-1])
        segments = [*kept, merges.Written(str(number), np.arange(plan.after + 1, last + 21))]
        rewritten.append(len(segments[-1].ids))
        counts.append(len(segments))
    assert segments[0].name == "base"
    assert np.mean(rewritten) < 400 and max(counts) <= 8


def test_a_segment_mostly_removed_is_rewritten():
    segments = [merges.Written("old", np.arange(1000)), merges.Written("new", np.arange(1000, 1100))]
    assert merges.plan(segments, np.arange(400), 5).kept == ["old", "new"]
    worn = merges.plan(segments, np.arange(600), 5)
    assert worn.kept == [] and worn.after == -1


def test_an_index_written_before_segments_asks_for_a_reindex_and_the_next_ingest_rewrites_it(
    tmp_path, sample_news
):
    engine = Engine(Settings(data_dir=tmp_path / "data", _env_file=None))
    engine.ingest([sample_news])
    served = snapshot.folder(engine.generations, engine.store.generation())
    (served / snapshot.GENERATION_FILE).unlink()  # as an older newsbot left its generation folder
    with pytest.raises(IndexNotReady, match="older newsbot") as refused:
        Engine(Settings(data_dir=tmp_path / "data", _env_file=None)).ask("When did Notre-Dame reopen?")
    assert refused.value.remedy == "reindex"
    report = engine.ingest([sample_news])  # nothing changed, but the files are rewritten
    assert report.generation == 2 and len(report.unchanged) == 5
    assert "7 December 2024" in " ".join(q.text for q in engine.ask("When did Notre-Dame reopen?").quotes)
