"""Personal numbers and dates said in prose after the words that name them (``replay.redact.said``)."""

from __future__ import annotations

import orjson
import pytest

from replay.redact import Redactor
from replay.redact.said import _id_end

FOUND = [
    ("passport no. X1234567 expires soon", "X1234567", "gov_id"),
    ("Passport #: 533380006", "533380006", "gov_id"),
    ("my driver's license is D1234567", "D1234567", "gov_id"),
    ("driving licence number MORGA753116SM9IJ", "MORGA753116SM9IJ", "gov_id"),
    ("my ssn is 078051120", "078051120", "ssn"),
    ("social security number: 078-05-1120", "078-05-1120", "ssn"),
    ("national insurance no AB 12 34 56 C thanks", "12 34 56", "gov_id"),
    ("NHS number 943 476 5919", "943 476 5919", "gov_id"),
    ("tax id 12-3456789", "3456789", "gov_id"),
    ("SIN 046 454 286", "046 454 286", "gov_id"),
    ("routing 021000021 account 000123456789", "000123456789", "bank_account"),
    ("sort code 12-34-56, account number 12345678", "12345678", "bank_account"),
    # a payslip's short words: "Sort" before a sort code's shape, "Acc" before an account's digits
    ("Bank: Lloyds  Sort 30-94-21  Acc 41882736", "30-94-21", "bank_account"),
    ("Bank: Lloyds  Sort 30-94-21  Acc 41882736", "41882736", "bank_account"),
    ("card ok, cvv 123", "cvv 123", "cvc"),
    ("DOB 1987-04-05", "1987-04-05", "dob"),
    ("born on 04/05/1987 in Leeds", "04/05/1987", "dob"),
    ("I was born 12 March 1990.", "March 1990", "dob"),
    ("I was born on March 3, 1987 in Leeds", "1987", "dob"),  # the month leads the date
    ("I was born on March 3rd, 1987", "1987", "dob"),
    ("D.O.B. 03-Mar-1987", "1987", "dob"),
    ("DOB 19870303 sex F", "19870303", "dob"),
    ("DOB: Tuesday, March 3, 1987", "1987", "dob"),
    ("date of birth - the 4th of May 1990", "May 1990", "dob"),
    ("Thanks! d.o.b. 26.08.1941 E-mail: x", "26.08.1941", "dob"),
    ("DL# Z86493605 The box", "Z86493605", "gov_id"),
    ("my dl no. D1234567", "D1234567", "gov_id"),
    ("mi DNI es 12345678Z", "12345678Z", "gov_id"),
    ("user details were stored under ID number 987654321L in", "987654321L", "gov_id"),  # a preposition before
    ("codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S", "gov_id"),
    ("PESEL 85010112345", "85010112345", "gov_id"),
    ("nacido el 14/03/1987", "14/03/1987", "dob"),
    ("geboren am 14.03.1987 in Köln", "14.03.1987", "dob"),
    ("née le 14/03/1987", "14/03/1987", "dob"),
    ("nata il 3 marzo 1985", "1985", "dob"),
    ("nacido el 14 de marzo de 1987", "1987", "dob"),
    ("geboren am 14. März 1987", "1987", "dob"),
    # a patient's record and insurance numbers, a doctor's board number (MEDDOCAN's Spanish reports' header forms)
    ("NHC: 5467980.", "5467980", "gov_id"),
    ("NASS:  29 23892036 09.", "23892036", "gov_id"),
    ("Dra. Ana Ruiz  NºCol: 46 28 52938.", "52938", "gov_id"),
    ("prontuário 0012345 do paciente", "0012345", "gov_id"),
    # a card named in other languages, its number a few words on, its Luhn check failed (a typo, a made-up number)
    ("zijn creditcard waarvan het nummer is 1234 5678 9101 1121 en", "9101 1121", "card"),
    ("mit ihrer VISA-Karte, Nummer 9876-5432-1098-7654, die am 05/23 abläuft", "1098-7654", "card"),
    ("Le numéro de carte est 4972 8012 1234 5678 avec", "1234 5678", "card"),
    ("número de tarjeta 4111 1111 1111 1112.", "1111 1112", "card"),
    # born in a place, then the date; a date of birth a few words after its name
    ("è nato a Firenze il 12 marzo 1985.", "1985", "dob"),
    ("Sa date de naissance est le 5 mai 1985.", "1985", "dob"),
    ("Mein Geburtsdatum ist der 15. Mai 1985 und", "1985", "dob"),
    # an article, "that" or "with" between a name and its value; a plate's last letters after a dash
    ("mon compte bancaire est le 12345678. Veuillez", "12345678", "bank_account"),
    ("il suo passaporto con numero P12345678 scade", "P12345678", "gov_id"),
    ("numero di codice fiscale, che è BNCMRC80A01H501K, e", "BNCMRC80A01H501K", "gov_id"),
    ("la voiture immatriculée AB-123-CD, a été", "-CD", "license_plate"),
    ("met identiteitskaartnummer 987654321, werd", "987654321", "gov_id"),
    # Luhn-valid numbers after "card" whose issuer prefix the digit pass does not know (presidio-research's
    # synth_dataset_v2: old 15-digit JCB numbers, a 12-digit one)
    ("My credit card 180001894718246 has been lost", "180001894718246", "card"),
    ("Please block card no 213175197796454", "213175197796454", "card"),
    ("redeem points won on credit card 060426070011 transactions", "060426070011", "card"),
    ("the last billed amount for cc 3509413199654323 please", "3509413199654323", "card"),
    # a card's or an IBAN's number named as one, its check failed (a typo, a made-up number): the name and the
    # shape say what it is
    ("charged to debit card number 4929-1234-5678-9012 twice", "4929-1234-5678-9012", "card"),
    ("my credit card 5500 1111 2222 3333 expired", "5500 1111 2222 3333", "card"),
    ("send it to IBAN DE12 3456 7890 1234 5678 90 today", "DE12 3456 7890 1234 5678 90", "iban"),
    ("IBAN: FR7612345678901234567890189", "FR7612345678901234567890189", "iban"),
    # a label before the value
    ("her driver's licence number DL: K88204471 was copied", "K88204471", "gov_id"),
    ("medical record MRN_5531902 attached", "5531902", "gov_id"),
    # a card-like run inside letters is the id's own: the digit pass does not read it there
    ("payee account number ABCD4111111111111111 on file", "ABCD4111111111111111", "bank_account"),
    # a car's plate
    ("the car with license plate 7KQP392 was towed", "7KQP392", "license_plate"),
    ("Vehicle registration: KD-7731-RT, blue sedan", "KD-7731-RT", "license_plate"),
    # ids named in Polish (their cases), German, French, Spanish, Italian and Dutch; a key-value table's row
    ("prosimy podać numer NIP: 060-270-26-60.", "270-26", "gov_id"),
    ("legitymującym się dowodem osobistym nr ABK323847.", "ABK323847", "gov_id"),
    ("numer paszportu: JS6-088212", "088212", "gov_id"),
    ("Prawo jazdy: 048736372.", "048736372", "gov_id"),
    ("numer VIN pojazdu: WVW0000004RZPEJEN.", "WVW0000004RZPEJEN", "gov_id"),
    ("Nr rej.: WX 22488B.", "22488B", "license_plate"),
    # an IBAN said as a bank account: counted as the IBAN it is, with the pseudonym it gets anywhere
    ("numer rachunku bankowego: PL38-0000-0000-0020-2607-9178-2215.", "2607-9178-2215", "iban"),
    ("12 | rejestr | numer PESEL | 80040 326337 | sprawdzono", "326337", "gov_id"),
    ("Meine Reisepassnummer lautet C01X3456792.", "C01X3456792", "gov_id"),
    ("das Kennzeichen B-MA 1234 ist gemeldet", "B-MA 1234", "license_plate"),
    ("Mon numéro de passeport est 12AB34567.", "12AB34567", "gov_id"),
    ("plaque d'immatriculation AA-123-BB", "AA-123-BB", "license_plate"),
    ("número de pasaporte: PAB123456", "PAB123456", "gov_id"),
    ("il numero di patente è U1234567", "U1234567", "gov_id"),
    ("mijn rijbewijsnummer is 5123456789", "5123456789", "gov_id"),
    ("geboren op 5 januari 1987 in Utrecht", "januari 1987", "dob"),
    ("urodzony 12 marca 1985 w Krakowie", "marca 1985", "dob"),
    # a hospital stay's number and a health card's code (MEDDOCAN's forms), a doctor's board number of 4 digits
    ("servicio=Urologia&episodio=8349623&medico=X", "8349623", "gov_id"),
    ("Episodio: 1583097461454. Ingreso urgente", "1583097461454", "gov_id"),
    ("CIPA: 178945", "178945", "gov_id"),
    ("Dra. Ana Ruiz NºCol: 28 28", "28 28", "gov_id"),
    # the numbers an employer, a school, an insurer, an airline, a phone company or a utility gives one person
    ("employee ID 127854, driver's license", "127854", "gov_id"),
    ("I'm Siddharth (employee #44821).", "44821", "gov_id"),
    ("student ID S20418832, Year 9", "S20418832", "gov_id"),
    ("Student No: 7781204", "7781204", "gov_id"),
    ("Schülernummer 40917, Klasse 7a", "40917", "gov_id"),
    ("insurance policy #88291-LK was attached", "88291", "gov_id"),
    ("frequent flyer number BA 84739201.", "84739201", "gov_id"),
    ("carte Flying Blue 2004517788.", "2004517788", "gov_id"),
    ("Known Traveler Number: 98712345", "98712345", "gov_id"),
    ("meine Kundennummer 4001928374.", "4001928374", "gov_id"),
    ("référence client 4012345678.", "4012345678", "gov_id"),
    ("Zählernummer 1ESY1160123456, Vertragskonto 8001234567", "8001234567", "gov_id"),
    ("bastidor VF1RFB00X56789012.", "VF1RFB00X56789012", "gov_id"),
    ("IMEI 356938035643809, SIM", "356938035643809", "device_id"),
    ("SIM ICCID 8944110068256270054, ok", "8944110068256270054", "device_id"),
    ("IMSI: 310260123456789.", "310260123456789", "device_id"),
    ("account PIN 4821. The number", "4821", "otp"),
    ("Her account PIN is 9052.", "9052", "otp"),
    ("mon code PUK 12345678 et", "12345678", "otp"),
    # a birth date said of oneself to a bot, in German, Spanish, Portuguese and Polish
    ("Ich bin am 07.11.1979 in Bonn geboren", "07.11.1979", "dob"),
    ("Geboren bin ich am 30.01.1968.", "30.01.1968", "dob"),
    ("Yo nací el 3 de octubre de 1975 en Sevilla", "1975", "dob"),
    ("Eu nasci em 14/02/1983, em Recife", "14/02/1983", "dob"),
    ("Urodziłam się 02.09.1971 w Gdańsku", "02.09.1971", "dob"),
    # born's abbreviations before a date: German and Dutch, Polish, Swedish
    ("Frau Gerlinde Wachtelhuber, geb. 12.04.1981, wohnhaft in", "12.04.1981", "dob"),
    ("Jan Kowalski, ur. 3.05.1977 w Krakowie", "3.05.1977", "dob"),
    ("Anna Svensson, född 1984-03-02", "1984-03-02", "dob"),
    # Belgium's national number by its register's name, its parts joined by dots
    ("numéro de registre national : 71.02.14-217.65, merci", "71.02.14-217.65", "gov_id"),
    ("mijn rijksregisternummer is 90.12.03-451.27", "90.12.03-451.27", "gov_id"),
    ("Miles & More membership: 992004567812", "992004567812", "gov_id"),
    # a clause between a document's or an account's name and its number, which names it again or says it is
    ("Het identiteitskaartnummer van Anna de Vries is XY98765432. Zij", "XY98765432", "gov_id"),
    ("uw identiteitskaartnummer is gewijzigd naar ID24681357. Houd", "ID24681357", "gov_id"),
    ("ik moest mijn rijbewijsnummer opgeven, dat is RJN123456789.", "RJN123456789", "gov_id"),
    ("un compte bancaire chez Crédit Agricole avec le numéro 987654321.", "987654321", "bank_account"),
    ("Ihr Reisepass hat die Nummer X1234567.", "X1234567", "gov_id"),
    ("the passport number of Mr John Smith is 533380006", "533380006", "gov_id"),
    # a document's number of few digits among its capitals, as a passport's
    ("il mio numero di patente è AB123CD. Ho", "AB123CD", "gov_id"),
    ("driver's license number for verification purposes DL:AB12-34CD-56EF, and", "AB12-34CD-56EF", "gov_id"),
    # an account's or a card's last four digits
    ("his checking account number ending with 7854 and routing", "7854", "bank_account"),
    ("the card ending in 4821 was declined", "4821", "card"),
    # a card's and a document's expiry and issue dates in prose, with the card or the document before them
    ("een nieuwe creditcard ontvangen met een vervaldatum van 09/25. Ik", "09/25", "expiry"),
    ("Mijn creditcard, die zal vervallen op 08/24, moet", "08/24", "expiry"),
    ("numéro de carte de crédit 4000-0050-1563-5593, qui expire le 05/24. Selon", "05/24", "expiry"),
    ("Kreditkarte mit dem Ablaufdatum 05/25 bekommen", "05/25", "expiry"),
    ("credit card for an online purchase (****7890, expiry 12/25) and", "12/25", "expiry"),
    ("mijn paspoort, dat is uitgegeven op 15 september 2018, verloopt op 12 juni 2024.", "15 september 2018", "expiry"),
    ("mijn paspoort, dat is uitgegeven op 15 september 2018, verloopt op 12 juni 2024.", "12 juni 2024", "expiry"),
    ("il suo passaporto con numero X1234567 scade il 15 ottobre 2025. La", "15 ottobre 2025", "expiry"),
    ("My passport expires on 2031-04-01, can I still travel?", "2031-04-01", "expiry"),
    # a birth said in Russian and Ukrainian (the months in their genitive), Thai, Argentina's abbreviation, Tagalog's
    # "my" after the noun
    ("я родился 5 марта 1990 года", "5 марта 1990", "dob"),
    ("дата народження 03.09.1989", "03.09.1989", "dob"),
    ("народилася 3 вересня 1989 року", "3 вересня 1989", "dob"),
    ("วันเกิด 12/05/1990", "12/05/1990", "dob"),
    ("fecha de nac.: 22/05/1979", "22/05/1979", "dob"),
    ("birthday ko June 12, 1994", "June 12, 1994", "dob"),
]


