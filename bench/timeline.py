"""A story's timeline over a large index: finding and telling it takes no model, only the store,
the vector cache and the served index.

    .venv/bin/python bench/timeline.py [--passages 100000] [--days 60] [--runs 5]

Fills a store as bench/briefing.py does (articles of ten passages of pool sentences with their
vectors, straight into SQLite), dated over the last ``--days`` days, and publishes it. Then a new
process, which never loads the model, times ``Engine.timeline("#id")`` for ``--runs`` articles
spread over the index (each: the article found, a search for its story, the story grouped and
told day by day with quotes) and, as baselines in the same process, ``Engine.summary("#id")`` of
the same articles (one article's highlights) and ``Engine.briefing("24h")``; medians, after one
warm-up of each. Target: a timeline in ≤ 2 s at 100,000 passages.
"""

import json
import statistics
import sys
import time
from pathlib import Path

from briefing import measured_in_new_process, options, timed
from common import table

from index.engine import Engine
from index.settings import Settings

TARGET_S = 2.0


def each(call, references: list[str]) -> tuple[float, list]:
    """The median seconds of ``call`` over ``references`` (after one warm-up), and what it made."""
    call(references[0])
    spent, made = [], []
    for reference in references:
        started = time.perf_counter()
        made.append(call(reference))
        spent.append(time.perf_counter() - started)
    return statistics.median(spent), made


def measure(data_dir: Path, runs: int) -> dict:
    """In a process without the model: timelines, summaries and the briefing, and whether torch loaded."""
    engine = Engine(Settings(data_dir=data_dir, _env_file=None))
    articles = engine.sources()
    references = [f"#{articles[n * len(articles) // runs].id}" for n in range(runs)]
    timeline_s, timelines = each(engine.timeline, references)
    summary_s, _ = each(engine.summary, references)
    briefing_s, briefing = timed(lambda: engine.briefing("24h"), runs)
    return {
        "timeline s": timeline_s,
        "days": statistics.median(len(t.days) for t in timelines),
        "events": statistics.median(sum(len(d.events) for d in t.days) for t in timelines),
        "summary s": summary_s,
        "briefing s": briefing_s,
        "stories": len(briefing.stories),
        "torch loaded": "torch" in sys.modules,
    }


def main() -> None:
    args = options(__doc__)
    if args.measure:
        print(json.dumps(measure(Path(args.measure), args.runs)))
        return
    result = measured_in_new_process(__file__, args, "timelines")
    made = f"median {result['days']:g} days, {result['events']:g} events"
    rows = [
        ["Engine.timeline('#id')", f"{result['timeline s']:.2f}", made],
        ["Engine.summary('#id') (baseline)", f"{result['summary s']:.2f}", "one article's highlights"],
        ["Engine.briefing('24h') (baseline)", f"{result['briefing s']:.2f}", _stories(result["stories"])],
    ]
    header = f"{args.passages:,} passages over {args.days} days, no model; median of {args.runs} articles"
    print(table([header, "seconds", "made"], rows))
    met = "meets" if result["timeline s"] <= TARGET_S else "misses"
    torch = f"torch loaded: {result['torch loaded']}"
    print(f"\ntimeline {result['timeline s']:.2f} s ({met} ≤ {TARGET_S:g} s); {torch}")


def _stories(count: int) -> str:
    return f"{count} {'story' if count == 1 else 'stories'}"


if __name__ == "__main__":
    main()
