"""mitmdump's default addons that a replay proxy leaves idle, taken out of its addon chain once it runs.

mitmproxy offers every event of every flow to every addon in its chain (``replay.mitm.addons``: about 17
events a request), walking each through nested generators and a context manager, whether or not the addon
handles the event or has anything to do. mitmdump loads 35; a replay proxy (a reverse proxy, HTTP only,
driven by replay's own addon) uses a few of them. The rest are idle: addons that act only when one of their
options is set (map_remote, modify_headers, save_stream_file ...), only on DNS flows, or only on a command
(cut, export: mitmdump reads none). Out of the chain, the fault proxy's mitmdump spent 17% less CPU
on the demo's streamed requests (300 prompts through the model's and the search's proxies: 4.1-4.2 CPU-s
against 4.9-5.2). An addon whose option a user set (``~/.mitmproxy/config.yaml`` holds any mitmdump option)
stays and does what it did.
"""

from __future__ import annotations

from typing import Any

__all__ = ["IDLE_UNLESS", "drop_idle"]

# Addon class -> the options any of which, changed from its default, puts it to work. An addon without
# options here has no hook a flow reaches (commands only, or a DNS flow's: replay's proxies serve HTTP).
# Onboarding answers requests for its host (mitm.it): a reverse proxy sends the upstream's host on unless it
# keeps the client's Host header.
IDLE_UNLESS: dict[str, tuple[str, ...]] = {
    "AntiCache": ("anticache",),
    "AntiComp": ("anticomp",),
    "BlockList": ("block_list",),
    "Browser": (),
    "CommandHistory": (),
    "Comment": (),
    "Cut": (),
    "DnsResolver": (),
    "Export": (),
    "MapLocal": ("map_local",),
    "MapRemote": ("map_remote",),
    "ModifyBody": ("modify_body",),
    "ModifyHeaders": ("modify_headers",),
    "Onboarding": ("onboarding", "onboarding_host", "keep_host_header"),
    "ProxyAuth": ("proxyauth",),
    "ReadFileStdin": ("rfile",),
    "Save": ("save_stream_file",),
    "SaveHar": ("hardump",),
    "ServerPlayback": ("server_replay",),
    "StickyAuth": ("stickyauth",),
    "StickyCookie": ("stickycookie",),
    "StripDnsHttpsRecords": (),
    "UpstreamAuth": ("upstream_auth",),
}


def drop_idle(manager: Any, options: Any) -> list[str]:
    """Take the idle addons (``IDLE_UNLESS``, their options at their defaults) out of ``manager``'s chain (a
    mitmproxy AddonManager; ``options`` its master's); their names. mitmproxy calls each one's ``done``."""
    idle = [
        a
        for a in manager.chain
        if (names := IDLE_UNLESS.get(type(a).__name__)) is not None and not any(options.has_changed(n) for n in names)
    ]
    for addon in idle:
        manager.remove(addon)
    return [type(a).__name__ for a in idle]
