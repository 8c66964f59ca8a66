"""Fuzz: every entry point with a corpus of bad inputs and faults; no traceback may reach a user.

Entry points: build, check, serve's rebuild, new-edition, translations (status) and the command-line
arguments. Inputs: every
file of the tiny project (and the real project's tables, for the chart code) mutated by a seeded
generator (truncations, stray bytes and digits, encodings, nesting, folders, links). Faults: OS errors
(full disk, permissions, read-only, I/O) at the n-th file operation, and bugs raised inside the stages.
Each run must return an exit status (0, 1 or 2), print no line starting with "Traceback", say why on
failure, and leave a built site byte-identical when it fails."""

from __future__ import annotations

import contextlib
import errno
import io
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.commands import serve
from tests.conftest import REPO, TINY, make_tiny

SEED = 13
STRAYS = ["\0", "\x1b", "\r", "\n", "\u2028", ",", ";", '"', "'", "\\", "{{", "}}", "[", "]", "{", "}", "=",
          "%", "%(", "{0}", "#", "+++", "|", "<script>", "../", "٣", "²", "１", "\ufeff", "é", "🙂", "-1",
          "unknown", "1e999", "nan", "0x10", "\t"]  # fmt: skip
ENTRY_POINTS = ("build", "check", "rebuild", "new-edition", "translations")


