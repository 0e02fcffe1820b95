"""W3C Server Timing (``Server-Timing: search;dur=310.2, model;dur=480;desc="gpt"``): the time a service says each
dependency took, read from a response's header.

The grammar (https://w3c.github.io/server-timing/#the-server-timing-header-field):

    Server-Timing = #server-timing-metric
    server-timing-metric = metric-name *( OWS ";" OWS server-timing-param )
    server-timing-param = server-timing-param-name OWS "=" OWS server-timing-param-value
    server-timing-param-value = token / quoted-string

Several headers are one list (a reader joins them with ", "). A metric without ``dur``, or with a ``dur`` that is
no number, has no duration here (the spec's 0 would read as a dependency that took no time); of a param named twice
the first counts, as the spec says; a metric named twice (a service that called the search twice) is the sum of its
durations: calls one after the other add up. Durations are milliseconds on the wire, seconds here.
"""

from __future__ import annotations

import math

__all__ = ["HEADER", "server_timing"]

HEADER = "server-timing"
_SEPARATORS = set('()<>@,;:\\"/[]?={} \t')


def server_timing(value: str | None) -> dict[str, float]:
    """Metric name -> seconds, from a ``Server-Timing`` header's value (every header's, joined by commas); metrics
    without a duration are left out, and what does not parse is skipped to the next comma."""
    out: dict[str, float] = {}
    if not value:
        return out
    for name, params in _metrics(value):
        dur = params.get("dur")
        try:
            ms = float(dur) if dur is not None else math.nan
        except ValueError:
            continue
        if name and math.isfinite(ms) and ms >= 0:
            out[name] = out.get(name, 0.0) + ms / 1000.0
    return out


def _metrics(value: str) -> list[tuple[str, dict[str, str]]]:
    """Each metric's name and params (lower-cased names, the first of a param named twice), in order."""
    out: list[tuple[str, dict[str, str]]] = []
    i, n = 0, len(value)
    while i < n:
        name, i = _token(value, _skip(value, i))
        params: dict[str, str] = {}
        i = _skip(value, i)
        while i < n and value[i] == ";":
            key, i = _token(value, _skip(value, i + 1))
            i = _skip(value, i)
            got = ""
            if i < n and value[i] == "=":
                i = _skip(value, i + 1)
                got, i = _quoted(value, i) if i < n and value[i] == '"' else _token(value, i)
                i = _skip(value, i)
            if key:
                params.setdefault(key.lower(), got)
        if name:
            out.append((name, params))
        while i < n and value[i] != ",":  # what does not parse, up to the next metric
            i = _quoted(value, i)[1] if value[i] == '"' else i + 1
        i += 1
    return out


def _skip(value: str, i: int) -> int:
    while i < len(value) and value[i] in " \t":
        i += 1
    return i


def _token(value: str, i: int) -> tuple[str, int]:
    j = i
    while j < len(value) and value[j] not in _SEPARATORS and value[j].isprintable():
        j += 1
    return value[i:j], j


def _quoted(value: str, i: int) -> tuple[str, int]:
    """A quoted-string from its opening quote: its text unescaped, and the index past its closing quote (the end
    of the value where it never closes)."""
    out, j = [], i + 1
    while j < len(value) and value[j] != '"':
        if value[j] == "\\" and j + 1 < len(value):
            j += 1
        out.append(value[j])
        j += 1
    return "".join(out), j + 1
