"""The demo's capacity story: the production release's capacity against the candidate's, with the model slowed.

Each release in turn runs as staging behind the scenario's fault proxy (``scenarios/demo.toml``: its
``[load] search`` keeps the faults in step 2's profile, the model 1 s slow, and judges probes by the gates
that move with load) in front of a model deployment of its own with ``SLOTS`` generations at once, so that
the knee lies at rates a laptop drives. ``replay demo`` runs ``pipeline.search`` for each with these
pieces; probes are short and the bracket is loose (``PRECISION``) to keep it within minutes. The
candidate's tighter model timeout and extra retries hold each request longer and multiply model calls
once the model queues: it collapses into canned answers well before production does.

The search's profile keeps the model's latency but not its injected errors, nor the other dependencies' faults
(``quiet``; the search service is 650 ms slow at step 2 in the rehearsal): step 2 answers a quarter of the chat
calls 503 for the rehearsal's back-off gate, and one request in 64 that met three in a row went to production's
secondary model some 5.5 s later, so production's p99 at 8 requests/s was already 5.6 s and the 8 s gate broke on
that draw, not on the queue. The deployment queues a call for up to ``QUEUE``
seconds before its 429: production, whose 10 s timeout outlasts the wait, takes its turn (one call a
request); the candidate gives up after 2 s and calls again while its abandoned call still holds its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from replay.config.scenario import Scenario
from replay.demo.world import Egress, Service, start_model
from replay.judge.capacity import Capacity
from replay.util.procs import Children

__all__ = ["RELEASES", "ReleaseCapacity", "compare", "quiet", "search_sets", "start_deployment", "start_release"]

RELEASES = ("production", "candidate")
SLOTS = 4  # generations at once of the model deployment the releases are searched against
QUEUE = 8.0  # seconds a call waits for one of them before the deployment answers 429
START = 8.0  # requests/s of the first probe
PRECISION = 0.2  # the bracket: the failing rate within 20% of the passing one


@dataclass(slots=True)
class ReleaseCapacity:
    release: str
    capacity: Capacity
    out: Path


def search_sets(egress: Egress, probe: str) -> list[str]:
    """The scenario overrides of one release's search: the fault proxies on ``egress``'s ports, short probes from
    ``START`` with a ``PRECISION`` bracket."""
    return [
        *egress.sets(),
        f"load.search.duration={probe}",
        f"load.search.start={START}",
        f"load.search.precision={PRECISION}",
    ]


def quiet(scenario: Scenario) -> list[str]:
    """The overrides that switch off the error rules (probability 0) of the profile the search keeps, and every
    fault of the other dependencies' proxies (the search's, the fallback model's) at its step: the search measures
    the releases with the model slowed, not with whatever else the rehearsal's step injects."""
    search = scenario.load.search
    step = search.fault_step if search else 0
    sets = []
    for i, fault in enumerate(scenario.faults):
        if i > 0:  # another dependency's proxy: nothing injected at the search's step (one without steps keeps its own)
            sets += [f"faults.{i}.steps.{step}=none"] if fault.steps else []
            continue
        name = fault.step_profile(step)
        for j, profile in enumerate(fault.profiles):
            errors = [k for k, rule in enumerate(profile.rules) if rule.type == "error"] if profile.name == name else []
            sets += [f"faults.{i}.profiles.{j}.rules.{k}.probability=0" for k in errors]
    return sets


def start_release(children: Children, release: str, egress: Egress, knobs: dict[str, str]) -> Service:
    """One release as staging, each dependency behind its fault proxy's port in ``egress``."""
    return egress.begin(children, release, knobs, f"capacity-{release}").wait()


def start_deployment(children: Children) -> Service:
    """The model deployment the releases are searched against: ``SLOTS`` generations at once, a call queued
    for ``QUEUE`` seconds at most."""
    return start_model(children, {"capacity": SLOTS, "queue_timeout": QUEUE}, name=f"model ({SLOTS} slots)")


def _rate(cap: Capacity) -> str:
    lo, hi = cap.bracket
    if hi is None:
        return f"{lo:g} requests/s or more (the search's max)"
    at_hi = cap.probe_at(hi)
    off = {p: s for p, s in (at_hi.paths if at_hi else {}).items() if p not in ("primary", "filter") and s >= 0.05}
    took = "".join(f"; {p} answered {s:.0%}" for p, s in sorted(off.items(), key=lambda ps: -ps[1]))
    if cap.capacity is None:
        return f"under {hi:g} requests/s: no rate held every gate ({cap.broke} broke at {hi:g}{took})"
    return (
        f"{lo:g} requests/s (bracket {lo:g}..{hi:g}, {len(cap.probes)} probes; at {hi:g} {cap.broke} broke first{took})"
    )


def compare(found: list[ReleaseCapacity]) -> list[str]:
    """Lines for the terminal: each release's capacity, and how the candidate's compares."""
    if not found:
        return []
    faults = found[0].capacity.faults or "no faults"
    lines = [f"capacity with {faults} (no injected errors), against a model of {SLOTS} generations at once:"]
    lines += [f"  {f.release:<11} {_rate(f.capacity)}" for f in found]
    by = {f.release: f.capacity.capacity for f in found}
    prod, cand = by.get("production"), by.get("candidate")
    if prod is None or len(by) < 2:
        return lines
    if cand is None:
        lines.append("verdict: with the model slow the candidate held no rate the search tried; production held some")
    elif cand < prod:
        lines.append(
            f"verdict: with the model slow the candidate holds {1 - cand / prod:.0%} less load than production"
        )
    else:
        lines.append("verdict: with the model slow the candidate holds as much load as production")
    return lines
