"""What render.memo keeps between builds (page bodies, heading outlines) on disk: one JSON file named by
the code that made it.

Its name hashes the Markdown renderer's source and markdown-it-py's version, so a change to either
starts afresh; an unreadable or broken file is the same as none (the bodies are rendered again)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import markdown_it

from ..render import markdown, memo
from ..render.memo import SECTIONS, BodyMemo

FIELDS = {"calls", "figures", "html", "issues", "headings", "blocks"}


def memo_file(cache: Path) -> Path:
    digest = hashlib.sha256(markdown_it.__version__.encode())
    for module in (markdown, memo):
        digest.update(Path(module.__file__ or "").read_bytes())
    return cache / f"{digest.hexdigest()[:16]}.json"


def load_memo(cache: Path) -> BodyMemo:
    """The bodies and outlines kept by the last build, or none."""
    try:
        last = json.loads(memo_file(cache).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return BodyMemo()
    return BodyMemo(last if well_formed(last) else {})


def well_formed(last: object) -> bool:
    """The shape `BodyMemo` reads: entries with every field for each body, [level, line] pairs for each
    outline."""
    return (
        isinstance(last, dict)
        and set(last) == set(SECTIONS)
        and each(last["bodies"], lambda kept: all(isinstance(e, dict) and e.keys() >= FIELDS for e in kept))
        and each(last["outlines"], lambda outline: all(pair(h) for h in outline))
    )


def each(section: object, good: Callable[[list], bool]) -> bool:
    return isinstance(section, dict) and all(isinstance(v, list) and good(v) for v in section.values())


def pair(heading: object) -> bool:
    return isinstance(heading, list) and len(heading) == 2 and all(type(n) is int for n in heading)


def store_memo(cache: Path, used: BodyMemo) -> None:
    """Keep what this build used for the next one (unless it is what was there); drop any other file."""
    path = memo_file(cache)
    if used.kept == used.last and path.is_file():
        return
    cache.mkdir(parents=True, exist_ok=True)
    staging = cache / f".{path.name}.{os.getpid()}"
    with staging.open("w", encoding="utf-8") as out:
        write_json(used.kept, out)
    staging.replace(path)
    for other in cache.glob("*.json"):
        if other != path:
            other.unlink(missing_ok=True)


def write_json(kept: dict[str, dict], out: TextIO) -> None:
    """`json.dump(kept, out, ensure_ascii=False, sort_keys=True)`, the same text, an entry at a time with
    json's C encoder: at a hundred editions the memo is 40 MB of JSON, which as one string (and its UTF-8
    copy) was the build's largest moment of memory, and json.dump would encode it in Python.

    A key's list is written an item at a time too: the same text in many editions (a page kept alike
    from quarter to quarter) is one key with an entry per edition, and encoding those 100 entries at once
    took 60 MB."""
    out.write("{")
    for i, section in enumerate(sorted(kept)):
        out.write(f"{', ' if i else ''}{json.dumps(section)}: {{")
        for j, key in enumerate(sorted(kept[section])):
            out.write(f"{', ' if j else ''}{json.dumps(key)}: [")
            for k, item in enumerate(kept[section][key]):
                out.write(f"{', ' if k else ''}{json.dumps(item, ensure_ascii=False, sort_keys=True)}")
            out.write("]")
        out.write("}")
    out.write("}")
