"""The phrases that announce a personal number or a date in prose (``said``), and what each announces: the hit's
kind, the detector that turns it off, the digits its value needs (``SAID_CUES``, found by the one Aho-Corasick pass
of ``detectors``); the shapes some kinds' values must have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replay.redact.postcodes import CEP, FINE_POSTCODE

__all__ = [
    "AD_ID",
    "BANK_RUN",
    "BOOKING",
    "CARD",
    "CVC",
    "DOB",
    "DOCUMENT",
    "EXPIRY",
    "IBAN",
    "NAMED_CARD",
    "PASSPORT",
    "PASSPORT_SHAPE",
    "PIN",
    "PLATE",
    "PLATE_SHAPED",
    "RECEIPT",
    "RECEIPT_SHAPE",
    "RECORD",
    "SAID_CUES",
    "SERIAL",
    "SIN",
    "SIN_SHAPE",
    "SORT",
    "SORT_SHAPE",
    "TRACKING",
    "UUID",
    "VN",
    "Said",
]


@dataclass(frozen=True, slots=True)
class Said:
    """What a phrase announces: the hit's kind, the detector that turns it off, the digits it needs."""

    kind: str
    detector: str
    min_digits: int = 5
    max_digits: int = 20
    # A shape that makes a value whole after the cue, taken as it is (its digits need not reach ``min_digits``)
    shape: re.Pattern[str] | None = None
    # The shape is a postcode's: its pseudonym keeps it, digits made nines (``postcodes.postcode_pseudonym``)
    postcode: bool = False


