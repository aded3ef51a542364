"""/timeline through Discord: a story chosen from the recent ones, or named by a topic, day by day."""

from conftest import FESTIVAL_OUTLETS


def _descriptions(interaction) -> str:
    return "\n".join(embed.get("description", "") for m in interaction.messages for embed in m.embeds)


def test_autocomplete_offers_the_recent_stories_matching_what_was_typed(live_bot):
    [festival] = live_bot.standin.autocomplete("timeline", "story", "river festival")
    assert festival["name"].startswith("River festival day") and festival["value"].startswith("#")
    assert "independent reports" in festival["name"] and len(festival["name"]) <= 100
    assert live_bot.standin.autocomplete("timeline", "story", "no such story anywhere") == []


def test_a_chosen_story_runs_day_by_day_with_quotes_and_citations(live_bot):
    [festival] = live_bot.standin.autocomplete("timeline", "story", "river festival")
    done = live_bot.standin.slash("timeline", {"story": festival["value"]}).wait_done(timeout=90)
    assert done.ack_delay < 3 and not live_bot.standin.rejections
    assert all(message.pings == frozenset() for message in done.messages)
    assert done.messages[0].embeds[0]["title"].startswith("Timeline: River festival day")
    text = _descriptions(done)
    days = [f"**{n} March 2025** · {outlet}" for n, outlet in enumerate(FESTIVAL_OUTLETS, 1)]
    at = [text.find(day) for day in days]
    assert -1 not in at and at == sorted(at)  # every day, oldest first, with its outlet
    assert "> " in text and "**Sources**" in text and "`[1]`" in text


def test_a_topic_finds_its_story_and_tells_each_day_what_was_new(live_bot):
    done = live_bot.standin.slash("timeline", {"story": "Notre-Dame reopening"}).wait_done(timeout=90)
    text = _descriptions(done)
    assert text.index("**7 December 2024** · The Harbour Ledger") < text.index("**8 December 2024**")
    assert "Northwind Daily" in text and text.count("> ") >= 2


def test_a_story_no_article_tells_is_told_to_the_user_only(live_bot):
    done = live_bot.standin.slash("timeline", {"story": "volcano eruption in Iceland"}).wait_done(timeout=60)
    [message] = [m for m in done.messages if m.deleted_at is None]
    assert message.ephemeral and "no indexed story matches" in message.content
