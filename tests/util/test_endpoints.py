"""Endpoint templates and the ``METHOD /path`` globs config files select them with."""

from __future__ import annotations

from replay.util.endpoints import endpoint, first_match, pattern_problem


def test_templates() -> None:
    assert endpoint("get", "https://h/users/123/orders/9f1c2d3e4f5a6b7c8d9e?x=1") == "GET /users/{id}/orders/{hash}"


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
