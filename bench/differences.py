"""Where sources differ: the cross-outlet pairs the rules of ``index.differences`` find, and how close.

Indexes the repo's sample news, ``../shared/news`` and the RealTime QA articles published in a
window (by default 2022-06-08 to 2022-09-05: 426 CNN and USA Today articles, about ten minutes to
embed on two cores) into ``--data`` (kept, so a second run embeds nothing) or a temporary folder.
Then, for each topic, it prints every pair the rules find from ``--close`` up, with its closeness,
the words where it differs, the articles' outlets and dates, and ``*`` on those the digest shows.
Judging which are real differences is left to the reader; the shipped ``CLOSE`` is marked.

    .venv/bin/python bench/conflicts.py [--data DIR] [--close 0.4] [TOPIC ...]
"""

import argparse
import json
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from index.answer import conflicts
from index.engine import Engine
from index.eval.common import write_article
from index.report import digests
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REALTIMEQA = SHARED / "eval" / "qa" / "realtimeqa" / "articles.jsonl"
TOPICS = [
    "K-pop drum diplomacy", "Notre-Dame reopening", "Yellowstone flooding", "Brittney Griner sentenced",
    "Liz Truss prime minister", "Afghanistan earthquake", "gas prices record", "monkeypox vaccine",
    "Boris Johnson resigns", "Sri Lanka president flees", "JetBlue Spirit Airlines deal",
    "Pelosi Taiwan visit", "Kansas abortion vote", "Alex Jones Sandy Hook trial", "Zawahiri drone strike",
    "Vin Scully dies", "Deshaun Watson suspension", "Mar-a-Lago search warrant", "Olivia Newton-John dies",
    "Artemis launch", "Liz Cheney primary", "student loan forgiveness", "House of the Dragon premiere",
    "Joey Chestnut hot dog contest", "Highland Park parade shooting", "Webb telescope images",
    "Biden Covid positive", "Europe heat wave", "baby formula shortage", "Yosemite wildfire",
    "Philippines earthquake", "Denver Broncos sale", "Ford recall", "Uvalde school shooting",
    "Stanley Cup Avalanche",
]  # fmt: skip


def write_news(folder: Path, since: str, until: str) -> list[Path]:
    """The sources to index: samples, ../shared/news, and the RealTime QA articles of the window."""
    sources = [ROOT / "samples" / "news"]
    if (SHARED / "news").is_dir():
        sources.append(SHARED / "news")
    if REALTIMEQA.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        with REALTIMEQA.open(encoding="utf-8") as lines:
            for line in lines:
                a = json.loads(line)
                day = (a.get("publish_date") or "")[:10].replace("/", "-")
                if since <= day <= until and (a.get("text") or "").strip():
                    outlet = urlparse(a.get("url") or "").hostname
                    title = a.get("title") or a["article_id"]
                    write_article(
                        folder,
                        a["article_id"],
                        a["text"],
                        title=title,
                        outlet=outlet,
                        url=a["url"],
                        published=day,
                    )
        sources.append(folder)
    return sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topics", nargs="*", default=TOPICS)
    parser.add_argument("--data", type=Path, help="data folder to build once and reuse")
    parser.add_argument("--close", type=float, default=0.40, help="lowest closeness listed")
    parser.add_argument("--since", default="2022-06-08")
    parser.add_argument("--until", default="2022-09-05")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or Path(scratch) / "data"
        engine = Engine(Settings(data_dir=data, _env_file=None))
        engine.ingest(write_news(data / "realtimeqa", args.since, args.until))
        found: list[conflicts.Pair] = []
        shipped_find = digests.find

        def listing(candidates, same, sources):
            found[:] = conflicts.pairs(candidates, same, args.close)
            return shipped_find(candidates, same, sources)

        digests.find = listing
        totals = {"listed": 0, "from CLOSE": 0}
        for topic in args.topics:
            shown = {(q.passage_id, q.start) for d in engine.digest(topic).differences for q in d.quotes}
            print(f"\n## {topic}: {len(found)} pairs")
            for pair in found:
                ends = [(c.sentence.passage.id, c.sentence.span[0]) for c in (pair.first, pair.second)]
                mark = "*" if all(end in shown for end in ends) else " "
                print(f"{mark} {pair.closeness:.3f} {pair.words[0]!r} / {pair.words[1]!r}")
                for c in (pair.first, pair.second):
                    print(f"      {c.outlet} {c.published or 'undated'}: {c.sentence.text[:200]}")
            totals["listed"] += len(found)
            totals["from CLOSE"] += sum(p.closeness >= conflicts.CLOSE for p in found)
            found.clear()
    listed, kept = totals["listed"], totals["from CLOSE"]
    print(f"\n{listed} pairs from {args.close}, {kept} from CLOSE = {conflicts.CLOSE}")


if __name__ == "__main__":
    main()
