"""Parsed sources kept between builds: reused by key, each build its own copy, nothing but data unpickled."""

from __future__ import annotations

import os
import pickle
from decimal import Decimal

import pytest

from sitegen.load.memo import LoadMemo, restricted_loads
from sitegen.load.pages import Page


def page(title: str = "Ordliste") -> Page:
    return Page(
        "glossary", "da", None, title, "ordliste", "", 100, "Tekst.\n", "content/pages/da/glossary.md", 6
    )


def test_an_entry_of_the_last_build_is_used_instead_of_parsing() -> None:
    first = LoadMemo()
    assert first.parsed("pages", "k", lambda: (page(), [])) == (page(), [])
    again = LoadMemo(first.kept)
    assert again.parsed("pages", "k", lambda: pytest.fail("parsed again")) == (page(), [])
    assert again.kept == first.kept
    assert LoadMemo(first.kept).parsed("pages", "other", lambda: (page("Ord"), [])) == (page("Ord"), [])


def test_each_build_gets_its_own_copy() -> None:
    first = LoadMemo()
    found = first.parsed("editions", "k", lambda: {"values": [Decimal("1.5")]})
    found["values"].append(Decimal(2))  # what a build does with what it loaded stays in that build
    assert LoadMemo(first.kept).parsed("editions", "k", dict) == {"values": [Decimal("1.5")]}


def test_entries_no_file_needs_any_more_are_not_kept() -> None:
    first = LoadMemo()
    first.parsed("pages", "old", lambda: (page(), []))
    again = LoadMemo(first.kept)
    again.parsed("pages", "new", lambda: (page("Ord"), []))
    assert set(again.kept["pages"]) == {"new"}


class Planted:
    def __reduce__(self):
        return (os.system, ("echo planted",))


def test_an_entry_that_would_call_anything_is_refused_and_parsed_afresh() -> None:
    planted = pickle.dumps(Planted())
    with pytest.raises(pickle.UnpicklingError, match=r"posix\.system is not part of parsed sources"):
        restricted_loads(planted)
    memo = LoadMemo({"pages": {"k": planted, "broken": b"\x80\x05garbage"}})
    assert memo.parsed("pages", "k", lambda: (page(), [])) == (page(), [])
    assert memo.parsed("pages", "broken", lambda: (page("Ord"), [])) == (page("Ord"), [])
    assert restricted_loads(memo.kept["pages"]["k"]) == (page(), [])
