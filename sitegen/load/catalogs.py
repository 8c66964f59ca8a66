"""The interface catalogs: translations/<lang>/LC_MESSAGES/messages.po, read and checked strictly."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..errors import Problem, processing, relpath
from .files import read_text
from .memo import LoadMemo
from .settings import LANGS

# What a translation must carry over from its msgid: %-placeholders (templates), {}-fields (code), and
# percent signs, which templates' %-formatting would otherwise misread ('100%' raises, '%%' is one '%').
PLACEHOLDER = re.compile(r"%\([^)]*\)[#0 +-]*[0-9]*(?:\.[0-9]+)?[a-zA-Z]|%%|%|\{\{|\}\}|\{[^{}]*\}")


@dataclass(frozen=True)
class Catalog:
    """A language's compiled messages, kept with their source for error messages."""

    lang: str
    path: str
    messages: dict[str, str]
    listed: frozenset[str] = frozenset()  # every entry of the file, usable or not


def load_catalogs(root: Path, memo: LoadMemo | None = None) -> tuple[dict[str, Catalog], list[Problem]]:
    """Read translations/<lang>/LC_MESSAGES/messages.po for each language; `memo` has the catalogs the
    last build parsed, by their bytes (Babel's parser took about 10 ms of a prose edit's rebuild)."""
    catalogs, problems = {}, []
    for lang in LANGS:
        path = root / "translations" / lang / "LC_MESSAGES" / "messages.po"
        where = relpath(path, root)
        if not path.exists():
            problems.append(Problem(where, 0, "catalog is missing (run pybabel init, see README)"))
            continue
        with processing(where):
            read = partial(read_catalog, path, root, lang)
            catalog, found = memo.parsed("catalogs", memo.key([path], root), read) if memo else read()
        catalogs[lang] = catalog
        problems += found
    return catalogs, problems


def read_catalog(path: Path, root: Path, lang: str) -> tuple[Catalog, list[Problem]]:
    """Read and parse one catalog (read here, as load.pages reads a page: a cached one is not read again)."""
    where = relpath(path, root)
    text, problem = read_text(path, root)
    if problem:
        return Catalog(lang, where, {}), [problem]
    return parse_po(text.encode("utf-8"), lang, where)


def parse_po(data: bytes, lang: str, where: str) -> tuple[Catalog, list[Problem]]:
    """Parse a .po file; an untranslated or fuzzy entry, or one whose placeholders differ from its msgid's,
    is a problem, never a silent fallback (nor a crash while rendering)."""
    from babel.messages.pofile import read_po

    try:
        po = read_po(io.BytesIO(data), locale=lang)
    except Exception as exc:  # babel raises several types for broken files
        return Catalog(lang, where, {}), [Problem(where, 0, f"catalog does not parse: {exc}")]
    problems, messages = [], {}
    for msg in po:
        if not msg.id:
            continue
        line = msg.lineno or 0
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        if msg.fuzzy:
            problems.append(
                Problem(
                    where,
                    line,
                    f"entry '{msg.id}' is fuzzy (check the translation, remove '#, fuzzy')",
                )
            )
        elif not all(strings):
            problems.append(Problem(where, line, f"entry '{msg.id}' is not translated (fill in msgstr)"))
        elif mismatch := placeholder_mismatch(msg.id, strings):
            problems.append(Problem(where, line, f"entry '{msg.id}': {mismatch}"))
        else:
            messages[msg.id] = msg.string
    listed = frozenset(msg.id for msg in po if msg.id)
    return Catalog(lang, where, messages, listed), problems


def placeholder_mismatch(msgid: str | tuple[str, ...], strings: tuple[str, ...]) -> str | None:
    """How a translation's placeholders differ from its msgid's, or None when they are the same."""
    ids = msgid if isinstance(msgid, tuple) else (msgid,)
    for i, string in enumerate(strings):
        wanted = Counter(PLACEHOLDER.findall(ids[min(i, len(ids) - 1)]))
        found = Counter(PLACEHOLDER.findall(string))
        if wanted != found:
            missing, extra = sorted((wanted - found).elements()), sorted((found - wanted).elements())
            parts = [f"lacks {' '.join(missing)}"] if missing else []
            parts += [f"has {' '.join(extra)}, which msgid does not"] if extra else []
            hint = "; write %% for a percent sign" if "%" in extra else ""
            return f"msgstr {' and '.join(parts)} (keep msgid's placeholders exactly{hint})"
    return None


def check_catalogs(catalogs: dict[str, Catalog]) -> list[Problem]:
    """Every message id exists in every language's catalog."""
    problems = []
    ids = set().union(*(c.messages for c in catalogs.values())) if catalogs else set()
    for cat in catalogs.values():
        for msgid in sorted(ids - cat.messages.keys() - cat.listed):
            problems.append(
                Problem(
                    cat.path,
                    0,
                    f"entry '{msgid}' is missing in the {cat.lang} catalog (add and translate it)",
                )
            )
    return problems
