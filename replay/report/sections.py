"""The report as typed records: ``ReportDoc`` and its sections, each with ``to_json()`` giving exactly
what report.json holds (schema: ``report.schema.json``) and ``from_json()`` reading it back.

build.py fills them from a judged run; html.py, junit.py, terminal.py and plots.py render them;
findings.py, examples.py and regress.py each make one section. Class-keyed tables (``classes``,
``rates``) stay ``dict[str, ...]``: the classes are names a scenario may extend (ClassSet).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Self

from replay.config.loader import format_duration
from replay.errors import RunFailed
from replay.judge.baseline import Noise
from replay.judge.capacity import Capacity
from replay.judge.classes import ClassSet
from replay.judge.collapse import Collapse
from replay.judge.evaluate import GateResult
from replay.judge.frame import LatencyStats
from replay.judge.upstream import Amplification
from replay.report.costs import Costs
from replay.report.paths import Paths
from replay.runner.rundir import RESULTS
from replay.util.records import JsonRecord, build, fields_json
from replay.util.stats import pct

__all__ = [
    "CUT_SHORT",
    "CUT_SHORT_EXIT",
    "FORMAT",
    "NO_GATES",
    "VERSION",
    "BaselineInfo",
    "Cell",
    "CutShort",
    "EndpointRow",
    "EndpointStepRow",
    "Example",
    "FamilyRow",
    "FamilyStepRow",
    "Finding",
    "FindingKind",
    "LatencyTable",
    "ParityRow",
    "Regression",
    "Regressions",
    "RepeatInfo",
    "ReportDoc",
    "RunSummary",
    "Segment",
    "SegmentStep",
    "Severity",
    "SignalRow",
    "StepRow",
    "StreamRow",
    "Tokens",
    "Totals",
]

FORMAT = "replay-report"
# 3: a gate held unjudged is ``held`` ({"as", "why"}); version 2 said it in a sentence, ``too_few``, still read
VERSION = 3
OLDEST = 2
_FLAT = {"flatten": True}


# What a report without gates says in place of a verdict (terminal, HTML).
NO_GATES = (
    "no gates to judge: the scenario has no [checks] gates, so nothing could fail (exit 0, as k6 without"
    " thresholds); add gates to [checks] for the report to decide"
)


@dataclass(slots=True)
class Cell(JsonRecord):
    """Rows of a segment, how many were sent, and per class the count and the share of rows sent."""

    rows: int
    sent: int
    classes: dict[str, int]  # every class and unsent
    rates: dict[str, float | None]  # every class; None when no row was sent


@dataclass(slots=True)
class Totals(JsonRecord):
    cell: Cell = field(metadata=_FLAT)
    goodput: float | None
    availability: float | None = None  # answered in time without error/timeout/rejection/fallback, of offered
    intervals: dict[str, list[float] | None] = field(
        default_factory=dict
    )  # 95% CI of every rate, goodput, availability


@dataclass(slots=True)
class Tokens(JsonRecord):
    """Output tokens of the answers (from usage, else estimated) beside production's to the same records."""

    n: int
    p50: float | None
    p90: float | None
    production_p50: float | None
    production_p90: float | None
    estimated: bool  # some counts are estimates (the response had no usage)


@dataclass(slots=True)
class SignalRow(JsonRecord):
    """A service signal: how often it fired in this run and in production's replies to the same records."""

    signal: str  # its class
    source: str  # where it is read, e.g. "x-retrieval: miss"
    fails: bool  # raises a failure class (else counted only)
    rate: float | None  # share of the rows sent
    production: float | None  # share of production's replies to the same records
    interval: list[float] | None  # 95% CI of ``rate``
    sent: int


@dataclass(slots=True)
class StreamRow(JsonRecord):
    """Stream and token figures of one segment: the run (``scope`` total), a step, a family or an endpoint.
    Times in seconds; ITL pooled over every gap of every stream; None where no row has the figure."""

    scope: str  # total | step | family | endpoint
    name: str
    streams: int  # rows sent that streamed content
    ttft_p50: float | None
    ttft_p90: float | None
    ttft_p99: float | None
    itl_p50: float | None
    itl_p90: float | None
    itl_p99: float | None
    tpot_p50: float | None
    tpot_p90: float | None
    tps_p50: float | None  # output tokens per second of a request
    tokens_out_p50: float | None
    tokens_out_p90: float | None
    tokens_in_p50: float | None
    tokens_out: int  # summed over the rows sent
    tokens_in: int
    estimated: bool  # some token counts are estimates (the response had no usage)
    stalls: float | None  # share of streams with a gap over [checks] stall


