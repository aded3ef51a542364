"""/sources through Discord: what is indexed, newest first, a page at a time."""

from index import Scope


def _lines(message) -> list[str]:
    return message.embeds[0]["description"].splitlines()


def test_sources_lists_articles_newest_first_and_pages_with_buttons(live_bot):
    standin = live_bot.standin
    articles = live_bot.bot.engine.sources(Scope(int(standin.guild_id)))  # the shared and the server's
    done = standin.slash("sources")
    done.wait_done(timeout=30)
    [message] = done.messages
    assert len(_lines(message)) == 10
    assert _lines(message)[0].startswith(f"`#{articles[0].id}`")
    pages = -(-len(articles) // 10)
    assert message.embeds[0]["footer"]["text"] == f"Page 1 of {pages}"
    buttons = [c for row in message.components for c in row["components"]]
    previous, following = buttons
    assert previous["disabled"] and not following.get("disabled")

    standin.click(message, following["custom_id"]).wait_done(timeout=30)
    shown = message.revisions[-1].payload
    assert shown["embeds"][0]["footer"]["text"] == f"Page 2 of {pages}"
    assert shown["embeds"][0]["description"].splitlines()[0].startswith(f"`#{articles[10].id}`")
