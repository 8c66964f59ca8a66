"""Problems the user can cause, each with the place to fix it; and the one line every other failure gets."""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Line breaks and other control characters, which would split or garble a one-line message.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
FILE_NOTE = "sitegen_file"  # attribute naming the file being processed when an exception was raised
OS_ADVICE = {
    errno.ENOSPC: "free some disk space, then build again",
    errno.EDQUOT: "free some disk space, then build again",
    errno.EROFS: "the file system is read-only; build on a writable one or use --out",
    errno.EACCES: "check the permissions of the file and its folder",
    errno.EPERM: "check the permissions of the file and its folder",
}


def one_line(text: str) -> str:
    """Text shown inside a message, with line breaks and control characters escaped (\\n, \\x00)."""
    return CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the input: `path:line: message`."""

    path: str
    line: int
    message: str
    warning: bool = False  # reported and published; only `--strict` refuses it

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return one_line(f"{where}: {'warning: ' if self.warning else ''}{self.message}")


class BuildError(Exception):
    """Raised once with every problem found, so the user sees them all in one run."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """A request the command refuses (a wrong argument, an output folder it must not replace): exit 2."""


def relpath(path: Path, root: Path) -> str:
    """Show paths relative to the project so messages stay short and stable."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def toml_problem(exc: Exception, where: str, first_line: int = 1, what: str = "not valid TOML") -> Problem:
    """A TOML error at its line in the file (tomllib puts the line inside its message)."""
    text = str(exc)
    match = re.search(r"\(at line ([0-9]+), column [0-9]+\)", text)
    line = first_line + int(match.group(1)) - 1 if match else 0
    reason = re.sub(r" \(at line .*?\)$", "", text) or "syntax error"
    return Problem(where, line, f"{what}: {reason}")


def raise_if(problems: Iterable[Problem], strict: bool = False) -> list[Problem]:
    """Fail with every problem when one is an error (or, when strict, a warning); else return the warnings."""
    problems = list(problems)
    if any(strict or not p.warning for p in problems):
        raise BuildError(problems)
    return problems


@contextmanager
def processing(where: str) -> Iterator[None]:
    """Remember which file was being processed when an unexpected exception passes, for its one line."""
    try:
        yield
    except Exception as exc:
        if not hasattr(exc, FILE_NOTE):  # the innermost file is the most precise
            setattr(exc, FILE_NOTE, where)
        raise


def failure_line(exc: Exception) -> str:
    """The one line shown for a failure that is not a list of problems: a refusal, an OS error or a bug."""
    if isinstance(exc, UsageError):
        return one_line(f"sitegen: {exc}")
    if isinstance(exc, OSError):
        name = f"{exc.filename}: " if exc.filename else ""
        advice = OS_ADVICE.get(exc.errno or 0)
        return one_line(f"sitegen: {name}{exc.strerror or exc}{f' ({advice})' if advice else ''}")
    where = getattr(exc, FILE_NOTE, None)
    return one_line(
        f"sitegen: internal error{f' while processing {where}' if where else ''}: "
        f"{type(exc).__name__}: {exc} (this is a bug in sitegen: please report it with this line)"
    )
