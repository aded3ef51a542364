"""Where to put the decline threshold: best-sentence scores of answerable vs unanswerable questions.

Indexes the repo's sample news (and ``../shared/news`` when present) in a temporary folder, asks
questions the news answers and questions it cannot, and prints for each candidate threshold how
many of each side it gets right. The shipped threshold is ``index.DECLINE_BELOW``.

    .venv/bin/python bench/decline.py
"""

import tempfile
from pathlib import Path

from index import Engine, Settings
from index.answer import DECLINE_BELOW, score_sentences, unmatched_terms

ROOT = Path(__file__).resolve().parents[1]
SHARED_NEWS = ROOT.parent / "shared" / "news"

ANSWERABLE = [
    "When did Notre-Dame reopen?",
    "How much did the restoration cost?",
    "How tall is the new spire?",
    "How many craftspeople worked on Notre-Dame?",
    "Who attended the reopening of the cathedral?",
    "How fast did DART hit the asteroid?",
    "How much did DART shorten the orbit?",
    "Where did the eclipse first reach land?",
    "How long was the longest totality?",
    "When is the next total eclipse in the US?",
    "Who won the World Cup final?",
    "Who scored a hat-trick?",
]
ANSWERABLE_SHARED = [
    "What gifts were exchanged?",
    "Which songs did they play?",
    "What did the leaders wear?",
    "What did Lee say about the drums?",
    "Which company made the drum kit?",
    "Where was the summit held?",
    "What topics did the leaders discuss?",
    "Who is Japan's prime minister?",
]
UNANSWERABLE = [
    "Who won the 2024 Olympic men's 100 metres?",
    "What is the capital of France?",
    "What is the price of bitcoin today?",
    "Who won the US presidential election in 2020?",
    "How many people live in Tokyo?",
    "What did the Pope say at Easter?",
    "When will SpaceX land on Mars?",
    "What is the inflation rate in Germany?",
    "Who is the CEO of Apple?",
    "How did the stock market do this week?",
    "What caused the wildfires in California?",
    "Who won the Nobel Prize in literature?",
    "What is the weather in Paris tomorrow?",
    "Which team won the Super Bowl?",
    "How many goals did Ronaldo score last season?",
    "What gifts did Biden give Macron?",
    "What songs did Taylor Swift play in Tokyo?",
    "How much did the Eiffel Tower renovation cost?",
    "Who designed the new Tokyo stadium?",
    "What did the French president say about Notre-Dame's fire in 1831?",
]


def best_score(engine: Engine, question: str) -> float | None:
    """The top sentence score ``compose`` sees, or None when the named-term check declines."""
    reading, hits = engine.retrieve(question)
    evidence = engine.evidence(hits)
    if unmatched_terms(question, evidence):
        return None
    scores = score_sentences(question, reading.query, evidence)
    return max((float(s.max()) for s in scores.values() if len(s)), default=None)


def main() -> None:
    sources = [ROOT / "samples" / "news"]
    answerable = list(ANSWERABLE)
    if SHARED_NEWS.is_dir():
        sources.append(SHARED_NEWS)
        answerable += ANSWERABLE_SHARED
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine(Settings(data_dir=Path(folder), _env_file=None))
        engine.ingest(sources)
        good = [best_score(engine, q) for q in answerable]
        bad = [best_score(engine, q) for q in UNANSWERABLE]
    named = sum(s is None for s in bad)
    print(f"{len(answerable)} answerable, {len(UNANSWERABLE)} unanswerable questions")
    print(f"{named} unanswerable ones declined by the named-term check, whatever the threshold")
    print(f"{'threshold':>9}  {'answered':>10}  {'declined':>10}")
    for threshold in sorted({t / 100 for t in range(30, 61, 3)} | {DECLINE_BELOW}):
        answered = sum(s is not None and s >= threshold for s in good)
        declined = sum(s is None or s < threshold for s in bad)
        mark = "  <- shipped" if threshold == DECLINE_BELOW else ""
        print(f"{threshold:>9.3f}  {answered:>4}/{len(good):<5}  {declined:>4}/{len(bad):<5}{mark}")


if __name__ == "__main__":
    main()
