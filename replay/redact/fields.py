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

from replay.redact import nameshapes
from replay.redact.checksums import digit_pass_names
from replay.redact.fieldnumbers import DOCUMENT_NUMBERS, NUMBER_KEYS, RECORD_CLASSES, THING_CLASSES, FieldNumbers
from replay.redact.fieldspans import BARE, phrase_end, value_span
from replay.redact.fieldvalues import (
    LOGIN_OUTCOMES,
    SETTINGS,
    app_password,
    bare_code,
    bare_secret,
    code_value,
    login_name,
    markup_value,
    mixed_code,
    model_output,
    person_context,
    possessive_at,
    returned_data,
    said_code,
    secret_like,
    short_code,
    street_name,
    twofa_context,
)
from replay.redact.filenames import file_name_hits, is_file_name
from replay.redact.firms import brand_word, firm
from replay.redact.hits import Hit
from replay.redact.jsonshapes import (
    AROUND,
    DOCUMENT_KEYS,
    JSON_COLON,
    LIST_REACH,
    NAME_PAIRS,
    WRAPS,
    beside_partner,
    credential_record,
    extension_value,
    in_object,
    inner_value,
    listed_values,
    lone_value,
    pair_value,
    person_object,
    secret_data,
    thing_object,
)
from replay.redact.keyedshapes import SHAPED_CLASSES, shaped_hits
from replay.redact.keys import KEY_CLASSES, STRICT_SECRET_CLASSES, KeyRules, normalize
from replay.redact.mentions import ROLE_NAME_KEYS
from replay.redact.nationalids import shaped_id
from replay.redact.personal import PersonalFinder
from replay.redact.postcodes import keyed_postcode
from replay.redact.pseudonym import (
    Pseudonyms,
    is_dob_pseudonym,
    is_invented_name,
    looks_redacted,
)
from replay.redact.tables import cells_under, header_cell, header_sep
from replay.redact.tokens import high_entropy, placeholder

__all__ = ["AROUND", "FieldFinder"]


# Keys that name nothing, whose string value is a secret when it looks generated: a settings row's "value", an API's
# or a tool's whole answer ("data", "result": a login's token, a generated key)
_LONE_KEYS = frozenset({"value", "Value", "data", "result"})
# The members of a secret's records in a list that hold the secret ("passwords": [{"id": 1, "value": …}])
_RECORD_VALUES = ("value", "Value", "answer", "Answer")
# The keys an insurer's number for one person stands under that APIs also give a database row's number
_ROW_KEYS = re.compile(r"(?i)member|subscriber|beneficiary|patient")
# Names of a person's number that name other things too: their value is one in the number's own shape (a parcel's
# of 8 digits or more; Mexico's RFC: a name's 3-4 letters, a birth date, 3 characters)
_SHAPED_KEYS = {
    "tracking": re.compile(r"[A-Z]{0,4}\d[\dA-Z\- ]{7,40}"),
    "rfc": re.compile(r"[A-ZÑ&]{3,4}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[A-Z\d]{3}"),
}
# The characters of a field name, lower-cased: ASCII, and the letters of Latin, Greek and Cyrillic
# scripts ("contraseña", "straße", "пароль"); CJK prose has no spaces to end a name.
_IDCH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.") | frozenset(
    c for c in map(chr, range(0xC0, 0x530)) if c.isalpha() and c.islower()
)
_CJK_KEY = frozenset(map(chr, (*range(0x3040, 0x3100), *range(0x4E00, 0xA000), *range(0xAC00, 0xD7B0))))
# An ASCII text's identifier characters (``_IDCH``'s, in either case) as "i", every other byte as " ": where
# the field name around a cue starts and ends is then a ``rfind`` and a ``find`` over this map of the text (made
# once, at its first cue), where a loop over the name's characters cost 13,000 instructions a JSON key.
ID_TABLE = bytes(ord("i") if chr(i).isascii() and chr(i).lower() in _IDCH else ord(" ") for i in range(256))
# "is" in the languages of the field names (es, est, ist, è, é, jest, är, er): "mein Passwort ist X".
# A list's or a copy's brackets after the name ("password[]", "token[0]") are the name's, as in a form.
_AFTER_KEY = re.compile(
    r"(?:\[\d{0,3}\])?(\\*[\"']|\])?(?:[ \t]+(?:number|no\.?|date))?[ \t]*"
    r"(?:(:|=>|=)|[ \t]+(is|was|are|es|est|ist|è|é|era|war|jest|är|er|to)[ \t]+|([ \t]+))[ \t]*"
)
# Names after which a password may follow with a space alone ("with password Qr7!dke#39", "and her password
# 'B@nZes94!'"): the value must then look like one (``secret_like``); "password reset" is a remark.
_BARE_KEYS = frozenset(
    {"password", "passwd", "passphrase", "passwort", "contraseña", "contrasena", "senha", "wachtwoord", "hasło"}
)
# After "is" ("my name is …"), these take any value; a secret's must look like one.
_SAID_ANY = frozenset({"name", "maybe_name", "address", "dob", "gov_id", "bank_account", "postcode"})
_MONTH = r"[A-Za-z]{3,9}\.?"
_DATE = re.compile(
    rf"\d{{1,4}}(?:[ /.\-](?:\d{{1,4}}|{_MONTH})){{1,2}}(?!\w)|{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
)
# "Your Acme code is 482913", "Your Uber Eats code: 4821": a service's name between "your" and "code"
# A service's name between a code's word and its value, as a text message writes it: "Your code for Lumen is 482913",
# "your verification code for Acme Bank: 482913"
_FOR_BRAND = re.compile(r"for[ \t]+(?:[A-Z][\w&.'’-]*[ \t]+){0,2}[A-Z][\w&.'’-]*(?:[ \t]+is[ \t]+|[ \t]*:[ \t]*)")
_YOUR_BRAND = re.compile(r"(?<![\w])[Yy]our (?:[A-Z][\w&.'’-]* ){1,3}\Z")


