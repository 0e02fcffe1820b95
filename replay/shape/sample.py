"""``replay sample``: draw a plan from a capture to a target distribution, then schedule it.

    features (one pass over the capture)
      -> strata: the values of the ``stratify`` columns per record
      -> target share per stratum: the scenario's, ``production`` (the capture's own), or
         ``target_from`` another capture (a shape-only one will do)
      -> quotas (largest remainder over the rows the schedule needs)
      -> draw per stratum without replacement; a short stratum is drawn again in new random
         order (replacement, reported), or topped up by synthesis; a missing family is
         synthesised by perturbing typical prompts when ``synthesize`` allows it
      -> perturb a share of rows; perturbed rows get their features computed again
         (a second pass over the capture reads just those records)
      -> order (captured order for captured timing, else random with sessions kept in order)
      -> offsets and steps (replay.shape.schedule) -> plan file (replay.shape.plan)

With ``session_key`` the unit drawn is a session: its exchanges in captured order, the last one
of a stratum cut to a prefix so quotas hold exactly.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click
import numpy as np

from replay import __version__
from replay.config.loader import Invalid
from replay.config.scenario import LoadConfig, Scenario, load_scenario
from replay.console import show_progress
from replay.errors import BadInput
from replay.exchange.format import iter_raw
from replay.shape.families import FAMILIES, length_bucket, text_stats
from replay.shape.features import Features, join_prompt, read_features, request_prompt
from replay.shape.mutate import FILLS, OPS, perturb_prompt
from replay.shape.plan import ORIGINS, Plan, strata_table, summarize, write_plan
from replay.shape.schedule import apportion, build
from replay.util.jsonpath import PromptPath

__all__ = ["make_plan", "plan_from", "read_capture", "sample_cmd"]

_SAMPLED, _REPLACED, _SYNTH, _PERTURBED = range(4)
_OP_NAMES = ["none", *OPS]
_OP_CODE = {name: code for code, name in enumerate(_OP_NAMES)}
# Columns whose values a perturbation can change (recomputed for perturbed rows).
_TEXT_COLUMNS = ("family", "length", "script")


def _text_column(name: str, cols: dict[str, np.ndarray]) -> np.ndarray:
    """Codes of a text-derived stratification column from ``text_stats`` output."""
    if name == "length":
        return length_bucket(cols["tokens"])
    return cols[name].astype(np.int64)


def _sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@dataclass
class _Strata:
    """Stratum of every record: the codes of the stratify columns, their labels, and one int64
    key per stratum (the first column most significant, so sorted keys sort like labels' codes)."""

    columns: list[str]
    codes: np.ndarray  # (n records, k columns) int64
    labels: list[list[str]]  # per column

    def __post_init__(self) -> None:
        radix = [max(1, len(lab)) for lab in self.labels]
        self.mult = np.array([int(np.prod(radix[j + 1 :])) for j in range(len(radix))], dtype=np.int64)
        self.radix = radix

    def keys(self, codes: np.ndarray | None = None) -> np.ndarray:
        return (self.codes if codes is None else codes) @ self.mult

    def decode(self, key: int) -> tuple[int, ...]:
        return tuple(int(key // m % r) for m, r in zip(self.mult, self.radix, strict=True))

    def label(self, key: int) -> str:
        return " | ".join(self.labels[j][c] for j, c in enumerate(self.decode(key)))

    def parse(self, label: str, where: str, scenario: Scenario) -> int | None:
        """Key of a stratum label; None when a value (endpoint, model) is not in the capture."""
        parts = [p.strip() for p in re.split(r"\s*\|\s*", label, maxsplit=len(self.columns) - 1)]
        if len(parts) != len(self.columns):
            raise scenario.error(
                where, f"{label!r} has {len(parts)} values for {len(self.columns)} columns ({', '.join(self.columns)})"
            )
        key = 0
        for col, part, labels, mult in zip(self.columns, parts, self.labels, self.mult, strict=True):
            if part in labels:
                key += labels.index(part) * int(mult)
            elif col in ("endpoint", "model"):
                return None
            else:
                raise scenario.error(where, f"{part!r} is not a {col}; {col}s: {', '.join(labels)}")
        return key


def _strata(feats: Features, columns: list[str]) -> _Strata:
    cols = [feats.column(c) for c in columns]
    return _Strata(columns, np.stack([c for c, _ in cols], axis=1), [labels for _, labels in cols])


def _shares(keys: np.ndarray) -> dict[int, float]:
    uniq, counts = np.unique(keys, return_counts=True)
    return {k: c / len(keys) for k, c in zip(uniq.tolist(), counts.tolist(), strict=True)}


@dataclass
class _Draw:
    """Rows drawn so far, and per target stratum what happened."""

    record: list[np.ndarray] = field(default_factory=list)
    origin: list[np.ndarray] = field(default_factory=list)
    op: list[np.ndarray] = field(default_factory=list)
    report: dict[int, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, record: np.ndarray, origin: np.ndarray | int, op: np.ndarray | int = 0) -> None:
        self.record.append(record.astype(np.int64))
        self.origin.append(np.broadcast_to(np.asarray(origin, dtype=np.uint8), record.shape).copy())
        self.op.append(np.broadcast_to(np.asarray(op, dtype=np.uint8), record.shape).copy())


def _draw_units(
    pool: np.ndarray, q: int, start: np.ndarray, session: np.ndarray | None, rng: np.random.Generator
) -> tuple[np.ndarray, int]:
    """``q`` records of ``pool`` in random order of units (sessions, or single records), each
    unit in captured order; laps past the first are replacement. Returns the records and how
    many came from later laps."""
    unit = np.arange(len(pool))
    if session is not None:
        sess = session[pool]
        _, unit = np.unique(np.where(sess >= 0, sess, -1 - pool), return_inverse=True)
    out, size, laps = [], 0, 0
    while size < q:
        rank = rng.permutation(int(unit.max()) + 1)[unit]
        order = pool[np.lexsort((start[pool], rank))]
        out.append(order[: q - size])
        size += len(out[-1])
        laps += 1
    rows = np.concatenate(out)
    return rows, max(0, q - len(pool)) if laps > 1 else 0


def _donors(feats: Features, strata: _Strata, key: int, fam_col: int, ops: tuple[str, ...]) -> np.ndarray:
    """Records to perturb into stratum ``key``: typical prompts matching its other columns."""
    match = np.ones(len(feats), dtype=bool)
    for j, c in enumerate(strata.decode(key)):
        if j != fam_col:
            match &= strata.codes[:, j] == c
    if all(OPS[o].needs_messages for o in ops):
        match &= feats.body_kind == 1
    else:
        match &= feats.body_kind > 0
    typical = match & (feats.family == FAMILIES.index("typical"))
    return np.flatnonzero(typical if typical.any() else match)


def _fillable(strata: _Strata, key: int) -> bool:
    return bool(FILLS.get(FAMILIES[strata.decode(key)[strata.columns.index("family")]]))


def _synthesise(draw: _Draw, feats: Features, strata: _Strata, key: int, q: int, rng: np.random.Generator) -> None:
    fam_col = strata.columns.index("family")
    family = FAMILIES[strata.decode(key)[fam_col]]
    ops = FILLS.get(family, ())
    donors = _donors(feats, strata, key, fam_col, ops) if ops else np.zeros(0, dtype=np.int64)
    if not len(donors):
        what = f"no perturbation makes {family!r} prompts" if not ops else "no prompts to perturb"
        raise BadInput(f"{feats.source}: cannot synthesise stratum {strata.label(key)!r}: {what}")
    rows, _ = _draw_units(donors, q, feats.start, None, rng)
    choice = np.array([_OP_CODE[o] for o in ops], dtype=np.uint8)[rng.integers(0, len(ops), size=q)]
    draw.add(rows, _SYNTH, choice)
    draw.report[key]["synthesized"] += q
    draw.notes.append(f"stratum {strata.label(key)!r}: {q:,} rows synthesised by perturbation ({', '.join(ops)})")


def _target(feats: Features, strata: _Strata, scenario: Scenario) -> dict[int, float]:
    """Share per stratum key: the scenario's, the capture's own, or another capture's."""
    cfg = scenario.sample
    if cfg.target == "production" and cfg.target_from is None:
        return _shares(strata.keys())
    if cfg.target_from is not None:
        other = read_features(cfg.target_from, PromptPath(cfg.prompt_path) if cfg.prompt_path else None)
        if not len(other):
            raise scenario.error("sample.target_from", f"{cfg.target_from} holds no exchanges")
        o = _strata(other, cfg.stratify)
        shares = {o.label(k): v for k, v in _shares(o.keys()).items()}
        where = "sample.target_from"
    else:
        shares, where = cfg.target, "sample.target"  # type: ignore[assignment]
    target: dict[int, float] = {}
    for label, share in shares.items():
        key = strata.parse(label, where, scenario)
        if key is None:
            raise scenario.error(where, f"stratum {label!r} has no records in {feats.source} and cannot be synthesised")
        target[key] = target.get(key, 0.0) + share
    return target


def _draw(
    feats: Features, strata: _Strata, target: dict, n: int, scenario: Scenario, rng: np.random.Generator
) -> _Draw:
    cfg = scenario.sample
    keys = sorted(target)
    quotas = apportion(np.array([target[k] for k in keys]), n)
    uniq, inverse, counts = np.unique(strata.keys(), return_inverse=True, return_counts=True)
    where = {k: i for i, k in enumerate(uniq.tolist())}
    by_stratum = np.argsort(inverse, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(counts)])
    draw = _Draw()
    can_synth = cfg.synthesize and "family" in strata.columns
    for key, q in zip(keys, quotas.tolist(), strict=True):
        i = where.get(key)
        pool = by_stratum[bounds[i] : bounds[i + 1]] if i is not None else np.zeros(0, dtype=np.int64)
        draw.report[key] = {"available": len(pool), "drawn": q, "replaced": 0, "synthesized": 0}
        if q == 0:
            continue
        label = strata.label(key)
        if not len(pool):
            if not can_synth:
                hint = "set sample.synthesize = true" if "family" in strata.columns else "drop it from the target"
                raise scenario.error("sample.target", f"stratum {label!r} has no records in {feats.source}; {hint}")
            _synthesise(draw, feats, strata, key, q, rng)
            continue
        # Top a short stratum up by synthesis only where a perturbation makes its family; else redraw.
        take = q if len(pool) >= q or not (can_synth and _fillable(strata, key)) else len(pool)
        sessions = feats.session if cfg.session_key else None
        rows, again = _draw_units(pool, take, feats.start, sessions, rng)
        origin = np.full(len(rows), _SAMPLED, dtype=np.uint8)
        if again:
            origin[-again:] = _REPLACED
            draw.report[key]["replaced"] = again
            draw.notes.append(
                f"stratum {label!r} is short: {len(pool):,} records for a quota of {q:,}; "
                f"{again:,} drawn again (with replacement)"
            )
        draw.add(rows, origin)
        if take < q:
            _synthesise(draw, feats, strata, key, q - take, rng)
    return draw


def _perturb_share(
    record: np.ndarray,
    origin: np.ndarray,
    op: np.ndarray,
    feats: Features,
    scenario: Scenario,
    rng: np.random.Generator,
) -> None:
    """Give a perturbation to ``perturb.share`` of the drawn (not synthesised) rows with a prompt."""
    cfg = scenario.sample.perturb
    eligible = np.flatnonzero((origin != _SYNTH) & (feats.body_kind[record] > 0))
    k = round(cfg.share * len(eligible))
    if not k:
        return
    names = cfg.ops or list(OPS)
    chosen = np.sort(rng.choice(eligible, size=k, replace=False))
    pick = np.array([_OP_CODE[o] for o in names])[rng.integers(0, len(names), size=k)]
    text_ops = np.array([_OP_CODE[o] for o in names if not OPS[o].needs_messages], dtype=np.int64)
    needs_msgs = np.isin(pick, [_OP_CODE[o] for o in names if OPS[o].needs_messages])
    bad = needs_msgs & (feats.body_kind[record[chosen]] != 1)
    if bad.any():
        if len(text_ops):
            pick[bad] = text_ops[rng.integers(0, len(text_ops), size=int(bad.sum()))]
        else:
            chosen, pick = chosen[~bad], pick[~bad]
    op[chosen] = pick
    origin[chosen] = _PERTURBED


def _recompute(
    capture: Path, record: np.ndarray, op: np.ndarray, seed: np.ndarray, path: PromptPath | None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Text columns of the perturbed rows' prompts: a second pass over the capture reads the
    prompts of just those records and perturbs them as ``mutate.apply`` will when sending."""
    rows = np.flatnonzero(op > 0)
    want: dict[int, list[int]] = {}
    for r in rows.tolist():
        want.setdefault(int(record[r]), []).append(r)
    texts: dict[int, str] = {}
    turns = np.zeros(len(op), dtype=np.int64)
    for i, d in enumerate(iter_raw(capture)):
        for r in want.get(i, ()):
            found, t, _, _ = request_prompt(d["request"], path)
            if not found:
                raise BadInput(f"{capture}: record {i}: no prompt to perturb; was the capture changed?")
            new, turns[r] = perturb_prompt(found, max(t, 1), _OP_NAMES[op[r]], int(seed[r]))
            texts[r] = join_prompt(new)
    cols = [text_stats([texts[r] for r in part], turns[part]) for part in np.array_split(rows, len(rows) // 8192 + 1)]
    return rows, {k: np.concatenate([c[k] for c in cols]) for k in cols[0]}


def _session_order(order: np.ndarray, session: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Keep the slots ``order`` gives, but let each session's rows fill its slots in captured order."""
    sess = session[order]
    if not (sess >= 0).any():
        return order
    key = np.where(sess >= 0, sess, -1 - np.arange(len(order)))
    slots = np.lexsort((np.arange(len(order)), key))
    rows = np.lexsort((start[order], key))
    out = np.empty_like(order)
    out[slots] = order[rows]
    return out


def make_plan(capture: Path, scenario: Scenario, progress: Callable[[int], None] | None = None) -> Plan:
    """The plan for ``capture`` under ``scenario`` (its sample and load sections)."""
    feats, sha = read_capture(capture, scenario, progress)
    return plan_from(feats, sha, capture, scenario)


def read_capture(
    capture: Path, scenario: Scenario, progress: Callable[[int], None] | None = None
) -> tuple[Features, str]:
    """Features of the capture to draw from and its sha256 (hashed on another thread meanwhile)."""
    cfg = scenario.sample
    path = PromptPath(cfg.prompt_path) if cfg.prompt_path else None
    with ThreadPoolExecutor(1) as pool:
        digest = pool.submit(_sha256, capture) if capture.is_file() else None
        feats = read_features(capture, path, cfg.session_key, progress)
        if not len(feats):
            raise BadInput(f"{capture}: the capture holds no exchanges; capture some traffic first")
        if feats.shapes == len(feats):
            raise BadInput(f"{capture}: a shape-only capture has no requests to send; use it as sample.target_from")
        if path is not None and not feats.prompts:
            raise scenario.error(
                "sample.prompt_path",
                f"{cfg.prompt_path!r} matches nothing in any of the {len(feats):,} records of {capture}; "
                "check it against a request body",
            )
        return feats, digest.result() if digest is not None else ""


def plan_from(feats: Features, sha: str, capture: Path, scenario: Scenario) -> Plan:
    """Draw, perturb and schedule the plan from the capture's features."""
    cfg, load = scenario.sample, scenario.load
    path = PromptPath(cfg.prompt_path) if cfg.prompt_path else None
    seeds = np.random.SeedSequence(cfg.seed).spawn(4)
    r_sched, r_draw, r_pert, r_order = (np.random.default_rng(s) for s in seeds)
    sched = build(load, cfg.rows, feats.start, r_sched)
    n = len(sched)
    if not n:
        raise scenario.error("load", "the schedule plans no requests; raise the rate or the duration")

    strata = _strata(feats, cfg.stratify)
    target = _target(feats, strata, scenario)
    draw = _draw(feats, strata, target, n, scenario, r_draw)
    record = np.concatenate(draw.record)
    origin = np.concatenate(draw.origin)
    op = np.concatenate(draw.op)
    _perturb_share(record, origin, op, feats, scenario, r_pert)
    seed = np.where(op > 0, r_pert.integers(0, 2**32, size=n, dtype=np.uint32), 0).astype(np.uint32)

    row_codes = strata.codes[record].copy()
    family = feats.family[record].copy()
    if (op > 0).any():
        rows, cols = _recompute(capture, record, op, seed, path)
        family[rows] = cols["family"]
        for j, col in enumerate(strata.columns):
            if col in _TEXT_COLUMNS:
                row_codes[rows, j] = _text_column(col, cols)

    if load.mode == "captured":
        order = np.lexsort((np.arange(n), feats.start[record]))
    else:
        order = r_order.permutation(n)
        if cfg.session_key:
            order = _session_order(order, feats.session[record], feats.start[record])
    session = np.where(origin == _SYNTH, -1, feats.session[record])

    achieved = _shares(strata.keys(row_codes))
    rows_report = []
    for key in sorted(set(target) | set(achieved), key=lambda k: (-target.get(k, 0.0), k)):
        rep = draw.report.get(key, {"available": 0, "drawn": 0, "replaced": 0, "synthesized": 0})
        rows_report.append(
            {"stratum": strata.label(key), "target": target.get(key, 0.0), "achieved": achieved.get(key, 0.0), **rep}
        )
    tv = 0.5 * sum(abs(r["achieved"] - r["target"]) for r in rows_report)
    notes = draw.notes
    if load.mode == "steps" and not load.closed and cfg.size is not None and n != cfg.size:
        notes.append(f"the load steps plan {n:,} requests; sample.size ({cfg.size:,}) does not apply")
    if cfg.session_key:
        notes.append(f"sessions kept whole by {cfg.session_key}; shares follow whole sessions")

    header = {
        "format": "replay-plan",
        "version": 1,
        "replay": __version__,
        "rows": n,
        "capture": {"path": str(capture), "sha256": sha, "records": len(feats)},
        "scenario": {"path": str(scenario.path) if scenario.path else None, "sha256": scenario.digest},
        "seed": cfg.seed,
        "size": cfg.size,
        "prompt_path": cfg.prompt_path,
        "session_key": cfg.session_key,
        "stratify": cfg.stratify,
        "target_source": cfg.target_from or ("production" if cfg.target == "production" else "scenario"),
        "target": {r["stratum"]: round(r["target"], 6) for r in rows_report if r["target"]},
        "achieved": {r["stratum"]: round(r["achieved"], 6) for r in rows_report if r["achieved"]},
        "tv_distance": round(tv, 6),
        "strata": [{**r, "target": round(r["target"], 6), "achieved": round(r["achieved"], 6)} for r in rows_report],
        "notes": notes,
        "load": {
            "mode": sched.mode,
            "model": "closed" if load.closed else "open",
            "speed": load.speed,
            "rate": load.rate,
            "arrival": load.arrival,
            "steps": [s.to_dict() for s in sched.table],
        },
        "vocab": {
            "family": list(FAMILIES),
            "endpoint": feats.endpoints,
            "perturbation": _OP_NAMES,
            "origin": list(ORIGINS),
        },
    }
    columns = {
        "record": record[order],
        "offset": sched.offsets,
        "step": sched.steps,
        "family": family[order],
        "endpoint": feats.endpoint[record][order],
        "perturbation": op[order],
        "seed": seed[order],
        "origin": origin[order],
        "session": session[order],
    }
    return Plan(header, columns)


def _override(
    scenario: Scenario, size: int | None, seed: int | None, speed: float | None, rate: float | None
) -> Scenario:
    """The scenario with the command line's --size/--seed/--speed/--rate applied and checked."""
    sample, load = scenario.sample, scenario.load
    if speed is not None and rate is not None:
        raise BadInput("--speed and --rate: give one of them (captured timing times speed, or Poisson at rate)")
    if size is not None:
        sample = replace(sample, size=size)
    if seed is not None:
        sample = replace(sample, seed=seed)
    if speed is not None:
        load = LoadConfig(speed=speed)
    if rate is not None:
        load = LoadConfig(rate=rate)
    for obj, opt in ((sample, "--size/--seed"), (load, "--speed/--rate")):
        try:
            obj.check()
        except Invalid as e:
            raise BadInput(f"{opt}: {e.key}: {e.reason}") from None
    return replace(scenario, sample=sample, load=load)


@click.command("sample")
@click.argument("capture", type=click.Path(path_type=Path))
@click.option("--scenario", "-s", "scenario_path", type=click.Path(path_type=Path), help="Scenario TOML file.")
@click.option("--out", "-o", type=click.Path(path_type=Path), help="Plan file to write [plans/CAPTURE.plan].")
@click.option("--size", type=int, help="Rows to draw (overrides sample.size).")
@click.option("--seed", type=int, help="Seed of every random choice (overrides sample.seed).")
@click.option("--speed", type=float, help="Play the captured timing this many times faster (replaces [load]).")
@click.option("--rate", type=float, help="Poisson arrivals at this many requests/s (replaces [load]).")
def sample_cmd(
    capture: Path,
    scenario_path: Path | None,
    out: Path | None,
    size: int | None,
    seed: int | None,
    speed: float | None,
    rate: float | None,
) -> None:
    """Draw a plan from CAPTURE: rows, send offsets and load steps, to the scenario's target mix."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    scenario = load_scenario(scenario_path) if scenario_path else Scenario()
    scenario = _override(scenario, size, seed, speed, rate)
    out = out or Path("plans") / (capture.name.split(".")[0] + ".plan")
    if show_progress():
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True) as bar:
            task = bar.add_task(f"reading {capture}")
            plan = make_plan(
                capture, scenario, lambda n: bar.update(task, description=f"reading {capture}: {n:,} exchanges")
            )
    else:
        plan = make_plan(capture, scenario)
    size_bytes = write_plan(out, plan)
    plan.path = out
    console = Console() if sys.stdout.isatty() else Console(width=120)  # files and pipes get whole tables
    summary = summarize(plan)
    console.print(strata_table(summary.strata, summary.tv_distance))
    steps = ", ".join(
        f"step {s['index']}: {s['rows']:,} rows" + (f" at {s['planned_rate']:.1f}/s" if s["planned_rate"] else "")
        for s in summary.steps[:8]
    )
    console.print(f"schedule: {summary.mode}; {steps}{' ...' if len(summary.steps) > 8 else ''}")
    for note in summary.notes:
        console.print(f"note: {note}")
    console.print(f"wrote {out}: {len(plan):,} rows, {size_bytes:,} bytes")
