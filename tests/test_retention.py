"""Retention: articles older than NEWSBOT_RETENTION_DAYS are never listed or cited, and the next
publish removes them, as it removes the article of a deleted file.

The articles are written here, dated relative to today.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from test_faults import integrity, killed_publish

from index.embed import Embedder
from index.engine import Engine
from index.settings import DEFAULT_MODEL, Settings

MARKET = "Covered market reopens in Elderbridge"
MARKET_TEXT = [
    "The covered market in Elderbridge reopened on Monday with forty-one stalls after a year of repairs.",
    "Traders said the new glass roof lets in so much light that the fruit stalls no longer need lamps.",
]
MARKET_QUESTION = "How many stalls does the Elderbridge covered market have?"
DAM = "Beavers build a dam on the Lisk"
DAM_TEXT = [
    "A family of beavers has built a dam across the river Lisk, the first seen there in four centuries.",
    "Rangers counted two adults and three kits living in a lodge beside the new pond.",
]
DAM_QUESTION = "How many beaver kits live on the river Lisk?"


def article(title: str, paragraphs: list[str], days_ago: int | None) -> str:
    """A Markdown article dated ``days_ago`` days before today; undated with None (a plain text file)."""
    if days_ago is None:
        return f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"
    published = (date.today() - timedelta(days=days_ago)).isoformat()
    return f'---\ntitle: "{title}"\noutlet: "The Lisk Valley Times"\npublished: {published}\n---\n\n' + (
        "\n\n".join(paragraphs) + "\n"
    )


def write_news(folder: Path, market_days_ago: int | None, dam_days_ago: int | None) -> tuple[Path, Path]:
    """The two articles (both dated, or both undated), as resolved paths: the market's, the dam's."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = ".md" if market_days_ago is not None else ".txt"
    market, dam = folder / f"market{suffix}", folder / f"dam{suffix}"
    market.write_text(article(MARKET, MARKET_TEXT, market_days_ago), encoding="utf-8")
    dam.write_text(article(DAM, DAM_TEXT, dam_days_ago), encoding="utf-8")
    return market.resolve(), dam.resolve()


@pytest.fixture(scope="module")
def model():
    """The real model, loaded once for this module's engines."""
    return Embedder(DEFAULT_MODEL).model


@pytest.fixture
def engine_with(tmp_path, model) -> Callable[[int], Engine]:
    """An engine over one data folder, as newsbot started with NEWSBOT_RETENTION_DAYS=days."""

    def make(days: int) -> Engine:
        engine = Engine(Settings(data_dir=tmp_path / "data", retention_days=days, _env_file=None))
        engine.embedder._model = model
        return engine

    return make


def quoted(answer) -> str:
    return " | ".join(quote.text for quote in answer.quotes)


def row(engine: Engine, source: Path) -> tuple | None:
    """The article row of ``source`` as stored: (removed_gen,), None once purged."""
    return engine.store.database.row("SELECT removed_gen FROM articles WHERE source = ?", (str(source),))


def test_articles_older_than_retention_are_not_listed_or_cited_and_leave_at_the_next_ingest(
    engine_with, tmp_path, backend
):
    _, dam = write_news(tmp_path / "news", market_days_ago=10, dam_days_ago=100)
    keep_all = engine_with(0)
    assert not keep_all.ingest([tmp_path / "news"]).failed
    assert "three kits" in quoted(keep_all.ask(DAM_QUESTION))

    engine = engine_with(30)  # restarted with a retention of 30 days: nothing is published yet
    assert [a.title for a in engine.sources()] == [MARKET]
    assert [a.title for a in engine.titles("beavers")] == []
    dam_answer = engine.ask(DAM_QUESTION)
    assert not dam_answer.answered and DAM not in [s.title for s in dam_answer.sources]
    assert "forty-one stalls" in quoted(engine.ask(MARKET_QUESTION))
    assert row(engine, dam) == (None,)  # still stored: the serving generation is untouched

    generation = engine.store.generation()
    report = engine.reindex()
    assert report.removed == [str(dam)] and not report.failed
    assert report.generation == generation + 1
    assert row(engine, dam) == (report.generation,)  # removed as a deleted file's article is
    assert [a.title for a in engine_with(0).sources()] == [MARKET]  # gone, whatever the setting
    assert not engine_with(0).ask(DAM_QUESTION).answered
    assert "forty-one stalls" in quoted(engine.ask(MARKET_QUESTION))

    # an old article ingested again is read, reported as expired and not stored
    again = engine.ingest([dam])
    assert again.expired == [str(dam)] and not again.added and not again.failed
    assert [a.title for a in engine.sources()] == [MARKET]