@pytest.mark.parametrize(("text", "secret", "kind"), FOUND, ids=[f[2] + str(i) for i, f in enumerate(FOUND)])
def test_found_and_replaced(r: Redactor, text: str, secret: str, kind: str) -> None:
    out, counts = r.text(text)
    assert secret not in out, out
    assert counts[kind] >= 1, counts
    assert r.text(out)[0] == out  # what was written is not found again


KEPT = [
    "the passport office opens at 9; renew your passport before 2030; passport photo 2 inches",
    "I was born in London, born in 1990 and raised in Leeds",
    "the account was created in 2019; account 42 of 100; routing table has 1024 entries",
    "sin(x) = 0.5 for 30 degrees; ein Haus mit 3 Zimmern; adobe 12345678",
    "ID number format is described in RFC 4122; order id number 12345 shipped",
    "The cvv field is required; Birthday party on Saturday at 5pm; date of birth must be a valid date",
    "license plate recognition v2.3.1, Apache License 2.0, tax id is optional, dob field empty",
    "dl 5 files then handle 12345678 in the middle; DL 2024 release",
    "el DNI es obligatorio; Steuernummer fehlt; geboren am Rhein",
    "gift card 1234567890 and loyalty card 123456789012 (no Luhn); discard 180001894718246",
    "credit card 1234 5678 (a short one); credit card no. 12; IBAN field is required; IBAN: see the invoice",
    "number plate recognition in 2 cameras; the license plate field; vehicle registration is due in May",
    "nip it in the bud; the snippet 12345678 runs; Reisepass beantragen; la targa è blu; paspoort verlopen",
    "Mijn creditcard is sinds 08/24 geblokkeerd; mi cumpleaños es el 5 de mayo; nato a Roma nel 1950",
    # an expiry's word with no card or document before it, a software licence's, a form's field (read by its key)
    "the offer expires on 05/25; your license expires on 2025-12-31; the token expired 2024-01-01",
    "credit_card=4000009500274413&expiration date=04/27&week_day=Tuesday; card expiration_date=08/30",
    # a clause about another number, a document's number of few digits that is no run, an amount after a loan
    "my bank account was charged, the order number is 12345678; the account has been closed, the ID is 12345678",
    "driving licence 12 points; identity card 2 photos; prêt bancaire de 150000 euros; prêt bancaire 150000 €",
    "a frying pan ABC123D; the pan 2003 model; the card is ending soon",
    "cf. Smith 2010; the passport office with 12 desks; la targa è blu, OK",
    "el episodio 3 de la serie; episodio 12 de 2024; NºCol: 28; colegiado desde 1990",
    "the medical file is big; medical file 2 of 3; MRN FORMAT-1 docs; Policyholder ID card lost",
    # an Indian postcode, a pin of a board, a PIN's rules; a policy's number of steps; a SIM's name
    "PIN code 560001, Bengaluru; pin 13 of the header; the PIN must have 4 digits; PIN 12ab",
    "policy number 3 of the handbook; insurance policy renewal; the student ID card; IMEI 12345",
    "ticket number 48213 is closed; EID 12345; Eid al-Fitr 2026",
    # the cues of a birth date said of oneself with no date after them; a membership's term
    "ich bin am Bahnhof um 12.03 Uhr; nasci em Lisboa em 1990; gym membership: 12 months",
    # a maiden name after "geb.", a sentence's "ur." inside a word ("your. 12 items")
    "the form says geb. Schmidt; your. 12.04.1981 is the day; geboren 1981 in Köln",
    # "sort" before what no sort code is, "acc" before a count
    "sort 2024-05-01 first; sort 12-34-56-78 by size; acc 12 of 30",
    # a date in Russian with no birth's word before it; a filler word with no cue ("ko", "saya")
    "Заказ 99123 отправлен 5 марта 2024 года; ticket ko 123456; saya 12.05.1984",
]