@dataclass(slots=True)
class RepeatRun(JsonRecord):
    """One repetition's own figures, beside the report's, which are pooled over them."""

    id: str | None
    path: str
    sent: int
    ok: float | None
    availability: float | None
    p99: float | None  # latency, seconds

    @property
    def line(self) -> str:
        """``run ID: 20 sent, ok 95.0%, availability 95.0%, p99 31 ms``."""
        ok, available = pct(self.ok, digits=1), pct(self.availability, digits=1)
        return f"run {self.id}: {self.sent:,} sent, ok {ok}, availability {available}, p99 {format_duration(self.p99)}"


@dataclass(slots=True)
class RepeatInfo(JsonRecord):
    """Repetitions of one plan (``--repeat``): each rate is pooled over them, with its interval; ``each`` has every
    repetition's own."""

    count: int
    runs: list[str]  # run directories
    each: list[RepeatRun] = field(default_factory=list)


@dataclass(slots=True)
class LatencyTable(JsonRecord):
    latency: LatencyStats  # corrected: from the intended send time
    service: LatencyStats  # send to last byte
    ttft: LatencyStats  # corrected time to first token (streams)


@dataclass(slots=True)
class StepRow(JsonRecord):
    """One load step: what it asked for, what was offered and served, latency, amplification."""

    step: int
    label: str
    rate: float | None
    users: int | None
    duration: float | None
    faults: str | None  # the fault profile in force per proxy
    cell: Cell = field(metadata=_FLAT)
    offered_rps: float | None
    goodput: float | None
    goodput_rps: float | None
    availability: float | None
    latency: LatencyStats
    service: LatencyStats
    ttft: LatencyStats
    retry_amplification: float | None
    zero_call: int | None  # rows sent that made no upstream call (None: unknown)
    service_retries: float | None
    generator_bound: bool
    bound_reasons: list[str]
    bound_material: bool = False  # bound enough to discount its figures (replay.judge.collapse.material_bound)


@dataclass(slots=True)
class Segment(JsonRecord):
    """One family or endpoint over the whole run; in JSON its name goes by ``KEY``."""

    KEY: ClassVar[str] = "segment"
    name: str
    cell: Cell = field(metadata=_FLAT)
    latency: LatencyStats
    availability: float | None = None
    tokens: Tokens | None = None

    def to_json(self) -> dict[str, Any]:
        return _keyed(self)

    @classmethod
    def from_json(cls, data: Any) -> Self:
        return build(cls, {**data, "name": data.get(cls.KEY)})


@dataclass(slots=True)
class SegmentStep(JsonRecord):
    """One family or endpoint in one step (the family x step and endpoint x step tables)."""

    KEY: ClassVar[str] = "segment"
    name: str
    step: int
    cell: Cell = field(metadata=_FLAT)
    p50: float | None
    p99: float | None

    def to_json(self) -> dict[str, Any]:
        return _keyed(self)

    @classmethod
    def from_json(cls, data: Any) -> Self:
        return build(cls, {**data, "name": data.get(cls.KEY)})


def _keyed(row: Segment | SegmentStep) -> dict[str, Any]:
    """A row's JSON with its name under its key, first."""
    rest = fields_json(row)
    return {row.KEY: rest.pop("name"), **rest}


class FamilyRow(Segment):
    __slots__ = ()
    KEY = "family"


class EndpointRow(Segment):
    __slots__ = ()
    KEY = "endpoint"


class FamilyStepRow(SegmentStep):
    __slots__ = ()
    KEY = "family"


class EndpointStepRow(SegmentStep):
    __slots__ = ()
    KEY = "endpoint"


@dataclass(slots=True)
class ParityRow(JsonRecord):
    """A release header's values (and counts) in production's responses and in staging's."""

    header: str
    production: dict[str, int]
    staging: dict[str, int]
    same: bool | None  # None: one side has no values


