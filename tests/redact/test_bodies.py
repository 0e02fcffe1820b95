"""Body rules on bodies nested as deep as a JSON parser takes them (``replay.redact.bodies``, and the frame
limit ``replay.redact.DEEP_ENOUGH``): each was an exception, the exchange dropped by a capture and ``redact``
and ``scan`` ended in a traceback."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.redact import Redactor

_DEEP = 1000  # orjson reads 1024 levels; the stream rule walked them one frame a level, past Python's 1000
_EMAIL = '"mail jane.doe@example.com"'


@pytest.mark.parametrize(
    ("ctype", "text"),
    [
        ("text/event-stream", "data: " + "[" * _DEEP + _EMAIL + "]" * _DEEP + "\n\n"),
        ("application/x-ndjson", '{"a":' * _DEEP + _EMAIL + "}" * _DEEP + "\n"),
        # a \\u escape in a string has the body walked, and orjson writes no more than 254 levels back
        ("application/json", "[" * 300 + '"Stra\\\\u00dfe 1, jane.doe@example.com"' + "]" * 300),
    ],
    ids=["sse", "ndjson", "json"],
)
def test_a_body_nested_as_deep_as_json_goes_is_redacted(r: Redactor, ctype: str, text: str) -> None:
    body = Body(text, "utf8", len(text))
    ex = r.redact(Exchange("e1", Request("POST", "http://h/x", [("content-type", ctype)], body), Timings(0.0)))
    assert ex.request.body is not None and "jane.doe" not in ex.request.body.text
    assert ex.redactions["email"] == 1


@pytest.mark.parametrize(
    ("ctype", "text", "codec"),
    [
        ("application/json", '{"note": "“Hi” from José Müller – mail jose.muller@corp-mail.com"}', "cp1252"),
        ("application/json", '{"name": "José Müller", "email": "jose.muller@corp-mail.com"}', "utf-16-le"),
        ("application/json", '{"name": "José Müller", "email": "jose.muller@corp-mail.com"}', "utf-16"),
        (
            "application/x-www-form-urlencoded",
            "name=José Müller&email=jose.muller@corp-mail.com&city=Zürich",
            "latin-1",
        ),
        ("text/plain", "メール jose.muller@corp-mail.com 山田太郎様 電話 03-1234-5678", "cp932"),
    ],
)
def test_a_text_body_in_a_charset_it_does_not_declare_is_redacted_in_it(
    r: Redactor, ctype: str, text: str, codec: str
) -> None:
    """No charset declared and not UTF-8: dropped as a binary body (counted ``binary_body``, the request lost on
    replay); now read in its charset (told by its first bytes, or detected), redacted, written back in it."""
    raw = text.encode(codec)
    ex = r.redact(
        Exchange("e1", Request("POST", "http://h/x", [("Content-Type", ctype)], Body.from_bytes(raw)), Timings(0))
    )
    body = ex.request.body
    assert body is not None and body.encoding == "base64" and not body.truncated and body.size == len(body.to_bytes())
    got = body.to_bytes().decode(codec)
    assert "jose.muller" not in got and "Müller" not in got and "山田" not in got and ex.redactions["email"] == 1
    assert got.startswith(text[:4]) and body.to_bytes()[:2] == raw[:2]  # the same encoding, its byte order mark kept
    assert "binary_body" not in ex.redactions and "unread_text" not in ex.redactions


def test_a_text_body_with_no_confident_reading_is_withheld_and_counted_apart(r: Redactor) -> None:
    raw = "Dzień dobry, nazywam się Łukasz Wróblewski".encode("cp1250")  # reads as well in windows-1252
    ex = r.redact(
        Exchange(
            "e1", Request("POST", "http://h/x", [("Content-Type", "text/plain")], Body.from_bytes(raw)), Timings(0)
        )
    )
    assert ex.request.body is not None and ex.request.body.text == "" and ex.request.body.size == len(raw)
    assert ex.redactions == {"unread_text": 1} and ex.meta["binary_bodies"] == {"request": "dropped"}


def _answer(pieces: list[str]) -> str:
    events = [
        "data: " + json.dumps({"choices": [{"index": 0, "delta": {"content": p}}]}, ensure_ascii=False) for p in pieces
    ]
    return "\n\n".join([*events, "data: [DONE]"]) + "\n\n"


@pytest.mark.parametrize(
    ("pieces", "gone", "kept"),
    [
        # the cue in one delta, the value whole in the next: the delta alone told nothing
        (['  File "/home/', "okafor/src/app/main.py", '", line 7'], "okafor", "/src/app/main.py"),
        (["dsn = mysql://billing:", "Wy6Tn1Qs4K", "@db.corp.net/ledger"], "Wy6Tn1Qs4K", "db.corp.net/ledger"),
    ],
    ids=["home-directory", "url-password"],
)
def test_a_value_whole_in_one_delta_but_seen_only_across_deltas_is_redacted(
    r: Redactor, pieces: list[str], gone: str, kept: str
) -> None:
    text = _answer(pieces)
    body = Body(text, "utf8", len(text))
    req = Request("GET", "http://h/x", [], None)
    ex = r.redact(Exchange("e1", req, Timings(0.0), Response(200, [("content-type", "text/event-stream")], body)))
    assert ex.response is not None and ex.response.body is not None
    joined = "".join(
        json.loads(line[6:])["choices"][0]["delta"]["content"]
        for line in ex.response.body.text.splitlines()
        if line.startswith("data: {")
    )
    assert gone not in joined and kept in joined


def _tool_deltas(api: str, pieces: list[str]) -> str:
    """A tool call's arguments streamed in ``pieces``, as OpenAI's chat completions and Anthropic's messages do."""
    if api == "openai":
        events = [
            {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": p}}]}}]}
            for p in pieces
        ]
        return "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    events = [
        {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": p}}
        for p in pieces
    ]
    return "".join(f"event: content_block_delta\ndata: {json.dumps(e)}\n\n" for e in events)


@pytest.mark.parametrize("api", ["openai", "anthropic"])
@pytest.mark.parametrize(
    ("arguments", "cut", "gone"),
    [
        ({"passenger": "Björn Andersson", "seat": "12A"}, "\\u00", "Andersson"),  # a \u escape cut after its \u00
        ({"email": "josé.garcía@correo.es", "seat": "12A"}, "\\u0", "correo.es"),  # inside the value it is in
        ({"name": "Renée Dubois", "seat": "12A"}, "\\", "Dubois"),  # an escape's backslash alone at a chunk's end
        ({"note": 'ask "Zoë Lambert" at 10', "seat": "12A"}, "\\", "Lambert"),  # an escaped quote cut
    ],
    ids=["u00", "u0-in-value", "backslash", "quote"],
)
def test_streamed_arguments_cut_inside_an_escape_are_read_decoded(
    r: Redactor, api: str, arguments: dict[str, str], cut: str, gone: str
) -> None:
    """A tool call's arguments (``json.dumps``: ``\\uXXXX``) streamed in chunks, one ending inside an escape: the
    joined arguments are read decoded, as a body's text is, and come back as JSON."""
    args = json.dumps(arguments)
    at = args.index(cut) + len(cut)
    text = _tool_deltas(api, [args[:at], args[at:]])
    ex = r.redact(_exchange("text/event-stream", text, response=True))
    assert ex.response is not None and ex.response.body is not None
    events = [json.loads(line[6:]) for line in ex.response.body.text.splitlines() if line.startswith("data: {")]
    deltas = [e["choices"][0]["delta"]["tool_calls"][0]["function"] if api == "openai" else e["delta"] for e in events]
    joined = json.loads("".join(d["arguments" if api == "openai" else "partial_json"] for d in deltas))
    assert gone not in json.dumps(joined, ensure_ascii=False) and joined["seat"] == "12A"


def test_a_value_a_delta_shows_alone_is_left_to_the_text_pass_and_counted_once(r: Redactor) -> None:
    text = _answer(["write to ", "ana.lopes@mailbox.org", " today"])
    body = Body(text, "utf8", len(text))
    req = Request("GET", "http://h/x", [], None)
    ex = r.redact(Exchange("e1", req, Timings(0.0), Response(200, [("content-type", "text/event-stream")], body)))
    assert ex.response is not None and ex.response.body is not None
    assert "ana.lopes" not in ex.response.body.text and ex.redactions["email"] == 1


def _parts(*parts: tuple[str, str]) -> str:
    head = '--XyZ\r\nContent-Disposition: form-data; name="{}"\r\n\r\n{}\r\n'
    return "".join(head.format(n, v) for n, v in parts) + "--XyZ--\r\n"


def test_a_multipart_part_of_a_telling_name_is_read_as_a_form_s_field(r: Redactor) -> None:
    # a KYC upload's form fields sent as parts: the part's name says what its value is, as a form's does
    text = _parts(("date_of_birth", "1993-06-27"), ("username", "okhryts"), ("document_type", "passport"))
    body = Body(text, "utf8", len(text))
    ctype = [("content-type", "multipart/form-data; boundary=XyZ")]
    ex = r.redact(Exchange("e1", Request("POST", "http://h/kyc", ctype, body), Timings(0.0)))
    assert ex.request.body is not None
    out = ex.request.body.text
    assert "1993-06-27" not in out and "okhryts" not in out and "\r\n\r\npassport\r\n" in out, out
    assert ex.redactions["dob"] == 1 and ex.redactions["username"] == 1


def _exchange(ctype: str, text: str, response: bool = False) -> Exchange:
    body = Body(text, "utf8", len(text.encode()))
    if response:
        req = Request("POST", "http://h/x", [], None)
        return Exchange("e1", req, Timings(0.0), Response(200, [("content-type", ctype)], body))
    return Exchange("e1", Request("POST", "http://h/x", [("content-type", ctype)], body), Timings(0.0))


def test_a_walked_body_s_fields_are_read_under_their_keys(r: Redactor) -> None:
    """A body with a tool's result in JSON with \\u escapes (Python's json.dumps, ensure_ascii) is walked: each short
    string is read under its key and beside its siblings, as in a raw body ("full_name" in a tool call's input)."""
    result = json.dumps({"holder": "田中美咲", "city": "Berlin"})  # \u escapes, escaped again in the body
    call = {"type": "tool_use", "name": "lookup", "input": {"full_name": "高橋蓮", "ship_to": "Am Stadtpark 4a"}}
    text = json.dumps({"messages": [{"role": "assistant", "content": [call]}, {"role": "user", "content": result}]})
    ex = r.redact(_exchange("application/json", text))
    assert ex.request.body is not None
    out = json.dumps(json.loads(ex.request.body.text), ensure_ascii=False)
    for gone in ("田中美咲", "高橋蓮", "Stadtpark"):
        assert gone not in out and "\\u7530" not in ex.request.body.text, out
    assert '"name": "lookup"' in out and "Berlin" in out and ex.redactions == {"name": 2, "address": 1}


def test_a_stream_event_with_escaped_arguments_is_walked(r: Redactor) -> None:
    """A Responses stream's function_call_arguments.done: its arguments a JSON text with \\u escapes."""
    args = json.dumps({"passenger": "يوسف الحربي", "seat": "12A"})
    done = {"type": "response.function_call_arguments.done", "item_id": "fc_1", "arguments": args}
    text = f"event: {done['type']}\ndata: {json.dumps(done)}\n\n"
    ex = r.redact(_exchange("text/event-stream", text, response=True))
    assert ex.response is not None and ex.response.body is not None
    event = json.loads(ex.response.body.text.split("data: ", 1)[1])
    assert json.loads(event["arguments"])["seat"] == "12A" and "يوسف" not in event["arguments"]
    assert ex.response.body.text.startswith("event: response.function_call_arguments.done\ndata: {")
    assert ex.redactions == {"name": 1}


# Labelled exchanges (tests/data/redact, never a held-out set) whose JSON bodies hold a non-ASCII character or a
# slash, the first few of each set: what a Python client (``json.dumps``: ``\uXXXX``) or PHP's ``json_encode`` (and
# ``\/``) writes differently from one that sends UTF-8 (httpx, Node, Go)
_DATA = Path(__file__).resolve().parent.parent / "data" / "redact"
_PER_SET = 14


_HEX = re.compile(r"(?<=\\u)[0-9a-f]{4}")  # .NET writes an escape's hex in capitals: \u00E9
_QUOTE = re.compile(r'(?<!\\)((?:\\\\)*)\\"')  # an escaped quote in a JSON text, not an escaped backslash before one


def _dumped(node: Any, encoder: str) -> str:
    """``node`` as JSON the way ``encoder`` writes it, with the JSON in its strings (a tool's arguments) too: UTF-8
    (httpx, Node, Go); ``json.dumps`` (``\\uXXXX``); PHP's ``json_encode`` (and ``\\/``); .NET's ``System.Text.Json``
    (and its HTML-safe escapes, a quote ``\\u0022``, in capitals: ``\\u00E9``)."""
    if isinstance(node, dict | list):
        node = _nested(node, lambda inner: _dumped(inner, encoder))
    text = json.dumps(node, ensure_ascii=encoder != "utf8")
    if encoder == "json_encode":
        return text.replace("/", "\\/")
    if encoder == "System.Text.Json":
        text = _QUOTE.sub(lambda m: m.group(1) + "\\u0022", text)
        return _HEX.sub(lambda m: m.group(0).upper(), text.translate({ord(c): f"\\u{ord(c):04x}" for c in "<>&'+`"}))
    return text


def _nested(node: Any, dump: Callable[[Any], str]) -> Any:
    if isinstance(node, dict):
        return {k: _nested(v, dump) for k, v in node.items()}
    if isinstance(node, list):
        return [_nested(v, dump) for v in node]
    if isinstance(node, str) and node.strip()[:1] in "{[":
        try:
            return dump(json.loads(node))
        except ValueError:
            return node
    return node


def _lines(text: str, line: Callable[[Any], Any]) -> list[Any]:
    """A body's JSON (or a stream's, an event a line) given to ``line``; a line that is no JSON as it is."""
    if text.strip()[:1] in "{[":
        try:
            return [line(json.loads(text))]
        except ValueError:
            pass
    out = []
    for row in text.split("\n"):
        head = "data:" if row.startswith("data:") else ""
        payload = row[len(head) :].strip(" \r")
        try:
            out.append(head + line(json.loads(payload)) if payload[:1] in "{[" else row)
        except ValueError:
            out.append(row)
    return out


def _encoded(exchange: dict[str, Any], encoder: str) -> Exchange:
    ex = Exchange.from_dict(exchange)
    for part in (ex.request, ex.response):
        if part is not None and part.body is not None and part.body.encoding == "utf8":
            done = _lines(part.body.text, lambda obj: _dumped(obj, encoder))
            part.body.text = "\n".join(done)
    return ex


def _decoded(body: Body | None) -> list[Any]:
    """A redacted body read back, JSON in strings too: the spans it replaced and the pseudonyms they took."""
    if body is None:
        return []
    return _lines(body.text, lambda obj: json.dumps(_nested(obj, _decoded_json)))


def _decoded_json(inner: Any) -> str:
    return json.dumps(_nested(inner, _decoded_json))


def _labelled_sample() -> list[dict[str, Any]]:
    sample = []
    for path in sorted(_DATA.glob("*.jsonl")):
        if "heldout" in path.name:
            continue
        taken = 0
        with open(path, "rb") as fh:
            for raw in fh:
                exchange = orjson.loads(raw).get("exchange") if raw.strip() else None
                bodies = [((exchange or {}).get(s) or {}).get("body") or {} for s in ("request", "response")]
                texts = [b.get("text", "") for b in bodies if b.get("encoding") == "utf8"]
                if any(("{" in t and ("/" in t or not t.isascii())) for t in texts):
                    sample.append(exchange)
                    taken += 1
                    if taken == _PER_SET:
                        break
    return sample


@pytest.mark.parametrize("encoder", ["json.dumps", "json_encode", "System.Text.Json"])
def test_labelled_exchanges_redact_alike_in_either_json_encoding(encoder: str) -> None:
    """The same labelled exchanges, their JSON written with raw UTF-8 and with escapes, lose the same spans to the
    same pseudonyms (their strings compared decoded) and count the same: a secret in JSON in a string takes one
    generic pseudonym whether the walk read it decoded or the text pass escaped (``pseudonym._unescaped``)."""
    sample = _labelled_sample()
    assert len(sample) >= 150
    raw_r, escaped_r = Redactor(key=b"test-key"), Redactor(key=b"test-key")
    for exchange in sample:
        a = raw_r.redact(_encoded(exchange, "utf8"))
        b = escaped_r.redact(_encoded(exchange, encoder))
        for x, y in ((a.request, b.request), (a.response, b.response)):
            if x is not None and y is not None:
                assert _decoded(x.body) == _decoded(y.body), exchange["id"]
        assert a.redactions == b.redactions, exchange["id"]


def test_json_two_levels_down_with_escapes_is_walked_too(r: Redactor) -> None:
    """A settings blob inside a tool call's arguments, written by ``json.dumps`` (``\\uXXXX``): its key is escaped
    twice in the walked body's strings, and only a walk of that string too reads it ("contraseña" kept a password)."""
    settings = json.dumps({"contraseña": "MiClave#2024seg", "región": "eu"})
    text = json.dumps({"contraseña": "MiClave#2024seg", "arguments": json.dumps({"config": settings})})
    ex = r.redact(_exchange("application/json", text))
    assert ex.request.body is not None and "MiClave" not in ex.request.body.text
    top = json.loads(ex.request.body.text)
    inner = json.loads(json.loads(top["arguments"])["config"])
    assert inner["contraseña"] == top["contraseña"] and inner["región"] == "eu" and ex.redactions == {"password": 2}
