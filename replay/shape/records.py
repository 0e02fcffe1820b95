"""The few fields of a capture record that features read, decoded by a typed msgspec reader.

Why: a full record holds response bodies, headers and stream events that features never look at;
``orjson.loads`` builds every one of them as Python objects. A ``msgspec`` decoder for just these
fields skips the rest without building it (the stream events stay raw bytes). A record this
schema does not describe exactly (a shape record, a missing field, an unexpected type) is
decoded by ``orjson`` into the plain dict it always was, so features see the same values either
way and report a malformed record just as before.
"""

from __future__ import annotations

from typing import Any

import msgspec
import orjson

from replay.shape.prompts import user_texts

__all__ = ["NULL", "ChatBody", "Rec", "chat_prompt", "decode_record"]

NULL = msgspec.Raw(b"null")


class Body(msgspec.Struct, gc=False):
    text: str
    encoding: str


class Req(msgspec.Struct, gc=False):
    method: str
    url: str
    headers: msgspec.Raw  # decoded only when a session is keyed by a header
    body: Body | None = None


class Timings(msgspec.Struct, gc=False):
    start: float
    ttfb: float | None = None
    total: float | None = None


class Resp(msgspec.Struct, gc=False):
    status: int


class Rec(msgspec.Struct, gc=False):
    """A full capture record, as far as features read it."""

    request: Req
    timings: Timings
    response: Resp | None = None
    stream: msgspec.Raw = NULL
    kind: str | None = None


_DECODE = msgspec.json.Decoder(Rec).decode


def decode_record(line: bytes) -> Rec | dict[str, Any]:
    """A ``Rec`` when the line is a full record of the usual form, else the line as a dict.

    Raises ValueError (``orjson.JSONDecodeError``) when the line is not JSON, as ``iter_raw`` expects.
    """
    try:
        rec = _DECODE(line)
    except msgspec.DecodeError:
        rec = None
    if rec is None or rec.kind is not None:
        d = orjson.loads(line)
        if not isinstance(d, dict):
            raise ValueError("not a JSON object")
        return d
    return rec


class Msg(msgspec.Struct, gc=False):
    role: Any = None
    content: Any = None


class ChatBody(msgspec.Struct, gc=False):
    """A chat request body (OpenAI chat, Anthropic messages), as far as features read it."""

    messages: list[Msg] | None = None
    model: Any = None
    stream: Any = None


_DECODE_BODY = msgspec.json.Decoder(ChatBody).decode


def chat_prompt(text: str) -> tuple[list[str], int, ChatBody] | None:
    """User texts and turns of a chat body that has user messages, as ``prompt_of`` finds them.

    None for any other body (no messages, no user text, not of this form, not JSON): the caller
    parses it in full, as before.
    """
    try:
        body = _DECODE_BODY(text)
    except msgspec.DecodeError:
        return None
    if not body.messages:
        return None
    texts, turns = user_texts([(m.role, m.content) for m in body.messages])
    return (texts, turns, body) if texts else None
