"""A contact card's and a calendar's content lines (vCard, RFC 6350; iCalendar, RFC 5545): ``NAME;PARAMS:VALUE``
lines between ``BEGIN:VCARD`` and ``END:VCARD``, or a calendar's event, to-do or journal entry (``BEGIN:VEVENT`` …),
as a CardDAV or CalDAV body, an ICS attachment or a paste carries them. No cue word names a value: its property
does. ``N:Feraud;Lucienne;;;`` is a family and a given name, ``FN`` a card's whole name, ``BDAY:1979-11-23`` a birth
date, ``ADR;TYPE=HOME:;;14 Rue Sainte-Catherine;Marseille;;13001`` a street and its postcode (the city, region and
country stay), ``ORGANIZER;CN="Benedikt Auerswald":mailto:…`` a person's name in the ``CN`` parameter, quoted or
not (not a room's, a resource's, a group's: ``CUTYPE``). Phones and e-mails are found by their own shapes; a note's,
a summary's or a description's prose is the text pass's.

The cue is a block's ``BEGIN:`` line (``CARD_CUES``); its lines are read up to its ``END:`` (at most ``_REACH``
characters), written with line breaks or with a JSON string's escaped ones.
"""

from __future__ import annotations

import re

from replay.redact.fakeaddress import street_hit
from replay.redact.hits import Hit, guard
from replay.redact.hl7 import name_parts, split_spans
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import Pseudonyms, has_invented_word, is_dob_pseudonym, looks_redacted

__all__ = ["CARD_CUES", "CardFinder"]

# a card, and the calendar components that name people (an event, a to-do, a journal entry), alone or in a VCALENDAR
CARD_CUES = ("begin:vcard", "begin:vevent", "begin:vtodo", "begin:vjournal")
_REACH = 16384  # a card's or a calendar's lines, read up to its END or this far
# A content line: its property's name, its parameters, its value; lines broken by CRLF, LF or a JSON string's \r\n, \n
# (a parameter's value may be quoted, its quotes escaped in a JSON string: ``CN=\\"Jane Roe\\"``)
_LINE = re.compile(
    r'([A-Za-z][A-Za-z0-9-]*)((?:;(?:[^:;\r\n\\"]|\\?"[^"\\\r\n]*\\?")*)*):([^\r\n\\]*(?:\\[^rn][^\r\n\\]*)*)'
)
_BREAK = re.compile(r"\r?\n|(?:\\r)?\\n")
_CN = re.compile(r';CN=(?:\\?"([^"\\]+)\\?"|([^;:"\\]+))', re.I)
# A calendar user that is no person: a room, a resource, a group (a mailing list)
_NOT_PERSON = re.compile(r";CUTYPE=(?:ROOM|RESOURCE|GROUP)", re.I)
_DATES = frozenset({"BDAY", "ANNIVERSARY", "DEATHDATE"})
# ADR's components: post office box, extended address, street, locality, region, postal code, country
_STREET, _EXTENDED, _POSTCODE = 2, 1, 5


class CardFinder:
    """A person's fields of the vCards and iCalendars starting at ``CARD_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The block whose ``BEGIN:`` line starts at ``text[s:e]``."""
        kind = low[s + 6 : e]
        stop = low.find(f"end:{kind}", e, e + _REACH)
        stop = stop if stop >= 0 else min(len(text), e + _REACH)
        pos = e
        while pos < stop:
            brk = _BREAK.search(text, pos, stop)
            end = brk.start() if brk else stop
            if (m := _LINE.match(text, pos, end)) is not None:
                self._line(text, m, hits)
            pos = brk.end() if brk else stop

    def _line(self, text: str, m: re.Match[str], hits: list[Hit]) -> None:
        prop = m.group(1).upper()
        params = m.group(2)
        if self.on["name"] and (cn := _CN.search(params)) is not None and not _NOT_PERSON.search(params):
            a, b = cn.span(1) if cn.group(1) is not None else cn.span(2)
            self._name(text, m.start(2) + a, m.start(2) + b, hits)
        a, b = m.span(3)
        if a == b:
            return
        if prop == "FN" and self.on["name"]:
            self._name(text, a, b, hits)
        elif prop == "N" and self.on["name"]:
            name_parts(self.ps, text, split_spans(text, a, b, ";")[:3], hits)
        elif prop in _DATES and self.on["personal_ids"]:
            value = text[a:b]
            if sum(c.isdigit() for c in value) >= 4:
                hits.append(guard(a, b) if is_dob_pseudonym(value) else Hit(a, b, "dob", self.ps.dob(value), 60))
        elif prop == "ADR" and self.on["address"]:
            parts = split_spans(text, a, b, ";")
            for k in (_EXTENDED, _STREET):
                if k < len(parts) and parts[k][1] > parts[k][0]:
                    hits.append(street_hit(self.ps, text, *parts[k]))
            if len(parts) > _POSTCODE and (code := text[slice(*parts[_POSTCODE])]).strip("9 -"):
                hits.append(Hit(*parts[_POSTCODE], "address", shaped_id(self.ps, code), 60))

    def _name(self, text: str, a: int, b: int, hits: list[Hit]) -> None:
        value = text[a:b].strip()
        if not value or looks_redacted(value) or has_invented_word(value):
            hits.append(guard(a, b))
        elif any(c.isalpha() for c in value):
            hits.append(Hit(a, b, "name", self.ps.name(value), 60))
