"""Preview server: serve site/ on 127.0.0.1, rebuild when a source file changes, and reload open pages.

The watcher survives every failure: it prints it and keeps the last good site. Every HTML page the server
sends carries the live-reload script (`reload.js`, served at RELOAD) and, while the latest rebuild has
failed, a notice of its problems at its top (`inject`, only in the server's responses, never in site/).
The script asks STATUS for the latest rebuild: after a successful one it reloads the page where the
reader was, after a failed one it shows the problems over the page."""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import json
import re
import secrets
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from ..build import build
from ..errors import BuildError, UsageError, failure_line
from ..load.settings import LANGS
from ..render.templates import CSP
from ..report import Report
from ..write.output import check_target

WATCHED = ("content", "templates", "translations", "sitegen")
SERVER = "/__sitegen/"  # the server's own addresses, which site/ never has
RELOAD = SERVER + "reload.js"
STATUS = SERVER + "status"
SCRIPT = Path(__file__).with_name("reload.js")
META_CSP = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', re.IGNORECASE)


@dataclass
class Status:
    """The outcome of the latest rebuild: the lines that say why it failed, or none; and which it was."""

    failure: list[str] = field(default_factory=list)
    builds: int = 0  # rebuilds so far, failed ones included
    run: str = field(default_factory=lambda: secrets.token_hex(4))  # this server: a restart reloads too

    def build_id(self) -> str:
        """The latest rebuild's name: a page served before it reloads when it sees another."""
        return f"{self.run}.{self.builds}"

    def as_json(self) -> bytes:
        """What the reload script asks for."""
        return json.dumps({"build": self.build_id(), "problems": self.failure}).encode()


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
    """Build once, without the PDFs (the edit loop never waits for them), showing progress on long work;
    on any failure keep serving the previous site and print what went wrong. Open pages learn the outcome
    from `status`."""
    with Report(sys.stderr) as report:
        failure = attempt(root, out, report)
    done = "rebuilt" if status.builds else "built"
    status.failure = failure
    status.builds += 1  # after the failure: a page that sees the new build sees its outcome too
    if not failure:
        print(f"sitegen: {done} {out} in {report.elapsed()}", file=sys.stderr)
        return
    print("\n".join(failure), file=sys.stderr)
    print("sitegen: build failed; still serving the previous site", file=sys.stderr)


def attempt(root: Path, out: Path, report: Report) -> list[str]:
    """Build once; the lines that say why it failed, or none."""
    try:
        build(root, out, preview=True, report=report)
    except BuildError as exc:
        return [str(p) for p in exc.problems]
    except Exception as exc:  # an OS error, a refusal or a bug: the watcher must survive it
        return [failure_line(exc)]
    return []


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
    marked so that it shows without any stylesheet, in the site's own margins where it has them. The
    reload script replaces it with its overlay (the same id)."""
    items = "".join(f"<li>{escape(line)}</li>" for line in failure)
    return (
        '<div id="sitegen-problems" role="alert" lang="en" class="wrap"><p><mark><strong>sitegen: the last '
        f"rebuild failed; this is the previous site.</strong></mark></p><ul>{items}</ul></div>\n"
    ).encode()


def inject(html: bytes, snippet: bytes) -> bytes:
    """Put a snippet at the start of a page's body (the server's responses only, never site/)."""
    body = re.search(rb"<body[^>]*>", html, flags=re.IGNORECASE)
    at = body.end() if body else 0
    return html[:at] + snippet + html[at:]


def served_page(html: bytes, status: Status) -> bytes:
    """A page of site/ as the server sends it: its CSP allows the reload script, which comes first in
    its body with the build it was served from, after it the notice of a failed rebuild."""
    script = f'<script src="{RELOAD}" data-build="{status.build_id()}" defer></script>\n'.encode()
    snippet = script + (notice(status.failure) if status.failure else b"")
    return inject(META_CSP.sub(allow_in_meta, html, count=1), snippet)


def allow_in_meta(match: re.Match[bytes]) -> bytes:
    """The page's own CSP (its <meta>), with the reload script allowed."""
    policy = with_script(unescape(match[2].decode()))
    return match[1] + escape(policy).encode() + match[3]


def with_script(policy: str) -> str:
    """A CSP that also allows same-origin scripts (the reload script), all else as it was: the site's own
    policy allows them already (the search page's script), a policy without it is made to."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    for i, directive in enumerate(directives):
        name, *sources = directive.split()
        if name.lower() == "script-src":
            kept = [s for s in sources if s != "'none'"]
            directives[i] = " ".join([name, *kept, *([] if "'self'" in kept else ["'self'"])])
            return "; ".join(directives)
    return "; ".join([*directives, "script-src 'self'"])


SERVER_CSP = with_script(CSP)  # the site's policy, for the server's responses only


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site with the reload script in its pages, the script, and the latest rebuild's status;
    every response carries the site's CSP with that script allowed."""

    def __init__(self, *args, status: Status, **kwargs) -> None:
        self.status = status
        super().__init__(*args, **kwargs)

    def send_head(self):  # -> io.BytesIO | BinaryIO | None
        address = self.path.split("?")[0]
        if address == RELOAD:
            return self.send_bytes(SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if address == STATUS:
            return self.send_bytes(self.status.as_json(), "application/json")
        page = self.html_file()
        if page is None:
            return super().send_head()
        try:
            html = page.read_bytes()
        except OSError:  # replaced while we read it: serve it as usual
            return super().send_head()
        return self.send_bytes(served_page(html, self.status), "text/html; charset=utf-8")

    def send_bytes(self, body: bytes, content_type: str) -> io.BytesIO:
        """A response the server makes itself, never cached (it changes with each rebuild)."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", SERVER_CSP)
        super().end_headers()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log only the requests that failed (a missing file): every reload of every open page, and the
        reload script's polling twice a second, would bury the build's own messages."""
        if isinstance(code, int) and code >= 400:
            super().log_request(code, size)

    def html_file(self) -> Path | None:
        """The HTML file a request is for, or None (other files, folders without a trailing slash)."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return None  # the base class redirects to the slashed URL
            path = path / "index.html"
        return path if path.suffix == ".html" and path.is_file() else None


def serve(root: Path, port: int, open_browser: bool = False) -> None:
    """Claim the port, build, then serve on 127.0.0.1:port until interrupted; print the address of the
    first language's front page (and open it in a browser if asked)."""
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
        address = f"http://127.0.0.1:{port}/{LANGS[0]}/"
        print(f"sitegen: serving {address} (Ctrl+C stops)", file=sys.stderr)
        if open_browser:
            webbrowser.open(address)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
