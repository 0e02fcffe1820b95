"""Digit-shaped personal data: payment cards (Luhn and issuer prefix), SSNs, phone numbers
(``phones``), IBANs (mod-97), IPv4 and IPv6 client addresses. One regex pass finds runs of
digits with their separators; each run is classified by its shape, and when its shape says
nothing, by the name of the field it is the value of or the header of its table column."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator

import phonenumbers

from replay.redact.checksums import IBAN_LEN, ean_ok, gtin_ok, iban_ok, iin_ok, verhoeff_ok, vin_ok
from replay.redact.hits import Hit, guard
from replay.redact.keys import STRICT_SECRET_CLASSES, KeyRules, normalize
from replay.redact.macs import HEX_TABLE, MacFinder, colon_mac
from replay.redact.nationalids import (
    digit_id,
    hetu_at,
    lettered_around,
    lettered_at,
    lettered_in,
    receipt_before,
    shaped_id,
    thing_before,
)
from replay.redact.phones import (
    CUE_REACH,
    ENDPOINT_KEYS,
    PHONE_CUES,
    PhoneFinder,
    extension_at,
    literal_alternation,
    valid_number,
)
from replay.redact.pseudonym import (
    Pseudonyms,
    is_card_pseudonym,
    is_iban_pseudonym,
    is_ip_pseudonym,
    is_ssn_pseudonym,
    looks_redacted,
    luhn_ok,
)
from replay.redact.tables import column_key

__all__ = ["CUE_REACH", "SHAPE_TABLE", "DigitFinder", "number_cue"]

# 7 characters at least: shorter runs are nothing we seek. [0-9] rather than \d: twice as fast.
_NUM = re.compile(r"[0-9][0-9 .()\-/:]{5,}[0-9]")
_IPV4 = re.compile(
    r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\d|\.\d)"
)
_LABEL_DIGIT = re.compile(r"\d{1,2}:? ")  # the digits ending a word before an address, "IPv4: "
_IPV6 = re.compile(r"(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])")
_HEX_COLON = frozenset("0123456789abcdef:")
# What ``DigitFinder._ipv6`` takes with no "::" holds, in a text's hex shape (``macs.HEX_TABLE``): a MAC's six colon
# pairs, or an address's eight groups (its first and last may be empty), have five colons in a row between groups of
# 1-4 hex digits; a time ("10:30:00") has two. The search skips from colon to colon.
_FIVE_GROUPS = re.compile(rb":(?<=h:)(?:h{1,4}:){4}h")
# The key of a device, a handset, a phone's equipment: "deviceid", "device_id", "handsetId", "equipment"
_DEVICE_KEY = re.compile(r"(?i)device|handset|equipment")


def in_hex_address(low: str, s: int) -> bool:
    """A word at ``low[s]`` (lower case) is a group of the IPv6 or MAC address around it ("dea" in
    "2001:db8:7a23:dea:6199:…"), not a cue: the run of hex digits and colons there is an address's shape."""
    if not ((s and low[s - 1] == ":") or ":" in low[s : s + 5]):
        return False
    # An address is 39 characters at most: a longer run is none, and read to its ends from each of its cues
    # ("cc:" repeated, each a cue) it was quadratic in its length (32 KB: 20 s).
    a, b = s, s
    while a > s - 40 and a and low[a - 1] in _HEX_COLON:
        a -= 1
    while b < s + 40 and b < len(low) and low[b] in _HEX_COLON:
        b += 1
    return b > s and b - a < 40 and _IPV6.fullmatch(low, a, b) is not None


