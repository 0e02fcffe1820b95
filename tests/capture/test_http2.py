"""The capture addon over HTTP/2: a real mitmdump between a bare h2 client and an h2-only TLS upstream.

One reverse-mode capture and one upstream serve the module; each test finds its own exchanges by their path.
"""

from __future__ import annotations

import socket
import socketserver
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import h2.errors as h2errors
import httpx
import orjson
import pytest

from replay.capture.proxy import ADDON, H2C_REFUSED, CaptureOptions, CaptureProxy
from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.mitm.launch import ANNOUNCE, start_mitmdump
from replay.util.procs import Children
from tests.capture.h2upstream import GRPC_BODY, H2Client, H2Upstream
from tests.conftest import one_worker, serving, wait_until

pytestmark = [pytest.mark.e2e, one_worker(__name__)]

SECRET = "sk-proj-Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5Js"
CHAT = orjson.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": "mail bob.smith@corp-mail.com"}]})
JSON = ("content-type", "application/json")


@dataclass
class H2Capture:
    proxy: CaptureProxy
    upstream: H2Upstream
    confdir: Path

    def client(self, via: bool = False) -> H2Client:
        """A new h2 connection to the upstream: to the reverse proxy, or (``via``) through it as a forward proxy."""
        ctx = ssl.create_default_context(cafile=self.confdir / "mitmproxy-ca-cert.pem")
        if via:
            return H2Client("127.0.0.1", self.upstream.port, ctx, via=(self.proxy.mitm.host, self.proxy.mitm.port))
        return H2Client("127.0.0.1", self.proxy.mitm.port, ctx)

    def records(self, path: str, n: int = 1) -> list[Exchange]:
        """The ``n`` exchanges recorded whose URL holds ``path``, once written (a response goes out only once its
        exchange is written; an error's record may come a little after)."""

        def found() -> list[Exchange] | None:
            got = [ex for ex in read_exchanges(self.proxy.options.out) if path in ex.request.url]
            return got if len(got) >= n else None

        got = wait_until(found, 10, f"{n} exchanges of {path}")
        assert len(got) == n, [ex.request.url for ex in got]
        return got


def _capture(children: Children, mode: str, upstream: H2Upstream, where: Path, **options: object) -> H2Capture:
    """mitmdump with the capture addon (one writer), trusting the upstream's self-signed certificate as
    ``replay capture --upstream-ca`` does (mitmproxy refused it: no option said otherwise), its own CA in ``where``."""
    opts = CaptureOptions(out=where / "h2.jsonl", writers=1, upstream_ca=upstream.ca)
    mitm = start_mitmdump(
        children,
        "mitmdump (h2 capture)",
        mode,
        ("127.0.0.1", 0),
        scripts=[ADDON],
        options={**opts.mitm_options(), "capture_status": ANNOUNCE, "confdir": where, **options},
    )
    return H2Capture(CaptureProxy(mitm, opts, upstream.url), upstream, where)


@pytest.fixture(scope="module")
def h2(tmp_path_factory: pytest.TempPathFactory) -> Iterator[H2Capture]:
    """The capture as ``replay capture`` runs it (reverse mode, lazy connections) in front of an h2 upstream."""
    where = tmp_path_factory.mktemp("h2")
    with H2Upstream(where) as upstream, Children() as children:
        cap = _capture(children, f"reverse:{upstream.url}", upstream, where, connection_strategy="lazy")
        yield cap
        cap.proxy.stop()


def _chat(c: H2Client, path: str) -> dict[str, object]:
    cookies = [("cookie", "sid=s1"), ("cookie", "theme=dark")]  # HTTP/2 sends each cookie as a field of its own
    sid = c.open("POST", path, CHAT, [JSON, ("authorization", f"Bearer {SECRET}"), *cookies])
    c.until(lambda: c.answers[sid].ended)
    return orjson.loads(c.answers[sid].body)


