"""Start mitmdump as a child process with replay's addons and wait until it listens."""

from __future__ import annotations

import errno
import shutil
import socket
import sys
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import orjson

from replay.errors import BadInput, ProxyStartError
from replay.procs import Child, Children

__all__ = ["Mitmdump", "check_port_free", "free_port", "parse_listen", "parse_upstream", "start_mitmdump"]

READY_ADDON = Path(__file__).with_name("ready.py")


@dataclass(slots=True)
class Mitmdump:
    child: Child
    host: str
    port: int

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def parse_upstream(url: str, what: str = "--upstream") -> str:
    """Check an upstream base URL (http or https, a host, a valid port); return it unchanged."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise BadInput(f"{what} {url!r} does not parse ({e}); give a URL like http://127.0.0.1:8000") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInput(f"{what} {url!r} is not an http(s) URL with a host; give a URL like http://127.0.0.1:8000")
    if port == 0:
        raise BadInput(f"{what} {url!r} has port 0; give the port the service listens on")
    return url


def parse_listen(value: str, what: str = "--listen") -> tuple[str, int]:
    """``HOST:PORT`` (or ``PORT``, on 127.0.0.1) to a pair; port 0 picks a free port."""
    host, sep, port_s = value.rpartition(":")
    host = host.strip("[]") if sep else "127.0.0.1"
    try:
        port = int(port_s)
        if not 0 <= port <= 65535:
            raise ValueError
    except ValueError:
        raise BadInput(f"{what} {value!r}: expected HOST:PORT with a port from 0 to 65535") from None
    return host or "127.0.0.1", port


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


def free_port(host: str = "127.0.0.1") -> int:
    """A port free now on ``host``, for a child that must be told its port before it starts."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _mitmdump_exe() -> str:
    beside = Path(sys.executable).with_name("mitmdump")
    if beside.exists():
        return str(beside)
    found = shutil.which("mitmdump")
    if not found:
        raise ProxyStartError("mitmdump not found; install replay into this environment (scripts/demo does)")
    return found


def start_mitmdump(
    children: Children,
    name: str,
    mode: str,
    listen: tuple[str, int],
    scripts: Sequence[Path] = (),
    options: Mapping[str, object] = {},
    timeout: float = 30.0,
) -> Mitmdump:
    """Start ``mitmdump --mode MODE`` with ``scripts`` loaded; return once it is listening."""
    host, port = listen
    check_port_free(host, port)
    ready = str(Path(tempfile.gettempdir()) / f"replay-ready-{uuid.uuid4().hex}.json")
    argv = [_mitmdump_exe(), "-q", "--mode", mode, "--listen-host", host, "--listen-port", str(port)]
    for script in (READY_ADDON, *scripts):
        argv += ["-s", str(script)]
    for key, value in {"replay_ready": ready, **options}.items():
        # A sequence option takes one --set per item; mitmproxy collects them.
        for item in value if isinstance(value, list | tuple) else [value]:
            text = str(item).lower() if isinstance(item, bool) else str(item)
            argv += ["--set", f"{key}={text}"]
    child = children.start(name, argv)
    ready_path = Path(ready)

    def probe() -> dict | None:
        return orjson.loads(ready_path.read_bytes()) if ready_path.exists() else None

    try:
        info = child.wait_for(probe, timeout, "listening")
    except BadInput as e:
        raise ProxyStartError(str(e)) from None
    finally:
        ready_path.unlink(missing_ok=True)
    if not info["listen"]:
        raise ProxyStartError(f"{name} started but listens nowhere: {child.tail()}")
    bound_host, bound_port = info["listen"][0]
    return Mitmdump(child, bound_host, bound_port)
