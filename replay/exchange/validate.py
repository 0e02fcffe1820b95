"""What every reader of a capture relies on: a record's fields have the types they should.

``record_problem`` says in a few words what makes a parsed line not a capture record (a request
that is not an object, headers that are not pairs of strings, a start time that is not a number),
so the reader refuses it with its file and line number instead of a reader crashing on it later.
It runs on every line every reader reads (the sampler: millions), so it checks types, no more.
"""

from __future__ import annotations

import binascii
import re
from binascii import a2b_base64
from typing import Any
from urllib.parse import urlsplit

from replay.exchange.format import version_problem

__all__ = [
    "LAST_START",
    "LONGEST",
    "TOKEN",
    "UNSAFE_VALUE",
    "header_problem",
    "header_value_problem",
    "record_problem",
    "request_problem",
    "url_problem",
]

_NUM = (int, float)
_NUM_OR_NONE = (int, float, type(None))
LAST_START = 1e11  # epoch seconds (the year 5138): no record, HAR entry or clock starts later
LONGEST = 1e9  # seconds (31 years): no duration in a record is longer
TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # RFC 9110: a method, a header name
UNSAFE_VALUE = re.compile(r"[\x00\r\n]")  # what would end a header line early (or a request line)
# What no header value a user configures may hold: the control characters but tab (RFC 9110 5.5: VCHAR, obs-text,
# SP, HTAB). A captured value is held to UNSAFE_VALUE alone: what production sent is replayed as it came.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_WEB = frozenset({"http", "https", "ws", "wss"})
_SPACE = re.compile(r"[\x00-\x20\x7f]")
# What request_problem accepts, in one match: a web URL with a host, or a path; no space or control anywhere
_SENDABLE = re.compile(r"(?:(?i:https?|wss?)://[^\x00-\x20\x7f/?#]+|(?=/))[^\x00-\x20\x7f]*")


def _body_problem(b: Any, where: str) -> str | None:
    if b is None:
        return None
    if not isinstance(b, dict) or not isinstance(b.get("text"), str) or b.get("encoding") not in ("utf8", "base64"):
        return f"{where}.body is not an object with text and an encoding (utf8 or base64)"
    if not isinstance(size := b.get("size", 0), int) or not isinstance(b.get("truncated", False), bool):
        return f"{where}.body has a size or truncated of the wrong type"
    if size < 0:
        return f"{where}.body has a negative size"
    # Only binary bodies are base64, few and checked at C speed; a lenient decode would drop the bad
    # characters (other bytes replayed and exported than the ones captured) or raise deep in a reader.
    if b["encoding"] == "base64":
        try:
            a2b_base64(b["text"], strict_mode=True)
        except (binascii.Error, ValueError):
            return f"{where}.body is marked base64 but is not valid base64"
    return None


def _message_problem(m: dict[str, Any], where: str) -> str | None:
    for part in ("headers", "trailers"):
        fields = m.get(part, [])
        if type(fields) is not list or not all(
            type(h) is list and len(h) == 2 and type(h[0]) is str and type(h[1]) is str for h in fields
        ):
            return f"{where}.{part} is not a list of [name, value] strings"
    if type(m.get("http_version", "")) is not str:  # inspect counts them: a list there was its traceback
        return f"{where}.http_version is not a string"
    return _body_problem(m.get("body"), where)


_SHAPE_TYPES: dict[str, tuple[type, ...]] = {
    "start": _NUM,
    "endpoint": (str,),
    "model": (str,),
    "family": (str,),
    "script": (str,),
    "chars": (int,),
    "tokens": (int,),
    "turns": (int,),
    "noise": (int,),
    "status": (int,),
    "stream": (bool,),
    "ttfb": _NUM_OR_NONE,
    "total": _NUM_OR_NONE,
    "release": (dict,),
}


def _shape_problem(d: dict[str, Any]) -> str | None:
    """A shape-only record (``replay.shape.features.Shape``): its fields' types."""
    for key, types in _SHAPE_TYPES.items():
        if not isinstance(d.get(key), types):
            return f"shape record's {key} is missing or of the wrong type"
    if type(d.get("tools", False)) is not bool:  # absent from those written before shapes kept it
        return "shape record's tools is not true or false"
    return None


def url_problem(url: str) -> str | None:
    """Why ``url`` is no URL a reader can split (an unclosed ``[`` of an IPv6 host: every reader that splits
    it, the runner's too, raised), None when it is one. Cheap: only a URL with a bracket or a character
    past ASCII, the ones ``urlsplit`` can refuse, is split."""
    if "[" not in url and "]" not in url and url.isascii():
        return None
    try:
        urlsplit(url)
    except ValueError as e:
        return f"request.url is not a URL ({e})"
    return None


def request_problem(method: str, url: str) -> str | None:
    """Why a request with ``method`` and ``url`` could not go on a request line (None when it could): the
    runner refused the whole run on it, after ``replay sample`` had drawn it into a plan. A URL is an
    http(s) URL with a host, or a path (``/v1/chat``: the target's base URL stands for the host). The sampler
    asks it of every distinct URL: a sendable one costs two regex matches, not a split."""
    if TOKEN.fullmatch(method) and _SENDABLE.fullmatch(url) and url_problem(url) is None:
        return None
    if not TOKEN.fullmatch(method):
        return f"request.method {method[:40]!r} is not an HTTP method (a token such as GET or POST)"
    if problem := url_problem(url):
        return problem
    if not url.startswith("/"):
        u = urlsplit(url)
        if u.scheme.lower() not in _WEB or not u.netloc:
            return f"request.url {url[:80]!r} is neither an http(s) URL with a host nor a path starting with /"
        if _SPACE.search(u.netloc):
            return f"request.url host {u.netloc[:80]!r} holds a space or control character"
    if _SPACE.search(url):
        return f"request.url {url[:80]!r} holds a space or control character"
    return None


