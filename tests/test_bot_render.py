"""What the bot shows: escaped article text, cited quotes, and every message within Discord's limits."""

from datetime import date

from bot.render import embeds, layout
from bot.render.text import escape
from index.answer import ANSWERED, DECLINED, Answer, Citation, Quote
from index.errors import SourceError
from index.ingest import IngestReport
from index.report import Briefing, BriefStory, Difference, Digest, DigestSection
from index.report.digests import FOUND
from index.search import LAST_DAY, Period
from index.store import ArticleRow

HARBOUR = Citation(
    1, "Notre-Dame reopens", "Harbour Ledger", "2024-12-08", "https://ledger.example/nd", None, 1
)
NORTHWIND = Citation(2, "Bells ring again", "Northwind Daily", "2024-12-07", None, "/news/bells.md", 2)


def _answer(*quotes: Quote, sources=(HARBOUR, NORTHWIND)) -> Answer:
    return Answer("Who attended the reopening?", True, ANSWERED, [*quotes], [*sources])


def _texts(messages: list) -> str:
    return "\n".join(embed.description or "" for message in messages for embed in message)


def _assert_within_limits(messages: list) -> None:
    for message in messages:
        assert 1 <= len(message) <= layout.EMBEDS
        assert sum(len(embed) for embed in message) <= layout.MESSAGE_EMBEDS
        for embed in message:
            assert len(embed.description or "") <= layout.DESCRIPTION
            assert len(embed.title or "") <= layout.TITLE
            assert len(embed.fields) <= layout.FIELDS


def test_mentions_and_markdown_in_article_text_are_shown_literally():
    shown = escape("@everyone look: <@123456789012345678> and <@&42> said **this** in # news")
    assert "@everyone" not in shown
    assert "<@123456789012345678>" not in shown
    assert "<@&42>" not in shown
    assert "**" not in shown
    assert "\\*\\*this\\*\\*" in shown


def test_an_answer_quotes_each_sentence_with_its_citation_numbers_and_lists_the_sources():
    answer = _answer(
        Quote("The president and 50 heads of state attended.", 1, 10, 0, 45, also_in=[2]),
        Quote("Bells rang across Paris.", 2, 20, 0, 24),
    )
    [[embed]] = embeds.answer(answer)
    text = embed.description
    assert "> The president and 50 heads of state attended. [1][2]" in text
    assert "> Bells rang across Paris. [2]" in text
    assert "[Notre-Dame reopens](https://ledger.example/nd) · Harbour Ledger · 8 December 2024" in text
    assert "**Bells ring again** · Northwind Daily · 7 December 2024" in text
    assert embed.author.name == "Who attended the reopening?"
    assert "follow up" in embed.footer.text


def test_a_declined_question_gets_the_plain_message_and_no_quotes():
    declined = Answer("Who won in 2018?", False, DECLINED, [], [])
    [[embed]] = embeds.answer(declined)
    assert embed.description == DECLINED
    assert embed.author.name == "Who won in 2018?"


def test_a_long_answer_is_split_between_quotes_into_messages_within_discords_limits():
    sentence = "The choir sang while the crowd outside watched on large screens near the river. "
    quotes = [Quote(sentence * 12 + f"End {n}.", 1, n, 0, 10) for n in range(40)]
    messages = embeds.answer(_answer(*quotes))
    _assert_within_limits(messages)
    assert len(messages) > 1
    for embed in (embed for message in messages for embed in message):
        for line in (embed.description or "").splitlines():
            if line.startswith("> "):
                assert line.endswith(" [1]")  # each quote whole, in one embed
    assert all(f"End {n}. [1]" in _texts(messages) for n in range(40))


def test_a_quote_longer_than_an_embed_is_split_between_words():
    quote = Quote("word " * 2000, 1, 1, 0, 10)
    messages = embeds.answer(_answer(quote, sources=[HARBOUR]))
    _assert_within_limits(messages)
    assert _texts(messages).count("word") == 2000


def test_sources_are_listed_ten_to_a_page_in_the_order_given():
    articles = [
        ArticleRow(n, f"/news/{n}.md", "h", f"Story {n}", "Ledger", f"2024-12-{n:02d}", None, None, "", 3)
        for n in range(25, 0, -1)
    ]
    pages = embeds.sources(articles)
    assert len(pages) == 3
    assert pages[0].description.splitlines()[0].startswith("`#25` **Story 25**")
    assert pages[2].footer.text == "Page 3 of 3"
    assert sum(len(page.description.splitlines()) for page in pages) == 25


def test_an_empty_index_says_how_to_add_news():
    [page] = embeds.sources([])
    assert "/ingest" in page.description


def test_an_ingest_report_counts_and_gives_reasons_in_one_embed_however_many_failed():
    report = IngestReport(
        added=["/a.md"],
        unchanged=["/b.md"],
        failed=[SourceError(f"/news/broken-{n}.html", "no article text found") for n in range(200)],
    )
    embed = embeds.report("Reindex: done", report)
    assert "**1** added" in embed.description and "**200** failed" in embed.description
    assert "broken-0.html: no article text found" in embed.description
    assert "…and 192 more" in embed.description
    assert len(embed) <= layout.MESSAGE_EMBEDS and len(embed.description) <= layout.DESCRIPTION


