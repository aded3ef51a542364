"""Every option and argument of the ``newsbot`` command, given what users type (``typed``): never a
traceback, a usage mistake is one line and exit status 2 exactly when the option's parser refuses
the value, and a refused or failed command leaves the index, feeds, questions and votes as they were.

The commands run in this process (``index.cli.main``, as the console script calls it) over one
engine, so that a run costs what the command does, not a cold start; test_cli.py runs the real
script. The parsers' own properties, with the larger budget, are test_values.py's.

What Hypothesis found here before the parsers existed, each kept as an ``@example`` below or in
test_values.py: ``--since 99999999d`` (OverflowError: date value out of range) and
``--since 961210654322h`` (OverflowError: Python int too large to convert to C int) in ask,
stories and briefing; ``--server 99999999999999999999`` (OverflowError: Python int too large to
convert to SQLite INTEGER) in every command that takes it; ``summary ²`` (ValueError from int(),
as ``str.isdigit`` takes "²"); ``--as-of 0001-01-01`` (OverflowError counting back "today" or 24h).
"""

import contextlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import typed
from guards import stored_state
from hypothesis import assume, event, example, given, settings
from hypothesis import strategies as st

import index.engine
from index import (
    Engine,
    InputError,
    Period,
    Settings,
    calendar_day,
    outlet_name,
    server_id,
    story_reference,
    web_address,
)
from index.cli import main, parser
from index.cli.options import MAX_COUNT

SHARE = max(5, settings.default.max_examples // 2)  # each example runs a whole command


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str


@dataclass(frozen=True)
class Cli:
    engine: Engine

    def run(self, argv: list[str]) -> Ran:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exit:  # argparse's usage errors
                code = exit.code if isinstance(exit.code, int) else 1
        return Ran(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def cli(tmp_path_factory, sample_news):
    """``newsbot`` over the samples, run in an empty folder: every run is handed one engine."""
    data = tmp_path_factory.mktemp("cli-values-data")
    engine = Engine(Settings(data_dir=data, question_encoder="onnx", _env_file=None))
    assert not engine.ingest([sample_news]).failed
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index.engine, "Engine", lambda settings: engine)
        for name in [name for name in os.environ if name.startswith("NEWSBOT_")]:
            patch.delenv(name)
        patch.setenv("NEWSBOT_DATA_DIR", str(data))
        patch.chdir(tmp_path_factory.mktemp("cli-values-cwd"))
        yield Cli(engine)


@dataclass(frozen=True)
class Case:
    argv: Callable[[str], list[str]]  # the command line with the typed value in its place
    values: st.SearchStrategy[str]
    parse: Callable[[str], object] | None = None  # the option's parser: its refusals exit 2


def _server(command: str, *rest: str) -> Case:
    return Case(lambda v: [*command.split(), f"--server={v}", *rest], typed.ids, server_id)


ASKED = "What happened to Notre-Dame?"
MISSING = "no-such-article.md"
FEED = "http://127.0.0.1:9/feed.xml"  # refused: a loopback address
CASES = {
    "ask QUESTION": Case(lambda v: ["ask", "--", v], typed.hostile),
    "ask --since": Case(lambda v: ["ask", f"--since={v}", ASKED], typed.periods, Period.parse),
    "ask --as-of": Case(lambda v: ["ask", f"--as-of={v}", "What happened today?"], typed.days, calendar_day),
    "ask --outlet": Case(lambda v: ["ask", f"--outlet={v}", ASKED], typed.outlets, outlet_name),
    "ask --after": Case(lambda v: ["ask", f"--after={v}", "and then?"], typed.hostile),
    "ask --server": _server("ask", ASKED),
    "summary ARTICLE": Case(lambda v: ["summary", "--", v], st.one_of(typed.ids, typed.hostile)),
    "summary --server": _server("summary", "Notre-Dame"),
    "digest TOPIC": Case(lambda v: ["digest", "--", v], typed.hostile),
    "digest --server": _server("digest", "Notre-Dame"),
    "timeline TOPIC_OR_ARTICLE": Case(
        lambda v: ["timeline", "--", v], st.one_of(typed.ids, typed.hostile), story_reference
    ),
    "timeline --server": _server("timeline", "Notre-Dame"),
    "follow TOPIC_OR_ARTICLE": Case(
        lambda v: ["follow", "--", v], st.one_of(typed.ids, typed.hostile), story_reference
    ),
    "follow --server": _server("follow", "Notre-Dame"),
    "unfollow TOPIC_OR_ARTICLE": Case(
        lambda v: ["unfollow", "--", v], st.one_of(typed.ids, typed.hostile), story_reference
    ),
    "unfollow --server": _server("unfollow", "Notre-Dame"),
    "stories --since": Case(lambda v: ["stories", f"--since={v}"], typed.periods, Period.parse),
    "stories --as-of": Case(lambda v: ["stories", f"--as-of={v}"], typed.days, calendar_day),
    "stories --server": _server("stories"),
    "briefing --since": Case(lambda v: ["briefing", f"--since={v}"], typed.periods, Period.parse),
    "briefing --as-of": Case(lambda v: ["briefing", f"--as-of={v}"], typed.days, calendar_day),
    "briefing --server": _server("briefing"),
    "sources --server": _server("sources"),
    "insights --server": _server("insights"),
    "ingest PATH_OR_URL": Case(lambda v: ["ingest", "--", v], st.one_of(typed.hostile, typed.urls)),
    "ingest --server": _server("ingest", MISSING),
    "feeds add URL": Case(lambda v: ["feeds", "add", "--", v], typed.urls, web_address),
    "feeds add --server": _server("feeds add", FEED),
    "feeds list --server": _server("feeds list"),
    "feeds remove URL": Case(lambda v: ["feeds", "remove", "--", v], typed.urls, web_address),
    "feeds remove --server": _server("feeds remove", FEED),
}


def refuses(parse: Callable[[str], object], value: str) -> bool:
    try:
        parse(value)
    except InputError:
        return True
    return False


@pytest.mark.parametrize("name", CASES)
@settings(max_examples=SHARE)
@given(data=st.data())
def test_every_value_typed_gets_a_clear_answer_and_a_refusal_changes_nothing(cli, name, data):
    case = CASES[name]
    value = data.draw(case.values, label="typed")
    if name.startswith("ingest PATH"):
        assume(not os.path.lexists(value))  # "/" or ".." would ingest whatever is there
    before = stored_state(cli.engine.settings.data_dir)
    ran = cli.run(case.argv(value))
    event(f"exit {ran.code}")
    assert "Traceback" not in ran.err and ran.code in (0, 1, 2), ran
    if ran.code == 2 or (ran.code and ran.err):  # a usage mistake or an engine error: one line
        lines = ran.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("newsbot: ") and ran.out == "", ran
    if case.parse is not None:
        assert (ran.code == 2) == refuses(case.parse, value), ran
    if ran.code:
        assert stored_state(cli.engine.settings.data_dir) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "--since", "99999999d", "what happened?"],
        ["ask", "--since", "961210654322h", "what happened?"],
        ["ask", "--as-of", "0001-01-01", "what happened today?"],
        ["briefing", "--since", "99999999d"],
        ["stories", "--since", "99999999h"],
        ["stories", "--as-of", "0001-01-01"],
        ["sources", "--server", "99999999999999999999"],
        ["feeds", "list", "--server", "159269674940106244096"],
        ["insights", "--server", "99999999999999999999"],
        ["ingest", "--server", "99999999999999999999", MISSING],
    ],
)
def test_what_hypothesis_found_ends_in_one_line_and_status_2(cli, argv):
    ran = cli.run(argv)
    assert ran.code == 2 and ran.out == "", ran
    [line] = ran.err.splitlines()
    assert line.startswith("newsbot: argument --") and "give" in line


