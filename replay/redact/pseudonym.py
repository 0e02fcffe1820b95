"""Deterministic, format-preserving pseudonyms keyed by an HMAC secret, and how to recognise them.

The same value (normalised: an email lower-cased, a card or phone by its digits) always maps
to the same pseudonym under one key, so sessions, cache keys and cardinalities survive. Every
pseudonym also carries a public mark that does not depend on the key (a reserved domain or
address range, a fixed word, check digits), so a later pass, even under another key, leaves
it alone: redacting twice equals redacting once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import json
import re
import string
from functools import cache

import phonenumbers

__all__ = [
    "EMAIL_DOMAIN",
    "JSON_NUMBER",
    "JWT_HEADER",
    "Pseudonyms",
    "has_invented_word",
    "is_card_pseudonym",
    "is_dob_pseudonym",
    "is_iban_pseudonym",
    "is_invented_name",
    "is_ip_pseudonym",
    "is_mac_pseudonym",
    "is_military_pseudonym",
    "is_phone_pseudonym",
    "is_ssn_pseudonym",
    "is_token_pseudonym",
    "looks_redacted",
    "luhn_ok",
]

EMAIL_DOMAIN = "example.invalid"
GENERIC = "redacted-"
WORD_UPPER, WORD_LOWER, WORD_HEX = "REDACTED", "redacted", "deadbeef"
PEM_WORD = "REDACTED"
_MARK_SALT = b"replay-pseudonym/1|"
_CACHE_LIMIT = 200_000


# Byte -> character tables for token pseudonyms, one per character class.
_DIGITS = bytes(48 + b % 10 for b in range(256))
_LOWER = bytes(97 + b % 26 for b in range(256))
_UPPER = bytes(65 + b % 26 for b in range(256))
_HEX_LOW = bytes(ord("0123456789abcdef"[b % 16]) for b in range(256))
_HEX_UP = bytes(ord("0123456789ABCDEF"[b % 16]) for b in range(256))
_HEX_CHARS = string.hexdigits.encode()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


JWT_HEADER = _b64url(b'{"alg":"none","typ":"JWT","kid":"replay-redacted"}')
_GENERIC_RE = re.compile(r"redacted-[0-9a-f]{12}")
# A number as JSON writes one (a sign, a fraction, an exponent): a secret of that shape keeps it, as nines, so that a
# bare JSON number under a secret's key ({"MPAN": 100000.0}) stays a number, not a bare word that breaks the document
JSON_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_NINES = re.compile(r"-?9+(?:\.9+)?(?:[eE][+-]?9+)?")
# IPv4 documentation ranges (RFC 5737): no real client is there. 198.18.0.0/15 (RFC 2544
# benchmarking) was the range of earlier versions: still recognised.
_V4_NETS = tuple(ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"))
_V4_OLD = ipaddress.ip_network("198.18.0.0/15")
_V6_NET = ipaddress.ip_network("2001:db8::/32")  # RFC 3849 documentation prefix
# Fictional phone ranges: NANP NPA-555-0100..0199 (area codes of large cities, so the number is a
# valid one), Ofcom's 01632 960000..960999 for the UK.
_NANP_NPAS = ("201", "206", "212", "213", "303", "305", "312", "404", "415", "503", "512", "602", "617", "646")
_NANP_NPAS += ("702", "713", "718", "720", "818", "917")
_UK_FICTIONAL = "1632960"
_SHA256_BLOCK = 64

# Invented name parts: a pseudonymous person or street is made of one onset and one ending, so
# a real name is never taken for a pseudonym and a pseudonym is recognised by its parts.
_ONSETS = ("Zan", "Quor", "Vel", "Thal", "Brix", "Yor", "Kesh", "Orv", "Pell", "Dray", "Mirv", "Soll", "Xan", "Ferr")
_ONSETS += ("Jass", "Wend")
_GIVEN_ENDS = ("wyn", "dra", "mir", "ova", "ick", "ela", "orin", "ast", "ienne", "ulo", "essa", "ard", "ix", "una")
_GIVEN_ENDS += ("eth", "anor")
_FAMILY_ENDS = ("holm", "wick", "stead", "mere", "ridge", "vane", "cott", "brook", "thorn", "ley", "gate", "ford")
_FAMILY_ENDS += ("wold", "haven", "croft", "more")
_NAME_ENDS = _GIVEN_ENDS + _FAMILY_ENDS  # a name's word, whichever place it stands in


def _mark(payload: str, k: int) -> str:
    """``k`` check digits anyone can recompute: the key-independent part of a digit pseudonym."""
    h = hashlib.blake2b(_MARK_SALT + payload.encode(), digest_size=8).digest()
    return str(int.from_bytes(h, "big") % 10**k).zfill(k)


_DATE_RUN = re.compile(r"\d+")
_DOB_RUNS = {4: "1900", 2: "01", 8: "19000101"}
_ORDINAL = re.compile(r"(?<![0-9])0?1(?:st|nd|rd|th)(?![a-z])")


def is_dob_pseudonym(value: str) -> bool:
    """What ``Pseudonyms.dob`` wrote: every number 1900, 01 or 1s."""
    runs = _DATE_RUN.findall(value)
    return bool(runs) and all(r in ("1900", "01", "19000101") or r.strip("1") == "" for r in runs)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = ord(c) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# An ASCII character's class as a mask byte (0xFF in it, 0 out of it): a digit's, a lower-case letter's, a capital's
_CLASS_MASKS = tuple(
    bytes(255 if test(chr(b)) else 0 for b in range(256))
    for test in (
        lambda c: c in string.digits,
        lambda c: c in string.ascii_lowercase,
        lambda c: c in string.ascii_uppercase,
    )
)


def _by_class(rest: bytes, picks: tuple[bytes, ...]) -> bytes:
    """``rest`` with each digit, lower-case letter and capital taken from its class's ``picks`` (one a class, in
    ``_CLASS_MASKS``' order) at its place, anything else kept: as masks over whole integers, not a pick per
    character (a 48-character key took 9 us so)."""
    out = taken = 0
    for table, pick in zip(_CLASS_MASKS, picks, strict=True):
        mask = int.from_bytes(rest.translate(table), "big")
        out |= mask & int.from_bytes(pick, "big")
        taken |= mask
    return (out | (int.from_bytes(rest, "big") & ~taken)).to_bytes(len(rest), "big")


def _ascii_token(rest: str, pool: bytes) -> str:
    """``Pseudonyms.token``'s keyed part for an ASCII ``rest``: each character one of its class's from ``pool``, the
    word that marks it first. A key of hex digits alone takes hex digits (its case kept), another any letter or
    digit of its character's class."""
    raw = rest.encode()
    upper = rest != rest.lower()
    if not raw.strip(_HEX_CHARS):  # a digit or a letter a-f, each in hex digits of its case
        low, up = pool.translate(_HEX_LOW), pool.translate(_HEX_UP)
        word = WORD_HEX.upper() if upper else WORD_HEX
        out = _by_class(raw, (low, low, up))
    else:
        word = WORD_UPPER if upper or rest == rest.upper() else WORD_LOWER
        out = _by_class(raw, (pool.translate(_DIGITS), pool.translate(_LOWER), pool.translate(_UPPER)))
    word = word[: len(out)]
    return word + out[len(word) :].decode()


