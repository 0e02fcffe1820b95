"""Street addresses in free text (``replay.redact.places``): the address on the line after its cue."""

from __future__ import annotations

import sys

import pytest

from replay.redact import Redactor
from tests.redact.conftest import another_key


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Deliver to:\nMale 1b\nŠibenik", "Male 1b"),
        ("Shipping address:\r\nCircunvalación Tamaulipas 846\r\nSan Santiago", "Circunvalación Tamaulipas 846"),
        ("Lieferadresse:\n  Bergrøa 631\nOslo", "Bergrøa 631"),
    ],
)
def test_address_on_the_next_line(r: Redactor, text: str, street: str) -> None:
    hits = [h for h in r.engine.finder.find(text) if h.kind == "address"]
    assert [text[h.start : h.end] for h in hits] == [street]


@pytest.mark.parametrize("text", ["Shipping address:\nThe order ships in 2 days", "Deliver to:\n\nAcme 2 weeks later"])
def test_no_address_on_the_next_line(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "address", "form"),
    [  # the forms Faker's en_US address() writes one time in ten (presidio-research's synth_dataset_v2 has them)
        (
            "Please return to Unit 4719 Box 7394\nDPO AP 70942 in case of an issue.",
            "4719 Box 7394\nDPO AP 70942",
            "PO A",
        ),
        ("The office is at PSC 0413, Box 8144\nAPO AA 42323", "0413, Box 8144\nAPO AA 42323", "PO A"),
        ("Ship it to USNS Bergman\nFPO AP 93757 please", "Bergman\nFPO AP 93757", "PO A"),
        # a ship named with a letter beyond ASCII (Faker's other locales' surnames)
        ("Our offices are located at USNS Møller\nFPO AA 85844", "Møller", "PO A"),
        ("send a new one to USNS Sekerková FPO AA 65728? I am", "Sekerková", "PO A"),
        # post office boxes ("BP" and a bare "Apartado" before a postcode)
        ("Send it to P.O. Box 123, Springfield", "Box 123", "P.O. Box "),
        ("Postfach 12 34, 10117 Berlin", "12 34", "Postfach "),
        ("BP 123, 75001 Paris Cedex", "BP 123", "BP "),
        ("Apartado de Correos 45, Madrid", "Correos 45", "Apartado de Correos "),
        ("Apartado 45, 28080 Madrid", "Apartado 45", "Apartado "),
        ("Caixa Postal 1234, Curitiba", "Postal 1234", "Caixa Postal "),
        ("Odpowiedzi wyślij na skr. poczt. 145, 00-950 Warszawa", "poczt. 145", "skr. poczt. "),
    ],
)
def test_military_address_and_post_office_box(r: Redactor, text: str, address: str, form: str) -> None:
    out, counts = r.text(text)
    assert address not in out and counts["address"] == 1, out
    assert out.count(form) == 1 and another_key().text(out)[0] == out  # its form kept; told again


@pytest.mark.parametrize("street", ["Þorsteinsgata 63", "Skogstien 106", "Stubengraben 80", "Haraldsveien 12"])
def test_nordic_and_german_streets_glued_to_their_type(r: Redactor, street: str) -> None:
    out, counts = r.text(f"Please update the billing address with {street} for this card")
    assert street not in out and counts["address"] == 1, out


@pytest.mark.parametrize(
    "street",
    ["pl. Wolności 4", "Pl. Konstytucji 5", "al. Pokoju 14", "ul. Długiej 9", "ul. 3 Maja 7", "al. 29 Listopada 12"],
)
def test_polish_street_types_abbreviated(r: Redactor, street: str) -> None:
    out, found = r.text(f"Spotkania wyznaczono przy {street}; rondzie ONZ.")
    assert street not in out and found["address"] == 1, out


@pytest.mark.parametrize("street", ["Bulevar oslobođenja 112", "Trg Republike 3"])
def test_serbian_and_croatian_street_types(r: Redactor, street: str) -> None:
    out, found = r.text(f"Moj broj je +381 64 1234567, adresa {street}, Novi Sad")
    assert street.split()[1] not in out and found["address"] == 1, out


@pytest.mark.parametrize("street", ["ulicy Piotrkowskiej 88/3", "alei Niepodległości 210", "placu Bankowym 2"])
def test_polish_street_types_in_the_locative(r: Redactor, street: str) -> None:
    # "mieszkam przy ulicy …": where one lives is said in the locative, not as a form's "ulica"
    out, found = r.text(f"Dzień dobry, mieszkam przy {street}, 90-001 Łódź.")
    assert street.split()[1] not in out and found["address"] == 1, out
    assert r.text("Spotkajmy się na placu zabaw przy szkole.")[1]["address"] == 0


@pytest.mark.parametrize(
    "street",
    [
        "C/ Pizarro, 22",
        "AV. San Francisco 7",
        "AVDA. Gaspar Aguilar, 90",
        "Avenida 9 de Julio 1100",
        "Ctra. de Toledo, Km 12,5",
    ],
)
def test_spanish_street_types_abbreviated(r: Redactor, street: str) -> None:
    out, found = r.text(f"Remitido por: Servicio de Urología. {street} 36202 Vigo.")
    assert street not in out and found["address"] == 1, out