@pytest.mark.parametrize("text", KEPT)
def test_kept(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert out == text, counts


def test_id_parts() -> None:
    """An id's parts: digits, a capital prefix and a one-letter suffix; a word ends it."""
    assert _id_end("AB 12 34 56 C thanks") == len("AB 12 34 56 C")
    assert _id_end("X1234567 expires") == len("X1234567")
    assert _id_end("expires 1234") == 0


@pytest.mark.parametrize(
    "text", ["nie mam 12 lat", "the pan is 30 cm wide", "an abn amro branch", "npi rules", "vin rouge 2019"]
)
def test_short_names_without_a_number_after_them_find_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text", ["TFN,NUMBER 4000000000000002 ", "my TFN is 4000000000000002", '{"passport": "4000000000000002"}']
)
def test_a_card_number_under_an_id_s_name_is_a_card_with_its_own_pseudonym(r: Redactor, text: str) -> None:
    """The same card gets the same pseudonym wherever it is (the property test found "TFN,NUMBER")."""
    alone = r.text("x 4000000000000002 y")[0][2:-2]
    out, found = r.text(text)
    assert alone in out and found == {"card": 1}, out


@pytest.mark.parametrize(
    "text",
    [
        "PASZPORT DE36000000000000000000 ",
        "passport no. de36 0000 0000 0000 0000 00",
        '{"passport": "DE36000000000000000000"}',
    ],
)
def test_an_iban_under_an_id_s_name_is_an_iban_with_its_own_pseudonym(r: Redactor, text: str) -> None:
    """The same account gets the same pseudonym wherever it is (the property test found "PASZPORT")."""
    alone = r.text("x DE36000000000000000000 y")[0][2:-2]
    out, found = r.text(text)
    assert alone.lower().replace(" ", "") in out.lower().replace(" ", "") and found == {"iban": 1}, out


