"""The capture addon in a real mitmdump (reverse mode) in front of a real local server."""

from __future__ import annotations

import base64
import http.server
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import psutil
import pytest

from replay.capture.proxy import ADDON, CaptureOptions, CaptureProxy, CaptureSummary, start_capture
from replay.exchange.format import Exchange
from replay.exchange.read import ReadStats, read_exchanges
from replay.mitm.launch import ANNOUNCE, start_mitmdump
from replay.util.procs import Children
from tests.capture.h2upstream import self_signed
from tests.conftest import (
    BINARY,
    CONVERSE_EVENTS,
    NDJSON_LINES,
    Upstream,
    _Handler,
    _Server,
    one_worker,
    serving,
    wait_until,
)

pytestmark = pytest.mark.e2e


# The tests of a capture with default options: one capture (one mitmdump start) serves them all, what its client
# saw kept by ``default`` (tests.conftest.one_worker: one worker starts it)
DEFAULT = one_worker(f"{__name__}.default")
SECRET = "Bearer sk-live-0123456789abcdefSECRET"
# A header and a path in bytes that are not UTF-8 (a legacy client's Latin-1), an obs-folded line, a name given twice
LATIN1 = (
    b"GET /caf\xe9?mail=jane.doe@example.com HTTP/1.1\r\nHost: a\r\nX-Name: Ren\xe9e\r\n"
    b"X-Dup: 1\r\nX-Fold: first\r\n \tsecond\r\nx-dup: 2\r\n"
    b"X-Note: mail jane.doe@example.com, caf\xe9\r\nConnection: close\r\n\r\n"
)


@dataclass
class Default:
    """What the default capture's client saw, and what it recorded: its summary, its file, its exchanges."""

    saw: dict[str, Any]
    summary: CaptureSummary
    out: Path
    records: list[Exchange]

    def one(self, marker: str) -> Exchange:
        """The one exchange whose URL holds ``marker``."""
        (ex,) = [ex for ex in self.records if marker in ex.request.url]
        return ex


@pytest.fixture(scope="module")
def default(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Default]:
    out = tmp_path_factory.mktemp("default") / "cap.jsonl"
    saw: dict[str, Any] = {}
    with serving(_Server(("127.0.0.1", 0), _Handler)) as server, Children() as children:
        server.hits = []
        upstream = f"http://127.0.0.1:{server.server_port}"
        proxy = start_capture(children, upstream, ("127.0.0.1", 0), CaptureOptions(out=out))
        payload = {"messages": [{"role": "user", "content": "mail me at alice.smith@corp-mail.com"}], "n": 1}
        saw["chat"] = httpx.post(f"{proxy.url}/v1/chat?x=1", json=payload, headers={"Authorization": SECRET})
        # An event nested as deep as JSON parsers go: the redactor failed on it, and it was dropped (tests/redact)
        deep = b"data: " + b"[" * 1000 + b'"mail bob.jones@corp-mail.com"' + b"]" * 1000 + b"\n\n"
        saw["deep"] = httpx.post(f"{proxy.url}/deep", content=deep, headers={"content-type": "text/event-stream"})
        saw["sse"] = []
        with httpx.stream("GET", f"{proxy.url}/sse") as r:
            for line in r.iter_lines():
                if line.startswith("data:"):
                    saw["sse"].append(time.monotonic())
        saw["converse"] = httpx.get(f"{proxy.url}/converse-stream")
        with httpx.stream("GET", f"{proxy.url}/ndjson") as r:
            saw["ndjson"] = [orjson.loads(line) for line in r.iter_lines() if line]
        saw["bin"] = httpx.get(f"{proxy.url}/bin").content
        host, port = proxy.url.rsplit("/", 1)[1].rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=30) as s:
            s.sendall(LATIN1)
            saw["latin1"] = b""
            while data := s.recv(65536):
                saw["latin1"] += data
        summary = proxy.stop()
    yield Default(saw, summary, out, list(read_exchanges(out)))


@DEFAULT
def test_every_exchange_is_recorded_and_counted(default: Default) -> None:
    paths = ["/v1/chat?x=1", "/deep", "/sse", "/converse-stream", "/ndjson", "/bin", "/café?mail="]
    got = ["/" + ex.request.url.split("/", 3)[3] for ex in default.records]  # in the order sent
    assert len(got) == len(paths) and all(g.startswith(p) for g, p in zip(got, paths, strict=True)), got
    s = default.summary
    assert (s.exchanges, s.unredactable) == (len(paths), 0) and not s.failed, s


