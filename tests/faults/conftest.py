"""A real upstream for the fault proxy (JSON, an OpenAI-style SSE stream, Bedrock's event stream, a large body) and
the proxy in front of it, both on 127.0.0.1; the proxy's profiles hold every fault type, most only set off by
header."""

from __future__ import annotations

import gzip
import http.server
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import brotli
import orjson
import pytest
import zstandard

from replay.config.faults import parse_profiles
from replay.faults.decide import Injector
from replay.faults.proxy import FaultProxy, start_fault_proxy
from replay.util.eventstream import EVENTSTREAM_TYPE, encode_frame
from replay.util.procs import Children
from tests.conftest import QuietServer, serving

PROFILES = """
seed = 11

[[profiles]]
name = "forced"        # probability 0: only x-replay-fault sets these off
rules = [
  { type = "latency", delay = "400ms", probability = 0 },
  { type = "error", name = "ratelimit", status = 429, retry_after = "2s", probability = 0 },
  { type = "error", name = "overloaded", status = 529, shape = "anthropic", probability = 0 },
  { type = "error", name = "plain", status = 502, shape = "plain", message = "bad gateway", probability = 0 },
  { type = "reset", probability = 0 },
  { type = "hang", cap = "600ms", probability = 0 },
  { type = "hang", name = "long_hang", cap = "60s", probability = 0 },  # its client gives up first, whatever the load
  { type = "stream_delay", delay = "500ms", probability = 0 },
  { type = "stream_stall", after = 2, delay = "600ms", probability = 0 },
  { type = "stream_stall", name = "long_stall", after = 1, delay = "2s", probability = 0 },
  { type = "stream_truncate", after = 3, probability = 0 },
  { type = "stream_truncate", name = "cut", after = 3, abrupt = true, probability = 0 },
  { type = "stream_error", after = 2, probability = 0 },
  { type = "stream_error", name = "anthropic_error", after = 1, shape = "anthropic", probability = 0 },
  { type = "throttle", bytes_per_s = 20000, probability = 0 },
]

[[profiles]]
name = "flaky"
rules = [{ type = "error", status = 503, probability = 0.3 }]

[[profiles]]
name = "slow"
rules = [{ type = "latency", delay = "200ms", jitter = "50ms", path = "/json*" }]
"""


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    wbufsize = 1 << 16  # head and body in one write: no Nagle and delayed-ACK wait between them

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.hits += 1  # type: ignore[attr-defined]
        coding = q.get("coding", "")  # the body under this content-encoding, as a gateway compresses it
        if url.path in ("/sse", "/ndjson"):
            fail = int(q["fail"]) if "fail" in q else None
            gate = self.server.gate if "gated" in q else None  # type: ignore[attr-defined]
            self._stream(url.path == "/ndjson", int(q.get("n", 6)), float(q.get("gap", 0.05)), fail, coding, gate)
        elif url.path == "/converse-stream":
            self._frames(int(q["fail"]) if "fail" in q else None, "length" in q)
        elif url.path == "/drop":  # a dependency that fails: the connection closed, no answer
            self.close_connection = True
        elif url.path == "/big":
            self._send(b"x" * int(q.get("size", 20000)), "application/octet-stream")
        elif url.path == "/said-error":  # an OpenAI-compatible gateway's error body under 200, by itself
            error = orjson.dumps({"error": {"message": "upstream failed", "type": "server_error"}})
            self._send(error, "application/json", "chunked" in q, coding)
        else:
            self._send(orjson.dumps({"path": url.path}), "application/json", "chunked" in q, coding)

    do_POST = do_GET

    def _send(self, body: bytes, ctype: str, chunked: bool = False, coding: str = "") -> None:
        """``body`` with its length, or (``chunked``) in chunks of 7 bytes with none, as a gateway relays a body; under
        ``coding``, compressed whole, or chunk by chunk (each flushed) as it is relayed."""
        self.send_response(200)
        self.send_header("content-type", ctype)
        parts = [body[i : i + 7] for i in range(0, len(body), 7)] if chunked else [body]
        if coding:
            self.send_header("content-encoding", coding)
            parts = Encoder(coding).parts(parts) if chunked else [Encoder(coding).whole(body)]
        self._relay(parts, not chunked)

    def _relay(self, parts: list[bytes], length: bool) -> None:
        """The head's end, then ``parts``: joined, with their length, or each a chunk of the chunked coding."""
        if length:
            body = b"".join(parts)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        self._chunks(parts)

    def _chunks(self, parts: list[bytes]) -> None:
        """Each part a chunk of the chunked coding, written by itself, then the last chunk."""
        for part in [*parts, b""]:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.flush()

    def _stream(
        self,
        ndjson: bool,
        n: int,
        gap: float,
        fail: int | None = None,
        coding: str = "",
        gate: threading.Event | None = None,
    ) -> None:
        """n OpenAI-style chunks ``gap`` s apart, then [DONE]; or (``ndjson``) n Ollama /api/chat lines, then
        its ``"done": true`` line. The connection closes after. ``fail``: after that many, the API's own error
        event (Anthropic's ``event: error``, split across two writes; Ollama's error line) ends the stream.
        ``coding``: compressed as it goes, each write flushed (a gateway compressing an event stream). ``gate``:
        the end waits until it is set (the test says when the call is over)."""
        self.send_response(200)
        self.send_header("content-type", "application/x-ndjson" if ndjson else "text/event-stream")
        if coding:
            self.send_header("content-encoding", coding)
        self.send_header("connection", "close")
        self.end_headers()
        self.wfile.flush()
        enc = Encoder(coding) if coding else None

        def write(data: bytes) -> None:
            self.wfile.write(enc.part(data) if enc else data)
            self.wfile.flush()

        for i in range(n):
            if i == fail:
                error = b'{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'
                for part in (
                    (b'{"error":"model runner stopped"}\n',) if ndjson else (b"event: err", b"or\ndata: " + error)
                ):
                    write(part)
                    time.sleep(gap)
                write(b"" if ndjson else b"\n\n")
                break
            if ndjson:
                line = {"model": "llama3.2", "message": {"role": "assistant", "content": f"w{i}"}, "done": False}
                write(orjson.dumps(line) + b"\n")
            else:
                chunk = {"object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": f"w{i}"}}]}
                write(b"data: " + orjson.dumps(chunk) + b"\n\n")
            time.sleep(gap)
        else:
            if gate is not None:
                gate.wait(30)
            write(b'{"model":"llama3.2","done":true,"done_reason":"stop"}\n' if ndjson else b"data: [DONE]\n\n")
        if enc:
            self.wfile.write(enc.end())
        self.close_connection = True

    def _frames(self, fail: int | None, length: bool = False) -> None:
        """Bedrock's ConverseStream answer, chunked as the service sends it: its event frames (encoded by
        ``replay.util.eventstream``, which tests/util/test_eventstream.py holds to botocore's decoder: botocore has
        no encoder), one a write. ``fail``: after that many, a ``throttlingException`` message, split across two
        writes inside the word, ends the stream. ``length``: the frames whole, with their length (as a gateway that
        buffered the stream relays it)."""
        self.send_response(200)
        self.send_header("content-type", EVENTSTREAM_TYPE)
        deltas = [("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": w}}) for w in ("No ", "error")]
        said = [("messageStart", {"role": "assistant"}), *deltas, ("messageStop", {"stopReason": "end_turn"})]
        parts = [
            encode_frame(
                {":event-type": k, ":content-type": "application/json", ":message-type": "event"}, orjson.dumps(v)
            )
            for k, v in said
        ]
        if fail is not None:
            error = {
                ":exception-type": "throttlingException",
                ":content-type": "application/json",
                ":message-type": "exception",
            }
            frame = encode_frame(error, b'{"message":"Too many requests, please wait before trying again."}')
            cut = frame.index(b"exception") + 4
            parts[fail:] = [frame[:cut], frame[cut:]]
        self._relay(parts, length)


