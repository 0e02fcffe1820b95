"""One request with production client behaviour, on gevent and geventhttpclient (no locust).

    connect_timeout  per connection attempt          -> outcome timeout, error "connect timeout"
    read_timeout     per socket read                  -> outcome timeout, error "read timeout"
    total_timeout    one attempt, send to last byte   -> outcome timeout, error "total timeout"
    cancel_after     all attempts and back-offs       -> outcome cancelled (the user gave up)

Retries follow the OpenAI and Anthropic SDKs: statuses 408, 409, 429 and 5xx, connection errors and
timeouts; ``x-should-retry: true|false`` overrides; the wait is ``retry-after-ms``, else
``retry-after`` (seconds or an HTTP date), else ``min(backoff * 2^n, backoff_max)`` shortened by up to
``jitter``; a ``retry-after`` above ``retry_after_max`` is not retried. Every attempt is recorded.

A ``text/event-stream`` response is timed per event (``replay.util.sse.SSESplitter``): first event, first
token (first event with content), gaps, and whether an end marker (``[DONE]``, ``message_stop``, or
the policy's ``stream_end``) arrived. Every content event is timed too: how many (``deltas``), the
last one, and the gaps between them (inter-token latency), kept in memory for the row's figures.
"""

from __future__ import annotations

import contextlib
import email.utils
import os
import random
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import brotli
import gevent
import orjson
import zstandard
from gevent import monkey
from gevent.lock import BoundedSemaphore
from geventhttpclient._parser import HTTPParseError
from geventhttpclient.connectionpool import ConnectionPool, SSLConnectionPool
from geventhttpclient.response import HTTPConnectionClosed, HTTPSocketPoolResponse

from replay.config.target import Policy
from replay.runner.prepared import Request
from replay.util.sse import SSEEvent, SSESplitter

__all__ = ["Client", "Outcome", "retry_wait"]

perf = time.perf_counter
AttemptHook = Callable[[str, str, float, int, "str | None"], None]
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
_CONNECT_FRAMES = frozenset({"_create_socket", "_connect_socket", "get_socket", "create_connection"})
# A benchmark-only knob (scripts/bench stream prices the stream figures with it; never for a rehearsal):
# REPLAY_STREAM_METRICS=0 reads a stream for its end marker only, without timing its events or tokens.
_STREAM_METRICS = os.environ.get("REPLAY_STREAM_METRICS", "1") != "0"
_select = monkey.get_original("select", "select")


@dataclass(slots=True)
class Outcome:
    """What one row's send gave, in perf_counter seconds: ``start`` when it was handed over, ``sent`` when
    its first attempt had a connection (None if it never got one); ``ttfb`` etc. count from ``sent``."""

    start: float
    sent: float | None = None
    done: float = 0.0
    outcome: str = "response"
    status: int = 0
    error: str = ""
    ttfb: float | None = None
    tries: list[list[Any]] = field(default_factory=list)
    bytes_in: int = 0
    stream: bool = False
    events: int = 0
    first_event: float | None = None
    first_token: float | None = None
    gap_mean: float | None = None
    gap_max: float | None = None
    completed: bool | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""  # the first keep_body bytes, decoded from gzip, deflate, br or zstd
    undecodable: str = ""  # a content-encoding this client cannot decode: the body is not kept
    deltas: int = 0  # events carrying content (tokens or groups of tokens)
    last_token: float | None = None  # the last content event, from ``sent``
    token_gaps: list[float] = field(default_factory=list)  # between content events (ITL), in memory only

    def reset(self) -> None:
        """Forget the previous attempt's response."""
        self.status, self.ttfb, self.bytes_in, self.stream, self.events = 0, None, 0, False, 0
        self.first_event = self.first_token = self.gap_mean = self.gap_max = self.completed = None
        self.headers, self.body, self.undecodable = [], b"", ""
        self.deltas, self.last_token, self.token_gaps = 0, None, []