_ID = Said("gov_id", "personal_ids")
# A DEA registration: two letters (the second a registrant's initial, or 9), seven digits
_DEA = Said("gov_id", "personal_ids", 1, 0, re.compile(r"[A-Z][A-Z9]\d{7}(?![\w-])"))
_ID4 = Said("gov_id", "personal_ids", 4)  # an Indian PAN has 4 digits (ABCDE1234F)
# India's PAN by its shape after its bare word ("The PAN 'ABCDE1234F'"), the word being a cook's too: five letters or
# more, 3-4 digits, a letter or two (made-up ones in examples run longer: "VIKRSINGH789XP"); after "PAN card", "PAN
# number" the shape or an id's four digits
_PAN_SHAPE = re.compile(r"[A-Z]{5,10}\d{3,4}[A-Z]{1,2}(?![\w-])")
_PAN = Said("gov_id", "personal_ids", 4, 20, _PAN_SHAPE)
_BARE_PAN = Said("gov_id", "personal_ids", 1, 0, _PAN_SHAPE)
# A passport's number: ICAO 9303 gives it 9 characters at most, and some countries' hold few digits (Germany's
# "C4J7XN2R9", France's "18AV62917"): with fewer than five digits only one run of 6-9 capitals and digits is one
PASSPORT = Said("gov_id", "personal_ids", 2)
PASSPORT_SHAPE = re.compile(r"[A-Z0-9]{6,9}")
# A driving licence's or an identity card's number: as a passport's, a run of capitals and digits is one with few
# digits among its letters (an Italian licence's "AB123CD", a Dutch identity card's "NXC4R2JK1"), a count of digits
# that is no run's is not ("driving licence 12 points")
DOCUMENT = Said("gov_id", "personal_ids", 2)
# The documents' names, in English, Dutch, French, German, Italian, Spanish, Portuguese and Polish (with the number's
# word where the language writes it joined: "rijbewijsnummer", "Führerscheinnummer")
_DOCUMENTS = (
    "dl#", "dl ", "dl:", "id card", "identity card", "identiteitskaart", "identiteitskaartnummer", "identiteitsbewijs",
    "id-kaart", "rijbewijs", "rijbewijsnummer", "carte d'identité", "carte nationale d'identité", "cni",
    "pièce d'identité", "permis de conduire", "numéro de permis", "personalausweis", "personalausweisnummer",
    "ausweisnummer", "ausweis-nr", "identitätskarte", "führerschein", "führerscheinnummer", "carta d'identità",
    "carta di identità", "documento d'identità", "patente", "patente di guida", "documento de identidad",
    "documento nacional de identidad", "cédula", "cédula de identidad", "tarjeta de identidad", "permiso de conducir",
    "carnet de conducir", "carné de conducir", "licencia de conducir", "carteira de identidade",
    "bilhete de identidade", "cartão de cidadão", "documento de identidade", "carteira de motorista",
    "carteira de habilitação", "carta de condução",
    "prawo jazdy", "prawa jazdy", "dowód", "dowodu", "dowód osobisty", "dowodu osobistego", "dowodem osobistym",
)  # fmt: skip
# Vietnam's citizen card (12 digits) or its old identity card (9); Indonesia's NIK (16): "nik" is a word of other
# languages too ("Nik 12345"), its number's length says which
VN = Said("gov_id", "personal_ids", 9, 12)
_NIK = Said("gov_id", "personal_ids", 16, 16)
# Brazil's RG (identity card) after its short name as prose, a form or a JSON document write it ("RG: 12.345.678-9",
# "rg=123456789", {"rg": "MG-12.345.678"}): by its shape alone, a resource group's ("rg": "prod-rg") having none
_RG = Said(
    "gov_id",
    "personal_ids",
    1,
    0,
    re.compile(r"(?:[A-Z]{2}-?)?\d{1,2}\.\d{3}\.\d{3}(?:-[\dXx])?(?![\w.\-/])|\d{7,9}(?:-?[\dXx])?(?![\w.\-/])"),
)
# Canada's social insurance number: nine digits in threes (not a NAS box's address, "NAS 192.168.1.10")
SIN = Said("gov_id", "personal_ids", 9, 9)
SIN_SHAPE = re.compile(r"\d{3}([ \-]?)\d{3}\1\d{3}")
# Saudi Arabia's national address in its short form, four letters and four digits ("العنوان الوطني RRRD2929",
# "short address: RIYA1234"): a building's own code, after its name only
_SHORT_ADDRESS = Said("address", "address", 1, 0, re.compile(r"[A-Z]{4}\d{4}(?![\w\-])"))
# A postcode that names a street after its name in prose: Brazil's CEP ("CEP 01310-100", "meu CEP é 01310100"; a
# Turkish "cep" is a mobile's, whose number has no such shape), Canada's, the UK's by theirs, written solid too
# ("postal code K1A0B1", "postcode SW1A2AA"); a ZIP's or a PLZ's digits stay a place's (``postcodes``)
_CEP = Said("address", "address", 1, 0, re.compile(CEP), True)
_FINE_POSTCODE = Said("address", "address", 1, 0, re.compile(FINE_POSTCODE + r"(?![\w\-])"), True)
_RRN = Said("gov_id", "personal_ids", 13, 13)  # Korea's resident registration number: "rrn" is a log's word too
_BANK = Said("bank_account", "personal_ids", 6, 34)
# A bank's own word before an account's run of digits, written solid ("send it to Zenith Bank 2710926769"; not a
# bank's phone, "Bank of America 1-800-432-1000")
BANK_RUN = Said("bank_account", "personal_ids", 8, 34)
# An account's word that names other accounts too (a user's, a "Konto" at a web shop): a bank's count of digits
_ACCOUNT = Said("bank_account", "personal_ids", 8, 34)
# A bank's accounts and loans by their names in English, French, German, Dutch, Spanish, Italian and Portuguese: a
# loan's, a mortgage's, a customer's account is one person's as a current account is ("votre prêt bancaire avec le
# numéro 9823765012", "Darlehensnummer 4711002233")
_BANKS = (
    "loan number", "loan no", "loan account", "loan ref", "mortgage number", "mortgage account", "customer account",
    "prêt bancaire", "numéro de prêt", "numéro du prêt", "compte client", "compte courant", "darlehensnummer",
    "darlehenskonto", "kreditnummer", "kreditkonto", "kreditvertrag", "kundenkonto", "girokonto", "bankkonto",
    "sparkonto", "kontonr", "konto-nr", "kto-nr", "bankrekeningnummer", "betaalrekening", "spaarrekening",
    "rekeningnr", "leningnummer", "hypotheeknummer", "klantnummer", "préstamo", "número de préstamo",
    "cuenta corriente", "prestito", "numero di prestito", "numero del mutuo", "conta bancária", "conta bancaria",
    "número da conta", "numero da conta", "conta corrente", "empréstimo", "número do empréstimo",
)  # fmt: skip
# An Indian bank branch's IFSC (four letters, seven capitals and digits) after its word: what an account's number
# is sent with
_IFSC = Said("bank_account", "personal_ids", 1, 0, re.compile(r"[A-Z]{4}[A-Z0-9]{7}(?![\w-])"))
# When a card or an identity document expires or was issued, said after its number ("qui expire le 05/24", "scade il
# 15 ottobre 2025", "vervaldatum van 09/25"): a date after one of these words, with a card's or a document's name
# before it in the sentence (``said``), is as much the holder's as the number
EXPIRY = Said("gov_id", "personal_ids", 2, 8)
_EXPIRES = (
    "expires", "expire", "expired", "expiry", "expiring", "expiration", "exp ", "exp:", "exp.", "valid until",
    "valid thru", "valid through", "issued on", "issued", "vervaldatum", "vervalt", "vervallen", "verloopt",
    "verlopen", "geldig tot", "uitgegeven op", "afgegeven op", "expirant", "valable jusqu'au", "délivré le",
    "délivrée le", "émis le", "émise le", "date d'expiration", "date de validité", "scade", "scadenza", "scaduto",
    "scaduta", "valido fino", "valida fino", "rilasciato il", "rilasciata il", "emesso il", "emessa il", "caduca",
    "caducidad", "vence", "vencimiento", "válido hasta", "valido hasta", "expedido el", "expedida el", "emitido el",
    "válido até", "validade", "vence em", "vencimento", "emitido em", "expira", "gültig bis", "läuft ab",
    "ablaufdatum", "ausgestellt am", "verfällt", "verfallsdatum",
)  # fmt: skip
# The UK's Unique Taxpayer Reference: ten digits. India's UTR is a bank transfer's reference (IMPS's 12 digits, NEFT's
# and RTGS's 16-22 characters), which is no one's and stays
_UTR = Said("gov_id", "personal_ids", 10, 10)
# Mexico's taxpayer number after its word ("mi RFC es GODE561231GR8"): only its shape (four letters, a birth date,
# three characters), "RFC 7231" being a standard's: no count of digits passes (1 to 0), the shape alone
_RFC_SHAPE = re.compile(r"[A-ZÑ&]{3,4}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[A-Z\d]{3}\b")
_RFC = Said("gov_id", "personal_ids", 1, 0, _RFC_SHAPE)
DOB = Said("dob", "personal_ids", 4, 8)
CVC = Said("cvc", "secret_keys", 3, 4)
_SSN = Said("ssn", "ssn", 9, 9)
_SSN_LAST4 = Said("gov_id", "personal_ids", 4, 4)
# A card's number the digit pass does not take for one (an issuer prefix it does not know, an old 15-digit
# JCB): its Luhn check and the word "card" before it say what it is.
CARD = Said("card", "card", 12, 19)
# A card's number named as one ("credit card number 4539 1488 0343 6467"): its shape says enough, a Luhn
# check it fails (a typo, a number made up for a test or an example) does not make it anyone else's.
NAMED_CARD = Said("card", "card", 13, 19)
# An IBAN named as one: its shape (country, 2 check digits, the account's letters and digits), its check
# aside, as for a card named.
IBAN = Said("iban", "iban", 8, 34)
# A car's plate, so its owner's: letters and digits, two digits at least ("license plate 7ABC123").
PLATE = Said("license_plate", "personal_ids", 2, 10)
# The same after a word that names other things too ("reg", "registration", "plate", "registered as"): only a value
# of a plate's shape is one (``plate_shaped``: "reg KX68 FBN", "Texas plate DKR-4821"; not "registration 2024-05-01",
# "reg 0x1f", "plate 3")
PLATE_SHAPED = Said("license_plate", "personal_ids", 1, 8)
# The same after a vehicle's word ("my car AB 123 CD got scratched", "mein Auto B-MW 4521"): a vehicle's word says
# little, so only a country's plate shape is one (France's and Italy's, Spain's, the UK's, Germany's, Poland's with a
# letter among its digits, California's); no count of digits passes (1 to 0): "my car RAV4", "the van 2024 model",
# "a car 2024 BMW" (a year, Spain's plate's consonants) stay
_COUNTRY_PLATE = re.compile(
    r"(?:[A-Z]{2}[- ]?\d{3}[- ]?[A-Z]{2}|(?!19|20)\d{4}[ -]?[B-DF-HJ-NP-TV-Z]{3}|[A-Z]{2}\d{2}[ ]?[A-Z]{3}"
    r"|[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}[ ]?\d{1,4}[EH]?|[A-Z]{2,3}[ ]\d(?=\d*[A-Z])[0-9A-Z]{3,4}|\d[A-Z]{3}\d{3})(?![\w\-])"
)
_VEHICLE_PLATE = Said("license_plate", "personal_ids", 1, 0, _COUNTRY_PLATE)
# A device's serial number ("serial C02ZK1ABMD6M", "S/N 2231RE4A0017825"): the one laptop or router a person owns, as
# its MAC address; of a serial's shape (``serial_like``: "serial 115200" is a baud rate, "serial port" none)
SERIAL = Said("device_id", "personal_ids", 2, 20)
# A phone number's porting or cancellation code (a UK PAC or STAC: "ABC123456"): it moves the number away, as a
# one-time code signs in
_PORT = Said("otp", "secret_keys", 6, 6)
# A phone's and its SIM's own numbers (an IMEI's 15 digits, an IMSI's 15, an ICCID's 19-20): they point at the
# one person who carries them, as the phone's number does.
_DEVICE = Said("device_id", "personal_ids", 14, 20)
# A PIN, a SIM's PUK: the digits that open an account, a line's voicemail, a SIM (as a "pin" field's, an "otp").
PIN = Said("otp", "secret_keys", 4, 8)
# A UK sort code by a payslip's or a statement's short word ("Sort 30-94-21"): only a sort code's shape, "sort"
# being a word of its own ("sort 2024-05-01 first")
SORT = Said("bank_account", "personal_ids", 6, 6)
SORT_SHAPE = re.compile(r"\d\d-\d\d-\d\d")
# A USCIS receipt number: a service centre's code and ten digits ("IOE0912345678", "WAC2190012345")
RECEIPT = Said("gov_id", "personal_ids", 10, 10)
RECEIPT_SHAPE = re.compile(r"(?:EAC|WAC|LIN|SRC|NBC|MSC|IOE|YSC|TSC|VSC|NSC|CSC)\d{10}")
# A booking's reference (an airline's PNR, a rail or hotel booking's: "booking reference Q3ZK8N", "Buchungscode
# 4QZ8WR"): six capitals and digits, letters only as often, so that shape alone says it; another value (a hotel's
# "12345678") needs an id's digits
BOOKING = Said("gov_id", "personal_ids", 5, 20, re.compile(r"[A-Z0-9]{6}(?![\w-])"))
# A phone's advertising id (Android's GAID, Apple's IDFA and IDFV: a UUID) or its Android ID (16 hex digits) after
# its word ("GAID a772bf20-…", "Android ID 9f3c21a7b48e06d5"): its shape, or a serial's (as after "serial")
_H = "[0-9a-fA-F]"
UUID = f"{_H}{{8}}-{_H}{{4}}-{_H}{{4}}-{_H}{{4}}-{_H}{{12}}"
AD_ID = Said("device_id", "personal_ids", 2, 24, re.compile(rf"(?:{UUID}|[0-9a-f]{{16}})(?![\w-])"))
# An airline ticket's number (13 digits, its airline's code first) and an eSIM's EID (32 digits): one traveller's,
# one phone's.
_TICKET = Said("gov_id", "personal_ids", 13, 13)
_EID = Said("device_id", "personal_ids", 32, 32)
# A policy's, a claim's, a member's number after the word alone ("policy 9384-221-07", "claim CLM-2024-558812",
# "member 88231004"): five digits at least and no date ("policy 2 of the handbook", "privacy policy 2024-05-01")
RECORD = Said("gov_id", "personal_ids", 5, 20)
# A parcel's tracking number after its name ("tracking 1Z999AA10123456784", "Sendungsnummer 00340434161094042557"):
# ten digits at least, as carriers' are (an analytics property's "tracking id UA-12345678-1" has fewer)
TRACKING = Said("tracking_number", "personal_ids", 10, 34)
# A supply point's EAN code on a Belgian or Dutch energy bill ("EAN-code 541448820012345678"): its 18 digits; a
# product's barcode (EAN-13, "EAN code 4006381333931 on the box") is a thing's
_SUPPLY_EAN = Said("gov_id", "personal_ids", 18, 18)

