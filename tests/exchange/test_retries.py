"""The recogniser of clients' retries (``replay.exchange.retries``) on the headers real SDKs send.

Header sets as each SDK's source builds them (read at these commits, no code copied):
- openai-python e43b422 ``src/openai/_base_client.py`` ``_build_headers``: ``x-stainless-retry-count`` is
  ``str(retries_taken)``, with ``x-stainless-read-timeout`` and the ``X-Stainless-*`` platform headers
  (``_platform_headers``); anthropic-sdk-python 009b035 ``src/anthropic/_base_client.py`` the same;
  openai-node 7b7d6ca ``src/client.ts`` ``'X-Stainless-Retry-Count': String(retryCount)``.
- botocore 0e6e240 ``botocore/handlers.py`` ``add_retry_headers``: ``amz-sdk-invocation-id`` (one UUID per
  call) and ``amz-sdk-request: attempt=N; max=M`` (``ttl=`` first where the mode gives one), attempt 1 first
  (``botocore/endpoint.py``).
- stripe-python 6c6e373 ``stripe/_api_requestor.py``: ``Idempotency-Key`` set once for a POST,
  ``stripe/_http_client.py`` retries with the same headers.
- grpc-go ``internal/transport/http2_client.go``: ``grpc-previous-rpc-attempts`` only when
  ``PreviousAttempts > 0``; Envoy's ``x-envoy-attempt-count`` is 1 on the first attempt.
- google-genai 6680718 ``google/genai/_api_client.py`` retries through tenacity with the same request:
  nothing to recognise.
"""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from replay.exchange.retries import RetrySpotter, retry_headers, stated_retry

PLATFORM = [
    ("Accept", "application/json"),
    ("Content-Type", "application/json"),
    ("User-Agent", "OpenAI/Python 2.54.0"),
    ("X-Stainless-Lang", "python"),
    ("X-Stainless-Package-Version", "2.54.0"),
    ("X-Stainless-OS", "Linux"),
    ("X-Stainless-Arch", "x64"),
    ("X-Stainless-Runtime", "CPython"),
    ("X-Stainless-Runtime-Version", "3.12.3"),
    ("x-stainless-read-timeout", "600"),
]
BOTO = [
    ("User-Agent", "Boto3/1.40.0 md/Botocore#1.40.0 ua/2.1 os/linux lang/python#3.12.3"),
    ("X-Amz-Date", "20261203T221500Z"),
    ("amz-sdk-invocation-id", "5f0b3c1e-8d2a-4e7b-9c41-0a6d2f3e8b17"),
]


@pytest.mark.parametrize(
    ("headers", "said"),
    [
        ([*PLATFORM, ("x-stainless-retry-count", "0")], None),  # openai-python, first attempt
        ([*PLATFORM, ("x-stainless-retry-count", "1")], "x-stainless-retry-count"),
        ([*PLATFORM, ("x-stainless-retry-count", "2")], "x-stainless-retry-count"),
        ([("X-Stainless-Retry-Count", "1"), ("X-Stainless-Lang", "js")], "x-stainless-retry-count"),  # node
        ([*BOTO, ("amz-sdk-request", "attempt=1; max=3")], None),  # botocore standard mode, first
        ([*BOTO, ("amz-sdk-request", "ttl=20261203T221520Z; attempt=2; max=3")], "amz-sdk-request"),
        ([*BOTO, ("amz-sdk-request", "attempt=1")], None),  # legacy mode sends no max
        ([("te", "trailers"), ("grpc-previous-rpc-attempts", "1")], "grpc-previous-rpc-attempts"),
        ([("X-Envoy-Attempt-Count", "1")], None),
        ([("X-Envoy-Attempt-Count", "3")], "x-envoy-attempt-count"),
        ([("x-stainless-retry-count", "one")], None),  # not a number: no claim
        ([("Idempotency-Key", "KG5LxwFBepaKHyUD")], None),  # a key alone says nothing
        ([("x-retry-attempt", "1")], None),  # 0-based in some clients, 1-based in others
        (PLATFORM, None),
    ],
)
def test_stated_retry(headers: list[tuple[str, str]], said: str | None) -> None:
    assert stated_retry(headers) == said


def test_a_repeated_key_after_a_failure_is_a_retry() -> None:
    """Stripe's Idempotency-Key (and botocore's invocation id): the same key, method and URL after a
    failed attempt is its retry; after a success, or on another URL, it is not."""
    spot = RetrySpotter()
    url = "https://api.stripe.com/v1/payment_intents"
    key = [("Idempotency-Key", "8a1f3c52-6a0e-4b9e-a2f4-91c3d0e7b6aa"), ("Stripe-Version", "2025-08-27.basil")]
    assert not spot.retry(key, "POST", url, 429)
    assert spot.retry(key, "POST", url, 0)  # its retry, itself failed (no response)
    assert spot.retry(key, "POST", url, 200)
    assert not spot.retry(key, "POST", url + "/pi_1/confirm", 200)  # another request
    other = [("idempotency-key", "a second key")]
    assert not spot.retry(other, "POST", url, 200)
    assert not spot.retry(other, "POST", url, 200)  # sent again after a success: the client meant it
    assert not spot.retry(BOTO, "POST", "https://bedrock-runtime.test/model/m/converse", 503)
    boto_retry = [*BOTO, ("amz-sdk-request", "attempt=2; max=3")]
    assert spot.retry(boto_retry, "POST", "https://bedrock-runtime.test/model/m/converse", 200)
    assert spot.counts == {"idempotency-key": 2, "amz-sdk-request": 1}
    assert spot.total == 3


def test_retry_headers_of_raw_json_and_of_pairs_alike() -> None:
    """A chunk's header lists as the capture's JSON (compact, or with spaces, any case, an escaped value)
    or as pairs: the same headers found, in list order; a chunk of first attempts only, none."""
    lists: list[Any] = [
        [["X-Stainless-Retry-Count", "1"], ["Idempotency-Key", 'Ab"c']],
        [["user-agent", "x"]],
        [["amz-sdk-request", "attempt=2; max=3"]],
        [["x-stainless-retry-count", "0"]],
    ]
    want = [
        (0, [("x-stainless-retry-count", "1"), ("idempotency-key", 'Ab"c')]),
        (2, [("amz-sdk-request", "attempt=2; max=3")]),
        (3, [("x-stainless-retry-count", "0")]),
    ]
    assert [(i, [(n.lower(), v) for n, v in h]) for i, h in retry_headers(lists)] == want
    raw = [
        orjson.dumps(h, option=orjson.OPT_INDENT_2 if i % 2 else 0).replace(b"\n", b" ") for i, h in enumerate(lists)
    ]
    assert list(retry_headers(raw)) == want
    first = [orjson.dumps(h) for h in (lists[1], lists[3])]
    assert list(retry_headers(first)) == []  # a first attempt's count alone: left out, the chunk not scanned
    mixed = [raw[0], lists[1], lists[2], raw[3]]
    assert [i for i, _ in retry_headers(mixed)] == [0, 2, 3]
