"""The briefing: the top stories of a period, each quoted verbatim across its outlets."""

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from index.engine import Engine
from index.settings import Settings

LATE_2024 = date(2024, 12, 31)
FERRY = {
    "ferry-fares-isle-tribune.md": (
        "The Isle Tribune",
        "Varn ferry fares to rise in March",
        "Ferry fares on the Varn crossing will rise by 12 percent in March, the harbour board said on "
        "Monday. The board blamed the cost of fuel and of repairs to the older of its two ships.\n\n"
        "Commuters who cross every day will pay about forty crowns more each month, the board said. "
        "A season ticket for students keeps its present price until the summer.",
    ),
    "ferry-fares-delta-record.md": (
        "The Delta Record",
        "Harbour board raises Varn ferry fares",
        "Fares on the Varn ferry will rise by 15 percent from March, the harbour board said on "
        "Monday, citing fuel costs and repairs to its older ship.\n\n"
        "Regular commuters face paying about forty crowns more each month. Students keep their "
        "season ticket at the present price until the summer, the board added.",
    ),
}


def write_articles(folder: Path, articles: dict[str, tuple[str, str, str]], published: str) -> None:
    """Markdown files of (outlet, title, text), all published on that day."""
    for name, (outlet, title, body) in articles.items():
        front = f'---\ntitle: "{title}"\noutlet: "{outlet}"\npublished: {published}\n---\n\n'
        (folder / name).write_text(front + body + "\n", encoding="utf-8")


def write_ferry_story(folder: Path, published: str = "2025-02-03") -> None:
    write_articles(folder, FERRY, published)


@pytest.fixture(scope="module")
def ferry_engine(tmp_path_factory, sample_news) -> Engine:
    folder = tmp_path_factory.mktemp("briefing")
    news = folder / "news"
    shutil.copytree(sample_news, news)
    write_ferry_story(news)
    engine = Engine(Settings(data_dir=folder / "data", _env_file=None))
    engine.ingest([news])
    return engine


def passages_text(engine: Engine, article_id: int) -> str:
    return "\n".join(p.text for p in engine.store.article_passages(article_id))


def test_a_story_told_by_two_outlets_is_quoted_from_both_and_every_highlight_is_verbatim(ferry_engine):
    made = ferry_engine.briefing("2024-12-01", as_of=LATE_2024)
    assert len(made.stories) == 1
    story = made.stories[0]
    assert "Notre-Dame" in story.title and story.independent == 2
    assert 2 <= len(story.highlights) <= 3
    cited = {c.n: c for c in story.sources}
    assert {q.source for q in story.highlights} == set(cited) and len(cited) == 2
    for quote in story.highlights:
        assert quote.text in passages_text(ferry_engine, cited[quote.source].article_id)


def test_where_two_outlets_differ_on_a_figure_the_briefing_shows_both(ferry_engine):
    made = ferry_engine.briefing("2025-02-01", as_of=date(2025, 2, 4))
    assert len(made.stories) == 1
    story = made.stories[0]
    assert "ferry fares" in story.title.casefold()
    assert story.independent == 2
    assert len(story.differences) == 1
    said = " | ".join(q.text for q in story.differences[0].quotes)
    assert "12 percent" in said and "15 percent" in said
    assert not any("percent" in q.text for q in story.highlights)  # not quoted twice
    assert [c.n for c in story.sources] == [1, 2]  # numbered as they appear, none skipped


def test_the_top_stories_come_first_and_a_quiet_period_has_none(ferry_engine):
    whole_year = ferry_engine.briefing("2024-01-01", as_of=LATE_2024)
    assert [s.independent for s in whole_year.stories] == [2, 1]  # Notre-Dame, then the eclipse
    assert ferry_engine.briefing("24h", as_of=date(2026, 6, 1)).stories == []


def test_the_command_line_prints_the_briefing_and_its_json(cli_sample_index, newsbot_command):
    data_dir, _ = cli_sample_index
    printed = newsbot_command.run(data_dir, "briefing", "--since", "2024-12-01", "--as-of", "2024-12-31")
    assert printed.returncode == 0, printed.stderr
    assert "Briefing: the top stories since 1 December 2024" in printed.stdout
    assert "2 independent reports · 2024-12-07 to 2024-12-08" in printed.stdout
    as_json = newsbot_command.run(
        data_dir, "briefing", "--json", "--since", "2024-12-01", "--as-of", "2024-12-31"
    )
    made = json.loads(as_json.stdout)
    assert made["since"] == "2024-12-01"
    story = made["stories"][0]
    assert story["independent_sources"] == 2
    assert {"text", "source"} <= set(story["highlights"][0])
    assert {"n", "title", "outlet", "published", "url", "path"} == set(story["sources"][0])
    quiet = newsbot_command.run(data_dir, "briefing", "--as-of", "2025-06-01")
    assert "Nothing new in the last 24 hours." in quiet.stdout


def test_with_topics_only_stories_naming_one_of_them_are_briefed(ferry_engine):
    as_of = date(2025, 2, 4)
    on_eclipses = ferry_engine.briefing("2022-01-01", as_of=as_of, topics=["eclipse"])
    assert [s.title for s in on_eclipses.stories] == [
        "Total solar eclipse sweeps across Mexico, the United States and Canada"
    ]
    on_either = ferry_engine.briefing("2022-01-01", as_of=as_of, topics=["Varn ferry", "asteroid"])
    assert len(on_either.stories) == 2
    assert ferry_engine.briefing("2022-01-01", as_of=as_of, topics=["volcano"]).stories == []