@pytest.mark.parametrize("text", ["BP 120/80 at rest", "según el Apartado 3 del artículo 5", "the PO box field"])
def test_no_post_office_box(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_dutch_residence_phrase_before_a_street_without_its_type(r: Redactor) -> None:
    out, found = r.text("De heer Jansen, woonachtig op Amstel 123, 1011 AB Amsterdam, heeft geklaagd.")
    # the street, and its postcode precise to a street (``postcodes``); the town stays
    assert "Amstel 123" not in out and "1011 AB" not in out and "Amsterdam" in out and found["address"] == 2, out


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [  # a letter's or a form's block: the street, the unit on its own line, the postcode below; city and country stay
        (
            "Jane Roe\n\n20789 Allika 46\n Suite 501\n Riisa\n\n Estonia 62488",
            ["Allika 46", "20789", "Suite 501", "62488"],
            ["Riisa", "Estonia"],
        ),
        (
            "> Acme Partners\n> 2224 Trenerys gate 232\n> Apt. 342\n> TRONDHEIM\n> Norway 64389",
            ["Trenerys gate 232", "2224", "Apt. 342", "64389"],
            ["Acme Partners", "TRONDHEIM", "Norway"],
        ),
        # the block in a JSON string: its first line starts at the string's quote
        ('{"role": "user", "content": "28030 Edeby 55\\n Apt. 297\\n Sweden 99178"}', ["Edeby 55", "297"], ["Sweden"]),
        # after "address to" or "with": the street, then its block's postcode
        (
            "Please change my address to 50541 Mlýnská 1540\nTrancoso\n, GU\n Portugal 44674",
            ["Mlýnská", "44674"],
            ["Trancoso"],
        ),
        ("Update the billing address with 4241 Steinfelden 73\nSAVONLINNA\n, SV\n 77233", ["Steinfelden", "77233"], []),
        ("Send it to 4596 Tylova 285\n Suite 578\n Ostrov nad Ohří\n Czech Republic 56655", ["Tylova 285"], ["Czech"]),
        # the unit after the street on its line, the street's house number after its name
        ("The address of Peerj is 9721 Dalmatinova 43 Apt. 678 Velenje", ["Dalmatinova 43", "678"], ["Velenje"]),
        ("Rand Corporation\n\n213 Pilekrogen 53 Apt. 263, Grand-Leez, Belgium", ["Pilekrogen", "263"], ["Belgium"]),
        # an apartment's number alone; the name before it ends at the unit's word; two cues of one address
        (
            "Mrs. Barbara Yudina Apt. 675 62314 Mellemvej 32\nAalborg NO 9100",
            ["Barbara", "Apt. 675", "62314", "Mellemvej 32"],
            ["Aalborg"],
        ),
        ("Ring the bell of apt. 169 twice", ["apt. 169"], ["bell"]),
        # the street after the unit on its line; a British street type USPS lacks
        ("Mrs. Diana Usamov Suite 913 0547 Bygget 91\nANNERSTAD", ["913", "0547", "Bygget 91"], ["ANNERSTAD"]),
        ("The restaurant is at 119 Countess Close", ["Countess"], []),
        # a building's number before the house number
        ("The restaurant is at 5521 119 Maple Avenue", ["5521", "119 Maple"], []),
        ("She lives at 79063 90 Rue de Lyon, Paris", ["79063", "Lyon"], ["Paris"]),
        ("We'll meet at Recargo, 73111 63 Oak Place, Marshland", ["73111", "63 Oak"], ["Recargo", "Marshland"]),
    ],
)
def test_address_blocks_units_and_building_numbers(r: Redactor, text: str, gone: list[str], kept: list[str]) -> None:
    out = r.text(text)[0]
    assert not [g for g in gone if g in out] and all(k in out for k in kept), out
    assert another_key().text(out)[0] == out  # told again: a pseudonym stays as it is


@pytest.mark.parametrize(
    "text",
    [
        "The Suite 5 of Bach is lovely",
        "Unit 3 covers algebra and Unit 4 geometry",
        "The test Suite 200 passed\nResults below",
        "Germany 2006 was a great World Cup",
        # a postcode and a city in a line of prose are places (pl_bench, MEDDOCAN and privy keep them)
        "Odbiór: 00-950 Warszawa, Polska",
        "Suite 2\nStockholm is lovely in May",
        "Forward the email address to John at 5 pm",
        "I changed the address to 3 people",
        "Press 5 then Close Window; Suite 7 Closing Remarks",
    ],
)
def test_no_unit_number_or_postcode_alone(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text",
    [  # a paper's affiliations (grobid_dev.jsonl): a number, then an institution whose name goes on after "Center"
        "4 Metabolomics Center of the Roy J. Carver Biotechnology Center, University of Illinois",
        "3 MRC Centre\nfor Causal Analyses in Translational Epidemiology, University of Bristol",
        "38 Sticht Ctr on Aging, Wake Forest School of Med,",
        # a centre's field or an acronym before "Center"; a part of an institution after "Address:" (BioMed Central)
        "Roermond, The Netherlands;\n11 EORTC Data Center,\nBrussels, Belgium;",
        "Bruneck, Italy\n55 Mount Sinai Med Ctr,\nNew York, NY",
        "Address:\n1 Department of Biomedical Engineering, University of Alberta, Edmonton",
        "Address:\n1 Biotechnology Unit, Embrapa Genetic Resources and Biotechnology,",
    ],
)
def test_an_affiliation_is_no_street(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Ship it to 4 Embarcadero Center, San Francisco", "Embarcadero"),
        ("Deliver to 1 World Trade Center, New York, NY 10007", "World Trade"),
        ("Address: 12 Department Road, Leeds", "Department Road"),  # a street's type beside the institution's word
        ("Address: 45 Laboratory Lane, Leeds", "Laboratory Lane"),
    ],
)
def test_a_street_named_center_is_one(r: Redactor, text: str, street: str) -> None:
    out, found = r.text(text)
    assert street not in out and found["address"] >= 1, out


