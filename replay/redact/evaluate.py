"""Score a redactor on a labelled corpus: recall per kind of secret, keep-rate per kind of harmless value.

A corpus line is ``{"exchange": <capture record>, "secrets": [{"kind", "needles"}], "keep": [{"kind",
"needle"}]}``. A secret is removed when none of its needles is left in any view of the redacted
exchange (raw, percent-decoded, HTML-unescaped, every JSON string at any depth, every SSE data
line, and a stream's strings at one place of its events joined across them, as a reader joins an answer's deltas);
a kept value must still be there verbatim. The views use the standard library only, so
they do not share the engine's decoders.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus

import orjson

from replay.exchange.format import Exchange

__all__ = ["CREDENTIAL_KINDS", "PERSONAL_KINDS", "SOFT_KINDS", "Labelled", "Score", "load_corpus", "score", "views"]

CREDENTIAL_KINDS = frozenset(
    {"password", "token", "api_key", "otp", "cvc", "jwt", "private_key", "vendor_key", "cookie", "basic_auth"}
    | {"url_userinfo", "binary", "azure_key", "azure_sas", "gcp_service_account", "github_pat", "shopify_token"}
    | {"telegram_token", "query_secret", "prose_password"}
)
PERSONAL_KINDS = frozenset({"email", "phone", "card", "iban", "ssn", "ip", "ipv6", "escaped_email", "national_phone"})
SOFT_KINDS = frozenset({"name", "address"})


@dataclass(slots=True)
class Labelled:
    exchange: dict[str, Any]
    secrets: list[dict[str, Any]]
    keep: list[dict[str, Any]]


@dataclass(slots=True)
class Score:
    """Per kind: [found, total] for secrets, [kept, total] for harmless values."""

    recall: dict[str, list[int]] = field(default_factory=dict)
    strict: dict[str, list[int]] = field(default_factory=dict)
    keep: dict[str, list[int]] = field(default_factory=dict)

    def recall_of(self, kind: str) -> float:
        got, total = self.recall[kind]
        return got / total

    def strict_of(self, kind: str) -> float:
        got, total = self.strict[kind]
        return got / total

    def keep_rate(self) -> float:
        kept = sum(k for k, _ in self.keep.values())
        total = sum(t for _, t in self.keep.values())
        return kept / total if total else 1.0


def load_corpus(path: Path) -> list[Labelled]:
    with open(path, "rb") as fh:
        return [Labelled(**orjson.loads(line)) for line in fh if line.strip()]


def _json_strings(text: str, depth: int = 0) -> Iterator[str]:
    if depth > 4 or text[:1] not in "{[":
        return
    try:
        obj = json.loads(text)
    except ValueError:
        return
    stack = [obj]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
            yield from _json_strings(node.strip(), depth + 1)
        elif isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif node is not None:
            yield str(node)


def views(ex: Exchange) -> list[str]:
    """Every text a reader of the record could recover a value from."""
    texts = [ex.request.url, *(v for _, v in ex.request.headers)]
    bodies = [ex.request.body]
    if ex.response is not None:
        texts.extend(v for _, v in ex.response.headers)
        bodies.append(ex.response.body)
    texts.extend(b.text for b in bodies if b is not None)
    if ex.error:
        texts.append(ex.error)
    out = []
    for t in texts:
        out.extend((t, unquote_plus(t), html.unescape(t)))
        out.extend(_json_strings(t.strip()))
        for line in t.splitlines():
            if line.startswith("data:"):
                out.extend(_json_strings(line[5:].strip()))
        out.extend(_joined(t))
    return out


def _joined(text: str) -> list[str]:
    """The strings at each place (key path) of a stream's events, joined in order: an answer's deltas read whole
    ("Jo", "hn Sm", "ith" -> "John Smith"). Events are SSE ``data:`` lines or NDJSON lines."""
    at: dict[tuple[Any, ...], list[str]] = {}
    for line in text.splitlines():
        payload = line[5:].strip() if line.startswith("data:") else line.strip()
        if payload[:1] != "{":
            continue
        try:
            stack: list[tuple[tuple[Any, ...], Any]] = [((), json.loads(payload))]
        except ValueError:
            continue
        while stack:
            path, node = stack.pop()
            if isinstance(node, str):
                at.setdefault(path, []).append(node)
            elif isinstance(node, dict):
                stack.extend(((*path, k), v) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend(((*path, i), v) for i, v in enumerate(node))
    return ["".join(parts) for parts in at.values() if len(parts) > 1]


def _fragment_left(needle: str, hay: str) -> bool:
    """True when a run of half the needle's characters (at least 4) is still in ``hay``."""
    n = max(4, -(-len(needle) // 2))
    if len(needle) < n:
        return needle in hay
    return any(needle[i : i + n] in hay for i in range(len(needle) - n + 1))


def score(corpus: Iterable[Labelled], redact: Callable[[Exchange], Exchange]) -> Score:
    """Redact every exchange of ``corpus`` and count what was removed and what was kept.

    ``recall``: no needle is left whole. ``strict``: no run of half a needle's characters is left
    either (a pseudonym that keeps half a secret does not count)."""
    sc = Score()
    for item in corpus:
        ex = redact(Exchange.from_dict(item.exchange))
        hay = "\n\x00\n".join(views(ex))
        for s in item.secrets:
            slot = sc.recall.setdefault(s["kind"], [0, 0])
            slot[1] += 1
            gone = not any(n in hay for n in s["needles"])
            slot[0] += gone
            strict = sc.strict.setdefault(s["kind"], [0, 0])
            strict[1] += 1
            strict[0] += gone and not any(_fragment_left(n, hay) for n in s["needles"])
        for k in item.keep:
            slot = sc.keep.setdefault(k["kind"], [0, 0])
            slot[1] += 1
            slot[0] += k["needle"] in hay
    return sc