def test_undated_articles_are_kept_for_retention_from_when_they_were_ingested(engine_with, tmp_path, backend):
    _, dam = write_news(tmp_path / "news", market_days_ago=None, dam_days_ago=None)
    engine = engine_with(30)
    report = engine.ingest([tmp_path / "news"])
    assert len(report.added) == 2  # undated and just ingested: within retention
    assert "three kits" in quoted(engine.ask(DAM_QUESTION))

    forty_days_ago = (datetime.now(UTC) - timedelta(days=40)).isoformat(timespec="seconds")
    with engine.store.write() as tx:
        tx.execute("UPDATE articles SET ingested_at = ? WHERE source = ?", (forty_days_ago, str(dam)))
    assert [a.title for a in engine.sources()] == [MARKET]
    assert not engine.ask(DAM_QUESTION).answered  # hidden from search before anything is published
    assert "forty-one stalls" in quoted(engine.ask(MARKET_QUESTION))
    assert "forty-one stalls" in quoted(engine_with(0).ask(MARKET_QUESTION))

    report = engine.reindex()
    assert report.removed == [str(dam)]
    assert row(engine, dam) == (report.generation,)
    assert not engine_with(0).ask(DAM_QUESTION).answered


def test_retention_zero_keeps_every_article(engine_with, tmp_path, backend):
    write_news(tmp_path / "news", market_days_ago=400, dam_days_ago=4000)
    engine = engine_with(0)
    engine.ingest([tmp_path / "news"])
    assert sorted(a.title for a in engine.sources()) == sorted([MARKET, DAM])
    assert "three kits" in quoted(engine.ask(DAM_QUESTION))
    assert "forty-one stalls" in quoted(engine.ask(MARKET_QUESTION))
    report = engine.reindex()
    assert not report.removed and len(report.unchanged) == 2


def test_a_publish_killed_while_removing_old_articles_leaves_the_serving_index_whole(
    engine_with, tmp_path, newsbot_command
):
    _, dam = write_news(tmp_path / "news", market_days_ago=10, dam_days_ago=100)
    data_dir = tmp_path / "data"
    engine_with(0).ingest([tmp_path / "news"])
    listed = newsbot_command.run(data_dir, "sources")
    assert DAM in listed.stdout and MARKET in listed.stdout

    # `newsbot reindex` with a retention of 30 days, killed inside the publish that removes the dam
    # story: the new generation's folder is in place, the transaction naming it is not committed
    retention = {"NEWSBOT_RETENTION_DAYS": "30"}
    killed_publish(newsbot_command, data_dir, "before-commit", "reindex", settings=retention)

    assert integrity(data_dir) == "ok"
    serving = engine_with(0)
    assert serving.store.generation() == 1 and row(serving, dam) == (None,)
    assert "three kits" in quoted(serving.ask(DAM_QUESTION))  # nothing of the serving index was lost
    assert DAM not in newsbot_command.run(data_dir, "sources", settings=retention).stdout

    report = engine_with(30).reindex()  # the next publish that runs to the end removes it
    assert report.removed == [str(dam)] and report.generation == 2
    assert DAM not in newsbot_command.run(data_dir, "sources").stdout
    assert integrity(data_dir) == "ok"