@pytest.mark.parametrize(
    ("text", "kept"),
    [("她的地址是北京市朝阳区建国路88号。", "她的地址是"), ("我住在上海市浦东新区世纪大道100号", "我住在")],
)
def test_a_cjk_address_starts_past_the_sentence_before_it(r: Redactor, text: str, kept: str) -> None:
    out, counts = r.text(text)
    assert out.startswith(kept) and "88号" not in out and counts["address"] == 1, out


@pytest.mark.parametrize(
    "text", ["Sent $50 via Zelle to the landlord", "sent 50 via PayPal", "paid £20 Via Roma", "Pay $12 Calle Mayor"]
)
def test_an_amount_before_a_street_s_word_is_no_house_number(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_a_house_number_before_a_capitalised_via_is_still_one(r: Redactor) -> None:
    assert r.text("I live at 50 Via Roma, Milano")[1]["address"] == 1


@pytest.mark.parametrize(
    "text",
    [  # a street right after a CSV's comma: a header naming no address, a row number, an address with a comma
        "customer,location\nJane,12 Oak Street\n",
        "id,name,address\n99,Customer 99,100 Oak Street, Springfield\n",
        "1,12 Oak Street\n2,14 Elm Road\n",
    ],
)
def test_a_street_after_a_csv_s_comma(r: Redactor, text: str) -> None:
    out = r.text(text)[0]
    assert "Oak Street" not in out and "Elm Road" not in out, out


def test_a_decimal_before_street_like_words_is_no_house_number(r: Redactor) -> None:
    assert r.text("the 3.12 Oak Street release")[0] == "the 3.12 Oak Street release"


@pytest.mark.parametrize(
    ("unit", "count"),
    [  # each was quadratic on main, and "Flat 3 " x 9,400 or "12 High Street " x 70,000 took minutes (past the
        # suite's 120 s): each street's two cues looked for over every hit before, a chain of overlapping streets
        # merged into one span that each merge read whole
        pytest.param("Flat 3 ", 200, id="units"),
        pytest.param("12 High Street ", 250, id="streets"),
    ],
)
def test_a_long_text_of_streets_is_read_in_one_pass(r: Redactor, unit: str, count: int) -> None:
    """Four times the text is four times the work (lines of Python run, not time): those were 8-16 times."""
    r.text(unit + "\nShip to 12 Acacia Avenue")  # what the redactor sets up once, not counted
    work = []
    for n in (count, 4 * count):
        out, lines = _traced(r, unit * n + "\nShip to 12 Acacia Avenue")
        assert "Acacia" not in out, out[-300:]
        work.append(lines)
    assert work[1] <= 5 * work[0], work


def _traced(r: Redactor, text: str) -> tuple[str, int]:
    """``text`` redacted, and the lines of Python that took (``sys.settrace``'s events: a count of work that
    a loaded machine does not change); a tracer already set (coverage's) is set again after."""
    lines = 0

    def count(frame: object, event: str, arg: object) -> object:
        nonlocal lines
        lines += 1
        return count

    before = sys.gettrace()
    sys.settrace(count)
    try:
        out = r.text(text)[0]
    finally:
        sys.settrace(before)
    return out, lines


@pytest.mark.parametrize(
    ("text", "street", "kept"),
    [
        ("адреса: вул. Хрещатик, 22, кв. 15, Київ.", "Хрещатик, 22", "Київ"),  # Ukrainian
        ("живу на ул. Ленина 5, Москва", "Ленина 5", "Москва"),  # Russian
        ("the flat at bul. Vitosha 89, Plovdiv is free", "Vitosha 89", "Plovdiv is free"),  # Bulgarian in Latin
        ("μένω στην οδό Ερμού 54, Αθήνα.", "Ερμού 54", "Αθήνα"),  # Greek, lower case in prose
        ("Λεωφ. Κηφισίας 12, Μαρούσι", "Κηφισίας 12", "Μαρούσι"),
    ],
)
def test_a_street_in_cyrillic_and_greek_letters_after_its_type(r: Redactor, text: str, street: str, kept: str) -> None:
    out, counts = r.text(text)
    assert street not in out and kept in out and counts["address"] == 1, out


@pytest.mark.parametrize(
    ("text", "street", "kept"),
    [
        ("אני גרה ברחוב בן יהודה 12, תל אביב.", "בן יהודה 12", "תל אביב"),  # Hebrew: "in the street"
        ("العنوان: شارع الملك عبدالعزيز ٢٢، جدة", "عبدالعزيز ٢٢", "جدة"),  # Arabic, its own digits
        ("نشانی: خیابان آزادی ۴۵، تهران", "آزادی ۴۵", "تهران"),  # Persian
        ("طلبي لم يصل إلى طريق الأمير سلطان 77. اتصلوا بي", "سلطان 77", "اتصلوا"),  # Arabic's road, avenue
        ("أسكن في جادة الحرية 14، دمشق", "الحرية 14", "دمشق"),
    ],
)
def test_a_street_in_a_script_without_capitals_after_its_word(r: Redactor, text: str, street: str, kept: str) -> None:
    out, counts = r.text(text)
    assert street not in out and kept in out and counts["address"] == 1, out


@pytest.mark.parametrize(
    "text", ["ازدحام في شارع الملك فهد اليوم", "הכביש ברחוב הראשי נסגר", "دفعت عن طريق الموقع 3 مرات"]
)
def test_a_street_s_word_without_a_house_number_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize("text", ["и пр. 5 раз", "бул. на площада", "the οδό was closed"])
def test_cyrillic_and_greek_street_words_with_no_house_number_stay(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("배송지는 서울 중구 세종대로 110입니다.", "세종대로 110"),
        ("주소: 서울특별시 송파구 올림픽로 300, 롯데월드타워", "올림픽로 300"),
        ("부산 해운대구 해운대해변로 264 앞에서 만나요.", "해운대해변로 264"),
        ("I'm staying at 용산구 이태원로27길 12 near the station.", "이태원로27길 12"),
        ("서울 종로구 종로 1", "종로 1"),  # a road of one syllable and 로 after its district's word
    ],
)
def test_a_korean_road_and_a_building_s_number(r: Redactor, text: str, street: str) -> None:
    out, found = r.text(text)
    assert street not in out and found["address"] == 1, out


