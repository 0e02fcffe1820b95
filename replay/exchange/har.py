"""HAR 1.2 <-> exchange records: the one mapping between a HAR entry and an ``Exchange``.

    parse_har(raw)               a HAR document; NotHar says why not
    entry_to_exchange(entry, i)  import: the entry as a capture record (bodies decoded, as captures
                                 keep them; a status 0 entry is a request that got no response)
    exchange_to_entry(ex)        export: an entry Chrome's devtools and mitmproxy read
    har_document(entries)        the log around exported entries
    entry_view(entry)            redaction: the entry's text as an exchange (cookie arrays as one
    write_back(entry, ex)        more Cookie header, bodies as written) and the edited text put back
                                 where it came from, so a HAR comes out as a HAR

mitmproxy's own reader (``mitmproxy.io.har.request_to_flow``) is not used: it needs keys real
exports leave out (``time``, ``httpVersion``), reads a status 0 entry as a response with status 0,
keeps no timings but start and end, drops form ``params`` and re-encodes bodies with their
``content-encoding``; and redaction, below mitmproxy in the stages, reads HAR too.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import orjson

from replay import __version__
from replay.console import quoted
from replay.exchange.format import Body, Exchange, Request, Response, Timings, content_type, head_not_passed_on
from replay.exchange.validate import LAST_START
from replay.util.schema import problem

__all__ = [
    "VIEW_SCHEMA",
    "NotHar",
    "entry_problem",
    "entry_to_exchange",
    "entry_view",
    "exchange_to_entry",
    "har_document",
    "has_offset",
    "parse_har",
    "write_back",
]

_BOUNDARY = re.compile(r"boundary=(\"[^\"]+\"|[^;\s]+)", re.IGNORECASE)  # a multipart Content-Type's


class NotHar(ValueError):
    """The bytes are not a HAR document; the message says why (invalid JSON, no log.entries list). ``cut``: the
    JSON ends before it closes (a copy cut short, not another tool's file)."""

    def __init__(self, why: str, cut: bool = False) -> None:
        super().__init__(why)
        self.cut = cut

    def line(self, path: Path, fix: str) -> str:
        """The one line a reader of ``path`` says, ``fix`` telling how to get a HAR file where it is not one."""
        if self.cut:
            return f"{path}: the HAR file ends before its JSON closes ({self}): it is cut short; copy it whole again"
        return f"{path}: not a HAR 1.2 file ({self}); {fix}"


def parse_har(raw: bytes) -> dict[str, Any]:
    """A parsed HAR document with a ``log.entries`` list; NotHar otherwise."""
    try:
        doc = orjson.loads(raw.removeprefix(b"\xef\xbb\xbf"))  # Fiddler writes a UTF-8 byte order mark
    except orjson.JSONDecodeError as e:
        raise NotHar(f"invalid JSON: {e}", cut=e.msg == "unexpected end of data") from None
    log = doc.get("log") if isinstance(doc, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise NotHar("no log.entries list")
    return doc


_STR = {"type": "string"}
_OPT = {"type": ["string", "null"]}  # null: as if left out
_SCALAR = {"type": ["string", "number", "null"]}
_MS = {"type": ["number", "null"]}  # a time in milliseconds; -1 (or null) where it does not apply
_OBJECT = {"type": ["object", "null"]}
_WAITED = ("blocked", "dns", "connect", "send", "wait")  # the timings before the first byte came back
# A header's value may be a number (some tools write Content-Length so), never null, a list or an object
_VALUE = {"type": ["string", "number"]}
_PAIRS = {
    "type": "array",
    "items": {
        "description": "a header ({name, value} or [name, value], a string name and a string value)",
        "anyOf": [
            {"type": "object", "required": ["name", "value"], "properties": {"name": _STR, "value": _VALUE}},
            {"type": "array", "minItems": 2, "maxItems": 2, "prefixItems": [_STR, _VALUE]},
        ],
    },
}
# The parts of a HAR 1.2 entry the import reads, and their types: checked only when an entry fails
# to map, so the error can name the field rather than the Python exception.
ENTRY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["startedDateTime", "request"],
    "properties": {
        "startedDateTime": _STR,
        "_id": {"type": ["string", "integer", "null"]},
        "_replay_id": {"type": ["string", "integer", "null"]},
        "time": _MS,
        "timings": {**_OBJECT, "properties": dict.fromkeys(_WAITED, _MS)},
        "request": {
            "type": "object",
            "required": ["method", "url"],
            "properties": {
                "method": _STR,
                "url": _STR,
                "headers": _PAIRS,
                "httpVersion": _OPT,
                "postData": {
                    **_OBJECT,
                    "properties": {
                        "text": _OPT,
                        "mimeType": _OPT,
                        "params": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": _SCALAR,
                                    "value": _SCALAR,
                                    "fileName": _OPT,
                                    "contentType": _OPT,
                                },
                            },
                        },
                    },
                },
            },
        },
        "_error": _OPT,
        "response": {
            **_OBJECT,
            "properties": {
                "status": {"type": ["integer", "string", "null"], "pattern": "^[0-9]+$", "minimum": 0, "maximum": 599},
                "statusText": _OPT,
                "httpVersion": _OPT,
                "_error": _OPT,
                "headers": _PAIRS,
                "content": {**_OBJECT, "properties": {"text": _OPT, "encoding": _OPT}},
            },
        },
    },
}


