"""A payment party's street and account as ISO 20022 messages write them, under element and key names no field
rule reads: a pain.001's or a camt.053's postal address (``<StrtNm>``, ``<BldgNb>``, an unstructured address's
first ``<AdrLine>``), an account by another scheme than an IBAN's (``<DbtrAcct><Id><Othr><Id>31926819</Id>``),
and UK Open Banking's account (``{"SchemeName": "UK.OBIE.SortCodeAccountNumber", "Identification":
"80200110203345"}``). A party's name is its holder's, however rare: a debtor's or a creditor's ``<Nm>``
(``<Dbtr><Nm>Ptolemy Vance</Nm>``, ``"Cdtr": {"Nm": …}`` in JSON), an Open Banking account's ``"Name"`` beside its
scheme, unless a legal form says a firm's ("ACME Inc"). An IBAN is the digit pass's; a town (``<TwnNm>``, a later
address line), a postcode, a BIC stay, and so does an Open Banking account's ``"Nickname"`` ("Bills", "Holiday
savings": its holder's word for the account, where elsewhere a nickname is a person's handle).

The cue is the element's or the key's name (``ISO_CUES``).
"""

from __future__ import annotations

import re

from replay.redact.blocks import party_name
from replay.redact.fakeaddress import street_hit
from replay.redact.hits import Hit, guard
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import Pseudonyms, looks_redacted

__all__ = ["ISO_CUES", "IsoFinder"]

_STREETS = ("<strtnm>", "<adrline>", "<bldgnb>")
# A debtor's and a creditor's element, an ultimate one's too ("<UltmtDbtr>"), in XML and as a JSON key
_PARTIES = ("dbtr>", "cdtr>", 'dbtr"', 'cdtr"', 'dbtr\\"', 'cdtr\\"')
_NICKNAMES = ('nickname"', 'nickname\\"')
ISO_CUES = (*_STREETS, *_PARTIES, "acct>", 'schemename"', 'schemename\\"', *_NICKNAMES)
_TEXT = re.compile(r"[ \t]*([^<>\n]{1,70}?)[ \t]*</")
_OTHER_ID = re.compile(r"\s*<Id>\s*<Othr>\s*<Id>([^<>\s]{4,34})</Id>")
_Q = r'\\*"'
# The scheme's name, then its account's keys in the same object: "Identification", "SecondaryIdentification"
_SCHEME = re.compile(rf"{_Q}[ \t]*:[ \t]*{_Q}([\w.]{{1,60}}){_Q}")
_IDENTIFICATION = re.compile(rf'{_Q}(?:Secondary)?Identification{_Q}[ \t]*:[ \t]*{_Q}([^"\\]{{4,40}}){_Q}')
_ACCOUNT_SCHEMES = re.compile(r"SortCodeAccountNumber|IBAN|BBAN|AccountNumber|PAN|Wallet", re.I)
# The account's holder, in the scheme's object: its "Name" (an account's "Nickname" is its holder's word for it)
_HOLDER = re.compile(rf'{_Q}Name{_Q}[ \t]*:[ \t]*{_Q}([^"\\]{{2,70}}){_Q}')
# A party's name right inside its element or its JSON object: <Dbtr><Nm>…</Nm>, "Dbtr": {"Nm": "…"}
_PARTY_NAME = re.compile(
    rf"(?:>\s*<Nm>[ \t]*([^<>\n]{{2,70}}?)[ \t]*</Nm>|{_Q}[ \t]*:[ \t]*\{{[ \t\n]*{_Q}Nm{_Q}[ \t]*:"
    rf'[ \t]*{_Q}([^"\\]{{2,70}}){_Q})'
)


# An Open Banking account's own keys, in the object that holds a "Nickname"
_ACCOUNT_KEYS = re.compile(rf"{_Q}Account(?:Id|Type|SubType){_Q}[ \t]*:")
_VALUE = re.compile(rf'{_Q}[ \t]*:[ \t]*{_Q}([^"\\]{{1,70}}){_Q}')


class IsoFinder:
    """Streets and accounts at the element and key names of ``ISO_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The value after the element or the key at ``text[s:e]``."""
        cue = low[s:e]
        if cue in _STREETS:
            m = _TEXT.match(text, e)
            if m is not None and self.on["address"] and any(c.isdigit() or c.isalpha() for c in m.group(1)):
                a, b = m.span(1)
                if cue == "<bldgnb>":
                    self._number(text, a, b, "address", hits)
                elif cue == "<strtnm>" or (any(c.isdigit() for c in m.group(1)) and _first_line(text, s)):
                    hits.append(street_hit(self.ps, text, a, b))  # a line with no number, a later line: a town's
        elif cue in _PARTIES:
            if text[s - 1 : s] != "/" and (m := _PARTY_NAME.match(text, e - 1)) is not None:
                k = 1 if m.start(1) >= 0 else 2
                party_name(self.ps, self.on, text, m.start(k), m.end(k), hits)
        elif cue in _NICKNAMES:
            if s and text[s - 1] in '"\\' and (m := _VALUE.match(text, e - 1)) is not None and _an_account(text, s):
                hits.append(guard(*m.span(1)))  # the account's name its holder gave it: kept
        elif cue == "acct>":
            if self.on["personal_ids"] and (m := _OTHER_ID.match(text, e)) is not None:
                self._number(text, m.start(1), m.end(1), "bank_account", hits)
        elif self.on["personal_ids"] and s and text[s - 1] in '"\\':
            scheme = _SCHEME.match(text, e - 1)
            if scheme is not None and _ACCOUNT_SCHEMES.search(scheme.group(1)):
                end = text.find("}", scheme.end(), scheme.end() + 300)
                for m in _IDENTIFICATION.finditer(text, scheme.end(), end if end > 0 else scheme.end() + 300):
                    self._number(text, m.start(1), m.end(1), "bank_account", hits)
                if (holder := _HOLDER.search(text, scheme.end(), end if end > 0 else scheme.end() + 300)) is not None:
                    party_name(self.ps, self.on, text, holder.start(1), holder.end(1), hits)

    def _number(self, text: str, a: int, b: int, kind: str, hits: list[Hit]) -> None:
        value = text[a:b]
        if looks_redacted(value) or value.strip("9 -") == "":
            hits.append(guard(a, b))
        else:
            hits.append(Hit(a, b, kind, shaped_id(self.ps, value), 60))


def _first_line(text: str, s: int) -> bool:
    """The ``<AdrLine>`` at ``s`` is its address's first: the street's (the town's comes after it)."""
    lo = max(0, s - 300)
    return text.rfind("<AdrLine>", lo, s) <= text.rfind("<PstlAdr>", lo, s)


def _an_account(text: str, at: int) -> bool:
    """The JSON object around the key at ``at`` is an Open Banking account's: an AccountId, AccountType or
    AccountSubType beside it (before it, or after it before a nested list or object)."""
    lo = text.rfind("{", max(0, at - 400), at)
    hi = min(len(text), at + 400)
    ends = [i for i in (text.find(c, at, hi) for c in "{[}") if i > 0]
    return lo >= 0 and _ACCOUNT_KEYS.search(text, lo, min(ends, default=hi)) is not None
