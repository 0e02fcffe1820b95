"""A family tree's individual records by their tags (``replay.redact.gedcom``): names, a birth's date, a street; places,
other events' dates and the record's links stay."""

from __future__ import annotations

import json

from replay.redact import Redactor

GED = """0 HEAD
1 SOUR FamilySearch
0 @I1@ INDI
1 NAME Aloysius /Featherstonhaugh/
2 GIVN Aloysius
2 SURN Featherstonhaugh
1 SEX M
1 BIRT
2 DATE 14 MAR 1931
2 PLAC Kilkenny, Ireland
1 DEAT
2 DATE 2 FEB 2019
0 @I2@ INDI
1 NAME Bridget Mary /Ó Dubhghaill/
1 RESI
2 ADDR 12 Patrick Street
0 @F1@ FAM
1 HUSB @I1@
1 CHIL @I2@
0 TRLR"""


def test_an_individual_s_names_birth_date_and_street_are_replaced(r: Redactor) -> None:
    for text in (GED, json.dumps({"content": GED}), GED.replace("\n", "\r\n")):
        out, _ = r.text(text)
        for gone in ("Aloysius", "Featherstonhaugh", "Bridget Mary", "Ó Dubhghaill", "14 MAR 1931", "Patrick Street"):
            assert gone not in out, (gone, out)
        for kept in ("Kilkenny, Ireland", "2 FEB 2019", "0 @I2@ INDI", "1 CHIL @I2@", "1 SOUR FamilySearch"):
            assert kept in out, (kept, out)


def test_a_record_s_word_in_prose_is_no_record(r: Redactor) -> None:
    text = "Send the report to @ individual owners\n1 NAME Roadmap /Q3/"
    assert r.text(text)[0] == text


def test_a_gedcom_x_birth_fact_s_date(r: Redactor) -> None:
    # FamilySearch's API: the fact's type names the birth, its date object holds the date as written or formal
    person = {
        "facts": [
            {
                "type": "http://gedcomx.org/Birth",
                "date": {"original": "23 October 1972"},
                "place": {"original": "Kumasi"},
            },
            {"date": {"formal": "+1972-10-23"}, "type": "http://gedcomx.org/Christening"},
            {"type": "http://gedcomx.org/Death", "date": {"original": "2 May 2001"}},
        ]
    }
    out, counts = r.text(json.dumps(person))
    assert "23 October 1972" not in out and "1972-10-23" not in out and counts["dob"] >= 1, out
    assert "2 May 2001" in out and "Kumasi" in out
