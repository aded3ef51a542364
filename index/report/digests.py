"""Digests: what every outlet says on a topic, outlet by outlet, a statement they share shown once.

Retrieval takes a larger pool of passages than an answer does, and each article they come from is
read whole. An article is on the topic as an answer is answered: it must hold every number and
name the topic names, and its best sentence must score at least ``DECLINE_BELOW`` (cosine to the
topic plus the bonus for the topic's words). With no article on the topic the digest is empty and
says so.

Each article gives up to ``PER_ARTICLE`` sentences, chosen by maximal marginal relevance over
their score for the topic plus their centrality in the article (cosine to the mean of its
sentence vectors), so a section states the article's main points on the topic, not an aside.
Only sentences that would pass as an answer compete (score at least ``DECLINE_BELOW``). The
redundancy weight is higher than in summaries: at 0.3 a section quoted "the third meeting since
Takaichi became prime minister" in two wordings.

Sections run newest article first, as ``newsbot sources`` lists them: a digest of a developing
story leads with the latest reporting. A statement an earlier section already quoted is not
quoted again; that quote cites both (``Quote.also_in``), and an article whose every statement was
made before has no section, only its number in ``also_in``. Two sentences make the same statement
when their words match (``match_key``), or when their vectors have a cosine of at least
``SAME_STATEMENT`` and they give the same numbers. Between the two outlets on the Nara summit and
the two on Notre-Dame, paraphrases of one fact (the songs played, the drum duet in Nara) score
0.81-0.85; from 0.78 down, pairs only overlap or state different facts (the reopening on Saturday
and the first Mass on Sunday: 0.75).

Pairs that come close without being the same are where "where sources differ" looks
(``differences``): every on-subject sentence of the articles with a number, not only the quoted
ones, against those of other outlets; a few pairs giving different figures or terms for one point
are shown after the sections, each sentence quoted and cited.
"""

from dataclasses import dataclass, field

import numpy as np

from ..answer.citations import Citation
from ..answer.conflicts import Candidate
from ..answer.quotes import Evidence, Quote, Sources
from ..answer.result import DECLINED
from ..answer.sentences import DECLINE_BELOW, MIN_WORDS, score_sentences, unmatched_terms
from ..answer.wording import article_words
from ..search import terms
from ..store import ArticleRow, PassageRow
from ..text import match_key
from .differences import Difference, find
from .selection import mmr
from .summaries import LEAD_BONUS

PER_ARTICLE = 3
CENTRALITY = 0.3  # weight of a sentence's cosine to its article's mean
REDUNDANCY = 0.5  # MMR weight of similarity to the sentences already chosen
SAME_STATEMENT = 0.8
FOUND = "Here is what each outlet in the indexed news says."


@dataclass
class DigestSection:
    """One article's contribution: its quotes in article order, each citing ``also_in`` outlets too."""

    source: int
    quotes: list[Quote]


@dataclass
class Digest:
    topic: str
    found: bool
    message: str
    sections: list[DigestSection]
    sources: list[Citation]
    differences: list[Difference] = field(default_factory=list)  # where sources differ

    def to_dict(self) -> dict:
        """The ``digest --json`` shape."""
        return {
            "topic": self.topic,
            "found": self.found,
            "message": self.message,
            "sections": [
                {"source": s.source, "quotes": [q.to_dict() for q in s.quotes]} for s in self.sections
            ],
            "differences": [d.to_dict() for d in self.differences],
            "sources": [c.to_dict() for c in self.sources],
        }


@dataclass
class Statement:
    """A sentence of a passage, with its vector and its score for what is being gathered."""

    passage: PassageRow
    span: tuple[int, int]
    vector: np.ndarray
    score: float  # for the topic, or the story

    @property
    def text(self) -> str:
        return self.passage.text[self.span[0] : self.span[1]]


def gather(topic: str, query: np.ndarray, stories: list[Evidence]) -> Digest:
    """The digest of ``topic`` (its unit vector ``query``) from the candidate articles ``stories``,
    each the evidence of one article."""
    newest_first = sorted(
        stories, key=lambda s: (s.article.published or "", s.article.ingested_at, s.article.id), reverse=True
    )
    on_subject = [(story, found) for story in newest_first if (found := on_topic(topic, query, story))]
    if not on_subject:
        return Digest(topic, False, DECLINED, [], [])
    sources = Sources()
    for story, _ in on_subject:  # numbered in section order, newest first
        sources.number(story.article)
    digest = _quote(topic, [(story.article, _pick(found)) for story, found in on_subject], sources)
    if digest.found:
        _add_differences(digest, on_subject, sources)
    return digest