def _check_chat(ex: Exchange) -> None:
    """Recorded once as HTTP/2 on both sides, redacted, and no pseudo-header among its headers."""
    assert ex.request.http_version == "HTTP/2.0" and ex.response is not None and ex.response.http_version == "HTTP/2.0"
    line = ex.to_json()
    assert SECRET.encode() not in line and b"corp-mail.com" not in line
    assert ex.redactions["email"] == 2 and ex.redactions["openai_key"] == 1
    assert not [k for k, _ in ex.request.headers + ex.response.headers if k.startswith(":")]
    assert [k for k, _ in ex.request.headers].count("cookie") == 2  # as they came: the runner joins them
    assert ex.response.status == 200 and ex.response.body is not None and "example.invalid" in ex.response.body.text


def test_a_chat_completion_over_h2_is_recorded_once_redacted_with_its_protocol(h2: H2Capture) -> None:
    c = h2.client()
    try:
        got = _chat(c, "/v1/chat/completions?case=reverse")
    finally:
        c.close()
    assert "jane.doe@corp-mail.com" in str(got)  # the client gets the answer as the upstream sent it
    (ex,) = h2.records("case=reverse")
    assert ex.request.url == f"{h2.upstream.url}/v1/chat/completions?case=reverse"
    _check_chat(ex)


RAW = b"\x00\x01 not HTTP\n"


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        while data := self.request.recv(4096):
            self.request.sendall(data)


def _raw_connect(host: str, port: int, to: int) -> bytes:
    """CONNECT through the proxy to ``to`` on loopback, then bytes that are neither TLS nor HTTP; what came back."""
    with socket.create_connection((host, port), timeout=10) as s:
        s.sendall(b"CONNECT 127.0.0.1:%d HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n" % (to, to))
        assert s.recv(4096).startswith(b"HTTP/1.1 200")
        s.sendall(RAW)
        return s.recv(4096)


def test_a_forward_proxy_records_h2_inside_connect(tmp_path: Path) -> None:
    """The README's forward proxy (CONNECT, then TLS and h2 inside the tunnel): recorded, and the counts at exit.
    An upstream whose certificate is not the one trusted (another self-signed one) is refused by the proxy: its
    client gets a 502 saying why, and the exchange is recorded with that error, counted unanswered. A CONNECT to a
    port that speaks no HTTP is passed through as raw TCP: counted, not recorded (it passed said nowhere)."""
    (tmp_path / "other").mkdir()
    with H2Upstream(tmp_path) as upstream, H2Upstream(tmp_path / "other") as untrusted, Children() as children:
        cap = _capture(children, "regular", upstream, tmp_path)
        c = cap.client(via=True)
        try:
            _chat(c, "/v1/chat/completions?case=forward")
        finally:
            c.close()
        ctx = ssl.create_default_context(cafile=tmp_path / "mitmproxy-ca-cert.pem")
        bad = H2Client("127.0.0.1", untrusted.port, ctx, via=(cap.proxy.mitm.host, cap.proxy.mitm.port))
        try:
            sid = bad.open("GET", "/v1/models?case=untrusted")
            bad.until(lambda: bad.answers[sid].ended)
        finally:
            bad.close()
        with serving(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)) as echo:  # a port that speaks no HTTP
            assert _raw_connect(cap.proxy.mitm.host, cap.proxy.mitm.port, echo.server_address[1]) == RAW
        summary = cap.proxy.stop()
    assert summary.tcp_passed == 1  # passed on, counted, not recorded
    assert bad.answers[sid].headers[":status"] == "502" and b"Certificate verify failed" in bad.answers[sid].body
    assert (summary.exchanges, summary.unanswered, summary.losses()) == (2, 1, "")
    assert summary.last_error == "Certificate verify failed: self-signed certificate"
    ex, refused = read_exchanges(cap.proxy.options.out)
    assert ex.request.url == f"{upstream.url}/v1/chat/completions?case=forward"
    _check_chat(ex)
    assert refused.response is None and refused.error == summary.last_error and not untrusted.requests


