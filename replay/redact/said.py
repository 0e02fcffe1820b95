"""Personal numbers and dates said in prose, after the words that name them: ``passport no.
X1234567``, ``my ssn is 078051120``, ``DOB 1987-04-05``, ``born on 12 March 1990``,
``cvv 123``, ``sort code 12-34-56``.

``fields`` reads the value of a field name followed by ``:``, ``=`` or ``is``; people also write
these numbers with no separator, with ``#`` or ``no.``, or after words that are not one field name
(``driver's license``, ``social security number``). The cue is the phrase (``SAID_CUES``, found by
the one Aho-Corasick pass of ``detectors``); a few filler words may follow it (``number``, ``no.``,
``#``, ``is``, ``on``); then the value must have the phrase's shape: a date for a date of birth, a
few digits for a CVV, enough digits for an id number. A phrase followed by anything else
(``passport photo``, ``born in London``) finds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replay.redact.checksums import digit_pass_names, iban_ok
from replay.redact.hits import Hit, guard
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import (
    JSON_NUMBER,
    Pseudonyms,
    is_card_pseudonym,
    is_dob_pseudonym,
    is_iban_pseudonym,
    is_ssn_pseudonym,
    looks_redacted,
    luhn_ok,
)
from replay.redact.readout import TEENS, TENS, UNITS, read_digits, say_digits

__all__ = ["MONTH", "SAID_CUES", "SPOKEN_DOB", "Said", "SaidFinder", "device_number", "plate_shaped", "serial_like"]


@dataclass(frozen=True, slots=True)
class Said:
    """What a phrase announces: the hit's kind, the detector that turns it off, the digits it needs."""

    kind: str
    detector: str
    min_digits: int = 5
    max_digits: int = 20


_ID = Said("gov_id", "personal_ids")
_ID4 = Said("gov_id", "personal_ids", 4)  # an Indian PAN has 4 digits (ABCDE1234F)
# Vietnam's citizen card (12 digits) or its old identity card (9); Indonesia's NIK (16): "nik" is a word of other
# languages too ("Nik 12345"), its number's length says which
_VN = Said("gov_id", "personal_ids", 9, 12)
_NIK = Said("gov_id", "personal_ids", 16, 16)
_BANK = Said("bank_account", "personal_ids", 6, 34)
_DOB = Said("dob", "personal_ids", 4, 8)
_CVC = Said("cvc", "secret_keys", 3, 4)
_SSN = Said("ssn", "ssn", 9, 9)
# A card's number the digit pass does not take for one (an issuer prefix it does not know, an old 15-digit
# JCB): its Luhn check and the word "card" before it say what it is.
_CARD = Said("card", "card", 12, 19)
# A card's number named as one ("credit card number 4539 1488 0343 6467"): its shape says enough, a Luhn
# check it fails (a typo, a number made up for a test or an example) does not make it anyone else's.
_NAMED_CARD = Said("card", "card", 13, 19)
# An IBAN named as one: its shape (country, 2 check digits, the account's letters and digits), its check
# aside, as for a card named.
_IBAN = Said("iban", "iban", 8, 34)
# A car's plate, so its owner's: letters and digits, two digits at least ("license plate 7ABC123").
_PLATE = Said("license_plate", "personal_ids", 2, 10)
# The same after a word that names other things too ("reg", "registration", "plate", "registered as"): only a value
# of a plate's shape is one (``plate_shaped``: "reg KX68 FBN", "Texas plate DKR-4821"; not "registration 2024-05-01",
# "reg 0x1f", "plate 3")
_PLATE_SHAPED = Said("license_plate", "personal_ids", 1, 8)
# A device's serial number ("serial C02ZK1ABMD6M", "S/N 2231RE4A0017825"): the one laptop or router a person owns, as
# its MAC address; of a serial's shape (``serial_like``: "serial 115200" is a baud rate, "serial port" none)
_SERIAL = Said("device_id", "personal_ids", 2, 20)
# A phone number's porting or cancellation code (a UK PAC or STAC: "ABC123456"): it moves the number away, as a
# one-time code signs in
_PORT = Said("otp", "secret_keys", 6, 6)
# A phone's and its SIM's own numbers (an IMEI's 15 digits, an IMSI's 15, an ICCID's 19-20): they point at the
# one person who carries them, as the phone's number does.
_DEVICE = Said("device_id", "personal_ids", 14, 20)
# A PIN, a SIM's PUK: the digits that open an account, a line's voicemail, a SIM (as a "pin" field's, an "otp").
_PIN = Said("otp", "secret_keys", 4, 8)
# A USCIS receipt number: a service centre's code and ten digits ("IOE0912345678", "WAC2190012345")
# A UK sort code by a payslip's or a statement's short word ("Sort 30-94-21"): only a sort code's shape, "sort"
# being a word of its own ("sort 2024-05-01 first")
_SORT = Said("bank_account", "personal_ids", 6, 6)
_SORT_SHAPE = re.compile(r"\d\d-\d\d-\d\d")
_RECEIPT = Said("gov_id", "personal_ids", 10, 10)
_RECEIPT_SHAPE = re.compile(r"(?:EAC|WAC|LIN|SRC|NBC|MSC|IOE|YSC|TSC|VSC|NSC|CSC)\d{10}")
# An airline ticket's number (13 digits, its airline's code first) and an eSIM's EID (32 digits): one traveller's,
# one phone's.
_TICKET = Said("gov_id", "personal_ids", 13, 13)
_EID = Said("device_id", "personal_ids", 32, 32)
# A policy's, a claim's, a member's number after the word alone ("policy 9384-221-07", "claim CLM-2024-558812",
# "member 88231004"): five digits at least and no date ("policy 2 of the handbook", "privacy policy 2024-05-01")
_RECORD = Said("gov_id", "personal_ids", 5, 20)
# A parcel's tracking number after its name ("tracking 1Z999AA10123456784", "Sendungsnummer 00340434161094042557"):
# ten digits at least, as carriers' are (an analytics property's "tracking id UA-12345678-1" has fewer)
_TRACKING = Said("tracking_number", "personal_ids", 10, 34)

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
    # a school's, a college's and an admissions service's numbers for one student (a student information system's,
    # a university's, England's unique pupil and learner numbers, the Common App's and UCAS's ids)
    "sis id", "sis user id", "umid", "upn:", "upn ", "uln:", "uln ", "unique pupil number", "unique learner number",
    "common app id", "ucas id", "ucas personal id", "candidate id", "applicant id", "application id",
    # an insurer's numbers for one person's claim and policy
    "claim number", "claim no", "claim #", "claim ref", "claim reference", "policy ref",
    # an airline's scheme's number after its word alone ("AerClub membership: 3098172644")
    "membership:", "membership no", "membership #",
)  # fmt: skip

