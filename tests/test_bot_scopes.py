"""Two servers through Discord: a file one server's manager uploads is quoted in that server, and
never in the other, whatever is used to ask (/ask, a mention, a DM, /summary and its autocomplete,
/digest, /sources, /briefing); a server's managers hide outlets from it; /ask narrowed to an outlet
or a period."""

import time

import pytest
from news_site import RSS_TYPE, article, rss, serve
from test_scopes import KILN
from test_scopes import KILN_QUESTION as QUESTION

SECRET = "county craft prize"  # said only in server A's upload


def everything_shown(messages) -> str:
    """Every text of the messages' embeds: titles, descriptions, fields, authors and footers."""
    parts = []
    for message in messages:
        parts.append(message.content or "")
        for embed in message.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            parts += [embed.get("author", {}).get("name", ""), embed.get("footer", {}).get("text", "")]
            parts += [f"{field['name']} {field['value']}" for field in embed.get("fields", [])]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, sample_news, running_bot):
    """The bot in two servers over the shared samples; server A's manager uploads the pottery news."""

    def ingest(engine) -> None:
        assert not engine.ingest([sample_news]).failed

    data = tmp_path_factory.mktemp("two-servers")
    commands = ("ask", "summary", "digest", "sources", "ingest", "briefing", "outlets", "feeds")
    with running_bot(data, commands, ingest, more_guilds=("Second News",)) as (standin, _, _):
        upload = standin.add_attachment("kiln.md", KILN)
        done = standin.slash("ingest", {"file": upload}, user=standin.admin).wait_done(timeout=120)
        assert "**1** added" in everything_shown(done.messages)
        yield standin, standin.guilds[1]


def in_b(two_servers, command: str, options: dict | None = None) -> str:
    standin, b = two_servers
    done = standin.slash(command, options or {}, user=b.member, channel_id=b.channel_id)
    return everything_shown(done.wait_done(timeout=90).messages)


def asked_in_a(standin, **options) -> str:
    """/ask in server A by a new member (each has their own quota of questions)."""
    asker = standin.add_member(f"asker{len(standin.interactions)}")
    return everything_shown(standin.slash("ask", options, user=asker).wait_done(timeout=90).messages)


def test_the_server_that_uploaded_it_is_answered_from_it(two_servers):
    standin, _ = two_servers
    assert SECRET in asked_in_a(standin, question=QUESTION)
    [kiln] = standin.autocomplete("summary", "article", "kiln")
    assert kiln["name"].startswith("Kiln street pottery")
    sources = everything_shown(standin.slash("sources").wait_done(timeout=60).messages)
    assert "Kiln street pottery wins the county prize" in sources
    assert "1 added in this server" in sources and "this server's" in sources


def test_the_other_server_is_not_answered_from_it_by_ask_or_a_mention(two_servers):
    standin, b = two_servers
    shown = in_b(two_servers, "ask", {"question": QUESTION})
    assert SECRET not in shown
    mention = standin.send_message(QUESTION, b.member, b.channel_id, mention_bot=True)
    [reply] = standin.wait_bot_messages(b.channel_id, after=mention, timeout=90)
    assert SECRET not in everything_shown([reply])
    asked = standin.send_message("When did Notre-Dame reopen?", b.member, b.channel_id, mention_bot=True)
    [shared] = standin.wait_bot_messages(b.channel_id, after=asked, timeout=90)
    assert "Notre-Dame" in everything_shown([shared])  # the shared news is answered there


def test_a_direct_message_sees_only_the_shared_news(two_servers):
    standin, _ = two_servers
    asked = standin.dm(QUESTION, standin.admin)  # even from the manager who uploaded it
    [reply] = standin.wait_bot_messages(asked.channel_id, after=asked, timeout=90)
    assert SECRET not in everything_shown([reply])


def test_the_other_server_cannot_summarise_list_or_digest_it(two_servers):
    standin, b = two_servers
    assert standin.autocomplete("summary", "article", "kiln", user=b.member, channel_id=b.channel_id) == []
    assert SECRET not in in_b(two_servers, "summary", {"article": "Kiln street pottery"})
    sources = in_b(two_servers, "sources")
    assert "Kiln" not in sources and "this server" not in sources
    assert "Notre-Dame" in sources
    digest = in_b(two_servers, "digest", {"topic": "Kiln street pottery prize"})
    assert SECRET not in digest and "Ashby Courier" not in digest