_DATE = re.compile(r"\d{4}[-.]\d{1,2}[-.]\d{1,2}|\d{1,2}[-.]\d{1,2}[-.]\d{4}")
# The fields an API writes a Unix time in seconds under (OpenAI's objects, JWT claims): 10 digits from 2001 to 2033
_EPOCH_KEYS = tuple(
    f'"{k}":{sp}'
    for k in ("created", "created_at", "updated_at", "completed_at", "expires_at", "timestamp", "iat", "exp", "nbf")
    for sp in ("", " ")
)
# A US ITIN: an SSN's shape in the 9xx area the SSA never issues, its middle group in the IRS's ranges; only
# written with separators (a bare 9-digit run starting with 9 is anything).
_ITIN = re.compile(r"9\d\d([- ])(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])\1\d{4}")
# An Aadhaar number as printed on the card (2345 6789 0124): three groups of four, no leading 0 or 1, and its
# Verhoeff check digit (``checksums.verhoeff_ok``); ungrouped, 12 digits are anything's.
_AADHAAR = re.compile(r"[2-9]\d{3}([ -])\d{4}\1\d{4}")
_SSN = re.compile(r"(?!000|666|9)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}")
# Upper or lower case, grouped by 4 or not (de89 3704 0044 0532 0130 00 as typed into a chat, PL61-1090-1014-…
# as some forms print it); one case only.
_IBAN = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){11,32}|[a-z]{2}\d{2}(?:[ \-]?[a-z0-9]){11,32})")
# A Polish account number (NRB) as Poles write it, without its IBAN's "PL": the IBAN's two check digits and 24
# digits, bare or grouped by four ("61 1090 1014 0000 0712 1981 2874"); it passes the IBAN's mod-97 with "PL".
_NRB = re.compile(r"\d\d(?:[ \-]?\d{4}){6}")
_NONDIGIT = re.compile(r"\D")
_VERSION_CUES = ("version", "ver ", "build", "release", "firmware", "sdk", "agent", "v.", "os ")
# The same as words: "ver " and "v." end "server ", "never ", "dev." ("server ip 62.209.80.88").
_VERSION_CUE = re.compile(r"version|(?<![a-z])ver |build|release|firmware|sdk|agent|(?<![a-z])v\.|os ")
# Byte maps that turn a text into its shape, so a C-speed ``in`` says whether a pattern can occur.
# ``SHAPE_TABLE``'s (capitals "A", lower case "a", digits "0") is made once per text, by the finder, for
# the place pass, this one and ``nationalids``: its count of "0" is the text's of ASCII digits. The case
# is kept so that a needle of capitals and digits skips prose at memchr speed.
SHAPE_TABLE = bytes(
    ord("A") if 65 <= i <= 90 else ord("a") if 97 <= i <= 122 else ord("0") if 48 <= i <= 57 else i for i in range(256)
)
_HEXCOLON = frozenset("0123456789abcdefABCDEF:")
# An IPv6 cue's colon: one before a colon, or between two hex digits. Both branches start with the colon, so
# the search skips from colon to colon, and a JSON body's colons (``"key":1``) take no step in Python.
_COLON_CUE = re.compile(rb":(?=:)|:(?<=[0-9A-Fa-f]:)(?=[0-9A-Fa-f])")
# ``_NUM`` over an ASCII text's shape (``SHAPE_TABLE``: each digit "0", the other characters of its class as
# they are, letters "A" or "a"): the same matches, found by a search that skips to each digit at memchr speed.
_NUM_SHAPE = re.compile(rb"0[0 .()\-/:]{5,}0")
_PART = re.compile(r"[^ ]+")
_STOP = re.compile(r"\. +")  # a sentence's end inside a run of digits and separators


_NUMBER_CUE = re.compile(literal_alternation(PHONE_CUES + _VERSION_CUES))


def number_cue(low: str) -> bool:
    """A word in ``low`` that changes how a digit run after it reads: a phone's, or a version's."""
    return _NUMBER_CUE.search(low) is not None


def _key_before(text: str, a: int) -> str | None:
    """The field name right before a value at ``a`` (``"phone": "…``, ``tel=…``), if any."""
    i = a
    while i > 0 and text[i - 1] in " \t\"'\\":
        i -= 1
    if i == 0 or text[i - 1] not in ":=":
        return None
    i -= 1
    while i > 0 and text[i - 1] in " \t\"'\\":
        i -= 1
    j = i
    while j > 0 and i - j < 40 and (text[j - 1].isalnum() or text[j - 1] in "_-.[]"):
        j -= 1
    return text[j:i] or None