# The opening quote of a JSON key of words before a cue ("Product Name": the cue is "name"), and the
# closing quote after it.
_SPACED_KEY = re.compile(r"[A-Za-z0-9_\-]+(?: [A-Za-z0-9_\-]+){0,4} ")
_QUOTE_AT = re.compile(r"\\*[\"'][ \t]*:")
# The words of a quoted key after its cue, up to the quote that closes it (before a ``:``, or a markup name's ``>``).
_KEY_TAIL = re.compile(r"(?: [A-Za-z0-9_\-]+){0,5}(?=\\*[\"'](?:[ \t]*:|>))")
# A GraphQL argument given a variable (``login(password: $p)``, ``password: $password\n  email: $e``): the variable
# is read under the argument's name in the request's variables (``graphql``), its name here is no secret.
_TYPE_COLON = re.compile(r"[ \t]*:")
# The strings of a flat JSON list (escaped quotes too, in JSON inside a JSON string), within 4 KB.
_LIST_ITEM = re.compile(r'(\\*")((?:[^"\\]|\\[^"]){1,512})\1')
_SCHEMES = frozenset({"bearer", "basic", "token", "digest", "apikey", "api-key", "jwt"})


# A login's password after its email, as leaked logs and combo lists write them ("ana@x.io / W!nter2024",
# "ana@x.io:Hunter2!"): a token with a letter that looks like a password.
_AFTER_LOGIN = re.compile(
    r"(?:[ \t]+/[ \t]*|/[ \t]+|[ \t]*[:|][ \t]*)([^\s\"'<>,;/?&=#]{6,64}?)\.?(?=[\s,;\"'<>)]|\Z)"
)  # a path's "/" has no space beside it ("a@x.io/docs?q=1"), a slash between login and password does


_UNREAD_KEPT = 4096  # keys remembered as read by no rule
_HEX_ID = frozenset("0123456789abcdefABCDEF-")  # a hash's, a UUID's characters: an id, not a secret


def _value_start(text: str, r: int) -> int | None:
    """Where the value after a key ending at ``r`` starts, when a ``:``, ``=`` or ``=>`` comes between."""
    m = _AFTER_KEY.match(text, r)
    return None if m is None or m.group(2) is None else m.end()


