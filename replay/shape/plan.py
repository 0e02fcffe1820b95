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

import contextlib
import os
import stat
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from replay.config.loader import MAX_DURATION_DAYS, format_duration
from replay.console import plain, rich_console
from replay.errors import BadInput, path_error
from replay.exchange.format import body_from_json
from replay.exchange.read import iter_raw
from replay.shape.header import FORMAT, PlanHeader, StratumReport
from replay.util.jsonpath import PromptPath
from replay.util.npzip import read_array, write_zip, zip_damage

__all__ = [
    "COLUMNS",
    "ORIGINS",
    "Plan",
    "PlanHeader",
    "PlanSummary",
    "PlannedRequest",
    "deal",
    "is_plan",
    "iter_requests",
    "load_plan",
    "print_sampled",
    "render_summary",
    "shard",
    "summarize",
    "write_plan",
]

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


@dataclass
class Plan:
    """Header and columns of a plan (see the module docstring); rows are in send order."""

    header: PlanHeader
    columns: dict[str, np.ndarray]
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.columns["record"])

    def __getitem__(self, name: str) -> np.ndarray:
        return self.columns[name]

    def vocab(self, name: str) -> list[str]:
        """Labels of a coded column: family, endpoint, perturbation, origin."""
        return self.header.vocab.of(name)

    def labels(self, name: str) -> np.ndarray:
        """The column ``name`` as strings (an object array)."""
        return np.array(self.vocab(name), dtype=object)[self.columns[name]]

    def take(self, rows: np.ndarray) -> Plan:
        """A plan of some rows (same header, ``rows`` updated)."""
        cols = {k: v[rows] for k, v in self.columns.items()}
        return Plan(replace(self.header, rows=len(cols["record"])), cols, self.path)


def write_plan(path: str | Path, plan: Plan) -> int:
    """Write ``plan``; the same plan always gives the same bytes. Returns the file size."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = len(plan)
    arrays = {name: np.ascontiguousarray(plan.columns[name], dtype=dtype) for name, dtype in COLUMNS.items()}
    for name, arr in arrays.items():
        if len(arr) != n:
            raise ValueError(f"plan column {name} has {len(arr)} rows, not {n}")
    header = orjson.dumps(plan.header.to_json(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    write_zip(path, [("header.json", header), *((f"{name}.npy", arr) for name, arr in arrays.items())])
    return path.stat().st_size


def is_plan(path: str | Path) -> bool:
    """Whether ``path`` is a plan file (a zip holding ``header.json`` of this format). A pipe is none: a zip is read
    by seeking, and opening a named pipe no process writes blocked for ever (``replay export FIFO``)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with zipfile.ZipFile(path) as zf:
            return orjson.loads(zf.read("header.json")).get("format") == FORMAT
    except (OSError, KeyError, zipfile.BadZipFile, orjson.JSONDecodeError, AttributeError):
        return False
    except Exception as e:
        if zip_damage(e) is None:
            raise
        return False


def load_plan(path: str | Path) -> Plan:
    """Read a plan file; BadInput if it is not one."""
    path = Path(path)
    with contextlib.suppress(OSError):  # missing, a link that loops: opening it says so
        if stat.S_ISFIFO(mode := os.stat(path).st_mode) or stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            # a zip is read by seeking: <(cat p.plan) was "not a replay plan (File is not a zip file)", and a
            # pipe no process writes blocked the run for ever
            raise BadInput(f"{path}: a pipe or a device; a plan (a zip archive) is read by seeking: save it to a file")
    try:
        with zipfile.ZipFile(path) as zf:
            raw = orjson.loads(zf.read("header.json"))
            try:
                header = PlanHeader.from_json(raw)
            except ValueError as e:  # the header's own words: not a plan, too new, a key missing
                raise BadInput(f"{path}: {e}; make one with 'replay sample'") from None
            cols = {name: read_array(zf, f"{name}.npy") for name in COLUMNS}
    except FileNotFoundError:
        raise BadInput(f"{path}: no such plan file; make one with 'replay sample'") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a directory, not a plan file; give the .plan file 'replay sample' wrote") from None
    except (zipfile.BadZipFile, KeyError, ValueError, orjson.JSONDecodeError) as e:
        raise BadInput(f"{path}: not a replay plan ({e}); make one with 'replay sample'") from None
    except Exception as e:
        if (why := zip_damage(e)) is None:
            if isinstance(e, OSError):
                raise path_error(e, path) from None
            raise
        raise BadInput(f"{path}: not a replay plan ({why}); make one with 'replay sample'") from None
    problem = _columns_problem(header, cols)
    if problem:
        raise BadInput(f"{path}: not a plan 'replay sample' wrote ({problem}); sample it again")
    return Plan(header, cols, path)