@pytest.mark.parametrize(
    "text",
    [  # a cue word that is a group of an address: the DEA's short name in hex (the property test drew the first)
        '{"data": "client 2001:db8:7a23:dea:6199:6dc8:d30f:628 connected"}',
        "fe80:0:dea:1234:5678::1 via 00:1a:dea:12:34:56",
    ],
)
def test_a_cue_word_inside_an_address_is_no_cue(text: str) -> None:
    out, counts = Redactor(key=b"another-key-0123").text(text)
    assert "gov_id" not in counts and "dea:" in out, (out, counts)


def test_the_dea_number_is_still_said() -> None:
    r = Redactor(key=b"another-key-0123")
    for text in ("DEA:AB1234563 is mine", "my DEA number is AB1234563", '{"dea": "AB1234563"}'):
        assert r.text(text)[1]["gov_id"] == 1, text


def test_an_ordinal_day_keeps_an_ordinal_suffix_in_its_pseudonym(r: Redactor) -> None:
    assert r.text("born 3rd March 1987")[0] == "born 1st March 1900"
    assert r.text("born on the 22nd of May 1990")[0] == "born on the 1st of May 1900"


def test_a_shop_s_receipt_number_is_a_thing_s(r: Redactor) -> None:
    assert "RCPT00412" in r.text("receipt number RCPT00412, total $12")[0]