@pytest.mark.parametrize(
    ("text", "lot"),
    [
        ("2019년부터 부산광역시 해운대구 우동 1408에 살고 있습니다.", "우동 1408"),
        ("주소: 서울특별시 강남구 역삼1동 825-3번지", "역삼1동 825-3"),
        ("경기도 양평군 양서면 산 12-3", "양서면 산 12-3"),
    ],
)
def test_a_korean_neighbourhood_and_a_lot_s_number(r: Redactor, text: str, lot: str) -> None:
    out, found = r.text(text)
    assert lot not in out and found["address"] == 1, out


@pytest.mark.parametrize(
    ("text", "lot"),
    [
        ("以前は京都府京都市左京区田中里ノ前町12でした。", "田中里ノ前町12"),
        ("住所 神奈川県横浜市中区山下町279", "山下町279"),
    ],
)
def test_a_japanese_address_from_its_prefecture_with_a_bare_number_last(r: Redactor, text: str, lot: str) -> None:
    out, found = r.text(text)
    assert lot not in out and found["address"] == 1, out


@pytest.mark.parametrize(
    "text",
    ["大阪府大阪市で2019年に開催", "東京都渋谷区の人口は23万人", "北海道札幌市の気温は5度", "愛知県名古屋市中区10万人"],
)
def test_a_count_or_a_sentence_after_a_japanese_city_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text", ["강남구 역삼동 3명이 참석했습니다", "해운대구 우동 2023년 축제", "마포구 서교동 맛집 10곳", "명동 3.5km"]
)
def test_a_count_after_a_korean_neighbourhood_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text", ["회의를 3시로 바꿨고 경로 2를 선택했습니다. 5층으로 오세요.", "서울역으로 2번 출구", "올림픽로 3.5km"]
)
def test_korean_words_ending_as_roads_do_stay(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Cím: 1052 Budapest, Váci utca 19. 3. em. 2.", "Váci utca 19"),
        ("Rákóczi út 12, Budapest", "Rákóczi út 12"),
        ("Adres: Atatürk sokak 5, Kadıköy", "Atatürk sokak 5"),
    ],
)
def test_a_street_word_written_in_lower_case_after_its_name(r: Redactor, text: str, street: str) -> None:
    out = r.text(text)[0]
    assert street not in out and ("Budapest" in out or "Kadıköy" in out), out


