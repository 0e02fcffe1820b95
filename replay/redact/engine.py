"""The exchange walker: which detectors see which part of an exchange, and how each part is
decoded and written back.

URL, header values and text bodies (JSON, SSE, NDJSON, forms, HTML, plain text) are scanned as
raw text through a decoded view, so formatting survives byte for byte outside the replaced
spans; a JSON body that would stop parsing is redone by a parse-walk-dump instead. Headers
with a meaning (Authorization, Cookie, Set-Cookie, client-address headers, secret-named
headers) have their own rules. Binary bodies are never written: dropped, or hashed into meta.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import Any

import orjson

from replay.exchange.format import Body, Exchange
from replay.redact.detectors import Finder, b64_text, high_entropy
from replay.redact.keys import STRICT_SECRET_CLASSES, KeyRules
from replay.redact.policy import Policy
from replay.redact.pseudonym import Pseudonyms, is_ip_pseudonym, looks_redacted
from replay.redact.textview import decode_view, encode_like

__all__ = ["Engine"]

Headers = list[tuple[str, str]]

# Values with a fixed grammar and nothing personal: not scanned, which also keeps them intact.
_PLAIN_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "host",
        "accept",
        "accept-encoding",
        "accept-language",
        "accept-ranges",
        "connection",
        "date",
        "etag",
        "if-none-match",
        "if-match",
        "last-modified",
        "if-modified-since",
        "cache-control",
        "pragma",
        "vary",
        "transfer-encoding",
        "content-encoding",
        "keep-alive",
        "te",
        "age",
        "expires",
        "upgrade-insecure-requests",
        "priority",
        "sec-fetch-site",
        "sec-fetch-mode",
        "sec-fetch-dest",
        "sec-fetch-user",
        "sec-ch-ua",
        "sec-ch-ua-mobile",
        "sec-ch-ua-platform",
        "strict-transport-security",
        "x-content-type-options",
        "x-frame-options",
    }
)
_URL_HEADERS = frozenset({"referer", "origin", "location", "content-location"})
_IP_HEADERS = frozenset(
    {
        "x-forwarded-for",
        "x-real-ip",
        "x-client-ip",
        "true-client-ip",
        "cf-connecting-ip",
        "x-cluster-client-ip",
        "fastly-client-ip",
        "x-original-forwarded-for",
        "x-envoy-external-address",
        "forwarded",
    }
)
_STREAM_TYPES = ("event-stream", "ndjson", "jsonl", "json-seq")
_AUTH_HEADERS = frozenset({"authorization", "proxy-authorization"})
_SESSION_COOKIE = re.compile(r"sess|sid|auth|token|jwt|login|remember|csrf|xsrf|secret|key|credential", re.I)
_IP_TOKEN = re.compile(r"\[?([0-9A-Fa-f:.]{3,})\]?")
_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.I)
_PART_NAME = re.compile(r'name="([^"]*)"', re.I)


@dataclass(slots=True)
class _Piece:
    """One string of one stream event: where it sits, so a replacement can be put back."""

    event: int
    parent: Any
    key: Any


def _collect(node: Any, path: tuple[Any, ...], event: int, fields: dict[tuple[Any, ...], list[_Piece]]) -> None:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        sub = (*path, key if isinstance(node, dict) else "*")
        if isinstance(value, str):
            fields.setdefault(sub, []).append(_Piece(event, node, key))
        elif isinstance(value, dict | list):
            _collect(value, sub, event, fields)


class Engine:
    """Redacts the parts of an exchange; counts per kind go into the Counter passed in."""

    def __init__(self, key: bytes, policy: Policy):
        self.policy = policy
        self.ps = Pseudonyms(key)
        self.keys = KeyRules(policy.redact_keys, policy.keep_keys)
        self.finder = Finder(self.ps, self.keys, policy.disabled, policy.phone_regions, policy.rules)
        self._key = key
        self._on = self.finder.on

    # -- exchange ---------------------------------------------------------------------------

    def exchange(self, ex: Exchange) -> Counter[str]:
        """Redact ``ex`` in place; return what was found, per kind."""
        counts: Counter[str] = Counter()
        req = ex.request
        req.url = self.text(req.url, counts, plus="?" in req.url)
        req.headers = self.headers(req.headers, counts)
        req.body = self.body(req.body, req.headers, counts, "request", ex.meta)
        if ex.response is not None:
            resp = ex.response
            resp.headers = self.headers(resp.headers, counts)
            resp.body = self.body(resp.body, resp.headers, counts, "response", ex.meta)
            resp.reason = self.text(resp.reason, counts)
        if ex.error:
            ex.error = self.text(ex.error, counts)
        return counts

    # -- text -------------------------------------------------------------------------------

    def text(self, s: str, counts: Counter[str], plus: bool = False, depth: int = 0) -> str:
        """``s`` with every hit replaced, escaped the way the original span was."""
        if len(s) < 3:
            return s
        view = decode_view(s, plus)
        src = view.text if view is not None else s
        hits = self.finder.find(src)
        if not hits:
            return s
        out: list[str] = []
        pos = 0
        for h in hits:
            rep = h.rep
            if not h.kind:
                continue
            if rep is None:
                rep = self._inside_base64(src[h.start : h.end], counts, depth)
                if rep is None:
                    continue
            else:
                counts[h.kind] += 1
            a, b = h.start, h.end
            if view is not None:
                a, b = view.to_orig(a), view.to_orig(b)
                if s[a:b] != src[h.start : h.end]:
                    rep = encode_like(s[a:b], rep, plus)
            out.append(s[pos:a])
            out.append(rep)
            pos = b
        out.append(s[pos:])
        return "".join(out)

    def _inside_base64(self, run: str, counts: Counter[str], depth: int) -> str | None:
        """Redact inside a base64 run that holds text; re-encode it the same way."""
        if depth >= 2:
            return None
        inner = b64_text(run)
        if inner is None:
            return None
        new = self.text(inner, counts, depth=depth + 1)
        if new == inner:
            return None
        core = run.rstrip("=")
        urlsafe = "-" in core or "_" in core
        enc = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(new.encode()).decode("ascii")
        return enc if run.endswith("=") or len(core) % 4 == 0 else enc.rstrip("=")

    def whole(self, value: str, kind: str, counts: Counter[str]) -> str:
        """A value that is a secret as a whole: its own pseudonym when it is a known token."""
        if looks_redacted(value):
            return value
        hits = self.finder.find(value)
        if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(value) and hits[0].rep is not None:
            if not hits[0].kind:
                return value  # already a pseudonym
            counts[hits[0].kind] += 1
            return hits[0].rep
        counts[kind] += 1
        return self.ps.generic(value)

    # -- headers ----------------------------------------------------------------------------

    def headers(self, headers: Headers, counts: Counter[str]) -> Headers:
        pol = self.policy
        out = []
        for name, value in headers:
            n = name.lower()
            if n in pol.keep_headers or n in _PLAIN_HEADERS or not value:
                pass
            elif n in pol.redact_headers:
                value = self.whole(value, "header", counts)
            elif n in _AUTH_HEADERS:
                value = self._authorization(value, counts) if self._on["auth_headers"] else value
            elif n == "cookie":
                value = self._cookies(value, counts) if self._on["cookies"] else value
            elif n == "set-cookie":
                value = self._set_cookie(value, counts) if self._on["cookies"] else value
            elif n in _IP_HEADERS:
                value = self._client_ips(value, counts) if self._on["ip"] else value
            elif n in _URL_HEADERS:
                value = self.text(value, counts, plus="?" in value)
            elif self._on["auth_headers"] and self._secret_header(n, value):
                value = self.whole(value, "header", counts)
            else:
                value = self.text(value, counts)
            out.append((name, value))
        return out

    def _secret_header(self, name: str, value: str) -> bool:
        cls = self.keys.classify(name)
        return cls in STRICT_SECRET_CLASSES or (cls == "maybe_secret" and high_entropy(value))

    def _authorization(self, value: str, counts: Counter[str]) -> str:
        scheme, sep, cred = value.partition(" ")
        if not sep:
            return self.whole(value, "token", counts)
        cred = cred.strip()
        if scheme.lower() == "basic":
            return f"{scheme} {self._basic(cred, counts)}"
        kind = "token" if scheme.lower() in ("bearer", "token", "jwt") else "authorization"
        return f"{scheme} {self.whole(cred, kind, counts)}"

    def _basic(self, cred: str, counts: Counter[str]) -> str:
        try:
            user, sep, password = base64.b64decode(cred, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return self.whole(cred, "basic_auth", counts)
        new_user = user
        if user and not looks_redacted(user) and not user.startswith("user-"):
            new_user = self.ps.email(user) if "@" in user else self.ps.username(user)
        new_pw = password if looks_redacted(password) else self.ps.generic(password)
        if (new_user, new_pw) == (user, password):
            return cred
        counts["basic_auth"] += 1
        return base64.b64encode(f"{new_user}{sep}{new_pw}".encode()).decode("ascii")

    def _cookie_value(self, name: str, value: str, counts: Counter[str]) -> str:
        if not value or looks_redacted(value):
            return value
        if _SESSION_COOKIE.search(name) or self.keys.classify(name) in STRICT_SECRET_CLASSES or high_entropy(value):
            return self.whole(value, "cookie", counts)
        return self.text(value, counts)

    def _cookies(self, header: str, counts: Counter[str]) -> str:
        parts = header.split(";")
        for i, part in enumerate(parts):
            name, eq, value = part.partition("=")
            if eq:
                parts[i] = f"{name}={self._cookie_value(name.strip(), value, counts)}"
        return ";".join(parts)

    def _set_cookie(self, header: str, counts: Counter[str]) -> str:
        first, semi, attrs = header.partition(";")
        name, eq, value = first.partition("=")
        if eq:
            first = f"{name}={self._cookie_value(name.strip(), value, counts)}"
        return first + semi + attrs

    def _client_ips(self, value: str, counts: Counter[str]) -> str:
        def sub(m: re.Match[str]) -> str:
            tok = m.group(1)
            host, port = tok, ""
            if tok.count(":") == 1 and "." in tok:  # 1.2.3.4:5678
                host, _, port = tok.partition(":")
                port = ":" + port
            try:
                ip = ipaddress.ip_address(host)
            except ValueError:
                return m.group(0)
            if is_ip_pseudonym(ip):
                return m.group(0)
            counts["ip"] += 1
            return m.group(0).replace(tok, self.ps.ip(ip) + port)

        return _IP_TOKEN.sub(sub, value)

    # -- bodies -----------------------------------------------------------------------------

    def body(
        self, body: Body | None, headers: Headers, counts: Counter[str], side: str, meta: dict[str, Any]
    ) -> Body | None:
        if body is None or not body.text:
            return body
        if body.encoding != "utf8":
            if self.policy.binary == "keep":  # the user vouches the binary bodies hold no secrets
                return body
            counts["binary_body"] += 1
            if self.policy.binary == "hash":
                digest = hmac.new(self._key, body.to_bytes(), hashlib.sha256).hexdigest()[:32]
                meta.setdefault("binary_bodies", {})[side] = f"hmac-sha256:{digest}"
            else:
                meta.setdefault("binary_bodies", {})[side] = "dropped"
            body.text = ""
            body.truncated = True
            return body
        raw_ctype = next((v for k, v in headers if k.lower() == "content-type"), "")
        ctype = raw_ctype.lower()
        text = body.text
        if "multipart/" in ctype:
            new = self._multipart(text, raw_ctype, counts)
        elif "x-www-form-urlencoded" in ctype:
            new = self.text(text, counts, plus=True)
        elif any(t in ctype for t in _STREAM_TYPES):
            new = self.text(self._stream(text, counts, "event-stream" in ctype), counts)
        elif "json" in ctype or text[:1] in "{[":
            new = self.json(text, counts, side, meta)
        else:
            new = self.text(text, counts)
        if new != text:  # the size is the stored body's: it grows or shrinks with the pseudonyms
            body.size += len(new.encode()) - len(text.encode())
            body.text = new
        return body

    def _stream(self, text: str, counts: Counter[str], sse: bool) -> str:
        """Values split over a stream's events (an email streamed token by token): join the
        pieces of each JSON field across events, detect in the joined text, and replace each
        hit in the pieces it spans. Hits inside one piece are left to the text pass."""
        lines = text.split("\n")
        events: dict[int, tuple[str, Any, bool]] = {}
        fields: dict[tuple[Any, ...], list[_Piece]] = {}
        for i, line in enumerate(lines):
            head = "data:" if sse else ""
            if not line.startswith(head):
                continue
            payload = line[len(head) :]
            lead = payload[: len(payload) - len(payload.lstrip(" "))]
            payload = payload.strip(" \r")
            if payload[:1] not in "{[":
                continue
            try:
                obj = orjson.loads(payload)
            except orjson.JSONDecodeError:
                continue
            events[i] = (head + lead, obj, line.endswith("\r"))
            _collect(obj, (), i, fields)
        touched: set[int] = set()
        for pieces in fields.values():
            if len(pieces) > 1:
                self._split_hits(pieces, counts, touched)
        for i in touched:
            head, obj, cr = events[i]
            lines[i] = head + orjson.dumps(obj).decode() + ("\r" if cr else "")
        return "\n".join(lines) if touched else text

    def _split_hits(self, pieces: list[_Piece], counts: Counter[str], touched: set[int]) -> None:
        texts = [p.parent[p.key] for p in pieces]
        offsets = [0]
        for t in texts:
            offsets.append(offsets[-1] + len(t))
        for h in reversed(self.finder.find("".join(texts))):
            first, last = bisect_right(offsets, h.start) - 1, bisect_right(offsets, h.end - 1) - 1
            if not h.kind or h.rep is None or first == last:
                continue
            counts[h.kind] += 1
            for k in range(first, last + 1):
                p, t = pieces[k], texts[k]
                if k == first:
                    t = t[: h.start - offsets[k]] + h.rep
                elif k == last:
                    t = t[h.end - offsets[k] :]
                else:
                    t = ""
                texts[k] = p.parent[p.key] = t
                touched.add(p.event)

    def json(self, text: str, counts: Counter[str], side: str, meta: dict[str, Any]) -> str:
        """A JSON body: redacted as raw text, or by parse-walk-dump when that would break it, or
        when it holds JSON in a string with ``\\uXXXX`` escapes (``Stra\\\\u00dfe``) that the
        text pass cannot decode."""
        found: Counter[str] = Counter()
        if "\\\\u" in text:
            walked = self._walked(text, found)
            if walked is not None:
                counts.update(found)
                return walked if found else text
        new = self.text(text, found)
        if new is text:
            return text
        try:
            orjson.loads(new)
        except orjson.JSONDecodeError:
            walked = self._walked(text, found)
            if walked is None:
                meta.setdefault("redact_notes", []).append(f"{side} body is not valid JSON: scanned as text")
                counts.update(found)
                return new
            new = walked
        counts.update(found)
        return new

    def _walked(self, text: str, found: Counter[str]) -> str | None:
        """``text`` parsed, every string redacted (JSON in strings included), dumped; None if not JSON."""
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
            return None
        found.clear()
        return orjson.dumps(self._walk(obj, found, None)).decode()

    def _walk(self, node: Any, counts: Counter[str], cls: str | None) -> Any:
        if isinstance(node, str):
            if cls in STRICT_SECRET_CLASSES and node and not looks_redacted(node):
                return self.whole(node, cls, counts)  # type: ignore[arg-type]
            return self.text(node, counts)
        if isinstance(node, dict):
            return {k: self._walk(v, counts, self.keys.classify(k)) for k, v in node.items()}
        if isinstance(node, list):
            return [self._walk(v, counts, cls) for v in node]
        if type(node) is int and cls in STRICT_SECRET_CLASSES:
            counts[cls] += 1  # type: ignore[index]
            return int("9" * len(str(abs(node))))
        return node

    def _multipart(self, text: str, ctype: str, counts: Counter[str]) -> str:
        m = _BOUNDARY.search(ctype)
        if m is None or "--" + m.group(1) not in text:
            return self.text(text, counts)
        parts = text.split("--" + m.group(1))
        for i, part in enumerate(parts):
            head, sep, content = part.partition("\r\n\r\n")
            if not sep:
                head, sep, content = part.partition("\n\n")
            if not sep:
                continue
            name = _PART_NAME.search(head)
            tail = len(content) - len(content.rstrip("\r\n"))
            value = content[: len(content) - tail]
            if name and self.keys.classify(name.group(1)) in STRICT_SECRET_CLASSES and value:
                new = self.whole(value, self.keys.classify(name.group(1)) or "secret", counts)
            elif "json" in head.lower():
                new = self.json(value, counts, "part", {})
            else:
                new = self.text(value, counts)
            parts[i] = head + sep + new + content[len(content) - tail :]
        return ("--" + m.group(1)).join(parts)
