"""Cleaning a Document: page chrome and repeated content out, article text kept verbatim.

Scraped pages carry lines that are not the story (logos, datelines, image credits, share, feedback,
sign-up and paywall prompts, copyright and affiliate notices) and often hold the story more than
once. What is kept is never rewritten.
"""

import re
from dataclasses import replace

from ..text import match_key
from .document import Block, Document

_WEEKDAY = r"(?:mon|tue|tues|wed|wednes|thu|thurs|fri|sat|satur|sun)(?:day)?\.?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    r"(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{2,5})?)?"
_DATELINE = rf"(?:{_WEEKDAY},?\s+)?{_DATE}{_TIME}"

# Each pattern must match a whole block (case-insensitive) for it to be chrome.
_CHROME = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # a site's logo as its alt text: "The Daily Example Logo"
        r".{0,60}\blogo",
        # a bare dateline or timestamp: "Sunday 22/02/2026", "March 3, 2025, 10:04 GMT"
        _DATELINE,
        # a labelled date stamp: "Published 14 January 2026", "Updated: Jan 3, 2025 10:00"
        rf"(?:first\s+|last\s+)?(?:published|updated|posted|modified)(?:\s+on)?\s*[:\-\u2013\u2014]?\s*{_DATELINE}",
        # gallery and placeholder captions: "Images from the Web", "Additional article image"
        r"(?:additional\s+|more\s+|related\s+)?(?:article\s+)?(?:photo\s+)?"
        r"(?:images?|photos?|pictures?|gallery)(?:\s+from\s+the\s+web)?",
        # picture credits: "Image Source: …", "Photo credit: …", "Photo by …", "(Photo: …)", "(Credit: …)"
        r"\(?(?:image|photo|picture|video)s?(?:\s+(?:source|credits?|courtesy))?\s*(?::|\bby\b|\bvia\b).{0,100}",
        r"\(?(?:credits?\s*:.{0,100}|courtesy(?:\s*:|\s+of\b)[^,;!?]{0,100})",
        # agency picture credits: "(AP Photo/Jane Doe)", "Reuters Photo/…", "Jane Doe/Getty Images", "AFP"
        r"\(?[\w .&-]{0,40}\bphoto\s*/.{0,80}",
        r"(?:[\w .'-]{0,40}\s*[/|]\s*)?(?:getty(?: images)?|afp|ap|reuters|epa|pa|shutterstock|alamy)"
        r"(?:\s*/\s*[\w .'-]{0,40})?",
        # feedback prompts: "Help us improve.", "Was this helpful?", "Rate this article"
        r"help us improve\b.{0,40}",
        r"(?:was|is) this (?:article |page |story |summary )?(?:helpful|useful)\??",
        r"(?:rate this|give (?:us )?feedback|send (?:us )?feedback)\b.{0,40}",
        r".{0,60}\b(?:submit|send|write) (?:us )?(?:a |your )?letters? to the editor\b.{0,100}",
        # share and follow buttons, newsletter sign-ups: "… never miss our top stories Free Sign Up"
        r"(?:share|tweet|email|print)(?: this)?(?: article| story| page)?(?: (?:on|via) \w+)?[:.!]?",
        r"(?:follow us|subscribe|sign up|join our newsletter|get our newsletter)\b.{0,120}",
        r".{0,60}\bnewsletters?|.{0,120}(?:\bfree|[.!?:])\s*sign up(?: here| now| today)?!?",
        r".{0,120}\bsign up (?:here|now|today)!?",
        r".{0,100}\b(?:sign(?:ing)? up|subscrib(?:e|ing)|register(?:ing)?) (?:to|for|with) our\b.{0,80}",
        # paywall prompts: "To read the full story, please subscribe", "… already a subscriber? Log in"
        r"to (?:view|read|continue reading|access) (?:the|this) (?:full |whole )?(?:story|article)\b.{0,120}",
        r".{0,80}\balready (?:a )?subscriber\b.{0,40}\b(?:log|sign) ?in\b.{0,60}",
        # video player controls: "This is a modal window.", "captions off, selected"
        r"this is a modal window\b.{0,120}|(?:\w+ )?(?:off|default), selected",
        # advertising slots
        r"advertisement|advertising|sponsored(?: content)?|ad|promoted|scroll to continue\b.{0,40}",
        # in-page navigation: "In This Article", "Read more: …", "Related stories", "Skip to content"
        r"in this (?:article|story|page)|table of contents|contents",
        r"(?:read|see) (?:more|also|next)\b.{0,100}",
        r"(?:related|recommended|more|most read|most popular)"
        r"(?: articles| stories| coverage| news| reading)?:?",
        r"skip to (?:main )?content|back to top|listen to (?:this )?article\b.{0,20}",
        r"\d+\s*min(?:ute)?s? read",
        # cookie and copyright notices
        r"(?:we use cookies|accept (?:all )?cookies|cookie (?:policy|settings))\b.{0,100}",
        r".{0,100}\ball rights reserved\.?",
    )
)
# Chrome is short; a longer block is article text whatever words it starts with.
_CHROME_MAX_CHARS = 150
# Notices run longer but say what no story says; they too must match a whole block.
_NOTICES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # copyright: "© 2025 Example News. This article may not be reprinted without permission."
        r"(?:©|\(c\)|copyright\s*(?:©|\d{4})).{0,300}",
        # affiliate disclosures: "… We may receive compensation when you click on links …"
        r".{0,200}\bwe may (?:receive|earn) (?:a )?(?:compensation|commission)\b.{0,200}",
        # follow prompts: "Follow The Gazette on Twitter and Instagram @gazette and …"
        r"follow (?:us|[\w .'-]{1,40}) on (?:twitter|facebook|instagram|linkedin|tiktok|youtube|x)\b.{0,250}",
    )
)
_NOTICE_MAX_CHARS = 400


def is_boilerplate(text: str) -> bool:
    """Whether a block is page chrome rather than article text."""
    text = text.strip()
    if len(text) <= _CHROME_MAX_CHARS and any(pattern.fullmatch(text) for pattern in _CHROME):
        return True
    return len(text) <= _NOTICE_MAX_CHARS and any(pattern.fullmatch(text) for pattern in _NOTICES)


def clean_document(doc: Document) -> Document:
    """The same Document with chrome, repeated paragraphs and empty or title headings removed."""
    title = match_key(doc.title)
    seen: set[str] = set()
    kept: list[Block] = []
    for block in doc.blocks:
        key = match_key(block.text)
        if not key or key == title or is_boilerplate(block.text):
            continue
        if block.kind == "paragraph":
            if key in seen:
                continue
            seen.add(key)
        kept.append(block)
    return replace(doc, blocks=_without_empty_headings(kept))


def _without_empty_headings(blocks: list[Block]) -> list[Block]:
    """Drop headings with no paragraph before the next heading (or the end): nothing sits under them.

    This also removes a repeated section's heading once its repeated paragraphs are gone.
    """
    return [
        block
        for index, block in enumerate(blocks)
        if block.kind == "paragraph" or (index + 1 < len(blocks) and blocks[index + 1].kind == "paragraph")
    ]
