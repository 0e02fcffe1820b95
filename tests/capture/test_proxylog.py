"""What mitmproxy's server log says that no hook does (``replay.capture.proxylog``): real log records, no proxy."""

from __future__ import annotations

import logging
import sys

from replay.capture.proxylog import ProxyLog

CLIENT = ("127.0.0.1", 50123)


class _Counts:
    def __init__(self) -> None:
        self.crashes: dict[object, str] = {}
        self.unreadable = 0


def _emit(log: ProxyLog, msg: str, level: int = logging.INFO, client: object = CLIENT, exc: bool = False) -> None:
    info = None
    if exc:
        try:
            raise NotImplementedError("trailers")
        except NotImplementedError:
            info = sys.exc_info()
    record = logging.LogRecord("mitmproxy.proxy.server", level, __file__, 1, msg, None, info)
    if client is not None:
        record.client = client
    log.emit(record)


def test_a_head_it_could_not_read_is_counted_its_http2_errors_are_not() -> None:
    counts = _Counts()
    log = ProxyLog(counts)
    _emit(log, "127.0.0.1:50123: HTTP/1 protocol error: bad request line")
    _emit(log, "127.0.0.1:50123: HTTP/2 protocol error: stream reset")
    _emit(log, "127.0.0.1:50123: Received HTTP/2 GOAWAY")
    _emit(log, "127.0.0.1:50123: no client on this record", client=None)
    assert counts.unreadable == 1 and counts.crashes == {}


def test_its_crash_and_its_idle_timeout_are_the_client_s_connection_s() -> None:
    from mitmproxy.proxy import server  # its proxy layers cost ~0.25 CPU-s: not at every worker's collection

    counts = _Counts()
    log = ProxyLog(counts)
    _emit(log, "mitmproxy has crashed!", logging.ERROR, exc=True)
    assert counts.crashes == {CLIENT: "NotImplementedError: trailers"}
    _emit(log, "Closing connection due to inactivity: ...")
    assert counts.crashes[CLIENT] == f"its idle timeout closed the client's connection ({server.TCP_TIMEOUT} s)"
    assert counts.unreadable == 0
