"""mitmdump addon: write the addresses the proxy listens on to a file once it is running.

The parent process waits for that file, so it never guesses a port or parses log text.
Load it with ``mitmdump -s replay/mitm/ready.py --set replay_ready=PATH``.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from mitmproxy import ctx


class Ready:
    def load(self, loader) -> None:  # type: ignore[no-untyped-def]
        loader.add_option("replay_ready", str, "", "File to write the listen addresses to when running.")

    def running(self) -> None:
        path = ctx.options.replay_ready
        if not path:
            return
        server = ctx.master.addons.get("proxyserver")
        addrs = [[str(a[0]), int(a[1])] for a in server.listen_addrs()]
        tmp = Path(path + ".tmp")
        tmp.write_bytes(orjson.dumps({"pid": os.getpid(), "listen": addrs}))
        tmp.replace(path)  # atomic: the reader never sees half a file


addons = [Ready()]
