"""A digest quotes what each outlet says on a topic, outlet by outlet, a shared statement once."""

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from index.answer import DECLINED, Evidence
from index.answer.conflicts import MAX_DAYS_APART, conflicts
from index.answer.wording import article_words
from index.embed import PassageVectors
from index.report import gather
from index.report.digests import PER_ARTICLE
from index.store import ArticleRow, PassageRow


def _files(digest) -> dict[int, str]:
    return {s.n: Path(s.path).read_text(encoding="utf-8") for s in digest.sources}


def _outlet(digest, n: int) -> str:
    source = next(s for s in digest.sources if s.n == n)
    return source.outlet or source.title


def _assert_sections_quote_their_own_article_in_order(digest) -> None:
    files = _files(digest)
    for section in digest.sections:
        assert 1 <= len(section.quotes) <= PER_ARTICLE
        positions = [files[section.source].index(q.text) for q in section.quotes]
        assert positions == sorted(positions)
        assert all(q.source == section.source for q in section.quotes)


def test_a_digest_of_the_summit_quotes_both_outlets(shared_engine):
    digest = shared_engine.digest("K-pop drum diplomacy")
    assert digest.found
    outlets = [_outlet(digest, s.source) for s in digest.sections]
    assert "The Unbiased Post" in outlets
    assert any(o.startswith("Drumstick Diplomacy") for o in outlets)
    assert len(outlets) == len(set(outlets))
    _assert_sections_quote_their_own_article_in_order(digest)


def test_a_fact_both_outlets_report_is_quoted_once_citing_both(shared_engine):
    digest = shared_engine.digest("K-pop drum diplomacy")
    quotes = [q for s in digest.sections for q in s.quotes]
    assert len({q.text for q in quotes}) == len(quotes)
    shared = [q for q in quotes if q.also_in]
    assert shared
    for quote in shared:
        cited = {_outlet(digest, n) for n in (quote.source, *quote.also_in)}
        assert len(cited) == 1 + len(quote.also_in)
        assert {quote.source, *quote.also_in} <= {s.n for s in digest.sources}


def test_notre_dame_reopening_has_a_section_per_outlet_newest_first(sample_engine):
    digest = sample_engine.digest("Notre-Dame reopening")
    assert [_outlet(digest, s.source) for s in digest.sections] == ["Northwind Daily", "The Harbour Ledger"]
    assert [s.n for s in digest.sources] == [1, 2]
    assert "7 December 2024" in " ".join(q.text for q in digest.sections[1].quotes)
    _assert_sections_quote_their_own_article_in_order(digest)


def test_a_digest_of_one_article_cites_only_it(news_engine):
    digest = news_engine.digest("the World Cup final")
    assert [s.outlet for s in digest.sources] == ["The Coastline Sentinel"]
    assert "Argentina won the 2022 FIFA World Cup" in digest.sections[0].quotes[0].text


@pytest.mark.parametrize("topic", ["bitcoin price", "inflation in Germany", "the stock market"])
def test_a_topic_the_news_does_not_cover_gives_an_empty_digest(news_engine, topic):
    digest = news_engine.digest(topic)
    assert not digest.found
    assert digest.message == DECLINED
    assert digest.sections == [] and digest.sources == []


def test_the_json_shape_holds_sections_of_quotes_differences_and_the_sources(sample_engine):
    data = sample_engine.digest("Notre-Dame reopening").to_dict()
    assert set(data) == {"topic", "found", "message", "sections", "differences", "sources"}
    assert data["topic"] == "Notre-Dame reopening"
    for section in data["sections"]:
        assert set(section) == {"source", "quotes"}
        for quote in section["quotes"]:
            assert set(quote) == {"text", "source", "also_in", "marks"}
    for difference in data["differences"]:
        assert set(difference) == {"quotes", "differ"}
        assert len(difference["differ"]) == len(difference["quotes"]) >= 2
    cited = {s["source"] for s in data["sections"]}
    cited |= {q["source"] for d in data["differences"] for q in d["quotes"]}
    assert {s["n"] for s in data["sources"]} == cited


# the rule for "the same statement", on hand-made vectors -----------------------------------------
TOPIC = np.array([1.0, 0.0, 0.0], dtype=np.float32)


def _story(n: int, published: str, sentence: str, vector: list[float]) -> Evidence:
    """Article ``n`` of outlet ``n``: one passage of one sentence with the given vector."""
    unit = np.array(vector, dtype=np.float32) / np.linalg.norm(vector)
    article = ArticleRow(n, f"s{n}", "h", f"Bridge {n}", f"Outlet {n}", published, None, f"/{n}.md", "2025")
    passage = PassageRow(10 * n, n, 0, None, sentence, [(0, len(sentence))], f"hash{n}")
    vectors = {passage.embed_hash: PassageVectors(unit, unit[None].astype(np.float16))}
    return Evidence([passage], vectors, {article.id: article})


