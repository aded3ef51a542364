"""The newsbot engine: read news, index it, answer questions with verified quotes.

The data flows through one package per stage: ``read`` (sources into documents) → ``ingest``
(passages, de-duplication, publishing) → ``embed`` (vectors) → ``store`` (SQLite) → ``search``
(FAISS, BM25, fusion, recency) → ``answer`` (quotes, answers, summaries, digests); ``feeds``, ``cli``
and ``eval`` sit beside them. ``Engine`` ties the stages together for the command line and the
bot; what they use is re-exported here.
"""

from .answer import Answer, Citation, Difference, Digest, DigestSection, Quote, Summary, human_date
from .engine import MAX_QUESTION_CHARS, Engine
from .errors import IndexNotReady, ModelError, NewsbotError, NotFound, QuestionError, SourceError
from .feeds import AddedFeed, FeedReport, FeedRow, PollReport
from .ingest import IngestReport, Progress, no_progress
from .settings import Settings
from .store import ArticleRow

__all__ = [
    "MAX_QUESTION_CHARS",
    "AddedFeed",
    "Answer",
    "ArticleRow",
    "Citation",
    "Difference",
    "Digest",
    "DigestSection",
    "Engine",
    "FeedReport",
    "FeedRow",
    "IndexNotReady",
    "IngestReport",
    "ModelError",
    "NewsbotError",
    "NotFound",
    "PollReport",
    "Progress",
    "QuestionError",
    "Quote",
    "Settings",
    "SourceError",
    "Summary",
    "human_date",
    "no_progress",
]
