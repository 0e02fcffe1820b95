"""The scorer's views of a record: what a reader could recover a value from, a stream's deltas joined included."""

from __future__ import annotations

import orjson

from replay.exchange.format import Exchange
from replay.redact.evaluate import views


def _exchange(body: str, ctype: str) -> Exchange:
    return Exchange.from_dict(
        {
            "id": "e",
            "request": {"method": "POST", "url": "https://api.example.com/v1/chat", "headers": [], "body": None},
            "response": {
                "status": 200,
                "headers": [["content-type", ctype]],
                "body": {"text": body, "encoding": "utf8", "size": len(body.encode())},
            },
            "timings": {"start": 1717200000.0, "ttfb": 0.1, "total": 0.3},
            "redactions": {},
            "meta": {},
            "v": 1,
        }
    )


def test_a_name_split_across_sse_deltas_is_in_a_view() -> None:
    chunks = ["Call Ott", "oline Far", "quhar today"]
    lines = [
        "data: " + orjson.dumps({"id": "c1", "choices": [{"index": 0, "delta": {"content": c}}]}).decode()
        for c in chunks
    ]
    body = "\n\n".join([*lines, "data: [DONE]"]) + "\n\n"
    seen = views(_exchange(body, "text/event-stream"))
    assert "Call Ottoline Farquhar today" in seen  # no one event holds the name


def test_a_name_split_across_ndjson_lines_is_in_a_view() -> None:
    events = [{"message": {"role": "assistant", "content": c}, "done": False} for c in ("Wie", "bke")]
    lines = [orjson.dumps(e).decode() for e in events]
    seen = views(_exchange("\n".join(lines) + "\n", "application/x-ndjson"))
    assert "Wiebke" in seen
