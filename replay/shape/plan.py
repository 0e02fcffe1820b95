"""Plan files: which captured record each row sends, when, in which step, with which perturbation.

A plan is a zip in numpy's ``.npz`` layout, members stored uncompressed with fixed dates so the
same inputs give the same bytes: ``header.json`` (capture path and digest, scenario digest, seed,
target and achieved distribution, steps, vocabularies) and one ``.npy`` array per column:

    record        int64    index of the exchange in the capture (0-based, file order)
    offset        float64  intended send offset, seconds from the start (NaN: closed model)
    step          int16    load step
    family        uint8    prompt family of the request as sent -> header vocab.family
    endpoint      int32    endpoint template -> header vocab.endpoint
    perturbation  uint8    0 = none -> header vocab.perturbation
    seed          uint32   the perturbation's seed
    origin        uint8    sampled, replacement, synthesized, perturbed -> header vocab.origin
    session       int64    session code (-1: none); rows of one session stay on one worker

``load_plan`` reads a million rows in a few tens of milliseconds; ``shard`` gives one worker its
rows; ``iter_requests`` turns rows into requests (reading the capture, applying perturbations).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from replay.errors import BadInput
from replay.exchange.format import Body, iter_raw
from replay.shape.mutate import apply
from replay.util.jsonpath import PromptPath

__all__ = [
    "COLUMNS",
    "ORIGINS",
    "Plan",
    "PlanSummary",
    "PlannedRequest",
    "is_plan",
    "iter_requests",
    "load_plan",
    "render_summary",
    "shard",
    "summarize",
    "write_plan",
]

FORMAT = "replay-plan"
VERSION = 1
COLUMNS: dict[str, type] = {
    "record": np.int64,
    "offset": np.float64,
    "step": np.int16,
    "family": np.uint8,
    "endpoint": np.int32,
    "perturbation": np.uint8,
    "seed": np.uint32,
    "origin": np.uint8,
    "session": np.int64,
}
ORIGINS = ("sampled", "replacement", "synthesized", "perturbed")
_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass
class Plan:
    """Header and columns of a plan (see the module docstring); rows are in send order."""

    header: dict[str, Any]
    columns: dict[str, np.ndarray]
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.columns["record"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def vocab(self, name: str) -> list[str]:
        """Labels of a coded column: family, endpoint, perturbation, origin."""
        return self.header["vocab"][name]

    def labels(self, name: str) -> np.ndarray:
        """The column ``name`` as strings (an object array)."""
        return np.array(self.vocab(name), dtype=object)[self.columns[name]]

    def take(self, rows: np.ndarray) -> Plan:
        """A plan of some rows (same header, ``rows`` updated)."""
        cols = {k: v[rows] for k, v in self.columns.items()}
        return Plan({**self.header, "rows": len(cols["record"])}, cols, self.path)


def write_plan(path: str | Path, plan: Plan) -> int:
    """Write ``plan``; the same plan always gives the same bytes. Returns the file size."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = len(plan)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
        zf.writestr(_info("header.json"), orjson.dumps(plan.header, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
        for name, dtype in COLUMNS.items():
            arr = np.ascontiguousarray(plan.columns[name], dtype=dtype)
            if len(arr) != n:
                raise ValueError(f"plan column {name} has {len(arr)} rows, not {n}")
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            zf.writestr(_info(f"{name}.npy"), buf.getbuffer())
    tmp.replace(path)
    return path.stat().st_size


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_DATE)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def is_plan(path: str | Path) -> bool:
    """Whether ``path`` is a plan file (a zip holding ``header.json`` of this format)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return orjson.loads(zf.read("header.json")).get("format") == FORMAT
    except (OSError, KeyError, zipfile.BadZipFile, orjson.JSONDecodeError, AttributeError):
        return False


def load_plan(path: str | Path) -> Plan:
    """Read a plan file; BadInput if it is not one."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            header = orjson.loads(zf.read("header.json"))
            if header.get("format") != FORMAT:
                raise BadInput(f"{path}: not a replay plan (format {header.get('format')!r})")
            if header.get("version", 0) > VERSION:
                raise BadInput(f"{path}: plan version {header['version']} is newer than this replay reads ({VERSION})")
            cols = {}
            for name in COLUMNS:
                with zf.open(f"{name}.npy") as fh:
                    cols[name] = np.lib.format.read_array(fh, allow_pickle=False)
    except FileNotFoundError:
        raise BadInput(f"{path}: no such plan file; make one with 'replay sample'") from None
    except (zipfile.BadZipFile, KeyError, ValueError, orjson.JSONDecodeError) as e:
        raise BadInput(f"{path}: not a replay plan ({e}); make one with 'replay sample'") from None
    return Plan(header, cols, path)


def shard(plan: Plan, worker: int, workers: int) -> Plan:
    """The rows of ``worker`` (0-based) of ``workers``: every row goes to exactly one worker.

    Units (a session's rows, or a single row without a session) are dealt round-robin in order
    of first appearance, so each worker gets an even share of every step and whole sessions.
    """
    if not 0 <= worker < workers:
        raise ValueError(f"worker {worker} is outside 0..{workers - 1}")
    n = len(plan)
    sess = plan["session"]
    key = np.where(sess >= 0, sess, -1 - np.arange(n, dtype=np.int64))
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return plan.take(np.flatnonzero(rank[inverse] % workers == worker))


@dataclass(slots=True)
class PlannedRequest:
    """One row of a plan as a request to send (perturbation applied; ``body`` as bytes)."""

    row: int
    offset: float
    step: int
    family: str
    perturbation: str
    method: str
    url: str
    headers: list[tuple[str, str]]
    body: bytes | None
    record: int = -1
    meta: dict[str, Any] = field(default_factory=dict)


def iter_requests(plan: Plan, capture: str | Path | None = None) -> Iterator[PlannedRequest]:
    """The plan's rows as requests, in row order; reads the capture once (default: the header's)."""
    capture = Path(capture or plan.header["capture"]["path"])
    need = np.zeros(int(plan.header["capture"]["records"]), dtype=bool)
    need[plan["record"]] = True
    records: dict[int, dict[str, Any]] = {}
    n = 0
    for n, d in enumerate(iter_raw(capture)):
        if n < len(need) and need[n]:
            records[n] = d
    if n + 1 != len(need):
        raise BadInput(
            f"{capture}: has {n + 1} records, the plan was drawn from {len(need)}; "
            "give the capture the plan was made from"
        )
    pp = plan.header.get("prompt_path")
    path = PromptPath(pp) if pp else None
    ops, fams = plan.vocab("perturbation"), plan.vocab("family")
    for i in range(len(plan)):
        rec = records[int(plan["record"][i])]
        op = int(plan["perturbation"][i])
        if op:
            rec = apply(rec, ops[op], int(plan["seed"][i]), path)
        req = rec["request"]
        body = req.get("body")
        yield PlannedRequest(
            row=i,
            offset=float(plan["offset"][i]),
            step=int(plan["step"][i]),
            family=fams[plan["family"][i]],
            perturbation=ops[op],
            method=req["method"],
            url=req["url"],
            headers=[(k, v) for k, v in req["headers"]],
            body=None if body is None else Body(**body).to_bytes(),
            record=int(plan["record"][i]),
        )


@dataclass
class PlanSummary:
    """What ``replay inspect PLAN`` shows."""

    path: str
    rows: int
    capture: str
    capture_sha256: str
    seed: int
    mode: str
    steps: list[dict[str, Any]]  # index, start, duration, rows, rate asked, users asked, rate planned
    families: list[tuple[str, int, float]]  # name, rows, share
    strata: list[dict[str, Any]]  # stratum, target, achieved, available, drawn, replaced, synthesized
    tv_distance: float | None
    perturbations: list[tuple[str, int]]
    origins: list[tuple[str, int]]
    endpoints: list[tuple[str, int]]
    notes: list[str]


def summarize(plan: Plan | str | Path) -> PlanSummary:
    """Rows, steps with their planned rate, family shares, target against achieved."""
    if not isinstance(plan, Plan):
        plan = load_plan(plan)
    h = plan.header
    n = len(plan)

    def counts(name: str) -> list[tuple[str, int]]:
        c = np.bincount(plan[name], minlength=len(plan.vocab(name)))
        return [(plan.vocab(name)[k], int(c[k])) for k in np.argsort(-c, kind="stable") if c[k]]

    steps = []
    for s in h["load"]["steps"]:
        rate = s["rows"] / s["duration"] if s["duration"] else None
        steps.append({**s, "planned_rate": rate})
    return PlanSummary(
        path=str(plan.path or ""),
        rows=n,
        capture=h["capture"]["path"],
        capture_sha256=h["capture"]["sha256"],
        seed=h["seed"],
        mode=h["load"]["mode"],
        steps=steps,
        families=[(name, c, c / n if n else 0.0) for name, c in counts("family")],
        strata=h.get("strata", []),
        tv_distance=h.get("tv_distance"),
        perturbations=[(name, c) for name, c in counts("perturbation") if name != "none"],
        origins=counts("origin"),
        endpoints=counts("endpoint")[:10],
        notes=h.get("notes", []),
    )


def render_summary(summary: PlanSummary, console: Any = None) -> None:
    """Print a plan summary with rich tables (to ``console``, default stdout)."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    console.print(
        f"[bold]{summary.path or 'plan'}[/]: {summary.rows:,} rows, {summary.mode} schedule, seed {summary.seed}; "
        f"capture {summary.capture} (sha256 {summary.capture_sha256[:12]})"
    )
    steps = Table("step", "start s", "duration s", "rows", "planned rate/s", "asked", title="Steps")
    for s in summary.steps:
        asked = f"{s['rate']:g}/s" if s.get("rate") else (f"{s['users']} users" if s.get("users") else "-")
        rate = "-" if s["planned_rate"] is None else f"{s['planned_rate']:.2f}"
        steps.add_row(str(s["index"]), f"{s['start']:.1f}", f"{s['duration']:.1f}", f"{s['rows']:,}", rate, asked)
    console.print(steps)
    console.print(strata_table(summary.strata, summary.tv_distance))
    fams = Table("family", "rows", "share", title="Families")
    for name, c, share in summary.families:
        fams.add_row(name, f"{c:,}", f"{share:.1%}")
    console.print(fams)
    for title, rows in (("Origins", summary.origins), ("Perturbations", summary.perturbations)):
        if rows:
            console.print(f"{title}: " + ", ".join(f"{name} {c:,}" for name, c in rows))
    for note in summary.notes:
        console.print(f"note: {note}")


def strata_table(strata: list[dict[str, Any]], tv: float | None) -> Any:
    """Target against achieved share per stratum, as a rich table."""
    from rich import box
    from rich.table import Table

    title = "Target vs achieved" + ("" if tv is None else f" (total variation distance {tv:.4f})")
    t = Table(title=title, box=box.SIMPLE_HEAD)
    t.add_column("stratum", no_wrap=True)
    for name in ("target", "achieved", "diff pp", "captured", "rows", "replaced", "synthesised"):
        t.add_column(name, justify="right")
    for s in strata:
        t.add_row(
            s["stratum"],
            f"{s['target']:.2%}",
            f"{s['achieved']:.2%}",
            f"{(s['achieved'] - s['target']) * 100:+.2f}",
            f"{s['available']:,}",
            f"{s['drawn']:,}",
            f"{s['replaced']:,}",
            f"{s['synthesized']:,}",
        )
    return t
