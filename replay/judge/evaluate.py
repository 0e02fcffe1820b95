"""Gates against a judged run: each gate's value (or confidence bound), pass or fail, and the
families it would fail in (``segments``), so a failing segment stays visible under a passing total.
Parsing the thresholds is ``replay.judge.gates``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from replay.console import listed
from replay.errors import BadInput
from replay.judge.classes import BUILTIN, NOT_SENT, ClassSet, FailureClass
from replay.judge.frame import Frame
from replay.judge.gates import (
    DEFAULT_LEVEL,
    OPS,
    RETRY_GATES,
    SEGMENT_MIN_ROWS,
    SHARES,
    Gate,
    check_measurable,
    format_interval,
    format_value,
    parse_gate,
    untimed_segment,
    without_production,
)
from replay.judge.upstream import CameBack
from replay.util.records import JsonRecord
from replay.util.stats import quantile, share_interval

__all__ = [
    "MIN_RETRIES",
    "GateResult",
    "GateSegment",
    "Held",
    "HeldAs",
    "check_tags",
    "evaluate",
    "not_measured",
    "production_times",
    "quantile_of",
    "retry_value",
    "too_few",
]

# What the fault proxy counted (error answers, retries, first retries) fewer than this says nothing of how the service
# came back: a share of 3 error answers moves 33% on one call; a spread or a back-off of 4 waits is one wait's
MIN_RETRIES = 5


@dataclass(frozen=True, slots=True)
class GateSegment(JsonRecord):
    """A family in which a gate without a family filter would fail."""

    family: str
    value: float
    rows: int  # rows sent in the family


class HeldAs(StrEnum):
    """Why a gate neither passed nor failed (report.json ``gates[].held.as``)."""

    TOO_FEW = "too_few"  # a retry gate's figure read from fewer than MIN_RETRIES of what it counts (``too_few``)
    NOT_REACHED = "not_reached"  # a step a run cut short never reached: no row of the gate's was sent (--partial)


@dataclass(frozen=True, slots=True)
class Held:
    """A gate that holds unjudged: as what, and the sentence that says why (report.json ``gates[].held``)."""

    as_: HeldAs
    why: str

    @property
    def shown(self) -> str:
        """As the gate table says it, in place of pass or FAIL."""
        return "too few" if self.as_ is HeldAs.TOO_FEW else "not measured"

    def to_json(self) -> dict[str, str]:
        return {"as": self.as_.value, "why": self.why}

    @classmethod
    def from_json(cls, data: Any) -> Held:
        """``held`` as report.json writes it; ValueError for anything else."""
        try:
            return cls(HeldAs(data["as"]), str(data["why"]))
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"gates: held: not a held gate ({e})") from None

    @classmethod
    def from_version_2(cls, why: str) -> Held:
        """A version-2 report's ``too_few`` sentence, which said both: "... not measured: the run was cut short ..."
        for a step never reached (``replay report --partial``), else a figure of too few."""
        return cls(HeldAs.NOT_REACHED if " not measured" in why else HeldAs.TOO_FEW, why)


@dataclass
class GateResult:
    """A gate against a run: its value, pass or fail, and the families over the threshold (report.json "gates")."""

    gate: Gate
    value: float | None
    passed: bool
    rows: int  # rows sent in the gate's segment
    segments: list[GateSegment] = field(default_factory=list)  # families where the gate would fail
    interval: tuple[float, float] | None = None  # a share's or slope's confidence interval (the gate's level, else 95%)
    cause: str | None = None  # the title of the finding that explains a failed gate
    finding: str | None = None  # that finding's id in the report (report.sections.Finding.id)
    # Why the gate's figure was not judged: it holds, neither passed nor failed, and the report says so
    held: Held | None = None

    @property
    def detail(self) -> str:
        ci = f" [{self.level_shown} CI {self.interval_shown}]" if self.interval is not None else ""
        shown = f"{self.gate.key} = {format_value(self.gate, self.value)}{ci} (threshold {self.gate.text.strip()})"
        if self.segments:
            worst = ", ".join(f"{s.family} {format_value(self.gate, s.value)}" for s in self.segments[:5])
            shown += f"; over it in family {worst}"
        return shown

    @property
    def shown(self) -> str:
        """The value as people read it: '412 ms', '3.20%', 'no data'."""
        return format_value(self.gate, self.value)

    @property
    def interval_shown(self) -> str:
        """The interval as people read it: '8.5%..17.9%', '+44ms..+1.31s' ("" without one)."""
        return "" if self.interval is None else format_interval(self.gate, self.interval)

    @property
    def level_shown(self) -> str:
        return f"{(self.gate.level or DEFAULT_LEVEL) * 100:g}%"

    def to_json(self) -> dict[str, Any]:
        g = self.gate
        out: dict[str, Any] = {
            "name": g.name,
            "metric": g.key,
            "threshold": g.text.strip(),
            "filters": dict(g.tags),
            "value": self.value,
            "shown": self.shown,
            "passed": self.passed,
            "rows": self.rows,
            "segments": [s.to_json() for s in self.segments],
            "detail": self.detail,
            "level": self.gate.level,
            "interval": list(self.interval) if self.interval is not None else None,
            "cause": self.cause,
        }
        if self.finding is not None:  # an optional key, added after version 2: reports without it read the same
            out["finding"] = self.finding
        if self.held is not None:  # likewise
            out["held"] = self.held.to_json()
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any], classes: ClassSet = BUILTIN) -> GateResult:
        """A gate result read back from report.json (the gate parsed again from its key and threshold); a version-2
        report's ``too_few`` sentence read as ``held``."""
        try:
            gate = parse_gate(data["metric"], data["threshold"], classes)
        except (KeyError, TypeError) as e:
            raise ValueError(f"gates: not a gate result ({e})") from None
        segments = [GateSegment.from_json(s) for s in data.get("segments") or ()]
        ci = data.get("interval")
        interval = (float(ci[0]), float(ci[1])) if ci else None
        held = data.get("held")
        old = data.get("too_few")
        return cls(
            gate,
            data.get("value"),
            bool(data["passed"]),
            int(data["rows"]),
            segments,
            interval,
            data.get("cause"),
            data.get("finding"),
            Held.from_json(held) if held is not None else Held.from_version_2(str(old)) if old is not None else None,
        )


