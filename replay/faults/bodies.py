"""Error responses, mid-stream error events and rate-limit headers as OpenAI, Anthropic or a plain server
sends them."""

from __future__ import annotations

import math
import time
from http import HTTPStatus

import orjson

from replay.config.faults import Fault
from replay.faults.limits import Quota
from replay.util.sse import sse_event

__all__ = ["anthropic_error_type", "error_event", "error_response", "quota_headers"]

# status -> (OpenAI type, OpenAI code, message)
_OPENAI = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("permission_error", None, "You are not allowed to sample from this model."),
    404: ("invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."),
    408: ("timeout", None, "Request timed out."),
    409: ("conflict", None, "Conflict."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later."),
    500: ("server_error", None, "The server had an error while processing your request. Sorry about that!"),
    502: ("server_error", None, "Bad gateway."),
    503: ("server_error", None, "The server is overloaded or not ready yet."),
    504: ("server_error", None, "Gateway timeout."),
}
# status -> Anthropic error type (docs.anthropic.com/en/api/errors)
_ANTHROPIC = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    503: "overloaded_error",
    504: "timeout_error",
    529: "overloaded_error",
}


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Overloaded" if status == 529 else "Error"


def _openai(status: int, fault: Fault) -> dict:
    kind, code, message = _OPENAI.get(status, ("server_error" if status >= 500 else "invalid_request_error", None, ""))
    message = fault.message or message or _reason(status)
    return {"error": {"message": message, "type": kind, "param": None, "code": fault.code or code}}


def anthropic_error_type(status: int) -> str:
    """The ``error.type`` Anthropic's API sends with ``status``."""
    return _ANTHROPIC.get(status, "api_error" if status >= 500 else "invalid_request_error")


def _anthropic(status: int, fault: Fault) -> dict:
    kind = fault.code or anthropic_error_type(status)
    return {"type": "error", "error": {"type": kind, "message": fault.message or _reason(status)}}


def error_response(fault: Fault, quota: Quota | None = None) -> tuple[int, bytes, dict[str, str]]:
    """Status, body and headers of an ``error`` fault, or of a limit's refusal (a 429 by default, with
    the wait its ``quota`` computed and the quota's headers)."""
    status = fault.status or (429 if fault.type in ("rate_limit", "concurrency") else 503)
    shape = fault.shape or "openai"
    headers = {"x-replay-fault": fault.name}
    if shape == "plain":
        body = ((fault.message or f"{status} {_reason(status)}") + "\n").encode()
        headers["content-type"] = "text/plain; charset=utf-8"
    else:
        body = orjson.dumps(_openai(status, fault) if shape == "openai" else _anthropic(status, fault))
        headers["content-type"] = "application/json"
    wait = quota.retry_after if quota is not None and quota.retry_after is not None else fault.retry_after
    if wait is not None:
        headers["retry-after"] = str(math.ceil(wait))
        headers["retry-after-ms"] = str(round(wait * 1000))
    if quota is not None:
        headers |= quota_headers(quota, shape)
    return status, body, headers


def _go_duration(seconds: float) -> str:
    """A duration as OpenAI's x-ratelimit-reset-* headers write it: 20ms, 1.5s, 6m0s."""
    if seconds < 1:
        return f"{round(seconds * 1000)}ms"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}m{rest:.0f}s" if minutes else f"{rest:.3g}s"


def quota_headers(quota: Quota, shape: str) -> dict[str, str]:
    """A rate limit's headers on an answer or a 429: OpenAI's x-ratelimit-*-requests (reset as a
    duration), Anthropic's anthropic-ratelimit-requests-* (reset as an RFC 3339 time), else the IETF
    draft's RateLimit-* (reset in whole seconds)."""
    if shape == "openai":
        prefix, reset = "x-ratelimit-{}-requests", _go_duration(quota.reset)
    elif shape == "anthropic":
        at = time.gmtime(time.time() + quota.reset)
        prefix, reset = "anthropic-ratelimit-requests-{}", time.strftime("%Y-%m-%dT%H:%M:%SZ", at)
    else:
        prefix, reset = "ratelimit-{}", str(math.ceil(quota.reset))
    return {
        prefix.format("limit"): str(quota.limit),
        prefix.format("remaining"): str(quota.remaining),
        prefix.format("reset"): reset,
    }


def error_event(fault: Fault, lines: bool = False) -> bytes:
    """The SSE error event a ``stream_error`` fault sends in place of the rest of the stream; in an NDJSON
    stream (``lines``) the error line Ollama ends a broken stream with, ``{"error": "..."}``."""
    if lines:
        return orjson.dumps({"error": fault.message or "upstream error"}) + b"\n"
    shape = fault.shape or "openai"
    if shape == "openai":
        err = {"message": fault.message or "The server had an error while processing your request. Sorry about that!"}
        err |= {"type": "server_error", "param": None, "code": fault.code}
        return sse_event({"error": err})
    if shape == "anthropic":
        err = {"type": fault.code or "overloaded_error", "message": fault.message or "Overloaded"}
        return sse_event({"type": "error", "error": err}, "error")
    return sse_event({"error": fault.message or "upstream error"}, "error")