class FieldFinder:
    """Hits in the values of telling field names; name and address values go to ``personal``."""

    def __init__(self, ps: Pseudonyms, keys: KeyRules, on: dict[str, bool], personal: PersonalFinder):
        self.ps = ps
        self.keys = keys
        self.on = on
        self.personal = personal
        self.numbers = FieldNumbers(ps, keys, on)
        self._read_name: tuple[str, int, int, int] = ("", 0, 0, 0)  # the last name read past ASCII: its text, cue, ends
        self._unread: set[str] = set()  # keys of no class that no rule of ``_unclassed`` reads (a bounded number)

    def at(self, text: str, low: str, p: int, hits: list[Hit], seen: set[int], ids: bytes | None = None) -> None:
        """``password=…``, ``"token": "…"``, ``my password is …``: the value of a telling field name (``ids``:
        an ASCII text's UTF-8 through ``ID_TABLE``)."""
        n = len(text)
        if ids is not None:
            q = ids.rfind(b" ", 0, p) + 1
            while q < p and possessive_at(low, q):
                q = ids.rfind(b" ", 0, q - 1) + 1
            r = ids.find(b" ", p)
            r = n if r < 0 else r
        else:
            q, r = self._name_ends(low, p)
        # words after the name ("Date of Birth") start with a space: after a quote, the tail is empty and
        # counts only after a space before the name (" name": a markup attribute's), the usual JSON key's not
        nxt = text[r : r + 1]
        spaced = q and text[q - 1] == " "
        tail = _KEY_TAIL.match(text, r) if nxt == " " or (spaced and nxt in ('"', "'", "\\")) else None
        if tail is not None and (tail.end() > r or spaced):
            # a quoted key of words ("Product Name", "Date of Birth", "family name female", a markup name="…"):
            # the whole key decides
            oq = max(text.rfind('"', max(0, q - 40), q), text.rfind("'", max(0, q - 40), q))
            if oq >= 0 and (oq + 1 == q or _SPACED_KEY.fullmatch(text, oq + 1, q)):
                q, r = oq + 1, tail.end()
        if q in seen:
            return
        seen.add(q)
        if q and text[q - 1] == "$" and _TYPE_COLON.match(text, r):
            return  # a GraphQL variable's declaration (mutation($password: String!)): its value is a type
        key = text[q:r].strip(".-")
        if key in self._unread and nxt != " " and not spaced:
            return  # no rule reads a value under it (``_unclassed``), and no header of words holds it
        cls = self.keys.classify(key)
        if (nxt == " " or spaced) and self._spaced_header(text, low, q, r, hits):
            return
        if cls in SHAPED_CLASSES and (shaped := shaped_hits(text, key, cls, r, self.ps)):
            hits.extend(shaped)  # a contact's hash under its field's name (an ad beacon's "em"), a wallet's key
            return
        if cls == "file_name" and self.on["name"] and (v := _value_start(text, r)) and (s := value_span(text, v)):
            hits.extend(file_name_hits(text, s[0], s[1], self.ps))  # a person's name in an upload's file name
            return
        if cls is None:
            self._unclassed(text, low, q, r, key, hits)
            return
        if key == "Secret" and (spans := secret_data(text, q)) is not None and self.keys.by_name(key):
            for vs, ve in spans:  # a Kubernetes Secret: every value of its data is one
                if not looks_redacted(text[vs:ve]):
                    hits.append(Hit(vs, ve, "secret", self.ps.generic(text[vs:ve]), 70))
            return
        strict = cls in STRICT_SECRET_CLASSES
        if strict or cls in ("maybe_secret", "code"):
            if not self.keys.by_name(key):
                return
        elif cls in ("name", "maybe_name"):
            if not self.on["name"]:
                return
        elif cls in ("address", "maybe_address", "postcode"):
            if not self.on["address"]:
                return
        elif cls in _ID_CLASSES:
            if not (self.on["personal_ids"] or (cls == "device_id" and self.on["mac"])):
                return  # a MAC address under its name is the one device's number the mac detector reads
        elif cls != "username" or not self.keys.by_name(key):
            return
        if cls in ("otp", "code") and (coded := self._said_code(text, low, q, r, key, cls)) is not None:
            hits.append(Hit(coded[0], coded[1], "otp", coded[2], 70))
            return
        said = False
        span = markup_value(text, q, r, cls in _CHILD_CLASSES)
        if span is None:
            m = _AFTER_KEY.match(text, r)
            v = (pair_value(text, q, r) or extension_value(text, q, r)) if m is None else None
            # a header cell: its separator right after it, or after spaces ("| Plate | Name |", a markdown table)
            if v is None and (m is None or m.end() >= n or m.group(4) is not None):
                if cls in _COLUMN_CLASSES and (sep := header_sep(text, q, r)):
                    self._column(text, low, q, sep, cls, hits)
                    return
                if m is None or m.end() >= n:
                    return
            if v is None:
                said = m.group(3) is not None  # "password is X"
                if m.group(3) == "to" and not strict:
                    return  # "reset the password to X" sets a secret; "change the name to X" names a thing
                brand = None
                if m.group(4) is not None and cls in ("code", "otp"):
                    brand = _FOR_BRAND.match(text, m.end())  # "your code for Lumen is 482913"
                if m.group(4) is not None and brand is None:  # "password X", "otp 482913"
                    bare = key.lower() in _BARE_KEYS or bare_code(text, low, q, cls, m.end())
                    if m.group(1) is not None or not (bare or bare_secret(text, low, q, key, cls, m.end(), self.keys)):
                        return  # name="password" placeholder=...: a quoted name is markup's or a key's
                    said = True
                v = m.end() if brand is None else brand.end()
                said = said or brand is not None
            first = text[v : v + 1]  # "" at the text's end (``value_span`` finds nothing there)
            if (strict or cls == "address") and not said and first == "[":
                self._list(text, v, cls, hits)
                return
            if cls == "maybe_geo" and not said and first == "[":
                # "position": [51.507351, -0.127758], Strava's "start_latlng"; not GeoJSON's "coordinates", a
                # geometry's (a feature's: a store, a city), which the labelled sets keep
                if key.lower() != "coordinates" and (pair := _POINT.match(text, v)) is not None:
                    for k in (1, 2):
                        self.numbers.thing(pair.group(k), pair.start(k), pair.end(k), cls, hits)
                return
            if cls == "name" and not said and first == "[":
                self._name_part(text, r, hits)  # NDC's "GivenName": ["Wolfgang", "Amadeus"]: each one a name
                return
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
            if span is None:
                return
        vs, ve = span
        if cls in ("name", "maybe_name", "address") and text[vs - 1 : vs] not in ('"', "'"):
            ve = phrase_end(text, vs, ve, cls == "address")
        elif cls == "dob" and (date := _DATE.match(text, vs)) is not None:
            ve = max(ve, date.end())  # "4 April 1987", "April 4, 1987": a date runs past its spaces
        app = cls == "password" and app_password(text, vs)
        if app:
            ve = vs + 19  # "app password abcd efgh ijkl mnop": Google's app passwords are four groups of four
        value = text[vs:ve]
        if strict and value.lower() in _SCHEMES:  # "Authorization: Bearer abc"
            nxt = BARE.match(text, ve + 1) if text[ve : ve + 1] == " " else None
            if nxt is None:
                return
            vs, ve = nxt.span()
            value = text[vs:ve]
        if not value or looks_redacted(value) or value.strip("*•x") == "" or value.lower() in SETTINGS:
            return
        if cls in KEY_CLASSES and placeholder(value.strip("\"'")):  # API_KEY="glc_1111…", token = "xxxx.atlasv1.xxxx…"
            return
        if text[vs - 1 : vs] not in ('"', "'") and code_value(text, vs, ve, cls == "username"):
            return  # code: this.credentials=t.credentials, withCredentials=!0, .fa-user-secret:before{, login(pw: $p)
        if said and not (cls in _SAID_ANY or secret_like(value) or short_code(value) or app):
            return
        if model_output(text, key, q, ve):
            return
        if said and cls == "address" and not (value[:1].isupper() or value[:1].isdigit()):
            return  # "the address is wrong", "the street is closed": a remark, not an address
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
            if high_entropy(value):
                hits.append(Hit(vs, ve, "secret", self.ps.generic(value), 70))
        elif cls in ("name", "maybe_name"):
            if is_file_name(value):  # a file's "name" (Drive's, Dropbox's): the person's name among its words
                hits.extend(file_name_hits(text, vs, ve, self.ps))
                return
            if cls == "maybe_name" and thing_object(low, q):
                return  # a job's, a stage's, a department's "name"
            beside = person_context(low, q, (vs, ve)) if cls == "maybe_name" else None
            # a bare name in a person's object ("from": {"name": …}: a message's sender) may be a rare one
            owned = cls == "maybe_name" and beside is None and person_object(low, q)
            known = cls == "maybe_name" and beside is None and not owned
            # a role's ("dasher_name": "Fenwick") takes a rare name, not every value ("reviewer_name": "CodeRabbit")
            role = normalize(key) in ROLE_NAME_KEYS
            strict = (cls == "name" and not role) or beside == "surname"
            if beside == "person" and login_name(value):
                # a person's object names them by their login ({"name": "mbrightwater", "email": …}: a git push's
                # pusher, a chat's member): a handle's, which no name's shape takes
                hits.append(Hit(vs, ve, "username", self.ps.username(value), 45))
                return
            # a person's name field may hold "Surname, Given" (Canvas's sortable_name, ADP's formattedName)
            inverted = cls == "name" and text[vs - 1 : vs] == '"'
            self._name(text, vs, ve, known, strict, hits, beside == "person" or role, inverted)
        elif cls in ("address", "maybe_address"):
            if cls == "address" or street_name(value):
                self.personal.keyed_address(value, vs, ve, hits)
        elif cls == "postcode":
            if (hit := keyed_postcode(text, vs, ve)) is not None:
                hits.append(hit)
        elif cls in THING_CLASSES:
            self.numbers.thing(value, vs, ve, cls, hits)
        elif cls in ("dob", "gov_id", "bank_account", "tracking_number"):
            # a date of birth or an id number has digits (an id 4 at least: "dni": 30 is days); 1900-01-01 is
            # what replay wrote
            digits = "".join(c for c in value if c.isdigit())
            if cls != "dob" and digit_pass_names(value, self.on):
                return  # a card's number or an IBAN under "passport"
            if len(value) == 36 and all(c in _HEX_ID for c in value):
                return  # a UUID under "member_id", "patient_id": a database's row, no number a person is given
            if value.isdigit() and text[vs - 1 : vs] != '"' and _ROW_KEYS.search(key) is not None:
                return  # a JSON number under "member_id" (a forum's member, an API's row): an insurer's is a string
            if (shape := _SHAPED_KEYS.get(key.lower())) is not None and not shape.fullmatch(value):
                return  # a page's analytics property under "tracking" ("UA-12345-1"), an RFC's number under "rfc"
            if len(digits) >= (1 if cls == "dob" else 4) and not (cls == "dob" and is_dob_pseudonym(value)):
                hits.append(Hit(vs, ve, cls, self.ps.dob(value) if cls == "dob" else self.ps.generic(value), 70))
        elif not value.startswith("user-") and value.lower() not in LOGIN_OUTCOMES:
            hits.append(Hit(vs, ve, "username", self.ps.username(value), 45))

    def _unclassed(self, text: str, low: str, q: int, r: int, key: str, hits: list[Hit]) -> None:
        """The value under a key of no class: a name's part beside its partner, a record's or a document's number, a
        lone value. A key none of them reads whatever the text is ``_unread``'s: ``at`` skips it at once (a chat
        body's "max_tokens", "role": "user": 14,000 instructions a call, most of them before the class decides)."""
        if self.on["name"] and beside_partner(key, lambda partner: in_object(low, q, partner)):
            self._name_part(text, r, hits)
        elif self.on["personal_ids"] and "{" in text[r : r + 8] and (rec := self.numbers.record(key)) is not None:
            if (v := _value_start(text, r)) is not None:
                self.numbers.record_number(text, v, rec, hits)
        elif key[:3] in ("doc", "Doc") and self.on["personal_ids"] and normalize(key) in DOCUMENT_NUMBERS:
            if (v := _value_start(text, r)) is not None:
                self.numbers.document_number(text, q, v, hits)
        elif key in _LONE_KEYS:
            self._lone_value(text, low, q, r, hits)
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

    def _name_part(self, text: str, r: int, hits: list[Hit]) -> None:
        """The JSON value after a name part's key: a capitalised name, or a flat list of them (FHIR's given)."""
        m = JSON_COLON.match(text, r)
        if m is None:
            return
        v = m.end()
        close = text.find("]", v, v + LIST_REACH) if text[v : v + 1] == "[" else -1
        items = _LIST_ITEM.finditer(text, v + 1, close) if close > 0 else [_LIST_ITEM.match(text, v)]
        for item in items:
            value = item.group(2) if item is not None else ""
            if value[:1].isupper() and nameshapes.looks_like_person(value, False, True) and not is_invented_name(value):
                hits.append(Hit(item.start(2), item.end(2), "name", self.ps.name(value), 45))

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

    def _name_ends(self, low: str, p: int) -> tuple[int, int]:
        """Where the field name holding the cue at ``low[p]`` starts and ends, in a text past ASCII. A cue inside the
        last one read has its ends: read from each, a run of many cues ("contraseña" repeated) was quadratic in its
        length (32 KB: 8 s). Not past a possessive at the last cue, which a walk from a later one steps over."""
        last, last_p, q, r = self._read_name
        if last is low and last_p < p < r and not possessive_at(low, last_p):
            return q, r
        chars = _IDCH if low[p] in _IDCH else _CJK_KEY  # a CJK key's cue ("氏名") reads a run of CJK: a JSON key's
        q = p
        while q > 0 and low[q - 1] in chars:
            q -= 1
            if possessive_at(low, q):
                q -= 1
        r = p
        while r < len(low) and low[r] in chars:
            r += 1
        self._read_name = (low, p, q, r)
        return q, r

    def _spaced_header(self, text: str, low: str, q: int, r: int, hits: list[Hit]) -> bool:
        """A table's header cell of words ("SIS User ID", "Home Address" in a CSV's first row) that the
        field name at ``q`` is one of: the cells under it are the values the whole header names."""
        cell = header_cell(text, q, r)
        if cell is None or any(c.isdigit() for c in text[cell[0] : cell[1]]):
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
                    self._name(text, cs, ce, known, cls == "name", hits, inverted=inverted)

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
        for item in _LIST_ITEM.finditer(text, v + 1, close):
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
                while q > 0 and low[q - 1] in _IDCH:
                    q -= 1
                while r < n and low[r] in _IDCH:
                    r += 1
                if self.keys.classify(text[q:r].strip(".-")) in ("code", "maybe_name") and _AFTER_KEY.match(text, r):
                    out.append(q)
                p = low.find(cue, p + 1, hi)
        return out

    def _name(
        self,
        text: str,
        vs: int,
        ve: int,
        known: bool,
        strict: bool,
        hits: list[Hit],
        form: bool = False,
        inverted: bool = False,
    ) -> None:
        """A name field's value, when it looks like a person's (``form``: a bare name beside a person's other
        fields, which may be a rare one); a bare one may be "Surname, Given", and a table's quoted cell
        (``inverted``) is read in that order too."""
        value = text[vs:ve]
        if (cut := value.find(" (")) > 0 and value.endswith(")"):
            ve = vs + cut  # "Bartholomew Quaile (Quaile & Partners LLP)": a person and their firm or role after
            value = value[:cut]
        sur, comma, given = value.partition(", " if "; " not in value else "; ")
        # a quoted "Okafor, Chinedu", a comma table's "Okafor; Chinedu"
        if inverted and comma and "," not in given and ";" not in given:
            value = f"{given} {sur}"
        if not strict and " " not in value and brand_word(value):
            return  # a bot's or a service's ("reporter_name": "Sentry"); a first_name field's is a person's
        if not (nameshapes.looks_like_person(value, known, strict) or (form and self.personal.form_name(value))):
            return
        if is_invented_name(value) or firm(text, vs, ve):
            return  # a firm's name under "name" ("Weber GmbH") is no person's
        if text[vs - 1 : vs] not in ('"', "'"):
            ve = nameshapes.inverted_end(text, ve)  # "Name: GARCIA, Maria"
        hits.append(Hit(vs, ve, "name", self.ps.name(text[vs:ve]), 45))