# The numbers an employer, a school, an insurer, an airline, a phone company or a utility gives one person: an
# employee's, a student's, a policy's, a frequent flyer's, a trusted traveller's, a customer's, a meter's
_ISSUED = (
    "employee id", "employee number", "employee no", "employee #", "staff id", "staff number", "payroll number",
    "student #", "personnel number", "personalnummer", "mitarbeiternummer", "número de empleado", "student id",
    "student number", "student no", "pupil number", "university id", "matriculation number", "matrikelnummer",
    "schülernummer", "numéro d'étudiant", "número de estudiante", "número de alumno",
    "numero di matricola", "policy number", "policy no", "policy #", "insurance policy", "insurance code",
    "versicherungsschein", "versicherungsscheinnummer", "póliza", "polizza", "contrat n°", "frequent flyer",
    "frequent flier", "loyalty number", "membership number", "member number", "known traveler",
    "known traveller", "redress number", "miles & more", "flying blue", "executive club", "skymiles",
    "mileageplus", "aadvantage", "iberia plus", "vielfliegernummer", "customer number", "customer no",
    "client number", "kundennummer", "kunden-nr", "vertragskonto", "référence client", "numéro client",
    "numéro de client", "número de cliente", "codice cliente", "meter number", "meter serial", "mpan ", "mpan:", "mprn",
    "zählernummer", "numéro de compteur", "pdl", "número de contador", "bastidor", "número de bastidor",
    "numéro de châssis", "châssis",
    # a home's supply point on an energy bill: Germany's market and metering locations, Italy's POD, Spain's CUPS, a
    # meter's number in Arabic ("Marktlokation 51238696781", "codice POD IT001E12345678", "رقم العداد 4018273645");
    # Belgium's and the Netherlands' EAN code is ``_SUPPLY_EAN``'s
    "marktlokation", "malo-id", "messlokation", "melo-id", "zählpunkt", "zählpunktnummer", "zählpunktbezeichnung",
    "codice pod", "pod n.", "código cups", "cups:", "رقم العداد", "رقم عداد",
    # a school's, a college's and an admissions service's numbers for one student (a student information system's,
    # a university's, England's unique pupil and learner numbers, the Common App's and UCAS's ids)
    "sis id", "sis user id", "umid", "upn:", "upn ", "uln:", "uln ", "unique pupil number", "unique learner number",
    "common app id", "ucas id", "ucas personal id", "candidate id", "applicant id", "application id",
    # the same in more languages: Italy's and Spain's enrolment ("matricola 58231", "número de matrícula"), Turkey's
    # school number, India's roll and enrolment numbers, China's, Japan's, Korea's student numbers, an Arab
    # university's ("الرقم الجامعي")
    "matricola", "número de matrícula", "numero de matricula", "okul no", "okul numarası", "öğrenci no",
    "öğrenci numarası", "roll number", "roll no", "enrolment number", "enrollment number", "admission number",
    "admission no", "रोल नंबर", "学号", "學號", "学籍番号", "학번", "الرقم الجامعي", "الرقم الأكاديمي",
    "رقمها الأكاديمي", "رقمه الأكاديمي", "numer legitymacji", "numer albumu",
    # an insurer's numbers for one person's claim and policy
    "claim number", "claim no", "claim #", "claim ref", "claim reference", "policy ref",
    # an airline's scheme's number after its word alone ("AerClub membership: 3098172644")
    "membership:", "membership no", "membership #", "servicekartennummer",
)  # fmt: skip