def test_a_lower_case_word_of_another_street_language_after_a_capital_stays(r: Redactor) -> None:
    text = "The Olympic ring 5 times brighter, Gold str 5 stars."
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Адрес: ул. Ленина, д. 15, кв. 42, Москва", ["15", "42"], "Москва"),
        ("З повагою, вул. Хрещатик, буд. 22, кв. 7, Київ", ["22", "кв. 7"], "Київ"),
    ],
)
def test_a_house_and_a_flat_by_their_russian_or_ukrainian_words(
    r: Redactor, text: str, gone: list[str], kept: str
) -> None:
    out = r.text(text)[0]
    assert not any(g in out for g in gone) and kept in out, out


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Hormat saya,\nAgus\nJl. Sudirman No. 45, RT 03/RW 05", "Sudirman No. 45"),
        ("Alamat: Jl. Ampang No. 12, Kuala Lumpur", "Ampang No. 12"),
    ],
)
def test_a_street_by_indonesian_s_and_malay_s_abbreviation(r: Redactor, text: str, street: str) -> None:
    out = r.text(text)[0]
    assert street not in out, out


def test_a_trip_in_indonesian_is_no_street(r: Redactor) -> None:
    text = "Kami jalan-jalan ke Bali 3 hari, jalan kaki 5 km."
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "street"),
    [("בברכה,\nמיכל\nרחוב הרצל 25, תל אביב", "הרצל 25"), ("Adres:\nulica Długa 5, Kraków", "Długa 5")],
)
def test_a_street_s_word_in_lower_case_or_without_capitals_starting_a_line(r: Redactor, text: str, street: str) -> None:
    out = r.text(text)[0]
    assert street not in out, out


def test_a_post_box_by_swahili_s_words_and_a_speech_therapist_s_letters(r: Redactor) -> None:
    out = r.text("Wako mwaminifu,\nGrace\nS.L.P. 12345, Moi Avenue\nNairobi")[0]
    assert "12345" not in out and "Nairobi" in out, out
    assert r.text("Ask the SLP 40 minutes before.")[0] == "Ask the SLP 40 minutes before."


@pytest.mark.parametrize(
    ("text", "number"),
    [("Atatürk Cad. No: 45 D: 8\nKadıköy / İstanbul", "No: 45"), ("Adres: Gül Sok. No:12, Ankara", "No:12")],
)
def test_a_turkish_street_s_house_number_after_its_word(r: Redactor, text: str, number: str) -> None:
    out = r.text(text)[0]
    assert number not in out and ("İstanbul" in out or "Ankara" in out), out


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Cu stimă,\nAlexandru Munteanu\nStr. Victoriei nr. 45, Cluj-Napoca", "Victoriei nr. 45"),
        ("Livrare la Șos. Kiseleff 10, București", "Kiseleff 10"),
    ],
)
def test_a_romanian_street_by_its_abbreviation_and_its_number_s_word(r: Redactor, text: str, street: str) -> None:
    out = r.text(text)[0]
    assert street not in out and out.endswith(text[-8:]), out


def test_a_lower_case_str_abbreviation_starts_no_street(r: Redactor) -> None:
    assert r.text("call str. Length 5 times")[0] == "call str. Length 5 times"


@pytest.mark.parametrize(
    ("text", "street"),
    [  # a Czech or Slovak street is an adjective of a place, its house number often two (popisné/orientační)
        ("S pozdravem\nLucie Procházková\nVinohradská 1511/230\n100 00 Praha 10", "Vinohradská 1511/230"),
        ("bydlím Slezská 12, Praha", "Slezská 12"),
    ],
)
def test_a_czech_adjective_street(r: Redactor, text: str, street: str) -> None:
    hits = [h for h in r.engine.finder.find(text) if h.kind == "address"]
    assert street in [text[h.start : h.end] for h in hits]


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Draft a reply to Mr Whitlock at 42 Kingsway, Cardiff CF10 3AT", ("42 Kingsway", "CF10 3AT")),
        ("Dear Sir,\n14 Briggate\nLeeds LS1 6HD", ("14 Briggate", "LS1 6HD")),
    ],
)
def test_a_street_whose_type_is_glued_to_its_name_before_its_segment_s_end(
    r: Redactor, text: str, gone: tuple[str, ...]
) -> None:
    out, found = r.text(text)
    assert not any(g in out for g in gone) and found["address"] >= 1, out
    assert "Cardiff" in out or "Leeds" in out  # the town stays


def test_a_glued_street_type_with_no_house_number_before_it_stays(r: Redactor) -> None:
    text = "Anyway, by the way, the Gateway, Broadway, and in 2024 anyway, all fine"
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("bydliště Masarykova 34, 602 00 Brno", "Masarykova 34"),
        ("Štúrova 21, 811 02 Bratislava", "Štúrova 21"),
        ("Palackého 12, 110 00 Praha 1", "Palackého 12"),
        ("sídlo firmy: Husova 1511/34, Praha", "Husova 1511/34"),
        ("Doručiť na adresu Hviezdoslavova 17, Trnava.", "Hviezdoslavova 17"),
        ("Doručení: Masarykova 34, Brno. Zazvoňte u Nováků.", "Masarykova 34"),  # a delivery's word, no postcode
    ],
)
def test_a_czech_or_slovak_street_named_after_a_person(r: Redactor, text: str, street: str) -> None:
    assert street not in r.text(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "In the final, Ivanova 34 points ahead of Petrova secured the title.",
        "Ivanova 34, 25 and 12 were the scores of the match.",
        "Table 3: Smirnova 12 and Kuznetsova 9 were the top scorers.",
        "Doručení: zítra v 10 hodin",
    ],
)
def test_a_russian_surname_before_a_number_in_prose_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Flat 4B, Sai Residency, Andheri East, Mumbai 400069", "Flat 4B"),
        ("House No. 221, Sector 15, Gurugram, Haryana 122001", "House No. 221"),
        ("H.No. 12, Basheerbagh, Hyderabad 500029", "H.No. 12"),
    ],
)
def test_an_indian_unit_before_its_pin_code(r: Redactor, text: str, unit: str) -> None:
    assert unit not in r.text(text)[0]


