"""How new each day of a timeline is, over the stories of RealTime QA's silver articles that span
several days (``newsbot eval timeline ../shared/eval/qa/realtimeqa_silver``).

The silver set's positive articles (both halves: no threshold is chosen here) are grouped into
stories as ``stories`` and ``briefing`` group them; each story reported on at least two days gets
its timeline, and, as the baseline in the same run, a timeline of each day's lead sentence (the
first sentence long enough to quote of the day's article closest to the story). An event repeats
an earlier day when it makes the same statement as a sentence of any of the earlier days'
articles (``digests.same_statement``, the test the timeline itself applies, but against every
article of those days, not only those it reads), or, judged by words alone, when one earlier
sentence holds at least ``WORDS_SHARED`` of its distinct terms. Target: at most 10 % of events
repeat an earlier day.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..answer.quotes import Evidence
from ..ingest import Progress
from ..report.digests import Statement, story_statements
from ..report.stories import Story, group, read_reports
from ..report.timeline import by_day, compose_timeline, repeats
from ..search import terms
from ..settings import Settings
from ..store import ArticleRow
from . import realtimeqa
from .common import Table, read_jsonl, scratch_engine, share

WORDS_SHARED = 0.6
METHODS = ("timeline (shipped)", "each day's lead sentence (baseline)")
EvidenceOf = Callable[[ArticleRow], Evidence]


@dataclass
class Counts:
    """What one method's timelines gave: per event, whether it repeats; per day, its events."""

    same_statement: list[bool]
    same_words: list[bool]
    events_per_day: list[int]

    def row(self, method: str) -> list[object]:
        return [
            method,
            len(self.same_statement),
            share(self.same_statement),
            share(self.same_words),
            share(n > 0 for n in self.events_per_day),
            float(np.mean(self.events_per_day)) if self.events_per_day else 0.0,
        ]


def run(dataset: Path, settings: Settings, limit: int | None, progress: Progress) -> list[Table]:
    questions = [q for h in ("train", "test") for q in realtimeqa.read_questions(dataset, None, h)]
    wanted = {a for q in questions for a in realtimeqa.positives(q)}
    source = realtimeqa.questions_file(dataset)
    records = [a for a in read_jsonl(source.parent / "articles.jsonl") if a["article_id"] in wanted]
    counts = {method: Counts([], [], []) for method in METHODS}
    with scratch_engine(settings, f"qa-{source.parent.name}") as engine:
        paths = realtimeqa.write_articles(engine.settings.data_dir / "articles", records)
        engine.ingest(paths.values(), progress)
        reports = read_reports(engine.store, engine.embedder.model_name, engine.sources())
        stories = [s for s in group(reports) if len({r.day for r in s.reports if r.day is not None}) > 1]
        stories = stories[:limit]
        for story in stories:
            said = _said_by_day(story, engine.story)
            shipped = compose_timeline(story, engine.story)
            _count(counts[METHODS[0]], said, [[q.text for q in day.events] for day in shipped.days])
            _count(counts[METHODS[1]], said, _leads(story, engine.story))
    days = sum(len(by_day(s.reports)) for s in stories)
    return [
        Table(
            "Timelines: events that repeat an earlier day, and days with an event",
            [
                "method",
                "events",
                "repeat: same statement",
                "repeat: same words",
                "days with an event",
                "events a day",
            ],
            [counts[method].row(method) for method in METHODS],
            [
                f"{len(stories)} stories reported on two days or more, {days} days, from {len(records)} "
                f"silver articles; same words: one earlier sentence holds {WORDS_SHARED:.0%} of an "
                "event's distinct terms. Target: at most 10 % of events repeat an earlier day."
            ],
        )
    ]


def _said_by_day(story: Story, evidence_of: EvidenceOf) -> list[list[Statement]]:
    """Every sentence of every article of each of the story's days, in the timeline's day order."""
    centroid = story.centroid
    return [
        [s for r in reports for s in story_statements(evidence_of(r.article), centroid)]
        for _, reports in by_day(story.reports)
    ]


def _leads(story: Story, evidence_of: EvidenceOf) -> list[list[str]]:
    """The baseline: each day's lead, the first sentence of its article closest to the story."""
    leads = []
    for _, reports in by_day(story.reports):
        [best] = story.representatives(1, reports)
        found = story_statements(evidence_of(best.article), story.centroid)
        leads.append([found[0].text] if found else [])
    return leads


def _count(counts: Counts, said: list[list[Statement]], events: list[list[str]]) -> None:
    """Count each day's ``events`` (texts) against the sentences of the days before it."""
    for n, day_events in enumerate(events):
        earlier = [s for day in said[:n] for s in day]
        mine = [s for s in said[n] if s.text in day_events]
        counts.same_statement += repeats(list({s.text: s for s in mine}.values()), earlier)
        words = [set(terms(s.text)) for s in earlier]
        for event in day_events:
            own = set(terms(event))
            shared = any(len(own & w) >= WORDS_SHARED * len(own) for w in words)
            counts.same_words.append(bool(own) and shared)
        counts.events_per_day.append(len(day_events))
