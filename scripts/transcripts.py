"""The transcripts in README.md and the manual (docs/), made from what newsbot prints now.

A transcript is a fenced block right after a ``<!-- transcript -->`` line. Each of its lines that
starts with ``$ newsbot`` is a command, run as a user runs it against an index of samples/news that
``newsbot ingest`` builds in a temporary data folder (``newsbot follow`` and ``unfollow`` on a copy
of it of the transcript's own); each of the bot's lines (a slash command, a
mention, a reply, a followed story's DM: ``scripts/bot_posts.py``) is answered by the engine over
that index and drawn by the bot's own rendering layer as text. The lines after a command, up to the
next command, are what it printed.

    python scripts/transcripts.py          # rewrite every transcript with what its commands print now
    python scripts/transcripts.py --check  # print the differences and exit 1 if any (writes nothing)

``bash scripts/docs.sh`` runs the first and builds the manual; tests/test_docs.py checks every
transcript against the test session's own sample index.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from bot_posts import WIDTH, is_bot_line, posted

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples" / "news"
MARKER = "<!-- transcript -->"
INGEST = "newsbot ingest samples/news"  # the command that built the index the others read
# the commands that leave the index as it is
READS = {"ask", "summary", "digest", "timeline", "stories", "briefing", "insights", "feeds"}
# the commands that write only the follows kept in the data folder: each transcript runs them on a
# copy of the sample index of its own, which starts with nothing followed
FOLLOWS = {"follow", "unfollow"}
FENCE = re.compile(r"^(`{3,})")


def documents(root: Path = REPO) -> list[Path]:
    """README.md and every page of the manual."""
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


@dataclass
class Block:
    """One transcript: the fenced block at ``start`` (the index of its first line) in ``path``."""

    path: Path
    start: int
    lines: list[str]

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(REPO).as_posix()}:{self.start + 1}"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def commands(self) -> list[str]:
        return [line for line in self.lines if is_command(line)]


def is_command(line: str) -> bool:
    return line.startswith("$ ") or is_bot_line(line)


def fenced(lines: list[str]) -> Iterator[tuple[int, int, bool]]:
    """Each fenced block of a page: (index of its first content line, of its closing fence, whether
    the line before its opening fence is the transcript marker)."""
    at = 0
    while at < len(lines):
        opening = FENCE.match(lines[at])
        if not opening:
            at += 1
            continue
        marked = at > 0 and lines[at - 1].strip() == MARKER
        end = next((i for i in range(at + 1, len(lines)) if lines[i].strip() == opening[1]), len(lines))
        yield at + 1, end, marked
        at = end + 1


def blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Block(path, start, lines[start:end]) for start, end, marked in fenced(lines) if marked]


def unmarked(path: Path) -> list[str]:
    """Where a fenced block of ``path`` holds a command but no transcript marker: a transcript that
    nothing would keep up to date."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [
        f"{path.relative_to(REPO).as_posix()}:{start}"
        for start, end, marked in fenced(lines)
        if not marked and any(line.startswith("$ newsbot") for line in lines[start:end])
    ]


@contextlib.contextmanager
def without_settings() -> Iterator[None]:
    """No NEWSBOT_* variable of whoever runs this reaches the settings read meanwhile."""
    saved = {key: os.environ.pop(key) for key in list(os.environ) if key.startswith("NEWSBOT_")}
    try:
        yield
    finally:
        os.environ.update(saved)


