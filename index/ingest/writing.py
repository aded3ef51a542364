"""The engine's writing, which ``Engine`` takes on: files, web pages, fetched pages and uploads
ingested, the index rebuilt or compacted; after a publish that embedded passages, the export
questions are encoded with is made if there is none (``embed.export_for_questions``), so that a
new process answers without importing torch."""

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..embed import Embedder, export_for_questions
from ..errors import SourceError
from ..read import Pacer
from ..settings import Settings
from ..store import SHARED_OWNER
from .indexer import Indexer
from .intake import Intake
from .report import IngestReport, Progress, no_progress


class Writing:
    """Writes through ``indexer`` and ``intake``; ``settings`` and ``embedder`` make the export."""

    settings: Settings
    embedder: Embedder
    indexer: Indexer
    intake: Intake

    def ingest(
        self, paths: Iterable[Path], progress: Progress = no_progress, server: int = SHARED_OWNER
    ) -> IngestReport:
        """Ingest files as the shared articles, or as a server's own (``server``, its id)."""
        return self._exported(self.indexer.ingest(paths, progress, server))

    def ingest_urls(
        self,
        urls: Sequence[str],
        progress: Progress = no_progress,
        pacer: Pacer | None = None,
        server: int = SHARED_OWNER,
    ) -> IngestReport:
        """Fetch article pages (safely: see ``read.web``) and ingest the copies kept in the data folder,
        all in one publish, for ``server``; requests to one host wait for their turn on ``pacer``."""
        return self._exported(self.intake.urls(urls, progress, pacer, server))

    def ingest_pages(
        self,
        pages: list[tuple[Path, str]],
        failed: Sequence[SourceError] = (),
        progress: Progress = no_progress,
        server: int | None = SHARED_OWNER,
    ) -> IngestReport:
        """Ingest fetched pages' copies (path, URL fetched from) in one publish, for ``server``
        (None: for no one new, as a feed's entries, which its watchers own)."""
        return self._exported(self.indexer.ingest_pages(pages, list(failed), progress, server))

    def ingest_upload(
        self, name: str, data: bytes, progress: Progress = no_progress, server: int = SHARED_OWNER
    ) -> IngestReport:
        """Ingest a file sent to the bot in ``server``, kept in the data folder (``ingest.intake``)."""
        return self._exported(self.intake.upload(name, data, progress, server))

    def reindex(self, progress: Progress = no_progress) -> IngestReport:
        """Rebuild the index from the sources; make the export questions are encoded with again if
        the model's weights changed or it cannot be used."""
        return self._exported(self.indexer.reindex(progress), check=True)

    def compact(self, progress: Progress = no_progress) -> IngestReport:
        """Merge the index's segments into one, leaving out removed passages (``Indexer.compact``)."""
        return self.indexer.compact(progress)

    def _exported(self, report: IngestReport, check: bool = False) -> IngestReport:
        """``report``, once the export for questions is made if the index has passages and none
        is there (``embed.export_for_questions``)."""
        if report.embedded or report.reused or check:
            export_for_questions(self.settings, self.embedder, check)
        return report
