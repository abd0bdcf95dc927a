"""Billing periods: which charges a run on a given day bills, and what the run is called."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from services.errors import BadRequest

LAST = "last"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive

    @property
    def label(self) -> str:
        """ "November" for a calendar month; "15 Oct – 14 Nov" otherwise."""
        last = self.end - timedelta(days=1)
        if self.start.day == 1 and last.month == self.start.month and self.end.day == 1:
            return f"{self.start:%B}"
        return f"{self.start.day} {self.start:%b} – {last.day} {last:%b}"

    @property
    def short(self) -> str:
        """What an invoice line says: "Nov 2026"."""
        last = self.end - timedelta(days=1)
        return f"{last:%b %Y}" if self.start.day == 1 else f"{self.start:%d %b}–{last:%d %b %Y}"

    @property
    def key(self) -> str:
        return self.start.isoformat()


def check_day(day: str) -> str:
    """A billing day as stored: "1".."28" or "last"; a clear error otherwise."""
    value = day.strip().lower()
    if value == LAST or (value.isdigit() and 1 <= int(value) <= 28):
        return value if value == LAST else str(int(value))
    raise BadRequest("The billing day is a day from 1 to 28, or “last”.")


def period_before(on: date, billing_day: str) -> Period:
    """The period a run on ``on`` bills: from the previous billing day up to ``on`` (exclusive).

    With billing day "last" the run on a month's last day bills that whole month.
    """
    if check_day(billing_day) == LAST:
        start = on.replace(day=1)
        return Period(start, _add_months(start, 1))
    day = int(billing_day)
    end = _on_day(on.year, on.month, day) if on.day >= day else _on_day(*_prev(on.year, on.month), day)
    return Period(_on_day(*_prev(end.year, end.month), day), end)


def is_billing_day(on: date, billing_day: str) -> bool:
    if check_day(billing_day) == LAST:
        return on.day == calendar.monthrange(on.year, on.month)[1]
    return on.day == int(billing_day)


def next_billing_day(on: date, billing_day: str) -> date:
    """The first billing day on or after ``on``."""
    if check_day(billing_day) == LAST:
        return _on_day(on.year, on.month, 31)
    day = int(billing_day)
    return date(on.year, on.month, day) if on.day <= day else _on_day(*_next(on.year, on.month), day)


def month_period(year: int, month: int) -> Period:
    start = date(year, month, 1)
    return Period(start, _add_months(start, 1))


def _prev(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _next(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def _add_months(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _on_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
