"""The redaction memo: bounded (entries and characters, least recently used first), and a text met
again redacts exactly as it did the first time, counts included."""

from __future__ import annotations

from collections import Counter

from replay.exchange.format import Exchange
from replay.redact import Redactor
from replay.redact.memo import Bounded, Memo

KEY = b"k" * 32


def test_memo_is_bounded_in_entries_and_characters() -> None:
    m = Memo(entries=3, chars=100, max_chars=40)
    for k in "abcd":
        m.put(k, 10, (None, (), ()))
    assert len(m) == 3 and m.get("a") is None  # the oldest went first
    m.get("b")  # used: now the newest
    m.put("e", 30, ("x" * 30, (), ()))
    assert m.get("c") is None and m.get("b") is not None  # c was the least recently used
    assert m.size <= 100
    m.put("long", 41, (None, (), ()))  # longer than max_chars: never kept
    assert m.get("long") is None


def _exchange(auth: str, body: str) -> Exchange:
    return Exchange.from_dict(
        {
            "id": "x",
            "request": {
                "method": "POST",
                "url": "https://api.example.com/v1/chat?user=jane.doe@example.com",
                "headers": [["authorization", auth], ["content-type", "application/json"]],
                "body": {"text": body, "encoding": "utf8", "size": len(body)},
            },
            "timings": {"start": 0.0},
        }
    )


def test_a_text_met_again_redacts_the_same_with_the_same_counts() -> None:
    memo, plain = Redactor(KEY), Redactor(KEY)
    plain.engine._pass.memo.entries = 0  # keeps nothing
    body = '{"messages": [{"role": "user", "content": "I am Jane Doe, call +1 415-555-0132 or jane@corp.example"}]}'
    got = []
    for _ in range(3):
        a, b = (_exchange("Bearer sk-live-0123456789abcdef0123", body) for _ in "ab")
        memo.redact(a)
        plain.redact(b)
        assert a.to_json() == b.to_json()
        got.append(a.redactions)
    assert got[0] == got[1] == got[2] and got[0]
    assert memo.engine._pass.memo.hits > 0


def test_text_redaction_counts_add_up_across_hits() -> None:
    r = Redactor(KEY)
    first, c1 = r.text("write to jane.doe@example.com")
    again, c2 = r.text("write to jane.doe@example.com")
    assert first == again and c1 == c2 == Counter({"email": 1})


def test_a_bounded_table_lets_the_oldest_go_first_by_entries_and_by_characters() -> None:
    t: Bounded[str, bool | None] = Bounded(entries=2, chars=10)
    t.add("a", None, 4)
    t.add("b", None, 4)
    t.set("a", True)  # a new value keeps its place and its size
    assert list(t) == ["a", "b"] and t.value("a") is True and t.size == 8
    t.add("c", None, 1)  # three entries: "a" goes
    assert list(t) == ["b", "c"] and t.value("a", False) is False
    t.add("d", None, 9)  # 14 characters: "b" goes, and 10 fit
    assert list(t) == ["c", "d"] and t.size == 10
