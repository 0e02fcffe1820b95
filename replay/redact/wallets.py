"""Crypto wallet addresses, by their own checksums: a base58check address (bitcoin's 1… and 3…, and
the coins that copied it: Litecoin's L… and M…, Dogecoin's D…, Tron's T…, Dash's X…; the XRP Ledger's r… in its
own alphabet), a bech32 or bech32m one (bc1…, tb1…, ltc1…) and an Ethereum address
(0x and 40 hex digits, which has no checksum of its own in lower case, but a 20-byte hex run after
0x is nothing else a request holds). A random run of letters passes neither check (1 in 2^32 and
1 in 2^30), so no cue is needed. The token pass (``tokens``) hands each run of base64 characters
here, split at the characters an address has none of.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

__all__ = ["wallets"]

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_XRP_INDEX = {c: i for i, c in enumerate("rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz")}
# The first characters of the version bytes above (bitcoin's testnet m… and n…, Dogecoin's and Dash's scripts' A…,
# 9…, 7…): a run starting with another is not decoded
_B58_FIRST = frozenset("123mnLMDATX97")
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_BECH32_INDEX = {c: i for i, c in enumerate(_BECH32)}
_BECH32_HRPS = ("bc1", "tb1", "ltc1", "bcrt1")
_BECH32_CONSTS = (1, 0x2BC830A3)  # bech32, bech32m
_HEX = frozenset("0123456789abcdefABCDEF")
# An address's run of letters and digits: 26 at least (the shortest base58check one), so the regex
# passes over the shorter pieces of a run (chatcmpl-b4fccfa61e9e…) without a Python loop over them.
_PIECE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{26,}")


def _base58check(s: str) -> bool:
    """A 25-byte payload (a version byte, a 20-byte hash) whose last 4 bytes are its double SHA-256's first 4."""
    if not 26 <= len(s) <= 35:
        return False
    if s[0] in _B58_FIRST:
        index = _B58_INDEX
    elif s[0] == "r":
        index = _XRP_INDEX  # the XRP Ledger's alphabet: version 0 is its "r"
    else:
        return False
    n = 0
    for c in s:
        i = index.get(c)
        if i is None:
            return False
        n = n * 58 + i
    if n.bit_length() > 200:
        return False
    raw = n.to_bytes(25, "big")
    return hashlib.sha256(hashlib.sha256(raw[:21]).digest()).digest()[:4] == raw[21:]


def _bech32(s: str) -> bool:
    """A segwit address: its human-readable part, ``1``, and data whose BCH checksum holds (BIP 173/350)."""
    low = s.lower()
    if (s != low and s != s.upper()) or not 14 <= len(s) <= 90:
        return False
    hrp, _, data = low.rpartition("1")
    if hrp + "1" not in _BECH32_HRPS or len(data) < 6:
        return False
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    for c in data:
        i = _BECH32_INDEX.get(c)
        if i is None:
            return False
        values.append(i)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i, g in enumerate((0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)):
            if (top >> i) & 1:
                chk ^= g
    return chk in _BECH32_CONSTS


def _eth(s: str) -> bool:
    return len(s) == 42 and s[:2] in ("0x", "0X") and all(c in _HEX for c in s[2:])


def wallets(run: str) -> Iterator[tuple[int, int, int]]:
    """The addresses in ``run`` (a run of base64 characters): each as (start, end, length of the
    prefix its pseudonym keeps)."""
    if len(run) < 26:
        return
    for m in _PIECE.finditer(run):
        s = m.group(0)
        if _eth(s):
            yield m.start(), m.end(), 2
        elif s[:2].lower() in ("bc", "tb", "lt") and _bech32(s):
            yield m.start(), m.end(), s.lower().rindex("1") + 1
        elif _base58check(s):
            yield m.start(), m.end(), 1