def test_the_same_sentence_in_two_outlets_is_quoted_once_citing_both():
    sentence = "The new bridge over the river opened to traffic on Monday."
    older = _story(1, "2025-03-01", sentence, [1, 0.1, 0])
    newer = _story(2, "2025-03-02", sentence, [1, 0.1, 0])
    digest = gather("bridge opening", TOPIC, [older, newer])
    assert [s.source for s in digest.sections] == [1]
    assert digest.sections[0].quotes[0].also_in == [2]
    assert [s.outlet for s in digest.sources] == ["Outlet 2", "Outlet 1"]


def test_close_sentences_giving_different_numbers_are_both_quoted():
    first = _story(1, "2025-03-01", "The bridge opened to traffic on 3 March after delays.", [1, 0.1, 0])
    second = _story(2, "2025-03-02", "The bridge opened to traffic on 4 March after delays.", [1, 0.12, 0])
    digest = gather("bridge opening", TOPIC, [first, second])
    assert len(digest.sections) == 2
    assert all(not q.also_in for s in digest.sections for q in s.quotes)


# where sources differ ----------------------------------------------------------------------------
def _write(folder: Path, outlet: str, published: str, title: str, *paragraphs: str) -> None:
    name = f"{title}-{outlet}-{published}".lower().replace(" ", "-")
    body = "\n\n".join(paragraphs)
    (folder / f"{name}.md").write_text(
        f'---\ntitle: "{title}"\noutlet: "{outlet}"\npublished: {published}\n---\n\n{body}\n',
        encoding="utf-8",
    )


REOPENED = (
    "The Kestrel Bridge over the Wend reopened to traffic on Saturday morning after two years of repairs."
)


def _ferry(folder: Path, name: str, outlet: str, published: str, passengers: int, aside: str) -> None:
    _write(
        folder,
        outlet,
        published,
        f"{name} Ferry makes its first crossing",
        f"The new {name} Ferry carried {passengers} passengers on its first crossing to Tern Island on "
        f"Monday, the operator said. {aside}",
    )


@pytest.fixture(scope="module")
def handmade_engine(tmp_path_factory):
    """Hand-written reports: two outlets on a bridge, and three ferries with two reports each."""
    from index.engine import Engine
    from index.settings import Settings

    news = tmp_path_factory.mktemp("handmade-news")
    _write(
        news, "Millbrook Standard", "2025-05-10", "Kestrel Bridge reopens after two years of repairs",
        f"{REOPENED} The repairs cost 40 million euros, the regional council said.",
        "The council said the reopened bridge carried 1,200 cyclists on its first morning, far more than "
        "the engineers had expected. Shops on both banks stayed open late to greet the crowds.",
        "Engineers replaced the steel cables of the bridge and rebuilt its eastern pier, which a barge "
        "struck in the spring of 2023.",
    )  # fmt: skip
    _write(
        news, "Wendside Post", "2025-05-11", "Cyclists and walkers flock to the repaired Kestrel Bridge",
        REOPENED,
        "According to the organisers, the reopened bridge carried 800 cyclists on its first morning, and "
        "a brass band played at its western end.",
        "Repairs to the bridge cost 40 million euros and were paid for by the regional council. A barge "
        "struck the eastern pier in the spring of 2023.",
    )  # fmt: skip
    crossing = "The crossing took forty minutes in calm weather."
    sold_out = "Tickets sold out an hour before it left the harbour."
    _ferry(news, "Larch", "Millbrook Standard", "2025-06-02", 300, crossing)
    _ferry(news, "Larch", "Millbrook Standard", "2025-06-03", 350, sold_out)  # the same outlet again
    _ferry(news, "Rowan", "Millbrook Standard", "2025-06-02", 300, crossing)
    _ferry(news, "Rowan", "Wendside Post", "2025-06-03", 350, sold_out)
    _ferry(news, "Alder", "Millbrook Standard", "2025-06-02", 300, crossing)
    _ferry(news, "Alder", "Wendside Post", "2025-06-12", 350, sold_out)  # ten days later
    engine = Engine(Settings(data_dir=tmp_path_factory.mktemp("handmade-index"), _env_file=None))
    assert not engine.ingest([news]).failed
    return engine


def _assert_quotes_are_verbatim_in_their_passages(engine, digest) -> None:
    quotes = [q for s in digest.sections for q in s.quotes] + [
        q for d in digest.differences for q in d.quotes
    ]
    passages = engine.store.passages_by_ids(q.passage_id for q in quotes)
    for quote in quotes:
        assert passages[quote.passage_id].text[quote.start : quote.end] == quote.text


def _assert_differences_pair_outlets(digest) -> None:
    for difference in digest.differences:
        outlets = [_outlet(digest, q.source) for q in difference.quotes]
        assert len(set(outlets)) == len(outlets) >= 2
        for said, quote in zip(difference.differ, difference.quotes, strict=True):
            assert said in quote.text


def test_two_outlets_giving_different_counts_are_shown_where_sources_differ(handmade_engine):
    digest = handmade_engine.digest("Kestrel Bridge reopening")
    [difference] = digest.differences
    assert {_outlet(digest, q.source) for q in difference.quotes} == {"Millbrook Standard", "Wendside Post"}
    assert sorted(difference.differ) == ["1,200", "800"]
    assert all("cyclists on its first morning" in q.text for q in difference.quotes)
    assert {q.source for q in difference.quotes} <= {s.n for s in digest.sources}
    _assert_quotes_are_verbatim_in_their_passages(handmade_engine, digest)


