"""Shared fixtures: the real news pages beside the repo, and temporary data folders."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "news"


@pytest.fixture(scope="session")
def shared_news() -> Path:
    """``../shared/news``: skipped when absent, except under CI (NEWSBOT_REQUIRE_SHARED=1)."""
    path = SHARED / "news"
    if not path.is_dir():
        if os.environ.get("NEWSBOT_REQUIRE_SHARED") == "1":
            pytest.fail(f"NEWSBOT_REQUIRE_SHARED=1 but {path} is missing")
        pytest.skip("../shared/news is not beside the repo")
    return path


@pytest.fixture(scope="session")
def sample_news() -> Path:
    return SAMPLES


# engines over real news, built once per session -------------------------------------------------
def _engine(folder: Path, *sources: Path):
    from index.engine import Engine
    from index.settings import Settings

    engine = Engine(Settings(data_dir=folder, _env_file=None))
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
        """Start a run in the background with stderr piped (``argv`` replaces the command itself)."""
        return subprocess.Popen(
            [*(argv or self.argv), *map(str, args)],
            env=self.env(data_dir, settings),
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )


@pytest.fixture(scope="session")
def newsbot_command(tmp_path_factory) -> NewsbotCommand:
    return NewsbotCommand(tmp_path_factory.mktemp("newsbot-cwd"))


@pytest.fixture(scope="session")
def cli_sample_index(tmp_path_factory, newsbot_command, sample_news):
    """A data folder the ``newsbot ingest`` command built from samples/news, and that run's result."""
    data_dir = tmp_path_factory.mktemp("cli-sample-index")
    return data_dir, newsbot_command.run(data_dir, "ingest", sample_news)
