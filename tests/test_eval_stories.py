"""``newsbot eval stories`` over a tiny silver set of four stories, one told partly by an undated
article: the table's pairs and scores, and the pairs shown to check by hand."""

import pytest
from silver import Article, write_silver

from index.eval import stories
from index.ingest import no_progress
from index.settings import Settings

ARTICLES = [
    Article(
        "lamp-relit",
        "Dunmore lighthouse lamp relit after a two-year restoration",
        "2025-04-01",
        "The lamp of the Dunmore lighthouse was lit again on Tuesday evening after a two-year "
        "restoration of the tower and its lens.\n\nVolunteers of the harbour trust repainted the iron "
        "gallery, and a glazier replaced forty cracked panes in the lantern room of the lighthouse.",
        "coastwatch.example",
    ),
    Article(
        "lamp-undated",
        "Inside the restored lantern room of the Dunmore lighthouse",
        None,
        "The restored lens of the Dunmore lighthouse throws its beam eighteen nautical miles out to "
        "sea now that the lamp has been lit again.\n\nThe harbour trust spent two years restoring the "
        "lighthouse tower, its iron gallery and the cracked panes of its lantern room.",
        "tidelines.example",
    ),
    Article(
        "marathon-run",
        "Kells marathon won in record time on a cold morning",
        "2025-04-10",
        "A schoolteacher from Ardee won the Kells marathon on Sunday in two hours and eleven minutes, "
        "a course record.\n\nMore than three thousand runners finished the marathon, which crossed "
        "the old stone bridge twice.",
        "coastwatch.example",
    ),
    Article(
        "marathon-after",
        "Kells marathon winner says the record was never the plan",
        "2025-04-11",
        "The schoolteacher who set a course record at the Kells marathon said on Monday that she had "
        "only hoped to finish in the top ten.\n\nShe will run the Kells marathon again next spring, "
        "she said, and her pupils have asked for a day off to watch.",
        "tidelines.example",
    ),
    Article(
        "roof-storm",
        "Storm tears the roof off Ashby primary school",
        "2025-04-01",
        "A storm tore most of the roof off Ashby primary school on Tuesday night, and the school will "
        "stay closed for the rest of the week.\n\nNo one was hurt, the county council said.",
        "coastwatch.example",
    ),
    Article(
        "roof-repairs",
        "Ashby primary school pupils move to the parish hall while the roof is fixed",
        "2025-04-02",
        "Pupils of Ashby primary school will be taught in the parish hall while builders replace the "
        "roof the storm tore off, the county council said on Wednesday.\n\nThe repairs to the school "
        "roof should take a month.",
        "tidelines.example",
    ),
    Article(
        "orchard-frost",
        "Late frost blackens the blossom in Holt's orchards",
        "2025-04-02",
        "A late frost on Wednesday night blackened the apple blossom in the orchards around Holt, and "
        "growers fear they will lose half of this year's crop.\n\nSome growers lit candles between "
        "the rows to keep the frost off.",
        "coastwatch.example",
    ),
]
QUESTIONS = [
    ("test", ["lamp-relit", "lamp-undated"]),
    ("test", ["marathon-run", "marathon-after"]),
    ("train", ["roof-storm", "roof-repairs"]),
    ("train", ["orchard-frost"]),
]


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("eval-stories")
    dataset = write_silver(folder / "silver", ARTICLES, QUESTIONS)
    settings = Settings(data_dir=folder / "data", _env_file=None)
    return stories.run(dataset, settings, None, no_progress, show=2)


def test_an_undated_article_is_paired_with_its_story_and_the_grouping_scored(tables):
    table, _ = tables
    assert table.headers[:3] == ["grouping", "best on train", "used"]
    assert [row[0] for row in table.rows] == list(stories.METHODS)
    # the lighthouse's undated article pairs with both marathon reports too, whatever their days;
    # the lighthouse's dated report and the marathon's, nine days apart, are not paired
    assert "train: 1 same, 2 different, test: 2 same, 2 different" in table.notes[0]
    shipped = dict(zip(table.headers, table.rows[0], strict=True))
    assert shipped["used"] == stories.SAME_STORY
    assert (shipped["test P"], shipped["test R"]) == (1.0, 1.0)


def test_the_pairs_to_check_by_hand_show_an_undated_article_as_undated(tables):
    _, sample = tables
    assert [row[0] for row in sample.rows] == ["same", "same", "different", "different"]
    shown = [cell for row in sample.rows for cell in row[1:]]
    assert "undated Inside the restored lantern room of the Dunmore lighthouse" in shown
    assert "2025-04-01 Dunmore lighthouse lamp relit after a two-year restoration" in shown
