from __future__ import annotations

import email.utils
import time

import pytest

from replay.util.wire import retry_after


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