SAID_CUES: dict[str, Said] = {
    **dict.fromkeys(("passport", "passport's"), _ID),
    **{f"{d}{s} licen{c}e": _ID for d in ("driver", "driving") for s in ("'s", "’s", "s", "") for c in "cs"},
    **{f"licen{c}e {w}": _ID for c in "cs" for w in ("number", "no", "#")},
    # national numbers by their own names, and dates of birth, in other languages
    **dict.fromkeys(
        ("dni", "nif", "pesel", "cpf", "bsn", "codice fiscale", "steuer-id", "steuer-nr", "steuernummer"), _ID
    ),
    **dict.fromkeys(("personnummer", "sozialversicherungsnummer", "numéro de sécurité sociale", "curp"), _ID),
    # Belgium's national number by its register's name in French and Dutch ("registre national 85.07.30-033.28")
    **dict.fromkeys(("registre national", "numéro national", "rijksregisternummer", "rijksregister"), _ID),
    **dict.fromkeys(("nacido el", "nacida el", "fecha de nacimiento", "geboren am", "geburtsdatum", "né le"), _DOB),
    **dict.fromkeys(("née le", "date de naissance", "nato il", "nata il", "data di nascita", "nascido em"), _DOB),
    **dict.fromkeys(("nascida em", "data de nascimento", "geboren op", "geboortedatum", "data urodzenia"), _DOB),
    # born, and its abbreviations before a date, in German and Dutch, Scandinavian, Polish, Czech ("Frau Meier, geb.
    # 12.04.1981", "Jan Kowalski, ur. 3.05.1977"): a date must follow ("geb. Schmidt" is a maiden name: the names')
    **dict.fromkeys(("geb.", "geboren", "född", "født", "ur.", "urodzony", "urodzona", "nar.", "narozen"), _DOB),
    # the same said of oneself, a bot told one's birth date ("Ich bin am 12.03.1984 geboren", "nací el 21 de mayo de
    # 1987", "nasci em 09/11/1990", "urodziłem się 25.11.1992"): a date must follow ("ich bin am Bahnhof" is none)
    **dict.fromkeys(("ich bin am", "bin ich am", "nací el", "naci el", "nasci em", "nasci no dia", "nasci a"), _DOB),
    **dict.fromkeys(("urodziłem się", "urodziłam się", "urodziłem sie", "urodziłam sie"), _DOB),
    # identity documents, tax and insurance numbers, plates and accounts by their names in Polish, German, French,
    # Spanish, Italian, Dutch and Portuguese (the Polish in the cases a form asks for them: "numer paszportu",
    # "dowodu osobistego", "legitymującym się dowodem osobistym nr …")
    **dict.fromkeys(("nip", "paszport", "paszportu", "paszportem", "prawo jazdy", "prawa jazdy", "vin pojazdu"), _ID),
    **dict.fromkeys(("dowód", "dowodu", "dowód osobisty", "dowodu osobistego", "dowodem osobistym"), _ID),
    **dict.fromkeys(("nr rej.", "numer rejestracyjny", "rejestracyjny pojazdu", "tablica rejestracyjna"), _PLATE),
    **dict.fromkeys(("rachunek bankowy", "rachunku bankowego", "numer rachunku", "nr rachunku", "numer konta"), _BANK),
    **dict.fromkeys(("personalausweis", "personalausweisnummer", "ausweisnummer", "ausweis-nr", "reisepass"), _ID),
    **dict.fromkeys(("reisepassnummer", "passnummer", "führerschein", "führerscheinnummer", "fahrgestellnummer"), _ID),
    **dict.fromkeys(("steuerid", "steueridentifikationsnummer", "steuer-identifikationsnummer", "svnr"), _ID),
    **dict.fromkeys(("rentenversicherungsnummer", "versicherungsnummer", "versichertennummer"), _ID),
    **dict.fromkeys(("kennzeichen", "kfz-kennzeichen", "nummernschild", "kenteken", "targa", "matrícula"), _PLATE),
    **dict.fromkeys(("immatriculation", "plaque d'immatriculation", "kentekenplaat"), _PLATE),
    **dict.fromkeys(("kontonummer", "bankverbindung", "numéro de compte", "compte bancaire", "rekeningnummer"), _BANK),
    **dict.fromkeys(
        ("bankrekening", "número de cuenta", "cuenta bancaria", "numero di conto", "conto corrente"), _BANK
    ),
    **dict.fromkeys(("passeport", "permis de conduire", "carte d'identité", "carte nationale d'identité", "cni"), _ID),
    **dict.fromkeys(("sécurité sociale", "nir", "insee", "numéro fiscal", "identification fiscale"), _ID),
    **dict.fromkeys(("pasaporte", "permiso de conducir", "carnet de conducir", "carné de conducir", "nss"), _ID),
    **dict.fromkeys(("licencia de conducir", "seguridad social", "passaporto", "patente", "carta d'identità"), _ID),
    **dict.fromkeys(("carta di identità", "partita iva", "p. iva", "p.iva", "tessera sanitaria"), _ID),
    **dict.fromkeys(("paspoort", "paspoortnummer", "rijbewijs", "rijbewijsnummer", "identiteitskaart"), _ID),
    **dict.fromkeys(("burgerservicenummer", "sofinummer", "passaporte", "carteira de motorista"), _ID),
    **dict.fromkeys(("identiteitskaartnummer", "previdenza sociale", "c.f.", "belastingnummer"), _ID),
    **dict.fromkeys(("immatriculée", "immatriculé", "immatriculée sous"), _PLATE),
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
    **dict.fromkeys(("geb. am", "urodzony", "urodzona"), _DOB),
    # born in a place, then the date ("nato a Milano il 12 marzo 1985"), and a birthday with its year
    **dict.fromkeys(("nato a", "nata a", "né à", "née à", "nacido en", "nacida en", "nascido em", "geboren in"), _DOB),
    **dict.fromkeys(("anniversaire", "compleanno", "cumpleaños", "aniversário", "geburtstag", "verjaardag"), _DOB),
    "conto corrente": _BANK,
    **dict.fromkeys(("dl#", "dl "), _ID),  # a driver's licence, abbreviated: "DL# X1234567", "DL no. X1234567"
    **dict.fromkeys(("social security", "ssn"), _SSN),
    **dict.fromkeys(("social insurance", "national id", "national identity", "national insurance"), _ID),
    **dict.fromkeys(("ni number", "ni no", "nhs number", "nhs no", "medicare", "medicaid"), _ID),
    **dict.fromkeys(("tax id", "tax number", "taxpayer id", "tax identification", "tin number"), _ID),
    **dict.fromkeys(("id number", "id no", "id card", "identity card", "identity number", "aadhaar"), _ID),
    # the national numbers of Presidio's recognizers by their short names (US ITIN, ES NIE, SG NRIC, AU ABN/ACN/TFN,
    # UK NINO, IN PAN and voter id), a doctor's licence numbers (NPI, DEA), a bank's number
    **dict.fromkeys(("itin", "nie", "nric", "abn", "acn", "tfn", "tax file number", "nino", "fiscal code"), _ID),
    **dict.fromkeys(("voter id", "voter's id", "epic number", "epic no", "aadhar", "npi", "dea number"), _ID),
    **{f"medical licen{c}e": _ID for c in "cs"},
    # the numbers HIPAA names as a patient's identifiers: a medical record's, a health plan's, a beneficiary's
    **dict.fromkeys(("patient id", "patient number", "patient no", "mrn", "medical record", "health plan"), _ID),
    **dict.fromkeys(("insurance id", "insurance number", "member id", "beneficiary id", "subscriber id"), _ID),
    **dict.fromkeys(("policyholder id", "policy holder id", "medical file", "medical file number"), _ID),
    # the same as a JSON key (an appointment's webhook: "insurance_member_id"); a bare "member_id" is a forum's too
    **dict.fromkeys(("insurance_member_id", "insurance_id", "subscriber_id", "beneficiary_id", "health_plan_id"), _ID),
    "tin": Said("gov_id", "personal_ids", 9, 9),  # a US taxpayer's number: "TIN 11-4391209"
    **dict.fromkeys(("vin", "vehicle identification number"), _ID),  # a car's, so its owner's
    # a UK taxpayer's reference; an immigrant's alien registration number (USCIS's "A-number", A + 8-9 digits); a
    # prescription's number at the pharmacy
    **dict.fromkeys(("utr", "unique taxpayer reference", "a-number", "a_number", "alien number"), _ID),
    **dict.fromkeys(("alien registration", "uscis number", "uscis #", "uscis#", "uscis account number"), _ID),
    **dict.fromkeys(("green card number", "green card no", "green card #", "permanent resident card"), _ID),
    **dict.fromkeys(("rx number", "rx #", "rx#", "rx no", "rx_number", "prescription number", "prescription #"), _ID),
    # a USCIS case's receipt number by its shape (a service centre's three letters, ten digits): after "receipt
    # number" alone a shop's receipt is a thing's number
    **dict.fromkeys(("receipt number", "receipt_number", "receipt #", "receipt no"), _RECEIPT),
    # identity documents and numbers in Russian (a passport's series and number, SNILS, INN, a health policy's),
    # Hebrew (teudat zehut), Greek (AFM, AMKA), Hindi (Aadhaar, PAN), Arabic (an identity card's, a passport's)
    **dict.fromkeys(("паспорт", "паспорта", "снилс", "инн", "полис омс", "номер полиса"), _ID),
    **dict.fromkeys(("תעודת הזהות", "תעודת זהות", "ת.ז.", 'ת"ז', "מספר זהות", "דרכון"), _ID),
    **dict.fromkeys(("αφμ", "αμκα", "ταυτότητα", "ταυτότητας", "διαβατήριο"), _ID),
    **dict.fromkeys(("आधार", "पैन", "पासपोर्ट", "رقم الهوية", "الهوية", "جواز السفر", "رقم الجواز"), _ID),
    **dict.fromkeys(("pan card", "pan number", "pan no"), _ID4),
    # the national numbers of more countries by the names their people write them under: Vietnam's citizen card
    # (CCCD, 12 digits; the old CMND, 9), Indonesia's NIK (16), Ukraine's taxpayer number (РНОКПП, ІПН), Thailand's,
    # Egypt's, Jordan's, Iran's, Bangladesh's national numbers, Japan's My Number, China's, Taiwan's, Korea's
    **dict.fromkeys(("cccd", "cmnd", "căn cước", "căn cước công dân", "số định danh"), _VN),
    **dict.fromkeys(("nik", "no ktp", "nomor ktp", "no. ktp", "nomor induk kependudukan"), _NIK),
    **dict.fromkeys(("рнокпп", "іпн", "ідентифікаційний код", "ідентифікаційний номер"), _ID),
    **dict.fromkeys(("เลขบัตรประชาชน", "บัตรประชาชน", "เลขประจำตัวประชาชน"), _ID),
    **dict.fromkeys(("الرقم القومي", "رقم قومي", "الرقم الوطني", "رقم الإقامة", "کد ملی", "كد ملي", "شماره ملی"), _ID),
    **dict.fromkeys(("জাতীয় পরিচয়পত্র নম্বর", "জাতীয় পরিচয়পত্র", "এনআইডি"), _ID),
    **dict.fromkeys(("マイナンバー", "個人番号", "身份证号", "身份证号码", "身分證字號", "身分證"), _ID),
    "주민등록번호": _ID,
    **dict.fromkeys(("パスポート番号", "旅券番号", "护照号", "護照號碼", "여권번호", "운전면허번호"), _ID),
    **dict.fromkeys(("bank number", "bank account", "bank acct"), _BANK),
    **dict.fromkeys(_ISSUED, _ID),
    **dict.fromkeys(("policy", "claim", "member"), _RECORD),
    # not "tracking" alone: "tracking_id", "trackingEnabled" in a page's scripts
    **dict.fromkeys(("tracking ", "tracking:", "tracking#", "waybill"), _TRACKING),
    **dict.fromkeys(
        ("sendungsnummer", "numéro de suivi", "número de seguimiento", "codice di tracciamento"), _TRACKING
    ),
    **dict.fromkeys(("imei", "imsi", "iccid", "sim number", "sim serial", "sim card number"), _DEVICE),
    **dict.fromkeys(("e-ticket", "eticket", "ticket number", "ticket no", "ticket #"), _TICKET),
    "eid": _EID,
    # with the space or mark after them: "pin" and "puk" alone are in too many words ("shipping", "typing")
    **dict.fromkeys(("pin ", "pin:", "pin#", "puk ", "puk:", "pin-code", "code pin", "code puk"), _PIN),
    "ein": Said("gov_id", "personal_ids", 9, 9),
    "sin": Said("gov_id", "personal_ids", 9, 9),
    **dict.fromkeys(("account number", "account no", "acct", "routing number", "routing", "sort code"), _BANK),
    **dict.fromkeys(("acc ", "acc.", "acc no", "a/c", "a/c no"), _BANK),  # a payslip's "Acc 41882736"
    "sort ": _SORT,
    "account": Said("bank_account", "personal_ids", 8, 34),
    **dict.fromkeys(("dob", "d.o.b", "d.o.b.", "date of birth", "birth date", "birthdate", "birthday", "born"), _DOB),
    **dict.fromkeys(("cvv", "cvv2", "cvc", "cvc2", "csc", "security code", "card verification"), _CVC),
    **dict.fromkeys(("card", "cc", "cc#", "carte", "tarjeta", "karte", "carta", "cartão", "cartao"), _CARD),
    **dict.fromkeys(("credit card", "debit card", "card number", "card no"), _NAMED_CARD),
    # the same in German, Dutch, French, Italian, Spanish, Portuguese and Polish
    **dict.fromkeys(
        ("kreditkarte", "kartennummer", "visa-karte", "creditcard", "kaartnummer", "bankkaart"), _NAMED_CARD
    ),
    **dict.fromkeys(("carte de crédit", "carte bancaire", "numéro de carte", "carta di credito"), _NAMED_CARD),
    **dict.fromkeys(("carta di debito", "numero di carta", "numero della carta", "tarjeta de crédito"), _NAMED_CARD),
    **dict.fromkeys(("tarjeta de débito", "número de tarjeta", "cartão de crédito", "número do cartão"), _NAMED_CARD),
    **dict.fromkeys(("karta kredytowa", "karty kredytowej", "numer karty"), _NAMED_CARD),
    "iban": _IBAN,
    **{f"{w} plate": _PLATE for w in ("license", "licence", "number", "registration", "car", "vehicle")},
    **dict.fromkeys(("reg ", "reg:", "reg.", "registration", "registered as", "plate", "vrm"), _PLATE_SHAPED),
    **dict.fromkeys(("serial", "serial number", "serial no", "s/n", "s/n:", "sn:", "udid"), _SERIAL),
    **dict.fromkeys(("pac code", "pac:", "pac is", "stac code", "stac:"), _PORT),
    **dict.fromkeys(("plate number", "plate no", "vehicle registration", "car registration"), _PLATE),
}

