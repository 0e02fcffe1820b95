"""What mitmproxy says of a client's connection in its server log and in no hook (read by the capture addon): a
request it could not read, its own crash, its idle timeout closing a connection."""

from __future__ import annotations

import logging
from typing import Protocol

from mitmproxy.utils import human

__all__ = ["SERVER_LOG", "Counts", "ProxyLog"]

SERVER_LOG = logging.getLogger("mitmproxy.proxy.server")  # where mitmproxy's connection handlers log
_IDLE = "Closing connection due to inactivity"  # what it logs as its timeout closes a connection
_HTTP2_SAYS = ("HTTP/2", "Received HTTP/2")  # its HTTP/2 layer's errors, under the same prefix: not a request refused


class Counts(Protocol):
    """What the log's handler counts in: the capture's crashes by client address, its unreadable requests."""

    crashes: dict[object, str]
    unreadable: int


class ProxyLog(logging.Handler):
    """What mitmproxy says of a client's connection that no hook tells: a request it could not read (its 400 went to
    the client, and no flow came of it) and its own crash (whose flow, if any, gets no further hook)."""

    def __init__(self, capture: Counts) -> None:
        super().__init__(logging.INFO)
        self.capture = capture

    def emit(self, record: logging.LogRecord) -> None:
        client = getattr(record, "client", None)
        if client is None:
            return
        msg = record.getMessage()
        if record.levelno >= logging.ERROR and record.exc_info and record.exc_info[1] is not None:
            e = record.exc_info[1]
            self.capture.crashes[client] = f"{type(e).__name__}: {e}"
        elif msg.startswith(_IDLE):
            # Imported here: in mitmdump it is loaded already; a process that only imports the addon (each pytest
            # worker's collection) is spared its proxy layers (~0.25 CPU-s).
            from mitmproxy.proxy import server

            # Its only timeout: a connection with no byte either way for that long is closed, its flow left to read
            # "Client disconnected.", as if its client had given up on a slow upstream; its client got no answer.
            self.capture.crashes[client] = f"its idle timeout closed the client's connection ({server.TCP_TIMEOUT} s)"
        else:
            prefix = f"{human.format_address(client)}: "  # mitmproxy's HTTP/1 reader on a head it cannot parse
            if msg.startswith(prefix) and not msg.startswith(_HTTP2_SAYS, len(prefix)):
                self.capture.unreadable += 1
