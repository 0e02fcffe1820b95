"""Headers by their names (``replay.redact.headers``): credentials under names that say so only by their last word."""

from __future__ import annotations

import base64

import pytest

from replay.exchange.format import Exchange
from replay.redact import Redactor
from replay.redact.pseudonym import looks_redacted

KEY = "Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5JsAbCd"


def _request(name: str, value: str, url: str = "https://api.example.com/v1/x") -> dict[str, object]:
    return {
        "id": "x",
        "request": {"method": "GET", "url": url, "headers": [[name, value]], "body": None},
        "timings": {"start": 1.0},
        "response": None,
        "v": 1,
    }


def _sent(name: str, value: str) -> Exchange:
    ex = Exchange.from_dict(_request(name, value))
    return Redactor(key=b"test-key").redact(ex) or ex


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Ocp-Apim-Subscription-Key", KEY),  # Azure API Management, in front of many enterprise AI gateways
        ("X-Functions-Key", KEY),  # Azure Functions
        ("DD-APPLICATION-KEY", KEY),
        ("X-Auth-Key", KEY),  # Cloudflare's
        ("X-Session", KEY),
        ("X-Honeycomb-Team", KEY),
        ("X-Customer-Auth", KEY),
        ("X-Authorization", f"Bearer {KEY}"),
        ("Authentication", f"Token {KEY}"),
        ("X-Sentry-Auth", f"Sentry sentry_key={KEY}, sentry_version=7"),
    ],
)
def test_a_credential_under_a_name_whose_last_word_says_so(name: str, value: str) -> None:
    out = _sent(name, value)
    assert KEY not in out.to_json().decode() and out.redactions


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X-Request-Id", "5f8e2a1c-3b4d-4e6f-9a8b-7c6d5e4f3a2b"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),  # a handshake's nonce
        ("X-Session", "none"),  # not random: no credential
        ("X-Cache-Key", "GET:/v1/models"),
        # W3C Server Timing, the demo assistant's and the spec's examples: a dependency's time is no one's data
        ("Server-Timing", 'search;dur=310.2, model;dur=480.5;desc="support-mini-2024-07", fallback;dur=0'),
        ("Server-Timing", 'cache;desc="Cache Read";dur=23.2, db;dur=53, app;dur=47.2'),
    ],
)
def test_headers_that_carry_no_credential_are_kept(name: str, value: str) -> None:
    out = _sent(name, value)
    assert out.request.headers == [(name, value)] and not out.redactions


def test_personal_data_a_server_timing_description_carries_is_still_replaced() -> None:
    """Server-Timing stays outside the plain headers: its ``desc`` is free text a service may fill with anything."""
    out = _sent("Server-Timing", 'db;dur=53;desc="lookup jane.doe@example.com"')
    assert "jane.doe" not in out.to_json().decode() and out.redactions == {"email": 1}
    assert out.request.headers[0][1].startswith('db;dur=53;desc="lookup ')


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X-2FA-Code", "481516"),  # an exchange's second factor with a withdrawal: the name past its "x-" says so
        ("X-OTP", "602918"),
        ("X-App-Access-Sig", "a3f1c9e27b4d6058f1e2d3c4b5a69788"),  # Sumsub's request signature
    ],
)
def test_a_code_or_a_signature_under_a_custom_header_s_name(name: str, value: str) -> None:
    out = _sent(name, value)
    assert value not in out.to_json().decode() and out.redactions


@pytest.mark.parametrize(
    ("name", "value"), [("X-Status-Code", "200"), ("X-Error-Code", "E42"), ("X-Country-Code", "GB")]
)
def test_a_code_that_is_no_secret_under_a_custom_header_stays(name: str, value: str) -> None:
    out = _sent(name, value)
    assert out.request.headers == [(name, value)] and not out.redactions


@pytest.mark.parametrize(
    "name",
    [
        "X-Forwarded-User",
        "X-Auth-Request-User",
        "Remote-User",
        "X-Remote-User",
        "X-WebAuth-User",
        "X-Preferred-Username",
    ],
)
def test_the_user_an_auth_proxy_hands_on_is_replaced_by_a_pseudonym(name: str) -> None:
    ex = _sent(name, "jwhitfield")
    ((_, value),) = ex.request.headers
    assert value.startswith("user-") and ex.redactions == {"username": 1}


@pytest.mark.parametrize(
    ("name", "value"),
    [("X-Forwarded-User", "root"), ("Remote-User", "$USER"), ("X-User-Id", "u_8f3k2m9d"), ("X-RateLimit-User", "120")],
)
def test_a_system_account_an_id_or_a_number_under_a_user_header_stays(name: str, value: str) -> None:
    assert _sent(name, value).request.headers == [(name, value)]


@pytest.mark.parametrize(
    ("name", "value"),
    [  # a cookie with no name (no "="): browsers send its value alone; it was kept unread
        ("Cookie", "theme=dark; jo.planted@example.org; lang=en"),
        ("Cookie", "card 4111 1111 1111 1111"),
        ("Set-Cookie", "jo.planted@example.org; Path=/; HttpOnly"),
        ("Cookie", "theme=dark; call jo.planted@example.org =1"),  # no cookie's name: a text before an "="
    ],
)
def test_a_cookie_with_no_name_or_no_tokens_name_is_read_as_a_text(name: str, value: str) -> None:
    out = dict(_sent(name, value).request.headers)[name]
    assert "jo.planted@" not in out and "4111 1111" not in out, out
    assert "; Path=/; HttpOnly" in out or name != "Set-Cookie", out


