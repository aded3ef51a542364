"""Each server its own newsroom: what a server adds is seen there and nowhere else, what the command
line adds is seen everywhere, and a server can hide an outlet from itself."""

import gc
import sqlite3
import weakref
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from databases import BACKENDS, database_url

from index.engine import Engine
from index.errors import InputError, NotFound
from index.settings import Settings
from index.store import SHARED, Scope, sqlite

SERVER_A, SERVER_B = 1111, 2222
TODAY = date.today().isoformat()
KILN = (
    f'---\ntitle: "Kiln street pottery wins the county prize"\noutlet: "The Ashby Courier"\n'
    f"published: {TODAY}\n---\n\n"
    "The Kiln street pottery won the county craft prize for its blue glazed teapots, the judges "
    "said on Friday. The pottery employs eleven people and fires its kiln twice a week.\n"
).encode()
MARSH = (
    f'---\ntitle: "Marsh road bridge closes for repairs"\noutlet: "Fenland Post"\n'
    f"published: {TODAY}\n---\n\n"
    "The Marsh road bridge will close for six weeks of repairs from Monday, the council said. "
    "Drivers are told to use the ring road, which adds about ten minutes to the trip.\n"
).encode()
KILN_QUESTION = "What did the Kiln street pottery win?"


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request, tmp_path_factory, sample_news) -> Iterator[Engine]:
    """The sample news shared; server A's upload about a pottery, server B's about a bridge; on
    each backend."""
    with database_url(request.param) as url:
        folder = tmp_path_factory.mktemp("scopes")
        engine = Engine(Settings(data_dir=folder, database_url=url, _env_file=None))
        assert not engine.ingest([sample_news]).failed
        assert engine.ingest_upload("kiln.md", KILN, server=SERVER_A).added
        assert engine.ingest_upload("marsh.md", MARSH, server=SERVER_B).added
        yield engine


def quoted(engine: Engine, question: str, scope: Scope, since: str | None = None) -> str:
    answer = engine.ask(question, scope=scope, since=since)
    return " ".join(q.text for q in answer.quotes)


def titles(articles) -> set[str]:
    return {a.title for a in articles}


def test_a_server_is_answered_from_its_own_upload_and_the_shared_news(engine):
    assert "county craft prize" in quoted(engine, KILN_QUESTION, Scope(SERVER_A))
    assert "Notre-Dame" in quoted(engine, "When did Notre-Dame reopen?", Scope(SERVER_A))


def test_another_server_and_the_command_line_never_see_it(engine):
    for scope in (Scope(SERVER_B), SHARED):
        assert "county craft prize" not in quoted(engine, KILN_QUESTION, scope)
        assert "Kiln street pottery wins the county prize" not in titles(engine.sources(scope))
        assert engine.titles("kiln", scope=scope) == []
        with pytest.raises(NotFound):
            engine.summary("Kiln street pottery", scope=scope)
        digest = engine.digest("Kiln street pottery prize", scope=scope)
        assert "The Ashby Courier" not in {source.outlet for source in digest.sources}
        stories = engine.stories("24h", scope=scope)
        assert all("Kiln" not in report.article.title for s in stories for report in s.reports)


def test_every_article_of_a_server_is_found_by_id_only_there(engine):
    [kiln] = [a for a in engine.sources(Scope(SERVER_A)) if a.title.startswith("Kiln")]
    assert engine.summary(str(kiln.id), scope=Scope(SERVER_A)).citation.title == kiln.title
    with pytest.raises(NotFound):
        engine.summary(str(kiln.id), scope=Scope(SERVER_B))


def test_the_same_file_uploaded_in_two_servers_is_seen_in_both(engine):
    report = engine.ingest_upload("pottery-prize.md", KILN, server=SERVER_B)
    assert report.duplicates  # the same text: not indexed twice, but now server B's too
    assert "county craft prize" in quoted(engine, KILN_QUESTION, Scope(SERVER_B))
    assert "county craft prize" not in quoted(engine, KILN_QUESTION, SHARED)


def test_two_servers_files_of_one_name_stay_apart(tmp_path, backend):
    engine = Engine(Settings(data_dir=tmp_path, _env_file=None))
    engine.ingest_upload("notes.md", KILN, server=SERVER_A)
    engine.ingest_upload("notes.md", MARSH, server=SERVER_B)
    assert titles(engine.sources(Scope(SERVER_A))) == {"Kiln street pottery wins the county prize"}
    assert titles(engine.sources(Scope(SERVER_B))) == {"Marsh road bridge closes for repairs"}
    engine.reindex()
    assert titles(engine.sources(Scope(SERVER_A))) == {"Kiln street pottery wins the county prize"}


