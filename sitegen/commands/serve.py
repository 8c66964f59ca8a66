"""Preview server: serve site/ on 127.0.0.1 and rebuild when a source file changes.

The watcher survives every failure: it prints it and keeps the last good site, and while the latest
rebuild has failed every HTML page the server sends says so at its top (`inject`, only in the server's
responses, never in site/)."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..build import build
from ..errors import BuildError, UsageError, failure_line
from ..write.output import check_target

WATCHED = ("content", "templates", "translations", "sitegen")


@dataclass
class Status:
    """The outcome of the latest rebuild: the lines that say why it failed, or none."""

    failure: list[str] = field(default_factory=list)


def snapshot(root: Path) -> dict[str, float]:
    """Modification times of every source file, to notice edits without extra dependencies."""
    stamps = {}
    for folder in WATCHED:
        for path in (root / folder).rglob("*"):
            with contextlib.suppress(OSError):  # removed while we looked: the next scan sees it gone
                if path.is_file() and "__pycache__" not in path.parts:
                    stamps[path.as_posix()] = path.stat().st_mtime
    return stamps


def rebuild(root: Path, out: Path, status: Status) -> None:
    """Build once, without the PDFs (the edit loop never waits for them); on any failure keep serving the
    previous site and print what went wrong."""
    try:
        build(root, out, preview=True)
    except BuildError as exc:
        status.failure = [str(p) for p in exc.problems]
    except Exception as exc:  # an OS error, a refusal or a bug: the watcher must survive it
        status.failure = [failure_line(exc)]
    else:
        status.failure = []
        print(f"sitegen: rebuilt {out}", file=sys.stderr)
        return
    print("\n".join(status.failure), file=sys.stderr)
    print("sitegen: build failed; still serving the previous site", file=sys.stderr)


def watch(root: Path, out: Path, status: Status, interval: float = 0.5) -> None:
    """Poll for changes forever and rebuild after each; nothing stops it but the process ending."""
    seen = snapshot(root)
    while True:
        time.sleep(interval)
        try:
            current = snapshot(root)
            if current != seen:
                seen = current
                rebuild(root, out, status)
        except Exception as exc:  # the watcher never dies
            print(failure_line(exc), file=sys.stderr)


def notice(failure: list[str]) -> bytes:
    """The failed rebuild as a block for the top of a page: plain HTML (the CSP allows no inline style),
    marked so that it shows without any stylesheet, in the site's own margins where it has them."""
    items = "".join(f"<li>{escape(line)}</li>" for line in failure)
    return (
        '<div role="alert" lang="en" class="wrap"><p><mark><strong>sitegen: the last rebuild failed; '
        f"this is the previous site.</strong></mark></p><ul>{items}</ul></div>\n"
    ).encode()


def inject(html: bytes, snippet: bytes) -> bytes:
    """Put a snippet at the start of a page's body (the server's responses only, never site/)."""
    body = re.search(rb"<body[^>]*>", html, flags=re.IGNORECASE)
    at = body.end() if body else 0
    return html[:at] + snippet + html[at:]


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; while the latest rebuild has failed, HTML pages carry the notice."""

    def __init__(self, *args, status: Status, **kwargs) -> None:
        self.status = status
        super().__init__(*args, **kwargs)

    def send_head(self):  # -> io.BytesIO | BinaryIO | None
        page = self.html_file()
        if not self.status.failure or page is None:
            return super().send_head()
        try:
            body = inject(page.read_bytes(), notice(self.status.failure))
        except OSError:  # replaced while we read it: serve it as usual
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    def html_file(self) -> Path | None:
        """The HTML file a request is for, or None (other files, folders without a trailing slash)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return None  # the base class redirects to the slashed URL
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None


def serve(root: Path, port: int) -> None:
    """Claim the port, build, then serve on 127.0.0.1:port until interrupted."""
    out = root / "site"
    status = Status()
    handler = functools.partial(Handler, directory=str(out), status=status)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise UsageError(
            f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc} (choose another port with --port)"
        ) from exc
    with server:
        check_target(out, root)
        rebuild(root, out, status)
        threading.Thread(target=watch, args=(root, out, status), daemon=True).start()
        print(f"sitegen: serving http://127.0.0.1:{port}/ (Ctrl+C stops)", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