# Words and marks between the phrase and its value (read up to ``FILLER_REACH`` characters: a text of a thousand
# "card card …" is not read from each to its end): "passport no. X", "ssn is X", "DOB: X", "born on X"; a JSON
# key's quotes, escaped inside a JSON string (a tool call's arguments: \\"prescriber_npi\\": \\"1902837465\\").
FILLER_REACH = 80
_FILLER = re.compile(
    r"(?:[ \t]*(?:(?:number|num|nos?|nr|id|card|code|is|was|are|on|of|date|the|es|est|ist|è|é|jest|numer|nummer"
    r"|numero|número|numéro|n[°º]|lautet|wynosi|dnia"
    # articles, "that", "with" in the cues' languages: "est le 12345678", "che è BNCMRC80…", "con numero P1234567"
    r"|le|la|il|el|der|het|che|que|dat|with|con|mit|avec|met|com)(?![^\W_])\.?|[#:=(),|\-–'\"‘“]|\\+(?=[\"'])"
    # a CJK topic or copula particle and the fullwidth colon, written joined to the number ("マイナンバーは1234 …",
    # "身份证号是110105…", "주민등록번호는 …")
    r"|[：は是为為는은]))*[ \t]*",
    re.I,
)
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    # the months of the languages the cues speak (es, fr, de, it, pt, nl, pl), where they differ from English's
    r"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
    r"|janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
    r"|januar|februar|märz|maerz|juni|juli|oktober|dezember|gennaio|febbraio|aprile|maggio|giugno|luglio"
    r"|settembre|ottobre|dicembre|janeiro|fevereiro|março|marco|maio|junho|julho|setembro|outubro|novembro"
    r"|dezembro|januari|februari|maart|mei|augustus|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia"
    r"|września|wrzesnia|października|pazdziernika|listopada|grudnia)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\.?,? )?"  # "Tuesday, March 3, 1987"
)
_DATE = re.compile(
    rf"(?:\d{{4}}([-/.])\d{{1,2}}\1\d{{1,2}}|\d{{1,2}}([-/.])\d{{1,2}}\2\d{{2,4}}"
    rf"|{_WEEKDAY}(?:{_DAY}\.? (?:of |de )?{MONTH},? (?:de )?\d{{4}}|{MONTH} {_DAY},? \d{{4}})"
    # "03-Mar-1987" (a clinic's, an Oracle database's), "19870303" (a form's compact date)
    rf"|\d{{1,2}}([-/ ]){MONTH}\3\d{{2,4}}|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?![A-Za-z0-9])",
    re.I,
)
# A date said in words, as a call's transcript writes one ("fourth of may eighty two", "may the fourth nineteen
# eighty two", "twelve oh three nineteen ninety"): a day's ordinal and a month, a year perhaps; or day, month and
# a year in cardinals ("twelve oh three eighty")
_UNIT, _TEEN, _TENS = (f"(?:{'|'.join(words)})" for words in (UNITS, TEENS, TENS))
_ORDINAL_UNIT = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_ORDINAL_WORD = (
    rf"(?:(?:twenty|thirty)[- ]{_ORDINAL_UNIT}|{_ORDINAL_UNIT}|tenth|eleventh|twelfth|thirteenth|fourteenth"
    r"|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)"
)
_TWO = rf"(?:{_TENS}(?:[- ]{_UNIT})?|{_TEEN}|oh[- ]{_UNIT})"  # a year's last two digits: "eighty two", "oh five"
_FULL_YEAR = rf"(?:(?:nineteen|twenty)[ -](?:{_TWO}|hundred)|two thousand(?:[ -](?:and[ -])?(?:{_TWO}|{_UNIT}))?)"
_SPOKEN_DATE = re.compile(
    rf"(?:{_ORDINAL_WORD} (?:of )?{MONTH}|{MONTH} (?:the )?{_ORDINAL_WORD})(?:,? (?:{_FULL_YEAR}|{_TWO}))?"
    rf"|(?:{_UNIT}|{_TEEN}|twenty(?:[- ]{_UNIT})?|thirty(?:[- ]one)?) (?:oh[- ]{_UNIT}|ten|eleven|twelve|{_UNIT})"
    rf" (?:{_FULL_YEAR}|{_TWO})(?![^\W_])",
    re.I,
)
SPOKEN_DOB = "first of january nineteen hundred"  # what ``Pseudonyms.dob`` writes, said in words
# The time a transcript's line carries beside its speaker's label, before it or after it ("Speaker 2 (00:15):",
# "[10:02] Tom:")
_AT = r"[\[(]?\d{1,2}(?::\d\d){1,2}(?:[.,]\d+)?[\])]?"
# A question's answer in a call's transcript: the question's mark, the next line's speaker label, the words an
# answer starts with ("date of birth?" / "caller: yeah it's twelve oh three eighty")
_ANSWER = re.compile(
    rf"\?[ \t]*\r?\n[ \t]*(?:{_AT}[ \t]*)?(?:[A-Za-z][\w .'-]{{0,24}}(?:[ \t]*{_AT})?:[ \t]*)?"
    r"(?:(?:yeah|yes|yep|sure|ok|okay|um+|uh+|erm|so|it's|it’s|its|it is|that's|that’s|it was|mine is|the)[ \t,.]+)*",
    re.I,
)
# What may stand between a phrase and its value past the filler words: a few words on the same clause ("creditcard
# waarvan het nummer is 4321 …", "date de naissance est le 5 mai 1985", "nato a Milano il 12 marzo 1985").
_CLAUSE = re.compile(r"[^\d.!?;\n]{1,40}?(?=\d)")
# A label written before the value ("DL: D1234567", "ATIN: 987654321A", "MRN_2231907"): the value follows it.
_LABEL = re.compile(r"[A-Z]{2,5}(?::[ \t]?|_|#)(?=[A-Za-z]*\d)")
_CARD_SHAPE = re.compile(r"\d{4}([ \-]?)\d{4}\1\d{4}\1\d{1,7}")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}")
# An id: up to eight parts joined by one space, dash, slash or dot ("AB 12 34 56 C", "12-3456789", "X1234567", a
# Belgian national number's "85.07.30-033.28"); a stop before a space ends the sentence, not the id.
_PARTS = re.compile(r"[A-Za-z0-9]+(?:[ \-/.][A-Za-z0-9]+){0,7}")
_PART = re.compile(r"[A-Za-z0-9]+")
_DASHED = re.compile(r"-[A-Za-z]*\d")


