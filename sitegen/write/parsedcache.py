"""What load.memo keeps between builds (the parsed schema, pages, editions, catalogs and fingerprints) on
disk: one pickle file a section, named by the loading code that parsed it.

Its name hashes the source of the load stage and of the problems it reports, so a change to either
starts afresh; an unreadable or broken file is the same as none (the sources are parsed again). The file
holds a mapping of keys to pickled bytes and is read back with the memo's restricted unpickler."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from .. import errors, load
from ..charts.cache import library_versions
from ..load.memo import SECTIONS, LoadMemo, restricted_loads

# Beside the standard library's TOML and CSV readers: openpyxl (tables given as workbooks), Babel (catalogs)
READERS = (("openpyxl", "_constants.py"), ("babel", "__init__.py"))


def memo_file(cache: Path, section: str) -> Path:
    return cache / f"{section}-{loader_digest()}.pickle"


@functools.cache
def loader_digest() -> str:
    """The load stage's source and the problems', and the versions of the readers it uses: what the
    entries were made by (read once a process)."""
    digest = hashlib.sha256(library_versions(READERS).encode())
    for module in [*sorted(Path(load.__file__ or "").parent.glob("*.py")), Path(errors.__file__ or "")]:
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:16]


def load_parsed(cache: Path) -> LoadMemo:
    """The parsed sources kept by the last build, or none."""
    last = {}
    for section in SECTIONS:
        try:
            entries = restricted_loads(memo_file(cache, section).read_bytes())
        except Exception:  # missing, unreadable or broken: parsed afresh
            continue
        if isinstance(entries, dict) and all(
            isinstance(k, str) and isinstance(v, bytes) for k, v in entries.items()
        ):
            last[section] = entries
    return LoadMemo(last)


def store_parsed(cache: Path, used: LoadMemo) -> None:
    """Keep what this build used for the next one, each section unless it is what was there; drop any
    other file."""
    paths = {memo_file(cache, section) for section in SECTIONS}
    for section in SECTIONS:
        path = memo_file(cache, section)
        if used.kept[section] == used.last.get(section) and path.is_file():
            continue
        cache.mkdir(parents=True, exist_ok=True)
        staging = cache / f".{path.name}.{os.getpid()}"
        staging.write_bytes(pickle.dumps(used.kept[section], protocol=pickle.HIGHEST_PROTOCOL))
        staging.replace(path)
    for other in cache.glob("*.pickle") if cache.is_dir() else ():
        if other not in paths:
            other.unlink(missing_ok=True)
