"""A directory's names for a person (LDAP, Active Directory): a distinguished name's ``uid=`` (the person's login) and
``cn=`` when it is a person's name (``uid=pcarrasquillo,ou=People,dc=example,dc=org``, AD's ``CN=Smith\\, Jane,OU=
Staff,DC=corp``), and an LDIF entry's ``uid:`` line after its ``dn:``. A directory's logs, an LDIF paste, a SAML or
SCIM payload carry them. A host's or a group's common name (``CN=web01.corp.example``, ``CN=Domain Admins``) stays.

The cues are ``uid=``, ``cn=`` and ``uid:``; a DN's part must be followed by another part (``,ou=``, ``,dc=``…).
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit
from replay.redact.nameshapes import looks_like_person
from replay.redact.pseudonym import Pseudonyms, has_invented_word, looks_redacted

__all__ = ["LDAP_CUES", "LdapFinder"]

LDAP_CUES = ("uid=", "cn=", "uid:")
# a DN part's value up to its unescaped "," (RFC 4514: "\," is a comma of the value; "\\," in a JSON string), then
# the DN's next part
_DN_VALUE = re.compile(r"((?:[^,+=\"\\\r\n<>;]|\\{1,2}[^\\]){1,128}),[ \t]?(?:ou|dc|o|cn|uid|l|c|st)=", re.I)
_LDIF_VALUE = re.compile(r":[ \t]*([A-Za-z0-9._-]{2,64})[ \t]*(?:\r?\n|\\n|\Z)")
# The attributes whose DN is always a person's (AD's, LDAP's inetOrgPerson): a rare given name's cn= is one there
_PERSON_ATTRS = re.compile(
    r"(?:manager|managedby|directreports|secretary|assistant)\\*[\"']?[ \t]*[:=][ \t]*\\*[\"']?\Z"
)
_DN_BEFORE = 2048  # how far before an LDIF's "uid:" line its entry's "dn:" is looked for


class LdapFinder:
    """A person's login and name in a directory's DNs and LDIF entries, at ``LDAP_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The DN part or LDIF line whose attribute is at ``text[s:e]``."""
        if not self.on["name"] or (s and (low[s - 1].isalnum() or low[s - 1] in "_-.")):
            return  # "acn=", "user_uid=": another name
        if low[e - 1] == ":":
            line_start = s == 0 or low[s - 1] == "\n" or low.endswith("\\n", 0, s)
            if line_start and "dn:" in low[max(0, s - _DN_BEFORE) : s]:
                m = _LDIF_VALUE.match(text, e - 1)
                if m is not None:
                    self._login(text, *m.span(1), hits)
            return
        m = _DN_VALUE.match(text, e)
        if m is None:
            return
        a, b = m.span(1)
        if low[s] == "u":
            self._login(text, a, b, hits)
            return
        value = text[a:b].replace("\\\\,", ",").replace("\\,", ",")  # its comma escaped, in a JSON string twice
        if looks_redacted(value) or has_invented_word(value) or any(c.isdigit() or c == "." for c in value):
            return  # a pseudonym, a host's, a machine's name
        parts = [p.strip() for p in value.split(",")]
        inverted = len(parts) == 2  # AD's "Smith\, Jane": a person's order, whose given name may be a rare one
        person = " ".join(reversed(parts)) if inverted else value
        known = not inverted and _PERSON_ATTRS.search(low, max(0, s - 40), s) is None
        if len(person.split()) >= 2 and looks_like_person(person, known):
            hits.append(Hit(a, b, "name", self.ps.name(person), 55))

    def _login(self, text: str, a: int, b: int, hits: list[Hit]) -> None:
        value = text[a:b]
        if not looks_redacted(value) and any(c.isalpha() for c in value):
            hits.append(Hit(a, b, "username", self.ps.username(value), 55))
