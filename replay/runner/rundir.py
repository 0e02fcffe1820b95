"""The run directory: every file name in ``runs/<id>/`` and the format version, in one place.

    runs/<id>/
      run.json         RunInfo (replay.runner.runinfo): written when the run starts, rewritten when
                       it ends; always ends complete, interrupted or failed (with the reason)
      scenario.toml    the scenario as run (``--target``/``--set`` applied); run.json keeps its digest
                       (``scenario.as_run``), so a copy edited after the run is refused, not judged
      prepared.zip     the requests as sent (replay.runner.prepared): a zip of header.json,
                       requests.jsonl and one numpy .npy array per row column; data only, nothing in
                       it is executed when read; ``${ENV}`` references unresolved
      results.jsonl    one Result per planned row (replay.runner.results), in completion order
      responses.jsonl  {row, status, headers, body} per response (the last attempt's)
      progress.json    {planned, done, counts, t} every 0.5 s while the run goes
      master.json      {host, port} the master listens on for workers
      stalls.jsonl     [start, end] (epoch) per stop of the whole machine seen while the run went
                       (replay.util.stalls: a VM's host or a container's CPU limit), by a probe in
                       ``replay run``'s process; read when the run settles (its steps' ``stalls``)
      faults.json      the fault proxies' counters, one segment per step (replay.runner.faults;
                       read once per judged run by replay.judge.upstream.read_proxies)
      logs/            what the runner processes printed: runner.log (one process), or master.log
                       and worker-<n>.log (the workers started here)
      .run.json.reserve  room set aside for the final run.json while the run goes (a full disk
                       still gets the run's end written); gone once run.json is final
      plan.plan        the plan, when ``replay rehearse`` sampled it here
      repeat-K/        ``replay rehearse --repeat N``'s K-th run (1 to N), each a run directory of its own,
                       beside plan.plan and the report that pools them (``replay report`` pools them again)
      repeats.json     {"version": 1, "repeats": N}: written before a repeated rehearsal's first run, so that
                       the repetitions a rehearsal cut short never started are counted, not left unsaid
      capacity.json    the capacity search's answer (replay.judge.capacity.Capacity, with its own format
                       and version), when a search ran with this run: ``[load] search = { after_steps =
                       true }`` writes it beside the steps' run (``search/probe-K`` hold the probes),
                       ``replay rehearse --search`` at its root; ``replay report RUN`` reads it back into the report
      report.json, report.html, junit.xml   ``replay report``'s output (by default)

Format history: version 1 kept the requests as a serialised Python object (``prepared.pkl``), which
runs code when read; version 2 keeps them as data; version 3 (this one) names the capture's digest
``capture.digest`` (``"xxh3_128:HEX"``) where 2 kept ``capture.sha256``, still read. A version 1
directory is refused in one line: it cannot be read safely, only re-run. A key added that a reader
may go without is no new version: ``scenario.as_run`` (absent before: the copy is not checked), which an
older replay ignores.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

from replay.config.loader import MAX_REPEATS
from replay.errors import BadInput

__all__ = [
    "CAPACITY",
    "FAULTS",
    "FORMAT",
    "JUNIT",
    "LOGS",
    "MASTER",
    "OLD_PREPARED",
    "PLAN",
    "PREPARED",
    "PROGRESS",
    "REPEAT",
    "REPEATS",
    "REPORT_HTML",
    "REPORT_JSON",
    "RESERVE",
    "RESPONSES",
    "RESULTS",
    "RUN",
    "SCENARIO",
    "VERSION",
    "check_format",
    "check_scenario",
    "create",
    "damaged",
    "judged_in",
    "made",
    "new_id",
    "read_run_file",
    "release",
    "repeat_dir",
    "repeats",
    "repeats_planned",
    "reserve",
    "run_file_there",
    "sync",
    "write_json",
    "write_repeats",
    "write_scenario",
]

FORMAT = "replay-run"
VERSION = 3  # 3: the capture's digest is "xxh3_128:HEX" (capture.digest); 2 kept capture.sha256, still read
OLDEST = 2  # before it, requests were kept as OLD_PREPARED

RUN = "run.json"
SCENARIO = "scenario.toml"
PREPARED = "prepared.zip"
RESULTS = "results.jsonl"
RESPONSES = "responses.jsonl"
PROGRESS = "progress.json"
MASTER = "master.json"
FAULTS = "faults.json"
STALLS = "stalls.jsonl"
PLAN = "plan.plan"
CAPACITY = "capacity.json"
LOGS = "logs"
REPORT_JSON, REPORT_HTML, JUNIT = "report.json", "report.html", "junit.xml"
REPEAT = "repeat-"  # a repeated rehearsal's runs: repeat-1 ... repeat-N
REPEATS = "repeats.json"  # how many repetitions a repeated rehearsal was to run
OLD_PREPARED = "prepared.pkl"  # version 1: never opened, only recognised
RESERVE = ".run.json.reserve"  # room for the final run.json while the run goes (removed at its end)
RESERVE_BYTES = 1 << 18


def new_id() -> str:
    """A run id: the local start time and four hex digits."""
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


def repeat_dir(out: Path, k: int) -> Path:
    """The directory of a repeated rehearsal's ``k``-th run (1-based) in ``out``."""
    return out / f"{REPEAT}{k}"


