"""``newsbot eval extract`` on five pages of each HTML set: the tables' shape, not their scores."""

from pathlib import Path

import pytest

from index.eval import extract
from index.settings import Settings

EXTRACTORS = ["newsbot (reader + clean)", "trafilatura default", "trafilatura favor_precision"]
METADATA = EXTRACTORS[:2]
REAL, SYNTHETIC = "real (≥ 15000 B)", "synthetic (< 15000 B)"
TEXT_HEADERS = ["pages", "extractor", "n", "failed", "precision", "recall", "F1", "ms/page"]
META_HEADERS = ["pages", "extractor", "titles", "title exact", "title match", "dates", "date same day"]
SNIPPET_HEADERS = [
    "extractor", "pages", "failed", "present found", "absent left out", "precision", "accuracy", "F1",
]  # fmt: skip


@pytest.fixture(scope="module")
def html_sets(shared_eval) -> Path:
    return shared_eval / "html"


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("eval-extract"), _env_file=None)


def _run(dataset: Path, settings: Settings) -> list[extract.Table]:
    calls = []
    tables = extract.run(dataset, settings, limit=5, progress=lambda *call: calls.append(call))
    assert calls[-1] == ("extract", 5, 5)
    assert len(tables) == 2
    for table in tables:
        assert all(len(row) == len(table.headers) for row in table.rows)
        assert table.notes and table.render()
    return tables


def test_readability_pages_have_real_and_synthetic_rows(html_sets, settings):
    text, meta = _run(html_sets / "mozilla_readability_testpages", settings)  # a folder
    assert text.headers == TEXT_HEADERS
    assert [row[:2] for row in text.rows] == [[s, e] for s in (REAL, SYNTHETIC) for e in EXTRACTORS]
    assert sum(row[2] for row in text.rows) == 5 * len(EXTRACTORS)
    for row in text.rows:
        assert all(0.0 <= score <= 1.0 for score in row[3:7])
    assert meta.headers == META_HEADERS
    assert [row[:2] for row in meta.rows] == [[s, e] for s in (REAL, SYNTHETIC) for e in METADATA]


def test_trafilatura_set_scores_snippets(html_sets, settings):
    text, meta = _run(html_sets / "trafilatura_eval" / "pages_en.jsonl", settings)
    assert text.headers == SNIPPET_HEADERS
    assert [row[0] for row in text.rows] == EXTRACTORS
    for row in text.rows:
        assert row[1] == 5
        assert all(0.0 <= score <= 1.0 for score in row[3:])
    assert meta.headers == META_HEADERS
    assert [row[:2] for row in meta.rows] == [["all", e] for e in METADATA]


def test_newspaper4k_set_scores_pages_with_expected_text(html_sets, settings):
    text, meta = _run(html_sets / "newspaper4k_fixtures" / "pages.jsonl", settings)
    assert text.headers == TEXT_HEADERS
    assert [row[:2] for row in text.rows] == [["all", e] for e in EXTRACTORS]
    assert all(row[2] <= 5 for row in text.rows)
    assert [row[:2] for row in meta.rows] == [["all", e] for e in METADATA]


def test_token_scores_count_shared_words_once_per_occurrence():
    assert extract.token_scores("The cat, the hat.", "the cat") == (0.5, 1.0, pytest.approx(2 / 3))
    assert extract.token_scores("", "anything") == (0.0, 0.0, 0.0)
    assert extract.token_scores("東京", "東京都") == (1.0, pytest.approx(2 / 3), 0.8)


def test_title_match_allows_a_site_name_but_not_a_fragment():
    assert extract.title_match("Rain in Spain", "rain in spain!") == (True, True)
    assert extract.title_match("Rain in Spain - The Daily Example", "Rain in Spain") == (False, True)
    assert extract.title_match("Rain in Spa", "Rain in Spain") == (False, False)
    assert extract.title_match(None, "Rain") == (False, False)
