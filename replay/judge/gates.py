"""Gates: k6-style thresholds in a scenario's ``[gates]``; all hold -> exit 0, any fails -> exit 1.

    [gates]
    "p99" = "< 4s"                          # corrected latency; also p50, p(95), p99.9, avg, med, min, max
    "service_p99" = "< 2s"                  # service time (ttft_p90: first token of streams)
    "rate(timeout)" = "< 1%"                # share of rows sent in a class; rate(error|timeout), rate(fail)
    "rate(fallback){family=long}" = "< 5%"  # per family, step or endpoint: {family=long, step=3}
    "goodput{step=3}" = "> 95%"             # ok rows over offered rows
    "availability{step=3}" = "> 95%"        # rows answered in time without error/timeout/rejection/fallback
    "rate(drift)" = "< 5% @95"              # fails only when the whole 95% confidence interval is over 5%
    "rate(retrieval_miss)" = "< 5%"         # a class a scenario's signals raise
    "retry_amplification" = "< 1.5"         # calls per request to the dependency it called most (its retries)
    "retry_early{step=1}" = "< 20%"         # retries back within half the retry-after their error answer advised
    "unretried{step=1}" = "< 30%"           # error answers to calls the service never tried again (5 at least)
    "retry_spread{step=1}" = "> 0.1"         # first retries' waits, (p50 - p10) / p50: near 0 is lockstep
    "retry_backoff{step=2}" = "< 1.5s"       # first retries' median wait after answers advising no retry-after
    "itl_p99" = "< 80ms"                    # inter-token latency, pooled over every gap of every stream
    "ttft_p90{family=long}" = "< 2s"        # also tpot_p50 (time per output token after the first)
    "tokens_out_p50" = "> 150"              # output tokens (usage, else estimated); tokens_in_p50, tps_p50
    "stalls" = "< 1%"                       # share of streams with a gap over [checks] stall (default 1s)
    "slope(latency, tokens_in)" = "< 400ms @95"  # seconds more per 1k prompt tokens than production's, in the run
    "count(invalid)" = "== 0"
    "regressions" = "== 0"                  # flagged against --baseline OTHER_RUN
    "p99{endpoint=POST /api/assist}" = ["< 4s", "< 6s"]   # several thresholds: each is a gate
    "p50{step=0}" = "< 150% production"     # the time against production's on the same prompts (below)
    "cost_per_1k{step=0}" = "< 110% baseline"  # against the --baseline run's cost per 1,000 requests

Operators ``<  <=  >  >=  ==  !=``; durations as everywhere in a scenario (``250ms``, ``4s``, ``2m``,
``1h30m``) for latencies, ``%`` for shares (or a fraction 0..1). A share (rate, goodput, availability)
may add ``@LEVEL``: a confidence bound instead of the value, so noise alone never fails the gate. The
interval (``replay.util.stats.share_interval``) is the Wilson interval of the rows widened by the spread
between repetitions (``--repeat``); ``< 5% @95`` fails when its lower end is 5% or more, ``> 90% @95``
when its upper end is 90% or less. A malformed gate, or one naming a metric, class, family, step or
endpoint the run does not have, is bad input (exit 2), never a pass. The retry gates read what the fault
proxy timed (``replay.faults.counters``), per step or for the whole run, never per family or endpoint;
one on a run without a fault proxy is bad input (and so is retry_amplification on a run with neither a fault proxy
nor a retries header: ``check_measurable``), one on a step where the proxy answered no errors (or
saw none of the retries the gate reads) fails and says it was not measured; a figure read from fewer than 5
(error answers, advised retries, first retries) is too few to judge: it holds, and the report says so
(``replay.judge.evaluate.too_few``). A slope
(``replay.judge.growth``) is read within the run, where load moves short and long prompts alike; with too few
rows answered the plain way to read one it holds and says it was not measured (the gates on those rows'
classes fail instead). A slope may add ``@LEVEL`` too: its interval (Sen's) is wide where few rows lie far apart
in length, and ``< 400ms @95`` fails when its lower end is 400 ms or more.

A latency quantile (``p50``, ``service_p90``, ``med``...) against ``production`` is the run's quantile over
production's on the same rows: those of the gate's segment whose capture record has production's time, which the
capture took from request to last byte, so the run's side is its service time whichever of the two the key names
(the corrected latency adds the load generator's lateness, which production's capture never had). Written as a
share, as cost's ``baseline`` is: one form for every relative threshold (``< 1.5x production`` is bad input). A
gate on ttft, itl, tpot or tokens against production is bad input (the capture has no such figure), and so is
one on a run whose capture has no production times (not found, or ``[checks.baseline] enabled = false``).

Evaluating gates against a judged run is ``replay.judge.evaluate``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from replay.config.loader import format_duration, parse_duration
from replay.errors import BadInput
from replay.judge.classes import BUILTIN, LOAD_CLASSES, NOT_SENT, ClassSet, FailureClass
from replay.util.stats import fraction

__all__ = [
    "RETRY_GATES",
    "Gate",
    "check_measurable",
    "format_value",
    "moves_with_load",
    "parse_gate",
    "parse_gates",
    "untimed_segment",
    "without_production",
    "without_proxy",
]

OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
TAGS = ("family", "step", "endpoint")
SHARES = ("rate", "goodput", "availability", "stalls")  # metrics that are shares of rows, with intervals
BOUNDED = (*SHARES, "slope")  # metrics with an interval a gate's @LEVEL may judge by (a slope's: replay.judge.growth)
RETRY_SHARES = ("retry_early", "unretried")  # shares of what the fault proxy counted, not of rows
RETRY_GATES = (*RETRY_SHARES, "retry_spread", "retry_backoff")  # how the service came back after error answers
SEGMENT_MIN_ROWS = 5  # families with fewer rows sent are too small to call failing
DEFAULT_LEVEL = 0.95  # the interval a share or slope gate reports without a level of its own
# OP, sign, number and a unit: % or a duration's units as config files write them (4s, 250ms, 1h30m).
_DURATION_UNITS = r"(?:ms|s|m|h)(?:\d+(?:\.\d+)?(?:ms|s|m|h))*"
_THRESHOLD = re.compile(
    rf"\s*(<=|>=|==|!=|<|>)\s*(\$?)(-?)(\d+(?:\.\d+)?)\s*(%|x|{_DURATION_UNITS})?\s*(baseline|production)?\s*"
    r"(?:@\s*(\d+(?:\.\d+)?)\s*%?\s*)?"
)
TIMES = ("latency", "service", "ttft", "itl", "tpot")  # quantile columns in seconds
PRODUCTION_TIMES = ("latency", "service")  # those a gate may compare with production's (both read as service time)
COUNTS = ("tokens_out", "tokens_in", "tps")  # quantile columns that are plain numbers
_QUANTILE = re.compile(rf"(?:({'|'.join(TIMES + COUNTS)})_)?(?:p\(?(\d+(?:\.\d+)?)\)?|(avg|med|min|max))")
_CALL = re.compile(r"(rate|count)\(([a-z_|, ]+)\)")
SLOPED = ("latency", "service", "ttft")  # the per-row times a slope on the prompt's length reads
_SLOPE = re.compile(rf"slope\(\s*({'|'.join(SLOPED)})\s*,\s*tokens_in\s*\)")
_KEY = re.compile(r"([^{}]+?)\s*(?:\{([^{}]*)\})?")
_FAIL_NAMES = {"fail", "failed", "failure", "failures"}


@dataclass(frozen=True)
class Gate:
    """One threshold on one metric of one segment."""

    key: str  # as written, e.g. 'rate(fallback){family=long}'
    text: str  # as written, e.g. '< 5%'
    metric: str  # quantile | rate | count | slope | goodput | retry_amplification | regressions
    column: str = "latency"  # quantile, slope: latency | service | ttft
    q: float | str | None = None  # quantile: 0..1, or avg | min | max
    classes: tuple[str, ...] = ()  # rate, count
    tags: tuple[tuple[str, str], ...] = ()
    op: str = "<"
    threshold: float = 0.0
    level: float | None = None  # a confidence level: the gate holds unless the interval is past the threshold
    # The value is a ratio to another run's figure: "baseline" (cost_per_1k "< 110% baseline", the --baseline run's),
    # "production" (a latency quantile "< 150% production": production's time on the same prompts, as captured)
    reference: str | None = None

    @property
    def name(self) -> str:
        return f"{self.key} {self.text.strip()}"

    @property
    def unit(self) -> str:
        if self.metric == "quantile":
            if self.reference is not None:
                return "x"
            return "s" if self.column in TIMES else ""
        if self.metric in ("retry_backoff", "slope"):
            return "s"
        if self.metric == "cost_per_1k":
            return "x" if self.reference is not None else "$"
        return "%" if self.metric in SHARES or self.metric in RETRY_SHARES else ""

    def tag(self, name: str) -> str | None:
        return dict(self.tags).get(name)


def _classes(arg: str, known: ClassSet) -> tuple[str, ...]:
    out: list[str] = []
    for name in re.split(r"[|,]", arg):
        name = name.strip()
        if name in _FAIL_NAMES:
            out.extend(c for c in known.order if c != FailureClass.OK)
        elif name in known:
            out.append(name)
        else:
            raise ValueError(f"unknown class {name!r}; classes: {', '.join(known.order)}, {NOT_SENT}, fail")
    return tuple(dict.fromkeys(out))


def _metric(name: str, known: ClassSet) -> dict[str, Any]:
    m = _QUANTILE.fullmatch(name)
    if m:
        column, p, agg = m.group(1) or "latency", m.group(2), m.group(3)
        if p is not None:
            q = fraction(p)
            if not 0.0 < q <= 1.0:
                raise ValueError(f"percentile {p} is outside 0..100")
            return {"metric": "quantile", "column": column, "q": q}
        if column == "itl" and agg != "med":
            raise ValueError("itl is pooled from histograms: use a percentile (itl_p50, itl_p99)")
        return {"metric": "quantile", "column": column, "q": {"med": 0.5}.get(agg, agg)}
    m = _CALL.fullmatch(name)
    if m:
        return {"metric": m.group(1), "classes": _classes(m.group(2), known)}
    m = _SLOPE.fullmatch(name)
    if m:
        return {"metric": "slope", "column": m.group(1)}
    if name.startswith("slope("):
        raise ValueError(f"write slope(latency, tokens_in); the time may be {', '.join(SLOPED)}")
    if name in ("goodput", "availability", "retry_amplification", "regressions", "stalls", "cost_per_1k", *RETRY_GATES):
        return {"metric": name}
    raise ValueError(
        f"unknown metric {name!r}; use p99, p(95), service_p99, ttft_p90, itl_p99, tpot_p50, tokens_out_p50, "
        "tokens_in_p50, tps_p50, avg, max, rate(CLASS), count(CLASS), slope(latency, tokens_in), goodput, "
        "availability, stalls, "
        "cost_per_1k, retry_amplification, retry_early, unretried, retry_spread, retry_backoff or regressions"
    )


def _tags(text: str | None) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        m = re.fullmatch(r"\s*(\w+)\s*[=:]\s*(.*?)\s*", part)
        if m is None or not m.group(2):
            raise ValueError(f"tag {part.strip()!r} is not name=value")
        name, value = m.groups()
        if name not in TAGS:
            raise ValueError(f"unknown tag {name!r}; tags: {', '.join(TAGS)}")
        if name == "step" and not value.isdigit():
            raise ValueError(f"step {value!r} is not a step number")
        if name in out:  # the last one was gated, the others dropped unsaid
            raise ValueError(f"tag {name!r} given twice ({out[name]!r}, {value!r}); give one, or one gate each")
        out[name] = value
    return tuple(out.items())


def parse_gate(key: str, text: str, classes: ClassSet = BUILTIN) -> Gate:
    """One gate from its key and threshold text (``classes``: those a rate or count may name);
    ValueError says what is wrong."""
    m = _KEY.fullmatch(key.strip())
    if not m:
        raise ValueError("write METRIC or METRIC{tag=value}, e.g. 'rate(fallback){family=long}'")
    parts = _metric(m.group(1).strip(), classes)
    t = _THRESHOLD.fullmatch(text)
    if not t:
        raise ValueError(f"threshold {text!r} is not 'OP VALUE', e.g. '< 4s', '< 1%', '> 95%', '< 5% @95', '< 1.5'")
    op, dollar, sign, digits, unit, reference, level_text = t.groups()
    if (dollar or reference == "baseline") and parts["metric"] != "cost_per_1k":
        against = "; a latency compares with production's, e.g. '< 150% production'" if reference else ""
        raise ValueError(f"{text!r}: $ and 'baseline' apply to cost_per_1k{against}")
    level = None
    if level_text is not None:
        level = fraction(level_text)
        if parts["metric"] not in BOUNDED:
            raise ValueError(f"{text!r}: a confidence bound (@{level_text}) applies to {', '.join(BOUNDED)}")
        if not 0.5 <= level < 1.0 or op in ("==", "!="):
            example = "< 400ms @95" if parts["metric"] == "slope" else "< 5% @95"
            raise ValueError(f"{text!r}: write '{example}' (a level from 50 to 99.9, with <, <=, > or >=)")
    number = float(sign + digits)
    if reference == "production":
        return _against_production(key, text, parts, op, unit, number, _tags(m.group(2)))
    metric = parts["metric"]
    if metric == "quantile" and parts["column"] in COUNTS:
        if unit is not None:
            raise ValueError(f"{text!r}: {parts['column']} is a plain number; drop the {unit}")
    elif metric in ("quantile", "retry_backoff", "slope"):
        if unit in ("%", "x"):
            raise ValueError(f"{text!r}: a latency takes ms, s, m or h, not {unit}")
        number = float(sign + "1") * parse_duration(digits + (unit or ""))  # the scenario's own duration units
        if number < 0:
            raise ValueError(f"{text!r}: a latency is 0 or more")
    elif metric in SHARES or metric in RETRY_SHARES:
        if unit == "%":
            number /= 100.0
        elif unit is not None:
            raise ValueError(f"{text!r}: a share takes % or a fraction, not {unit}")
        if not 0.0 <= number <= 1.0:
            raise ValueError(f"{text!r}: a share is 0..1 (or 0%..100%)")
    elif metric == "cost_per_1k" and reference:
        if unit != "%" or dollar:
            raise ValueError(f"{text!r}: write a share of the baseline's cost, e.g. '< 110% baseline'")
        number /= 100.0
    elif metric == "cost_per_1k" and unit is not None:
        raise ValueError(f"{text!r}: cost_per_1k is dollars, e.g. '< $2.50', or '< 110% baseline'")
    elif unit is not None:
        raise ValueError(f"{text!r}: {metric} is a plain number; drop the {unit}")
    # A gate no run can pass: every run failed it, exit 1, as if the release were at fault ('< 0s', '< -0%')
    floor = metric in ("quantile", "retry_backoff", "cost_per_1k") or metric in SHARES or metric in RETRY_SHARES
    if floor and op == "<" and number <= 0:
        raise ValueError(f"{text!r}: no run can pass it (the figure is never below 0); for none at all write '<= 0'")
    if (metric in SHARES or metric in RETRY_SHARES) and op == ">" and number >= 1:
        raise ValueError(f"{text!r}: no run can pass it (a share is never over 100%); for all write '>= 100%'")
    tags = _tags(m.group(2))
    if metric in RETRY_GATES and any(name != "step" for name, _ in tags):
        raise ValueError(f"{metric} is what the fault proxy timed per step: filter by step only, e.g. {{step=1}}")
    return Gate(
        key=key,
        text=text,
        **parts,
        tags=tags,
        op=op,
        threshold=number,
        level=level,
        reference=reference,
    )


def _against_production(
    key: str,
    text: str,
    parts: dict[str, Any],
    op: str,
    unit: str | None,
    number: float,
    tags: tuple[tuple[str, str], ...],
) -> Gate:
    """A latency quantile against production's time on the same prompts: a share of it, as cost's baseline is."""
    if parts["metric"] != "quantile" or parts["column"] not in PRODUCTION_TIMES:
        name = parts["column"] if parts["metric"] == "quantile" else parts["metric"]
        raise ValueError(
            f"{text!r}: production's capture timed each request to its last byte and has no {name}; compare a "
            "latency quantile with it, e.g. 'p50 < 150% production' (or 'service_p90')"
        )
    if unit != "%":
        raise ValueError(
            f"{text!r}: write a share of production's time, e.g. '< 150% production' (as cost's '< 110% baseline')"
        )
    if number < 0 or (op == "<" and number == 0):
        raise ValueError(
            f"{text!r}: a time is 0% of production's or more: write a share over 0%, e.g. '< 150% production'"
        )
    return Gate(key=key, text=text, **parts, tags=tags, op=op, threshold=number / 100.0, reference="production")


def moves_with_load(g: Gate) -> bool:
    """A gate on a figure that moves with load: latency and stream quantiles, availability, stalls,
    amplification, or a rate or count of load-sensitive classes (timeouts, errors, fallbacks...)."""
    if g.metric in ("quantile", "retry_amplification", "availability", "stalls"):
        return True
    return g.metric in ("rate", "count") and set(g.classes) <= set(LOAD_CLASSES)


def parse_gates(
    gates: dict[str, str | list[str]],
    where: str = "scenario",
    classes: ClassSet = BUILTIN,
    error: Callable[[str, str], BadInput] | None = None,
) -> list[Gate]:
    """Every gate of a ``[gates]`` table; BadInput names the file and the key, by ``error(key, reason)`` when
    given (``Scenario.error``, which names a gate a --set gave as that --set)."""
    fail = error or (lambda key, reason: BadInput(f"{where}: {key}: {reason}"))
    out = []
    for key, texts in gates.items():
        if not texts:  # a gate written down that would check nothing: it would never fail
            raise fail(f'gates."{key}"', f'no threshold; write one, e.g. "{key}" = "< 5%", or remove the key')
        for text in [texts] if isinstance(texts, str) else texts:
            try:
                out.append(parse_gate(key, text, classes))
            except ValueError as e:
                raise fail(f'gates."{key}"', str(e)) from None
    return out


def check_measurable(gates: list[Gate], proxied: bool, said: bool, where: str) -> None:
    """BadInput for a gate no run of the scenario can measure: a retry gate without a fault proxy (not ``proxied``),
    and retry_amplification without one nor the service's retries header (not ``said``: ``[checks]
    retries_header``). Such a gate has no figure whatever the release does: a scenario's mistake, refused before
    the load (and by the report of a run made with it), as the retry gates were; retry_amplification's failed as
    "no data", exit 1, a release blamed for what the scenario never set up."""
    for gate in gates:
        if gate.metric in RETRY_GATES and not proxied:
            raise without_proxy(gate, where)
        if gate.metric == "retry_amplification" and not proxied and not said:
            raise BadInput(
                f'{where}: gates."{gate.key}": counts the calls behind each request, which a fault proxy or the '
                "service's retries header tells, and neither is set up; add [[faults]] in front of the dependency, or "
                "[checks] retries_header (the header the service says its retries in)"
            )


def without_proxy(gate: Gate, where: str) -> BadInput:
    """A retry gate where no fault proxy times the retries."""
    return BadInput(
        f'{where}: gates."{gate.key}": reads what a fault proxy timed, and this run has none; add [[faults]] '
        "in front of the dependency (its URL pointed at the proxy)"
    )


def without_production(gate: Gate, where: str) -> BadInput:
    """A latency gate against production's time where the run has none of production's times."""
    return BadInput(
        f'{where}: gates."{gate.key}" = "{gate.text.strip()}": compares with production\'s time on the same prompts, '
        "and this run has none: its capture was not found or held no timings, or [checks.baseline] is off"
    )


def untimed_segment(gate: Gate, where: str, rows: int) -> BadInput:
    """A latency gate against production's time on a segment none of whose ``rows`` production's capture timed."""
    return BadInput(
        f'{where}: gates."{gate.key}" = "{gate.text.strip()}": none of its {rows} rows has production\'s time on its '
        "prompt (their capture records hold none: an import without timings, or rows the sample synthesised); gate a "
        "segment whose capture was timed"
    )


def _signed(seconds: float) -> str:
    return f"{'+' if seconds >= 0 else '-'}{format_duration(abs(seconds))}"


def format_interval(gate: Gate, interval: tuple[float, float] | list[float]) -> str:
    """An interval as people read it: '8.5%..17.9%' (a share's), '+44ms..+1.31s' (a slope's, per 1k tokens)."""
    lo, hi = interval
    return f"{_signed(lo)}..{_signed(hi)}" if gate.metric == "slope" else f"{lo * 100:.1f}%..{hi * 100:.1f}%"


def format_value(gate: Gate, value: float | None) -> str:
    if value is None:
        return "no data"
    if gate.metric == "slope":
        return f"{_signed(value)} per 1k input tokens"
    if gate.unit == "s":
        return format_duration(value)
    if gate.unit == "%":
        return f"{value * 100:.2f}%"
    if gate.unit == "$":
        return f"${value:.4f}"
    if gate.unit == "x":
        return f"{value * 100:.1f}% of {gate.reference}"
    return f"{value:.2f}" if gate.metric in ("retry_amplification", "retry_spread") else f"{value:g}"
