"""What a build tells the person running it: progress on long work, and what it did, for the summary.

build() and its stages call one `Report`; the command decides where it goes (a terminal, a CI log, or
nowhere with --quiet or in tests). A stage with long work wraps its loop in `steps` and says its outcome
with one `tally`, so a new stage (PDFs, workbooks, a search index) reports with two lines."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
TERMINAL_EVERY = 0.1  # seconds between redraws of the line that updates in place
LOG_EVERY = 10.0  # seconds between plain progress lines in a log (CI), besides the first and the last


class Report:
    """Counts for the build summary, and a progress line on stderr while long work runs: updated in place
    in a terminal, plain lines at a low rate in a log, nothing without a stream."""

    def __init__(self, stream: TextIO | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.started = clock()
        self.tallies: dict[str, dict[str, int]] = {}  # stage -> outcome -> count, in the order they ran
        self.terminal = bool(stream is not None and stream.isatty())
        self.shown: float | None = None  # when the running work's progress was last shown
        self.width = 0  # characters of the progress line now on the terminal

    def __enter__(self) -> Report:
        return self

    def __exit__(self, *exc: object) -> None:
        self.end()

    def steps(self, what: str, verb: str, items: Iterable[T], total: int) -> Iterator[T]:
        """Yield `items`, showing 'charts 12/36 drawn' as each is done (nothing when there are none)."""
        if total:
            self.advance(what, verb, 0, total)
        for done, item in enumerate(items, 1):
            yield item
            self.advance(what, verb, done, total)

    def advance(self, what: str, verb: str, done: int, total: int) -> None:
        """Long work moved on: show it now if it starts or ends, or if the last showing is old enough."""
        if self.stream is None:
            return
        now, last = self.clock(), done == total
        every = TERMINAL_EVERY if self.terminal else LOG_EVERY
        if self.shown is not None and not last and now - self.shown < every:
            return
        self.shown = None if last else now  # the next work shows its start at once
        line = f"sitegen: {what} {done}/{total} {verb} ({duration(now - self.started)})"
        if self.terminal:
            self.stream.write("\r" + line.ljust(self.width))
            self.width = len(line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def end(self) -> None:
        """Clear the progress line from the terminal, so that what is printed next starts on a clean line."""
        if self.stream is not None and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0

    def tally(self, what: str, **counts: int) -> None:
        """A stage's outcome for the summary: `tally("charts", drawn=4, reused=14)`."""
        self.tallies[what] = counts

    def elapsed(self) -> str:
        """The time since the build started, for people."""
        return duration(self.clock() - self.started)

    def summary(self) -> list[str]:
        """One line per stage that ran: '  charts: 4 drawn, 14 reused'."""
        return [
            f"  {what}: {', '.join(f'{n} {label}' for label, n in counts.items())}"
            for what, counts in self.tallies.items()
        ]


def duration(seconds: float) -> str:
    """0.4 s, 12.3 s, 4 min 15 s."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s"
