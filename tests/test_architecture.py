"""The package layout's rules, read from the source (ARCHITECTURE.md): every import resolves,
nothing imports upward, no import cycle between packages, no module far over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analysis"

# Bottom to top. A module may import its own layer and the layers below it, never above.
LAYERS = (
    {"errors", "atomic", "chars", "config", "wordlists", "run"},  # run/__init__: a docstring
    {"run.cache", "run.pool", "run.memo"},
    {"ingest"},
    {"segment", "kwic"},
    {"vectorize"},
    {"slogans", "themes", "compare", "echo", "checks", "suggest", "dispersion",
     "run.stages", "run.reading", "run.arrays", "run.comparison", "run.rendered", "run.cluster"},
    {"result", "steps", "run.outputs", "run.inputs"},
    {"pipeline"},
    {"report"},
    {"cli", "__main__"},
)
MAX_LINES = 420  # "about 400"
DATA_TABLES = {"report/labels.py"}  # the report's words in two languages: data, not code


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = list(f.relative_to(ROOT).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_pkg else parts)] = (f, is_pkg)
    return out


def _imports(mods) -> dict[str, set[tuple[str, int]]]:
    """Every analysis module each module imports (top-level or lazy), with its line."""
    out: dict[str, set[tuple[str, int]]] = {}
    for name, (path, is_pkg) in mods.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".")[: None if is_pkg else -1]
                    base = base[: len(base) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if not target.startswith("analysis"):
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    found.add((sub if sub in mods else target, node.lineno))
            elif isinstance(node, ast.Import):
                found |= {(a.name, node.lineno) for a in node.names if a.name.startswith("analysis")}
        out[name] = found
    return out


def _layer(module: str) -> int | None:
    rest = module.removeprefix("analysis").lstrip(".")
    if not rest:
        return None
    parts = rest.split(".")
    for key in (".".join(parts[:2]), parts[0]):  # run.stages before run
        for i, layer in enumerate(LAYERS):
            if key in layer:
                return i
    return None


MODS = _modules()
IMPORTS = _imports(MODS)


def test_every_module_has_a_layer():
    assert [m for m in MODS if m != "analysis" and _layer(m) is None] == []


def test_every_import_resolves_to_a_module():
    missing = [
        f"{MODS[m][0].relative_to(ROOT)}:{line}: {t}"
        for m, targets in IMPORTS.items()
        for t, line in targets
        if t not in MODS
    ]
    assert missing == []


def test_nothing_imports_upward():
    upward = [
        f"{MODS[m][0].relative_to(ROOT)}:{line}: {m} -> {t}"
        for m, targets in IMPORTS.items()
        for t, line in targets
        if t in MODS and t != "analysis" and (_layer(t) or 0) > (_layer(m) or 0)
    ]
    assert upward == []


def test_no_import_cycle_between_packages():
    def pkg(m: str) -> str:
        """The unit of the check: a stage package, or one module of ``run`` (whose low
        modules serve every stage and whose cached stages call them)."""
        parts = m.split(".")
        return ".".join(parts[: 3 if parts[1:2] == ["run"] else 2])

    graph: dict[str, set[str]] = {}
    for m, targets in IMPORTS.items():
        for t, _ in targets:
            if t in MODS and pkg(t) != pkg(m) and t != "analysis":
                graph.setdefault(pkg(m), set()).add(pkg(t))
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


@pytest.mark.parametrize(
    "path", sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))
)
def test_module_size(path):
    if path in DATA_TABLES:
        return
    lines = len((PACKAGE / path).read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path}: {lines} lines; split it along a seam (ARCHITECTURE.md)"


def test_the_rules_catch_a_violation(tmp_path):
    """The checks above can fail: an invented upward import is seen as one."""
    assert _layer("analysis.ingest.read") < _layer("analysis.report.build")
    assert _layer("analysis.segment.tokens") < _layer("analysis.pipeline")
    assert _layer("analysis.cli.report") == len(LAYERS) - 1
