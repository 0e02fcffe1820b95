"""Exchanges that break off, through one real ``replay capture``: the record holds what the client got, and says who
broke it off; the summary counts them.

One capture (module-scoped: one mitmdump start) in front of a raw HTTP/1 upstream that breaks each answer its own way;
raw-socket clients that give up their own ways. mitmproxy 11 has no timeout of its own short of ten idle minutes: an
upstream slower than its clients is met by the clients giving up; the last test shortens that timeout to meet it.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import signal
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from replay.capture.proxy import ADDON, CaptureOptions, CaptureProxy
from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.mitm.launch import ANNOUNCE, start_mitmdump
from replay.shape.inspect import inspect_capture
from replay.util.procs import Children
from tests.capture.test_failures import start_cli
from tests.capture.test_odd_http import _send
from tests.conftest import Upstream, _Server, one_worker, serving, wait_until

pytestmark = [pytest.mark.e2e, one_worker(__name__)]

SHORT = "HTTP/1 protocol error: peer closed connection without sending complete message body"
EVENT = b'data: {"choices":[{"delta":{"content":"Hello"}}]}\n\n'
HANG_GUARD = 30.0  # seconds an upstream waits for the proxy to hang up on it: a hang's bound, not a duration


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


class _Breaking(http.server.BaseHTTPRequestHandler):
    """An upstream that breaks off each answer as its path says; the server keeps what each request got there."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _reset(self) -> None:
        """An RST, not a FIN: the socket closed with unread or unsent data dropped (SO_LINGER 0)."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def _end(self) -> None:
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def do_POST(self) -> None:
        self.server.got[self.path] = len(self.rfile.read(int(self.headers["Content-Length"])))  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def do_GET(self) -> None:
        self.server.got[self.path] = 0  # type: ignore[attr-defined]
        head = b"HTTP/1.1 200 OK\r\nContent-Type: %s\r\n%s\r\n"
        if self.path == "/reset-mid-body":
            self.wfile.write(head % (b"application/json", b"Content-Length: 100\r\n") + b'{"answer": "He')
            self._reset()
        elif self.path == "/short-body":  # a Content-Length larger than what is sent, then the end
            self.wfile.write(head % (b"text/plain", b"Content-Length: 100\r\n") + b"hello")
            self._end()
        elif self.path == "/big-answer":  # longer than the body cap: recorded cut
            self.wfile.write(head % (b"text/plain", b"Content-Length: 300\r\n") + b"z" * 300)
        elif self.path == "/closed":
            self._end()
        elif self.path in ("/chunked-cut", "/llm-cut"):
            llm = self.path == "/llm-cut"
            self.wfile.write(head % (b"text/event-stream" if llm else b"text/plain", b"Transfer-Encoding: chunked\r\n"))
            for _ in range(2):
                self.wfile.write(_chunk(EVENT if llm else b"hello"))
                self.wfile.flush()
                time.sleep(0.05)
            self._reset()
        elif self.path == "/slow":  # slower than its client, whatever the machine's load: it answers once hung up on
            self.connection.settimeout(HANG_GUARD)
            with contextlib.suppress(OSError):
                self.rfile.read(1)  # b"" once the proxy has closed this connection: its client had gone
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        elif self.path == "/long-stream":
            self.wfile.write(head % (b"text/event-stream", b"Transfer-Encoding: chunked\r\n"))
            try:
                for i in range(40):
                    self.wfile.write(_chunk(b"data: %d\n\n" % i))
                    self.wfile.flush()
                    time.sleep(0.05)
                self.wfile.write(b"0\r\n\r\n")
                self.server.got[self.path] = "sent whole"  # type: ignore[attr-defined]
            except OSError as e:  # the proxy closed the stream: its client had gone
                self.server.got[self.path] = type(e).__name__  # type: ignore[attr-defined]


@dataclass
class Broken:
    saw: dict[str, bytes]  # what each client got back
    got: dict[str, object]  # what reached the upstream, by path
    records: list[Exchange]
    proc: subprocess.CompletedProcess[str]
    out: Path
    by_path: dict[str, Exchange] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_path = {ex.request.url.split("/", 3)[3]: ex for ex in self.records}


def _give_up(url: str, data: bytes, after: float, read: int = 0) -> bytes:
    """Send ``data``, read ``read`` bytes at most (none: do not wait for any), and leave after ``after`` s."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(data)
        got = s.recv(read) if read else b""
        time.sleep(after)
        return got


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broken]:
    out = tmp_path_factory.mktemp("broken") / "cap.jsonl"
    server = _Server(("127.0.0.1", 0), _Breaking)
    server.got = {}  # type: ignore[attr-defined]
    with serving(server):
        cli = start_cli(Upstream(f"http://127.0.0.1:{server.server_port}", server), out, "--body-cap", "128")
        try:
            saw = {
                path: _send(cli.url, f"GET /{path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                for path in ("reset-mid-body", "short-body", "closed", "chunked-cut", "llm-cut")
            }
            post = b"POST /%s HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\nConnection: close\r\n\r\n"
            saw["half-sent"] = _give_up(cli.url, post % b"half-sent" + b"x" * 40, 0.1)
            saw["big"] = _send(cli.url, post % b"big" + b"y" * 200)
            packed = gzip.compress(b"y" * 1000)  # 1000 bytes once decoded, under the cap of 128 on the wire
            gz = b"POST /gz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Encoding: gzip\r\n"
            saw["gz"] = _send(cli.url, gz + b"Content-Length: %d\r\n\r\n" % len(packed) + packed)
            saw["big-answer"] = _send(cli.url, b"GET /big-answer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            saw["slow"] = _give_up(cli.url, b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n", 0.1)
            saw["long-stream"] = _give_up(cli.url, b"GET /long-stream HTTP/1.1\r\nHost: x\r\n\r\n", 0.2, 4096)
            # the long stream's upstream finds its client gone (or sends it whole: the test says so)
            wait_until(lambda: server.got.get("/long-stream", 0) != 0, HANG_GUARD, "the long stream's end upstream")  # type: ignore[attr-defined]
            cli.proc.send_signal(signal.SIGINT)
        finally:
            stdout, stderr = cli.finish()
    proc = subprocess.CompletedProcess([], cli.proc.returncode, stdout, stderr)
    yield Broken(saw, dict(server.got), list(read_exchanges(out)), proc, out)  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["reset-mid-body", "short-body"])