@DEFAULT
def test_json_round_trip_and_redaction(default: Default) -> None:
    assert default.saw["chat"].status_code == 200 and default.saw["deep"].is_success
    raw = default.out.read_bytes()
    assert b"sk-live-0123456789abcdefSECRET" not in raw
    assert b"alice.smith" not in raw and b"corp-mail.com" not in raw and b"bob.jones" not in raw
    ex = default.one("/v1/chat")
    assert ex.request.method == "POST" and ex.request.url.endswith("/v1/chat?x=1")
    sent = orjson.loads(ex.request.body.to_bytes())
    assert sent["n"] == 1 and sent["messages"][0]["content"].startswith("mail me at user-")
    assert ex.response is not None and ex.response.status == 200
    assert orjson.loads(ex.response.body.to_bytes())["path"] == "/v1/chat?x=1"
    assert dict(ex.request.headers)["Authorization"] != SECRET
    assert ex.redactions["email"] == 2 and sum(ex.redactions.values()) >= 3
    assert 0 < ex.timings.ttfb <= ex.timings.total


@DEFAULT
def test_sse_streams_through_and_is_recorded(default: Default) -> None:
    """SSE events recorded with their arrival times; an AWS event stream sent with its length is a stream too (it
    was recorded as a body alone)."""
    arrivals = default.saw["sse"]
    assert len(arrivals) == 5
    # Streamed through: events arrive spread out, not all at once when the response ends.
    assert arrivals[-1] - arrivals[0] > 0.6
    assert arrivals[1] - arrivals[0] > 0.1
    assert default.saw["converse"].status_code == 200
    frames = default.one("/converse-stream")
    assert frames.stream is not None and frames.stream.kind == "eventstream"
    assert [e.event for e in frames.stream.events] == [k for k, _ in CONVERSE_EVENTS]
    ex = default.one("/sse")
    assert ex.stream is not None and ex.stream.kind == "sse"
    assert len(ex.stream.events) == 5 and [e.event for e in ex.stream.events] == ["tick"] * 5
    assert ex.stream.first_event is not None and ex.stream.first_event < 0.15
    assert ex.stream.events[-1].t - ex.stream.events[0].t > 0.6
    assert ex.response.body.text.count("data:") == 5


@DEFAULT
def test_an_ndjson_stream_is_recorded_line_by_line_and_redacted(default: Default) -> None:
    """Ollama's NDJSON: each line an event with its arrival time; an email split over two lines is caught."""
    assert default.saw["ndjson"] == NDJSON_LINES  # the client gets the stream unredacted, as the model sent it
    ex = default.one("/ndjson")
    assert ex.stream is not None and ex.stream.kind == "ndjson" and len(ex.stream.events) == 3
    assert ex.stream.events[-1].t - ex.stream.events[0].t > 0.15
    lines = [orjson.loads(line) for line in ex.response.body.text.splitlines()]
    said = "".join(line["message"]["content"] for line in lines)
    assert len(lines) == 3 and lines[-1]["done"] and "jo.doe" not in said and ex.redactions["email"] == 1


@DEFAULT
def test_binary_body_is_dropped_by_default(default: Default) -> None:
    """Binary bodies cannot be scanned for secrets, so by default none is written."""
    assert default.saw["bin"] == BINARY
    ex = default.one("/bin")
    assert ex.response.body.text == "" and ex.response.body.size == len(BINARY)
    assert ex.redactions["binary_body"] == 1


