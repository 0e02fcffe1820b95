"""A payment party's street and account in ISO 20022 messages and Open Banking (``replay.redact.iso20022``)."""

from __future__ import annotations

import json

from replay.redact import Redactor

PARTY = (
    "<Dbtr><Nm>Johanna Kessler</Nm><PstlAdr><StrtNm>Schillerstrasse</StrtNm><BldgNb>17</BldgNb><PstCd>80336</PstCd>"
    "<TwnNm>Muenchen</TwnNm><AdrLine>Flat 3B, 4 Rose Court</AdrLine><AdrLine>Muenchen 2</AdrLine></PstlAdr></Dbtr>"
    "<DbtrAcct><Id><Othr><Id>31926819</Id></Othr></Id></DbtrAcct><DbtrAgt><FinInstnId><BICFI>COBADEFFXXX</BICFI>"
)


def test_a_party_s_street_building_address_line_and_other_account(r: Redactor) -> None:
    out, counts = r.text(PARTY)
    assert not any(v in out for v in ("Schillerstrasse", ">17<", "Rose Court", "31926819")), out
    assert all(v in out for v in ("<TwnNm>Muenchen</TwnNm>", "<AdrLine>Muenchen 2</AdrLine>", "80336", "COBADEFFXXX"))
    assert counts["bank_account"] == 1 and r.text(out)[0] == out


def test_an_open_banking_account_by_its_scheme(r: Redactor) -> None:
    account = {"SchemeName": "UK.OBIE.SortCodeAccountNumber", "Identification": "80200110203345", "Name": "Bills"}
    text = json.dumps({"Data": {"Account": [{"Currency": "GBP", "Account": [account]}]}})
    for body in (text, json.dumps({"content": text})):
        out = r.text(body)[0]
        assert "80200110203345" not in out and "UK.OBIE.SortCodeAccountNumber" in out, out


def test_an_identification_under_another_scheme_stays(r: Redactor) -> None:
    text = json.dumps({"SchemeName": "UK.OBIE.ProprietaryReference", "Identification": "REF-20251103-77"})
    assert r.text(text)[0] == text
