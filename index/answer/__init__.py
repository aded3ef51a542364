"""Answering questions from the retrieved passages, extractively: the sentence answerers
(``answers``), or the trained reader (``reader``, ``reading``) where the settings ask for it; every
sentence shown is a quote made, verified and cited in one place (``quotes``), and another outlet's
version of it is found where the two part (``conflicts``, ``versions``). What is reported over many
articles (stories, briefings, digests, summaries) is ``index.report``, built on these quotes."""

from .answerability import ANSWERABLE_AT, answerable
from .answers import compose
from .citations import Citation, human_date
from .evidence import read_passages, read_story
from .insights import Insights
from .learned import compose_learned
from .newsroom import Newsroom
from .questions import MAX_QUESTION_CHARS, check_question
from .quotes import Evidence, Quote, Sources
from .reader import Reader
from .reading import ANSWER_AT, SHIPPED, Thresholds, compose_reader
from .result import ANSWERED, DECLINED, Answer, declined
from .sentences import DECLINE_BELOW, score_sentences, unmatched_terms
from .similar import compose_similar

__all__ = [
    "ANSWERABLE_AT",
    "ANSWERED",
    "ANSWER_AT",
    "DECLINED",
    "DECLINE_BELOW",
    "MAX_QUESTION_CHARS",
    "SHIPPED",
    "Answer",
    "Citation",
    "Evidence",
    "Insights",
    "Newsroom",
    "Quote",
    "Reader",
    "Sources",
    "Thresholds",
    "answerable",
    "check_question",
    "compose",
    "compose_learned",
    "compose_reader",
    "compose_similar",
    "declined",
    "human_date",
    "read_passages",
    "read_story",
    "score_sentences",
    "unmatched_terms",
]
