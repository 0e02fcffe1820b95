"""What every benchmark reports with: paired rounds, min/median/max, CPU of whole process trees, goals.

A comparison alternates its two sides for N rounds in one run; each figure is the ratio of the two
sides within a round (so a noisy neighbour on this shared machine hurts both alike), printed as
min / median / max over the rounds. The headline is the median, and a median that misses the
goal the issue set is marked MISSED. CPU is counted for every process of a side, children
included (writer, workers, mitmdump), through psutil on the process tree or the rusage of
waited-for children. Every figure also lands in ``FIGURES``, which ``scripts/bench all`` writes
as JSON and ``--compare`` reads back.
"""

from __future__ import annotations

import contextlib
import math
import os
import resource
import statistics
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from replay.util.stats import quantile

__all__ = [
    "BYTECODE",
    "FIGURES",
    "Figure",
    "children_cpu",
    "load_line",
    "median_interval",
    "report",
    "side_env",
    "tree_cpu",
    "tree_cpu_split",
    "tree_sleeps",
]


@dataclass
class Figure:
    """One figure of one benchmark: its per-round values, the goal and which way is better."""

    bench: str
    name: str
    values: list[float]
    unit: str = "x"
    goal: float | None = None
    higher_is_better: bool = True

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else float("nan")

    @property
    def met(self) -> bool | None:
        if self.goal is None or not self.values:
            return None
        return self.median >= self.goal if self.higher_is_better else self.median <= self.goal

    @property
    def across(self) -> tuple[float, float, float] | None:
        """The median's interval (``median_interval``) where it holds the goal: the rounds cannot say on which side
        of the goal the median lies, however the one median measured fell. None with no goal, under 2 rounds, or
        an interval wholly on one side."""
        if self.goal is None or len(self.values) < 2:
            return None
        lo, hi, conf = median_interval(self.values)
        return (lo, hi, conf) if lo <= self.goal <= hi and lo != hi else None

    def line(self) -> str:
        v = self.values
        if not v:
            return f"{self.name:<60} no rounds"
        goal = "" if self.goal is None else f"  goal {'>=' if self.higher_is_better else '<='} {self.goal:g}{self.unit}"
        mark = {None: "", True: "  ok", False: "  MISSED"}[self.met]
        if (across := self.across) is not None:  # the median's side of the goal is chance: said beside it
            lo, hi, conf = across
            mark += f", INCONCLUSIVE: the median lies in {_num(lo)}..{_num(hi)} with {conf:.0%} confidence"
        spread = f"(min {_num(min(v))}, max {_num(max(v))}, {len(v)} rounds)" if len(v) > 1 else "(1 round)"
        median = _num(self.median)
        if self.goal is not None and median == _num(self.goal) and self.median != self.goal:
            median = f"{self.median:.4g}"  # "1.15x ... goal <= 1.15x MISSED" read as a contradiction: 1.153
        return f"{self.name:<60} median {median:>8}{self.unit:<6} {spread}{goal}{mark}"

    def summary(self) -> dict[str, object]:
        v = self.values
        out = asdict(self) | {"median": self.median, "met": self.met, "inconclusive": self.across is not None}
        out |= {"min": min(v) if v else None, "max": max(v) if v else None}
        return out


def median_interval(values: list[float]) -> tuple[float, float, float]:
    """A distribution-free interval of the median of ``values`` and its confidence: the k-th lowest and
    highest values, k as large as keeps the confidence at 95% or more (1 with fewer than 6 values:
    min..max, at 1 - 2^(1-N))."""
    n, ordered = len(values), sorted(values)
    below = lambda k: sum(math.comb(n, i) for i in range(k)) / 2**n  # noqa: E731 - P(Binomial(n, 1/2) < k)
    k = 1
    while k < n // 2 and 1 - 2 * below(k + 1) >= 0.95:
        k += 1
    return ordered[k - 1], ordered[n - k], 1 - 2 * below(k)