# Coded columns and the vocabulary their codes index.
_CODED = ("family", "endpoint", "perturbation", "origin")


def _columns_problem(header: PlanHeader, cols: dict[str, np.ndarray]) -> str | None:
    """What makes the columns disagree with each other or with the header (a plan edited or put together
    by hand), in a few words; None when every row indexes what it should. Why: every reader (inspect,
    the runner's workers) indexes vocabularies and the capture by these, and raised IndexError."""
    for name, dtype in COLUMNS.items():
        col = cols[name]
        if col.dtype != np.dtype(dtype) or col.ndim != 1 or len(col) != header.rows:
            return f"column {name} is not {header.rows:,} values of {np.dtype(dtype)}"
    if not header.rows:  # the sampler refuses a schedule of no requests: 'replay run' ran it 'complete', 0 rows
        return "it holds no rows"
    bounds = {name: len(header.vocab.of(name)) for name in _CODED}
    bounds |= {"record": header.capture.records, "step": len(header.load.steps)}
    for name, end in bounds.items():
        if int(cols[name].min()) < 0 or int(cols[name].max()) >= end:
            return f"column {name} holds a value outside the {end:,} it may index"
    # a step's rows as the header counts them: a hand-edited count made inspect plan 1,000 rows at 16.67/s of 120
    counted = np.bincount(cols["step"], minlength=len(header.load.steps))
    if wrong := next((s for s in header.load.steps if s.rows != counted[s.index]), None):
        return f"step {wrong.index} counts {wrong.rows:,} rows, its column {int(counted[wrong.index]):,}"
    offset = cols["offset"]
    if header.load.model == "open" and not (np.isfinite(offset).all() and offset.min() >= 0):
        return "column offset holds a time that is negative or not a number"
    # the runner sends rows in order, each when due: a row due before the one ahead of it waited for it, then
    # went late (rows out of order ran, their send lag counted against the generator)
    if header.load.model == "open" and (back := np.flatnonzero(np.diff(offset) < 0)).size:
        return f"column offset goes back in time at row {int(back[0]) + 1:,} (rows are in the order they are sent)"
    # as 'replay sample' bounds a plan: an offset of 1e300 s held the run's first step for ever
    if header.load.model == "open" and offset.max() > MAX_DURATION_DAYS * 86400:
        return f"column offset holds a time past {MAX_DURATION_DAYS} days, longer than any plan lasts"
    return None


def deal(session: np.ndarray, workers: int) -> np.ndarray:
    """The worker (0-based, of ``workers``) of each row, from the rows' session codes (-1: none).

    Units (a session's rows, or a single row without a session) are dealt round-robin in order
    of first appearance, so each worker gets an even share of every step and whole sessions.
    """
    n = len(session)
    key = np.where(session >= 0, session, -1 - np.arange(n, dtype=np.int64))
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inverse] % workers


def shard(plan: Plan, worker: int, workers: int) -> Plan:
    """The rows of ``worker`` (0-based) of ``workers`` (``deal``): every row goes to exactly one worker."""
    if not 0 <= worker < workers:
        raise ValueError(f"worker {worker} is outside 0..{workers - 1}")
    return plan.take(np.flatnonzero(deal(plan["session"], workers) == worker))


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


def iter_requests(
    plan: Plan, capture: str | Path | None = None, rows: Sequence[int] | None = None
) -> Iterator[PlannedRequest]:
    """The plan's rows as requests, in row order (``rows``: those only, in their order); reads the
    capture once (default: the header's)."""
    from replay.shape.mutate import apply  # a runner process reads plans and never perturbs: not its imports

    capture = Path(capture or plan.header.capture.path)
    need = np.zeros(plan.header.capture.records, dtype=bool)
    need[plan["record"] if rows is None else plan["record"][np.asarray(rows, dtype=np.int64)]] = True
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
    pp = plan.header.prompt_path
    path = PromptPath(pp) if pp else None
    ops, fams = plan.vocab("perturbation"), plan.vocab("family")
    for i in range(len(plan)) if rows is None else rows:
        rec = records[int(plan["record"][i])]
        op = int(plan["perturbation"][i])
        if op:
            rec = apply(rec, ops[op], int(plan["seed"][i]), path)
        req = rec["request"]
        body = body_from_json(req.get("body"))
        yield PlannedRequest(
            row=i,
            offset=float(plan["offset"][i]),
            step=int(plan["step"][i]),
            family=fams[plan["family"][i]],
            perturbation=ops[op],
            method=req["method"],
            url=req["url"],
            headers=[(k, v) for k, v in req["headers"]],
            body=None if body is None else body.to_bytes(),
            record=int(plan["record"][i]),
        )