_LIST = {"type": "array"}
_MESSAGE = {
    "type": "object",
    "properties": {"headers": _PAIRS, "cookies": {"type": "array", "items": {"type": "object"}}},
}
# What redaction reads of an entry (``entry_view``, ``write_back``): it checks nothing else, but the
# parts it reads must have these types, or a text in them would go through unredacted.
VIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "request": {
            **_MESSAGE,
            "properties": {
                **_MESSAGE["properties"],
                "url": _STR,
                "postData": {"type": "object", "properties": {"text": _STR, "params": _LIST}},
            },
        },
        "response": {
            **_MESSAGE,
            "properties": {
                **_MESSAGE["properties"],
                "status": ENTRY_SCHEMA["properties"]["response"]["properties"]["status"],
                "content": {"type": "object"},
                "redirectURL": _STR,
            },
        },
        "_webSocketMessages": _LIST,
    },
}


def entry_problem(entry: Any, error: Exception) -> str:
    """What is wrong with an entry ``entry_to_exchange`` refused, by field: ``.request.postData: 1 is not
    of type 'object'``."""
    if isinstance(error, ValueError) and "isoformat" in str(error):
        return f".startedDateTime: {quoted(entry['startedDateTime'])} is not an ISO 8601 time"
    return problem(entry, ENTRY_SCHEMA, error)


def _header_list(items: Any) -> list[Any]:
    """Headers as HAR tools write them: ``{"name", "value"}`` objects (most tools) or ``[name, value]``
    pairs (Slack); TypeError for another form (a string "ab" is not the pair ("a", "b"), and a
    ``{name: value}`` table's values would be out of redaction's reach)."""
    if not isinstance(items, list) or not all(
        isinstance(h, dict) or (isinstance(h, list) and len(h) == 2) for h in items
    ):
        raise TypeError("headers are not a list of {name, value} objects or [name, value] pairs")
    return items


def _pairs(items: Any) -> list[tuple[str, str]]:
    """Headers as (name, value), as mitmproxy reads them."""
    return [_pair(h["name"], h["value"]) if isinstance(h, dict) else _pair(h[0], h[1]) for h in _header_list(items)]


def _pair(name: Any, value: Any) -> tuple[str, str]:
    """A header as (name, value); TypeError for a name that is no string or a value that is neither a string nor a
    number. Why: str() of them made a header named "None" (a name of null), or "{'a': 1}" of an object."""
    if not isinstance(name, str) or isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError("a header's name is not a string, or its value neither a string nor a number")
    return name, str(value)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"a {type(value).__name__} is not a string")  # not the value: it may be a secret
    return value


def _opt(value: Any) -> str:
    """An optional string field: "" for null (as if left out), TypeError for another type. Why: ``x or default``
    read ``[]``, ``{}``, ``0`` and ``false`` as left out too, so a body given as ``[]`` was imported as none."""
    return "" if value is None else _text(value)