def _id_end(value: str, tail: int = 1, spaced: bool = False) -> int:
    """Where an id ends in ``value``: parts with a digit, a capital prefix of one or two parts and a suffix of
    ``tail`` capitals (an NI number's ``AB 12 34 56 C``, a French plate's ``AB-123-CD``, ``spaced``: after a space too,
    a British plate's ``KX68 FBN``); a word ends it ("X1234567 expires")."""
    end = 0
    for i, m in enumerate(_PART.finditer(value)):
        part = m.group(0)
        if any(c.isdigit() for c in part):
            end = m.end()
        elif i <= 1 and not end and part.isupper() and (len(part) <= 3 or value[m.end() : m.end() + 1] == "-"):
            # a prefix of capitals: a NINO's "AB", a German plate's district and letters ("B-MA 1234"), a record
            # system's code joined by a dash ("MRN ALPHA-442021")
            continue
        elif (
            end
            and part.isupper()
            and len(part) <= 3
            and value[end : m.start()] == "-"
            and _DASHED.match(value, m.end())
        ):
            continue  # a state's or a line's code between dashes, digits on both sides ("policy HO3-TX-5520918")
        else:
            if (
                end
                and part.isupper()
                and m.start() == end + 1
                and (len(part) == 1 or (len(part) <= tail and (value[end] == "-" or spaced)))
            ):
                end = m.end()
            break
    return end