@dataclass(slots=True)
class BaselineInfo(JsonRecord):
    compared: bool  # production's responses in the capture were found
    noise: Noise


class FindingKind(StrEnum):
    CAUSE = "cause"  # failures from the first step, flat across steps: a cause, not load
    BROAD = "broad"  # a class risen against production across every family and step
    CONTEXT_LOSS = "context_loss"
    ANSWER_DRIFT = "answer_drift"
    OVER_REFUSAL = "over_refusal"
    SIGNAL = "signal"  # a service signal whose rate moved against production's
    TREND = "trend"
    COLLAPSE = "collapse"
    SEGMENT = "segment"
    GATE = "gate"  # a failed gate no other finding explains, in its own figures
    PARITY = "parity"
    GENERATOR = "generator"
    PRODUCTION = "production"  # production's capture held its replies longer than staging's: gates on its time lenient
    # rows off the primary path over production's at a step no failed call explains: what the run shows set them off
    TRIGGER = "trigger"
    EMPTY = "empty"


class Severity(StrEnum):
    FAIL = "fail"
    WARN = "warn"
    INFO = "info"


@dataclass(slots=True)
class Finding(JsonRecord):
    """What a release manager should read first, in words, with the segments it is about."""

    kind: FindingKind
    severity: Severity
    title: str
    detail: str
    families: list[str] | None = field(default=None, metadata={"omit_none": True})
    steps: list[int] | None = field(default=None, metadata={"omit_none": True})
    classes: list[str] | None = field(default=None, metadata={"omit_none": True})  # the classes it is about
    # The figure it is about where not a class's rate, as a gate names its metric, untagged (``causes.about_metric``):
    # a gate on that figure is explained by it (retry_amplification, slope(latency, tokens_in))
    about: str | None = field(default=None, metadata={"omit_none": True})
    evidence: list[str] | None = field(default=None, metadata={"omit_none": True})  # strongest first
    gates: list[str] | None = field(default=None, metadata={"omit_none": True})  # failed gates it explains
    # Its name in the report, ``KIND-N`` (the Nth finding of its kind, in the report's order): a failed gate links to
    # the finding that explains it by this (``GateResult.finding``), its ``cause`` being the finding's title to read.
    id: str | None = field(default=None, metadata={"omit_none": True})


@dataclass(slots=True)
class Example(JsonRecord):
    """One of the worst rows of a class, with redacted excerpts."""

    row: int
    family: str
    step: int
    endpoint: str
    status: int
    latency: float | None
    detail: str
    reasons: list[str]
    similarity: float | None
    prompt: str | None  # the end of the prompt
    answer: str | None
    production: str | None  # production's answer to the same record


@dataclass(slots=True)
class Regression(JsonRecord):
    family: str  # "(all)" for the whole run
    metric: str  # rate(CLASS) or p99
    before: float
    after: float
    rows: tuple[int, int]  # rows sent before, after


@dataclass(slots=True)
class Regressions(JsonRecord):
    """Flagged regressions against another run (``--baseline``)."""

    against: str
    count: int
    items: list[Regression]
    only_before: list[str]  # families only the baseline run has
    only_after: list[str]


@dataclass(slots=True)
class RunSummary(JsonRecord):
    """Which run the report is about."""

    id: str | None
    path: str
    status: str | None
    target: str | None
    scenario: str  # the scenario as written, with a rehearsal's overrides
    name: str
    created: float | None
    start: float | None
    finished: float | None
    planned: int
    workers: int | None
    model: str | None  # open or closed load model
    replay: str | None


CUT_SHORT = "cut short"  # the verdict of a run judged --partial in which no gate failed: never a pass
CUT_SHORT_EXIT = RunFailed.exit_code  # its exit code: 3, as the run's own failure ('replay run')