@pytest.mark.parametrize("text", ["We sold 12 units, Flat 5 of them, 123456 in total", "the house no. 5 is mine"])
def test_a_unit_s_word_with_no_locality_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "street", "kept"),
    [  # a sentence's full stop after a street's name ends it: the next sentence's first word is no part of it
        ("Ma commande n'est jamais arrivée au 12 rue des Lilas. Appelez-moi au 06 12 34 56 78", "Lilas", "Appelez-moi"),
        ("arrivée au 12 rue des Lilas. Merci", "Lilas", ". Merci"),
        ("situé au 5 Avenue des Champs-Élysées, 75008 Paris. La réservation", "Champs", "Paris. La réservation"),
    ],
)
def test_a_street_ends_at_a_sentence_s_full_stop(r: Redactor, text: str, street: str, kept: str) -> None:
    out, found = r.text(text)
    assert street not in out and kept in out and found["address"] == 1, out


@pytest.mark.parametrize("text", ["I live at 12 St. Paul Street, Boston", "send it to 0912 P.O. Box 287 Apt. 051"])
def test_an_abbreviation_s_dot_inside_a_street_does_not_end_it(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert ("Paul" not in out or "287" not in out) and found["address"] >= 1, out


@pytest.mark.parametrize(
    ("text", "street"),
    [  # an Indian address's house number by its word, with a comma before the street
        ("Mera order abhi tak House No. 221, MG Road pe nahi aaya", "MG Road"),
        ("#14, 5th Main Road, Jayanagar, Bengaluru", "Main Road"),
    ],
)
def test_a_house_number_by_its_word_and_a_comma_before_the_street(r: Redactor, text: str, street: str) -> None:
    out, counts = r.text(text)
    assert street not in out and counts["address"] == 1, out


@pytest.mark.parametrize("text", ["We sold 3, Oak Street is next", "Dept of Med 2, Univ Med Ctr Mainz"])
def test_a_bare_number_and_a_comma_before_a_street_s_words_is_no_house_number(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Livraison au 5 bis boulevard Voltaire, 75011 Paris", "5 bis boulevard Voltaire"),
        ("J'habite au 31 ter rue Oberkampf", "31 ter rue Oberkampf"),
        ("au 4 quater avenue Jean Jaurès", "4 quater avenue Jean Jaurès"),
    ],
)
def test_a_french_house_number_s_repeat_before_the_street_s_word(r: Redactor, text: str, street: str) -> None:
    out, counts = r.text(text)
    assert counts["address"] >= 1 and street.split()[0] + " " not in out and street.split()[-1] not in out, out


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Am Stadtpark 4a", "Am Stadtpark 4a"),
        ('{"street": "An der Alster 12", "city": "Hamburg"}', "Alster"),
        ("Auf dem Berg 7, 79098 Freiburg", "Berg 7"),
        ("Wir wohnen Am Mühlberg 3 seit Mai", "Mühlberg"),
        ("Bezorgen op Laan van Nieuw Oost-Indië 45", "Nieuw Oost-Indië"),  # Dutch: "Laan van" before the name
        ("Deliver to B-17, Sector 62, Noida", "B-17, Sector 62"),  # India's sector address
    ],
)
def test_a_street_named_with_no_street_s_word(r: Redactor, text: str, street: str) -> None:
    out, counts = r.text(text)
    assert street not in out and counts["address"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "Im Kapitel 3 steht mehr dazu.",
        "Am Montag 5 Leute",
        "Im Jahr 2024, als es begann",
        "Im Feld 3 stehen Werte",  # a bare landmark's word: prose's as often
        "Im Artikel 12, Absatz 3",
        "In Sector 5 the rules differ",
        "De Laan van de Mensenrechten is lang",
        "Le match se joue 3 bis rue",
    ],
)
def test_prose_after_a_preposition_or_a_repeat_is_no_street(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["address"] == 0, text


@pytest.mark.parametrize(
    "text",
    [
        "Error 502 Bad Gateway when calling the Payments API from Frankfurt.",
        "HTTP/1.1 502 bad gateway\nretrying",
        "the proxy answered 505 HTTP Version Not Supported",
    ],
)
def test_a_status_code_and_its_reason_phrase_are_no_street(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "street"),
    [  # a street whose words follow a status code's number but are not its phrase, or a number no code has
        ("Ship it to 502 Bad Axe Road, Michigan", "502 Bad Axe Road"),
        ("Deliver to 502 Gateway Drive please", "502 Gateway Drive"),
        ("We moved to 999 Bad Gateway Road last year", "999 Bad Gateway Road"),
    ],
)
def test_a_street_after_a_status_code_s_number_is_found(r: Redactor, text: str, street: str) -> None:
    assert street not in r.text(text)[0]


