"""Duplicates: one story reached twice is one article, cited once; an updated page replaces its text.

Pages are fetched from a local server on 127.0.0.1 exactly as ``newsbot ingest URL`` and feed polls
fetch them; files are ingested as ``newsbot ingest PATH`` does. The articles are written here.
"""

import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from quiet_http import QuietHandler

from index.embed import Embedder
from index.engine import Engine
from index.read.identity import url_key
from index.settings import DEFAULT_MODEL, Settings

OUTLET = "Tidewater Bulletin"
CRANE_TITLE = "Harbour gets a new crane"
CRANE = [
    "The harbour of Port Alwen took delivery of a new dockside crane on Wednesday.",
    "The crane can lift 40 tonnes and was shipped in pieces from a yard in Rotterdam.",
    "The old crane will be sold to the railway museum in Kettering.",
]
CRANE_UPDATED = [
    "The harbour of Port Alwen took delivery of a new dockside crane on Wednesday.",
    "The crane can lift 55 tonnes and was shipped in pieces from a yard in Rotterdam.",
    "Dock workers will be trained to operate it over the next six weeks.",
    "Its first job will be unloading timber for the new sawmill on the north quay.",
]
LIFT_QUESTION = "How many tonnes can the new Port Alwen crane lift?"
MUSEUM_QUESTION = "Where will the old Port Alwen crane be sold?"
TRAINING_QUESTION = "How long will dock workers be trained to operate the Port Alwen crane?"

CHOIR_TITLE = "Village choir wins regional contest"
CHOIR = [
    "The Brackenford village choir won the regional choral contest in Selby on Saturday.",
    "Its thirty-two singers performed a programme of sea shanties arranged by their conductor.",
]
CHOIR_QUESTION = "Which choir won the regional choral contest in Selby?"


def page(title: str, paragraphs: list[str], canonical: str | None = None, outlet: str = OUTLET) -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title><meta property='og:site_name' content='{outlet}'>{link}"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def markdown(title: str, paragraphs: list[str], published: str, outlet: str = OUTLET) -> str:
    front = f'---\ntitle: "{title}"\noutlet: "{outlet}"\npublished: {published}\n---\n\n'
    return front + "\n\n".join(paragraphs) + "\n"