def test_binary_body_kept_as_base64_by_policy(upstream: Upstream, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('binary = "keep"\n')
    opts = CaptureOptions(out=tmp_path / "b.jsonl", redact_policy=policy)
    with Children() as children:
        proxy = start_capture(children, upstream.url, ("127.0.0.1", 0), opts)
        assert httpx.get(f"{proxy.url}/bin").content == BINARY
        proxy.stop()
    (ex,) = read_exchanges(opts.out)
    assert ex.response.body.encoding == "base64"
    assert base64.b64decode(ex.response.body.text) == BINARY


@DEFAULT
def test_a_request_not_in_utf8_is_recorded(default: Default) -> None:
    """Header and path bytes that are not UTF-8 (a legacy client's Latin-1) are recorded read as Latin-1,
    redacted like any text; they could not be handed to the writer before, and the exchange was served
    but neither recorded nor counted (the count: ``test_every_exchange_is_recorded_and_counted``). Fields stay as
    mitmproxy holds them: an obs-folded line joined to its field (CRLF and a space), a name given twice kept twice
    in its place, in its own case."""
    assert default.saw["latin1"].startswith(b"HTTP/1.1 200")
    assert b"jane.doe" not in default.out.read_bytes()
    ex = default.one("/café?")
    headers = dict(ex.request.headers)
    assert headers["X-Name"] == "Renée" and headers["X-Note"].endswith(", café") and "/café?" in ex.request.url
    assert [(k, v) for k, v in ex.request.headers if k.lower() in ("x-dup", "x-fold")] == [
        ("X-Dup", "1"),
        ("X-Fold", "first\r\n second"),
        ("x-dup", "2"),
    ]


def test_error_is_recorded(tmp_path: Path) -> None:
    with Children() as children:
        # Nothing listens on the upstream port: the proxy answers 502 and records the error.
        proxy = start_capture(
            children, "http://127.0.0.1:9", ("127.0.0.1", 0), CaptureOptions(out=tmp_path / "e.jsonl")
        )
        assert httpx.get(f"{proxy.url}/x").status_code == 502
        proxy.stop()
    (ex,) = read_exchanges(tmp_path / "e.jsonl")
    assert ex.response is None and ex.error


def test_include_exclude_filters(upstream: Upstream, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    opts = CaptureOptions(out=out, include=("~u /api/",), exclude=("~u /api/health",))
    with Children() as children:
        proxy = start_capture(children, upstream.url, ("127.0.0.1", 0), opts)
        for path in ("/api/a", "/api/health", "/other"):
            httpx.get(proxy.url + path)
        summary = proxy.stop()
    assert [ex.request.url.rsplit("/", 2)[-2:] for ex in read_exchanges(out)] == [["api", "a"]]
    assert (summary.exchanges, summary.filtered) == (1, 2)  # the summary says what the filters passed


@pytest.mark.parametrize("hold", ["written", "handed"])
def test_sigkill_loses_nothing_the_client_saw(upstream: Upstream, tmp_path: Path, hold: str) -> None:
    out = tmp_path / "k.jsonl.zst"
    seen: set[int] = set()
    stop = threading.Event()
    with Children() as children:
        proxy = start_capture(children, upstream.url, ("127.0.0.1", 0), CaptureOptions(out=out, hold=hold))

        def client(k: int) -> None:
            with httpx.Client(base_url=proxy.url, timeout=2) as c:
                for i in range(k, 100_000, 4):
                    if stop.is_set():
                        return
                    try:
                        if c.get(f"/load/{i}").status_code == 200:
                            seen.add(i)
                    except httpx.HTTPError:
                        return

        threads = [threading.Thread(target=client, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        wait_until(lambda: len(seen) >= 100, 30, "100 answered requests")  # mitmdump dies under load
        proxy.mitm.child.kill()
        stop.set()
        for t in threads:
            t.join(5)
        # said without the empty tail of what it never printed ("mitmdump exited with code -9: ; ...")
        assert proxy.stop().failed == "mitmdump ended (killed by SIGKILL)"
    # The writer outlives mitmdump: it drains what was handed over, writes it and exits.
    wait_until(lambda: not _writers_of(out), 10, "the writer to exit")
    assert len(seen) > 50
    stats = ReadStats()
    captured = {int(ex.request.url.rsplit("/", 1)[1]) for ex in read_exchanges(out, stats=stats)}
    assert seen <= captured, (sorted(seen - captured), len(captured), max(captured), stats)


def test_a_mitmdump_stopped_by_a_signal_of_its_own_is_said_without_its_traceback(
    upstream: Upstream, tmp_path: Path
) -> None:
    """A SIGTERM sent to mitmdump, not to 'replay capture': the capture failed 'mitmdump ended (exit code 0): File
    ".../asyncio/tasks.py", line 535, in _wait | await waiter | asyncio.exceptions.CancelledError' (H174)."""
    with Children() as children:
        proxy = start_capture(children, upstream.url, ("127.0.0.1", 0), CaptureOptions(out=tmp_path / "c.jsonl"))
        assert httpx.get(f"{proxy.url}/load/1").status_code == 200
        proxy.mitm.child.proc.terminate()
        wait_until(lambda: not proxy.alive, 10, "mitmdump to stop")
        failed = proxy.stop().failed
    assert failed.startswith("mitmdump stopped on its own (exit code 0: a signal sent to it, not to 'replay"), failed
    assert "Error" not in failed and "File" not in failed


def test_handed_responses_do_not_wait_for_the_writer(upstream: Upstream, tmp_path: Path) -> None:
    """With the writer stopped (SIGSTOP), a held response waits for it; a handed one goes on, and its
    exchange is written once the writer runs again."""
    for hold in ("written", "handed"):
        out = tmp_path / f"{hold}.jsonl"
        with Children() as children:
            opts = CaptureOptions(out=out, hold=hold, writers=1)
            proxy = start_capture(children, upstream.url, ("127.0.0.1", 0), opts)
            assert httpx.get(f"{proxy.url}/load/1").status_code == 200  # the writer has started and answered
            (writer,) = _writers_of(out)
            writer.suspend()
            try:
                if hold == "written":
                    with pytest.raises(httpx.ReadTimeout):
                        httpx.get(f"{proxy.url}/load/2", timeout=1.0)
                else:
                    assert httpx.get(f"{proxy.url}/load/2", timeout=30).status_code == 200
            finally:
                writer.resume()
            proxy.stop()
        assert [ex.request.url.rsplit("/", 1)[1] for ex in read_exchanges(out)] == ["1", "2"]


def _writers_of(out: Path) -> list[psutil.Process]:
    found = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = p.info["cmdline"] or []
        if "replay.capture.writer" in cmd and str(out) in cmd:
            found.append(p)
    return found


def _tls_server(tmp_path: Path) -> http.server.ThreadingHTTPServer:
    """An HTTPS chat-completions upstream on 127.0.0.1 with a self-signed certificate (made here)."""
    pem = self_signed(tmp_path)

    class Chat(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            message = {"role": "assistant", "content": "I wrote to jane.doe@corp-mail.com"}
            body = orjson.dumps(
                {"object": "chat.completion", "choices": [{"message": message, "finish_reason": "stop"}]}
            )
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Chat)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(pem)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    return server


def test_a_forward_proxy_records_an_sdk_over_https(tmp_path: Path) -> None:
    """The README's other mode: the addon in a plain forward proxy, a client SDK sending HTTPS through it
    (HTTPS_PROXY, trusting mitmproxy's CA), the upstream's own certificate self-signed: recorded, redacted."""
    import openai

    server = _tls_server(tmp_path)
    out = tmp_path / "fwd.jsonl"
    options = CaptureOptions(out=out)
    with serving(server), Children() as children:
        mitm = start_mitmdump(
            children,
            "mitmdump (forward capture)",
            "regular",
            ("127.0.0.1", 0),
            scripts=[ADDON],
            options={**options.mitm_options(), "capture_status": ANNOUNCE, "confdir": tmp_path, "ssl_insecure": True},
        )
        proxy = CaptureProxy(mitm, options, "")
        ca = tmp_path / "mitmproxy-ca-cert.pem"  # written by mitmdump at its start
        with httpx.Client(proxy=mitm.url, verify=ssl.create_default_context(cafile=ca)) as http_client:
            client = openai.OpenAI(
                api_key="sk-proj-Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5Js",
                base_url=f"https://127.0.0.1:{server.server_address[1]}/v1",
                http_client=http_client,
                max_retries=0,
            )
            got = client.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "mail bob.smith@corp-mail.com"}]
            )
        assert got.choices[0].message.content == "I wrote to jane.doe@corp-mail.com"
        summary = proxy.stop()
    assert summary.exchanges == 1 and not summary.failed
    raw = out.read_bytes()
    assert b"corp-mail.com" not in raw and b"Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5Js" not in raw
    (ex,) = read_exchanges(out)
    assert ex.request.url.startswith("https://127.0.0.1:") and ex.request.url.endswith("/v1/chat/completions")
    assert ex.response is not None and ex.response.status == 200


class _LongStream(http.server.BaseHTTPRequestHandler):
    """An SSE answer of 20 events of ~80 bytes, sent as the model sends them: one chunk an event."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for i in range(20):
            event = f'event: delta\ndata: {{"i": {i}, "text": "{"x" * 50}"}}\n\n'.encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(event), event))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args: object) -> None:
        pass


def test_a_stream_past_the_body_cap_says_what_it_did_not_record(tmp_path: Path) -> None:
    """The events after the cap were lost without a word: the record held 3 of 20 events, its size the only sign.
    Now the record says what came past the cap (bytes, events), and the summary adds them up (a pool of writers:
    through the result frames to the sink)."""
    opts = CaptureOptions(out=tmp_path / "cap.jsonl", body_cap=256, writers=2)
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), _LongStream)) as server, Children() as children:
        proxy = start_capture(children, f"http://127.0.0.1:{server.server_address[1]}", ("127.0.0.1", 0), opts)
        with httpx.stream("GET", f"{proxy.url}/v1/stream") as r:
            assert sum(line.startswith("data:") for line in r.iter_lines()) == 20
        summary = proxy.stop()
    (ex,) = read_exchanges(opts.out)
    body, past = ex.response.body, ex.meta["past_cap"]
    assert body.truncated and len(body.to_bytes()) == 256 and body.size == 256 + past["bytes"]
    # 91 bytes an event: 2 recorded in full, the third cut by the cap (recorded in part, counted past it), 17 after.
    assert len(ex.stream.events) == 3 and past == {"cap": 256, "bytes": body.size - 256, "events": 18}
    assert (summary.past_cap, summary.past_cap_bytes, summary.past_cap_events) == (1, past["bytes"], 18)
