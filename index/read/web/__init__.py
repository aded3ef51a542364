"""Downloading article pages and feeds, without letting newsbot be used to reach internal services
(SSRF): ``addresses`` checks every hop's URL and the addresses its host resolves to, ``download``
sends the request to a checked address within the time and size limits, ``fetch`` follows the
redirects and holds the entry points, and ``request`` the types they share."""

from .addresses import MAX_URL_CHARS, web_address
from .fetch import fetch_feed, fetch_page
from .request import Pacer, Page

__all__ = ["MAX_URL_CHARS", "Pacer", "Page", "fetch_feed", "fetch_page", "web_address"]
