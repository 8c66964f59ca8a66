"""Periods: quarters and years, their order, adjacency and the quarters between them."""

from datetime import date

from sitegen.load.periods import parse_period, period_order, quarters_apart, quarters_between


def test_quarters_and_years() -> None:
    q4 = parse_period("2025-q4")
    assert (q4.id, q4.slug, q4.start, q4.end) == ("2025-Q4", "2025-q4", date(2025, 10, 1), date(2025, 12, 31))
    year = parse_period("2025")
    assert (year.id, year.start, year.end, year.quarter) == ("2025", date(2025, 1, 1), date(2025, 12, 31), 0)
    assert parse_period("2025-Q5") is None and parse_period("Q1 2025") is None
    assert q4.contains(date(2025, 12, 26)) and not q4.contains(date(2026, 1, 1))


def test_order_adjacency_and_gaps() -> None:
    q1, q4, year, q1_next = (parse_period(p) for p in ("2025-Q1", "2025-Q4", "2025", "2026-Q1"))
    assert sorted([year, q4, q1], key=period_order) == [
        q1,
        q4,
        year,
    ]  # of two ending together, the shorter first
    assert q1_next.follows(q4) and q1_next.follows(year) and not q4.follows(q1)
    assert [p.id for p in quarters_between(q1, q4)] == ["2025-Q2", "2025-Q3"]
    assert quarters_between(q4, q1_next) == []
    assert (quarters_apart(q1, q4), quarters_apart(q4, year), quarters_apart(q4, q1_next)) == (3, 0, 1)
