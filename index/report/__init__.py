"""What is reported over many articles, built on the answers' quotes (``index.answer``): stories
(articles grouped across outlets, copies counted once), the briefing of the top stories, a
story's timeline, digests of a topic across outlets with where they differ, and summaries of one
article. Every sentence shown is a quote made, verified and cited by ``index.answer.quotes``."""

from .briefing import Briefing, BriefStory, compose_briefing
from .differences import Difference
from .digests import Digest, DigestSection, gather
from .finding import StoryChoices, find_story
from .follows import NEW_FACTS, Followed, Follows, StoryUpdate
from .stories import Story, read_reports, recent_stories
from .summaries import Summary, summarize
from .timeline import NOTHING_NEW, Timeline, TimelineDay, compose_timeline

__all__ = [
    "NEW_FACTS",
    "NOTHING_NEW",
    "BriefStory",
    "Briefing",
    "Difference",
    "Digest",
    "DigestSection",
    "Followed",
    "Follows",
    "Story",
    "StoryChoices",
    "StoryUpdate",
    "Summary",
    "Timeline",
    "TimelineDay",
    "compose_briefing",
    "compose_timeline",
    "find_story",
    "gather",
    "read_reports",
    "recent_stories",
    "summarize",
]
