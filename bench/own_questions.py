"""Our own questions (``samples/questions.jsonl``) asked of the sample news and the two real pages.

Each answerable question lists answer strings; an unanswerable one lists none and is meant to be
declined, many of them on the same stories as the answerable ones ("How much did the DART mission
cost?"). The first 50 are full questions; the 30 marked ``"style": "short"`` are typed as people
type in Discord ("how fast did dart hit"). Prints, for each group, the shipped answers (the
reader's) beside those of the sentence answerers it replaced and the top-passages baseline (the
first 600 characters of the top three passages retrieved, which never declines): answered, answer
in the quotes, in their first 600 characters, median characters quoted, answers marked and marks
holding the answer, and declined. Questions about ``../shared/news`` are skipped when it is
absent. Nothing is tuned on these questions.

    .venv/bin/python bench/own_questions.py
"""

import json
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from index import Answer, Engine, Settings
from index.answer import declined
from index.engine import PASSAGES_READ, VERSIONS_READ
from index.eval.baseline import compose
from index.eval.realtimeqa import agrees
from index.text import match_key

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "samples" / "questions.jsonl"
NEWS = {"samples": ROOT / "samples" / "news", "shared": ROOT.parent / "shared" / "news"}
FIRST = 600
TOP_PASSAGES = 3


def holds(text: str, answers: list[str]) -> bool:
    return any(match_key(a) in match_key(text) for a in answers)


def wanted(question: dict) -> set[str]:
    """A question's answer strings as ``agrees`` compares them."""
    return {match_key(a) for a in question["answers"]}


def quoted(answer: Answer) -> str:
    return "\n".join(q.text for q in answer.quotes)


def top_passages(engine: Engine, question: str) -> str:
    """The baseline: the first ``FIRST`` characters of the top passages, in rank order."""
    _, hits = engine.retrieve(question)
    evidence = engine.evidence(hits[:TOP_PASSAGES])
    return "\n".join(p.text for p in evidence.passages)[:FIRST]


def sentence_answerers(engine: Engine) -> Callable[[str], Answer]:
    """How the sentence answerers would answer over ``engine``'s index, retrieving as it does."""

    def ask(question: str) -> Answer:
        reading, hits = engine.retrieve(question, (), VERSIONS_READ)
        if not hits:
            return declined(question)
        wider = engine.evidence(hits, reading.text)
        return compose(question, reading.query, wider.first(PASSAGES_READ), wider=wider)

    return ask


def answered(name: str, ask: Callable[[str], Answer], questions: list[dict]) -> list[object]:
    """``name``'s row: the answers ``ask`` gives to ``questions``."""
    good = [q for q in questions if q["answers"]]
    bad = [q for q in questions if not q["answers"]]
    answers = {q["question"]: ask(q["question"]) for q in questions}
    shown = [answers[q["question"]] for q in good if answers[q["question"]].answered]
    marked = [(a, q) for q in good if (a := answers[q["question"]]).answered and a.marked]
    return [
        name,
        f"{len(shown)}/{len(good)}",
        f"{sum(holds(quoted(answers[q['question']]), q['answers']) for q in good)}/{len(good)}",
        f"{sum(holds(quoted(answers[q['question']])[:FIRST], q['answers']) for q in good)}/{len(good)}",
        statistics.median([len(quoted(a)) for a in shown] or [0]),
        f"{len(marked)}/{len(shown)}",
        f"{sum(any(agrees(m, wanted(q)) for m in a.marked) for a, q in marked)}/{len(marked)}",
        f"{sum(not answers[q['question']].answered for q in bad)}/{len(bad)}",
    ]


def baseline(engine: Engine, questions: list[dict]) -> list[object]:
    good = [q for q in questions if q["answers"]]
    texts = [top_passages(engine, q["question"]) for q in good]
    held = sum(holds(text, q["answers"]) for q, text in zip(good, texts, strict=True))
    bad = len(questions) - len(good)
    row: list[object] = [f"top {TOP_PASSAGES} passages", f"{len(good)}/{len(good)}", "-"]
    return [*row, f"{held}/{len(good)}", FIRST, "-", "-", f"0/{bad}"]


def main() -> None:
    questions = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    present = {name for name, folder in NEWS.items() if folder.is_dir()}
    asked = [q for q in questions if q["news"] in present]
    groups = {
        "full questions": [q for q in asked if q.get("style") != "short"],
        "short questions": [q for q in asked if q.get("style") == "short"],
    }
    headers = ["", "answered", "in quotes", f"in first {FIRST}", "median chars", "marked", "marks hold it"]
    headers.append("declined")
    with tempfile.TemporaryDirectory() as folder:
        engine = Engine(Settings(data_dir=Path(folder), _env_file=None))
        engine.ingest([NEWS[name] for name in sorted(present)])
        for name, group in groups.items():
            print(f"\n{len(group)} {name} of our own ({', '.join(sorted(present))} news)")
            print(" | ".join(headers))
            rows = [
                answered("shipped (the reader)", engine.ask, group),
                answered("sentence answerers", sentence_answerers(engine), group),
            ]
            for row in [*rows, baseline(engine, group)]:
                print(" | ".join(str(cell) for cell in row))


if __name__ == "__main__":
    main()