def test_streams_on_one_connection_each_recorded_apart_and_a_reset_one_as_far_as_it_got(h2: H2Capture) -> None:
    """An SSE answer of 30 DATA frames, a stream the client resets mid-answer (RST_STREAM, as a browser's abort or
    a gRPC cancel), then 20 requests at once, all on one connection: every exchange recorded, none mixed with
    another; the reset one with what its client got and the reset as its error, at once (not when the connection
    ends), as an HTTP/1.1 client's disconnect is; the upstream is told (its stream reset too)."""
    made = h2.upstream.connections
    c = h2.client()
    try:
        whole = c.open("GET", "/sse?events=30&gap_ms=5&case=whole")
        c.until(lambda: c.answers[whole].ended)
        cut = c.open("GET", "/sse?events=500&gap_ms=20&case=cut")
        c.until(lambda: c.answers[cut].frames >= 4)
        c.reset(cut)
        (ex,) = h2.records("case=cut")  # while the connection is still open
        many = [c.open("POST", f"/echo/{i}?case=many", orjson.dumps({"i": i}), [JSON]) for i in range(20)]
        c.until(lambda: all(c.answers[s].ended for s in many))
    finally:
        c.close()
    assert h2.upstream.connections == made + 1  # one to the upstream too: mitmproxy multiplexed the streams on it
    assert ex.error == "stream reset by client (CANCEL)" and ex.response is not None and ex.stream is not None
    assert ex.meta["client_aborted"] is True and ex.meta["response_incomplete"] is True
    assert 4 <= len(ex.stream.events) < 500 and ex.response.body is not None
    assert ex.response.body.text.count("data: ") == len(ex.stream.events)
    assert wait_until(lambda: h2.upstream.reset, 10, "the upstream's stream reset")
    (full,) = h2.records("case=whole")
    assert full.error is None and full.stream is not None and len(full.stream.events) == 31  # and [DONE]
    assert full.response is not None and full.response.body is not None
    assert full.response.body.text == bytes(c.answers[whole].body).decode()
    echoed = h2.records("case=many", 20)
    for ex in echoed:
        i = orjson.loads(ex.request.body.to_bytes())["i"] if ex.request.body else None
        assert ex.request.url.endswith(f"/echo/{i}?case=many")
        assert ex.response is not None and ex.response.body is not None
        assert orjson.loads(ex.response.body.to_bytes())["echo"] == f'{{"i":{i}}}'


def test_a_stream_the_upstream_resets_is_recorded_as_the_upstreams_doing(h2: H2Capture) -> None:
    """An upstream's RST_STREAM mid-answer: mitmproxy says 'stream reset by client (INTERNAL_ERROR)' of a reset by
    either peer. The record keeps the events its client got, says the answer is not whole, and names the upstream."""
    c = h2.client()
    try:
        sid = c.open("GET", "/reset?case=upstream-reset")
        c.until(lambda: c.answers[sid].ended)
    finally:
        c.close()
    (ex,) = h2.records("case=upstream-reset")
    assert ex.error == "stream reset by the upstream (INTERNAL_ERROR)" and ex.meta["response_incomplete"] is True
    assert "client_aborted" not in ex.meta and ex.response is not None and ex.response.status == 200
    assert ex.stream is not None and len(ex.stream.events) == 1


def test_a_resets_side_is_known_whatever_its_code(h2: H2Capture) -> None:
    """mitmproxy names the client for a reset from either peer; the side is read where mitmproxy knows it (which
    connection's protocol error ended the flow), not guessed from the code: an upstream that resets with CANCEL (as a
    gRPC server passing on its own caller's cancel does) is the upstream's doing, and a client that resets with
    INTERNAL_ERROR (a client's own failure) has gone away."""
    c = h2.client()
    try:
        up = c.open("GET", "/reset?case=upstream-cancel&code=CANCEL")
        c.until(lambda: c.answers[up].ended)
        cut = c.open("GET", "/sse?events=500&gap_ms=20&case=client-internal")
        c.until(lambda: c.answers[cut].frames >= 3)
        c.reset(cut, h2errors.ErrorCodes.INTERNAL_ERROR)
        (theirs,) = h2.records("case=client-internal")
    finally:
        c.close()
    (ours,) = h2.records("case=upstream-cancel")
    assert ours.error == "stream reset by the upstream (CANCEL)" and "client_aborted" not in ours.meta
    assert ours.meta["response_incomplete"] is True
    assert theirs.error == "stream reset by client (INTERNAL_ERROR)" and theirs.meta["client_aborted"] is True
    assert "reset_side_guessed" not in ours.meta and "reset_side_guessed" not in theirs.meta


