"""The ``newsbot`` command as a user runs it: real subprocesses, a temporary data folder, exit codes.

Each run is a cold start of the command (several seconds of imports), so the runs are few and
each checks everything a user would look at: stdout, stderr and the exit code.
"""

import json
import re
import time
from pathlib import Path

import pytest

from index.engine import Engine
from index.settings import Settings

ANSWERABLE = "When did Notre-Dame reopen?"
UNANSWERABLE = "Who won the World Cup final in 2018?"

GOOD_ARTICLES = {
    "lighthouse.md": (
        "---\n"
        'title: "Keepers return to the Skerry Point lighthouse"\n'
        'outlet: "The Test Gazette"\n'
        "published: 2025-03-04\n"
        "---\n\n"
        "The lighthouse on Skerry Point was staffed again this week after eleven years of automatic "
        "operation, the coastal trust said.\n\n"
        "Two keepers, Maren Holt and Idris Vale, will live in the cottage beside the tower from March "
        "to October and run guided climbs of its 214 steps.\n"
    ),
    "allotments.txt": (
        "Allotment waiting list shrinks in Pellworth\n\n"
        "The waiting list for allotments in Pellworth fell to nineteen names after the parish opened "
        "a new field of forty plots behind the school.\n\n"
        "Each plot rents for thirty pounds a year, and the parish supplies water butts and a shared "
        "tool shed.\n"
    ),
}


def one_line_error(result) -> str:
    """The failed run's message: exactly one line on stderr, no traceback, nothing on stdout."""
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("newsbot: ")
    assert result.stdout == ""
    return lines[0]


def front_matter(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("---")[1]
    return {key: value.strip().strip('"') for key, value in re.findall(r"^(\w+): (.*)$", head, re.M)}


def body_paragraphs(path: Path) -> list[str]:
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    return [p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith("#")]


def check_answer_shape(answer: dict) -> None:
    assert set(answer) == {"question", "answered", "message", "quotes", "sources"}
    assert isinstance(answer["question"], str)
    assert isinstance(answer["answered"], bool)
    assert isinstance(answer["message"], str) and answer["message"]
    for quote in answer["quotes"]:
        assert isinstance(quote["text"], str) and quote["text"]
        assert isinstance(quote["source"], int)
        assert all(0 <= start < end <= len(quote["text"]) for start, end in quote["marks"])
    for source in answer["sources"]:
        assert set(source) == {"n", "title", "outlet", "published", "url", "path"}
        assert isinstance(source["n"], int)
        assert isinstance(source["title"], str)
        for key in ("outlet", "published", "url", "path"):
            assert source[key] is None or isinstance(source[key], str)


def check_quotes_are_verbatim(answer: dict) -> None:
    """Every quote is a substring of the file of the source it cites."""
    by_number = {source["n"]: source for source in answer["sources"]}
    for quote in answer["quotes"]:
        cited = by_number[quote["source"]]
        assert quote["text"] in Path(cited["path"]).read_text(encoding="utf-8")


def find_wrapped(fragments: list[str], text: str) -> re.Match | None:
    """Where a quote the terminal wrapped over ``fragments`` lines stands verbatim in ``text``."""
    return re.search(r"\s*".join(re.escape(f) for f in fragments), text)


def highlights(stdout: str) -> list[list[str]]:
    """The highlight quotes of ``newsbot summary`` output, each as its wrapped lines."""
    body = stdout.split("\n\n", 1)[1].split("\nSource:\n")[0]
    quotes = []
    for block in filter(str.strip, body.split("\n\n")):
        joined = "\n".join(line.strip() for line in block.splitlines())
        match = re.fullmatch(r"“(.*)”\s+\[1\]", joined, re.S)
        assert match, block
        quotes.append(match.group(1).split("\n"))
    return quotes


# ingest, ask ----------------------------------------------------------------------------------


def test_ingest_of_the_sample_news_prints_a_summary_and_succeeds(cli_sample_index):
    _, result = cli_sample_index
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    summary = result.stdout.strip().splitlines()
    assert len(summary) == 1
    assert re.fullmatch(
        r"5 added, 0 updated, 0 unchanged, 0 removed, 0 failed; [1-9]\d* passages embedded, "
        r"0 reused from the cache",
        summary[0],
    )
    assert "embedding" in result.stderr  # progress goes to stderr, never into the summary


def test_ask_json_gives_the_marked_answering_words_as_offsets_into_their_quote(
    cli_sample_index, newsbot_command
):
    data_dir, _ = cli_sample_index
    result = newsbot_command.run(data_dir, "ask", "--json", "What is the nickname of Scaloni's team?")
    answer = json.loads(result.stdout)
    check_answer_shape(answer)
    assert [q["text"][a:b] for q in answer["quotes"] for a, b in q["marks"]] == ["La Scaloneta"]


@pytest.mark.parametrize("question", [ANSWERABLE, UNANSWERABLE])
def test_ask_json_prints_only_the_documented_json_on_stdout(cli_sample_index, newsbot_command, question):
    data_dir, _ = cli_sample_index
    result = newsbot_command.run(data_dir, "ask", "--json", question, settings={"NEWSBOT_LOG_LEVEL": "INFO"})
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)  # the whole of stdout is one JSON document
    check_answer_shape(answer)
    assert answer["question"] == question
    assert "serving generation 1" in result.stderr  # logs go to stderr
    assert "Traceback" not in result.stderr
    if question == ANSWERABLE:
        assert answer["answered"] is True
        assert any("7 December 2024" in quote["text"] for quote in answer["quotes"])
        assert {quote["source"] for quote in answer["quotes"]} <= {s["n"] for s in answer["sources"]}
        check_quotes_are_verbatim(answer)
    else:
        assert answer["answered"] is False
        assert answer["quotes"] == []
        assert answer["sources"] == []


