"""mitmdump addon: tell the parent the addresses the proxy listens on once it is running.

The parent process reads them, so it never guesses a port or parses log text. Load it with
``mitmdump -s replay/mitm/ready.py --set replay_ready=TARGET``, where TARGET is ``fd:N`` (a pipe
the parent passed down: one JSON object a line, nothing on disk) or a file path (written
atomically). Other replay addons announce on the same pipe with ``announce``.
"""

from __future__ import annotations

import contextlib
import gc
import os
from pathlib import Path
from typing import Any

import orjson
from mitmproxy import ctx

from replay.mitm.idle import drop_idle

__all__ = ["announce"]


def announce(target: str, data: dict[str, Any]) -> None:
    """Send ``data`` to ``target``: one line down the pipe ``fd:N``, or the file at a path, atomically.

    A line is one write(2) under PIPE_BUF bytes, so lines from several processes never interleave.
    A parent that has gone is not an error: there is nobody left to tell."""
    if not target:
        return
    if target.startswith("fd:"):
        with contextlib.suppress(OSError):
            os.write(int(target[3:]), orjson.dumps(data) + b"\n")
        return
    tmp = Path(target + ".tmp")
    tmp.write_bytes(orjson.dumps(data))
    tmp.replace(target)  # atomic: the reader never sees half a file


class Ready:
    def load(self, loader) -> None:  # type: ignore[no-untyped-def]
        loader.add_option("replay_ready", str, "", "Where to announce the listen addresses: fd:N or a file.")

    def running(self) -> None:
        drop_idle(ctx.master.addons, ctx.options)  # before the freeze: what they leave is collected first
        # mitmproxy's start-up leaves ~85,000 long-lived objects (modules, options, addons) that every
        # collection of the oldest generation walked again: 45-60 ms of CPU each, about one per few
        # thousand requests. Moved out of the collector's sight (a collection runs first, so nothing
        # unreachable is kept), they are no longer walked; what later requests leave behind still is.
        gc.collect()
        gc.freeze()
        server = ctx.master.addons.get("proxyserver")
        addrs = [[str(a[0]), int(a[1])] for a in server.listen_addrs()]
        announce(ctx.options.replay_ready, {"pid": os.getpid(), "listen": addrs})


addons = [Ready()]
