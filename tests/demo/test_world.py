"""The demo world's wiring: a staging assistant behind a fault proxy calls a fallback model on the other
provider's API directly, one on its own API through the proxy."""

from __future__ import annotations

from replay.demo.world import _fallback_url

MODEL = "http://127.0.0.1:8001"


def test_a_fallback_model_on_another_api_calls_the_model_past_the_primary_s_fault_proxy() -> None:
    assert _fallback_url("production", {}, MODEL) == {"secondary_url": MODEL}
    assert _fallback_url("candidate", {"api": "anthropic"}, MODEL) == {"secondary_url": MODEL}
    # The same API is the same provider: through the proxy, as the primary (the assistant's default URL).
    assert _fallback_url("production", {"secondary_api": "openai"}, MODEL) == {}
    assert _fallback_url("production", {"api": "anthropic", "secondary_api": "anthropic"}, MODEL) == {}
    # No fallback model, no proxy in between (no origin), or a URL of its own given: nothing to wire.
    assert _fallback_url("production", {"secondary_model": ""}, MODEL) == {}
    assert _fallback_url("production", {}, "") == {}
    assert _fallback_url("production", {"secondary_url": "http://127.0.0.1:9"}, MODEL) == {}