def _decoder(coding: str) -> Callable[[bytes], bytes] | None:
    """A streaming decoder for a content-encoding (every one mitmproxy and httpx decode); None for none.
    KeyError for one it does not know: its bytes cannot be scanned, so they are never kept."""
    coding = coding.strip().lower()
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip", "deflate"):
        return zlib.decompressobj(47).decompress  # 47: a zlib or gzip header, detected
    if coding == "br":
        return brotli.Decompressor().process
    if coding == "zstd":
        return zstandard.ZstdDecompressor().decompressobj().decompress
    raise KeyError(coding)


def _retry_after(headers: dict[str, str]) -> float | None:
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            return float(ms) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    date = email.utils.parsedate_tz(value)
    return None if date is None else float(email.utils.mktime_tz(date) - time.time())


def retry_wait(policy: Policy, attempt: int, out: Outcome, seed: int) -> float | None:
    """Seconds to wait before retrying after ``attempt`` (0-based), or None not to retry."""
    if attempt >= policy.max_retries or out.outcome == "cancelled":
        return None
    if out.outcome in ("timeout", "error"):
        if not policy.retry_errors:
            return None
        after = None
    else:
        if out.status < 400:
            return None
        h = {k.lower(): v for k, v in out.headers}
        after = _retry_after(h)
        if after is not None and after > policy.retry_after_max:
            return None
        flag = h.get("x-should-retry")
        if flag == "false" or (flag != "true" and not policy.retries_status(out.status)):
            return None
    if after is not None and after > 0:
        return after
    rng = random.Random(seed * 1000 + attempt)
    return min(policy.backoff * 2.0**attempt, policy.backoff_max) * (1.0 - policy.jitter * rng.random())


class _MidBody(HTTPConnectionClosed):
    """The server closed the connection before the end of the body."""


def _in_connect(e: BaseException) -> bool:
    tb = e.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_name in _CONNECT_FRAMES:
            return True
        tb = tb.tb_next
    return False


def _describe(e: BaseException) -> str:
    if isinstance(e, ConnectionRefusedError):
        return "connection refused"
    if isinstance(e, ConnectionResetError | BrokenPipeError):
        return "connection reset"
    if isinstance(e, HTTPConnectionClosed):
        return str(e) if isinstance(e, _MidBody) else "connection closed"
    if isinstance(e, HTTPParseError):
        return f"bad response: {e}"[:200]
    return f"{type(e).__name__}: {e}"[:200]


# The common token events of OpenAI and Anthropic streams, recognised without parsing the JSON.
# Outside a JSON string every quote is bare, so these can only be the keys themselves; the match
# needs a non-empty string value, and anything else falls through to the full parse below.
_OPENAI_DELTA = '"delta":{"content":"'
_ANTHROPIC_DELTA = '{"type":"content_block_delta"'
_TEXT = '"text":"'


def _has_token(data: str) -> bool:
    """Whether one SSE event's data carries generated content (a token, delta or tool-call part)."""
    if not data or data == "[DONE]":
        return False
    i = data.find(_OPENAI_DELTA)
    if i >= 0 and data[i + len(_OPENAI_DELTA) : i + len(_OPENAI_DELTA) + 1] not in ('"', ""):
        return True
    if data.startswith(_ANTHROPIC_DELTA):
        i = data.find(_TEXT)
        if i >= 0 and data[i + len(_TEXT) : i + len(_TEXT) + 1] not in ('"', ""):
            return True
    if data[0] != "{":
        return True
    try:
        obj = orjson.loads(data)
    except orjson.JSONDecodeError:
        return True
    if not isinstance(obj, dict):
        return True
    choices = obj.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        c = choices[0]
        delta = c.get("delta") or {}
        return bool(delta.get("content") or delta.get("tool_calls") or c.get("text"))
    if obj.get("type") == "content_block_delta":
        delta = obj.get("delta") or {}
        return bool(delta.get("text") or delta.get("partial_json"))
    if "type" in obj or "error" in obj:  # Anthropic's other events, error events
        return False
    return any(obj.get(k) for k in ("text", "content", "token", "delta", "output"))


