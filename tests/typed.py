"""What users type, as Hypothesis strategies: any text, hostile text (control, bidi and zero-width
characters, mentions, SQL and path fragments), and for each kind of value newsbot parses the forms
it takes with numbers at and past their bounds. Shared by the property tests of the parsers
(test_values.py), the command line (test_cli_values.py) and the bot (test_bot_values.py).

No strategy makes a URL whose fetch would leave the machine: hosts are loopback, private, reserved
for documentation or malformed, so every fetch is refused before a byte is sent (or the local
stand-ins answer).
"""

from datetime import date, timedelta

from hypothesis import strategies as st

from index.search.days import EARLIEST, MAX_DAYS, MAX_HOURS
from index.store.scopes import MAX_ID, MAX_OUTLET_CHARS

MENTIONS = ["@everyone", "@here", "<@123456789012345678>", "<@!123456789012345678>", "<@&123456789012345678>"]
SQL = ["'; DROP TABLE articles; --", '" OR 1=1 --', "' OR ''='", "%", "_", "1; DELETE FROM feeds"]
PATHS = [
    "../../etc/passwd",
    "/etc/passwd",
    "..",
    "~",
    "C:\\Windows\\win.ini",
    "\\\\host\\share",
    "%2e%2e%2f",
    "/dev/zero",
    "~no-such-user-here/news.md",
    "n" * 300,  # longer than a file name may be
]
ODD = [
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero-width space
    "\u200d",  # zero-width joiner
    "\ufeff",  # byte order mark
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\u2028",  # line separator
    "\u0301",  # a combining accent, alone
    "𝟘",  # a mathematical digit
    "²",  # a digit Python's isdigit takes and int refuses
    "١٢",  # Arabic-Indic digits, which int reads
    "Ⅻ",
    "İ",
    "ß",
    " ",
    "\t",
]
FRAGMENTS = MENTIONS + SQL + PATHS + ODD

hostile = st.one_of(
    st.text(max_size=30),
    st.sampled_from(FRAGMENTS),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=6).map("".join),
)


def spaced(core: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``core``, sometimes with spaces or odd characters around it."""
    around = st.sampled_from(["", "", " ", "\t", "\u200b", "\u202e", "\x00"])
    return st.tuples(around, core, around).map("".join)


def _tomorrow() -> date:
    return date.today() + timedelta(days=1)


_edge_days = st.sampled_from([EARLIEST - timedelta(days=1), EARLIEST, date(1, 1, 1), date(9999, 12, 31)])
days = spaced(
    st.one_of(
        st.dates().map(date.isoformat),
        _edge_days.map(date.isoformat),
        st.builds(lambda n: (_tomorrow() + timedelta(days=n)).isoformat(), st.integers(-1, 1)),
        st.sampled_from(
            ["2024-02-30", "2024-13-01", "20241201", "2024-W01-1", "2024-1-5", "7 December", "today"]
        ),
        st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
        hostile,
    )
)

_counts = st.one_of(
    st.integers(0, 10**12),
    st.sampled_from([0, 1, MAX_DAYS, MAX_DAYS + 1, MAX_HOURS, MAX_HOURS + 1, 99999999, 10**30]),
)
periods = spaced(
    st.one_of(
        st.builds(
            lambda n, unit, gap: f"{n}{gap}{unit}",
            _counts,
            st.sampled_from("hdHDwm"),
            st.sampled_from(["", " "]),
        ),
        st.sampled_from(["24h", "7d", "-1d", "1.5d", "½d", "²h", "١٢h", "𝟘d", "24", "h", "d"]),
        days,
        hostile,
    )
)

_numbers = st.one_of(
    st.integers(-10, 2**64 + 10),
    st.sampled_from([0, 1, MAX_ID, MAX_ID + 1, 2**64, 10**40]),
)
ids = spaced(
    st.one_of(
        _numbers.map(str),
        _numbers.map(lambda n: f"#{n}"),
        st.sampled_from(["1" * 5000, "²", "١٢", "0x10", "1e3", "+1", "1_000", "Ⅻ"]),
        hostile,
    )
)

outlets = st.one_of(
    st.sampled_from(["The Harbour Ledger", "northwind daily", "Le Monde", "  ", "-", "\u200b"]),
    st.text(min_size=MAX_OUTLET_CHARS - 1, max_size=MAX_OUTLET_CHARS + 2, alphabet="ab "),
    hostile,
)

_hosts = st.sampled_from(
    ["127.0.0.1:9", "[::1]:9", "10.0.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "example.invalid",
     "user:pw@example.invalid", "", "exa mple.invalid", "xn--", "[::1", "a:99999", "ａ.invalid", "a" * 300]
)  # fmt: skip
urls = st.one_of(
    st.builds(
        lambda scheme, host, path: f"{scheme}{host}/{path}",
        st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "file://", "javascript:", "//", ""]),
        _hosts,
        hostile,
    ),
    st.text(min_size=1990, max_size=2010, alphabet="ab/").map(lambda path: f"http://127.0.0.1:9/{path}"),
    hostile,
)

times = spaced(
    st.one_of(
        st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(-1, 25), st.integers(-1, 61)),
        st.sampled_from(["08:30", "8:30", "23:59", "24:00", "12:60", "0830", "8h30", "8:30 pm", "٠٨:٣٠"]),
        hostile,
    )
)

zones = spaced(
    st.one_of(
    st.sampled_from(
        ["UTC", "Europe/Paris", "europe/paris", "America/New_York", "Mars/Olympus", "localtime",
         "../../etc/passwd", "/etc/localtime", "Europe/../UTC", "posixrules", "right/UTC", "+01:00"]
    ),
    hostile,
)
)  # fmt: skip

topics = st.one_of(
    st.lists(st.one_of(st.sampled_from(["ferry", "eclipse", "!!!", ""]), hostile), max_size=12).map(",".join),
    st.text(min_size=95, max_size=105, alphabet="ab ").map(lambda t: f"ferry,{t}"),
    hostile,
)
