"""Shared fixtures: the real news pages beside the repo, and temporary data folders; the
Hypothesis profiles; and the check that the bot's catch-all message is never logged."""

import asyncio
import logging
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import databases
import pytest
from guards import CATCH_ALL, CatchAllLog

# Engines made in the tests' own folders encode questions with torch: exporting the model for
# questions costs each new data folder a few seconds. The session's engines over real news, the
# `newsbot` command and tests/test_questions.py use the export, as users do.
os.environ.setdefault("NEWSBOT_QUESTION_ENCODER", "torch")

# the catch-all message is for bugs only: a test that makes the bot log it fails ---------------------
_CAUGHT = CatchAllLog()


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(_CAUGHT)


@pytest.fixture(autouse=True)
def _no_catch_all(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test during which the catch-all was logged fails, unless it provoked it (``catch_all``)."""
    before = len(_CAUGHT.records)
    yield
    logged = _CAUGHT.records[before:]
    del _CAUGHT.records[before:]
    if logged and "catch_all" not in request.fixturenames:
        pytest.fail(
            f"{len(logged)} {CATCH_ALL!r} logged: a bug reached the catch-all: {_CAUGHT.said(logged)}"
        )


@pytest.fixture
def catch_all() -> Callable[[], list[logging.LogRecord]]:
    """For a test that provokes a bug on purpose: the catch-all's records logged since it started
    (they fail no test)."""
    start = len(_CAUGHT.records)
    return lambda: _CAUGHT.records[start:]


_LEFT_OUT = pytest.StashKey[int]()


def pytest_report_header(config: pytest.Config) -> str:
    return databases.header()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a PostgreSQL server, its runs are left out (the header said so), unless CI requires them."""
    if databases.SERVER_URL or databases.REQUIRED:
        return
    left_out = [item for item in items if databases.on_postgresql(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not databases.on_postgresql(item)]
        config.stash[_LEFT_OUT] = len(left_out)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    if left_out := config.stash.get(_LEFT_OUT, 0):
        terminalreporter.write_line(f"{databases.NO_SERVER} ({left_out})")


@pytest.fixture(params=databases.BACKENDS)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str | None]:
    """Runs a test on each of the store's databases: SQLite (None), then a fresh PostgreSQL
    database, whose URL is returned and set as NEWSBOT_DATABASE_URL for the engines it makes."""
    with databases.database_url(request.param) as url:
        if url:
            monkeypatch.setenv("NEWSBOT_DATABASE_URL", url)
        yield url


@pytest.fixture
def store_target(tmp_path: Path, backend: str | None) -> Path | str:
    """Where a ``Store`` of the test is kept, on each backend."""
    return backend or tmp_path / "newsbot.db"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Records logged outside any test (a fixture's teardown, a bot shutting down) fail the run."""
    if _CAUGHT.records:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("")
            reporter.write_sep(
                "=", f"{len(_CAUGHT.records)} {CATCH_ALL!r} logged outside the tests", red=True
            )
            reporter.write_line(_CAUGHT.said(_CAUGHT.records))


SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "news"
STORY_NEWS = Path(__file__).resolve().parent / "story_news"


def _shared(name: str) -> Path:
    """``../shared/<name>``: skipped when absent, except under CI (NEWSBOT_REQUIRE_SHARED=1)."""
    path = SHARED / name
    if not path.is_dir():
        if os.environ.get("NEWSBOT_REQUIRE_SHARED") == "1":
            pytest.fail(f"NEWSBOT_REQUIRE_SHARED=1 but {path} is missing")
        pytest.skip(f"../shared/{name} is not beside the repo")
    return path


@pytest.fixture(scope="session")
def shared_news() -> Path:
    return _shared("news")


@pytest.fixture(scope="session")
def shared_eval() -> Path:
    """``../shared/eval``: the public datasets ``newsbot eval`` reads."""
    return _shared("eval")


@pytest.fixture(scope="session")
def sample_news() -> Path:
    return SAMPLES


# engines over real news, built once per session -------------------------------------------------
def _engine(folder: Path, *sources: Path):
    from index.engine import Engine
    from index.settings import Settings

    engine = Engine(Settings(data_dir=folder, question_encoder="onnx", _env_file=None))
    report = engine.ingest(list(sources))
    assert not report.failed, report.failed
    return engine


@pytest.fixture(scope="session")
def shared_engine(tmp_path_factory, shared_news):
    """An engine that has indexed only the two real pages of ``../shared/news``."""
    return _engine(tmp_path_factory.mktemp("shared-index"), shared_news)


@pytest.fixture(scope="session")
def news_engine(tmp_path_factory, shared_news, sample_news):
    """An engine over the real pages and the repo's sample news together."""
    return _engine(tmp_path_factory.mktemp("news-index"), shared_news, sample_news)


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory, sample_news):
    """An engine over the repo's sample news only (runs without ../shared)."""
    return _engine(tmp_path_factory.mktemp("sample-index"), sample_news)


@pytest.fixture(scope="session")
def story_news() -> Path:
    """tests/story_news: a bridge closure told over four days by three outlets (the first day's
    statement repeated the next day, one report undated), an undated report on a chess congress
    and a dated one on a bread fair."""
    return STORY_NEWS


@pytest.fixture(scope="session")
def story_engine(tmp_path_factory, story_news):
    """An engine over tests/story_news (runs without ../shared)."""
    return _engine(tmp_path_factory.mktemp("story-index"), story_news)


# the `newsbot` command in subprocesses (test_cli.py, test_faults.py) -----------------------------
class NewsbotCommand:
    """Runs the installed ``newsbot`` console command against a data folder, as a user would.

    Every run gets a clean environment (no NEWSBOT_* variables but the ones given) and starts in
    an empty folder, so a developer's ``.env`` cannot leak into the tests.
    """

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        script = shutil.which("newsbot", path=str(Path(sys.executable).parent))
        self.argv = [script] if script else [sys.executable, "-m", "index.cli"]

    def env(self, data_dir: Path, settings: dict[str, str] | None = None) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSBOT_")}
        env.update(NEWSBOT_DATA_DIR=str(data_dir), COLUMNS="100", PYTHONUNBUFFERED="1")
        env.update(settings or {})
        return env

    def run(
        self, data_dir: Path, *args: object, settings: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.argv, *map(str, args)],
            env=self.env(data_dir, settings),
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=300,
        )

    def start(
        self,
        data_dir: Path,
        *args: object,
        settings: dict[str, str] | None = None,
        argv: list[str] | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start a run in the background with stderr piped (``argv`` replaces the command itself).
        Ctrl+C reaches it as in a terminal, even when the tests themselves run as a background job,
        whose shell has them ignore SIGINT (a disposition children inherit)."""
        return subprocess.Popen(
            [*(argv or self.argv), *map(str, args)],
            env=self.env(data_dir, settings),
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )


@pytest.fixture(scope="session")
def newsbot_command(tmp_path_factory) -> NewsbotCommand:
    return NewsbotCommand(tmp_path_factory.mktemp("newsbot-cwd"))


@pytest.fixture(scope="session")
def cli_sample_index(tmp_path_factory, newsbot_command, sample_news):
    """A data folder the ``newsbot ingest`` command built from samples/news, and that run's result."""
    data_dir = tmp_path_factory.mktemp("cli-sample-index")
    return data_dir, newsbot_command.run(data_dir, "ingest", sample_news)


@pytest.fixture(scope="session")
def cli_story_index(tmp_path_factory, newsbot_command, story_news):
    """A data folder the ``newsbot ingest`` command built from tests/story_news."""
    data_dir = tmp_path_factory.mktemp("cli-story-index")
    ingested = newsbot_command.run(data_dir, "ingest", story_news)
    assert ingested.returncode == 0, ingested.stderr
    return data_dir


# the bot, connected to a local Discord stand-in (tests/standin) ----------------------------------
BOT_NEWS = Path(__file__).resolve().parent / "bot_news"
FESTIVAL_OUTLETS = [
    "Alder Times", "Birch Herald", "Cedar Post", "Delta Record", "Elm Chronicle", "Fjord Review",
    "Glen Courier", "Heath Journal", "Isle Tribune", "Juniper Daily", "Kestrel News", "Linden Press",
]  # fmt: skip


def write_festival_news(folder: Path) -> None:
    """Twelve outlets' short reports of one river festival: a topic with more sources than one page."""
    for day, outlet in enumerate(FESTIVAL_OUTLETS, 1):
        slug = outlet.lower().replace(" ", "-")
        (folder / f"river-festival-{slug}.md").write_text(
            f"---\ntitle: River festival day {day} as seen by the {outlet}\noutlet: {outlet}\n"
            f"published: 2025-03-{day:02d}\n---\n\n"
            f"The river festival drew {1000 + 250 * day} visitors on its day {day}, the {outlet} counted, "
            f"with lantern boats launched from the {slug} jetty at dusk, food stalls along both banks "
            f"selling out of grilled fish well before nine, and queues for the ferry that carried "
            f"families between the two festival sites stretching back past the old customs house.\n\n"
            f"Organisers of the river festival said {day + 3} local bands played on the floating stage, "
            f"that the volunteer stewards had kept every walkway clear despite the crowds, and that "
            f"the {outlet} reporter was right to judge the fireworks the best in {day + 5} years.\n",
            encoding="utf-8",
        )


@dataclass
class LiveBot:
    """The bot, running on its own thread against ``standin``, over an index of ``news``."""

    standin: object
    bot: object
    news: Path

    def run(self, coroutine, timeout: float = 30):
        """Run ``coroutine`` on the bot's event loop and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.bot.loop).result(timeout)


@dataclass
class RestartableBot:
    """A NewsBot over ``engine``, connected to ``standin``, that a test stops and starts again as
    `newsbot run` run twice would; ``start`` waits for ``commands`` in every server."""

    standin: object
    engine: object
    commands: tuple[str, ...]
    bot: object = None
    thread: object = None

    def start(self) -> None:
        from standin import BotThread

        from bot.client import NewsBot

        identified = self.standin.identified
        self.bot = NewsBot(self.engine)
        self.thread = BotThread(self.bot, self.standin.token)
        self.thread.start()
        self.standin.wait_ready(timeout=60, after=identified)
        for guild in self.standin.guilds:
            self.standin.wait_commands(guild.id, names=self.commands, timeout=60)

    def stop(self) -> None:
        self.thread.stop()


@contextmanager
def _running_bot(
    data_dir: Path,
    commands: Iterable[str],
    prepare: Callable,
    more_guilds: Iterable[str] = (),
    **settings: object,
) -> Iterator[tuple]:
    """A NewsBot over a new engine at ``data_dir`` (``prepare(engine)`` fills it first), connected to
    a fresh stand-in that asks for a heartbeat every half second, once ``commands`` are synced to
    its servers (the first, and one more of each name in ``more_guilds``, ``standin.guilds``):
    (stand-in, bot, bot thread)."""
    from standin import BotThread, DiscordStandIn

    from bot.client import NewsBot
    from index import Engine, Settings

    with DiscordStandIn(heartbeat_interval=0.5) as standin, standin.patched():
        for n, name in enumerate(more_guilds):
            standin.add_guild(name, admin=f"manager{n}", member=f"reader{n}")
        engine = Engine(
            Settings(
                data_dir=data_dir,
                discord_guilds=[int(guild.id) for guild in standin.guilds],
                fetch_allow_hosts=["127.0.0.1"],
                _env_file=None,
                **settings,
            )
        )
        prepare(engine)
        bot = NewsBot(engine)
        with BotThread(bot, standin.token) as thread:
            standin.wait_ready(timeout=60)
            for guild in standin.guilds:
                standin.wait_commands(guild.id, names=tuple(commands), timeout=60)
            yield standin, bot, thread


@pytest.fixture(scope="session")
def running_bot() -> Callable:
    """``running_bot(data_dir, commands, prepare, **settings)``: see ``_running_bot``."""
    return _running_bot


@pytest.fixture(scope="session")
def live_bot(tmp_path_factory, sample_news) -> Iterator[LiveBot]:
    """The bot over the samples, the test articles in tests/bot_news and twelve festival reports.

    The stand-in asks for a heartbeat every half second, so a late one shows at once.
    """
    news = tmp_path_factory.mktemp("bot-news")
    for source in [*sample_news.glob("*.md"), *BOT_NEWS.glob("*.md")]:
        shutil.copy(source, news)
    write_festival_news(news)

    def ingest(engine) -> None:
        assert not engine.ingest([news]).failed

    with _running_bot(tmp_path_factory.mktemp("bot-data"), BOT_COMMANDS, ingest) as (standin, bot, _):
        yield LiveBot(standin, bot, news)


BOT_COMMANDS = ("ask", "summary", "digest", "timeline", "sources", "reindex", "ingest")
