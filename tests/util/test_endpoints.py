"""Endpoint templates and the ``METHOD /path`` globs config files select them with."""

from __future__ import annotations

from replay.util.endpoints import endpoint, first_match, pattern_problem


def test_templates() -> None:
    assert endpoint("get", "https://h/users/123/orders/9f1c2d3e4f5a6b7c8d9e?x=1") == "GET /users/{id}/orders/{hash}"
    assert endpoint("get", "https://h/orders/ord-8f3k2j1") == "GET /orders/{id}"


def test_a_deployments_name_is_its_own_endpoint() -> None:
    """Azure OpenAI's deployment names (and models' and engines') spelled like a typed id stay each their own
    endpoint; an id-like number there is still an id."""
    azure = "https://r.openai.azure.com/openai/deployments/{}/chat/completions?api-version=2024-10-21"
    assert endpoint("POST", azure.format("prod-gpt4o1")) == "POST /openai/deployments/prod-gpt4o1/chat/completions"
    assert endpoint("POST", azure.format("chat-model2")) != endpoint("POST", azure.format("prod-gpt4o1"))
    assert endpoint("GET", "https://h/v1/models/team-llama70b") == "GET /v1/models/team-llama70b"
    assert endpoint("GET", "https://h/api/models/123") == "GET /api/models/{id}"


def test_patterns() -> None:
    assert pattern_problem("POST /v1/*") is None and pattern_problem("* /health") is None
    assert pattern_problem("post /v1") == "'post /v1' is not 'METHOD /path' (globs allowed, e.g. 'POST /v1/*')"
    assert pattern_problem("GET") is not None and pattern_problem("/x") is not None


def test_first_match_in_order_case_as_written() -> None:
    patterns = {"POST /v1/chat/*": 1, "POST /v1/*": 2, "* /health": 3}
    assert first_match("POST /v1/chat/completions", patterns) == "POST /v1/chat/*"
    assert first_match("POST /v1/embeddings", patterns) == "POST /v1/*"
    assert first_match("GET /health", patterns) == "* /health"
    assert first_match("post /v1/embeddings", patterns) is None and first_match("GET /v1/x", []) is None
