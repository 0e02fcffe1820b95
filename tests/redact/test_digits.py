"""Digit-shaped personal data (``replay.redact.digits``): phones, cards and addresses by their shape and their cues."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from tests.redact.conftest import another_key


@pytest.mark.parametrize(
    "phone",
    ["0041 78 171 74 66", "0044 121 129 1818", "0081 90-1840-9519", "0031 6 12010973", "0055 11 2402-0960"],
)
def test_00_prefix_is_the_international_one(r: Redactor, phone: str) -> None:
    for text in (f"Tel: {phone}", f"{phone} (evenings)", f'{{"note": "reach me on {phone}"}}'):
        out, found = r.text(text)
        assert phone not in out and found["phone"] == 1, (text, out)
        again = another_key().text(out)[1]
        assert again["phone"] == 0, out  # the pseudonym is known as one under any key


@pytest.mark.parametrize("text", ["id 0012 3456 7890", "ref 00 12 34 56 78", "build 0010 2024 0613"])
def test_00_run_that_is_no_valid_number_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [
        "Order number: 4155552671",
        "invoice number 02079460958 is overdue",
        # a number word of another language with the thing numbered between it and the run
        "Il numero della pratica è 4155552671",
        "La Nummer des Vertrags lautet 4155552671",
    ],
)
def test_number_of_a_thing_is_no_phone(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize("text", ["Tracking number 390786061990.", "Tracking number 9400 1225 7166 7267 8419 75."])
def test_a_parcel_s_tracking_number_is_no_phone(r: Redactor, text: str) -> None:
    assert set(r.text(text)[1]) == {"tracking_number"}  # a parcel's (``said``), not a phone's


@pytest.mark.parametrize(
    "text",
    [
        "phone number 415 555 2671",
        "my number is 020 7946 0958",
        "contact number: 4155552671",
        # a national number of a country the default regions leave out, after its language's word for phone
        "Ring mig på 08-16 01 68.",
        "Meu celular é (11) 2478-8053.",
        "Bel me op 010 114 1348.",
        # calling and reaching in German, Italian, French; a number word right before the run
        "Rufen Sie mich bitte unter 0151 98765432 an.",
        "Può contattarci al 800654321.",
        "Il numero di contatto del dottore è 345-678-9012.",
        "Puoi chiamarmi al numero fisso 02 12345678.",
        "Vous pouvez me joindre au 01 42 68 53 00.",
        "Llámame al 612 345 678 por la tarde.",  # the imperative's accent
    ],
)
def test_number_of_a_person_is_a_phone(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["phone"] == 1


@pytest.mark.parametrize("text", ["EAN 4005324371009", '{"gtin": "4006381333931"}', "barcode 4005065788692"])
def test_ean13_is_no_card(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize("card", ["4222222222222", "4222 2222 2222 2", "4111 1111 1111 1111"])
def test_visa_that_is_no_ean_is_a_card(r: Redactor, card: str) -> None:
    assert r.text(f"card {card} exp 12/27")[1]["card"] == 1


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # a sentence's stop between a number and the next one: the run's parts are read without it
        ("My card number is 5555555555554444. 123 is the CVV", "5555555555554444"),
        ("paid with 4012888888881881, 2 tickets", "4012888888881881"),
        ("my SSN is 219-09-9999; 3 kids", "219-09-9999"),
    ],
)
def test_a_number_before_a_sentence_s_stop_and_another_number(r: Redactor, text: str, number: str) -> None:
    out, found = r.text(text)
    assert number not in out and sum(found.values()) == 1, out


def test_a_phone_s_reading_ends_at_its_sentence(r: Redactor) -> None:
    # the next sentence's count is no part of the number (it read "020 7946 0958. 12" and rewrote "12 times")
    out, found = r.text("call me at 020 7946 0958. 12 times I tried")
    assert "7946" not in out and out.endswith(". 12 times I tried") and found == {"phone": 1}, out


@pytest.mark.parametrize(
    "text",
    [
        "I spoke to your colleague on the phone.\nOrder 02924711 was placed",
        "phone=%2B33%206%2012%2034%2056&ts=1707988977",
        '{"phone": "+33 6 12 34 56 78", "ts": 1707988977}',
    ],
)
def test_cue_of_another_sentence_or_field_is_not_this_runs(r: Redactor, text: str) -> None:
    out = r.text(text)[0]
    assert "1707988977" in out or "02924711" in out


@pytest.mark.parametrize(
    "text",
    [
        "Tel.: 0412 345 678",
        "Phone:\n0412 345 678",
        "Mobile (evenings) 0412 345 678",
        '{"phoneNumbers": [{"value": "0412 345 678", "type": "mobile"}]}',
    ],
)
def test_cue_before_its_run(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["phone"] == 1


@pytest.mark.parametrize(
    "text",
    [  # Greek, Hebrew ("the phone" written joined), Korean (a particle joined after the number), Russian, …
        "Με λένε Γιώργο και το τηλέφωνό μου είναι 694 123 4567.",
        "שמי דוד, הטלפון שלי 052-1234567.",
        "연락처 010-9876-5432로 전화 주세요.",
        "Мой друг просил передать: его номер 8 (903) 555-12-34.",
        "Tôi tên là An, số điện thoại 0912 345 678.",  # Vietnamese
        "ชื่อของฉันคือ สมชาย โทร 081-234-5678",  # Thai
    ],
)
def test_cue_before_its_run_in_other_scripts(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["phone"] == 1


def test_a_russian_number_word_before_an_order_s_number_is_no_phone_cue(r: Redactor) -> None:
    assert "phone" not in r.text("номер заказа 12345678, Москва")[1]


# Numbers whose cue comes after them, or that carry an extension (presidio-research's synth_dataset_v2, MIT:
# Faker's numbers, many in no region's valid range, so only a cue makes them phones).
@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Desk: +1-903-140-4508x769", "903-140-4508"),
        ("Fax: 259.735.7502x459", "259.735.7502"),
        ("Desk: (898)666-3621 ext. 35", "666-3621"),
        ("082 490 1693-Office", "490 1693"),
        ("416 60 039 office\n+46 (0)7 098 134 01 fax", "416 60 039"),
        ("I would like to stop receiving messages to 699 956 915", "699 956 915"),
        ("They're not answering at 0680 298 70 63", "298 70 63"),
    ],
)
def test_cue_after_its_run_or_an_extension(r: Redactor, text: str, number: str) -> None:
    out, counts = r.text(text)
    assert number not in out and counts["phone"] >= 1, out


@pytest.mark.parametrize("text", ["a 1920x1080 screen, 3840x2160 video", "build 20240101x3", "the office 2024-2025"])
def test_dimensions_and_office_years_are_no_phone(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize("text", ["192.168.0.0/16 is a private range", "allow 81.2.69.0/24 and 81.2.70.0/23"])
def test_network_in_cidr_notation_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_address_before_a_path_is_still_an_address(r: Redactor) -> None:
    assert r.text("client 81.2.69.160 / port 443")[1]["ip"] == 1


@pytest.mark.parametrize("text", ["server ip 62.209.80.88", "it never 62.209.80.88 reached"])
def test_version_cue_is_a_word(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["ip"] == 1


@pytest.mark.parametrize("text", ["version 62.209.80.88", "ver 10.2.3.4", "macos 14.4.1.2"])
def test_version_after_its_cue_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_address_before_a_timestamp(r: Redactor) -> None:
    out, found = r.text("server ip 193.173.108.95 2024-06-01T12:34:56.789Z INFO")
    assert found["ip"] == 1 and "193.173.108.95" not in out and "2024-06-01T12:34:56.789Z" in out


@pytest.mark.parametrize("text", ['{"tracking": "9400 1641 0345 2848 7920 79"}', "ref 9400 1641 0345 2848 7920 79"])
def test_groups_amid_a_longer_run_are_no_phone(r: Redactor, text: str) -> None:
    assert not {"phone", "card"} & set(r.text(text)[1])  # a tracking number is a parcel's (``said``)


@pytest.mark.parametrize(
    "text", ["call me on 0345 2848 7920 79 12", "call +44 20 7946 0958 2 x", "020 7946 0958 / 020 7946 0959"]
)
def test_phone_at_either_end_of_a_run_or_cued(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["phone"] >= 1


@pytest.mark.parametrize(
    "text", ['ua="Mozilla/5.0 (iPhone; CPU iPhone OS 17_5)"\n1763359778000 level=info', "hotel 4155552671"]
)
def test_phone_cue_starts_a_word(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


CSV = "name,email,phone,plan\nPaul Lewis,paul@libero.it,071 104 3445,gold\nDora Li,d@x.it,222 716 7194,silver"
TABLE = "| Name | Phone | Plan |\n|---|---|---|\n| Ann B | 0450 02 47 27 | Pro |\n| Bo C | 21 203 9221 | Free |"


@pytest.mark.parametrize(
    "text", [CSV, TABLE, json.dumps({"model": "x", "content": CSV, "n": "a,b,c"}), "see the table\n" + TABLE]
)
def test_phone_column_of_a_table(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert found["phone"] == 2 and "104 3445" not in out and "02 47 27" not in out, out


@pytest.mark.parametrize(
    "text", ["id;amount;order\n1;1200;20112857483\n2;99;63159621446", "sku\tean\nA1\t4006381333931"]
)
def test_other_columns_are_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_short_card_amid_a_longer_run_is_another_number(r: Redactor) -> None:
    text = '{"ref": "9400 1240 6754 4103 4013 14"}'  # 6754 4103 4013: a 12-digit Maestro by Luhn
    assert r.text(text)[0] == text


def test_full_card_amid_other_groups(r: Redactor) -> None:
    assert r.text("x 12 4111 1111 1111 1111 09 28")[1]["card"] == 1


@pytest.mark.parametrize("card", ["3056-930902-5904", "36227206271667"])  # Diners Club, 14 digits
def test_pseudonym_of_a_14_digit_card_is_known_as_one(r: Redactor, card: str) -> None:
    out, found = r.text(f'{{"card": {{"number": "{card}"}}}}')
    assert found["card"] == 1
    assert another_key().text(out)[1] == {}, out


@pytest.mark.parametrize("phone", ["06 12 34 56 78", "01 42 68 53 00"])
def test_phone_written_in_the_shape_of_a_later_region(r: Redactor, phone: str) -> None:
    # valid in Germany (read first) as well, where it would be written 06123 45678
    out, found = r.text(f"mon numéro est le {phone}")
    assert phone not in out and found["phone"] == 1


@pytest.mark.parametrize(
    "iban", ["de89 3704 0044 0532 0130 00", "gb82west12345698765432", "fr76 3000 6000 0112 3456 7890 189"]
)
def test_lower_case_iban_is_an_iban(r: Redactor, iban: str) -> None:
    for text in (f"my iban is {iban}, thanks", f'{{"iban": "{iban}"}}', f"iban={iban}&x=1"):
        out, found = r.text(text)
        assert iban not in out and found["iban"] == 1, (text, out)
        assert another_key().text(out)[1]["iban"] == 0, out
    assert r.text(f"my iban is {iban}")[0].islower()  # typed in lower case, kept in lower case


@pytest.mark.parametrize(
    "text", ["hash de12abcdef0123456789abcd", "ref De89370400440532013000", "id de89370400440532013001"]
)
def test_lower_case_run_that_fails_the_check_or_mixes_case_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize("itin", ["912-70-1234", "987 88 6543", "900-50-0001"])
def test_itin_by_its_shape_needs_no_cue(r: Redactor, itin: str) -> None:
    for text in (f"See {itin} attached.", f'{{"x": "{itin}"}}', f"tin={itin}&y=1"):
        out, found = r.text(text)
        assert itin not in out and found["gov_id"] == 1, (text, out)
        assert another_key().text(out)[1]["gov_id"] == 0, out


@pytest.mark.parametrize("text", ["order 912701234 ok", "code 912-89-1234-5"])
def test_itin_shape_without_separators_or_inside_a_longer_run_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["gov_id"] == 0


def test_aadhaar_by_its_grouping_and_verhoeff_check(r: Redactor) -> None:
    for text in ("See 2345 6789 0124 attached.", '{"x": "2345-6789-0124"}', "uid=2345 6789 0124&y=1"):
        out, found = r.text(text)
        assert "6789" not in out and found["gov_id"] == 1, (text, out)
    for kept in ("ref 2345 6789 0125 ok", "ref 1345 6789 0124 ok", "ref 234567890124 ok", "9400 2345 6789 0124 77"):
        assert r.text(kept)[1]["gov_id"] == 0, kept


@pytest.mark.parametrize(
    "account",
    ["PL61-1090-1014-0000-0712-1981-2874", "61109010140000071219812874", "61 1090 1014 0000 0712 1981 2874"],
)
def test_dashed_iban_and_polish_account_number_without_a_cue(r: Redactor, account: str) -> None:
    """An IBAN grouped by dashes, and a Polish NRB (an IBAN's digits without "PL"), bare or grouped: by their
    mod-97 check, as the form's value with no word naming it."""
    for text in (f"wskazana wartość: {account}.", f'{{"value": "{account}"}}'):
        out, found = r.text(text)
        assert account not in out and found["iban"] == 1, (text, out)
        assert another_key().text(out)[1]["iban"] == 0, out


def test_26_digits_failing_the_nrb_check_are_kept(r: Redactor) -> None:
    text = "shipment 61109010140000071219812875 and ref 12345678901234567890123456"
    assert r.text(text)[0] == text


def test_a_real_number_with_a_pseudonyms_check_digits_is_redacted(r: Redactor) -> None:
    """A pseudonym outside NANP and the UK was known by its last four digits alone, so one real number in
    10,000 was kept as if redacted (+33 1 42 68 08 90 ends in the check digits of "+33 1 42 68"). It must
    also start as its country's pseudonyms do (the example mobile number's first two digits)."""
    out, found = r.text("call me on +33 1 42 68 08 90")
    assert "42 68 08 90" not in out and found["phone"] == 1
    assert another_key().text(out)[1]["phone"] == 0  # its pseudonym is still known as one


def test_a_unix_time_under_its_fields_name_is_no_ones_number(r: Redactor) -> None:
    text = '{"id": "chatcmpl-1", "created": 1764000003, "iat":1415555267, "phone": "+44 1415 555267"}'
    out, found = r.text(text)
    assert out.startswith('{"id": "chatcmpl-1", "created": 1764000003, "iat":1415555267, ') and found == {"phone": 1}


@pytest.mark.parametrize(
    "text",
    [
        "ACME SOFTWARE LIMITED, with company number 08812345, whose registered office is in London",
        "the RNLI (registered charity no. 209603); VAT number 0123456789",
    ],
)
def test_a_firm_s_number_in_its_register_is_no_phone(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


def test_a_long_run_of_hex_groups_is_no_address_and_read_once(r: Redactor) -> None:
    # each "cc:" (a said cue) read the run of hex digits and colons to both its ends: minutes on main
    out = r.text("cc:" * 45000 + " mail jo.planted@example.org")[0]
    assert "jo.planted@" not in out and out.startswith("cc:cc:cc:"), out[-200:]


def test_a_version_s_word_in_another_field_leaves_the_address_an_ip(r: Redactor) -> None:
    # SendGrid's event: the user agent ("... like Mac OS X)") ends right before the client's address
    body = '{"useragent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)", "ip": "86.14.211.93"}'
    out, counts = r.text(body)
    assert "86.14.211.93" not in out and counts["ip"] == 1, out
    assert r.text('{"firmware": "1.2.3.4"}') == ('{"firmware": "1.2.3.4"}', {})
    log = "user-agent=Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) ip=91.213.50.6"  # a log line's next pair
    assert "91.213.50.6" not in r.text(log)[0]
    assert r.text("version: 10.2.3.4") == ("version: 10.2.3.4", {})


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ('{"destination_addr": "4915734567890", "stat": "DELIVRD"}', "4915734567890"),  # SMPP's, no "+"
        ("source_addr=ACMEBANK&dest_addr=447911123456", "447911123456"),
        ('{"to": "07700900123", "body": "Your code"}', "07700900123"),
        ('{"calling_number": "33142685300"}', "33142685300"),
    ],
)
def test_a_number_at_a_call_s_or_a_message_s_end_is_a_phone(r: Redactor, text: str, number: str) -> None:
    out, found = r.text(text)
    assert number not in out and found["phone"] == 1, out
    assert another_key().text(out)[1]["phone"] == 0, out  # read again, known as a pseudonym