def on_topic(topic: str, query: np.ndarray, story: Evidence) -> list[Statement]:
    """The story's distinct sentences with their scores, or none when it is not on the topic."""
    if not story.passages or unmatched_terms(topic, story, first_word=True):
        return []
    scores = score_sentences(topic, query, story)
    sentences: dict[str, Statement] = {}
    for passage in story.passages:
        vectors = story.vectors[passage.embed_hash].sentences
        # a passage whose cached vectors do not match its sentences has no scores, and adds nothing
        for (start, end), vector, score in zip(
            passage.sentences, vectors, scores.get(passage.id, []), strict=False
        ):
            text = passage.text[start:end]
            if len(text.split()) >= MIN_WORDS:
                sentences.setdefault(
                    match_key(text), Statement(passage, (start, end), vector.astype(np.float32), float(score))
                )
    best = max((s.score for s in sentences.values()), default=0.0)
    return list(sentences.values()) if best >= DECLINE_BELOW else []


def _pick(sentences: list[Statement]) -> list[Statement]:
    """Up to ``PER_ARTICLE`` central, topical, distinct sentences, in article order."""
    matrix = np.stack([s.vector for s in sentences])
    centroid = matrix.mean(axis=0)
    scores = np.array([s.score for s in sentences])
    value = scores + CENTRALITY * (matrix @ centroid) / max(float(np.linalg.norm(centroid)), 1e-12)
    value[scores < DECLINE_BELOW] = -np.inf
    chosen = mmr(value, matrix @ matrix.T, PER_ARTICLE, REDUNDANCY, too_close=SAME_STATEMENT)
    return [sentences[i] for i in sorted(chosen)]


def story_statements(evidence: Evidence, centroid: np.ndarray) -> list[Statement]:
    """The article's sentences long enough to quote, scored by closeness to the story, the lead first."""
    spans = []
    for passage in evidence.passages:
        vectors = evidence.sentence_vectors(passage)
        for span, vector in zip(passage.sentences, [] if vectors is None else vectors, strict=False):
            if len(passage.text[span[0] : span[1]].split()) >= MIN_WORDS:
                spans.append((passage, span, vector))
    return [
        Statement(passage, span, vector, float(vector @ centroid) + LEAD_BONUS / (1.0 + position))
        for position, (passage, span, vector) in enumerate(spans)
    ]


def same_statement(a: Statement, b: Statement) -> bool:
    """The same words, or vectors close enough and the same numbers ("7 December" is not "8 December")."""
    if match_key(a.text) == match_key(b.text):
        return True
    numbers = [{t for t in terms(s.text) if any(c.isdigit() for c in t)} for s in (a, b)]
    return float(a.vector @ b.vector) >= SAME_STATEMENT and numbers[0] == numbers[1]


def _quote(topic: str, chosen: list[tuple[ArticleRow, list[Statement]]], sources: Sources) -> Digest:
    """Quote each statement once, citing every outlet making it; a section per article with quotes."""
    shown: list[tuple[Statement, Quote]] = []
    sections = []
    for article, sentences in chosen:
        quotes = []
        for sentence in sentences:
            earlier = next((q for s, q in shown if same_statement(s, sentence)), None)
            if earlier is not None:
                if sources.number(article) not in earlier.cites:
                    earlier.also_in.append(sources.number(article))
                continue
            if quote := sources.quote(sentence.passage, sentence.span, [article]):
                shown.append((sentence, quote))
                quotes.append(quote)
        if quotes:
            sections.append(DigestSection(sources.number(article), quotes))
    if not shown:
        return Digest(topic, False, DECLINED, [], [])
    return Digest(topic, True, FOUND, sections, sources.cited(q for _, q in shown))


def _add_differences(
    digest: Digest, stories: list[tuple[Evidence, list[Statement]]], sources: Sources
) -> None:
    """Where the outlets differ, among all the sentences of the digest's articles; their sources cited."""
    candidates = []
    for story, sentences in stories:
        words = article_words(p.text for p in story.passages)
        candidates += [Candidate(story.article, s, words) for s in sentences]
    digest.differences = find(candidates, same_statement, sources)
    sections = [q for s in digest.sections for q in s.quotes]
    digest.sources = sources.cited(sections + [q for d in digest.differences for q in d.quotes])