@pytest.mark.parametrize(
    ("text", "secret"),
    [  # a car's plate after a word that names other things too: a plate's shape decides
        ("hit my car (BMW 320d, reg LB19 ZTW) at the lights", "LB19 ZTW"),
        ("vehicle registration LR63 HUJ, contravention code 01", "HUJ"),  # a British plate's letters after its space
        ("my car is registered as YB20 KPX. Can I tax it?", "YB20 KPX"),
        ("A Tesla with Texas plate DKR-4821 rear-ended me", "DKR-4821"),
        ("My plate is NY HZT-7781.", "HZT-7781"),
        ("licence plate KX68 FBN.", "FBN"),
    ],
)
def test_a_plate_after_a_word_that_names_other_things(r: Redactor, text: str, secret: str) -> None:
    out, counts = r.text(text)
    assert secret not in out and counts["license_plate"] == 1, out


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        ("Warranty claim: MacBook Pro serial C02ZK1ABMD6M, bought 2023", "C02ZK1ABMD6M", "device_id"),
        ("Customer: it says S/N 2231RE4A0017825 and the light is red", "2231RE4A0017825", "device_id"),
        ("Claim number CLM-2024-0098123, policy number AV/MTR/4471823.", "CLM-2024-0098123", "gov_id"),
        ("Name: Jasmine T. Okoye   UMID: 48213377", "48213377", "gov_id"),
        ("UPN: A123456789012  ULN: 9876543210  Surname: MCALLISTER", "A123456789012", "gov_id"),
        ("UPN: A123456789012  ULN: 9876543210  Surname: MCALLISTER", "9876543210", "gov_id"),
        ("I'm applying to UC Davis. My Common App ID is 38472910.", "38472910", "gov_id"),
        ("Account holder Ms Chauhan. PAC: ABC123456", "ABC123456", "otp"),
    ],
)
def test_a_device_s_serial_a_student_s_and_a_claim_s_numbers(r: Redactor, text: str, secret: str, kind: str) -> None:
    out, counts = r.text(text)
    assert secret not in out and counts[kind] >= 1, (out, counts)


