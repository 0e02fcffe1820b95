"""``host:port`` in one place: listen addresses, upstream URLs, ``HOST:PORT`` options, free ports."""

from __future__ import annotations

import errno
import ipaddress
import itertools
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from replay.console import warn
from replay.errors import BadInput

__all__ = [
    "check_bind",
    "check_distinct",
    "check_port_free",
    "free_port",
    "is_loopback",
    "join_hostport",
    "parse_hostport",
    "parse_listen",
    "parse_proxy",
    "parse_upstream",
    "split_hostport",
    "url_of",
]


def join_hostport(host: str, port: int) -> str:
    """``host:port``, with an IPv6 host in brackets (as ``split_hostport`` and ``parse_listen`` read it)."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def url_of(host: str, port: int, scheme: str = "http") -> str:
    """``http://host:port``, with an IPv6 host in brackets."""
    return f"{scheme}://{join_hostport(host, port)}"


def split_hostport(text: str) -> tuple[str, int | None]:
    """``host``, ``host:port``, ``[v6]:port`` or ``[v6]`` to ``(host, port or None)``; ValueError on a bad port."""
    text = text.strip()
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, _port(rest[1:]) if rest.startswith(":") else None
    if text.count(":") == 1:
        host, _, port = text.partition(":")
        return host, _port(port)
    return text, None


def _port(text: str) -> int:
    """A port's digits as its number; ValueError for the rest int() takes: ' 80', '+80', '8_0', Arabic-Indic digits
    (each was port 80)."""
    if not (text.isascii() and text.isdigit()):
        raise ValueError(f"not a port: {text!r}")
    return int(text)


def parse_hostport(text: str, what: str, connect: bool = False) -> tuple[str, int]:
    """``HOST:PORT`` with both parts required; BadInput naming ``what`` otherwise. ``connect``: an address
    to connect to, where port 0 (a listener's "any free port") names nothing and would be waited on forever."""
    try:
        host, port = split_hostport(text)
    except ValueError:
        host, port = "", None
    if not host or port is None or not 0 <= port <= 65535:
        raise BadInput(f"{what} {text!r} is not HOST:PORT; give e.g. 127.0.0.1:5557")
    if bad := _not_in_a_host(host):  # 'u@127.0.0.1:9' went to zmq, whose traceback ended the worker (exit 3)
        raise BadInput(f"{what} {text!r}: its host holds {bad!r}, which no host name does; give e.g. 127.0.0.1:5557")
    if connect and port == 0:
        raise BadInput(f"{what} {text!r} has port 0; give the port the master printed it listens on")
    return host, port


def parse_upstream(url: str, what: str = "--upstream", proxied: bool = False) -> str:
    """Check an upstream base URL (http or https, a host, a valid port; ``proxied``: of a mitmdump reverse
    proxy, which takes no path either); return it unchanged."""
    if any(c in "\t\r\n" for c in url):  # urlsplit drops them unsaid: the proxy was handed them
        raise BadInput(f"{what} {url!r} holds a tab or a line break, which no URL can; remove it")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise BadInput(f"{what} {url!r} does not parse ({e}); give a URL like http://127.0.0.1:8000") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"{what} {url!r} is not an http(s) URL with a host; give a URL like http://127.0.0.1:8000")
    if port == 0:
        raise BadInput(f"{what} {url!r} has port 0; give the port the service listens on")
    if port is None and parts.netloc.endswith(":"):  # mitmdump refuses it, after it started: "Invalid server spec"
        raise BadInput(f"{what} {url!r} has nothing after its port's ':'; give the port, or drop the ':'")
    if bad := _not_in_a_host(parts.hostname):
        # said here, not by the proxy that fails to start on it (or a connection that never resolves)
        raise BadInput(f"{what} {url!r}: its host holds {bad!r}, which no host name does; give a host name or address")
    path = proxied and parts.path not in ("", "/")
    if path or parts.query or parts.fragment or parts.username is not None:
        extra = "a path" if path else "a query, fragment or user"
        raise BadInput(f"{what} {url!r} has {extra}; give only scheme, host and port, like http://127.0.0.1:8000")
    return url


def _not_in_a_host(host: str) -> str | None:
    """The first character of ``host`` no host name or IPv4 address holds (an IPv6 address, with its colons and
    zone, is the resolver's to judge); None when there is none."""
    if ":" in host:
        return None
    return next((c for c in host if not c.isalnum() and c not in "-._"), None)


