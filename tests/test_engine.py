"""What the engine offers the bot besides answers: titles to autocomplete, found without the model."""

import pytest

from index.engine import Engine
from index.read import Document
from index.settings import Settings
from index.store import SHARED_OWNER


@pytest.fixture
def cold_engine(sample_engine) -> Engine:
    """A second engine over the sample index that has not loaded the model."""
    return Engine(sample_engine.settings)


def _titles(engine: Engine, typed: str, limit: int = 25) -> list[str]:
    return [a.title for a in engine.titles(typed, limit)]


def test_nothing_typed_lists_the_newest_titles(cold_engine):
    assert _titles(cold_engine, "") == [a.title for a in cold_engine.sources()]
    assert _titles(cold_engine, "", limit=2) == [a.title for a in cold_engine.sources()[:2]]
    assert cold_engine.embedder._model is None


def test_every_typed_word_must_begin_or_appear_in_the_title_or_outlet(cold_engine):
    both = _titles(cold_engine, "notre")
    assert len(both) == 2 and both[0].startswith("Five years")  # Northwind Daily's is the newer
    assert _titles(cold_engine, "HARBOUR notre") == [both[1]]
    assert _titles(cold_engine, "dame reop") == [both[1]]
    assert _titles(cold_engine, "notre eclipse") == []


def test_typography_case_and_accents_need_not_be_typed(tmp_path):
    engine = Engine(Settings(data_dir=tmp_path, _env_file=None))
    with engine.store.write() as tx:
        for n, title in enumerate(["Mbappé’s hat‑trick in the final", "Lee Jae‑myung on drums"]):
            added = tx.put_article(Document(f"/news/{n}.md", "h", title, outlet="Le Monde Sportif"))
            engine.store.owners.add(tx, [added], SHARED_OWNER)  # shared, as the command line adds them
    assert _titles(engine, "mbappe's hat-t") == ["Mbappé’s hat‑trick in the final"]
    assert _titles(engine, "JAE-MYUNG") == ["Lee Jae‑myung on drums"]
    assert len(_titles(engine, "le monde")) == 2


def test_an_ingest_shows_its_embedding_before_the_first_passages_are_embedded(tmp_path, sample_news):
    seen: list[tuple[str, int, int]] = []
    Engine(Settings(data_dir=tmp_path, _env_file=None)).ingest([sample_news], lambda *step: seen.append(step))
    embedding = [(done, total) for stage, done, total in seen if stage == "embed"]
    assert embedding[0][0] == 0  # a bar from the start: the first model call takes seconds
    assert embedding[-1][0] == embedding[-1][1] > 0
    assert seen.index(("embed", *embedding[0])) > max(i for i, step in enumerate(seen) if step[0] == "read")
