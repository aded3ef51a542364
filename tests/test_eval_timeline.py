"""``newsbot eval timeline`` over a tiny silver set: a lighthouse story over three days whose later
reports open with the first day's sentence (the third only repeats), and a one-day story. The
table printed: events, how many repeat an earlier day, days with an event, against each day's
lead sentence."""

import pytest
from silver import Article, write_silver

RELIT = (
    "The lamp of the Dunmore lighthouse was lit again on Tuesday evening after a two-year restoration "
    "of the tower and its lens."
)
REPAINTED = (
    "Volunteers of the harbour trust repainted the iron gallery of the lighthouse, and a glazier "
    "replaced forty cracked panes in its lantern room."
)
ARTICLES = [
    Article(
        "lamp-relit",
        "Dunmore lighthouse lamp relit after a two-year restoration",
        "2025-04-01",
        f"{RELIT}\n\n{REPAINTED}\n\nThe beam of the Dunmore lighthouse can be seen eighteen nautical "
        "miles out to sea, the harbour trust said.",
        "coastwatch.example",
    ),
    Article(
        "lamp-open-day",
        "Six hundred visitors climb the Dunmore lighthouse on its first open day",
        "2025-04-02",
        f"{RELIT}\n\nOn Wednesday more than six hundred visitors queued to climb the hundred and twelve "
        "steps of the Dunmore lighthouse, and the harbour trust had to close its door at noon.\n\nThe "
        "trust will open the lighthouse tower to visitors on the first Sunday of every month from May.",
        "tidelines.example",
    ),
    Article(
        "lamp-recap",
        "What the restoration of the Dunmore lighthouse changed",
        "2025-04-03",
        f"{RELIT}\n\n{REPAINTED}",
        "harbourpost.example",
    ),
    Article(
        "orchard-frost",
        "Late frost blackens the blossom in Holt's orchards",
        "2025-04-02",
        "A late frost on Wednesday night blackened the apple blossom in the orchards around Holt, and "
        "growers fear they will lose half of this year's crop.\n\nSome growers lit candles between the "
        "rows to keep the frost off.",
        "coastwatch.example",
    ),
]


@pytest.fixture(scope="module")
def printed(tmp_path_factory, newsbot_command) -> str:
    folder = tmp_path_factory.mktemp("eval-timeline")
    lighthouse = ["lamp-relit", "lamp-open-day", "lamp-recap"]
    dataset = write_silver(folder / "silver", ARTICLES, [("test", lighthouse), ("train", ["orchard-frost"])])
    ran = newsbot_command.run(folder / "data", "eval", "timeline", dataset)
    assert ran.returncode == 0, ran.stderr
    return ran.stdout


def rows(printed: str) -> dict[str, dict[str, str]]:
    """The table's rows by method, each cell by its header."""
    lines = [line for line in printed.splitlines() if line.startswith("| ")]
    headers, *cells = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return {row[0]: dict(zip(headers, row, strict=True)) for row in cells}


def test_the_timeline_repeats_no_earlier_day_where_each_days_lead_does(printed):
    table = rows(printed)
    assert list(table) == ["timeline (shipped)", "each day's lead sentence (baseline)"]
    shipped, lead = table.values()
    # two new events on each of the first two days; the third day says nothing new
    assert shipped["events"] == "4" and shipped["repeat: same statement"] == "0.000"
    assert shipped["repeat: same words"] == "0.000"
    assert shipped["days with an event"] == "0.667" and shipped["events a day"] == "1.333"
    # a lead a day, the second and third days' leads the first day's sentence again
    assert lead["events"] == "3" and lead["repeat: same statement"] == "0.667"
    assert lead["repeat: same words"] == "0.667" and lead["days with an event"] == "1.000"


def test_the_note_counts_the_stories_days_and_articles_read(printed):
    assert "1 stories reported on two days or more, 3 days, from 4 silver articles" in printed
    assert printed.startswith("## Timelines: events that repeat an earlier day, and days with an event")