def repeats(out: Path) -> list[Path]:
    """The runs of a repeated rehearsal in ``out`` (``repeat-K``), in order of K; none in a run directory or
    one that holds no repetitions. BadInput for a name of a repetition no rehearsal writes (``repeat-0``,
    ``repeat-01``: pooled, or one of two taken in silence) and for a gap (``repeat-1`` gone, ``repeat-2``
    there: a rehearsal runs them in order, so a gap is a copy's loss, not repetitions never started)."""
    if (out / RUN).exists() or not out.is_dir():
        return []
    found: dict[int, Path] = {}
    for p in out.glob(f"{REPEAT}*"):
        k = p.name[len(REPEAT) :]
        if not k.isdecimal():
            continue  # not a repetition's name: the user's own
        if not (k.isascii() and k == str(int(k)) and int(k) >= 1):
            raise BadInput(f"{p}: not a repetition a rehearsal writes ({REPEAT}1, {REPEAT}2, ...); move it away")
        found[int(k)] = p
    if gap := next((k for k in range(1, len(found) + 1) if k not in found), None):
        raise damaged(out / f"{REPEAT}{gap}", f"is missing, though {found[max(found)].name} is there")
    return [found[k] for k in sorted(found)]


def judged_in(run_dir: Path) -> Path:
    """Where ``replay report`` judges a run: a repeated rehearsal's directory for one of its repetitions (pooled
    with the others), else the run's own."""
    repeated = run_dir.name.startswith(REPEAT) and (run_dir.parent / REPEATS).exists()
    return run_dir.parent if repeated else run_dir


def write_repeats(out: Path, n: int) -> None:
    """Say in ``out`` that a repeated rehearsal is to run ``n`` repetitions (before the first starts)."""
    out.mkdir(parents=True, exist_ok=True)
    write_json(out / REPEATS, {"version": 1, "repeats": n}, durable=True)


def repeats_planned(out: Path) -> int | None:
    """The repetitions a repeated rehearsal in ``out`` was to run (``write_repeats``); None when it did not say
    (a rehearsal before repeats.json, or no repeated one); BadInput for a file that is not as written."""
    path = out / REPEATS
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, orjson.JSONDecodeError) as e:
        raise damaged(path, f"cannot be read ({e})") from None
    n = data.get("repeats") if isinstance(data, dict) and data.get("version") == 1 else None
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_REPEATS:
        raise damaged(path, f'not {{"version": 1, "repeats": N}} of N from 1 to {MAX_REPEATS}')
    return n


