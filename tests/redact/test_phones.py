"""Phone numbers among digit runs (``replay.redact.phones``): the regions a run is read in."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from replay.redact.phones import script_regions
from tests.redact.conftest import another_key


def test_a_text_s_scripts_point_at_their_countries() -> None:
    assert script_regions("call me on 020 7946 0958") == ()  # ASCII: the policy's regions alone
    assert script_regions("café 06 12 34 56 78") == ()  # a Latin letter says no country
    assert script_regions("আমার ফোন")[:1] == ("BD",)
    assert script_regions("ご連絡は")[:1] == ("JP",)
    assert script_regions("شماره موبایل من")[:1] == ("IR",)  # Persian's letters before the Arab states'
    assert script_regions("Κλείστε ραντεβού") == ("GR", "CY")


@pytest.mark.parametrize(
    "text",
    [
        # national numbers of countries outside the default regions (US, GB), in their own script's text, after
        # its word for a phone or written as their country writes them
        "আমার ফোন ০১৯১২ ৩৪৫৬৭৮, ধন্যবাদ",
        "আমাকে ০১৯১২-৩৪৫৬৭৮ এ কল করুন",
        "ติดต่อร้านได้ที่ 02 123 4567 นะคะ",
        "שלחי הודעה לנייד 054-765-4321 מחר",
        "شماره موبایل من ۰۹۱۲۳۴۵۶۷۸۹ است",
        "எனது கைபேசி 98765 43210 ஆகும்",
        "Позвоните мне: 8 (912) 345-67-89",
        "Gọi cho tôi số 0912 345 678 nhé",
        "Beni 0532 123 45 67 numaradan arayın, teşekkürler",
        "ご連絡は０３－１２３４－５６７８まで",
        "Στοιχεία επικοινωνίας: τηλ. 6912 345 678",
        "Bisa hubungi saya di no HP 0813-2211-4455 ya",
        "휴대폰번호: 010-1234-5678",  # a phone's compound, cued by its own first word
        # a mobile's digits alone, no cue, its trunk 0 first: as its people write one
        "Vui lòng liên hệ qua email hoặc 0387654321.",
        "em gọi 0912345678 nhé",
        "โทรหาฉันนะ 0812345678",
    ],
)
def test_a_national_number_of_the_text_s_country_is_a_phone(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert found["phone"] == 1, (text, out)
    assert another_key().text(out)[1]["phone"] == 0, out  # its pseudonym is known as one


@pytest.mark.parametrize(
    "text",
    [
        "注文番号 2024-0615-001 の件です",
        "เลขที่คำสั่งซื้อ 2567-01-15 จำนวน 1,234,567 บาท",
        "Αριθμός παραγγελίας 2024 1234 5678, ΤΚ 114 73",
        "Номер заказа 2024-123-4567, сумма 1 234 567 руб.",
        "ההזמנה 2024-06-15 מספר 12345678",
        "سفارش ۱۴۰۲/۰۶/۱۵ مبلغ ۱۲۳۴۵۶۷۸ ریال",
        "ऑर्डर 2024-06-15 राशि 1,23,456",
        "Mã đơn hàng 2024-0615-123 ngày 15/06/2024",
        "Sipariş no 2024 0615 1234, tutar 1.234.567 TL",
        "件 123-4567 東京都 2024年6月15日 ¥1,234,567",
        "Η τηλεόραση 2024 κοστίζει 1.234,56 €",
        "주문번호 2024-0615-0001 배송 언제?",  # 번호 joined to what it numbers (an order): no phone's cue
        "회원번호: 1234-5678-9012",
        # the same digits alone after a thing numbered (an order's code, a waybill's), or with no trunk 0
        "mã đơn hàng 0312345678 của tôi",
        "mã vận đơn: 0912345678",
        "Thời gian 1717200071 và mã 900064158",
    ],
)
def test_a_harmless_number_in_another_script_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # Japan's mobiles (090), Korea's (010): no reading in the policy's regions (080 and 070 read as British)
        ("Kenji 090-4418-2763", "090-4418-2763"),
        ("Kenji is on 090 4418 2763 after six.", "090 4418 2763"),
        ("Minjun: 010-4821-7735", "010-4821-7735"),
    ],
)
def test_a_number_grouped_as_japan_or_korea_group_theirs_in_english(r: Redactor, text: str, number: str) -> None:
    # no cue and an ASCII text: the countries whose shape it has are tried, each reading in its own shape
    out, found = r.text(text)
    assert number not in out and found["phone"] == 1, out


@pytest.mark.parametrize(
    "text", ["Order 2024-0615-0001 shipped", "Dates 05-06-2024 to 07-06-2024", "ISBN 978-4-06-293512-0", "0.5-1.0"]
)
def test_an_order_a_date_or_a_book_in_english_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("dzień dobry, nie dostałem paczki. mój numer to 601 234 567", "601 234 567"),
        ("dobrý den, chci zrušit objednávku, děkuji. volejte na 602 123 456", "602 123 456"),
        ("bună ziua, comanda mea nu a ajuns. numărul meu e 0722 123 456", "0722 123 456"),
        ("oi, meu pedido não chegou. meu whats é (11) 98765-4321", "98765-4321"),
        ("pode me ligar no (11) 96125-0843 depois das 18h", "96125-0843"),
        ("hola, mi cel es 011 15-2341-8572", "2341-8572"),
        ("my line is 0802 120 8004", "120 8004"),
        ("sent to mob: 9886565416", "9886565416"),
    ],
)
def test_a_national_number_in_a_text_whose_letters_name_its_country(r: Redactor, text: str, phone: str) -> None:
    out = r.text(text)[0]
    assert phone not in out and out[:10] == text[:10], out


@pytest.mark.parametrize(
    "text",
    [
        "cel: 100000 zł do końca roku",
        "Polecam, cel: 25000000 zł",  # Polish's goal, an amount a phone's length
        "ligar 3 cables de 12345678 metros",  # Spanish's joining
        "mob. 2024-03-12",
        "my line is 120 chars long",
    ],
)
def test_a_short_phone_word_before_no_phone_finds_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


def test_a_number_in_a_text_of_those_letters_that_no_country_reads_stays(r: Redactor) -> None:
    text = "zamówienie nr 4821 wysłane, łącznie 1 234 zł"
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("moi, tilaukseni on myöhässä. puh. 09 1234 5678", "1234 5678"),
        ("नमस्ते, मेरा ऑर्डर नहीं आया। मेरा नंबर 98765 43210 है।", "98765 43210"),
        ("szia, a rendelésem nem érkezett meg. a számom 06 30 123 4567", "123 4567"),
    ],
)
def test_a_phone_after_another_language_s_word_for_it(r: Redactor, text: str, phone: str) -> None:
    out = r.text(text)[0]
    assert phone not in out and out[:10] == text[:10], out


@pytest.mark.parametrize("text", ["numer zamówienia 123 456 789 wysłany", "číslo objednávky 602 123 456 je hotové"])
def test_a_number_word_before_what_it_numbers_is_no_phone_s_cue(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize("text", ["בברכה, מיכל\nטל': 03-5551234", "טל. 03-5551234 בשעות העבודה"])
def test_a_phone_after_hebrew_s_abbreviation_for_it(r: Redactor, text: str) -> None:
    out = r.text(text)[0]
    assert "5551234" not in out and out[:3] == text[:3], out


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("vill byta adress. mitt nummer är 072-345 67 89", "345 67 89"),
        ("Cliente pediu troca, fone (21) 99123-4567", "99123-4567"),
        ("Tolong kirim ke Bandung. HP 0857-1234-5678.", "1234-5678"),
        ("oda haijafika. namba yangu ni 0712 345 678", "345 678"),
        ("nambari yangu ni 0712 345 678", "345 678"),  # "namba" starts "nambari": the longer word listed first
        ("gusto ko pong i-cancel ang order. 0945 678 9012 po number ko", "678 9012"),
    ],
)
def test_a_phone_after_its_short_word_a_possessive_or_before_tagalog_s_number_ko(
    r: Redactor, text: str, phone: str
) -> None:
    out = r.text(text)[0]
    assert phone not in out, out


def test_a_laptop_model_after_hp_stays(r: Redactor) -> None:
    text = "the HP 15-dw1234 laptop and an HP 250 G8"
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "number",
    ["06-23456789", "06 2345 6789", "0470 12 34 56", "070-123 45 67", "0664 1234567"],
)
def test_a_trunk_dialled_european_mobile_grouped_as_its_people_write_it(r: Redactor, number: str) -> None:
    out, counts = r.text(f"Je kunt me bereiken: {number} na vijven")  # no phone's word before it
    assert number not in out and counts["phone"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "Stuur een appje naar 0612345678",  # a bare run: an order's ten digits are some country's mobile
        "Factuur 06-12345678 betaald",
        "Rechnung 06-12345678 bezahlt",
        "Termin am 06-12-2024",
        "Version 06.12.3456",
    ],
)
def test_a_bare_run_or_a_thing_s_number_is_no_european_mobile(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["phone"] == 0, text


@pytest.mark.parametrize("key", ["case_number", "order-number", "ticket_number"])
def test_a_thing_s_number_key_is_no_phone_s_cue(r: Redactor, key: str) -> None:
    text = f'{{"{key}": "00012345"}}'
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [  # a thing's number nearer the run than a phone's cue before it; the number under a case's object
        "I called about case number 00012345",
        "Phone support case number: 00012345",
        "Anruf wegen Ihrer Bestellung, order number 00012345",
        '{"case": {"number": "00012345"}}',
        # the thing named between the cue and the run ("call" a noun)
        "Call reference 00012345 was logged.",
        "Call reference: 00012345",
        "Contact ticket #12345678 please",
    ],
)
def test_a_thing_s_number_nearer_than_a_phone_s_cue_is_no_phone(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [
        "case number 123, phone 07700 900123",
        "I called about case 5, call me back on my number 07700 900123",
        "call preference 07700 900123",  # a thing's word inside another is none
        "call the reference desk on 07700 900123",
    ],
)
def test_a_phone_s_cue_after_a_thing_s_number_still_reads_a_phone(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["phone"] == 1, text


@pytest.mark.parametrize("key", ["phone_number", "mobile_number", "document_number"])
def test_a_number_key_of_no_thing_still_reads_a_phone(r: Redactor, key: str) -> None:
    assert r.text(f'{{"{key}": "0612345678"}}')[1]["phone"] == 1  # a document's: a passport's, read as one


@pytest.mark.parametrize("text", ["Parent: Tamika Johnson (555) 214-8890", "(123) 456-7890 is my cell"])
def test_a_number_written_with_its_area_code_in_brackets_whatever_the_code(r: Redactor, text: str) -> None:
    # no area code 555 or 123 exists, but only a phone is written so (a form's sample, a test's, a person's)
    out, found = r.text(text)
    assert "214-8890" not in out and "456-7890" not in out and found["phone"] == 1, out


def test_a_call_s_arguments_are_no_phone(r: Redactor) -> None:
    assert r.text("f(100) 200-3000")[1] == {}


@pytest.mark.parametrize("text", ["my international one is +30 21 0 1234567", "Athens: +30 21 0 1234567."])
def test_an_international_number_with_a_group_of_one_digit(r: Redactor, text: str) -> None:
    # its country code says it is a phone, and the metadata that it is a valid one there, however it is grouped
    out, found = r.text(text)
    assert "1234567" not in out and found["phone"] == 1, out


@pytest.mark.parametrize("text", ["+1 2 3 4 5", "+44 1 2 3 4 5 6 7 8 9 0 1"])
def test_a_group_of_one_digit_with_no_valid_reading_is_no_phone(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["phone"] == 0


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Birinci: +905321234567, Ikinci: 05359876543", "05359876543"),  # read in the first's country, Turkey
        ("My US number is (415) 555-0132, and my international one is 91-415-555-0132", "91-415-555-0132"),
    ],
)
def test_a_number_listed_after_a_phone_is_one(r: Redactor, text: str, phone: str) -> None:
    out, found = r.text(text)
    assert phone not in out and found["phone"] == 2, out


@pytest.mark.parametrize(
    "text",
    [
        "+14155550132,20240101,ok",
        "+14155550132, 1717200000",
        "call +14155550132, order 20240101",
        "+14155550132. 0535",
        '{"phone": "816 74 10 64"}}, {"id": "6247732103"}',
    ],
)
def test_a_record_s_next_column_or_a_thing_s_number_after_a_phone_is_none(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["phone"] == 1