class SaidFinder:
    """Ids, bank numbers, CVVs and dates of birth after the phrases of ``SAID_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, said: Said, hits: list[Hit]) -> None:
        """The value after the phrase at ``text[s:e]``, if it has the phrase's shape."""
        if not self.on[said.detector]:
            return
        if (s and low[s - 1].isalnum() and not _attached(low, s) and low[s - 1] < _CJK) or (
            e < len(low) and low[e].isalnum() and low[e - 1].isalnum() and low[e - 1] < _CJK
        ):
            return  # "adobe", "sinus", "accountant": part of another word (CJK writes no spaces between words)
        if low.startswith("id ", s) and not _owner_before(low, s):
            return  # "order id number 12345": a thing's id, not a person's
        if text[e : e + 1] == "." and low.endswith(("no", "nr"), s, e):
            e += 1  # "claim no. CLM-…", "policy nr. 9384…": the abbreviation's stop
        f = _FILLER.match(text, e, e + FILLER_REACH)
        v = f.end() if f else e
        if text[v : v + 1] == "?" and (answer := _ANSWER.match(text, v, v + FILLER_REACH)) is not None:
            v = answer.end()  # a call's question, its answer on the next line ("date of birth?\ncaller: yeah it's …")
        elif v >= len(text) or (v == e and text[v - 1 : v].isalnum()):
            return  # "dob1987": no space, no mark
        if (
            (said is _DOB or said is _NAMED_CARD or said is _VN)
            and not text[v : v + 1].isdigit()
            and not (said is _DOB and (_DATE.match(text, v) or _SPOKEN_DATE.match(text, v)))  # "born on March 3, 1987"
            and (g := _CLAUSE.match(text, v))
        ):
            v = g.end()  # the value's shape (a date, a card's 13-19 digits, a CCCD's 12: "CCCD của tôi là …") says
            # what the words between did not
        if said is _DOB:
            self._date(text, v, hits)
            return
        if said is _TRACKING and not any(c.isdigit() for c in text[v : v + 4]):
            return  # "the tracking page has": a carrier's number starts with a digit or two letters and digits
        if text[v : v + 1].isalpha() and (read := read_digits(text, v)) is not None:
            self._read_out(text, v, read, said, hits)  # "the security code is seven three one"
            return
        if (label := _LABEL.match(text, v)) is not None:
            v = label.end()
        m = _PARTS.match(text, v)
        if m is None:
            return
        plate = said is _PLATE or said is _PLATE_SHAPED
        ve = v + (_id_end(m.group(0), 3, True) if plate else _id_end(m.group(0)))
        if text[ve - 1] in "eE" and (n := JSON_NUMBER.match(text, v)) is not None and n.end() > ve:
            ve = n.end()  # a number's exponent ("1.0000000000000002e+16", a JSON number's 17 digits): its pseudonym
            # keeps it a number (``Pseudonyms.generic``), where a word ending before "+16" broke the document
        value = text[v:ve]
        digits = "".join(c for c in value if c.isdigit())
        if not (said.min_digits <= len(digits) <= said.max_digits) or (
            ve < len(text) and text[ve].isalnum() and text[ve] < _CJK
        ):
            return  # "X1234567abc" (a CJK particle may follow: "…5617です")
        if (said is _PLATE_SHAPED and not plate_shaped(value)) or (said is _SERIAL and not serial_like(value)):
            return
        if said is _RECORD and _DATE.fullmatch(value):
            return
        if (
            ((said is _CVC or said is _PIN) and not value.isdigit())
            or (said is _RECEIPT and not _RECEIPT_SHAPE.fullmatch(value))
            or (said is _SORT and not _SORT_SHAPE.fullmatch(value))
        ):
            return
        if said is _PIN and len(value) == 6 and "code" in low[s:v]:
            return  # an Indian postcode: "PIN code 560001"
        if digit_pass_names(value, self.on):
            return  # a card's number after "TFN", an IBAN after "passport" (not a number inside letters,
            # "SBIN567890123456", which the digit pass does not read)
        if said is _CARD or said is _NAMED_CARD:
            self._card(value, digits, v, ve, hits, said is _NAMED_CARD)
            return
        if said is _IBAN:
            if _IBAN_SHAPE.fullmatch(value) and not iban_ok(compact := value.replace(" ", "")):
                hits.append(guard(v, ve) if is_iban_pseudonym(compact) else Hit(v, ve, "iban", self.ps.iban(value), 70))
            return
        if looks_redacted(value) or digits.strip("9") == "":
            hits.append(guard(v, ve))
        elif said.kind == "ssn":
            hits.append(guard(v, ve) if is_ssn_pseudonym(digits) else Hit(v, ve, "ssn", self.ps.ssn(value), 70))
        else:
            hits.append(Hit(v, ve, said.kind, shaped_id(self.ps, value), 70))

    def _read_out(self, text: str, v: int, read: tuple[int, str, str], said: Said, hits: list[Hit]) -> None:
        """A number read out in digit words after its phrase (a call's transcript): of the phrase's length, its
        digits replaced by nines, read out the same way (a card's and a phone's are ``readout``'s)."""
        end, digits, lang = read
        if not (said.min_digits <= len(digits) <= said.max_digits) or said.kind in ("card", "iban", "dob"):
            return
        if digits.strip("9") == "":
            hits.append(guard(v, end))
        else:
            hits.append(Hit(v, end, said.kind, say_digits("9" * len(digits), lang), 70))

    def _card(self, value: str, digits: str, v: int, ve: int, hits: list[Hit], named: bool) -> None:
        if value.strip("0123456789 -") or not (luhn_ok(digits) or (named and _CARD_SHAPE.fullmatch(value))):
            return  # "card 1234 5678 9012": a number that is no card's (a gift card's, an order's)
        hits.append(guard(v, ve) if is_card_pseudonym(digits) else Hit(v, ve, "card", self.ps.card(value), 70))

    def _date(self, text: str, v: int, hits: list[Hit]) -> None:
        m = _DATE.match(text, v)
        if m is None:
            if (m := _SPOKEN_DATE.match(text, v)) is not None:  # in words: its pseudonym in words
                value = m.group(0)
                said = value.lower() == SPOKEN_DOB
                hits.append(guard(v, m.end()) if said else Hit(v, m.end(), "dob", _like(value, SPOKEN_DOB), 70))
            return
        value = m.group(0)
        hits.append(guard(v, m.end()) if is_dob_pseudonym(value) else Hit(v, m.end(), "dob", self.ps.dob(value), 70))


