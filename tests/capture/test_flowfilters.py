"""Which flows the capture records (``replay.capture.flowfilters``): mitmproxy's own flows, no proxy."""

from __future__ import annotations

import pytest
from mitmproxy import http
from mitmproxy.exceptions import OptionsError
from mitmproxy.test import tflow

from replay.capture.flowfilters import filter_problem, filters, h2c_preface


def _flow(method: str, url: str, version: str = "HTTP/1.1") -> http.HTTPFlow:
    flow = tflow.tflow()
    flow.request = http.Request.make(method, url, b"", {})
    flow.request.http_version = version
    return flow


def test_a_good_expression_has_no_problem_a_bad_one_says_why() -> None:
    assert filter_problem("~d example.com & ~m POST") is None
    said = filter_problem("~q(") or ""
    assert said.startswith("'~q(' is not a mitmproxy filter expression") and said.endswith(
        "try '~d host', '~u path', '~m POST'"
    )
    # a bad regular expression inside it: its cause, on one line
    said = filter_problem("~u [") or ""
    assert said.startswith("'~u [' is not a mitmproxy filter expression (") and "\n" not in said


def test_filters_match_any_of_their_expressions_and_name_a_bad_one() -> None:
    assert filters([], "capture_include") is None
    match = filters(["~m PUT", "~u /v1/"], "capture_include")
    assert match is not None
    assert match(_flow("PUT", "http://h/x")) and match(_flow("GET", "http://h/v1/models"))
    assert not match(_flow("GET", "http://h/v2/models"))
    with pytest.raises(OptionsError, match=r"^capture_exclude: '~q\(' is not"):
        filters(["~m GET", "~q("], "capture_exclude")


def test_an_http2_preface_read_as_a_request() -> None:
    flow = _flow("PRI", "http://h/", "HTTP/2.0")
    flow.request.path = "*"
    assert h2c_preface(flow)
    flow.request.http_version = "HTTP/1.1"
    assert not h2c_preface(flow)
