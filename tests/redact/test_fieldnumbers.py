"""A person's numbers and things by their field's name (``replay.redact.fieldnumbers``)."""

from __future__ import annotations

import json

import pytest

from replay.exchange.format import Body, Exchange, Request, Timings
from replay.redact import Redactor
from replay.redact.fieldnumbers import typed_documents


def test_a_device_s_numbers_under_their_names(r: Redactor) -> None:
    body = json.dumps(
        {
            "serial_number": "DMPXK3Q9HG7J",
            "udid": "00008103-001A2C3E0A12801E",
            "advertising_id": "38400000-8cf0-11bd-b23e-10b96e40000d",
            "model": "iPad Air (5th generation)",
            "serialNumber": "n/a",
        }
    )
    out, found = r.text(body)
    assert "DMPXK3Q9HG7J" not in out and "001A2C3E0A12801E" not in out and "8cf0-11bd" not in out
    assert "iPad Air (5th generation)" in out and '"n/a"' in out and found["device_id"] == 3


def test_an_insurance_policy_s_number_in_its_object(r: Redactor) -> None:
    out, found = r.text(json.dumps({"policy": {"number": "HX-9384-22107", "product": "Comprehensive"}}))
    assert "9384" not in out and "Comprehensive" in out and found == {"gov_id": 1}
    for kept in (
        {"policy": "arn:aws:iam::123456789012:policy/Admin"},  # a cloud's policy: no record of a person's
        {"policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}},
        {"policy": {"id": "pol_123", "name": "Default"}},
    ):
        assert r.text(json.dumps(kept)) == (json.dumps(kept), {})


@pytest.mark.parametrize(
    ("body", "value", "kind"),
    [
        # a generic key's number, named by the object's key (as "registration_number", "license_no" would be)
        ({"vehicle": {"registration": {"number": "AB12 CDE"}, "make": "Ford"}}, "AB12 CDE", "license_plate"),
        ({"license": {"no": "MORGA753116SM9IJ", "class": "B"}}, "MORGA753116SM9IJ", "gov_id"),
        ({"licence": {"number": "D1234567"}}, "D1234567", "gov_id"),
        ({"account": {"number": "44018273", "sort_code": "ignored"}}, "44018273", "bank_account"),
        ({"claim": {"number": "CLM-2024-558812", "status": "open"}}, "CLM-2024-558812", "gov_id"),
        ({"vehicle_registration": {"number": "KX68 FBN"}}, "KX68 FBN", "license_plate"),
        ({"registrationNumber": "AA19AAA"}, "AA19AAA", "license_plate"),  # the UK's vehicle enquiry's request
    ],
)
def test_a_number_named_by_its_object_s_key(r: Redactor, body: dict, value: str, kind: str) -> None:
    out, found = r.text(json.dumps(body))
    assert value not in out and found[kind] == 1, out


@pytest.mark.parametrize(
    "body",
    [
        # the objects whose number or id is a thing's or a row's: an "account_id", an order's number, a page's
        {"account": {"id": "44018273", "type": "checking"}},
        {"order": {"number": "ORD-55123"}, "invoice": {"number": "INV-2024-0001"}},
        {"page": {"number": 3, "size": 50}, "build": {"number": "4821"}, "version": {"number": "1.2.3"}},
        {"registration": {"status": "open", "id": "evt_2025_spring"}},
        {"license": {"key": "mit", "name": "MIT License", "spdx_id": "MIT"}},
        # a trust's, a company's registration number: not a plate's shape
        {"trust": {"registrationNumber": "THlOd yTZo52AlRU"}},
    ],
)
def test_an_object_s_number_that_is_no_one_s_is_kept(r: Redactor, body: dict) -> None:
    assert r.text(json.dumps(body)) == (json.dumps(body), {})


def _sent(r: Redactor, ctype: str, text: str) -> str:
    """The redacted body of a POST of ``text`` as ``ctype``."""
    req = Request("POST", "https://kyc.example/upload", [("content-type", ctype)], Body(text, "utf8", len(text)))
    got = r.redact(Exchange("e1", req, Timings(0.0))).request.body
    assert got is not None
    return got.text


def _parts(*parts: tuple[str, str]) -> str:
    head = '--XyZ\r\nContent-Disposition: form-data; name="{}"\r\n\r\n{}\r\n'
    return "".join(head.format(n, v) for n, v in parts) + "--XyZ--\r\n"


@pytest.mark.parametrize(
    ("kind", "number"),
    [("passport", "533401372"), ("national_id", "X4471902"), ("driving_licence", "D4471902")],
)
def test_a_document_number_whose_type_is_another_field(r: Redactor, kind: str, number: str) -> None:
    # the type a part of its own, a form's field of its own, an object's "kind"
    multipart = _sent(
        r, "multipart/form-data; boundary=XyZ", _parts(("document_type", kind), ("document_number", number))
    )
    form = _sent(r, "application/x-www-form-urlencoded", f"document_type={kind}&document_number={number}&country=GB")
    obj = _sent(r, "application/json", json.dumps({"document": {"kind": kind, "number": number}}))
    for out in (multipart, form, obj):
        assert number not in out and kind in out, out
    german = _parts(("dokumentart", "Personalausweis"), ("dokumentnummer", "L01X00T47"))
    assert "L01X00T47" not in _sent(r, "multipart/form-data; boundary=XyZ", german)


def test_a_document_number_of_no_identity_document_stays(r: Redactor) -> None:
    text = _parts(("document_type", "invoice"), ("document_number", "INV-2024-0042"), ("currency", "EUR"))
    assert _sent(r, "multipart/form-data; boundary=XyZ", text) == text
    form = "document_type=invoice&document_number=INV-2024-0042"
    assert _sent(r, "application/x-www-form-urlencoded", form) == form
    assert typed_documents([("document_type", "Delivery note"), ("document_number", "1")]) == frozenset()
    assert typed_documents([("doc_type", "P"), ("doc_no", "C01X00T47")]) == {"doc_no"}


def test_a_document_number_beside_another_identity_document_s_number(r: Redactor) -> None:
    # a search form asking for a person's documents together (privy's "id-number=…&document number=…&driver-license=…")
    query = "id-number=X4471902&document%20number=V50556130&driver-license=D4471902&birth-month=06"
    assert "V50556130" not in _sent(r, "application/x-www-form-urlencoded", query)
    assert typed_documents([("passportNo", "533401372"), ("doc_no", "C01X00T47")]) == {"doc_no"}
    # a customer's or a contract's number beside it: the document is an invoice
    assert typed_documents([("customer_number", "12345678"), ("document_number", "INV-2024-0001")]) == frozenset()
    assert typed_documents([("license_key", "ABC-123"), ("document_number", "INV-2024-0001")]) == frozenset()


def test_an_identity_document_s_listed_numbers_each_a_value_and_its_type(r: Redactor) -> None:
    # Onfido's document extraction: its numbers as a list of typed values beside the holder's fields
    body = (
        '{"document_numbers": [{"value": "K82619374", "type": "document_number"}, {"value": "19940218-0041", '
        '"type": "personal_number"}], "first_name": "Wafula", "date_of_birth": "1994-02-18", "issuing_country": "KEN"}'
    )
    out, found = r.text(body)
    assert "K82619374" not in out and "19940218-0041" not in out and found["gov_id"] == 2, out


def test_an_invoice_s_listed_document_numbers_stay(r: Redactor) -> None:
    body = '{"document_numbers": [{"value": "INV-2024-00123", "type": "invoice"}], "supplier": "Acme Ltd"}'
    assert r.text(body) == (body, {})


@pytest.mark.parametrize(
    "text",
    [
        '{"accountIdentification": {"bic": "OBEN62570841894470", "type": "iban"}}',
        '{"bankName": "UAJVq", "bic": "QQSR88714601088571", "countryCode": "VA"}',
        "bank%5BbankName%5D=JkXyG&bank%5Bbic%5D=XKUO77015888176744&bank%5BcountryCode%5D=UA",
    ],
)
def test_an_account_s_digits_under_a_bic_s_name(r: Redactor, text: str) -> None:
    # privy_payloads' Adyen and marketplace payloads: an account's number where the BIC goes
    out, found = r.text(text)
    assert "8571" not in out and "4470" not in out and "6744" not in out and found["bank_account"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        '{"bic": "DEUTDEFF500", "swift": "NWYZGB45"}',  # a bank's own codes
        "expand=requirements&swiftcode=IZSGGBB0Y07&week_day=Thursday; swift-code=DWCIGBUOF6Z&age=62",
        '{"bic": "10abee0377308015279f8aec1566460c8208daaa"}; the public: 12345678; Arabic: 123456789',
    ],
)
def test_a_bic_and_what_is_no_account_under_its_name_stay(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