def _luhn_digit(payload: str) -> str:
    for d in "0123456789":
        if luhn_ok(payload + d):
            return d
    raise AssertionError("unreachable")


def _iban_check(country: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    return str(98 - int(num) % 97).zfill(2)


def _reshape(template: str, new: str, keep: str = string.digits) -> str:
    """``template`` with its characters in ``keep`` replaced, in order, by those of ``new``."""
    it = iter(new)
    return "".join(next(it) if c in keep else c for c in template)


def _after_onset(word: str) -> str | None:
    """What follows the invented onset ``word`` starts with; None when it starts with none."""
    if not word.startswith(_ONSETS):  # one C call rules out almost every word (a real name, a street's)
        return None
    return next(word[len(onset) :] for onset in _ONSETS if word.startswith(onset))


def _word(name: str) -> bool:
    rest = _after_onset(name)
    return rest is not None and (rest in _GIVEN_ENDS or rest in _FAMILY_ENDS)


def is_invented_name(text: str) -> bool:
    """True when every word of ``text`` is an invented pseudonym name part."""
    words = text.replace(",", " ").split()
    return bool(words) and all(_word(w) for w in words)


def _starts_invented(word: str) -> bool:
    rest = _after_onset(word)
    return rest is not None and rest.startswith(_FAMILY_ENDS)


# A word's letters, between blanks, digits and marks ("361Pellford3", "#54Mirvstead-10": a street's pseudonym too)
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def has_invented_word(text: str) -> bool:
    """True when a word of ``text`` is, or starts with, an invented street name (a redacted
    address: ``Zanholm``, ``Zanholmstraße``)."""
    return any(_word(w) or _starts_invented(w) for w in _LETTER_RUN.findall(text))


# A latitude or longitude written to a few metres: its whole degrees, then 3 fractional digits or more.
COORDINATE = re.compile(r"([-+]?\d{1,3}\.)(\d{3,15})\Z")


def _coordinate_check(frac: str) -> int:
    return 2 if len(frac) < 6 else 3


def is_coordinate_pseudonym(value: str) -> bool:
    m = COORDINATE.match(value)
    if m is None:
        return False
    head, frac = m.groups()
    k = _coordinate_check(frac)
    return frac[-k:] == _mark(head + frac[:-k], k)


def is_card_pseudonym(digits: str) -> bool:
    return digits.startswith(("400000", "370000")) and digits[-4:-1] == _mark(digits[:-4], 3)


def is_ssn_pseudonym(digits: str) -> bool:
    return len(digits) == 9 and digits[0] == "8" and digits[5:] == _mark(digits[:5], 4)


def is_mac_pseudonym(hexes: str) -> bool:
    """A MAC address's hex digits (lower case; 12, or an EUI-64's 16) as ``mac`` makes them: 02 first, the
    last four a check of the rest."""
    return hexes[:2] == "02" and hexes[-4:] == _mark(hexes[:-4], 4)


@cache
def _mobile_lead(cc: int) -> str | None:
    """The first two digits of a country's example mobile number, which its phone pseudonyms start with."""
    region = phonenumbers.region_code_for_country_code(cc)
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    return phonenumbers.national_significant_number(example)[:2] if example else None


def is_phone_pseudonym(cc: int, nsn: str) -> bool:
    """A pseudonym by its fictional range (NANP 555-01xx, Ofcom's 01632 960xxx) and its check
    digits there; elsewhere by its country's mobile lead and its last four digits (one real number in
    10,000 had the check digits alone, and was kept as if redacted: +33 1 23 45 64 63)."""
    if cc == 1 and len(nsn) == 10 and nsn[3:8] == "55501":
        # every NANP area code starts 2-9: "021 555 0197", a NZ mobile read in the US, is no pseudonym of ours
        return nsn[0] not in "01" and nsn[8:] == _mark(f"1:{nsn[:3]}", 2)
    if cc == 44 and len(nsn) == 10 and nsn.startswith(_UK_FICTIONAL):
        return nsn[8:] == _mark(f"44:{nsn[:8]}", 2)
    lead = _mobile_lead(cc)
    return len(nsn) > 5 and (lead is None or nsn.startswith(lead)) and nsn[-4:] == _mark(f"{cc}:{nsn[:-4]}", 4)


def is_raw_phone_pseudonym(digits: str) -> bool:
    return len(digits) > 5 and digits[-4:] == _mark(f"raw:{digits[:-4]}", 4)


def is_iban_pseudonym(compact: str) -> bool:
    bban = compact[4:]
    pos = [i for i, c in enumerate(bban) if c.isdigit()][-4:]
    if len(pos) < 4:
        return False
    masked = "".join("_" if i in pos else c for i, c in enumerate(bban))
    return "".join(bban[i] for i in pos) == _mark(compact[:2] + masked, 4)


def is_military_pseudonym(value: str) -> bool:
    digits = "".join(c for c in value if c.isdigit())
    return len(digits) > 3 and digits[-3:] == _mark(f"mil:{digits[:-3]}", 3)


_SHIP = re.compile(r"((?:USNS|USNV|USS|USCGC) )[A-Z][^\W\d_]+|((?:usns|usnv|uss|uscgc) )[^\W\d_]+")


def is_ip_pseudonym(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address ``Pseudonyms.ip`` writes: a documentation range's host, .1 to .254 ("203.0.113.0" is a text's)."""
    if ip.version == 6:
        return ip in _V6_NET
    return (any(ip in net for net in _V4_NETS) and 0 < ip.packed[3] < 255) or ip in _V4_OLD


def is_token_pseudonym(rest: str) -> bool:
    """The part of a vendor key after its prefix starts with the redaction word."""
    return rest.startswith((WORD_UPPER, WORD_LOWER, WORD_HEX, WORD_HEX.upper()))


def looks_redacted(value: str) -> bool:
    """True when ``value`` already holds a pseudonym (so a secret-by-name rule leaves it alone)."""
    if not value:
        return True
    if GENERIC in value or WORD_UPPER in value or JWT_HEADER in value or value.endswith(EMAIL_DOMAIN):
        return True
    if WORD_LOWER in value or WORD_HEX in value or WORD_HEX.upper() in value:
        return True
    if value == "[REDACTED]" or _NINES.fullmatch(value) is not None:
        return True
    # a user name's (``Pseudonyms.username``: "user-" and 8 hex digits) or an email's local part (10), under any key
    return len(value) in (13, 15) and value.startswith("user-") and all(c in "0123456789abcdef" for c in value[5:])


def _unescaped(value: str) -> str:
    """``value`` with its JSON string escapes undone for as long as they read as such: one value, however many
    levels of JSON it was found in (a tool call's ``arguments``, a settings blob in a string: ``pa\\\\\\"ss``,
    ``pa\\"ss``, ``pa"ss``; ``Cl\\\\u00e9``, ``Clé``), and whether a walk of the parsed body read it or the text
    pass its raw text, has one pseudonym. Values that differ only in how many times they were escaped share it."""
    while "\\" in value:
        try:
            new = json.loads(f'"{value}"', strict=False)  # a raw tab or newline: what the text view decoded
            new.encode()  # a lone surrogate's escape is no character the digest can take
        except ValueError:  # UnicodeEncodeError's too
            break
        value = new
    return value


class Pseudonyms:
    """Makes pseudonyms under one HMAC key; caches them, since the same values recur."""

    def __init__(self, key: bytes):
        self._key = key
        # HMAC-SHA256 keyed once (RFC 2104's inner and outer states): a digest copies the two, in half the
        # instructions of hmac.digest, which keys a new context for each pseudonym (24,000 a call).
        block = (hashlib.sha256(key).digest() if len(key) > _SHA256_BLOCK else key).ljust(_SHA256_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
        self._cache: dict[tuple[str, str], str] = {}

    def _digest(self, kind: str, value: str, counter: int = 0) -> bytes:
        msg = f"{kind}\0{counter}\0{value}".encode()
        inner = self._inner.copy()
        inner.update(msg)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def _digits(self, kind: str, value: str, n: int, counter: int = 0) -> str:
        if n <= 0:
            return ""
        out = ""
        while len(out) < n:
            out += str(int.from_bytes(self._digest(kind, value, counter), "big"))[1:]
            counter += 1000
        return out[:n]

    def _hex(self, kind: str, value: str, n: int) -> str:
        return self._digest(kind, value).hex()[:n]

    def _cached(self, kind: str, value: str, make) -> str:  # type: ignore[no-untyped-def]
        key = (kind, value)
        got = self._cache.get(key)
        if got is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            got = self._cache[key] = make()
        return got

    def generic(self, value: str) -> str:
        """A secret with no format to keep (a password, an opaque token): ``redacted-<12 hex>``."""
        if value.isdigit():  # PINs, OTPs, CVCs: same length, all nines
            return "9" * len(value)
        if JSON_NUMBER.fullmatch(value):
            return "".join("9" if c.isdigit() else c for c in value)
        if "\\" in value:
            value = _unescaped(value)
        return self._cached("generic", value, lambda: GENERIC + self._hex("generic", value, 12))

    @staticmethod
    def dob(value: str) -> str:
        """A date of birth in its own shape, as 1900-01-01 (``1987-04-12`` -> ``1900-01-01``,
        ``12/04/1987`` -> ``01/01/1900``, ``4 April 1987`` -> ``1 April 1900``): a service that
        parses it still can, and no one is born on it (``is_dob_pseudonym``)."""
        out = _DATE_RUN.sub(lambda m: _DOB_RUNS.get(len(m.group(0)), "1" * len(m.group(0))), value)
        return _ORDINAL.sub("1st", out)  # "3rd March 1987", "22nd May": "1st March 1900", not "1rd", "01nd"

    def email(self, value: str) -> str:
        norm = value.lower()
        return self._cached("email", norm, lambda: f"user-{self._hex('email', norm, 10)}@{EMAIL_DOMAIN}")

    def username(self, value: str) -> str:
        return self._cached("user", value, lambda: f"user-{self._hex('user', value, 8)}")

    def token(self, value: str, prefix_len: int) -> str:
        """A vendor key: same prefix, length and character classes, the rest starting with REDACTED."""

        def make() -> str:
            prefix, rest = value[:prefix_len], value[prefix_len:]
            pool = self._pool(value, len(rest))
            if rest.isascii():
                return prefix + _ascii_token(rest, pool)
            hexy = all(c in string.hexdigits for c in rest)
            if hexy:  # one translation per class, then a pick per character
                low, up = pool.translate(_HEX_LOW).decode(), pool.translate(_HEX_UP).decode()
                out = [u if c.isupper() else lo for c, lo, u in zip(rest, low, up, strict=True)]
                word = WORD_HEX.upper() if any(c.isupper() for c in rest) else WORD_HEX
            else:
                dig, low, up = (pool.translate(t).decode() for t in (_DIGITS, _LOWER, _UPPER))
                out = [
                    d if c.isdigit() else lo if c.islower() else u if c.isupper() else c
                    for c, d, lo, u in zip(rest, dig, low, up, strict=True)
                ]
                upper = any(c.isupper() for c in rest) or not any(c.islower() for c in rest)
                word = WORD_UPPER if upper else WORD_LOWER
            word = word[: len(out)]
            return prefix + word + "".join(out[len(word) :])

        return self._cached(f"token{prefix_len}", value, make)

    def _pool(self, value: str, n: int) -> bytes:
        """``n`` keyed pseudo-random bytes for ``value`` (HMAC-SHA512 blocks)."""
        out = b""
        counter = 0
        while len(out) < n:
            out += hmac.digest(self._key, f"token\0{counter}\0{value}".encode(), "sha512")
            counter += 1
        return out[:n]

    def jwt(self, value: str) -> str:
        def make() -> str:
            payload = _b64url(b'{"sub":"' + self._hex("jwt", value, 12).encode() + b'"}')
            return f"{JWT_HEADER}.{payload}.{_b64url(self._digest('jwt-sig', value))}"

        return self._cached("jwt", value, make)

    def pem(self, label: str, newline: str, value: str) -> str:
        body = PEM_WORD + self._hex("pem", value, 32)
        return f"-----BEGIN {label}-----{newline}{body}{newline}-----END {label}-----"

    def card(self, value: str) -> str:
        digits = "".join(c for c in value if c.isdigit())

        def make() -> str:
            prefix = "370000" if len(digits) == 15 else "400000"
            body = prefix + self._digits("card", digits, len(digits) - 10)
            body += _mark(body, 3)
            return body + _luhn_digit(body)

        return _reshape(value, self._cached("card", digits, make))

    def coordinate(self, value: str) -> str:
        """A latitude or longitude (``-26.8558525``, a ``COORDINATE``): its whole degrees kept (a region some
        100 km wide, which a geo-sharded service still routes on), the fractional digits keyed, the last 2 or
        3 of them a check (``is_coordinate_pseudonym``)."""
        m = COORDINATE.match(value)
        if m is None:
            return self.generic(value)
        head, frac = m.groups()
        k = _coordinate_check(frac)
        body = head + self._digits("geo", value, len(frac) - k)
        return body + _mark(body, k)

    def mac(self, value: str) -> str:
        """A MAC address (``00:1A:2B:3C:4D:5E``, ``001a.2b3c.4d5e``, an EUI-64's 16 hex digits) in its own
        separators and case: 02 first (a locally administered unicast address, which no vendor assigns to a
        device), keyed hex digits, and four check digits (``is_mac_pseudonym``). The keyed part is 24 bits: a
        thousand devices share a pseudonym with odds of 3%, where 02:00's four keyed decimal digits made that
        certain."""
        hexes = "".join(c for c in value if c in string.hexdigits).lower()

        def make() -> str:
            head = "02" + self._hex("mac", hexes, len(hexes) - 6)
            return head + _mark(head, 4)

        out = _reshape(value, self._cached("mac", hexes, make), string.hexdigits)
        return out.upper() if value.isupper() else out

    def ssn(self, value: str) -> str:
        digits = "".join(c for c in value if c.isdigit())

        def make() -> str:
            d = self._digits("ssn", digits, 3)
            head = "8" + d[:2] + str(1 + int(d[2]) % 9).zfill(2)
            return head + _mark(head, 4)

        return _reshape(value, self._cached("ssn", digits, make))

    def phone(self, value: str, number: phonenumbers.PhoneNumber | None) -> str:
        """Same shape, same country; the number is a valid one of that country where one is found."""
        digits = "".join(c for c in value if c.isdigit())
        if number is None:
            new = self._cached("rawphone", digits, lambda: self._raw_phone(digits))
            return _reshape(value, new)
        nsn = phonenumbers.national_significant_number(number)
        cc = number.country_code
        new_nsn = self._cached("phone", f"{cc}:{nsn}", lambda: self._phone_nsn(cc, nsn))
        if digits.endswith(nsn):
            return _reshape(value, digits[: len(digits) - len(nsn)] + new_nsn)
        return _reshape(value, (digits[: max(0, len(digits) - len(new_nsn))] + new_nsn)[-len(digits) :])

    def _raw_phone(self, digits: str) -> str:
        head = digits[:1] + self._digits("rawphone", digits, len(digits) - 5)
        return head + _mark(f"raw:{head}", 4)

    def _phone_nsn(self, cc: int, nsn: str) -> str:
        h = self._digits("phone", f"{cc}:{nsn}", 4)
        if cc == 1 and len(nsn) == 10:
            npa = _NANP_NPAS[int(h) % len(_NANP_NPAS)]
            return npa + "55501" + _mark(f"1:{npa}", 2)
        if cc == 44 and len(nsn) == 10:
            head = _UK_FICTIONAL + h[0]
            return head + _mark(f"44:{head}", 2)
        lead = _mobile_lead(cc) or nsn[:2]
        cand = nsn
        for counter in range(20):
            mid = lead + self._digits("phone", f"{cc}:{nsn}", len(nsn) - 6, counter)
            cand = mid + _mark(f"{cc}:{mid}", 4)
            num = phonenumbers.PhoneNumber(country_code=cc, national_number=int(cand))
            if cand.startswith("0"):
                num.italian_leading_zero = True
            if phonenumbers.is_valid_number(num):
                break
        return cand

    def iban(self, value: str) -> str:
        compact = "".join(c for c in value if c.isalnum()).upper()

        def make() -> str:
            country, bban = compact[:2], compact[4:]
            raw = self._digits("iban", compact, len(bban) * 2)
            chars = [
                str(int(raw[2 * i : 2 * i + 2]) % 10) if c.isdigit() else chr(65 + int(raw[2 * i : 2 * i + 2]) % 26)
                for i, c in enumerate(bban)
            ]
            pos = [i for i, c in enumerate(chars) if c.isdigit()][-4:]
            masked = "".join("_" if i in pos else c for i, c in enumerate(chars))
            for i, d in zip(pos, _mark(country + masked, 4)[-len(pos) :] if pos else "", strict=False):
                chars[i] = d
            new_bban = "".join(chars)
            return country + _iban_check(country, new_bban) + new_bban

        return _reshape(value, self._cached("iban", compact, make), string.ascii_letters + string.digits)

    def ip(self, addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
        def make() -> str:
            n = int.from_bytes(self._digest("ip", str(addr)), "big")
            if addr.version == 4:
                net = _V4_NETS[n % 3]
                return str(net.network_address + 1 + (n // 3) % 254)  # .1 to .254
            return str(_V6_NET.network_address + n % _V6_NET.num_addresses)

        return self._cached("ip", str(addr), make)

    def _invented(self, kind: str, value: str, ends: tuple[str, ...], i: int) -> str:
        d = self._digest(kind, value)  # 32 bytes: a name of more than 15 words takes its bytes again, shifted
        j = 2 * i % len(d)
        return _ONSETS[(d[j] + i // 16) % len(_ONSETS)] + ends[d[j + 1] % len(ends)]

    def military(self, value: str) -> str:
        """A US military address in its own form (``PSC 0413, Box 8144\\nAPO AA 42323``): a ship's name
        invented, the digits keyed, the last three a check that tells the pseudonym again."""
        digits = "".join(c for c in value if c.isdigit())

        def make() -> str:
            head = self._digits("military", digits, len(digits) - 3)
            return head + _mark(f"mil:{head}", 3)

        out = _reshape(value, self._cached("military", digits, make))
        ship = self._invented("name", value, _FAMILY_ENDS, 0)
        return _SHIP.sub(lambda m: m.group(1) + ship if m.group(1) else m.group(2) + ship.lower(), out)

    def box(self, value: str) -> str:
        """A post office box (``P.O. Box 123``, ``Postfach 12 34``): its words kept, its number keyed, four digits at
        least, the last three the military pseudonym's check, so that it is told again."""
        at = next(i for i, c in enumerate(value) if c.isdigit())
        digits = "".join(c for c in value[at:] if c.isdigit())

        def make() -> str:
            head = self._digits("box", digits, max(1, len(digits) - 3))
            return head + _mark(f"mil:{head}", 3)

        return value[:at] + self._cached("box", digits, make)

    def name(self, value: str) -> str:
        """A person's name: as many invented words, each word's own, so that one person keeps one name however a
        text names them ("Kwabena Mensah" -> "Wenddra Keshholm", "Sure, Kwabena" -> "Sure, Wenddra", "Mr. Mensah"
        -> "Mr. Keshholm"; keyed by the whole name, the given name alone was another's)."""
        # an initial's full stop is no part of who is named: "F.L." and "F.L" (a sentence's end took the stop) alike
        return " ".join(self._name_word(w.casefold().rstrip(".")) for w in value.split())

    def _name_word(self, word: str) -> str:
        return self._cached("name", word, lambda: self._invented("name", word, _NAME_ENDS, 0))

    def street(self, number: str, value: str) -> tuple[str, str]:
        """A house number of the same length and an invented street name."""
        norm = " ".join(value.casefold().split())
        num = _reshape(number, self._digits("street", norm, sum(c.isdigit() for c in number)))
        if num[:1] == "0":
            num = "1" + num[1:]
        return num, self._invented("street", norm, _FAMILY_ENDS, 0)
