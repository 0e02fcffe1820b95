"""A person's numbers and name in FHIR resources, where their keys name nothing: an identifier's ``"value"``
(``{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}``, a medical record number typed
``MR``), the ``"display"`` beside a reference to a person (``{"reference": "Patient/44", "display": "Okonkwo,
Chidi"}``), a coverage's ``"subscriberId"``. The field rules read a value under a telling key; ``value`` and
``display`` tell nothing alone.

The cue is the key (``FHIR_CUES``, quoted as JSON writes it, escaped or not). An identifier list's values are a
person's when the resource holding it is one's (Patient, Practitioner, RelatedPerson, Person, Coverage) or its
system or type says so (an SSN's, an NHS number's, a medical record's, a member's); an Observation's identifiers
are a record's and stay. A reference's display is a name when the reference points at a person's resource.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import Pseudonyms, has_invented_word, looks_redacted

__all__ = ["FHIR_CUES", "FhirFinder"]

FHIR_CUES = tuple(f"{key}{q}" for key in ("identifier", "reference", "subscriberid") for q in ('"', '\\"'))
_Q = r'\\*"'
_COLON = re.compile(rf"{_Q}?[ \t]*:[ \t]*")
_VALUE = re.compile(rf'{_Q}value{_Q}[ \t]*:[ \t]*{_Q}([^"\\]{{1,64}}){_Q}')
_STRING = re.compile(rf'{_Q}([^"\\]{{1,64}}){_Q}')
_RESOURCE = re.compile(rf"{_Q}resourceType{_Q}[ \t]*:[ \t]*{_Q}(\w+){_Q}")
_PERSONS = frozenset({"Patient", "Practitioner", "PractitionerRole", "RelatedPerson", "Person", "Coverage"})
# An identifier's system or type that names a person's number (v2 table 0203's codes: MR a medical record, SS an
# SSN, NH an NHS number, DL a driver's licence, PPN a passport, MB a member, SN a subscriber, NPI a provider)
_PERSON_ID = re.compile(
    r"(?i:ssn|nhs|mrn|medical.?record|passport|driver|licen[cs]e|npi|medicare|medicaid|member|subscriber|national)"
    rf"|{_Q}code{_Q}[ \t]*:[ \t]*{_Q}(?:MR|SS|NH|DL|PPN|MB|SN|PI|PRN|MA|MC|NPI|NI|TAX){_Q}"
)
_PERSON_REFERENCE = re.compile(
    rf"{_Q}(?:[^\"\\]*/)?(?:Patient|Practitioner|PractitionerRole|RelatedPerson|Person)/[^\"\\]{{1,64}}{_Q}"
    rf"[ \t]*,[ \t]*{_Q}display{_Q}[ \t]*:[ \t]*{_Q}([^\"\\]{{1,100}}){_Q}"
)
_REACH = 4096  # the farthest an identifier list is read
_RESOURCE_REACH = 3000  # how far back the resource's type is looked for


class FhirFinder:
    """Identifiers, person references' displays and subscriber ids at the keys of ``FHIR_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The value of the key that ends at ``text[e]`` (its closing quote, at ``e - 1``)."""
        if s == 0 or text[s - 1] not in '"\\':
            return  # "patient_identifier": another key
        colon = _COLON.match(text, e)
        if colon is None or colon.end() == e:
            return
        v = colon.end()
        if low.startswith("identifier", s):
            if self.on["personal_ids"]:
                self._identifiers(text, s, v, hits)
        elif low.startswith("reference", s):
            if self.on["name"] and (m := _PERSON_REFERENCE.match(text, v)) is not None:
                self._name(m.group(1), m.start(1), hits)
        elif self.on["personal_ids"] and (m := _STRING.match(text, v)) is not None:
            self._id(m.group(1), m.start(1), hits)  # a coverage's subscriber

    def _identifiers(self, text: str, s: int, v: int, hits: list[Hit]) -> None:
        resource = None
        for m in _RESOURCE.finditer(text, max(0, s - _RESOURCE_REACH), s):
            resource = m.group(1)
        for a, b in _objects(text, v):
            if resource in _PERSONS or _PERSON_ID.search(text, a, b):
                for m in _VALUE.finditer(text, a, b):
                    self._id(m.group(1), m.start(1), hits)

    def _id(self, value: str, a: int, hits: list[Hit]) -> None:
        if sum(c.isdigit() for c in value) < 3:
            return
        b = a + len(value)
        redacted = looks_redacted(value) or value.strip("9 -") == ""
        hits.append(guard(a, b) if redacted else Hit(a, b, "gov_id", shaped_id(self.ps, value), 60))

    def _name(self, value: str, a: int, hits: list[Hit]) -> None:
        b = a + len(value)
        if has_invented_word(value):
            hits.append(guard(a, b))
        elif any(c.isalpha() for c in value):
            hits.append(Hit(a, b, "name", self.ps.name(value), 60))


def _objects(text: str, v: int) -> list[tuple[int, int]]:
    """The spans of the objects of the list (or the one object) that opens at ``v``."""
    if text[v : v + 1] not in ("[", "{"):
        return []
    out, depth, start = [], 0, v
    top = 1 if text[v] == "[" else 0
    for i in range(v, min(len(text), v + _REACH)):
        c = text[i]
        if c in "[{":
            depth += 1
            if depth == top + 1 and c == "{":
                start = i
        elif c in "]}":
            depth -= 1
            if depth == top and c == "}":
                out.append((start, i + 1))
            if depth == 0:
                break
    return out