@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        ("Địa chỉ: Số 12 Ngõ 34 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội", ("12 Ngõ 34", "Hàng Bài")),
        ("địa chỉ của tôi là 72/623 Đường Võ Văn Tần xã An Hải TP. Đà Nẵng 34358", ("72/623", "Võ Văn Tần")),
        ("Giao hàng đến Số 6 phố số 4, Xã Hoàng Mai, TP. Hồ Chí Minh giúp tôi", ("Số 6", "Hoàng Mai")),
        ('{"dia_chi": "Số 12 ngõ 34 phố Huế, Hà Nội"}', ("12 ngõ 34",)),  # its ASCII key
        ("ที่อยู่ 99/1 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110", ("99/1", "สุขุมวิท", "10110")),
        ("ส่งของไปที่ 13 หมู่ 8 ถ.ร่มธิติรัตน์ อ.คอนสาร กระบี่ 97470 ครับ", ("ร่มธิติรัตน์", "97470")),
        ('{"ที่อยู่": "808 ถนนทีฆะ อำเภอแก้งคร้อ จังหวัดชัยภูมิ 36150"}', ("ทีฆะ", "36150")),
    ],
)
def test_vietnamese_and_thai_addresses_after_their_words(r: Redactor, text: str, secrets: tuple[str, ...]) -> None:
    out, found = r.text(text)
    assert not [s for s in secrets if s in out] and found["address"] >= 1, out


@pytest.mark.parametrize(
    "text",
    [
        "Vui lòng cập nhật địa chỉ giao hàng trong 2 ngày",  # "please update the delivery address within 2 days"
        "Địa chỉ Website: https://example.com/2; Địa chỉ ví: 0x12ab",  # a site's, a wallet's
        "ที่อยู่อีเมลของฝ่ายขาย 2 ที่",  # the sales team's email addresses
        "ที่อยู่ IP คือ 2 รายการ",
    ],
)
def test_an_address_s_word_before_no_address_finds_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Ich wohne in der Konrad-Adenauer-Straße 12, 53113 Bonn.", "Konrad-Adenauer"),
        ("Treffpunkt ist Karl-Marx-Allee 34 um 10 Uhr", "Karl-Marx"),
        ("Bitte an H.-Dieter-Faust-Str. 18 senden", "Dieter-Faust"),
        ("Prinz-Eitel-Weg 315\nOberriexingen", "Prinz-Eitel"),
    ],
)
def test_a_german_street_named_in_hyphenated_words(r: Redactor, text: str, street: str) -> None:
    out, counts = r.text(text)
    assert street not in out and counts["address"] == 1 and any(f"-{t}" in out for t in ("Str", "Allee", "Weg")), out


@pytest.mark.parametrize("text", ["Replace the O-Ring 5 times a year", "Er holte den Bronze-Platz 3", "Team-Ring 2 is"])
def test_one_hyphenated_word_before_a_street_s_word_is_no_street(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["address"] == 0, text


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Lavoro presso lo Studio Legale Ferri in via Condotti 10.", "Condotti 10"),
        ("Vi aspetto in piazza Navona 5 alle 18", "Navona 5"),
        ("Eu moro na rua da Luz, 47, em Lisboa.", "Luz, 47"),
        ("Vivo en la calle Castrillo 99, Pontevedra.", "Castrillo 99"),
    ],
)
def test_a_street_after_its_lower_case_word_in_romance_prose(r: Redactor, text: str, street: str) -> None:
    out, counts = r.text(text)
    assert street not in out and counts["address"] == 1 and another_key().text(out)[0] == out, out


@pytest.mark.parametrize(
    "text",
    [
        "I sent the money in via Zelle 5 minutes ago",
        "connect in via VPN 2",
        "Corre en la calle todos los días 5 km",
        "Vamos na avenida principal 2 vezes",
    ],
)
def test_english_via_and_other_prose_after_a_street_s_word_stay(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["address"] == 0, text


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Dr. Pérez. C/Enrique Flórez 25 41005 Sevilla.", "Flórez 25"),
        ("Remitido por: Dr. Ruiz. c/ Ibería nº 11 3-2ª 08014 Barcelona", "Ibería"),
        ("Hospital Povisa C/. Salamanca,5 36211 Vigo", "Salamanca,5"),
        ("Hospital C/ Daoiz y Velarde 8, pta. 14 46021 Valencia", "Daoiz"),
        ("Calle 13 A Nº 66 B-16 Cali - Colombia", "66 B-16"),
        ("Transversal 39 a número 71-57, apto. 501, Medellín", "71-57"),
        ("Vivo en la Carrera 7 # 32-16 de Bogotá", "32-16"),
    ],
)
def test_a_spanish_street_by_its_slash_or_a_street_named_by_a_number(r: Redactor, text: str, street: str) -> None:
    out, counts = r.text(text)
    assert street not in out and counts["address"] == 1 and another_key().text(out)[0] == out, out


