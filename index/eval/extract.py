"""``newsbot eval extract``: article text and metadata from real HTML pages; trafilatura is the baseline.

Each page is read the way newsbot reads a saved page (its HTML reader, then ``clean_document``) and,
in the same run, by trafilatura's own default ``extract`` (and with ``favor_precision``). newsbot's
text is its blocks joined by blank lines; the title is not prepended (trafilatura's text has none,
and neither has the expected text, unless the page repeats it in the body). A page newsbot refuses
("no article text found") scores as empty text. Scores:

- expected text (Readability, newspaper4k): token precision / recall / F1 (lowercased word tokens,
  multiset overlap as in SQuAD; Chinese, Japanese, Thai and Burmese count one token per character),
  averaged over pages;
- snippets (trafilatura's set): a snippet is found when it is a substring of the text, white space
  collapsed; counted over all snippets as trafilatura's own benchmark does;
- title: both titles as their word tokens joined by spaces; "exact" when equal, "match" when equal
  or one contains the other (a title with the site name appended still matches); date: same day.
"""

import gzip
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from ..errors import SourceError
from ..ingest import Progress, no_progress
from ..read import clean_document, read_document
from ..read.dates import iso_date
from ..settings import Settings
from .common import Table, read_jsonl

REAL_PAGE_BYTES = 15_000  # Readability's test pages below this size are synthetic cases
_NO_SPACES = "\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_NO_SPACES}]|[^\W{_NO_SPACES}]+")


@dataclass
class Extraction:
    text: str  # "" when the extractor found nothing
    title: str | None
    date: str | None  # YYYY-MM-DD
    seconds: float


def _newsbot(data: bytes, folder: Path, url: str | None) -> Extraction:
    start = time.perf_counter()
    path = folder / "page.html"
    path.write_bytes(data)
    try:
        doc = clean_document(read_document(path, url))
    except SourceError:
        return Extraction("", None, None, time.perf_counter() - start)
    text = "\n\n".join(block.text for block in doc.blocks)
    return Extraction(text, doc.title, doc.published, time.perf_counter() - start)


def _trafilatura(favor_precision: bool) -> Callable[[bytes, Path, str | None], Extraction]:
    def extract(data: bytes, folder: Path, url: str | None) -> Extraction:
        start = time.perf_counter()
        text = trafilatura.extract(data, url=url, favor_precision=favor_precision) or ""
        seconds = time.perf_counter() - start
        if favor_precision:  # the same metadata as the default: not measured twice
            return Extraction(text, None, None, seconds)
        meta = trafilatura.extract_metadata(data, default_url=url)
        return Extraction(text, meta.title, iso_date(meta.date), seconds)

    return extract


EXTRACTORS = {
    "newsbot (reader + clean)": _newsbot,
    "trafilatura default": _trafilatura(False),
    "trafilatura favor_precision": _trafilatura(True),
}
WITH_METADATA = list(EXTRACTORS)[:2]


def run(
    dataset: Path, settings: Settings, limit: int | None = None, progress: Progress = no_progress
) -> list[Table]:
    """Text quality and metadata accuracy on one of ../shared/eval/html's sets (its JSONL or folder).

    The set's kind is told by its fields; a page's ``url``, where the set gives one, goes to every
    extractor alike. ``settings`` is unused: reading HTML needs none.
    """
    path = _jsonl(Path(dataset))
    records = read_jsonl(path, limit)
    results: list[dict[str, Extraction]] = []
    with tempfile.TemporaryDirectory(prefix="newsbot-eval-extract-") as folder:
        for done, record in enumerate(records, 1):
            data = _html(path.parent / record["html_path"])
            url = record.get("url")
            results.append({name: extract(data, Path(folder), url) for name, extract in EXTRACTORS.items()})
            progress("extract", done, len(records))
    subsets = _subsets(records)
    name = f"{path.parent.name}/{path.name}"
    if any("expected_snippets_present" in r for r in records):
        text = _snippet_table(name, records, results)
    else:
        text = _text_table(name, records, results, subsets)
    return [text, _metadata_table(name, records, results, subsets)]


def _jsonl(dataset: Path) -> Path:
    if dataset.is_dir():
        found = sorted(dataset.glob("*.jsonl"))
        if not found:
            raise SourceError(str(dataset), "no .jsonl file in the folder")
        return found[0]
    return dataset