def test_trailers_are_recorded_redacted_and_a_grpc_body_is_binary(h2: H2Capture) -> None:
    """HTTP/2 trailers after a JSON answer, and a gRPC call's (grpc-status): recorded after the body, redacted as
    headers are; a gRPC body is binary however its bytes decode: dropped, counted, never written as text."""
    c = h2.client()
    try:
        t = c.open("GET", "/trailers?case=json")
        grpc = [("content-type", "application/grpc"), ("te", "trailers")]
        g = c.open("POST", "/grpc?case=grpc", b"\x00\x00\x00\x00\x05\x0a\x03abc", grpc)
        c.until(lambda: c.answers[t].ended and c.answers[g].ended)
    finally:
        c.close()
    assert c.answers[g].trailers == {"grpc-status": "0", "grpc-message": "OK"}  # the client got them
    assert bytes(c.answers[g].body) == GRPC_BODY
    (ex,) = h2.records("case=json")
    assert ex.response is not None and dict(ex.response.trailers)["x-usage"] == "tokens=42"
    debug = dict(ex.response.trailers)["x-debug"]
    assert debug.startswith("answered user-") and "corp-mail" not in debug and ex.redactions["email"] == 2
    (call,) = h2.records("case=grpc")
    assert call.response is not None and call.response.trailers == [("grpc-status", "0"), ("grpc-message", "OK")]
    assert call.redactions["binary_body"] == 2
    assert call.meta["binary_bodies"] == {"request": "dropped", "response": "dropped"}
    assert call.request.body is not None and call.request.body.text == "" and call.request.body.size == 10
    call.id = ""  # a random UUID: "babc59ff-..." holds the body's bytes by chance
    assert b"abc" not in call.to_json()


def test_http2_without_tls_is_counted_and_said_not_recorded(h2: H2Capture) -> None:
    """A client speaking HTTP/2 in cleartext (prior knowledge: gRPC without TLS) is refused by mitmproxy 11; the
    capture recorded that as an exchange 'PRI' ended 'Connection killed.', counted as unanswered."""
    with pytest.raises(httpx.HTTPError), httpx.Client(http1=False, http2=True, timeout=10) as client:
        client.get(f"http://127.0.0.1:{h2.proxy.mitm.port}/v1/models?case=h2c")
    said = wait_until(lambda: (s := h2.proxy.poll(0.2)).h2c_refused and s, 10, "the refusal counted")
    assert said.h2c_refused == 1 and said.unanswered == 0 and H2C_REFUSED in said.losses()
    assert not [ex for ex in read_exchanges(h2.proxy.options.out) if ex.request.method == "PRI"]


def test_a_grpc_server_stream_passes_through_as_it_comes(h2: H2Capture) -> None:
    """An HTTP/2 answer with no length is HTTP/2's chunked one: a gRPC server stream's first message reaches the
    client while the upstream holds the next (it was held whole until the stream's end, as mitmproxy does with a
    body it is not told to stream), and the call is recorded as a stream with its trailers, its body dropped."""
    c = h2.client()
    try:
        sid = c.open("POST", "/grpc-stream?case=stream", GRPC_BODY, [("content-type", "application/grpc")])
        c.until(lambda: c.answers[sid].frames >= 1)
        first, ended = bytes(c.answers[sid].body), c.answers[sid].ended
        h2.upstream.release.set()
        c.until(lambda: c.answers[sid].ended)
    finally:
        h2.upstream.release.clear()
        c.close()
    assert (first, ended) == (GRPC_BODY, False)  # the second message had not been sent yet
    assert bytes(c.answers[sid].body) == GRPC_BODY * 2 and c.answers[sid].trailers == {"grpc-status": "0"}
    (ex,) = h2.records("case=stream")
    assert ex.stream is not None and ex.stream.kind == "chunked" and ex.stream.chunks == 2
    assert ex.response is not None and ex.response.trailers == [("grpc-status", "0")]
    assert ex.response.body is not None and ex.response.body.text == "" and ex.redactions["binary_body"] == 2
