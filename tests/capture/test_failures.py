"""Capture is all or loud: each way recording can fail, with real processes.

The writer killed, a full disk (a small tmpfs, or RLIMIT_FSIZE), a disk whose writes fail with EIO
(tests/eiofs.py), an output the OS refuses, the parent killed, mitmdump killed mid-stream: the exit
code is non-zero (3; 2 for an output refused before anything listens), the summary states the loss
in numbers, no process is left, and in the default mode no response a client received is missing
from the file.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import resource
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest

from replay.capture.proxy import CaptureOptions, start_capture
from replay.exchange.read import ReadStats, read_exchanges
from replay.util.procs import Children
from tests.conftest import Upstream, replay_here, wait_until
from tests.disks import small_tmpfs
from tests.eiofs import eio_mount

pytestmark = pytest.mark.e2e


def big_body(rng: random.Random) -> bytes:
    """~40 KB of made-up words, new each time (zstd cannot fold one into another): a few fill a small disk."""
    return " ".join(
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(6500)
    ).encode()


@dataclass
class Cli:
    proc: subprocess.Popen[str]
    url: str
    out: Path
    said: bytes = b""  # the stderr ``stderr_until`` read; ``finish`` puts it before the rest

    def stderr_until(self, text: str, timeout: float = 15) -> None:
        """Read the capture's stderr until ``text`` shows in it: the capture says what it saw once a second, and
        a test waits for the line, not a second and a half whatever it takes."""
        assert self.proc.stderr is not None
        fd = self.proc.stderr.fileno()  # read raw: the text wrapper's buffer stays empty for ``finish``
        deadline = time.monotonic() + timeout
        while text.encode() not in self.said:
            left = deadline - time.monotonic()
            chunk = os.read(fd, 65536) if left > 0 and select.select([fd], [], [], left)[0] else b""
            if not chunk:
                raise AssertionError(f"no {text!r} on stderr in {timeout:g} s: {self.said.decode()!r}")
            self.said += chunk

    def finish(self, timeout: float = 30) -> tuple[str, str]:
        try:
            stdout, stderr = self.proc.communicate(timeout=timeout)
            return stdout, self.said.decode() + stderr
        finally:
            self.proc.kill()
            self.proc.wait()


def start_cli(
    upstream: Upstream, out: Path, *extra: str, preexec: Callable[[], None] | None = None, tmp: Path | None = None
) -> Cli:
    """``replay capture`` as a user runs it (``tmp``: its system temp directory); one writer process
    unless ``extra`` says otherwise, whatever the machine's cores (the default)."""
    argv = [sys.executable, "-m", "replay", "capture", "--upstream", upstream.url, "--listen", "127.0.0.1:0"]
    if "--writers" not in extra:
        argv += ["--writers", "1"]
    env = {**os.environ, "TMPDIR": str(tmp)} if tmp is not None else None
    proc = subprocess.Popen(
        [*argv, "--out", str(out), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=preexec,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("listening on "):
        proc.kill()
        raise AssertionError(f"no listening line: {line!r} {proc.communicate()}")
    return Cli(proc, line.split()[2], out)


def processes_of(out: Path) -> list[psutil.Process]:
    """mitmdump and the writer of this capture (their command lines name its file)."""
    found = []
    for p in psutil.process_iter(["cmdline"]):
        with contextlib.suppress(psutil.Error):
            if any(str(out) in arg for arg in p.info["cmdline"] or []):
                found.append(p)
    return found


def writer_of(out: Path) -> psutil.Process:
    (w,) = [p for p in processes_of(out) if "replay.capture.writer" in p.info["cmdline"]]
    return w


def assert_gone(out: Path, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while processes_of(out) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not processes_of(out), [p.info["cmdline"][:4] for p in processes_of(out)]


@dataclass
class Load:
    """Client threads sending ``GET /load/N`` (or POSTs of big bodies) until stopped; ``seen`` holds
    the N of every 200 a client received."""

    url: str
    big: bool = False  # POST a big body (big_body) instead of a GET
    seen: set[int] = field(default_factory=set)
    stop: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    def start(self, clients: int = 3) -> Load:
        for k in range(clients):
            t = threading.Thread(target=self._client, args=(k, clients), daemon=True)
            t.start()
            self.threads.append(t)
        return self

    def _client(self, k: int, n: int) -> None:
        rng = random.Random(k)
        with httpx.Client(base_url=self.url, timeout=5) as c:
            for i in range(k, 1_000_000, n):
                if self.stop.is_set():
                    return
                try:
                    r = c.post(f"/load/{i}", content=big_body(rng)) if self.big else c.get(f"/load/{i}")
                except httpx.ConnectError:
                    return  # the proxy is gone (and its port may soon be another test's)
                except httpx.HTTPError:
                    continue  # a flow the proxy killed: not served
                if r.status_code == 200 and r.json().get("path") == f"/load/{i}":  # our upstream's answer
                    self.seen.add(i)

    def wait_for(self, n: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while len(self.seen) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.seen) >= n

    def end(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(10)


def captured(out: Path) -> set[int]:
    stats = ReadStats()
    got = {int(ex.request.url.rsplit("/", 1)[1]) for ex in read_exchanges(out, stats=stats)}
    assert stats.bad_lines == 0 and not stats.torn_tail, stats
    return got


def _error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith("replay: error:")]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_writer_killed_stops_the_proxy(upstream: Upstream, tmp_path: Path) -> None:
    """A stream its client had begun to get is in the loss (it was in no count: a stream the stop cut is recorded
    as far as it got only when the writer lives)."""
    out = tmp_path / "w.jsonl"
    cli = start_cli(upstream, out)
    load = Load(cli.url).start()
    began = threading.Event()

    def stream() -> None:
        with contextlib.suppress(httpx.HTTPError), httpx.stream("GET", f"{cli.url}/sse", timeout=20) as r:
            for _ in r.iter_lines():
                began.set()

    streaming = threading.Thread(target=stream, daemon=True)
    try:
        load.wait_for(30)
        writer = writer_of(out)
        streaming.start()
        assert began.wait(20)  # its first event: four more come over the next 0.8 s
        writer.kill()
        stdout, stderr = cli.finish()  # stops by itself: no signal from here
    finally:
        load.end()
        if streaming.ident is not None:
            streaming.join(20)
    assert cli.proc.returncode == 3, (stdout, stderr)
    line = _error_line(stderr)
    # the addon hears of it by the pipe's end ("exited") or a write into it failing ("is gone")
    assert re.search(r"capture failed: the writer process (exited|is gone) \((exit )?code -9\)", line), line
    assert "exchanges recorded" in line
    assert re.search(r"\b1 exchanges served to clients but NOT recorded", line), line  # the stream's start
    assert_gone(out)
    # Nothing else served unrecorded: every 200 a client got is in the file.
    assert load.seen and load.seen <= captured(out)
    with pytest.raises(httpx.ConnectError):
        httpx.get(cli.url + "/after")


def _mitmdump_of(procs: list[psutil.Process]) -> psutil.Process:
    (mitm,) = [p for p in procs if "mitmdump" in " ".join(p.info["cmdline"][:2])]
    return mitm


def _kill_mitmdump(procs: list[psutil.Process]) -> None:
    _mitmdump_of(procs).kill()


def _kill_the_sink_unheard(procs: list[psutil.Process]) -> None:
    """The sink killed with mitmdump stopped (SIGSTOP), then mitmdump killed: nobody heard the sink's end."""
    mitm = _mitmdump_of(procs)
    (sink,) = [p for p in procs if "sink" in p.info["cmdline"]]
    mitm.suspend()
    sink.kill()  # a zombie of mitmdump's, which never runs again to notice
    mitm.kill()


@pytest.mark.parametrize(
    ("kill", "said"),
    [
        (_kill_mitmdump, "mitmdump ended (killed by SIGKILL); 3 exchanges recorded; nothing served was lost"),
        (_kill_the_sink_unheard, "the sink process died before it could say what it wrote; 3 exchanges recorded;"),
    ],
    ids=["mitmdump", "sink-unheard"],
)
def test_a_capture_of_two_writers_killed_ends_by_itself(
    upstream: Upstream, tmp_path: Path, kill: Callable[[list[psutil.Process]], None], said: str
) -> None:
    """H220: 'replay capture --writers 2' whose mitmdump was killed went on (a second and more) before it ended;
    it ends by itself once its writers have drained, saying so with every exchange its clients got counted.
    H225: the summary is the sink's; a sink that died unheard (mitmdump gone first) was "the writer process", the
    name of one writer's capture. The exchanges are then counted from the file."""
    out = tmp_path / "m.jsonl"
    cli = start_cli(upstream, out, "--writers", "2")
    for i in range(3):
        assert httpx.get(f"{cli.url}/load/{i}", timeout=10).status_code == 200
    kill(processes_of(out))
    stdout, stderr = cli.finish()  # stops by itself: no signal from here
    assert cli.proc.returncode == 3, (stdout, stderr)
    assert f"capture failed: {said}" in _error_line(stderr)
    assert captured(out) == {0, 1, 2}
    assert_gone(out)


def test_handed_writer_killed_counts_what_was_served_unrecorded(upstream: Upstream, tmp_path: Path) -> None:
    """``--hold handed``: responses go on before their exchange is written, so a killed writer loses the
    ones in flight; every 200 a client got is in the file or in the count the error line gives."""
    out = tmp_path / "h.jsonl"
    cli = start_cli(upstream, out, "--hold", "handed")
    load = Load(cli.url).start()
    try:
        load.wait_for(30)
        writer_of(out).kill()
        stdout, stderr = cli.finish()  # stops by itself, as with the default hold
    finally:
        load.end()
    assert cli.proc.returncode == 3, (stdout, stderr)
    line = _error_line(stderr)
    assert re.search(r"capture failed: the writer process (exited|is gone) \((exit )?code -9\)", line), line
    m = re.search(r"(\d+) exchanges served to clients but NOT recorded", line)
    unrecorded = int(m.group(1)) if m else 0
    assert len(load.seen - captured(out)) <= unrecorded, (line, sorted(load.seen - captured(out)))
    assert_gone(out)


def test_writer_killed_passthrough_serves_on_and_counts(upstream: Upstream, tmp_path: Path) -> None:
    out = tmp_path / "p.jsonl"
    cli = start_cli(upstream, out, "--on-write-error", "passthrough")
    try:
        for i in range(5):
            assert httpx.get(f"{cli.url}/load/{i}").status_code == 200
        writer_of(out).kill()
        cli.stderr_until("capture is NOT recording")  # the addon has seen the writer go: what follows is unrecorded
        for i in range(5, 12):
            assert httpx.get(f"{cli.url}/load/{i}").status_code == 200  # served on, unrecorded
        cli.proc.send_signal(signal.SIGTERM)
        stdout, stderr = cli.finish()
    finally:
        cli.proc.kill()
    assert cli.proc.returncode == 3, (stdout, stderr)
    assert re.search(r"capture is NOT recording \(the writer process (exited|is gone) \((exit )?code -9\)\)", stderr)
    line = _error_line(stderr)
    assert "7 exchanges served to clients but NOT recorded" in line, line
    assert captured(out) == set(range(5))
    assert_gone(out)


def test_a_capture_whose_directory_is_removed_says_the_loss(upstream: Upstream, tmp_path: Path) -> None:
    """The capture's directory deleted while it records (a cleanup job, a wrong rm -rf): the writer wrote on into
    a file no one can open, and the capture ended 'captured 10 exchanges to DIR/c.jsonl', exit 0, no such file.
    Said as soon as it is seen, and the capture fails (exit 3) naming the loss."""
    out = tmp_path / "dir" / "c.jsonl"
    out.parent.mkdir()
    cli = start_cli(upstream, out)
    try:
        for i in range(3):
            assert httpx.get(f"{cli.url}/load/{i}").status_code == 200
        for p in out.parent.iterdir():
            p.unlink()
        out.parent.rmdir()
        assert httpx.get(f"{cli.url}/load/3").status_code == 200
        cli.stderr_until("was removed while the capture wrote it")  # the parent looks once a second
        cli.proc.send_signal(signal.SIGTERM)
        stdout, stderr = cli.finish()
    finally:
        cli.proc.kill()
    assert cli.proc.returncode == 3, (stdout, stderr)
    gone = f"{out} was removed while the capture wrote it: every exchange recorded in it is gone with it"
    assert f"replay: warning: {gone}; stop this capture" in stderr, stderr
    assert _error_line(stderr) == f"replay: error: capture failed: {gone}"
    assert_gone(out)


def _fills_up(upstream: Upstream, out: Path, preexec: Callable[[], None] | None, reason: str) -> None:
    """POST big bodies until the disk is full: the proxy stops, every 200 is in the file, which reads cleanly."""
    cli = start_cli(upstream, out, preexec=preexec)
    load = Load(cli.url, big=True).start(2)
    try:
        stdout, stderr = cli.finish(60)  # ends by itself once the disk is full
    finally:
        load.end()
    assert cli.proc.returncode == 3, (stdout, stderr)
    line = _error_line(stderr)
    assert f"capture failed: cannot write {out}: {reason}" in line, line
    got = captured(out)
    assert load.seen and load.seen <= got, (sorted(load.seen - got), len(got))
    assert f"captured {len(got)} exchanges" in stdout
    assert_gone(out)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1.1 MB tmpfs: a little over the 1 MiB free a capture needs to start (``replay.util.outputs.MIN_FREE``), full
    after about a dozen exchanges of a big body (the test is skipped where it cannot be mounted)."""
    with small_tmpfs(tmp_path / "disk", "1100k", "; the RLIMIT_FSIZE test covers this") as where:
        yield where


def test_full_disk_stops_the_proxy(upstream: Upstream, small_disk: Path) -> None:
    _fills_up(upstream, small_disk / "full.jsonl", None, "No space left on device")


def test_file_size_limit_stops_the_proxy(upstream: Upstream, tmp_path: Path) -> None:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))

    _fills_up(upstream, tmp_path / "limited.jsonl.zst", limit, "File too large")


@pytest.fixture
def failing_disk(tmp_path: Path) -> Iterator[Path]:
    """A disk whose writes fail with EIO once it holds 400 KB (tests/eiofs.py; skipped where FUSE cannot be
    mounted: no /dev/fuse or no right to mount, and so no unprivileged way to make write(2) answer EIO)."""
    with eio_mount(tmp_path / "eio", fail_after=400_000) as where:
        if where is None:
            pytest.skip("cannot mount a FUSE file system here")
        yield where


def test_io_error_stops_the_proxy(upstream: Upstream, failing_disk: Path) -> None:
    _fills_up(upstream, failing_disk / "eio.jsonl", None, "Input/output error")


def test_first_write_failing_serves_nothing(upstream: Upstream, tmp_path: Path) -> None:
    """A disk that fails at once: the first response is withheld, nothing is served, exit 3 with the numbers."""
    with eio_mount(tmp_path / "eio", fail_after=0) as where:
        if where is None:
            pytest.skip("cannot mount a FUSE file system here")
        out = where / "none.jsonl"
        cli = start_cli(upstream, out)
        r = None
        with contextlib.suppress(httpx.HTTPError):
            r = httpx.get(f"{cli.url}/load/1", timeout=10)
        stdout, stderr = cli.finish()
        assert cli.proc.returncode == 3, (stdout, stderr)
        line = _error_line(stderr)
        assert "cannot write" in line and "Input/output error" in line and "0 exchanges recorded" in line, line
        assert "1 responses withheld from clients because they could not be recorded" in line, line
        assert r is None or r.status_code != 200 or r.json().get("path") != "/load/1"  # not served
        assert_gone(out)
        assert captured(out) == set()


def test_a_failed_write_of_an_error_stops_the_proxy_by_itself(tmp_path: Path) -> None:
    """The first write fails, of an error the proxy recorded (the upstream refused: its client had the proxy's 502,
    which waits for no write). H255: the addon heard of a failed write only from a response waiting for it, and the
    proxy served on until 'replay capture' stopped it, STOP_GRACE (2 s) after the writer said it had failed."""
    with eio_mount(tmp_path / "eio", fail_after=0) as where, Children() as children:
        if where is None:
            pytest.skip("cannot mount a FUSE file system here")
        options = CaptureOptions(out=where / "e.jsonl", writers=1)
        proxy = start_capture(children, "http://127.0.0.1:9", ("127.0.0.1", 0), options)
        assert httpx.get(f"{proxy.url}/x", timeout=10).status_code == 502
        wait_until(lambda: not proxy.alive, 20, "the proxy to stop by itself")
        summary = proxy.stop()
    assert "Input/output error" in summary.failed and summary.exchanges == 0, summary
    # its client had the 502: served unrecorded, not "cut off unanswered by the stop"
    assert (summary.unrecorded, summary.cut_off) == (1, 0), summary


def test_unwritable_output_serves_nothing(upstream: Upstream, tmp_path: Path) -> None:
    """An output the OS refuses (here: under a file) is one line and exit 2 before anything listens."""
    (tmp_path / "file").write_text("a file, not a directory")
    out = tmp_path / "file" / "cap.jsonl"
    argv = ["capture", "--upstream", upstream.url, "--listen", "127.0.0.1:0"]
    proc = replay_here(*argv, "--out", str(out))  # in this process: what it says; refused before any child starts
    assert proc.returncode == 2 and proc.stdout == "", (proc.stdout, proc.stderr)  # never said it listens
    assert _error_line(proc.stderr).startswith(f"replay: error: --out {out}: Not a directory")
    assert not processes_of(out) and upstream.hits == []


def test_killed_parent_takes_its_children(upstream: Upstream, tmp_path: Path) -> None:
    """kill -9 of replay capture: mitmdump and the writer go too, nothing stays in the temp directory."""
    out, tmp = tmp_path / "orphan.jsonl", tmp_path / "tmp"
    tmp.mkdir()
    cli = start_cli(upstream, out, tmp=tmp)
    load = Load(cli.url).start()
    try:
        load.wait_for(20)
        assert len(processes_of(out)) == 3  # replay capture, mitmdump and its writer
        cli.proc.kill()
        cli.proc.wait()
        assert_gone(out)
    finally:
        load.end()
        cli.proc.kill()
    assert load.seen <= captured(out)
    assert not list(tmp.iterdir())  # no summary, ready file or log left behind


# Repetitions (a mitmdump each) and the streams of each; each stream meets its kill in its own one of REPS * STREAMS
# strata of the streams' second.
REPS, STREAMS = 4, 3


def test_sse_kill_loses_nothing_the_client_received(upstream: Upstream, tmp_path: Path) -> None:
    """mitmdump killed at a moment of three streams, 4 times: every event a client got is recorded.

    Each repetition needs a mitmdump of its own (a killed one serves no more), and starting one is
    most of a repetition's cost (about a CPU-second, with its writer); nothing else is spent: three
    streams, one kill, the writer's drain. The streams of a repetition start a third of their second
    apart, so one kill meets each at another moment: the moments are spread over the streams' second
    in twelve strata, a stream in each (a random moment in it), finer than the ten strata of ten
    mitmdumps whose three streams were killed at one moment. Two repetitions run at once, each into
    its own file."""
    with ThreadPoolExecutor(2) as pool:
        reps = list(pool.map(lambda k: _kill_mid_stream(upstream.url, tmp_path / f"sse-{k}.jsonl", k), range(REPS)))
    received = 0
    for out, got in reps:
        recorded = {ex.request.url.rsplit("/sse", 1)[1]: ex for ex in read_exchanges(out)}
        for path, data in got.items():
            if not data:
                continue  # killed before its first event: nothing received, nothing owed
            received += 1
            ex = recorded.get(path.rsplit("/sse", 1)[1])
            assert ex is not None and ex.stream is not None, path
            assert len(ex.stream.events) >= len(data), (path, data, ex.stream)
            body = ex.response.body.text if ex.response and ex.response.body else ""
            assert all(d in body for d in data), (path, data, body)
    assert received == REPS * STREAMS  # every stream of every repetition had begun when mitmdump was killed
    assert_gone(tmp_path)


def _kill_mid_stream(upstream: str, out: Path, rep: int) -> tuple[Path, dict[str, list[str]]]:
    """One repetition: a capture, three SSE streams through it, mitmdump killed at a random moment
    (seeded by ``rep``); returns the capture file and the events each stream's client received."""
    got: dict[str, list[str]] = {}
    stratum = 0.8 / (REPS * STREAMS)  # the streams' 5 events come over 0.8 s
    with Children() as children:
        proxy = start_capture(children, upstream, ("127.0.0.1", 0), CaptureOptions(out=out))
        threads = []
        # Stream k is killed in stratum rep + REPS * k: it starts REPS * k strata before stream 0, the last, and each
        # after a first event reached the stream before it, however long a busy machine took to get it there.
        for k in reversed(range(STREAMS)):
            path = f"/sse/{rep}/{k}"
            threads.append(threading.Thread(target=_stream, args=(proxy.url, path, got)))
            threads[-1].start()
            wait_until(lambda path=path: bool(got.get(path)), 30, f"a first event of {path}")
            time.sleep((REPS if k else rep + random.Random(rep).random()) * stratum)
        proxy.mitm.child.kill()
        for t in threads:
            t.join(10)
        assert proxy.mitm.announcements.wait_eof(20)  # the writer has drained the pipe and exited
    return out, got


def _stream(url: str, path: str, got: dict[str, list[str]]) -> None:
    data: list[str] = got.setdefault(path, [])
    with contextlib.suppress(httpx.HTTPError), httpx.stream("GET", url + path, timeout=5) as r:
        for line in r.iter_lines():
            if line.startswith("data:"):
                data.append(line)


@pytest.mark.parametrize("name", ["two.jsonl", "two.jsonl.zst"])
def test_a_second_writer_of_the_same_file_is_refused(upstream: Upstream, tmp_path: Path, name: str) -> None:
    """While a capture writes --out, a second capture (or ``import --append``) of the same file is refused in
    one line, before it listens: two zstd streams in one file read as corrupt, and its cut of a torn end
    would take the first's line being written. The first capture's exchanges all read back."""
    out = tmp_path / name
    first = start_cli(upstream, out)
    try:
        for i in range(5):
            assert httpx.get(f"{first.url}/ok?i={i}", timeout=10).status_code == 200
        argv = ["capture", "--upstream", upstream.url, "--listen", "127.0.0.1:0", "--out", str(out)]
        second = subprocess.run(
            [sys.executable, "-m", "replay", *argv],
            capture_output=True,
            text=True,
            timeout=60,
        )
        har = tmp_path / "one.har"
        assert replay_here("export", str(out), "--har", str(har)).returncode == 0
        appended = replay_here("import", str(har), "--out", str(out), "--append")
        for proc in (second, appended):
            assert proc.returncode == 2, proc
            assert proc.stderr.strip().splitlines() == [
                f"replay: error: --out {out}: another process is writing it (a capture or an import still running); "
                "choose another path, or stop that process first"
            ]
        assert httpx.get(f"{first.url}/ok?i=5", timeout=10).status_code == 200
        first.proc.send_signal(signal.SIGINT)
        _, err = first.finish()
    finally:
        first.proc.kill()
    assert first.proc.returncode == 0, err
    assert sorted(ex.request.url.rsplit("=", 1)[1] for ex in read_exchanges(out)) == [str(i) for i in range(6)]
    assert_gone(out)


def test_writer_killed_the_cut_bodies_written_are_counted(upstream: Upstream, tmp_path: Path) -> None:
    """The writer killed after bodies were recorded cut at the body cap: its summary never came, and the cut bodies
    were in no count (the file holds them, truncated). They are counted from the file; the exchanges the writer
    could not redact (never written) are said to be unknown."""
    out = tmp_path / "cut.jsonl"
    cli = start_cli(upstream, out, "--body-cap", "100")
    try:
        for i in range(3):
            assert httpx.post(f"{cli.url}/load/{i}", content=b"x" * 500).status_code == 200
        writer_of(out).kill()
        stdout, stderr = cli.finish()  # stops by itself
    finally:
        cli.proc.kill()
    assert cli.proc.returncode == 3, (stdout, stderr)
    assert "the file holds 3 exchanges" in stdout, stdout
    assert f"{out}: 3 request bodies longer than the body cap" in stderr, stderr
    assert f"{out}: 3 response bodies longer than the body cap" in stderr, stderr
    line = _error_line(stderr)
    assert "an unknown number of exchanges dropped as unredactable (the writer gave no summary)" in line, line
    assert_gone(out)
