"""Start mitmdump as a child process with replay's addons and wait until it listens."""

from __future__ import annotations

import shutil
import sys
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import orjson

from replay.errors import BadInput, ProxyStartError
from replay.util.hostport import check_port_free, url_of
from replay.util.procs import Child, Children

__all__ = ["Mitmdump", "start_mitmdump"]

READY_ADDON = Path(__file__).with_name("ready.py")


@dataclass(slots=True)
class Mitmdump:
    child: Child
    host: str
    port: int

    @property
    def url(self) -> str:
        return url_of(self.host, self.port)


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
