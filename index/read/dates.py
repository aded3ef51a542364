"""Turning the many ways a page writes its date into ISO YYYY-MM-DD."""

import re
from datetime import date, datetime

from dateutil.parser import parse

_YEAR = re.compile(r"\b(?:1[89]|2\d)\d\d\b")
# Parsing twice with different defaults shows whether year, month and day were all given:
# "January 2026" would otherwise silently become the first (or today's day) of January.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def iso_date(value: object) -> str | None:
    """``value`` (a date, a datetime or a string) as YYYY-MM-DD, or None when it is not a full date."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str) or not _YEAR.search(value):
        return None
    try:
        first, second = (parse(value, default=default, fuzzy=True).date() for default in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    return first.isoformat() if first == second else None
