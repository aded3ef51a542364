"""The days a reader names, each parsed in one place with its bounds: the day a question is asked
as of (``calendar_day``), and the period news is wanted from (``Period``: "24h", "7d" or a date).

The bounds keep every day newsbot counts from within what ``datetime.date`` holds and what news is
about: no day before 1970 or after tomorrow (a reader a time zone ahead is already there), and no
period longer than ten years, so that counting back from any accepted day never leaves the
calendar. Whatever is out of bounds is refused with an ``InputError`` that names what is taken.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..errors import InputError, shown

EARLIEST = date(1970, 1, 1)
MAX_DAYS = 3650
MAX_HOURS = MAX_DAYS * 24
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_SPAN = re.compile(r"([0-9]{1,9})\s*([hd])", re.ASCII)  # longer numbers are refused, not read


def latest() -> date:
    """The last day a reader may name: tomorrow."""
    return date.today() + timedelta(days=1)


def calendar_day(typed: str) -> date:
    """The day of ``typed``, YYYY-MM-DD, from 1970-01-01 to tomorrow; else InputError."""
    text = typed.strip()
    try:
        day = date.fromisoformat(text) if _DAY.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None or not EARLIEST <= day <= latest():
        raise InputError(
            f"{shown(typed)} is not a date: give one as YYYY-MM-DD from {EARLIEST} to {latest()}"
        )
    return day


@dataclass(frozen=True)
class Period:
    """How far back news is wanted: so many ``hours`` or ``days`` before the day asked as of (hours
    count as whole days back: "24h" and "1d" both start yesterday), or from the day ``start``.
    Exactly one is given, within bounds; ``str()`` gives it back as typed ("24h", "7d", a date)."""

    hours: int | None = None
    days: int | None = None
    start: date | None = None

    def __post_init__(self) -> None:
        given = [self.hours, self.days, self.start]
        if sum(value is not None for value in given) != 1:
            raise TypeError("a Period is hours, days or a start day: exactly one of them")
        if self.hours is not None and not 1 <= self.hours <= MAX_HOURS:
            raise _refused(str(self))
        if self.days is not None and not 1 <= self.days <= MAX_DAYS:
            raise _refused(str(self))
        if self.start is not None and not EARLIEST <= self.start <= latest():
            raise _refused(str(self))

    @staticmethod
    def parse(typed: str) -> "Period":
        """The period of ``typed``: "24h", "7d" (any case, a space allowed) or a date (YYYY-MM-DD)."""
        try:
            if span := _SPAN.fullmatch(typed.strip().lower()):
                count = int(span[1])
                return Period(hours=count) if span[2] == "h" else Period(days=count)
            return Period(start=calendar_day(typed))
        except InputError:
            raise _refused(typed) from None

    @staticmethod
    def of(period: "Period | str") -> "Period":
        """``period`` as it is, or parsed (for the engine's callers that name periods as text)."""
        return period if isinstance(period, Period) else Period.parse(period)

    def first_day(self, today: date) -> date:
        """The first day of the period, counted back from ``today`` (the day asked as of)."""
        if self.start is not None:
            return self.start
        back = self.days if self.days is not None else -(-(self.hours or 0) // 24)
        return today - timedelta(days=back)

    def __str__(self) -> str:
        if self.start is not None:
            return self.start.isoformat()
        return f"{self.hours}h" if self.hours is not None else f"{self.days}d"


LAST_DAY = Period(hours=24)  # what stories and briefings cover unless told otherwise


def _refused(typed: str) -> InputError:
    return InputError(
        f"{shown(typed)} is not a period: give hours or days such as 24h or 7d (1h to {MAX_DAYS}d), "
        f"or a date as YYYY-MM-DD from {EARLIEST} to {latest()}"
    )
