"""What a field name says about its value: JSON keys, form and query names, header names, and
``name: value`` pairs in text all go through ``KeyRules.classify``; ``KEY_CUES`` are the stems a text's field names
are found by. A customer's, a member's, a contract's number by its field's name, and the cues that find one, are
read in ``partykeys``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from replay.redact.exactkeys import EXACT_KEYS
from replay.redact.partykeys import PARTY_NUMBER

__all__ = [
    "ENV_NAME",
    "KEY_CLASSES",
    "KEY_CUES",
    "SECRET_CLASSES",
    "STRICT_SECRET_CLASSES",
    "KeyRules",
    "normalize",
]

# Secret classes: the whole value is replaced, whatever it looks like.
STRICT_SECRET_CLASSES = frozenset({"password", "secret", "token", "api_key", "private_key", "otp", "cvc", "session"})
# "key", "auth", "signature": secret only when the value looks random (see engine.high_entropy).
# "code": an OTP when it is a few digits next to a 2FA context, a secret when it looks random.
SECRET_CLASSES = STRICT_SECRET_CLASSES | {"maybe_secret"}
# The classes of a generated key, whose stand-in in docs ("xxxx…", "1111…": tokens.placeholder) is nobody's secret;
# a password is whatever someone typed.
KEY_CLASSES = frozenset({"secret", "token", "api_key", "private_key", "session", "maybe_secret"})

# Field-name cues; the identifier around the cue is classified by KeyRules.
KEY_CUES = (
    "pass", "pwd", "pw", "sig", "code", "secret", "token", "key", "otp", "pin", "cvc", "cvv", "sess", "sid",
    "credential", "auth", "signature", "hmac", "name", "holder", "address", "street", "addr", "line1", "line2",
    "birth", "dob", "passport", "licen", "national", "tax", "insurance", "nino", "user", "login", "jwt",
    # a user name's stems in other languages (exactkeys)
    "benutzer", "utilisateur", "usuari", "utente", "gebruiker", "brukernavn", "brugernavn", "användar", "anvandar",
    "käyttäjä", "kullanıcı", "użytkownik", "uzytkownik",
    # the same in other languages, and national numbers by their own names (keys.py)
    "contrase", "senha", "wachtwoord", "hasło", "haslo", "parola", "lösenord", "losenord", "salasana", "adgangskode",
    "heslo", "jelsz", "şifre", "sifre", "пароль", "nacimiento", "naissance", "nascimento", "nascita", "geburt",
    "geboorte", "fødsel", "fodsel", "födelse", "fodelse", "syntym", "urodzen", "narozen", "born", "direcc",
    "dirección", "adres", "indirizz", "endere", "strasse", "straße", "domicil", "anschrift", "cpf", "dni", "nif",
    "diachi", "dia_chi",  # Vietnamese's address as an ASCII key (keys._ADDRESS_WORDS)
    "عنوان",  # Arabic's address ("العنوان: شارع الملك فهد، حي العليا")
    "pesel", "aadha", "fiscal", "curp", "bsn", "burgerservice", "ppsn", "personnumm", "steuer", "sozialversicherung",
    "rodne", "rodné",  # Czech's and Slovak's birth number (rodné číslo)
    # more countries' numbers by their names (keys._GOV_ID); the short ones as a JSON key's end or with a number's word
    "cpr", 'rut"', "rut_n", "rutn", "teudat", "mynumber", "my_number", "hetu", "henkilotun", "kojinbang", 'egn"',
    'cnp"', 'oib"', "jmbg", "amka", "hkid", "mykad", "sin_n", "sinn", 'fin"', 'fin\\"',
    "nhs", "medicare", "itin", "nie", "nric", "abn", "acn", "tfn", "voter", "vin", "vehicleident", "pannum", "pan_n",
    "pancard", "pan_card", "panno", "routing", "account", "bank", "sortcode", "sort_code", "epic", "npi", "dea",
    # name fields in other languages (keys._NAME_WORDS)
    "apellid", "nombre", "prenom", "prénom", "nomcomplet", "nom_complet", "vorname", "nachname", "familienname",
    "vollst", "cognome", "nome", "achternaam", "voornaam", "imie", "imię", "nazwisk", "fornavn", "efternavn",
    "etternavn", "förnamn", "fornamn", "efternamn", "etunimi", "sukunimi", "jméno", "jmeno", "příjmení", "prijmeni",
    "contact_person", "contactperson", "verifier",
    "soyad", "soyisim", "prezime", "prenume", "vezet", "kereszt", "фамили", "отчеств", "επώνυμ", "επωνυμ",
    # a given name's short fields in other languages (exactkeys; Turkish's, Croatian's, Romanian's by their pairs,
    # jsonshapes.NAME_PAIRS), the Latin ones as a JSON key's end
    'ad"', 'ad\\"', 'adı"', 'adi"', 'isim"', 'ime"', 'ime\\"', 'nume"', "имя", "όνομα", "ονομα", "이름", "名前",
    # name parts by the pair they come in (NAME_PAIRS); French's "nom" as a JSON key (a surname beside a "prenom")
    "family", "given", "first", "last", 'middle"', 'middle\\"', 'nom"', 'nom\\"',
    "primaryidentifier", "secondaryidentifier",  # IVMS 101's name parts (jsonshapes.NAME_PAIRS)
    "steamid",  # a player's Steam account (exactkeys)
    "shipto", "ship_to", "ship-to", "deliverto", "deliver_to", "deliveryto", "delivery_to",  # exactkeys' addresses
    # a person by their role, as a JSON key's end (namefields.ROLE_KEYS: "passenger": "鈴木陽菜")
    *(f'{role}{q}' for role in ("passenger", "traveler", "traveller", "guest", "patient", "recipient", "payee")
      for q in ('"', '\\"')),
    *(f'{role}{q}' for role in ("beneficiary", "addressee", "consignee", "attendee", "customer", "contact")
      for q in ('"', '\\"')),
    "managedby",  # who manages a record, a kit, a group (mentions.ROLE_NAME_KEYS)
    # a social insurance number by its name in Spanish, French, Italian, Portuguese (keys._GOV_ID)
    "seguridad", "securite", "sécurité", "previdenza", "seguranca", "segurança",
    # a Spanish patient's record and health card numbers (keys._GOV_ID: "nhc", "cipa"), as a JSON key or a form's
    'nhc"', 'nhc\\"', "nhc=", 'cipa"', 'cipa\\"', "cipa=",
    # identity documents (keys._GOV_ID): the stems that "passport", "licen" and "national" do not hold
    "pasapor", "paspoort", "paszport", "fuehrerschein", "führerschein", "permis", "idnum", "id_num", "id-num", "idno",
    "id_no", "id-no", "dlnum", "dl_num", "dl-num", "dlno", "dl_no", "dl-no", "ni_num", "idcard", "id_card", "id-card",
    "identit", "identific", "healthcard", "health_card", "voter", "taxpayer",
    "visagrant", "visanum", "visa_num", "visano", "visa_no", "residencepermit", "residence_permit", "brpnum", "brp_num",
    "aliennum", "alien_num", "alienreg", "alien_reg",
    # the same and plates in other languages (keys._GOV_ID, keys._PLATE); a NIP by a JSON key's end
    "ausweis", "rijbewijs", "patente", "dowod", "dowód", "jazdy", "partita", 'nip"', "kennzeich", "kenteken", "targa",
    "matricul", "matrícul", "immatricul", "rejestr", "nummernschild",
    # a device's and a car's numbers, a place's coordinates (exactkeys): a JSON key's end, an XML element's name
    "imei", "imsi", "iccid", 'mac"', "macaddr", "mac_addr", "mac-addr", 'plate"', "plate>", "mac>", "lat>", "lng>",
    "lon>", "platen", "plate_n", "latitude", "longitude", 'lat"', 'lng"', 'lon"', "bban", 'aba"', "location",
    'bic"', 'bic\\"', "bic]", "bic%5d", "bic=", "bic:",  # a BIC's field as a key's end (not "public", "arabic")
    # a point's markup attributes: a GPS track's, a map's (GPX's <trkpt lat="52.229834" lon="21.011728">, KML's)
    'lat="', 'lon="', 'lng="', "lat='", "lon='", 'lat=\\"', 'lon=\\"', 'lng=\\"',  # in a JSON string too
    "position", "coordinat", "bssid", "hwaddr",
    # a table's header cell naming a car's plate ("vehicle_id,plate,vin"): not "plate" in prose ("plate: 96 wells")
    # an identity document's object and number (fieldnumbers._DOCUMENT_RECORDS), a railcard's, a student aid login, kin
    # the national numbers of more countries, their documents' numbers in Spanish (keys._GOV_ID), their banks' and
    # phones' short names (exactkeys); the short ones as a JSON key's end
    "cedula", "cédula", "_documento", "nro_doc", "cuil", "cuit", "cnic", "nicop", "bvn", 'nin"', 'nin\\"', "snils",
    'inn"', 'inn\\"', "rnokpp", "iqama", 'sss"', "sss_", "philhealth", "pagibig", "pag_ibig", "npwp", "kojin_bang",
    "ktp", 'nik"', 'nik\\"', "cccd", "cmnd", "citizen_id", "citizenid", "thai_id", "said_n", "rsa_id", 'nit"', "clabe",
    "residentreg", "resident_reg",
    'cbu"', 'cvu"', 'bsb"', 'sdt"', 'sdt\\"', "no_hp", "nohp", "nomor_hp",
    "documentn", "document_n", "document-n", 'document"', 'document\\"', 'doc"', "docnum", "doc_num", "docno",
    "doc_no", "railcard", "fsaid", "fsa_id", "nextofkin", "next_of_kin", "next-of-kin", "opposing",
    "plate,", ",plate", "plate\t", "\tplate", "plate|", "|plate", "plate |", "| plate", "plate\n", "plate\r",
    "student,", "student\t", "student|", "student |",
    "portail",  # a gate's code in French ("code portail 4471#", exactkeys)
    "código", "codigo",  # a code's in Spanish and Portuguese ("el código del portal es 4829#", exactkeys)
    # a person's fields in Japanese, Chinese, Korean (exactkeys)
    "氏名", "姓名", "お名前", "フリガナ", "ふりがな", "성명", "生年月日", "出生日期",
    "생년월일", "個人番号", "マイナンバー", "身份证", "身分證", "주민등록번호",
    # a state's number for a student, a benefit's cardholder's, an insured's, a prescription's (exactkeys)
    'rfc"', "idtag", "id_tag", "fahrgestell",  # Mexico's tax number, an EV charging card, a chassis (exactkeys)
    # an insurer's abbreviations (ACORD's DriversLicNumber, VehIdentificationNumber, BirthDt: keys._GOV_ID, exactkeys)
    "driverslic", "driverlic", "drivinglic", "drivers_lic", "driver_lic", "driving_lic", "vehident", "veh_ident",
    "birthdt", "brthdtc",  # CDISC SDTM's birth date's variable (keys._SUFFIXES)
    "province_id", "provinceid", "cardholderid", "cardholder_id", "insured", "enrollee", "prescription", "rxn",
    "rx_n", "rxno", "rx_no",
    "safe", "combination",  # a safe's, a lock's code ("the safe is 19-44-07", keys._SUFFIXES)
    "nom,", ",nom", "nom\t", "\tnom", "nom;", ";nom",  # French's "Nom" as a table's header cell (beside "Prénom")
    # a device's serial and advertising ids, a student's and an insurance claim's numbers (exactkeys)
    "serialn", "serial_n", "serial-n", "deviceserial", "udid", "idfa", "idfv", "gaid", "androidid", "android_id",
    "advertisingid", "advertising_id", "sis_user", "sisuser", "sis_id", "umid", "claimn", "claim_n", "policyn",
    "policy_n", "policyref", "policy_ref", "policy-ref", "studentid", "student_id", "student-id", "studentn",
    "student_n", "employeen", "employee_n", "employeeno", "staffn", "staff_n", "staffno", "payrolln", "payroll_n",
    "personneln", "personnel_n",
    # a traveller's, a utility's numbers, a car's registration by the vehicle's word (exactkeys, keys._SUFFIXES)
    "ktn", "knowntravel", "redress", "flyer", "flier", "loyalty", "membership", 'mpan"', "mprn", "meter_n", "meter-n",
    "meternum", "meter_s", "meterserial", "vehicle_reg", "vehiclereg", "vehicle-reg", "car_reg", "carreg",
    "zip", "postcode", "postal", "eircode", "postleitz",  # a postcode precise to a street (postcodes)
    "payer_id", "payerid",  # the account PayPal knows a payer by (exactkeys)
    "shopperref", "hutk",  # Adyen's shopper's account, HubSpot's visitor (exactkeys)
    # an ad or analytics beacon's browser and click ids (exactkeys); a contact's digest under its field (keyedshapes)
    'fbp"', 'fbp\\"', 'fbc"', 'fbc\\"', 'ttp"', 'ttp\\"', 'duid"', 'duid\\"', 'clid"', 'clid\\"', "fat_id",
    # as a JSON key's end and its colon: a chat's "role": "system" is no field named "em"
    "anonymousid", "anonymous_id", 'mail":', 'mail\\":', 'phone":', 'phone\\":', "phone_n", "phonen", 'em":',
    'em\\":', 'ph":', 'ph\\":',
    "appid", "app_id",  # OpenWeatherMap's key (exactkeys)
    "accessid", "access_id", "access-id",  # a key pair's id (Sumo Logic's: keys.KeyRules)
    'ifa"', 'ifa\\"', "buyeruid", 'yob"', 'yob\\"', "openid", "unionid", "fromusername", "aadobjectid",  # exactkeys
    "initials", "subjinit",  # a subject's, a patient's initials (keys._SUFFIXES)
    "signedby", "signed_by", "signedforby", "receivedby", "received_by", "signatory",  # who signed (exactkeys)
    "seedphrase", "seed_phrase", "recoveryphrase", "recovery_phrase", "mnemonicphrase", "seedwords",  # exactkeys
    # a parcel's number (exactkeys): the key's stems, not "tracking" alone (a page's scripts say it everywhere) but as
    # a JSON key's end (an order's {"tracking": "JD01…"})
    "trackingn", "tracking_n", "tracking-n", "trackingc", "tracking_c", "waybill", "consignment", "sendungsnummer",
    'parcel"', "parceln", "parcel_n", 'tracking"',
    "coords", 'gps"', 'geo"', "geopoint", "latlng", "latlon", "lnglat", "lonlat", 'road"', "road>", "roadname",
    "thoroughfare", 'lane"', "lane>", 'drive"', "drive>", 'avenue"', "avenue>",
    # an insurer's or a hospital's number for one person (exactkeys); "insurance" and "membership" are above
    "memberid", "member_id", "member-id", "subscriberid", "subscriber_id", "beneficiaryid", "beneficiary_id",
    "policyholder", "patientid", "patient_id", 'mrn"',
    # a JSON "value" no sibling names, a lone "data" or "result": a secret by its shape alone (FieldFinder._lone_value)
    'value"', 'value\\"', 'data"', 'data\\"', 'result"', 'result\\"',
    # an insurance policy's object ({"policy": {"number": …}}), by its JSON key's end (FieldFinder._record_number),
    # and the other objects whose number is one person's: a claim's, a car's registration ({"registration": {"number":
    # …}}: keys._PLATE); a security question's answer and a memorable word (keys._SUFFIXES); a login's id
    'policy"', 'policy\\"', 'claim"', 'claim\\"', "registration", "memorable", "securityans", "security_ans",
    "security-ans", "questionans", "question_ans", "challengeans", "challenge_ans", "logon",
    # Brazil's and France's numbers of a worker, a patient, a health professional, Italy's e-prescription's; a grid
    # connection's EAN (exactkeys): the short ones as a JSON key's end
    'nis"', 'nis\\"', 'pis"', 'pis\\"', "pasep", 'cns"', 'cns\\"', "cartaosus", "cartao_sus", "cartão", "rpps",
    "adeli", 'nre"', 'nre\\"', 'ean"', 'ean\\"', "eancode", "ean_code", "ean-code", "eannum",
)  # fmt: skip

# A password, a date of birth, an address and a national number in the field names of other languages
# ("contraseña", "nova_senha", "fecha_nacimiento", "strasse", "codice_fiscale"), matched as endings.
_PASSWORD_WORDS = (
    "contraseña", "contrasena", "contrasenya", "senha", "wachtwoord", "hasło", "haslo", "parola", "lösenord",
    "losenord", "salasana", "adgangskode", "passord", "heslo", "jelszó", "jelszo", "şifre", "sifre", "пароль",
)  # fmt: skip
_BIRTH_WORDS = (
    "nacimiento", "naissance", "nascimento", "nascita", "geburtsdatum", "geburtstag", "geboortedatum",
    "fødselsdato", "fodselsdato", "födelsedatum", "fodelsedatum", "syntymäaika", "syntymaaika", "urodzenia",
    "narození", "narozeni", "bornon",
)  # fmt: skip
# Name fields: given names and surnames named in other languages; "nombre", "nome" and "nom" name things too.
_NAME_WORDS = (
    "apellido", "apellidos", "nombrecompleto", "prenom", "prénom", "nomcomplet", "nomdefamille", "vorname",
    "nachname", "familienname", "vollständigername", "vollstandigername", "cognome", "nomecompleto", "sobrenome",
    "achternaam", "voornaam", "imie", "imię", "nazwisko", "fornavn", "efternavn", "etternavn", "förnamn", "fornamn",
    "efternamn", "etunimi", "sukunimi", "jméno", "jmeno", "příjmení", "prijmeni", "namefirst", "namelast",
    "beneficiaryname", "accountholdername", "contactperson",
    # Turkish's (an "adSoyad" too), Croatian's and Serbian's, Romanian's, Hungarian's, Russian's, Greek's, Korean's
    "soyad", "soyadı", "soyadi", "prezime", "prenume", "vezetéknév", "vezeteknev", "keresztnév", "keresztnev",
    "фамилия", "отчество", "επώνυμο", "επωνυμο", "성명",
)  # fmt: skip
_ADDRESS_WORDS = (
    "dirección", "direccion", "adresse", "adres", "adresa", "indirizzo", "endereço", "endereco", "strasse",
    "straße", "domicilio", "anschrift", "street", "diachi",  # Vietnamese's (địa chỉ) as an ASCII key: "dia_chi"
)  # fmt: skip
# Name endings, longest first; a key is what its ending says ("db_password", "github_token").
_SUFFIXES = (
    *((w, "password") for w in _PASSWORD_WORDS),
    *((w, "dob") for w in _BIRTH_WORDS),
    ("brthdtc", "dob"),  # CDISC SDTM's variable of a subject's birth date, an OID's last part ("IT.DM.BRTHDTC")
    # a person's initials: a trial subject's (CDISC ODM's SUBJINIT, "IT.DM.SUBJINIT"), a patient's, a signer's
    ("subjinit", "name"),
    ("initials", "name"),
    *((w, "name") for w in _NAME_WORDS),
    ("nombre", "maybe_name"),
    ("nome", "maybe_name"),
    ("verifier", "maybe_secret"),  # OAuth's code_verifier
    ("dob", "dob"),  # a document's holder's date of birth by its prefix (Jumio's "idDob", "holder_dob", "applicantDOB")
    # a security question's answer and a bank's memorable word: they sign in as a password does
    *((w, "password") for w in ("securityanswer", "secretanswer", "challengeanswer", "securityquestionanswer")),
    *((w, "password") for w in ("memorableword", "memorableinformation", "memorableinfo", "memorabledata")),
    ("mailadresse", "email"),
    ("mailadres", "email"),
    ("mailadresa", "email"),
    ("ipadresse", "ip"),
    ("ipadres", "ip"),
    ("ipadresa", "ip"),
    *((w, "address") for w in _ADDRESS_WORDS),
    ("عنوان", "maybe_address"),  # Arabic's address, and a title's ("عنوان المقال"): only a street's value is one
    *((w, "postcode") for w in ("zipcode", "postcode", "postalcode", "zip")),  # billing_zip, MailingPostalCode
    ("codicefiscale", "gov_id"),
    ("fiscalcode", "gov_id"),
    ("accesskeyid", "api_key"),
    ("secretaccesskey", "secret"),
    ("clientsecret", "secret"),
    ("privatekey", "private_key"),
    ("secretkey", "secret"),
    ("licensekey", "secret"),  # a paid service's key (MAXMIND_LICENSE_KEY)
    ("licencekey", "secret"),
    ("signingkey", "secret"),
    ("encryptionkey", "secret"),
    # a key a service gives one user, app or device to sign in with (Pushover's user_key, an app_key, a master
    # key): when its value is random; a sort's, a cache's, an idempotency's key is none of these
    *((w, "maybe_secret") for w in ("userkey", "appkey", "applicationkey", "clientkey", "masterkey", "devicekey")),
    ("password", "password"),
    ("passwd", "password"),
    ("passphrase", "password"),
    ("pwd", "password"),
    ("secret", "secret"),
    ("apikey", "api_key"),
    ("accesskey", "api_key"),
    ("sessionid", "session"),
    ("sessiontoken", "token"),
    ("token", "token"),
    ("credentials", "secret"),
    ("credential", "secret"),
    ("otp", "otp"),
    ("mfacode", "otp"),
    ("backupcodes", "otp"),
    ("recoverycodes", "otp"),
    ("verificationcode", "otp"),
    ("confirmationcode", "otp"),
    ("cvc", "cvc"),
    ("cvv", "cvc"),
    ("username", "username"),
    ("authuser", "username"),  # a login's user under an auth's name (BASIC_AUTH_USER, curl's "-u user:password")
    ("authheader", "maybe_secret"),  # an Authorization header's value (a .env's CURL_AUTH_HEADER)
    ("routingnumber", "bank_account"),
    ("imei", "device_id"),
    ("imsi", "device_id"),  # a call record's "a_imsi", "callingImsi": the SIM's subscriber
    ("iccid", "device_id"),
    ("macaddress", "device_id"),
    ("devicemac", "device_id"),
    # a MAC address by the names network tools give it: a Wi-Fi access point's (BSSID), an interface's hardware
    # address (Linux's "hwaddr"), a radio's MAC ("wifi_mac"; not every word ending in "mac": "hmac", "tarmac")
    *((w, "device_id") for w in ("bssid", "hwaddr", "hwaddress", "hardwareaddress", "wifimac", "wlanmac")),
    *((w, "device_id") for w in ("ethernetmac", "ethmac", "bluetoothmac", "btmac", "clientmac", "stationmac")),
    ("equipmentidentity", "device_id"),
    ("latitude", "geo"),
    ("longitude", "geo"),
    ("phonenumber", "phone"),
    ("phone", "phone"),
    # a phone's and a bank account's field names in other languages ("telefonnummer", "numero_di_telefono",
    # "numer_telefonu", "handynummer", "kontonummer", "rekeningnummer", "numer_rachunku")
    *((w, "phone") for w in ("telefonnummer", "telefoonnummer", "handynummer", "mobilnummer", "telefon", "telefono")),
    *((w, "phone") for w in ("teléfono", "telefoon", "telefonu", "téléphone", "cellulare", "móvil", "movil")),
    *((w, "bank_account") for w in ("kontonummer", "rekeningnummer", "rachunku", "numerodicontocorrente")),
    ("email", "email"),
    ("cardnumber", "card"),
    ("iban", "iban"),
    ("ssn", "ssn"),
    ("ipaddress", "ip"),
    ("fullname", "name"),
    ("firstname", "name"),
    ("lastname", "name"),
    ("address", "address"),
    ("dateofbirth", "dob"),
    ("birthdate", "dob"),
    ("passportnumber", "gov_id"),
    ("frequentflyernumber", "gov_id"),
    ("frequentfliernumber", "gov_id"),
    ("loyaltynumber", "gov_id"),
    ("membershipnumber", "gov_id"),
    ("membernumber", "gov_id"),
    ("meternumber", "gov_id"),
    ("meterserial", "gov_id"),
    ("meterserialnumber", "gov_id"),
    ("licensenumber", "gov_id"),
    ("licencenumber", "gov_id"),
    ("nationalidnumber", "gov_id"),
    ("taxidnumber", "gov_id"),
    ("insurancenumber", "gov_id"),
    ("version", "version"),
    ("signature", "maybe_secret"),
    ("hmac", "maybe_secret"),
    ("code", "code"),
    ("código", "code"),  # "el código", as "the code" is
    ("codigo", "code"),
    ("safe", "code"),  # "the safe is 19-44-07", "a lock's combination is 12-40-33": their codes (fieldvalues._TWOFA)
    ("combination", "code"),
)
# The class of a key by its ending, looked up by each ending's length (20 lengths) where a loop over the 237
# endings cost ~70 us a key: a key seen once (a value's "customer-000003" read as a key) was that slow every time.
# The endings are all different, so the first one listed that ends a key is the one of least index.
_SUFFIX_AT = {suffix: (i, cls) for i, (suffix, cls) in enumerate(_SUFFIXES)}
_SUFFIX_LENGTHS = sorted({len(suffix) for suffix in _SUFFIX_AT})


def _suffix_class(n: str) -> str | None:
    """The class of the first of ``_SUFFIXES`` that ends the normalised key ``n``."""
    best: tuple[int, str] | None = None
    for size in _SUFFIX_LENGTHS:
        if size > len(n):
            break
        got = _SUFFIX_AT.get(n[-size:])
        if got is not None and (best is None or got[0] < best[0]):
            best = got
    return best[1] if best is not None else None


# An environment variable's name (a .env's, a container's: "ADOBE_CLIENT_ID", "CURL_AUTH_HEADER"): its value is a
# deployment's setting, a credential's when its name says so and its shape agrees (``tokens.key_like``)
ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
# An environment variable named for a key (OPENAI_KEY, SENDGRID_KEY_2), not a public one (STRIPE_PUBLISHABLE_KEY,
# RECAPTCHA_SITE_KEY, SSH_PUBLIC_KEY): a dotenv file's or a container's; "sort_key", "cache_key" in a JSON body are
# no such name.
_ENV_KEY = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_KEY(?:_V?\d+)?")
_PUBLIC_KEY = re.compile(
    r"PUBLIC|PUBLISHABLE|SITE_KEY|PARTITION|SORT_KEY|CACHE_KEY|PRIMARY_KEY|FOREIGN_KEY|IDEMPOTENCY"
)
# A hash's name after a secret's (x-shopify-hmac-sha256, x-hub-signature-256): the secret's name decides.
_HASH_TAIL = re.compile(r"(?:sha(?:1|224|256|384|512)|md5|256|512)\Z")
# a copy's number after its name (password_0, token2, key[1]), or a version's (HEROKU_API_KEY_V2, token-v3)
_NUMBERED = re.compile(r"(?:[\W_]+[vV])?[\W_]*\d+\W*\Z")
# Hex digits alone ("dea6", an IPv6 group: "2001:db8:dea6:…") are data, not a numbered copy of a short name.
_HEX = re.compile(r"[0-9a-f]+")
# Tokens that are not credentials: pagination cursors and model vocabulary.
_NOT_SECRET = frozenset(
    {
        "nexttoken",
        "pagetoken",
        "nextpagetoken",
        "continuationtoken",
        "synctoken",
        "stoptoken",
        "eostoken",
        "bostoken",
        "padtoken",
        "tokentype",
        "maxtoken",
        "ipaddressversion",
        "publickey",
        "emailverified",
        "unsafe",  # a flag's name, not a safe's (keys._SUFFIXES)
        "issafe",
        "notsafe",
        "phoneverified",
        "emailaddressverified",
        "idempotencykey",
        "cachekey",
        "sortkey",
        "partitionkey",
        "primarykey",
        "foreignkey",
        "keyid",
        "kid",
        # Gemini's thought signature: the model's encrypted reasoning, which the API wants back unchanged
        # on the next turn (a changed one is refused); nobody's secret
        "thoughtsignature",
        "countrycode",
        "currencycode",
        "statuscode",
        "errorcode",
        "languagecode",
        "langcode",
        "localecode",
        "areacode",
        "regioncode",
        "productcode",
        "itemcode",
        "sku",
        "hscode",
        "colorcode",
        "reasoncode",
        "responsecode",
        "exitcode",
        "returncode",
        "sourcecode",
        "qrcode",
        "barcode",
        "webadresse",
        "webadres",
        "internetadresse",
    }
)


# Identity documents' numbers by the document's name, in a few languages, with or without a number's word
# ("drivingLicenceNo", "dl_number", "numero_pasaporte", "id_card", "identity_number").
_GOV_ID = re.compile(
    r"(?:numero|número|numéro|numer|nummer|num|nr|no)?(?:de|do|del|di|du)?(?:(?:passport|pasaporte|passeport|reisepass"
    r"|passaporto|paspoort|paszportu?|personalausweis|ausweis|identiteitskaart|identiteitsbewijs|rijbewijs"
    r"|patente(?:diguida)?|carta(?:d|di)?identit[aà]|carte(?:nationale)?d?identit[eé]|dowodu?(?:osobist(?:y|ego))?"
    r"|praw[oa]jazdy|permisodeconducir|carnetdeconducir|licenciadeconducir|steuerid|nip|nir|nss|partitaiva"
    r"|(?:drivers?|driving)lic(?:en[cs]e)?|fuehrerschein|führerschein|permisdeconduire|idcard|identitycard"
    r"|identitydocument|healthcard|voterid|taxpayerid|itin|nie|nric|nricfin|abn|acn|tfn|taxfile|medicare|medicarecard"
    r"|pan|pancard|vin|veh(?:icle)?identification|epic|npi|dea|medicallicen[cs]e|nationalidentity|taxidentification"
    r"|taxpayeridentification|iddocument|traveldocument"
    # a patient's record and social insurance numbers, a doctor's board number (es, pt, fr, de, it)
    r"|nhc|historiaclinica|cipa|nass|nuss|tarjetasanitaria|colegiado|prontuario|cartaosus|dossierpatient|patienten"
    r"|cartellaclinica"
    # national numbers by their own names, of countries the exact keys do not name with a number's word after them
    # ("aadhaarNumber", "cpr_nummer"): India, Denmark, Chile, Israel, Japan, Finland, Norway, Bulgaria, Romania,
    # Croatia, the former Yugoslavia, Greece, Hong Kong, Malaysia, Canada's social insurance number
    r"|aadhaa?r|cpr|rut|teudatzehut|mynumber|kojinbang[ou]|hetu|henkilotunnus|f[oø]dselsnummer|egn|cnp|oib|jmbg|amka"
    r"|hkid|mykad|socialinsurance|sin(?=number|no|nr)"
    # and of Latin America, Africa, Russia and Ukraine, the Gulf, South-East Asia ("cedula", "cuil", "cnic", "bvn",
    # "snils", "rnokpp", "iqama", "sss_number", "philhealth_no", "npwp", "no_ktp", "so_cccd", "citizen_id")
    r"|c[eé]dula(?:deciudadania|deidentidad)?|cuil|cuit|nit|cnic|nicop|bvn|nin|snils|inn|rnokpp|iqama|sss"
    r"|philhealth|pagibig|npwp|ktp|nik|cccd|cmnd|citizenid|thaiid|saidnumber|rsaid|residentregistration"
    # a document's number in Spanish and Portuguese, a number's word before it ("numero_documento", "nro_doc")
    r"|(?:numero|nro|num)(?:de|do)?doc(?:umento)?"
    # Brazil's worker's and health card's numbers, France's health professionals' ("numero_rpps", "nis_number")
    r"|nis|pis|pasep|cns|rpps|adeli"
    # a social insurance number named in Spanish, French, Italian, Portuguese ("numero_seguridad_social")
    r"|seguridadsocial|s[eé]curit[eé]sociale|previdenzasociale|seguran[cç]asocial"
    r")(?:number|num|no|nr|id|nummer|numer|numero|número|numéro)?"
    r"|(?:dl|id|identity|identification|ni|licen[cs]e"
    # a visa's, a residence permit's (the UK's biometric one, a "BRP") and an immigrant's alien registration number
    # with a number's word after them ("visaGrantNumber", "brp_number", "residencePermitNo", "alienNumber")
    r"|visa|visagrant|residencepermit|residencecard|brp|alien|alienregistration)(?:number|num|no|nr))"
)
# A car's plate ("licensePlate", "lic_plate", "plate_number", "vehicle_plate_no").
_PLATE = re.compile(
    r"(?:(?:licen[cs]e|lic|number|registration|vehicle|car)plate(?:number|num|no|nr)?|plate(?:number|num|no|nr)"
    # a car's registration by the vehicle's word ("vehicle_registration", "car_reg_no"; not a firm's "registration")
    r"|(?:vehicle|car)reg(?:istration)?(?:number|num|no|nr)?"
    # in German, Dutch, Italian, Spanish and Portuguese, French, Polish
    r"|(?:kfz|amtliches)?kennzeichen|nummernschild|kenteken(?:plaat)?|targa|matr[ií]cula|(?:plaqued|num[eé]rod?)?"
    r"immatriculation|(?:numer|nr)rej(?:estracyjny)?(?:pojazdu)?|tablicarejestracyjna|placa(?=(?:d[eiou]l?|da)?ve)"
    # the vehicle's word after them ("targa_veicolo", "matricula_vehiculo", "kennzeichen_fahrzeug")
    r")(?:d[eiou]l?|da)?(?:veicolo|veh[ií]culo|ve[ií]culo|fahrzeug|kfz|v[eé]hicule|voiture|voertuig|auto|pojazdu)?"
)
# A person's name part anywhere in a key, with a qualifier around it ("familyNameFemale", "first_name_male",
# "billing_last_name_kana"): these words name nothing else. A key that is about the field is no value of it.
_NAME_PART = re.compile(r"(?:first|given|last|family|middle|full|maiden|birth|sur|fore|sortable|formatted)name")
_ABOUT_FIELD = re.compile(
    r"(?:format|type|field|label|required|visible|enabled|length|policy|pattern|template|order"
    r"|rule|verified|count|changed|updated|source|status)s?\Z"
)
# A password field's second word: its confirmation or its old and new values ("password_confirmation").
_PASSWORD_TAILS = frozenset(
    {"confirmation", "confirm", "confirmed", "repeat", "repeated", "again", "check", "verify", "verification"}
    | {"new", "old", "current", "plain", "plaintext", "cleartext", "1", "2"}
)
# The last word of a key: "db_pass", "smtpPass", "ftp-pw" (not "bypass", "compass": one word each).
_LAST_WORD = re.compile(r"[A-Z]?[a-z]+$|[A-Z]+$")
_PASSWORD_LAST = frozenset({"pass", "pw", "pword"})
# "GITHUB_PAT", "digitalocean_pat": a personal access token
_TOKEN_LAST = frozenset({"pat"})
# "account_pin", "simPin", "voicemail-pin", "sim_puk": a PIN by what it opens (not "spin", "hairpin": one word each)
_PIN_LAST = frozenset({"pin", "puk"})
# "cb-access-sign", "x-bapi-sign", Sumsub's "x-app-access-sig": a request's signature by an API's header (not
# "design", "assign": one word each)
_SIGN_LAST = frozenset({"sign", "sig"})
# a point's latitude and longitude by a qualified key's last word ("location_lat", "pickupLng", "start_latlng"):
# only a coordinate's value is one (``fields``); "flat", "salon" are one word each
_GEO_LAST = {
    "lat": "geo",
    "lng": "geo",
    "lon": "geo",
    "latlng": "maybe_geo",
    "latlon": "maybe_geo",
    "lnglat": "maybe_geo",
    "location": "maybe_geo",  # a trip's "dropoff_location": [40.758896, -73.98513], "current_location": its degrees
}


@lru_cache(maxsize=4096)
def normalize(key: str) -> str:
    """``X-Api-Key``, ``api_key``, ``apiKey`` -> ``apikey``. Kept by the key: a JSON body's keys come again in every
    request, and the rules ask it of one key several times."""
    return "".join(c for c in key.lower() if c.isalnum())


class KeyRules:
    """Built-in key classes plus a policy's extra secret keys and kept keys; ``builtin_secrets``: the
    ``secret_keys`` detector is on."""

    def __init__(self, secret: Iterable[str] = (), keep: Iterable[str] = (), builtin_secrets: bool = True):
        self.extra_names = tuple(k.lower() for k in secret)
        self._extra = {normalize(k) for k in secret}
        self._keep = {normalize(k) for k in keep}
        self._builtin = builtin_secrets
        self._cache: dict[str, str | None] = {}

    def by_name(self, key: str) -> bool:
        """Whether a value under ``key`` of a secret's class is redacted for its name: always under a name
        the policy lists ([keys] redact), under a built-in one while ``secret_keys`` is on. The one rule of
        every body shape: with the detector off, a listed key was redacted in a JSON walk and a multipart
        part but kept in text, a form and a query."""
        if self._builtin:
            return True
        inner = key.rstrip("]").rpartition("[")[2]  # billing[pin]
        return normalize(key) in self._extra or normalize(inner) in self._extra

    def classify(self, key: str) -> str | None:
        got = self._cache.get(key, "")
        if got != "":
            return got
        if len(self._cache) > 10_000:
            self._cache.clear()
        got = self._cache[key] = self._classify(key)
        return got

    def _classify(self, key: str) -> str | None:
        n = normalize(key)
        if not n or n in self._keep:
            return None
        if n in self._extra:
            return "secret"
        if n in _NOT_SECRET or n.endswith("tokens") or (n.endswith("count") and not n.endswith("account")):
            return None  # usage numbers ("max_tokens", "retry_count"); a "bankAccount" is no count
        if n[-1].isdigit() and (stem := _HASH_TAIL.sub("", n)) not in (n, ""):
            n = stem
        elif (
            n[-1].isdigit()
            and not _HEX.fullmatch(n)
            and (base := _NUMBERED.sub("", key)) not in (key, "")
            and (got := self._classify(base))
        ):
            return got  # a numbered copy (password_0, api_key2, phone2, password[1]) is what it copies
        got = EXACT_KEYS.get(n)
        if got is not None:
            return got
        for stem in ("password", "passwd"):
            if n.startswith(stem) and n[len(stem) :] in _PASSWORD_TAILS:
                return "password"
        if _GOV_ID.fullmatch(n) or PARTY_NUMBER.fullmatch(n):
            return "gov_id"
        if _PLATE.fullmatch(n):
            return "license_plate"
        if _NAME_PART.search(n) and not _ABOUT_FIELD.search(n):
            return "name"
        if n.endswith("accessid") or (n.endswith("clientid") and ENV_NAME.fullmatch(key)):
            return "maybe_secret"  # a key pair's id (Sumo Logic's, Alibaba's), an app's client id in its .env
        if n.endswith("id") and len(n) > 2 and not n.endswith(("sessionid", "sessid", "bssid", "iccid")):
            return "id"
        if (cls := _suffix_class(n)) is not None:
            return cls
        if n.endswith("s") and len(n) > 4 and (one := self._classify(key[:-1])) in STRICT_SECRET_CLASSES:
            return one  # "passwords", "api_keys", "secrets": a list of them
        if n.endswith("value") and len(n) > 5 and (one := self._classify(key[:-5].rstrip("_-. "))) in SECRET_CLASSES:
            return one  # "token_value", "secretValue": the secret's value
        if _ENV_KEY.fullmatch(key) and not _PUBLIC_KEY.search(key):
            return "maybe_secret"  # an environment variable's key (OPENAI_KEY, MAPS_KEY): when its value is random
        last = _LAST_WORD.search(key)
        if last is None:
            return None
        word = last.group(0).lower()
        if word in _PIN_LAST:
            return "otp"
        if word in _SIGN_LAST:
            return "maybe_secret"
        if word in _GEO_LAST:
            return _GEO_LAST[word]
        return "password" if word in _PASSWORD_LAST else "token" if word in _TOKEN_LAST else None
