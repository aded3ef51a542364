"""When two documents are one article: the identity rule, the URL key and the text fingerprint.

An article is one outlet's report. Two documents are the same article when they come from the
same outlet (compared as ``match_key``: case, spacing and typography aside) and

- **have the same source**: the same file, or the same fetched URL (whose copy is one file), or
- **have the same URL key**: the document's URL is the page's canonical URL when it states one
  (``<link rel="canonical">``, else ``og:url``; a canonical that is only the site's home page is
  ignored, see ``readers.html``), else the URL it was fetched from after redirects, or the ``url``
  of a file's front matter; its key drops what does not change the page (``url_key``). A file
  with no URL at all has only its path; or
- **have the same text**: the same fingerprint (``fingerprint``) of outlet, title and passages,
  whatever their URLs or file names: a story re-published under a new address.

Which copy is kept (``ingest.dedupe`` applies it):

- **Same text: the first stays.** The copy already indexed keeps its id, date, URL and citation;
  the newcomer is not stored, not embedded, and reported as unchanged (``IngestReport.duplicates``
  names the article it repeats). Among new copies ingested together, the earliest published wins
  (undated ones count as latest), then the first read. Keeping the first keeps citations and
  article ids stable, and the oldest date is the story's first publication.
- **Same URL, other text: the newest replaces.** It is the page as it stands now (a correction, an
  update), so the old passages leave in the same publish and are never quoted again; among
  several fetches of one URL in one batch, the last one read is the newest.
- **Different outlets never merge.** An agency story carried by two outlets stays two articles;
  answers quote a shared sentence once and cite both (``Quote.also_in``).

Tracking parameters: courlan (installed with trafilatura) strips trackers with a pattern that also
matches the start of ordinary parameters (``game=401``, ``gallery=7``, ``source=…`` are dropped),
and two pages merged by mistake would lose one story, whereas a tracker left in only misses a merge
that the text fingerprint still makes when the text is the same. So the key drops an explicit list
of tracking parameters (``TRACKING_PARAMETERS`` and ``TRACKING_PREFIXES``, compared case-blind)
and nothing else.
"""

from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..text import match_key, sha256

TRACKING_PREFIXES = (
    "utm_",  # Google Analytics campaigns: utm_source, utm_medium, utm_campaign, utm_term, utm_content…
    "mc_",  # Mailchimp: mc_cid, mc_eid
    "pk_",  # Piwik: pk_campaign, pk_kwd…
    "mtm_",  # Matomo
    "_hs",  # HubSpot: _hsenc, _hsmi
    "hsa_",  # HubSpot ads
    "itm_",  # internal-promotion tracking
)
TRACKING_PARAMETERS = frozenset(
    {
        # click ids of ad and social networks
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "ttclid",
        "yclid", "igshid", "li_fat_id", "rb_clickid", "s_kwcid", "_ga", "_gl",
        # newsletters, referrers and sharing
        "mkt_tok", "ref", "ref_src", "ref_url", "referrer", "cmpid", "ocid", "ncid", "smid",
        "sr_share", "xtor", "at_medium", "at_campaign", "wt.mc_id", "spm", "guccounter",
        "guce_referrer", "guce_referrer_sig", "oly_anon_id", "oly_enc_id", "vero_id",
    }
)  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(parameter: str) -> bool:
    name = parameter.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def url_key(url: str | None) -> str | None:
    """What identifies the page at ``url``: host (lower case, without "www."), non-default port,
    path (without a trailing slash) and query without tracking parameters, sorted. The scheme and
    the fragment are left out: http and https, or two anchors, show the same page. None for no URL
    or one that is not http(s)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k))
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")


def is_home_page(url: str | None) -> bool:
    """Whether ``url`` is a site's home page (no path, no query): never an article's canonical URL."""
    key = url_key(url)
    return key is not None and "/" not in key and "?" not in key


def identity(outlet: str | None, url: str | None) -> str | None:
    """The article's identity: its outlet and its URL key; None when it has no URL (its path is then
    its only identity)."""
    key = url_key(url)
    return f"{match_key(outlet or '')}\n{key}" if key else None


def fingerprint(outlet: str | None, title: str, passages: Iterable[str]) -> str:
    """sha256 of the outlet, title and passage texts, each read as ``match_key`` (case, spacing and
    typography aside): equal for one article re-published under another URL or file name."""
    parts = [match_key(outlet or ""), match_key(title), *map(match_key, passages)]
    return sha256("\n".join(parts))
