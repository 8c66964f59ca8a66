"""Command line: sitegen build | check | serve | new-edition | translations."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import collector
from .errors import BuildError, Problem, UsageError, failure_line, one_line
from .report import Report

if TYPE_CHECKING:
    from .build import Built

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
MANY = 10  # more problems than this, and `check` ends with the count in each file


class Parser(argparse.ArgumentParser):
    """argparse with a one-line error: what is wrong and where to read more, never the whole usage."""

    def error(self, message: str) -> NoReturn:
        print(one_line(f"{self.prog}: {message} (see '{self.prog} --help')"), file=sys.stderr)
        self.exit(EXIT_USAGE)


def port(text: str) -> int:
    """A TCP port number, 1-65535."""
    if not re.fullmatch(r"[0-9]{1,5}", text) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1-65535)")
    return int(text)


def base_url(text: str) -> str:
    """A path or http(s) URL the site can be published under (checked as site.toml's base_url is)."""
    from .load.settings import split_base_url

    problem = split_base_url(text)[2]
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def parser() -> argparse.ArgumentParser:
    """The commands and their options."""
    p = Parser(prog="sitegen", description="Build the bilingual briefing site.")
    p.add_argument("--project", type=Path, default=Path("."), help="project folder (default: current)")
    p.add_argument("--version", action=Version, help="print the installed version and exit")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the site")
    b.add_argument("--out", type=Path, help="output folder (default: site/ in the project)")
    b.add_argument(
        "--base-url",
        type=base_url,
        help="path or URL the site is published under, e.g. /udvalg/uru/mineindsats/",
    )
    b.add_argument("--strict", action="store_true", help="refuse to publish when there are warnings")
    b.add_argument(
        "--preview",
        action="store_true",
        help="a quick look: no PDFs (their print documents are not put together or checked) and no search "
        "index (the pages say the publishing build makes them); publish only a build without it",
    )
    say = b.add_mutually_exclusive_group()
    say.add_argument("--quiet", action="store_true", help="print only problems and warnings")
    say.add_argument("--verbose", action="store_true", help="also list each file written")
    c = sub.add_parser("check", help="validate everything, write nothing, list every problem")
    c.add_argument("--strict", action="store_true", help="count warnings as problems (exit status 1)")
    s = sub.add_parser("serve", help="serve the site on 127.0.0.1 and rebuild on change")
    s.add_argument("--port", type=port, default=8000)
    s.add_argument("--open", action="store_true", help="open the front page in the default web browser")
    n = sub.add_parser("new-edition", help="start the next quarter's edition from the latest one")
    n.add_argument("edition", help="the period of the edition: a quarter such as 2025-Q2, or a year")
    t = sub.add_parser(
        "translations",
        help="list which translations are current, stale, unrecorded or missing",
        description="PAGE is a shared page's id (about), an edition page (2025-q1/clearance), "
        "either language's file, or 'catalog' for the interface catalogs.",
    )
    what = t.add_mutually_exclusive_group()
    what.add_argument(
        "--diff", metavar="PAGE", help="show what changed in the original since it was recorded"
    )
    what.add_argument(
        "--done", metavar="PAGE", nargs="+", help="record translations as current, once they are updated"
    )
    what.add_argument("--done-all", action="store_true", help="record every present translation as current")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command; 0 ok, 1 problems in the input (or an OS error, or a bug), 2 wrong usage.

    No traceback reaches a user: every failure is printed as one line."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        root = args.project.resolve()
        if not (root / "content").is_dir():
            raise UsageError(f"{root} has no content/ folder (use --project DIR)")
        return run(args, root)
    except BuildError as exc:
        print_problems(exc.problems, per_file=args.command == "check")
        errors = sum(not p.warning for p in exc.problems) or len(exc.problems)  # --strict: the warnings
        print(f"sitegen: {errors} problem(s); nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS
    except UsageError as exc:
        print(failure_line(exc), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("sitegen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last resort: an OS error or a bug, as one line
        print(failure_line(exc), file=sys.stderr)
        return EXIT_PROBLEMS


def run(args: argparse.Namespace, root: Path) -> int:
    """Dispatch to the command."""
    from . import build

    if args.command == "build":
        out = (args.out or root / "site").resolve()
        with Report(None if args.quiet else sys.stderr) as report:
            built = build.build(root, out, args.base_url, args.strict, args.preview, report)
        print_problems(built.warnings)
        if not args.quiet:
            print_summary(built, out, report, args.verbose, args.preview)
    elif args.command == "check":
        warnings = build.check(root, args.strict)
        print_problems(warnings, per_file=True)
        print(f"sitegen: no problems found{f', {len(warnings)} warning(s)' if warnings else ''}")
    elif args.command == "serve":
        from .commands.serve import serve

        serve(root, args.port, args.open)
    elif args.command == "translations":
        return translations(args, root)
    else:
        from .commands.new_edition import new_edition

        created = new_edition(root, args.edition)
        print(f"sitegen: created {created}; fill in the tables and texts, then run 'sitegen check'")
    return EXIT_OK


def translations(args: argparse.Namespace, root: Path) -> int:
    """The status report, a diff, or recording translations as current."""
    from .commands import translations as command

    if args.diff:
        text, ok = command.diff_report(root, args.diff)
        print(text, file=sys.stdout if ok else sys.stderr)
        return EXIT_OK if ok else EXIT_PROBLEMS
    if args.done or args.done_all:
        for line in command.record_done(root, None if args.done_all else args.done):
            print(line)
        return EXIT_OK
    lines, problems = command.status_report(root)
    print("\n".join(lines))
    if problems:
        raise BuildError(problems)
    return EXIT_OK


def print_problems(problems: Sequence[Problem], per_file: bool = False) -> None:
    """Problems and warnings go to stderr (warnings do not stop a build unless --strict); when there are
    more than MANY, `per_file` ends the list with the count in each file, to see where to start."""
    for problem in problems:
        print(problem, file=sys.stderr)
    if per_file and len(problems) > MANY:
        print(f"sitegen: problems per file ({len(problems)} in all):", file=sys.stderr)
        for line in per_file_counts(problems):
            print(line, file=sys.stderr)


def per_file_counts(problems: Sequence[Problem]) -> list[str]:
    """'  content/x.csv: 12 (2 warnings)' for each file with problems, in the order of the list."""
    files: dict[str, list[Problem]] = {}
    for problem in problems:
        files.setdefault(problem.path, []).append(problem)
    lines = []
    for path, found in files.items():
        warnings = sum(p.warning for p in found)
        note = f" ({warnings} warning{'s' if warnings > 1 else ''})" if warnings else ""
        lines.append(f"  {path}: {len(found)}{note}")
    return lines


def print_summary(built: Built, out: Path, report: Report, verbose: bool, preview: bool) -> None:
    """What the build did: the files (each one with --verbose), the time, and each stage's counts."""
    if verbose:
        for path in built.written:
            print(path)
    note = " (a preview: no PDFs, no search index; publish a build without --preview)" if preview else ""
    print(f"sitegen: wrote {len(built.written)} files to {out} in {report.elapsed()}{note}")
    for line in report.summary():
        print(line)


class Version(argparse.Action):
    """--version, from the installed package's metadata: looked up only when asked (it takes ~20 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> NoReturn:
        from importlib import metadata

        try:
            found = metadata.version("sitegen")
        except metadata.PackageNotFoundError:  # a checkout that was never installed
            found = "(not installed: version unknown)"
        print(f"sitegen {found}")
        parser.exit()


def entry() -> NoReturn:
    """The `sitegen` command: main(), then the process ends without one more full collection."""
    code = main()
    collector.leave()
    sys.exit(code)


if __name__ == "__main__":
    entry()