@pytest.mark.parametrize(
    ("reference", "says"), [("²", "no indexed article matches '²'"), ("#0", "not an article id")]
)
def test_a_summary_of_a_reference_that_is_no_article_says_so(cli, reference, says):
    ran = cli.run(["summary", reference])
    assert ran.code in (1, 2) and says in ran.err and len(ran.err.splitlines()) == 1


# eval runs a whole evaluation: its options are checked through the parser alone ---------------------
def _parsed(argv: list[str]):
    """The options ``argv`` parses to and None, or None and the one line of a refusal (exit status 2)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            return parser().parse_args(argv), None
        except SystemExit as exit:
            assert exit.code == 2
            [line] = err.getvalue().splitlines()
            return None, line


@settings(max_examples=SHARE)
@given(option=st.sampled_from(["--limit", "--steps", "--show"]), value=typed.ids)
@example(option="--limit", value="²")  # argparse's "invalid _positive value", not what it takes
@example(option="--show", value="-1")
def test_eval_counts_are_whole_numbers_within_bounds(option, value):
    args, refused = _parsed(["eval", "qa", "qa.jsonl", f"{option}={value}"])
    if refused:
        assert f"argument {option}: " in refused and f"to {MAX_COUNT:,}" in refused
        return
    least = 0 if option == "--show" else 1
    assert least <= getattr(args, option.removeprefix("--")) <= MAX_COUNT


@settings(max_examples=SHARE)
@given(value=st.one_of(typed.ids, st.floats(allow_nan=True, allow_infinity=True).map(repr)))
@example(value="nan")
@example(value="1.0000001")
@example(value="٠.٥")  # Arabic-Indic digits: float() reads them, the option does not
def test_the_share_of_retrieved_negatives_is_a_number_from_0_to_1(value):
    args, refused = _parsed(["eval", "train-reader", "squad", f"--retrieved-negatives={value}"])
    if refused:
        assert "argument --retrieved-negatives: " in refused and "a number from 0 to 1" in refused
        return
    assert 0.0 <= args.retrieved_negatives <= 1.0 and value.isascii()
