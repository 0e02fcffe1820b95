"""Send a population to the assistant: Poisson arrivals, bounded concurrency, httpx, streams read to the end.

An open arrival process (exponential gaps at ``rate`` per second, seeded) with at most ``concurrency``
requests in flight: when all slots are busy the next arrival waits, as users behind a saturated client
pool would. Stops after the last prompt or at ``duration`` seconds, whichever comes first.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from replay.demo.population import Prompt

__all__ = ["DriveSummary", "Outcome", "arrivals", "drive", "run_interruptible"]

T = TypeVar("T")


@dataclass(slots=True)
class Outcome:
    """One request as the user saw it; ``error`` holds the transport failure, if any."""

    index: int
    family: str
    status: int | None
    latency: float
    fallback: bool = False
    error: str | None = None


@dataclass(slots=True)
class DriveSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def sent(self) -> int:
        return len(self.outcomes)

    def status_mix(self) -> dict[str, int]:
        c = Counter(str(o.status) if o.status is not None else (o.error or "error") for o in self.outcomes)
        return dict(sorted(c.items()))

    @property
    def fallbacks(self) -> int:
        return sum(o.fallback for o in self.outcomes)


async def _send(client: httpx.AsyncClient, url: str, index: int, p: Prompt) -> Outcome:
    start = time.perf_counter()
    try:
        if p.stream:
            async with client.stream("POST", url, json=p.body()) as r:
                async for _ in r.aiter_raw():
                    pass
        else:
            r = await client.post(url, json=p.body())
    except httpx.HTTPError as e:
        return Outcome(index, p.family, None, time.perf_counter() - start, error=type(e).__name__)
    fallback = r.headers.get("x-fallback") == "true"
    return Outcome(index, p.family, r.status_code, time.perf_counter() - start, fallback)


async def drive(
    url: str,
    prompts: Sequence[Prompt],
    rate: float,
    concurrency: int,
    seed: int,
    duration: float | None = None,
    timeout: float = 30.0,
    on_done: Callable[[Outcome], None] | None = None,
) -> DriveSummary:
    """POST each prompt to ``url`` at Poisson arrival times; returns every outcome, in completion order."""
    offsets = arrivals(len(prompts), rate, seed)
    summary = DriveSummary()
    slots = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    start = time.perf_counter()

    async def one(index: int, p: Prompt) -> None:
        try:
            outcome = await _send(client, url, index, p)
        finally:
            slots.release()
        summary.outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)

    async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:
        tasks = []
        for index, p in enumerate(prompts):
            if duration and offsets[index] > duration:
                break
            await asyncio.sleep(max(0.0, start + offsets[index] - time.perf_counter()))
            await slots.acquire()
            tasks.append(asyncio.create_task(one(index, p)))
        await asyncio.gather(*tasks)
    summary.elapsed = time.perf_counter() - start
    return summary


def arrivals(n: int, rate: float, seed: int) -> list[float]:
    """The second, from its start, at which ``drive`` sends each of ``n`` prompts (exponential gaps at ``rate``
    per second, seeded): a command can tell before it drives how many a duration lets it send."""
    rng = random.Random(seed)
    return list(itertools.accumulate(rng.expovariate(rate) for _ in range(n)))


def run_interruptible(main: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(main)`` under replay's own Ctrl-C and SIGTERM handler (``util.procs.sigterm_as_interrupt``,
    which asyncio leaves in place), whose KeyboardInterrupt lands in whichever task was running: asyncio then
    logged that task's interrupt with a traceback ("Task exception was never retrieved", or "unhandled
    exception during asyncio.run() shutdown"), before the command's one line: 2 of 24 ``replay demo``
    interrupts at random moments (H154). The interrupt alone comes out; any other task error is logged."""
    with asyncio.Runner() as runner:
        runner.get_loop().set_exception_handler(_unless_interrupt)
        return runner.run(main)


def _unless_interrupt(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    if not isinstance(context.get("exception"), KeyboardInterrupt):
        loop.default_exception_handler(context)
