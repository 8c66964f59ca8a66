"""`sitegen translations`: which translations are current, stale, unrecorded or missing; what changed; record.

PAGE names a pair: a shared page by its id (`about`), an edition page by edition folder and id
(`2025-q1/clearance`), either language's file (`content/pages/en/about.md`), or `catalog` for the
interface catalogs."""

from __future__ import annotations

import os
from pathlib import Path

from ..compute.translations import (
    CURRENT,
    MISSING,
    STATES,
    UNRECORDED,
    Status,
    changed_on,
    recorded_version,
    translation_status,
)
from ..errors import BuildError, Problem
from ..load.catalogs import check_catalogs, load_catalogs
from ..load.history import diff_since, file_versions
from ..load.ledger import CATALOG, LEDGER, Pair, check_ledger, format_ledger, load_ledger, load_pairs
from ..load.pages import load_pages
from ..render.parity import parity_problems


def status_report(root: Path) -> tuple[list[str], list[Problem]]:
    """One line per pair, then a count of each state; and the ledger's own problems."""
    ledger, problems = load_ledger(root)
    pairs = load_pairs(root)
    problems += check_ledger(ledger, {pair.name for pair in pairs})
    statuses = translation_status(pairs, ledger)
    width = max(len(pair.name) for pair in pairs)
    lines = [f"{s.pair.name:<{width}}  {s.state:<10}  {detail(root, s)}".rstrip() for s in statuses]
    counts = ", ".join(f"{sum(s.state == state for s in statuses)} {state}" for state in STATES)
    return [*lines, f"sitegen: {counts}"], problems


def detail(root: Path, status: Status) -> str:
    """What a state means for this pair, and what to run next."""
    pair = status.pair
    if status.state == MISSING:
        return (
            f"no original {pair.original}"
            if pair.fingerprint is None
            else f"no translation {pair.translation}"
        )
    if status.state == UNRECORDED:
        return f"not recorded (when checked: sitegen translations --done {pair.name})"
    if status.state == CURRENT:
        return ""
    versions = file_versions(root, pair.original)
    day = changed_on(versions, pair.fingerprint or "") if versions else None
    if day:
        when = f"on {day.isoformat()}"
    else:
        when = "(no git history to date it)" if versions is None else "(not committed yet)"
    return f"original changed {when}; see sitegen translations --diff {pair.name}"


def diff_report(root: Path, page: str) -> tuple[str, bool]:
    """What changed in a page's original since its translation was recorded; False when it cannot tell."""
    pair = find_pair(root, page, load_pairs(root))
    recorded = load_ledger(root)[0].recorded(pair.lang, pair.name)
    if pair.fingerprint is None:
        return f"sitegen: {pair.original} does not exist", False
    if recorded is None:
        return (
            f"sitegen: '{pair.name}' is not recorded in {LEDGER}, so there is nothing to compare with",
            False,
        )
    if recorded == pair.fingerprint:
        return (
            f"sitegen: '{pair.name}' is current: {pair.original} has not changed since it was recorded",
            True,
        )
    versions = file_versions(root, pair.original)
    if versions is None:
        return f"sitegen: no git history here, so what changed in {pair.original} cannot be shown", False
    version = recorded_version(versions, recorded)
    if version is None:
        return (
            f"sitegen: no commit holds the {pair.original} that '{pair.name}' was recorded against "
            f"(see git log -p -- {pair.original})",
            False,
        )
    diff = diff_since(root, version.commit, pair.original) or ""
    head = (
        f"sitegen: {pair.original} since '{pair.name}' was recorded ({version.commit[:7]}, {version.date}):"
    )
    return f"{head}\n{diff.rstrip()}", True


def record_done(root: Path, pages: list[str] | None) -> list[str]:
    """Record translations as current (all present ones when `pages` is None) and write the ledger.

    Refuses, writing nothing, while a chosen pair has a problem: a file missing or broken, references or
    headings that differ, an incomplete catalog."""
    ledger, problems = load_ledger(root)
    if ledger.broken:
        raise BuildError(problems)
    pairs = load_pairs(root)
    if pages is None:
        chosen = [pair for pair in pairs if pair.fingerprint and pair.translated]
    else:
        chosen = list(dict.fromkeys(find_pair(root, page, pairs) for page in pages))
    problems = readiness_problems(root, chosen)
    if problems:
        raise BuildError(problems)
    names = {pair.name for pair in pairs}
    entries = {
        lang: {name: e.fingerprint for name, e in table.items() if name in names}
        for lang, table in ledger.entries.items()
    }
    notes = [
        f"sitegen: dropped '{name}' from {LEDGER} (no such page)"
        for lang, table in sorted(ledger.entries.items())
        for name in sorted(table)
        if name not in names
    ] + [f"sitegen: dropped the malformed entry of '{name}' from {LEDGER}" for name in sorted(ledger.invalid)]
    for pair in chosen:
        entries.setdefault(pair.lang, {})[pair.name] = pair.fingerprint or ""
    write_ledger(root, format_ledger(entries))
    return [*notes, *(f"sitegen: recorded '{pair.name}' ({pair.lang}) as current" for pair in chosen)]


def readiness_problems(root: Path, chosen: list[Pair]) -> list[Problem]:
    """Why a pair cannot be recorded as current yet."""
    pages, problems = load_pages(root)
    by_path = {page.path: page for page in pages}
    found = []
    for pair in chosen:
        files = (pair.original, pair.translation)
        found += [p for p in problems if p.path in files]
        for path in files:
            if not (root / path).is_file():
                found.append(Problem(path, 0, "file is missing (write the translation, then record it)"))
        if pair.name == CATALOG:
            catalogs, catalog_problems = load_catalogs(root)
            found += catalog_problems + check_catalogs(catalogs)
        elif pair.original in by_path and pair.translation in by_path:
            found += parity_problems(by_path[pair.original], by_path[pair.translation], warning=False)
    return found


def find_pair(root: Path, page: str, pairs: list[Pair]) -> Pair:
    """The pair a PAGE argument names: its name, or either language's file."""
    for pair in pairs:
        if pair.name in (page, page.lower()):
            return pair
    given = {(Path.cwd() / page).resolve(), (root / page).resolve()}
    for pair in pairs:
        if given & {(root / pair.original).resolve(), (root / pair.translation).resolve()}:
            return pair
    hint = "a page id such as about, an edition page such as 2025-q1/clearance, a page's file, or catalog"
    raise BuildError([Problem("translations", 0, f"'{page}' names no page (give {hint})")])


def write_ledger(root: Path, text: str) -> None:
    """Replace the ledger in one step, so an interrupted write leaves the old one."""
    path = root / LEDGER
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)
