"""What a field name says about its value (``replay.redact.keys``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from replay.redact.keys import _SUFFIXES, KeyRules, _suffix_class


@pytest.mark.parametrize(
    ("key", "cls"),
    [
        # a password in the field names of other languages, and as the last word of one
        ("contraseña", "password"),
        ("nova_senha", "password"),
        ("wachtwoord", "password"),
        ("hasło", "password"),
        ("salasana", "password"),
        ("lösenord", "password"),
        ("db_pass", "password"),
        ("smtpPass", "password"),
        ("adminPwd", "password"),
        ("ftp-pw", "password"),
        ("password_confirmation", "password"),
        ("passwordRepeat", "password"),
        # dates of birth, addresses and national numbers
        ("fecha_nacimiento", "dob"),
        ("date_de_naissance", "dob"),
        ("geburtsdatum", "dob"),
        ("data_nascimento", "dob"),
        ("born_on", "dob"),
        ("idDob", "dob"),  # Jumio's callback: the document holder's
        ("sAMAccountName", "username"),  # a Windows domain's logon name (Active Directory, Entra ID's copy)
        ("onPremisesSamAccountName", "username"),
        ("PlatformUserId", "username"),  # PlayFab's linked account: a player's Steam, Xbox or PSN account
        ("steamid", "username"),
        ("TaxNumber", "gov_id"),  # Xero's contact: a sole trader's or a person's own tax number
        ("BankAccountDetails", "bank_account"),
        ("holder_dob", "dob"),
        ("direccion", "address"),
        ("indirizzo", "address"),
        ("Straße", "address"),
        ("billingStreet", "address"),
        ("E-Mail-Adresse", "email"),
        ("cpf", "gov_id"),
        ("dni", "gov_id"),
        ("codice_fiscale", "gov_id"),
        ("pesel", "gov_id"),
        # identity documents, tax numbers, plates, phones and accounts named in other languages
        ("numer_paszportu", "gov_id"),
        ("Personalausweisnummer", "gov_id"),
        ("rijbewijsnummer", "gov_id"),
        ("patente_di_guida", "gov_id"),
        ("carta_d_identità", "gov_id"),
        ("carte_d_identite", "gov_id"),
        ("numer_dowodu", "gov_id"),
        ("prawo_jazdy", "gov_id"),
        ("nip", "gov_id"),
        ("partita_iva", "gov_id"),
        ("kfzKennzeichen", "license_plate"),
        ("kenteken", "license_plate"),
        ("targa", "license_plate"),
        ("targa_veicolo", "license_plate"),
        ("matricula_vehiculo", "license_plate"),
        ("kennzeichenFahrzeug", "license_plate"),
        ("placa_do_veiculo", "license_plate"),
        ("nhc", "gov_id"),
        ("numero_historia_clinica", "gov_id"),
        ("nass", "gov_id"),
        ("num_colegiado", "gov_id"),
        ("numero_immatriculation", "license_plate"),
        ("nr_rej", "license_plate"),
        ("telefonnummer", "phone"),
        ("numero_di_telefono", "phone"),
        ("numer_telefonu", "phone"),
        ("kontonummer", "bank_account"),
        ("numer_rachunku", "bank_account"),
        ("aadhaar", "gov_id"),
        # identity documents' numbers by the document's name
        ("drivingLicenceNo", "gov_id"),
        ("dl_number", "gov_id"),
        ("licenseNo", "gov_id"),
        ("numero_pasaporte", "gov_id"),
        ("reisepass", "gov_id"),
        ("führerschein", "gov_id"),
        ("id_card", "gov_id"),
        ("identity_number", "gov_id"),
        # short names of name and address fields (Mailchimp's merge fields, form libraries)
        ("FNAME", "name"),
        ("LNAME", "name"),
        ("addr1", "address"),
        ("street2", "address"),
        # a numbered copy of a telling name, in JSON as in a form (a leak found by the crash hunt's forms)
        ("password0", "password"),
        ("password_0", "password"),
        ("userPassword1", "password"),
        ("api_key_2", "api_key"),
        ("secret_3", "secret"),
        ("token2", "token"),
        ("phone2", "phone"),
        ("passwort²", None),  # a digit of no number (superscript): not stripped, not read again
        ("dea6", None),  # hex digits alone: an IPv6 group ("2001:db8:dea6:…"), not a numbered DEA number
        # name fields in other languages; a generic one names things too
        ("apellido", "name"),
        ("vorname", "name"),
        ("vollständigerName", "name"),
        ("nazwisko", "name"),
        ("nombre", "maybe_name"),
        ("soyad", "name"),  # Turkish's surname, a full name's "adSoyad"
        ("adSoyad", "name"),
        ("prezime", "name"),
        ("фамилия", "name"),
        ("επώνυμο", "name"),
        ("имя", "maybe_name"),
        ("ad", None),  # Turkish's given name, an advert alone (jsonshapes.NAME_PAIRS)
        ("code_verifier", "maybe_secret"),
        # webhook signatures named with their hash (Shopify's, GitHub's)
        ("X-Shopify-Hmac-Sha256", "maybe_secret"),
        ("X-Hub-Signature-256", "maybe_secret"),
        # a version after a secret's name, a personal access token, a paid service's licence key (gitleaks's rules)
        ("HEROKU_API_KEY_V2", "api_key"),
        ("token-v3", "token"),
        ("DIGITALOCEAN_PAT", "token"),
        ("MAXMIND_LICENSE_KEY", "secret"),
        ("ipv6", None),
        # lists of secrets
        ("passwords", "password"),
        ("api_keys", "api_key"),
        ("backupCodes", "otp"),
        ("recovery_codes", "otp"),
        # names that hold a place's coordinates or a street among other things: the value decides (fields)
        ("location", "maybe_geo"),
        ("gpsPosition", None),
        ("position", "maybe_geo"),
        ("latLng", "maybe_geo"),
        ("road", "maybe_address"),
        ("thoroughfare", "maybe_address"),
        # a PIN by what it opens, and a SIM's own numbers
        ("account_pin", "otp"),
        ("simPin", "otp"),
        ("sim_puk", "otp"),
        ("imsi", "device_id"),
        ("iccid", "device_id"),
        # a traveller's, a utility's numbers; a car's registration by the vehicle's word
        ("frequent_flyer_number", "gov_id"),
        ("loyaltyNumber", "gov_id"),
        ("ktn", "gov_id"),
        ("meter_number", "gov_id"),
        ("mpan", "gov_id"),
        ("vehicle_registration", "license_plate"),
        ("plate", "license_plate"),
        ("car_reg_no", "license_plate"),
        ("registrationNumber", "maybe_plate"),  # a car's or a company's: the value's shape decides (fields)
        # a security question's answer, a memorable word, a login's id, a member's number
        ("security_answer", "password"),
        ("securityAnswers", "password"),
        ("memorableWord", "password"),
        ("secret_answer", "password"),
        ("login_id", "username"),
        ("loginId", "username"),
        ("member_number", "gov_id"),
        ("last_login", None),
        ("question_id", "id"),
        # a secret's value by the secret's name
        ("token_value", "token"),
        ("secretValue", "secret"),
        # national numbers by their own names, with a number's word or alone; not words that hold the short ones
        ("aadhaarNumber", "gov_id"),
        ("cpr_nummer", "gov_id"),
        ("sinNumber", "gov_id"),
        ("social_insurance_number", "gov_id"),
        ("sin", None),
        ("route", None),
        ("rutCliente", None),
        # a key pair's id, any spelling, and an app's client id as a .env names it; a JSON body's client id is an id
        ("SUMOLOGIC_ACCESS_ID", "maybe_secret"),
        ("accessId", "maybe_secret"),
        ("QUILLO_CLIENT_ID", "maybe_secret"),
        ("client_id", "id"),
        ("clientId", "id"),
        # a login's user and an Authorization header's value under an auth's name
        ("CURL_AUTH_USER", "username"),
        ("basic_auth_user", "username"),
        ("PROXY_AUTH_HEADER", "maybe_secret"),
    ],
)
def test_classify(key: str, cls: str) -> None:
    assert KeyRules().classify(key) == cls


@pytest.mark.parametrize(
    "key",
    [
        "bypass",
        "compass",
        "placa",  # a board, a plaque: a car's only with the vehicle's word
        "dbpass",
        "passwordExpiresAt",
        "passwordMinLength",
        "geburtsort",
        "fiscal_year",
        "webadresse",
        "license",
        "identity",
        "passport_photo",
        "snippet",
        "telefonbuch",
        "tokens",
        "keys",
        "sessions",
        "x-amz-content-sha256",
        "checksum_sha256",
        "step1",
        "model2",
        "utf8",
        "base64",
        "ipv4",
        "p99",
        "x509",
        "spin",
        "hairpin",
        "pincode",
        "registration_number",  # a firm's
        "parameter",
    ],
)
def test_not_a_secret_nor_personal(key: str) -> None:
    assert KeyRules().classify(key) not in ("password", "dob", "gov_id", "address", "otp", "license_plate")


def test_kept_key_wins_over_its_last_word() -> None:
    assert KeyRules(keep=["db_pass"]).classify("db_pass") is None


@pytest.mark.parametrize(
    ("key", "cls"),
    [
        ("serial_number", "device_id"),
        ("serialNumber", "device_id"),
        ("udid", "device_id"),
        ("android_id", "device_id"),
        ("advertising_id", "device_id"),
        ("idfa", "device_id"),
        ("sis_user_id", "gov_id"),
        ("claimNumber", "gov_id"),
        ("policy_number", "gov_id"),
        ("policy_id", "id"),  # a cloud's policy: a thing's id
        ("studentId", "gov_id"),  # a school's number for its student, as an SIS's
        ("state_student_id", "gov_id"),
        ("redress", "gov_id"),
        ("IdentityDocID", "gov_id"),  # IATA NDC's passenger document
        ("nationalIdentifier", "gov_id"),  # Workday's
        ("policyRef", "gov_id"),
        ("preferredName", "name"),
        ("serial", None),
    ],
)
def test_a_device_s_a_student_s_and_an_insurer_s_numbers(key: str, cls: str | None) -> None:
    assert KeyRules().classify(key) == cls


def test_the_caller_s_name_a_network_hands_on() -> None:
    assert KeyRules().classify("CallerName") == KeyRules().classify("cnam") == "name"


@pytest.mark.parametrize(
    "key",
    [
        *("student_name", "guardianName", "claimant_name", "insured_name", "teacher_name"),
        *("requester_name", "assigneeName", "shopper_name", "dasherName", "reviewer_name", "attendeeName"),
    ],
)
def test_a_person_s_name_by_their_role_in_a_record(key: str) -> None:
    assert KeyRules().classify(key) == "name"
    assert KeyRules().classify("project_name") is None


@pytest.mark.parametrize(
    "key", ["zip", "zip_code", "postalCode", "MailingPostalCode", "billing_zip", "FromZip", "Eircode"]
)
def test_a_postcode_s_names(key: str) -> None:
    # read as a postcode: only one precise to a street is redacted (``postcodes``)
    assert KeyRules().classify(key) == "postcode"


@pytest.mark.parametrize("key", ["sentry_key", "subscription-key", "Ocp-Apim-Subscription-Key"])
def test_an_api_s_key_by_its_protocol_s_name(key: str) -> None:
    assert KeyRules().classify(key) == "api_key"


@pytest.mark.parametrize(
    "key", ["public_key", "sortKey", "cache_key", "partition_key", "monkey", "keyword", "dedup_key", "object_key"]
)
def test_a_public_a_table_s_or_a_data_key_is_none(key: str) -> None:
    assert KeyRules().classify(key) is None


def test_whatsapp_s_user_id_is_their_number() -> None:
    assert KeyRules().classify("wa_id") == "phone"


@pytest.mark.parametrize("key", ["payer_id", "payerId", "PAYER_ID", "shopperReference", "shopper_reference"])
def test_a_payment_provider_s_id_of_a_payer_names_an_account(key: str) -> None:
    assert KeyRules().classify(key) == "username"  # PayPal's payer's, Adyen's shopper's


@pytest.mark.parametrize("key", ["hutk", "hubspotutk"])
def test_hubspot_s_visitor_id_is_a_session_s(key: str) -> None:
    assert KeyRules().classify(key) == "session"


@pytest.mark.parametrize(
    ("key", "cls"),
    [
        # a service's key by its API's own name for it; a value that looks generated only
        ("routing_key", "maybe_secret"),
        ("integration_key", "maybe_secret"),
        ("consumer_key", "maybe_secret"),
        ("appid", "maybe_secret"),
        ("nickname", "username"),
        ("signedBy", "name"),  # a carrier's proof of delivery
        ("tracking_number", "tracking_number"),
        ("tracking_id", "id"),  # an analytics property's
        # a request's signature by an exchange's header, a SIM's numbers by a call record's column
        ("cb-access-sign", "maybe_secret"),
        ("a_imsi", "device_id"),
        ("sim_iccid", "device_id"),
        # a point's coordinates by a qualified key's last word
        ("location_lat", "geo"),
        ("pickupLng", "geo"),
        ("start_latlng", "maybe_geo"),
        ("dropoff_location", "maybe_geo"),
        ("currentLocation", "maybe_geo"),
        ("flat", None),
        ("design", None),
    ],
)
def test_a_service_s_key_a_signature_and_a_point_by_their_names(key: str, cls: str | None) -> None:
    assert KeyRules().classify(key) == cls


@pytest.mark.parametrize(
    "text",
    [
        '<trkpt lat="52.229834" lon="21.011728"><ele>102.4</ele></trkpt>',  # a GPS track's point (GPX)
        "<wpt lat='52.229834' lon='21.011728'/>",
        '<Placemark lat="52.229834" lng="21.011728"/>',
        '{"content": "<trkpt lat=\\"52.229834\\" lon=\\"21.011728\\">"}',  # pasted in a chat: a JSON string
    ],
)
def test_a_point_s_coordinates_in_markup_attributes(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert "229834" not in out and "011728" not in out and counts["geo"] == 2, out


def test_a_rounded_point_in_markup_attributes_stays(r: Redactor) -> None:
    text = '<trkpt lat="52.2" lon="21.0">'
    assert r.text(text)[0] == text


@pytest.mark.parametrize("key", ["user_key", "userKey", "pushover_user_key", "app_key", "masterKey", "device_key"])
def test_a_key_given_to_a_user_an_app_or_a_device_is_a_secret_when_random(r: Redactor, key: str) -> None:
    assert KeyRules().classify(key) == "maybe_secret"
    out = r.text(f"{key}: uQiRzpo4DXghDmr9QzzfQu27cmVRsG\nsort_key: created_at\n{key}: default\n")[0]
    assert "uQiRzpo4DXghDmr9QzzfQu27cmVRsG" not in out and "default" in out and "created_at" in out, out


@pytest.mark.parametrize(
    ("key", "cls"),
    [
        *(("DriversLicNumber", "gov_id"), ("drivers_lic_no", "gov_id"), ("VehIdentificationNumber", "gov_id")),
        *(("BirthDt", "dob"), ("birth_dt", "dob")),
        *(("PublicLicNumber", None), ("LicensePermit", None)),  # "lic" only after a driver's word
    ],
)
def test_an_insurer_s_abbreviated_names(key: str, cls: str | None) -> None:
    assert KeyRules().classify(key) == cls


def test_an_acord_claim_s_driver_and_vehicle(r: Redactor) -> None:
    text = (
        "<DriverInfo><DriversLicNumber>WD482917</DriversLicNumber><BirthDt>1982-09-14</BirthDt></DriverInfo>"
        "<VehInfo><VehIdentificationNumber>1HGCM82633A004352</VehIdentificationNumber><Manufacturer>Honda"
        "</Manufacturer></VehInfo>"
    )
    out = r.text(text)[0]
    assert not any(v in out for v in ("WD482917", "1982-09-14", "1HGCM82633A004352")) and "Honda" in out, out


@pytest.mark.parametrize(
    ("key", "cls"),
    [
        *(("ifa", "device_id"), ("buyeruid", "session"), ("yob", "dob")),  # an OpenRTB bid request's
        *(("openid", "username"), ("unionid", "username"), ("FromUserName", "username")),  # WeChat's
        ("aadObjectId", "username"),  # a Teams user's, in a Bot Framework activity
        *(("ifa_type", None), ("modifiable", None)),
    ],
)
def test_an_ad_request_s_and_a_messaging_platform_s_ids_of_a_person(key: str, cls: str | None) -> None:
    assert KeyRules().classify(key) == cls


def test_an_openrtb_device_and_user(r: Redactor) -> None:
    body = (
        '{"device": {"ifa": "6D92078A-8246-4BA4-AE5B-76104861E7DC", "ext": {"ifa_type": "idfa"}}, '
        '"user": {"buyeruid": "545678765467876567898765678987654", "yob": 1961, "gender": "F"}}'
    )
    out = r.text(body)[0]
    assert not any(v in out for v in ("6D92078A", "545678765467876567898765678987654", "1961")), out
    assert '"ifa_type": "idfa"' in out and json.loads(out)["user"]["gender"] == "F", out


def test_fcm_s_registration_ids_are_tokens(r: Redactor) -> None:
    tokens = ["fKx9Zr2Lp6Tx:APA91bE5Wq8Vn3Mk7Rt1Ys4Uz6Xa9Bc2De5Fg8Hi1Jk4", "dQx9Zr2Lp6Tx:APA91bE5Wq8Vn3Mk7Rt1Ys4"]
    out = r.text(json.dumps({"registration_ids": tokens, "data": {"type": "sync"}}))[0]
    assert not any(t in out for t in tokens) and '"type": "sync"' in out, out
    assert KeyRules().classify("registration_id") == "id"  # an event's registration's id, not a token


@pytest.mark.parametrize("key", ["SUBJINIT", "IT.DM.SUBJINIT", "initials", "patient_initials", "authorInitials"])
def test_a_person_s_initials_are_a_name_s_part(key: str) -> None:
    # a trial subject's initials (CDISC ODM's SUBJINIT), a patient's: few letters, but of one person's name
    assert KeyRules().classify(key) == "name"


def test_initials_in_an_odm_item_are_redacted(r: Redactor) -> None:
    text = '<ItemData ItemOID="I.SUBJINIT" Value="MJK"/><ItemData ItemOID="I.RACE" Value="WHITE"/>'
    out = r.text(text)[0]
    assert 'Value="MJK"' not in out and 'Value="WHITE"' in out, out


def test_arabic_s_address_word_is_an_address_only_by_its_value() -> None:
    # "عنوان" is a title's word too: its value must be a street's (``fieldvalues.street_name``)
    assert KeyRules().classify("العنوان") == KeyRules().classify("عنوان") == "maybe_address"


@pytest.mark.parametrize(
    ("body", "secret"),
    [
        ('{"visaGrantNumber": "0583726194102", "familyName": "NGUYEN"}', "0583726194102"),
        ('{"brpNumber": "ZU1234567", "dateOfBirth": "14/06/1991"}', "ZU1234567"),
        ('{"residence_permit_no": "Y4HT7K2L9"}', "Y4HT7K2L9"),
        ('{"alienNumber": "A098765432"}', "A098765432"),
    ],
)
def test_a_visa_s_a_residence_permit_s_and_an_alien_number_by_their_keys(body: str, secret: str) -> None:
    out, found = Redactor(key=b"k").text(body)
    assert secret not in out and found["gov_id"] == 1, out


def test_a_visa_s_brand_or_type_key_is_no_number_s() -> None:
    body = '{"visa": true, "visa_type": "H-1B", "visaStatus": "issued", "visa_number_of_installments": 3}'
    assert Redactor(key=b"k").text(body) == (body, {})


@pytest.mark.parametrize(
    "key",
    [
        # a customer's, a subscriber's, a member's number: the number's word after the party's or before it
        *("kundennummer", "Kundennr", "klantnummer", "klant_nr", "customer_number", "customerNo", "member_no"),
        *("numero_cliente", "codice_cliente", "codigoCliente", "numero_client", "code_client", "nr_klienta"),
        *("kod_klienta", "musteri_no", "musteriNumarasi", "abone_no", "num_abonado", "numeroAssinante", "uye_no"),
        *("mitgliedsnummer", "lidnummer", "numero_socio", "numero_adherent", "subscriber_number"),
        # their contract's, policy's, meter's
        *("vertragsnummer", "contractnummer", "numero_contratto", "codice_contratto", "numeroContrato"),
        *("numer_umowy", "sozlesme_no", "polisnummer", "numero_polizza", "numero_apolice", "zaehlernummer"),
        *("num_utenza", "meternummer", "numero_contatore"),
        # Brazil's and France's numbers of a worker, a health card, a health professional; Italy's e-prescription's
        *("nis", "pis_pasep", "cns", "cartao_sus", "rpps", "numero_rpps", "adeli", "nre"),
    ],
)
def test_a_party_s_or_a_record_s_number_in_other_languages_is_a_person_s(key: str) -> None:
    assert KeyRules().classify(key) == "gov_id"


@pytest.mark.parametrize(
    ("key", "cls"),
    [
        ("customer_id", "id"),  # a database's row, as any "..._id" is
        ("client_id", "id"),
        ("contract_code", "code"),  # a market's contract ("BTC-USD-240329")
        ("contract_type", None),
        ("customer_type", None),
        ("order_number", None),
        ("numero_ordine", None),
        ("numero_fattura", None),
        ("rechnungsnummer", None),
        ("client_version", "version"),
        ("member_count", None),
        ("kundentyp", None),
        ("nis_code", "code"),  # a Belgian municipality's statistical code
    ],
)
def test_a_party_s_other_fields_and_an_order_s_number_are_no_person_s_number(key: str, cls: str | None) -> None:
    assert KeyRules().classify(key) == cls


def test_a_key_ending_is_classed_by_the_first_ending_listed() -> None:
    """The lookup by each ending's length (``_suffix_class``) answers as the loop over the endings in order did."""
    for suffix, _ in _SUFFIXES:
        key = "x" + suffix
        assert _suffix_class(key) == next(c for s, c in _SUFFIXES if key.endswith(s)), suffix
    assert _suffix_class("xyz") is None


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # the national numbers of Latin America, Africa, Russia and Ukraine, the Gulf and South-East Asia, their
        # banks' and phones' short names, under the keys their own forms give them
        ('{"cedula": "1058312749", "plan": "gold"}', "1058312749", "gov_id"),
        ("numero_documento=258791043&qty=3", "258791043", "gov_id"),
        ('{"cuil": "20-47823490-3"}', "20-47823490-3", "gov_id"),
        ('{"cnic_number": "6793695811838"}', "6793695811838", "gov_id"),
        ('{"bvn": "22262502878", "nin": "99572177205"}', "22262502878", "gov_id"),
        ('{"bvn": "22262502878", "nin": "99572177205"}', "99572177205", "gov_id"),
        ('{"snils": "684-352-514 16", "inn": "565088456350"}', "565088456350", "gov_id"),
        ("rnokpp=4459663253&qty=3", "4459663253", "gov_id"),
        ('{"iqama": "2632729518"}', "2632729518", "gov_id"),
        ('{"sss_number": "15-9406482-0", "philhealth_no": "04-600950220-9"}', "04-600950220-9", "gov_id"),
        ('{"npwp": "09.254.294.3-407.000", "no_ktp": "3273125208910734"}', "09.254.294.3-407.000", "gov_id"),
        ('{"so_cccd": "001195650074", "citizen_id": "2004629267634"}', "2004629267634", "gov_id"),
        ('{"kojin_bango": "801996241770"}', "801996241770", "gov_id"),
        ('{"clabe": "012650716948676011", "cbu": "2850590940090418135201"}', "2850590940090418135201", "bank_account"),
        ('{"sdt": "0912 338 386", "no_hp": "0812-394-681"}', "0812-394-681", "phone"),
    ],
)
def test_more_countries_numbers_under_their_forms_keys(r: Redactor, text: str, value: str, kind: str) -> None:
    out, found = r.text(text)
    assert value not in out and found[kind] >= 1, out


@pytest.mark.parametrize(
    "key", ["innings", "dinner", "ipn_track_id", "saidHello", "cedulas_count", "document_type", "ktp_version"]
)
def test_words_holding_those_names_name_no_number(key: str) -> None:
    assert KeyRules().classify(key) not in ("gov_id", "bank_account", "phone")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("nombre=Sollmir&nhc=6765&nass=99+99999999+99", "6765"),  # a record's number of four digits
        ('{"nombre": "Mirvanor", "cipa": "nhc/19453"}', "19453"),
    ],
)
def test_a_spanish_patient_s_record_and_card_numbers_under_their_short_keys(r: Redactor, text: str, value: str) -> None:
    out, found = r.text(text)
    assert value not in out and found["gov_id"] == 1, out


@pytest.mark.parametrize("text", ["the nhc count is low", "cipa is a Spanish code"])
def test_the_short_keys_words_in_prose_name_no_number(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