# The classes of a person's fields whose markup element may hold its text in one child (<DateOfBirth><Date>…</Date>)
_CHILD_CLASSES = frozenset({"name", "address", "dob", "gov_id", "bank_account", "postcode"})
# A point as a list of its two degrees (a latitude and a longitude, in either order)
_POINT = re.compile(r"\[[ \t]*(-?\d{1,3}\.\d+)[ \t]*,[ \t]*(-?\d{1,3}\.\d+)[ \t]*\]")
# Classes of personal ids, and of things a person owns or where they are (``fieldnumbers``)
# The classes whose field may hold its value in an object with the field's label beside it (an HR system's
# attributes: {"label": "Last name", "value": "…"}, a form builder's {"type": "date", "value": "…"})
_LABELLED_CLASSES = frozenset({"name", "maybe_name", "dob", "address", "username", "bank_account", "postcode"})
_ID_CLASSES = frozenset({"dob", "gov_id", "bank_account", "tracking_number"}) | THING_CLASSES

# A table's header cell names the values under it: names and addresses, which no other pass finds alone; a
# person's numbers and things with letters in them, which the digit pass does not read by their column
_COLUMN_CLASSES = frozenset({"name", "maybe_name", "address", "gov_id", "dob"}) | THING_CLASSES
_SPACED_HEADER_CLASSES = frozenset({"name", "maybe_name", "gov_id", "dob"})  # a header of words ("SIS User ID")