@pytest.mark.parametrize(
    ("question", "says"),
    [("", "the question is empty"), ("why " * 130, "at most 500")],
    ids=["empty", "over-500-characters"],
)
def test_a_question_that_cannot_be_asked_gets_a_one_line_error(
    cli_sample_index, newsbot_command, question, says
):
    data_dir, _ = cli_sample_index
    message = one_line_error(newsbot_command.run(data_dir, "ask", "--json", question))
    assert says in message


def test_ask_after_an_earlier_question_reads_the_follow_up_in_its_light(cli_sample_index, newsbot_command):
    data_dir, _ = cli_sample_index
    follow_up = "how fast was it going?"
    alone = newsbot_command.run(data_dir, "ask", follow_up)
    assert alone.returncode == 0, alone.stderr
    assert "6.1 kilometres per second" not in alone.stdout
    result = newsbot_command.run(
        data_dir, "ask", "--json", follow_up, "--after", "How much did DART shorten the orbit?"
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    check_answer_shape(answer)
    assert answer["question"] == follow_up
    assert any("6.1 kilometres per second" in quote["text"] for quote in answer["quotes"])
    check_quotes_are_verbatim(answer)


def test_ask_as_of_a_day_sees_only_what_was_published_by_then(cli_sample_index, newsbot_command):
    data_dir, _ = cli_sample_index
    before = newsbot_command.run(data_dir, "ask", "--json", "--as-of", "2024-12-06", ANSWERABLE)
    assert before.returncode == 0, before.stderr
    assert json.loads(before.stdout)["answered"] is False  # the reopening was reported on 7 December
    on_the_day = newsbot_command.run(data_dir, "ask", "--json", "--as-of", "2024-12-07", ANSWERABLE)
    assert json.loads(on_the_day.stdout)["answered"] is True


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (
            ["ask", "--since", "99999999d", "what happened?"],
            "'99999999d' is not a period: give hours or days",
        ),
        (["briefing", "--since", "99999999d"], "'99999999d' is not a period: give hours or days"),
        (["stories", "--since", "99999999h"], "'99999999h' is not a period: give hours or days"),
        (
            ["sources", "--server", "99999999999999999999"],
            "is not a Discord server id: give its number, 1 to",
        ),
    ],
    ids=["ask", "briefing", "stories", "server"],
)
def test_a_value_out_of_range_is_a_one_line_usage_error(cli_sample_index, newsbot_command, argv, says):
    data_dir, _ = cli_sample_index
    result = newsbot_command.run(data_dir, *argv)
    assert result.returncode == 2
    assert says in one_line_error(result)


