"""Our own questions (``samples/questions.jsonl``) asked of the sample news and the two real pages.

Each answerable question lists answer strings; an unanswerable one lists none and is meant to be
declined, many of them on the same stories as the answerable ones ("How much did the DART mission
cost?"). Prints, for the shipped answerer and the learned one (``index.answer.learned``): answered,
answer in the quotes, in their first 600 characters, median characters quoted, and declined.
Questions about ``../shared/news`` are skipped when it is absent.

    .venv/bin/python bench/own_questions.py
"""

import json
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from index import Answer, Engine, Settings
from index.answer import ANSWERABLE_AT, compose_learned, declined
from index.text import match_key

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "samples" / "questions.jsonl"
NEWS = {"samples": ROOT / "samples" / "news", "shared": ROOT.parent / "shared" / "news"}
FIRST = 600

Method = Callable[[Engine, str], Answer]


def shipped(engine: Engine, question: str) -> Answer:
    return engine.ask(question)


def learned(engine: Engine, question: str) -> Answer:
    reading, hits = engine.retrieve(question)
    if not hits:
        return declined(question)
    return compose_learned(question, reading.query, engine.evidence(hits, reading.text), ANSWERABLE_AT)


def holds(answer: Answer, answers: list[str], first: int | None = None) -> bool:
    text = match_key("\n".join(q.text for q in answer.quotes)[:first])
    return answer.answered and any(match_key(a) in text for a in answers)


def score(engine: Engine, questions: list[dict], method: Method) -> list[object]:
    answers = [(q, method(engine, q["question"])) for q in questions]
    good = [(q, a) for q, a in answers if q["answers"]]
    bad = [a for q, a in answers if not q["answers"]]
    quoted = [len("\n".join(x.text for x in a.quotes)) for _, a in good if a.answered]
    return [
        f"{sum(a.answered for _, a in good)}/{len(good)}",
        f"{sum(holds(a, q['answers']) for q, a in good)}/{len(good)}",
        f"{sum(holds(a, q['answers'], FIRST) for q, a in good)}/{len(good)}",
        statistics.median(quoted) if quoted else 0,
        f"{sum(not a.answered for a in bad)}/{len(bad)}",
    ]


def main() -> None:
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    present = {name for name, folder in NEWS.items() if folder.is_dir()}
    asked = [q for q in questions if q["news"] in present]
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine(Settings(data_dir=Path(folder), _env_file=None))
        engine.ingest([NEWS[name] for name in sorted(present)])
        rows = [
            [name, *score(engine, asked, method)]
            for name, method in (("shipped", shipped), ("learned", learned))
        ]
    headers = ["answerer", "answered", "answer in quotes", f"in first {FIRST}", "median chars", "declined"]
    print(f"{len(asked)} of our own questions ({', '.join(sorted(present))} news)")
    print(" | ".join(headers))
    for row in rows:
        print(" | ".join(str(cell) for cell in row))


if __name__ == "__main__":
    main()