def test_what_the_command_line_adds_every_server_sees(tmp_path, backend):
    engine = Engine(Settings(data_dir=tmp_path, _env_file=None))
    (tmp_path / "kiln.md").write_bytes(KILN)
    engine.ingest([tmp_path / "kiln.md"])
    for scope in (Scope(SERVER_A), Scope(SERVER_B), SHARED):
        assert "county craft prize" in quoted(engine, KILN_QUESTION, scope)


def test_a_server_hides_an_outlet_from_itself_only(engine):
    owners = engine.store.owners
    assert owners.hide_outlet(SERVER_A, "the ashby courier")
    try:
        assert "county craft prize" not in quoted(engine, KILN_QUESTION, Scope(SERVER_A))
        assert "The Ashby Courier" not in {a.outlet for a in engine.sources(Scope(SERVER_A))}
        assert "county craft prize" in quoted(engine, KILN_QUESTION, Scope(SERVER_B))
        assert owners.hidden_outlets(SERVER_A) == ["the ashby courier"]
    finally:
        assert owners.hide_outlet(SERVER_A, "The Ashby Courier", hidden=False)
    assert "county craft prize" in quoted(engine, KILN_QUESTION, Scope(SERVER_A))


def test_an_outlet_filter_answers_from_that_outlet_only(engine):
    outlets = {a.outlet for a in engine.sources(Scope(SERVER_A, outlet="the ashby courier"))}
    assert outlets == {"The Ashby Courier"}
    other = Scope(SERVER_A, outlet="Fenland Post")  # server B's outlet: nothing of it here
    assert engine.sources(other) == [] and engine.ask(KILN_QUESTION, scope=other).quotes == []


def test_a_store_from_before_servers_keeps_every_article_shared(tmp_path, sample_news):
    engine = Engine(Settings(data_dir=tmp_path, _env_file=None))
    engine.ingest([sample_news])
    count = len(engine.sources())
    with sqlite3.connect(tmp_path / "newsbot.db") as db:  # as an older newsbot left it
        db.execute("DROP TABLE owners")
        db.execute("DELETE FROM meta WHERE key = 'visibility'")
        db.execute("DROP TABLE schema_versions")
    reopened = Engine(Settings(data_dir=tmp_path, _env_file=None))
    assert len(reopened.sources()) == len(reopened.sources(Scope(SERVER_A))) == count
    assert "Notre-Dame" in quoted(reopened, "When did Notre-Dame reopen?", SHARED)


def test_since_answers_from_news_published_since_then_only(engine):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert "county craft prize" in quoted(engine, KILN_QUESTION, Scope(SERVER_A), since="7d")
    assert "county craft prize" not in quoted(engine, KILN_QUESTION, Scope(SERVER_A), since=tomorrow)
    with pytest.raises(InputError, match="not a period"):
        engine.ask(KILN_QUESTION, scope=Scope(SERVER_A), since="lately")


def test_a_snapshot_handed_to_a_server_searches_only_what_it_sees(engine):
    restricted = engine.serving(Scope(3333))  # a server that never added it
    query = engine.encode_question(KILN_QUESTION)
    kiln = {
        p.id
        for a in engine.sources(Scope(SERVER_A))
        if a.outlet == "The Ashby Courier"
        for p in engine.story(a).passages
    }
    assert kiln  # server A sees them
    assert not kiln & {pid for pid, _ in restricted.dense_search(query, 1000)}
    assert not kiln & {pid for pid, _ in restricted.lexical_search(KILN_QUESTION, 1000)}


def test_opening_a_store_never_waits_for_a_publish_another_process_is_making(tmp_path, monkeypatch):
    engine = Engine(Settings(data_dir=tmp_path, _env_file=None))
    engine.feeds()  # the feed tables too
    publishing = sqlite3.connect(tmp_path / "newsbot.db", isolation_level=None)
    publishing.execute("BEGIN IMMEDIATE")  # as a long publish holds the write lock
    publishing.execute("INSERT INTO meta (key, value) VALUES ('busy', 'yes')")
    monkeypatch.setattr(sqlite, "BUSY_TIMEOUT", 0.2)  # a wait would fail, not hang
    reopened = Engine(Settings(data_dir=tmp_path, _env_file=None))
    assert reopened.feeds() == [] and reopened.sources() == []
    publishing.execute("ROLLBACK")


def test_a_replaced_generation_is_not_kept_alive_by_what_a_server_saw_of_it(tmp_path, backend):
    engine = Engine(Settings(data_dir=tmp_path, _env_file=None))
    engine.ingest_upload("kiln.md", KILN, server=SERVER_A)
    engine.ingest_upload("marsh.md", MARSH, server=SERVER_B)
    before = weakref.ref(engine.serving(Scope(SERVER_A)))
    engine.ingest_upload("marsh.md", MARSH.replace(b"six weeks", b"eight weeks"), server=SERVER_B)
    engine.serving(Scope(SERVER_A))  # the newer generation, as server A sees it
    gc.collect()
    assert before() is None
