"""A party's lines under a label: a SWIFT MT message's :50K: and :59:, a SHIP TO: block (``replay.redact.blocks``)."""

from __future__ import annotations

import json

import pytest

from replay.exchange.format import Body, Exchange
from replay.redact import Redactor

MT103 = (
    ":20:REF2025110300017\n:32A:251103USD15000,00\n:50K:/60161331926819\nJOHN SMITH\n1 HIGH ST\nLONDON EC1A 1BB\n"
    ":52A:NWBKGB2L\n:59:/483920175\nMARIA GONZALEZ\n742 EVERGREEN TERRACE\nSPRINGFIELD IL\n"
    ":50F:/DE89370400440532013000\n1/HANS PETER MUELLER\n2/HAUPTSTRASSE 12\n3/DE/MUENCHEN\n:70:INVOICE 8812\n:71A:SHA"
)


def test_an_mt103_s_ordering_customer_and_beneficiary(r: Redactor) -> None:
    out, counts = r.text(MT103)
    secret = ("60161331926819", "SMITH", "HIGH ST", "483920175", "GONZALEZ", "EVERGREEN", "MUELLER", "HAUPTSTRASSE")
    assert not any(v in out for v in secret), out
    kept = ("LONDON EC1A 1BB", "NWBKGB2L", "SPRINGFIELD IL", "3/DE/MUENCHEN", "USD15000,00", "INVOICE 8812")
    assert all(v in out for v in kept) and out.count("\n") == MT103.count("\n")
    assert counts["name"] == 3 and counts["address"] == 3
    assert r.text(out)[0] == out


@pytest.mark.parametrize("quoted", [False, True])
def test_a_shipping_label_s_name_and_street(r: Redactor, quoted: bool) -> None:
    label = "SHIP TO:\nDOLORES ABERNATHY\n4700 SWEETWATER WAY\nAUSTIN TX 78701-2210\nUSPS TRACKING # 9400 1000 0000"
    text = json.dumps({"content": label}) if quoted else label
    out = r.text(text)[0]
    assert "ABERNATHY" not in out and "SWEETWATER" not in out, out
    assert "AUSTIN TX 78701-2210" in out and "USPS TRACKING # 9999 9999 9999" in out  # a parcel's number (``said``)


def test_a_firm_under_a_label_and_a_label_in_prose_stay(r: Redactor) -> None:
    text = "BILL TO:\nACME WIDGETS LTD\nUNIT 4 PARK ROAD\n\nWe ship to: anywhere in the EU. :59A:/123456\nCHASUS33"
    out = r.text(text)[0]
    assert "ACME WIDGETS LTD" in out and "We ship to: anywhere" in out and "CHASUS33" in out, out


def test_a_block_with_no_name_line_starts_with_its_street(r: Redactor) -> None:
    out = r.text("SHIPPING ADDRESS:\n4700 SWEETWATER WAY\nAUSTIN TX\n")[0]
    assert "SWEETWATER" not in out and "\nAUSTIN TX\n" in out, out


def test_an_mt940_statement_line_s_party(r: Redactor) -> None:
    text = (
        ":61:2511031103DR84,20NTRFNONREF\n:86:166?00SEPA-UEBERWEISUNG?20EREF+INV-4471?21SVWZ+Miete Dezember"
        "?30COBADEFFXXX?31DE89370400440532013000?32MAXIMILIAN MUSTERMANN?33SCHMIDT\n"
        ":86:/EREF/INV2231/REMI/Invoice 2231/ORDP//NAME/JOHN SMITH/ADDR/1 HIGH ST\n"
        ":86:?20Gehalt November?31123456789?32ACME WIDGETS GMBH\n:62F:C251103EUR1204,55"
    )
    out = r.text(text)[0]
    secret = ("DE89370400440532013000", "MUSTERMANN", "SCHMIDT", "SMITH", "HIGH ST", "123456789")
    assert not any(v in out for v in secret), out
    kept = ("?30COBADEFFXXX", "SVWZ+Miete Dezember", "Invoice 2231", "ACME WIDGETS GMBH", "EUR1204,55")
    assert all(v in out for v in kept) and r.text(out)[0] == out


@pytest.mark.parametrize("text", ["SHIP TO:\n\r 我叫", "SHIP TO:\n\r Jane Whitfield\n\r 12 Oak Street"])
def test_a_label_s_line_with_a_stray_blank_before_it(text: str) -> None:
    # the name's span was the line's first characters, the blanks, and an empty name failed the engine (fz2)
    ex = Exchange.from_dict(
        {"id": "1", "request": {"method": "POST", "url": "http://h/p", "headers": []}, "timings": {"start": 0.0}}
    )
    ex.request.body = Body.from_bytes(text.encode(), 1 << 20)
    Redactor(b"test-key").redact(ex)
    assert ex.request.body is not None and ex.request.body.text.startswith("SHIP TO:\n\r ")
    assert not any(v in ex.request.body.text for v in ("我叫", "Whitfield", "Oak"))
