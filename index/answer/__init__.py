"""Answering questions from the retrieved passages, extractively: the trained reader (``reader``)
points at the answer in them and ``reading`` quotes, marks and cites the sentences holding it, or
declines, the answerability scorer (``answerability``) judging whether the passages answer at all;
every sentence shown is a quote made, verified and cited in one place (``quotes``), and another outlet's
version of it is found where the two part (``conflicts``, ``versions``). What is reported over many
articles (stories, briefings, digests, summaries) is ``index.report``, built on these quotes."""

from .answerability import answerable
from .citations import Citation, human_date
from .evidence import read_passages, read_story
from .insights import Insights
from .newsroom import Newsroom
from .questions import MAX_QUESTION_CHARS, check_question
from .quotes import Evidence, Quote, Sources
from .reader import Reader
from .reading import ANSWER_AT, SHIPPED, Thresholds, compose_reader
from .result import ANSWERED, DECLINED, Answer, declined
from .sentences import DECLINE_BELOW, score_sentences, unmatched_terms

__all__ = [
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
    "compose_reader",
    "declined",
    "human_date",
    "read_passages",
    "read_story",
    "score_sentences",
    "unmatched_terms",
]