def test_an_ingest_report_says_how_many_were_copies_or_too_old_to_keep():
    report = IngestReport(unchanged=["/copy.md"], duplicates={"/copy.md": "/a.md"}, expired=["/old.md"])
    description = embeds.report("Ingest: done", report).description
    assert "1 were copies of indexed articles, kept once." in description
    assert "1 were older than the retention period and not kept." in description


def test_progress_shows_the_stage_and_counts():
    embed = embeds.progress("Reindex…", "embed", 30, 120)
    assert "Embedding passages" in embed.description and "30/120" in embed.description


def test_a_publish_waiting_for_another_process_says_whose_without_a_bar():
    embed = embeds.progress("Reindex…", "waiting for newsbot box_2:4242's publish", 0, 0)
    assert embed.description == "waiting for newsbot box\\_2:4242's publish"


def test_a_digest_shows_where_sources_differ_after_the_sections_within_discords_limits():
    sentence = "The river festival drew {n} visitors on its busiest day, the organisers said. "
    figures = [f"{1000 + 250 * n:,}" for n in range(4)]
    quotes = [Quote(sentence.format(n=f) * 8, n, n, 0, 10) for n, f in enumerate(figures, 1)]
    sources = [
        Citation(
            n, f"Festival report {n}", f"Outlet {n} **bold** @everyone", "2025-03-01", None, f"/{n}.md", n
        )
        for n in range(1, 5)
    ]
    sections = [DigestSection(n, [quotes[n - 1]] * 3) for n in range(1, 5)]
    differences = [Difference(quotes, figures)] * 3
    messages = embeds.digest(Digest("the river festival", True, FOUND, sections, sources, differences))
    _assert_within_limits(messages)
    text = _texts(messages)
    assert text.index("**Outlet 4") < text.index("**Where sources differ**") < text.index("**Sources**")
    assert "1,000 [1] · 1,250 [2] · 1,500 [3] · 1,750 [4]" in text
    assert "@everyone" not in text and "\\*\\*bold\\*\\*" in text
    differing = text.split("**Where sources differ**")[1].split("**Sources**")[0]
    assert all(differing.count(f"{figure} visitors") >= 3 * 8 for figure in figures)


def test_marked_answering_words_lead_the_answer_and_are_bold_in_their_quote():
    text = "BTS played “Dynamite” and *Golden* for the two leaders."
    quote = Quote(text, 1, 7, 0, len(text), marks=[(12, 20), (26, 34)])
    described = _texts(embeds.answer(_answer(quote, sources=(HARBOUR,))))
    assert described.startswith("**Answer:** Dynamite · \\*Golden\\*")
    assert "“**Dynamite**” and **\\*Golden\\***" in described


def test_a_briefing_is_one_message_within_discords_limits_leaving_out_stories_that_do_not_fit():
    sentence = "The harbour board said fares on the Varn crossing would rise again next spring. "
    stories = [
        BriefStory(
            f"Story {n}: <@everyone> fares rise",
            2,
            "2025-02-03",
            "2025-02-04",
            [Quote(sentence * 4 + f"End {n}.", 1, n, 0, 10, also_in=[2]) for _ in range(3)],
            [],
            [HARBOUR, NORTHWIND],
        )
        for n in range(1, 9)
    ]
    [message] = embeds.briefing(Briefing(LAST_DAY, stories))
    _assert_within_limits([message])
    text = _texts([message])
    assert "**1. Story 1: " in text and "2 independent reports · 2025-02-03 to 2025-02-04" in text
    assert "**8. Story 8" not in text  # eight such stories would not fit one message
    assert "<@everyone>" not in text  # escaped, as in answers


def test_a_briefed_storys_undated_report_is_shown_as_undated():
    undated = Citation(2, "Bells ring again", "Northwind Daily", None, None, "/news/bells.md", 2)
    story = BriefStory(
        "Notre-Dame reopens", 2, "2024-12-08", "2024-12-08", [Quote("The bells rang.", 1, 1, 0, 15)], [],
        [HARBOUR, undated], undated=1,
    )  # fmt: skip
    text = _texts(embeds.briefing(Briefing(LAST_DAY, [story])))
    assert "2 independent reports · 2024-12-08 · 1 undated" in text
    assert "Bells ring again" in text and "undated" in text.split("Bells ring again", 1)[1]


def test_a_briefing_with_nothing_new_says_since_when():
    [[embed]] = embeds.briefing(Briefing(Period(start=date(2025, 2, 1)), []))
    assert embed.title == "Briefing: the top stories since 1 February 2025"
    assert embed.description == "Nothing new since 1 February 2025."
    [[embed]] = embeds.briefing(Briefing(LAST_DAY, []))
    assert embed.title == "Briefing: the top stories of the last 24 hours"
    assert embed.description == "Nothing new in the last 24 hours."
