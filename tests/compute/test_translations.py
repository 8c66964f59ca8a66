from datetime import date

from sitegen.compute.translations import (
    CURRENT,
    MISSING,
    STALE,
    UNRECORDED,
    changed_on,
    recorded_version,
    status_problems,
    translation_status,
)
from sitegen.load.history import Version
from sitegen.load.ledger import LEDGER, Entry, Ledger, Pair

A, B, C = "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"


def pair(name: str, fingerprint: str | None, translated: bool = True) -> Pair:
    return Pair(
        name, "en", f"content/pages/da/{name}.md", f"content/pages/en/{name}.md", fingerprint, translated
    )


LEDGER_AB = Ledger(LEDGER, True, {"en": {"about": Entry(A, 6), "method": Entry(A, 7)}})


def test_each_state() -> None:
    pairs = [
        pair("about", A),
        pair("method", B),
        pair("glossary", A),
        pair("new", A, False),
        pair("old", None),
    ]
    states = {s.pair.name: s.state for s in translation_status(pairs, LEDGER_AB)}
    assert states == {
        "about": CURRENT,
        "method": STALE,
        "glossary": UNRECORDED,
        "new": MISSING,
        "old": MISSING,
    }


def test_stale_and_unrecorded_are_warnings_with_what_to_run() -> None:
    statuses = translation_status([pair("about", A), pair("method", B), pair("glossary", A)], LEDGER_AB)
    assert [str(p) for p in status_problems(statuses, LEDGER_AB)] == [
        "content/pages/en/method.md:1: warning: content/pages/da/method.md changed after this translation "
        "was recorded (see 'sitegen translations --diff method', update the translation, then run "
        "'sitegen translations --done method')",
        f"content/pages/en/glossary.md:1: warning: translation is not recorded in {LEDGER} (when it matches "
        "content/pages/da/glossary.md, run 'sitegen translations --done glossary')",
    ]


def test_without_a_ledger_one_warning_says_so() -> None:
    ledger = Ledger(LEDGER, False, {})
    statuses = translation_status([pair("about", A), pair("method", B)], ledger)
    assert [p.path for p in status_problems(statuses, ledger)] == [LEDGER]


def test_a_broken_entry_is_reported_once_by_the_ledger_not_again_here() -> None:
    ledger = Ledger(LEDGER, True, {}, invalid=frozenset({"about"}))
    assert status_problems(translation_status([pair("about", A)], ledger), ledger) == []
    broken = Ledger(LEDGER, True, {}, broken=True)
    assert status_problems(translation_status([pair("about", A)], broken), broken) == []


def test_the_day_the_original_took_its_present_text() -> None:
    versions = [
        Version("c4", date(2025, 6, 10), C),
        Version("c3", date(2025, 6, 3), C),
        Version("c2", date(2025, 5, 20), B),
        Version("c1", date(2025, 5, 1), C),
    ]
    assert changed_on(versions, C) == date(2025, 6, 3)
    assert changed_on(versions, A) is None  # not committed yet
    assert changed_on([], C) is None
    assert changed_on(versions[:1], C) == date(2025, 6, 10)  # one commit: its day
    assert changed_on([versions[0], versions[2]], C) == date(2025, 6, 10)  # the text changed just before
    assert recorded_version(versions, B).commit == "c2"
    assert recorded_version(versions, C).commit == "c4"
    assert recorded_version(versions, A) is None
