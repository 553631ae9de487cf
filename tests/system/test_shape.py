"""The shape of the code: what a newcomer can rely on without reading it all.

- the pure modules (the policy and its definitions) import no database,
  terminal, command-line or clock module;
- the project's modules import each other without a cycle (at module level:
  an import inside a function is how a command loads what only it needs);
- no module grows past 400 lines: past that, split it by topic.
"""

from __future__ import annotations

import ast
from pathlib import Path

import doorstroom_cli

PACKAGE = Path(doorstroom_cli.__file__).parent
PURE = [*sorted(str(path.relative_to(PACKAGE)) for path in (PACKAGE / "core").rglob("*.py")),
        "figures.py", "export.py"]
FORBIDDEN_IN_PURE = {"sqlite3", "os", "typer", "rich", "sqlite_utils", "doorstroom_cli.clock",
                     "doorstroom_cli.storage", "doorstroom_cli.service"}
MOST_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path, *, top_level_only: bool) -> set[str]:
    """The modules ``path`` imports, absolute (relative imports resolved);
    ``from . import x`` counts as importing the module x, not its package."""
    known = modules()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    nodes = tree.body if top_level_only else ast.walk(tree)
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
            found |= {name for name in names if name in known}
            if any(name not in known for name in names):
                found.add(base)
    return found


def test_the_pure_modules_import_no_database_terminal_or_clock():
    offending = {}
    for name in PURE:
        used = imports(PACKAGE / name, top_level_only=False)
        bad = {module for module in used if module in FORBIDDEN_IN_PURE or module.split(".")[0] in FORBIDDEN_IN_PURE}
        if bad:
            offending[name] = sorted(bad)
    assert offending == {}


def _graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {module for module in imports(path, top_level_only=True) if module in known and module != name}
        for name, path in known.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, or None (depth-first search)."""
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return trail[trail.index(target):] + [target] if target in trail else [node, target]
            if target not in state:
                found = visit(target, [*trail, target])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_no_import_cycle_between_the_projects_modules():
    assert _cycle(_graph()) is None


def test_the_cycle_search_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_module_grows_past_the_limit():
    too_long = {}
    for path in PACKAGE.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MOST_LINES:
            too_long[str(path.relative_to(PACKAGE))] = lines
    assert too_long == {}
