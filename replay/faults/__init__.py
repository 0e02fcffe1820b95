"""Fault injection into a service's upstream dependencies: a mitmproxy reverse proxy that slows,
fails, cuts, throttles and rate-limits what passes through it, switched between named profiles at runtime.

    decide.py    which faults a request gets: matchers, seeded probabilities, latency draws
    bodies.py    error bodies and mid-stream error events in OpenAI, Anthropic or plain shape
    counters.py  requests seen, faults injected by type and by rule, upstream latency, per profile segment
    watch.py     the upstream's own error bodies and stream error events under a success status (no rule's)
    limits.py    the stateful limits: token buckets, calls in flight, the quota a client is told
    http1.py     a minimal HTTP/1.1 server loop on asyncio streams (h11) for the two below
    streamer.py  in-process reverse path for faulted responses: paces, stalls, cuts, throttles
    control.py   the loopback control endpoint: switch the profile, read the counters
    addon.py     the mitmdump addon (``mitmdump -s replay/faults/addon.py``)
    proxy.py     start the proxy as a child process; switch profiles and read counters from outside
    cli.py       ``replay faults --upstream URL --listen HOST:PORT --profile FILE``

Fault rules and profiles are read by ``replay.config.faults``; the proxies of one run are started by
``replay.runner.faults``.

Nothing here imports locust, and only addon.py imports mitmproxy. Inside mitmdump run addon.py and what
it imports: the servers on mitmdump's event loop (streamer.py, control.py), decide.py, limits.py,
counters.py, watch.py and bodies.py (which the demo's mock model also uses); proxy.py and cli.py run outside it.
"""

from __future__ import annotations
