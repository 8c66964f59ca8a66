"""Preview server: serve site/ on 127.0.0.1 and rebuild when a source file changes."""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from ..build import build
from ..errors import BuildError

WATCHED = ("content", "templates", "translations", "sitegen")


def snapshot(root: Path) -> dict[str, float]:
    """Modification times of every source file, to notice edits without extra dependencies."""
    stamps = {}
    for folder in WATCHED:
        for path in (root / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                stamps[path.as_posix()] = path.stat().st_mtime
    return stamps


def rebuild(root: Path, out: Path) -> None:
    """Build once, without the PDFs (the edit loop never waits for them); on problems keep serving the
    previous site and print what to fix."""
    try:
        build(root, out, preview=True)
        print(f"sitegen: rebuilt {out}", file=sys.stderr)
    except BuildError as exc:
        print("\n".join(str(p) for p in exc.problems), file=sys.stderr)
        print("sitegen: build failed; still serving the previous site", file=sys.stderr)


def watch(root: Path, out: Path, interval: float = 0.5) -> None:
    """Poll for changes forever and rebuild after each."""
    seen = snapshot(root)
    while True:
        time.sleep(interval)
        current = snapshot(root)
        if current != seen:
            seen = current
            rebuild(root, out)


def serve(root: Path, port: int) -> None:
    """Build, then serve on 127.0.0.1:port until interrupted."""
    out = root / "site"
    rebuild(root, out)
    threading.Thread(target=watch, args=(root, out), daemon=True).start()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        print(f"sitegen: serving http://127.0.0.1:{port}/ (Ctrl+C stops)", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