_QUERY_URL = (
    "https://support.example.net/find?q=my+name+is+Harriet+Lindqvist&first_name=Harriet&token=Wm7pQ2xR9vK4tL8nB3cF6hJ1"
)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Referer", _QUERY_URL),
        ("Location", _QUERY_URL),
        ("X-Original-URL", _QUERY_URL),
        ("X-Forwarded-Uri", _QUERY_URL),
        ("X-Rewrite-URL", _QUERY_URL),
        ("Link", f'<{_QUERY_URL}>; rel="next"'),
        ("Refresh", f"0; url={_QUERY_URL}"),
    ],
)
def test_a_url_a_header_carries_is_redacted_as_the_requests_url_is(r: Redactor, name: str, value: str) -> None:
    ex = Exchange.from_dict(_request(name, value, _QUERY_URL))
    out = r.redact(ex) or ex
    (_, got) = out.request.headers[0]
    assert "Lindqvist" not in out.request.url and "Wm7pQ2xR9vK4" not in out.request.url
    assert got == value.replace(_QUERY_URL, out.request.url), got


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("Referer", "https://docs.example.net/find?q=how+to+rotate+logs+daily&page=3&sort=asc"),
        (
            "Link",
            '<https://api.example.net/v2/orders?cursor=c2&limit=25>; rel="next", '
            '<https://api.example.net/v2/orders>; rel="first"',
        ),
        ("X-Original-URL", "/catalog/search?category=shoes&size=42"),
    ],
)
def test_a_url_of_no_ones_data_in_a_header_stays(r: Redactor, name: str, value: str) -> None:
    assert r.redact(Exchange.from_dict(_request(name, value))).request.headers == [(name, value)]


def _sent_all(headers: list[tuple[str, str]]) -> Exchange:
    request = {
        "method": "GET",
        "url": "https://api.example.com/v1/x",
        "headers": [list(h) for h in headers],
        "body": None,
    }
    ex = Exchange.from_dict({**_request("x", "y"), "request": request})
    return Redactor(key=b"test-key").redact(ex) or ex


def test_hmrc_fraud_prevention_headers_lose_the_user_s_logins_ips_and_device() -> None:
    sent = {
        "Gov-Client-User-IDs": "os=mokonedo&my-app=m.okonedo%40example.org",
        "Gov-Client-Device-ID": "0d3c8f5e-7a41-4b2c-9e07-51f6a2d3c8b4",
        "Gov-Client-Public-IP": "86.142.37.201",
        "Gov-Client-Local-IPs": "192.168.1.44,2a00%3A23c6%3A8f10%3A1b01%3A%3A5",
        "Gov-Vendor-Forwarded": "by=34.246.11.7&for=86.142.37.201",
        "Gov-Client-Multi-Factor": "type=TOTP&timestamp=2024-05-01T09%3A12Z&unique-reference=a17c0e4d9b",
        "Gov-Client-Connection-Method": "WEB_APP_VIA_SERVER",
        "Gov-Vendor-Version": "my-web-app=2.4.1",
    }
    ex = _sent_all(list(sent.items()))
    got = dict(ex.request.headers)
    assert "mokonedo" not in got["Gov-Client-User-IDs"] and "okonedo" not in got["Gov-Client-User-IDs"], got
    assert got["Gov-Client-User-IDs"].startswith("os=user-") and "&my-app=user-" in got["Gov-Client-User-IDs"]
    assert "%40example.invalid" in got["Gov-Client-User-IDs"]  # an e-mail's pseudonym, percent-encoded as it came
    assert got["Gov-Client-Device-ID"] != sent["Gov-Client-Device-ID"]
    assert "86.142.37.201" not in got["Gov-Client-Public-IP"] + got["Gov-Vendor-Forwarded"], got
    assert "8f10" not in got["Gov-Client-Local-IPs"] and "%3A" in got["Gov-Client-Local-IPs"], got
    assert (
        "a17c0e4d9b" not in got["Gov-Client-Multi-Factor"] and "type=TOTP&timestamp=" in got["Gov-Client-Multi-Factor"]
    )
    kept = ("Gov-Client-Connection-Method", "Gov-Vendor-Version")
    assert all(got[k] == sent[k] for k in kept), got


def test_a_login_that_starts_like_a_user_name_s_pseudonym_is_replaced_too() -> None:
    """Six rules (basic auth, a URL's userinfo, a cookie's user, a handle, a profile's page, a login field) skipped
    every value starting "user-" as replay's own: "user-admin" went through. Only "user-" and 8 hex digits is."""
    ex = _sent("Authorization", "Basic " + base64.b64encode(b"user-admin:hunter2").decode())
    user = base64.b64decode(ex.request.headers[0][1].split()[1]).decode().partition(":")[0]
    assert user != "user-admin" and looks_redacted(user)
    again = _sent("Authorization", ex.request.headers[0][1])
    assert again.request.headers == ex.request.headers  # replay's own output left as it is
