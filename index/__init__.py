"""The newsbot engine: read news, index it, answer questions with verified quotes.

The data flows through one package per stage: ``read`` (sources into documents) → ``ingest``
(passages, de-duplication, publishing) → ``embed`` (vectors) → ``store`` (SQLite) → ``search``
(FAISS, BM25, fusion, recency) → ``answer`` (quotes, answers) → ``report`` (what many articles
report: stories, briefings, timelines, digests, summaries); ``feeds``, ``cli`` and ``eval`` sit
beside them. ``Engine`` ties the stages together for the command line and the
bot; what they use is re-exported here.
"""

from importlib import import_module

# Where each public name lives. They are imported on first use (PEP 562), so that a command that
# needs none of the engine (`newsbot --help`) does not import FAISS, bm25s and trafilatura.
_HOMES = {
    name: module
    for module, names in {
        ".answer": ["Answer", "Citation", "Insights", "MAX_QUESTION_CHARS", "Quote", "human_date"],
        ".engine": ["Engine"],
        ".errors": [
            "IndexFilesMissing",
            "IndexNotReady",
            "InputError",
            "ModelError",
            "NewsbotError",
            "NotFound",
            "QuestionError",
            "SourceError",
            "shown",
        ],
        ".feeds": ["AddedFeed", "FeedReport", "FeedRow", "PollReport"],
        ".ingest": ["IngestReport", "Progress", "no_progress"],
        ".read": ["MAX_URL_CHARS", "web_address"],
        ".report": [
            "NOTHING_NEW",
            "BriefStory",
            "Briefing",
            "Difference",
            "Digest",
            "DigestSection",
            "Followed",
            "Story",
            "StoryUpdate",
            "Summary",
            "Timeline",
            "TimelineDay",
        ],
        ".search": ["LAST_DAY", "Period", "calendar_day"],
        ".settings": ["Settings"],
        ".store": [
            "MAX_OUTLET_CHARS",
            "MAX_REFERENCE_CHARS",
            "RETRY",
            "SHARED",
            "ArticleRow",
            "Database",
            "Migration",
            "Scope",
            "Transaction",
            "WriterLock",
            "create_tables",
            "migrate",
            "outlet_name",
            "process_name",
            "server_id",
            "story_reference",
        ],
    }.items()
    for name in names
}


def __getattr__(name: str) -> object:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name], __name__), name)
    globals()[name] = value
    return value


__all__ = sorted(_HOMES)  # every public name, as listed once above
