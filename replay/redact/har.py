"""HAR files through the redaction engine: each entry is seen as an exchange (``replay.exchange.har``
maps it), redacted, and its texts written back (URL, headers, cookies, query string, post data and
params, response content, redirect URL, WebSocket messages, page titles), so a HAR comes out as a HAR.
Every other string of an entry or a page (what a tool adds: Chrome's ``_initiator`` and its stack's URLs,
WebPageTest's ``_full_url``, a ``comment``, a ``statusText``) is redacted too, a URL as a URL: a copy of the
request's URL there kept the token the URL lost."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote_plus, unquote_plus

import orjson

from replay.errors import BadInput
from replay.exchange.format import Exchange
from replay.exchange.har import VIEW_SCHEMA, NotHar, entry_view, parse_har, write_back
from replay.redact.engine import Engine
from replay.redact.withheld import Withheld
from replay.util.inputs import read_input
from replay.util.outputs import write_atomic
from replay.util.schema import problem

__all__ = ["load_har", "redact_entries", "redact_pages", "save_har"]


def load_har(path: Path) -> dict[str, Any]:
    """A parsed HAR file; BadInput when it is not one."""
    try:
        data = parse_har(read_input(path))
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file; check the path") from None
    except NotHar as e:
        raise BadInput(e.line(path, "give a .har export or a capture")) from None
    if not isinstance(data["log"].get("pages") or [], list):
        raise BadInput(f"{path}: log.pages is not a list; fix it or drop it (HAR 1.2)")
    return data


def save_har(data: dict[str, Any], path: Path, new: bool = False) -> None:
    """Write the HAR document ``data`` to ``path`` whole (``new``: see ``util.outputs.atomic_output``)."""
    write_atomic(path, orjson.dumps(data, option=orjson.OPT_INDENT_2), new)


def redact_entries(
    engine: Engine, data: dict[str, Any], path: Path, withheld: Withheld
) -> Iterator[tuple[str, Counter[str]]]:
    """Redact every entry in place: its id and counts per kind. BadInput names an entry whose parts are
    not of the types redaction reads: passed over, their texts would reach the copy unredacted. An entry the
    engine fails on is taken out of ``data`` (half redacted, it must not be written) and counted in ``withheld``."""
    entries = data["log"]["entries"]
    kept = []
    for i, entry in enumerate(entries):
        try:
            if not isinstance(entry, dict):
                raise TypeError("not an object")
            ex = entry_view(entry)
        except (AttributeError, KeyError, TypeError, ValueError) as e:  # KeyError: a header object without a name
            raise BadInput(
                f"{path}: log.entries[{i}]{problem(entry, VIEW_SCHEMA, e)}; fix or drop that entry (HAR 1.2)"
            ) from None
        found = withheld.attempt(partial(_redacted, engine, entry, ex), f"log.entries[{i}]")
        if found is not None:
            kept.append(entry)
            yield f"entry-{i}", found
    if len(kept) < len(entries):
        data["log"]["entries"] = kept


def _redacted(engine: Engine, entry: dict[str, Any], ex: Exchange) -> Counter[str]:
    """Redact one HAR entry in place, ``ex`` its view; return the counts per kind."""
    counts = engine.exchange(ex)
    write_back(entry, ex)
    post = (entry.get("request") or {}).get("postData") or {}
    for p in post.get("params") or []:
        if isinstance(p, dict) and isinstance(p.get("value"), str):
            p["value"] = _param(engine, str(p.get("name", "")), p["value"], counts)
    resp = entry.get("response")
    if isinstance(resp, dict) and isinstance(resp.get("redirectURL"), str):
        resp["redirectURL"] = engine.text(resp["redirectURL"], counts)
    for msg in entry.get("_webSocketMessages") or []:
        if isinstance(msg, dict) and isinstance(msg.get("data"), str):
            msg["data"] = engine.text(msg["data"], counts)
    _rest(engine, entry, (), counts)
    return counts


def _param(engine: Engine, name: str, value: str, counts: Counter[str]) -> str:
    """A form param's value redacted as the field ``name=value`` of a form. Chrome writes a value as the form
    sent it, percent-encoded (``jane%40example.com``): encoded again it hid the address from every rule, so
    such a value is read decoded and written back encoded."""
    plain = unquote_plus(value)
    form = engine.text(f"{quote_plus(name)}={quote_plus(plain)}", counts, plus=True)
    done = parse_qsl(form, True)[0][1] if "=" in form else ""
    if plain == value:  # not encoded
        return done
    return value if done == plain else quote_plus(done)


# The parts of an entry the exchange view (``entry_view``, ``write_back``) and ``_redacted`` redact, by key path
# from the entry ("*" any item of a list). Ids and the fields that are times, methods or types hold nobody's data
# (WebPageTest's ``_expires``, "Fri, 04 May 2018 16:02:06 GMT", read without its header's context as a name);
# nor does the server's address (its URL's host, which no rule redacts: WebPageTest writes it as ``_ip_addr``)
_COVERED = frozenset(
    {
        ("request", "url"),
        ("request", "headers"),
        ("request", "cookies"),
        ("request", "queryString"),
        ("request", "postData", "text"),
        ("request", "postData", "params"),
        ("response", "headers"),
        ("response", "cookies"),
        ("response", "content", "text"),
        ("response", "redirectURL"),
        ("_webSocketMessages", "*", "data"),
    }
)
_PLAIN = frozenset(
    {
        "startedDateTime",
        "pageref",
        "id",
        "method",
        "httpVersion",
        "mimeType",
        "encoding",
        "_file",
        "serverIPAddress",
        "_ip_addr",
        "_expires",
    }
)
_URL = ("http://", "https://", "ws://", "wss://")


def _rest(engine: Engine, node: Any, path: tuple[str, ...], counts: Counter[str]) -> None:
    """Redact in place every string under ``node`` (an entry, a page) that ``_COVERED`` does not name: a URL as a
    URL (its query's fields by their names), any other as text."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in list(items):
        at = (*path, key if isinstance(key, str) else "*")
        if at in _COVERED or (isinstance(key, str) and key in _PLAIN):
            continue
        if isinstance(value, str):
            node[key] = engine.url(value, counts) if value.startswith(_URL) else engine.text(value, counts)
        else:
            _rest(engine, value, at, counts)


def redact_pages(engine: Engine, data: dict[str, Any], counts: Counter[str]) -> None:
    """Redact every page of the log in place (its title, and any other string a tool wrote in it), and the log's
    ``comment``."""
    for page in data["log"].get("pages") or []:
        if isinstance(page, dict):
            _rest(engine, page, (), counts)
    if isinstance(data["log"].get("comment"), str):
        data["log"]["comment"] = engine.text(data["log"]["comment"], counts)
