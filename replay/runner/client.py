"""One request with production client behaviour, on gevent and geventhttpclient (no locust).

    connect_timeout  per connection attempt          -> outcome timeout, error "connect timeout"
    read_timeout     per socket read                  -> outcome timeout, error "read timeout"
    total_timeout    one attempt, send to last byte   -> outcome timeout, error "total timeout"
    cancel_after     all attempts and back-offs       -> outcome cancelled (the user gave up)

Retries follow the OpenAI and Anthropic SDKs: statuses 408, 409, 429 and 5xx, connection errors and
timeouts; ``x-should-retry: true|false`` overrides; the wait is ``retry-after-ms``, else
``retry-after`` (seconds or an HTTP date), else ``min(backoff * 2^n, backoff_max)`` shortened by up to
``jitter``; a ``retry-after`` above ``retry_after_max`` is not retried. Every attempt is recorded.
The body is read by replay.runner.body (stream timing, decoding).
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import gevent
from gevent import monkey
from gevent.lock import BoundedSemaphore
from geventhttpclient._parser import HTTPParseError
from geventhttpclient.connectionpool import ConnectionPool, SSLConnectionPool
from geventhttpclient.response import HTTPConnectionClosed, HTTPSocketPoolResponse

from replay.config.target import EVERY_ENDPOINT, Policy
from replay.runner.body import Outcome, _MidBody, read_body
from replay.runner.prepared import Request
from replay.util.endpoints import first_match
from replay.util.sigv4 import SIGNED, SigV4
from replay.util.wire import retry_after

__all__ = ["Client", "Outcome", "retry_wait"]

perf = time.perf_counter
AttemptHook = Callable[[str, str, float, int, "str | None"], None]
_IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
# A response head past these is a row's error (see _bad_head).
HEAD_MAX_FIELDS = 1000
HEAD_MAX_BYTES = 256 << 10
_CONNECT_FRAMES = frozenset({"_create_socket", "_connect_socket", "get_socket", "create_connection"})
_select = monkey.get_original("select", "select")


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
        after = retry_after(h)
        if after is not None and after > policy.retry_after_max:
            return None
        flag = h.get("x-should-retry")
        if flag == "false" or (flag != "true" and not policy.retries_status(out.status)):
            return None
    if after is not None and after > 0:
        return after
    rng = random.Random(seed * 1000 + attempt)
    return min(policy.backoff * 2.0**attempt, policy.backoff_max) * (1.0 - policy.jitter * rng.random())


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


def _bad_head(status: int, headers: list[tuple[str, str]]) -> str | None:
    """Why a response head is no answer a client takes, or None: a row's error, as it is the clients'.
    A status outside 100-599 has no class (RFC 9110 15: 999 is neither a 5xx nor a success, 0 or -1
    no status at all), and was judged an answer. A head past what clients take (browsers refuse one
    over 256 KiB, httpx's h11 over 16 KiB, Python's http.client over 100 fields), kept, would have its
    thousands of fields each redacted on the way to responses.jsonl."""
    if not 100 <= status <= 599:
        return f"bad response: status {status} (an HTTP status is 100-599)"
    size = sum(len(k) + len(v) + 4 for k, v in headers)
    if len(headers) <= HEAD_MAX_FIELDS and size <= HEAD_MAX_BYTES:
        return None
    limits = f"the client takes {HEAD_MAX_FIELDS:,} fields and {HEAD_MAX_BYTES >> 10} KiB"
    return f"bad response: head too large ({len(headers):,} fields, {size:,} bytes; {limits})"


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

    def __init__(
        self,
        base_url: str,
        connections: int,
        keep_body: int,
        signer: SigV4 | None = None,
        sign_endpoints: list[str] | None = None,
    ):
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
        self.signer = signer  # [target] sign: every attempt signed anew (the signature holds its time)
        self._sign_endpoints = sign_endpoints or [EVERY_ENDPOINT]
        self._signs: dict[int, bool] = {}  # per request: whether ``signer`` signs it ([target] sign_endpoints)

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

    def signs(self, req: Request) -> bool:
        """Whether ``req`` is signed (``[target] sign`` and ``sign_endpoints``), told once per request."""
        if self.signer is None:  # no run without [target] sign keeps a decision per request
            return False
        signs = self._signs.get(id(req))
        if signs is None:
            signs = self._signs[id(req)] = first_match(req.endpoint, self._sign_endpoints) is not None
        return signs

    def _head(self, req: Request) -> bytes:
        """The request line and headers (without the final blank line), built once per request."""
        head = self._heads.get(id(req))
        if head is None:
            lines = [f"{req.method} {req.path} HTTP/1.1", f"Host: {self.host_header}"]
            # production's signature (redacted in the capture) is not sent beside the rehearsal's
            signed = self.signs(req)
            lines += [f"{k}: {v}" for k, v in req.headers if not signed or k.lower() not in SIGNED]
            if req.body is not None or req.method in ("POST", "PUT", "PATCH"):
                lines.append(f"Content-Length: {len(req.body or b'')}")
            text = "\r\n".join(lines) + "\r\n"
            try:
                head = text.encode("latin-1")
            except UnicodeEncodeError:
                head = text.encode("utf-8")
            self._heads[id(req)] = head
        return head

    def _signature(self, req: Request) -> bytes:
        """The header lines that sign ``req`` at this moment (``[target] sign``)."""
        assert self.signer is not None
        signed = self.signer.headers(req.method, self.host_header, req.path, req.body or b"")
        return "".join(f"{k}: {v}\r\n" for k, v in signed).encode("latin-1")

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
                    if self.signs(req):  # signed now: AWS refuses a signature more than 5 minutes old
                        data = self._head(req) + extra + self._signature(req) + b"\r\n" + (req.body or b"")
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
            if (bad := _bad_head(out.status, out.headers)) is not None:
                out.status, out.headers = 0, []
                out.outcome, out.error = "error", bad
                return
            read_body(resp, policy, out, self.keep_body)
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
