"""What a field's value is and where it stands (``replay.redact.fieldvalues``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from replay.redact.fieldvalues import person_context, street_name


@pytest.mark.parametrize("tool", ["send_email", "email_digest", "lookup_phone", "update_address"])
def test_a_name_s_own_value_is_no_field_beside_it(r: Redactor, tool: str) -> None:
    """An MCP tools/call's {"name": "send_email", "arguments": {…}}: the word in the tool's name is no email field
    beside a person's name, so the tool's name is no one's login."""
    body = json.dumps({"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"name": tool, "arguments": {}}})
    low = body.lower()
    at = low.index('"name"')
    vs = low.index(tool)
    assert person_context(low, at, (vs, vs + len(tool))) is None
    assert person_context(low, at) == "person"  # read with its own value, as it was
    out, _ = r.text(body)
    assert f'"name": "{tool}"' in out, out


def test_a_login_beside_an_email_is_still_one(r: Redactor) -> None:
    body = json.dumps({"pusher": {"name": "mbrightwater", "email": "mb@fastmail.fm"}})
    out, found = r.text(body)
    assert "mbrightwater" not in out and found["username"] == 1, out


def test_an_element_s_text_in_a_cdata_section(r: Redactor) -> None:
    text = (
        "<xml><Password><![CDATA[hunter2hunter]]></Password><FullName><![CDATA[Fenella Whitcombe]]></FullName>"
        "<Title><![CDATA[Order shipped]]></Title><name><![CDATA[]]></name></xml>"
    )
    out = r.text(text)[0]
    assert not any(v in out for v in ("hunter2hunter", "Fenella", "Whitcombe")), out
    assert "<Title><![CDATA[Order shipped]]></Title>" in out and "<name><![CDATA[]]></name>" in out, out


def test_a_field_named_in_an_odm_item_s_oid(r: Redactor) -> None:
    """CDISC ODM's clinical data: the SDTM variable in the item's OID, its value in "Value"."""
    text = (
        '<ItemGroupData ItemGroupOID="IG.DM"><ItemData ItemOID="IT.DM.BRTHDTC" Value="1961-03-09"/>'
        '<ItemData ItemOID="IT.DM.SEX" Value="F"/><ItemData ItemOID="IT.VS.VSDTC" Value="2024-01-02"/></ItemGroupData>'
    )
    out = r.text(text)[0]
    assert "1961-03-09" not in out and 'Value="F"' in out and 'Value="2024-01-02"' in out, out


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Reset link sent to you, reset token 9fQ2xL7vR3mT8kW1pZ6n", "9fQ2xL7vR3mT8kW1pZ6n"),
        ("your password Hq7vR3mT8kW1pZ6nXe2L. Change it", "Hq7vR3mT8kW1pZ6nXe2L"),
        # a secret's name of two words: "key" alone is no secret's, with the word before it an API key's
        ("here is the API key Zq8VxT3mK9pLw2Rb7NcY for staging", "Zq8VxT3mK9pLw2Rb7NcY"),
        ("License key Zq8VxT3mK9pLw2Rb7NcY", "Zq8VxT3mK9pLw2Rb7NcY"),
    ],
)
def test_a_generated_value_right_after_a_secret_s_name(r: Redactor, text: str, secret: str) -> None:
    assert secret not in r.text(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "the token endpoint is /oauth/token",
        "token refresh_token_rotation_enabled",
        "the API key rotation_policy_for_staging is weekly",
        "sort key Zq8VxT3mK9pLw2Rb7NcY",  # a key of no secret, whatever follows it
        "key Zq8VxT3mK9pLw2Rb7NcY",
    ],
)
def test_a_word_after_a_secret_s_name_is_prose(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_an_iban_after_a_secret_s_name_is_an_iban(r: Redactor) -> None:
    # capitals and digits alone are a shape other rules read (an IBAN's, a card's), not a generated secret
    assert r.text("PW DE89001100111223367744 ")[1]["iban"] == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Your code is K7XQ9PZ2. It expires in 10 minutes.", "K7XQ9PZ2"),
        ("Hello, your recovery code is 7HJK-2MNP-Q9RS. Keep it safe.", "7HJK-2MNP-Q9RS"),
        ("your verification code: AB12CD", "AB12CD"),
    ],
)
def test_a_code_of_capitals_and_digits_after_its_cue(r: Redactor, text: str, code: str) -> None:
    assert code not in r.text(text)[0]


@pytest.mark.parametrize(
    "text", ["your discount code is SUMMER24", "the error code is E4012X", "your code is Python 3.11 based"]
)
def test_a_code_no_one_signs_in_with_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize("text", ["refresh failed, token: expired.", "api_key=invalid", "password: missing"])
def test_a_secret_s_state_is_no_secret(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("value", "street"),
    [
        ("شارع الملك فهد، حي العليا", True),
        ("طريق الملك عبدالعزيز", True),
        ("Mahoney Square", True),
        ("تقرير المبيعات", False),  # a title's (sales report): no street's word
        ("شارع", False),
        ("fast lane", False),
    ],
)
def test_a_street_s_name_in_arabic_starts_with_a_street_s_word(value: str, street: bool) -> None:
    assert street_name(value) is street


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "박지은", "tel": "010-9382-4716"}',
        "listing=PRP502526&name=中村陽菜&tel=080-4127-3958",
        '{"name": "خالد الشمري", "whatsapp": "+966 55 318 4927"}',
    ],
)
def test_a_short_phone_field_beside_a_bare_name_says_it_is_a_person_s(text: str) -> None:
    assert person_context(text.lower(), text.index("name")) == "person"


def test_a_hotel_field_is_no_phone_s() -> None:
    text = '{"name": "Seaside", "hotel": "Grand", "hostel": "Blue"}'
    assert person_context(text, text.index("name")) is None
