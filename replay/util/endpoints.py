"""Endpoint templates: ``GET /users/123/orders/9f1c…`` -> ``GET /users/{id}/orders/{uuid}``, and the
``METHOD /path`` glob patterns config files select endpoints with (``POST /v1/*``, ``* /health``)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import unquote, urlsplit

__all__ = ["bedrock_model", "endpoint", "first_match", "normalise_path", "pattern_problem", "template_path"]

_PATTERN = re.compile(r"(\*|[A-Z]+) /\S*")
_ENCODED_DOT = re.compile(r"%2e", re.IGNORECASE)

_SEGMENT_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^\d+$"), "{id}"),
    (re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"), "{uuid}"),
    (re.compile(r"^[0-9a-fA-F]{16,}$"), "{hash}"),
    (re.compile(r"^[0-9A-HJKMNP-TV-Z]{26}$"), "{ulid}"),
    (re.compile(r"^[^@/]+@[^@/]+$"), "{email}"),
)
# Opaque ids with a type prefix: ord_8f3k2j1, cus_NffrFeUfNV2Hib, chatcmpl-abc123.
_TYPED_ID = re.compile(r"^[A-Za-z]{2,12}[_-](?=[A-Za-z0-9]*\d)[A-Za-z0-9]{6,}$")
# Collections whose members a path names by a name someone chose (an Azure OpenAI deployment's, a model's, OpenAI's
# legacy engines', AWS Bedrock's ``/model/{modelId}``): each its own endpoint, as each is another model. "prod-gpt4o1"
# or "chat-model2" spell like a typed id, and were one "{id}" with every other deployment; a number, UUID or hash
# there is still an id.
_NAMED = frozenset({"deployments", "models", "engines", "model"})
# Bedrock runtime's operations on a model: its id (or an inference profile's ARN) URL-encoded in the path.
_BEDROCK = re.compile(r"/model/([^/?#]+)/(?:converse|converse-stream|invoke|invoke-with-response-stream)(?:[?#]|$)")


@lru_cache(maxsize=65536)
def template_path(path: str) -> str:
    """Replace id-like path segments by placeholders; the query string is dropped."""
    path = path.split("?", 1)[0]
    out: list[str] = []
    for seg in path.split("/"):
        for pattern, name in _SEGMENT_RULES:
            if seg and pattern.match(seg):
                seg = name
                break
        else:
            if out and out[-1] not in _NAMED and _TYPED_ID.match(seg):
                seg = "{id}"
        out.append(seg)
    return "/".join(out) or "/"


def normalise_path(path: str) -> str:
    """The path a server resolves: percent-encoded dots decoded, then ``.`` and ``..`` segments
    removed (RFC 3986 5.2.4). ``/v1/chat/../../admin`` and ``/v1/chat/%2e%2e/%2E%2E/admin`` are ``/admin``."""
    parts = _ENCODED_DOT.sub(".", path).split("/")
    out: list[str] = []
    for i, seg in enumerate(parts):
        last = i == len(parts) - 1
        if seg in (".", ".."):
            if seg == ".." and len(out) > 1:
                out.pop()
            if last:
                out.append("")  # "/a/b/.." is "/a/"
            continue
        out.append(seg)
    return "/".join(out) or "/"


def endpoint(method: str, url: str) -> str:
    """``METHOD /templated/path`` of a request URL."""
    return f"{method.upper()} {template_path(urlsplit(url).path or '/')}"


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a ``METHOD /path`` glob (a reason for the config error), None when it is one."""
    if _PATTERN.fullmatch(pattern):
        return None
    return f"{pattern!r} is not 'METHOD /path' (globs allowed, e.g. 'POST /v1/*')"


def first_match(endpoint: str, patterns: Iterable[str]) -> str | None:
    """The first of the globs ``patterns`` that ``endpoint`` (``METHOD /template``) matches, case as
    written; None when none does."""
    return next((p for p in patterns if fnmatch.fnmatchcase(endpoint, p)), None)


def bedrock_model(path: str) -> str | None:
    """The model id an AWS Bedrock runtime path names (``/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse``
    -> ``anthropic.claude-3-5-sonnet-20240620-v1:0``), an endpoint's or a URL's path; None for any other path.
    Why: Converse and InvokeModel bodies name no model, the path does."""
    m = _BEDROCK.search(path) if "/model/" in path else None
    return unquote(m.group(1)) if m else None
