"""A person's name under a field's name (``fields``): a name field's value when it looks like a person's, a bare
"name"'s told by its object (a person's, a thing's), a name part's flat list; a file's name and a login there too.
"""

from __future__ import annotations

import re

from replay.redact import nameshapes
from replay.redact.fieldvalues import login_name, person_context
from replay.redact.filenames import file_name_hits, is_file_name
from replay.redact.firms import brand_word, firm
from replay.redact.hits import Hit
from replay.redact.jsonshapes import JSON_COLON, LIST_REACH, person_object, thing_object
from replay.redact.keys import normalize
from replay.redact.mentions import ROLE_NAME_KEYS
from replay.redact.personal import PersonalFinder
from replay.redact.pseudonym import Pseudonyms, is_invented_name

__all__ = ["LIST_ITEM", "ROLE_KEYS", "NameFields"]

# The strings of a flat JSON list (escaped quotes too, in JSON inside a JSON string), within 4 KB.
LIST_ITEM = re.compile(r'(\\*")((?:[^"\\]|\\[^"]){1,512})\1')


# A person's field by their role alone ("passenger", "holder", "recipient"), as normalized keys: a string under one
# is a name as often as a type, a count's word or an id ("passenger": "adult"); a Latin name there is the name
# finder's as anywhere, one in a script without capitals only this field's (``role``)
ROLE_KEYS = frozenset(
    {"passenger", "traveler", "traveller", "guest", "patient", "recipient", "payee", "beneficiary", "addressee"}
    | {"consignee", "attendee", "customer", "contact", "holder"}
)


class NameFields:
    """Person names in the values of name fields; a street's or a form's rare name goes to ``personal``."""

    def __init__(self, ps: Pseudonyms, personal: PersonalFinder):
        self.ps = ps
        self.personal = personal

    def value(self, text: str, low: str, q: int, key: str, cls: str, vs: int, ve: int, hits: list[Hit]) -> None:
        """The value ``text[vs:ve]`` of the ``name`` or ``maybe_name`` field at ``q``."""
        value = text[vs:ve]
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
        self.name(text, vs, ve, known, strict, hits, beside == "person" or role, inverted)

    def part(self, text: str, r: int, hits: list[Hit]) -> None:
        """The JSON value after a name part's key: a capitalised name, or a flat list of them (FHIR's given)."""
        m = JSON_COLON.match(text, r)
        if m is None:
            return
        v = m.end()
        close = text.find("]", v, v + LIST_REACH) if text[v : v + 1] == "[" else -1
        items = LIST_ITEM.finditer(text, v + 1, close) if close > 0 else [LIST_ITEM.match(text, v)]
        for item in items:
            value = item.group(2) if item is not None else ""
            if value[:1].isupper() and nameshapes.looks_like_person(value, False, True) and not is_invented_name(value):
                hits.append(Hit(item.start(2), item.end(2), "name", self.ps.name(value), 45))

    def role(self, text: str, r: int, hits: list[Hit]) -> None:
        """The string after a role's key (``ROLE_KEYS``) when it is a name in a script without capitals
        (``nameshapes.uncased_person``: "passenger": "鈴木陽菜", "holder": "يوسف الحربي")."""
        m = JSON_COLON.match(text, r)
        item = LIST_ITEM.match(text, m.end()) if m is not None else None
        if item is not None and nameshapes.uncased_person(item.group(2)):
            hits.append(Hit(item.start(2), item.end(2), "name", self.ps.name(item.group(2)), 45))

    def name(
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
        # a form's or a query's value in a log line or a link, its spaces written "+" ("?name=Jane+Whitfield"): no
        # name holds a "+"
        plus = "+" in value and " " not in value and text[vs - 1 : vs] == "="
        if plus:
            value = value.replace("+", " ")
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
        if plus:
            hits.append(Hit(vs, ve, "name", self.ps.name(value).replace(" ", "+"), 45))
            return
        if text[vs - 1 : vs] not in ('"', "'"):
            ve = nameshapes.inverted_end(text, ve)  # "Name: GARCIA, Maria"
        hits.append(Hit(vs, ve, "name", self.ps.name(text[vs:ve]), 45))
