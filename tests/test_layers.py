"""The package's shape: imports point one way (config <- stages <- pipeline <- cli), no import
cycles, locust only inside ``replay/runner/``, no pickle anywhere, and a map of its modules in
every package's docstring.

Every ``import`` statement counts, also those inside functions: a lazy import is still a
dependency a reader has to follow.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "replay"

# Tiers, lowest first: a module may import from its own tier or a lower one, never a higher one.
TIERS: list[tuple[str, ...]] = [
    ("replay", "replay.errors", "replay.console", "replay.util", "replay.data", "replay.testing"),
    ("replay.exchange",),  # the capture format every stage reads
    ("replay.config",),
    # An exchange's features: capture's shape-only mode stores them, the sampler draws by them.
    (
        "replay.shape.families",
        "replay.shape.columns",
        "replay.shape.features",
        "replay.shape.markers",
        "replay.shape.prompts",
        "replay.shape.records",
    ),
    ("replay.redact",),
    ("replay.mitm",),
    ("replay.capture",),
    ("replay.formats",),
    ("replay.shape",),
    ("replay.faults",),
    ("replay.runner",),
    ("replay.judge",),
    ("replay.report",),
    ("replay.demo",),
    ("replay.pipeline",),
    ("replay.cli", "replay.__main__"),
]
# A stage's command-line module sits with the CLI: it parses options and calls the pipeline.
CLI_MODULES = {"cli", "__main__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join([*base, node.module] if node.module else base)
            else:
                mod = node.module or ""
            out.add(mod)
            # ``from replay.x import y`` may name a module y
            out.update(f"{mod}.{a.name}" for a in node.names)
    return out


MODULES = {_module_name(p): p for p in ROOT.rglob("*.py")}


def _resolve(name: str) -> str | None:
    """The replay module an imported name refers to (a module, or a name inside one)."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for mod, path in MODULES.items():
        deps = {_resolve(n) for n in _imports(path) if n == "replay" or n.startswith("replay.")}
        graph[mod] = {d for d in deps if d and d != mod}
    return graph


def _tier(mod: str) -> int:
    if mod.rpartition(".")[2] in CLI_MODULES:
        return len(TIERS) - 1
    best, rank = -1, -1
    for i, prefixes in enumerate(TIERS):
        for p in prefixes:
            if (mod == p or mod.startswith(p + ".")) and len(p) > best:
                best, rank = len(p), i
    assert rank >= 0, f"{mod} belongs to no tier; add its package to TIERS"
    return rank


def test_every_module_has_a_tier() -> None:
    for mod in MODULES:
        _tier(mod)


def test_no_upward_imports() -> None:
    graph = _graph()
    upward = [
        f"{mod} imports {dep}"
        for mod, deps in sorted(graph.items())
        for dep in sorted(deps)
        if dep != "replay" and _tier(dep) > _tier(mod)
    ]
    assert not upward, "imports against the pipeline's direction:\n" + "\n".join(upward)


def test_no_import_cycles() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[str] = []

    def visit(mod: str) -> None:
        state[mod] = 1
        stack.append(mod)
        for dep in sorted(graph.get(mod, ())):
            if dep == "replay" or dep.startswith(mod + "."):
                continue  # a package's __init__ re-exporting its own modules is not a cycle
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*stack[stack.index(dep) :], dep]))
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[mod] = 2

    for mod in sorted(graph):
        if mod not in state:
            visit(mod)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


@pytest.mark.parametrize("banned", ["locust", "gevent"])
def test_locust_only_in_runner(banned: str) -> None:
    # The runner's child processes (python -m replay.runner) and the modules only they import.
    allowed = (
        "replay.runner.dispatch",
        "replay.runner.distributed",
        "replay.runner.worker",
        "replay.runner.client",
        "replay.runner.timer",
        "replay.runner.__main__",
    )
    users = [
        mod
        for mod, path in MODULES.items()
        if any(n == banned or n.startswith(banned + ".") for n in _imports(path)) and not mod.startswith(allowed)
    ]
    assert not users, f"{banned} imported outside the runner's child processes: {users}"


def test_no_pickle() -> None:
    users = [mod for mod, path in MODULES.items() if "pickle" in path.read_text("utf-8")]
    assert not users, f"pickle named in {users}: run directories must never execute code when read"


PACKAGES = [ROOT, *sorted(p.parent for p in ROOT.glob("*/__init__.py") if p.parent.name != "data")]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_every_module_is_on_its_package_map(package: Path) -> None:
    """A package's docstring names each of its modules (a newcomer's map), and no module it lost."""
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8"))) or ""
    have = {p.name for p in package.glob("*.py")} - {"__init__.py", "__main__.py"}
    named = set(re.findall(r"\b(\w+\.py)\b", doc))
    where = (package / "__init__.py").relative_to(ROOT.parent)
    assert not have - named, f"{where} does not name {sorted(have - named)}"
    assert not named - have, f"{where} names modules it has not: {sorted(named - have)}"