class Encoder:
    """A content-encoding (gzip, br, zstd) by its own library, as a server applies it: a whole body in one call, or a
    stream's writes one by one, each flushed so that it goes out at once (``part``), then its end."""

    def __init__(self, coding: str):
        self.coding = coding
        if coding == "gzip":
            self._c = zlib.compressobj(6, zlib.DEFLATED, 31)
        elif coding == "br":
            self._c = brotli.Compressor(quality=5)
        else:
            self._c = zstandard.ZstdCompressor().compressobj()

    def whole(self, data: bytes) -> bytes:
        if self.coding == "gzip":
            return gzip.compress(data)
        if self.coding == "br":
            return brotli.compress(data, quality=5)
        return zstandard.ZstdCompressor().compress(data)

    def part(self, data: bytes) -> bytes:
        if self.coding == "gzip":
            return self._c.compress(data) + self._c.flush(zlib.Z_SYNC_FLUSH)
        if self.coding == "br":
            return self._c.process(data) + self._c.flush()
        return self._c.compress(data) + self._c.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)

    def parts(self, data: list[bytes]) -> list[bytes]:
        """Each of ``data`` compressed and flushed, the coding's end in the last."""
        out = [self.part(d) for d in data]
        out[-1] += self.end()
        return out

    def end(self) -> bytes:
        return self._c.finish() if self.coding == "br" else self._c.flush()


class _Server(QuietServer):
    hits = 0
    gate = threading.Event()  # what a gated stream waits for before its end


@pytest.fixture(scope="package")
def upstream() -> Iterator[_Server]:
    with serving(_Server(("127.0.0.1", 0), _Handler)) as server:
        yield server


def upstream_url(server: _Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="package")
def profile_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("faults") / "profiles.toml"
    path.write_text(PROFILES)
    return path


@pytest.fixture(scope="module")
def proxy(upstream: _Server, profile_file: Path) -> Iterator[FaultProxy]:
    """A fault proxy with no profile in force: faults only where a request names them."""
    with Children() as children:
        yield start_fault_proxy(children, upstream_url(upstream), ("127.0.0.1", 0), profile_file)


def injector(*rules: dict) -> Injector:
    """An injector whose one profile, in force, holds ``rules``."""
    return Injector(parse_profiles({"active": "p", "profiles": [{"name": "p", "rules": list(rules)}]}, "t"))


def proxy_of(upstream: _Server, tmp_path_factory: pytest.TempPathFactory, profiles: str) -> Iterator[FaultProxy]:
    """A fault proxy in front of ``upstream`` with the profile file ``profiles`` (for a module's fixture)."""
    path = tmp_path_factory.mktemp("faults") / "profiles.toml"
    path.write_text(profiles)
    with Children() as children:
        yield start_fault_proxy(children, upstream_url(upstream), ("127.0.0.1", 0), path)