def corpus_files() -> list[str]:
    """Every file of the tiny project: content, templates and catalogs."""
    files = [p.relative_to(TINY).as_posix() for p in sorted((TINY / "content").rglob("*")) if p.is_file()]
    for folder in ("templates", "translations"):
        files += [p.relative_to(REPO).as_posix() for p in sorted((REPO / folder).rglob("*")) if p.is_file()]
    return [f for f in files if not f.endswith((".ico", ".svg", ".css"))]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def insert(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice(STRAYS).encode() + data[at:]


def replace_char(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    spots = [i for i, c in enumerate(text) if c.isalnum()] or [0]
    at = rng.choice(spots)
    return (text[:at] + rng.choice(STRAYS) + text[at + 1 :]).encode()


def drop_line(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def double_line(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    return b"\n".join(lines[: at + 1] + lines[at:])


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def nest(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice([50, 500, 5000])
    return data + b"\nx = " + b"[" * depth + b"]" * depth + b"\n"


def recode(data: bytes, rng: random.Random) -> bytes:
    return data.decode("utf-8").encode(rng.choice(["cp1252", "utf-16", "latin-1"]), "replace")


BYTE_MUTATIONS = [truncate, insert, insert, replace_char, replace_char, drop_line, double_line, swap_lines,
                  nest, recode]  # fmt: skip


def as_folder(path: Path, rng: random.Random) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside.md").write_text("x")


def as_link(path: Path, rng: random.Random) -> None:
    path.unlink()
    path.symlink_to(
        rng.choice(["/etc/hostname", "/dev/zero", path.name, "../../nowhere", "/proc/self/environ"])
    )


def emptied(path: Path, rng: random.Random) -> None:
    path.write_bytes(b"")


def removed(path: Path, rng: random.Random) -> None:
    path.unlink()


FILE_MUTATIONS = [as_folder, as_link, emptied, removed]


def cases(count: int) -> list[tuple[str, str, str, int]]:
    """(file, mutation, entry point, seed) for `count` runs, drawn from a fixed seed."""
    rng = random.Random(SEED)
    files = corpus_files()
    mutations = [m.__name__ for m in BYTE_MUTATIONS] * 3 + [m.__name__ for m in FILE_MUTATIONS]
    return [
        (rng.choice(files), rng.choice(mutations), ENTRY_POINTS[i % len(ENTRY_POINTS)], rng.randrange(10**6))
        for i in range(count)
    ]


CASES = cases(240)
MUTATORS = {m.__name__: m for m in BYTE_MUTATIONS + FILE_MUTATIONS}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project, built once (its site/ and caches are copied into each case)."""
    root = make_tiny(tmp_path_factory.mktemp("fuzz") / "project")
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        assert main(["--project", str(root), "build"]) == 0
    return root


def mutate(root: Path, name: str, mutation: str, seed: int) -> None:
    rng = random.Random(seed)
    path = root / name
    if mutation in {m.__name__ for m in FILE_MUTATIONS}:
        MUTATORS[mutation](path, rng)
    else:
        path.write_bytes(MUTATORS[mutation](path.read_bytes(), rng))


def run(entry: str, root: Path) -> tuple[int, str]:
    """Run one entry point in this process; any exception escaping it is a traceback a user would see."""
    out = io.StringIO()
    with contextlib.redirect_stderr(out), contextlib.redirect_stdout(out):
        try:
            if entry == "rebuild":
                status = serve.Status()
                serve.rebuild(root, root / "site", status)
                code = 1 if status.failure else 0
            elif entry == "new-edition":
                code = main(["--project", str(root), "new-edition", "2025-Q2"])
            elif entry == "translations":
                code = main(["--project", str(root), "translations"])
            else:
                code = main(["--project", str(root), entry])
        except BaseException as exc:
            import traceback

            traceback.print_exception(exc, file=out)
            code = -1
    return code, out.getvalue()


def assert_no_traceback(code: int, output: str, bad_input: bool = True) -> None:
    """The run ended with an exit status and said why on failure, with no traceback; a bad input or an
    OS error is a problem, never an 'internal error' (the line kept for bugs)."""
    assert code in (0, 1, 2), output
    assert not any(line.startswith("Traceback") for line in output.splitlines()), output
    if code:
        assert output.strip(), "a failure must say why"
    if bad_input:
        assert "internal error" not in output, output


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    ("name", "mutation", "entry", "seed"), CASES, ids=[f"{c[2]}-{c[1]}-{c[0]}-{c[3]}" for c in CASES]
)
def test_mutated_input(built: Path, tmp_path: Path, name: str, mutation: str, entry: str, seed: int) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    before = site_files(root / "site")
    mutate(root, name, mutation, seed)
    code, output = run(entry, root)
    assert_no_traceback(code, output)
    if code and entry in ("build", "rebuild"):
        assert site_files(root / "site") == before


# --- settings and sources (issue 12's loaders): a value of another type, a cell of another kind -----------
VALUES = ["5", "-1", "0", '"x"', '""', "[]", '[1, "a"]', "{}", '{ da = "a" }', "{ da = 1, en = 2 }", "2025-01-01",
          "2025-01-01T10:00:00", "true", "nan", "inf", '"2025-Q5"', '"9999-Q4"', '"2025"', '"٢٠٢٥-Q1"', '"unknown"',
          '"bilag-219"', '"²"', '"8-9"', '"9-8"', '"22-23"', '"www.x"', "1e3", "99999999999999999999"]  # fmt: skip
KEYS = ["period", "as_of", "status", "sources", "tables", "confirmed", "revisions", "absent_tables", "published",
        "pages", "bilag", "key", "context", "translation_notice"]  # fmt: skip
HEADERS = ["[[sources]]", "[tables.t4_devices]", "[tables.x]", "[revisions]", "[confirmed]", "[sources]",
           "[[tables]]", "[revisions.cleared_ha]", "[[key_figures]]", "[en]", "[da]"]  # fmt: skip
CELLS = ["", "unknown", "x", "²", "٣", "-5", "0", "1.5", "1.100", "bilag-219", "nosuch", "99", "8-9", "yes",
         "2025-13-01", "2025-02-28", "１", "=1+1", "1e5", "nan", "２０２４"]  # fmt: skip
SETTINGS_FILES = [
    "content/editions/2025-q1/edition.toml",
    "content/editions/2025-q1/figures.csv",
    "content/editions/2025-q1/contributions.csv",
    "content/editions/2025-q1/data/t4_devices.csv",
    "content/site.toml",
    "content/schema.toml",
    "translations/pages.toml",
]


def retype(data: bytes, rng: random.Random) -> bytes:
    """A TOML key given a value of another type, another key, or a table header put in."""
    lines = data.decode("utf-8", "replace").split("\n")
    keyed = [i for i, line in enumerate(lines) if "=" in line and not line.lstrip().startswith("#")] or [0]
    at, choice = rng.choice(keyed), rng.random()
    if choice < 0.6:
        lines[at] = f"{lines[at].split('=', 1)[0]}= {rng.choice(VALUES)}"
    elif choice < 0.8:
        lines[at] = f"{rng.choice(KEYS)} = {rng.choice(VALUES)}"
    else:
        lines.insert(at, rng.choice(HEADERS))
    return "\n".join(lines).encode()


def recell(data: bytes, rng: random.Random) -> bytes:
    """A CSV cell replaced by a value of another kind."""
    lines = data.decode("utf-8", "replace").split("\n")
    at = rng.randrange(1, max(2, len(lines) - 1))
    cells = lines[at].split(",")
    cells[rng.randrange(len(cells))] = rng.choice(CELLS)
    lines[at] = ",".join(cells)
    return "\n".join(lines).encode()


def settings_cases(count: int) -> list[tuple[list[tuple[str, str]], str, int]]:
    """(edits, entry point, seed): one to three files of SETTINGS_FILES, each retyped (TOML) or recelled
    (CSV), or given one of the byte mutations."""
    rng = random.Random(SEED + 12)
    bytewise = [m.__name__ for m in BYTE_MUTATIONS]

    def pick(name: str) -> str:
        typed = "retype" if name.endswith(".toml") else "recell"
        return rng.choice([typed, typed, typed, *bytewise])

    return [
        (
            [(name, pick(name)) for name in rng.sample(SETTINGS_FILES, rng.choice([1, 1, 2, 3]))],
            ENTRY_POINTS[i % len(ENTRY_POINTS)],
            rng.randrange(10**6),
        )
        for i in range(count)
    ]


SETTINGS_CASES = settings_cases(100)
MUTATORS.update({"retype": retype, "recell": recell})
CONTRIBUTIONS = (
    "id,donor_da,donor_en,kind,amount,currency,year,source,place,quote\n"
    "eu,EU,EU,cash,1000,EUR,2024,bilag-219,8,quote\nhr,Kroatien,Croatia,in_kind,unknown,unknown,unknown,bilag-219,9,q\n"
)


@pytest.mark.parametrize(
    ("edits", "entry", "seed"),
    SETTINGS_CASES,
    ids=[
        f"{c[1]}-{'+'.join(f'{m}:{n.rpartition(chr(47))[2]}' for n, m in c[0])}-{c[2]}"
        for c in SETTINGS_CASES
    ],
)
def test_mutated_settings(built: Path, tmp_path: Path, edits: list, entry: str, seed: int) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    (root / "content/editions/2025-q1/contributions.csv").write_text(CONTRIBUTIONS, encoding="utf-8")
    before = site_files(root / "site")
    for n, (name, mutation) in enumerate(edits):
        mutate(root, name, mutation, seed + n)
    code, output = run(entry, root)
    assert_no_traceback(code, output)
    if code and entry in ("build", "rebuild"):
        assert site_files(root / "site") == before


@pytest.fixture(scope="module")
def quarters(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project with a later edition from web releases (2025-Q4) and an earlier one (2024-Q4)."""
    from tests.test_quarters import project

    with contextlib.redirect_stdout(io.StringIO()):
        return project(tmp_path_factory.mktemp("quarters") / "project", "2025-q4", "2024-q4")


QUARTER_FILES = ["content/editions/2025-q4/edition.toml", "content/editions/2024-q4/edition.toml",
                 "content/editions/2025-q4/figures.csv", "content/editions/2024-q4/figures.csv",
                 "content/editions/2025-q4/data/t5_districts.csv", "content/editions/2025-q1/contributions.csv"]  # fmt: skip
QUARTER_CASES = [(name, mutation, i) for i, name in enumerate(QUARTER_FILES)
                 for mutation in (("retype", "retype") if name.endswith(".toml") else ("recell", "recell"))]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "mutation", "seed"), QUARTER_CASES, ids=[f"{c[1]}-{c[0]}-{c[2]}" for c in QUARTER_CASES]
)
def test_mutated_quarters(quarters: Path, tmp_path: Path, name: str, mutation: str, seed: int) -> None:
    root = tmp_path / "project"
    shutil.copytree(quarters, root, symlinks=True)
    mutate(root, name, mutation, seed + len(name))
    assert_no_traceback(*run("check", root))


# --- the data stage (issue 17): numbers at and beyond what the panel and the workbooks hold -----------------
NUMBERS = ["11002.400000000000000000001", "99999999999999999999", "999999999999.999", "1000000000000", "0.000001",
           "0.0000001", "1.100", "0", "00", "unknown", "9223372036854775808", "0.30000000000000004"]  # fmt: skip


def renumber(data: bytes, rng: random.Random) -> bytes:
    """A CSV cell replaced by a number at or beyond the bounds of a figure."""
    lines = data.decode("utf-8", "replace").split("\n")
    at = rng.randrange(1, max(2, len(lines) - 1))
    cells = lines[at].split(",")
    cells[rng.randrange(1, max(2, len(cells)))] = rng.choice(NUMBERS)
    lines[at] = ",".join(cells)
    return "\n".join(lines).encode()


MUTATORS["renumber"] = renumber
NUMBER_CASES = [(name, seed) for name in QUARTER_FILES if name.endswith(".csv") for seed in range(3)]


@pytest.mark.parametrize(
    ("name", "seed"), NUMBER_CASES, ids=[f"renumber-{c[0]}-{c[1]}" for c in NUMBER_CASES]
)
def test_renumbered_quarters(quarters: Path, tmp_path: Path, name: str, seed: int) -> None:
    root = tmp_path / "project"
    shutil.copytree(quarters, root, symlinks=True)
    mutate(root, name, "renumber", seed)
    assert_no_traceback(*run("check", root))


# --- faults: OS errors at the n-th file operation, bugs inside the stages ----------------------------------
OPERATIONS: dict[str, tuple[object, str]] = {
    "read_bytes": (Path, "read_bytes"),
    "write_bytes": (Path, "write_bytes"),
    "mkdir": (Path, "mkdir"),
    "rename": (Path, "rename"),
    "iterdir": (Path, "iterdir"),
    "copyfile": (shutil, "copyfile"),
}
ERRORS = [errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO, errno.EMFILE]


def failing(real: Callable, nth: int, code: int) -> Callable:
    """`real`, except that its n-th call raises an OSError."""
    calls = [0]

    def wrapper(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == nth:
            raise OSError(code, "injected fault", str(args[0]) if args else None)
        return real(*args, **kwargs)

    return wrapper


FAULTS = [(op, nth, code) for op in OPERATIONS for nth in (1, 2, 5, 20) for code in ERRORS[:3]]
FAULTS += [(op, 3, code) for op in OPERATIONS for code in ERRORS[3:]]


@pytest.mark.parametrize(("operation", "nth", "code"), FAULTS, ids=[f"{f[0]}-{f[1]}-{f[2]}" for f in FAULTS])
def test_os_fault(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, operation: str, nth: int, code: int
) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    (root / "content/pages/da/glossary.md").write_text(
        (root / "content/pages/da/glossary.md").read_text() + "\nÆndret.\n"
    )  # a change, so the build does real work
    before = site_files(root / "site")
    owner, attribute = OPERATIONS[operation]
    monkeypatch.setattr(owner, attribute, failing(getattr(owner, attribute), nth, code))
    result = run("build", root)
    monkeypatch.undo()
    assert_no_traceback(*result)
    if result[0]:
        assert site_files(root / "site") == before
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site.")]


DATA_FAULTS = [(op, nth) for op in OPERATIONS for nth in (2, 5, 20, 50)]


@pytest.mark.parametrize(("operation", "nth"), DATA_FAULTS, ids=[f"{f[0]}-{f[1]}" for f in DATA_FAULTS])
def test_os_fault_with_a_data_change(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, operation: str, nth: int
) -> None:
    """A data change makes the series and downloads afresh and keeps them in the data cache: a fault
    while keeping them fails the build before the swap, and the next build works."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    figures = root / "content/editions/2025-q1/figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace("155 devices", "155 devices found"))
    before = site_files(root / "site")
    owner, attribute = OPERATIONS[operation]
    monkeypatch.setattr(owner, attribute, failing(getattr(owner, attribute), nth, errno.ENOSPC))
    result = run("build", root)
    monkeypatch.undo()
    assert_no_traceback(*result)
    if result[0]:
        assert site_files(root / "site") == before
    assert run("build", root)[0] == 0


BUGS = [  # each planted where it is called from (a name imported into another module is that module's)
    ("sitegen.load.pages", "_parse_page"),  # a page parsed afresh ...
    ("sitegen.load.memo", "digest_files"),  # ... or taken from the last build by its bytes
    ("sitegen.load.dataset", "check_table"),
    ("sitegen.load.schema", "parse_schema"),
    ("sitegen.load.catalogs", "parse_po"),
    ("sitegen.render.memo", "render_markdown"),  # a body rendered afresh ...
    ("sitegen.render.memo", "holds"),  # ... or taken from the last build
    ("sitegen.render.blocks", "row_kind"),
    ("sitegen.render.site", "render_page"),
    ("sitegen.compute.figures", "figure_values"),
    ("sitegen.write.output", "place"),
    ("sitegen.render.printdoc", "localise"),
    ("sitegen.write.pdf", "pdf_key"),
    ("sitegen.write.search", "index_key"),
]
# What an entry point never reaches: check writes nothing, makes no PDF and no search index and keeps no
# page bodies; a rebuild (preview) neither puts the print documents together nor makes the PDFs or the
# index.
# What must not be cached for a bug to be reached: a body is rendered, the schema, a page, a table or a
# catalog parsed, only when the last build's is gone.
UNCACHED = {
    "render_markdown": ".cache/bodies",
    "_parse_page": ".cache/parsed",
    "check_table": ".cache/parsed",
    "parse_schema": ".cache/parsed",
    "parse_po": ".cache/parsed",
}
UNREACHED = {
    "check": {"place", "pdf_key", "index_key", "holds", "digest_files"},  # check keeps no bodies, no sources
    "rebuild": {"localise", "pdf_key", "index_key"},
    "build": set(),
}


@pytest.fixture(scope="module")
def previewed(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project as the edit loop leaves it: built, then rebuilt as a preview (no PDFs)."""
    root = tmp_path_factory.mktemp("previewed") / "project"
    shutil.copytree(built, root, symlinks=True)
    assert run("rebuild", root)[0] == 0
    return root


@pytest.mark.parametrize(("module", "function"), BUGS, ids=[b[1] for b in BUGS])
@pytest.mark.parametrize("entry", ["build", "check", "rebuild"])
def test_a_bug_is_one_line(
    built: Path,
    previewed: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    module: str,
    function: str,
    entry: str,
) -> None:
    import importlib

    root = tmp_path / "project"
    shutil.copytree(previewed if entry == "rebuild" else built, root, symlinks=True)
    shutil.rmtree(root / UNCACHED.get(function, "no-such-cache"), ignore_errors=True)
    before = site_files(root / "site")

    def bug(*args: object, **kwargs: object) -> None:
        raise KeyError("planted")

    monkeypatch.setattr(importlib.import_module(module), function, bug)
    code, output = run(entry, root)
    assert_no_traceback(code, output, bad_input=False)
    assert code == (0 if function in UNREACHED[entry] else 1), output  # the planted bug was reached
    if entry != "check" and function != "place":  # place: the page cache may be stored after the swap
        assert site_files(root / "site") == before


# --- command-line arguments ---------------------------------------------------------------------------------
def argument_cases() -> list[list[str]]:
    rng = random.Random(SEED)
    words = ["build", "check", "serve", "new-edition", "--out", "--base-url", "--port", "--strict", "--project",
             "--help", "-h", "", " ", "-", "--", "2025-Q2", "9999-Q4", "2025-q٢", "70000", "-1", "0", "٨٠", "x" * 300,
             "/", "//evil", "/a b/", "..", "\0", "\udcff", "https://u:p@h/", "http://[::1", "site", "content",
             "--quiet", "--verbose", "--version", "--open"]  # fmt: skip
    return [[rng.choice(words) for _ in range(rng.randrange(1, 5))] for _ in range(60)]


ARGUMENTS = argument_cases()


@pytest.mark.parametrize("argv", ARGUMENTS, ids=[repr(a)[:60] for a in ARGUMENTS])
def test_arguments(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    monkeypatch.chdir(root)
    monkeypatch.setattr(serve, "serve", lambda root, port, open_browser: None)  # arguments only: no server
    out = io.StringIO()
    with contextlib.redirect_stderr(out), contextlib.redirect_stdout(out):
        try:
            code = main(argv)
        except BaseException as exc:
            code, _ = -1, out.write(repr(exc))
    assert_no_traceback(code, out.getvalue())
    assert (root / "content").is_dir() and (root / "templates").is_dir()


# --- the real project's tables (the chart code) and whole processes ---------------------------------------
REAL_TABLES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "content/editions").rglob("*.csv"))
REAL_CASES = [(name, mutation.__name__, i) for i, name in enumerate(REAL_TABLES)
              for mutation in (replace_char, drop_line, insert)]  # fmt: skip


@pytest.mark.parametrize(("name", "mutation", "seed"), REAL_CASES, ids=[f"{c[1]}-{c[0]}" for c in REAL_CASES])
def test_real_project_check(tmp_path: Path, name: str, mutation: str, seed: int) -> None:
    root = tmp_path / "project"
    for folder in ("content", "templates", "translations"):
        shutil.copytree(REPO / folder, root / folder)
    mutate(root, name, mutation, seed)
    assert_no_traceback(*run("check", root))


PROCESSES = [
    ("deep TOML", lambda root: (root / "content/site.toml").write_text("x = " + "[" * 5000 + "]" * 5000), ["build"]),
    ("deep ledger", lambda root: (root / "translations/pages.toml").write_text("x = " + "[" * 5000 + "]" * 5000),
     ["translations"]),
    ("bad port", lambda root: None, ["serve", "--port", "70000"]),
    ("NUL in a table", lambda root: (root / "content/names.csv").write_bytes(b"\0"), ["check"]),
    ("output is the project", lambda root: None, ["build", "--out", "."]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change", "argv"), PROCESSES, ids=[p[0] for p in PROCESSES])
def test_whole_process(built: Path, tmp_path: Path, name: str, change: Callable, argv: list[str]) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    change(root)
    result = subprocess.run(
        [sys.executable, "-m", "sitegen.cli", "--project", str(root), *argv],
        capture_output=True, text=True, cwd=root, check=False, timeout=120,
    )  # fmt: skip
    assert_no_traceback(result.returncode, result.stdout + result.stderr)
    assert result.returncode in (1, 2) and len(result.stderr.splitlines()) <= 2, result.stderr


def test_a_planted_bug_in_a_whole_process_is_one_line(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    shutil.rmtree(root / UNCACHED["_parse_page"])  # else the pages come parsed from the last build
    script = (
        "import sys\nfrom sitegen.load import pages\nfrom sitegen.cli import main\n"
        "def bug(*a): raise ZeroDivisionError('planted')\n"
        "pages._parse_page = bug\nsys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "--project", str(root), "build"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "sitegen: internal error while processing content/pages/da/accessibility.md: ZeroDivisionError: planted "
        "(this is a bug in sitegen: please report it with this line)\n"
    )
