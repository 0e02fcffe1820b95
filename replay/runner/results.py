"""Run directories: one flat ``Result`` per planned row, streamed while the run goes.

    runs/<id>/
      run.json         written at the start and rewritten at the end (see below)
      scenario.toml    the scenario as run
      prepared.pkl     the requests as sent (replay.runner.prepare.Prepared; ${ENV} unresolved);
                       ``columns["req"][row]`` indexes ``requests`` for plan row ``row``
      results.jsonl    one Result per line, in completion order (sort by ``row``)
      responses.jsonl  {row, status, headers, body} per response (the last attempt's); body as in
                       captures (text, encoding utf8|base64, size, truncated), capped at [client]
                       keep_body; staging credentials substituted from ${ENV} are scrubbed
      progress.json    {planned, done, counts} every 0.5 s while running

run.json: format "replay-run", version, id, replay (tool version), status (starting -> running ->
complete | interrupted | failed), reason, created/start/finished (epoch; ``start`` is offset 0 of
the plan), target, scenario {path, sha256, name}, plan {path, sha256, rows, seed}, capture {path,
sha256, records}, model (open | closed), workers, planned_steps (the plan's step table: index,
start, duration, rows, rate, users) and, once finished: counts (planned, written, one per
outcome), summary (latency/service/send_lag/ttfb p50/p90/p99, send_rate), steps (planned_steps
plus sent, dropped, unsent, send_lag_*, generator_lag_* (p50/p99/max), cpu_mean, cpu_max,
generator_bound, bound_reasons), release {header: [values seen]}, generator {cpu_seconds,
cpu_per_row}. Read it with ``open_run(path)``: ``.info``, ``.results()``, ``.columns()``,
``.responses()``.

Times in a Result are seconds: ``intended`` and ``sent`` (the first attempt had a connection) are
epoch; ``ttfb``, ``first_event`` and ``first_token`` count from ``sent``; ``latency = done - intended``
(coordinated-omission corrected), ``service = done - sent``, so ``latency = send_lag + service``.
``send_lag`` splits into the generator's own lateness and ``queued``, the wait for one of the
client's ``[client] connections`` (a production client's pool limit). No locust here.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import IO, Any

import numpy as np
import orjson

from replay.errors import BadInput

__all__ = [
    "FIELDS",
    "OUTCOMES",
    "RESPONSES",
    "RESULTS",
    "RUN",
    "Result",
    "ResultWriter",
    "Run",
    "open_run",
    "step_stats",
    "write_info",
]

RUN, RESULTS, RESPONSES = "run.json", "results.jsonl", "responses.jsonl"
# response: an HTTP response arrived (any status); timeout: a client deadline hit; cancelled: the
# user gave up (cancel_after); error: connection refused/reset/closed; dropped: every in-flight
# slot was busy at the intended time; skipped: an unsafe method the scenario does not allow;
# unsent: a closed-model step ended (or the run was stopped) before the row's turn.
OUTCOMES = ("response", "timeout", "cancelled", "error", "dropped", "skipped", "unsent")
LAG_BOUND = 0.010  # a row the generator itself sent this late (send lag less the connection wait) ...
LATE_SHARE = 0.05  # ... in more than this share of a step's rows: generator-bound. A share, not a p99, so
# the short burst when a stalled target answers everything at once does not blame the generator.
CPU_BOUND = 90.0  # as does a worker process using this much of one core over the step


@dataclass(slots=True)
class Result:
    """The outcome of one planned row (see the module docstring for the time base)."""

    row: int
    record: int  # capture record (file order)
    step: int
    family: str
    perturbation: str  # "none" when unperturbed
    endpoint: str  # "METHOD /template"
    worker: int
    intended: float
    outcome: str
    sent: float | None = None
    send_lag: float | None = None  # sent - intended
    queued: float | None = None  # the part of send_lag spent waiting for a free connection
    latency: float | None = None
    service: float | None = None
    ttfb: float | None = None
    status: int = 0  # of the last attempt; 0 without a response
    error: str = ""
    attempts: int = 0
    tries: list[list[Any]] = field(default_factory=list)  # [status, error, start s after sent, duration s]
    bytes_in: int = 0
    stream: bool = False  # text/event-stream
    events: int = 0
    first_event: float | None = None
    first_token: float | None = None  # first event carrying content
    gap_mean: float | None = None  # between events
    gap_max: float | None = None  # the longest stall
    completed: bool | None = None  # a stream end marker arrived; None when not a stream
    faults: str = ""  # fault profiles in force in the row's step ("model=slow-1s"; replay.runner.faults)

    def as_list(self) -> list[Any]:
        """Values in FIELDS order (Locust messages carry lists)."""
        return [getattr(self, name) for name in FIELDS]


FIELDS = tuple(f.name for f in fields(Result))
_FLOATS = ("intended", "sent", "send_lag", "queued", "latency", "service", "ttfb", "first_event", "first_token")
_FLOATS += ("gap_mean", "gap_max")


def write_info(run_dir: Path, info: dict[str, Any]) -> None:
    """Write run.json atomically."""
    tmp = run_dir / (RUN + ".tmp")
    tmp.write_bytes(orjson.dumps(info, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY))
    tmp.replace(run_dir / RUN)


class ResultWriter:
    """Appends results and responses to a run directory; flushes at most every ``every`` seconds."""

    def __init__(self, run_dir: Path, every: float = 0.25):
        self.run_dir = run_dir
        self.every = every
        self.counts: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        self._results: IO[bytes] = open(run_dir / RESULTS, "ab")  # noqa: SIM115 - closed in close()
        self._responses: IO[bytes] = open(run_dir / RESPONSES, "ab")  # noqa: SIM115
        self._last = time.monotonic()

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def add(self, result: Result, response: list[Any] | None = None) -> None:
        """One result, and its response as ``[row, status, headers, body]`` (body a store.Body dict)."""
        self.counts[result.outcome] += 1
        self._results.write(orjson.dumps(result) + b"\n")
        if response is not None:
            self._write_response(response)
        self._maybe_flush()

    def add_lists(self, results: list[list[Any]], responses: list[list[Any]]) -> None:
        """A batch from a worker: results as FIELDS-ordered lists."""
        out = []
        for values in results:
            self.counts[values[8]] += 1
            out.append(orjson.dumps(dict(zip(FIELDS, values, strict=True))))
        if out:
            self._results.write(b"\n".join(out) + b"\n")
        for response in responses:
            self._write_response(response)
        self._maybe_flush()

    def _write_response(self, response: list[Any]) -> None:
        row, status, headers, body = response
        self._responses.write(orjson.dumps({"row": row, "status": status, "headers": headers, "body": body}) + b"\n")

    def _maybe_flush(self) -> None:
        now = time.monotonic()
        if now - self._last >= self.every:
            self.flush()
            self._last = now

    def flush(self) -> None:
        self._results.flush()
        self._responses.flush()

    def close(self) -> None:
        for fh in (self._results, self._responses):
            if not fh.closed:
                fh.flush()
                os.fsync(fh.fileno())
                fh.close()


def _read_lines(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, "rb") as fh:
        for line in fh:
            with contextlib.suppress(orjson.JSONDecodeError):  # a torn last line of a killed run
                yield orjson.loads(line)


@dataclass
class Run:
    """A run directory: ``info`` is run.json."""

    path: Path
    info: dict[str, Any]

    @property
    def complete(self) -> bool:
        return self.info.get("status") == "complete"

    def results(self) -> list[Result]:
        """Every result, sorted by row."""
        out = [Result(**d) for d in _read_lines(self.path / RESULTS)]
        out.sort(key=lambda r: r.row)
        return out

    def columns(self) -> dict[str, np.ndarray]:
        """Results as numpy columns sorted by row (None -> NaN in float columns; ``tries`` left out)."""
        rows = [d for d in _read_lines(self.path / RESULTS)]
        rows.sort(key=lambda d: d["row"])
        cols: dict[str, np.ndarray] = {}
        for name in FIELDS:
            if name == "tries":
                continue
            values = [d[name] for d in rows]
            if name in _FLOATS:
                cols[name] = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
            elif name in ("row", "record", "step", "worker", "status", "attempts", "bytes_in", "events"):
                cols[name] = np.array(values, dtype=np.int64)
            else:
                cols[name] = np.array(values, dtype=object)
        return cols

    def responses(self) -> Iterator[dict[str, Any]]:
        """``{row, status, headers, body}`` per response, in completion order."""
        return _read_lines(self.path / RESPONSES)


def open_run(path: str | Path) -> Run:
    """A run directory; BadInput if it holds no run."""
    path = Path(path)
    try:
        info = orjson.loads((path / RUN).read_bytes())
    except FileNotFoundError:
        raise BadInput(f"{path}: no {RUN}; give a directory written by 'replay run'") from None
    except orjson.JSONDecodeError as e:
        raise BadInput(f"{path / RUN}: not valid JSON ({e})") from None
    return Run(path, info)


def _percentiles(name: str, v: np.ndarray) -> dict[str, float | None]:
    out: dict[str, float | None] = {f"{name}_{k}": None for k in ("p50", "p99", "max")}
    if len(v):
        out.update({f"{name}_p50": float(np.percentile(v, 50)), f"{name}_p99": float(np.percentile(v, 99))})
        out[f"{name}_max"] = float(v.max())
    return out


def step_stats(
    steps: list[dict[str, Any]], cols: dict[str, np.ndarray], start: float, cpu: list[tuple[float, float]]
) -> list[dict[str, Any]]:
    """Per step: rows, outcomes, send and generator lag, worker CPU, and whether the generator was the bottleneck.

    ``cpu`` holds (epoch, percent of one core) samples of every worker; ``start`` is the epoch of offset 0.
    """
    out = []
    cpu_t = np.array([t for t, _ in cpu], dtype=np.float64)
    cpu_v = np.array([v for _, v in cpu], dtype=np.float64)
    for s in steps:
        k = s["index"]
        mask = cols["step"] == k
        outcome = cols["outcome"][mask]
        lag = cols["send_lag"][mask]
        own = lag - cols["queued"][mask]  # the generator's own lateness, without the connection wait
        lag, own = lag[~np.isnan(lag)], own[~np.isnan(own)]
        t0, t1 = start + s["start"], start + s["start"] + s["duration"]
        in_step = cpu_v[(cpu_t >= t0) & (cpu_t <= t1)]
        stat: dict[str, Any] = {
            **s,
            "sent": int(np.sum(~np.isnan(cols["sent"][mask]))),
            "dropped": int(np.sum(outcome == "dropped")),
            "unsent": int(np.sum(outcome == "unsent")),
            **_percentiles("send_lag", lag),
            **_percentiles("generator_lag", own),
            "cpu_mean": float(in_step.mean()) if len(in_step) else None,
            "cpu_max": float(in_step.max()) if len(in_step) else None,
        }
        reasons = []
        late = float(np.mean(own > LAG_BOUND)) if len(own) else 0.0
        if late > LATE_SHARE:
            reasons.append(
                f"{late:.0%} of rows over {LAG_BOUND * 1000:.0f} ms late by the generator "
                f"(p99 {stat['generator_lag_p99'] * 1000:.1f} ms)"
            )
        if stat["dropped"]:
            reasons.append(f"{stat['dropped']} rows dropped: every in-flight slot busy ([client] max_in_flight)")
        if stat["cpu_mean"] is not None and stat["cpu_mean"] >= CPU_BOUND:
            reasons.append(f"worker CPU {stat['cpu_mean']:.0f}% of a core over the step")
        stat["generator_bound"] = bool(reasons)
        stat["bound_reasons"] = reasons
        out.append(stat)
    return out
