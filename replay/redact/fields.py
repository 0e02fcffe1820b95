"""Values of telling field names: ``password=…``, ``"token": "…"``, ``my password is …``,
``"name": "Ana Lima"``, ``line1: 12 Oak St``.

The cue is a stem of a field name (``keys.KEY_CUES``, in several languages, plus a policy's own);
``KeyRules`` classifies the identifier around it (strict secret, maybe a secret, a one-time code, a
username, a name, an address, a date of birth, an id number). The value after ``:``, ``=``, ``=>``
or ``is`` (``es``, ``ist``, ``è``, ...) is read quoted or bare, each string of a flat list under a
secret's name, and in markup an element's text (``<Password>…</``) or an input's ``value="…"``;
settings (``credentials: "include"``) and code (``withCredentials=!0``, ``token = await f()``) are
left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from replay.redact.checksums import cns_ok, digit_pass_names, gsrn_ok, nis_ok
from replay.redact.fieldkeys import AFTER_KEY, IDCH, KeyReader, line_label, value_start
from replay.redact.fieldnumbers import DOCUMENT_NUMBERS, NUMBER_KEYS, RECORD_CLASSES, THING_CLASSES, FieldNumbers
from replay.redact.fieldspans import BARE, phrase_end, value_span
from replay.redact.fieldvalues import (
    ARABIC_STREETS,
    LOGIN_OUTCOMES,
    SETTINGS,
    app_password,
    arabic_street_end,
    bare_code,
    bare_secret,
    code_value,
    login_name,
    markup_value,
    mixed_code,
    model_output,
    person_context,
    returned_data,
    said_code,
    secret_like,
    short_code,
    street_name,
    twofa_context,
)
from replay.redact.filenames import file_name_hits
from replay.redact.hits import Hit
from replay.redact.jsonshapes import (
    DOCUMENT_KEYS,
    LIST_REACH,
    NAME_PAIRS,
    WRAPS,
    credential_record,
    extension_value,
    in_object,
    inner_value,
    labelled_value,
    listed_values,
    lone_value,
    pair_value,
    secret_data,
)
from replay.redact.keyedshapes import SHAPED_CLASSES, shaped_hits
from replay.redact.keys import ENV_NAME, KEY_CLASSES, STRICT_SECRET_CLASSES, KeyRules, normalize
from replay.redact.namefields import LIST_ITEM, ROLE_KEYS, NameFields
from replay.redact.nationalids import shaped_id
from replay.redact.notnames import CTIME
from replay.redact.personal import PersonalFinder
from replay.redact.postcodes import keyed_postcode
from replay.redact.pseudonym import Pseudonyms, is_dob_pseudonym, is_invented_name, looks_redacted, luhn_ok
from replay.redact.tables import cells_under, header_cell, header_sep
from replay.redact.tokens import high_entropy, key_like, placeholder

__all__ = ["FieldFinder"]


# Keys that name nothing, whose string value is a secret when it looks generated: a settings row's "value", an API's
# or a tool's whole answer ("data", "result": a login's token, a generated key)
_LONE_KEYS = frozenset({"value", "Value", "data", "result"})
# The members of a secret's records in a list that hold the secret ("passwords": [{"id": 1, "value": …}])
_RECORD_VALUES = ("value", "Value", "answer", "Answer")
# The keys an insurer's number for one person stands under that APIs also give a database row's number
_ROW_KEYS = re.compile(r"(?i)member|subscriber|beneficiary|patient")
# Names of a person's number that name other things too: their value is one in the number's own shape and check (a
# parcel's of 8 digits or more; Mexico's RFC: a name's 3-4 letters, a birth date, 3 characters; a grid connection's
# GSRN, where a product's EAN is kept; Brazil's NIS and CNS, where a Belgian municipality's NIS code is kept; an RPPS
# by Luhn's check, an ADELI's 9 digits), each read on the value's digits
_DIGITS_OF = str.maketrans("", "", " .-/")
_SHAPED_KEYS: dict[str, Callable[[str], object]] = {
    "tracking": re.compile(r"[A-Z]{0,4}\d[\dA-Z\- ]{7,40}").fullmatch,
    "rfc": re.compile(r"[A-ZÑ&]{3,4}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[A-Z\d]{3}").fullmatch,
    **dict.fromkeys(("ean", "eancode", "eannummer", "eannumber"), lambda v: gsrn_ok(v.translate(_DIGITS_OF))),
    **dict.fromkeys(("nis", "pis", "pasep", "pispasep", "nispis"), lambda v: nis_ok(v.translate(_DIGITS_OF))),
    **dict.fromkeys(("cns", "cartaosus"), lambda v: cns_ok(v.translate(_DIGITS_OF))),
    "rpps": lambda v: len(d := v.translate(_DIGITS_OF)) == 11 and d.isdigit() and luhn_ok(d),
    "adeli": lambda v: len(d := v.translate(_DIGITS_OF)) == 9 and d.isdigit(),
    **dict.fromkeys(("passportseries", "серия", "серияпаспорта"), re.compile(r"\d\d ?\d\d").fullmatch),
    **dict.fromkeys(("ipn", "іпн", "ипн"), re.compile(r"\d{10}").fullmatch),
}
# Names after which a password may follow with a space alone ("with password Qr7!dke#39", "and her password
# 'B@nZes94!'"): the value must then look like one (``secret_like``); "password reset" is a remark.
_BARE_KEYS = frozenset(
    {"password", "passwd", "passphrase", "passwort", "contraseña", "contrasena", "senha", "wachtwoord", "hasło"}
)
# After "is" ("my name is …"), these take any value; a secret's must look like one.
_VERSION = re.compile(r" HTTP/\d")
_ENGLISH_LOGINS = frozenset({"username", "login", "loginname", "loginid", "userlogin"})
_SAID_ANY = frozenset({"name", "maybe_name", "address", "dob", "gov_id", "bank_account", "postcode"})
_MONTH = r"[A-Za-z]{3,9}\.?"
# (and a year, a month and a day by their CJK signs: "1985年1月5日", "1982년 7월 14일")
_DATE = re.compile(
    rf"\d{{1,4}}(?:[ /.\-](?:\d{{1,4}}|{_MONTH})){{1,2}}(?!\w)|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    r"|\d{4}[年년] ?\d{1,2}[月월] ?\d{1,2}[日일]"
)
# A date or a time of day, no login's name: "Last login: 2024-03-01", "last_login": "2024-03-01T10:12:00Z"
_WHEN = re.compile(
    r"\d{4}-\d\d-\d\d(?:[T ][\d:.]+(?:Z|[+\-]\d\d:?\d\d)?)?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d\d(?::\d\d)?"
)
# A service's name between a code's word and its value, as a text message writes it: "Your code for Lumen is 482913",
# "your verification code for Acme Bank: 482913"
_FOR_BRAND = re.compile(r"for[ \t]+(?:[A-Z][\w&.'’-]*[ \t]+){0,2}[A-Z][\w&.'’-]*(?:[ \t]+is[ \t]+|[ \t]*:[ \t]*)")
# "Your Acme code is 482913", "Your Uber Eats code: 4821": a service's name between "your" and "code"
_YOUR_BRAND = re.compile(r"(?<![\w])[Yy]our (?:[A-Z][\w&.'’-]* ){1,3}\Z")
# A GraphQL argument given a variable (``login(password: $p)``, ``password: $password\n  email: $e``): the variable
# is read under the argument's name in the request's variables (``graphql``), its name here is no secret.
_TYPE_COLON = re.compile(r"[ \t]*:")
# The word before "address" that makes it no place's where the key classifier still reads a place: a network's, a
# wallet's, a program's ("the server address is 10.1.2.3 today", "Bitcoin address"; "return address" is a place).
# "IP", "MAC" and "email address" need none: their two words are the field's name (``_PAIR_CLASSES``).
_NOT_POSTAL = re.compile(
    r"(?i)(?<![\w\-])(?:ipv4|ipv6|web|server|host|network|node|wallet|bitcoin|btc|ethereum|eth|crypto"
    r"|contract|memory|hardware|bluetooth|wi-?fi|loopback|multicast|broadcast|gateway|proxy|socket|bind|listen)[ \t]*\Z"
)
# A value that starts as a network's or a device's address does: four dotted numbers, hex groups, a hex number
_NETWORK_VALUE = re.compile(
    r"\d{1,3}(?:\.\d{1,3}){3}(?![\d.])|[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}|0x[0-9a-fA-F]+"
)
_SCHEMES = frozenset({"bearer", "basic", "token", "digest", "apikey", "api-key", "jwt"})
# An authorization scheme and the blanks after it, or its string's end; in code, the quote, backtick or f-string's
# prefix opening it (`Bearer ${apiKey}`, f"Bearer {token}", 'Bearer ' + token)
_SCHEME_HEAD = re.compile(rf"(?i)(?:[fbr]?[\"'`])?(?:{'|'.join(sorted(_SCHEMES))})(?:[ \t]+|(?=[\"'`\r\n]|\Z))")
# What a program puts in a value's place: a template's or a format's field, a shell's variable, a stand-in's brackets
_REFERENCE = re.compile(r"\$\{|\{|\$[A-Za-z_]|<[\w\-]+>")


# A login's password after its email, as leaked logs and combo lists write them ("ana@x.io / W!nter2024",
# "ana@x.io:Hunter2!"): a token with a letter that looks like a password.
_AFTER_LOGIN = re.compile(
    r"(?:[ \t]+/[ \t]*|/[ \t]+|[ \t]*[:|][ \t]*)([^\s\"'<>,;/?&=#]{6,64}?)\.?(?=[\s,;\"'<>)]|\Z)"
)  # a path's "/" has no space beside it ("a@x.io/docs?q=1"), a slash between login and password does


_ASCII_DIGIT = re.compile(r"[0-9]")
_WORD_BEFORE = re.compile(r"(?<![\w\-])([a-z]{2,12})[ \t]\Z")  # the word before a field's name in prose
# The classes a field named by two words may have where its last word alone names another ("postal code", "zip code":
# not a one-time code; "IP address", "MAC address", "email address": not a street)
_PAIR_CLASSES = frozenset({"postcode", "ip", "email", "device_id"})
_UNREAD_KEPT = 4096  # keys remembered as read by no rule
_HEX_ID = frozenset("0123456789abcdefABCDEF-")  # a hash's, a UUID's characters: an id, not a secret
# The keys of an object's label, which may name the credential its "value" or "text" holds (``labelled_value``)
_LABEL_KEYS = frozenset({"name", "Name", "displayName", "display_name"})
_OWNERS = ("my ", "our ", "your ")  # whose key it is ("here is my key: …")


class FieldFinder:
    """Hits in the values of telling field names; name and address values go to ``personal``."""

    def __init__(self, ps: Pseudonyms, keys: KeyRules, on: dict[str, bool], personal: PersonalFinder):
        self.ps = ps
        self.keys = keys
        self.on = on
        self.personal = personal
        self.numbers = FieldNumbers(ps, keys, on)
        self.names = NameFields(ps, personal)
        self.reader = KeyReader()
        self._unread: set[str] = set()  # keys of no class that no rule of ``_unclassed`` reads (a bounded number)

    def at(self, text: str, low: str, p: int, hits: list[Hit], seen: set[int], ids: bytes | None = None) -> None:
        """``password=…``, ``"token": "…"``, ``my password is …``: the value of a telling field name (``ids``:
        an ASCII text's UTF-8 through ``fieldkeys.ID_TABLE``)."""
        q, r, worded = self.reader.key_at(text, low, p, ids)
        if q in seen:
            return
        seen.add(q)
        if q and text[q - 1] == "$" and _TYPE_COLON.match(text, r):
            return  # a GraphQL variable's declaration (mutation($password: String!)): its value is a type
        key = text[q:r].strip(".-")
        if key in self._unread and not worded:
            return  # no rule reads a value under it (``_unclassed``), and no header of words holds it
        cls = self.keys.classify(key)
        # a form's label of words says whose value it is where its last word does not ("Full name:", "Nr klienta:")
        label = line_label(text, q, r) if worded else None
        if label is not None and (whole := self.keys.classify(text[label:r])) in _CHILD_CLASSES:
            key, cls = text[label:r], whole
        elif worded and (before := _WORD_BEFORE.search(low, max(0, q - 16), q)) is not None:
            # a field named by two words in prose whose last one names another field alone ("my postal code is
            # …": a postcode, not a one-time code; "the IP address is …", "my email address is …")
            whole = self.keys.classify(f"{before.group(1)} {key}")
            if whole in _PAIR_CLASSES and whole != cls:
                key, cls = f"{before.group(1)} {key}", whole
        if worded and self._spaced_header(text, low, q, r, hits):
            return
        if cls in SHAPED_CLASSES and (shaped := shaped_hits(text, key, cls, r, self.ps)):
            hits.extend(shaped)  # a contact's hash under its field's name (an ad beacon's "em"), a wallet's key
            return
        if cls == "file_name" and self.on["name"] and (v := value_start(text, r)) and (s := value_span(text, v)):
            hits.extend(file_name_hits(text, s[0], s[1], self.ps))  # a person's name in an upload's file name
            return
        if key in _LABEL_KEYS and self.on["secret_keys"] and (span := labelled_value(text, low, q, r)) is not None:
            self._labelled(text, *span, hits)  # {"name": "adobe integration", "value": "…"}; the label goes on
        if cls is None:
            self._unclassed(text, low, q, r, key, hits)
            return
        if key == "Secret" and (spans := secret_data(text, q)) is not None and self.keys.by_name(key):
            for vs, ve in spans:  # a Kubernetes Secret: every value of its data is one
                if not looks_redacted(text[vs:ve]):
                    hits.append(Hit(vs, ve, "secret", self.ps.generic(text[vs:ve]), 70))
            return
        if not self._read(key, cls):
            return
        if cls in ("otp", "code") and (coded := self._said_code(text, low, q, r, key, cls)) is not None:
            hits.append(Hit(coded[0], coded[1], "otp", coded[2], 70))
            return
        strict = cls in STRICT_SECRET_CLASSES
        found = self._locate(text, low, q, r, key, cls, strict, hits)
        if found is not None:
            self._take(text, low, q, key, cls, strict, *found, hits)

    def _read(self, key: str, cls: str) -> bool:
        """Whether values of the class are read: its detector is on, and a secret's name is one the policy reads."""
        if cls in STRICT_SECRET_CLASSES or cls in ("maybe_secret", "code"):
            return self.keys.by_name(key)
        if cls in ("name", "maybe_name"):
            return self.on["name"]
        if cls in ("address", "maybe_address", "postcode"):
            return self.on["address"]
        if cls in _ID_CLASSES:
            # a MAC address under its name is the one device's number the mac detector reads
            return self.on["personal_ids"] or (cls == "device_id" and self.on["mac"])
        return cls == "username" and self.keys.by_name(key)

    def _locate(
        self, text: str, low: str, q: int, r: int, key: str, cls: str, strict: bool, hits: list[Hit]
    ) -> tuple[int, int, bool] | None:
        """Where the value after the field name ``text[q:r]`` is, and whether it was said ("password is X"): in
        markup, after a ``:``, ``=`` or a word, in an object; a list, a table's column or a point is read here."""
        span = markup_value(text, q, r, cls in _CHILD_CLASSES)
        if span is not None:
            return span[0], span[1], False
        n = len(text)
        said = False
        m = AFTER_KEY.match(text, r)
        v = (pair_value(text, q, r) or extension_value(text, q, r)) if m is None else None
        # a header cell: its separator right after it, or after spaces ("| Plate | Name |", a markdown table)
        if v is None and (m is None or m.end() >= n or m.group(4) is not None):
            if cls in _COLUMN_CLASSES and (sep := header_sep(text, q, r)):
                self._column(text, low, q, sep, cls, hits)
                return None
            if m is None or m.end() >= n:
                return None
        if v is None:
            said = m.group(3) is not None  # "password is X"
            if m.group(3) == "to" and not strict:
                return None  # "reset the password to X" sets a secret; "change the name to X" names a thing
            brand = None
            if m.group(4) is not None and cls in ("code", "otp"):
                brand = _FOR_BRAND.match(text, m.end())  # "your code for Lumen is 482913"
            if m.group(4) is not None and brand is None:  # "password X", "otp 482913"
                bare = key.lower() in _BARE_KEYS or bare_code(text, low, q, cls, m.end())
                if m.group(1) is not None or not (bare or bare_secret(text, low, q, key, cls, m.end(), self.keys)):
                    return None  # name="password" placeholder=...: a quoted name is markup's or a key's
                said = True
            v = m.end() if brand is None else brand.end()
            said = said or brand is not None
        first = text[v : v + 1]  # "" at the text's end (``value_span`` finds nothing there)
        if (strict or cls == "address") and not said and first == "[":
            self._list(text, v, cls, hits)
            return None
        if cls == "maybe_geo" and not said and first == "[":
            # "position": [51.507351, -0.127758], Strava's "start_latlng"; not GeoJSON's "coordinates", a
            # geometry's (a feature's: a store, a city), which the labelled sets keep
            if key.lower() != "coordinates" and (pair := _POINT.match(text, v)) is not None:
                for k in (1, 2):
                    self.numbers.thing(pair.group(k), pair.start(k), pair.end(k), cls, hits)
            return None
        if cls == "name" and not said and first == "[":
            self.names.part(text, r, hits)  # NDC's "GivenName": ["Wolfgang", "Amadeus"]: each one a name
            return None
        if strict and not said and first == "{" and (inner := inner_value(text, v)) is not None:
            v = inner  # "password": {"hash": {…}, "value": "…"}: the secret is the object's value
        elif (
            cls in RECORD_CLASSES
            and first == "{"
            and (inner := inner_value(text, v, DOCUMENT_KEYS if cls == "gov_id" else NUMBER_KEYS)) is not None
        ):
            v = inner  # "passport": {"number": "…", "expiry": "…"}: the document's number
        elif cls in _LABELLED_CLASSES and first == "{" and (inner := inner_value(text, v, WRAPS)) is not None:
            v = inner  # Personio's "last_name": {"label": "Last name", "value": "…"}: the field's value
        span = value_span(text, v)
        return None if span is None else (span[0], span[1], said)

    def _take(
        self,
        text: str,
        low: str,
        q: int,
        key: str,
        cls: str,
        strict: bool,
        vs: int,
        ve: int,
        said: bool,
        hits: list[Hit],
    ) -> None:
        """The value ``text[vs:ve]`` of the field of class ``cls`` at ``q``, when it is one of its class."""
        arabic_street = cls == "maybe_address" and text.startswith(ARABIC_STREETS, vs)  # "العنوان: شارع …"
        if (cls in ("name", "maybe_name", "address") or arabic_street) and text[vs - 1 : vs] not in ('"', "'"):
            ve = phrase_end(text, vs, ve, cls != "name" and cls != "maybe_name")
            if q and text[q - 1] in "?&" and text[vs - 1 : vs] == "=" and (version := _VERSION.search(text, vs, ve)):
                ve = version.start()  # a request line's query ends at its version: "?last_name=Whitfield HTTP/1.1"
            ve = arabic_street_end(text, vs, ve) if arabic_street else ve
        elif cls == "dob" and (date := _DATE.match(text, vs)) is not None:
            ve = max(ve, date.end())  # "4 April 1987", "April 4, 1987": a date runs past its spaces
        app = cls == "password" and app_password(text, vs)
        if app:
            ve = vs + 19  # "app password abcd efgh ijkl mnop": Google's app passwords are four groups of four
        value = text[vs:ve]
        if strict and (scheme := _SCHEME_HEAD.match(text, vs)) is not None:  # "Authorization: Bearer abc"
            nxt = BARE.match(text, scheme.end())
            if nxt is None or _REFERENCE.match(text, scheme.end()):
                return  # code that builds the header: "'Bearer ' + token", f"Bearer {token}", `Bearer ${apiKey}`
            vs, ve = nxt.start(), nxt.end() - (text[nxt.end() - 1] == "`")  # a template literal's closing backtick
            value = text[vs:ve]
        if not value or looks_redacted(value) or value.strip("*•x") == "" or value.lower() in SETTINGS:
            return
        if cls in KEY_CLASSES and placeholder(value.strip("\"'")):  # API_KEY="glc_1111…", token = "xxxx.atlasv1.xxxx…"
            return
        if text[vs - 1 : vs] not in ('"', "'") and (
            code_value(text, vs, ve, cls == "username") or (cls in _PEOPLE_CLASSES and _named_for(key, value))
        ):
            return  # code: this.credentials=t.credentials, withCredentials=!0, .fa-user-secret:before{, login(pw: $p)
        # "my username is mkowalski": a login no word is (English's words: the lexicon knows no other language's)
        login = cls == "username" and normalize(key) in _ENGLISH_LOGINS and login_name(value)
        if said and not (cls in _SAID_ANY or secret_like(value) or short_code(value) or app or login):
            return  # "the password is wrong", "my username is correct"
        if model_output(text, key, q, ve):
            return
        if said and cls == "address" and not (value[:1].isupper() or value[:1].isdigit()):
            return  # "the address is wrong", "the street is closed": a remark, not an address
        if said and cls == "address" and (_NOT_POSTAL.search(text, max(0, q - 12), q) or _NETWORK_VALUE.match(value)):
            return  # "my IP address is 81.2.69.160 and it fails": its own detector reads the value, the words go on
        self._hit(text, low, q, key, cls, strict, vs, ve, hits)

    def _hit(
        self, text: str, low: str, q: int, key: str, cls: str, strict: bool, vs: int, ve: int, hits: list[Hit]
    ) -> None:
        """The hit the value ``text[vs:ve]`` of a field of class ``cls`` makes, read by its class's own rule."""
        value = text[vs:ve]
        if cls == "postcode" or (cls == "code" and normalize(key) == "pincode"):
            # "zip": "EC2V 7HH"; "pincode": "560001", India's (a card's PIN of four stays the code it is)
            if (hit := keyed_postcode(text, vs, ve, normalize(key))) is not None:
                hits.append(hit)
                return
            if cls == "postcode":
                return
        if cls == "code":
            if (short_code(value) or mixed_code(value)) and (
                twofa_context(low, q)
                or low.endswith(("your ", "my "), 0, q)
                or _YOUR_BRAND.search(text, max(0, q - 60), q)
            ):
                hits.append(Hit(vs, ve, "otp", self.ps.generic(value), 70))
            elif high_entropy(value):
                hits.append(Hit(vs, ve, "secret", self.ps.generic(value), 70))
        elif strict:
            hits.append(Hit(vs, ve, cls, self.ps.generic(value), 70))
        elif cls == "maybe_secret":
            if high_entropy(value) or (_owned_key(low, q, key) and key_like(value)):
                hits.append(Hit(vs, ve, "secret", self.ps.generic(value), 70))
        elif cls in ("name", "maybe_name"):
            self.names.value(text, low, q, key, cls, vs, ve, hits)
        elif cls in ("address", "maybe_address"):
            if cls == "address" or street_name(value):
                self.personal.keyed_address(value, vs, ve, hits)
        elif cls in THING_CLASSES:
            self.numbers.thing(value, vs, ve, cls, hits)
        elif cls in ("dob", "gov_id", "bank_account", "tracking_number"):
            self._id_number(text, key, cls, vs, ve, hits)
        elif ":" in value and key_like(value):  # a login's "user:password" under its user's name (CURL_AUTH_USER)
            hits.append(Hit(vs, ve, "secret", self.ps.generic(value), 70))
        elif (
            not looks_redacted(value)
            and not is_invented_name(value)  # "user login: Zanuna Velmore's": replay's pseudonym of a name
            and value.lower() not in LOGIN_OUTCOMES
            and not _WHEN.fullmatch(value)
            and not CTIME.match(text, vs)
        ):
            hits.append(
                Hit(vs, ve, "username", self.ps.username(value), 45)
            )  # not "Last login: 2024-03-01", "Mon Mar 4"

    def _id_number(self, text: str, key: str, cls: str, vs: int, ve: int, hits: list[Hit]) -> None:
        """A date of birth's or an id number's value, when it has the digits of one."""
        value = text[vs:ve]
        # a date of birth or an id number has digits (an id 4 at least: "dni": 30 is days); 1900-01-01 is
        # what replay wrote
        digits = "".join(c for c in value if c.isdigit())
        if cls != "dob" and digit_pass_names(value, self.on):
            return  # a card's number or an IBAN under "passport"
        if len(value) == 36 and all(c in _HEX_ID for c in value):
            return  # a UUID under "member_id", "patient_id": a database's row, no number a person is given
        if value.isdigit() and text[vs - 1 : vs] != '"' and _ROW_KEYS.search(key) is not None:
            return  # a JSON number under "member_id" (a forum's member, an API's row): an insurer's is a string
        if (shaped := _SHAPED_KEYS.get(normalize(key))) is not None and not shaped(value):
            return  # a page's analytics property under "tracking" ("UA-12345-1"), a product's EAN under "ean"
        if len(digits) >= (1 if cls == "dob" else 4) and not (cls == "dob" and is_dob_pseudonym(value)):
            hits.append(Hit(vs, ve, cls, self.ps.dob(value) if cls == "dob" else self.ps.generic(value), 70))

    def _unclassed(self, text: str, low: str, q: int, r: int, key: str, hits: list[Hit]) -> None:
        """The value under a key of no class: a name's part beside its partner, a record's or a document's number, a
        lone value. A key none of them reads whatever the text is ``_unread``'s: ``at`` skips it at once (a chat
        body's "max_tokens", "role": "user": 14,000 instructions a call, most of them before the class decides)."""
        if key in self._unread:
            return  # read by no branch below whatever the text (``at`` goes on to here for a header of words)
        if self.on["name"] and (partners := NAME_PAIRS.get(key.lower())) and in_object(low, q, partners):
            self.names.part(text, r, hits)
        elif self.on["personal_ids"] and "{" in text[r : r + 8] and (rec := self.numbers.record(key)) is not None:
            if (v := value_start(text, r)) is not None:
                self.numbers.record_number(text, v, rec, hits)
        elif key[:3] in ("doc", "Doc") and self.on["personal_ids"] and normalize(key) in DOCUMENT_NUMBERS:
            if (v := value_start(text, r)) is not None:
                self.numbers.document_number(text, q, v, hits)
        elif key in _LONE_KEYS:
            self._lone_value(text, low, q, r, hits)
        elif self.on["name"] and normalize(key) in ROLE_KEYS:
            self.names.role(text, r, hits)
        elif not (NAME_PAIRS.get(key.lower()) or self.numbers.record(key) or key[:3] in ("doc", "Doc")):
            if len(self._unread) >= _UNREAD_KEPT:
                self._unread.clear()
            self._unread.add(key)  # no branch above can take it in any text: its class and these tests are the key's

    def _said_code(self, text: str, low: str, q: int, r: int, key: str, cls: str) -> tuple[int, int, str] | None:
        """A one-time code said after its name in groups or words (``said_code``); the word before a plain "code"
        must leave it one ("the code", "my code"; not "status code", "error code": ``keys._NOT_SECRET``)."""
        if cls == "code":
            before = low[max(0, q - 24) : q].split()
            if before and self.keys.classify(before[-1] + key) not in ("otp", "code"):
                return None
        got = said_code(text, low, q, r, cls == "otp")
        return None if got is None or looks_redacted(text[got[0] : got[1]]) else got

    def _lone_value(self, text: str, low: str, q: int, r: int, hits: list[Hit]) -> None:
        """A JSON ``"value"`` no sibling names (``{"name": "adafruit integration", "value": "…"}``, a settings
        row's), a lone ``"data"`` or ``"result"`` (``{"success": true, "data": "…"}``): a secret when it looks
        generated. A hash or a UUID there is an object's id, but for a ``"value"`` whose siblings say a credential's
        life (``"expires_at"``, ``"scopes"``, ``"last_used_at"``: an API key's record); under ``"data"`` or
        ``"result"`` a typed id (``"file-…"``) or base64 of a file or text is what a call returned."""
        span = lone_value(text, q, r) if self.on["secret_keys"] else None
        value = text[span[0] : span[1]] if span is not None else ""
        if span is None or not high_entropy(value):
            return
        if text[q] == "v" or text[q] == "V":
            if all(c in _HEX_ID for c in value) and not credential_record(low, q):
                return
        elif all(c in _HEX_ID for c in value) or returned_data(value):
            return
        hits.append(Hit(*span, "secret", self.ps.generic(value), 60))

    def _labelled(self, text: str, vs: int, ve: int, hits: list[Hit]) -> None:
        """The value ``text[vs:ve]`` of an object whose label names a credential, when it is shaped as one."""
        value = text[vs:ve]
        if key_like(value):
            hits.append(Hit(vs, ve, "secret", self.ps.generic(value), 60))

    def _spaced_header(self, text: str, low: str, q: int, r: int, hits: list[Hit]) -> bool:
        """A table's header cell of words ("SIS User ID", "Home Address" in a CSV's first row) that the
        field name at ``q`` is one of: the cells under it are the values the whole header names."""
        cell = header_cell(text, q, r)
        if cell is None or _ASCII_DIGIT.search(text, *cell):  # the cell's characters are ASCII (``header_cell``)
            return False  # "Fetscher Strasse 74, 01307 Dresden": an affiliation's address, no table's header
        if (sep := header_sep(text, *cell)) is None:
            return False
        cls = self.keys.classify(text[cell[0] : cell[1]])
        # a person's name or number: a street's words ("Prescott Street, Boston") are an address's, not a header's
        if (
            cls not in _SPACED_HEADER_CLASSES
            or not self.on["name" if cls in ("name", "maybe_name") else "personal_ids"]
        ):
            return False
        self._column(text, low, cell[0], sep, cls, hits)
        return True

    def _column(self, text: str, low: str, q: int, sep: str, cls: str, hits: list[Hit]) -> None:
        """The cells under a table's header cell at ``q``: each a value of the field the header names."""
        known = cls == "maybe_name" and person_context(low, q) is None
        for cs, ce in cells_under(text, q, sep):
            if not looks_redacted(text[cs:ce]):
                if cls == "address":
                    self.personal.keyed_address(text[cs:ce], cs, ce, hits)
                elif cls in THING_CLASSES:
                    self.numbers.thing(text[cs:ce], cs, ce, cls, hits)  # a fleet's plates, a call record's IMSIs
                elif cls == "gov_id":
                    if any(c.isdigit() for c in text[cs:ce]):  # a fleet's VINs, a payroll's NI numbers
                        hits.append(Hit(cs, ce, cls, shaped_id(self.ps, text[cs:ce]), 70))
                elif cls == "dob":
                    if _DATE.fullmatch(text[cs:ce].strip()):  # a member list's "Geburtsdatum", a patients' table's
                        hits.append(Hit(cs, ce, cls, self.ps.dob(text[cs:ce]), 70))
                else:  # a quoted "Okafor, Chinedu", or a comma table's "Okafor; Chinedu" (an LMS's sortable name)
                    inverted = text[cs - 1 : cs] == '"' or (sep == "," and "; " in text[cs:ce])
                    self.names.name(text, cs, ce, known, cls == "name", hits, inverted=inverted)

    def after_login(self, text: str, end: int, hits: list[Hit]) -> None:
        """The password written right after a login's email that ends at ``end``."""
        m = _AFTER_LOGIN.match(text, end)
        if m is None or not self.on["secret_keys"]:
            return
        value = m.group(1)
        if "." in value.rpartition("@")[2] or looks_redacted(value):
            return  # another email ("a@x.io / b@y.org"), or what replay wrote
        if secret_like(value) and any(c.isalpha() for c in value):
            hits.append(Hit(m.start(1), m.end(1), "password", self.ps.generic(value), 70))

    def _list(self, text: str, v: int, cls: str, hits: list[Hit]) -> None:
        """A flat list of strings under a secret's name (``"backup_codes": ["1210 7921", "8331 2085"]``):
        each string is the secret; a list of its records (``"securityAnswers": [{"questionId": 3, "answer": "…"}]``):
        each one's value; under an address's, each is a line of it (Magento's ``"street": ["Old Rectory",
        "Church Lane"]``, Open Banking's ``"AddressLine"``)."""
        close = text.find("]", v, v + LIST_REACH)
        if close > 0 and "{" in text[v + 1 : close]:  # a list of the secret's records: each one's value, its answer
            for at in listed_values(text, v, _RECORD_VALUES):
                span = value_span(text, at)
                if span is not None and (value := text[span[0] : span[1]]) and not looks_redacted(value):
                    hits.append(Hit(*span, cls, self.ps.generic(value), 70))
            return
        if close < 0 or "[" in text[v + 1 : close]:
            return
        for item in LIST_ITEM.finditer(text, v + 1, close):
            value = item.group(2)
            if cls == "address" and value:
                self.personal.keyed_address(value, item.start(2), item.end(2), hits)
            elif value and not looks_redacted(value) and value.lower() not in SETTINGS:
                hits.append(Hit(item.start(2), item.end(2), cls, self.ps.generic(value), 70))

    def reading_around(self, text: str, low: str, lo: int, hi: int) -> list[int]:
        """Where a ``code`` or bare ``name`` field starts in ``text[lo:hi]`` (``low``: lower-cased), with
        a value after it: the two rules that read the text around a field, up to ``AROUND`` characters
        (``twofa_context``, ``person_context``)."""
        out = []
        n = len(low)
        for cue in ("code", "name"):
            p = low.find(cue, lo, hi)
            while p >= 0:
                q, r = p, p + len(cue)
                while q > 0 and low[q - 1] in IDCH:
                    q -= 1
                while r < n and low[r] in IDCH:
                    r += 1
                if self.keys.classify(text[q:r].strip(".-")) in ("code", "maybe_name") and AFTER_KEY.match(text, r):
                    out.append(q)
                p = low.find(cue, p + 1, hi)
        return out


# The classes of a person's fields whose markup element may hold its text in one child (<DateOfBirth><Date>…</Date>)
_CHILD_CLASSES = frozenset({"name", "address", "dob", "gov_id", "bank_account", "postcode"})
# A point as a list of its two degrees (a latitude and a longitude, in either order)
_POINT = re.compile(r"\[[ \t]*(-?\d{1,3}\.\d+)[ \t]*,[ \t]*(-?\d{1,3}\.\d+)[ \t]*\]")
# The classes whose field may hold its value in an object with the field's label beside it (an HR system's
# attributes: {"label": "Last name", "value": "…"}, a form builder's {"type": "date", "value": "…"})
# A person's classes, whose bare value may be a variable passed on (not a secret's: "password=MyPassword_2024")
_PEOPLE_CLASSES = frozenset({"name", "maybe_name", "username"})
# A key's or a variable's words: snake_case's, kebab-case's, camelCase's
_WORD_BREAK = re.compile(r"[_\-.]+|(?<=[a-z0-9])(?=[A-Z])")


def _owned_key(low: str, q: int, key: str) -> bool:
    """The key at ``q`` is an environment variable's (``keys.ENV_NAME``) or someone's own ("here is my key:"): a
    credential's value needs only its shape there (``tokens.key_like``), not a generated token's length."""
    return ENV_NAME.fullmatch(key) is not None or low.endswith(_OWNERS, max(0, q - 6), q)


def _named_for(key: str, value: str) -> bool:
    """The bare ``value`` is code's variable named for what ``key`` holds, its last word one of the value's
    (``name=customer_name``, ``login=currentLogin``, ``username=username``: a call passing it on; a login,
    "jane_doe", names no key)."""
    words = [w.lower() for w in _WORD_BREAK.split(key.strip("\"'")) if w]
    if not value.isidentifier() or not words:
        return False
    if "_" not in value and value == value.lower():
        return value == "".join(words)  # "username=username"; one other lower-case word is a login's shape too
    return words[-1] in {w.lower() for w in _WORD_BREAK.split(value)}


_LABELLED_CLASSES = frozenset({"name", "maybe_name", "dob", "address", "username", "bank_account", "postcode"})
# Classes of personal ids, and of things a person owns or where they are (``fieldnumbers``)
_ID_CLASSES = frozenset({"dob", "gov_id", "bank_account", "tracking_number"}) | THING_CLASSES

# A table's header cell names the values under it: names and addresses, which no other pass finds alone; a
# person's numbers and things with letters in them, which the digit pass does not read by their column
_COLUMN_CLASSES = frozenset({"name", "maybe_name", "address", "gov_id", "dob"}) | THING_CLASSES
_SPACED_HEADER_CLASSES = frozenset({"name", "maybe_name", "gov_id", "dob"})  # a header of words ("SIS User ID")
