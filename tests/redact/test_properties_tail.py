"""Property tests for the long tail: a planted value of every kind added for issue 12 (Azure keys,
SAS signatures, GCP service-account keys, fine-grained GitHub PATs, Shopify and Telegram tokens,
secret query parameters, IPv6, one-time codes, prose passwords, doubly escaped emails, national
phones, names, street addresses; and MAC addresses), at any depth of random JSON and in any encoding (JSON escapes,
JSON inside a JSON string, percent-encoding, base64), never survives; what comes out scans clean
under another key (so no pseudonym is taken for a leak); and redacting twice equals redacting once."""

from __future__ import annotations

import base64
import json
import string
from typing import Any
from urllib.parse import quote

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from replay.redact import Redactor
from replay.redact.evaluate import views
from replay.redact.pseudonym import is_mac_pseudonym, is_raw_phone_pseudonym
from replay.redact.tokens import placeholder
from tests.redact.conftest import another_key
from tests.redact.test_properties import _exchange


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    """This module's redactor, built for its tests (at import, every xdist worker's collection built it)."""
    return Redactor(key=b"tail-key")


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


def _text(alphabet: str, n: int) -> st.SearchStrategy[str]:
    """``n`` characters of ``alphabet``; never a key's stand-in ("0000…", which is no secret: tokens.placeholder)."""
    return st.text(alphabet, min_size=n, max_size=n).filter(lambda s: not placeholder(s))


def _random(n: int) -> st.SearchStrategy[str]:
    """``n`` characters of a generated secret: random bytes, so never "AAAA…" (that is no secret)."""
    return (
        st.binary(min_size=n, max_size=n)
        .filter(lambda b: len(set(b)) > n // 2)
        .map(lambda b: base64.b64encode(b).decode().rstrip("=").replace("+", "x").replace("/", "y")[:n])
        .filter(lambda s: not placeholder(s))  # twenty zero bytes and 0..19 give "AAAA…AAECAwQF…"
    )


def _phone(region_digits: tuple[str, str]) -> str:
    region, tail = region_digits
    base = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.FIXED_LINE)
    nsn = phonenumbers.national_significant_number(base)
    num = phonenumbers.parse(f"+{base.country_code}{nsn[:-3]}{tail}")
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _mac(hex_sep_upper: tuple[str, str, bool]) -> tuple[str, str]:
    """A MAC address of 12 hex digits in one separator's form and one case, in a sentence: a bare one after
    its name."""
    hexes, sep, upper = hex_sep_upper
    step = 4 if sep == "." else 2
    mac = sep.join(hexes[i : i + step] for i in range(0, 12, step))
    mac = mac.upper() if upper else mac
    return mac, (f"MAC address {mac}" if not sep else f"device {mac} joined")


# (secret, the sentence it is planted in): the sentence gives the context some kinds need.
KINDS: dict[str, st.SearchStrategy[tuple[str, str]]] = {
    "azure_key": st.binary(min_size=64, max_size=64)
    .filter(lambda b: len(set(b)) > 32)
    .map(lambda b: (k := base64.b64encode(b).decode(), f"AccountName=st1;AccountKey={k};EndpointSuffix=x")),
    "azure_key_bare": st.binary(min_size=64, max_size=64)
    .filter(lambda b: len(set(b)) > 32)
    .map(lambda b: (k := base64.b64encode(b).decode(), f"storage key {k} rotated")),
    "sas": _random(43).map(lambda s: (s, f"https://a.blob.core.windows.net/c/f?sv=2022-11-02&sp=r&sig={s}%3D")),
    "gcp": _text(HEX, 40).map(lambda s: (s, json.dumps({"type": "service_account", "private_key_id": s}))),
    "github_pat": _text(ALNUM + "_", 82).map(lambda s: (t := "github_pat_11" + s, f"token {t} here")),
    "shopify": st.tuples(st.sampled_from(["shpat_", "shpss_", "shpca_"]), _text(HEX, 32)).map(
        lambda p: (t := p[0] + p[1], f"use {t}")
    ),
    "telegram": st.tuples(st.integers(10**8, 10**10 - 1), _text(ALNUM + "_-", 33)).map(
        lambda p: (t := f"{p[0]}:AA{p[1]}", f"https://api.telegram.org/bot{t}/getMe")
    ),
    "query": st.tuples(st.sampled_from(["token", "key", "signature", "access_token"]), _random(40)).map(
        lambda p: (p[1], f"https://h.example/cb?{p[0]}={p[1]}&page=2")
    ),
    "ipv6": st.tuples(_text(HEX, 4), _text(HEX, 4), _text(HEX, 3)).map(
        lambda p: (ip := f"2a02:{p[0]}:{p[1]}::{p[2]}", f"client {ip} connected")
    ),
    # a MAC address in each form: colon, dash or Cisco's dots by their shape, bare 12 hex digits after a cue
    "mac": st.tuples(_text(HEX, 12), st.sampled_from([":", "-", ".", ""]), st.booleans())
    .filter(lambda p: p[0].strip("0f") and not (is_mac_pseudonym(p[0]) or p[0].isdigit() or p[0].isalpha()))
    .map(_mac),
    "otp": _text(string.digits, 6).map(lambda c: (c, f"Your 2FA verification code: {c}")),
    "prose_password": st.tuples(st.sampled_from(["Falcon", "Sommer", "Piano"]), _text(string.digits, 4)).map(
        lambda p: (pw := f"{p[0]}{p[1]}!", f"my password is {pw} thanks")
    ),
    "escaped_email": st.from_regex(r"[a-z]{3,10}\.[a-z]{2,8}", fullmatch=True).map(
        lambda u: (f"{u}@fastmail.fm", json.dumps(json.dumps({"email": f"{u}@fastmail.fm"}).replace("@", "\\u0040")))
    ),
    # (less the one number in 10,000 that ends in the check digits of a raw pseudonym, kept as one: +33 1 23 45 64 63)
    "national_phone": st.tuples(st.sampled_from(["JP", "DE", "FR", "ES", "IT", "NL"]), _text(string.digits, 3))
    .map(_phone)
    .filter(lambda n: not is_raw_phone_pseudonym("".join(c for c in n if c.isdigit())))
    .map(lambda n: (n, f"call me on {n}")),
    "name": st.sampled_from(
        ["Marcus Lee", "Priya Natarajan", "Jürgen Weiß-Müller", "Anaïs Le Goff", "Ruud de Wit", "Olu Adeyemi"]
    ).map(lambda n: (n, f"Thanks, {n}")),
    "address": st.sampled_from(
        [
            "1420 Maple Crest Drive",
            "12, rue des Lilas",
            "Calle Mayor 8, 3º",
            "Musterstraße 12",
            "221 Baker Lane Suite 9",
        ]
    ).map(lambda a: (a, f"Please ship it to {a}, thanks")),
}
SCALARS = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(string.ascii_lowercase + " ", max_size=12)


