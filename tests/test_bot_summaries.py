"""Summaries through Discord: /summary with titles autocompleted, and /digest across outlets."""

from conftest import FESTIVAL_OUTLETS

from index import Scope
from index.answer import DECLINED


def _descriptions(interaction) -> str:
    return "\n".join(embed.get("description", "") for m in interaction.messages for embed in m.embeds)


def test_autocomplete_offers_titles_newest_first_filtered_by_what_was_typed(live_bot):
    everything = live_bot.standin.autocomplete("summary", "article", "")
    assert 1 < len(everything) <= 25
    server = Scope(int(live_bot.standin.guild_id))
    dates = [a.published or "" for a in live_bot.bot.engine.sources(server)][: len(everything)]
    assert dates == sorted(dates, reverse=True)
    notre_dame = live_bot.standin.autocomplete("summary", "article", "notre")
    assert len(notre_dame) == 2
    assert all("Notre" in choice["name"] for choice in notre_dame)
    assert all(len(choice["name"]) <= 100 for choice in everything)


def test_summary_of_an_autocompleted_article_gives_its_highlights_and_citation(live_bot):
    [choice] = live_bot.standin.autocomplete("summary", "article", "lighthouse")
    done = live_bot.standin.slash("summary", {"article": choice["value"]})
    done.wait_done(timeout=60)
    assert done.ack_delay < 3
    [message] = done.messages
    [embed] = message.embeds
    assert embed["title"] == "Highlights: The long restoration of the Gull Point lighthouse"
    assert embed["description"].count("> ") >= 3
    assert "Bay Gazette" in embed["description"]


def test_summary_of_an_unknown_article_says_so_to_the_user_only(live_bot):
    done = live_bot.standin.slash("summary", {"article": "moon landing"})
    done.wait_done(timeout=30)
    [message] = [m for m in done.messages if m.deleted_at is None]
    assert message.ephemeral and "no indexed article matches" in message.content


def test_digest_groups_quotes_by_outlet_and_cites_every_outlet(live_bot):
    done = live_bot.standin.slash("digest", {"topic": "the reopening of Notre-Dame cathedral"})
    done.wait_done(timeout=60)
    text = _descriptions(done)
    assert "Harbour Ledger**" in text and "Northwind Daily**" in text
    assert "> " in text


def test_a_digest_longer_than_one_message_is_split_within_discords_limits(live_bot):
    done = live_bot.standin.slash("digest", {"topic": "the river festival"})
    done.wait_done(timeout=120)
    assert len(done.messages) > 1
    text = _descriptions(done)
    assert sum(f"**{outlet}**" in text for outlet in FESTIVAL_OUTLETS) >= 10
    assert not live_bot.standin.rejections
    assert all(message.pings == frozenset() for message in done.messages)


def test_a_digest_of_a_topic_the_news_does_not_cover_says_so(live_bot):
    done = live_bot.standin.slash("digest", {"topic": "quantum computing startups"})
    done.wait_done(timeout=60)
    assert DECLINED in _descriptions(done)
