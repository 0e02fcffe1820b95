"""``replay sample``: draw a plan from a capture to a target distribution, then schedule it.

    features (one pass over the capture)
      -> the records drawn from: not WebSocket upgrades, requests whose body is not whole, clients' retries
         (``drawable``)
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

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from replay import __version__
from replay.config.loader import MAX_DURATION_DAYS, Invalid
from replay.config.scenario import LoadConfig, Scenario
from replay.errors import BadInput
from replay.exchange.read import ReadStats, no_exchanges
from replay.exchange.sources import DIGEST, capture_digest, capture_files, hasher
from replay.shape.columns import Features
from replay.shape.families import FAMILIES, length_bucket, text_stats
from replay.shape.features import read_features
from replay.shape.header import CaptureRef, LoadPlan, PlanHeader, ScenarioRef, StratumReport, Vocab
from replay.shape.mutate import OPS, perturb_prompt
from replay.shape.plan import ORIGINS, Plan
from replay.shape.prompts import join_prompt
from replay.shape.records import record_prompt, records_at
from replay.shape.schedule import Schedule, build
from replay.shape.strata import (
    OP_CODE,
    OP_NAMES,
    PERTURBED,
    SYNTH,
    Draw,
    Strata,
    draw_strata,
    key_shares,
    strata_of,
    target_shares,
)
from replay.util.jsonpath import PromptPath

__all__ = ["Drawable", "drawable", "make_plan", "plan_from", "read_capture", "with_cli_overrides"]

# How to bring a plan that lasts too long back under MAX_DURATION_DAYS, by schedule mode.
_SHORTER = {
    "captured": "raise load.speed (--speed) or lower sample.size (--size)",
    "rate": "raise load.rate (--rate), or give load.duration or a smaller sample.size (--size)",
    "steps": "shorten load.steps, whose durations add up to it",
}
# Columns whose values a perturbation can change (recomputed for perturbed rows).
_TEXT_COLUMNS = ("family", "length", "script")
# Above this share of the records drawn from, an agent's calls (tools offered) are worth a stratum of their own
TOOLS_SHARE = 0.05


def _text_column(name: str, cols: dict[str, np.ndarray]) -> np.ndarray:
    """Codes of a text-derived stratification column from ``text_stats`` output."""
    if name == "length":
        return length_bucket(cols["tokens"])
    return cols[name].astype(np.int64)


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
    eligible = np.flatnonzero((origin != SYNTH) & (feats.body_kind[record] > 0))
    k = round(cfg.share * len(eligible))
    if not k:
        return
    names = cfg.ops or list(OPS)
    chosen = np.sort(rng.choice(eligible, size=k, replace=False))
    pick = np.array([OP_CODE[o] for o in names])[rng.integers(0, len(names), size=k)]
    text_ops = np.array([OP_CODE[o] for o in names if not OPS[o].needs_messages], dtype=np.int64)
    needs_msgs = np.isin(pick, [OP_CODE[o] for o in names if OPS[o].needs_messages])
    bad = needs_msgs & (feats.body_kind[record[chosen]] != 1)
    if bad.any():
        if len(text_ops):
            pick[bad] = text_ops[rng.integers(0, len(text_ops), size=int(bad.sum()))]
        else:
            chosen, pick = chosen[~bad], pick[~bad]
    op[chosen] = pick
    origin[chosen] = PERTURBED


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
    found_in = records_at(capture, sorted(want))  # decodes just these records' lines
    while True:
        try:
            i, rec = next(found_in)
        except StopIteration:
            break
        except ValueError as e:
            raise BadInput(f"{capture}: {e}; was the capture changed? sample it again") from None
        found, t = record_prompt(rec, path)
        if not found:
            raise BadInput(f"{capture}: record {i}: no prompt to perturb; was the capture changed? sample it again")
        for r in want[i]:
            new, turns[r] = perturb_prompt(found, max(t, 1), OP_NAMES[op[r]], int(seed[r]))
            texts[r] = join_prompt(new)
    if len(texts) < len(rows):
        raise BadInput(f"{capture}: fewer records than the first pass read; was the capture changed? sample it again")
    cols = [text_stats([texts[r] for r in part], turns[part]) for part in np.array_split(rows, len(rows) // 8192 + 1)]
    return rows, {k: np.concatenate([c[k] for c in cols]) for k in cols[0]}


def _stable_order(key: np.ndarray) -> np.ndarray:
    """``np.argsort(key, kind="stable")`` (ties in row order) of float keys, in 60% of its time: an unstable
    sort, then each run of equal keys put in row order by one sort of unique integers (run * n + row)."""
    order = np.argsort(key)
    keys = key[order]
    new_run = keys[1:] != keys[:-1]
    if new_run.all():
        return order
    if np.isnan(keys[-1]):  # NaN is no key's equal: its ties are not found as runs
        return np.argsort(key, kind="stable")
    run = np.concatenate(([0], np.cumsum(new_run)))
    return np.sort(run * len(key) + order) % len(key)


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
    feats, digest = read_capture(capture, scenario, progress)
    return plan_from(feats, digest, capture, scenario)


def read_capture(
    capture: Path, scenario: Scenario, progress: Callable[[int], None] | None = None
) -> tuple[Features, str]:
    """Features of the capture to draw from and its digest (``capture_digest``): of a single file,
    hashed from the bytes the pass reads (no second read), else on another thread meanwhile."""
    cfg = scenario.sample
    path = PromptPath(cfg.prompt_path) if cfg.prompt_path else None
    files = capture_files(capture)
    stats = ReadStats()
    with ThreadPoolExecutor(1) as pool:
        if len(files) == 1:
            hashed = _Hashed()
            feats = read_features(capture, path, cfg.session_key, progress, hashed.update, stats)
            digest = pool.submit(hashed.hexdigest, files[0])  # returns at once unless the pass stopped short
        else:
            digest = pool.submit(capture_digest, capture)
            feats = read_features(capture, path, cfg.session_key, progress)
        if not len(feats):
            raise no_exchanges(capture, stats)
        if feats.shapes == len(feats):
            raise BadInput(f"{capture}: a shape-only capture has no requests to send; use it as sample.target_from")
        if path is not None and not feats.prompts:
            raise scenario.error(
                "sample.prompt_path",
                f"{cfg.prompt_path!r} matches nothing in any of the {len(feats):,} records of {capture}; "
                "check it against a request body",
            )
        return feats, digest.result()


class _Hashed:
    """The digest of the bytes given, and how many."""

    def __init__(self) -> None:
        self.hash = hasher(DIGEST)
        self.size = 0

    def update(self, data: bytes | memoryview) -> None:
        self.hash.update(data)
        self.size += len(data)

    def hexdigest(self, path: Path) -> str:
        """The file's ``capture_digest``: this one's if it hashed the whole file, else read again."""
        return f"{DIGEST}:{self.hash.hexdigest()}" if self.size == path.stat().st_size else capture_digest(path)


@dataclass(slots=True)
class Drawable:
    """The records to draw from, the capture's record number of each (None: all), what was left out or kept
    (notes), and how many clients' retries were left out."""

    feats: Features
    kept: np.ndarray | None
    notes: list[str]
    retries_left_out: int = 0