@pytest.mark.parametrize(
    "text",
    [
        "serial 115200 baud on the serial port COM3; registration 2024-05-01; reg 0x1F; plate 3; the plate is hot",
        '{"serial": "2024060101", "registration": "open"}',  # a DNS zone's serial: a date's digits
        "Deploy build A4-2024 to EU-WEST-1; the PAC code to port my number; serial number of the bug",
    ],
)
def test_words_that_name_plates_and_serials_with_no_such_value_after_them(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert out == text, counts


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("hi my name is jo and my date of birth is the fourth of may eighty two and i'm calling", "fourth of may"),
        ("DOB is May the fourth, nineteen eighty-two.", "nineteen eighty-two"),
        ("date of birth twelve oh three nineteen ninety thanks", "twelve oh three"),
        # a call's question, its answer on the next line after the speaker's label; a year of two digits
        ("agent: date of birth?\ncaller: yeah it's twelve oh three eighty", "twelve oh three"),
        ("AGENT: And your date of birth?\nCUSTOMER: Sure, it's the fourth of may eighty two.", "fourth of may"),
    ],
)
def test_a_date_of_birth_said_in_words(r: Redactor, text: str, said: str) -> None:
    out, counts = r.text(text)
    assert said not in out and counts["dob"] == 1 and "nineteen hundred" in out, out
    assert r.text(out) == (out, {})  # its pseudonym in words is one


