"""Shared fixtures: a real HTTP server on 127.0.0.1, a way to run the real CLI, and ``wait_until`` for
readiness (tests wait for a condition, never for a fixed time)."""

from __future__ import annotations

import contextlib
import http.server
import io
import os
import re
import socketserver
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import orjson
import pytest
from hypothesis import settings

from replay.console import forget_warnings
from replay.util.eventstream import EVENTSTREAM_TYPE, encode_frame
from tests import scheduling

# Property tests draw the same examples every run: a suite that passes on one checkout passes on the next (a random
# draw once found, in CI, an input the redactor rightly keeps, and failed a clean checkout by chance).
settings.register_profile("replay", derandomize=True)
settings.load_profile("replay")

# Under PYTHONDONTWRITEBYTECODE (CI's and the agents' shells) every process the suite starts (mitmdump with replay's
# addons, a runner, the CLI, a demo service: hundreds) compiled replay's modules afresh, and each xdist worker
# rewrote every test module's asserts again: a sixth of the CPU of the process-heavy tests. Bytecode writing is on
# again, for this process from here on and for the xdist workers and every process they start, which inherit it.
# In the tree's __pycache__ (ignored by git), not under a PYTHONPYCACHEPREFIX: a prefix is where Python then reads
# every module's bytecode from, so the bytecode pip compiled into site-packages went unread and a fresh checkout (as
# CI's is) compiled mitmproxy, locust, numpy and the client SDKs again: ~4.5 CPU-s a process kind, 53 against 42
# CPU-s over five CLI test files run cold.
os.environ["PYTHONDONTWRITEBYTECODE"] = ""
sys.dont_write_bytecode = False

BINARY = bytes(range(256)) * 4
T = TypeVar("T")

# Tests whose assertions depend on the machine's timing (latency windows, a step's clock, sends in a window)
# or that load it heavily run one after another on one xdist worker: scripts/test runs the suite with -n,
# and pyproject's addopts choose --dist loadgroup. Other tests run beside them.
TIMING = pytest.mark.xdist_group(scheduling.TIMING)
# Tests whose share of late rows another worker's load upsets (a stop of the whole machine told apart from the
# generator's lateness, the demo's steps) run last, with every other worker idle (tests/scheduling.py).
ALONE = pytest.mark.xdist_group(scheduling.ALONE)


def one_worker(name: str) -> pytest.MarkDecorator:
    """The tests that share a costly module- or session-scoped fixture (a mitmdump, the demo's services, a judged
    run) in one group, ``name``, on one worker, which sets the fixture up once. Ungrouped, --dist loadgroup hands
    the tests out one at a time to whichever worker is free, and every worker set the fixture up again: three
    times its CPU at -n 3."""
    return pytest.mark.xdist_group(name)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> scheduling.AloneLast | None:
    return scheduling.AloneLast(config, log) if config.getvalue("dist") == "loadgroup" else None