def header_problem(headers: list[tuple[str, str]]) -> str | None:
    """Why a request with ``headers`` could not be sent (None when it could): a name that is not a token, a
    value holding CR, LF or NUL (which would end the header line early). An HTTP/2 pseudo-header's name
    (``:authority``) is not sent, so only its value is checked. The runner refused the whole run on one,
    after ``replay import`` had written it and ``replay sample`` had drawn it; the value is never shown
    (it may be a secret)."""
    for name, value in headers:
        if not (TOKEN.fullmatch(name) or (name.startswith(":") and TOKEN.fullmatch(name, 1))):
            return f"request header {name[:40]!r} is not a header name (a token: no space, colon or control)"
        if UNSAFE_VALUE.search(value):
            return f"request header {name[:40]!r} holds a line break or NUL in its value, which no header can carry"
    return None


def header_value_problem(value: str) -> str | None:
    """Why ``value`` is no header value a scenario may configure, to send or to match (None when it is): the
    control character it holds, named, never the value (it may be a secret)."""
    found = _CONTROL.search(value)
    if found is None:
        return None
    what = "a line break or NUL" if UNSAFE_VALUE.match(found.group()) else f"the control character {found.group()!r}"
    return f"holds {what}, which no header value can (RFC 9110: of the control characters only tab)"


def _stream_problem(st: Any) -> str | None:
    if (
        not isinstance(st, dict)
        or not isinstance(st.get("kind"), str)
        or not isinstance(events := st.get("events", []), list)
        or not isinstance(first := st.get("first_event"), _NUM_OR_NONE)
        or not isinstance(chunks := st.get("chunks", 0), int)
    ):
        return "stream is not an object with a kind and timed events"
    for e in events:
        if not isinstance(e, dict) or not isinstance(t := e.get("t"), _NUM):
            return "stream is not an object with a kind and timed events"
        if not isinstance(n := e.get("size", 0), int):
            return "stream has an event whose size is not an integer"
        if not 0 <= t < LONGEST or n < 0:
            return "stream has an event with a negative size or a time out of any clock's range"
    if not (first is None or 0 <= first < LONGEST) or chunks < 0:
        return "stream has a first event time out of any clock's range or a negative chunk count"
    return None


def record_problem(d: Any) -> str | None:
    """What makes ``d`` not a capture record, in a few words; None when its fields have the types
    every reader relies on. Cheap: the sampler runs it over millions of lines."""
    if not isinstance(d, dict):
        return "not a JSON object"
    if problem := version_problem(d):
        return problem
    if d.get("kind") == "shape":
        return _shape_problem(d)
    req = d.get("request")
    if not isinstance(req, dict) or not isinstance(req.get("method"), str) or not isinstance(req.get("url"), str):
        return "request is not an object with method and url strings"
    if problem := url_problem(req["url"]):
        return problem
    t = d.get("timings")
    if (
        type(t) is not dict
        or not isinstance(start := t.get("start"), _NUM)
        or not isinstance(ttfb := t.get("ttfb"), _NUM_OR_NONE)
        or not isinstance(total := t.get("total"), _NUM_OR_NONE)
    ):
        return "timings is not an object with a numeric start (and ttfb, total)"
    # A time no clock gives (past year 5000, a duration of 30 years, nan): no reader could use it.
    if (
        not 0 <= start < LAST_START
        or not (ttfb is None or 0 <= ttfb < LONGEST)
        or not (total is None or 0 <= total < LONGEST)
    ):
        return "timings has a start or duration out of any clock's range"
    problem = _message_problem(req, "request")
    if problem:
        return problem
    resp = d.get("response")
    if resp is not None:
        if not isinstance(resp, dict) or not isinstance(status := resp.get("status"), int) or not 0 <= status <= 999:
            return "response is not an object with an integer status (0..999)"
        if not isinstance(resp.get("reason", ""), str):
            return "response.reason is not a string"
        problem = _message_problem(resp, "response")
        if problem:
            return problem
    st = d.get("stream")
    if st is not None and (problem := _stream_problem(st)):
        return problem
    if not isinstance(d.get("error"), str | type(None)):
        return "error is not a string"
    red = d.get("redactions") or {}
    if not isinstance(red, dict) or not all(isinstance(v, int) and v >= 0 for v in red.values()):
        return "redactions is not an object of counts"
    meta = d.get("meta") or {}
    if not isinstance(meta, dict):
        return "meta is not an object"
    if not isinstance(d.get("id", ""), str | int):  # 1.5 or true: "a number" said 1.5 was none
        return "id is neither a string nor an integer"
    if meta and _deeper(meta, _META_DEPTH):
        return f"meta is nested deeper than {_META_DEPTH} levels"
    return None


# How deep a record's meta may nest: a record is written back by orjson, which stops at 255 levels
# (a TypeError where a reader wrote it: redact, import --append); none replay writes nests past three.
_META_DEPTH = 64


def _deeper(node: Any, levels: int) -> bool:
    """Whether ``node`` nests lists or objects more than ``levels`` deep."""
    if levels < 0:
        return True
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    return any(isinstance(v, dict | list) and _deeper(v, levels - 1) for v in items)
