"""A SAML assertion's attribute statement (SAML 2.0 core, ``<saml:Attribute Name="…"><saml:AttributeValue>…``): the
attribute's name says what its values are, as a field's name does, in a URI (Microsoft's claim types,
``…/identity/claims/givenname``), an LDAP object identifier (``urn:oid:2.5.4.42``, with or without a
``FriendlyName="givenName"``) or a bare word (``surname``). An identity provider's debug page, a service's login
log, a pasted assertion carry them. The attribute's own name is a field's name, never a person's: a ``Name="groups"``
beside a given name is no one's name either.

The cue is an ``AttributeValue`` tag; its attribute is the nearest open ``<…Attribute …>`` before it.
"""

from __future__ import annotations

import re

from replay.redact.fakeaddress import street_hit
from replay.redact.hits import Hit, guard
from replay.redact.keys import KeyRules
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import Pseudonyms, has_invented_word, looks_redacted

__all__ = ["SAML_CUES", "SamlFinder"]

SAML_CUES = ("attributevalue",)
_BACK = 2048  # how far before a value its attribute's opening tag is looked for
_ATTRIBUTE = re.compile(r"<(?:[\w.-]+:)?Attribute\s([^<>]{0,1024})>")
_NAME = re.compile(r'\bName=\\?"([^"\\]{1,256})\\?"')
_FRIENDLY = re.compile(r'\bFriendlyName=\\?"([^"\\]{1,128})\\?"')
# The directory attributes' object identifiers (RFC 4519, RFC 4524, eduPerson, inetOrgPerson) an IdP names a
# person's fields by when it gives no FriendlyName
_OIDS = {
    "2.5.4.42": "givenName",
    "2.5.4.4": "sn",
    "2.5.4.3": "cn",
    "2.16.840.1.113730.3.1.241": "displayName",
    "0.9.2342.19200300.100.1.1": "uid",
    "2.5.4.9": "street",
    "2.5.4.18": "postOfficeBox",
    "2.5.4.16": "postalAddress",
    "1.3.6.1.4.1.5923.1.1.1.6": "eduPersonPrincipalName",
    "2.16.840.1.113730.3.1.3": "employeeNumber",
}
# The directory's own names for a person's fields, which no field rule reads as one ("sn", "cn", "uid")
_DIRECTORY = {
    "sn": "name",
    "cn": "name",
    "givenname": "name",
    "displayname": "name",
    "uid": "username",
    "employeenumber": "gov_id",
    "edupersonprincipalname": "username",
    "postofficebox": "address",
    "postaladdress": "address",
}


class SamlFinder:
    """A person's values in a SAML attribute statement, by their attribute's name."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool], keys: KeyRules):
        self.ps = ps
        self.on = on
        self.keys = keys  # the policy's: its [keys] redact and keep lists name these fields too

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The ``AttributeValue`` tag whose name is at ``text[s:e]``."""
        lt = text.rfind("<", max(0, s - 24), s)
        if lt < 0 or text[lt + 1 : lt + 2] == "/":
            return  # a closing tag
        gt = text.find(">", e, e + 512)
        end = text.find("<", gt + 1, gt + 1 + 1024) if gt >= 0 else -1
        if end < 0:
            return
        before = list(_ATTRIBUTE.finditer(text, max(0, lt - _BACK), lt))
        opened = before[-1] if before else None
        if opened is None or "attribute>" in low[opened.end() : lt]:
            return  # no attribute holds it, or its attribute was closed before it
        name = _NAME.search(opened.group(1))
        if name is None:
            return
        at = opened.start(1) + name.start(1)
        hits.append(guard(at, at + len(name.group(1))))  # a field's name, no one's
        friendly = _FRIENDLY.search(opened.group(1))
        field = friendly.group(1) if friendly else _field(name.group(1))
        cls = _DIRECTORY.get(field.lower()) or self.keys.classify(field)
        a, b = gt + 1, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        value = text[a:b]
        if a == b or looks_redacted(value):
            return
        if cls in ("name", "maybe_name") and self.on["name"]:
            if has_invented_word(value):
                hits.append(guard(a, b))
            elif any(c.isalpha() for c in value):
                hits.append(Hit(a, b, "name", self.ps.name(value), 60))
        elif cls == "username" and self.on["name"] and "@" not in value:
            hits.append(Hit(a, b, "username", self.ps.username(value), 60))
        elif cls in ("gov_id", "dob") and self.on["personal_ids"] and any(c.isdigit() for c in value):
            hits.append(Hit(a, b, cls, self.ps.dob(value) if cls == "dob" else shaped_id(self.ps, value), 60))
        elif cls == "address" and self.on["address"]:
            hits.append(street_hit(self.ps, text, a, b))


def _field(name: str) -> str:
    """An attribute's field by its name: an object identifier's directory name, a URI's last part."""
    oid = name.removeprefix("urn:oid:")
    if oid in _OIDS:
        return _OIDS[oid]
    return re.split(r"[/#:]", name.rstrip("/"))[-1]