def create(out: Path | None, held: Callable[[Path], str] = lambda _: "") -> tuple[Path, str]:
    """A new run directory (``out``, default ``runs/<id>``) and the run's id; BadInput if it holds a run, saying
    what ``held`` says of that run (runinfo.held: its state and what it kept, a clause)."""
    run_id = new_id()
    run_dir = out or Path("runs") / run_id
    if (run_dir / RUN).exists():
        raise BadInput(f"{run_dir} already holds a run{held(run_dir)}; give another --out")
    # rows are appended to these: a run into a directory that kept them without its run.json mixed two runs' rows
    if kept := next((name for name in (RESULTS, RESPONSES) if os.path.lexists(run_dir / name)), None):
        raise BadInput(f"{run_dir} holds the {kept} of an earlier run (its run.json gone); give another --out")
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BadInput(f"{run_dir}: cannot make the run directory ({e.strerror}); give another --out") from None
    _claim(run_dir)
    return run_dir, run_id


@contextlib.contextmanager
def made(out: Path | None, held: Callable[[Path], str] = lambda _: "") -> Iterator[tuple[Path, str]]:
    """``create``, undone when the block fails before a run.json exists in the directory (bad input found late,
    the disk or ``ulimit -f`` refusing the run's first files): the directory, when this made it, or the entries
    the block added to one that was there. A run that could not start left scenario.toml and the reserve in a
    run directory without its run.json, exit 2 ("prepared.zip: File too large"). ``held``: as ``create``'s."""
    existed = out is not None and out.is_dir()
    before = set(os.listdir(out)) if out is not None and existed else set()
    run_dir, run_id = create(out, held)
    try:
        yield run_dir, run_id
    except BaseException:
        if not any(run_dir.rglob(RUN)):
            added = [run_dir / name for name in set(os.listdir(run_dir)) - before] if existed else [run_dir]
            for path in added:
                with contextlib.suppress(OSError):
                    shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        raise


_CLAIMED: dict[str, int] = {}  # run directories this process writes, each with its lock held until the process ends


