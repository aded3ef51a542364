"""Shared fixtures: the real news pages beside the repo, and temporary data folders."""

import os
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