def test_ask_as_of_something_that_is_not_a_date_is_refused(cli_sample_index, newsbot_command):
    data_dir, _ = cli_sample_index
    result = newsbot_command.run(data_dir, "ask", "--as-of", "7 December", ANSWERABLE)
    assert result.returncode == 2
    assert "'7 December' is not a date: give one as YYYY-MM-DD" in result.stderr


# digest ----------------------------------------------------------------------------------------


def test_digest_quotes_each_outlet_under_its_name_newest_first(
    cli_sample_index, newsbot_command, sample_news
):
    data_dir, _ = cli_sample_index
    result = newsbot_command.run(data_dir, "digest", "Notre-Dame", "reopening")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Digest of “Notre-Dame reopening”\n")
    body, sources = result.stdout.split("\nSources:\n")
    assert body.index("\nNorthwind Daily [1]\n") < body.index("\nThe Harbour Ledger [2]\n")
    files = {
        "1": (sample_news / "notre-dame-rebuild-northwind-daily.md").read_text(encoding="utf-8"),
        "2": (sample_news / "notre-dame-reopens-harbour-ledger.md").read_text(encoding="utf-8"),
    }
    quotes = re.findall(r"“(.*?)”\s+\[(\d)\]", body.partition("\n\n")[2], re.S)
    assert quotes
    for text, n in quotes:
        assert find_wrapped([line.strip() for line in text.splitlines()], files[n]), text
    assert sources.splitlines()[0].startswith("  [1] Northwind Daily · ")


def test_digest_json_of_a_topic_nobody_covered_is_empty(cli_sample_index, newsbot_command):
    data_dir, _ = cli_sample_index
    result = newsbot_command.run(data_dir, "digest", "--json", "bitcoin", "price")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "topic": "bitcoin price",
        "found": False,
        "message": "The indexed news doesn't say.",
        "sections": [],
        "differences": [],
        "sources": [],
    }


def test_an_empty_digest_topic_gets_a_one_line_error(cli_sample_index, newsbot_command):
    data_dir, _ = cli_sample_index
    assert "the topic is empty" in one_line_error(newsbot_command.run(data_dir, "digest", " "))


# summary, sources -----------------------------------------------------------------------------


def test_summary_of_an_unknown_article_says_so(cli_sample_index, newsbot_command):
    data_dir, _ = cli_sample_index
    message = one_line_error(newsbot_command.run(data_dir, "summary", "zebra", "parade"))
    assert "no indexed article matches 'zebra parade'" in message


def test_summary_by_title_words_quotes_highlights_verbatim_in_article_order(
    cli_sample_index, newsbot_command, sample_news
):
    data_dir, _ = cli_sample_index
    result = newsbot_command.run(data_dir, "summary", "total", "solar", "eclipse")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "Highlights of “Total solar eclipse sweeps across Mexico, the United States and Canada”"
    )
    article = (sample_news / "solar-eclipse-north-america-lakeshore-observer.md").read_text(encoding="utf-8")
    quotes = highlights(result.stdout)
    assert 3 <= len(quotes) <= 5
    found = [find_wrapped(quote, article) for quote in quotes]
    assert all(found), quotes
    starts = [match.start() for match in found]
    assert starts == sorted(starts)
    assert "The Lakeshore Observer" in result.stdout.split("\nSource:\n")[1]


def test_sources_lists_titles_outlets_dates_and_passage_counts(
    cli_sample_index, newsbot_command, sample_news
):
    data_dir, _ = cli_sample_index
    result = newsbot_command.run(data_dir, "sources")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.strip().splitlines()
    assert header.split() == ["id", "published", "outlet", "passages", "ingested", "title"]
    files = sorted(sample_news.glob("*.md"))
    assert len(rows) == len(files)
    for path in files:
        meta = front_matter(path)
        [row] = [row for row in rows if row.endswith(meta["title"])]
        match = re.match(r"\d+\s+(\S+)\s+(.+?)\s{2,}(\d+)\s+\d{4}-\d\d-\d\d\s+", row)
        assert match, row
        assert match.groups() == (meta["published"], meta["outlet"], str(len(body_paragraphs(path))))