def _object(value: Any) -> dict[str, Any]:
    """An optional object field: {} for null, TypeError for another type (``[]`` was read as left out)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise TypeError(f"a {type(value).__name__} is not an object")
    return value


def _scalar(value: Any) -> str:
    """A form field's name or value: a string, or a number some tools write (null: ""); TypeError for another
    type (str() of an object sent "{'a': 1}")."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(f"a {type(value).__name__} is neither a string nor a number")
    return str(value)


def _status(value: Any) -> int:
    """An HTTP status, or 0 (no response); ValueError for a number no server sends (-5, 999, 200.5)."""
    status = (
        value if isinstance(value, int) and not isinstance(value, bool) else 0 if value is None else int(_text(value))
    )
    if status != 0 and not 100 <= status <= 599:
        raise ValueError(f"response.status {value!r} is not an HTTP status (100..599, or 0 for no response)")
    return status


def _ms(value: Any) -> float:
    """A time in milliseconds as HAR gives it: -1 or null where it does not apply (0); TypeError for a string."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise TypeError(f"a {type(value).__name__} is not a number")
    return float(value) if value is not None and value > 0 else 0.0


def _base64(text: str) -> bytes:
    """A body HAR marks base64; ValueError when it is not (b64decode's default drops what is not base64: '!!!'
    was an empty body, 'aGk=!!' was 'hi', imported without a word). Line breaks inside it are allowed."""
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except ValueError:
        raise ValueError("response.content.text is marked base64 and is not base64") from None


def _query(url: str) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)]


def _post_body(post: dict[str, Any], headers: list[tuple[str, str]]) -> bytes | None:
    """The request body of a ``postData``: its ``text``, else its form ``params`` encoded as its type says. A
    multipart form's (Insomnia exports them so: no text, a file part by its ``fileName`` alone) as multipart
    under the boundary its Content-Type names, or one made of the params when it names none (its header then
    given it): urlencoded, as it was, the server read no field of it."""
    text, params = post.get("text"), post.get("params")
    if params is not None and not isinstance(params, list):
        raise TypeError("postData.params is not a list")
    if text is not None:
        return _text(text).encode("utf-8") or None
    if not params:
        return None
    fields = [
        (_scalar(p["name"]), _scalar(p.get("value")), _opt(p.get("fileName")), _opt(p.get("contentType")))
        for p in params
    ]
    mime = _opt(post.get("mimeType")) or content_type(headers)
    if mime.split(";")[0].strip().lower() != "multipart/form-data":
        return urlencode([(name, value) for name, value, _, _ in fields]).encode("utf-8")
    named = _BOUNDARY.search(content_type(headers)) or _BOUNDARY.search(mime)
    boundary = named[1].strip('"') if named else "replay-" + hashlib.sha256(orjson.dumps(fields)).hexdigest()[:32]
    if not named:
        at = next((i for i, (k, _) in enumerate(headers) if k.lower() == "content-type"), len(headers))
        headers[at : at + 1] = [("content-type", f"multipart/form-data; boundary={boundary}")]
    parts = []
    for name, value, file_name, part_type in fields:
        disposition = f'form-data; name="{name}"' + (f'; filename="{file_name}"' if file_name else "")
        head = f"Content-Disposition: {disposition}\r\n" + (f"Content-Type: {part_type}\r\n" if part_type else "")
        parts.append(f"--{boundary}\r\n{head}\r\n{value}\r\n")
    return ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8")


def _started(text: str) -> datetime:
    """A ``startedDateTime``; one without a UTC offset (HAR 1.2 asks for one; some tools write none) read as
    UTC: read as the importing machine's local time, the same file imported to different starts on two
    machines."""
    started = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return started if started.tzinfo is not None else started.replace(tzinfo=UTC)


def has_offset(text: Any) -> bool:
    """Whether a ``startedDateTime`` names its UTC offset (True for what is no time: the import says that)."""
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return True


def entry_to_exchange(entry: dict[str, Any], index: int) -> Exchange:
    """The exchange of one HAR entry; KeyError, TypeError, ValueError or AttributeError when it is not one."""
    req = entry["request"]
    headers = _pairs(req.get("headers", []))
    req_body = _post_body(_object(req.get("postData")), headers)
    started = _started(entry["startedDateTime"]).timestamp()
    if not 0 <= started < LAST_START:  # what a capture record may hold
        raise ValueError("startedDateTime is before 1970 (or after 5138)")
    t = _object(entry.get("timings"))
    ttfb = sum(_ms(t.get(k)) for k in _WAITED) / 1000
    ex = Exchange(
        id=_id(entry) or f"har-{index}",
        request=Request(
            method=_text(req["method"]),
            url=_text(req["url"]),
            headers=headers,
            body=Body.from_bytes(req_body) if req_body else None,
            http_version=_opt(req.get("httpVersion")) or "HTTP/1.1",
        ),
        timings=Timings(start=round(started, 6), ttfb=round(ttfb, 6), total=round(_ms(entry.get("time")) / 1000, 6)),
        meta={"source": "har"},
    )
    resp = _object(entry.get("response"))
    status = _status(resp.get("status"))
    error = _opt(resp.get("_error"))
    if status == 0:  # browsers write status 0 for a request that got no response
        ex.error = error or _opt(entry.get("_error")) or "no response"
        ex.timings.ttfb = None
        return ex
    content = _object(resp.get("content"))
    text, encoding = _opt(content.get("text")), _opt(content.get("encoding"))
    raw = (_base64(text) if encoding == "base64" else text.encode("utf-8")) if text else None
    if error:  # an answer that broke off after its head reached its client (``_response``)
        ex.error = error
        ex.meta["response_incomplete"] = True
    ex.response = Response(
        status=status,
        headers=[(k, v) for k, v in _pairs(resp.get("headers", [])) if k.lower() != "content-encoding"],
        body=Body.from_bytes(raw),
        reason=_opt(resp.get("statusText")),
        http_version=_opt(resp.get("httpVersion")) or "HTTP/1.1",
    )
    return ex


def _id(entry: dict[str, Any]) -> str:
    """The id a tool (or replay's export) gave the entry, "" for none; TypeError for one of another type (an object
    was the id "{'a': 1}", a list was read as none)."""
    given = next((v for v in (entry.get("_id"), entry.get("_replay_id")) if v is not None and v != ""), None)
    if given is not None and (isinstance(given, bool) or not isinstance(given, str | int)):
        raise TypeError(f"a {type(given).__name__} is not an id")
    return "" if given is None else str(given)


def _har_headers(headers: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in headers]


def _body_text(body: Body) -> str:
    # HAR postData has no encoding field: binary request bodies go as latin-1 text, byte for byte.
    return body.text if body.encoding == "utf8" else base64.b64decode(body.text).decode("latin-1")


def _response(ex: Exchange) -> dict[str, Any]:
    """The entry's response as its client got it: none (status 0, as a browser writes a request that got no answer)
    where the record holds none or an upstream's head its client never got (``head_not_passed_on``)."""
    if ex.response is None or head_not_passed_on(ex.response, ex.error, ex.stream, ex.meta):
        return {
            "status": 0,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [],
            "content": {"size": 0, "mimeType": "x-unknown"},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_error": ex.error or "no response",
        }
    r = ex.response
    content: dict[str, Any] = {"size": r.body.size if r.body else 0, "mimeType": content_type(r.headers)}
    if r.body is not None:
        content["text"] = r.body.text
        if r.body.encoding == "base64":
            content["encoding"] = "base64"
    return {
        "status": r.status,
        "statusText": r.reason,
        "httpVersion": r.http_version,
        "cookies": [],
        "headers": _har_headers(r.headers),
        "content": content,
        "redirectURL": next((v for k, v in r.headers if k.lower() == "location"), ""),
        "headersSize": -1,
        "bodySize": r.body.size if r.body else 0,
    } | ({"_error": ex.error} if ex.error is not None else {})  # a stream cut: it was exported as a whole answer


