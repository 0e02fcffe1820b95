"""MAC addresses: a network card's hardware address names one device, so the person who carries it.

The forms tools print: six hex pairs joined by colons (``00:1A:2B:3C:4D:5E``, found by the IPv6 pass of
``digits``, which meets every hex-colon run anyway), or by dashes (``00-1A-2B-3C-4D-5E``, as Windows prints
them), Cisco's three dotted quads (``001a.2b3c.4d5e``), and an EUI-64's eight colon pairs. These shapes say
what they are by themselves. Twelve bare hex digits (``001A2B3C4D5E``), pairs joined by spaces and all-digit
forms say it only after a word that names one (``MAC``, ``BSSID``, ``hardware address``: ``MAC_CUES``, found
by the one cue pass of ``detectors``) or under a field that does (``mac_address``, ``bssid``: ``fields``).
Not one inside a longer run of hex groups (a UUID's, a fingerprint's), not the broadcast or an all-zero one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from replay.redact.hits import Hit, guard
from replay.redact.pseudonym import Pseudonyms, is_mac_pseudonym

__all__ = ["HEX_TABLE", "MAC_CUES", "MacFinder", "any_mac", "colon_mac", "mac_hit"]

_H2 = "[0-9A-Fa-f]{2}"
# Six colon pairs, or an EUI-64's eight: no IPv6 address writes every group as two hex digits.
_COLON = re.compile(rf"{_H2}(?::{_H2}){{5}}(?:(?::{_H2}){{2}})?")
# Any form, whole (a field's value, or the value after a cue): bare 12 or 16 hex digits, pairs joined by one
# separator throughout, Cisco's dotted quads.
_ANY = re.compile(
    rf"[0-9A-Fa-f]{{16}}|[0-9A-Fa-f]{{12}}|{_H2}([:\- ]){_H2}(?:\1{_H2}){{4}}(?:(?:\1{_H2}){{2}})?"
    r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
)
# A text's UTF-8 with each hex digit as "h" (its hex shape): ``digits`` makes it once for its IPv6 cues and these.
HEX_TABLE = bytes(ord("h") if chr(i) in "0123456789abcdefABCDEF" else i for i in range(256))
# A dashed MAC's shape to its last dash: prose has far fewer dashes than hex letters, so a needle that ends
# in one skips it fast (one ending in "h" was tried at every hex letter).
_DASHED = b"hh-" * 5
_DASHED_RX = re.compile(rf"{_H2}(?:-{_H2}){{5}}")
_HEXDASH = frozenset("0123456789abcdefABCDEF-")
# Two hex pairs between dashes, which a dashed MAC holds: a search that skips from dash to dash (its literal first;
# some 5 instructions a byte) rules out most texts before their hex shape is made ("gpt-4o-mini-2024-07-18" has
# one pair so, a MAC four).
_DASHED_HINT = re.compile(rb"-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-")
# Two hex quads after a dot, which a dotted MAC holds; the search skips from dot to dot as the dashed one does.
_DOTTED_HINT = re.compile(rb"\.(?<=[0-9A-Fa-f]{4}\.)[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}")
# Not inside a longer dotted run (an OID's, a version's: 1.3.6.1.4.1), nor against a word.
_DOTTED = re.compile(r"(?<![0-9A-Za-z.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Za-z]|\.[0-9A-Za-z])")
# Words that name a MAC address, so that the value after them is one in any form.
MAC_CUES = ("mac", "bssid", "hwaddr", "lladdr", "hardware address", "physical address", "wi-fi address")
# Between the cue and its value: the rest of its name ("MAC address", "mac_addr", "MAC-Adresse"), "is", marks,
# quotes and the dot leaders of ipconfig /all ("Physical Address. . . . : 00-50-56-C0-00-08").
_TO_VALUE = r"(?:[ \t]*(?:(?:is|was|of)(?![A-Za-z])|[.:=#(\"'>\]]))*[ \t]*"
_AFTER_CUE = re.compile(rf"(?:[ _-]?a(?:dd|d)r[a-z]*)?[\w-]*{_TO_VALUE}", re.I)
# A cue followed by a word's character: ``_AFTER_CUE`` reads that run of word characters to its end, then
# ``_TO_VALUE``. Every cue inside one run shares its end (``MacFinder._run_end``): read again from each, a host name
# "janes-mac-minis-mac-mini-..." was read to its end at each of its cues (256 KB: 17 s).
_RUN = re.compile(r"[\w-]*")
_AFTER_RUN = re.compile(_TO_VALUE, re.I)


def mac_hit(ps: Pseudonyms, value: str, a: int, b: int, prio: int = 55) -> Hit | None:
    """The hit of ``value``, a MAC address at ``a:b``: its pseudonym, or a guard if it is one; None for the
    broadcast or an all-zero address (no device's)."""
    hexes = value.replace(":", "").replace("-", "").replace(".", "").replace(" ", "").lower()
    if not (hexes.strip("f") and hexes.strip("0")):
        return None
    return guard(a, b) if is_mac_pseudonym(hexes) else Hit(a, b, "mac", ps.mac(value), prio)


def colon_mac(value: str) -> bool:
    """``value`` is six (or an EUI-64's eight) colon pairs: a MAC's shape, not an IPv6 address's."""
    return _COLON.fullmatch(value) is not None


def any_mac(value: str) -> bool:
    """``value`` is a MAC address in any form, bare 12 hex digits included (a field that names one holds it),
    with a hex letter or a separator: twelve digits alone are any number's."""
    return _ANY.fullmatch(value) is not None and not value.isdigit()


# What joins a value to a longer run after it (``MacFinder.cued``): a hex group after ":", "-" or "."; after a
# space, a pair standing alone, which a hex dump's next byte is and a word is not.
_JOINED = re.compile(r"[0-9A-Za-z]|[:\-.][0-9A-Za-z]")
_SPACED = re.compile(r"[0-9A-Za-z]| [0-9A-Fa-f]{2}(?![0-9A-Za-z])")


class MacFinder:
    """MAC address hits; the colon form is handed over by the IPv6 pass that meets it (``add``)."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps
        self._run: tuple[str, int, int] = ("", 0, 0)  # the last run of word characters read: its text, start, end

    def _run_end(self, text: str, at: int) -> int:
        """Where the run of word characters and "-" at ``text[at]`` ends, read once for all the cues in it."""
        run_text, start, end = self._run
        if run_text is not text or not start <= at < end:
            end = _RUN.match(text, at).end()  # type: ignore[union-attr]  # it matches the empty string
            self._run = (text, at, end)
        return end

    def add(self, text: str, a: int, b: int, hits: list[Hit]) -> None:
        """``text[a:b]``, a MAC address (``mac_hit``)."""
        if (hit := mac_hit(self.ps, text[a:b], a, b)) is not None:
            hits.append(hit)

    def find(self, text: str, raw: bytes, hexes: bytes, hits: list[Hit]) -> None:
        """The dashed and dotted forms in ``text`` (``raw``: its UTF-8, ``hexes``: ``raw`` through ``HEX_TABLE``),
        each looked for only where a cheap search of the bytes finds its shape."""
        if len(text) < 14:
            return
        ascii_ = len(raw) == len(text)  # past ASCII, byte offsets are not characters: regexes over the text
        # Each hint's shape in the hex shape first, a needle's search at memchr speed: every hint's match holds it,
        # and the hints' own searches stopped at each dash or dot of a text (9,000 instructions a chat exchange)
        if len(text) >= 17 and hexes.find(b"-hh-hh-") >= 0 and _DASHED_HINT.search(raw):
            self._dashed(text, hexes if ascii_ else None, hits)
        if hexes.find(b"hhhh.hhhh.hhhh") >= 0 and _DOTTED_HINT.search(raw):
            for m in _DOTTED.finditer(text):
                v = m.group(0)
                # a digit and a letter, in one case: twelve digits, or words ("dead.beef.cafe"), need a cue
                if (v.isupper() or v.islower()) and any(c.isdigit() for c in v):
                    self.add(text, m.start(), m.end(), hits)

    def _dashed(self, text: str, hexes: bytes | None, hits: list[Hit]) -> None:
        """MAC addresses written with dashes (``3C-22-FB-12-9A-0E``), found in the text's hex shape (``hexes``;
        None past ASCII) at memchr speed; one case (digits alone may be a date's or a phone's), and not inside a
        longer run of hex groups (a UUID's, 10-20-30-40-50-60-70)."""
        if hexes is None:
            starts: Iterable[int] = (m.start() for m in _DASHED_RX.finditer(text))
        else:
            p = hexes.find(_DASHED)
            starts = []
            while p >= 0:
                if hexes[p + 15 : p + 17] == b"hh":
                    starts.append(p)
                p = hexes.find(_DASHED, p + 3)
        for p in starts:
            v = text[p : p + 17]
            before, after = text[p - 1] if p else "", text[p + 17 : p + 18]
            if before not in _HEXDASH and after not in _HEXDASH and (v.isupper() or v.islower()):
                self.add(text, p, p + 17, hits)

    def cued(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The value after a word of ``MAC_CUES`` at ``low[s:e]``, in any form: "MAC 001A2B3C4D5E", "bssid:
        00 1a 2b 3c 4d 5e"; not the word inside another ("hmac", "machine", "macOS")."""
        if (s and low[s - 1].isalnum()) or (low[e : e + 1].isalpha() and not low.startswith(("addr", "adr"), e)):
            return
        if e < len(text) and (text[e].isalnum() or text[e] in "_-"):
            v = _AFTER_RUN.match(text, self._run_end(text, e)).end()  # type: ignore[union-attr]  # as below
        else:
            v = _AFTER_CUE.match(text, e).end()  # type: ignore[union-attr]  # it matches the empty string
        m = _ANY.match(text, v)
        if m is not None and (_SPACED if m.group(1) == " " else _JOINED).match(text, m.end()) is None:
            self.add(text, v, m.end(), hits)
