"""ARCHITECTURE.md is the map a newcomer reads first: the rules and numbers it states are the code's."""

from __future__ import annotations

import ast
import contextlib
import re
from pathlib import Path

from tests.test_layers import TIERS

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "ARCHITECTURE.md").read_text("utf-8")


def test_architecture_states_these_tiers() -> None:
    """The tier line a newcomer reads names the tiers tests/test_layers.py enforces, in order (it once left
    shape.markers out, so shape.families importing it read as an upward import)."""
    line = TEXT.split("## The tier rule")[1].split("```")[1]
    stated: list[set[str]] = []
    for tier in line.replace("\n", " ").split("<"):
        names: set[str] = set()
        for part in (p.strip() for p in tier.split(",")):
            head, _, subs = part.partition(".")
            names |= {f"replay.{head}.{s}" for s in subs.split("/")} if subs else {f"replay.{part}"}
        stated.append(names)
    # the package itself and __main__ (a cli module by name) go without saying
    enforced = [set(tier) - {"replay", "replay.__main__"} for tier in TIERS]
    assert stated == enforced, f"ARCHITECTURE.md's tier line differs from TIERS:\n{stated}\n{enforced}"


def _constants(path: Path) -> dict[str, object]:
    """A module's top-level constants (``NAME = value``, ``A, B = a, b``), read from its source: importing
    report.sections would import the judge and numpy for two numbers."""
    out: dict[str, object] = {}
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            with contextlib.suppress(ValueError):
                value = ast.literal_eval(node.value)
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                values = value if isinstance(target, ast.Tuple) else [value]
                out.update((n.id, v) for n, v in zip(names, values, strict=True) if isinstance(n, ast.Name))
    return out


def test_architecture_states_the_file_format_versions() -> None:
    """Each file format's row names its format and version and the module that defines them (the table said
    version 2 of run.json and 1 of report.json after both had moved on)."""
    rows = re.findall(r'^\|.*?`"format": "(replay-[a-z]+)", "version": (\d+)`[^|]*?\(`(\w+/\w+)\.py`\)', TEXT, re.M)
    assert {name for name, _, _ in rows} == {
        "replay-plan",
        "replay-run",
        "replay-prepared",
        "replay-report",
        "replay-capacity",
    }, "a format row without its version or its module (`x/y.py`)"
    for name, version, path in rows:
        defined = _constants(ROOT / "replay" / f"{path}.py")
        assert (name, int(version)) == (defined["FORMAT"], defined["VERSION"]), f"ARCHITECTURE.md: {name}'s row"
    schema = _constants(ROOT / "replay/exchange/format.py")["SCHEMA_VERSION"]
    assert f"`v: {schema}` in each record (`exchange/format.py` `SCHEMA_VERSION`)" in TEXT


def test_every_module_the_map_names_exists() -> None:
    """Each ``pkg/module.py`` (or ``pkg/module``, ``util/procs.Children``, ``report/report.schema.json``) that
    ARCHITECTURE.md names is there, under replay/ or the root: a newcomer follows these names first."""
    named = set(re.findall(r"`([a-z_]+/[a-z_]+)[`./]", TEXT))
    missing = [
        n for n in sorted(named) if not any([*b.glob(f"{n}.*")] or (b / n).is_dir() for b in (ROOT / "replay", ROOT))
    ]
    assert len(named) > 40 and not missing, f"ARCHITECTURE.md names what is not there: {missing}"


def test_the_run_directory_row_names_every_file_of_rundir() -> None:
    """The run directory's row lists every name ``runner/rundir.py`` gives the files of a run (its report aside,
    which has a row of its own)."""
    (row,) = [line for line in TEXT.splitlines() if line.startswith("| run directory")]
    constants = _constants(ROOT / "replay/runner/rundir.py")
    names = {v for k, v in constants.items() if k.isupper() and isinstance(v, str) and re.fullmatch(r"[a-z_.]+", v)}
    names -= {"report.json", "report.html", "junit.xml", "replay-run"}
    listed = set(re.findall(r"`([a-z_.]+?)/?`", row))
    assert names <= listed, f"run directory files ARCHITECTURE.md does not list: {sorted(names - listed)}"