def test_what_both_outlets_say_alike_is_not_a_difference(handmade_engine):
    digest = handmade_engine.digest("Kestrel Bridge reopening")
    differing = " ".join(q.text for d in digest.differences for q in d.quotes)
    assert "reopened to traffic" not in differing  # the same sentence in both
    assert "40 million euros" not in differing  # the same cost, said differently
    assert "2023" not in differing
    quoted = [q for s in digest.sections for q in s.quotes if q.text == REOPENED]
    assert [len({q.source, *q.also_in}) for q in quoted] == [2]  # once, citing both


@pytest.mark.parametrize(
    ("ferry", "listed"),
    [("Rowan", True), ("Larch", False), ("Alder", False)],
    ids=["two outlets a day apart", "one outlet correcting itself", "two outlets ten days apart"],
)
def test_only_different_outlets_reporting_at_the_same_time_differ(handmade_engine, ferry, listed):
    digest = handmade_engine.digest(f"{ferry} Ferry first crossing")
    assert len(digest.sections) == 2
    assert [sorted(d.differ) for d in digest.differences] == ([["300", "350"]] if listed else [])


def test_the_summit_pages_differ_on_what_the_leaders_wore(shared_engine):
    digest = shared_engine.digest("K-pop drum diplomacy")
    assert len({_outlet(digest, s.source) for s in digest.sections}) >= 2
    assert {"jackets", "tracksuits"} in [{w.casefold() for w in d.differ} for d in digest.differences]
    _assert_differences_pair_outlets(digest)
    _assert_quotes_are_verbatim_in_their_passages(shared_engine, digest)


OAK_FIRE = ["rtqa-11a3d00e8319", "rtqa-e6075d166cb7", "rtqa-e2da7cefcad5", "rtqa-0ff14f40c3aa"]


def test_a_wildfire_reported_by_two_outlets_in_one_week(shared_eval, tmp_path):
    """Four RealTime QA articles on the Oak Fire near Yosemite, July 2022: USA Today and CNN."""
    import json
    from urllib.parse import urlparse

    from index.engine import Engine
    from index.eval.common import write_article
    from index.settings import Settings

    news = tmp_path / "news"
    news.mkdir()
    with (shared_eval / "qa" / "realtimeqa" / "articles.jsonl").open(encoding="utf-8") as lines:
        for article in map(json.loads, lines):
            if article["article_id"] in OAK_FIRE:
                day = article["publish_date"][:10].replace("/", "-")
                outlet = urlparse(article["url"]).hostname
                write_article(news, article["article_id"], article["text"], outlet=outlet, published=day)
    engine = Engine(Settings(data_dir=tmp_path / "data", _env_file=None))
    assert len(engine.ingest([news]).added) == len(OAK_FIRE)
    digest = engine.digest("the Oak Fire near Yosemite")
    assert len({_outlet(digest, s.source) for s in digest.sections}) >= 2
    _assert_sections_quote_their_own_article_in_order(digest)
    _assert_quotes_are_verbatim_in_their_passages(engine, digest)
    _assert_differences_pair_outlets(digest)
    published = {c.n: date.fromisoformat(c.published) for c in digest.sources}
    for difference in digest.differences:
        days = [published[q.source] for q in difference.quotes]
        assert (max(days) - min(days)).days <= MAX_DAYS_APART


# the rules for a difference, on single sentences -------------------------------------------------
def _conflicts(first: str, second: str) -> list[tuple[str, str]]:
    return conflicts(first, second, article_words([first]), article_words([second]))


@pytest.mark.parametrize(
    ("first", "second", "differ"),
    [
        ("The quake killed at least 1,000 people.", "The quake killed more than 1,150 people.",
         [("1,000", "1,150")]),
        ("Gas averaged $4.98 a gallon.", "Gas averaged $5.01 a gallon.", [("4.98", "5.01")]),
        ("Both leaders wore matching blue jackets as they drummed.",
         "The leaders wore matching blue tracksuits and drummed.", [("jackets", "tracksuits")]),
        ("She was sentenced to nine years in prison.", "She was sentenced to 9 years in prison.", []),
        ("Ford recalled 2.9 million vehicles.", "Ford recalled 2,900,000 vehicles.", []),
        ("Tampa won Game 7 in overtime.", "Tampa won Game 6 in overtime.", []),
        ("Police chief Pedro Arredondo was suspended.", "Police chief Pete Arredondo was suspended.", []),
        ("The storm killed 12 people in Roscoe.", "The flood stranded 68 people at a campground.", []),
    ],
    ids=["toll", "price", "garment", "nine is 9", "2.9 million", "game numbers", "names", "other counts"],
)  # fmt: skip
def test_figures_and_terms_differ_only_in_the_same_frame(first, second, differ):
    assert _conflicts(first, second) == differ
