"""Field names that say exactly what their value is (``"mrn"``, ``"passwd"``, ``"imei"``): a normalized key
(``keys.normalize``) looked up whole, before ``KeyRules`` reads its endings and shapes."""

from __future__ import annotations

from replay.redact.mentions import ROLE_NAME_KEYS

__all__ = ["EXACT_CUES", "EXACT_KEYS"]

EXACT_KEYS: dict[str, str] = {
    # the numbers an insurer or a hospital gives one person, which an "...id" key is not otherwise (a database's)
    **dict.fromkeys(("memberid", "subscriberid", "beneficiaryid", "policyholderid", "patientid", "mrn"), "gov_id"),
    # a pharmacy benefit's cardholder (NCPDP's "Cardholder ID"), an insured's, an enrollee's; a patient's prescription
    **dict.fromkeys(("cardholderid", "cardholdernumber", "insuredid", "enrolleeid"), "gov_id"),
    **dict.fromkeys(("prescriptionnumber", "prescriptionno", "rxnumber", "rxno", "rxnum"), "gov_id"),
    # Brazil's worker's social number (NIS, PIS/PASEP) and health card (CNS, "Cartão SUS"), France's health
    # professionals' (RPPS, ADELI), Italy's e-prescription's (NRE); a grid connection's EAN code (Belgium's, the
    # Netherlands'): each taken in its own shape only (``fields``: a Belgian municipality's NIS code, a product's EAN)
    **dict.fromkeys(("nis", "pis", "pasep", "pispasep", "nispis", "cns", "cartaosus", "rpps", "adeli"), "gov_id"),
    "nre": "gov_id",
    # a Russian passport's series and number, each a field of a form ("passport_series": "4509", "серия": "45 09",
    # "номер_паспорта": "123456"); Ukraine's taxpayer's number (ІПН, РНОКПП: ten digits), by its Latin letters too;
    # each taken in its own shape only (``fields``: a product's "серия", PayPal's "ipn" notice)
    **dict.fromkeys(("passportseries", "серия", "серияпаспорта", "номерпаспорта", "паспорт"), "gov_id"),
    **dict.fromkeys(("ipn", "іпн", "ипн"), "gov_id"),
    **dict.fromkeys(("ean", "eancode", "eannummer", "eannumber"), "gov_id"),
    "password": "password",
    "passwd": "password",
    "pwd": "password",
    "pass": "password",
    "passphrase": "password",
    "passcode": "password",
    "passwort": "password",
    "kennwort": "password",
    "contrasena": "password",
    "contraseña": "password",
    "motdepasse": "password",
    "passe": "password",
    "pw": "password",
    "accountkey": "api_key",
    "sharedaccesskey": "api_key",
    "sharedaccesssignature": "token",
    "privatekeyid": "api_key",
    "code": "code",
    "codigo": "code",  # Spanish's, Portuguese's "código de acceso es 4829#": a code's, as "code" is
    "código": "code",
    "portail": "code",  # French's "code portail 4471#": a code's, when a gate's words say so (fieldvalues._TWOFA)
    "authcode": "code",
    "pcode": "postcode",  # a postcode's short name (FreshBooks' p_code beside p_street, p_city; Australia's)
    "authorizationcode": "code",
    "smscode": "otp",
    "otpcode": "otp",
    "twofactorcode": "otp",
    "2facode": "otp",
    "mfatoken": "otp",
    "onetimecode": "otp",
    "secret": "secret",
    "credentials": "secret",
    "credential": "secret",
    "privatekey": "private_key",
    # a crypto wallet's recovery phrase: the wallet itself (not a bare "mnemonic": an instruction's, "MOV")
    **dict.fromkeys(("seedphrase", "recoveryphrase", "mnemonicphrase", "secretrecoveryphrase", "seedwords"), "secret"),
    "token": "token",
    "jwt": "token",
    "bearer": "token",
    "authorization": "token",
    "proxyauthorization": "token",
    "apikey": "api_key",
    "xapikey": "api_key",
    "accesskey": "api_key",
    "otp": "otp",
    "totp": "otp",
    "pin": "otp",
    "mfacode": "otp",
    "verificationcode": "otp",
    "cvc": "cvc",
    "cvv": "cvc",
    "cvv2": "cvc",
    "cvc2": "cvc",
    "securitycode": "cvc",
    "cardcvc": "cvc",
    "cardcvv": "cvc",
    "sessionid": "session",
    "sessid": "session",
    "phpsessid": "session",
    "jsessionid": "session",
    "sid": "session",
    "key": "maybe_secret",
    "auth": "maybe_secret",
    "signature": "maybe_secret",
    "sig": "token",
    "session": "maybe_secret",
    "cookie": "maybe_secret",
    "email": "email",
    "emailaddress": "email",
    "mail": "email",
    "phone": "phone",
    "phonenumber": "phone",
    "mobile": "phone",
    "mobilephone": "phone",
    "tel": "phone",
    "telephone": "phone",
    "cell": "phone",
    "cellphone": "phone",
    "fax": "phone",
    "msisdn": "phone",
    "whatsapp": "phone",
    # a phone's short names in Vietnamese (số điện thoại) and Indonesian ("no_hp": handphone)
    **dict.fromkeys(("sdt", "nohp", "nomorhp"), "phone"),
    "waid": "phone",  # WhatsApp's id of a user is their number, its "+" left out ("wa_id": "447700900123")
    # the account PayPal knows a payer by (an IPN's and a checkout's "payer_id": "LPLWNMTBWMFAY"), and the one Adyen
    # knows a shopper by ("shopperReference": the merchant's own id of its customer, sent with every payment)
    "payerid": "username",
    "shopperreference": "username",
    # HubSpot's visitor id, its "hubspotutk" cookie's value and its forms' "hutk": it ties a form's fields to the
    # visitor's contact record
    "hutk": "session",
    "hubspotutk": "session",
    # the same of the other ad and analytics beacons: a browser's cookie id (Meta's _fbp, TikTok's _ttp, Snowplow's
    # domain and network user ids, Segment's anonymous id) and an ad click's (Meta's _fbc, gclid, LinkedIn's
    # li_fat_id): each ties every visit and event of one person together
    **dict.fromkeys(("fbp", "fbc", "ttp", "duid", "domainuserid", "nuid", "networkuserid"), "session"),
    **dict.fromkeys(("anonymousid", "ajsanonymousid", "lifatid", "gclid", "fbclid", "ttclid", "msclkid"), "session"),
    # a contact's digest under its own short name (Meta's and Pinterest's "em", "ph"), read as the contact's field
    # (``keyedshapes``)
    # an ad request's ids of one person (OpenRTB's device "ifa": the IDFA, GAID or a TV's RIDA; the "buyeruid" a
    # bidder synced its cookie to) and the birth year beside them ("yob")
    "ifa": "device_id",
    # a push service's registrations of phones (FCM's legacy "registration_ids" list): tokens, as a "deviceToken" is
    "registrationids": "token",
    "buyeruid": "session",
    "yob": "dob",
    # the account a messaging platform knows one person by in an app: WeChat's OpenID (its XML's FromUserName) and
    # UnionID, Entra ID's object id of a Teams user (Bot Framework's "aadObjectId"), the one a message an app sends is
    # for (WeChat's and WeCom's "touser": an OpenID, a member's id)
    **dict.fromkeys(("openid", "unionid", "fromusername", "aadobjectid", "touser"), "username"),
    "em": "email",
    "ph": "phone",
    "accounts": "wallet_keys",  # a deploy tool's accounts: ['0x…'], a wallet's keys when 0x and 64 hex (keyedshapes)
    # an upload's file name, which may hold its owner's name ("CV_Leopold_Vanderstraeten.pdf": ``filenames``)
    **dict.fromkeys(("filename", "originalfilename", "originalname"), "file_name"),
    "cardnumber": "card",
    "creditcard": "card",
    "creditcardnumber": "card",
    "ccnumber": "card",
    "pan": "card",
    "cardno": "card",
    "ssn": "ssn",
    # its last four digits, which an identity check asks for and a lender's form keeps (a card's last four are no
    # secret: a receipt prints them)
    **dict.fromkeys(("ssnlast4", "ssnlastfour", "last4ssn", "lastfourssn", "last4ofssn", "lastfourofssn"), "gov_id"),
    "socialsecuritynumber": "ssn",
    "iban": "iban",
    "ip": "ip",
    "ipaddress": "ip",
    "clientip": "ip",
    "remoteaddr": "ip",
    "remoteip": "ip",
    "userip": "ip",
    "sourceip": "ip",
    "originip": "ip",
    "fullname": "name",
    "firstname": "name",
    "lastname": "name",
    "middlename": "name",
    "givenname": "name",
    "fname": "name",
    "lname": "name",
    "forename": "name",
    "familyname": "name",
    "surname": "name",
    # a given name's field in Russian, Greek, Korean, Japanese: the words name things too, so a value is taken when
    # its object or the lexicon says it is a person's (Turkish's "ad", an advert's too: jsonshapes.NAME_PAIRS)
    **dict.fromkeys(("имя", "όνομα", "ονομα", "이름", "名前"), "maybe_name"),
    "displayname": "name",
    "customername": "name",
    "contactname": "name",
    "patientname": "name",
    "cardholder": "name",
    "cardholdername": "name",
    "holdername": "name",
    "billingname": "name",
    "shippingname": "name",
    "recipientname": "name",
    "sendername": "name",
    "accountholder": "name",
    # a person's name by their role in a school's, an employer's, a court's, an insurer's or a landlord's record
    # ("student_name", "guardianName", "claimant_name", "insured_name")
    **dict.fromkeys(
        (
            *("studentname", "pupilname", "learnername", "parentname", "guardianname", "teachername"),
            *("instructorname", "employeename", "candidatename", "applicantname", "managername", "agentname"),
            *("claimantname", "insuredname", "policyholdername", "drivername", "tenantname", "landlordname"),
            *("witnessname", "plaintiffname", "defendantname", "beneficiaryname", "doctorname", "physicianname"),
            # a loan's and a lease's other people ("guarantor_name", "coApplicantName", "cosigner_name")
            *("guarantorname", "cosignername", "coapplicantname", "coborrowername", "borrowername", "spousename"),
            *ROLE_NAME_KEYS,  # a ticket's, a delivery's, a booking's people ("requester_name", "dasherName")
        ),
        "name",
    ),
    "name": "maybe_name",
    "nom": "maybe_name",
    # a person's fields by their names in Japanese, Chinese and Korean (a payroll's "氏名", "生年月日", "個人番号":
    # Japan's My Number, China's resident identity card, Korea's resident registration number)
    **dict.fromkeys(("氏名", "姓名", "お名前", "フリガナ", "ふりがな", "성명"), "name"),  # and its reading
    **dict.fromkeys(("生年月日", "出生日期", "생년월일"), "dob"),
    **dict.fromkeys(("個人番号", "マイナンバー", "身份证号", "身份证号码", "身分證字號", "주민등록번호"), "gov_id"),
    "student": "maybe_name",  # a gradebook's first column (Canvas's export: "Student,ID,SIS User ID,...")
    # a service's key by the name its own API gives it: PagerDuty's Events API ("routing_key", an integration's key),
    # an alerting integration's ("integration_key"), WooCommerce's and OAuth 1's ("consumer_key"); only a value that
    # looks generated is one (an AMQP "routing_key" is a pattern: "orders.created")
    **dict.fromkeys(("routingkey", "integrationkey", "consumerkey", "servicekey"), "maybe_secret"),
    # OpenWeatherMap's key in every query ("appid=…"); a Facebook app's public "app_id" is digits, no generated key
    "appid": "maybe_secret",
    # the name a person goes by on a site (Auth0's "nickname": their e-mail's local part; a profile's "Dazzy")
    "nickname": "username",
    # a player's account on a game platform, which its public profile page is found by (Steam's 64-bit id under
    # "steamid", PlayFab's linked account's "PlatformUserId")
    **dict.fromkeys(("steamid", "steamid64", "platformuserid"), "username"),
    # a parcel's tracking number: the carrier's site shows where it goes, to whom, and when it was signed for (not
    # "tracking_id": an analytics property's, "UA-12345678-1")
    **dict.fromkeys(
        ("trackingnumber", "trackingno", "trackingnum", "trackingcode", "trackingnummer"), "tracking_number"
    ),
    **dict.fromkeys(
        ("waybillnumber", "waybillno", "consignmentnumber", "consignmentno", "sendungsnummer"), "tracking_number"
    ),
    **dict.fromkeys(
        ("parcel", "parcelnumber", "parcelno", "tracking"), "tracking_number"
    ),  # a courier app's {"parcel": "JD01…"}
    "rlkey": "token",  # a Dropbox share link's key ("/scl/fi/<id>/report.pdf?rlkey=<token>")
    # an API's key by the name its auth protocol gives it in a query or a header: Sentry's ("?sentry_key=…", the
    # X-Sentry-Auth header's), Azure API Management's ("subscription-key=…", Ocp-Apim-Subscription-Key)
    "sentrykey": "api_key",
    "subscriptionkey": "api_key",
    "ocpapimsubscriptionkey": "api_key",
    "username": "username",
    # a user name in other languages (not French's "identifiant": any record's id is one too)
    **dict.fromkeys(("benutzername", "utilisateur", "nomdutilisateur", "usuario", "nombredeusuario"), "username"),
    **dict.fromkeys(("utente", "nomeutente"), "username"),
    **dict.fromkeys(("usuário", "nomedeusuário", "nomedeusuario", "gebruikersnaam", "brukernavn"), "username"),
    **dict.fromkeys(("brugernavn", "användarnamn", "anvandarnamn", "käyttäjätunnus", "kullanıcıadı"), "username"),
    **dict.fromkeys(("nazwaużytkownika", "nazwauzytkownika"), "username"),
    "login": "username",
    "loginname": "username",
    # a login's id is the name a person signs in with ("login_id": "mkowalski88"), not a database row's "...id"
    "loginid": "username",
    "logonid": "username",
    "userlogin": "username",
    # a Windows domain's logon name (Active Directory's sAMAccountName, Entra ID's onPremisesSamAccountName:
    # "xachterb"), a person's as a login is
    **dict.fromkeys(("samaccountname", "onpremisessamaccountname"), "username"),
    "userid": "id",
    "dob": "dob",
    "dateofbirth": "dob",
    "birthdate": "dob",
    "birthday": "dob",
    "birthdt": "dob",  # ACORD's (insurance) abbreviation of a date: <BirthDt>
    "birth": "dob",
    "fin": "fin",  # a VIN in German, Singapore's foreign identification number; a range's end in Spanish (keyedshapes)
    "patientbirthtime": "dob",  # FHIR's patient-birthTime extension: the hour of birth (a file's "birthtime" is not)
    "passport": "gov_id",
    "passportno": "gov_id",
    "passportid": "gov_id",
    "nationalid": "gov_id",
    "taxid": "gov_id",
    "nino": "gov_id",
    "ninumber": "gov_id",
    "driverlicense": "gov_id",
    "driverslicense": "gov_id",
    "driverlicence": "gov_id",
    "driverslicence": "gov_id",
    # national numbers by their own names
    "cpf": "gov_id",
    "dni": "gov_id",
    "nif": "gov_id",
    "pesel": "gov_id",
    "aadhaar": "gov_id",
    "aadhar": "gov_id",
    "curp": "gov_id",
    "rfc": "gov_id",  # Mexico's taxpayer's number ("GODE561231GR8"), in its shape (fields._SHAPED_KEYS)
    # an EV charging card's RFID (OCPP's "idTag"), a car's chassis number in German ("Fahrgestellnummer")
    **dict.fromkeys(("idtag", "fahrgestellnummer", "fahrgestellnr"), "gov_id"),
    "bsn": "gov_id",
    "burgerservicenummer": "gov_id",
    "ppsn": "gov_id",
    "personnummer": "gov_id",
    # Czech and Slovak's birth number ("850312/1234"), in English as HR systems export it
    **dict.fromkeys(("birthnumber", "birthno", "rodnecislo", "rodnéčíslo"), "gov_id"),
    "steuerid": "gov_id",
    "steuernummer": "gov_id",
    "steueridentifikationsnummer": "gov_id",
    "sozialversicherungsnummer": "gov_id",
    "nhsnumber": "gov_id",
    "routing": "bank_account",
    "routingnumber": "bank_account",
    "routingno": "bank_account",
    "abarouting": "bank_account",
    "abaroutingnumber": "bank_account",
    # an accounting app's contact's (Xero's "TaxNumber", "BankAccountDetails"): a sole trader's, a person's own
    **dict.fromkeys(("taxnumber", "taxno", "taxnum"), "gov_id"),
    **dict.fromkeys(("bankaccountdetails", "bankdetails"), "bank_account"),
    "bankaccount": "bank_account",
    # Mexico's interbank account (CLABE), Argentina's (CBU, CVU), Australia's branch number (BSB)
    **dict.fromkeys(("clabe", "cbu", "cvu", "bsb"), "bank_account"),
    "bankaccountnumber": "bank_account",
    "bankaccountno": "bank_account",
    "accountnumber": "bank_account",
    "accountno": "bank_account",
    "sortcode": "bank_account",
    "bban": "bank_account",
    "aba": "bank_account",
    "abanumber": "bank_account",
    "routingtransitnumber": "bank_account",
    "medicarenumber": "gov_id",
    # the numbers an airline, a trusted traveller programme or a utility gives one person (``said``'s cues)
    "ktn": "gov_id",
    "knowntravelernumber": "gov_id",
    "redressnumber": "gov_id",
    "mpan": "gov_id",
    "mprn": "gov_id",
    # a student's number in a school's information system (Canvas's "sis_user_id"), a university's (Michigan's
    # UMID); an insurer's numbers for one person's claim and policy (Guidewire's "claimNumber", "policyNumber")
    # the caller's name a phone network hands on with a call (CNAM: Twilio's "CallerName")
    "callername": "name",
    # who signed for a parcel or a document: a carrier's proof of delivery ("signedBy": "T. OKONKWO-LEARY")
    **dict.fromkeys(("signedby", "signedforby", "receivedby", "signatory", "signername"), "name"),
    "calleridname": "name",
    "cnam": "name",
    "sisuserid": "gov_id",
    "sisid": "gov_id",
    "umid": "gov_id",
    # a school's number for its student ("studentId", a state's "stateStudentId"), as an SIS's "sis_user_id" is one
    **dict.fromkeys(("studentid", "studentnumber", "studentno", "statestudentid"), "gov_id"),
    "stateprovinceid": "gov_id",  # PowerSchool's name for a state's number for its student
    # an employer's number for its employee, as a school's for its student (SCIM's and AD's employeeNumber, SAP's
    # personnel number, a payslip's): a database's row is an "employee_id"
    **dict.fromkeys(("employeenumber", "employeeno", "staffnumber", "staffno", "payrollnumber", "payrollno"), "gov_id"),
    **dict.fromkeys(("personnelnumber", "personnelno"), "gov_id"),
    # a trusted traveller's redress number alone, an NDC order's identity document ("IdentityDocID"), a person's
    # national number under its generic name (Workday's "nationalIdentifier": {"type": …, "value": …}), an insurer's
    # reference for a policy ("policyRef", a third party's in a claim)
    **dict.fromkeys(("redress", "identitydocid", "nationalidentifier", "policyref", "policyreference"), "gov_id"),
    "preferredname": "name",
    # a council's account for a home's tax, a railcard's number, the login of US student aid (FSA ID)
    **dict.fromkeys(("counciltaxref", "counciltaxreference", "counciltaxaccount", "counciltaxnumber"), "gov_id"),
    **dict.fromkeys(("counciltaxaccountnumber", "railcardnumber", "railcardno"), "gov_id"),
    "fsaid": "username",
    # a person by their role in a matter: their next of kin, the other side's lawyer
    **dict.fromkeys(("nextofkin", "opposingcounsel", "opposingattorney", "opposingsolicitor"), "name"),
    "claimnumber": "gov_id",
    "claimno": "gov_id",
    "policynumber": "gov_id",
    "policyno": "gov_id",
    "address": "address",
    "streetaddress": "address",
    "street": "address",
    "addressline": "address",  # Open Banking's list of lines ("AddressLine": ["Flat 7", "Acacia Lodge"])
    "addressline1": "address",
    "addressline2": "address",
    "line1": "address",
    "line2": "address",
    "address1": "address",
    "addr1": "address",
    "addr2": "address",
    "street1": "address",
    "street2": "address",
    "address2": "address",
    "billingaddress": "address",
    "shippingaddress": "address",
    # where an order goes, as a shop's or a tool call's argument names it ("ship_to": "Am Stadtpark 4a, 10961 Berlin")
    **dict.fromkeys(("shipto", "deliverto", "deliveryto", "shiptoaddress", "delivertoaddress"), "address"),
    "homeaddress": "address",
    "mailingaddress": "address",
    "addr": "address",
    "streetname": "address",
    # a street's name alone under its type's word (OpenStreetMap's "road", Apple's "thoroughfare"); "lane",
    # "drive" and "avenue" name other things too: only a value of capitalised words is read (``fields``)
    "road": "maybe_address",
    "roadname": "maybe_address",
    "thoroughfare": "maybe_address",
    "lane": "maybe_address",
    "drive": "maybe_address",
    "avenue": "maybe_address",
    # a device's own numbers, and a car's plate: they point at one person as a phone number does
    "imei": "device_id",
    "meid": "device_id",
    # a device's serial number (a laptop's, a router's: an MDM's "serial_number"), Apple's UDID, an advertising id
    # (IDFA, Google's GAID), Android's ANDROID_ID: one device, its owner's
    "serialnumber": "device_id",
    "serialno": "device_id",
    "deviceserial": "device_id",
    "deviceserialnumber": "device_id",
    "udid": "device_id",
    "androidid": "device_id",
    "advertisingid": "device_id",
    "idfa": "device_id",
    "idfv": "device_id",
    "gaid": "device_id",
    # a vehicle's object's plate ({"make": "Toyota", "plate": "GA TKX4821"}): a value with a digit (``fields``)
    "plate": "license_plate",
    # a registration's number alone: a car's, as the UK's vehicle enquiry service names it ("registrationNumber"), or
    # a company's, a trust's: only a value of a plate's shape is one (``fields``)
    **dict.fromkeys(("registrationnumber", "registrationno", "registrationnum", "registrationnr"), "maybe_plate"),
    # a bank's BIC (SWIFT code), the bank's and kept; another value under its name is an account's (``fieldnumbers``)
    **dict.fromkeys(("bic", "swift", "swiftcode", "swiftbic", "bankbic", "biccode"), "maybe_account"),
    # a SIM's own numbers: its subscriber's identity (IMSI) and its card's serial (ICCID)
    "imsi": "device_id",
    "iccid": "device_id",
    "mac": "device_id",
    "macaddress": "device_id",
    "macaddr": "device_id",
    # a place to a few metres (a latitude with 3 decimals or more): the fractional degrees are replaced
    "lat": "geo",
    "lng": "geo",
    "lon": "geo",
    "latitude": "geo",
    "longitude": "geo",
    # names that hold a place's coordinates among other things ("position": 3, "location": "Lyon"): only a
    # value of a coordinate's shape is one (``fields``)
    "location": "maybe_geo",
    "position": "maybe_geo",
    "coordinate": "maybe_geo",
    "coordinates": "maybe_geo",
    "coords": "maybe_geo",
    "gps": "maybe_geo",
    "geo": "maybe_geo",
    "geolocation": "maybe_geo",
    "geopoint": "maybe_geo",
    "latlng": "maybe_geo",
    "latlon": "maybe_geo",
    "lnglat": "maybe_geo",
    "lonlat": "maybe_geo",
    # a postcode: only one precise to a street is read as an address (``postcodes``; a ZIP is a place's)
    **dict.fromkeys(("zip", "zipcode", "postcode", "postalcode", "postleitzahl", "eircode"), "postcode"),
    "version": "version",
    "build": "version",
    "release": "version",
}

# The stems of the keys above that ``keys.KEY_CUES`` has no stem of: a field's name is read where a cue ends in it
EXACT_CUES = ("серия", "паспорт", 'ipn"', 'ipn\\"', "ipn=", "іпн", "ипн")
