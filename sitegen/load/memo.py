"""Parsed sources kept from the last build: the schema, a page, an edition's data or a catalog whose bytes
are unchanged is not parsed again, nor is the Danish catalog for its translation fingerprint. At a hundred
editions parsing is most of loading (0.45 of 0.53 s): 1,808 pages' front matter and 100 editions' TOML
and CSV, checked cell by cell.

An entry is keyed by the names and bytes of every file its parse read (an edition also by the schema's
files), and kept as pickled bytes: each build unpickles its own copy, so nothing a build does to what it
loaded can reach the next. The entries are read back by an unpickler that makes only sitegen's own classes,
decimals and dates: the cache cannot call anything else."""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .files import Digests, digest_files

SECTIONS = ("schema", "pages", "editions", "catalogs", "fingerprints")
ALLOWED = {("decimal", "Decimal"), ("datetime", "date")}  # beside sitegen's classes
T = TypeVar("T")


@dataclass
class LoadMemo:
    """What the last build kept (`last`) and what this build used or parsed (`kept`, what the next build
    gets: an entry no file needs any more is dropped), each pickled entry by key in SECTIONS."""

    last: dict[str, dict[str, bytes]] = field(default_factory=dict)
    kept: dict[str, dict[str, bytes]] = field(default_factory=lambda: {name: {} for name in SECTIONS})
    digests: Digests = field(default_factory=Digests)  # the files this build has read, for every key

    def key(self, paths: list[Path], root: Path) -> str:
        """The key of what was parsed from these files: their names and bytes."""
        return digest_files(paths, root, self.digests)

    def parsed(self, section: str, key: str, parse: Callable[[], T]) -> T:
        """`parse()`, or what it gave the last build for the same key."""
        entry = self.last.get(section, {}).get(key)
        if entry is not None:
            try:
                found = restricted_loads(entry)
            except Exception:  # a broken or foreign entry (any error unpickling it) is parsed afresh
                pass
            else:
                self.kept[section][key] = entry
                return found
        result = parse()
        with suppress(pickle.PicklingError, TypeError, AttributeError):  # not kept: parsed again next time
            self.kept[section][key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return result


class SourcesUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> type:
        found = super().find_class(module, name)
        if isinstance(found, type) and (module.startswith("sitegen.") or (module, name) in ALLOWED):
            return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of parsed sources")


def restricted_loads(data: bytes) -> object:
    """Unpickle `data`, making no object but sitegen's classes, decimals, dates and plain containers."""
    return SourcesUnpickler(io.BytesIO(data)).load()