def exchange_to_entry(ex: Exchange) -> dict[str, Any]:
    """One HAR 1.2 entry (the fields Chrome's devtools and mitmproxy require)."""
    req = ex.request
    request: dict[str, Any] = {
        "method": req.method,
        "url": req.url,
        "httpVersion": req.http_version,
        "cookies": [],
        "headers": _har_headers(req.headers),
        "queryString": _query(req.url),
        "headersSize": -1,
        "bodySize": req.body.size if req.body else 0,
    }
    if req.body is not None:
        request["postData"] = {"mimeType": content_type(req.headers), "text": _body_text(req.body), "params": []}
    ttfb = ex.timings.ttfb or 0.0
    total = ex.timings.total or ttfb
    return {
        "startedDateTime": datetime.fromtimestamp(ex.timings.start, UTC).isoformat().replace("+00:00", "Z"),
        "time": round(total * 1000, 3),
        "request": request,
        "response": _response(ex),
        "cache": {},
        "timings": {"send": 0, "wait": round(ttfb * 1000, 3), "receive": round((total - ttfb) * 1000, 3)},
        "_replay_id": ex.id,
    }


def har_document(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """A HAR 1.2 log holding ``entries``, written by replay."""
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "replay", "version": __version__},
            "pages": [],
            "entries": entries,
        }
    }