SAID_CUES: dict[str, Said] = {
    # a passport by its plural before a list, and by ICAO's name for it on forms and airlines' passenger data
    **dict.fromkeys(("passport", "passport's", "passports", "travel document"), PASSPORT),
    **{f"{d}{s} licen{c}e": DOCUMENT for d in ("driver", "driving") for s in ("'s", "’s", "s", "") for c in "cs"},
    **{f"licen{c}e {w}": _ID for c in "cs" for w in ("number", "no", "#")},
    # national numbers by their own names, and dates of birth, in other languages
    **dict.fromkeys(
        ("dni", "nif", "pesel", "cpf", "bsn", "codice fiscale", "steuer-id", "steuer-nr", "steuernummer"), _ID
    ),
    **dict.fromkeys(("personnummer", "sozialversicherungsnummer", "numéro de sécurité sociale", "curp"), _ID),
    "rfc": _RFC,
    # Belgium's national number by its register's name in French and Dutch ("registre national 85.07.30-033.28")
    **dict.fromkeys(("registre national", "numéro national", "rijksregisternummer", "rijksregister"), _ID),
    **dict.fromkeys(("nacido el", "nacida el", "fecha de nacimiento", "geboren am", "geburtsdatum", "né le"), DOB),
    **dict.fromkeys(("née le", "date de naissance", "nato il", "nata il", "data di nascita", "nascido em"), DOB),
    **dict.fromkeys(("nascida em", "data de nascimento", "geboren op", "geboortedatum", "data urodzenia"), DOB),
    # born, and its abbreviations before a date, in German and Dutch, Scandinavian, Polish, Czech ("Frau Meier, geb.
    # 12.04.1981", "Jan Kowalski, ur. 3.05.1977"): a date must follow ("geb. Schmidt" is a maiden name: the names')
    **dict.fromkeys(("geb.", "geboren", "född", "født", "ur.", "urodzony", "urodzona", "nar.", "narozen"), DOB),
    # the same said of oneself, a bot told one's birth date ("Ich bin am 12.03.1984 geboren", "nací el 21 de mayo de
    # 1987", "nasci em 09/11/1990", "urodziłem się 25.11.1992"): a date must follow ("ich bin am Bahnhof" is none)
    **dict.fromkeys(("ich bin am", "bin ich am", "nací el", "naci el", "nasci em", "nasci no dia", "nasci a"), DOB),
    **dict.fromkeys(("urodziłem się", "urodziłam się", "urodziłem sie", "urodziłam sie"), DOB),
    # and said of someone else, or a birth's noun before its date ("nació el 25/12/1968", "nasceu em 12/09/1979",
    # "Cliente Ana (nascimento 19/11/1987)"): a date must follow
    **dict.fromkeys(("nació el", "nacio el", "nasceu em", "nasceu no dia", "nasceu a", "è nato il", "è nata il"), DOB),
    **dict.fromkeys(("nacimiento", "nascimento", "naissance", "nascita"), DOB),
    # identity documents, tax and insurance numbers, plates and accounts by their names in Polish, German, French,
    # Spanish, Italian, Dutch and Portuguese (the Polish in the cases a form asks for them: "numer paszportu",
    # "dowodu osobistego", "legitymującym się dowodem osobistym nr …")
    **dict.fromkeys(("nip", "paszport", "paszportu", "paszportem", "vin pojazdu"), _ID),
    **dict.fromkeys(("nr rej.", "numer rejestracyjny", "rejestracyjny pojazdu", "tablica rejestracyjna"), PLATE),
    **dict.fromkeys(("rachunek bankowy", "rachunku bankowego", "numer rachunku", "nr rachunku", "numer konta"), _BANK),
    **dict.fromkeys(("reisepass", "reisepassnummer", "passnummer", "pass-nr", "pass.-nr"), PASSPORT),
    "fahrgestellnummer": _ID,
    **dict.fromkeys(("steuerid", "steueridentifikationsnummer", "steuer-identifikationsnummer", "svnr"), _ID),
    **dict.fromkeys(("rentenversicherungsnummer", "versicherungsnummer", "versichertennummer"), _ID),
    # the same by their short names, a health card's (eGK) and a pension's (RVNR, SV-Nummer), and a doctor's
    # number (LANR, Arztnummer); the US Medicare beneficiary's (MBI)
    **dict.fromkeys(("egk-nummer", "egk nummer", "rvnr", "sv-nummer", "sv-nr", "lanr", "arztnummer"), _ID),
    **dict.fromkeys(("mbi", "medicare beneficiary identifier"), _ID),
    **dict.fromkeys(("kennzeichen", "kfz-kennzeichen", "nummernschild", "kenteken", "targa", "matrícula"), PLATE),
    **dict.fromkeys(("immatriculation", "plaque d'immatriculation", "kentekenplaat"), PLATE),
    **dict.fromkeys(("kontonummer", "bankverbindung", "numéro de compte", "compte bancaire", "rekeningnummer"), _BANK),
    **dict.fromkeys(
        ("bankrekening", "número de cuenta", "cuenta bancaria", "numero di conto", "conto corrente"), _BANK
    ),
    **dict.fromkeys(("passeport", "pasaporte", "passaporto", "paspoort", "paspoortnummer", "passaporte"), PASSPORT),
    **dict.fromkeys(("sécurité sociale", "nir", "insee", "numéro fiscal", "identification fiscale"), _ID),
    **dict.fromkeys(("nss", "seguridad social", "partita iva", "p. iva", "p.iva", "tessera sanitaria"), _ID),
    **dict.fromkeys(("burgerservicenummer", "sofinummer", "previdenza sociale", "c.f.", "belastingnummer"), _ID),
    # a taxpayer's number by its long names in Dutch, Spanish, Portuguese, Italian ("De belastingidentificatienummer
    # van … is 987654321", "número de contribuinte 123456789")
    **dict.fromkeys(
        ("belastingidentificatienummer", "fiscaal nummer", "fiscaal identificatienummer", "identificación fiscal"), _ID
    ),
    **dict.fromkeys(("número de contribuinte", "numero de contribuinte", "identificazione fiscale"), _ID),
    **dict.fromkeys(_DOCUMENTS, DOCUMENT),
    **dict.fromkeys(("immatriculée", "immatriculé", "immatriculée sous"), PLATE),
    # a vehicle "plated" in Italian, as a fine or a police report writes it ("veicolo targato FG 482 KT")
    **dict.fromkeys(("targato", "targata", "targati"), PLATE_SHAPED),
    **dict.fromkeys(("conto bancario", "numero di conto bancario", "compte bancaire"), _BANK),
    # a patient's record and insurance numbers, and a doctor's board number, in Spanish, Portuguese, French, German
    # and Italian ("NHC: 5467980", "NASS: 29 23892036 09", "NºCol: 46 28 52938", "prontuário 0012345")
    **dict.fromkeys(
        ("nhc", "historia clínica", "historia clinica", "nass", "nuss", "afiliación", "tarjeta sanitaria"), _ID
    ),
    # a hospital stay's number (a HIPAA account number: "Episodio: 5267937", "episodio=5267937") and a regional
    # health card's code ("CIPA: 178945")
    **dict.fromkeys(("episodio", "nº episodio", "cipa"), _ID),
    **dict.fromkeys(("prontuário", "prontuario", "cartão sus", "crm"), _ID),
    # a board's number is short where a province's code leads it ("NºCol: 28 28"): the cue names it
    **dict.fromkeys(("nºcol", "nº col", "n.º col", "colegiado"), _ID4),
    **dict.fromkeys(("numéro de dossier", "patientennummer", "fallnummer", "cartella clinica", "patiëntnummer"), _ID),
    **dict.fromkeys(("geb. am", "urodzony", "urodzona"), DOB),
    # a birth date's name in Turkish, Russian, Indonesian, Vietnamese, Japanese, Chinese, Korean, Arabic and Hindi (a
    # hospital's booking: "doğum tarihim 04.02.1961", "生年月日 1975年3月8日", "생년월일 1982년 7월 14일")
    **dict.fromkeys(("doğum tarihi", "doğum tarihim", "doğum tarihiniz", "дата рождения", "tanggal lahir"), DOB),
    **dict.fromkeys(("ngày sinh", "生年月日", "出生日期", "出生年月日", "生日", "생년월일", "تاريخ الميلاد"), DOB),
    **dict.fromkeys(("تاريخ ميلاد", "जन्म तिथि", "जन्मतिथि", "जन्म तारीख"), DOB),
    # born in Russian and Ukrainian, a birth date in Ukrainian and Thai, Spanish's abbreviation ("я родился 5 марта
    # 1990", "дата народження 03.09.1989", "วันเกิด 12/05/1990", "fecha de nac.: 22/05/1979")
    **dict.fromkeys(("родился", "родилась", "народився", "народилася", "дата народження", "วันเกิด"), DOB),
    **dict.fromkeys(("fecha de nac.", "fecha de nac:", "fecha nac.", "f. nac.", "fec. nac."), DOB),
    # born in a place, then the date ("nato a Milano il 12 marzo 1985"), and a birthday with its year
    **dict.fromkeys(("nato a", "nata a", "né à", "née à", "nacido en", "nacida en", "nascido em", "geboren in"), DOB),
    **dict.fromkeys(("anniversaire", "compleanno", "cumpleaños", "aniversário", "geburtstag", "verjaardag"), DOB),
    "conto corrente": _BANK,
    **dict.fromkeys(("social security", "ssn"), _SSN),
    # its last four digits, what an identity check asks for ("the last 4 of my SSN are 1120", "SSN ending in 1120")
    **{
        f"{last} {of}{doc}": _SSN_LAST4
        for last in ("last four", "last 4", "last four digits", "last 4 digits")
        for of in ("of my ", "of ", "")
        for doc in ("ssn", "social")
    },
    **dict.fromkeys(("ssn ending in", "ssn ends in", "ssn ending with", "ssn last four", "ssn last 4"), _SSN_LAST4),
    **dict.fromkeys(("social insurance", "national id", "national identity", "national insurance"), _ID),
    **dict.fromkeys(("ni number", "ni no", "nhs number", "nhs no", "medicare", "medicaid"), _ID),
    **dict.fromkeys(("tax id", "tax number", "taxpayer id", "tax identification", "tin number"), _ID),
    **dict.fromkeys(("id number", "id no", "identity number", "aadhaar"), _ID),
    # the national numbers of Presidio's recognizers by their short names (US ITIN, ES NIE, SG NRIC, AU ABN/ACN/TFN,
    # UK NINO, IN PAN and voter id), a doctor's licence numbers (NPI, DEA), a bank's number
    **dict.fromkeys(("itin", "nie", "nric", "abn", "acn", "tfn", "tax file number", "nino", "fiscal code"), _ID),
    **dict.fromkeys(("voter id", "voter's id", "epic number", "epic no", "aadhar", "npi", "dea number"), _ID),
    "dea ": _DEA,  # a prescriber's DEA registration by its shape alone: "DEA AB1234563" ("dea" is in "idea")
    # a health insurance card's number: the European one's (EHIC, its 20 digits), Germany's (KVNR: a letter, 9 digits)
    **dict.fromkeys(("ehic", "krankenversichertennummer", "versichertennummer", "kvnr"), _ID),
    **{f"medical licen{c}e": _ID for c in "cs"},
    # the numbers HIPAA names as a patient's identifiers: a medical record's, a health plan's, a beneficiary's
    **dict.fromkeys(("patient id", "patient number", "patient no", "mrn", "medical record", "health plan"), _ID),
    **dict.fromkeys(("insurance id", "insurance number", "member id", "beneficiary id", "subscriber id"), _ID),
    **dict.fromkeys(("policyholder id", "policy holder id", "medical file", "medical file number"), _ID),
    # the same as a JSON key (an appointment's webhook: "insurance_member_id"); a bare "member_id" is a forum's too
    **dict.fromkeys(("insurance_member_id", "insurance_id", "subscriber_id", "beneficiary_id", "health_plan_id"), _ID),
    # a US taxpayer's number ("TIN 11-4391209"), the Philippines' with its branch's three digits ("TIN 208-067-448-000")
    "tin": Said("gov_id", "personal_ids", 9, 12),
    **dict.fromkeys(("vin", "vehicle identification number"), _ID),  # a car's, so its owner's
    # a UK taxpayer's reference; an immigrant's alien registration number (USCIS's "A-number", A + 8-9 digits); a
    # prescription's number at the pharmacy
    **dict.fromkeys(("utr", "unique taxpayer reference"), _UTR),
    **dict.fromkeys(("a-number", "a_number", "alien number"), _ID),
    **dict.fromkeys(("alien registration", "uscis number", "uscis #", "uscis#", "uscis account number"), _ID),
    **dict.fromkeys(("green card number", "green card no", "green card #", "permanent resident card"), _ID),
    **dict.fromkeys(("rx number", "rx #", "rx#", "rx no", "rx_number", "prescription number", "prescription #"), _ID),
    # a USCIS case's receipt number by its shape (a service centre's three letters, ten digits): after "receipt
    # number" alone a shop's receipt is a thing's number
    **dict.fromkeys(("receipt number", "receipt_number", "receipt #", "receipt no"), RECEIPT),
    # identity documents and numbers in Russian (a passport's series and number, SNILS, INN, a health policy's),
    # Hebrew (teudat zehut), Greek (AFM, AMKA), Hindi (Aadhaar, PAN), Arabic (an identity card's, a passport's)
    **dict.fromkeys(("паспорт", "паспорта", "снилс", "инн", "полис омс", "номер полиса"), _ID),
    **dict.fromkeys(("תעודת הזהות", "תעודת זהות", "ת.ז.", 'ת"ז', "מספר זהות", "דרכון"), _ID),
    **dict.fromkeys(("αφμ", "αμκα", "ταυτότητα", "ταυτότητας", "διαβατήριο"), _ID),
    **dict.fromkeys(("आधार", "पैन", "पासपोर्ट", "رقم الهوية", "الهوية", "جواز السفر", "رقم الجواز"), _ID),
    **dict.fromkeys(("pan card", "pan number", "pan no"), _PAN),
    **dict.fromkeys(("pan ", "pan:"), _BARE_PAN),
    # the national numbers of more countries by the names their people write them under: Vietnam's citizen card
    # (CCCD, 12 digits; the old CMND, 9), Indonesia's NIK (16), Ukraine's taxpayer number (РНОКПП, ІПН), Thailand's,
    # Egypt's, Jordan's, Iran's, Bangladesh's national numbers, Japan's My Number, China's, Taiwan's, Korea's
    **dict.fromkeys(("cccd", "cmnd", "căn cước", "căn cước công dân", "số định danh"), VN),
    **dict.fromkeys(("nik", "no ktp", "nomor ktp", "no. ktp", "nomor induk kependudukan"), _NIK),
    **dict.fromkeys(("рнокпп", "іпн", "ідентифікаційний код", "ідентифікаційний номер"), _ID),
    **dict.fromkeys(("เลขบัตรประชาชน", "บัตรประชาชน", "เลขประจำตัวประชาชน"), _ID),
    **dict.fromkeys(("الرقم القومي", "رقم قومي", "الرقم الوطني", "رقم الإقامة", "کد ملی", "كد ملي", "شماره ملی"), _ID),
    **dict.fromkeys(("জাতীয় পরিচয়পত্র নম্বর", "জাতীয় পরিচয়পত্র", "এনআইডি"), _ID),
    **dict.fromkeys(("マイナンバー", "個人番号", "身份证号", "身份证号码", "身分證字號", "身分證"), _ID),
    # and by their names in Latin America, Pakistan, the Philippines, South Africa, Canada's French, Egypt's "my
    # national number" ("CUIL: 20-…", "C.C. 1.020.304.050", "SSS number 34-1234567-8",
    # "PhilHealth no: 12-345678901-2", "SA ID: 8001015009087", "numéro d'assurance sociale 046-454-286")
    **dict.fromkeys(("cuil", "cuit", "c.c.", "cédula de ciudadanía", "nit"), _ID),
    **dict.fromkeys(("sss", "philhealth", "pag-ibig", "pagibig", "sa id", "rsa id", "thai id", "ktp"), _ID),
    # South Africa's, Kenya's identity numbers by the country's name, Japan's My Number by its English names, Korea's
    # RRN (13 digits) by its English names and its short one ("South African ID = 8001015009087", "Kenya ID
    # 23456789", "my number card number: 1234 5678 9018", "jumin number 880321-1234567")
    **dict.fromkeys(("south african id", "kenya id", "kenyan id", "my number card", "individual number"), _ID),
    **dict.fromkeys(("rrn", "resident registration number", "jumin"), _RRN),
    **dict.fromkeys(("sa_id", "kenya_id", "kenyan_id"), _ID),
    **dict.fromkeys(
        ("العنوان الوطني", "العنوان المختصر", "national address", "short address"), _SHORT_ADDRESS
    ),  # a JSON key's or a form's ("sa_id": "8001015009087")
    **dict.fromkeys(("rg ", "rg:", "rg=", 'rg"', 'rg\\"', "rg>"), _RG),
    "cep": _CEP,
    **dict.fromkeys(("postal code", "postcode", "post code", "code postal"), _FINE_POSTCODE),
    **dict.fromkeys(("assurance sociale", "رقمي القومي", "الرقم القومى"), _ID),
    "주민등록번호": _ID,
    **dict.fromkeys(("パスポート番号", "旅券番号", "护照号", "護照號碼", "여권번호", "운전면허번호"), _ID),
    "여권": PASSPORT,  # Korean's passport, its number's word apart or left out ("대한민국 여권 S87654321")
    # a visa's number (a US visa's foil, a Schengen sticker's "FRA004187239", Australia's grant) and a health card's
    # (Canada's provinces': Ontario's OHIP "3378-313-088-KT", British Columbia's PHN; Québec's RAMQ)
    **dict.fromkeys(("visa number", "visa no", "visa foil", "visa grant number", "vignette number"), _ID),
    **dict.fromkeys(("numéro de visa", "número de visado", "número de visa", "visumnummer", "visanummer"), _ID),
    **dict.fromkeys(("health card", "health number", "ohip", "personal health number", "phn", "ramq"), _ID),
    **dict.fromkeys(("carte santé", "carte d'assurance maladie", "numéro d'assurance maladie"), _ID),
    **dict.fromkeys(
        ("booking reference", "booking ref", "booking code", "reservation code", "record locator"), BOOKING
    ),
    **dict.fromkeys(("confirmation code", "pnr", "buchungscode", "buchungsnummer", "buchungsreferenz"), BOOKING),
    **dict.fromkeys(("référence de réservation", "code de réservation", "código de reserva", "localizador"), BOOKING),
    **dict.fromkeys(("codice di prenotazione", "boekingscode", "boekingsnummer"), BOOKING),
    **dict.fromkeys(("bank number", "bank account", "bank acct"), _BANK),
    # a bank account's number by its names in Latin America (Mexico's CLABE, Argentina's CBU and CVU, a savings
    # account), Indonesia, Vietnam, Thailand, Japan, Korea and China ("no rekening BCA 1234567890", "STK 0011004…",
    # "口座番号 1234567", "계좌번호 123456-01-234567", "银行卡号 6222…"); Australia's branch (BSB 062-000)
    **dict.fromkeys(("clabe", "cbu", "cvu", "cuenta de ahorros", "cuenta de ahorro", "cuenta corriente"), _BANK),
    # (Indonesian's "rekening" with its number's word: alone it is a Dutch bill's)
    **dict.fromkeys(("no rekening", "nomor rekening", "no. rekening", "no rek", "no. rek", "norek"), _BANK),
    **dict.fromkeys(("stk:", "số tk", "số tài khoản", "เลขบัญชี", "bsb"), _BANK),  # not "Stk": German pieces
    **dict.fromkeys(("口座番号", "계좌번호", "계좌", "银行卡号", "银行账号", "銀行帳號", "卡号"), _BANK),
    **dict.fromkeys(_ISSUED, _ID),
    **dict.fromkeys(("ean code", "ean-code", "code ean", "eancode", "ean-nummer", "ean nummer"), _SUPPLY_EAN),
    **dict.fromkeys(("policy", "claim", "member"), RECORD),
    # not "tracking" alone: "tracking_id", "trackingEnabled" in a page's scripts
    **dict.fromkeys(("tracking ", "tracking:", "tracking#", "waybill"), TRACKING),
    **dict.fromkeys(("sendungsnummer", "numéro de suivi", "número de seguimiento", "codice di tracciamento"), TRACKING),
    **dict.fromkeys(("imei", "imsi", "iccid", "sim number", "sim serial", "sim card number"), _DEVICE),
    **dict.fromkeys(("e-ticket", "eticket", "ticket number", "ticket no", "ticket #"), _TICKET),
    "eid": _EID,
    # with the space or mark after them: "pin" and "puk" alone are in too many words ("shipping", "typing")
    **dict.fromkeys(("pin ", "pin:", "pin#", "puk ", "puk:", "pin-code", "code pin", "code puk"), PIN),
    "ein": Said("gov_id", "personal_ids", 9, 9),
    # Canada's social insurance number, in French's short name too ("NAS: 046-454-286")
    **dict.fromkeys(("sin", "nas"), SIN),
    **dict.fromkeys(("account number", "account no", "acct", "routing number", "routing", "sort code"), _BANK),
    **dict.fromkeys(("acc ", "acc.", "acc:", "acc#", "acc no", "accnum", "a/c", "a/c no"), _BANK),  # "Acc 41882736"
    **dict.fromkeys(_BANKS, _BANK),
    "ifsc": _IFSC,
    "sort ": SORT,
    **dict.fromkeys(("account", "accounts", "compte", "cuenta", "conta", "konto"), _ACCOUNT),
    "bank ": BANK_RUN,
    **dict.fromkeys(_EXPIRES, EXPIRY),
    **dict.fromkeys(("dob", "d.o.b", "d.o.b.", "date of birth", "birth date", "birthdate", "birthday", "born"), DOB),
    **dict.fromkeys(("cvv", "cvv2", "cvc", "cvc2", "csc", "security code", "card verification"), CVC),
    **dict.fromkeys(("card", "cc", "cc#", "carte", "tarjeta", "karte", "carta", "cartão", "cartao"), CARD),
    **dict.fromkeys(("credit card", "debit card", "card number", "card no"), NAMED_CARD),
    # the same in German, Dutch, French, Italian, Spanish, Portuguese and Polish
    **dict.fromkeys(
        ("kreditkarte", "kartennummer", "visa-karte", "creditcard", "kaartnummer", "bankkaart"), NAMED_CARD
    ),
    **dict.fromkeys(("carte de crédit", "carte bancaire", "numéro de carte", "carta di credito"), NAMED_CARD),
    **dict.fromkeys(("carta di debito", "numero di carta", "numero della carta", "tarjeta de crédito"), NAMED_CARD),
    **dict.fromkeys(("tarjeta de débito", "número de tarjeta", "cartão de crédito", "número do cartão"), NAMED_CARD),
    **dict.fromkeys(("karta kredytowa", "karty kredytowej", "numer karty"), NAMED_CARD),
    "iban": IBAN,
    **{f"{w} plate": PLATE for w in ("license", "licence", "number", "registration", "car", "vehicle")},
    **dict.fromkeys(("reg ", "reg:", "reg.", "registration", "registered as", "plate", "plates", "vrm"), PLATE_SHAPED),
    # Turkish's plate, and its "plate of" ("Araç plakası 34 ABC 1234")
    **dict.fromkeys(("plaka", "plakası", "plakasi"), PLATE),
    **dict.fromkeys(("android id", "gaid", "aaid", "idfa", "idfv", "advertising id", "advertising identifier"), AD_ID),
    **dict.fromkeys(("serial", "serial number", "serial no", "s/n", "s/n:", "sn:", "udid"), SERIAL),
    **dict.fromkeys(("pac code", "pac:", "pac is", "stac code", "stac:"), _PORT),
    **dict.fromkeys(("plate number", "plate no", "vehicle registration", "car registration"), PLATE),
    **dict.fromkeys(
        ("car ", "van ", "vehicle ", "truck ", "lorry ", "motorbike ", "auto ", "voiture ", "coche "), _VEHICLE_PLATE
    ),
    **dict.fromkeys(("carro ", "samochód ", "wagen ", "véhicule ", "veicolo "), _VEHICLE_PLATE),
}
