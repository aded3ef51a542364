"""``newsbot eval summary`` on five articles of the BBC sample: the table's shape, not its scores."""

import json

import pytest

from index.eval import summary
from index.settings import Settings


@pytest.fixture(scope="module")
def table(shared_eval, tmp_path_factory):
    bbc_sample = shared_eval / "summarization" / "bbc_news_summary" / "bbc_news_summary.sample300.jsonl"
    settings = Settings(data_dir=tmp_path_factory.mktemp("eval-summary"), _env_file=None)
    tables = summary.run(bbc_sample, settings, limit=5)
    assert len(tables) == 1
    return tables[0]


def test_table_has_newsbot_and_both_baselines(table):
    assert table.headers == ["system", "ROUGE-1", "ROUGE-2", "ROUGE-L", "sentences", "verbatim"]
    assert [row[0] for row in table.rows] == ["newsbot", "LEAD-3", "random-3"]
    assert "(5 articles)" in table.title
    assert any("seed" in note for note in table.notes)
    for row in table.rows:
        assert all(0.0 <= score <= 1.0 for score in row[1:4])
    rendered = table.render()
    assert "LEAD-3" in rendered and "random-3" in rendered


def test_every_newsbot_highlight_is_verbatim(table):
    newsbot = dict(zip(table.headers, table.rows[0], strict=True))
    assert newsbot["verbatim"] == "100.0 %"
    assert 3 <= newsbot["sentences"] <= 5


def test_lead_skips_a_title_line_and_keeps_paragraph_order():
    article = "A made-up headline\n\nFirst sentence here. Second one follows.\n\nA third paragraph starts."
    assert summary.sentences(article, "A made-up headline") == [
        "First sentence here.",
        "Second one follows.",
        "A third paragraph starts.",
    ]
    assert summary.sentences(article)[0] == "A made-up headline"


def test_an_article_the_dataset_repeats_is_summarised_as_the_one_indexed(tmp_path):
    story = (
        "The harbour board opened a new ferry pier on Tuesday after two years of building work. "
        "The pier can take two ferries at once, which halves the wait at the busiest hours. "
        "Fishermen will keep their own berths on the old quay, the board said."
    )
    record = {"article": story, "summary": "The harbour board opened a new ferry pier on Tuesday."}
    dataset = tmp_path / "repeated.jsonl"
    dataset.write_text(
        "\n".join(json.dumps({**record, "id": n, "title": "New ferry pier"}) for n in (1, 2)) + "\n",
        encoding="utf-8",
    )
    [table] = summary.run(dataset, Settings(data_dir=tmp_path / "data", _env_file=None))
    assert "(2 articles)" in table.title
    assert dict(zip(table.headers, table.rows[0], strict=True))["verbatim"] == "100.0 %"
