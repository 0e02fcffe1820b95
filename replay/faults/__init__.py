"""Fault injection into a service's upstream dependencies: a mitmproxy reverse proxy that slows,
fails, cuts and throttles what passes through it, switched between named profiles at runtime.

    profile.py   fault rules, profiles and profile files (TOML); the scenario's [[faults]] section
    decide.py    which faults a request gets: matchers, seeded probabilities, latency draws
    bodies.py    error bodies and mid-stream error events in OpenAI, Anthropic or plain shape
    counters.py  requests seen, faults injected by type, upstream latency, per profile segment
    http1.py     a minimal HTTP/1.1 server loop on asyncio streams (h11) for the two below
    streamer.py  in-process reverse path for faulted responses: paces, stalls, cuts, throttles
    control.py   the loopback control endpoint: switch the profile, read the counters
    addon.py     the mitmdump addon (``mitmdump -s replay/faults/addon.py``)
    proxy.py     start the proxy as a child process; switch profiles and read counters from outside
    session.py   the proxies of a scenario's [[faults]] for one run: what the runner calls
    cli.py       ``replay faults --upstream URL --listen HOST:PORT --profile FILE``
    demo.py      an upstream-latency sweep on the demo world (``python -m replay.demo.sweep``)

Nothing here imports locust; only addon.py, streamer.py and control.py run inside mitmdump.
"""

from __future__ import annotations