def _standalone(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` is a token of its own, not the digits of a bigger one (v1.2.3, ORD-2024-001,
    Chrome/120, 12ab). A letter against a digit makes them one word in a script that writes spaces
    between words; Chinese, Japanese and Korean write none, so a number sits against the words around
    it (电话是13812345678, 번호는010-1234-5678입니다): their letters (from CJK radicals, U+2E80, on) join
    nothing."""
    prev = text[a - 1] if a else ""
    if prev == "_" or (prev.isalpha() and prev < "\u2e80"):
        return False
    if prev in ".-/" and a >= 2 and (text[a - 2].isalnum() or text[a - 2] == "_"):
        return False
    nxt = text[b : b + 1]
    return not (nxt == "_" or (nxt.isalpha() and nxt < "\u2e80")) or extension_at(text, b)


# The digit runs of the ids with letters (``nationalids``): a DNI's 8, a NIE's or an NRIC's 7, a Chinese id's
# 17 before its X, a HETU's 6 and 3, a spaced NINO's three pairs; with a capital against them.
_LETTERED_RUN = re.compile(r"\d{7,9}|\d{17}|\d{6}[-+]\d{3}|\d\d \d\d \d\d")


def _alone(text: str, a: int, b: int) -> bool:
    """No digit group goes on either side of ``text[a:b]`` (a tracking number's 9400 1658 8705 2387 holds
    three groups of four)."""
    return not (text[b : b + 1] in (" ", "-") and text[b + 1 : b + 2].isdigit()) and not (
        text[a - 1 : a] in (" ", "-") and text[a - 2 : a - 1].isdigit()
    )


def _vin_at(text: str, shape: bytes, p: int) -> tuple[int, int] | None:
    """The VIN around ``p`` (two capitals before two digits in ``shape``: a maker's letters meeting a serial's,
    1HGCM82633A004352), a word of its own of 17 capitals and digits whose check digit passes; or None."""
    a, b = p, p + 4
    while a > max(0, p - 13) and shape[a - 1] in b"A0":
        a -= 1
    while b < min(len(shape), a + 18) and shape[b] in b"A0":
        b += 1
    if b - a != 17 or (a and shape[a - 1] in b"Aa0_") or shape[b : b + 1] in (b"A", b"a", b"0", b"_"):
        return None
    return (a, b) if vin_ok(text[a:b]) else None


def _v6_cues(raw: bytes, hexes: bytes) -> list[int]:
    """Where a hex digit, colon, hex digit (or ``::``) occurs in the ASCII ``raw`` (``hexes``: its hex shape,
    ``macs.HEX_TABLE``), in order: from each colon ``_COLON_CUE`` finds (the first colon of a "::", the hex digit
    before any other)."""
    if hexes.find(b"h:h") < 0 and raw.find(b"::") < 0:
        return []  # two needles' searches: the regex's stopped at each of a JSON body's colons (14 us an exchange)
    out = []
    for m in _COLON_CUE.finditer(raw):
        c = m.start()
        out.append(c if raw[c + 1] == 58 else c - 1)
    return out


def _num_matches(text: str, raw: bytes, digits: bytes) -> Iterator[re.Match[str] | re.Match[bytes]]:
    """``_NUM.finditer(text)``, as spans: on an ASCII text, ``_NUM_SHAPE``'s over its shape (``digits``: ``raw``
    with each ASCII digit as "0", ``SHAPE_TABLE``), which skips from digit to digit where ``_NUM`` tried its
    class at every character; past ASCII, byte offsets are not characters: ``_NUM`` itself."""
    return _NUM.finditer(text) if len(raw) != len(text) else _NUM_SHAPE.finditer(digits)


class DigitFinder:
    """Cards, SSNs, phones, IBANs and IP addresses in one text."""

    def __init__(self, ps: Pseudonyms, keys: KeyRules, on: dict[str, bool], regions: tuple[str, ...]):
        self.ps = ps
        self.keys = keys
        self.on = on
        self.phones = PhoneFinder(ps, regions)
        self.macs = MacFinder(ps)
        self._any = any(on[d] for d in ("phone", "card", "iban", "ssn", "ip"))

    def find(self, text: str, low: str, raw: bytes, hits: list[Hit], shape: bytes | None = None) -> None:
        """Add the hits of ``text`` (``low``: lower-cased, ``raw``: UTF-8, ``shape``: ``raw`` through
        ``SHAPE_TABLE``, when the caller has made it) to ``hits``."""
        if self._any and len(text) >= 7:
            if shape is None:
                shape = raw.translate(SHAPE_TABLE)
            nd = shape.count(b"0")
            if nd >= 6 or (nd >= 4 and raw.find(b".") >= 0):  # six: a spaced NINO's (AB 12 34 56 C) may be all
                self.phones.read_in(text)
                self._numbers(text, low, raw, shape, hits)
            if nd >= 4 and (self.on["iban"] or self.on["personal_ids"]):  # four: a PAN's (ABCPE1234F)
                self._capitals_digits(text, raw, shape, nd, hits)
        if not (self.on["ip"] or self.on["mac"]):
            return
        hexes = raw.translate(HEX_TABLE)
        if raw.find(b":") >= 0:
            self._ipv6(text, raw, hexes, hits)  # and a MAC's colon pairs, which it meets
        if self.on["mac"]:
            self.macs.find(text, raw, hexes, hits)

    def _numbers(self, text: str, low: str, raw: bytes, shape: bytes, hits: list[Hit]) -> None:
        for m in _num_matches(text, raw, shape):
            a, b = m.span()
            if text.find(". ", a, b) < 0:
                # ``_cluster`` reads a run holding a colon only for an IPv4 address in it (a dot) or its groups
                # parted by blanks: a time of day ("10:30:00" of "2024-05-01T10:30:00Z") is not read
                if ":" not in (run := text[a:b]) or " " in run or "." in run:
                    self._cluster(text, low, a, b, hits)
                continue
            # a sentence ends inside the run ("call 020 7946 0958. 12 times"): each sentence's numbers alone, so
            # that no number's reading takes the next sentence's digits
            at = a
            for stop in _STOP.finditer(text, a, b):
                for n in _NUM.finditer(text, at, stop.start()):
                    self._cluster(text, low, n.start(), n.end(), hits)
                at = stop.end()
            for n in _NUM.finditer(text, at, b):
                self._cluster(text, low, n.start(), n.end(), hits)

    def _cluster(self, text: str, low: str, a: int, b: int, hits: list[Hit]) -> None:
        s = text[a:b]
        whole = _standalone(text, a, b)
        if "." in s and self.on["ip"]:
            found = False
            for m in _IPV4.finditer(s):
                # in a run that is part of a bigger token, only an address that starts it and stands apart
                # ("ip 81.2.69.160 2024-06-01T12:00"); not one inside SVG path data ("8.7 9.4.7.6 1.3v5"); one after
                # a word ending in a digit ("IPv4: 81.2.69.160", "host2 …"), whose digit began the run, unless the
                # word is a version's ("firmware v4: 1.2.3.4")
                start = m.start() == 0 and s[m.end() : m.end() + 1] == " "
                labelled = (
                    _LABEL_DIGIT.fullmatch(s, 0, m.start()) is not None
                    and _standalone(text, a + m.start(), a + m.end())
                    and _VERSION_CUE.search(low, max(0, a - 24), a) is None
                )
                if whole or labelled or (start and _standalone(text, a, a + m.end())):
                    found = True
                    self._ipv4(text, low, a + m.start(), a + m.end(), hits)
            if found:
                return
        if not whole:
            # 62269391L, X3328130F, 160589-709A; not an ISO date before its T (2024-05-01T10:30)
            if (
                (text[b : b + 1].isupper() and (len(s) in (7, 8, 17) or s[6:7] in ("-", "+")))
                or (len(s) == 9 and s[0] in "12" and text[a - 1 : a].isupper())  # Taiwan's A123456789
            ) and self.on["personal_ids"]:
                self._lettered(text, s, a, b, hits)
            elif len(s) == 10 and self.on["personal_ids"] and (r := receipt_before(text, a, b)) is not None:
                self._gov_id(text, r, b, hits)  # a USCIS case's receipt number: its centre's letters, ten digits
            elif (cut := s.rfind(" ")) > 0 and _standalone(text, a, a + cut):
                # a measure's digits end the run ("+34612555019 200 12ms", an access log's status and time): they
                # are a word of their own, the groups before them the run
                self._cluster(text, low, a, a + len(s[:cut].rstrip()), hits)
            return
        if a and text[a - 1] in "+(":
            a -= 1
        if self._classify(text, low, a, b, hits) or " " not in s:
            return
        spaced_nino = text[a - 2 : a - 1].isupper() and text[a - 1 : a] == " "  # RM 27 92 87 D
        if spaced_nino and self.on["personal_ids"] and self._lettered(text, s, a, b, hits):
            return
        if self.on["phone"] and self.phones.is_pseudonym(s, _NONDIGIT.sub("", s)):
            hits.append(guard(a, b))  # a pseudonym in a fictional range: none of its parts is a number
            return
        # "4111 1111 1111 1111 12/27", "call +44 20 7946 0958 2x": try runs of the space-separated parts, each
        # without the sentence's stop after it ("card 4111111111111111. 123 is the CVV")
        parts = [(m.start(), m.start() + len(m.group().rstrip(".,;:"))) for m in _PART.finditer(text, a, b)][:24]
        i = 0
        while i < len(parts):
            for j in range(min(len(parts), i + 5), i, -1):
                inner = i > 0 and j < len(parts)  # digit groups on both sides
                if (i, j) != (0, len(parts)) and self._classify(text, low, parts[i][0], parts[j - 1][1], hits, inner):
                    i = j
                    break
            else:
                i += 1

    def _lettered(self, text: str, s: str, a: int, b: int, hits: list[Hit]) -> bool:
        """An id with letters that holds the digit run ``s`` at ``text[a:b]``, if any."""
        if _LETTERED_RUN.fullmatch(s):
            for start, end in lettered_around(text, a, b):
                self._gov_id(text, start, end, hits)
                return True
        return False

    def _gov_id(self, text: str, a: int, b: int, hits: list[Hit]) -> None:
        hits.append(Hit(a, b, "gov_id", shaped_id(self.ps, text[a:b]), 60))

    def _classify(self, text: str, low: str, a: int, b: int, hits: list[Hit], inner: bool = False) -> bool:
        """One digit run by its shape (SSN, card, phone) or by its field's name; True when decided.
        ``inner``: the run is a few groups amid a longer run of them (a short card's or a phone's
        digits there are another number's: "9400 1240 6754 4103 4013 14" passes Luhn at 6754 4103 4013)."""
        s = text[a:b]
        if ":" in s or _DATE.fullmatch(s):
            return False
        digits = _NONDIGIT.sub("", s)
        nd = len(digits)
        if nd < 7:
            return False
        if nd == 10 and s[0] == "1" and text.endswith(_EPOCH_KEYS, max(0, a - 24), a):
            return True  # a Unix time under its field's name ("created": 1764000003, every completion's): no one's
        if (
            nd >= 10
            and self.on["personal_ids"]
            and not inner
            and digit_id(s, digits, bare_ok=False)
            and not thing_before(low, a)  # "build 20240501-1234" passes by chance
        ):
            self._gov_id(text, a, b, hits)
            return True
        if "/" in s:
            return False
        if nd == 26 and self.on["iban"] and not inner and _NRB.fullmatch(s) and iban_ok("PL" + digits):
            hits.append(Hit(a, b, "iban", shaped_id(self.ps, s), 60))
            return True
        if self.on["ssn"] and nd == 9 and _SSN.fullmatch(s):
            hits.append(guard(a, b) if is_ssn_pseudonym(digits) else Hit(a, b, "ssn", self.ps.ssn(s), 60))
            return True
        if (
            self.on["personal_ids"]
            and nd == 12
            and _AADHAAR.fullmatch(s)
            and _alone(text, a, b)
            and verhoeff_ok(digits)
        ):
            hits.append(guard(a, b) if looks_redacted(s) else Hit(a, b, "gov_id", self.ps.generic(s), 60))
            return True
        if self.on["personal_ids"] and nd == 9 and _ITIN.fullmatch(s):
            hits.append(guard(a, b) if is_ssn_pseudonym(digits) else Hit(a, b, "gov_id", self.ps.ssn(s), 60))
            return True
        if self.on["card"] and 12 <= nd <= 19 and not (inner and nd < 16) and self._card(s, digits, a, b, hits):
            return True
        bare = digits == s.lstrip("+")
        if bare and self._by_key(text, s, digits, a, b, hits):
            return True  # a bare digit run: its field's name decides first
        if self.on["phone"] and self.phones.at(text, low, s, a, b, hits, inner):
            return True
        # two check digits, or one and a birth date; not an order's number that passes by chance
        if (
            bare
            and nd in (11, 14)
            and self.on["personal_ids"]
            and not inner
            and _alone(text, a, b)
            and not thing_before(low, a)
            and digit_id(s, digits, bare_ok=True)
        ):
            self._gov_id(text, a, b, hits)
            return True
        return not bare and self._by_key(text, s, digits, a, b, hits)

    def _card(self, s: str, digits: str, a: int, b: int, hits: list[Hit]) -> bool:
        seps = set(s) - set("0123456789")
        if seps - {" ", "-"} or len(seps) > 1 or not luhn_ok(digits):
            return False
        if is_card_pseudonym(digits):  # of any length: a 14-digit Diners card's starts 400000, no Visa length
            hits.append(guard(a, b))
            return True
        if not iin_ok(digits):
            return False
        if len(digits) == 13 and not seps and ean_ok(digits):
            return False  # a product's EAN-13 ("4006381333931"): 13-digit Visa numbers went out decades ago
        hits.append(Hit(a, b, "card", self.ps.card(s), 60))
        return True

    def _by_key(self, text: str, s: str, digits: str, a: int, b: int, hits: list[Hit]) -> bool:
        """A digit run may be something by its field's name; True when the name decided."""
        key = _key_before(text, a) or column_key(text, a)
        cls = None if key is None else self.keys.classify(key)
        if cls is None and key is not None and key.endswith("]"):  # card[number], billing[phone]
            cls = self.keys.classify(key.rstrip("]").rpartition("[")[2]) or self.keys.classify(key)
        if cls == "phone" and self.on["phone"]:
            if self.phones.is_pseudonym(s, digits):
                hits.append(guard(a, b))
                return True
            num = self.phones.parse(s, valid_only=False)
            valid = num is not None and valid_number(num)
            if not valid and (lead := self._leading_phone(s)) is not None:
                # the field's value ends at a valid number's last group: the groups after it are the text's
                # ("phone=+34612555019 200": a log line's status code after a query)
                b, num, valid = a + len(lead[0]), lead[1], True
                s = lead[0]
            hits.append(Hit(a, b, "phone", self.ps.phone(s, num if valid else None), 50))
        elif cls == "ssn" and self.on["ssn"] and len(digits) == 9:
            hits.append(guard(a, b) if is_ssn_pseudonym(digits) else Hit(a, b, "ssn", self.ps.ssn(s), 60))
        elif cls == "card" and self.on["card"] and 12 <= len(digits) <= 19:
            hits.append(guard(a, b) if is_card_pseudonym(digits) else Hit(a, b, "card", self.ps.card(s), 60))
        elif cls in STRICT_SECRET_CLASSES and key is not None and self.keys.by_name(key):
            hits.append(guard(a, b) if looks_redacted(s) else Hit(a, b, cls, self.ps.generic(s), 70))
        elif key is not None and cls in (None, "id") and len(digits) in (15, 16) and _DEVICE_KEY.search(key):
            # an IMEI (15 digits; 16 as an IMEISV) under a device's own key ("deviceid": "354398101234567"): a
            # database's ids are rarely all digits of a phone's serial's length
            if not self.on["personal_ids"]:
                return False
            hits.append(guard(a, b) if looks_redacted(s) else Hit(a, b, "device_id", shaped_id(self.ps, s), 70))
        elif key is not None and cls is None and normalize(key).endswith("barcode") and not gtin_ok(digits):
            # a ticket's or a pass's barcode, which admits whoever shows it (Eventbrite's "barcode": 21 digits); a
            # product's is a GTIN (EAN-13, UPC-A, EAN-8, GTIN-14) by its check digit, and is kept
            if not self.on["secret_keys"]:
                return False
            hits.append(guard(a, b) if looks_redacted(s) else Hit(a, b, "token", self.ps.generic(s), 70))
        elif (
            cls is None
            and self.on["phone"]
            and key is not None
            and normalize(key.rstrip("]").rpartition("[")[2]) in ENDPOINT_KEYS
        ):
            if " " in s and self.phones.parse(s, valid_only=True) is None and (lead := self._leading_phone(s)):
                s, b, digits = lead[0], a + len(lead[0]), _NONDIGIT.sub("", lead[0])  # "to=+38640555123 201"
            if (num := self.phones.endpoint(digits)) is None:
                return False
            pseudo = self.phones.is_pseudonym("+" + digits, digits) or self.phones.is_pseudonym(s, digits)
            hits.append(guard(a, b) if pseudo else Hit(a, b, "phone", self.ps.phone(s, num), 50))
        else:
            return False
        return True

    def _leading_phone(self, s: str) -> tuple[str, phonenumbers.PhoneNumber] | None:
        """The longest run of ``s``'s first space-separated groups (not all of them) that is a valid number."""
        cut = len(s)
        while (cut := s.rfind(" ", 0, cut)) > 0:
            lead = s[:cut].rstrip()
            if (num := self.phones.parse(lead, valid_only=True)) is not None and valid_number(num):
                return lead, num
        return None

    def _capitals_digits(self, text: str, raw: bytes, shape: bytes, nd: int, hits: list[Hit]) -> None:
        """Where two letters of one case meet two digits in the text's shape (AA00, aa00), found at memchr
        speed: an IBAN's start (DE89…, de89… typed in a chat), and at AA00 a codice fiscale's middle
        (RSSMRA85…) or a NINO's start (AB123456C). On a text past ASCII, regexes instead."""
        iban = nd >= 8 and self.on["iban"]
        ids = self.on["personal_ids"]
        if len(raw) != len(text):
            if iban and (shape.find(b"AA00") >= 0 or shape.find(b"aa00") >= 0):
                m = _IBAN.search(text)
                while m is not None:  # an IBAN's pattern may run into the next one: resume at its end
                    m = _IBAN.search(text, max(self._iban(text, m.start(), hits), m.start() + 1))
            if ids and (shape.find(b"AA00") >= 0 or (nd >= 9 and shape.find(b"000000A000") >= 0)):
                for a, b in lettered_in(text):
                    self._gov_id(text, a, b, hits)
            return
        if ids and nd >= 9:  # a HETU with a century letter (010594Y9032): six digits, a capital, three digits
            p = shape.find(b"000000A000")
            while p >= 0:
                if span := hetu_at(text, p):
                    self._gov_id(text, *span, hits)
                p = shape.find(b"000000A000", p + 1)
        for start in (b"AA00", b"aa00") if iban else (b"AA00",):
            p = shape.find(start)
            while p >= 0:
                end = p
                if ids and start == b"AA00" and (span := lettered_at(text, shape, p) or _vin_at(text, shape, p)):
                    self._gov_id(text, *span, hits)
                    end = span[1]
                elif iban and not (p and shape[p - 1] in b"Aa0"):
                    # after a letter or digit ("khan49@"), the pattern's look-behind fails: no call to try it
                    end = self._iban(text, p, hits)
                p = shape.find(start, max(end, p + 1))

    def _iban(self, text: str, a: int, hits: list[Hit]) -> int:
        """Add the IBAN starting at ``a``, if it is one; return where it ends (``a`` if none)."""
        m = _IBAN.match(text, a)
        if m is None:
            return a
        want = IBAN_LEN.get(m.group(0)[:2].upper())
        if want is None:
            return a
        count, end = 0, a
        for i, c in enumerate(m.group(0)):
            if c not in " -":
                count += 1
                if count == want:
                    end = a + i + 1
                    break
        else:
            return a
        value = text[a:end]
        compact = value.replace(" ", "").replace("-", "").upper()
        if (end < len(text) and text[end].isalnum()) or not iban_ok(compact):
            return a
        if is_iban_pseudonym(compact):
            hits.append(guard(a, end))
        else:
            new = self.ps.iban(value)
            hits.append(Hit(a, end, "iban", new.lower() if value.islower() else new, 60))
        return end

    def _ipv4(self, text: str, low: str, a: int, b: int, hits: list[Hit]) -> None:
        if text[max(0, a - 2) : a] == "//" or text[a - 1 : a] == "@":
            return  # a URL's host is the server, not a client
        if _VERSION_CUE.search(low, _own_field(low, a), a):
            return
        ip = ipaddress.IPv4Address(text[a:b])
        if is_ip_pseudonym(ip):
            hits.append(guard(a, b))  # replay's: no other rule reads it ("indirizzo IP 192.0.2.1" as a street)
            return
        if ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip.is_reserved:
            return
        if text[a:b].startswith("255."):
            return  # a netmask
        if text[b : b + 1] == "/" and text[b + 1 : b + 2].isdigit():
            return  # a network in CIDR notation (192.168.0.0/16, 81.2.69.0/24), not one client's address
        hits.append(Hit(a, b, "ip", self.ps.ip(ip), 55))

    def _ipv6(self, text: str, raw: bytes, hexes: bytes, hits: list[Hit]) -> None:
        """IPv6 addresses, and MAC addresses of colon pairs, looked for only around a hex digit, colon, hex digit
        (or ``::``; ``hexes``: ``raw``'s hex shape)."""
        if len(raw) != len(text):  # past ASCII, byte offsets are not characters: the regex over the text
            cues: Iterable[int] = (m.start() for m in _IPV6.finditer(text))
        elif raw.find(b"::") < 0 and _FIVE_GROUPS.search(hexes) is None:
            return  # "10:30:00", "12:00": no address nor MAC can be read (the look at each cue cost 4 us a chat body)
        else:
            cues = _v6_cues(raw, hexes)
        end = -1
        for p in cues:
            if p < end:
                continue
            lo = max(0, p - 40, end)  # an address is 39 characters at most
            while p > lo and text[p - 1] in _HEXCOLON:
                p -= 1
            m = _IPV6.match(text, p)
            if m is None:
                continue
            end = m.end()
            v = m.group(0)
            if colon_mac(v):
                if self.on["mac"]:
                    self.macs.add(text, m.start(), m.end(), hits)
                continue
            if not self.on["ip"]:
                continue
            if v.count(":") < 7 and ("::" not in v or sum(1 for g in v.split(":") if g) < 3):
                continue
            try:
                ip = ipaddress.IPv6Address(v)
            except ValueError:
                continue
            if ip.is_loopback or ip.is_unspecified or is_ip_pseudonym(ip):
                continue
            hits.append(Hit(m.start(), m.end(), "ip", self.ps.ip(ip), 55))


def _own_field(low: str, a: int) -> int:
    """Where the field of the value at ``a`` starts, 24 characters back at the most (``CUE_REACH``): after a JSON
    field's end (``",``), a line's, a query's ``&``, and at the name of the last ``name=`` or ``name:`` before it.
    A user agent's "OS X" right before ``"ip": "…"`` or `` ip=…`` is another field's word; ``version: 1.2.3.4``
    keeps its own."""
    lo = max(0, a - 24)
    lo = max(lo, low.rfind('",', lo, a) + 1, low.rfind("\n", lo, a) + 1, low.rfind("&", lo, a) + 1)
    p = max(low.rfind("=", lo, a), low.rfind(":", lo, a))
    if p > lo:
        while p > lo and (low[p - 1].isalnum() or low[p - 1] in '_-"'):
            p -= 1
        lo = p
    return lo