_UNGROUPED = pytest.StashKey[bool]()
_yielded = False  # whether this worker has lowered the other workers' priority (scheduling.yield_cores)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In an xdist worker under --dist loadgroup: the end-to-end tests first, and a note on the TIMING and ALONE
    tests whose group did not take (xdist marks a grouped test by a suffix on its node id, which pytest 9.2
    silently drops: pytest-xdist#1386).

    The scheduler hands tests out in this order (after the TIMING group, the largest unit). The e2e tests are the
    long ones (5-70 s, mostly waiting on a step's clock); in file order the longest of them (tests/report, then
    tests/runner) came last, and a worker ran one for up to a minute while the other, done, sat idle. Long ones
    first and thousands of short unit tests after them leave the two workers' ends a second or so apart."""
    if getattr(config.option, "loadgroup", False):
        items.sort(key=lambda item: item.get_closest_marker("e2e") is None)  # stable: file order within each
        for item in items:
            if item.get_closest_marker("xdist_group") and "@" not in item.nodeid:
                item.stash[_UNGROUPED] = True


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Failing here, not at collection, is what shows the reason: xdist hides a worker's collection errors.
    if item.stash.get(_UNGROUPED, False):
        pytest.fail(
            "xdist did not group this test with its xdist_group (pytest-xdist#1386): install the versions "
            "pyproject.toml's test extra names, or run with -n 0",
            pytrace=False,
        )
    global _yielded
    if not _yielded and item.nodeid.endswith(f"@{scheduling.TIMING}") and os.environ.get("PYTEST_XDIST_WORKER"):
        _yielded = True
        scheduling.yield_cores()
    # A test starts as a command does (replay.cli.main): every warning may be given, whatever an earlier test
    # in this process said (replay.console.warn says each once)
    forget_warnings()


# An Ollama /api/chat stream whose answer spells an email over two lines (the capture must redact it).
NDJSON_LINES = [
    {"model": "llama3.2", "message": {"role": "assistant", "content": "Write to jo.doe@"}, "done": False},
    {"model": "llama3.2", "message": {"role": "assistant", "content": "mail.com today."}, "done": False},
    {"model": "llama3.2", "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": "stop"},
]
# A Bedrock ConverseStream's events as AWS event stream frames (``replay.util.eventstream``)
CONVERSE_EVENTS = [
    ("messageStart", {"role": "assistant"}),
    ("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "Hi"}}),
    ("messageStop", {"stopReason": "end_turn"}),
]
_FRAMES = b"".join(
    encode_frame({":event-type": k, ":content-type": "application/json", ":message-type": "event"}, orjson.dumps(v))
    for k, v in CONVERSE_EVENTS
)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        if self.path.startswith("/sse"):
            self._stream("text/event-stream", [f'event: tick\ndata: {{"n": {i}}}\n\n'.encode() for i in range(5)])
        elif self.path.startswith("/ndjson"):
            self._stream("application/x-ndjson", [orjson.dumps(line) + b"\n" for line in NDJSON_LINES], 0.1)
        elif self.path.startswith("/bin"):
            self._send(200, BINARY, "application/octet-stream")
        elif self.path.startswith("/converse-stream"):  # the frames whole, with their length
            self._send(200, _FRAMES, EVENTSTREAM_TYPE)
        else:
            self._send(200, orjson.dumps({"path": self.path}), "application/json")

    def _stream(self, ctype: str, chunks: list[bytes], gap: float = 0.2) -> None:
        """Each chunk sent and flushed ``gap`` s after the last, the connection closed at the end."""
        self.send_response(200)
        self.send_header("content-type", ctype)
        self.send_header("cache-control", "no-cache")
        self.send_header("connection", "close")
        self.end_headers()
        for chunk in chunks:
            self.wfile.write(chunk)
            self.wfile.flush()
            time.sleep(gap)
        self.close_connection = True

    def do_POST(self) -> None:
        self.server.hits.append(self.path)
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        self._send(200, orjson.dumps({"path": self.path, "echo": body.decode("utf-8", "replace")}), "application/json")


class QuietServer(http.server.ThreadingHTTPServer):
    """A test upstream whose clients may hang up on purpose (a proxy's cut, a client giving up): no traceback for
    that; any other handler error still prints."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Server(QuietServer):
    hits: list[str]


@dataclass
class Upstream:
    url: str
    server: _Server = field(repr=False)

    @property
    def hits(self) -> list[str]:
        return self.server.hits


S = TypeVar("S", bound=socketserver.BaseServer)


@contextlib.contextmanager
def serving(server: S) -> Iterator[S]:
    """``server`` served on a thread meanwhile, then shut down and closed."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    """A real threaded HTTP server on 127.0.0.1: JSON echo, SSE (5 events 200 ms apart), NDJSON (3 lines
    100 ms apart), binary, an AWS event stream with its length."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.hits = []
    with serving(server):
        yield Upstream(f"http://127.0.0.1:{server.server_address[1]}", server)


def run_replay(*args: str, timeout: float = 60, **kw: object) -> subprocess.CompletedProcess[str]:
    """Run the real ``replay`` CLI in a child process."""
    return subprocess.run(
        [sys.executable, "-m", "replay", *args], capture_output=True, text=True, timeout=timeout, **kw
    )


def replay_here(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``replay ARGS`` by ``replay.cli.main`` in this process, for tests that check what a command wrote or
    said, not its process (an interpreter start and the imports saved): what it printed and its exit code;
    an exception escaping ``main`` is printed as Python would (a traceback), exit 1."""
    from replay.cli import main

    out, err = io.StringIO(), io.StringIO()
    where = contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext()
    with where, contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 1
        except Exception:
            traceback.print_exc(file=err)
            code = 1
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def assert_bad_input(proc: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit code 2 and exactly one line on stderr, naming what is wrong."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    # a Python exception's name says where the code broke, not what the user should fix
    assert not re.search(r"\b[A-Z][A-Za-z]*(Error|Exception)\b", lines[0]), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]


def wait_until(predicate: Callable[[], T], timeout: float = 10.0, what: str = "", interval: float = 0.02) -> T:
    """Poll ``predicate`` until it returns something truthy and return that; fail the test after ``timeout`` s.

    A fixed sleep is either too short on a busy machine (a flaky test) or too long on a quiet one (a slow
    suite); polling waits exactly as long as the condition takes."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:g} s for {what or predicate.__name__}; last value {value!r}")
        time.sleep(interval)
