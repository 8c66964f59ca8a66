"""Problems the user can cause, each with the place to fix it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the input: `path:line: message`."""

    path: str
    line: int
    message: str
    warning: bool = False  # reported and published; only `--strict` refuses it

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


class BuildError(Exception):
    """Raised once with every problem found, so the user sees them all in one run."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems))


def relpath(path: Path, root: Path) -> str:
    """Show paths relative to the project so messages stay short and stable."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def toml_problem(exc: Exception, where: str, first_line: int = 1, what: str = "not valid TOML") -> Problem:
    """A TOML error at its line in the file (tomllib puts the line inside its message)."""
    text = str(exc)
    match = re.search(r"\(at line (\d+), column \d+\)", text)
    line = first_line + int(match.group(1)) - 1 if match else 0
    reason = re.sub(r" \(at line .*?\)$", "", text) or "syntax error"
    return Problem(where, line, f"{what}: {reason}")


def raise_if(problems: Iterable[Problem], strict: bool = False) -> list[Problem]:
    """Fail with every problem when one is an error (or, when strict, a warning); else return the warnings."""
    problems = list(problems)
    if any(strict or not p.warning for p in problems):
        raise BuildError(problems)
    return problems