def test_an_answer_broken_off_before_the_client_got_it_is_recorded_as_the_proxys_502(broken: Broken, path: str) -> None:
    """The upstream's 200 head came, its body never came whole: the client got mitmproxy's 502, and the record kept
    the 200 with the error, read as production's 200 by inspect, sample, the judge's baseline and HAR. The record now
    holds no response (as for an upstream that never answered), the upstream's head in meta.upstream_response."""
    assert broken.saw[path].startswith(b"HTTP/1.1 502 Bad Gateway")
    ex = broken.by_path[path]
    assert ex.response is None and ex.error is not None and ex.error.startswith(SHORT) and ex.timings.ttfb is None
    assert ex.meta["upstream_response"]["status"] == 200 and "client_aborted" not in ex.meta


def test_an_upstream_closed_before_any_answer_is_unanswered(broken: Broken) -> None:
    assert broken.saw["closed"].startswith(b"HTTP/1.1 502 Bad Gateway")
    ex = broken.by_path["closed"]
    assert ex.response is None and ex.error == "server closed connection" and "upstream_response" not in ex.meta


@pytest.mark.parametrize("path", ["chunked-cut", "llm-cut"])
def test_a_stream_cut_by_the_upstream_is_recorded_as_far_as_it_came_and_incomplete(broken: Broken, path: str) -> None:
    """A chunked answer passes on as it comes: its client got the 200 and the chunks, then the connection's end. The
    record keeps them (an LLM's events so far) with the error, and says the answer is not whole."""
    assert broken.saw[path].startswith(b"HTTP/1.1 200 OK") and not broken.saw[path].endswith(b"0\r\n\r\n")
    ex = broken.by_path[path]
    assert ex.response is not None and ex.response.status == 200 and ex.error and ex.error.startswith(SHORT)
    assert ex.meta["response_incomplete"] is True and "client_aborted" not in ex.meta
    assert ex.stream is not None and ex.stream.chunks == 2
    sent = EVENT if path == "llm-cut" else b"hello"
    assert ex.response.body is not None and ex.response.body.to_bytes() == sent * 2
    assert "4 answers broken off by the upstream before their end" in broken.proc.stderr  # these and the two above


