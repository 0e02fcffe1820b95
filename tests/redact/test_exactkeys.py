"""Field names that say exactly what their value is (``replay.redact.exactkeys``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


def test_a_display_name_is_a_name_however_rare(r: Redactor) -> None:
    """A DNA match's displayName, no person's other field beside it: a room's "Nursery" is lost with it (H149)."""
    text = json.dumps({"matches": [{"displayName": "Cuthbert Ravenscroft", "sharedCentimorgans": 1712}]})
    out, found = r.text(text)
    assert "Cuthbert" not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "street"),
    [  # where an order goes, a tool call's argument or a shop's field: a street with no type word in it too
        ('{"ship_to": "Am Stadtpark 4a, 10961 Berlin", "carrier": "DHL"}', "Am Stadtpark"),
        ('{"arguments": "{\\"deliverTo\\": \\"B-17, Sector 62, Noida 201301\\"}"}', "Sector 62"),
        ("ship_to=Lindenweg 4&qty=2", "Lindenweg"),
    ],
)
def test_an_order_s_destination_is_an_address(r: Redactor, text: str, street: str) -> None:
    out, found = r.text(text)
    assert street not in out and found["address"] == 1, out


def test_an_order_s_destination_s_country_and_row_stay(r: Redactor) -> None:
    text = '{"shipToCountry": "DE", "ship_to_id": 42, "ship_method": "express"}'
    assert r.text(text)[0] == text


def test_a_postcode_under_its_short_name(r: Redactor) -> None:
    text = json.dumps({"p_street": "2417 Trinity Street", "p_city": "Vancouver", "p_code": "V5K 1C9"})
    out = r.text(text)[0]
    assert "V5K 1C9" not in out and "Vancouver" in out, out


@pytest.mark.parametrize(
    "text",
    [
        '{"enterprise": {"employeeNumber": "E-0074421", "department": "Procurement"}}',
        "dn: uid=tessington,ou=People,dc=example,dc=org\nemployeeNumber: 300127\n",
        "staff_no=A77120&dept=HR",
    ],
)
def test_an_employer_s_number_for_its_employee_is_an_id_number(r: Redactor, text: str) -> None:
    """As a school's for its student: a row's "employee_id" stays a plain id."""
    out, found = r.text(text)
    assert not any(n in out for n in ("E-0074421", "300127", "A77120")) and found["gov_id"] == 1, out
    row = '{"employee_id": "E-0074421"}'
    assert r.text(row)[0] == row


def test_the_one_an_app_s_message_is_for(r: Redactor) -> None:
    # WeChat's customer service message and WeCom's app message name their recipient's OpenID, a member's id; "@all"
    # is every member, no one's
    for text in ('{"touser": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "msgtype": "text"}', '{"touser": "zhangsan|lisi"}'):
        out, found = r.text(text)
        assert "oUpF8uMuAJO" not in out and "zhangsan" not in out and found["username"] == 1, out
    text = '{"touser": "@all", "agentid": 1000002}'
    assert r.text(text)[0] == text


def test_a_czech_birth_number_under_its_name(r: Redactor) -> None:
    text = json.dumps({"birth_number": "850312/1234", "rodne_cislo": "8503121234", "birth_place": "Brno"})
    out, found = r.text(text)
    assert "850312" not in out and "Brno" in out and found["gov_id"] == 2, out


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("guarantor_name", "سالم الدوسري"),
        ("coApplicantName", "小林翔太"),
        ("cosigner_name", "Wanjiru Kamau"),
        ("borrowerName", "Phạm Thị Hương"),
    ],
)
def test_a_loan_s_or_a_lease_s_other_people_under_their_role(r: Redactor, key: str, value: str) -> None:
    # a name in any script: the key says it is one, as a first name's does
    out, found = r.text(json.dumps({key: value, "relationship": "spouse"}, ensure_ascii=False))
    assert value not in out and found["name"] == 1, out


def test_a_loan_s_other_fields_beside_its_people_stay(r: Redactor) -> None:
    text = json.dumps({"guarantor_type": "Corporate", "loan_name": "Home Saver 5", "borrower_count": 2})
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ('{"passport_series": "4509", "passport_number": "123456"}', ("4509", "123456")),
        ('{"passportSeries": "45 09", "passportNumber": "771203"}', ("45 09", "771203")),
        ('{"серия": "4512", "номер_паспорта": "654321"}', ("4512", "654321")),
        ('{"ipn": "3012345678"}', ("3012345678",)),
        ('{"ІПН": "2849107365", "name": "x"}', ("2849107365",)),
        ("ipn=3012345678&lang=uk", ("3012345678",)),
    ],
)
def test_a_russian_passport_s_series_and_a_ukrainian_tax_number(r: Redactor, text: str, values: tuple[str]) -> None:
    out = r.text(text)[0]
    assert not any(v in out for v in values)


@pytest.mark.parametrize(
    "text",
    [
        '{"серия": "iPhone 15"}',
        '{"серия": "A5"}',
        '{"ipn": true, "ipn_url": "https://pay.example/ipn"}',
        '{"ipn": "1234"}',
        '{"ipn_track_id": "a1b2c3d4e5"}',
    ],
)
def test_a_product_s_series_and_a_payment_notice_stay(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
