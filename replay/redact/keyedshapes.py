"""Values a field's name says what they are only when their shape agrees.

A contact's digest: the SHA-256 (or SHA-1, MD5) of a normalised email or phone number that ad and analytics APIs take
to match their users (Meta's and Pinterest's ``em`` and ``ph``, TikTok's ``user.email``, Google's enhanced
conversions' ``sha256_email_address``). Anyone holding a list of emails hashes it the same way, so the digest is the
email: it goes as the value would, as a digest of its own length and case. (A browser's or an ad click's id of the
same beacons is a session's: ``exactkeys``.)

An EVM wallet's private key in a deploy tool's ``accounts`` list (Hardhat's, Truffle's ``accounts: ['0x…']``): 0x and
64 hex digits is a key there, 0x and 40 an address (``wallets``). A bare 0x and 64 hex digits elsewhere is as often a
transaction's or a block's hash.

A German vehicle's identification number (Fahrzeug-Identifikationsnummer) under "fin", which Singapore's foreign
identification number goes by too, and a Spanish API's range end or end date ({"inicio": 0, "fin": 250}): a VIN's
shape or the FIN's is a person's number there, a number or a date the end of something."""

from __future__ import annotations

import re

from replay.redact.hits import Hit
from replay.redact.pseudonym import Pseudonyms, looks_redacted

__all__ = ["SHAPED_CLASSES", "is_digest", "shaped_hits"]

# The classes of a contact's field name ("sha256_email_address" reads as an address's, by its end), of a
# wallet's keys (a private key's list: else its field's rule reads it), and of "fin".
SHAPED_CLASSES = frozenset({"email", "phone", "address", "wallet_keys", "private_key", "fin"})
_DIGEST = re.compile(r"[0-9a-f]{64}|[0-9A-F]{64}|[0-9a-f]{40}|[0-9a-f]{32}")
# From a JSON key's end to its value's first character: a string, or the first of a list of them (Meta's
# "em": ["…"]).
_TO_VALUE = re.compile(r'\\?"?[ \t]*[:=][ \t]*(?:\[[ \t]*)?\\?"')
_TO_LIST = re.compile(r'\\?["\']?[ \t]*[:=][ \t]*\[')
# A VIN: 17 of its letters (no I, O, Q) and digits, both; Singapore's FIN: F, G or M, seven digits, a check letter
_FIN = re.compile(r"(?=[A-HJ-NPR-Z]{0,16}\d)(?=\d{0,16}[A-HJ-NPR-Z])[A-HJ-NPR-Z\d]{17}|[FGM]\d{7}[A-Z]", re.I)
_LIST_KEY = re.compile(r'\s*\\?(["\'])(0x[0-9a-fA-F]{64})\\?\1\s*,?')


def is_digest(value: str) -> bool:
    """``value`` is a hex digest of a hash's length: 32, 40 or 64 digits."""
    return _DIGEST.fullmatch(value) is not None


def shaped_hits(text: str, key: str, cls: str, r: int, ps: Pseudonyms) -> list[Hit]:
    """The values of the field ``key`` (of class ``cls``) that ends at ``r`` whose shape is what the name says."""
    if cls in ("wallet_keys", "private_key"):
        return _wallet_keys(text, r, ps)  # a list of keys in a config's code ("privateKeys: ['0x…']"), any quotes
    if cls == "address" and "mail" not in key.lower():
        return []
    m = _TO_VALUE.match(text, r)
    if cls == "fin":
        f = _FIN.match(text, m.end()) if m is not None else None
        if f is None or text[f.end() : f.end() + 1] not in ('"', "\\") or looks_redacted(f.group(0)):
            return []
        return [Hit(f.start(), f.end(), "gov_id", ps.generic(f.group(0)), 70)]
    d = _DIGEST.match(text, m.end()) if m is not None else None
    if d is None or text[d.end() : d.end() + 1] not in ('"', "\\") or looks_redacted(d.group(0)):
        return []
    kind = "phone" if cls == "phone" else "email"
    return [Hit(d.start(), d.end(), kind, ps.token(d.group(0), 0), 70)]


def _wallet_keys(text: str, r: int, ps: Pseudonyms) -> list[Hit]:
    m = _TO_LIST.match(text, r)
    hits: list[Hit] = []
    p = m.end() if m is not None else len(text)
    while (item := _LIST_KEY.match(text, p)) is not None:
        if not looks_redacted(item.group(2)):
            hits.append(Hit(item.start(2), item.end(2), "private_key", ps.token(item.group(2), 2), 80))
        p = item.end()
    return hits
