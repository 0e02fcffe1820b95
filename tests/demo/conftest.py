"""Fixtures of the demo tests: one shared world with a fast model, and helpers to call the assistant."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from replay.demo.world import World, start_world
from replay.util.procs import Children
from tests.conftest import one_worker

# Fast but not instant: streams still arrive token by token.
FAST_MODEL = {"ttft": 0.02, "per_token": 0.001, "latency_jitter": 0.0}
# The tests of the shared world, in every module: one worker starts it once (tests.conftest.one_worker)
WORLD = one_worker("demo world")


@pytest.fixture(scope="session")
def world() -> Iterator[World]:
    with Children() as children:
        yield start_world(children, model=FAST_MODEL)


def ask(
    base_url: str, text: str | list[tuple[str, str]], stream: bool = False, timeout: float = 30.0
) -> httpx.Response:
    """POST one conversation (a question, or (role, content) turns) to an assistant; the body is read."""
    turns = [("user", text)] if isinstance(text, str) else text
    body = {"messages": [{"role": r, "content": c} for r, c in turns], "user_id": "u-test", "stream": stream}
    return httpx.post(base_url + "/api/assist", json=body, timeout=timeout)
