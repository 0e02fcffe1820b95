"""Postcodes precise to a street (``replay.redact.postcodes``): under a postcode's field name and after a street in
prose they go; a numeric postcode (a ZIP, a PLZ) is a place's and stays."""

from __future__ import annotations

import json

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor
from replay.redact.postcodes import fine_postcode, postcode_pseudonym


@pytest.mark.parametrize(
    "value", ["EC2V 7HH", "W1A 0AX", "B338TH", "H3Z 2Y7", "V6B-4Y8", "3512 JE", "2511CV", "T12 Y2KP"]
)
def test_fine_postcodes(value: str) -> None:
    assert fine_postcode(value)


@pytest.mark.parametrize("value", ["10115", "90210-1234", "75008", "3512 SS", "EC2V 7CI", "SKU-4471", "X5 4WD!", "A4"])
def test_numeric_and_other_shapes_are_not_fine(value: str) -> None:
    assert not fine_postcode(value)


def test_the_pseudonym_reads_back_as_itself() -> None:
    once = postcode_pseudonym("EC2V 7HH")
    assert once == "EC9V 9HH" and postcode_pseudonym(once) == once


@pytest.mark.parametrize(
    ("record", "secret"),
    [
        ({"shipping": {"zip": "EC2V 7HH", "city": "London"}}, "EC2V 7HH"),
        ({"postalCode": "H3Z 2Y7", "country": "CA"}, "H3Z 2Y7"),
        ({"billing_postcode": "3512 JE"}, "3512 JE"),
        ({"Address": {"PostCode": "T12 Y2KP", "TownName": "Cork"}}, "T12 Y2KP"),
    ],
)
def test_a_fine_postcode_under_its_field_name_goes(r: Redactor, record: dict[str, object], secret: str) -> None:
    text = json.dumps(record)
    out = r.text(text)[0]
    assert secret not in out
    assert json.loads(out)  # still JSON


@pytest.mark.parametrize(
    "text",
    [
        '{"zip": "60614", "city": "Chicago"}',
        '{"postal_code": "80331"}',
        "zip=10115&country=DE",
        "Accept-Encoding: gzip, deflate",
        '{"zip": "not applicable"}',
    ],
)
def test_a_numeric_postcode_or_another_value_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("the courier needs the postcode: B33 8TH", "B33 8TH"),
        ("My postcode is LS2 9JT, the parcel never came", "LS2 9JT"),
        ("SELECT id FROM members WHERE post_code = 'G12 8QQ'", "G12 8QQ"),
    ],
)
def test_a_fine_postcode_after_its_name_in_text_goes(r: Redactor, text: str, secret: str) -> None:
    assert secret not in r.text(text)[0]


def test_a_fine_postcode_in_a_form_and_a_query_goes(r: Redactor) -> None:
    text = "shipping_zip=H3Z+2Y7&zip=10115&plan=pro"
    body = Body(text, "utf8", len(text))
    req = Request(
        "POST", f"https://shop.example/checkout?{text}", [("content-type", "application/x-www-form-urlencoded")], body
    )
    ex = r.redact(Exchange("e1", req, Timings(0.0)))
    assert ex.request.body is not None
    for out in (ex.request.body.text, ex.request.url.partition("?")[2]):
        assert out == "shipping_zip=H9Z+9Y9&zip=10115&plan=pro"


@pytest.mark.parametrize(
    ("text", "code", "kept"),
    [
        ("Please post it to 14 Kelvin Way, Glasgow G12 8QQ before Friday.", "G12 8QQ", "Glasgow"),
        ("We moved to 9 Canal Road, Bristol BS2 0HE.", "BS2 0HE", "Bristol"),
        ("Het pakket gaat naar Oudegracht 12, 3511 AP Utrecht.", "3511 AP", "Utrecht"),
        ("Send it to 55 Rideau Street, Ottawa, ON K1N 9J7", "K1N 9J7", "Ottawa"),
    ],
)
def test_a_fine_postcode_after_a_street_in_prose_goes(r: Redactor, text: str, code: str, kept: str) -> None:
    out = r.text(text)[0]
    assert code not in out and kept in out


def test_a_numeric_postcode_after_a_street_in_prose_stays(r: Redactor) -> None:
    out = r.text("Ship to 1420 Maple Crest Drive, Springfield 62704 today")[0]
    assert "62704" in out and "Maple" not in out


def test_a_redacted_postcode_is_found_again_as_a_pseudonym() -> None:
    first, second = Redactor(key=b"one"), Redactor(key=b"two")
    once = first.text('{"postalCode": "3512JE", "zip": "EC2V 7HH"}')[0]
    twice, found = second.text(once)
    assert twice == once and not found


@pytest.mark.parametrize(
    ("text", "out"),
    [
        ('{"pincode": "560001", "city": "Bengaluru"}', '{"pincode": "999999", "city": "Bengaluru"}'),
        ('{"address": {"pin_code": "110001"}}', '{"address": {"pin_code": "999999"}}'),
        ("pinCode=400069&state=MH", "pinCode=999999&state=MH"),
    ],
)
def test_india_s_pin_code_under_its_field_name_goes(r: Redactor, text: str, out: str) -> None:
    assert r.text(text)[0] == out


def test_a_card_s_pin_under_a_pin_code_s_field_name_stays_a_secret(r: Redactor) -> None:
    assert r.text('{"pin": "1234"}')[0] == '{"pin": "9999"}'
    assert r.text('{"pincode": "4821", "lookup": "012345"}')[0] == '{"pincode": "4821", "lookup": "012345"}'