def _is_end(ev: SSEEvent, markers: list[str]) -> bool:
    data = ev.data.strip()
    # A marker with a quote is a JSON fragment ('"finish_reason":"stop"'); others match whole.
    return any(ev.event == m or data == m or ('"' in m and m in data) for m in markers)


def _alive(sock: Any) -> bool:
    """An idle kept-alive connection is not readable: readable means the server closed it (or sent
    bytes nobody asked for), so it is not reused."""
    try:
        return sock.fileno() >= 0 and not _select([sock], [], [], 0.0)[0]
    except (OSError, ValueError):
        return False


class _Lean:
    """geventhttpclient's connection pool without its per-request costs: its check of an idle
    connection goes through gevent's select, which also yields to the hub (a switch per request), and
    its queue and semaphore repeat the client's own limit (``Client._free`` bounds the connections in
    use). Idle connections are a stack here, checked with the plain select call."""

    _closed: bool
    _create_socket: Callable[[], Any]

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._idle: list[Any] = []

    def get_socket(self) -> Any:
        if self._closed:
            raise RuntimeError("connection pool closed")
        idle = self._idle
        while idle:
            sock = idle.pop()
            if _alive(sock):
                return sock
            sock.close()
        return self._create_socket()

    def return_socket(self, sock: Any) -> None:
        if self._closed:
            sock.close()
        else:
            self._idle.append(sock)

    def release_socket(self, sock: Any) -> None:
        with contextlib.suppress(OSError):
            sock.close()

    def close(self) -> None:
        self._closed = True
        for sock in self._idle:
            with contextlib.suppress(OSError):
                sock.close()
        self._idle.clear()


class _LeanPool(_Lean, ConnectionPool):
    pass


class _LeanSSLPool(_Lean, SSLConnectionPool):
    pass