# broken input, bad settings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("file:///etc/passwd", "only http and https URLs can be fetched"),
        ("http://127.0.0.1:9/admin", "a loopback address; only public addresses are fetched"),
    ],
)
def test_a_url_newsbot_must_not_fetch_is_reported_and_nothing_is_indexed(
    tmp_path, newsbot_command, url, says
):
    result = newsbot_command.run(tmp_path, "ingest", url)
    assert result.returncode == 1
    assert f"failed: {url}: " in result.stdout and says in result.stdout
    assert "Nothing is indexed yet" in newsbot_command.run(tmp_path, "sources").stdout


def test_an_empty_folder_ingested_into_a_new_index_adds_nothing_and_fails_nothing(tmp_path, newsbot_command):
    (tmp_path / "empty").mkdir()
    result = newsbot_command.run(tmp_path / "data", "ingest", str(tmp_path / "empty"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 added, 0 updated, 0 unchanged, 0 removed, 0 failed")
    assert "Nothing is indexed yet" in newsbot_command.run(tmp_path / "data", "sources").stdout


def test_a_server_adds_its_own_articles_that_only_it_sees(tmp_path, newsbot_command):
    news, data = tmp_path / "news", tmp_path / "data"
    news.mkdir()
    (news / "lighthouse.md").write_text(GOOD_ARTICLES["lighthouse.md"], encoding="utf-8")
    added = newsbot_command.run(data, "ingest", "--server", "42", news)
    assert added.returncode == 0 and added.stdout.startswith("1 added"), added.stderr
    question = "Who will live in the cottage beside the Skerry Point lighthouse?"
    seen = newsbot_command.run(data, "ask", "--server", "42", question)
    assert "Maren Holt and Idris Vale" in seen.stdout
    for server in ((), ("--server", "7")):
        unseen = newsbot_command.run(data, "ask", *server, question)
        assert "Maren Holt" not in unseen.stdout and "doesn't say" in unseen.stdout
    listed = newsbot_command.run(data, "sources", "--server", "42").stdout
    assert "added by" in listed and "this server" in listed and "Skerry Point" in listed
    assert "Nothing is indexed yet" in newsbot_command.run(data, "sources").stdout
    refused = newsbot_command.run(data, "ask", "--server", "guild", question)
    assert refused.returncode == 2 and "not a Discord server id" in refused.stderr


def test_a_copy_of_an_indexed_article_is_reported_as_such(tmp_path, newsbot_command):
    news = tmp_path / "news"
    news.mkdir()
    text = GOOD_ARTICLES["lighthouse.md"]
    (news / "lighthouse.md").write_text(text, encoding="utf-8")
    (news / "lighthouse-again.md").write_text(text, encoding="utf-8")
    result = newsbot_command.run(tmp_path / "data", "ingest", str(news))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 added")
    assert "  a copy of " in result.stdout and "lighthouse" in result.stdout


def test_broken_files_are_reported_by_name_and_the_good_ones_still_get_in(tmp_path, newsbot_command):
    good = tmp_path / "good"
    good.mkdir()
    for name, text in GOOD_ARTICLES.items():
        (good / name).write_text(text, encoding="utf-8")
    bad = {
        "empty.txt": (b"", "the file is empty"),
        "photo.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        "latin1.txt": (
            "Café owners on Quay Street say the rent doubled.\n".encode("latin-1"),
            "not valid UTF-8",
        ),
        "cut-short.md": ("The pier café reopened on Friday, said the owner, Zoë".encode()[:-1], "truncated"),
        "minutes.docx": (b"Minutes of the harbour committee.\n", "unsupported file type '.docx'"),
    }
    for name, (data, _) in bad.items():
        (tmp_path / name).write_bytes(data)
    missing = tmp_path / "no-such-article.md"
    data_dir = tmp_path / "data"

    result = newsbot_command.run(data_dir, "ingest", good, *(tmp_path / name for name in bad), missing)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    summary, *details = result.stdout.strip().splitlines()
    assert summary.startswith("2 added, 0 updated, 0 unchanged, 0 removed, 6 failed;")
    failures = [line for line in details if line.startswith("  failed: ")]
    assert len(failures) == 6
    for name, (_, reason) in bad.items():
        assert any(f"{name}: " in line and reason in line for line in failures), (name, failures)
    assert any(f"{missing}: no such file" in line for line in failures)

    asked = newsbot_command.run(
        data_dir, "ask", "--json", "When was the Skerry Point lighthouse staffed again?"
    )
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["answered"] is True
    assert any("staffed again this week" in quote["text"] for quote in answer["quotes"])
    assert answer["sources"][0]["path"] == str((good / "lighthouse.md").resolve())
    check_quotes_are_verbatim(answer)


@pytest.mark.parametrize(
    ("setting", "value", "says"),
    [
        ("NEWSBOT_BATCH_SIZE", "abc", "bad setting: batch_size"),
        ("NEWSBOT_BATCH_SIZE", "0", "bad setting: batch_size"),
        ("NEWSBOT_LOG_LEVEL", "chatty", "bad setting: log_level"),
        ("NEWSBOT_DATA_DIR", "a-file", "cannot use the data folder"),
    ],
)
def test_a_bad_setting_gets_a_one_line_error(tmp_path, newsbot_command, setting, value, says):
    if setting == "NEWSBOT_DATA_DIR":
        value = str(tmp_path / value)
        Path(value).write_text("not a folder\n", encoding="utf-8")
    result = newsbot_command.run(tmp_path / "data", "sources", settings={setting: value})
    assert says in one_line_error(result)


def test_a_model_that_is_not_available_locally_fails_fast_with_a_one_line_error(tmp_path, newsbot_command):
    article = tmp_path / "lighthouse.md"
    article.write_text(GOOD_ARTICLES["lighthouse.md"], encoding="utf-8")
    started = time.monotonic()
    result = newsbot_command.run(
        tmp_path / "data", "ingest", article, settings={"NEWSBOT_MODEL": "acme-labs/no-such-encoder"}
    )
    assert time.monotonic() - started < 60  # no download attempts, no retries: the imports dominate
    message = one_line_error(result)
    assert "cannot load the embedding model 'acme-labs/no-such-encoder'" in message
    assert "never downloads" in message


def test_an_answer_with_marks_starts_with_the_answering_words_and_emphasises_them():
    from index.answer import ANSWERED, Answer, Citation, Quote
    from index.cli import render

    text = "The new spire rises 96 metres above the ground."
    quote = Quote(text, 1, 3, 0, len(text), marks=[(20, 29)])
    citation = Citation(1, "How Notre-Dame was rebuilt", "Northwind Daily", "2024-12-08", None, None, 1)
    answer = Answer("How tall is the spire?", True, ANSWERED, [quote], [citation])
    plain, emphasised = render.answer(answer), render.answer(answer, emphasis=True)
    assert plain.splitlines()[2] == "Answer: 96 metres"
    assert f"{render.BOLD}96 metres{render.PLAIN}" in emphasised and render.BOLD not in plain


def test_insights_print_what_a_servers_readers_asked_that_the_news_did_not_answer(tmp_path, newsbot_command):
    data = tmp_path / "data"
    newsroom = Engine(Settings(data_dir=data, _env_file=None)).newsroom
    newsroom.record_question(42, "Who won the regatta?", False)
    newsroom.record_question(42, "Who was the winner of the regatta?", False)
    newsroom.record_question(42, "When did the lighthouse reopen?", True)
    printed = newsbot_command.run(data, "insights", "--server", "42").stdout.splitlines()
    assert printed[:4] == [
        "3 questions asked in the last 30 days, 33% answered.",
        "",
        "What the news did not answer:",
        "  2x Who was the winner of the regatta?",
    ]
    found = json.loads(newsbot_command.run(data, "insights", "--server", "42", "--json").stdout)
    assert (found["asked"], found["answered"], found["unanswered"][0]["times"]) == (3, 1, 2)
    elsewhere = newsbot_command.run(data, "insights").stdout  # direct messages: none asked
    assert elsewhere.startswith("0 questions asked in the last 30 days, - answered.")