@dataclass(slots=True)
class CutShort(JsonRecord):
    """report.json "partial": the run was cut short (``replay report --partial``) and what of it was judged. Rows
    never sent (``not_run``), or whose result or response was lost, are no failures of the release: left out."""

    status: str  # interrupted | failed
    reason: str
    planned: int
    judged: int  # rows with a result judged (sent, dropped or skipped)
    not_run: int  # never sent: the run ended before their time
    unknown: int  # may have been sent, their result lost with a process
    responses_lost: int  # answered, their response lost (its writer stopped, the machine crashed)
    results: int  # results.jsonl's lines of rows that ran (neither not_run nor unknown)
    results_lost: int  # rows run.json counts as run whose line results.jsonl lacks: lost to the disk
    steps: list[int]  # the steps with a row sent

    @property
    def banner(self) -> str:
        """One line every output shows."""
        lost = [
            f"{n:,} {what}"
            for n, what in (
                (self.not_run, "not run"),
                (self.unknown, "unknown (results lost)"),
                (self.responses_lost, "without their response"),
            )
            if n
        ]
        reached = ", ".join(map(str, self.steps)) or "none"
        left = f"; {', '.join(lost)} left out" if lost else ""
        counted = self.results + self.results_lost
        disk = (
            f"; {RESULTS} holds {self.results:,} of the {counted:,} rows run.json counts as run: "
            f"{self.results_lost:,} lost to the disk"
            if self.results_lost
            else ""
        )
        return (
            f"CUT SHORT ({self.status}: {self.reason}): judged {self.judged:,} of {self.planned:,} rows{left}{disk}; "
            f"steps reached: {reached}; a run cut short never passes"
        )


@dataclass(slots=True)
class ReportDoc(JsonRecord):
    """report.json. The verdict is the gates' alone: findings explain, gates decide."""

    format: str
    version: int
    generated: float
    replay: str
    run: RunSummary
    verdict: str  # pass | fail | cut short (judged --partial, no gate failed: exit 3)
    exit_code: int
    classes: list[str]  # table order
    precedence: list[str]  # the first class that applies wins
    totals: Totals
    latency: LatencyTable
    retry_amplification: float | None
    amplification: Amplification
    steps: list[StepRow]
    families: list[FamilyRow]
    endpoints: list[EndpointRow]
    family_step: list[FamilyStepRow]
    endpoint_step: list[EndpointStepRow]
    collapse: Collapse | None
    parity: list[ParityRow]
    signals: list[SignalRow]
    baseline: BaselineInfo
    findings: list[Finding]
    examples: dict[str, list[Example]]  # class -> the worst rows
    gates: list[GateResult]
    regressions: Regressions | None
    notes: list[str]
    repeats: RepeatInfo | None = None
    streams: list[StreamRow] = field(default_factory=list)  # stream and token figures per segment
    costs: Costs | None = None  # token cost per segment, retries' and fallbacks' (None: nothing priced)
    partial: CutShort | None = field(default=None, metadata={"omit_none": True})  # judged cut short (--partial)
    capacity: Capacity | None = None  # the capacity search's answer (replay rehearse --search)
    paths: Paths | None = None  # the fallback chain's paths ([checks] path), the fallback path's capacity

    @property
    def class_set(self) -> ClassSet:
        return ClassSet(tuple(self.precedence), tuple(self.classes))

    @property
    def headline(self) -> str:
        """The verdict as the report shows it: 'no gates' when there were none to judge. The exit code and
        report.json's verdict stay 0 and "pass", as k6 without thresholds and Locust exit 0: a run that only
        reports is not a failure, but printing PASS claimed a judgement no gate made."""
        return self.verdict if self.gates or self.verdict == CUT_SHORT else "no gates"

    @property
    def which(self) -> str:
        """The run the report is of, as its banner names it: ``run ID``, or the repetitions its figures pool."""
        if self.repeats is None or not self.repeats.each:
            return f"run {self.run.id}"
        each = self.repeats.each
        return f"{self.repeats.count} repetitions pooled, runs {each[0].id} … {each[-1].id}"

    @classmethod
    def from_json(cls, data: Any) -> ReportDoc:
        """report.json read back; ValueError for another format or version, or a malformed section. A version-2
        report reads as this version (its gates' ``too_few`` as ``held``: ``GateResult.from_json``)."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a replay report")
        version = data.get("version")
        if type(version) is not int or not OLDEST <= version <= VERSION:  # bool is an int: not a version
            raise ValueError(f"report version {version!r}; this replay reads versions {OLDEST} to {VERSION}")
        doc = build(cls, {**data, "version": VERSION, "gates": []})
        doc.gates = [GateResult.from_json(g, doc.class_set) for g in data.get("gates") or ()]
        return doc