@st.composite
def planted(draw: st.DrawFn) -> tuple[str, str, str]:
    """(kind, secret, JSON body) with the secret's sentence at some depth, in some encoding."""
    kind = draw(st.sampled_from(sorted(KINDS)))
    secret, sentence = draw(KINDS[kind])
    node: Any = sentence
    encoding = draw(st.sampled_from(["plain", "json-string", "percent", "base64"]))
    if encoding == "json-string":
        node = json.dumps({"text": sentence})
    elif encoding == "percent" and kind not in ("escaped_email",):
        node = "https://app.example/next?q=" + quote(sentence, safe="")
    elif encoding == "base64" and kind not in ("escaped_email", "gcp"):
        node = base64.b64encode(sentence.encode()).decode()
    fillers: list[Any] = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            around = draw(st.dictionaries(st.sampled_from("abcdef"), SCALARS, max_size=2))
            fillers.extend(around.values())
            node = {**around, "v": node}
        else:
            before = draw(st.lists(SCALARS, max_size=2))
            fillers.extend(before)
            node = [*before, node]
    # the secret only where it was planted: a filler number may hold an OTP's digits ("000000" in 1000000)
    assume(not any(secret in json.dumps(f) for f in fillers))
    return kind, secret, json.dumps({"data": node}, ensure_ascii=draw(st.booleans()))


@SETTINGS
@given(planted())
def test_planted_tail_value_never_survives(redactor: Redactor, case: tuple[str, str, str]) -> None:
    kind, secret, body = case
    ex = redactor.redact(_exchange(body))
    assert ex.request.body is not None
    json.loads(ex.request.body.text)
    hay = "\n".join(views(ex))
    for view in (hay, base64.b64encode(secret.encode()).decode()):
        assert secret not in hay, (kind, view[:80])
    assert sum(ex.redactions.values()) >= 1


@SETTINGS
@given(planted())
def test_pseudonyms_scan_clean_and_twice_is_once(redactor: Redactor, case: tuple[str, str, str]) -> None:
    once = redactor.redact(_exchange(case[2]))
    first = once.to_json()
    assert another_key().findings(once) == {}, case[0]
    assert redactor.findings(once) == {}
    assert once.to_json() == first


@SETTINGS
@given(st.sampled_from(["pin", "otp", "cvv", "api_key", "secret", "token", "password"]), st.integers(0, 10**16))
def test_a_number_by_a_secret_key_does_not_become_a_finding(redactor: Redactor, key: str, number: int) -> None:
    """{"pin": 4111111111111111}: the replacement is a number too, and no later scan flags it."""
    assume(set(str(number)) != {"9"})  # all nines is what a redacted number looks like
    ex = redactor.redact(_exchange(json.dumps({key: number, "nested": {key: str(number)}})))
    assert ex.request.body is not None
    out = json.loads(ex.request.body.text)
    assert str(number) not in json.dumps(out) or len(str(number)) < 3
    assert another_key().findings(ex) == {}


def test_an_ipv6_pseudonym_with_a_cue_in_a_group_scans_clean(redactor: Redactor) -> None:
    """Hypothesis' example: the pseudonym 2001:db8:dea6:… once scanned as a DEA number ("dea6:ee49")."""
    once = redactor.redact(_exchange('{"data": "client 2a02:0332:0f84::afe connected"}'))
    assert another_key().findings(once) == {}
