"""A form body's or a query string's fields, each value read under its own name.

The text pass reads ``name=value`` in the decoded text, where a value ends at the first character
that ends a word in prose (``(``, ``,``, ``;``), a value that starts like code (``!7…``) is left,
and a bracketed name (``profile[password]``, ``recurring[routing number]``) has words the cue
does not reach. Here the raw text is split at ``&`` and ``=`` first: the value is everything up to
the next ``&``, and its name the last bracketed part but an index (else the whole name). A value of a telling name
(a secret's, a person's name, an id number, a birth date) goes through the field rules as ``{"name":
"value"}`` (all of a text's in one pass): quoted, it is read whole, and each kind keeps its own rules
and pseudonym.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Literal
from urllib.parse import quote_plus, unquote_plus

import orjson

from replay.redact.fieldnumbers import TYPED_DOCUMENT_KEY, typed_documents
from replay.redact.jsonshapes import beside_partner
from replay.redact.keyedshapes import SHAPED_CLASSES, is_digest
from replay.redact.keys import KeyRules
from replay.redact.memo import add_counts
from replay.redact.pseudonym import looks_redacted
from replay.redact.textpass import TextPass

__all__ = ["Pairs"]

_PAIR = re.compile(r"([^&=#;]+)=([^&#]+)")
_LAST_PART = re.compile(r"\[([^\[\]]+)\]\Z")
_HEAD = re.compile(r"([^\[\]]+)\[")  # newPassword[value]: the name before the first bracket
# An array's index says nothing of its values (password[], user[password][0]): left unread, their
# values were written as they came. A numbered copy of a telling name (password_0) is the name's (keys).
_INDEX = re.compile(r"(?:\[\d*\])+\Z")
# Classes the detectors find by the value's own shape wherever it is (an email, a card), and names
# that say nothing of a value (an id, a version).
_BY_VALUE = frozenset({"email", "phone", "card", "iban", "ssn", "ip", "id", "version"})
_PART_NAMES = {"fn": "firstName", "ln": "lastName"}  # a name part's short name (NAME_PAIRS) as a field's full one
# A value that is a whole URL with a query of its own (an analytics pixel's page, "dl=https%3A%2F%2F…%3Femail%3D…",
# a redirect's "return_to"): encoded once more than its fields, which the text pass would read still encoded.
_DOC_CUE = re.compile(r"do[ck]", re.I)  # a document's field's name: document_number, dokumentnummer
_NESTED_URL = re.compile(r"https?%3A%2F%2F[^&#]*?%3F[^&#]*?%3D", re.I)


def _unquoted(s: str) -> str:
    return unquote_plus(s) if "%" in s or "+" in s else s


def _json(s: str) -> bool:
    try:
        orjson.loads(s)
    except orjson.JSONDecodeError:
        return False
    return True


def _has_field(low: str, name: str) -> bool:
    """A field ``name`` of the lower-cased form or query ``low``, bare or as a bracketed name's last part."""
    return any(f"{name}{end}" in low for end in ("=", "]=", "%5d="))