@pytest.mark.parametrize(
    "text",
    ["The C/N ratio 20, ratio C/N 12", "C/Windows 10 install and C/Python 3", "Porsche Carrera 4 No. 1 in sales"],
)
def test_a_ratio_a_path_or_a_car_s_rank_is_no_street(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["address"] == 0, text


def test_a_postcode_with_its_country_s_letter_after_a_house_number_stays_a_place(r: Redactor) -> None:
    out, counts = r.text("Hospital Clínico Universitario C/ Ramón y Cajal, 3 E-47005 Valladolid")
    assert "Ramón" not in out and "E-47005 Valladolid" in out and counts["address"] == 1, out


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Árpád fejedelem útja 62. street in Budapest", "Árpád fejedelem"),
        ("A címem Kis rókus utca 129., Salgótarján.", "rókus"),
        ("Lakcím: Hősök tere 131.", "Hősök"),
    ],
)
def test_a_hungarian_street_with_lower_case_words_in_its_name(r: Redactor, text: str, street: str) -> None:
    out, counts = r.text(text)
    assert street not in out and counts["address"] == 1, out


@pytest.mark.parametrize("text", ["Az út 5 km hosszú volt.", "A siker útja 7 lépésben", "Die Straße 5 km weiter"])
def test_an_article_or_a_sentence_before_a_street_s_word_is_no_street(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["address"] == 0, text


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("eva lives at 255 hersnapvej 18, københavn k", "hersnapvej"),
        ("ich wohne in der hauptstraße 5", "hauptstraße"),
        ("Elizeboulevard 8\nPoolland", "Elizeboulevard"),
        ("Chydeniuksenkuja 669, Helsinki", "Chydeniuksen"),
    ],
)
def test_a_glued_street_type_typed_in_lower_case_or_a_dutch_or_finnish_one(r: Redactor, text: str, street: str) -> None:
    out, counts = r.text(text)
    assert street not in out and counts["address"] == 1, out


def test_english_words_ending_as_a_street_s_type_stay(r: Redactor) -> None:
    assert r.text("the brigade 5 soldiers, a necktie 2 pack, the string 4 bytes")[1]["address"] == 0


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("may i have it sent to uscgc aslakhanov\nfpo ae 44941?", "aslakhanov"),
        ("emidio lombardo\nunit 1009 box 0219\ndpo ap 51065", "1009"),
    ],
)
def test_a_military_address_typed_in_lower_case(r: Redactor, text: str, gone: str) -> None:
    out, counts = r.text(text)
    assert gone not in out and counts["address"] == 1 and another_key().text(out)[0] == out, out


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Ask the driver to stop at the corner of Main St and 5th Ave.", ["Main", "5th"], "corner of"),
        ("What is your address? it is the corner of Bygget 64 and Komel Club", ["Bygget", "Komel"], "Club"),
        ("Accident at the intersection of Clinton Hollow and Chris Valleys", ["Clinton", "Chris"], "Hollow"),
    ],
)
def test_two_streets_that_cross(r: Redactor, text: str, gone: list[str], kept: str) -> None:
    out, counts = r.text(text)
    assert not any(g in out for g in gone) and kept in out and counts["address"] == 2, out


@pytest.mark.parametrize(
    "text",
    [
        "I saw it from the corner of my eye",
        "At the corner of Haight and Ashbury",
        "the corner of Spring Boot and React apps",
        "top-left corner of Figure 3 and Table 2",
        "the intersection of Machine Learning and Biology",
    ],
)
def test_a_corner_of_other_things_is_no_street(r: Redactor, text: str) -> None:
    assert r.text(text)[1]["address"] == 0, text


def test_a_land_register_s_plot_and_sheet(r: Redactor) -> None:
    text = "she owns half a share in a plot of land (plot no. 142, sheet/plan 33/29) with buildings thereon"
    out, counts = r.text(text)
    assert "142" not in out and "33/29" not in out and counts["address"] == 1 and r.text(out)[0] == out, out
    assert r.text("see plot no. 3 in the figure")[1]["address"] == 0


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Trivo lives on Grössgstötten 50 street.", "Grössgstötten 50"),  # presidio_synth's: the street's word after
        ("Wendvane lives on 69 Av Sidi Lakhmi street.", "69 Av Sidi Lakhmi"),
        ("She lives on Baker Avenue 12.", "Baker Avenue 12"),  # a street's word in it, the number ending the phrase
    ],
)
def test_the_street_one_lives_on(r: Redactor, text: str, street: str) -> None:
    hits = [h for h in r.engine.finder.find(text) if h.kind == "address"]
    assert [text[h.start : h.end] for h in hits] == [street]


@pytest.mark.parametrize(
    "text",
    ["He lives on Mars 24 hours a day.", "it lives on Python 3.", "lives on Page 12.", "it lives on Java 21."],
)
def test_what_one_lives_on_with_a_number_and_no_street_s_word(r: Redactor, text: str) -> None:
    assert [h for h in r.engine.finder.find(text) if h.kind == "address"] == []