def _value(
    gate: Gate, frame: Frame, m: np.ndarray, step: int | None, regressions: int | None, base: Frame | None = None
) -> float | None:
    if gate.reference == "production":
        times = production_times(gate, frame, m)
        return None if times is None or not times[1] else times[0] / times[1]
    if gate.metric == "cost_per_1k":
        mine = frame.cost_per_1k(m)
        if gate.reference is None or mine is None or base is None:
            return mine
        theirs = base.cost_per_1k(base.mask(gate.tag("family"), step, gate.tag("endpoint")))
        return mine / theirs if theirs else None
    if gate.metric == "quantile":
        return quantile_of(gate, frame, m)
    if gate.metric == "slope":
        grew = frame.growth(m, gate.column)
        return None if grew is None else grew.excess
    if gate.metric == "rate":
        return frame.rate(m, gate.classes)
    if gate.metric == "count":
        return float(np.isin(frame.cls[m], gate.classes).sum())
    if gate.metric == "goodput":
        return frame.goodput(m)
    if gate.metric == "stalls":
        return frame.stall_rate(m)
    if gate.metric == "availability":
        return frame.availability(m)
    if gate.metric == "retry_amplification":
        return frame.retry_amplification(m, step)
    if gate.metric in RETRY_GATES:
        return retry_value(gate.metric, frame.came_back(step), step in frame.busy)
    return None if regressions is None else float(regressions)


