"""A booking's passenger names and a passport's machine-readable zone (``replay.redact.travel``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor

PASSENGERS = [
    ("BOARDING PASS\nName: HARTIGAN/SIOBHAN MS\nFlight: EI 105", "HARTIGAN/SIOBHAN", "EI 105"),
    ('{"pnr": "QW8RTY", "pax": "MORENO/LUCIA MRS", "seat": "14C"}', "MORENO", "QW8RTY"),
    ("1.1MORENO/LUCIA MRS 2.1MORENO/DIEGO MSTR", "DIEGO", "1.1"),
    ("O'NEIL/MARY KATE MISS, seat 3A", "O'NEIL", "seat 3A"),
]


@pytest.mark.parametrize(("text", "name", "kept"), PASSENGERS)
def test_a_passenger_s_name_before_its_title(r: Redactor, text: str, name: str, kept: str) -> None:
    out, counts = r.text(text)
    assert name not in out and kept in out and counts["name"] >= 1, out
    assert r.text(out)[0] == out  # written as one, found again as a pseudonym


def test_capitals_around_a_slash_are_no_passenger_without_a_title_that_ends_the_field(r: Redactor) -> None:
    text = "TCP/IP MS Windows; AC/DC MR; CI/CD MS; see docs/README MR; HARTIGAN/SIOBHAN; I/O MRS"
    assert r.text(text)[0] == text


def test_a_passenger_s_name_before_its_title_in_an_agent_s_prose(r: Redactor) -> None:
    # an assistant's answer goes on in lower case after the title; a protocol's pair of capitals has no vowel a side
    out = r.text("I have booked it under FAIRBAIRN/ISOLDE MS with seat 12F.")[0]
    assert "FAIRBAIRN" not in out and "ISOLDE" not in out and out.endswith("MS with seat 12F."), out
    kept = "Enable TCP/IP MS and more; SSL/TLS MS for mail; HTTP/SMTP MR to relay"
    assert r.text(kept)[0] == kept


def test_a_passport_zone_s_names_number_and_birth_date(r: Redactor) -> None:
    zone = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    out, counts = r.text(f"MRZ:\n{zone}\nend")
    assert not any(v in out for v in ("ERIKSSON", "ANNA", "L898902C3", "740812")), out
    assert [len(line) for line in out.splitlines()[1:3]] == [44, 44] and "F1204159ZE184226B" in out
    assert counts["name"] == counts["gov_id"] == counts["dob"] == 1
    assert r.text(out)[0] == out
