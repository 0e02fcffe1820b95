"""The capacity search's arithmetic: which rate to probe next, and the answer once the bracket is tight.

A geometric ramp (``start``, 2x, 4x, ... up to ``max``) finds a failing rate; bisection (geometric mean)
between the last passing and the first failing rate then narrows the bracket until the failing rate is
within ``precision`` above the passing one. The answer is the highest rate at which every gate held,
with its bracket and the first gate that broke at the rate above, and why. ``replay.pipeline`` runs the
probes; this module only decides, so it is tested without load. The answer is kept beside the run
(``capacity.json``: ``write_capacity``, ``read_capacity``) for ``replay report`` to show it again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from replay.config.loader import MAX_DURATION_DAYS
from replay.config.scenario import MAX_RATE, SearchConfig
from replay.errors import BadInput
from replay.runner.rundir import CAPACITY, read_run_file, write_json
from replay.util.records import JsonRecord

__all__ = ["Capacity", "Probe", "answer", "next_rate", "problem", "read_capacity", "write_capacity"]

FORMAT, VERSION = "replay-capacity", 1


@dataclass(slots=True)
class Probe(JsonRecord):
    """One probe: a step at ``rate``, whether every gate held, and the first that did not."""

    rate: float
    passed: bool
    broke: str | None = None  # the first failed gate, as '<metric> <threshold>'
    why: str | None = None  # its detail (value, threshold, families) and the finding that explains it
    run: str | None = None  # the probe's run directory
    sent: int = 0
    paths: dict[str, float] = field(default_factory=dict)  # share of the rows each fallback-chain path answered
    per_1k: float | None = None  # dollars per 1,000 requests sent (None: nothing priced)


@dataclass(slots=True)
class Capacity(JsonRecord):
    """The search's answer: the highest rate at which every gate held (None: not even ``start``)."""

    capacity: float | None
    bracket: list[float | None]  # [last passing rate, first failing rate (None: none failed up to max)]
    broke: str | None  # the first gate to break at the failing rate
    why: str | None
    probes: list[Probe] = field(default_factory=list)
    precision: float = 0.1
    duration: float = 0.0  # seconds per probe
    faults: str = ""  # the fault profiles in force in every probe, as name=profile ("" without faults)

    @property
    def sentence(self) -> str:
        """The answer in a line, for the terminal and the HTML report."""
        lo, hi = self.bracket
        with_faults = f" with {self.faults}" if self.faults else ""
        if self.capacity is None:
            return f"no rate held every gate{with_faults}: {self.broke} broke at {hi:g} requests/s ({self.why})"
        if hi is None:
            return f"every gate held up to {lo:g} requests/s{with_faults}, the search's max ({len(self.probes)} probes)"
        return (
            f"capacity {lo:g} requests/s{with_faults}: the highest rate at which every gate held (bracket "
            f"{lo:g}..{hi:g}, {len(self.probes)} probes); at {hi:g} {self.broke} broke first: {self.why}"
        )

    def probe_at(self, rate: float | None) -> Probe | None:
        """The (last) probe at ``rate``."""
        return next((p for p in reversed(self.probes) if p.rate == rate), None)


def _bracket(probes: list[Probe]) -> tuple[float | None, float | None]:
    passing = [p.rate for p in probes if p.passed]
    failing = [p.rate for p in probes if not p.passed]
    lo = max(passing) if passing else None
    hi = min((r for r in failing if lo is None or r > lo), default=None)
    return lo, hi


def next_rate(probes: list[Probe], cfg: SearchConfig) -> float | None:
    """The next rate to probe, or None when the search is done."""
    if not probes:
        return cfg.start
    lo, hi = _bracket(probes)
    if hi is None:  # still ramping
        if lo is None or lo >= cfg.max:
            return None
        return min(lo * 2.0, cfg.max)
    if lo is None:  # the first rate failed: halve until one passes (or give up below start / 8)
        return hi / 2.0 if hi / 2.0 >= cfg.start / 8.0 else None
    if hi <= lo * (1.0 + cfg.precision):
        return None
    return round(math.sqrt(lo * hi), 2)


