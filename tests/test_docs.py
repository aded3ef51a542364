"""The README and the manual in docs/: every transcript in them is what its commands print now over
the sample news, and the README stays a short front door whose links lead somewhere.

The transcripts are made by scripts/transcripts.py (``bash scripts/docs.sh``); here the same code
runs their commands against the session's sample index (``cli_sample_index``), and a transcript
that differs fails with the difference. ``mkdocs build --strict`` (scripts/test.sh) checks the
manual's own links and anchors.
"""

import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
sys.path.insert(0, str(ROOT / "scripts"))
import bot_posts  # noqa: E402
import transcripts  # noqa: E402

BLOCKS = [block for page in transcripts.documents(ROOT) for block in transcripts.blocks(page)]
STALE = "{} no longer shows what its commands print: `bash scripts/docs.sh` rewrites it"


@pytest.fixture(scope="module")
def transcriber(cli_sample_index):
    data_dir, ingested = cli_sample_index
    assert ingested.returncode == 0, ingested.stderr
    transcriber = transcripts.Transcriber(data_dir, ingested.stdout)
    yield transcriber
    transcriber.close()


def test_the_readme_and_the_manual_show_transcripts():
    pages = {block.path for block in BLOCKS}
    assert README in pages
    assert {ROOT / "docs" / name for name in ("cli.md", "bot.md", "feeds-and-briefings.md")} <= pages


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_each_transcript_is_what_its_commands_print_now(transcriber, block):
    assert block.commands(), f"{block.name}: a transcript with no command in it"
    assert transcriber.transcript(block) == block.text, STALE.format(block.name)


def test_every_command_shown_with_its_output_is_a_transcript():
    """A block of `$ newsbot` commands without the marker would never be checked."""
    assert [place for page in transcripts.documents(ROOT) for place in transcripts.unmarked(page)] == []


def test_a_transcript_refuses_commands_that_would_change_the_index_or_differ_by_day(tmp_path):
    transcriber = transcripts.Transcriber(tmp_path, "5 added")
    try:
        for command in ("$ newsbot reindex", "$ newsbot feeds add https://news.example/feed", "$ ls"):
            with pytest.raises(ValueError, match="a transcript runs"):
                transcriber.run(command)
        with pytest.raises(ValueError, match="today's date"):
            transcriber._check_stable("$ newsbot sources", f"1  {transcripts.date.today().isoformat()}")
    finally:
        transcriber.close()


def test_each_transcript_follows_stories_on_its_own_copy_of_the_sample_index(transcriber):
    block = transcripts.Block(ROOT / "README.md", 0, ['$ newsbot follow "Notre-Dame reopening"'])
    first, again = transcriber.transcript(block), transcriber.transcript(block)
    assert "Now following: " in first and again == first
    assert not (transcriber.data_dir / "follows.db").exists()


def test_a_followed_storys_dm_is_refused_for_a_day_before_the_story(transcriber):
    with pytest.raises(ValueError, match="was published by 2024-12-01"):
        transcriber.bot("✉ after /follow story: Notre-Dame reopening on 2024-12-01")
    with pytest.raises(ValueError, match="a DM is written"):
        transcriber.bot("✉ Notre-Dame reopening")


def test_slash_commands_are_read_with_their_options():
    assert bot_posts.slash("/sources") == ("sources", {})
    line = "/ask question: When did Notre-Dame reopen? outlet: Northwind Daily since: 7d"
    assert bot_posts.slash(line) == (
        "ask",
        {"question": "When did Notre-Dame reopen?", "outlet": "Northwind Daily", "since": "7d"},
    )


def test_the_bots_markdown_is_drawn_as_it_reads():
    drawn = bot_posts.plain(r"`[1]` [Five years \*and\* more](https://x.example/a) · **Northwind**")
    assert drawn == "[1] Five years *and* more · Northwind"


def test_the_demo_shown_in_getting_started_asks_what_the_demo_asks():
    demo = (ROOT / "scripts" / "demo.sh").read_text(encoding="utf-8")
    listed = re.search(r"QUESTIONS=\(\n(.*?)\n\s*\)", demo, re.S)
    asked = re.findall(r'^\s*"(.+)"$', listed[1], re.M)
    [shown] = [block for block in BLOCKS if block.path.name == "getting-started.md"]
    assert asked and shown.commands() == [
        "$ newsbot ingest samples/news",
        *(f'$ newsbot ask "{question}"' for question in asked),
    ]


def test_the_readme_is_short_and_opens_with_adding_the_bot_to_a_server():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 250
    assert lines.index("## Add the bot to a Discord server") < 10
    invite = next(n for n, line in enumerate(lines) if "discord.com/oauth2/authorize" in line)
    assert invite < 30  # the invite link within the first screenful


def test_the_readmes_links_lead_to_files_that_exist():
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README.read_text(encoding="utf-8"))
    local = [target for target in targets if "://" not in target]
    assert local
    assert [target for target in local if not (ROOT / target).exists()] == []


def test_every_page_of_the_manual_is_in_its_navigation():
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    listed = {page for entry in config["nav"] for page in entry.values()}
    assert listed == {path.name for path in (ROOT / "docs").glob("*.md")}