@pytest.mark.parametrize("text", ['{"to": "20240501", "from": "20240401"}', '{"from": 1717200000, "to": 1717286400}'])
def test_a_number_at_an_end_that_is_no_valid_phone_is_kept(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_an_imei_under_a_device_s_key_is_a_device_id(r: Redactor) -> None:
    text = '{"deviceid": "354398101234567", "reason": "stolen", "order_id": "354398101234567", "device_id": "88"}'
    out, found = r.text(text)
    assert out.count("354398101234567") == 1 and found["device_id"] == 1, out  # the order's number is kept


def test_a_ticket_s_barcode_is_a_token_and_a_product_s_is_kept(r: Redactor) -> None:
    """A ticket's barcode admits whoever shows it; a product's is a GTIN by its check digit."""
    text = json.dumps({"barcodes": [{"barcode": "331234567811045782001", "status": "unused"}]})
    out, found = r.text(text)
    assert "331234567811045782001" not in out and found["token"] == 1, out
    for gtin in ("4006381333931", "036000291452", "96385074", "10614141000415"):
        product = json.dumps({"name": "Widget", "barcode": gtin})
        assert r.text(product)[0] == product


def test_a_business_s_number_at_a_call_s_end_is_kept(r: Redactor) -> None:
    """A call record's toll-free or premium-rate number is a firm's line, no one's phone."""
    text = "a_number,b_number,disposition\n+447911123456,08001234567,NO ANSWER\n"
    out = r.text(text)[0]
    assert "+447911123456" not in out and "08001234567" in out, out


@pytest.mark.parametrize(
    ("line", "phone", "after"),
    [
        ("GET /x?phone=%2B34612555019 200 12ms", "%2B34612555019", " 200 12ms"),
        ("GET /x?email=a%40b.es&tel=%2B447911123456 200 512", "%2B447911123456", " 200 512"),
        ("POST /sms?to=%2B38640555123 201 31ms", "%2B38640555123", " 201 31ms"),
        ('{"request": "GET /v1?mobile=%2B16465550199 HTTP/2.0", "status": 200}', "%2B16465550199", " HTTP/2.0"),
    ],
)
def test_a_query_s_phone_in_a_log_line_ends_at_its_value(r: Redactor, line: str, phone: str, after: str) -> None:
    # the status code and the time after it are the log's: not a phone's groups, nor a run the measure ends ("12ms")
    out, found = r.text(line)
    assert phone not in out and after in out and found["phone"] == 1, out


@pytest.mark.parametrize("vin", ["5YJUZXBTXLD244134", "1HGCM82633A004352", "1M8GDM9AXKP042788"])
def test_a_vin_whose_check_digit_passes_needs_no_word(r: Redactor, vin: str) -> None:
    out, found = r.text(f"Decode this for me: {vin}, thanks")
    assert vin not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "bad 1HGCM82633A004353 x",  # its check digit wrong
        "5YJUZXBTXLD244134ab and 95YJUZXBTXLD244134",  # inside a longer word
        "IOQ: 1HGCM8263IA004352",  # an I: no VIN's letter
    ],
)
def test_a_run_of_a_vin_s_shape_that_is_none_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text", ["IPv4: 81.2.69.160, IPv6: 2a00:1450:4009:81f::200e", "IPv4 81.2.69.160", "host2: 81.2.69.160 is up"]
)
def test_an_address_after_a_word_ending_in_a_digit_is_an_ip(r: Redactor, text: str) -> None:
    # the word's digit began the run of digits and dots ("4: 81.2.69.160"), which no address started
    out, counts = r.text(text)
    assert "81.2.69.160" not in out and counts["ip"] >= 1, out
    assert r.text("firmware v4: 1.2.3.4") == ("firmware v4: 1.2.3.4", {})  # a version's word, as "version: …"