def _html(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(str(path), f"cannot read the page: {error.strerror}") from None
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _subsets(records: list[dict]) -> dict[str, list[int]]:
    """Page indices by subset: Readability's real pages apart from its synthetic ones."""
    if not any("source_html_bytes" in r for r in records):
        return {"all": list(range(len(records)))}
    real = [i for i, r in enumerate(records) if r["source_html_bytes"] >= REAL_PAGE_BYTES]
    synthetic = [i for i in range(len(records)) if i not in set(real)]
    return {f"real (≥ {REAL_PAGE_BYTES} B)": real, f"synthetic (< {REAL_PAGE_BYTES} B)": synthetic}


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def token_scores(got: str, expected: str) -> tuple[float, float, float]:
    """Token precision, recall and F1 of ``got`` against ``expected`` (multiset overlap)."""
    found, wanted = Counter(_tokens(got)), Counter(_tokens(expected))
    common = sum((found & wanted).values())
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / sum(found.values()), common / sum(wanted.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def _text_table(name: str, records: list[dict], results: list[dict], subsets: dict) -> Table:
    headers = ["pages", "extractor", "n", "failed", "precision", "recall", "F1", "ms/page"]
    rows = []
    for subset, indices in subsets.items():
        scored = [i for i in indices if (records[i].get("expected_text") or "").strip()]
        expected = [records[i]["expected_text"] for i in scored]
        for extractor in EXTRACTORS:
            got = [results[i][extractor] for i in scored]
            scores = [token_scores(g.text, e) for g, e in zip(got, expected, strict=True)]
            means = [sum(column) / len(scores) for column in zip(*scores, strict=True)] or [0.0] * 3
            failed = _share(sum(not g.text for g in got), len(got))
            ms = round(1000 * sum(g.seconds for g in got) / max(len(got), 1))
            rows.append([subset, extractor, len(scored), failed, *means, ms])
    with_text = sum(1 for r in records if r.get("expected_text"))
    notes = [
        f"{name}: {len(records)} pages, {with_text} with expected text.",
        "Token P/R/F1 macro-averaged over pages; failed = no text (newsbot: 'no article text found').",
        "ms/page: newsbot's includes writing the page to a file and cleaning; trafilatura's text only.",
    ]
    return Table(f"Article text: {name}", headers, rows, notes)


def _snippet_counts(texts: list[str], records: list[dict]) -> tuple[int, int, int, int]:
    """(found, missed, leaked, left out) over all snippets, white space collapsed."""
    found = missed = leaked = left_out = 0
    for text, record in zip(texts, records, strict=True):
        flat = " ".join(text.split())
        hits = [" ".join(s.split()) in flat for s in record["expected_snippets_present"]]
        leaks = [" ".join(s.split()) in flat for s in record["expected_snippets_absent"]]
        found, missed = found + sum(hits), missed + hits.count(False)
        leaked, left_out = leaked + sum(leaks), left_out + leaks.count(False)
    return found, missed, leaked, left_out


def _snippet_table(name: str, records: list[dict], results: list[dict]) -> Table:
    headers = ["extractor", "pages", "failed", "present found", "absent left out", "precision", "accuracy"]
    rows = []
    for extractor in EXTRACTORS:
        texts = [result[extractor].text for result in results]
        tp, fn, fp, tn = _snippet_counts(texts, records)
        failed = _share(sum(not text for text in texts), len(texts))
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        accuracy = (tp + tn) / max(tp + fn + fp + tn, 1)
        rows.append([extractor, len(records), failed, recall, tn / max(tn + fp, 1), precision, accuracy, f1])
    present = sum(len(r["expected_snippets_present"]) for r in records)
    absent = sum(len(r["expected_snippets_absent"]) for r in records)
    notes = [
        f"{name}: {len(records)} pages, {present} snippets to find, {absent} to leave out.",
        "Counted over all snippets as trafilatura's benchmark does (precision = found / (found + leaked)).",
    ]
    return Table(f"Article text (snippets): {name}", [*headers, "F1"], rows, notes)


def _expected_metadata(record: dict) -> tuple[str | None, str | None]:
    meta = record.get("expected_metadata") or {}
    title = record.get("expected_title") or meta.get("title")
    date = record.get("expected_date") or meta.get("publishedTime") or meta.get("publish_date")
    day = re.match(r"\d{4}-\d{2}-\d{2}", date or "")
    return (title or None), (day.group() if day else None)


def title_match(got: str | None, expected: str) -> tuple[bool, bool]:
    """(exact, match): equal word tokens, or one title's tokens a run within the other's."""
    a, b = (" ".join(_tokens(title or "")) for title in (got, expected))
    return bool(a) and a == b, bool(a) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def _metadata_table(name: str, records: list[dict], results: list[dict], subsets: dict) -> Table:
    headers = ["pages", "extractor", "titles", "title exact", "title match", "dates", "date same day"]
    expected = [_expected_metadata(r) for r in records]
    rows = []
    for subset, indices in subsets.items():
        titled = [i for i in indices if expected[i][0]]
        dated = [i for i in indices if expected[i][1]]
        for extractor in WITH_METADATA:
            titles = [title_match(results[i][extractor].title, expected[i][0] or "") for i in titled]
            days = sum(results[i][extractor].date == expected[i][1] for i in dated)
            exact, match = (_share(sum(t[n] for t in titles), len(titled)) for n in (0, 1))
            rows.append([subset, extractor, len(titled), exact, match, len(dated), _share(days, len(dated))])
    notes = [
        f"{name}: pages with an expected title / date (YYYY-MM-DD). Title match: equal word tokens, or one "
        "title's tokens inside the other's; trafilatura's metadata from extract_metadata."
    ]
    return Table(f"Metadata: {name}", headers, rows, notes)


def _share(count: int, total: int) -> float | str:
    return count / total if total else "–"
