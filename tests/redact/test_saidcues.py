"""The phrases that announce a personal number in prose, by language and country (``replay.redact.saidcues``)."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("My ITIN is 912-70-1234, please update it", "912-70-1234", "gov_id"),
        ("Mi NIE: X1234567L", "X1234567L", "gov_id"),
        ("NRIC S1234567D on file", "S1234567D", "gov_id"),
        ("our ABN 51 824 753 556", "51 824 753 556", "gov_id"),
        ("ACN 004 085 616", "004 085 616", "gov_id"),
        ("tax file number 123 456 782", "123 456 782", "gov_id"),
        ("my NINO is QQ 12 34 56 C", "12 34 56", "gov_id"),
        ("fiscal code RSSMRA85T10A562S", "RSSMRA85T10A562S", "gov_id"),
        ("PAN card ABCPE1234F attached", "ABCPE1234F", "gov_id"),
        ("voter id ABC1234567", "ABC1234567", "gov_id"),
        ("medical license MD123456 issued 2019", "MD123456", "gov_id"),
        ("NPI 1234567893", "1234567893", "gov_id"),
        ("DEA number AB1234563", "AB1234563", "gov_id"),
        ("my car's VIN is 1HGCM82633A004052", "1HGCM82633A004052", "gov_id"),
        ("bank account 123456789012", "123456789012", "bank_account"),
        # an airline ticket's 13 digits, an eSIM's EID (32 digits)
        ("E-ticket 1762345678901, seat 14C", "1762345678901", "gov_id"),
        ("e-ticket number: 176-2345678901", "2345678901", "gov_id"),
        ("eSIM EID 89049032000001000000012345678901 won't activate", "89049032000001000000012345678901", "device_id"),
    ],
)
def test_national_and_licence_numbers_by_their_short_names(r: Redactor, text: str, value: str, kind: str) -> None:
    out, found = r.text(text)
    assert value not in out and found[kind] == 1, out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("số CCCD 001198012345, SĐT", "001198012345"),  # Vietnam's citizen card
        ("Halo, NIK 3174091203870004, no HP", "3174091203870004"),  # Indonesia's
        ("РНОКПП 3012456780, тел.", "3012456780"),  # Ukraine's taxpayer number
        ("เลขบัตรประชาชน 1-1037-02345-67-9 เบอร์โทร", "1-1037-02345-67-9"),  # Thailand's
        ("الرقم القومي: 29001011234567", "29001011234567"),  # Egypt's
        ("کد ملی ۰۰۸۴۵۷۵۹۴۸ و شماره", "۰۰۸۴۵۷۵۹۴۸"),  # Iran's, in Persian digits
        ("জাতীয় পরিচয়পত্র নম্বর ১৯৮৭২৬৯৫০৩৪১২৮৮৭।", "১৯৮৭২৬৯৫০৩৪১২৮৮৭"),  # Bangladesh's
        ("マイナンバーは4817 2093 5617です。", "4817 2093 5617"),  # a particle joined either side
        ("身分證字號 F228136903，電話", "F228136903"),
        ("身份证号是110105198403154215", "110105198403154215"),
    ],
)
def test_national_numbers_under_the_names_their_own_people_write(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("CUIL: 30-60686190-3", "30-60686190-3"),  # Argentina's
        ("C.C. 841.725.379 de Bogotá", "841.725.379"),  # Colombia's citizen card
        ("NIT 900.123.456-7", "900.123.456-7"),
        ("CNIC No: 4894133113951", "4894133113951"),  # Pakistan's, undashed
        ("SSS number 09-5066485-4", "09-5066485-4"),  # the Philippines'
        ("my SSS no. is 01-6087324-8", "01-6087324-8"),
        ("PhilHealth no: 14-869326938-2", "14-869326938-2"),
        ("TIN 208-067-448-000", "208-067-448-000"),  # with its branch's digits
        ("SA ID: 7512013980088", "7512013980088"),  # South Africa's
        ("Thai ID 3252391330742", "3252391330742"),
        ("Nomor KTP saya 3171140501850508", "3171140501850508"),  # "saya": my, after the noun
        ("numéro d'assurance sociale 224-288-217", "224-288-217"),  # Canada's SIN in French
        ("رقمي القومي: 27902140121264", "27902140121264"),  # Egypt's, "my national number"
    ],
)
def test_national_numbers_of_latin_america_asia_and_africa_under_their_names(
    r: Redactor, text: str, value: str
) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Mi CLABE interbancaria es 014320739595248932", "014320739595248932"),  # Mexico's
        ("CBU 2850590940090418135201", "2850590940090418135201"),  # Argentina's
        ("cuenta de ahorros 123-456789-01 en Bancolombia", "123-456789-01"),
        ("no rekening BCA 1234567890", "1234567890"),  # Indonesia's
        ("STK: 0011004123456 Vietcombank", "0011004123456"),
        ("เลขบัญชี 123-4-56789-0", "123-4-56789-0"),
        ("口座番号 1234567", "1234567"),
        ("계좌번호 123456-01-234567 (국민은행)", "123456-01-234567"),
        ("银行卡号 6222021234567890123", "6222021234567890123"),
        ("BSB 062-000 account 12345678", "062-000"),
    ],
)
def test_a_bank_account_under_the_names_its_own_people_write(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["bank_account"] >= 1, out


@pytest.mark.parametrize(
    "text",
    [
        "NIT Trichy 620015 campus",  # an institute's town and postcode
        "the SSS team met on 2024-03-12",
        "The c.c. list has 12 people",
        "pag-ibig fund 2024; KTP scan page 2; Thai ID card photo",
        "unit 123456 shipped; tin 2 of 3; Artikel 4711, Stk: 250 x 12,50 EUR",
        "De rekening van 123456 euro is betaald",  # Dutch's bill: Indonesian's "rekening" only with its number's word
        "BSB batch v2.1.0",
    ],
)
def test_those_names_in_other_senses_or_before_no_number_find_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("South African ID = 7303048258181", "7303048258181"),
        ('{"sa_id": "6804154912181", "plan": "gold"}', "6804154912181"),  # a JSON key's, a form's short name
        ("sa_id=6404121358186&lang=en", "6404121358186"),
        ("NAS: 301-545-893", "301-545-893"),  # Canada's SIN by its French short name
        ('{"customer": {"nas": "739843167"}}', "739843167"),
        ("my number card number: 5626 9003 3184", "5626 9003 3184"),  # Japan's My Number in English
        ("RRN 8004112588483", "8004112588483"),  # Korea's, undashed
        ("resident registration number = 930402-1304866", "930402-1304866"),
        ('{"residentRegistrationNo": "7605212829092"}', "7605212829092"),
        ("jumin=5609091110036&lang=en", "5609091110036"),
        ("Kenya ID = 39507108", "39507108"),
        ('{"kenya_id": "31986551"}', "31986551"),
        ("Please verify ID no. 31376846 for me", "31376846"),  # a verb before it: no thing's id
    ],
)
def test_bare_national_numbers_after_their_names_in_prose_keys_and_forms(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"rg": "12.345.678-9"}', "12.345.678-9"),  # Brazil's RG by its shape after its short name
        ("rg=328372534&uf=SP", "328372534"),
        ('{"RG": "MG-68.367.246", "orgao_emissor": "SSP"}', "MG-68.367.246"),
        ("meu RG é 39.391.958-0", "39.391.958-0"),
        ("<rg>18.369.202-X</rg>", "18.369.202-X"),
    ],
)
def test_brazil_s_rg_by_its_shape(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        '{"rg": "my-resource-group", "location": "eastus"}',  # Azure's resource group
        "az vm list --rg prod-rg; rg=dev; rg=12345",
        '{"rg": 12, "org": "12345678"}',
        "RG 2024-03-12 at hamburg 20095",
        "ISO 8583 field 37 RRN 123456789012",  # a card payment's retrieval reference: 12 digits
        "Kenya ID 2024 summit; SIN 2024; jumin 2",
    ],
)
def test_a_resource_group_a_retrieval_reference_and_short_counts_are_kept(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


def test_a_nas_address_is_an_address_not_a_sin(r: Redactor) -> None:
    out, found = r.text("NAS 192.168.1.10 is full")
    assert found == {"ip": 1}, (out, found)


@pytest.mark.parametrize("text", ["Nik 12345 pts", "the nik 2024 dataset", "CMND-2024 release", "technik 31740"])
def test_a_national_number_s_short_name_before_another_length_finds_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "secret"),
    [  # Nannigalaxy/PII-synthetic_dataset (MIT): a patient's numbers, a TIN, a quoted PAN
        ("Patient ID AHC-0933289 was attached to the wrong chart", "0933289"),
        ("linked patient ID PHX-839221 with another record", "839221"),
        ("Patient MRN 4410-2291 was updated", "4410-2291"),
        ("Greg's TIN 11-4391209 appeared in a spreadsheet", "4391209"),
        ("Mr. Patel's PAN card number 'ABPCJ4567R' and his mobile", "ABPCJ4567R"),
        ("Patient MRN ALPHA-442021 and insurance code", "442021"),  # a record system's code before the number
        ("Medical file #MXC-438220 was sent", "438220"),
        ("a claim submitted by Policyholder ID 7654321 was investigated", "7654321"),
    ],
)
def test_patient_and_tax_numbers(r: Redactor, text: str, secret: str) -> None:
    out, counts = r.text(text)
    assert secret not in out and counts["gov_id"] == 1, out
    assert "Patel's" not in text or "'s PAN" in out  # the possessive stays the sentence's


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("UK self assessment: my UTR is 1234567890.", "1234567890"),
        ("USCIS case: my A-number is A-203-456-789.", "203-456-789"),
        ("Alien Registration Number: A087654321. Passport: x", "A087654321"),
        ("receipt number IOE0912345678, filed in May", "IOE0912345678"),
        ("My pharmacy Rx number is RX7734291.", "RX7734291"),
        # a tool call's arguments: a JSON key's escaped quotes between the cue and its value
        ('{\\"prescriber_npi\\": \\"1902837465\\", \\"a_number\\": \\"A212345678\\"}', "1902837465"),
        ('{\\"prescriber_npi\\": \\"1902837465\\", \\"a_number\\": \\"A212345678\\"}', "A212345678"),
        ("Мой паспорт 4510 123456, СНИЛС 112-233-445 95.", "4510 123456"),
        ("Мой паспорт 4510 123456, СНИЛС 112-233-445 95.", "112-233-445 95"),
        ("הטלפון שלי ותעודת הזהות 123456782.", "123456782"),  # "and the identity card": a prefix joined to it
        ('{"patient": {"first_name": "Lucas", "insurance_member_id": "UHC77310294"}}', "UHC77310294"),
        ("Green card number (USCIS#): 123-456-789, category IR1", "123-456-789"),
        ("Prescription label: Rx# 6628410  Take 1 tablet daily", "6628410"),
    ],
)
def test_immigration_tax_prescription_and_non_latin_numbers(r: Redactor, text: str, secret: str) -> None:
    out, counts = r.text(text)
    assert secret not in out and counts["gov_id"] >= 1, out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Meine Reisepassnummer lautet C4J7XN2R9, bitte", "C4J7XN2R9"),  # Germany's: four digits
        ("mon numéro de passeport est 18AV62917", "18AV62917"),
        ("Mi número de pasaporte es PAK318842 y viajo", "PAK318842"),
        ("passport no. XK48QZ7T expires", "XK48QZ7T"),
    ],
)
def test_a_passport_s_number_of_few_digits_after_its_word(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize("text", ["passport 2 photos", "passport photo 2 inches", "passport office, Room 12"])
def test_passport_before_a_short_number_finds_nothing(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert out == text and not found, out


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Schengen visa number FRA004187239, valid from 01.07", "FRA004187239"),
        ("My Ontario health card number is 3378-313-088-KT. Is it", "3378-313-088"),
        ("PHN 9123 456 789 on the form", "9123 456 789"),
        ("Meine Miles & More Servicekartennummer ist 992004718293645, bitte", "992004718293645"),
    ],
)
def test_a_visa_s_a_health_card_s_and_a_miles_card_s_number_after_its_word(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out


def test_a_health_card_s_word_before_no_number_finds_nothing(r: Redactor) -> None:
    text = "OHIP covers physiotherapy in 2024; the phn is a field"
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Can you check booking reference Q3ZK8N on BA117 tomorrow?", "Q3ZK8N"),
        ("Mein Buchungscode ist 4QZ8WR, Flug LH400", "4QZ8WR"),
        ("PNR: XKQTPM", "XKQTPM"),  # letters only
        ("booking reference 12345678 at the hotel", "12345678"),  # another shape, an id's digits
    ],
)
def test_a_booking_s_reference_after_its_word(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out
    assert "BA117" in out or "BA117" not in text, out  # the flight stays


@pytest.mark.parametrize("text", ["booking reference is below", "your booking code: abc123", "the PNR field: ABCDEFGH"])
def test_a_booking_s_word_before_no_reference_finds_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Our tool shows Android ID 9f3c21a7b48e06d5 for the user", "9f3c21a7b48e06d5"),
        ("GAID a772bf20-048c-4f47-b258-d46d590cd139 and", "a772bf20-048c-4f47-b258-d46d590cd139"),
        ("IDFA: 6D92078A-8246-4BA4-AE5B-76104861E7DC", "6D92078A-8246-4BA4-AE5B-76104861E7DC"),
    ],
)
def test_a_phone_s_advertising_id_and_android_id_after_their_words(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["device_id"] == 1, out


def test_an_advertising_id_s_word_before_no_id_finds_nothing(r: Redactor) -> None:
    text = "the GAID is resettable; Android ID 12345 units; passport ABCDEF"
    assert r.text(text) == (text, {})


@pytest.mark.parametrize("text", ["mi RFC es HERA850312K57, gracias", "Mariana sent the RFC: HERA850312K57."])
def test_mexico_s_taxpayer_number_after_its_word(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert "HERA850312K57" not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize("text", ["see RFC 7231 for details", "RFC 123456 is no standard", "rfc1918 addresses"])
def test_a_standard_s_rfc_number_stays(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("My car AB 123 CD got scratched in your parking lot", "AB 123 CD"),
        ("mein Auto B-MW 4521 steht vor der Tür", "B-MW 4521"),
        ("the car 1234 BCD was towed", "1234 BCD"),
        ("my car is KX68 FBN, a blue Fiesta", "KX68 FBN"),
    ],
)
def test_a_country_s_plate_after_a_vehicle_s_word(r: Redactor, text: str, plate: str) -> None:
    out, found = r.text(text)
    assert plate not in out and found["license_plate"] == 1, out


@pytest.mark.parametrize(
    "text",
    ["my car RAV4 broke down", "the van 2024 model", "a car 2024 BMW 330i", "my car BMW X5 is red", "car ISO 9001"],
)
def test_a_vehicle_s_word_before_a_model_or_a_year_finds_nothing(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "text", ["Paid by IMPS, UTR 431298765012, still pending", "NEFT UTR HDFCN52022062412345678 credited"]
)
def test_an_indian_bank_transfer_s_utr_is_no_taxpayer_s(r: Redactor, text: str) -> None:
    # the UK's UTR has ten digits; India's names a transfer (12 digits, or NEFT's letters and digits)
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "dob"),
    [
        ("Hastane randevusu: doğum tarihim 04.02.1961, Dr. Özkan", "04.02.1961"),
        ("病院の予約。生年月日 1975年3月8日。担当は高橋先生", "1975年3月8日"),
        ("환자 생년월일 1982년 7월 14일, 연락처 없음", "1982년 7월 14일"),
        ("患者出生日期：1990年5月3日", "1990年5月3日"),
        # Taiwan's, in the year of the Republic (民國85年 is 1996)
        ("出生日期：民國85年3月2日", "民國85年3月2日"),
        ("我的生日是民國79年5月17日", "民國79年5月17日"),
        ("生日 85年3月2日，謝謝", "85年3月2日"),
        ("تاريخ الميلاد 12/03/1985", "12/03/1985"),
        ("जन्म तिथि 15-08-1990", "15-08-1990"),
        # said of someone else, or the birth's noun alone before its date (an agent's memory, a CRM note)
        ("Datos del usuario: vive en Madrid; nació el 25/12/1968.", "25/12/1968"),
        ("Fatos do usuário: nasceu em 12/09/1979.", "12/09/1979"),
        ("Cliente Ana Lima (nascimento 19/11/1987) pediu outro cartão.", "19/11/1987"),
    ],
)
def test_a_birth_date_named_in_more_languages(r: Redactor, text: str, dob: str) -> None:
    out, counts = r.text(text)
    assert dob not in out and counts["dob"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "Doğum tarihi ve yeri soruldu",
        "生年月日を入力してください",
        "생년월일 확인 후 2024년 접수",
        "生日快樂！",
        "公司成立於民國85年3月2日",
        "會議於民國113年5月6日舉行",
        "La empresa nació el año pasado en Lima",
        "certidão de nascimento pedida em 2019",
    ],
)
def test_a_birth_date_s_name_with_no_date_after_it_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("alla guida del veicolo targato FG 482 KT.", "FG 482 KT"),
        ("auto targata GH731PL intestata a un'azienda", "GH731PL"),
    ],
)
def test_a_vehicle_plated_in_italian(r: Redactor, text: str, plate: str) -> None:
    out, counts = r.text(text)
    assert plate not in out and counts["license_plate"] == 1, out


@pytest.mark.parametrize("text", ["un'auto targata Milano", "una moto targata 2024, bella"])
def test_plated_before_no_plate_s_shape_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Alessio Ferraro (matricola 58231) ha preso 9", "58231"),
        ("학생 이서연(학번 20231045), 어머니", "20231045"),
        ("学生：张子涵，学号 2023104518，家长", "2023104518"),
        ("رقمها الأكاديمي 441203587، بخصوص غيابها", "441203587"),
        ("रोल नंबर 2231874, कक्षा 12", "2231874"),
        ("Öğrenci numarası 204518, sınıfı 9-B", "204518"),
        ("enrolment number 22BCE1043 at VIT", "22BCE1043"),
    ],
)
def test_a_student_s_number_named_in_more_languages(r: Redactor, text: str, number: str) -> None:
    out, counts = r.text(text)
    assert number not in out and counts["gov_id"] == 1, out


@pytest.mark.parametrize("text", ["la matricola del motore è illeggibile", "roll no. 4 of the class photo"])
def test_a_student_number_s_word_with_no_number_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Strom: Marktlokation 51238696781, Abschlag 98 € im Monat", "51238696781"),
        ("Mijn EAN-code is 541448820012345678, leverancier Engie", "541448820012345678"),
        ("Autolettura: codice POD IT001E12345678, lettura 18342", "IT001E12345678"),
        ("Factura de luz, CUPS: ES0021000000123456AB", "ES0021000000123456AB"),
        ("انقطعت الكهرباء. رقم العداد 4018273645، الاسم", "4018273645"),
    ],
)
def test_a_home_s_supply_point_on_an_energy_bill(r: Redactor, text: str, number: str) -> None:
    out, counts = r.text(text)
    assert number not in out and counts["gov_id"] == 1, out


@pytest.mark.parametrize("text", ["EAN code 4006381333931 on the box", "Scan the EAN-code of the product"])
def test_a_product_s_ean_code_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # a loan's, a customer's and a current account's numbers by their names in several languages
        ("votre prêt bancaire avec le numéro 9823765012 a été approuvé", "9823765012", "bank_account"),
        ("Het leningnummer is 874562310. We", "874562310", "bank_account"),
        ("Ihre Darlehensnummer lautet 4711002233.", "4711002233", "bank_account"),
        ("o número da conta 12345678-9 está ativo", "12345678-9", "bank_account"),
        ("refunds (ACC: ING1234567890) and", "ING1234567890", "bank_account"),
        ("pension (ACCNUM: PUNJABNRA7890123456).", "PUNJABNRA7890123456", "bank_account"),
        ("member accounts like 9021003456 from", "9021003456", "bank_account"),
        ("IFSC Code 'HDFC0001234'. Also", "HDFC0001234", "bank_account"),
        # India's PAN by its shape after its bare word, and after "PAN card" with fewer digits
        ("The PAN 'ABCDE1234F', Aadhar number", "ABCDE1234F", "gov_id"),
        ("the PAN card number 'VIKRSINGH789XP'.", "VIKRSINGH789XP", "gov_id"),
        # identity cards and driving licences in German, Spanish, Portuguese, French
        ("ihre neue Identitätskarte mit der Nummer IDK123456789.", "IDK123456789", "gov_id"),
        ("mi cédula de identidad es 1712345678", "1712345678", "gov_id"),
        ("carteira de habilitação nº 01234567890", "01234567890", "gov_id"),
        ("numéro de permis 12AB34567", "12AB34567", "gov_id"),
        # a taxpayer's number by its long names
        ("De belastingidentificatienummer van Jan de Vries is 987654321. Hij", "987654321", "gov_id"),
        ("o meu número de contribuinte é 123456789", "123456789", "gov_id"),
    ],
)
def test_accounts_loans_and_documents_named_in_more_languages(r: Redactor, text: str, value: str, kind: str) -> None:
    out, found = r.text(text)
    assert value not in out and found[kind] == 1, out
    assert r.text(out)[0] == out  # what was written is not found again


@pytest.mark.parametrize(
    "text",
    [
        "a frying pan ABCDE; the PAN 12; pan 1234 g; Japan ABCDE1234F",
        "the IFSC field; IFSC code lookup; konto 123; mein Konto bei der Bank; cuenta 2024",
        "préstamo de 150000 euros; prestito di 20000; loan number 12; le compte client est créé",
    ],
)
def test_an_account_s_or_a_pan_s_word_before_no_number_finds_nothing(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "value"),
    [("العنوان الوطني RRRD2929", "RRRD2929"), ("National Address: RIYA1234", "RIYA1234")],
)
def test_a_saudi_short_national_address_after_its_name(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["address"] == 1, out


@pytest.mark.parametrize("text", ["national address registration opens 2024", "National Address API v2"])
def test_the_national_address_s_name_before_no_code_finds_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "value", "pseudonym"),
    [
        ("CEP 01310-100", "01310-100", "99999-999"),
        ("meu CEP é 04538133, obrigado", "04538133", "99999999"),
        ("São Paulo - SP, CEP: 01304-001", "01304-001", "99999-999"),
        ('{"cep": "22041-001", "cidade": "Rio de Janeiro"}', "22041-001", "99999-999"),
        ("postal code K1A0B1", "K1A0B1", "K9A9B9"),
        ("my postal code M5V 3L9 please", "M5V 3L9", "M9V 9L9"),
        ("code postal H2X1Y4", "H2X1Y4", "H9X9Y9"),
        ("postcode SW1A2AA", "SW1A2AA", "SW9A9AA"),
    ],
)
def test_a_street_s_postcode_after_its_name_in_prose(r: Redactor, text: str, value: str, pseudonym: str) -> None:
    assert r.text(text)[0] == text.replace(value, pseudonym)


@pytest.mark.parametrize(
    "text",
    [
        "CEP format is 00000-000 in the form",
        "except 12345-678 rows",
        "concept 01310-100",
        "postal code format A1A 1A1",
        "postal code 90210",
        "postal code is required",
        "CEP 99999-999",
    ],
)
def test_a_postcode_s_name_before_another_shape_or_a_pseudonym_finds_nothing(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Pass-Nr.: F12345671", "F12345671"),  # German's short form, as "Reisepass-Nr."
        ("Passports: AB1234567 (Anna), CZ6311T03 (Jo)", "AB1234567"),
        ("my travel document is A12803456", "A12803456"),  # ICAO's name for it, forms' and airlines'
        ("Travel document number: 18AV62917, expires 2031", "18AV62917"),
    ],
)
def test_a_passport_under_its_plural_its_short_german_name_and_icao_s_name(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] >= 1, out


@pytest.mark.parametrize("text", ["travel documents are ready", "travel document: expired", "passports: 2 of 3"])
def test_those_passport_words_before_no_number_find_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "value"),
    [("Plates: APP-456CV and more", "APP-456CV"), ("plates: DKR-4821", "DKR-4821"), ("Plaka: 34ABC1234", "34ABC1234")],
)
def test_plates_under_their_plural_and_turkish_word(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["license_plate"] == 1, out
    assert r.text("plates 3 and 4") == ("plates 3 and 4", {})  # a plate's shape must follow


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("LANR: 123456601 des behandelnden Arztes.", "123456601"),
        ("Arztnummer 987654401 auf dem Rezept.", "987654401"),
        ("eGK-Nummer M123456785 bitte angeben.", "M123456785"),
        ("KVNR M123456785", "M123456785"),
        ("RVNR: 15070649C103", "15070649C103"),
        ("SV-Nummer: 15070649C103 laut Ausweis", "15070649C103"),
        ("The MBI is 1EG4TE5MK73 for this patient", "1EG4TE5MK73"),
        ("대한민국 여권 S87654321", "S87654321"),
    ],
)
def test_health_pension_and_doctor_numbers_by_their_short_names(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize("text", ["100 Mbit 4EF6GH8JK12", "MBI: none yet", "여권 사진 2장", "LANR: bitte nachreichen"])
def test_those_short_names_inside_words_or_before_no_number_find_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
