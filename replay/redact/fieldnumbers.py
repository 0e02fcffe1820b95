"""A person's numbers and things by their field's name: a record's number in its object (an insurance policy's,
an identity document's, ``{"registration": {"number": …}}``), a device's number, a car's plate, a coordinate.

``fields.FieldFinder`` finds the field and where its value starts; ``FieldNumbers`` reads the value.
"""

from __future__ import annotations

import json
import re

from replay.redact.fieldspans import value_span
from replay.redact.hits import Hit
from replay.redact.jsonshapes import DOCUMENT_KEYS, identity_document, inner_value, listed_values, object_start
from replay.redact.keys import KeyRules, normalize
from replay.redact.macs import any_mac, mac_hit
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import COORDINATE, Pseudonyms, is_coordinate_pseudonym, looks_redacted
from replay.redact.said import device_number, plate_shaped

__all__ = [
    "DOCUMENT_NUMBERS",
    "NUMBER_KEYS",
    "RECORD_CLASSES",
    "THING_CLASSES",
    "TYPED_DOCUMENT_KEY",
    "FieldNumbers",
    "typed_documents",
]

# Keys of an object whose "number" (or "no", "id") is one person's record's: an insurance policy's
_NUMBERED_RECORDS = frozenset({"policy", "Policy", "insurancePolicy", "insurance_policy"})
# A document's object and its number's key, an identity document's where the object says so
# (``jsonshapes.identity_document``): an invoice's, a shipment's, a contract's are no one's
_DOCUMENT_RECORDS = frozenset({"document", "Document", "doc"})
DOCUMENT_NUMBERS = frozenset(
    {"documentnumber", "documentno", "documentnum", "docnumber", "docno", "docnum", "dokumentnummer", "dokumentnr"}
    # a list of them, each a value and its type (Onfido's ``"document_numbers": [{"value": …, "type": …}]``)
    | {"documentnumbers"}
)
# The name a form's document number is read under when another of its fields names an identity document
TYPED_DOCUMENT_KEY = "identity_document_number"
# The classes of a number that an object holds under a key naming nothing ("number", "no"), when the object's own key
# with "number" after it is a field of one (``{"license": {"no": …}}`` as ``license_no``, ``{"registration":
# {"number": …}}`` as ``registration_number``, ``{"account": {"number": …}}`` as ``account_number``). Its "id" is
# not read: ``{"account": {"id": …}}`` is an ``account_id``, a database's row, as ``{"order": {"number": …}}`` is
# no person's.
RECORD_CLASSES = frozenset({"gov_id", "bank_account", "license_plate", "maybe_plate"})
NUMBER_KEYS = ("number", "no", "num", "nr", "Number", "No")

# Classes of things a person owns or where they are, read by ``FieldNumbers.thing``.
THING_CLASSES = frozenset({"device_id", "license_plate", "maybe_plate", "geo", "maybe_geo", "maybe_account"})
# A BIC (ISO 9362): the bank's four letters, its country's two, a place's two characters, a branch's three perhaps
_BIC = re.compile(r"[A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?")
# A value of degrees under a name that may hold a place's coordinates: one, or two in a pair ("48.85837, 2.29448").
_DEGREES = re.compile(r"(?<![\d.])[-+]?\d{1,3}\.\d{4,15}(?![\d.])")
_DEGREE_VALUE = re.compile(rf"{_DEGREES.pattern}(?:[ \t]*[,;/ ][ \t]*{_DEGREES.pattern})?")