def quantile_of(gate: Gate, frame: Frame, m: np.ndarray) -> float | None:
    """A quantile gate's figure over the rows ``m`` sent (its column's quantile, avg, min or max); None without
    one."""
    if gate.column == "itl":
        return frame.itl_of(m, float(gate.q))  # type: ignore[arg-type]
    v = frame.column(gate.column)[frame.sent(m)]
    v = v[~np.isnan(v)]
    return _aggregate(v, gate.q) if len(v) else None


def _aggregate(values: np.ndarray, q: float | str | None) -> float:
    """A quantile gate's figure of ``values`` (none NaN, some): the ``q`` quantile, or avg, min or max."""
    if isinstance(q, float):
        return quantile(values, q)
    return float({"avg": np.mean, "min": np.min, "max": np.max}[str(q)](values))


def production_times(gate: Gate, frame: Frame, m: np.ndarray) -> tuple[float, float] | None:
    """A latency gate against production's (``Gate.reference``): its figure of the run's service time and of
    production's as captured, over the rows sent in ``m`` that have both (None: no such row). Production's capture
    timed the request to its last byte: the service time, not the corrected latency (the load generator's lateness)."""
    theirs = frame.column("production_latency")
    both = frame.sent(m) & ~np.isnan(theirs) & ~np.isnan(frame.service)
    if not both.any():
        return None
    return _aggregate(frame.service[both], gate.q), _aggregate(theirs[both], gate.q)


def _production_rows(gate: Gate, frame: Frame, m: np.ndarray, where: str) -> None:
    """BadInput for a gate against production's on a segment none of whose rows production's capture timed: no value
    could ever be read, where the run's other segments have one (``replay.pipeline`` checks it before the load too).
    Rows timed in production that the run could not time fail instead."""
    sent = frame.sent(m)
    if np.isnan(frame.column("production_latency")[sent]).all():
        raise untimed_segment(gate, where, int(sent.sum()))


def _counted(metric: str, came: CameBack) -> int:
    """What a retry gate's figure is read from, as the fault proxy counted it: error answers (unretried), retries after
    an answer that advised a retry-after (retry_early), first retries (retry_spread), and those after answers that
    advised none (retry_backoff)."""
    return {"unretried": came.answers, "retry_early": came.told, "retry_spread": came.first}.get(metric, came.unadvised)


def retry_value(metric: str, came: CameBack | None, busy: bool = False) -> float | None:
    """A retry gate's figure (``replay.judge.gates.RETRY_GATES``); None where the proxy measured none. Read from any
    count (``too_few`` says when it is too few to judge): a share from one, a spread from two first retries. ``busy``:
    the step ran on a busy machine (``Frame.busy``), where the spread of first retries that nearly all came back after
    all of the retry-after advised (``CameBack.waited_all``) is read with every wait past it as all of it
    (``CameBack.under``): the machine only delays a retry, and delayed lockstep at the advice past the service's own
    overhead (jitter 0 beside other suites and two spinning processes, load 17: 0.32, its service's sleeps up to 2.6 s
    late), where a jitter drawn under the advice still leaves some back before it. A jitter drawn past the advice reads
    as lockstep there: the proxy cannot tell it from the machine's delay."""
    if came is None:
        return None
    if metric == "retry_spread" and busy and came.under is not None and came.waited_all():
        return came.under
    n = _counted(metric, came)
    if metric == "retry_early":
        return came.early / n if n else None
    if metric == "unretried":
        return 1.0 - came.retried / n if n else None
    return came.backoff if metric == "retry_backoff" else came.spread


def _at(gate: Gate) -> str:
    return f"at step {gate.tag('step')}" if gate.tag("step") is not None else "in this run"


_FEW = {  # what a retry gate counts, one and several, what follows them, and what MIN_RETRIES of them give
    "unretried": ("error answer", "error answers", "", "a share"),
    "retry_early": ("retry", "retries", " after an answer that advised a retry-after", "a share"),
    "retry_spread": ("first retry", "first retries", "", "a spread"),
    "retry_backoff": ("first retry", "first retries", " after an answer that advised no retry-after", "a back-off"),
}


