"""What is reported over many articles, built on the answers' quotes (``index.answer``): stories
(articles grouped across outlets, copies counted once), the briefing of the top stories, a
story's timeline, digests of a topic across outlets with where they differ, and summaries of one
article. Every sentence shown is a quote made, verified and cited by ``index.answer.quotes``."""

from .briefing import Briefing, BriefStory, compose_briefing
from .differences import Difference
from .digests import Digest, DigestSection, gather
from .stories import Story, recent_stories
from .summaries import Summary, summarize

__all__ = [
    "BriefStory",
    "Briefing",
    "Difference",
    "Digest",
    "DigestSection",
    "Story",
    "Summary",
    "compose_briefing",
    "gather",
    "recent_stories",
    "summarize",
]