class Pairs:
    """Redacts the values of a form's or a query's telling field names (``KeyRules``)."""

    def __init__(self, tp: TextPass, keys: KeyRules):
        self._tp = tp
        self._keys = keys

    def text(self, s: str, counts: Counter[str], rest: Callable[[str], str], start: int = 0) -> str:
        """``s`` (``a=1&b=2`` from ``start``) with each value of a telling name redacted as that field's
        value, and the text around them by ``rest`` (a pseudonym put here is not read again: a MAC
        address's in spaces would pass for a phone number)."""
        if "=" not in s[start:]:
            return rest(s)
        found: list[tuple[re.Match[str], str, str]] = []
        nested: dict[int, str] = {}  # a nested URL's value's start: the URL redacted
        typed = self.typed(s, start)
        for m in _PAIR.finditer(s, start):
            name = _unquoted(m.group(1))
            name = _INDEX.sub("", name) or name
            last = _LAST_PART.search(name)
            if last and last.group(1).lower() == "value":  # credentials[password][value]: the object's name says
                last = _LAST_PART.search(name, 0, last.start()) or _HEAD.match(name) or last
            key = last.group(1) if last else name
            cls = self._keys.classify(key) or (self._keys.classify(name) if last else None)
            if cls is None and beside_partner(key, lambda partner: _has_field(s[start:].lower(), partner)):
                # a name's parts by the pair they come in: a FHIR search's "family=…&given=…", Meta's "ud[fn]=…"
                key, cls = _PART_NAMES.get(key.lower(), f"{key}Name"), "name"
            elif cls is None and name in typed:  # a document number beside a field saying it is a passport's
                key, cls = TYPED_DOCUMENT_KEY, "gov_id"
            if cls is None or (cls in _BY_VALUE and not (cls in SHAPED_CLASSES and is_digest(m.group(2)))):
                if _NESTED_URL.match(m.group(2)) and (url := self._nested(m.group(2), counts)) is not None:
                    nested[m.start(2)] = url[1]
                    found.append((m, key, url[0]))
                continue
            value = _unquoted(m.group(2))
            if value[:1] in "{[" and _json(value):
                continue  # a JSON object in a field (Jumio's "idAddress={…}"): its own keys say what its values are
            if not looks_redacted(value):
                found.append((m, key, value))
        fields = [(m, key, value) for m, key, value in found if m.start(2) not in nested]
        done = self.values([(key, value) for _, key, value in fields], counts) if fields else None
        if done is None and not nested:
            return rest(s)
        redone = iter(done or [value for _, _, value in fields])
        done = [nested.get(m.start(2)) or next(redone) for m, _, _ in found]
        out: list[str] = []
        pos = 0
        for (m, _, value), new in zip(found, done, strict=True):
            if new != value:
                out.append(rest(s[pos : m.start(2)]))
                out.append(quote_plus(new, safe="-._~"))
                pos = m.end(2)
        out.append(rest(s[pos:]))
        return "".join(out)

    @staticmethod
    def typed(s: str, start: int = 0) -> frozenset[str]:
        """The fields of ``s`` (``a=1&b=2`` from ``start``) that are an identity document's number by another field
        (``fieldnumbers.typed_documents``)."""
        if not _DOC_CUE.search(s, start):
            return frozenset()
        return typed_documents([(_unquoted(m.group(1)), _unquoted(m.group(2))) for m in _PAIR.finditer(s, start)])

    def _nested(self, raw: str, counts: Counter[str]) -> tuple[str, str] | None:
        """The URL a query value ``raw`` encodes, and that URL redacted as a query is (its fields by their names, the
        rest as a query's text), or None when nothing in it changed."""
        url = unquote_plus(raw)
        new = self.text(url, counts, lambda piece: self._tp.text(piece, counts, True), url.find("?") + 1)
        return None if new == url else (url, new)

    def field(self, s: str, name: str, start: int = 0) -> tuple[int, int, str] | None:
        """The raw span and the decoded value of the first field ``name`` of ``s`` (``a=1&b=2`` from ``start``)."""
        for m in _PAIR.finditer(s, start):
            if _unquoted(m.group(1)) == name:
                return m.start(2), m.end(2), _unquoted(m.group(2))
        return None

    def telling(self, name: str) -> bool:
        """``name``'s value is one the field rules read by its name: a secret's, a person's name, an id number's,
        a birth date's (not one found by its own shape anywhere, as an email, nor an id's or a version's)."""
        cls = self._keys.classify(name)
        return cls is not None and cls not in _BY_VALUE

    def values(self, found: list[tuple[str, str]], counts: Counter[str]) -> list[str] | None:
        """Each value of ``found`` ((name, value) pairs) redacted as its name's field's value, or None when
        none changed: one pass over all of them, each its own object (``[{"name": "value"}, …]``)."""
        done = self._probe(found, counts)
        if done is not False:
            return done
        # A replacement reached past its value's quotes (a private key's header runs on to the next field): one pair
        # at a time, and a value that still breaks its object is a secret whole.
        out = []
        for key, value in found:
            one = self._probe([(key, value)], counts)
            out.append(self._tp.whole(value, "secret", counts) if one is False else value if one is None else one[0])
        return None if out == [value for _, value in found] else out

    def _probe(self, found: list[tuple[str, str]], counts: Counter[str]) -> list[str] | Literal[False] | None:
        """``values``'s one pass; False when the redacted objects no longer read back one value each."""
        probe = orjson.dumps([{key: value} for key, value in found]).decode()
        own: dict[str, int] = {}
        done = self._tp.text(probe, own)
        if done is probe:
            return None
        try:
            objs = orjson.loads(done)
        except orjson.JSONDecodeError:
            return False
        if not (
            isinstance(objs, list) and len(objs) == len(found) and all(type(o) is dict and len(o) == 1 for o in objs)
        ):
            return False
        add_counts(counts, own.items())
        return [str(next(iter(obj.values()))) for obj in objs]
