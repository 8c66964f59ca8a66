"""The period an edition covers: a quarter (2025-Q4) or a year (2025), with the arithmetic of time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

PERIOD = re.compile(r"((?:19|20)[0-9]{2})(?:-[Qq]([1-4]))?")  # 1900-2099: dates stay in range


@dataclass(frozen=True)
class Period:
    """A quarter (quarter 1-4) or a whole year (quarter 0); `period_order` sorts them."""

    end: date
    start: date
    year: int
    quarter: int  # 0 for a year

    @property
    def id(self) -> str:
        """'2025-Q4' or '2025', as edition.toml writes it."""
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    @property
    def slug(self) -> str:
        """The edition's folder name and URL segment: '2025-q4' or '2025'."""
        return self.id.lower()

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def follows(self, earlier: Period) -> bool:
        """Whether this period starts the day after `earlier` ends (nothing lies between them)."""
        return earlier.end + timedelta(days=1) == self.start


def parse_period(text: str) -> Period | None:
    """'2025-Q4' / '2025-q4' is a quarter, '2025' a year; anything else is None."""
    match = PERIOD.fullmatch(text.strip())
    if not match:
        return None
    year, quarter = int(match.group(1)), int(match.group(2) or 0)
    if quarter:
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - timedelta(days=1)
    else:
        start, end = date(year, 1, 1), date(year, 12, 31)
    return Period(end, start, year, quarter)


def period_order(period: Period) -> tuple[date, int]:
    """Editions run by the end of their period; of two ending together the shorter comes first."""
    return (period.end, -period.start.toordinal())


def quarters_between(earlier: Period, later: Period) -> list[Period]:
    """The quarters that lie wholly between two periods (the gap no edition covers)."""
    found = []
    day = earlier.end + timedelta(days=1)
    while True:
        quarter = parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
        assert quarter is not None
        if quarter.end >= later.start:
            return found
        found.append(quarter)
        day = quarter.end + timedelta(days=1)


def quarters_apart(earlier: Period, later: Period) -> int:
    """How many quarters later one period ends than another (0 when they end in the same quarter)."""
    months = (later.end.year - earlier.end.year) * 12 + later.end.month - earlier.end.month
    return months // 3