class Client:
    """Sends prepared requests to one target over geventhttpclient's connection pools, one per
    (connect, read) timeout pair, at most ``connections`` requests on the wire at once."""

    def __init__(self, base_url: str, connections: int, keep_body: int):
        u = urlsplit(base_url)
        self.host = u.hostname or ""
        self.ssl = u.scheme == "https"
        self.port = u.port or (443 if self.ssl else 80)
        default = 443 if self.ssl else 80
        self.host_header = (f"[{self.host}]" if ":" in self.host else self.host) + (
            f":{self.port}" if self.port != default else ""
        )
        # The production client's connection limit: a request waits for a free connection.
        self.connections = connections
        self._free = BoundedSemaphore(connections)
        self.keep_body = keep_body
        self._pools: dict[tuple[float, float], ConnectionPool] = {}
        self._heads: dict[int, bytes] = {}

    def _pool(self, policy: Policy) -> ConnectionPool:
        key = (policy.connect_timeout, policy.read_timeout)
        pool = self._pools.get(key)
        if pool is None:
            cls = _LeanSSLPool if self.ssl else _LeanPool
            pool = self._pools[key] = cls(
                self.host,
                self.port,
                self.host,
                self.port,
                size=self.connections,
                connection_timeout=policy.connect_timeout,
                network_timeout=policy.read_timeout,
            )
        return pool

    def _head(self, req: Request) -> bytes:
        """The request line and headers (without the final blank line), built once per request."""
        head = self._heads.get(id(req))
        if head is None:
            lines = [f"{req.method} {req.path} HTTP/1.1", f"Host: {self.host_header}"]
            lines += [f"{k}: {v}" for k, v in req.headers]
            if req.body is not None or req.method in ("POST", "PUT", "PATCH"):
                lines.append(f"Content-Length: {len(req.body or b'')}")
            text = "\r\n".join(lines) + "\r\n"
            try:
                head = text.encode("latin-1")
            except UnicodeEncodeError:
                head = text.encode("utf-8")
            self._heads[id(req)] = head
        return head

    def warm(self, requests: list[Request], policies: list[Policy], connections: int, seconds: float) -> None:
        """Build request heads and open a few connections in the ``seconds`` before the schedule starts,
        so the first rows do not pay for them. Failures are left for the rows to meet."""
        for req in requests:
            self._head(req)
        socks: list[tuple[ConnectionPool, Any]] = []
        with gevent.Timeout(max(seconds, 0.0), False), contextlib.suppress(OSError):
            for policy in policies:
                pool = self._pool(policy)
                for _ in range(min(connections, self.connections)):
                    socks.append((pool, pool.get_socket()))
        for pool, sock in socks:
            pool.return_socket(sock)

    def close(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()

    def send(
        self,
        req: Request,
        policy: Policy,
        extra: bytes = b"",
        seed: int = 0,
        on_attempt: AttemptHook | None = None,
    ) -> Outcome:
        """Send ``req`` (``extra``: more header lines) with retries as ``policy`` says.

        Never raises for network or HTTP trouble: that is data on the Outcome.
        """
        out = Outcome(perf())
        pool = self._pool(policy)
        data = self._head(req) + extra + b"\r\n" + (req.body or b"")
        cancel = gevent.Timeout(policy.cancel_after) if policy.cancel_after else None
        if cancel is not None:
            cancel.start()
        attempt, start = 0, 0.0
        try:
            while True:
                with self._free:
                    start = perf()
                    if out.sent is None:
                        out.sent = start
                    self._attempt(pool, req, data, policy, out)
                self._record(req, out, start, on_attempt)
                wait = retry_wait(policy, attempt, out, seed)
                if wait is None:
                    break
                start = 0.0  # in a back-off: no attempt to record if cancelled now
                gevent.sleep(wait)
                attempt += 1
        except gevent.Timeout as t:
            if t is not cancel:
                raise
            out.outcome, out.error = "cancelled", f"cancelled after {policy.cancel_after:g} s"
            if start:
                self._record(req, out, start, on_attempt)
        finally:
            if cancel is not None:
                cancel.close()
        out.done = perf()
        return out

    def _record(self, req: Request, out: Outcome, start: float, on_attempt: AttemptHook | None) -> None:
        now = perf()
        error = out.error or (f"HTTP {out.status}" if out.status >= 400 else None)
        out.tries.append([out.status, out.error, start - out.sent, now - start])  # type: ignore[operator]
        if on_attempt is not None:
            on_attempt(req.method, req.endpoint, now - start, out.bytes_in, error)

    def _attempt(self, pool: ConnectionPool, req: Request, data: bytes, policy: Policy, out: Outcome) -> None:
        out.reset()
        resp: HTTPSocketPoolResponse | None = None
        deadline = gevent.Timeout(policy.total_timeout) if policy.total_timeout else None
        if deadline is not None:
            deadline.start()
        try:
            resp = self._exchange(pool, req.method, data)
            out.ttfb = perf() - out.sent  # type: ignore[operator]
            out.status = resp.status_code
            out.headers = list(resp.items())
            self._read(resp, policy, out)
            out.outcome, out.error = "response", ""
        except gevent.Timeout as t:
            if t is not deadline:
                raise
            out.outcome, out.error = "timeout", "total timeout"
        except TimeoutError as e:
            out.outcome, out.error = "timeout", "connect timeout" if _in_connect(e) else "read timeout"
        except (OSError, HTTPParseError) as e:
            out.outcome, out.error = "error", _describe(e)
        finally:
            if deadline is not None:
                deadline.close()
            if resp is not None:
                resp.release()  # closes the connection unless the whole body was read

    @staticmethod
    def _exchange(pool: ConnectionPool, method: str, data: bytes) -> HTTPSocketPoolResponse:
        """Send ``data`` and read the response head; a kept-alive connection the server had closed
        is replaced once for idempotent methods (as geventhttpclient's HTTPClient does)."""
        retry = method in _IDEMPOTENT
        while True:
            sock = pool.get_socket()
            try:
                # gevent's sendall asks the socket its buffer size first: one send does for most requests
                sent = sock.send(data)
                if sent < len(data):
                    sock.sendall(memoryview(data)[sent:])
            except BaseException as e:
                pool.release_socket(sock)  # also on a timeout: the pool's slot comes back
                if retry and isinstance(e, ConnectionResetError | BrokenPipeError):
                    retry = False
                    continue
                raise
            try:
                return HTTPSocketPoolResponse(sock, pool, block_size=65536, method=method)
            except HTTPConnectionClosed:  # the response released the socket
                if not retry:
                    raise
                retry = False

    def _read(self, resp: HTTPSocketPoolResponse, policy: Policy, out: Outcome) -> None:
        """Read the body as it arrives, timing SSE events; keep its first keep_body bytes."""
        ctype = resp.get("content-type") or ""
        stream = isinstance(ctype, str) and ctype.startswith("text/event-stream")
        coding = resp.get("content-encoding")
        try:
            inflate = _decoder(coding if isinstance(coding, str) else "")
        except KeyError:
            inflate, out.undecodable = None, str(coding)
        splitter = SSESplitter() if stream else None
        keep, kept, kept_n, size = (0 if out.undecodable else self.keep_body), [], 0, 0
        events, first_event, first_token, last, gap_sum, gap_max, completed = 0, None, None, 0.0, 0.0, 0.0, False
        deltas, last_tok, token_gaps = 0, 0.0, out.token_gaps
        markers = policy.stream_end
        sent: float = out.sent  # type: ignore[assignment]
        # HTTPSocketResponse.read(n) waits for n bytes; stream timing needs each chunk as it lands.
        buf = resp._body_buffer
        sock = resp._sock
        try:
            while True:
                if buf:
                    chunk = bytes(buf)
                    del buf[:]
                    now = perf()
                    if inflate is not None:
                        chunk = inflate(chunk)
                    size += len(chunk)
                    if kept_n < keep:
                        kept.append(chunk[: keep - kept_n])
                        kept_n += len(kept[-1])
                    if splitter is not None:
                        for ev in splitter.feed(chunk):
                            if not _STREAM_METRICS:
                                completed = completed or _is_end(ev, markers)
                                continue
                            if events:
                                gap = now - last
                                gap_sum += gap
                                gap_max = max(gap_max, gap)
                            else:
                                first_event = now - sent
                            events += 1
                            last = now
                            if _has_token(ev.data):
                                if deltas:
                                    token_gaps.append(now - last_tok)
                                else:
                                    first_token = now - sent
                                deltas += 1
                                last_tok = now
                            if not completed and _is_end(ev, markers):
                                completed = True
                if resp.message_complete or sock is None:
                    break
                data = sock.recv(65536)
                if data:
                    resp.feed(data)
                    continue
                with contextlib.suppress(HTTPParseError):
                    resp.feed(data)  # the end of a body read until close
                if not resp.message_complete:
                    raise _MidBody("connection closed mid-body")
            if splitter is not None:
                for ev in splitter.close():
                    events += 1
                    completed = completed or _is_end(ev, markers)
        finally:  # a timeout or reset mid-body keeps what arrived
            out.bytes_in = size
            out.body = b"".join(kept)
            if splitter is not None:
                out.stream, out.events, out.completed = True, events, completed
                out.first_event, out.first_token = first_event, first_token
                out.deltas, out.last_token = deltas, (last_tok - sent if deltas else None)
                if events > 1:
                    out.gap_mean, out.gap_max = gap_sum / (events - 1), gap_max