# a local site: each path serves its page whatever the query string -------------------------------
class Site:
    def __init__(self, base: str) -> None:
        self.base = base
        self.pages: dict[str, bytes] = {}

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site() -> Iterator[Site]:
    class Handler(QuietHandler):
        def do_GET(self) -> None:
            body = site.pages.get(urlsplit(self.path).path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    site = Site(f"http://127.0.0.1:{httpd.server_address[1]}")
    threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()
    yield site
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def model():
    """The real model, loaded once for this module's engines."""
    return Embedder(DEFAULT_MODEL).model


@pytest.fixture
def make_engine(tmp_path, model, backend) -> Callable[[], Engine]:
    """Engines over one data folder, on each backend (``backend`` sets NEWSBOT_DATABASE_URL)."""

    def make() -> Engine:
        settings = Settings(
            data_dir=tmp_path / "data", fetch_allow_hosts=["127.0.0.1"], feed_host_delay=0.0, _env_file=None
        )
        engine = Engine(settings)
        engine.embedder._model = model
        return engine

    return make


def quoted(answer) -> str:
    return " | ".join(quote.text for quote in answer.quotes)


# URLs ---------------------------------------------------------------------------------------------
def test_the_url_key_drops_tracking_parameters_and_keeps_the_rest():
    story = "https://www.bulletin.example/news/crane"
    assert url_key(f"{story}?utm_source=feed&utm_medium=rss") == "bulletin.example/news/crane"
    assert url_key(f"{story}/?fbclid=IwAR0x&gclid=abc&mc_cid=1&mc_eid=2&ref=homepage#comments") == (
        "bulletin.example/news/crane"
    )
    assert url_key("http://BULLETIN.example:80/news/crane") == "bulletin.example/news/crane"
    # parameters that name a page stay, sorted; only the listed trackers go
    assert url_key(f"{story}?page=2&id=7&utm_campaign=x") == "bulletin.example/news/crane?id=7&page=2"
    assert url_key("https://scores.example/boxscore?game=401") != url_key(
        "https://scores.example/boxscore?game=402"
    )


def test_two_urls_differing_only_by_tracking_parameters_are_one_article(make_engine, site):
    engine = make_engine()
    site.pages["/news/crane.html"] = page(CRANE_TITLE, CRANE)
    story = site.url("/news/crane.html")
    # two feeds link the story with their own tracking parameters, in one poll and in later ones
    first = engine.ingest_urls([f"{story}?utm_source=rss&utm_medium=feed", f"{story}?fbclid=IwAR0abc"])
    assert len(first.added) == 1 and not first.failed
    assert len(first.duplicates) == 1 and first.unchanged == list(first.duplicates)
    again = engine.ingest_urls([f"{story}?utm_source=newsletter&mc_cid=77", story])
    assert not again.added and not again.updated and len(again.unchanged) == 2
    assert again.embedded == 0

    assert [a.title for a in engine.sources()] == [CRANE_TITLE]
    answer = engine.ask(LIFT_QUESTION)
    assert "40 tonnes" in quoted(answer)
    assert len(answer.sources) == 1


def test_a_page_whose_canonical_url_is_an_indexed_page_is_that_article(make_engine, site):
    engine = make_engine()
    story = site.url("/news/crane.html")
    site.pages["/news/crane.html"] = page(CRANE_TITLE, CRANE, canonical=story)
    engine.ingest_urls([story])
    # the same story at another address (an AMP or mobile copy), which names the first as canonical
    site.pages["/amp/crane.html"] = page(CRANE_TITLE, CRANE, canonical=story)
    copy = engine.ingest_urls([site.url("/amp/crane.html")])
    assert not copy.added and len(copy.unchanged) == 1 and copy.embedded == 0
    # later the copy carries a correction: it is the same article, now with the new text
    site.pages["/amp/crane.html"] = page(CRANE_TITLE, CRANE_UPDATED, canonical="/news/crane.html")
    corrected = engine.ingest_urls([site.url("/amp/crane.html")])
    assert len(corrected.updated) == 1 and not corrected.added and not corrected.removed

    [article] = engine.sources()
    assert article.url == story and article.passages == len(CRANE_UPDATED)
    answer = engine.ask(LIFT_QUESTION)
    assert "55 tonnes" in quoted(answer) and "40 tonnes" not in quoted(answer)
    assert [s.url for s in answer.sources] == [story]


def test_the_same_text_under_two_files_or_urls_is_one_article_cited_once(make_engine, site, tmp_path):
    engine = make_engine()
    news = tmp_path / "news"
    news.mkdir()
    (news / "choir.md").write_text(markdown(CHOIR_TITLE, CHOIR, "2025-05-10"), encoding="utf-8")
    first = engine.ingest([news / "choir.md"])
    assert first.embedded == len(CHOIR)

    # re-published three days later under another name, with typographic quotes and other spacing
    republished = [CHOIR[0], CHOIR[1].replace("thirty-two", "thirty\u2011two").replace(" a ", "  a ")]
    (news / "choir-again.md").write_text(markdown(CHOIR_TITLE, republished, "2025-05-13"), encoding="utf-8")
    # and at two other web addresses of the outlet, neither naming a canonical URL
    site.pages["/arts/choir.html"] = page(CHOIR_TITLE, CHOIR)
    site.pages["/2025/05/13/choir-wins.html"] = page(CHOIR_TITLE, CHOIR)
    by_file = engine.ingest([news])
    by_url = engine.ingest_urls([site.url("/arts/choir.html"), site.url("/2025/05/13/choir-wins.html")])

    for report in (by_file, by_url):
        assert not report.added and not report.updated and report.embedded == 0
    original = str((news / "choir.md").resolve())
    assert set(by_file.duplicates.values()) == set(by_url.duplicates.values()) == {original}
    [article] = engine.sources()
    assert (article.path, article.published) == (original, "2025-05-10")  # the first copy stays

    answer = engine.ask(CHOIR_QUESTION)
    assert "Brackenford village choir" in quoted(answer)
    assert len(answer.sources) == 1 and all(not q.also_in for q in answer.quotes)

    # another outlet carrying the same agency text is its own article: quoted once, cited twice
    (news / "choir-wire.md").write_text(
        markdown(CHOIR_TITLE, CHOIR, "2025-05-10", outlet="Northgate Wire"), encoding="utf-8"
    )
    assert engine.ingest([news / "choir-wire.md"]).embedded == 0
    assert len(engine.sources()) == 2
    assert any(q.also_in for q in engine.ask(CHOIR_QUESTION).quotes)


def test_of_copies_ingested_together_the_earliest_published_is_kept(make_engine, tmp_path):
    engine = make_engine()
    news = tmp_path / "news"
    news.mkdir()
    (news / "a-late-copy.md").write_text(markdown(CHOIR_TITLE, CHOIR, "2025-05-20"), encoding="utf-8")
    (news / "b-first-report.md").write_text(markdown(CHOIR_TITLE, CHOIR, "2025-05-10"), encoding="utf-8")
    report = engine.ingest([news])
    assert report.added == [str((news / "b-first-report.md").resolve())]
    assert report.embedded == len(CHOIR)
    [article] = engine.sources()
    assert article.published == "2025-05-10"


def test_an_updated_page_replaces_its_passages_and_old_facts_are_never_quoted(make_engine, site):
    engine = make_engine()
    story = site.url("/news/crane.html")
    site.pages["/news/crane.html"] = page(CRANE_TITLE, CRANE)
    engine.ingest_urls([story])
    assert "40 tonnes" in quoted(engine.ask(LIFT_QUESTION))
    assert "railway museum in Kettering" in quoted(engine.ask(MUSEUM_QUESTION))

    site.pages["/news/crane.html"] = page(CRANE_TITLE, CRANE_UPDATED)
    report = engine.ingest_urls([story])
    assert len(report.updated) == 1 and not report.added
    assert report.embedded == 3  # the first paragraph is unchanged and cached

    [article] = engine.sources()
    assert article.passages == len(CRANE_UPDATED)
    lift = engine.ask(LIFT_QUESTION)
    assert "55 tonnes" in quoted(lift) and "40 tonnes" not in quoted(lift)
    assert "six weeks" in quoted(engine.ask(TRAINING_QUESTION))
    museum = engine.ask(MUSEUM_QUESTION)  # only in the old text: declined, or answered from the new
    assert "museum" not in quoted(museum) and "Kettering" not in quoted(museum)
    stored = " ".join(p.text for p in engine.store.article_passages(article.id))
    assert "Kettering" not in stored and "40 tonnes" not in stored


def test_a_store_made_before_fingerprints_gets_them_and_then_dedupes(make_engine, tmp_path):
    engine = make_engine()
    news = tmp_path / "news"
    news.mkdir()
    (news / "choir.md").write_text(markdown(CHOIR_TITLE, CHOIR, "2025-05-10"), encoding="utf-8")
    engine.ingest([news])
    with engine.store.write() as tx:  # as an older newsbot left it: no identity, no fingerprint
        tx.execute("DROP INDEX articles_identity")
        tx.execute("DROP INDEX articles_fingerprint")
        tx.execute("ALTER TABLE articles DROP COLUMN identity")
        tx.execute("ALTER TABLE articles DROP COLUMN fingerprint")
        tx.execute("DROP TABLE schema_versions")
    engine = make_engine()
    (news / "choir-copy.md").write_text(markdown(CHOIR_TITLE, CHOIR, "2025-05-11"), encoding="utf-8")
    report = engine.ingest([news])
    assert not report.added and report.embedded == 0
    assert len(engine.sources()) == 1
