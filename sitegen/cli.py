"""Command line: sitegen build | check | serve | new-edition | translations."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import BuildError, Problem

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    """The commands and their options."""
    p = argparse.ArgumentParser(prog="sitegen", description="Build the bilingual briefing site.")
    p.add_argument("--project", type=Path, default=Path("."), help="project folder (default: current)")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the site")
    b.add_argument("--out", type=Path, help="output folder (default: site/ in the project)")
    b.add_argument(
        "--base-url", help="path or URL the site is published under, e.g. /udvalg/uru/mineindsats/"
    )
    b.add_argument("--strict", action="store_true", help="refuse to publish when there are warnings")
    b.add_argument(
        "--preview", action="store_true", help="leave out the PDFs, for a quick look (publishing makes them)"
    )
    c = sub.add_parser("check", help="validate everything, write nothing, list every problem")
    c.add_argument("--strict", action="store_true", help="count warnings as problems (exit status 1)")
    s = sub.add_parser("serve", help="serve the site on 127.0.0.1 and rebuild on change")
    s.add_argument("--port", type=int, default=8000)
    n = sub.add_parser("new-edition", help="start the next quarter's edition from the latest one")
    n.add_argument("edition", help="edition id such as 2025-Q2")
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
    """Run a command; 0 ok, 1 problems in the input, 2 wrong usage."""
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    root = args.project.resolve()
    if not (root / "content").is_dir():
        print(f"sitegen: {root} has no content/ folder (use --project DIR)", file=sys.stderr)
        return EXIT_USAGE
    try:
        return run(args, root)
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(not p.warning for p in exc.problems) or len(exc.problems)  # --strict: the warnings
        print(f"sitegen: {errors} problem(s); nothing was written", file=sys.stderr)
        return EXIT_PROBLEMS


def run(args: argparse.Namespace, root: Path) -> int:
    """Dispatch to the command."""
    from . import build

    if args.command == "build":
        out = (args.out or root / "site").resolve()
        built = build.build(root, out, args.base_url, args.strict, args.preview)
        report_warnings(built.warnings)
        pdfs = "no PDFs (preview)" if args.preview else f"{len(built.pdfs_made)} PDF(s) made anew"
        print(f"sitegen: wrote {len(built.files)} files to {out}; {pdfs}")
    elif args.command == "check":
        warnings = build.check(root, args.strict)
        report_warnings(warnings)
        print(f"sitegen: no problems found{f', {len(warnings)} warning(s)' if warnings else ''}")
    elif args.command == "serve":
        from .commands.serve import serve

        serve(root, args.port)
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


def report_warnings(warnings: Sequence[Problem]) -> None:
    """Warnings go to stderr, like problems; they do not stop a build unless --strict."""
    for warning in warnings:
        print(warning, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
