"""The assistant's fallback chain: primary model, then the secondary model on the Anthropic API (its own
model id and latency), then the canned answer; ``x-fallback-path`` says which answered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from replay.demo.world import Service, start_assistant, start_model, start_search
from replay.util.procs import Children
from replay.util.servertiming import server_timing
from tests.demo.conftest import FAST_MODEL, ask


@pytest.fixture(scope="module")
def chain() -> Iterator[tuple[Service, Service, Service]]:
    """A search service, the model, and a slower second model server for the secondary."""
    with Children() as children:
        yield (
            start_search(children),
            start_model(children, FAST_MODEL),
            start_model(children, {**FAST_MODEL, "ttft": 0.2}, name="model-b"),
        )


def _assistant(children: Children, chain: tuple[Service, Service, Service], name: str, **knobs: object) -> Service:
    search, model, other = chain
    sets = {"secondary_url": other.url, **knobs}
    return start_assistant(children, "production", model.url, search.url, sets, name)


def test_each_path_answers_and_says_so(chain: tuple[Service, Service, Service]) -> None:
    with Children() as children:
        ok = _assistant(children, chain, "ok")
        broken = _assistant(children, chain, "broken", model="no-such-model")  # a 404 from the primary: not retried
        dead = _assistant(children, chain, "dead", model="no-such-model", secondary_model="nor-this-one")
        primary = ask(ok.url, "How do I reset my password?")
        secondary = ask(broken.url, "How do I reset my password?")
        canned = ask(dead.url, "How do I reset my password?")
        streamed = ask(broken.url, "How do I reset my password?", stream=True)
    assert primary.headers["x-fallback-path"] == "primary" and primary.json()["model"] == "support-mini-2024-07"
    assert secondary.headers["x-fallback-path"] == "secondary" and secondary.headers["x-fallback"] == "false"
    body = secondary.json()
    assert body["model"] == "support-claude-2024-10" and body["usage"]  # read from the Anthropic API
    assert "Reset password" in body["answer"] or "password" in body["answer"].lower()
    assert canned.headers["x-fallback-path"] == "canned" and canned.headers["x-fallback"] == "true"
    assert streamed.headers["x-fallback-path"] == "secondary" and "event: done" in streamed.text
    # Server-Timing names every dependency each path called (a real service's would), the model by its desc
    said = {name: set(server_timing(r.headers["server-timing"])) for name, r in [("primary", primary),
            ("secondary", secondary), ("canned", canned), ("streamed", streamed)]}  # fmt: skip
    assert said == {
        "primary": {"search", "model"},
        "secondary": {"search", "model", "fallback"},
        "canned": {"search", "model", "fallback"},
        "streamed": {"search", "model", "fallback"},
    }
    assert "fallback;dur=" in secondary.headers["server-timing"]
    assert secondary.headers["server-timing"].endswith(';desc="support-claude-2024-10"')
