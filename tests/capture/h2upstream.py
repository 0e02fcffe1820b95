"""An HTTP/2-only upstream over TLS for the capture's tests: asyncio and the ``h2`` library, on its own thread.

Routes (any method):
    /v1/chat/completions   a chat completion (JSON, a content-length), naming an email to be redacted
    /sse [events, gap_ms]  an OpenAI-style event stream, one DATA frame an event, ``gap_ms`` apart, no length
    /echo/N                the request's path, its pseudo-headers as the server got them and its body, after a
                           short wait (so that concurrent streams overlap); content-length set
    /reset                 an event stream the server resets (RST_STREAM, INTERNAL_ERROR) after its first event
    /grpc-stream           a gRPC server stream, no length: a message, then (once ``release`` is set) another and
                           its trailers
    /grpc                  a gRPC answer: ``application/grpc``, a binary length-prefixed message, then trailers
                           ``grpc-status: 0`` and ``grpc-message``
    /trailers              a JSON answer followed by HTTP/2 trailers (``x-usage``, and ``x-debug`` naming an email)
The server keeps what it saw: every request's headers (``requests``) and every stream a client reset (``reset``).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import h2.config
import h2.connection
import h2.errors
import h2.events
import h2.exceptions
import orjson

CHAT_ANSWER = {"role": "assistant", "content": "I wrote to jane.doe@corp-mail.com"}
GRPC_MESSAGE = b"\x0a\x0ehello from grpc\x12\x04\x00\xff\x80\x81"  # protobuf-ish bytes, not UTF-8
GRPC_BODY = b"\x00" + len(GRPC_MESSAGE).to_bytes(4, "big") + GRPC_MESSAGE


def self_signed(directory: Path) -> Path:
    """A certificate and key for 127.0.0.1 (PEM, one file), made now; the certificate alone (what a client trusts)
    beside it in ``upstream-ca.pem``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .sign(key, hashes.SHA256())
    )
    pem = directory / "upstream.pem"
    (directory / "upstream-ca.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return pem


@dataclass
class _Stream:
    headers: dict[str, str]
    body: bytearray = field(default_factory=bytearray)


class _Protocol(asyncio.Protocol):
    def __init__(self, server: H2Upstream):
        self.server = server
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
        self.streams: dict[int, _Stream] = {}
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.server.open.add(transport)
        self.server.connections += 1
        self.conn.initiate_connection()
        self._flush()

    def _flush(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(self.conn.data_to_send())

    def connection_lost(self, exc: Exception | None) -> None:
        if self.transport is not None:
            self.server.open.discard(self.transport)

    def data_received(self, data: bytes) -> None:
        try:
            events = self.conn.receive_data(data)
        except h2.exceptions.ProtocolError:
            self._flush()
            if self.transport is not None:
                self.transport.close()
            return
        for ev in events:
            if isinstance(ev, h2.events.RequestReceived):
                self.streams[ev.stream_id] = _Stream(dict(ev.headers))
                self.server.requests.append(dict(ev.headers))
            elif isinstance(ev, h2.events.DataReceived):
                self.streams[ev.stream_id].body += ev.data
                self.conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
            elif isinstance(ev, h2.events.StreamEnded):
                asyncio.get_running_loop().create_task(self._answer(ev.stream_id, self.streams.pop(ev.stream_id)))
            elif isinstance(ev, h2.events.StreamReset):
                self.server.reset.append(ev.stream_id)
        self._flush()

    def _send(self, sid: int, headers: list[tuple[str, str]], body: bytes = b"", end: bool = True) -> None:
        try:
            self.conn.send_headers(sid, headers)
            if body or end:
                self.conn.send_data(sid, body, end_stream=end)
        except h2.exceptions.StreamClosedError:  # the client reset it
            return
        self._flush()

    async def _answer(self, sid: int, st: _Stream) -> None:
        url = urlsplit(st.headers[":path"])
        query = dict(parse_qsl(url.query))
        path = url.path
        if path == "/v1/chat/completions":
            body = orjson.dumps({"object": "chat.completion", "choices": [{"message": CHAT_ANSWER, "index": 0}]})
            self._send(sid, _json_head(body), body)
        elif path.startswith("/echo/"):
            await asyncio.sleep(0.2)  # the others of a burst arrive meanwhile: their streams overlap
            seen = {k: v for k, v in st.headers.items() if k.startswith(":")}
            body = orjson.dumps({"path": st.headers[":path"], "pseudo": seen, "echo": st.body.decode()})
            self._send(sid, _json_head(body), body)
        elif path == "/sse":
            await self._sse(sid, int(query.get("events", 20)), int(query.get("gap_ms", 20)) / 1000)
        elif path == "/reset":  # the upstream gives up mid-answer: RST_STREAM (?code=, INTERNAL_ERROR) after one event
            self._send(sid, [(":status", "200"), ("content-type", "text/event-stream")], b"data: 1\n\n", end=False)
            await asyncio.sleep(0.05)
            self.conn.reset_stream(sid, h2.errors.ErrorCodes[query.get("code", "INTERNAL_ERROR")])
            self._flush()
        elif path == "/grpc-stream":  # a server stream: a message, then the next only once the test releases it
            self._send(sid, [(":status", "200"), ("content-type", "application/grpc")], GRPC_BODY, end=False)
            for _ in range(1000):
                if self.server.release.is_set():
                    break
                await asyncio.sleep(0.01)
            with contextlib.suppress(h2.exceptions.StreamClosedError):
                self.conn.send_data(sid, GRPC_BODY)
            self._trailers(sid, [("grpc-status", "0")])
        elif path == "/grpc":
            self._send(sid, [(":status", "200"), ("content-type", "application/grpc")], GRPC_BODY, end=False)
            self._trailers(sid, [("grpc-status", "0"), ("grpc-message", "OK")])
        elif path == "/trailers":
            body = orjson.dumps({"answer": "mail jane.doe@corp-mail.com"})
            self._send(sid, [(":status", "200"), ("content-type", "application/json")], body, end=False)
            self._trailers(sid, [("x-usage", "tokens=42"), ("x-debug", "answered jane.doe@corp-mail.com")])
        else:
            self._send(sid, [(":status", "404"), ("content-length", "0")])

    def _trailers(self, sid: int, trailers: list[tuple[str, str]]) -> None:
        try:
            self.conn.send_headers(sid, trailers, end_stream=True)
        except h2.exceptions.StreamClosedError:
            return
        self._flush()

    async def _sse(self, sid: int, events: int, gap: float) -> None:
        self._send(sid, [(":status", "200"), ("content-type", "text/event-stream")], end=False)
        for i in range(events):
            await asyncio.sleep(gap)
            chunk = orjson.dumps({"choices": [{"delta": {"content": f"w{i} "}, "index": 0}]})
            try:
                self.conn.send_data(sid, b"data: " + chunk + b"\n\n")
            except h2.exceptions.StreamClosedError:  # the client reset it: stop sending
                return
            self._flush()
        try:
            self.conn.send_data(sid, b"data: [DONE]\n\n", end_stream=True)
        except h2.exceptions.StreamClosedError:
            return
        self._flush()


def _json_head(body: bytes) -> list[tuple[str, str]]:
    return [(":status", "200"), ("content-type", "application/json"), ("content-length", str(len(body)))]


class H2Upstream:
    """The server on 127.0.0.1 (an ephemeral port), h2 only, with a certificate of its own; a context manager
    that stops it and its thread."""

    def __init__(self, directory: Path):
        self.requests: list[dict[str, str]] = []
        self.reset: list[int] = []
        self.open: set[asyncio.Transport] = set()  # connections, closed at the end
        self.connections = 0  # made so far
        self.release = threading.Event()  # lets /grpc-stream go on past its first message
        self._ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._ctx.load_cert_chain(self_signed(directory))
        self.ca = directory / "upstream-ca.pem"  # its certificate: what a client (the capture) is told to trust
        self._ctx.set_alpn_protocols(["h2"])
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    def __enter__(self) -> H2Upstream:
        self._thread.start()
        start = self._loop.create_server(lambda: _Protocol(self), "127.0.0.1", 0, ssl=self._ctx)
        self._server = asyncio.run_coroutine_threadsafe(start, self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        async def stop() -> None:
            assert self._server is not None
            self._server.close()
            for transport in list(self.open):
                transport.abort()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


class H2Client:
    """A bare HTTP/2 client on one TLS connection (the ``h2`` library over a socket): streams opened at will,
    several at once, and reset (RST_STREAM) mid-answer, as a browser's abort or a gRPC cancel does; httpx never
    resets a stream it stops reading."""

    def __init__(self, host: str, port: int, ctx: ssl.SSLContext, via: tuple[str, int] | None = None):
        """Connect to ``host:port``, or through the forward proxy ``via`` (CONNECT, then TLS inside the tunnel)."""
        ctx.set_alpn_protocols(["h2"])
        raw = socket.create_connection(via or (host, port), timeout=30)
        if via is not None:
            raw.sendall(f"CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
            head = b""
            while b"\r\n\r\n" not in head:
                head += raw.recv(1)
            assert head.startswith(b"HTTP/1.1 200"), head
        self.sock = ctx.wrap_socket(raw, server_hostname=host)
        assert self.sock.selected_alpn_protocol() == "h2"
        self.authority = f"{host}:{port}"
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
        self.conn.initiate_connection()
        self.sock.sendall(self.conn.data_to_send())
        self.answers: dict[int, H2Answer] = {}

    def open(self, method: str, path: str, body: bytes = b"", headers: Sequence[tuple[str, str]] = ()) -> int:
        """Start a request on a new stream; its id."""
        sid = self.conn.get_next_available_stream_id()
        head = [(":method", method), (":scheme", "https"), (":authority", self.authority), (":path", path)]
        self.conn.send_headers(sid, [*head, *headers], end_stream=not body)
        if body:
            self.conn.send_data(sid, body, end_stream=True)
        self.sock.sendall(self.conn.data_to_send())
        self.answers[sid] = H2Answer()
        return sid

    def reset(self, sid: int, code: h2.errors.ErrorCodes = h2.errors.ErrorCodes.CANCEL) -> None:
        """Abandon a stream (RST_STREAM, CANCEL), as a client that stops reading does; the connection goes on."""
        self.conn.reset_stream(sid, code)
        self.sock.sendall(self.conn.data_to_send())

    def until(self, done: Callable[[], bool]) -> None:
        """Read frames until ``done()``."""
        while not done():
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("the proxy closed the connection")
            for ev in self.conn.receive_data(data):
                answer = self.answers.get(getattr(ev, "stream_id", 0))
                if answer is None:
                    continue
                if isinstance(ev, h2.events.ResponseReceived):
                    answer.headers = dict(ev.headers)
                elif isinstance(ev, h2.events.DataReceived):
                    answer.body += ev.data
                    answer.frames += 1
                    self.conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
                elif isinstance(ev, h2.events.TrailersReceived):
                    answer.trailers = dict(ev.headers)
                elif isinstance(ev, h2.events.StreamEnded | h2.events.StreamReset):
                    answer.ended = True
            self.sock.sendall(self.conn.data_to_send())

    def close(self) -> None:
        self.conn.close_connection()
        with contextlib.suppress(OSError):
            self.sock.sendall(self.conn.data_to_send())
        self.sock.close()


@dataclass
class H2Answer:
    headers: dict[str, str] = field(default_factory=dict)
    body: bytearray = field(default_factory=bytearray)
    trailers: dict[str, str] = field(default_factory=dict)
    frames: int = 0
    ended: bool = False
