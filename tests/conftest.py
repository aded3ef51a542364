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
