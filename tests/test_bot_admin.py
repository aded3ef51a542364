"""Admin commands through Discord: /ingest and /reindex, for server managers only, with live progress."""

import http.server
import itertools
import threading
import time

import pytest
from standin import CommandUnavailable

from index import Scope

MANAGE_GUILD = 1 << 5
HEAVY_FILES, HEAVY_PARAGRAPHS = 200, 6  # a reindex that embeds 1,200 passages
PAGE = b"""<html><head><title>Night market returns to the old docks</title>
<meta property="og:site_name" content="Quayside Weekly"></head><body><article>
<h1>Night market returns to the old docks</h1>
<p>The night market returned to the old docks on Saturday with ninety stalls of street food and crafts.</p>
<p>Stallholders said the new canopy kept the crowds dry through two heavy showers.</p>
</article></body></html>"""


def _wait_for_report(interaction, timeout: float = 600) -> None:
    """Until the response shows the final report: progress edits may be far apart, so quiet is no sign."""
    interaction.wait_ack(timeout=10)
    deadline = time.monotonic() + timeout
    while not any(": done" in e.get("title", "") for m in interaction.messages for e in m.embeds):
        assert time.monotonic() < deadline, "no report"
        time.sleep(0.2)


def _report(interaction) -> str:
    [message] = interaction.messages
    [embed] = message.embeds
    return embed["title"] + "\n" + embed["description"]


@pytest.fixture(scope="module")
def page_server():
    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_admin_commands_are_hidden_from_members_and_work_in_servers_only(live_bot):
    commands = {c["name"]: c for c in live_bot.standin.commands(live_bot.standin.guild_id)}
    for name in ("reindex", "ingest"):
        assert int(commands[name]["default_member_permissions"]) == MANAGE_GUILD
        with pytest.raises(CommandUnavailable):
            live_bot.standin.slash(name, {}, user=live_bot.standin.member)
    assert [o["name"] for o in commands["ingest"]["options"]] == ["url", "file"]


def test_a_member_let_in_by_the_servers_overrides_is_still_refused(live_bot):
    standin = live_bot.standin
    standin.open_command("reindex")
    refused = standin.slash("reindex", user=standin.add_member("sneaky"))
    refused.wait_done(timeout=30)
    [message] = refused.messages
    assert message.ephemeral
    assert "Manage Server" in message.content


def test_an_uploaded_file_is_ingested_and_then_answers(live_bot):
    standin = live_bot.standin
    upload = standin.add_attachment(
        "allotments.md",
        b"# Allotment waiting list shrinks\n\nThe allotment waiting list fell to forty names after the "
        b"council opened sixty new plots beside the railway.\n",
    )
    done = standin.slash("ingest", {"file": upload}, user=standin.admin)
    done.wait_done(timeout=60)
    assert done.ack_delay < 3
    assert "**1** added" in _report(done)
    answer = standin.slash("ask", {"question": "How many new allotment plots did the council open?"})
    answer.wait_done(timeout=60)
    assert "sixty new plots" in answer.messages[0].embeds[0]["description"].replace("**", "")


def test_a_page_is_ingested_from_its_url(live_bot, page_server):
    done = live_bot.standin.slash(
        "ingest", {"url": f"{page_server}/night-market"}, user=live_bot.standin.admin
    )
    done.wait_done(timeout=60)
    assert "**1** added" in _report(done)
    server = Scope(int(live_bot.standin.guild_id))
    titles = [a.title for a in live_bot.bot.engine.sources(server)]
    assert "Night market returns to the old docks" in titles  # the server's own
    assert "Night market returns to the old docks" not in [a.title for a in live_bot.bot.engine.sources()]


def test_a_url_the_bot_must_not_fetch_is_reported_with_its_reason(live_bot):
    done = live_bot.standin.slash(
        "ingest", {"url": "http://169.254.169.254/latest/meta-data"}, user=live_bot.standin.admin
    )
    done.wait_done(timeout=60)
    report = _report(done)
    assert "**1** failed" in report and "link-local address" in report


def test_ingest_needs_a_url_or_a_file(live_bot):
    done = live_bot.standin.slash("ingest", {}, user=live_bot.standin.admin)
    done.wait_done(timeout=30)
    [message] = done.messages
    assert message.ephemeral and "url or a file" in message.content


def _write_heavy(folder, edition: int) -> None:
    for n in range(HEAVY_FILES):
        paragraphs = [
            f"Harbour log {n}, entry {p}, edition {edition}: the tide gauge at berth {p} read "
            f"{(n * 7 + p * 13 + edition) % 97} centimetres above datum, and the pilot boat made "
            f"{(n + p) % 9 + 1} trips before the evening watch. The harbour master noted "
            f"{(n * p) % 11 + 2} vessels waiting at anchor, {(n + 3 * p) % 5} of them fishing boats "
            f"sheltering from the swell, and the dredger worked the outer channel until the ebb."
            for p in range(HEAVY_PARAGRAPHS if edition else 1)
        ]
        (folder / f"harbour-log-{n:03d}.md").write_text(f"# Harbour log {n}\n\n" + "\n\n".join(paragraphs))


def test_reindex_shows_progress_keeps_answering_and_never_delays_the_heartbeat(live_bot):
    standin, engine = live_bot.standin, live_bot.bot.engine
    _write_heavy(live_bot.news, edition=0)
    engine.ingest([live_bot.news])
    _write_heavy(live_bot.news, edition=1)

    started = time.monotonic()
    reindex = standin.slash("reindex", user=standin.admin)
    reindex.wait_ack(timeout=10)
    reader = standin.add_member("reader")
    asked = standin.slash("ask", {"question": "When did Notre-Dame reopen?"}, user=reader)
    asked.wait_done(timeout=120)
    _wait_for_report(reindex)

    [message] = reindex.messages
    shown = [
        (r.at, r.payload["embeds"][0]["description"]) for r in message.revisions if r.payload.get("embeds")
    ]
    reported = shown[-1][0]
    assert asked.messages[0].revisions[-1].at < reported - 1, "the question waited for the reindex"
    assert asked.ack_delay < 3 and reindex.ack_delay < 3
    assert "Notre-Dame" in asked.messages[0].embeds[0]["description"]
    assert any("Embedding passages" in text for _, text in shown[:-1])
    assert f"**{HEAVY_FILES}** updated" in shown[-1][1]
    beats = [at for at in standin.heartbeats if started < at < reported]
    gaps = [later - earlier for earlier, later in itertools.pairwise(beats)]
    assert len(gaps) > 10
    assert max(gaps) < 1.5 * standin.heartbeat_interval


def test_reindex_reports_what_left_the_index(live_bot):
    for path in live_bot.news.glob("harbour-log-*.md"):
        path.unlink()
    done = live_bot.standin.slash("reindex", user=live_bot.standin.admin)
    _wait_for_report(done)
    assert f"**{HEAVY_FILES}** removed" in _report(done)
