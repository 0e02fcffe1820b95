"""The JSON shapes a field's value sits in, beside its name's ``:``: a name/value pair's object (``{"name":
"STRIPE_API_KEY", "value": "…"}``), an object holding the value (``"password": {"value": "…"}``), and name parts
that say a person's name only by the pair they come in (``{"family": …, "given": […]}``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

__all__ = [
    "AROUND",
    "DOCUMENT_KEYS",
    "JSON_COLON",
    "LIST_REACH",
    "NAME_PAIRS",
    "WRAPS",
    "beside_partner",
    "credential_record",
    "extension_value",
    "identity_document",
    "in_object",
    "inner_value",
    "labelled_value",
    "listed_values",
    "lone_value",
    "pair_value",
    "person_object",
    "secret_data",
    "thing_named",
    "thing_object",
]

AROUND = 300  # the farthest a field's rule reads around it: a bare "name"'s object, up to 300 characters
LIST_REACH = 4096  # the farthest a value's list or object is read

# A JSON object's tokens: a string (a key when a ``:`` follows), a bracket; in JSON held in a JSON string too, its
# quotes escaped (a tool's result: {\"data\": …}), where an escaped quote ends a string.
_JSON_TOKEN = re.compile(r'\\*"((?:[^"\\]|\\[^"]){0,512})\\*"(\s*:\s*)?|[{}\[\]]')


# A name/value pair's object: the field's name is the value of its "name" (Kubernetes' env, a HAR's headers and
# params, AWS tags, Postman variables, SSM's parameter path "/prod/db/password") or its "type" ({"type": "api_key",
# "value": …}), a patch operation's "path" (SCIM's {"op": "replace", "path": "name.familyName", "value": …}, JSON
# Patch's "/name/familyName"), a form or a template's merge field's name (Adobe Sign's {"fieldName": …,
# "defaultValue": …}), a document parser's entity (Google Document AI's {"type": "family_name", "mentionText": …}), and
# the value follows as its "value", "data" or "mentionText", after up to three scalar siblings ("Type":
# "SecureString", "sensitive": true).
_PAIR_NAME = re.compile(
    r'\\*"(?:name|key|Name|Key|NAME|KEY|variable|header|field|label|param|parameter|type|Type|kind|Kind|path|fieldName'
    r'|field_name|attributeName)\\*"'
    r'[ \t]*:[ \t]*\\*"\Z'
)
_PATH = re.compile(r"[\w.:/-]*/\Z")  # a parameter's path before its last part ("/prod/db/", "arn:…:parameter/app/")
_SIBLING = r'[ \t]*,[ \t]*\\*"[\w-]{1,40}\\*"[ \t]*:[ \t]*(?:\\*"[^"\\\n]{0,200}\\*"|[\w.+-]{1,40})'
_PAIR_VALUE = re.compile(
    rf'\\*"(?:{_SIBLING}){{0,3}}[ \t]*,[ \t]*\\*"(?:value|Value|VALUE|val|default|defaultValue|data|Data'
    r'|mentionText)\\*"[ \t]*:[ \t]*'
)


# The same pair with both keys named for what they pair ({"idType": "PASSPORT", "idValue": …}, "identifier_type" and
# "identifier_value", "contactKind" and "contactValue"): the prefix before "type" and before "value" is one, whatever
# it is; a different one ({"paymentType": …, "orderValue": …}) names two fields, no pair.
_PREFIXED_NAME = re.compile(r'\\*"([A-Za-z]{2,30}?)[_-]?(?:type|Type|TYPE|kind|Kind|KIND)\\*"[ \t]*:[ \t]*\\*"\Z')
_PREFIXED_VALUE = re.compile(
    rf'\\*"(?:{_SIBLING}){{0,3}}[ \t]*,[ \t]*\\*"([A-Za-z]{{2,30}}?)[_-]?(?:value|Value|VALUE)\\*"[ \t]*:[ \t]*'
)


def pair_value(text: str, q: int, r: int) -> int | None:
    """Where the value starts of the name/value pair whose name is ``text[q:r]`` (``{"name": "STRIPE_API_KEY",
    "value": "…"}``, ``{"Key": "db_password", "Value": "…"}``, ``{"Name": "/prod/db/password", "Type":
    "SecureString", "Value": "…"}``, ``{"idType": "PASSPORT", "idValue": "…"}``), or None."""
    m = _PAIR_VALUE.match(text, r)
    if m is None:
        return _prefixed_value(text, q, r)
    if q and text[q - 1] == "/" and (path := _PATH.search(text, max(0, q - 120), q)) is not None:
        q = path.start()
    if _PAIR_NAME.search(text, max(0, q - 24), q) is None:
        return None
    return m.end()


def _prefixed_value(text: str, q: int, r: int) -> int | None:
    """Where the value of a pair of prefixed keys starts (``_PREFIXED_NAME``: ``{"idType": "PASSPORT", "idValue":
    "…"}``), or None."""
    m = _PREFIXED_VALUE.match(text, r)
    if m is None:
        return None
    name = _PREFIXED_NAME.search(text, max(0, q - 48), q)
    return m.end() if name is not None and name.group(1).lower() == m.group(1).lower() else None


# A FHIR extension: the field's name is its "url"'s last part, its value its value[x] ({"url": "http://hl7.org/fhir/
# StructureDefinition/patient-birthTime", "valueDateTime": …}); a "url" before a plain "value" or "data" is a link's.
_EXT_URL = re.compile(r'\\*"url\\*"[ \t]*:[ \t]*\\*"[\w.:/-]{0,160}/\Z')
_EXT_VALUE = re.compile(rf'\\*"(?:{_SIBLING}){{0,3}}[ \t]*,[ \t]*\\*"value[A-Z][A-Za-z]{{1,24}}\\*"[ \t]*:[ \t]*')


def extension_value(text: str, q: int, r: int) -> int | None:
    """Where the value starts of the FHIR extension whose url ends in the name ``text[q:r]``, or None."""
    if q and text[q - 1] == "/" and (m := _EXT_VALUE.match(text, r)) and _EXT_URL.search(text, max(0, q - 180), q):
        return m.end()
    return None


# A pair's name that is an identifier ("RECAPTCHA_SITE_KEY", "LOG_LEVEL"), before its "value": the name's rule
# decides the value, not its shape; a label ("adobe integration") says nothing.
_NAMED_BY = re.compile(
    r'\\*"(?:name|key|Name|Key|NAME|KEY|variable|param|parameter)\\*"[ \t]*:[ \t]*\\*"[\w.:/-]{1,128}\\*"'
    rf"(?:{_SIBLING}){{0,3}}[ \t]*,[ \t]*\\*\"\Z"
)


def lone_value(text: str, q: int, r: int) -> tuple[int, int] | None:
    """The span of the string of 20 to 512 characters that the ``"value"`` key at ``text[q:r]`` holds, when no
    identifier names its pair: ``{"name": "adafruit integration", "value": …}``, ``{"value": …}``, not
    ``{"name": "LOG_LEVEL", "value": …}`` (the pair's name says what the value is, if anything)."""
    m = JSON_COLON.match(text, r)
    s = _STRING.match(text, m.end()) if m is not None else None
    if s is None or _NAMED_BY.search(text, max(0, q - 512), q) is not None:
        return None
    return s.span(2)


# Name parts by the pair they come in: FHIR's HumanName ({"family": "Whitfield", "given": ["Jane"]}), {"first":
# "Jane", "last": "Whitfield"}; either key alone says nothing ("family": "typical", "first": 1, "font": {"family"}).
# A name's parts by the pair they come in; an ad beacon's user data abbreviates them (Meta's "ud[fn]", "ud[ln]"), the
# travel rule's data names them by their rank ({"primaryIdentifier": "Castellanos", "secondaryIdentifier": "Itzel"}).
# A short part's key pairs with its own short partner and with any full field name of the other part (a records
# search's "given=…&surname=…", a directory's "first=…&lastname=…"): one name split over two fields. Two short keys of
# different pairs say nothing ("family=Roboto&first=10": a font's family, a page's first item).
_GIVEN = ("given_name", "givenname", "first_name", "firstname", "forename", "vorname", "prenom")
_FAMILY = ("surname", "family_name", "familyname", "last_name", "lastname", "nachname")
NAME_PAIRS: dict[str, tuple[str, ...]] = {
    "given": ("family", *_FAMILY), "first": ("last", *_FAMILY), "fn": ("ln", *_FAMILY),
    "family": ("given", *_GIVEN), "last": ("first", *_GIVEN), "ln": ("fn", *_GIVEN), "middle": ("first",),
    # the travel rule's IVMS 101 (a crypto transfer's originator and beneficiary): a surname, then the given names
    "primaryidentifier": ("secondaryidentifier",), "secondaryidentifier": ("primaryidentifier",),
    # a given name beside its surname in Turkish ({"ad": "Mehmet", "soyad": "Öztürk"}: alone, "ad" is an advert's),
    # Croatian and Serbian, Romanian (whose "nume" is the surname)
    "ad": ("soyad",), "adı": ("soyadı",), "adi": ("soyadi",), "isim": ("soyisim",), "ime": ("prezime",),
    "nume": ("prenume",),
}  # fmt: skip
JSON_COLON = re.compile(r'\\*"[ \t]*:[ \t]*')


def beside_partner(key: str, has: Callable[[str], bool]) -> bool:
    """``key`` is a name's part (``NAME_PAIRS``) and ``has`` finds a field of its partner's beside it."""
    return any(has(partner) for partner in NAME_PAIRS.get(key.lower(), ()))


def in_object(low: str, q: int, keys: tuple[str, ...]) -> bool:
    """One of ``keys`` is a key of the JSON object holding the field at ``q`` (or of one in a JSON string), as far
    as ``AROUND`` reaches. The object is found once for them all: a name's part has up to a dozen partners."""
    start = low.rfind("{", max(0, q - AROUND), q)
    if start < 0:
        return False
    end = low.find("}", q, q + AROUND)
    window = low[start : end if end >= 0 else q + AROUND]
    return any(needle in window for needle in _quoted(keys))


@lru_cache(maxsize=256)
def _quoted(keys: tuple[str, ...]) -> tuple[str, ...]:
    """``keys`` as a JSON text quotes them: in a body (``"family"``), and in a JSON string in one (``"family\\"``)."""
    return tuple(q for key in keys for q in (f'"{key}"', f'"{key}\\"'))


# The key a JSON object stands under, read back from its opening brace ("current_stage": {, "jobs": [{), and the
# things whose "name" is a thing's, never a person's: an ATS's job, stage, department (Greenhouse, Lever), a
# catalogue's, a school's, an organisation's parts
_OWNER = re.compile(r'\\*"([a-z][a-z_]{1,40})\\*"[ \t]*:[ \t]*\[?[ \t\n]*\Z')
_THINGS = frozenset(
    (
        *("job", "stage", "department", "dept", "team", "office", "posting", "role", "position", "title", "source"),
        *("tag", "label", "category", "status", "product", "item", "project", "plan", "course", "section", "program"),
        *("event", "channel", "workspace", "group", "pipeline", "board", "folder", "file", "model", "tool", "skill"),
        *("function", "location", "venue", "building", "room", "company", "organization", "organisation", "org"),
        *("brand", "store", "shop", "school", "university", "college", "hospital", "clinic", "facility", "service"),
        *("requisition", "opening", "division", "unit", "branch", "region", "country", "city", "currency"),
        # the software of an error's or an analytics event's context (Sentry's "contexts", Segment's "context")
        *("os", "browser", "runtime", "app", "sdk", "library", "framework"),
        # a smart home's parts (SmartThings', Nest's, Home Assistant's): "devices": [{"name": "Echo Dot"}]
        *("device", "home", "structure", "camera", "sensor", "thermostat", "hub", "zone", "scene", "automation"),
        # a system's parts, a work's, an animal's, said in prose ("the bucket name is Prod Assets", "my dog's name")
        *("bucket", "repo", "repository", "database", "cluster", "bot", "package"),
        *("business", "band", "song", "album", "book", "movie", "film", "game", "ship", "boat", "pet", "dog", "cat"),
        *("horse", "puppy", "kitten"),
    )
)


# The keys only a thing sold has beside its "name": a catalogue's product, an order's line item, a variant ("sku",
# "regular_price", "barcode"), or a Stripe object's type; a person's record (a passenger's) may have a "price"
_SOLD_SIBLINGS = re.compile(
    r'\\*"(?:sku|barcode|upc|gtin|ean|(?:regular|sale|unit|compare_at)_?price|unit_?amount|stock_?status|variant_?id)'
    r'\\*"[ \t]*:|\\*"object\\*"[ \t]*:[ \t]*\\*"(?:product|price|plan|sku)\\*"'
)


def thing_object(low: str, q: int) -> bool:
    """The JSON object holding the field at ``q`` stands under a key naming a thing, not a person
    (``"jobs": [{"id": 88, "name": "Senior Product Designer"}]``, ``"current_stage": {"name": "Phone Screen"}``), or
    has a thing sold's keys (``{"name": "Grace Hoodie", "sku": "GR-2"}``: ``_SOLD_SIBLINGS``)."""
    start = low.rfind("{", max(0, q - AROUND), q)
    if start < 0 or "}" in low[start:q]:
        return False
    end = low.find("}", q, q + AROUND)
    if _SOLD_SIBLINGS.search(low, start, end if end >= 0 else q + AROUND) is not None:
        return True
    word = _owner_word(low, start)
    return word is not None and (word in _THINGS or (word.endswith("s") and word[:-1] in _THINGS))


# The word before a field's name in prose, a possessive's too ("the project name is", "my dog's name is")
_SAID_OWNER = re.compile(r"(?<![\w\-])([a-z]+)(?:['’]s?)?[ \t]+\Z")


def thing_named(low: str, q: int) -> bool:
    """The word before the field name at ``q`` names a thing, not a person ("The project name is Apollo Lunar", "my
    dog's name is Rex"; not "my legal name is", "the customer's name is")."""
    m = _SAID_OWNER.search(low, max(0, q - 24), q)
    word = None if m is None else m.group(1)
    return word is not None and (word in _THINGS or (word.endswith("s") and word[:-1] in _THINGS))


def _owner_word(low: str, start: int) -> str | None:
    """The last word of the key the JSON object opening at ``start`` stands under (``"current_stage": {``, a list's
    item's ``"jobs": [{``), or None."""
    before = low[max(0, start - 60) : start]
    if before.rstrip().endswith(","):  # a list's later item: the key is before the list's bracket
        bracket = low.rfind("[", max(0, start - AROUND), start)
        if bracket < 0 or "]" in low[bracket:start]:
            return None
        before = low[max(0, bracket - 60) : bracket + 1]
    m = _OWNER.search(before)
    return None if m is None else m.group(1).rpartition("_")[2]


# The keys whose object is a person, by the part they play in a message, a ticket, an event (Bot Framework's
# "from" and a mention's "mentioned", a chat's "sender", an issue's "reporter"): its bare "name" is that person's
_PERSONS = frozenset(
    (
        *("from", "sender", "author", "creator", "createdby", "owner", "assignee", "reporter", "requester"),
        *("attendee", "participant", "member", "mentioned", "speaker"),
    )
)


def person_object(low: str, q: int) -> bool:
    """The JSON object holding the field at ``q`` stands under a key naming a person's part (``"from": {"id": …,
    "name": "Fenella Whitcombe"}``): a bare "name" in it is a person's, a rare one too."""
    start = low.rfind("{", max(0, q - AROUND), q)
    if start < 0 or "}" in low[start:q]:
        return False
    word = _owner_word(low, start)
    return word is not None and (word in _PERSONS or (word.endswith("s") and word[:-1] in _PERSONS))


# A credential's object told by its label ({"name": "adobe integration", "text": "…"}, {"name": "Stripe API key",
# "value": "…"}): the label's words say what the value is, which then needs only a credential's shape
# (``tokens.key_like``); a label of other words ("Dark mode") says nothing, an identifier ("STRIPE_API_KEY") is a
# name whose own rule reads the value.
_CREDENTIAL_LABEL = re.compile(
    r'\\*"[ \t]*:[ \t]*\\*"([^"\\\n]{0,60}?(?<![A-Za-z])(?:integration|connector|credentials?|api|auth|tokens?|keys?'
    r'|secrets?|passwords?|passphrase|login)(?![A-Za-z])[^"\\\n]{0,60})\\*"',
    re.I,
)
# the credential's member in the label's object: a string of no spaces, its own escaped quotes in it ("\":pass\"")
_LABELLED = re.compile(
    r'\\*"(?:value|Value|text|Text|secret|Secret)\\*"[ \t]*:[ \t]*(\\*")((?:[^"\\\s]|\\.){1,512}?)\1[ \t]*[,}]'
)


def labelled_value(text: str, low: str, q: int, r: int) -> tuple[int, int] | None:
    """The span of the ``"value"`` or ``"text"`` of the flat object whose label, the string of the ``"name"`` at
    ``text[q:r]``, names a credential (``_CREDENTIAL_LABEL``), before the label or after it; None otherwise."""
    label = _CREDENTIAL_LABEL.match(text, r)
    if label is None or " " not in label.group(1):
        return None  # an identifier ("RECAPTCHA_SITE_KEY") is a name its own rule reads (``pair_value``), no label
    start = low.rfind("{", max(0, q - AROUND), q)
    end = low.find("}", r, r + AROUND)
    if start < 0 or end < 0 or "}" in low[start:q] or "{" in low[r:end]:
        return None
    m = _LABELLED.search(text, start, end + 1)
    if m is None:
        return None
    vs, ve = m.span(2)
    while text.startswith('\\"', vs) and vs + 2 < ve:  # the value's own quotes, escaped
        vs += 2
    while text.endswith('\\"', vs, ve) and ve - 2 > vs:
        ve -= 2
    return vs, ve


# A credential's record beside its value: when it expires, what it may do, when it was last used or revoked (an API
# key's, a token's: {"name": "CI deploy", "value": "<32 hex>", "expires_at": …}); a hash's or an ETag's has none.
_CREDENTIAL_SIBLINGS = re.compile(r'\\*"(?:expir|scope|permission|last_?used|revoked)', re.I)


def credential_record(low: str, q: int) -> bool:
    """The JSON object holding the member at ``q`` (as far as ``AROUND`` reaches) has a credential's record's
    keys: its value is the credential, whatever its shape."""
    start = low.rfind("{", max(0, q - AROUND), q)
    end = low.find("}", q, q + AROUND)
    return start >= 0 and _CREDENTIAL_SIBLINGS.search(low, start, end if end >= 0 else q + AROUND) is not None


# The keys of an identity document's object that hold its number
DOCUMENT_KEYS = ("number", "no", "num", "nr", "value", "id", "ID", "Number", "Value")  # Workday's {"Type", "ID"}


# What says an object is an identity document's, not an invoice's or a shipment's ({"document_type": "invoice",
# "document_number": …}): its type's or kind's value, a passport's or an identity card's (APIS', NDC's "PT", an MRZ's
# "P"), or a member only a person's document has (its holder's nationality, birth date, names, its issuing country)
_IDENTITY_SIGN = re.compile(
    r'(?i)\\*"(?:(?:identity|document|doc|id)[_-]?){0,2}(?:type|kind)(?:[_-]?code)?\\*"[ \t]*:[ \t]*\\*"(?:p|pt|i|id'
    r"|passport|(?:national[_ -]?)?id(?:entity)?[_ -]?(?:card|document)|national[_ -]?id"
    r'|driv(?:er|ing)s?[_ -]?licen[cs]e|dl|residen(?:ce|t)[_ -]?(?:permit|card)|visa)\\*"'
    # German's document type ("dokumentart": "Personalausweis", "Reisepass", "Führerschein")
    r'|\\*"dokument[_-]?(?:art|typ)\\*"[ \t]*:[ \t]*\\*"'
    r'(?:personalausweis|reisepass|f(?:ü|ue)hrerschein|aufenthaltstitel)\\*"'
    r'|\\*"(?:nationality|issuing[_-]?country|issuingcountry|country[_-]?of[_-]?issue|issuer[_-]?country'
    r'|date[_-]?of[_-]?birth|dateofbirth|birth[_-]?date|birthdate|surname|given[_-]?names?|givennames?)\\*"[ \t]*:'
)


def identity_document(text: str, start: int) -> bool:
    """The JSON object opening at ``start`` is an identity document's (``identity_document``'s signs, read as far
    as ``AROUND`` characters): its number is its holder's."""
    return _IDENTITY_SIGN.search(text, start, start + AROUND) is not None


def _keyed_values(text: str, v: int, keys: tuple[str, ...], level: int) -> Iterator[int]:
    """Where the values of ``keys`` start at ``level`` below the JSON object or list opening at ``v``, in order,
    until it closes (read up to ``LIST_REACH`` characters)."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text, v, min(len(text), v + LIST_REACH)):
        c = m.group(0)[0]
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return
        elif depth == level and m.group(2) is not None and m.group(1) in keys:
            yield m.end()


# The keys a person's field's value is wrapped in: a form's labelled field's "value" (Personio's "last_name":
# {"label": "Last name", "value": …}), MongoDB Extended JSON's typed date ("birthDate": {"$date": "1979-11-02T…"})
WRAPS = ("value", "$date")


def inner_value(text: str, v: int, keys: tuple[str, ...] = ("value", "default", "data")) -> int | None:
    """Where the ``"value"`` of the object opening at ``v`` starts, at the object's own level: a secret's
    object holding it (Okta's ``"password": {"hash": {…}, "value": "…"}``, a vault's ``"secret": {"id": …,
    "data": "…"}``), or its ``"default"`` (a Terraform
    variable's ``"api_token": {"default": "…"}``); or the value of another of ``keys`` (a document's
    ``"passport": {"number": "…", "expiry": …}``)."""
    return next(_keyed_values(text, v, keys, 1), None)


def listed_values(text: str, v: int, keys: tuple[str, ...]) -> list[int]:
    """Where the values of ``keys`` start in the objects of the JSON list opening at ``v``, each at its object's own
    level (a secret's name over a list of its records: ``"securityAnswers": [{"questionId": 3, "answer": "…"}]``)."""
    return list(_keyed_values(text, v, keys, 2))


def object_start(text: str, q: int) -> int | None:
    """Where the JSON object holding the member at ``q`` opens, read back over the members before it (as far as
    ``LIST_REACH``; a brace inside a string before it misleads it, which a manifest's flat members have none of)."""
    depth = 0
    for i in range(q - 1, max(-1, q - LIST_REACH), -1):
        c = text[i]
        if c == "}" or c == "]":
            depth += 1
        elif c == "{" or c == "[":
            if depth == 0:
                return i if c == "{" else None
            depth -= 1
    return None


_KIND_BEFORE = re.compile(r'\\*"kind\\*"[ \t]*:[ \t]*\\*"\Z')
# A string value (in JSON held in a JSON string too), and a flat object's member's: a string after its name's colon
_STRING = re.compile(r'(\\*")((?:[^"\\]|\\[^"]){20,512})\1')
_MEMBER = re.compile(r'\\*"[ \t]*:[ \t]*(\\*")((?:[^"\\]|\\[^"]){1,16384})\1')


def secret_data(text: str, q: int) -> list[tuple[int, int]] | None:
    """The spans of a Kubernetes Secret's ``data`` (base64) and ``stringData`` values, whatever their names
    (``{"apiVersion": "v1", "data": {"DB_URL": "cG9z…"}, "kind": "Secret", …}``), when ``q`` is where the value of
    a ``"kind"`` starts; None when no ``"kind"`` is before it."""
    if _KIND_BEFORE.search(text, max(0, q - 16), q) is None:
        return None
    start = object_start(text, q)
    spans: list[tuple[int, int]] = []
    for name in ("data", "stringData") if start is not None else ():
        v = inner_value(text, start, (name,))
        close = text.find("}", v, v + LIST_REACH) if v is not None and text[v : v + 1] == "{" else -1
        if v is not None and close > 0 and "{" not in text[v + 1 : close]:  # a flat object
            spans.extend(item.span(2) for item in _MEMBER.finditer(text, v + 1, close))
    return spans
