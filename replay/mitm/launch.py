"""Start mitmdump as a child process with replay's addons and wait until it listens.

The addons talk back through a pipe (``Announcements``): one JSON object a line, such as
``{"listen": [[host, port]]}`` from ``ready.py`` or the capture's status. Nothing goes through
the file system, so a killed run leaves no ready file behind. An option whose value is
``ANNOUNCE`` is given the pipe (``fd:N``), so an addon can announce on it too.
"""

from __future__ import annotations

import os
import select
import shutil
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from replay.errors import BadInput, ProxyStartError
from replay.util.hostport import check_port_free, url_of
from replay.util.procs import Child, Children

__all__ = ["ANNOUNCE", "Announcements", "Mitmdump", "start_mitmdump"]

ADDONS_SCRIPT = Path(__file__).with_name("addons.py")  # the ready addon, and replay's scripts' addons in one
ADDONS_ENV = "REPLAY_MITM_ADDONS"  # the modules whose ``addons`` addons.py loads, comma-separated
_PACKAGE = Path(__file__).resolve().parent.parent
ANNOUNCE = object()  # an option value replaced by the announcement pipe, "fd:N"


class Announcements:
    """The read end of the pipe mitmdump's addons (and their own children) announce on.

    ``values`` keeps the last object per key; ``events`` every object in order. ``eof`` turns
    true once every process holding the write end has exited."""

    def __init__(self) -> None:
        self._r, self.w = os.pipe()
        os.set_blocking(self._r, False)
        self._buf = b""
        self.values: dict[str, Any] = {}
        self.events: list[dict[str, Any]] = []
        self.eof = False

    @property
    def target(self) -> str:
        return f"fd:{self.w}"

    def started(self) -> None:
        """The child holds the write end now; ours must go, or EOF would never come."""
        if self.w >= 0:
            os.close(self.w)
            self.w = -1

    def poll(self, timeout: float = 0.0) -> bool:
        """Read what has arrived, waiting up to ``timeout`` s for something; True if anything came."""
        if self.eof:
            return False
        ready, _, _ = select.select([self._r], [], [], timeout)
        if not ready:
            return False
        got = False
        while True:
            try:
                data = os.read(self._r, 1 << 16)
            except BlockingIOError:
                break
            if not data:
                self.eof = True
                os.close(self._r)
                break
            got = True
            self._buf += data
        *lines, self._buf = self._buf.split(b"\n")
        for line in lines:
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                self.events.append(obj)
                self.values.update(obj)
        return got

    def wait_eof(self, timeout: float) -> bool:
        """Read until every writer has gone (True) or ``timeout`` s have passed (False)."""
        deadline = time.monotonic() + timeout
        while not self.eof:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.poll(min(left, 0.5))
        return True

    def close(self) -> None:
        self.started()
        if not self.eof:
            os.close(self._r)
            self.eof = True


@dataclass(slots=True)
class Mitmdump:
    child: Child
    host: str
    port: int
    announcements: Announcements = field(default_factory=Announcements)

    @property
    def url(self) -> str:
        return url_of(self.host, self.port)

    def wait_listening(self, timeout: float = 30.0) -> Mitmdump:
        """Wait until it listens (``host`` and ``port`` then are where); ProxyStartError if it does not."""
        addrs = self.wait_for("listen", timeout, "listening")
        if not addrs:
            raise ProxyStartError(f"{self.child.name} started but listens nowhere: {self.child.tail()}")
        self.host, self.port = addrs[0]
        return self

    def wait_for(self, key: str, timeout: float, what: str) -> Any:
        """The value an addon announces under ``key``; ProxyStartError if it does not come."""

        def probe() -> Any:
            self.announcements.poll(0.05)
            return self.announcements.values.get(key)

        try:
            return self.child.wait_for(probe, timeout, what)
        except BadInput as e:
            raise ProxyStartError(str(e)) from None


def _mitmdump_exe() -> str:
    beside = Path(sys.executable).with_name("mitmdump")
    if beside.exists():
        return str(beside)
    found = shutil.which("mitmdump")
    if not found:
        raise ProxyStartError("mitmdump not found; install replay into this environment (scripts/demo does)")
    return found


def _split_scripts(scripts: Sequence[Path]) -> tuple[list[str], list[Path]]:
    """Replay's own addon scripts as module names (loaded by ``addons.py``, one script for all), and
    any other script as it is (its own ``-s``)."""
    modules, others = [], []
    for script in scripts:
        path = Path(script).resolve()
        if path.suffix == ".py" and path.is_relative_to(_PACKAGE):
            modules.append(".".join(path.relative_to(_PACKAGE.parent).with_suffix("").parts))
        else:
            others.append(Path(script))
    return modules, others


CONF_DIR = "~/.mitmproxy"  # mitmdump's confdir option by default: where it keeps its certificate authority
CA_FILE = "mitmproxy-ca.pem"


def _check_confdir(confdir: Path) -> None:
    """ProxyStartError unless mitmdump can keep its certificate authority in ``confdir``, which it makes at start
    when missing. Why: under a read-only HOME it listened, then exited ('Error logged during startup'), and the
    capture ended 'mitmdump ended (exit code 1): ... PermissionError: ... .mitmproxy', exit 3, after saying it
    listened."""
    if (confdir / CA_FILE).is_file() and os.access(confdir / CA_FILE, os.R_OK):
        return
    try:
        confdir.mkdir(mode=0o700, parents=True, exist_ok=True)
        probe = confdir / f".replay-probe-{os.getpid()}"  # the CA is written beside it
        os.close(os.open(probe, os.O_CREAT | os.O_WRONLY, 0o600))
        probe.unlink()
    except OSError as e:
        raise ProxyStartError(
            f"{confdir}: mitmdump keeps its certificate authority there and cannot make it ({e.strerror}); "
            "run with a HOME it can write (HOME=/some/dir replay ...)"
        ) from None


def start_mitmdump(
    children: Children,
    name: str,
    mode: str | Sequence[str],
    listen: tuple[str, int],
    scripts: Sequence[Path] = (),
    options: Mapping[str, object] = {},
    timeout: float | None = 30.0,
    pass_fds: Sequence[int] = (),
) -> Mitmdump:
    """Start ``mitmdump --mode MODE`` with ``scripts`` loaded; return once it is listening. With ``timeout``
    None, return at once (``Mitmdump.wait_listening`` waits): several boot side by side, a second or more each.
    Several modes, each ``MODE@HOST:PORT``, are a listener each in one process, ``listen`` the first's."""
    host, port = listen
    check_port_free(host, port)
    _check_confdir(Path(os.path.expanduser(CONF_DIR)))
    ann = Announcements()
    argv = [_mitmdump_exe(), "-q", "--listen-host", host, "--listen-port", str(port)]
    for one in [mode] if isinstance(mode, str) else mode:
        argv += ["--mode", one]
    modules, others = _split_scripts(scripts)
    for script in (ADDONS_SCRIPT, *others):
        argv += ["-s", str(script)]
    for key, value in {"replay_ready": ANNOUNCE, **options}.items():
        # A sequence option takes one --set per item; mitmproxy collects them.
        for item in value if isinstance(value, list | tuple) else [value]:
            text = ann.target if item is ANNOUNCE else str(item).lower() if isinstance(item, bool) else str(item)
            argv += ["--set", f"{key}={text}"]
    try:
        child = children.start(name, argv, env={ADDONS_ENV: ",".join(modules)}, pass_fds=(ann.w, *pass_fds))
    finally:
        ann.started()
    mitm = Mitmdump(child, host, port, ann)
    return mitm if timeout is None else mitm.wait_listening(timeout)
