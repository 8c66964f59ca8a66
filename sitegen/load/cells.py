"""A cell of a table or figures.csv: a plain number ('.' decimals, no separators) or `unknown`."""

from __future__ import annotations

import re
from decimal import Decimal

NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # ASCII digits: \d takes "٣" and "３" too
GROUPED = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")  # 237.821: an integer written with a thousands separator?
UNKNOWN = "unknown"
# A workbook's number keeps 15 significant digits; the panel sums figures exactly as 64-bit whole numbers
# of the smallest decimal printed anywhere, which 12 digits before the point and 6 after always fit.
DIGITS, BEFORE, AFTER = 15, 12, 6


def parse_number(cell: str, whole: bool) -> tuple[Decimal | None, str | None]:
    """A number as the project writes it ('.' decimals, no separators), or `unknown`; or why not."""
    text = cell.strip()
    if text == UNKNOWN:
        return None, None
    if not text:
        return None, "empty cell (fill in the number, or write 'unknown' if the source does not give it)"
    if not NUMBER.fullmatch(text):
        hint = (
            " (use '.' for decimals and no thousands separator)"
            if re.fullmatch(r"[0-9., \u00a0-]+", text)
            else ""
        )
        return None, f"'{text}' is not a number{hint}"
    value = Decimal(text)
    if value < 0:
        return None, f"{text} is negative (counts and areas cannot be)"
    if whole and value != value.to_integral_value():
        hint = (
            f" (write {text.replace('.', '')} without a thousands separator)"
            if GROUPED.fullmatch(text)
            else ""
        )
        return None, f"{text} is not a whole number{hint}"
    _sign, digits, exponent = value.as_tuple()
    if len(digits) > DIGITS or value.adjusted() >= BEFORE or -int(exponent) > AFTER:
        return None, (
            f"{text} has too many digits for the data downloads (at most {DIGITS} in all, {BEFORE} before "
            f"the '.' and {AFTER} after; check it against the source)"
        )
    return value, None
