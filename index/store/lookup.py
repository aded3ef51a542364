"""Which article a user means: by id or words of its title (``summary``), or by what they have
typed so far (autocomplete); and what a timeline is asked about (``story_reference``)."""

import unicodedata
from collections.abc import Iterable
from itertools import islice

from ..errors import InputError, NotFound, shown
from ..text import match_key
from .rows import ArticleRow
from .scopes import MAX_ID, whole_number


def article_id(reference: str) -> int | None:
    """The article id ``reference`` gives ("12" or "#12", as the sources list ids), None for words
    of a title; InputError for a number that is no id."""
    text = reference.strip().removeprefix("#")
    if not text.isdecimal() or not text.isascii():
        return None
    if not (number := whole_number(text)):
        raise InputError(
            f"{shown(reference)} is not an article id: give one from 1 to {MAX_ID}, as the sources list them"
        )
    return number


MAX_REFERENCE_CHARS = 200


def story_reference(typed: str) -> str:
    """What a timeline is asked about, spaces tidied: an article's id ("12", "#12"), words of its
    title, or a topic. InputError for an id past the largest, for text with no letter or digit
    to find a story by, or for more than ``MAX_REFERENCE_CHARS`` characters."""
    text = " ".join(typed.split())
    if not any(c.isalnum() for c in text) or len(text) > MAX_REFERENCE_CHARS:
        raise InputError(
            f"{shown(typed)} names no story: give a topic, words of an article's title or its #id, "
            f"with a letter or digit, at most {MAX_REFERENCE_CHARS} characters"
        )
    article_id(text)  # an id out of bounds is refused here, as typed
    return text


def find_article(articles: list[ArticleRow], reference: str) -> ArticleRow:
    """An article by id, or by its title: the whole title, a phrase of it, or all of some of its words."""
    reference = reference.strip()
    if (number := article_id(reference)) is not None:
        found = [a for a in articles if a.id == number]
    else:
        key = match_key(reference)
        words = key.split()
        found = [a for a in articles if words and all(w in match_key(a.title) for w in words)]
        found = (
            [a for a in found if match_key(a.title) == key]
            or [a for a in found if key in match_key(a.title)]
            or found
        )
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"no indexed article matches {reference!r}", remedy="sources")
    listed = "; ".join(f"{a.id}: {a.title}" for a in found[:5])
    raise NotFound(f"{len(found)} articles match {reference!r} ({listed}); give the id or more words")


def typed_titles(articles: Iterable[ArticleRow], typed: str, limit: int) -> list[ArticleRow]:
    """The first ``limit`` articles whose title or outlet holds every word typed, accents aside."""
    words = _plain(typed).split()
    found = (a for a in articles if all(w in _plain(f"{a.title} {a.outlet or ''}") for w in words))
    return list(islice(found, limit))


def _plain(text: str) -> str:
    """``match_key`` without accents, so "mbappe" finds "Mbappé"."""
    decomposed = unicodedata.normalize("NFKD", match_key(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