def test_the_other_servers_briefing_leaves_it_out(two_servers):
    standin, _ = two_servers
    assert SECRET in everything_shown(standin.slash("briefing now").wait_done(timeout=90).messages)
    assert "Kiln" not in in_b(two_servers, "briefing now")


def ephemeral(interaction) -> str:
    [message] = [m for m in interaction.wait_done(timeout=60).messages if m.deleted_at is None]
    assert message.ephemeral
    return message.content or everything_shown([message])


def test_a_member_cannot_hide_outlets(two_servers):
    standin, _ = two_servers
    [outlets] = [c for c in standin.commands(standin.guild_id) if c["name"] == "outlets"]
    assert outlets["default_member_permissions"] == str(1 << 5)  # hidden from members
    standin.open_command("outlets")  # as a server's own overrides can: the bot still refuses
    refused = standin.slash("outlets hide", {"outlet": "The Ashby Courier"}, user=standin.add_member("nosy"))
    assert "Manage Server" in ephemeral(refused)
    assert SECRET in asked_in_a(standin, question=QUESTION)


def test_a_manager_hides_an_outlet_from_the_server_and_shows_it_again(two_servers):
    standin, b = two_servers
    [choice] = standin.autocomplete("outlets hide", "outlet", "ashby", user=standin.admin)
    hidden = standin.slash("outlets hide", {"outlet": choice["value"]}, user=standin.admin)
    assert ephemeral(hidden) == "**The Ashby Courier** is never quoted here now."
    assert SECRET not in asked_in_a(standin, question=QUESTION)
    assert "Ashby" not in everything_shown(standin.slash("sources").wait_done(timeout=60).messages)
    listed = ephemeral(standin.slash("outlets list", user=standin.admin))
    assert "Hidden here (1)" in listed and "The Ashby Courier" in listed
    standin.slash(
        "ingest", {"file": standin.add_attachment("kiln.md", KILN)}, user=b.admin, channel_id=b.channel_id
    ).wait_done(timeout=90)
    assert SECRET in in_b(two_servers, "ask", {"question": QUESTION})  # server B still quotes it
    shown = standin.slash("outlets show", {"outlet": "the ashby courier"}, user=standin.admin)
    assert ephemeral(shown) == "**the ashby courier** is quoted here again."
    assert SECRET in asked_in_a(standin, question=QUESTION)


def test_ask_narrowed_to_an_outlet_or_a_period(two_servers):
    standin, _ = two_servers
    offered = [c["value"] for c in standin.autocomplete("ask", "outlet", "", options={"question": QUESTION})]
    assert "The Ashby Courier" in offered
    other = next(o for o in offered if o != "The Ashby Courier")
    assert SECRET not in asked_in_a(standin, question=QUESTION, outlet=other)
    assert SECRET in asked_in_a(standin, question=QUESTION, outlet="The Ashby Courier", since="7d")
    assert "'soon' is not a period" in asked_in_a(standin, question=QUESTION, since="soon")


def test_a_feed_both_servers_watch_is_fetched_once_and_read_in_both(two_servers):
    standin, b = two_servers
    quay = "New quay opens for the fishing fleet"
    with serve() as site:
        site.put("/harbour.rss", rss(site, "Harbour Post", ("/news/quay", quay)), RSS_TYPE)
        body = "The new quay at Saltby harbour opened on Monday with berths for twelve fishing boats."
        site.put("/news/quay", article(quay, body, outlet="Harbour Post"))
        url = {"url": site.url("/harbour.rss")}

        def offered(user, channel_id: str) -> bool:
            choices = standin.autocomplete("summary", "article", "quay", user=user, channel_id=channel_id)
            return any(c["name"].startswith(quay) for c in choices)

        standin.slash("feeds add", url, user=standin.admin).wait_done(timeout=60)
        deadline = time.monotonic() + 60
        while not offered(standin.admin, standin.channel_id):  # polled in the background
            assert time.monotonic() < deadline, "the feed's article was not ingested"
            time.sleep(0.2)
        assert not offered(b.admin, b.channel_id)  # server A's feed
        standin.slash("feeds add", url, user=b.admin, channel_id=b.channel_id).wait_done(timeout=60)
        assert offered(b.admin, b.channel_id)  # at once: its articles so far are server B's too
        time.sleep(2)  # the round server B's /feeds add starts
        assert len(site.hits("/news/quay")) == 1  # the page was fetched once for both
        listed = standin.slash("feeds list", user=b.admin, channel_id=b.channel_id).wait_done(timeout=60)
        shown = everything_shown(listed.messages)
        assert "Harbour Post" in shown and "shared" not in shown
