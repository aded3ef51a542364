"""Answers by learned scorers, for questions like those they learned from (``answers``).

The similarity answerer (``similar``) scores sentences by their cosine to the question and the
question's words they hold; this one learns from the silver set (``newsbot eval train``).

Every sentence of the retrieved passages is a candidate (``features``); a learned scorer gives
each the probability that it holds the answer, from retrieval's ranking and the sentence's own
evidence, so a sentence that only restates the question loses to the one that adds the name,
figure or date asked for. A second scorer reads the evidence as a whole and says how likely it
holds an answer at all (names of the question that no passage mentions weigh against it); below
``ANSWERABLE_AT`` the answer is a decline. So is any question with a number no retrieved passage
mentions: "who won the World Cup final in 2018?" must not be answered from a story about 2022,
however similar the sentences.

The best sentence is quoted, then the next best while the answer may still be missing
(``CONFIDENT``), within ``BUDGET`` characters: a confident answer is one sentence, a doubtful one
shows the few that may hold it. A sentence off the subject (scored below ``ON_SUBJECT`` as the
similarity answerer scores) is never quoted: the scorer learned from passages all on the
question's story, and rates another story's opening sentence above a detail of the right one.
The same words in two copies of a story are quoted once, citing
both, and other outlets' versions are added (``versions``). The answering words are marked where
they can be told (``marks``).
"""

import numpy as np

from ...answer import scorer
from ...answer.answerability import judged
from ...answer.features import NAMES, Candidate, Question, candidates, matrix
from ...answer.quotes import Evidence, Sources
from ...answer.result import ANSWERED, Answer, declined
from ...answer.sentences import ON_SUBJECT, similarity, unmatched_terms
from ...answer.versions import other_versions
from ...text import match_key
from .marks import mark

# Also from the training half, cross-validated: quoting the best sentence alone puts the answer in
# the quotes for 58 % of questions (median 174 characters quoted). Adding the next best until
# together they hold it with probability CONFIDENT, within BUDGET characters: 0.6, 70 % (median
# 246); 0.7, 71 % (328); 0.8, 74 % (433); 0.9, 77 % (496). The top three passages' first 600
# characters hold it for 76 %. 0.8 keeps most of the gain at under 450 characters.
CONFIDENT = 0.8
BUDGET = 600
# From the cross-validated trade-off ``newsbot eval train`` prints for the silver set's training
# half: the threshold where the decline test's declines first pass 90 %.
ANSWERABLE_AT = 0.4


def compose_learned(
    question: str,
    query: np.ndarray,
    evidence: Evidence,
    decline_below: float = ANSWERABLE_AT,
    wider: Evidence | None = None,
) -> Answer:
    """Choose, verify and cite the quotes that answer ``question`` from the retrieved passages;
    other outlets' versions of them are looked for in ``wider`` (more of the passages retrieved).

    ``decline_below`` is the answerability threshold (``newsbot eval train`` prints its trade-off).
    """
    read = Question.read(question)
    found = candidates(read, evidence)
    if not found or any(c.isdigit() for term in unmatched_terms(question, evidence) for c in term):
        return declined(question)
    rows = matrix(read, query, evidence, found)
    probability = scorer.load("sentences").probability(rows)
    if judged(read, evidence, found, rows, probability) < decline_below:
        return declined(question)
    sources = Sources()
    quotes = []
    on_subject = _similarity(rows) >= ON_SUBJECT
    for n, group in enumerate(_versions(found, np.where(on_subject, probability, -1.0))):
        best = found[group[0]]
        articles = [evidence.articles[found[i].passage.article_id] for i in group]
        quote = sources.quote(best.passage, best.span, articles)
        if quote is not None:
            quote.marks = mark(read, evidence, best, float(probability[group[0]]), n == 0)
            quotes.append(quote)
    if not quotes:
        return declined(question)
    quotes += other_versions(query, quotes, wider or evidence, sources)
    return Answer(question, True, ANSWERED, quotes, sources.cited(quotes))


def _similarity(rows: np.ndarray) -> np.ndarray:
    """Each candidate's score as the similarity answerer gives it (``sentences``)."""
    return similarity(rows[:, NAMES.index("cos")], rows[:, NAMES.index("shared")])


def _versions(found: list[Candidate], probability: np.ndarray) -> list[list[int]]:
    """The best candidates, best first, until together they hold the answer with probability
    ``CONFIDENT`` (each scored on its own) or the next would pass ``BUDGET`` characters; the best
    is always quoted, and a candidate whose probability is negative never is. Candidates with the
    same words (copies of one story) are grouped, the best-scoring first, to be quoted once citing
    each copy: indices into ``found``."""
    groups: dict[str, list[int]] = {}
    used, missed, full = 0, 1.0, False
    for i in np.argsort(-probability, kind="stable"):
        if probability[i] < 0:
            break
        candidate = found[i]
        key = match_key(candidate.text)
        if key in groups:
            groups[key].append(int(i))
            continue
        full = full or (bool(groups) and (1 - missed >= CONFIDENT or used + len(candidate.text) > BUDGET))
        if not full:
            groups[key] = [int(i)]
            used += len(candidate.text) + 1
            missed *= 1 - float(probability[i])
    return list(groups.values())
