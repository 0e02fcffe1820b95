"""Odd but real HTTP/1 through one real ``replay capture``: what its clients saw is recorded or counted.

Raw sockets send what httpx will not (a bad request line, a bad Content-Length, trailers). One capture serves
every case (module-scoped: one mitmdump start); the tests read what its client saw, its file and its summary.
"""

from __future__ import annotations

import http.server
import signal
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from tests.capture.test_failures import start_cli
from tests.conftest import Upstream, _Server, one_worker, serving

pytestmark = [pytest.mark.e2e, one_worker(__name__)]

CRASH = "mitmproxy failed on its own error: NotImplementedError: HTTP trailers are not implemented yet."
ODD = {
    "bad line": b"HELLO THERE\r\n\r\n",
    "bad length": b"POST /bad-length HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nxyz",
    "connect": b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
    "request trailers": b"POST /trailers HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"5;ext=1\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n",
    "plain": b"GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
}


class _Odd(http.server.BaseHTTPRequestHandler):
    """An upstream whose /trailers answer ends its chunked body with a trailer; any other path, a short 200."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path == "/early-hints":
            self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n")
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")
        elif self.path == "/trailers":
            self.wfile.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n"
                b"\r\n5\r\nhello\r\n0\r\nX-Checksum: 1\r\n\r\n"
            )
        else:
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Odd:
    saw: dict[str, bytes]  # what each client got back, all of it
    records: list[Exchange]
    proc: subprocess.CompletedProcess[str]


def _send(url: str, data: bytes, until: bytes = b"", said_all: bool = False) -> bytes:
    """``data`` on a new connection to the proxy, then what came back until it closed (or ``until`` came);
    ``said_all``: the client closes its side once sent (a proxy that will not answer then closes too)."""
    host, port = url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=20) as s:
        s.sendall(data)
        if said_all:
            s.shutdown(socket.SHUT_WR)
        got = b""
        while (chunk := s.recv(65536)) and not (until and until in got + chunk):
            got += chunk
        return got + chunk


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Odd]:
    out = tmp_path_factory.mktemp("odd") / "cap.jsonl"
    with serving(_Server(("127.0.0.1", 0), _Odd)) as server:
        cli = start_cli(Upstream(f"http://127.0.0.1:{server.server_port}", server), out)
        try:
            saw = {"early hints": _send(cli.url, b"GET /early-hints HTTP/1.1\r\nHost: x\r\n\r\n", until=b"\r\n\r\n")}
            saw |= {name: _send(cli.url, data, said_all=name == "request trailers") for name, data in ODD.items()}
            # Its client reads the body, waits for the end that never comes, and leaves.
            saw["response trailers"] = _send(cli.url, b"GET /trailers HTTP/1.1\r\nHost: x\r\n\r\n", until=b"hello")
            cli.proc.send_signal(signal.SIGINT)
        finally:
            stdout, stderr = cli.finish()
    yield Odd(saw, list(read_exchanges(out)), subprocess.CompletedProcess([], cli.proc.returncode, stdout, stderr))


def _method(ex: Exchange) -> str:
    return ex.request.method


def _record(odd: Odd, path: str) -> Exchange:
    (ex,) = [ex for ex in odd.records if ex.request.url.endswith(path)]
    return ex


def test_malformed_requests_are_refused_and_counted(odd: Odd) -> None:
    """mitmproxy answers a request it will not forward with a 400: one it could not read as a request made no
    exchange and was said nowhere; one it read was recorded as if the upstream had not answered ("check that
    --upstream is right and up"). Each is now counted as refused, those it read recorded with the reason."""
    for name in ("bad line", "bad length", "connect"):
        assert odd.saw[name].startswith(b"HTTP/1.1 400 Bad Request"), name
    assert (
        "3 malformed requests refused by the proxy with a 400, never sent upstream (2 recorded with the reason; "
        "1 could not be read as requests, nothing to record)" in odd.proc.stderr
    )
    bad = _record(odd, "/bad-length")
    assert bad.response is None and bad.error and "invalid content-length" in bad.error
    assert "ended without an answer" not in odd.proc.stderr


def test_trailers_that_mitmproxy_fails_on_are_recorded_with_its_error_and_fail_the_capture(odd: Odd) -> None:
    """Trailers after a chunked body crash mitmproxy 11's HTTP/1 reader: a request's client got nothing, and
    nothing was recorded or counted (exit 0); a response's client got the body without its end, recorded as if
    the client had left. Both are recorded with mitmproxy's error, and the capture fails (exit 3): the clients
    would have had their answers without it."""
    assert odd.saw["request trailers"] == b""
    got, posted = sorted((ex for ex in odd.records if ex.request.url.endswith("/trailers")), key=_method)
    assert posted.request.method == "POST" and posted.response is None and posted.error == CRASH
    assert got.response is not None and got.response.status == 200 and got.error and got.error.startswith(CRASH)
    assert odd.saw["response trailers"].startswith(b"HTTP/1.1 200 OK") and b"hello" in odd.saw["response trailers"]
    assert odd.proc.returncode == 3, odd.proc.stderr
    assert "capture failed: 3 exchanges mitmproxy failed on its own error" in odd.proc.stderr  # and early hints
    assert "(NotImplementedError: HTTP trailers are not implemented yet., the last)" in odd.proc.stderr


def test_early_hints_that_mitmproxy_takes_for_the_answer_fail_the_capture(odd: Odd) -> None:
    """mitmproxy 11 takes a 103 Early Hints as the final response and drops the answer after it: its client got
    only the 103, which is what the file holds; that the proxy failed it was said nowhere (exit 0)."""
    assert odd.saw["early hints"].startswith(b"HTTP/1.1 103 Early Hints")
    hints = _record(odd, "/early-hints")
    assert hints.response is not None and hints.response.status == 103
    assert odd.proc.returncode == 3, odd.proc.stderr


def test_the_plain_exchange_beside_them_is_recorded(odd: Odd) -> None:
    assert odd.saw["plain"].startswith(b"HTTP/1.1 200 OK")
    assert _record(odd, "/ok").response is not None
    assert f"captured {len(odd.records)} exchanges" in odd.proc.stdout
    assert len(odd.records) == 6  # early hints, bad length, connect, two trailers, plain: the bad line made none