def _like(value: str, new: str) -> str:
    """``new`` in the case ``value`` is written in (a transcript's lower case, its capitals)."""
    return new.upper() if value.isupper() else new.capitalize() if value[:1].isupper() else new


def plate_shaped(value: str) -> bool:
    """A car's plate as written: capitals and digits, both, 4 to 8 of them, in up to three groups ("KX68 FBN",
    "7ABC123", "DKR-4821", "NY HZT-7781", "12-XKL-3")."""
    chars = [c for c in value if c.isalnum()]
    return (
        4 <= len(chars) <= 10
        and any(c.isalpha() for c in chars)
        and all(c.isdigit() or ("A" <= c <= "Z") for c in chars)
        and value.count(" ") + value.count("-") <= 3
    )


def serial_like(value: str) -> bool:
    """A device's serial number: one run of 8 to 24 capitals and digits, letters among them or 12 digits at least
    ("C02ZK1ABMD6M", "2231RE4A0017825"); not a baud rate, a date's digits (a zone's serial "2024060101"), a word."""
    compact = value.replace("-", "")
    digits = sum(c.isdigit() for c in compact)
    return (
        8 <= len(compact) <= 24
        and compact.isalnum()
        and compact.isascii()
        and not any(c.islower() for c in compact)
        and digits >= 2
        and (digits >= 12 or len(compact) - digits >= 2)
    )


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def device_number(value: str) -> bool:
    """A device's number under a field naming one: a serial's shape, or an advertising id's (IDFA, GAID: a UUID)."""
    return serial_like(value) or _UUID.fullmatch(value) is not None