@dataclass
class PlanSummary:
    """What ``replay inspect PLAN`` shows."""

    path: str
    rows: int
    capture: str
    capture_digest: str  # ALGO:HEX
    seed: int
    mode: str
    steps: list[dict[str, Any]]  # index, start, duration, rows, rate asked, users asked, rate planned
    families: list[tuple[str, int, float]]  # name, rows, share
    strata: list[StratumReport]
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

    steps = [{**s.to_json(), "planned_rate": s.rows / s.duration if s.duration else None} for s in h.load.steps]
    return PlanSummary(
        path=str(plan.path or ""),
        rows=n,
        capture=h.capture.path,
        capture_digest=h.capture.digest,
        seed=h.seed,
        mode=h.load.mode,
        steps=steps,
        families=[(name, c, c / n if n else 0.0) for name, c in counts("family")],
        strata=h.strata,
        tv_distance=h.tv_distance,
        perturbations=[(name, c) for name, c in counts("perturbation") if name != "none"],
        origins=counts("origin"),
        endpoints=counts("endpoint")[:10],
        notes=h.notes,
    )


def _short(digest: str) -> str:
    """A capture digest as a person reads it: its algorithm and 12 hex digits."""
    algorithm, _, value = digest.partition(":")
    return f"{algorithm} {value[:12]}" if value else "no digest"


def render_summary(summary: PlanSummary, console: Any = None) -> None:
    """Print a plan summary with rich tables (to ``console``, default stdout)."""
    from rich.table import Table

    console = console or rich_console()
    console.print(
        f"[bold]{plain(str(summary.path or 'plan'))}[/]: {summary.rows:,} rows, {summary.mode} schedule, "
        f"seed {summary.seed}; capture {plain(str(summary.capture))} ({_short(summary.capture_digest)})"
    )
    steps = Table("step", "start", "duration", "rows", "planned rate/s", "asked", title="Steps")
    for s in summary.steps:
        asked = f"{s['rate']:g}/s" if s.get("rate") else (f"{s['users']} users" if s.get("users") else "-")
        rate = "-" if s["planned_rate"] is None else f"{s['planned_rate']:.2f}"
        start, duration = format_duration(s["start"]), format_duration(s["duration"])
        steps.add_row(str(s["index"]), start, duration, f"{s['rows']:,}", rate, asked)
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
        console.print(f"note: {note}", markup=False)


def strata_table(strata: list[StratumReport], tv: float | None) -> Any:
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
            plain(s.stratum),  # strata can be endpoints: captured text
            f"{s.target:.2%}",
            f"{s.achieved:.2%}",
            f"{(s.achieved - s.target) * 100:+.2f}",
            f"{s.available:,}",
            f"{s.drawn:,}",
            f"{s.replaced:,}",
            f"{s.synthesized:,}",
        )
    return t


def print_sampled(plan: Plan) -> None:
    """What ``replay sample`` prints: the strata against their targets, the schedule, notes, the file."""
    import sys

    console = rich_console() if sys.stdout.isatty() else rich_console(width=120)  # files and pipes get whole tables
    summary = summarize(plan)
    console.print(strata_table(summary.strata, summary.tv_distance))
    steps = ", ".join(
        f"step {s['index']}: {s['rows']:,} rows" + (f" at {s['planned_rate']:.1f}/s" if s["planned_rate"] else "")
        for s in summary.steps[:8]
    )
    console.print(f"schedule: {summary.mode}; {steps}{' ...' if len(summary.steps) > 8 else ''}")
    for note in summary.notes:
        console.print(f"note: {note}", markup=False)
    size = plan.path.stat().st_size if plan.path is not None else 0
    console.print(f"wrote {plan.path}: {len(plan):,} rows, {size:,} bytes", markup=False)