def test_a_client_that_leaves_its_request_half_sent_is_recorded_so(broken: Broken) -> None:
    """The upstream gets nothing; the record says the request never came whole (sample never draws it) and that its
    client gave up: it was counted as nothing at all."""
    assert "/half-sent" not in broken.got
    ex = broken.by_path["half-sent"]
    assert ex.response is None and ex.meta["client_aborted"] is True and ex.meta["request_incomplete"] is True


def test_a_client_that_gives_up_on_a_slow_upstream_is_not_the_upstreams_fault(broken: Broken) -> None:
    """It was counted as unanswered, as if the upstream had failed ('check that --upstream is right and up')."""
    ex = broken.by_path["slow"]
    assert ex.response is None and ex.error == "Client disconnected." and ex.meta == ex.meta | {"client_aborted": True}
    assert "request_incomplete" not in ex.meta


def test_a_client_that_leaves_mid_stream_is_recorded_as_far_as_it_got(broken: Broken) -> None:
    assert broken.saw["long-stream"].startswith(b"HTTP/1.1 200 OK")
    assert broken.got["/long-stream"] in ("BrokenPipeError", "ConnectionResetError")  # the upstream was told
    ex = broken.by_path["long-stream"]
    assert ex.response is not None and ex.stream is not None and 1 <= len(ex.stream.events) < 40
    assert ex.meta["client_aborted"] is True and ex.meta["response_incomplete"] is True
    assert "3 exchanges their clients gave up on" in broken.proc.stderr


def test_a_request_body_past_the_cap_is_recorded_cut_and_counted(broken: Broken) -> None:
    assert broken.got["/big"] == 200 and broken.saw["big"].startswith(b"HTTP/1.1 200 OK")  # the upstream got it whole
    body = broken.by_path["big"].request.body
    assert body is not None and body.truncated and body.size == 200 and len(body.to_bytes()) == 128
    assert broken.proc.returncode == 0 and f"captured {len(broken.records)} exchanges" in broken.proc.stdout
    assert len(broken.records) == 11  # every request made one


def test_bodies_cut_at_the_cap_are_counted_as_inspect_counts_them(broken: Broken) -> None:
    """A compressed request body short on the wire but past the cap once decoded is recorded cut: it was not counted
    (the count was of raw bytes). A response body cut at the cap was counted nowhere. The summary says both as
    ``replay inspect`` counts them from the records, and the request its client never sent whole apart."""
    gz = broken.by_path["gz"].request.body
    assert gz is not None and gz.truncated and len(gz.to_bytes()) == 128
    answer = broken.by_path["big-answer"].response
    assert answer is not None and answer.body is not None and answer.body.truncated and answer.body.size == 300
    err = broken.proc.stderr
    assert "2 request bodies longer than the body cap (--body-cap), decoded where compressed, recorded cut" in err
    assert "1 request bodies never sent whole by their clients (meta.request_incomplete)" in err
    assert "1 response bodies longer than the body cap (--body-cap), recorded cut" in err
    assert inspect_capture(broken.out).cut == {"request": 2 + 1, "response": 1}


def test_an_upstream_slower_than_mitmproxys_idle_timeout_is_the_proxys_failure(tmp_path: Path) -> None:
    """mitmproxy's one timeout (ten minutes without a byte either way; 0.3 s here) closes the client's connection, no
    answer sent, and the flow reads 'Client disconnected.': it was recorded as a client that had given up. It is the
    proxy failing its client (without it the client would have waited): recorded so and counted (the CLI exits 3)."""
    server = _Server(("127.0.0.1", 0), _Breaking)
    server.got = {}  # type: ignore[attr-defined]
    opts = CaptureOptions(out=tmp_path / "cap.jsonl", writers=1)
    with serving(server), Children() as children:
        scripts = [Path(__file__).with_name("short_timeout.py"), ADDON]
        mode = f"reverse:http://127.0.0.1:{server.server_port}"
        mitm = start_mitmdump(
            children, "mitmdump", mode, ("127.0.0.1", 0), scripts, {**opts.mitm_options(), "capture_status": ANNOUNCE}
        )
        assert _send(mitm.url, b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n") == b""  # closed, no answer
        summary = CaptureProxy(mitm, opts, "").stop()
    (ex,) = read_exchanges(opts.out)
    assert ex.response is None and "client_aborted" not in ex.meta
    assert ex.error == f"mitmproxy failed on its own error: {summary.dropped_why}; then: Client disconnected."
    assert summary.dropped == 1 and summary.dropped_why == "its idle timeout closed the client's connection (0.3 s)"
    assert summary.client_aborted == 0
