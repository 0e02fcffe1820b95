"""A party's, a passenger's, a contact's segments of a UN/EDIFACT message (``replay.redact.edifact``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor

PAXLST = (
    "UNB+UNOA:4+AIRLINE1+USCSAPIS+240601:0900+1'UNH+PAX001+PAXLST:D:05B:UN:IATA'BGM+745'TDT+20+LH400'"
    "NAD+FL+++BRANDSTAETTER:WALBURGA+Moltkestrasse 9+Koeln++50674+DEU'ATT+2++F'DTM+329:640812'"
    "DOC+P:110:111+C01X00T49'DTM+36:290101'LOC+91+DEU'UNT+9+PAX001'"
)


def test_a_passenger_list_s_passenger(r: Redactor) -> None:
    out = r.text(PAXLST)[0]
    for value in ("BRANDSTAETTER", "WALBURGA", "Moltkestrasse", "640812", "C01X00T49"):
        assert value not in out, (value, out)
    for kept in ("+Koeln++50674+DEU'", "TDT+20+LH400'", "DTM+36:290101'", "DOC+P:110:111+"):
        assert kept in out, (kept, out)


def test_a_shipment_s_person_and_contact(r: Redactor) -> None:
    text = (
        "UNH+1+IFTMIN:D:04A:UN'NAD+CN+++Ekaterini Vlachou+Odos Ermou 45+Athina++10563+GR'"
        "CTA+IC+:Nikandros Papadimas'COM+306945550123:TE'"
    )
    out = r.text(text)[0]
    for value in ("Ekaterini", "Vlachou", "Odos Ermou", "Nikandros", "Papadimas", "306945550123"):
        assert value not in out, (value, out)
    assert "+Athina++10563+GR'" in out, out


@pytest.mark.parametrize(
    "text",
    [
        "NAD+CZ+++Weber Logistik GmbH+Hafenstrasse+Bremen++28199+DE'",  # a firm's name and street
        "DOC+380+INV-99812'",  # an invoice, by the directory's number
        "DTM+137:20240601:102'",  # the message's date
        "COM+e.g. docs:WWW'",
    ],
)
def test_a_firm_a_document_and_a_date_stay(r: Redactor, text: str) -> None:
    assert r.text("UNH+1+ORDERS:D:96A:UN'" + text)[0] == "UNH+1+ORDERS:D:96A:UN'" + text
