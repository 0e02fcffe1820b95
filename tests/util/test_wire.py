from __future__ import annotations

import email.utils
import time

import pytest

from replay.util.wire import ends, read_event, retry_after


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"retry-after-ms": "250", "retry-after": "1"}, 0.25),  # the SDKs read the milliseconds first
        ({"retry-after-ms": "soon", "retry-after": "2"}, 2.0),
        ({"retry-after": "1.5"}, 1.5),
        ({}, None),
        ({"retry-after": "whenever"}, None),
    ],
)
def test_retry_after_as_the_sdks_read_it(headers: dict[str, str], wait: float | None) -> None:
    assert retry_after(headers) == wait


def test_retry_after_as_an_http_date() -> None:
    got = retry_after({"retry-after": email.utils.formatdate(time.time() + 30, usegmt=True)})
    assert got is not None and 28 <= got <= 31


def test_cohere_events_generated_and_ended() -> None:
    """Cohere's text, thinking, tool plan and tool-call parts are generated tokens; message-end ends the stream."""
    delta = {"message": {"content": {"text": "Hi"}}}
    assert read_event({"type": "content-delta", "index": 0, "delta": delta}).generated
    thinking = {"message": {"content": {"thinking": "Hm"}}}
    assert read_event({"type": "content-delta", "delta": thinking}).reasoning == "Hm"
    assert read_event({"type": "tool-plan-delta", "delta": {"message": {"tool_plan": "I will"}}}).generated
    for quiet in ({"type": "message-start", "id": "c1"}, {"type": "content-end", "index": 0}):
        assert not read_event(quiet).generated
    end = '{"type":"message-end","delta":{"finish_reason":"COMPLETE"}}'
    assert ends()("message-end", end) and ends()(None, end) and not ends()("content-delta", '{"type":"content-delta"}')
    assert read_event({"type": "message-end", "delta": {"finish_reason": "COMPLETE"}}).error is None
    # A generation that failed is an error, with or without the text that says why
    failed = read_event({"type": "message-end", "delta": {"finish_reason": "ERROR"}})
    assert (failed.finish, failed.error) == ("ERROR", "finish_reason ERROR")
    said = {"finish_reason": "ERROR", "error": "internal"}
    assert read_event({"type": "message-end", "delta": said}).error == "internal"
