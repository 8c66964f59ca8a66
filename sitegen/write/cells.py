"""Text cells of the downloads, made safe for spreadsheets (the one place that does it).

A cell that starts with = + - @ (or a tab or carriage return) is read as a formula by Excel and
LibreOffice when the file is opened, so such a text gets a leading apostrophe (OWASP's advice for CSV
injection). Numbers stay numbers: '-5' and '-0.5' are left alone."""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def neutralise(text: str) -> str:
    """The text, with an apostrophe before it when a spreadsheet would otherwise run it."""
    if text.startswith(TRIGGERS) and not NUMBER.fullmatch(text):
        return "'" + text
    return text