class Transcriber:
    """Runs the commands of transcripts against the sample index in ``data_dir``, which ``newsbot
    ingest`` built printing ``ingested``. Each command starts in an empty folder of its own with no
    NEWSBOT_* variable but the data folder, so that no ``.env`` or setting of the user's shows."""

    def __init__(self, data_dir: Path, ingested: str) -> None:
        self.data_dir = data_dir
        self.ingested = ingested.rstrip("\n")
        self.workdir = Path(tempfile.mkdtemp(prefix="newsbot-transcripts-"))
        self.conversation: list[str] = []  # the questions a reply to the last answer follows
        self.followed: Path | None = None  # the copy of the index this transcript follows stories on

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)

    def transcript(self, block: Block) -> str:
        """The block as its commands print now: each command, then its output; a blank line between."""
        done, self.conversation, self.followed = [], [], None
        for command in block.commands():
            printed = self.run(command) if command.startswith("$ ") else self.bot(command)
            self._check_stable(command, printed)
            done.append(f"{command}\n{printed}" if printed else command)
        return "\n\n".join(done)

    def run(self, line: str) -> str:
        """What ``$ newsbot …`` prints: stdout, and stderr too when it fails (its one-line error)."""
        command = line.removeprefix("$ ")
        if command == INGEST:
            return self.ingested
        argv = shlex.split(command)
        if argv[0] != "newsbot" or len(argv) < 2 or argv[1] not in READS | FOLLOWS:
            runs = "|".join(sorted(READS | FOLLOWS))
            raise ValueError(f"{line!r}: a transcript runs `{INGEST}`, or newsbot {runs}")
        if argv[1] == "feeds" and argv[2:] != ["list"]:
            raise ValueError(f"{line!r}: of the feeds commands, a transcript runs only `feeds list`")
        data_dir = self.following() if argv[1] in FOLLOWS else self.data_dir
        result = newsbot(data_dir, self.workdir, *argv[1:])
        printed = result.stdout.rstrip()
        return "\n".join(filter(None, [printed, result.stderr.rstrip()])) if result.returncode else printed

    def following(self) -> Path:
        """The copy of the sample index this transcript's follow commands run on (made at the first)."""
        if self.followed is None:
            self.followed = Path(tempfile.mkdtemp(prefix="follows-", dir=self.workdir))
            shutil.copytree(
                self.data_dir, self.followed, dirs_exist_ok=True, ignore=shutil.ignore_patterns("models")
            )
            if (self.data_dir / "models").exists():
                (self.followed / "models").symlink_to(self.data_dir / "models")
        return self.followed

    @cached_property
    def engine(self):
        from index import Engine, Settings

        with without_settings():
            return Engine(Settings(data_dir=self.data_dir, _env_file=None))

    def bot(self, line: str) -> str:
        """What the bot posts for ``line``, drawn as text, indented under it (``bot_posts.posted``)."""
        printed, self.conversation = posted(self.engine, line, self.conversation)
        return printed

    def _check_stable(self, command: str, printed: str) -> None:
        """Refuses output that would differ on another day or in another folder."""
        if any(varies in printed for varies in (date.today().isoformat(), str(self.data_dir), str(REPO))):
            raise ValueError(
                f"{command!r} prints today's date or a folder of this machine, so its transcript would "
                "not stay true: choose a command or options that do not (such as --as-of)"
            )


def newsbot(data_dir: Path, workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``newsbot ARGS`` as a user runs it in ``workdir``, on ``data_dir``, in a terminal ``WIDTH``
    columns wide, with none of the caller's NEWSBOT_* variables."""
    script = shutil.which("newsbot", path=str(Path(sys.executable).parent))
    environment = {key: value for key, value in os.environ.items() if not key.startswith("NEWSBOT_")}
    environment.update(NEWSBOT_DATA_DIR=str(data_dir), COLUMNS=str(WIDTH), PYTHONUNBUFFERED="1")
    return subprocess.run(
        [*([script] if script else [sys.executable, "-m", "index.cli"]), *args],
        env=environment,
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=600,
    )


def sample_index(data_dir: Path) -> str:
    """Builds the sample index in ``data_dir`` with ``newsbot ingest``; what it printed."""
    with tempfile.TemporaryDirectory(prefix="newsbot-cwd-") as workdir:
        result = newsbot(data_dir, Path(workdir), "ingest", str(SAMPLES))
    if result.returncode:
        raise SystemExit(f"{INGEST} failed:\n{result.stderr}")
    return result.stdout


def refreshed(path: Path, transcriber: Transcriber) -> str:
    """The text of ``path`` with each of its transcripts as its commands print now."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for block in reversed(blocks(path)):
        lines[block.start : block.start + len(block.lines)] = transcriber.transcript(block).split("\n")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--check", action="store_true", help="print the differences; write nothing")
    check = options.parse_args(argv).check
    stale = []
    with tempfile.TemporaryDirectory(prefix="newsbot-sample-index-") as folder:
        transcriber = Transcriber(Path(folder), sample_index(Path(folder)))
        try:
            for path in documents():
                before, after = path.read_text(encoding="utf-8"), refreshed(path, transcriber)
                if before == after:
                    continue
                stale.append(path)
                name = path.relative_to(REPO).as_posix()
                if check:
                    diff = difflib.unified_diff(
                        before.splitlines(), after.splitlines(), name, f"{name} (now)", lineterm=""
                    )
                    print("\n".join(diff))
                else:
                    path.write_text(after, encoding="utf-8")
                    print(f"rewrote the transcripts of {name}")
        finally:
            transcriber.close()
    unmarked_blocks = [place for path in documents() for place in unmarked(path)]
    for place in unmarked_blocks:
        print(f"{place}: a block of `$ newsbot` commands without {MARKER} before it", file=sys.stderr)
    return 1 if unmarked_blocks or (check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
