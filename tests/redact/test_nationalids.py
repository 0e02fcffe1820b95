"""National ids by their own checks (``replay.redact.nationalids``): redacted with no word naming them,
while runs of the same shape that fail the check, or follow a thing's name, are kept."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor


@pytest.fixture(scope="module")
def r() -> Redactor:
    return Redactor(key=b"test-key-national")


@pytest.mark.parametrize(
    "value",
    [
        "LPVBSK81A29F481O",  # codice fiscale
        "62269391L",  # DNI
        "X3328130F",  # NIE
        "58030100872",  # PESEL
        "549.909.514-09",  # CPF
        "40.560.865/0001-27",  # CNPJ
        "T0075329C",  # NRIC
        "RM 27 92 87 D",  # NINO
        "2 51 02 63 279 528 26",  # NIR
        "880512-5724",  # personnummer
        "160589-7096",  # HETU
        "39078454774",  # T.C. kimlik no
        "510107197306171454",  # China resident id
        "681203-2225216",  # Korean RRN
        "86095742719",  # Steuer-ID
        "65 929 970 489",  # Steuer-ID as its letter prints it
        "123-456-32-18",  # NIP as a Polish form writes it
        "BNZPM4821K",  # India's PAN of a person (its fourth letter P)
        "905815/1234",  # rodné číslo (a woman's month plus 50)
        "736028/5120",  # rodné číslo before 1986: nine digits leaving 10 mod 11, then 0
        "850315-14-5231",  # MyKad: a date, Kuala Lumpur's code
        "35202-1234567-1",  # Pakistan's CNIC: Punjab's digit, 5-7-1
        "20-47823490-3",  # Argentina's CUIL of a man (20), its mod-11 check
        "784-1968-6570305-0",  # the UAE's Emirates ID: 784, a birth year, a Luhn check
        "1-1037-02345-67-9",  # Thailand's citizen id as its card prints it
        "HEGG560427MVZRRL04",  # Mexico's CURP (the government's own example)
        "A123456789",  # Taiwan's national id
        "112-233-445 95",  # Russia's SNILS
    ],
)
def test_checked_id_without_a_cue_is_redacted(r: Redactor, value: str) -> None:
    for text in (
        f"Here's what the form asked for: {value}. Thanks!",
        json.dumps({"documents": [{"type": "ID", "value": value}]}),
        f"row,customer,doc\n1,Acme,{value}\n",
    ):
        out, found = r.text(text)
        assert value not in out and found["gov_id"] == 1, (text, out)
        assert r.text(out)[1]["gov_id"] == 0, out  # its pseudonym is not found again


@pytest.mark.parametrize(
    "text",
    [
        "Batch 17320215273 had 40 rows",  # 11 digits that pass no check
        "order 58030100872 shipped",  # a PESEL's digits after an order's name: chance
        '{"order_id": "39078454774"}',
        "Ticket 90675691933505 closed",
        "Lot 549.909.514-10 is wrong",  # a CPF's shape, check digits off
        "Part 62269391K in stock",  # a DNI's shape, wrong letter
        "commit 8d4b2c0160589a7096f",
        "build 19880512-5724 is green",  # a personnummer's shape and check after a thing's name
        "Batch 86095742718 had 40 rows",  # a Steuer-ID's pattern, check digit off
        "Batch 12345678903 had 40 rows",  # ten distinct digits: no Steuer-ID's
        "Form 123-456-32-17 filed",  # a NIP's shape, check digit off
        "GSTIN holder AAACT1234C is a trust",  # a PAN of no person (a trust's T), and one of no number below
        "code BNZPM0000K",
        "invoice 905815/1235 paid",  # a rodné číslo's shape, not divisible by 11
        "ref 901315/1234",  # month 13: no one's birth
        "batch 850315-70-5231",  # a MyKad's shape, no place's code
        "Lot 20-47823490-4 shipped",  # a CUIL's shape, check off
        "Lot 30-50871728-3 shipped",  # a firm's CUIT (30): no person's
        "Lot 784-1968-6570305-1 shipped",  # an Emirates ID's shape, Luhn off
        "Lot 784-2468-6570305-0 shipped",  # no birth year
        "Lot 1-1037-02345-67-8 shipped",  # a Thai id's shape, check off
        "order 20-12345678-6 shipped",  # a CUIL's check after a thing's name: chance
        "Lot HEGG560427MVZRRL05 shipped",  # a CURP's shape, check off
        "Lot HEGG561327MVZRRL04 shipped",  # month 13
        "Lot A123456788 shipped",  # a Taiwanese id's shape, check off
        "Serial A123456789 is on the box",  # its check after a thing's name: chance (one in ten)
        "Lot 112-233-445 96 shipped",  # a SNILS's shape, check off
    ],
)
def test_same_shape_failing_its_check_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Votre commande BK571342D a été expédiée.", "BK571342D"),
        ("Su pedido BK571342D está en camino", "BK571342D"),
        ("Ihre Bestellung Nr. AB123456C ist unterwegs", "AB123456C"),
        ("ordine n. CE123456A spedito", "CE123456A"),
        ("Uw bestelling BK571342D is verzonden", "BK571342D"),
        ("Reservation AB 12 34 56 C for 2 guests", "AB 12 34 56 C"),
    ],
)
def test_a_nino_s_shape_after_a_thing_s_name_is_its_reference(r: Redactor, text: str, ref: str) -> None:
    out, found = r.text(text)  # a NINO has no check: two letters, six digits, A-D is any booking's shape
    assert ref in out and found["gov_id"] == 0, out


@pytest.mark.parametrize(
    "text",
    [
        "Customer NI number: AB123456C",  # a thing's name, and the NINO's own
        "Order for the applicant's national insurance AB123456C",
        "Thanks for your reservation. His is AB123456C",  # the sentence ended
        "The applicant AB123456C was paid",
    ],
)
def test_a_nino_after_its_name_or_no_thing_s_is_redacted(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["gov_id"] == 1, text


def test_number_against_cjk_words_is_read(r: Redactor) -> None:
    # Chinese and Japanese write no space between a number and the words around it
    for text in ("我的证件是510107197306171454，谢谢", "電話番号は090-1234-5678です", "我的手机号是13812345678。"):
        out, found = r.text(text)
        assert sum(found.values()) == 1 and out != text, (text, out)


@pytest.mark.parametrize(
    ("text", "receipt"),
    [
        ("Case status question: my receipt is WAC2419087634, biometrics done.", "WAC2419087634"),
        ("GET /csol-api/case-statuses/EAC2390154872 HTTP/1.1", "EAC2390154872"),
        ("I-130 filed (IOE0912345678).", "IOE0912345678"),
    ],
)
def test_a_uscis_receipt_number_by_its_shape_alone(r: Redactor, text: str, receipt: str) -> None:
    out, counts = r.text(text)
    assert receipt not in out and counts["gov_id"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "SKU XEAC2390154872 in stock",  # a centre's letters inside a longer code
        "EAC23901548721",  # eleven digits
        "ABC2390154872",  # no service centre's letters
        "build_EAC2390154872",  # joined to the word before it
    ],
)
def test_a_receipt_number_s_shape_inside_another_code_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "value",
    [
        "IT001E12345678",  # Italy's POD: a distributor's 3 digits, E, the point's 8
        "IT020E001122334",  # and its 9
        "ES0021000000000001RK",  # Spain's CUPS: 16 digits, 2 check letters
        "ES0291000000000001DN0F",  # with a border point's digit and letter
    ],
)
def test_a_home_s_point_of_supply_by_its_shape(r: Redactor, value: str) -> None:
    for text in (
        f"La fornitura (POD {value}) è attiva.",
        json.dumps({"pod": value, "tariff": "D2"}),
        f"¡Hola! Su suministro {value}, ya está activo",  # a text past ASCII
    ):
        out, found = r.text(text)
        assert value not in out and found["gov_id"] == 1, (text, out)


@pytest.mark.parametrize(
    "text",
    [
        "ISIN IT0005366767 matures in 2029",  # a bond's: no E after the distributor's digits
        "Model IT001E-X router",
        "CUPS de prueba ES0291000000000001DX0F",  # its check letters fail
        "ref XES0021000000000001RK",  # inside a longer code
        "IT001E1234567",  # seven digits
    ],
)
def test_a_supply_point_s_shape_failing_or_inside_another_code_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize("value", ["131052A308T", "010594Y9032", "020504A902E", "030516D9026"])
def test_a_hetu_with_a_century_letter_is_redacted_with_no_word(r: Redactor, value: str) -> None:
    # the 2000s' A, and since 2023 B-F for them and U-Y for the 1900s: no digit run of seven the digit pass meets
    for text in (value, f"Henkilötunnus {value}.", f"Nyt mulla on uusi {value} (väestörekisteri)"):
        out, found = r.text(text)
        assert value not in out and found["gov_id"] == 1, (text, out)
    wrong = value[:10] + ("0" if value[10] != "0" else "1")  # its check character fails
    assert r.text(f"ref {wrong}") == (f"ref {wrong}", {})
    assert r.text(f"x{value}")[0] == f"x{value}"  # inside a longer token


@pytest.mark.parametrize("value", ["JONES710153J99EF", "SMITH862310AB1CD", "LEE99710153J99EF", "MORGA657054SM9IJ"])
def test_a_british_driving_licence_is_redacted_with_no_word(r: Redactor, value: str) -> None:
    # DVLA's: five of the surname's letters (9s after a shorter one), the birth date, initials, a digit, two checks
    for text in (value, f"Licence {value} (provisional)", json.dumps({"dl": value})):
        out, found = r.text(text)
        assert value not in out and found["gov_id"] == 1, (text, out)


@pytest.mark.parametrize("text", ["SKU ABCDE123456AB1CD", "ref JONES713353J99EF", "xJONES710153J99EF"])
def test_a_run_of_that_shape_with_no_birth_date_or_inside_a_word_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})  # months 23 and 33: no birth date