_CJK = "\u3040"  # kana, the ideographs and Hangul are written from here on

# The one-letter words Hebrew and Arabic write joined to the next ("and", "the", "in", "to", "that"): "ותעודת הזהות"
# is "and the identity card"
_PREFIXES = frozenset("והבלמשכوبلفك")


def _attached(low: str, s: int) -> bool:
    """The letter before a cue at ``s`` is a Hebrew or Arabic prefix of one letter, a word's start before it."""
    return low[s - 1] in _PREFIXES and (s == 1 or not low[s - 2].isalnum())


_OWNERS = frozenset(
    {"my", "your", "his", "her", "their", "our", "the", "a", "an", "personal", "national", "government"}
    | {"student", "employee", "patient", "member", "voter", "tax", "photo", "state", "citizen"}
    # a preposition or a verb: no thing's name stands before the phrase ("stored under ID number 24681357K")
    | {"under", "with", "using", "by", "of", "for", "and", "to", "at", "on", "in", "from", "via", "is", "was", "as"}
)


def _owner_before(low: str, s: int) -> bool:
    """The word before "id number" says it is a person's ("my", "employee"), is no thing's name ("under"), or there
    is none."""
    words = low[max(0, s - 24) : s].split()
    return not words or not words[-1].isalpha() or words[-1] in _OWNERS