def _claim(run_dir: Path) -> None:
    """Hold ``run_dir`` for this process: a lock on the directory, released when the process ends (kill -9
    too). Two runs given one --out at once each passed the run.json check above, then one replaced the
    other's plan.plan before it was refused; this process's second ``create`` (rehearse, then its run) passes."""
    key = os.path.realpath(run_dir)
    if key in _CLAIMED:
        return
    fd = os.open(run_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise BadInput(f"{run_dir}: another replay process is writing a run into it; give another --out") from None
    except OSError:  # a file system without locks (some network or FUSE ones): the run.json check alone, as before
        pass
    _CLAIMED[key] = fd


def reserve(run_dir: Path, size: int = RESERVE_BYTES) -> None:
    """Set aside room for the final run.json: a disk that fills mid-run still gets the run's end written
    (``release`` frees it for that write). Where the room cannot be had, the run goes on without it."""
    path = run_dir / RESERVE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError:
        return
    try:
        try:
            os.posix_fallocate(fd, 0, size)
        except OSError:  # a file system without fallocate: write the bytes
            os.pwrite(fd, bytes(size), 0)
    except OSError:
        path.unlink(missing_ok=True)
    finally:
        os.close(fd)


def release(run_dir: Path) -> bool:
    """Give the room ``reserve`` set aside back; whether there was any."""
    try:
        (run_dir / RESERVE).unlink()
    except OSError:
        return False
    return True


def check_format(run_dir: Path, data: Any) -> None:
    """BadInput, in one line, unless ``data`` (run.json) is a run directory this replay reads."""
    if not isinstance(data, dict) or data.get("format", FORMAT) != FORMAT:
        raise BadInput(f"{run_dir / RUN}: not a replay run; give a directory written by 'replay run'")
    version = data.get("version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
        # an edit, not an older replay's run (the line for one names OLD_PREPARED, which is not there)
        raise damaged(run_dir / RUN, f"format version {version!r} is not a number replay writes (1, 2, ...)")
    if version is None or version < OLDEST or (run_dir / OLD_PREPARED).exists():
        which = "no run format version" if version is None else f"run format {version}"  # was "run format None"
        raise BadInput(
            f"{run_dir}: written by an older replay ({which}, requests kept as {OLD_PREPARED}, "
            "which cannot be read without running code); re-run it with this replay"
        )
    if version > VERSION:
        raise BadInput(f"{run_dir}: written by a newer replay (run format {version}); upgrade replay to read it")


def write_scenario(run_dir: Path, source: str) -> str:
    """Write the scenario as run (SCENARIO) into ``run_dir``; the digest of its bytes (``"sha256:HEX"``),
    for run.json's ``scenario.as_run``."""
    data = source.encode("utf-8")
    _write_file(run_dir / SCENARIO, data, durable=True)  # the report's gates: a crash left it empty (H204)
    return _scenario_digest(data)


def check_scenario(run_dir: Path, data: bytes, as_run: str | None) -> None:
    """BadInput, in one line, unless ``data`` (``run_dir``'s SCENARIO) is what the run wrote, by ``as_run``
    (run.json's digest of it; None, a run of an older replay, is not checked). An emptied or edited copy was
    judged with the gates it was left with, none at all for an empty one: exit 0 for a run that had gates."""
    if as_run is not None and _scenario_digest(data) != as_run:
        raise BadInput(
            f"{run_dir / SCENARIO}: changed since the run (run.json keeps the digest of the scenario as run); "
            f"restore it, or judge with other gates: replay report {run_dir} --scenario FILE"
        )


def _scenario_digest(data: bytes) -> str:
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


def damaged(path: Path, why: str) -> BadInput:
    """The error for a file of a finished run that is not as the run wrote it."""
    return BadInput(f"{path}: {why}; the run directory is damaged: copy it whole from where it ran, or re-run")


def read_run_file(path: Path) -> bytes:
    """The bytes of a file a finished run wrote; a directory in its place is a damaged run directory (``damaged``).
    Why: the command line's words for it were a fix for a path the user named ('faults.json: Is a directory; name
    a file'), or Python's ('[Errno 21] Is a directory: ...'). Other errors (a permission, an I/O error) are the
    caller's to word, as any path's."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise _a_directory(path) from None


def run_file_there(path: Path) -> bool:
    """Whether the file a finished run wrote at ``path`` is there; a directory in its place is a damaged run directory,
    as ``read_run_file`` says. Why: results.jsonl made a directory was said to be missing ('copy the run directory
    whole'), as if the copy had left it out."""
    if path.is_dir():
        raise _a_directory(path)
    return path.is_file()


def _a_directory(path: Path) -> BadInput:
    return damaged(path, "a directory, where the run wrote a file")


def write_json(path: Path, obj: Any, indent: bool = False, durable: bool = False) -> None:
    """Write JSON atomically: a reader sees the old file or the new one, never half of one. ``durable``: on
    the disk before it replaces the old one (``sync``), so that a crash of the machine or of its file system
    leaves one whole version too (without it, ext4 left run.json empty or gone after one: H148)."""
    option = orjson.OPT_SERIALIZE_NUMPY | (orjson.OPT_INDENT_2 if indent else 0)
    _write_file(path, orjson.dumps(obj, option=option), durable)


def _write_file(path: Path, data: bytes, durable: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (``durable``: and on the disk, as ``write_json``)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        if durable:
            sync(tmp, directory=False)
        tmp.replace(path)
        if durable:
            sync(path.parent, directory=True)
    finally:
        tmp.unlink(missing_ok=True)


def sync(path: Path, directory: bool = False) -> None:
    """fsync ``path`` (a file, or a directory: its entries, a file renamed into it among them)."""
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
