"""Endpoint templates and the ``METHOD /path`` globs config files select them with."""

from __future__ import annotations

from replay.util.endpoints import bedrock_model, endpoint, first_match, pattern_problem


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


def test_a_bedrock_model_is_its_own_endpoint_and_its_id_is_read_from_the_path() -> None:
    """Bedrock's runtime names the model (URL-encoded) in the path: each model its own endpoint, as Azure's
    deployments are; a model id that spells like a typed id ("meta-llama3x") is not an ``{id}`` there."""
    path = "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream"
    assert endpoint("POST", "https://bedrock-runtime.us-east-1.amazonaws.com" + path) == f"POST {path}"
    assert endpoint("POST", "http://h/model/meta-llama3x/invoke") == "POST /model/meta-llama3x/invoke"
    assert bedrock_model(f"POST {path}") == "anthropic.claude-3-5-sonnet-20240620-v1:0"
    arn = "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.amazon.nova-lite-v1%3A0"
    assert bedrock_model(f"/model/{arn}/invoke-with-response-stream") == (
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0"
    )
    assert bedrock_model("/v1/models/gpt-4o/converse-more") is None and bedrock_model("/model/x/list") is None
