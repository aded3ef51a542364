"""What arrives from outside the user's files: article pages fetched by URL and files uploaded to
the bot. Each is kept as a checked copy in the data folder (``copies``), which reindex re-reads,
and ingested for whoever added it (``store.scopes``): a server's uploads go to a folder of its own,
so two servers' files of one name stay apart."""

from collections.abc import Sequence
from pathlib import Path

from ..errors import SourceError
from ..read import Pacer, fetch_page
from ..settings import Settings
from ..store import SHARED_OWNER
from .copies import save_page, save_upload
from .indexer import Indexer
from .report import IngestReport, Progress


class Intake:
    def __init__(self, indexer: Indexer, settings: Settings, pages: Path, uploads: Path) -> None:
        self.indexer = indexer
        self.settings = settings
        self.pages = pages  # copies of fetched pages
        self.uploads = uploads  # copies of uploaded files

    def fetch(self, url: str, pacer: Pacer | None = None) -> tuple[Path, str]:
        """Download one article page into the data folder: the copy's path, and the URL it came from
        after redirects. Raises SourceError."""
        page = fetch_page(url, self.settings, pacer)
        return save_page(self.pages, page), page.url

    def urls(self, urls: Sequence[str], progress: Progress, pacer: Pacer | None, owner: int) -> IngestReport:
        """Fetch the pages and ingest their copies in one publish; a page that cannot be fetched
        is reported with its reason."""
        pages, failed = [], []
        for url in urls:
            try:
                pages.append(self.fetch(url, pacer))
            except SourceError as error:
                failed.append(error)
        return self.indexer.ingest_pages(pages, failed, progress, owner)

    def upload(self, name: str, data: bytes, progress: Progress, owner: int) -> IngestReport:
        folder = self.uploads / str(owner) if owner != SHARED_OWNER else self.uploads
        try:
            path = save_upload(folder, name, data)
        except SourceError as error:
            return IngestReport(failed=[error])
        return self.indexer.ingest([path], progress, owner)
