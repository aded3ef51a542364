"""Answering from the retrieved passages, extractively: a trained reader finds the answer
(``reader``, ``answers``), and every sentence shown is a quote made, verified and cited in one
place (``quotes``). Answers to questions, summaries of one article, and
digests of a topic across outlets with where they differ."""

from .answers import ANSWER_AT, SHIPPED, Thresholds, compose
from .briefing import Briefing, BriefStory, compose_briefing
from .citations import Citation, human_date
from .differences import Difference
from .digests import Digest, DigestSection, gather
from .evidence import read_passages, read_story
from .insights import Insights
from .newsroom import Newsroom
from .questions import MAX_QUESTION_CHARS, check_question
from .quotes import Evidence, Quote, Sources
from .reader import Reader
from .result import ANSWERED, DECLINED, Answer, declined
from .sentences import DECLINE_BELOW, score_sentences, unmatched_terms
from .stories import Story, recent_stories, since_day
from .summaries import Summary, summarize

__all__ = [
    "ANSWERED",
    "ANSWER_AT",
    "DECLINED",
    "DECLINE_BELOW",
    "MAX_QUESTION_CHARS",
    "SHIPPED",
    "Answer",
    "BriefStory",
    "Briefing",
    "Citation",
    "Difference",
    "Digest",
    "DigestSection",
    "Evidence",
    "Insights",
    "Newsroom",
    "Quote",
    "Reader",
    "Sources",
    "Story",
    "Summary",
    "Thresholds",
    "check_question",
    "compose",
    "compose_briefing",
    "declined",
    "gather",
    "human_date",
    "read_passages",
    "read_story",
    "recent_stories",
    "score_sentences",
    "since_day",
    "summarize",
    "unmatched_terms",
]