def answer(probes: list[Probe], cfg: SearchConfig) -> Capacity:
    """The capacity, its bracket and the first gate to break at the failing rate."""
    lo, hi = _bracket(probes)
    at_hi = next((p for p in probes if p.rate == hi and not p.passed), None)
    return Capacity(
        lo,
        [lo, hi],
        at_hi.broke if at_hi else None,
        at_hi.why if at_hi else None,
        list(probes),
        cfg.precision,
        cfg.duration,
    )


def write_capacity(directory: Path, found: Capacity) -> None:
    """Keep the answer in ``directory/capacity.json``, beside the run it belongs to."""
    write_json(directory / CAPACITY, {"format": FORMAT, "version": VERSION, "capacity": found.to_json()}, indent=True)


def read_capacity(directory: Path) -> Capacity | None:
    """The answer kept in ``directory`` (None when no search ran there); BadInput in one line for a file
    this replay does not read (another version, a damaged file)."""
    path = directory / CAPACITY
    if not path.exists():
        return None
    raw = read_run_file(path)
    try:
        data = orjson.loads(raw)
        if (data["format"], data["version"]) != (FORMAT, VERSION):
            raise ValueError(f"format {data['format']!r} version {data['version']!r}, not {FORMAT} {VERSION}")
        found = Capacity.from_json(data["capacity"])
    except (KeyError, TypeError, ValueError) as e:  # orjson's decode error is a ValueError
        raise BadInput(f"{path}: not a capacity search this replay reads ({e}); re-run the search") from None
    if why := problem(found):
        raise BadInput(f"{path}: {why}, not what a search wrote; restore it from the run, or re-run the search")
    return found


def problem(found: Capacity) -> str | None:
    """What makes ``found`` no answer a search gave, in a clause naming the field (None when nothing does): a
    rate, share, count or time out of its bounds, or a capacity and bracket its probes do not give. An edit
    (a capacity of 1e308 requests/s, a bracket of one rate) was reported as found, or a traceback."""
    if len(found.bracket) != 2:
        return f"bracket is {found.bracket} (two rates: the last passing, the first failing)"
    rates = [("capacity", found.capacity), *((f"bracket[{i}]", r) for i, r in enumerate(found.bracket))]
    rates += [(f"probes[{i}].rate", p.rate) for i, p in enumerate(found.probes)]
    for where, rate in rates:
        if rate is not None and not 0 < rate <= MAX_RATE:  # NaN too
            return f"{where} is {rate!r} (a rate is over 0 and at most {MAX_RATE:,} requests/s)"
    if found.capacity != found.bracket[0] or found.bracket == [None, None]:  # the sentence reads them so
        return f"capacity {found.capacity} and bracket {found.bracket} disagree (the capacity is the last passing rate)"
    for i, p in enumerate(found.probes):
        if p.sent < 0:
            return f"probes[{i}].sent is {p.sent} (a count is 0 or more)"
        if not 0 <= (p.per_1k or 0.0) < math.inf:
            return f"probes[{i}].per_1k is {p.per_1k!r} (dollars are 0 or more)"
        if any(not 0 <= share <= 1 for share in p.paths.values()):
            return f"probes[{i}].paths has a share out of 0 to 1 ({p.paths})"
    if not (0 < found.precision < math.inf and 0 <= found.duration <= MAX_DURATION_DAYS * 86400):
        return f"precision {found.precision!r} or duration {found.duration!r} s is out of its bounds"
    lo, hi = _bracket(found.probes)
    if found.probes and (found.capacity, found.bracket) != (lo, [lo, hi]):
        return f"capacity {found.capacity} and bracket {found.bracket} are not what its probes give ({lo}, {hi})"
    return None
