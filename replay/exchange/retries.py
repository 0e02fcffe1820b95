"""A client's retry of an earlier attempt, recognised from what the client's SDK says in its headers.

Why: a capture holds a 429 (or 5xx, or a dropped connection) and then the client's retry of the
same request. Replayed as they are, both rows go out, and the runner's own ``[client]`` retries
come on top: the rehearsal sends more requests, and meets more errors, than production's users
asked for. The sampler leaves the retries out (``sample.keep_retries`` keeps them); ``replay
inspect`` counts them.

What real clients send (read in each SDK's source):

- ``x-stainless-retry-count: N``: retries taken so far, ``0`` on the first attempt. The OpenAI and
  Anthropic SDKs (Python: ``_base_client.py`` ``_build_headers``, ``str(retries_taken)``; Node:
  ``src/client.ts``, ``String(retryCount)``), and every Stainless-generated client.
- ``amz-sdk-request: attempt=N; max=M``: the attempt, ``1`` on the first (botocore
  ``handlers.add_retry_headers`` from ``endpoint.py``'s ``attempts = 1``; the AWS SDK for JavaScript
  alike). Its ``amz-sdk-invocation-id`` is one UUID for all attempts of a call.
- ``grpc-previous-rpc-attempts: N``: attempts before this one, absent on the first (gRPC's retry
  design A6; grpc-go ``http2_client.go`` sends it only when ``PreviousAttempts > 0``).
- ``x-envoy-attempt-count: N``: Envoy's (and Istio's) count of upstream attempts, ``1`` on the first,
  where a route has ``include_request_attempt_count``.
- ``Idempotency-Key``: one key for every attempt of a request, generated once before the first
  (stripe-python ``_api_requestor.py`` sets it for every POST, then ``_http_client.py`` retries
  with the same headers; Stainless clients that configure an idempotency header do the same).
  A key says nothing alone: a record that repeats the key, method and URL of an earlier one that
  failed (no response, or a status of 400 or more) is its retry. Redaction keeps a key's
  pseudonym the same within a capture, so repeats still match.

Not recognised: clients whose retries send nothing new (google-genai retries through tenacity with
the same headers; plain ``requests``/``urllib3`` retries), and ``x-retry-attempt``-style headers
whose first value differs from client to client (``0`` in some, ``1`` in others).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from typing import Any

import orjson

__all__ = ["RetrySpotter", "retry_headers", "stated_retry"]

Pairs = list[tuple[str, str]]

# header -> the value its first attempt carries (a later one carries more)
_COUNTERS = {
    "x-stainless-retry-count": 0,
    "grpc-previous-rpc-attempts": 0,
    "x-envoy-attempt-count": 1,
}
_AMZ = "amz-sdk-request"
_AMZ_ATTEMPT = re.compile(r"(?:^|;)\s*attempt=(\d+)")
# headers whose value is the same on every attempt of one request
_KEYS = ("idempotency-key", "x-idempotency-key", "amz-sdk-invocation-id")
_NAMES = (*_COUNTERS, _AMZ, *_KEYS)
# A pair of those headers in the lowered JSON of a header list: its name, and where its value's JSON string is.
_PAIR = re.compile(rb'"(' + b"|".join(re.escape(n.encode()) for n in _NAMES) + rb')"\s*,\s*("(?:[^"\\]|\\.)*")')


def stated_retry(headers: Iterable[tuple[str, str]]) -> str | None:
    """The header that says this request is a later attempt, or None (a first attempt, or no
    such header)."""
    for name, value in headers:
        n = name.lower()
        first = _COUNTERS.get(n)
        if first is not None:
            number = value.strip()
        elif n == _AMZ:
            m = _AMZ_ATTEMPT.search(value)
            number, first = (m.group(1), 1) if m else ("", 1)
        else:
            continue
        if number.isdecimal() and int(number) > first:
            return n
    return None


def _maybe_retry(low: bytes, name: str) -> bool:
    """Whether header lists' lowered JSON has ``name``, with a value other than a first attempt's."""
    n = low.count(b'"%s"' % name.encode())
    first = _COUNTERS.get(name)
    return n > 0 and (first is None or low.count(b'"%s","%d"' % (name.encode(), first)) < n)


def retry_headers(lists: Sequence[Any]) -> Iterator[tuple[int, Pairs]]:
    """The place and the headers named above of each header list in ``lists`` that has any (in
    order; those of a chunk where every count is a first attempt's and no key is named may be left
    out): a list of pairs is filtered; the raw JSON of one (bytes, ``msgspec.Raw``) is not parsed,
    but all of them scanned at once, lowered.

    Why: a pass over a capture reads every record's headers, and most have none of these, or only a
    first attempt's count. A regex search per record cost the pass 9% more instructions (callgrind,
    20,000 generated exchanges); counting the names in the lowered JSON of a chunk costs 1.5%.
    """
    found_in: dict[int, Pairs] = {}
    raws: Sequence[int] = range(len(lists))
    if list in set(map(type, lists)):  # (map: no bytecode per list where every one is raw, the usual case)
        raws = [i for i, h in enumerate(lists) if type(h) is not list]
        for i, h in enumerate(lists):
            if type(h) is list and (found := [(n, v) for n, v in h if n.lower() in _NAMES]):
                found_in[i] = found
    joined = b"\n".join(lists if len(raws) == len(lists) else [lists[i] for i in raws])
    low = joined.lower()  # every byte in its place
    if not any(map(_maybe_retry, repeat(low), _NAMES)):
        return iter(sorted(found_in.items()))
    ends = list(accumulate(len(lists[i]) + 1 for i in raws))  # where each list's JSON ends, past its newline
    for m in _PAIR.finditer(low):
        value = orjson.loads(joined[m.start(2) : m.end(2)])  # its case, and JSON escapes, as written
        found_in.setdefault(raws[bisect_right(ends, m.start())], []).append((m.group(1).decode(), value))
    return iter(sorted(found_in.items()))  # in order: a key's failed attempt comes before its retry


@dataclass(slots=True)
class RetrySpotter:
    """Which records of one capture, read in order, are a client's retries; ``counts`` by the header
    that said so."""

    counts: dict[str, int] = field(default_factory=dict)
    _failed: set[tuple[str, str, str, str]] = field(default_factory=set)  # keys of failed attempts

    def retry(self, headers: Iterable[tuple[str, str]], method: str, url: str, status: int) -> bool:
        """Whether this record (``status`` 0: no response) retries an earlier one; remembers its key."""
        pairs = list(headers)
        said = stated_retry(pairs)
        keys = [(n, v, method, url) for name, v in pairs if (n := name.lower()) in _KEYS and v]
        if said is None:
            said = next((k[0] for k in keys if k in self._failed), None)
        if status == 0 or status >= 400:
            self._failed.update(keys)
        if said is not None:
            self.counts[said] = self.counts.get(said, 0) + 1
        return said is not None

    @property
    def total(self) -> int:
        return sum(self.counts.values())
