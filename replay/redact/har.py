"""HAR files through the redaction engine: each entry is seen as an exchange, redacted, and its
fields written back (URL, headers, cookies, query string, post data and params, response
content, redirect URL, WebSocket messages, page titles), so a HAR comes out as a HAR."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlsplit

import orjson

from replay.errors import BadInput
from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.redact.engine import Engine

__all__ = ["entries", "load_har", "redact_entry", "redact_pages", "save_har"]


def load_har(path: Path) -> dict[str, Any]:
    """A parsed HAR file; BadInput when it is not one."""
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file; check the path") from None
    except orjson.JSONDecodeError as e:
        raise BadInput(f"{path}: not a HAR file (invalid JSON: {e}); give a .har export or a capture") from None
    entries = data.get("log", {}).get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BadInput(f"{path}: not a HAR file (no log.entries list); give a .har export or a capture")
    return data


def save_har(data: dict[str, Any], path: Path) -> None:
    path.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2))


def entries(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for i, entry in enumerate(data["log"]["entries"]):
        if isinstance(entry, dict):
            yield f"entry-{i}", entry


def _headers(msg: dict[str, Any]) -> tuple[list[tuple[str, str]], bool]:
    """The headers, plus the cookies array as one last Cookie header (flag: it is there)."""
    out = [(str(h.get("name", "")), str(h.get("value", ""))) for h in msg.get("headers") or [] if isinstance(h, dict)]
    pairs = [c for c in msg.get("cookies") or [] if isinstance(c, dict)]
    if pairs:
        out.append(("cookie", "; ".join(f"{c.get('name', '')}={c.get('value', '')}" for c in pairs)))
    return out, bool(pairs)


def _put_headers(msg: dict[str, Any], headers: list[tuple[str, str]], jar: bool) -> None:
    plain = headers[:-1] if jar else headers
    for h, (_, v) in zip([h for h in msg.get("headers") or [] if isinstance(h, dict)], plain, strict=False):
        h["value"] = v
    if jar:
        values = [p.partition("=")[2] for p in headers[-1][1].split("; ")]
        for c, v in zip([c for c in msg["cookies"] if isinstance(c, dict)], values, strict=False):
            c["value"] = v


def _body(text: Any, encoding: Any) -> Body | None:
    if not isinstance(text, str) or not text:
        return None
    return Body(text, "base64" if encoding == "base64" else "utf8", len(text))


def redact_entry(engine: Engine, entry: dict[str, Any]) -> Counter[str]:
    """Redact one HAR entry in place; return the counts per kind."""
    req = entry.get("request") or {}
    resp = entry.get("response")
    post = req.get("postData") or {}
    # Cookie arrays ride along as a Cookie / Set-Cookie style header, so cookie rules apply.
    req_headers, req_jar = _headers(req)
    ex = Exchange(
        id="har",
        request=Request(
            str(req.get("method", "GET")), str(req.get("url", "")), req_headers, _body(post.get("text"), None)
        ),
        timings=Timings(0.0),
    )
    resp_jar = False
    if isinstance(resp, dict):
        content = resp.get("content") or {}
        resp_headers, resp_jar = _headers(resp)
        ex.response = Response(
            int(resp.get("status") or 0), resp_headers, _body(content.get("text"), content.get("encoding"))
        )
    counts = engine.exchange(ex)
    req["url"] = ex.request.url
    _put_headers(req, ex.request.headers, req_jar)
    if "queryString" in req:
        req["queryString"] = [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(req["url"]).query, True)]
    if ex.request.body is not None:
        post["text"] = ex.request.body.text
    for p in post.get("params") or []:
        if isinstance(p, dict) and isinstance(p.get("value"), str):
            form = engine.text(f"{quote_plus(str(p.get('name', '')))}={quote_plus(p['value'])}", counts, plus=True)
            p["value"] = parse_qsl(form, True)[0][1] if "=" in form else ""
    if isinstance(resp, dict) and ex.response is not None:
        _put_headers(resp, ex.response.headers, resp_jar)
        content = resp.get("content") or {}
        if ex.response.body is not None:
            content["text"] = ex.response.body.text
            if ex.response.body.encoding == "base64" and not ex.response.body.text:
                content["comment"] = "binary body dropped by replay redact"
        if isinstance(resp.get("redirectURL"), str):
            resp["redirectURL"] = engine.text(resp["redirectURL"], counts)
    for msg in entry.get("_webSocketMessages") or []:
        if isinstance(msg, dict) and isinstance(msg.get("data"), str):
            msg["data"] = engine.text(msg["data"], counts)
    return counts


def redact_pages(engine: Engine, data: dict[str, Any], counts: Counter[str]) -> None:
    for page in data["log"].get("pages") or []:
        if isinstance(page, dict) and isinstance(page.get("title"), str):
            page["title"] = engine.text(page["title"], counts)
