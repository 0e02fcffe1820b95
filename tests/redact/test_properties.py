"""Property tests: a planted secret of any kind at any depth of random JSON never survives;
redacting twice equals redacting once; valid JSON in, valid JSON out; one value, one pseudonym."""

from __future__ import annotations

import hmac
import json
import re
import string
from typing import Any

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor
from replay.redact.evaluate import views
from replay.redact.pseudonym import (
    Pseudonyms,
    is_card_pseudonym,
    is_iban_pseudonym,
    is_phone_pseudonym,
    is_ssn_pseudonym,
    luhn_ok,
)
from replay.redact.tokens import placeholder
from tests.redact.conftest import another_key


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    """This module's redactor, built for its tests (at import, every xdist worker's collection built it)."""
    return Redactor(key=b"property-key")


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALNUM = string.ascii_letters + string.digits


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(string.digits, min_size=n, max_size=n)


def _key(alphabet: str, low: int, high: int) -> st.SearchStrategy[str]:
    """A vendor key's random part; never a stand-in ("0000…", which is no secret: tokens.placeholder)."""
    return st.text(alphabet, min_size=low, max_size=high).filter(lambda s: not placeholder(s))


def _card(body: str) -> str:
    payload = "4" + body
    return payload + next(d for d in string.digits if luhn_ok(payload + d))


def _iban(bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + "DE00")
    return f"DE{98 - int(num) % 97:02d}{bban}"


def _phone(region_digits: tuple[str, str]) -> str:
    region, tail = region_digits
    base = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    nsn = phonenumbers.national_significant_number(base)
    num = phonenumbers.parse(f"+{base.country_code}{nsn[:-4]}{tail}")
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def _phone_pseudonym(phone: str) -> bool:
    """One number in 10,000 ends in the check digits of a pseudonym and is kept as one (as cards,
    IBANs and SSNs are filtered above): +33 6 12 34 51 33."""
    num = phonenumbers.parse(phone)
    return is_phone_pseudonym(num.country_code, phonenumbers.national_significant_number(num))


SECRETS = st.one_of(
    st.builds(
        lambda u, d: f"{u}@{d}",
        st.from_regex(r"[a-z][a-z0-9]{1,10}(\.[a-z0-9]{1,6})?", fullmatch=True),
        st.sampled_from(["gmail.com", "corp-mail.co.uk", "uni.example.edu"]),
    ),
    _digits(14).map(_card).filter(lambda c: not is_card_pseudonym(c)),
    _digits(18).map(_iban).filter(lambda i: not is_iban_pseudonym(i)),
    st.builds(
        lambda a, b, c: f"{a:03d}-{b:02d}-{c:04d}", st.integers(1, 665), st.integers(1, 99), st.integers(1, 9999)
    ).filter(lambda s: not is_ssn_pseudonym(s.replace("-", ""))),
    st.tuples(st.sampled_from(["US", "GB", "FR", "DE", "IN"]), _digits(4))
    .map(_phone)
    .filter(lambda p: not _phone_pseudonym(p)),
    _key(ALNUM, 36, 36).map(lambda s: "ghp_" + s),
    _key(string.ascii_uppercase + string.digits, 16, 16).map(lambda s: "AKIA" + s),
    _key(ALNUM + "-_", 40, 60).map(lambda s: "sk-proj-" + s),
    st.tuples(st.text(ALNUM + "-_", min_size=10, max_size=30), st.text(ALNUM + "-_", min_size=10, max_size=40)).map(
        lambda p: f"eyJhbGciOiJIUzI1NiJ9.eyJ{p[0]}.{p[1]}"
    ),
    st.lists(st.text(ALNUM + "+/", min_size=64, max_size=64), min_size=1, max_size=3).map(
        lambda lines: "-----BEGIN PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END PRIVATE KEY-----"
    ),
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
DOCS = st.recursive(
    SCALARS,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4),
    max_leaves=12,
)