def drawable(feats: Features, scenario: Scenario) -> Drawable:
    """What the plan draws from: not a WebSocket's upgrade (status 101: replayed without its socket, it is a
    plain GET the service refuses), nor a request whose body is not whole (cut at the capture's body cap, a
    binary body redaction dropped, or one its client never sent whole: replayed, it sends the service a broken
    body), nor a client's retry of an
    earlier record unless ``sample.keep_retries``."""
    sockets, cut = feats.status == 101, feats.cut & (feats.status != 101)
    notes = []
    if n := int(sockets.sum()):
        notes.append(f"{n:,} WebSocket upgrade(s) left out: replay replays HTTP requests, not WebSocket sessions")
    if n := int(cut.sum()):
        notes.append(
            f"{n:,} records left out: their request bodies are not whole in the capture (cut at its --body-cap, "
            "binary and dropped by its redaction policy, which binary = 'keep' changes, or never sent whole by "
            "their clients: meta.request_incomplete); replayed, they would send the service a broken body"
        )
    leave = sockets | cut
    retries = 0
    if feats.retry.any():
        said = ", ".join(f"{name} {n:,}" for name, n in sorted(feats.retried_by.items()))
        retries = int((feats.retry & ~leave).sum())
        if scenario.sample.keep_retries:
            notes.append(f"{retries:,} records are clients' retries ({said}), drawn as any other")
            retries = 0
        else:
            notes.append(
                f"{retries:,} of {len(feats):,} records left out as clients' retries of an earlier one ({said}): the "
                "runner's [client] retries stand for them; sample.keep_retries = true keeps them"
            )
            leave = leave | feats.retry
    if not leave.any():
        return Drawable(feats, None, notes)
    kept = np.flatnonzero(~leave)
    if not len(kept):
        raise BadInput(f"{feats.source}: nothing to draw: {'; '.join(notes)}")
    return Drawable(feats.take(kept), kept, notes, retries)


