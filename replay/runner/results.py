"""Results: one flat ``Result`` per planned row, streamed into the run directory while the run goes,
and read back as records or numpy columns (the layout of ``runs/<id>/`` is in replay.runner.rundir,
run.json in replay.runner.runinfo).

    results.jsonl    one Result per line, in completion order (sort by ``row``); once the run has
                     ended every planned row has exactly one (outcomes in runinfo.OUTCOMES)
    responses.jsonl  {row, status, headers, body, redactions} per response (the last attempt's);
                     body as in captures (text, encoding utf8|base64, size, truncated), capped at
                     [client] keep_body and decoded (gzip, deflate, br, zstd); staging credentials
                     substituted from ${ENV} are scrubbed, and the rest goes through the capture's
                     redactor (replay.runner.responses) except for [target] raw_responses endpoints

Times in a Result are seconds: ``intended`` and ``sent`` (the first attempt had a connection) are
epoch; ``ttfb``, ``first_event`` and ``first_token`` count from ``sent``; ``latency = done - intended``
(coordinated-omission corrected), ``service = done - sent``, so ``latency = send_lag + service``.
A stream's content events give ``deltas``, ``last_token`` (from ``sent``), and its inter-token
latency: exact ``itl`` [p50, p90, p99] and ``itl_hist``, the gaps in 2% buckets (replay.util.gaps),
a few dozen pairs, so pooled ITL of any segment is a merge and no row writes its every gap.
``send_lag`` splits into the generator's own lateness and ``queued``, the wait for one of the
client's ``[client] connections`` (a production client's pool limit); of the generator's own,
``machine_lag`` is what it spent waiting for a core (the machine's share). No locust here.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import os
import time
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import IO, Any, Protocol

import msgspec
import numpy as np
import orjson

from replay.config.loader import MAX_DURATION_DAYS
from replay.runner.responses import ResponseSink
from replay.runner.rundir import RESPONSES, RESULTS, damaged
from replay.runner.runinfo import OUTCOMES, RunInfo, Status
from replay.util.outputs import cut_torn_tail, torn_tail

__all__ = ["FIELDS", "FLUSH_EVERY", "OUTCOMES", "SYNC_EVERY", "Offload", "Result", "ResultWriter", "Run"]

_INTS = ("row", "record", "step", "worker", "status", "attempts", "bytes_in", "events", "deltas")
_FLOATS = ("intended", "sent", "send_lag", "queued", "latency", "service", "ttfb", "first_event", "first_token")
_FLOATS += ("gap_mean", "gap_max", "last_token", "machine_lag")
# Times a row took, never below 0 (send_lag may be: a row sent a hair before its time)
_DURATIONS = ("queued", "latency", "service", "ttfb", "first_event", "first_token", "gap_mean", "gap_max", "last_token")
_LONGEST = MAX_DURATION_DAYS * 86400.0
BUFFER = 1 << 16  # bytes of results.jsonl lines kept before a write
# Seconds between writes at most. Rows held in the process die with it (kill -9: settled "unknown"). H154's
# kills of a runner: at 200 rows/s a 0.25 s tick lost 29.5 rows (median of 6), 0.05 s 3.5, a write per row 0;
# at 4,000 rows/s BUFFER fills first (~100 rows) whatever the tick (66, 90 of 5), and a write per row lost
# more (190 of 4): its sender fell behind (1,600-2,400 rows/s). It cost 10 us of CPU a row where these cost 2.4.
FLUSH_EVERY = 0.05
# Seconds between fsyncs of results.jsonl and responses.jsonl at most: a crash of the machine (or its disk gone
# read-only) loses the rows of the last second, not the run's (ext4 left 0 bytes of a run's results: H204), and
# leaves few answered rows without their response. Never in the sender's thread: results.jsonl's in the writes'
# thread, responses.jsonl's in its writer process (replay.runner.responses).
SYNC_EVERY = 1.0


@dataclass  # not slots: orjson writes a plain instance from its __dict__, 3x faster (7 -> 2.5 us a row)
class Result:
    """The outcome of one planned row (see the module docstring for the time base)."""

    row: int
    record: int  # capture record (file order)
    step: int
    family: str
    perturbation: str  # "none" when unperturbed
    endpoint: str  # "METHOD /template"
    worker: int  # -1: recorded by the master (a skipped row)
    intended: float
    outcome: str  # one of runinfo.OUTCOMES
    sent: float | None = None
    send_lag: float | None = None  # sent - intended
    queued: float | None = None  # the part of send_lag spent waiting for a free connection
    # the part of the rest (the generator's own lateness) it spent ready to run but without a core:
    # the machine's doing, not the generator's (Linux run-queue wait; None where unknown)
    machine_lag: float | None = None
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
    deltas: int = 0  # stream events carrying content
    last_token: float | None = None  # the last content event, from ``sent``
    itl: list[float] | None = None  # the row's inter-token latency [p50, p90, p99], exact
    itl_hist: list[list[int]] = field(default_factory=list)  # its gaps as [bucket, count] (replay.util.gaps)

    def as_list(self) -> list[Any]:
        """Values in FIELDS order (Locust messages carry lists)."""
        return list(_VALUES(self))


FIELDS = tuple(f.name for f in fields(Result))
_LISTS = ("tries", "itl", "itl_hist")  # kept in the records, not in the columns
_COLUMNS = tuple(name for name in FIELDS if name not in _LISTS)


_LEAST = {"worker": -1}  # the least of an integer field, 0 unless here (worker -1: the master's row)


@functools.cache
def _column_reader(names: tuple[str, ...], whole: bool = False) -> msgspec.json.Decoder[Any]:
    """A decoder of results.jsonl lines into typed records of the columns ``names`` (the other
    fields skipped unread): every line at once, ~2 us a row where dicts of every field cost ~6.
    ``whole``: a line with a field no Result has is refused too (a line of every field, read as one)."""
    hints = typing.get_type_hints(Result)
    # A negative one is an edit, not a run (a p99 of -100 s), and so is one longer than a run lasts (a plan
    # and a client's deadline at most 30 days; 1e300 s overflowed the report's plots): damage, said
    for name in _DURATIONS:
        hints[name] = typing.Annotated[float, msgspec.Meta(ge=0, le=_LONGEST)] | None
    # and an integer numpy cannot hold (a row of 2**70: an OverflowError's traceback), or a row, record or
    # step below 0 (row -1 was judged as a row of its own); a count below 0, a status no HTTP has (999 is odd,
    # but HTTP's: kept), an outcome of none of OUTCOMES (judged as a class of its own)
    for name, hint in hints.items():
        if hint is int:
            hints[name] = typing.Annotated[int, msgspec.Meta(ge=_LEAST.get(name, 0), le=2**63 - 1)]
    hints["status"] = typing.Annotated[int, msgspec.Meta(ge=0, le=999)]
    hints["outcome"] = typing.Literal[OUTCOMES]
    spec = [
        (f.name, hints[f.name]) if f.default is MISSING else (f.name, hints[f.name], f.default)
        for f in fields(Result)
        if f.name in names
    ]
    return msgspec.json.Decoder(msgspec.defstruct("ResultColumns", spec, kw_only=True, forbid_unknown_fields=whole))


_VALUES = operator.attrgetter(*FIELDS)


class Offload(Protocol):
    """Runs jobs elsewhere, one at a time, in the order handed over."""

    def __call__(self, job: Callable[[], None]) -> None: ...

    def drain(self) -> None:
        """Return once every job handed over has run."""


class ResultWriter:
    """Appends results and responses to a run directory; flushes at most every ``every`` seconds.

    results.jsonl is written in one write per flush (or per BUFFER bytes), by ``offload`` when given:
    a file write can block for as long as the file system's journal is busy (a rename took 478 ms on
    a busy machine), and in the sending process that blocks every send. ``offload`` runs each write
    elsewhere (the runner: an OS thread of its own), in the order handed over.

    A write that fails (a full disk) does not raise into the run: ``error`` keeps the first failure,
    for the run to end ``failed`` with it, and nothing more is written. responses.jsonl's writer failing
    (killed, its process out of memory) is ``responses_error``: the responses from about ``responses_stop``
    on are lost (run.json counts them), but results.jsonl goes on, every row's result kept.

    ``raw``: None writes responses as given (directories made by tests); else they go through the
    capture's redactor in a process of its own, except rows for which ``raw(row)`` is true."""

    def __init__(
        self,
        run_dir: Path,
        planned: int = 0,
        every: float = FLUSH_EVERY,
        raw: Callable[[int], bool] | None = None,
        offload: Offload | None = None,
    ):
        self.run_dir = run_dir
        self.every = every
        self.counts: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        self.have = np.zeros(planned, dtype=bool)  # rows with a result
        self.error: OSError | None = None
        self.responses_error: OSError | None = None
        self.responses_stop = -1  # the row of the first response of those not known written when its writer failed
        self._unflushed = -1  # the row of the first response handed over since the last flush
        self.offload = offload
        self._lines: list[bytes] = []  # results.jsonl lines not handed over yet
        self._size = 0
        for name in (RESULTS, RESPONSES):  # resumed after a kill: a line appended to a torn one is lost
            cut_torn_tail(run_dir / name)
        self._results: IO[bytes] = open(run_dir / RESULTS, "ab")  # noqa: SIM115 - closed in close()
        self._raw = raw
        self._sink = ResponseSink(run_dir / RESPONSES) if raw is not None else None
        self._responses: IO[bytes] | None = None
        if self._sink is None:
            self._responses = open(run_dir / RESPONSES, "ab")  # noqa: SIM115
        self._last = self._synced = time.monotonic()
        self._unsynced = False  # rows written since the last fsync

    @property
    def done(self) -> int:
        return sum(self.counts.values())

    def _mark(self, row: int, outcome: str) -> None:
        self.counts[outcome] += 1
        if row < len(self.have):
            self.have[row] = True

    def resume(self, cols: dict[str, np.ndarray]) -> None:
        """Count the results already in the directory (``Run.columns()``), to add the rest."""
        for row, outcome in zip(cols["row"].tolist(), cols["outcome"].tolist(), strict=True):
            self._mark(row, outcome)

    def add(self, result: Result, response: list[Any] | None = None) -> None:
        """One result, and its response as ``[row, status, headers, body]`` (body a format.Body dict)."""
        self._mark(result.row, result.outcome)  # counted even when it can no longer be written
        if self.error is not None:
            return
        line = orjson.dumps(result) + b"\n"
        self._lines.append(line)
        self._size += len(line)
        if response is not None:
            self._write_response(response)
        self._maybe_flush()

    def add_lists(self, results: list[list[Any]], responses: list[list[Any]]) -> None:
        """A batch from a worker: results as FIELDS-ordered lists."""
        for values in results:
            self._mark(values[0], values[8])
        if self.error is not None:
            return
        out = [orjson.dumps(dict(zip(FIELDS, values, strict=True))) for values in results]
        if out:
            self._lines.append(b"\n".join(out) + b"\n")
            self._size += len(self._lines[-1])
        for response in responses:
            self._write_response(response)
        self._maybe_flush()

    def _hand_over(self, flush: bool, sync: bool = False) -> None:
        """The results so far to the file (written and, with ``flush``, flushed; with ``sync``, on the disk, and
        so is responses.jsonl when written here), by ``offload`` if set."""
        data = b"".join(self._lines)
        self._lines.clear()
        self._size = 0
        self._unsynced |= bool(data) and not sync
        fh = self._results
        responses = self._responses if sync and self.responses_error is None else None

        def write() -> None:
            if self.error is not None:
                return
            try:
                if data:
                    fh.write(data)
                if flush or sync:
                    fh.flush()
                if sync:
                    os.fsync(fh.fileno())
            except OSError as e:
                self.error = self.error or e
            if responses is not None:
                try:
                    os.fsync(responses.fileno())
                except OSError as e:
                    self._responses_failed(e)

        if self.offload is None:
            write()
        else:
            self.offload(write)

    def _write_response(self, response: list[Any]) -> None:
        row, status, headers, body = response
        if self.responses_error is not None:
            return
        if self._unflushed < 0:
            self._unflushed = row
        try:
            if self._sink is not None and self._raw is not None:
                self._sink.write(row, status, headers, body, self._raw(row))
            elif self._responses is not None:
                self._responses.write(orjson.dumps({"row": row, "status": status, "headers": headers, "body": body}))
                self._responses.write(b"\n")
        except OSError as e:
            self._responses_failed(e)

    def _responses_failed(self, e: OSError) -> None:
        """responses.jsonl cannot be written any more: said, counted, and results.jsonl goes on."""
        if self.responses_error is None:
            self.responses_error, self.responses_stop = e, self._unflushed

    def failure(self) -> str:
        """Why the run fails for its files, in one clause ("" while both are written)."""
        if self.error is not None:
            return f"could not write the results: {self.error.strerror or self.error}"
        if self.responses_error is not None:
            at = f" at row {self.responses_stop}" if self.responses_stop >= 0 else ""
            return (
                f"{RESPONSES} stopped{at}: {self.responses_error.strerror or self.responses_error}; "
                f"{RESULTS} holds every row"
            )
        return ""

    def _maybe_flush(self) -> None:
        now = time.monotonic()
        if now - self._last >= self.every:
            self.flush()
            self._last = now
        elif self._size >= BUFFER:
            self._hand_over(flush=False)

    def ready(self) -> None:
        """Wait until responses can be written (the redacting writer has started); OSError if not."""
        if self._sink is not None:
            self._sink.wait_ready()

    def _sync_due(self) -> bool:
        """Whether the run's files are due on the disk (every SYNC_EVERY s): the one clock of both files' fsyncs.
        Only with rows written since the last: a tick before the first rows would put off their sync by a second."""
        now = time.monotonic()
        if not (self._unsynced or self._lines) or now - self._synced < SYNC_EVERY:
            return False
        self._synced, self._unsynced = now, False
        return True

    def flush(self) -> None:
        """Hand the responses so far to their file and the results to theirs, flushed (and both fsynced every
        SYNC_EVERY s)."""
        sync = self._sync_due()
        if self.responses_error is None:
            try:
                if self._sink is not None:
                    self._sink.flush(sync)
                if self._responses is not None:
                    self._responses.flush()
            except OSError as e:
                self._responses_failed(e)
            else:
                self._unflushed = -1
        self._hand_over(flush=True, sync=sync)

    def close(self) -> None:
        """Write what is left, wait until every write handed over has run, and sync the files."""
        if self.error is None:
            self._hand_over(flush=False)
        if self.offload is not None:
            self.offload.drain()
        if self._sink is not None:
            try:
                self._sink.close()  # waits until every response handed over is written
            except OSError as e:
                self._responses_failed(e)
        for fh in (self._results, self._responses):
            if fh is not None and not fh.closed:
                try:
                    fh.flush()
                    os.fsync(fh.fileno())
                except OSError as e:
                    if fh is self._results:
                        self.error = self.error or e
                    else:
                        self._responses_failed(e)
                finally:
                    with contextlib.suppress(OSError):
                        fh.close()


