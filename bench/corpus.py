"""Synthetic news for the benchmarks, recombined from the sentences of the repo's ``samples/news``.

Every sentence of the five sample articles (read and split by newsbot's own reader and sentence
splitter) is a template. A drawn sentence gets fresh numbers (years stay plausible years) and its
capitalised names swapped for invented ones, the same swap throughout one article; a paragraph is
two to four such sentences and is never repeated, so no two passages share a text (nor an
embedding-cache entry). Articles are Markdown with front matter, like the samples, with a heading
every four paragraphs. Seeded: the same arguments give the same corpus.
"""

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.read import clean_document, read_document
from index.text import sentence_spans

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "news"
HEADING_EVERY = 4

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"\b[^\W\d_]{3,}\b")
_CALENDAR = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)
_ONSETS = [
    "b",
    "br",
    "c",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "st",
    "t",
    "tr",
    "v",
    "z",
]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
_CODAS = ["", "", "n", "r", "l", "s", "th", "nd"]


@dataclass(frozen=True)
class Samples:
    sentences: list[str]
    headings: list[str]
    titles: list[str]
    outlets: list[str]


@dataclass
class Article:
    number: int
    title: str
    outlet: str
    published: str
    paragraphs: list[str]
    headings: list[str] = field(default_factory=list)  # one per HEADING_EVERY paragraphs

    @property
    def filename(self) -> str:
        return f"{self.number:06d}.md"

    def markdown(self) -> str:
        slug = re.sub(r"\W+", "", self.outlet.lower())
        lines = [
            "---",
            f"title: {json.dumps(self.title, ensure_ascii=False)}",
            f"outlet: {json.dumps(self.outlet, ensure_ascii=False)}",
            f"published: {self.published}",
            f"url: https://{slug}.example/news/{self.number:06d}",
            "---",
            "",
        ]
        for index, paragraph in enumerate(self.paragraphs):
            if index and index % HEADING_EVERY == 0:
                lines += [f"## {self.headings[index // HEADING_EVERY - 1]}", ""]
            lines += [paragraph, ""]
        return "\n".join(lines)

    def write(self, folder: Path) -> Path:
        path = folder / self.filename
        path.write_text(self.markdown(), encoding="utf-8")
        return path


def load_samples() -> Samples:
    """Sentences, headings, titles and outlets of ``samples/news``, as newsbot reads them."""
    docs = [clean_document(read_document(path)) for path in sorted(SAMPLES.glob("*.md"))]
    paragraphs = [b.text for d in docs for b in d.blocks if b.kind == "paragraph"]
    return Samples(
        sentences=[p[start:end] for p in paragraphs for start, end in sentence_spans(p)],
        headings=[b.text for d in docs for b in d.blocks if b.kind == "heading"],
        titles=[d.title for d in docs],
        outlets=sorted({d.outlet for d in docs if d.outlet}),
    )


def invent_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct made-up capitalised names of two or three syllables."""
    names: set[str] = set()
    while len(names) < count:
        syllables = rng.randint(2, 3)
        name = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
        names.add((name + rng.choice(_CODAS)).capitalize())
    return sorted(names)


def names_in(sentence: str) -> list[str]:
    """The capitalised words after a sentence's first word that ``Synth.vary`` treats as names."""
    return [m[0] for m in _WORD.finditer(sentence) if m.start() > 0 and _is_name(m[0])]


def _is_name(word: str) -> bool:
    return word[0].isupper() and word[1:].islower() and word not in _CALENDAR


class Synth:
    """Draws varied sentences, paragraphs and articles from the samples."""

    def __init__(self, seed: int = 0, bank_size: int = 3000) -> None:
        self.rng = random.Random(seed)
        self.samples = load_samples()
        self.bank = invent_names(self.rng, bank_size)
        self._seen: set[str] = set()

    def vary(self, text: str, names: dict[str, str]) -> str:
        """``text`` with new numbers and its names swapped through ``names`` (extended as needed)."""

        def swap(match: re.Match[str]) -> str:
            word = match[0]
            if match.start() == 0 or not _is_name(word):
                return word
            return names.setdefault(word, self.rng.choice(self.bank))

        return _NUMBER.sub(self._redraw, _WORD.sub(swap, text))

    def sentence(self, names: dict[str, str]) -> str:
        return self.vary(self.rng.choice(self.samples.sentences), names)

    def paragraph(self, draw: Callable[[], str]) -> str:
        """Two to four sentences from ``draw``, a text no earlier paragraph had."""
        while True:
            text = " ".join(draw() for _ in range(self.rng.randint(2, 4)))
            if text not in self._seen:
                self._seen.add(text)
                return text

    def article(self, number: int, paragraphs: int, draw: Callable[[dict[str, str]], str]) -> Article:
        """An article whose sentences come from ``draw(names)``, with one name swap for all of it."""
        names: dict[str, str] = {}
        return Article(
            number=number,
            title=self.vary(self.rng.choice(self.samples.titles), names),
            outlet=self.rng.choice(self.samples.outlets),
            published=self._date(),
            paragraphs=[self.paragraph(lambda: draw(names)) for _ in range(paragraphs)],
            headings=[
                self.vary(self.rng.choice(self.samples.headings), names)
                for _ in range((paragraphs - 1) // HEADING_EVERY)
            ],
        )

    def _date(self) -> str:
        return f"{self.rng.randint(2019, 2025)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    def _redraw(self, match: re.Match[str]) -> str:
        digits = match[0]
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(self.rng.randint(1990, 2030))
        out = [c if not c.isdigit() else str(self.rng.randint(0, 9)) for c in digits]
        if digits[0] != "0" and len(digits) > 1:
            out[0] = str(self.rng.randint(1, 9))
        return "".join(out)


def write_news(folder: Path, synth: Synth, articles: int, paragraphs: int) -> list[Article]:
    """``articles`` articles of ``paragraphs`` fresh paragraphs each, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    made = [synth.article(n, paragraphs, synth.sentence) for n in range(articles)]
    for article in made:
        article.write(folder)
    return made
