"""What every evaluation shares: JSONL datasets, a throwaway engine that keeps its embeddings, tables."""

import json
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..engine import Engine
from ..errors import SourceError
from ..ingest import IngestReport, safe_name
from ..settings import Settings
from ..store import Store


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    """The first ``limit`` records of a JSONL file (all without a limit)."""
    records = []
    try:
        with open(path, encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                if limit is not None and len(records) >= limit:
                    break
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except json.JSONDecodeError as error:
                        raise SourceError(str(path), f"line {number} is not JSON: {error.msg}") from None
    except OSError as error:
        raise SourceError(str(path), f"cannot read the dataset: {error.strerror}") from None
    return records


def write_article(folder: Path, name: str, text: str, **front_matter: str | None) -> Path:
    """A dataset's article as a .txt file with front matter, so newsbot reads it like any other."""
    meta = {key: value for key, value in front_matter.items() if value}
    path = folder / f"{safe_name(name, 'article')}.txt"
    path.write_text(f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n{text}\n", encoding="utf-8")
    return path


@contextmanager
def scratch_engine(settings: Settings, cache_name: str) -> Iterator[Engine]:
    """An engine over a temporary data folder, deleted afterwards. Its embeddings are loaded from and
    saved to ``<data dir>/eval-cache/<cache_name>.db``, so a second run embeds nothing again."""
    cache = settings.data_dir / "eval-cache" / f"{cache_name}.db"
    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsbot-eval-") as folder:
        # past news is the point here: a retention period would drop the datasets' articles
        scratch = {"data_dir": Path(folder), "retention_days": 0, "database_url": None}  # SQLite
        engine = Engine(settings.model_copy(update=scratch))
        Store(cache)  # gives a new cache file the schema
        engine.store.embeddings.share(cache, into="this")
        try:
            yield engine
        finally:
            engine.store.embeddings.share(cache, into="other")


def article_ids(engine: Engine, report: IngestReport) -> dict[str, int | None]:
    """The article id of each ingested file, by file name; a file that repeats another's text is
    indexed once, as that article (``report.duplicates``)."""
    ids: dict[str, int | None] = {Path(a.path).name: a.id for a in engine.sources() if a.path}
    ids |= {Path(copy).name: ids.get(Path(kept).name) for copy, kept in report.duplicates.items()}
    return ids


@dataclass
class Table:
    """One result table: printed for people, and the same figures as JSON for machines."""

    title: str
    headers: list[str]
    rows: list[list[object]]
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        cells = [self.headers, *[[_cell(v) for v in row] for row in self.rows]]
        widths = [max(len(row[i]) for row in cells) for i in range(len(self.headers))]
        lines = [f"## {self.title}", ""]
        for n, row in enumerate(cells):
            lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
            if n == 0:
                lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join([*lines, "", *self.notes]).rstrip() + "\n"

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "rows": [dict(zip(self.headers, row, strict=True)) for row in self.rows],
            "notes": self.notes,
        }


def share(flags: Iterable[bool]) -> float:
    """The share of true ``flags`` (0 when there are none)."""
    flags = list(flags)
    return sum(flags) / len(flags) if flags else 0.0


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)
