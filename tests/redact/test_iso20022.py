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


def test_a_debtor_s_and_a_creditor_s_name_however_rare(r: Redactor) -> None:
    # a party's <Nm> is its holder's, in XML and in JSON; a firm's, by its legal form, stays
    xml = "<Dbtr><Nm>Ptolemy Vance</Nm></Dbtr><Cdtr><Nm>ACME Inc</Nm></Cdtr><UltmtDbtr><Nm>OTTOLINE PEMBURY</Nm>"
    out = r.text(xml)[0]
    assert "Ptolemy" not in out and "OTTOLINE" not in out and "<Nm>ACME Inc</Nm>" in out, out
    assert "</Nm></Dbtr>" in out and out.count("<Nm>") == 3
    body = json.dumps({"Cdtr": {"Nm": "Ptolemy Vance"}, "Dbtr": {"Nm": "ACME Inc", "PstlAdr": {"Ctry": "GB"}}})
    out = r.text(body)[0]
    assert "Ptolemy" not in out and "ACME Inc" in out, out


def test_an_open_banking_account_s_holder_by_its_scheme(r: Redactor) -> None:
    scheme = {"SchemeName": "UK.OBIE.SortCodeAccountNumber", "Identification": "11280001234567"}
    initiation = {
        "DebtorAccount": {**scheme, "Name": "Ptolemy Vance"},
        "CreditorAccount": {**scheme, "Name": "ACME Inc"},
    }
    out = r.text(json.dumps({"Data": {"Initiation": initiation}}))[0]
    assert "Ptolemy" not in out and "Vance" not in out and '"Name": "ACME Inc"' in out, out


def test_an_open_banking_account_s_nickname_stays_and_a_user_s_goes(r: Redactor) -> None:
    account = {"AccountId": "22289", "Currency": "GBP", "AccountType": "Personal", "Nickname": "Bills"}
    account["Account"] = [{"SchemeName": "UK.OBIE.SortCodeAccountNumber", "Identification": "80200110203345"}]
    out = r.text(json.dumps({"Data": {"Account": [account]}}))[0]
    assert '"Nickname": "Bills"' in out and "80200110203345" not in out, out
    assert "kevfitz99" not in r.text(json.dumps({"user": {"id": 5, "Nickname": "kevfitz99"}}))[0]
