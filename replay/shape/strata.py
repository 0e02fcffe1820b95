"""Strata and the draw: which records fill each stratum's quota of a plan.

A stratum is one combination of the ``stratify`` columns' values (family, length, endpoint, ...).
Its target share is the scenario's, the capture's own (``production``) or another capture's; its
quota the largest remainder of the rows the schedule needs. A stratum is drawn without
replacement in random order of units (sessions, or single records); a short one is drawn again
(replacement, reported) or topped up by perturbing typical prompts into its family when
``synthesize`` allows it, as is a family the capture lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from replay.config.scenario import Scenario
from replay.console import listed
from replay.errors import BadInput
from replay.shape.columns import Features
from replay.shape.families import FAMILIES
from replay.shape.features import read_features
from replay.shape.header import StratumReport
from replay.shape.mutate import FILLS, OPS
from replay.shape.schedule import apportion
from replay.util.jsonpath import PromptPath

__all__ = [
    "OP_CODE",
    "OP_NAMES",
    "PERTURBED",
    "REPLACED",
    "SAMPLED",
    "SYNTH",
    "Draw",
    "Strata",
    "draw_strata",
    "key_shares",
    "strata_of",
    "target_shares",
]

# Origin codes of a row (plan.ORIGINS) and perturbation codes (plan vocab.perturbation).
SAMPLED, REPLACED, SYNTH, PERTURBED = range(4)
OP_NAMES = ["none", *OPS]
OP_CODE = {name: code for code, name in enumerate(OP_NAMES)}


@dataclass
class Strata:
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
                raise scenario.error(where, f"{part!r} is not a {col}; known: {listed(labels)}")
        return key


def strata_of(feats: Features, columns: list[str]) -> Strata:
    cols = [feats.column(c) for c in columns]
    return Strata(columns, np.stack([c for c, _ in cols], axis=1), [labels for _, labels in cols])


def key_shares(keys: np.ndarray) -> dict[int, float]:
    uniq, _, counts = unique_keys(keys)
    return {k: c / len(keys) for k, c in zip(uniq.tolist(), counts.tolist(), strict=True)}


def unique_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``np.unique(keys, return_inverse=True, return_counts=True)``, by counting when the keys are
    small non-negative integers (stratum keys mostly are): one pass instead of a sort of every row."""
    if len(keys) and keys.min() >= 0 and keys.max() < max(1 << 16, 4 * len(keys)):
        counts = np.bincount(keys)
        uniq = np.flatnonzero(counts)
        index = np.zeros(len(counts), dtype=np.intp)
        index[uniq] = np.arange(len(uniq))
        return uniq, index[keys], counts[uniq]
    return np.unique(keys, return_inverse=True, return_counts=True)


@dataclass
class Draw:
    """Rows drawn so far, and per target stratum what happened."""

    record: list[np.ndarray] = field(default_factory=list)
    origin: list[np.ndarray] = field(default_factory=list)
    op: list[np.ndarray] = field(default_factory=list)
    report: dict[int, StratumReport] = field(default_factory=dict)  # target and achieved set when done
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
        if session is None:  # ranks are distinct: the order is the inverse permutation, no sort needed
            inverse = np.empty(len(rank), dtype=np.intp)
            inverse[rank] = np.arange(len(rank))
            order = pool[inverse]
        else:
            order = pool[np.lexsort((start[pool], rank))]
        out.append(order[: q - size])
        size += len(out[-1])
        laps += 1
    rows = np.concatenate(out)
    return rows, max(0, q - len(pool)) if laps > 1 else 0


def _donors(feats: Features, strata: Strata, key: int, fam_col: int, ops: tuple[str, ...]) -> np.ndarray:
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


def _fillable(strata: Strata, key: int) -> bool:
    return bool(FILLS.get(FAMILIES[strata.decode(key)[strata.columns.index("family")]]))


def _synthesise(draw: Draw, feats: Features, strata: Strata, key: int, q: int, rng: np.random.Generator) -> None:
    fam_col = strata.columns.index("family")
    family = FAMILIES[strata.decode(key)[fam_col]]
    ops = FILLS.get(family, ())
    donors = _donors(feats, strata, key, fam_col, ops) if ops else np.zeros(0, dtype=np.int64)
    if not len(donors):
        what = f"no perturbation makes {family!r} prompts" if not ops else "it has no typical prompts to perturb"
        raise BadInput(
            f"{feats.source}: cannot synthesise stratum {strata.label(key)!r}: {what}; capture more traffic "
            "(with such prompts) or drop the stratum from sample.target"
        )
    rows, _ = _draw_units(donors, q, feats.start, None, rng)
    choice = np.array([OP_CODE[o] for o in ops], dtype=np.uint8)[rng.integers(0, len(ops), size=q)]
    draw.add(rows, SYNTH, choice)
    draw.report[key].synthesized += q
    draw.notes.append(f"stratum {strata.label(key)!r}: {q:,} rows synthesised by perturbation ({', '.join(ops)})")


def target_shares(feats: Features, strata: Strata, scenario: Scenario) -> dict[int, float]:
    """Share per stratum key: the scenario's, the capture's own, or another capture's."""
    cfg = scenario.sample
    if cfg.target == "production" and cfg.target_from is None:
        return key_shares(strata.keys())
    if cfg.target_from is not None:
        other = read_features(cfg.target_from, PromptPath(cfg.prompt_path) if cfg.prompt_path else None)
        if not len(other):
            raise scenario.error("sample.target_from", f"{cfg.target_from} holds no exchanges")
        if not cfg.keep_retries:  # its mix of first attempts, as the draw's
            other = other.take(np.flatnonzero(~other.retry))
        o = strata_of(other, cfg.stratify)
        shares = {o.label(k): v for k, v in key_shares(o.keys()).items()}
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


def draw_strata(
    feats: Features, strata: Strata, target: dict[int, float], n: int, scenario: Scenario, rng: np.random.Generator
) -> Draw:
    """``n`` rows to the ``target`` shares: quotas by largest remainder, each stratum drawn without
    replacement, a short one drawn again or topped up by synthesis (see the module docstring)."""
    cfg = scenario.sample
    keys = sorted(target)
    quotas = apportion(np.array([target[k] for k in keys]), n)
    uniq, inverse, counts = unique_keys(strata.keys())
    where = {k: i for i, k in enumerate(uniq.tolist())}
    # Stable, so each stratum keeps captured order; as 16-bit codes numpy sorts by radix, in one pass.
    by_stratum = np.argsort(inverse.astype(np.uint16) if len(uniq) <= 1 << 16 else inverse, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(counts)])
    draw = Draw()
    can_synth = cfg.synthesize and "family" in strata.columns
    for key, q in zip(keys, quotas.tolist(), strict=True):
        i = where.get(key)
        pool = by_stratum[bounds[i] : bounds[i + 1]] if i is not None else np.zeros(0, dtype=np.int64)
        draw.report[key] = StratumReport(strata.label(key), target[key], 0.0, len(pool), q, 0, 0)
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
        origin = np.full(len(rows), SAMPLED, dtype=np.uint8)
        if again:
            origin[-again:] = REPLACED
            draw.report[key].replaced = again
            draw.notes.append(
                f"stratum {label!r} is short: {len(pool):,} records for a quota of {q:,}; "
                f"{again:,} drawn again (with replacement)"
            )
        draw.add(rows, origin)
        if take < q:
            _synthesise(draw, feats, strata, key, q - take, rng)
    return draw
