"""A JSON body's long string values redacted on their own: a value met again is served from the
memo, and the result (text and counts per kind) is the whole-body pass's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from replay.exchange.format import Exchange
from replay.redact import Redactor
from replay.redact.evaluate import load_corpus
from replay.redact.segments import Segments

KEY = b"s" * 32
DATA = Path(__file__).resolve().parent.parent / "data" / "redact"
PROMPT = (
    "You are the support assistant of a shop for outdoor gear. Answer briefly and kindly, look orders up by "
    "their number and the customer's email address, never ask for a password or a full card number, and "
    "escalate to a human agent when the customer asks for one or reports a damaged product. "
) * 2
NEUTRAL = (
    "The reply should stay friendly and short, and it should never promise a delivery date that the carrier "
    "has not confirmed; when in doubt, offer to check again later and keep the tone calm. "
) * 2
# Long texts whose ends hold what detectors read across a string's quotes: a digit run and a phone cue,
# a spelled address and a mail word, a name, a code and a name field, a version cue and an address.
PADS = (
    NEUTRAL,
    "4155550132 is the old line of Maria Lopez. " + NEUTRAL + " Reach me at my mobile or call",
    "jane at example dot com. " + NEUTRAL + " my email is jane",
    "Maria Lopez wrote: " + NEUTRAL + " Kind regards, Mr",
    "Maria Lopez, code: 123456. " + NEUTRAL + " name: Bob Smith, verification code",
    "192.168.1.20 and 12 Oak Street. " + NEUTRAL + " sdk version",
)


def _pair(min_chars: int = 256) -> tuple[Any, Segments]:
    engine = Redactor(KEY).engine
    return engine._pass, Segments(engine._pass, engine.finder, engine.keys, min_chars)


def _same(tp: Any, seg: Segments, body: str) -> None:
    """``seg`` (once the body's values are met: the second time) redacts ``body`` as the whole pass does."""
    whole, parts = Counter[str](), Counter[str]()
    want = tp.text(body, whole)
    seg.text(body, Counter())
    got = seg.text(body, parts)
    assert (got, parts) == (want, whole), body[:300]


def _chat(turns: int) -> str:
    messages = [{"role": "system", "content": PROMPT}]
    for k in range(turns):
        messages.append({"role": "user", "content": f"Turn {k}: my order NW-{100200 + k} is late. " + NEUTRAL})
        messages.append({"role": "assistant", "content": f"Sorry about order NW-{100200 + k}. " + NEUTRAL})
    messages.append({"role": "user", "content": "My email is jane.doe@example.com, call me on +1 415-555-0132."})
    return orjson.dumps({"model": "gpt-4o-mini", "messages": messages}).decode()


def _exchange(body: str) -> Exchange:
    return Exchange.from_dict(
        {
            "id": "x",
            "request": {
                "method": "POST",
                "url": "https://api.example.com/v1/chat/completions",
                "headers": [["content-type", "application/json"]],
                "body": {"text": body, "encoding": "utf8", "size": len(body)},
            },
            "timings": {"start": 0.0},
        }
    )


def test_a_repeated_long_value_is_served_from_the_memo() -> None:
    r = Redactor(KEY)
    memo = r.engine._pass.memo
    for turns in range(4):
        r.redact(_exchange(_chat(turns)))
    hits = memo.hits
    r.redact(_exchange(_chat(4)))
    # A value is redacted inside the body the first time it is met, on its own the second (and kept), and
    # comes from the memo from the third: the URL, the prompt, turns 0 and 1 (user and assistant).
    assert memo.hits - hits == 1 + 1 + 2 * 2
    assert (PROMPT, False) in memo
    assert sum(1 for key in memo if isinstance(key[0], str) and key[0].startswith("Turn ")) == 3


def test_a_conversation_redacts_as_the_whole_pass_turn_by_turn() -> None:
    seg_r, whole_r = Redactor(KEY), Redactor(KEY)
    whole_r.engine._bodies._segments.min_chars = 1 << 30  # never splits: the whole pass
    for turns in range(10):
        a, b = _exchange(_chat(turns)), _exchange(_chat(turns))
        seg_r.redact(a)
        whole_r.redact(b)
        assert a.to_json() == b.to_json()
        assert a.redactions == b.redactions and a.redactions["email"] == 1


def _bodies() -> Iterator[str]:
    for name in ("corpus", "independent"):
        for lab in load_corpus(DATA / f"{name}.jsonl"):
            for side in ("request", "response"):
                body = (lab.exchange.get(side) or {}).get("body") or {}
                text = body.get("text") or ""
                if body.get("encoding", "utf8") == "utf8" and text[:1] in "{[":
                    yield text


def _padded(node: Any, pad: str, where: int, at: int | None, seen: list[int]) -> Any:
    """``node`` with its string values (all, or the ``at``-th only) padded before (0), after (1) or both (2)."""
    if isinstance(node, dict):
        return {k: _padded(v, pad, where, at, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_padded(v, pad, where, at, seen) for v in node]
    if not isinstance(node, str):
        return node
    seen[0] += 1
    if at is not None and seen[0] - 1 != at:
        return node
    return (pad if where != 1 else "") + node + (pad if where else "")


@pytest.mark.parametrize("pad", range(len(PADS)))
def test_labelled_bodies_redact_as_the_whole_pass_with_their_values_made_long(pad: int) -> None:
    """Every JSON body of both labelled corpora, as it is (under the first pad), with one string value (of the
    first 8: the k-th body's (k + pad)-th, so that over the pads a body meets each pad at another value) made long
    at its start and at its end by a text whose ends hold what a detector may read across quotes, and (every other
    body, in turn) with every value padded, pretty-printed. Every value of every body under every pad, as the test
    first read, cost 27 CPU-s of the suite's 10 minutes on 2 cores; the rotation keeps every body, pad and end."""
    tp, seg = _pair()
    n = 0
    for k, text in enumerate(_bodies()):
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
            if pad == 0:
                _same(tp, seg, text)  # not JSON: scanned whole, as before
            continue
        if pad == 0:
            _same(tp, seg, text)
        if (values := min(8, text.count('"') // 2)) > 0:
            for where in (0, 1):
                _same(tp, seg, orjson.dumps(_padded(obj, PADS[pad], where, (k + pad) % values, [0])).decode())
                n += 1
        if k % 2 == pad % 2:  # every value padded: the longest texts, so each body under half the pads
            _same(tp, seg, orjson.dumps(_padded(obj, PADS[pad], 2, None, [0]), option=orjson.OPT_INDENT_2).decode())
    assert n > 600


def test_every_string_split_off_still_redacts_as_the_whole_pass() -> None:
    """The stress case: every value under a free key is split off, however short."""
    tp, seg = _pair(min_chars=1)
    for text in _bodies():
        _same(tp, seg, text)


@pytest.mark.parametrize(
    "body",
    [
        # escapes in a long value: quotes, backslashes, \\uXXXX, newlines; JSON inside a string
        orjson.dumps(
            {"content": 'She said "call 415-555-0132" \\ then\n' + NEUTRAL + "\u00e9 jane@corp.example"}
        ).decode(),
        '{"content": "' + NEUTRAL + 'caf\\u00e9 \\"Ana Lima\\" \\\\ jane@corp.example\\n"}',
        orjson.dumps({"arguments": orjson.dumps({"email": "ana@corp.example", "note": NEUTRAL}).decode()}).decode(),
        # a base64 value holding text with an email
        orjson.dumps({"content": "ZW1haWwgbWUgYXQgamFuZS5kb2VAZXhhbXBsZS5jb20gcGxlYXNl" * 6}).decode(),
        # values under keys a field rule reads stay in the rest
        orjson.dumps(
            {"address": "12 Oak Street, Springfield " + NEUTRAL, "patient_name": "Ana Lima " + NEUTRAL}
        ).decode(),
        orjson.dumps({"password": "hunter2-" + NEUTRAL, "city": "Maria Lopez " + NEUTRAL}).decode(),
        orjson.dumps({"first": "Ana", "last": "Lima", "bio": NEUTRAL, "phone": "4155550132"}).decode(),
        orjson.dumps(
            {"context": "2fa " + NEUTRAL, "code": "123456", "name": "Ana Lima", "x": NEUTRAL + " email"}
        ).decode(),
        # array items, a long key, and bodies that are not valid JSON (truncated, two values)
        orjson.dumps({"input": [NEUTRAL + " jane@corp.example", NEUTRAL], NEUTRAL: "key"}).decode(),
        '{"messages": [{"content": "' + NEUTRAL + " call 415-555-0132",
        '{"content": "' + NEUTRAL + '"} {"content": "' + NEUTRAL + ' jane@corp.example"}',
    ],
)
def test_edge_bodies_redact_as_the_whole_pass(body: str) -> None:
    for min_chars in (1, 256):
        tp, seg = _pair(min_chars)
        _same(tp, seg, body)


def test_a_key_whose_escapes_do_not_read_is_read_as_it_stands(r: Redactor) -> None:
    # found by fuzzing hostile bodies: a JSONDecodeError; a body that is JSON only in part, a lone backslash in a key
    text = ':"/GB29NWBK60161331926' + "a" * 300 + 'api_key"\\'
    ex = r.redact(_exchange(text))
    assert ex.request.body is not None and ex.request.body.text == text
