"""Which flows the capture records: the ``capture_include`` and ``capture_exclude`` filters (mitmproxy filter
expressions, checked before mitmdump starts too: ``replay capture``'s options), and the HTTP/2 preface mitmproxy reads
as a request (counted, never recorded)."""

from __future__ import annotations

from collections.abc import Sequence

from mitmproxy import flowfilter, http
from mitmproxy.exceptions import OptionsError

__all__ = ["filter_problem", "filters", "h2c_preface"]


def h2c_preface(flow: http.HTTPFlow) -> bool:
    """The flow is an HTTP/2 connection preface read as a request on a connection that is not HTTP/2."""
    req = flow.request
    return req.method == "PRI" and req.path == "*" and req.http_version == "HTTP/2.0"


def filter_problem(expr: str) -> str | None:
    """Why ``expr`` is not a mitmproxy filter expression (None when it is one)."""
    try:
        ok = flowfilter.parse(expr) is not None
    except ValueError as e:  # a bad regular expression inside it
        ok, cause = False, f" ({' '.join(str(e.__cause__ or e).split())})"  # pyparsing's spans lines
    else:
        cause = ""
    if ok:
        return None
    return f"{expr!r} is not a mitmproxy filter expression{cause}; try '~d host', '~u path', '~m POST'"


def filters(exprs: Sequence[str], name: str) -> flowfilter.TFilter | None:
    """One filter matching any of ``exprs``; OptionsError naming the bad expression."""
    if not exprs:
        return None
    for expr in exprs:
        problem = filter_problem(expr)
        if problem:
            raise OptionsError(f"{name}: {problem}")
    parsed = [flowfilter.parse(expr) for expr in exprs]
    return lambda flow: any(f(flow) for f in parsed)