@pytest.mark.parametrize(
    ("text", "said", "kind"),
    [
        ("customer: expiry oh nine twenty six and the security code is seven three one", "seven three one", "cvc"),
        ("and the security code is 731", "731", "cvc"),
        ("caller: sure my ssn is five one two four four seven seven eight nine", "five one two four", "ssn"),
        ("my student number is four four one two two nine", "four four one", "gov_id"),
    ],
)
def test_a_number_read_out_in_words_after_its_phrase(r: Redactor, text: str, said: str, kind: str) -> None:
    out, counts = r.text(text)
    assert said not in out and counts[kind] == 1, out
    assert r.text(out) == (out, {})


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # a meeting or call tool's labels carry the line's time, after the speaker's name or before it
        (
            "Speaker 1 (00:12): can I get your account number?\nSpeaker 2 (00:15): It's 5 5 0 2 9 1 8 3.",
            "5 5 0 2",
            "bank_account",
        ),
        ("[10:02] Agent: and your date of birth?\n[10:03] Caller: yeah it's 12/03/1984", "12/03/1984", "dob"),
        ("Agent [00:01:12.500]: your member ID?\nCaller [00:01:15.000]: it's 88231004", "88231004", "gov_id"),
    ],
)
def test_a_question_answered_on_a_transcript_line_that_carries_its_time(
    r: Redactor, text: str, value: str, kind: str
) -> None:
    out, counts = r.text(text)
    assert value not in out and counts[kind] == 1, out


def test_a_question_answered_with_no_such_value_is_kept(r: Redactor) -> None:
    text = "agent: date of birth?\ncaller: hang on let me find it\nWhat's your date of birth?\nI was born in Leeds"
    assert r.text(text) == (text, {})


def test_words_after_a_phrase_that_read_out_too_few_digits_are_kept(r: Redactor) -> None:
    text = "the security code is one of the fields; passport number is one two three"
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # a policy's, a claim's, a member's number after the word alone, and after "no." with its stop
        ("Hi, about policy 9384-221-07, the renewal is wrong", "9384-221-07"),
        ("Status of claim CLM-2024-558812 please", "CLM-2024-558812"),
        ("My member 88231004 card was lost", "88231004"),
        ("claim no. CLM-2024-558812 was refused", "CLM-2024-558812"),
        ("policy nr. 938422107", "938422107"),
    ],
)
def test_a_policy_s_or_a_claim_s_number_after_the_word_alone(r: Redactor, text: str, number: str) -> None:
    out, found = r.text(text)
    assert number not in out and found == {"gov_id": 1}, out


@pytest.mark.parametrize(
    "text",
    [
        "Under policy 2 of the handbook and claim 1 of the patent, see section 4",
        "our privacy policy 2024-05-01 and the retention policy v3",
        "member since 2019, a member of 12 teams",
        "reclaim 123456 bytes",
    ],
)
def test_a_policy_s_or_a_claim_s_word_before_no_number_of_one(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


def test_a_policy_s_number_with_a_code_between_dashes() -> None:
    assert _id_end("HO3-TX-5520918 renewed") == len("HO3-TX-5520918")
    assert _id_end("AB-123-CD rest", 3) == len("AB-123-CD")  # a plate's letters at its end are a tail's
    assert _id_end("HO3-TX renewed") == len("HO3")  # no digits after the code: no part of the id


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("She says the tracking 1Z999AA10123456792 shows delivered.", "1Z999AA10123456792"),
        ("tracking number: 9400111899223397658381", "9400111899223397658381"),
        ("Ihre Sendungsnummer 00340434161094042557 ist aktiv.", "00340434161094042557"),
    ],
)
def test_a_parcel_s_tracking_number_after_its_name(r: Redactor, text: str, number: str) -> None:
    out, counts = r.text(text)
    assert number not in out and counts["tracking_number"] == 1, out


