"""Starting the bot, its commands as Discord sees them, deadlines, and errors reaching the user."""

import ast
import logging
import re
import subprocess
import sys
from pathlib import Path

from standin import DiscordStandIn

from index import MAX_REFERENCE_CHARS
from index.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEADLINE = 3.0
COMMANDS = {
    "ask": ["question", "outlet", "since"],
    "summary": ["article"],
    "digest": ["topic"],
    "timeline": ["story"],
    "follow": ["story", "channel"],
    "unfollow": ["story", "channel"],
    "sources": [],
    "reindex": [],
    "ingest": ["url", "file"],
    "feeds": ["add", "list", "remove"],
    "briefing": ["set", "off", "now"],
    "outlets": ["hide", "show", "list"],
    "insights": [],
}


def test_the_commands_are_synced_to_the_configured_server_with_their_options(live_bot):
    synced = {c["name"]: c for c in live_bot.standin.commands(live_bot.standin.guild_id)}
    assert {name: [o["name"] for o in c.get("options") or []] for name, c in synced.items()} == COMMANDS
    [article] = synced["summary"]["options"]
    [story] = synced["timeline"]["options"]
    assert article["autocomplete"] and story["autocomplete"] and story["max_length"] == MAX_REFERENCE_CHARS


def test_every_interaction_so_far_was_acknowledged_within_discords_deadline(live_bot):
    live_bot.standin.slash("sources").wait_done(timeout=60)  # at least one, whatever ran before
    interactions = live_bot.standin.interactions
    assert interactions
    assert all(i.ack_delay is not None and i.ack_delay < DEADLINE for i in interactions)
    assert not any(i.expired for i in interactions)


def test_an_unexpected_error_reaches_the_user_briefly_and_the_log_in_full(
    live_bot, monkeypatch, caplog, catch_all
):
    def broken(*args: object) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(live_bot.bot.engine, "ask", broken)
    caplog.set_level(logging.ERROR)
    standin = live_bot.standin
    done = standin.slash(
        "ask", {"question": "When did Notre-Dame reopen?"}, user=standin.add_member("unlucky")
    )
    done.wait_done(timeout=30)
    [message] = [m for m in done.messages if m.deleted_at is None]
    assert message.ephemeral and "went wrong on the bot's side" in message.content
    assert "the disk is on fire" not in message.content
    assert any(r.exc_info and "the disk is on fire" in str(r.exc_info[1]) for r in caplog.records)
    assert len(catch_all()) == 1  # counted as the catch-all: this test provokes it on purpose

    asked = standin.send_message(
        "When did Notre-Dame reopen?", standin.add_member("unlucky2"), mention_bot=True
    )
    [reply] = standin.wait_bot_messages(asked.channel_id, after=asked, timeout=30)
    assert "went wrong on the bot's side" in reply.content
    assert len(catch_all()) == 2


def test_a_refused_token_is_a_one_line_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DISCORD_TOKEN", "not-the-token")
    with DiscordStandIn() as standin, standin.patched():
        code = main(["run"])
    lines = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert lines[-1] == (
        "newsbot: Discord refused the token in DISCORD_TOKEN: copy it again from the developer portal"
    )
    assert not any("Traceback" in line for line in lines)


def test_a_missing_token_is_a_one_line_error(tmp_path, newsbot_command):
    result = newsbot_command.run(tmp_path, "run", settings={"DISCORD_TOKEN": ""})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "newsbot: DISCORD_TOKEN is not set: put the bot's token in .env (see .env.example)"
    )


def test_nothing_outside_the_bot_package_imports_discord():
    engine = ROOT / "index"
    assert not [p for p in engine.rglob("*.py") if "import discord" in p.read_text(encoding="utf-8")]
    # building the command line loads the bot's `run` (an entry point), still without discord
    code = "import sys, index.cli, index.engine; index.cli.parser(); print('discord' in sys.modules)"
    loaded = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"


def test_the_bot_adds_run_to_the_command_line_which_lists_it_like_the_others(tmp_path, newsbot_command):
    result = newsbot_command.run(tmp_path, "--help")
    assert result.returncode == 0
    listed = dict(re.findall(r"^ {4}(\w+) +(.+)$", result.stdout, re.M))
    assert listed["run"] == "start the Discord bot (DISCORD_TOKEN in the environment or .env)"
    assert {"ingest", "ask", "watch", "reindex"} < set(listed)


def _imports(package: Path) -> list[tuple[str, str]]:
    """(file, module) for every module the files of ``package`` import by absolute name."""
    found = []
    for path in package.rglob("*.py"):
        where = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), where)):
            if isinstance(node, ast.Import):
                found += [(where, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((where, node.module))
    return found


def test_the_bot_imports_the_engine_only_from_its_packages():
    """``index`` itself or a stage package (``index.feeds``), never a module inside one; that the
    engine never imports the bot is test_layout's."""
    engine = [(where, name) for where, name in _imports(ROOT / "bot") if name.split(".")[0] == "index"]
    assert ("bot/worker.py", "index") in engine
    assert [(where, name) for where, name in engine if not (ROOT / Path(*name.split("."))).is_dir()] == []
