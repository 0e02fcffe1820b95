"""A contact's digest: the SHA-256 (or SHA-1, MD5) of a normalised email or phone number that ad and analytics APIs
take to match their users (Meta's and Pinterest's ``em`` and ``ph``, TikTok's ``user.email``, Google's enhanced
conversions' ``sha256_email_address``). Anyone holding a list of emails hashes it the same way, so the digest is the
email: it goes as the value would, as a digest of its own length and case. A browser's or an ad click's id of the
same beacons is a session's (``exactkeys``)."""

from __future__ import annotations

import re

from replay.redact.hits import Hit
from replay.redact.pseudonym import Pseudonyms, looks_redacted

__all__ = ["CONTACT_CLASSES", "contact_digest", "is_digest"]

# The classes of a contact's field name; "sha256_email_address" reads as an address's, by its end.
CONTACT_CLASSES = frozenset({"email", "phone", "address"})
_DIGEST = re.compile(r"[0-9a-f]{64}|[0-9A-F]{64}|[0-9a-f]{40}|[0-9a-f]{32}")
# From a JSON key's end to its value's first character: a string, or the first of a list of them (Meta's
# "em": ["…"]).
_TO_VALUE = re.compile(r'\\?"?[ \t]*[:=][ \t]*(?:\[[ \t]*)?\\?"')


def is_digest(value: str) -> bool:
    """``value`` is a hex digest of a hash's length: 32, 40 or 64 digits."""
    return _DIGEST.fullmatch(value) is not None


def contact_digest(text: str, key: str, cls: str, r: int, ps: Pseudonyms) -> Hit | None:
    """The digest in the value after the contact's field name ``key`` (of class ``cls``) that ends at ``r``."""
    if cls == "address" and "mail" not in key.lower():
        return None
    m = _TO_VALUE.match(text, r)
    d = _DIGEST.match(text, m.end()) if m is not None else None
    if d is None or text[d.end() : d.end() + 1] not in ('"', "\\") or looks_redacted(d.group(0)):
        return None
    kind = "phone" if cls == "phone" else "email"
    return Hit(d.start(), d.end(), kind, ps.token(d.group(0), 0), 70)