def _tools_note(feats: Features, stratify: Sequence[str]) -> list[str]:
    """The note that the records offering tools are over ``TOOLS_SHARE`` and no stratum keeps them apart: drawn
    with the plain chats of their stratum, their share in the plan is chance's. The default ``stratify`` leaves
    ``tools`` out (adding it would change every default plan): the note names the key to add."""
    share = float(feats.tools.mean()) if len(feats) else 0.0
    if share <= TOOLS_SHARE or "tools" in stratify:
        return []
    keys = ", ".join(f'"{c}"' for c in (*stratify, "tools"))
    return [
        f"{share:.1%} of the requests drawn from offer the model tools (an agent's calls), drawn with the plain "
        f"chats of their stratum; [sample] stratify = [{keys}] keeps their share"
    ]


def plan_from(feats: Features, digest: str, capture: Path, scenario: Scenario) -> Plan:
    """Draw, perturb and schedule the plan from the capture's features."""
    cfg, load = scenario.sample, scenario.load
    records = len(feats)
    drawn = drawable(feats, scenario)
    feats, kept = drawn.feats, drawn.kept
    path = PromptPath(cfg.prompt_path) if cfg.prompt_path else None
    seeds = np.random.SeedSequence(cfg.seed).spawn(4)
    r_sched, r_draw, r_pert, r_order = (np.random.default_rng(s) for s in seeds)
    sched = build(load, cfg.rows, feats.start, r_sched)
    n = len(sched)
    if not n:
        raise scenario.error("load", "the schedule plans no requests; raise the rate or the duration")
    if not sched.span <= MAX_DURATION_DAYS * 86400:  # a typo (--rate 1e-9, speed 0.001 of a long capture)
        raise scenario.error(
            "load",
            f"the plan of {n:,} rows lasts {sched.span / 86400:.3g} days, and a plan lasts at most "
            f"{MAX_DURATION_DAYS} days: {_SHORTER[load.mode]}",
        )

    strata = strata_of(feats, cfg.stratify)
    target = target_shares(feats, strata, scenario)
    draw = draw_strata(feats, strata, target, n, scenario, r_draw)
    record = np.concatenate(draw.record)
    origin = np.concatenate(draw.origin)
    op = np.concatenate(draw.op)
    _perturb_share(record, origin, op, feats, scenario, r_pert)
    seed = np.where(op > 0, r_pert.integers(0, 2**32, size=n, dtype=np.uint32), 0).astype(np.uint32)
    in_capture = record if kept is None else kept[record]

    row_codes = strata.codes[record].copy()
    family = feats.family[record].copy()
    if (op > 0).any():
        rows, cols = _recompute(capture, in_capture, op, seed, path)
        family[rows] = cols["family"]
        for j, col in enumerate(strata.columns):
            if col in _TEXT_COLUMNS:
                row_codes[rows, j] = _text_column(col, cols)

    if load.mode == "captured":
        order = _stable_order(feats.start[record])
    else:
        order = r_order.permutation(n)
        if cfg.session_key:
            order = _session_order(order, feats.session[record], feats.start[record])
    session = np.where(origin == SYNTH, -1, feats.session[record])

    achieved = key_shares(strata.keys(row_codes))
    notes = [*drawn.notes, *draw.notes, *_tools_note(feats, cfg.stratify)]
    strata_report = _strata_report(draw, strata, target, achieved)
    header = _header(feats, records, digest, capture, scenario, sched, strata_report, notes, drawn.retries_left_out)
    columns = {
        "record": in_capture[order],
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


def _strata_report(
    draw: Draw, strata: Strata, target: dict[int, float], achieved: dict[int, float]
) -> list[StratumReport]:
    """Target against achieved share per stratum, the most wanted first."""
    out = []
    for key in sorted(set(target) | set(achieved), key=lambda k: (-target.get(k, 0.0), k)):
        rep = draw.report.get(key) or StratumReport(strata.label(key), 0.0, 0.0, 0, 0, 0, 0)
        out.append(replace(rep, target=target.get(key, 0.0), achieved=achieved.get(key, 0.0)))
    return out


def _header(
    feats: Features,
    records: int,
    digest: str,
    capture: Path,
    scenario: Scenario,
    sched: Schedule,
    strata: list[StratumReport],
    notes: list[str],
    retries_left_out: int,
) -> PlanHeader:
    """The plan's header: where its rows come from (``feats``, of the capture's ``records``, less the
    clients' retries left out), what they were drawn for, the schedule, the vocabularies."""
    cfg, load = scenario.sample, scenario.load
    n = len(sched)
    notes = list(notes)
    if load.mode == "steps" and not load.closed and cfg.size is not None and n != cfg.size:
        notes.append(f"the load steps plan {n:,} requests; sample.size ({cfg.size:,}) does not apply")
    if cfg.session_key:
        notes.append(f"sessions kept whole by {cfg.session_key}; shares follow whole sessions")
    tv = 0.5 * sum(abs(r.achieved - r.target) for r in strata)
    model = "closed" if load.closed else "open"
    arrival = load.process()[0] if load.mode == "rate" else None  # steps: each StepInfo has its own
    return PlanHeader(
        rows=n,
        capture=CaptureRef(str(capture), digest, records),
        scenario=ScenarioRef(str(scenario.path) if scenario.path else None, scenario.digest),
        seed=cfg.seed,
        size=cfg.size,
        prompt_path=cfg.prompt_path,
        session_key=cfg.session_key,
        stratify=list(cfg.stratify),
        target_source=cfg.target_from or ("production" if cfg.target == "production" else "scenario"),
        target={r.stratum: round(r.target, 6) for r in strata if r.target},
        achieved={r.stratum: round(r.achieved, 6) for r in strata if r.achieved},
        tv_distance=round(tv, 6),
        strata=[replace(r, target=round(r.target, 6), achieved=round(r.achieved, 6)) for r in strata],
        notes=notes,
        load=LoadPlan(sched.mode, model, load.speed, load.rate, arrival, list(sched.table)),
        vocab=Vocab(list(FAMILIES), list(feats.endpoints), list(OP_NAMES), list(ORIGINS)),
        retries_left_out=retries_left_out or None,
        replay=__version__,
    )


def with_cli_overrides(
    scenario: Scenario,
    size: int | None,
    seed: int | None,
    speed: float | None,
    rate: float | None,
    keep_retries: bool = False,
) -> Scenario:
    """The scenario with the command line's --size/--seed/--speed/--rate/--keep-retries applied and checked."""
    sample, load = scenario.sample, scenario.load
    if speed is not None and rate is not None:
        raise BadInput("--speed and --rate: give one of them (captured timing times speed, or arrivals at rate)")
    if size is not None:
        sample = replace(sample, size=size)
    if seed is not None:
        sample = replace(sample, seed=seed)
    if keep_retries:
        sample = replace(sample, keep_retries=True)
    if speed is not None:
        load = LoadConfig(speed=speed)
    if rate is not None:
        load = LoadConfig(rate=rate, arrival=load.arrival, burst=load.burst)
    for obj, opts in ((sample, "--size/--seed"), (load, "--speed/--rate")):
        try:
            obj.check()
        except Invalid as e:  # named as typed ('--size/--seed: size: 0 rows' named an option not given)
            named = f"--{e.key}" if f"--{e.key}" in opts.split("/") else f"{opts}: {e.key}"
            raise BadInput(f"{named}: {e.reason}") from None
    return replace(scenario, sample=sample, load=load)
