"""Following a story: the first time its latest facts, then only the sentences not said before in
the story, quoted and cited; nothing when nothing is new; in the command line too."""

import shutil
from pathlib import Path

import pytest

from index.errors import NotFound
from index.report import Followed

CLOSED = (
    "The Kelvin Street bridge over the river Senna was closed to all traffic on Monday morning after "
    "inspectors found a crack in its main steel girder."
)
REOPEN = "will reopen to buses on 30 June"


@pytest.fixture
def bridge_news(tmp_path, story_news):
    """The bridge story's first two days, its later articles kept aside to be ingested."""
    first = tmp_path / "first"
    first.mkdir()
    for name in ("bridge-closed-millbrook-gazette.md", "bridge-repairs-senna-valley-echo.md"):
        shutil.copy(story_news / name, first)
    return first


@pytest.fixture
def engine(tmp_path, bridge_news):
    from index.engine import Engine
    from index.settings import Settings

    made = Engine(Settings(data_dir=tmp_path / "data", _env_file=None))
    assert not made.ingest([bridge_news]).failed
    return made


def texts(update) -> list[str]:
    return [q.text for q in update.facts]


def verified(engine, update) -> None:
    cited = {c.n for c in update.sources}
    for quote in update.facts:
        [passage] = engine.store.passages_by_ids([quote.passage_id]).values()
        assert passage.text[quote.start : quote.end] == quote.text
        assert quote.source in cited


def test_a_story_first_followed_gives_its_latest_days_facts_and_remembers_its_articles(engine):
    first = engine.follows.follow(engine.follows.find("Kelvin Street bridge", engine_scope()))
    assert first.facts and CLOSED not in texts(first)  # the second day repeats it word for word
    assert any("six weeks" in t for t in texts(first))
    assert len(first.followed.articles) == 2
    verified(engine, first)


def test_an_update_quotes_only_what_the_new_articles_say_that_was_not_said(engine, story_news, tmp_path):
    followed = engine.follows.follow(engine.follows.find("Kelvin Street bridge", engine_scope())).followed
    assert engine.follows.update(followed, engine_scope()).facts == []  # nothing published since
    engine.ingest([story_news / "bridge-footbridge-millbrook-gazette.md"])
    update = engine.follows.update(followed, engine_scope())
    assert update.facts and all(q.source == 1 for q in update.facts)
    assert [c.title for c in update.sources] == [
        "Temporary footbridge opens beside the closed Kelvin Street bridge"
    ]
    assert CLOSED not in texts(update)
    verified(engine, update)
    assert set(followed.articles) < set(update.followed.articles)


def test_an_article_saying_nothing_new_sends_nothing_and_news_after_it_is_sent(engine, story_news):
    followed = engine.follows.follow(engine.follows.find("Kelvin Street bridge", engine_scope())).followed
    engine.ingest([story_news / "bridge-footbridge-millbrook-gazette.md"])
    followed = engine.follows.update(followed, engine_scope()).followed
    news = Path(__file__).resolve().parent / "follow_news"
    engine.ingest([news / "bridge-nothing-new-harbour-post.md"])
    quiet = engine.follows.update(followed, engine_scope())
    assert quiet.facts == [] and len(quiet.followed.articles) == 4
    engine.ingest([news / "bridge-reopening-harbour-post.md"])
    later = engine.follows.update(quiet.followed, engine_scope())
    assert any(REOPEN in t for t in texts(later))
    verified(engine, later)


def test_a_servers_own_article_updates_only_that_servers_follows(engine, story_news):
    from index import Scope

    followed = engine.follows.follow(engine.follows.find("Kelvin Street bridge", engine_scope())).followed
    engine.ingest([story_news / "bridge-footbridge-millbrook-gazette.md"], server=41)
    assert engine.follows.update(followed, engine_scope()).facts == []
    assert engine.follows.update(followed, Scope(42)).facts == []
    assert any("Hundreds of commuters" in t for t in texts(engine.follows.update(followed, Scope(41))))


def test_a_story_whose_articles_are_gone_is_not_found(engine):
    with pytest.raises(NotFound):
        engine.follows.update(Followed("gone", (999,)), engine_scope())


def succeeded(newsbot_command, data, *args: object, settings: dict | None = None) -> str:
    """What ``newsbot ARGS`` printed on ``data`` (with ``settings``), which must succeed."""
    ran = newsbot_command.run(data, *args, settings=settings)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def engine_scope():
    from index import SHARED

    return SHARED


