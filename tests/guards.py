"""What every test run checks besides the tests: the Hypothesis profiles (a bounded budget in CI),
the log records of the bot's catch-all message, which only bugs may cause, and what a refused
command must leave as it was (``stored_state``). conftest.py wires them into pytest."""

import hashlib
import logging
import os
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, settings

# Hypothesis: "ci" keeps the property tests within a fixed budget (CI sets NEWSBOT_REQUIRE_SHARED=1,
# or CI=true); "dev" is the default; "thorough" hunts longer (HYPOTHESIS_PROFILE=thorough). Tests
# through the bot or a whole command take their examples as a share of the profile's.
_SLOW = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile("ci", max_examples=25, deadline=None, suppress_health_check=_SLOW, print_blob=True)
settings.register_profile("dev", max_examples=50, deadline=None, suppress_health_check=_SLOW)
settings.register_profile("thorough", max_examples=1000, deadline=None, suppress_health_check=_SLOW)
_IN_CI = os.environ.get("NEWSBOT_REQUIRE_SHARED") == "1" or os.environ.get("CI", "") not in ("", "0", "false")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _IN_CI else "dev"))

CATCH_ALL = "unexpected error"  # what bot/failures.py logs when a bug reaches the catch-all message


class CatchAllLog(logging.Handler):
    """Every log record of the catch-all, from any thread (the bot runs on its own)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if CATCH_ALL in record.getMessage():
            self.records.append(record)

    @staticmethod
    def said(records: list[logging.LogRecord]) -> str:
        return "; ".join(
            f"{r.name}: {r.getMessage()} ({r.exc_info[1]!r})" if r.exc_info else r.name for r in records
        )


def stored_state(data_dir: Path) -> dict[str, str]:
    """A digest of the rows of every table of every SQLite file in ``data_dir`` (the index, its
    questions and votes, the feeds, the bot's schedules), and the published generations' files."""
    state = {"generations": ",".join(sorted(p.name for p in (data_dir / "generations").glob("**/*")))}
    for path in sorted(data_dir.glob("*.db")):
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            # empty ones aside, and the versions of the tables: some are made when first used
            for table in set(tables) - {"schema_versions"}:
                if rows := sorted(map(repr, db.execute(f'SELECT * FROM "{table}"'))):
                    state[f"{path.name}:{table}"] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        finally:
            db.close()
    return state
