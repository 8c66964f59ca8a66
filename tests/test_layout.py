"""The package layout shows the pipeline: stages import only earlier stages, and no module imports itself back."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# A module may import its own stage or an earlier one. Charts draw with the render stage's number
# formats, and rendering takes charts only as data (RenderInput), so charts come after render.
STAGES = {"errors": 0, "report": 0, "collector": 0, "load": 1, "compute": 2, "render": 3, "charts": 4,
          "write": 5, "build": 6, "commands": 7, "cli": 7}  # fmt: skip


def module_name(path: Path, root: Path = REPO) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, root: Path = REPO) -> set[str]:
    """Every sitegen module this file imports, at module level or inside a function."""
    known = {module_name(p, root) for p in (root / "sitegen").rglob("*.py")}
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("sitegen")}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            for alias in node.names:  # `from . import b` imports the module b, not its package
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target)
    return {m for m in found if m in known and m != name}


def graph(root: Path = REPO) -> dict[str, set[str]]:
    return {module_name(p, root): imports(p, root) for p in sorted((root / "sitegen").rglob("*.py"))}


def cycles(edges: dict[str, set[str]]) -> list[str]:
    """Each import path that leads from a module back to itself."""
    found = []
    for start in edges:
        stack, seen = [(start, [start])], set()
        while stack:
            node, path = stack.pop()
            for nxt in sorted(edges.get(node, ())):
                if nxt == start:
                    found.append(" -> ".join([*path, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
    return found


def stage(module: str) -> int | None:
    parts = module.split(".")
    return STAGES.get(parts[1]) if len(parts) > 1 else None


def test_stages_import_only_earlier_stages() -> None:
    backwards = sorted(
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if stage(module) is not None and stage(target) is not None and stage(target) > stage(module)
    )
    assert backwards == []


def test_every_module_belongs_to_a_stage() -> None:
    assert [m for m in graph() if m != "sitegen" and stage(m) is None] == []


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_the_cycle_check_finds_a_planted_cycle(tmp_path: Path) -> None:
    """The check above is not vacuous: two modules that import each other are reported."""
    fake = tmp_path / "sitegen" / "load"
    fake.mkdir(parents=True)
    for init in (tmp_path / "sitegen" / "__init__.py", fake / "__init__.py"):
        init.write_text("")
    (fake / "a.py").write_text("from . import b\n")
    (fake / "b.py").write_text("def f():\n    from .a import x\n")
    assert graph(tmp_path)["sitegen.load.a"] == {"sitegen.load.b"}
    assert cycles(graph(tmp_path)) == [
        "sitegen.load.a -> sitegen.load.b -> sitegen.load.a",
        "sitegen.load.b -> sitegen.load.a -> sitegen.load.b",
    ]


def test_one_writer_of_csv_downloads() -> None:
    """Every CSV download goes through render/formats.csv_text, whose neutralise also guards workbook
    cells: no other module writes CSV (new-edition writes the project's own files, not downloads)."""
    writers = sorted(
        module_name(path)
        for path in (REPO / "sitegen").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in {"writer", "DictWriter", "to_csv"}
    )
    assert writers == ["sitegen.commands.new_edition", "sitegen.render.formats"]