class _Body(typing.TypedDict):
    text: str
    encoding: typing.Literal["utf8", "base64"]
    size: typing.NotRequired[int]
    truncated: typing.NotRequired[bool]


class _Response(typing.TypedDict):
    """A responses.jsonl line, as the judge reads it (a dict)."""

    row: int
    status: int
    headers: list[tuple[str, str]]
    body: _Body | None
    redactions: typing.NotRequired[dict[str, int]]


_RESPONSE = msgspec.json.Decoder(_Response)


class _Row(msgspec.Struct):
    """A responses.jsonl line's row, the rest of it skipped unread: counting a run's responses reads no body."""

    row: int


_ROW = msgspec.json.Decoder(_Row)


def _read_lines(path: Path, typed: msgspec.json.Decoder[Any] | None = None, noun: str = "result") -> Iterator[Any]:
    """The objects of a JSON Lines file of the run (``typed``: its ``noun``s, each field of its type); a
    last line a kill cut short (no newline) is skipped, any other that is no JSON object (no such
    record) is damage, said (never judged as fewer rows, nor met as a string where a number goes)."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return  # a run that died before its first result
    with fh:
        for lineno, line in enumerate(fh, 1):
            try:
                d = orjson.loads(line) if typed is None else typed.decode(line)
            except msgspec.ValidationError as e:  # JSON, of other fields or types
                raise damaged(path, f"line {lineno} is not a {noun} ({e})") from None
            except (orjson.JSONDecodeError, msgspec.DecodeError) as e:
                if not line.endswith(b"\n"):  # a torn last line of a killed run
                    return
                raise damaged(path, f"line {lineno} is not JSON ({e})") from None
            except RecursionError:  # msgspec's answer to JSON nested thousands deep, a traceback before
                raise damaged(path, f"line {lineno} is not a {noun} (nested too deeply)") from None
            if typed is None and not isinstance(d, dict):
                raise damaged(path, f"line {lineno} is not a JSON object")
            yield d


def _typed_columns(path: Path, names: tuple[str, ...]) -> dict[str, Sequence[Any]]:
    """Each column's values (``names``, in FIELDS order, ``row`` among them), sorted by row, each line a typed
    record: every line at once, or, where that fails, line by line (a torn last line skipped, any other line
    that does not read said, with its number)."""
    reader = _column_reader(names)
    try:
        rows = reader.decode_lines(path.read_bytes())
    except FileNotFoundError:
        rows = []  # a run that died before its first result
    except msgspec.DecodeError:  # also a value of another type or out of its bounds (ValidationError)
        rows = list(_read_lines(path, reader))
    if not rows:
        return {name: [] for name in names}
    rows.sort(key=operator.attrgetter("row"))
    return dict(zip(names, zip(*map(msgspec.structs.astuple, rows), strict=True), strict=True))


def _line_of(path: Path, row: int) -> int:
    """The number of the line of results.jsonl ``path`` holding ``row`` (0 when none does): an error's
    place, read once more as the columns, sorted by row, have lost it."""
    for lineno, d in enumerate(_read_lines(path), 1):
        if d.get("row") == row:
            return lineno
    return 0


def _cut_short(path: Path) -> str:
    """Where the file at ``path`` ends mid-record, for a message ("" when it ends with a whole line): the reader
    skips a torn last line, a loss that must not read as a line gone from anywhere."""
    try:
        with open(path, "rb") as fh:
            start, end = torn_tail(fh), fh.seek(0, os.SEEK_END)
    except OSError:
        return ""
    return (
        ""
        if start is None
        else f"; it ends mid-record: cut short at byte {end:,}, {end - start:,} bytes into its last line"
    )


@dataclass
class Run:
    """A run directory: ``info`` is its run.json. Open one with ``replay.runner.open_run``."""

    path: Path
    info: RunInfo

    @property
    def complete(self) -> bool:
        return self.info.status == Status.COMPLETE

    def results(self) -> list[Result]:
        """Every result, sorted by row."""
        records = _read_lines(self.path / RESULTS, _column_reader(FIELDS, whole=True))
        out = [Result(*msgspec.structs.astuple(r)) for r in records]
        out.sort(key=lambda r: r.row)
        rows, steps = (
            np.fromiter((getattr(r, k) for r in out), dtype=np.int64, count=len(out)) for k in ("row", "step")
        )
        self._check_rows(rows, steps)
        return out

    def _check_rows(self, rows: np.ndarray, steps: np.ndarray) -> None:
        """A finished run holds as many results as its run.json counts, one a row (``rows``, sorted): fewer
        would be judged as a smaller run, and pass; a row's line twice (another's lost) was judged twice.
        Any run's rows are of the plan's steps (``steps``, by row) and its rows: one of another step was
        judged as a step of its own, which no load ran."""
        planned = [s.index for s in self.info.step_table]
        if planned and len(stray := np.flatnonzero(~np.isin(steps, planned))):
            row, step = int(rows[stray[0]]), int(steps[stray[0]])
            raise damaged(
                self.path / RESULTS,
                f"line {_line_of(self.path / RESULTS, row)} (row {row}) is of step {step}, which the plan has not"
                f" (its steps: {', '.join(map(str, planned))})",
            )
        counts = self.info.counts
        planned = counts.planned if counts is not None else self.info.plan.rows
        if planned and len(rows) and rows[-1] >= planned:  # judged as a row of its own, on no record of the plan
            row = int(rows[-1])
            raise damaged(
                self.path / RESULTS,
                f"line {_line_of(self.path / RESULTS, row)} is of row {row}, past the plan's {planned:,} rows",
            )
        if self.info.status != Status.COMPLETE:
            return
        written = counts.written if counts is not None else None
        if written is not None and len(rows) != written:
            raise damaged(
                self.path / RESULTS,
                f"holds {len(rows):,} results, run.json counts {written:,}{_cut_short(self.path / RESULTS)}",
            )
        if len(twice := np.flatnonzero(rows[1:] == rows[:-1])):
            raise damaged(self.path / RESULTS, f"holds row {int(rows[twice[0]])} twice")

    def columns(self, names: Iterable[str] = _COLUMNS) -> dict[str, np.ndarray]:
        """Results as numpy columns sorted by row (None -> NaN in float columns; ``tries`` left out);
        ``names``: these columns only (and ``row``), read faster than all of them."""
        wanted = {"row", *names}
        keep = tuple(name for name in _COLUMNS if name in wanted or name == "step")  # the step: checked
        values = _typed_columns(self.path / RESULTS, keep)
        cols: dict[str, np.ndarray] = {}
        for name in keep:
            try:
                if name in _FLOATS:
                    cols[name] = np.array(values[name], dtype=np.float64)  # None -> NaN
                elif name in _INTS:
                    cols[name] = np.array(values[name], dtype=np.int64)
                else:
                    cols[name] = np.array(values[name], dtype=object)
            except (TypeError, ValueError, OverflowError):
                raise damaged(self.path / RESULTS, f"a {name} is not a number") from None
        self._check_rows(cols["row"], cols["step"] if "step" in wanted else cols.pop("step"))
        return cols

    def responses(self) -> Iterator[dict[str, Any]]:
        """``{row, status, headers, body}`` per response, in completion order."""
        return _read_lines(self.path / RESPONSES, _RESPONSE, "response")

    def response_rows(self) -> Iterator[int]:
        """The row of each response, in completion order."""
        return (d.row for d in _read_lines(self.path / RESPONSES, _ROW, "response"))

    def responses_by_row(self, results: list[Result]) -> dict[int, dict[str, Any]]:
        """Each response by its row. A finished run keeps one for each row that had an answer (a status):
        one missing (a copy cut short, a torn last line) would judge its row an error and fail the
        release for the copy's loss, so it is damage, said; and so is a row's response met twice (the runner writes
        one: the second was judged in the first's place)."""
        found: dict[int, dict[str, Any]] = {}
        for d in self.responses():
            if found.setdefault(d["row"], d) is not d:
                raise damaged(self.path / RESPONSES, f"holds row {d['row']}'s response twice")
        if self.complete and (lost := sum(1 for r in results if r.status and r.row not in found)):
            raise damaged(self.path / RESPONSES, f"lacks the responses of {lost:,} answered rows")
        return found
