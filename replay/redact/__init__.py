"""Redaction: every exchange passes through a Redactor before it reaches disk.

This is the basic engine the capture addon, ``replay import`` and ``replay redact`` call:
secret headers are masked and emails in the URL, headers and text bodies are replaced by
stable pseudonyms at ``example.invalid``. Counts per kind go in ``Exchange.redactions``;
values never do.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections import Counter

from replay.store import Body, Exchange

__all__ = ["Redactor", "default_redactor"]

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"})
MASK = "[REDACTED]"
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_EMAIL_PCT = re.compile(r"[A-Za-z0-9._+-]+%40[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


class Redactor:
    """Redacts an exchange in place; pseudonyms are keyed by an HMAC secret never written."""

    def __init__(self, key: bytes | None = None):
        env = os.environ.get("REPLAY_REDACT_KEY")
        self._key = key or (env.encode() if env else os.urandom(32))

    def _pseudo_email(self, value: str) -> str:
        digest = hmac.new(self._key, value.lower().encode(), hashlib.sha256).hexdigest()[:10]
        return f"user-{digest}@example.invalid"

    def _text(self, s: str, counts: Counter[str]) -> str:
        def sub(m: re.Match[str]) -> str:
            if m.group(0).endswith("example.invalid"):
                return m.group(0)
            counts["email"] += 1
            return self._pseudo_email(m.group(0).replace("%40", "@"))

        return _EMAIL_PCT.sub(sub, _EMAIL.sub(sub, s))

    def _headers(self, headers: list[tuple[str, str]], counts: Counter[str]) -> list[tuple[str, str]]:
        out = []
        for k, v in headers:
            if k.lower() in SECRET_HEADERS and v != MASK:
                counts[f"header:{k.lower()}"] += 1
                v = MASK
            out.append((k, self._text(v, counts)))
        return out

    def _body(self, body: Body | None, counts: Counter[str]) -> Body | None:
        if body is None or body.encoding != "utf8":
            return body
        body.text = self._text(body.text, counts)
        return body

    def redact(self, ex: Exchange) -> Exchange:
        """Redact ``ex`` in place, add the per-kind counts to ``ex.redactions``, return it."""
        counts: Counter[str] = Counter()
        req = ex.request
        req.url = self._text(req.url, counts)
        req.headers = self._headers(req.headers, counts)
        req.body = self._body(req.body, counts)
        if ex.response is not None:
            ex.response.headers = self._headers(ex.response.headers, counts)
            ex.response.body = self._body(ex.response.body, counts)
        for kind, n in counts.items():
            ex.redactions[kind] = ex.redactions.get(kind, 0) + n
        return ex


def default_redactor() -> Redactor:
    """The redactor captures and imports use."""
    return Redactor()