def too_few(gate: Gate, came: CameBack | None) -> str | None:
    """Why a retry gate's figure is read from too few of what the fault proxy counted, in one line: some counted,
    fewer than MIN_RETRIES (one error answer of three never tried again reads 33%; two first retries show no
    spread). Such a gate holds and the report says so; None where it is judged, or not measured (none counted: it
    fails, ``not_measured``)."""
    if came is None or gate.metric not in _FEW:
        return None
    n = _counted(gate.metric, came)
    if not 0 < n < MIN_RETRIES:
        return None
    one, many, after, gives = _FEW[gate.metric]
    counted = f"{n} {many if n > 1 else one}{after} {_at(gate)}"
    return f"{gate.key} too few to judge: {counted}, {MIN_RETRIES} at least give {gives}"


def not_measured(gate: Gate, came: CameBack | None) -> str:
    """Why a retry gate has no value, in one line."""
    at = _at(gate)
    if came is None:
        return f"{gate.key} not measured: no fault proxy counted this run's calls"
    if not came.answers:
        # The gates time retries after the proxy's own error answers: where it answered none they have nothing to
        # time, whatever the service retried (after its own timeouts, say: retry amplification counts those).
        return (
            f"{gate.key} not measured: the fault proxy answered no errors {at}, and the retry gates time only "
            "the retries after its error answers"
        )
    if not came.retried:
        return f"{gate.key} not measured: the service retried none of the {came.answers} error answers {at}"
    if gate.metric == "retry_early":
        return f"{gate.key} not measured: no retry {at} followed an answer that advised a retry-after"
    if gate.metric == "retry_spread":
        return f"{gate.key} not measured: no first retry {at}"
    if gate.metric == "retry_backoff":
        return f"{gate.key} not measured: no first retry {at} followed an answer that advised no retry-after"
    return f"{gate.key} not measured {at}"


def _counts(gate: Gate, frame: Frame, m: np.ndarray) -> tuple[list[int], list[int]]:
    """Per repetition: the rows counted by a share gate, and the rows it is a share of."""
    repeats = frame.repeat if frame.repeat is not None else np.zeros(len(frame), dtype=np.int64)
    hits, totals = [], []
    for k in np.unique(repeats):
        rm = m & (repeats == k)
        if gate.metric == "stalls":
            streams = frame.column("stalls")[frame.sent(rm)]
            streams = streams[~np.isnan(streams)]
            hits.append(int((streams > 0).sum()))
            totals.append(len(streams))
            continue
        if gate.metric == "rate" and gate.classes != (NOT_SENT,):
            s = frame.sent(rm)
            hits.append(int(np.isin(frame.cls[s], gate.classes).sum()))
            totals.append(int(s.sum()))
            continue
        offered = rm & ~frame.skipped
        if gate.metric == "rate":
            ok = frame.cls == NOT_SENT
        elif gate.metric == "availability" and frame.available is not None:
            ok = frame.available
        else:
            ok = frame.cls == FailureClass.OK
        hits.append(int(ok[offered].sum()))
        totals.append(int(offered.sum()))
    return hits, totals


def _interval(gate: Gate, frame: Frame, m: np.ndarray) -> tuple[float, float] | None:
    """A share's or a slope's confidence interval over the rows ``m``, at the gate's level (else DEFAULT_LEVEL)."""
    level = gate.level or DEFAULT_LEVEL
    if gate.metric in SHARES:
        return share_interval(*_counts(gate, frame, m), level)
    grew = frame.growth(m, gate.column, level) if gate.metric == "slope" else None
    return None if grew is None else grew.interval


def _judged(gate: Gate, value: float, interval: tuple[float, float] | None) -> float:
    """What a gate compares with its threshold: the value, or with a level the interval's end most
    favourable to passing (the gate fails only when the whole interval is past the threshold)."""
    if gate.level is None or interval is None:
        return value
    return interval[0] if gate.op in ("<", "<=") else interval[1]