def parse_listen(value: str, what: str = "--listen") -> tuple[str, int]:
    """``HOST:PORT`` (or ``PORT``, on 127.0.0.1) to a pair; port 0 picks a free port."""
    try:
        if value.strip().isdigit():
            host, port = "127.0.0.1", _port(value.strip())
        else:
            host, got = split_hostport(value)
            if got is None and not value.strip().startswith("["):  # an IPv6 host without brackets: ::1:8080
                head, _, tail = value.strip().rpartition(":")
                host, got = head, _port(tail)
            if got is None or "[" in host or "]" in host:
                raise ValueError
            port = got
        if not 0 <= port <= 65535:
            raise ValueError
    except ValueError:
        raise BadInput(f"{what} {value!r}: expected HOST:PORT with a port from 0 to 65535") from None
    if bad := _not_in_a_host(host):
        raise BadInput(f"{what} {value!r}: its host holds {bad!r}, which no host name does; give e.g. 127.0.0.1:8080")
    return host or "127.0.0.1", port


def parse_proxy(upstream: str, listen: str, what: tuple[str, str] = ("--upstream", "--listen")) -> tuple[str, int]:
    """A reverse proxy's upstream URL and listen address (``what``: their names), checked (``parse_upstream``,
    ``parse_listen``), and not the same address: a proxy in front of itself sends every request back to itself,
    one connection more each time, until it runs out of them. The listen address as a pair."""
    parse_upstream(upstream, what[0], proxied=True)
    host, port = parse_listen(listen, what[1])
    u = urlsplit(upstream)
    target = u.hostname or "", u.port or (443 if u.scheme == "https" else 80)
    if port and target[1] == port and _same_host(target[0], host):
        raise BadInput(
            f"{what[0]} {upstream!r} is the proxy's own {what[1]} address: every request would come back to the "
            "proxy; give the service's address"
        )
    return host, port


def _same_host(connect: str, listen: str) -> bool:
    """Whether connecting to ``connect`` can reach a socket listening on ``listen``."""
    return connect == listen or (is_loopback(connect) and (is_loopback(listen) or listen in ("0.0.0.0", "::")))


def check_distinct(first: tuple[str, int], second: tuple[str, int], what: tuple[str, str]) -> None:
    """BadInput unless two addresses one process listens on (``what``: their options) can both be bound: the
    second was refused as taken ('port N is already in use', or mitmdump's bind traceback), not said by what."""
    (host, port), (other, other_port) = first, second
    if port and port == other_port and (_same_host(host, other) or _same_host(other, host)):
        raise BadInput(
            f"{what[1]}: port {port} is the one {what[0]} listens on; give each its own port (0: any free one)"
        )


def check_port_free(host: str, port: int, what: str = "--listen") -> None:
    """BadInput naming the port when something already listens there."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        # mitmproxy sets SO_REUSEADDR too, so test under the same rule it binds with.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                raise BadInput(f"{what}: port {port} on {host} is already in use; choose another port") from None
            raise BadInput(f"{what}: cannot listen on {host}:{port} ({e.strerror}); choose another address") from None


# Ports handed out by free_port, below the kernel's ephemeral range: a port bound to 0 and closed is the kernel's
# to give again, to any bind to port 0 or outgoing connection on the machine, before the child that was told it
# listens there (a rehearsal's fault proxies bind theirs half a minute after the demo wires staging to them). One
# below the range is never given out so; each process (a forked one too) starts at a place of its own pid's.
_BELOW_EPHEMERAL = 12_000
_picks = itertools.count()


def _ephemeral_low() -> int:
    """The lowest port of the kernel's ephemeral range (Linux's setting; IANA's 49152 elsewhere)."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 49152


def free_port(host: str = "127.0.0.1") -> int:
    """A port free now on ``host``, for a child that must be told its port before it starts: one below the
    ephemeral range, which the kernel gives no one else meanwhile (an ephemeral one only if none there is free)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET  # an IPv6 listen address (::1) too
    low = _ephemeral_low()
    first = max(1024, low - _BELOW_EPHEMERAL)
    for _ in range(64):
        port = first + (os.getpid() * 7919 + next(_picks)) % (low - first)
        with socket.socket(family) as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
            return port
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, what: str, allow_remote: bool, danger: str) -> None:
    """Binding anything but loopback needs ``--allow-remote``, and is said aloud: ``danger`` says why."""
    if is_loopback(host):
        return
    if not allow_remote:
        raise BadInput(
            f"{what}: {host} is not a loopback address: {danger}; bind 127.0.0.1, or pass --allow-remote "
            "if other machines must reach it"
        )
    warn(f"{what}: listening on {host}, reachable from other machines: {danger}")
