"""Answering from the retrieved passages, extractively: the sentence answerers (``answers``), or
the trained reader (``reader``, ``reading``) where the settings ask for it; every sentence shown is
a quote made, verified and cited in one place (``quotes``). Answers to questions, summaries of one
article, and digests of a topic across outlets with where they differ."""

from .answerability import ANSWERABLE_AT
from .answers import compose
from .briefing import Briefing, BriefStory, compose_briefing
from .citations import Citation, human_date
from .differences import Difference
from .digests import Digest, DigestSection, gather
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
from .stories import Story, recent_stories
from .summaries import Summary, summarize

__all__ = [
    "ANSWERABLE_AT",
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
    "compose_learned",
    "compose_reader",
    "compose_similar",
    "declined",
    "gather",
    "human_date",
    "read_passages",
    "read_story",
    "recent_stories",
    "score_sentences",
    "summarize",
    "unmatched_terms",
]
