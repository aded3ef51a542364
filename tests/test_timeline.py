"""A story's timeline: its days oldest first (the undated last), each with what was new that day,
quoted word for word and cited; by an article's id or title words, or by a topic."""

import json

import pytest

from index.errors import InputError, NotFound
from index.report import NOTHING_NEW

CLOSED = (
    "The Kelvin Street bridge over the river Senna was closed to all traffic on Monday morning after "
    "inspectors found a crack in its main steel girder."
)
REPAIRS = "repairing the cracked girder of the Kelvin Street bridge would take six weeks"
STORY = "Repairs to the cracked Kelvin Street bridge will take six weeks, engineers say"


def events(timeline) -> list[str]:
    return [q.text for day in timeline.days for q in day.events]


def test_the_days_run_oldest_first_with_the_undated_reports_last(story_engine):
    timeline = story_engine.timeline("Kelvin Street bridge")
    assert timeline.story == STORY
    assert [d.day for d in timeline.days] == ["2025-05-12", "2025-05-13", "2025-05-15", None]
    assert [d.outlets for d in timeline.days] == [
        ["The Millbrook Gazette"],
        ["Senna Valley Echo"],
        ["The Millbrook Gazette"],
        ["Riverside Notes"],
    ]
    assert all(1 <= len(d.events) <= 2 for d in timeline.days)


def test_what_an_earlier_day_said_is_not_shown_again_and_what_was_new_is(story_engine):
    timeline = story_engine.timeline("Kelvin Street bridge")
    first, second = timeline.days[:2]
    assert CLOSED in [q.text for q in first.events]
    assert events(timeline).count(CLOSED) == 1  # the second day's report opens with it word for word
    assert any(REPAIRS in q.text for q in second.events)


def test_every_event_is_a_verbatim_quote_cited_to_an_article_of_its_day(story_engine):
    timeline = story_engine.timeline("Kelvin Street bridge")
    by_number = {c.n: c for c in timeline.sources}
    for day in timeline.days:
        for quote in day.events:
            [passage] = story_engine.store.passages_by_ids([quote.passage_id]).values()
            assert passage.text[quote.start : quote.end] == quote.text
            assert by_number[quote.source].published == day.day


def test_an_article_by_its_id_or_title_words_finds_the_story_it_belongs_to(story_engine):
    footbridge = story_engine.find_article("Temporary footbridge opens")
    for reference in (f"#{footbridge.id}", str(footbridge.id), "Temporary footbridge opens"):
        assert story_engine.timeline(reference).story == STORY


def test_a_reference_that_names_no_story_is_refused_with_what_is_taken(story_engine):
    with pytest.raises(NotFound, match="no indexed story matches 'volcano eruption in Iceland'"):
        story_engine.timeline("volcano eruption in Iceland")
    with pytest.raises(NotFound, match="no indexed article matches '#999'"):
        story_engine.timeline("#999")
    for typed in ("", " !!! ", "x" * 201, "#0", "#99999999999999999999"):
        with pytest.raises(InputError):
            story_engine.timeline(typed)


def test_a_day_that_only_repeats_earlier_days_is_kept_and_says_so():
    from index.cli import render
    from index.report import Timeline, TimelineDay

    made = Timeline(STORY, [TimelineDay("2025-05-14", [], ["Senna Valley Echo"])], [])
    assert f"14 May 2025 · Senna Valley Echo\n  {NOTHING_NEW}" in render.timeline(made)


def test_the_command_line_prints_the_days_with_their_outlets_and_sources(cli_story_index, newsbot_command):
    shown = newsbot_command.run(cli_story_index, "timeline", "Kelvin", "Street", "bridge")
    assert shown.returncode == 0, shown.stderr
    out = " ".join(shown.stdout.split())
    assert out.startswith(f"Timeline: {STORY} 12 May 2025 · The Millbrook Gazette “")
    assert out.index("13 May 2025 · Senna Valley Echo") < out.index("15 May 2025") < out.index("Undated")
    assert out.count(CLOSED) == 1
    assert (
        "[4] Riverside Notes · What we know about the crack that shut the Kelvin Street bridge · undated"
        in out
    )


def test_the_json_timeline_has_the_days_events_and_the_citations_of_ask(cli_story_index, newsbot_command):
    shown = newsbot_command.run(cli_story_index, "timeline", "--json", "Kelvin Street bridge")
    assert shown.returncode == 0, shown.stderr
    made = json.loads(shown.stdout)
    assert set(made) == {"story", "days", "sources"} and made["story"] == STORY
    assert [d["day"] for d in made["days"]] == ["2025-05-12", "2025-05-13", "2025-05-15", None]
    assert all(set(e) == {"text", "source"} for d in made["days"] for e in d["events"])
    asked = json.loads(
        newsbot_command.run(cli_story_index, "ask", "--json", "Why was the bridge closed?").stdout
    )
    assert all(set(c) == set(asked["sources"][0]) for c in made["sources"])
    assert {c["n"] for c in made["sources"]} == {e["source"] for d in made["days"] for e in d["events"]}
    assert [c["published"] for c in made["sources"]][-1] is None


def test_the_command_line_refuses_a_reference_that_names_no_story_in_one_line(
    cli_story_index, newsbot_command
):
    refused = newsbot_command.run(cli_story_index, "timeline", "--", "!!!")
    assert refused.returncode == 2 and refused.stdout == ""
    [line] = refused.stderr.splitlines()
    assert line.startswith(
        "newsbot: '!!!' names no story: give a topic, words of an article's title or its #id"
    )


def test_the_stories_offered_while_typing_are_the_last_days_recent_ones_holding_the_words(story_engine):
    [offered] = story_engine.story_choices("kelvin", 25)
    assert offered.best.article.title == STORY and offered.undated == 1
    assert story_engine.story_choices("bread fair", 25)[0].reports[0].article.outlet == "Senna Valley Echo"
    assert story_engine.story_choices("chess", 25) == []  # undated alone: no recent story
    assert story_engine.story_choices("kelvin", 25)[0] is offered  # not grouped again until news changes