def test_the_command_line_follows_lists_updates_and_unfollows(
    tmp_path, bridge_news, story_news, newsbot_command, backend
):
    data = tmp_path / "cli-data"
    database = {"NEWSBOT_DATABASE_URL": backend} if backend else None

    def run(*args: object) -> str:
        return " ".join(succeeded(newsbot_command, data, *args, settings=database).split())

    run("ingest", bridge_news)
    assert run("follow", "--list") == "No story is followed: `newsbot follow TOPIC_OR_ARTICLE` follows one."
    first = run("follow", "Kelvin", "Street", "bridge")
    assert first.startswith("Now following: ") and "Its latest facts:" in first and "six weeks" in first
    assert run("follow", "--list").endswith("· 2 articles")
    run("ingest", story_news / "bridge-footbridge-millbrook-gazette.md")
    update = run("follow", "Kelvin Street bridge")
    assert update.startswith("New on ") and "Hundreds of commuters walked across the footbridge" in update
    assert CLOSED not in update and "[1] The Millbrook Gazette · Temporary footbridge opens" in update
    assert run("follow", "Kelvin Street bridge").startswith("Nothing new on ")
    assert run("unfollow", "Kelvin Street bridge").startswith("No longer following: ")
    assert run("follow", "--list").startswith("No story is followed")
    refused = newsbot_command.run(data, "unfollow", "Kelvin Street bridge", settings=database)
    assert refused.returncode == 1 and "is not followed" in refused.stderr
    usage = newsbot_command.run(data, "follow", settings=database)
    assert usage.returncode == 2 and usage.stderr.startswith("newsbot: give the story to follow")


GIRDER = "was cast on Monday at a mill in Sheffield"
GIRDER_NEWS = Path(__file__).resolve().parent / "follow_news" / "bridge-girder-cast-riverside-notes.md"


def test_news_after_a_pause_longer_than_stories_group_over_is_still_the_storys(engine, story_news):
    followed = engine.follows.follow(engine.follows.find("Kelvin Street bridge", engine_scope())).followed
    others = [
        story_news / "bakery-fair-senna-valley-echo.md",
        story_news / "chess-congress-riverside-notes.md",
    ]
    engine.ingest([GIRDER_NEWS, *others])
    update = engine.follows.update(followed, engine_scope())  # published six days after the last report
    assert any(GIRDER in t for t in texts(update))
    assert len(update.followed.articles) == 3  # neither the bread fair's report nor the chess congress's
    assert [c.title for c in update.sources] == [
        "New girder for the closed Kelvin Street bridge cast at a Sheffield mill"
    ]
    verified(engine, update)
    assert set(followed.articles) < set(update.followed.articles)


def test_the_command_line_updates_a_story_whose_news_comes_after_a_long_pause(
    tmp_path, bridge_news, newsbot_command
):
    data = tmp_path / "cli-data"

    def run(*args: object) -> str:
        return " ".join(succeeded(newsbot_command, data, *args).split())

    run("ingest", bridge_news)
    assert run("follow", "Kelvin Street bridge").startswith("Now following: ")
    run("ingest", GIRDER_NEWS)  # six days after the last report: alone, a search groups it apart
    update = run("follow", "Kelvin Street bridge")
    assert update.startswith("New on ") and GIRDER in update
    assert "[1] Riverside Notes · New girder for the closed Kelvin Street bridge" in update
    assert run("follow", "--list").endswith("· 3 articles")  # the same follow, not a new one
    assert run("unfollow", "Kelvin Street bridge").startswith("No longer following: ")
    assert run("follow", "--list").startswith("No story is followed")


def test_follow_json_gives_the_facts_with_their_source_numbers_and_the_citations(
    tmp_path, bridge_news, story_news, newsbot_command
):
    import json

    data = tmp_path / "cli-data"

    def run(*args: object) -> dict:
        printed = succeeded(newsbot_command, data, *args)
        return json.loads(printed) if "--json" in args else {}

    run("ingest", bridge_news)
    first = run("follow", "Kelvin Street bridge", "--json")
    assert first["newly_followed"] is True and any("six weeks" in f["text"] for f in first["facts"])
    run("ingest", story_news / "bridge-footbridge-millbrook-gazette.md")
    update = run("follow", "Kelvin Street bridge", "--json")
    assert update["newly_followed"] is False and update["story"].startswith("Repairs to the cracked")
    assert any("Hundreds of commuters" in f["text"] for f in update["facts"])
    assert {f["source"] for f in update["facts"]} == {1} and all(f["also_in"] == [] for f in update["facts"])
    [source] = update["sources"]
    assert source["n"] == 1 and source["outlet"] == "The Millbrook Gazette"
    assert source["title"] == "Temporary footbridge opens beside the closed Kelvin Street bridge"
    assert source["published"] == "2025-05-15"
    assert source["path"].endswith("bridge-footbridge-millbrook-gazette.md")
    quiet = run("follow", "Kelvin Street bridge", "--json")
    assert quiet["facts"] == [] and quiet["sources"] == []
    [listed] = run("follow", "--list", "--json")["followed"]
    assert listed == {"story": update["story"], "articles": [1, 2, 3]}