def _plain_key(key: str) -> bool:
    """A field name with no two ASCII letters in a row: none that names what its value is (a
    card number under ``VOTERID`` is replaced as that id, its card pseudonym nowhere)."""
    return re.search("[A-Za-z]{2}", key) is None


@st.composite
def planted(draw: st.DrawFn, secret: str | None = None) -> tuple[str, str]:
    """A JSON document with ``secret`` somewhere in it, as a value or inside a sentence (under
    field names that do not redact their values by themselves)."""
    secret = secret if secret is not None else draw(SECRETS)
    node: Any = secret
    if draw(st.booleans()):
        words = st.text(alphabet=string.ascii_letters + " ,.", max_size=12)
        node = f"{draw(words)} {secret} {draw(words)}"
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["dict", "list", "json-in-string"]))
        if kind == "dict":
            key = draw(st.text(max_size=8).filter(_plain_key))
            node = {**draw(st.dictionaries(st.text(max_size=8), SCALARS, max_size=3)), key: node}
        elif kind == "list":
            items = draw(st.lists(SCALARS, max_size=3))
            items.insert(draw(st.integers(0, len(items))), node)
            node = items
        else:
            node = json.dumps(node)
    doc = draw(DOCS)
    doc = {**doc, "planted": node} if isinstance(doc, dict) else [doc, node]
    return secret, json.dumps(doc, ensure_ascii=draw(st.booleans()))


def _exchange(body: str) -> Exchange:
    return Exchange(
        "p",
        Request("POST", "http://h/x", [("content-type", "application/json")], Body(body, "utf8", len(body))),
        Timings(0.0),
    )


@SETTINGS
@given(planted())
def test_planted_secret_never_survives_and_json_stays_valid(redactor: Redactor, case: tuple[str, str]) -> None:
    secret, body = case
    ex = redactor.redact(_exchange(body))
    assert ex.request.body is not None
    json.loads(ex.request.body.text)
    hay = "\n".join(views(ex))
    assert secret not in hay
    assert sum(ex.redactions.values()) >= 1


@SETTINGS
@given(planted())
# a PIN's nines are not found again (found by hypothesis: the card inside a JSON string made the difference)
@example(("4000000000000002", '{"PASS": 0, "planted": "{\\"\\\\u001f\\": null, \\"\\": \\"4000000000000002\\"}"}'))
def test_redacting_twice_equals_once(redactor: Redactor, case: tuple[str, str]) -> None:
    once = redactor.redact(_exchange(case[1]))
    first = once.to_json()
    assert redactor.findings(once) == {}
    assert once.to_json() == first
    assert another_key().findings(once) == {}


@SETTINGS
@given(DOCS)
def test_valid_json_in_valid_json_out(redactor: Redactor, doc: Any) -> None:
    ex = redactor.redact(_exchange(json.dumps(doc)))
    assert ex.request.body is not None
    json.loads(ex.request.body.text)


@SETTINGS
@given(st.data())
def test_same_value_same_pseudonym_across_records(redactor: Redactor, data: st.DataObject) -> None:
    secret = data.draw(SECRETS)
    assume("\n" not in secret)
    pseudonym = redactor.text(f"x {secret} y")[0][2:-2]
    assert pseudonym != secret
    for _ in range(2):
        ex = redactor.redact(_exchange(data.draw(planted(secret))[1]))
        assert pseudonym in "\n".join(views(ex))


@settings(max_examples=300, deadline=None)
@given(key=st.binary(min_size=0, max_size=200), kind=st.sampled_from(["email", "name", "phone"]), value=st.text())
def test_digest_is_hmac_sha256(key: bytes, kind: str, value: str) -> None:
    """The keyed states copied per digest give HMAC-SHA256 itself, for keys shorter and longer than its block."""
    ps = Pseudonyms(key)
    for counter in (0, 1000):
        want = hmac.digest(key, f"{kind}\0{counter}\0{value}".encode(), "sha256")
        assert ps._digest(kind, value, counter) == want