# Redaction's view: every text a HAR entry holds, in an exchange, and back again.


def _cookies(msg: dict[str, Any]) -> list[dict[str, Any]]:
    jar = msg.get("cookies") or []
    if not isinstance(jar, list) or not all(isinstance(c, dict) for c in jar):
        raise TypeError("cookies are not a list of {name, value} objects")
    return jar


def _view_headers(msg: dict[str, Any]) -> list[tuple[str, str]]:
    """The headers, plus the cookies array as one last Cookie header (so cookie rules apply)."""
    out = _pairs(msg.get("headers") or [])
    jar = _cookies(msg)
    if jar:
        out.append(("cookie", "; ".join(f"{c.get('name', '')}={c.get('value', '')}" for c in jar)))
    return out


def _put_headers(msg: dict[str, Any], headers: list[tuple[str, str]]) -> None:
    jar = _cookies(msg)
    plain = headers[:-1] if jar else headers
    for h, (_, v) in zip(_header_list(msg.get("headers") or []), plain, strict=False):
        if isinstance(h, dict):
            h["value"] = v
        else:
            h[1] = v
    if jar:
        values = [p.partition("=")[2] for p in headers[-1][1].split("; ")]
        for c, v in zip(jar, values, strict=False):
            c["value"] = v


def _view_body(text: Any, encoding: Any) -> Body | None:
    if not isinstance(text, str) or not text:
        return None
    return Body(text, "base64" if encoding == "base64" else "utf8", len(text))


def entry_view(entry: dict[str, Any]) -> Exchange:
    """The texts of a HAR entry as an exchange to edit (nothing decoded, nothing checked): URL,
    headers with cookie arrays as a last Cookie header, post data and response content as written."""
    req = entry.get("request") or {}
    post = req.get("postData") or {}
    for listed in (post.get("params"), entry.get("_webSocketMessages")):  # redacted item by item after the view
        if listed is not None and not isinstance(listed, list):
            raise TypeError("postData.params or _webSocketMessages is not a list")
    ex = Exchange(
        id="har",
        request=Request(
            str(req.get("method", "GET")),
            str(req.get("url", "")),
            _view_headers(req),
            _view_body(post.get("text"), None),
        ),
        timings=Timings(0.0),
    )
    resp = entry.get("response")
    if isinstance(resp, dict):
        content = resp.get("content") or {}
        ex.response = Response(
            int(resp.get("status") or 0), _view_headers(resp), _view_body(content.get("text"), content.get("encoding"))
        )
    return ex


def write_back(entry: dict[str, Any], ex: Exchange) -> None:
    """Put the texts of ``ex`` (an ``entry_view`` of ``entry``, edited) back into ``entry``, in place:
    URL and query string, headers and cookies, post data, response content (with a comment when a
    binary body was emptied)."""
    req = entry.get("request") or {}
    req["url"] = ex.request.url
    _put_headers(req, ex.request.headers)
    if "queryString" in req:
        req["queryString"] = _query(req["url"])
    if ex.request.body is not None:
        (req.get("postData") or {})["text"] = ex.request.body.text
    resp = entry.get("response")
    if isinstance(resp, dict) and ex.response is not None:
        _put_headers(resp, ex.response.headers)
        content = resp.get("content") or {}
        if ex.response.body is not None:
            content["text"] = ex.response.body.text
            if ex.response.body.encoding == "base64" and not ex.response.body.text:
                content["comment"] = "binary body dropped by replay redact"