FIGURES: list[Figure] = []
# The sides' bytecode. An installed replay has its modules compiled (pip writes __pycache__), as
# Locust's are in site-packages; a checkout under PYTHONDONTWRITEBYTECODE (CI's and the agents'
# shells set it) compiled replay's modules afresh in each process of a side on every run
# (~0.1-0.2 CPU-s each), charging replay's side for what no user pays. So the sides cache their
# bytecode in a directory of their own (not the source tree), warmed before the first round.
BYTECODE = Path(tempfile.gettempdir()) / f"replay-bench-pycache-{os.getuid()}"


def _num(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.2f}" if abs(x) >= 1 else f"{x:.3f}"


def report(
    bench: str, name: str, values: Sequence[float], unit: str = "x", goal: float | None = None, higher: bool = True
) -> Figure:
    """Print and keep one figure (``values``: one per round)."""
    fig = Figure(bench, name, [float(x) for x in values], unit, goal, higher)
    FIGURES.append(fig)
    print(fig.line(), flush=True)
    return fig


def ratios(a: Sequence[float], b: Sequence[float]) -> list[float]:
    """``a[i] / b[i]`` per round: the paired ratio."""
    return [x / y for x, y in zip(a, b, strict=True) if y]


def load_line(when: str) -> str:
    """``"load average (before) 1.52 1.20 0.98 on 2 cores"``: the machine is shared, say how busy it was."""
    one, five, fifteen = os.getloadavg()
    return f"load average ({when}) {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


@contextmanager
def load_printed(title: str) -> Iterator[None]:
    """Print the title and the load average before and after the benchmark's rounds."""
    print(f"{title}; {load_line('before')}", flush=True)
    try:
        yield
    finally:
        print(load_line("after"), flush=True)


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid`` and every live descendant, plus what they reaped."""
    return sum(tree_cpu_split(pid))


def _tree(pid: int) -> list[psutil.Process]:
    """Process ``pid`` and its live descendants (none if it is gone)."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_cpu_split(pid: int, kernel: bool = False) -> tuple[float, float]:
    """CPU seconds of process ``pid`` itself, and of its live descendants plus what they reaped: a
    side's cost split between mitmdump (its event loop) and its children (the capture's writers).
    With ``kernel``, only the seconds spent in the kernel (system calls, page faults, wake-ups)."""
    procs = _tree(pid)
    own = rest = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
        except psutil.NoSuchProcess:
            continue
        if p is procs[0]:
            own += t.system if kernel else t.user + t.system
            rest += t.children_system if kernel else t.children_user + t.children_system
        else:
            rest += t.system if kernel else t.user + t.system
    return own, rest


def tree_sleeps(pid: int) -> tuple[int, int]:
    """Voluntary context switches of process ``pid``'s threads, and of its live descendants' threads:
    each a sleep (an empty pipe read, a poll with nothing ready) and a wake-up after it, which meets
    caches the other processes of its core have cooled: at low concurrency, where much of a
    process's CPU per request goes. (Load moves it too: a writer scheduled later finds more to do.)"""
    procs = _tree(pid)
    own = rest = 0
    for p in procs:
        n = _voluntary_switches(p.pid)
        if p is procs[0]:
            own += n
        else:
            rest += n
    return own, rest


def _voluntary_switches(pid: int) -> int:
    total = 0
    with contextlib.suppress(OSError):
        for tid in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/task/{tid}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("voluntary_ctxt_switches:")), 0)
    return total


def side_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """A side's environment: ours, bytecode cached under BYTECODE, and ``env``."""
    cache = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(BYTECODE)}
    return {**os.environ, **cache, **(env or {})}


def children_cpu() -> float:
    """CPU seconds of every child process this one has waited for (and their waited-for children)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measured(fn: Callable[[], object], cpu: Callable[[], float]) -> tuple[object, float]:
    """``fn()`` and the CPU seconds ``cpu`` counted meanwhile."""
    c0 = cpu()
    got = fn()
    return got, cpu() - c0


def ms(values: Sequence[float] | object, q: float) -> float:
    """The exact nearest-rank ``q`` quantile of seconds, in ms (NaN when there are none)."""
    got = quantile(values, q)  # type: ignore[arg-type]
    return float("nan") if got is None else got * 1000
