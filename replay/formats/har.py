"""HAR 1.2 <-> exchange records. HAR keeps decoded bodies, as the capture format does."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from replay import __version__
from replay.errors import ImportFormatError
from replay.exchange.format import Body, Exchange, Request, Response, Timings

__all__ = ["exchange_to_entry", "read_har", "write_har"]


def read_har(path: Path) -> Iterator[Exchange]:
    """Exchanges of a HAR 1.2 file; ImportFormatError naming the entry that does not fit."""
    try:
        doc = orjson.loads(path.read_bytes())
        entries = doc["log"]["entries"]
        if not isinstance(entries, list):
            raise TypeError
    except (orjson.JSONDecodeError, KeyError, TypeError):
        raise ImportFormatError(
            f"{path}: not a HAR 1.2 file (no log.entries list); export HAR from the browser's network panel"
        ) from None
    return _entries(path, entries)


def _entries(path: Path, entries: list[Any]) -> Iterator[Exchange]:
    for i, entry in enumerate(entries):
        try:
            yield _exchange(entry, i)
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise ImportFormatError(f"{path}: log.entries[{i}] is not a HAR entry ({type(e).__name__}: {e})") from None


def _pairs(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(str(h["name"]), str(h["value"])) for h in items]


def _ms(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and value > 0 else 0.0


def _exchange(entry: dict[str, Any], index: int) -> Exchange:
    req = entry["request"]
    post = req.get("postData") or {}
    req_body = post.get("text")
    if req_body is None and post.get("params"):
        from urllib.parse import urlencode

        req_body = urlencode([(p["name"], p.get("value", "")) for p in post["params"]])
    started = datetime.fromisoformat(entry["startedDateTime"].replace("Z", "+00:00")).timestamp()
    t = entry.get("timings") or {}
    ttfb = sum(_ms(t.get(k)) for k in ("blocked", "dns", "connect", "send", "wait")) / 1000
    ex = Exchange(
        id=str(entry.get("_id") or entry.get("_replay_id") or f"har-{index}"),
        request=Request(
            method=str(req["method"]),
            url=str(req["url"]),
            headers=_pairs(req.get("headers", [])),
            body=Body.from_bytes(req_body.encode("utf-8")) if req_body else None,
            http_version=str(req.get("httpVersion") or "HTTP/1.1"),
        ),
        timings=Timings(start=round(started, 6), ttfb=round(ttfb, 6), total=round(_ms(entry.get("time")) / 1000, 6)),
        meta={"source": "har"},
    )
    resp = entry.get("response") or {}
    status = int(resp.get("status") or 0)
    if status == 0:  # browsers write status 0 for a request that got no response
        ex.error = str(resp.get("_error") or entry.get("_error") or "no response")
        ex.timings.ttfb = None
        return ex
    content = resp.get("content") or {}
    text = content.get("text")
    raw = None
    if text:
        raw = base64.b64decode(text) if content.get("encoding") == "base64" else text.encode("utf-8")
    ex.response = Response(
        status=status,
        headers=[(k, v) for k, v in _pairs(resp.get("headers", [])) if k.lower() != "content-encoding"],
        body=Body.from_bytes(raw),
        reason=str(resp.get("statusText") or ""),
        http_version=str(resp.get("httpVersion") or "HTTP/1.1"),
    )
    return ex


def _har_headers(headers: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in headers]


def _content_type(headers: list[tuple[str, str]]) -> str:
    return next((v for k, v in headers if k.lower() == "content-type"), "")


def exchange_to_entry(ex: Exchange) -> dict[str, Any]:
    """One HAR 1.2 entry (the fields Chrome's devtools and mitmproxy require)."""
    from urllib.parse import parse_qsl, urlsplit

    req = ex.request
    request: dict[str, Any] = {
        "method": req.method,
        "url": req.url,
        "httpVersion": req.http_version,
        "cookies": [],
        "headers": _har_headers(req.headers),
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(req.url).query, keep_blank_values=True)],
        "headersSize": -1,
        "bodySize": req.body.size if req.body else 0,
    }
    if req.body is not None:
        request["postData"] = {"mimeType": _content_type(req.headers), "text": _body_text(req.body), "params": []}
    ttfb = ex.timings.ttfb or 0.0
    total = ex.timings.total or ttfb
    response: dict[str, Any] = {
        "status": 0,
        "statusText": "",
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": [],
        "content": {"size": 0, "mimeType": "x-unknown"},
        "redirectURL": "",
        "headersSize": -1,
        "bodySize": -1,
    }
    if ex.response is not None:
        r = ex.response
        content: dict[str, Any] = {"size": r.body.size if r.body else 0, "mimeType": _content_type(r.headers)}
        if r.body is not None:
            content["text"] = r.body.text
            if r.body.encoding == "base64":
                content["encoding"] = "base64"
        location = next((v for k, v in r.headers if k.lower() == "location"), "")
        response.update(
            status=r.status,
            statusText=r.reason,
            httpVersion=r.http_version,
            headers=_har_headers(r.headers),
            content=content,
            redirectURL=location,
            bodySize=r.body.size if r.body else 0,
        )
    else:
        response["_error"] = ex.error or "no response"
    return {
        "startedDateTime": datetime.fromtimestamp(ex.timings.start, UTC).isoformat().replace("+00:00", "Z"),
        "time": round(total * 1000, 3),
        "request": request,
        "response": response,
        "cache": {},
        "timings": {"send": 0, "wait": round(ttfb * 1000, 3), "receive": round((total - ttfb) * 1000, 3)},
        "_replay_id": ex.id,
    }


def _body_text(body: Body) -> str:
    # HAR postData has no encoding field: binary request bodies go as latin-1 text, byte for byte.
    return body.text if body.encoding == "utf8" else base64.b64decode(body.text).decode("latin-1")


def write_har(exchanges: Iterable[Exchange], out: Path) -> int:
    """Write a HAR 1.2 file; returns the number of entries."""
    entries = [exchange_to_entry(ex) for ex in exchanges]
    doc = {
        "log": {
            "version": "1.2",
            "creator": {"name": "replay", "version": __version__},
            "pages": [],
            "entries": entries,
        }
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(orjson.dumps(doc, option=orjson.OPT_INDENT_2))
    tmp.replace(out)
    return len(entries)
