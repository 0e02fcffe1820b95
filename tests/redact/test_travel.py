"""A booking's passenger names and a passport's machine-readable zone (``replay.redact.travel``)."""

from __future__ import annotations

import json

import pytest

from replay.exchange.format import Body, Exchange, Request, Response, Timings
from replay.redact import Redactor

PASSENGERS = [
    ("BOARDING PASS\nName: HARTIGAN/SIOBHAN MS\nFlight: EI 105", "HARTIGAN/SIOBHAN", "EI 105"),
    ('{"pnr": "QW8RTY", "pax": "MORENO/LUCIA MRS", "seat": "14C"}', "MORENO", "14C"),
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
    assert not any(v in out for v in ("ERIKSSON", "ANNA", "L898902C3", "740812", "ZE184226B")), out
    assert [len(line) for line in out.splitlines()[1:3]] == [44, 44] and "F1204159" in out  # the expiry stays
    assert counts["name"] == counts["dob"] == 1 and counts["gov_id"] == 2  # the number, the personal number
    assert r.text(out)[0] == out


def test_a_passport_zone_s_second_line_alone_by_its_check_digits(r: Redactor) -> None:
    """A document parser's entity of its own: the names' line in another field."""
    line = "FP44719236NOR7609228M290107507097612345<<<04"
    text = f'{{"type": "mrz_line_2", "mentionText": "{line}"}}'
    out, counts = r.text(text)
    assert not any(v in out for v in ("FP4471923", "760922", "07097612345")), out
    assert counts["gov_id"] == 2 and counts["dob"] == 1 and len(out) == len(text)
    wrong = line[:9] + "7" + line[10:]  # the number's check digit wrong: no zone's line
    assert r.text(wrong) == (wrong, {})


@pytest.mark.parametrize(
    ("zone", "secrets"),
    [
        # TD1, an identity card's three lines of 30: the number first, the birth date, the names last
        (
            "I<NLDSPKR4P8D13<<<<<<<<<<<<<<<\n9203170F2906058NLD<<<<<<<<<<<6\nDE<BRUIJN<<SANNE<MARIEKE<<<<<<",
            ("SPKR4P8D1", "920317", "BRUIJN", "SANNE", "MARIEKE"),
        ),
        # TD2, a card's or a visa's two lines of 36: the names first
        (
            "IDFRABERTRAND<<LUCIE<ANNE<<<<<<<<<<<\nX4RTBPFW46FRA8802141F3006117<<<<<<<4",
            ("X4RTBPFW4", "880214", "BERTRAND", "LUCIE"),
        ),
    ],
)
# after a line longer than a zone's: the lines are looked for near the fillers only (a search back to a long line's
# start at every "<<<" in it cost the square of its length)
@pytest.mark.parametrize("said", ["OCR of my card:", "OCR of my card, " + "its text as read " * 400])
def test_an_identity_card_s_zone_its_names_number_and_birth_date(
    r: Redactor, zone: str, secrets: tuple[str, ...], said: str
) -> None:
    """A KYC upload's OCR of a card's back."""
    out, counts = r.text(f"{said}\n{zone}\nthanks")
    assert not any(v in out for v in secrets), out
    assert [len(line) for line in out.splitlines()[1:-1]] == [len(line) for line in zone.splitlines()]
    assert counts["name"] == counts["dob"] == 1 and counts["gov_id"] >= 1
    assert r.text(out)[0] == out


def test_an_identity_card_s_zone_in_a_tool_call_s_arguments_its_lines_escaped(r: Redactor) -> None:
    """A JSON string holding a JSON string: the zone's line breaks escaped twice, its first line after a quote."""
    zone = "I<FRAX4RTBPFW46<<<<<<<<<<<<<<<\n9007024M3304156FRA<<<<<<<<<<<8\nDELACROIX<<BENOIT<JULIEN<<<<<<"
    text = json.dumps({"arguments": json.dumps({"mrz": zone})})
    out, counts = r.text(text)
    assert not any(v in out for v in ("X4RTBPFW4", "900702", "DELACROIX", "BENOIT")), out
    assert counts["name"] == counts["dob"] == counts["gov_id"] == 1 and len(out) == len(text)
    assert json.loads(json.loads(out)["arguments"])["mrz"].count("\n") == 2


def test_fillers_with_no_card_s_zone_or_a_wrong_check_digit_stay(r: Redactor) -> None:
    zone = "I<NLDSPKR4P8D12<<<<<<<<<<<<<<<\n9203170F2906058NLD<<<<<<<<<<<6\nDE<BRUIJN<<SANNE<MARIEKE<<<<<<"
    for text in ("<<<<<<< HEAD\nx = 1\n=======", "std::cout <<< 3;", zone):
        assert r.text(text) == (text, {}), text


def test_a_pnr_s_contact_frequent_flyer_and_passport_lines(r: Redactor) -> None:
    pnr = (
        "1.1ZABRISKIE/HONORIA MS\n 1 LH 902Y 11OCT FRALHR HK1 0745 0820\nAPM FRA 49 171 5538 2046 - M\n"
        "FQTV LH 9920081173425\nSSR DOCS LH HK1 P/USA/E56612398/USA/02FEB79/F/07MAY33/ZABRISKIE/HONORIA/JUNE\n"
        "RM INVOICE TO COST CENTRE 4410"
    )
    out = r.text(pnr)[0]
    gone = ("5538 2046", "9920081173425", "E56612398", "02FEB79", "/ZABRISKIE/", "HONORIA/JUNE")
    assert not any(v in out for v in gone), out
    assert all(v in out for v in ("LH 902Y 11OCT FRALHR HK1", "P/USA/", "/F/07MAY33/", "COST CENTRE 4410")), out
    assert r.text(out)[0] == out


def test_lines_like_a_pnr_s_that_are_none(r: Redactor) -> None:
    text = "notes:\nAP style guide 2024 edition\nFQTV program rules\nSSR DOCS pending\nap 12 items"
    assert r.text(text)[0] == text


def test_a_boarding_pass_barcode_s_name_and_reference_in_their_fields(r: Redactor) -> None:
    bcbp = "M1ARCHAMBAULT/NOEMIE  EX4PT7Q YULCDGAF 0347 301Y021A0031 100"
    body = json.dumps({"barcode": bcbp, "gate": "C7"})
    answer = json.dumps({"passenger": "ARCHAMBAULT/NOEMIE", "seat": "21A"})
    req = Request("POST", "https://gate.example.net/v1/scan", [("content-type", "application/json")], _body(body))
    resp = Response(200, [("content-type", "application/json")], _body(answer))
    ex = Exchange("e1", req, Timings(0.0), response=resp)
    r.redact(ex)
    got = json.loads(ex.request.body.text)["barcode"]  # type: ignore[union-attr]
    assert "ARCHAMBAULT" not in got and "X4PT7Q" not in got and len(got) == len(bcbp), got
    assert got.endswith(" YULCDGAF 0347 301Y021A0031 100") and got[22] == "E", got
    assert r.text(ex.request.body.text)[0] == ex.request.body.text  # type: ignore[union-attr]
    # the record names the passenger again as the barcode wrote them
    assert "ARCHAMBAULT" not in ex.response.body.text and '"seat": "21A"' in ex.response.body.text  # type: ignore[union-attr]


def _body(text: str) -> Body:
    return Body(text, "utf8", len(text.encode()))


def test_an_m1_that_is_no_boarding_pass_stays(r: Redactor) -> None:
    text = "Apple M1 MacBook, M1/M2 chips, m1.large instances, M1 MOTORWAY/NORTH JUNCTION 14 closed"
    assert r.text(text)[0] == text