def check_tags(gate: Gate, values: Callable[[str], list[Any]], where: str, whose: str = "this run") -> None:
    """BadInput unless every segment ``gate`` filters by is among ``values(tag)`` (a run's, or a plan's
    before any load)."""
    for name, value in gate.tags:
        known = [str(v) for v in values(name)]
        if value not in known:
            raise BadInput(
                f'{where}: gates."{gate.key}": {whose} has no {name} {value!r}; it has {listed(known) or "none"}'
            )


def evaluate(
    gates: list[Gate],
    frame: Frame,
    regressions: int | None = None,
    where: str = "scenario",
    baseline: Frame | None = None,
    cut_short: bool = False,
    said_retries: bool = True,
) -> list[GateResult]:
    """Each gate against a report Frame; BadInput for a segment the run lacks, a regressions gate (or a cost gate
    relative to the baseline) without a baseline run, a latency gate against production's without its times, or a
    gate the run cannot measure (``check_measurable``; ``said_retries``: the scenario reads a retries header).
    ``cut_short``: the run ended early (judged --partial); a gate with no row of it sent is not measured, not failed."""
    check_measurable(gates, frame.came_back() is not None, said_retries, where)
    out = []

    def values(tag: str) -> list[Any]:
        """A run cut short has steps it never reached, no row to judge: their gates are not measured, not refused."""
        return sorted(frame.durations) if cut_short and tag == "step" else frame.values(tag)

    for gate in gates:
        check_tags(gate, values, where)
        if gate.metric == "regressions" and regressions is None:
            raise BadInput(f'{where}: gates."{gate.key}": needs a baseline run; give --baseline OTHER_RUN')
        if gate.reference == "baseline" and baseline is None:
            raise BadInput(
                f'{where}: gates."{gate.key}" = "{gate.text}": needs a baseline run; give --baseline OTHER_RUN'
            )
        if gate.reference == "production" and np.isnan(frame.column("production_latency")).all():
            raise without_production(gate, where)
        step = int(gate.tag("step")) if gate.tag("step") is not None else None
        m = frame.mask(gate.tag("family"), step, gate.tag("endpoint"))
        if gate.reference == "production":
            _production_rows(gate, frame, m, where)
        value = _value(gate, frame, m, step, regressions, baseline)
        interval = _interval(gate, frame, m)
        few = too_few(gate, frame.came_back(step)) if gate.metric in RETRY_GATES else None
        held = Held(HeldAs.TOO_FEW, few) if few is not None else None
        if cut_short and value is None and not frame.sent(m).any():
            held = Held(
                HeldAs.NOT_REACHED, f"{gate.key} not measured: the run was cut short before any row of it was sent"
            )
        # A slope not measured holds: too few rows went the plain way, and the gates on their classes say why. So does
        # a share of too few error answers: what one call did is no release's behaviour.
        if held is not None or value is None:
            passed = held is not None or gate.metric == "slope"
        else:
            passed = OPS[gate.op](_judged(gate, value, interval), gate.threshold)
        res = GateResult(gate, value, passed, int(frame.sent(m).sum()), interval=interval, held=held)
        if gate.tag("family") is None and gate.metric in ("quantile", *SHARES):
            for fam in frame.values("family"):
                fm = m & (frame.family == fam)
                if frame.sent(fm).sum() < SEGMENT_MIN_ROWS:
                    continue
                fv = _value(gate, frame, fm, step, regressions)
                if gate.level is not None and fv is not None:
                    fi = share_interval(*_counts(gate, frame, fm), gate.level)
                    fv_judged = _judged(gate, fv, fi)
                else:
                    fv_judged = fv
                if fv is not None and not OPS[gate.op](fv_judged, gate.threshold):
                    res.segments.append(GateSegment(fam, fv, int(frame.sent(fm).sum())))
            res.segments.sort(key=lambda s: s.value, reverse=gate.op in ("<", "<="))
        out.append(res)
    return out