class FieldNumbers:
    """Hits in the values of the fields that hold a person's number or thing."""

    def __init__(self, ps: Pseudonyms, keys: KeyRules, on: dict[str, bool]):
        self.ps = ps
        self.keys = keys
        self.on = on

    def record(self, key: str) -> tuple[str, tuple[str, ...]] | None:
        """The class of the number an object under ``key`` holds, and the keys it may stand under; None for an
        object that holds no one's number."""
        if key in _NUMBERED_RECORDS:
            return "gov_id", DOCUMENT_KEYS
        if key in _DOCUMENT_RECORDS:
            return "document", DOCUMENT_KEYS
        cls = self.keys.classify(key + "Number")
        return (cls, NUMBER_KEYS) if cls in RECORD_CLASSES else None

    def record_number(self, text: str, v: int, record: tuple[str, tuple[str, ...]], hits: list[Hit]) -> None:
        """The number of a record's object whose value starts at ``v`` (``"policy": {"number": "HX-9384-22107",
        "product": …}``, ``"registration": {"number": "AB12 CDE"}``): an id of four digits or more, as a
        ``policy_number``'s, a plate as a ``registration_number``'s."""
        if text[v : v + 1] != "{":
            return  # "policy": "allow-all", a policy's text: only its record's number is one person's
        cls, keys = record
        if cls == "document":
            if not identity_document(text, v):
                return  # {"document": {"type": "invoice", "number": …}}
            cls = "gov_id"
        inner = inner_value(text, v, keys)
        if inner is not None:
            self._numbered(text, inner, cls, hits)

    def document_number(self, text: str, q: int, v: int, hits: list[Hit]) -> None:
        """The ``document_number`` whose key starts at ``q`` and value at ``v``, when its object is an identity
        document's (``{"document_type": "ID_CARD", "document_number": …}``, an MRZ's reading beside its holder's
        nationality)."""
        start = object_start(text, q)
        if start is None or not identity_document(text, start):
            return
        for value in listed_values(text, v, ("value",)) if text[v : v + 1] == "[" else (v,):
            self._numbered(text, value, "gov_id", hits)

    def _numbered(self, text: str, v: int, cls: str, hits: list[Hit]) -> None:
        """The record's number whose value starts at ``v``: an id of four digits or more, a plate as a plate."""
        span = value_span(text, v)
        if span is None:
            return
        value = text[span[0] : span[1]]
        if looks_redacted(value):
            return
        if cls in THING_CLASSES:
            self.thing(value, *span, cls, hits)
        elif sum(c.isdigit() for c in value) >= 4:
            hits.append(Hit(span[0], span[1], cls, self.ps.generic(value), 70))

    def thing(self, value: str, vs: int, ve: int, cls: str, hits: list[Hit]) -> None:
        """A device's number (an IMEI, a MAC address), a car's plate, a coordinate: by its field's name."""
        if cls == "geo":
            if COORDINATE.match(value) and not is_coordinate_pseudonym(value):
                hits.append(Hit(vs, ve, "geo", self.ps.coordinate(value), 70))
        elif cls == "maybe_geo":
            # a degree's value to 4 decimals or more (some 10 m), or a "lat,lon" pair of them: a scroll
            # position, a rank or a place's name is none
            for m in _DEGREES.finditer(value) if _DEGREE_VALUE.fullmatch(value) else ():
                if abs(float(m.group(0))) <= 180 and not is_coordinate_pseudonym(m.group(0)):
                    hits.append(Hit(vs + m.start(), vs + m.end(), "geo", self.ps.coordinate(m.group(0)), 70))
        elif cls == "maybe_plate":
            if self.on["personal_ids"] and plate_shaped(value):
                hits.append(Hit(vs, ve, "license_plate", shaped_id(self.ps, value), 70))
        elif cls == "maybe_account":
            # under a BIC's name, a value of no BIC's shape with an account's digits: the account's number a form
            # put there ("bic": "OBEN62570841894470"); a BIC ("DEUTDEFF500") is its bank's, no one's
            if (
                self.on["personal_ids"]
                and not _BIC.fullmatch(value)
                and value.isalnum()
                and len(value) <= 34
                and sum(c.isdigit() for c in value) >= 8
            ):
                hits.append(Hit(vs, ve, "bank_account", shaped_id(self.ps, value), 70))
        elif cls == "device_id" and any_mac(value):
            if self.on["mac"] and (hit := mac_hit(self.ps, value, vs, ve, 70)) is not None:
                hits.append(hit)
        elif self.on["personal_ids"] and (
            (sum(c.isdigit() for c in value) >= (6 if cls == "device_id" else 1) and 2 <= len(value) <= 24)
            # a serial number ("DMPXK3Q9HG7J"), an advertising id or a UDID (a UUID's 36 characters)
            or (cls == "device_id" and device_number(value))
        ):
            hits.append(Hit(vs, ve, cls, shaped_id(self.ps, value), 70))


# A field that holds an identity document's number by its name ("driver-license", "id_number", "passportNo"), by the
# built-in rules (a policy's kept keys do not make a form's other fields any less a person's documents); not a
# customer's or a contract's number, beside which a document is an invoice
_BUILT_IN = KeyRules()
_IDENTITY_FIELD = re.compile(r"passport|licen[cs]e|idnumber|idno|idcard|identity|ausweis|nationalid")


def _identity_number_field(name: str) -> bool:
    return _IDENTITY_FIELD.search(normalize(name)) is not None and _BUILT_IN.classify(name) == "gov_id"


def typed_documents(fields: list[tuple[str, str]]) -> frozenset[str]:
    """The names of the document numbers' fields (``DOCUMENT_NUMBERS``) among a form's or a multipart body's
    ``fields`` (name, value), when another of them names an identity document ("document_type=passport", a part of
    its own) or is one's number ("driver-license=…", "id-number=…" beside "document number=…": a person's documents
    asked for together): the fields stand for a JSON object's members, read as its ``document_number`` is."""
    numbers = frozenset(name for name, _ in fields if normalize(name) in DOCUMENT_NUMBERS)
    if numbers and any(
        len(value) <= 64 and (identity_document(json.dumps({name: value}), 0) or _identity_number_field(name))
        for name, value in fields
        if name not in numbers
    ):
        return numbers
    return frozenset()