def test_an_analytics_tracking_id_is_no_parcel_s(r: Redactor) -> None:
    text = "Tracking ID UA-12345678-1 on every page; tracking pixel 1x1"
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Số CCCD của tôi là 001203004567, họ tên Đỗ Minh Khôi.", "001203004567"),  # "of mine is" between
        ("CCCD của tôi: 001203004567", "001203004567"),
    ],
)
def test_a_vietnamese_citizen_card_after_words_between(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out


def test_a_short_number_after_a_citizen_card_s_words_stays(r: Redactor) -> None:
    text = "CCCD của tôi hết hạn năm 2030"  # expires in 2030: no card's 9 or 12 digits
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    "body", ['{"NSS": 1.0000000000000002e+16}', '{"nuss": 123.45E-3, "n": 1}', '["passport", 12345678.5e+16]']
)
def test_a_number_with_an_exponent_after_an_id_s_name_stays_a_json_number(r: Redactor, body: str) -> None:
    """The number is read whole, exponent and all, and its pseudonym is a number: a word ending before "+16"
    made the body invalid JSON (found by test_properties' valid-JSON property, by chance)."""
    out = r.text(body)[0]
    assert orjson.loads(out) and out != body


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("cuenta de ahorros Bancolombia 123-456789-01", "123-456789-01"),  # the bank's name between
        ("cuenta corriente Banco de Bogotá No. 54457984804", "54457984804"),
        ("minha conta no Itaú é 22021-9", "22021-9"),  # a Brazilian account's five digits and its check
        ("conta Bradesco 70248522-1", "70248522-1"),
        ("pay into my Access Bank account 0222056661", "0222056661"),
        ("send it to Zenith Bank 2710926769", "2710926769"),  # a bank's word before a solid run
    ],
)
def test_an_account_after_its_bank_s_name(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["bank_account"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "account Created 20240312; cuenta Abierta el 2024-03-12",  # a date after a capitalised word
        "account Order 12345678 shipped; account Version 20240312",  # another number's word
        "conta Premium 2024 ativa; cuenta Plus 123 EUR al mes",
        "Bank of America 1-800-432-1000; the World Bank 2024 report",  # a bank's phone, a year
        "piggy bank 20240312",  # a date
    ],
)
def test_a_capitalised_word_before_no_account_s_number_finds_nothing(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text",
    [
        "For verification, the last 4 of my SSN are 1120.",
        "Customer confirmed SSN ending in 1120 and DOB.",
        "last four digits of my social: 1120",
        '{"ssn_last4": "1120", "card_last4": "4242"}',
    ],
)
def test_the_last_four_of_a_social_security_number(r: Redactor, text: str) -> None:
    out, found = r.text(text)
    assert "1120" not in out and found["gov_id"] == 1, out
    assert "4242" in out or "4242" not in text  # a card's last four are printed on every receipt


def test_the_last_four_of_a_card_stay(r: Redactor) -> None:
    assert r.text("the last 4 of my card are 4242")[1] == {}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("NPI 1234567893, DEA AB1234563", "AB1234563"),  # a prescriber's registration
        ("DEA: FN5623740", "FN5623740"),
        ("My EHIC number is 80276005400000000123", "80276005400000000123"),
        ("Krankenversichertennummer A123456780", "A123456780"),
        ("Meine Versichertennummer: A123456780", "A123456780"),
    ],
)
def test_a_prescriber_s_and_a_health_card_s_numbers(r: Redactor, text: str, number: str) -> None:
    out, found = r.text(text)
    assert number not in out and found["gov_id"] >= 1, out


def test_an_idea_or_the_agency_is_no_registration(r: Redactor) -> None:
    assert r.text("a good idea AB1234563; the DEA scheduled it")[1] == {}


@pytest.mark.parametrize(
    "text", ["Araç plakası 34 ABC 1234 olarak kayıtlı.", "Plaka 06 JK 567 ve sahibi", "Aracın plakası: 34 ABC 1234"]
)
def test_a_turkish_plate_s_three_groups_are_one_plate(r: Redactor, text: str) -> None:
    # the province's two digits, one to three letters, two to four digits: the third group is the plate's too
    out, found = r.text(text)
    assert found["license_plate"] == 1 and not any(p in out for p in ("1234", "567", "ABC", "JK")), out
    assert r.text("reg KX68 FBN 2019 Ford")[0].endswith(" 2019 Ford")  # a British plate's year after it stays
