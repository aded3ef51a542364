"""Stories: the articles that report one event, grouped across outlets, copies counted once."""

import shutil
from datetime import date

import pytest

from index.engine import Engine
from index.errors import InputError
from index.search import Period
from index.settings import Settings

LATE_2024 = date(2024, 12, 31)
MAY_2025 = Period(start=date(2025, 5, 1))
JUNE_2025 = date(2025, 6, 30)


def titles(story) -> set[str]:
    return {r.article.title for r in story.reports}


def test_two_outlets_reporting_one_event_make_one_story_of_two_reports(sample_engine):
    stories = sample_engine.stories("2024-01-01", as_of=LATE_2024)
    notre_dame = [s for s in stories if any("Notre-Dame" in t for t in titles(s))]
    assert len(notre_dame) == 1
    assert notre_dame[0].independent == 2
    assert notre_dame[0].outlets == ["Northwind Daily", "The Harbour Ledger"]
    assert stories[0] is notre_dame[0]  # the most reported story leads
    eclipse = [s for s in stories if any("eclipse" in t for t in titles(s))]
    assert len(eclipse) == 1 and eclipse[0].independent == 1 and len(eclipse[0].reports) == 1


def test_only_stories_reported_in_the_period_are_listed(sample_engine):
    listed = sample_engine.stories("2024-12-01", as_of=LATE_2024)
    assert [titles(s) for s in listed] == [
        {
            "Notre-Dame de Paris reopens with knock on its doors and a reawakened organ",
            "Five years, 2,000 craftspeople and a new spire: how Notre-Dame was rebuilt",
        }
    ]
    assert sample_engine.stories("24h", as_of=date(2024, 12, 9))[0].independent == 2
    assert sample_engine.stories("24h", as_of=date(2025, 6, 1)) == []


def test_copies_of_one_agency_story_count_as_one_report(tmp_path, sample_news):
    news = tmp_path / "news"
    shutil.copytree(sample_news, news)
    original = news / "notre-dame-reopens-harbour-ledger.md"
    copy = original.read_text(encoding="utf-8").replace("The Harbour Ledger", "The Valley Wire")
    (news / "notre-dame-reopens-valley-wire.md").write_text(copy, encoding="utf-8")
    engine = Engine(Settings(data_dir=tmp_path / "data", _env_file=None))
    engine.ingest([news])
    story = engine.stories("2024-12-01", as_of=LATE_2024)[0]
    assert len(story.reports) == 3 and len(story.outlets) == 3
    assert story.independent == 2  # the wire copy and its original are one report


@pytest.mark.parametrize(
    ("since", "first"), [("24h", date(2026, 3, 9)), ("48h", date(2026, 3, 8)), ("7d", date(2026, 3, 3))]
)
def test_a_period_counts_whole_days_back(since, first):
    assert Period.parse(since).first_day(date(2026, 3, 10)) == first
    assert Period.parse("2026-02-01").first_day(date(2026, 3, 10)) == date(2026, 2, 1)


def test_a_period_that_is_not_one_is_refused_with_the_forms_it_takes():
    with pytest.raises(InputError, match=r"such as 24h or 7d .*, or a date as YYYY-MM-DD"):
        Period.parse("last week")


def test_the_command_line_lists_stories_with_their_outlets(cli_sample_index, newsbot_command):
    data_dir, _ = cli_sample_index
    listed = newsbot_command.run(data_dir, "stories", "--since", "2024-12-01", "--as-of", "2024-12-31")
    assert listed.returncode == 0, listed.stderr
    assert (
        "2 independent reports · Northwind Daily, The Harbour Ledger · 2024-12-07 to 2024-12-08"
        in listed.stdout
    )
    empty = newsbot_command.run(data_dir, "stories", "--as-of", "2025-06-01")
    assert "No story was reported since 24h." in empty.stdout
    wrong = newsbot_command.run(data_dir, "stories", "--since", "soon")
    assert wrong.returncode == 2 and "'soon' is not a period: give hours or days such as 24h" in wrong.stderr


def bridge(stories):
    [story] = [s for s in stories if any("Kelvin Street" in t for t in titles(s))]
    return story


def test_an_undated_report_joins_the_story_it_tells_and_counts_as_an_independent_source(story_engine):
    story = bridge(story_engine.stories(MAY_2025, as_of=JUNE_2025))
    assert len(story.reports) == 4 and story.independent == 4 and story.undated == 1
    assert story.outlets == ["Riverside Notes", "Senna Valley Echo", "The Millbrook Gazette"]
    assert story.reported.endswith(" · 2025-05-12 to 2025-05-15 · 1 undated")
    assert story.dates == ("2025-05-12", "2025-05-15")  # the undated one's ingest day is no date of it


def test_an_undated_report_joins_its_story_in_any_period_the_story_is_reported_in(story_engine):
    story = bridge(story_engine.stories("24h", as_of=date(2025, 5, 13)))
    assert "What we know about the crack that shut the Kelvin Street bridge" in titles(story)


def test_undated_reports_alone_make_no_story_of_the_period_and_no_briefing(story_engine):
    listed = story_engine.stories(MAY_2025, as_of=JUNE_2025)
    assert not any("chess" in t for s in listed for t in titles(s))
    assert story_engine.stories("24h", as_of=date(2025, 6, 20)) == []
    assert story_engine.briefing("24h", as_of=date(2025, 6, 20)).stories == []


def test_the_briefing_counts_a_storys_undated_reports_apart_from_its_days(story_engine):
    briefed = story_engine.briefing(MAY_2025, as_of=JUNE_2025).to_dict()
    [told] = [s for s in briefed["stories"] if "Kelvin Street" in s["title"]]
    assert told["independent_sources"] == 4 and told["undated_reports"] == 1
    assert (told["first_day"], told["last_day"]) == ("2025-05-12", "2025-05-15")


def test_the_two_seed_pages_on_one_summit_are_one_story_of_two_independent_sources(shared_engine):
    [story] = shared_engine.stories("2000-01-01")
    assert story.independent == 2 and story.undated == 1
    [told] = shared_engine.briefing("2000-01-01").to_dict()["stories"]
    assert told["independent_sources"] == 2 and told["first_day"] == told["last_day"] == "2026-01-14"
    assert sorted(str(c["published"]) for c in told["sources"]) == ["2026-01-14", "None"]


def test_the_command_line_shows_an_undated_article_as_undated(shared_engine, newsbot_command):
    listed = newsbot_command.run(shared_engine.settings.data_dir, "stories", "--since", "2000-01-01")
    assert listed.returncode == 0, listed.stderr
    assert (
        "2 independent reports · The Unbiased Post, unknown outlet · 2026-01-14 · 1 undated" in listed.stdout
    )
    assert "Drumstick Diplomacy" in listed.stdout and listed.stdout.count("· undated") == 1
