"""The interface catalogs: translations/<lang>/LC_MESSAGES/messages.po, read and checked strictly."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from ..errors import Problem, relpath
from .settings import LANGS


@dataclass(frozen=True)
class Catalog:
    """A language's compiled messages, kept with their source for error messages."""

    lang: str
    path: str
    messages: dict[str, str]


def load_catalogs(root: Path) -> tuple[dict[str, Catalog], list[Problem]]:
    """Read translations/<lang>/LC_MESSAGES/messages.po for each language."""
    catalogs, problems = {}, []
    for lang in LANGS:
        path = root / "translations" / lang / "LC_MESSAGES" / "messages.po"
        where = relpath(path, root)
        try:
            text = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(where, 0, "catalog is missing (run pybabel init, see README)"))
            continue
        catalog, found = parse_po(text, lang, where)
        catalogs[lang] = catalog
        problems += found
    return catalogs, problems


def parse_po(data: bytes, lang: str, where: str) -> tuple[Catalog, list[Problem]]:
    """Parse a .po file; an untranslated or fuzzy entry is a problem, never a silent fallback."""
    try:
        po = read_po(io.BytesIO(data), locale=lang)
    except Exception as exc:  # babel raises several types for broken files
        return Catalog(lang, where, {}), [Problem(where, 0, f"catalog does not parse: {exc}")]
    problems, messages = [], {}
    for msg in po:
        if not msg.id:
            continue
        line = msg.lineno or 0
        if msg.fuzzy:
            problems.append(
                Problem(
                    where,
                    line,
                    f"entry '{msg.id}' is fuzzy (check the translation, remove '#, fuzzy')",
                )
            )
        elif not msg.string:
            problems.append(Problem(where, line, f"entry '{msg.id}' is not translated (fill in msgstr)"))
        else:
            messages[msg.id] = msg.string
    return Catalog(lang, where, messages), problems


def check_catalogs(catalogs: dict[str, Catalog]) -> list[Problem]:
    """Every message id exists in every language's catalog."""
    problems = []
    ids = set().union(*(c.messages for c in catalogs.values())) if catalogs else set()
    for cat in catalogs.values():
        for msgid in sorted(ids - cat.messages.keys()):
            problems.append(
                Problem(
                    cat.path,
                    0,
                    f"entry '{msgid}' is missing in the {cat.lang} catalog (add and translate it)",
                )
            )
    return problems
