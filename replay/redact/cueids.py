"""National ids that only their word makes one: a bare run of their digits is an order's or an invoice's as often,
so each is taken after the word that names it, and, where the id carries a check, only when it passes: Hungary's
TAJ (social security, ``TAJ: 034 567 892``) and tax number (``adóazonosító jel: 8384512345``), Finland's HETU of
the 2000s and of the new century signs (``hetu 010203A456R``, ``henkilötunnuksensa on 150385-123X``: the digit pass
meets only the 1900s' dash), Romania's CNP (``CNP: 1850315123455``), Kenya's national id card's number
(``Kitambulisho namba 23456789``: no check, 7 or 8 digits after the card's word), Brazil's health card (``CNS``,
``Cartão SUS``: 15 digits, weighted, mod 11) and worker's number (``NIS``, ``PIS``: 11 digits, their check), and
Pakistan's CNIC written solid (``CNIC 3520212345671``, ``شناختی کارڈ نمبر ...``: dashed, 35202-1234567-1,
``nationalids`` takes it alone).
The numbers a bank's or a lender's KYC asks for in Africa, the Gulf and Indonesia: Nigeria's BVN and NIN (11
digits), Kenya's KRA PIN (``A012345678Z``), Ghana's card (``GHA-123456789-0``), a Saudi iqama (a resident's: 2 and
nine digits, Luhn's check) and the UAE's Emirates ID (784, a birth year, Luhn's check), Indonesia's NPWP.

``said`` reads ids after their words in the languages its list has; these are ids of other languages whose number
has its own shape, read here with their checks (``said`` is at its size).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from replay.redact.checksums import cns_ok, nis_ok
from replay.redact.hits import Hit
from replay.redact.nationalids import hetu_ok, shaped_id
from replay.redact.pseudonym import Pseudonyms, luhn_ok

__all__ = ["CUE_ID_CUES", "CueIdFinder"]


def _taj(v: str) -> bool:
    """Hungary's TAJ: eight digits weighted 3 and 7 in turn, their sum's last digit the ninth."""
    d = [int(c) for c in v if c.isdigit()]
    return len(d) == 9 and sum(x * (3 if i % 2 == 0 else 7) for i, x in enumerate(d[:8])) % 10 == d[8]


def _adoazonosito(v: str) -> bool:
    """Hungary's tax number of a person: an 8, nine digits weighted by their place, the sum mod 11 the tenth."""
    return v[0] == "8" and sum(int(c) * (i + 1) for i, c in enumerate(v[:9])) % 11 == int(v[9])


def _cnp(v: str) -> bool:
    """Romania's CNP: sex and century (1-9), YYMMDD, county, serial, and a check of weights 279146358279 mod 11."""
    c = sum(int(a) * int(b) for a, b in zip(v[:12], "279146358279", strict=True)) % 11
    return v[0] != "0" and 1 <= int(v[3:5]) <= 12 and 1 <= int(v[5:7]) <= 31 and (1 if c == 10 else c) == int(v[12])


def _any(v: str) -> bool:
    return len(set(v)) > 1


# Each id's words (lower case: the automaton reads a lowered text), its value's shape and its check
_TAJ = (re.compile(r"\d{3}[ \-]?\d{3}[ \-]?\d{3}"), _taj)
_ADO = (re.compile(r"8\d{9}"), _adoazonosito)
_HETU = (re.compile(r"\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]"), hetu_ok)
_CNP = (re.compile(r"[1-9]\d{12}"), _cnp)
_KE_ID = (re.compile(r"\d{7,8}"), _any)
_CNIC = (re.compile(r"[1-7]\d{4}-?\d{7}-?\d"), _any)
_NG_ID = (re.compile(r"\d{11}"), _any)  # Nigeria's BVN and NIN: no check of their own
_KRA_PIN = (re.compile(r"A\d{9}[A-Z]"), _any)  # a person's (a firm's starts with P)
_GHANA_CARD = (re.compile(r"GHA-?\d{9}-?\d"), _any)
_IQAMA = (re.compile(r"2\d{9}"), luhn_ok)
_EMIRATES_ID = (re.compile(r"784-?(?:19|20)\d\d-?\d{7}-?\d"), lambda v: luhn_ok(v.replace("-", "")))
_NPWP = (re.compile(r"\d{2}\.?\d{3}\.?\d{3}\.?\d-?\d{3}\.?\d{3}"), _any)
# Brazil's health card (CNS, "Cartão SUS": 15 digits, written in fours after three) and worker's number (NIS, PIS)
_CNS = (re.compile(r"[12789]\d\d ?\d{4} ?\d{4} ?\d{4}"), lambda v: cns_ok(v.replace(" ", "")))
_NIS = (re.compile(r"\d{3}\.?\d{5}\.?\d\d-?\d"), lambda v: nis_ok(v.replace(".", "").replace("-", "")))
_IDS: dict[str, tuple[re.Pattern[str], Callable[[str], bool]]] = {
    "taj": _TAJ,
    "tajszám": _TAJ,
    "adóazonosító": _ADO,
    "adoazonosito": _ADO,
    "adószám": _ADO,
    "hetu": _HETU,
    "henkilötunn": _HETU,  # "henkilötunnus", "henkilötunnukseni", "henkilötunnuksensa"
    "sotu": _HETU,
    "cnp": _CNP,
    "kitambulisho": _KE_ID,
    "cnic": _CNIC,
    "nicop": _CNIC,  # the card of a Pakistani abroad: the same number
    "شناختی کارڈ": _CNIC,  # Urdu's identity card
    "id card": _CNIC,
    "bvn": _NG_ID,
    "nin": _NG_ID,
    "kra pin": _KRA_PIN,
    "ghana card": _GHANA_CARD,
    "iqama": _IQAMA,
    "الإقامة": _IQAMA,  # "رقم الإقامة" (the residence permit's number)
    "emirates id": _EMIRATES_ID,
    "npwp": _NPWP,
    "cns": _CNS,
    "cartão sus": _CNS,
    "cartao sus": _CNS,
    "nis": _NIS,
    "pis": _NIS,
    "pasep": _NIS,
}
CUE_ID_CUES = tuple(_IDS)
# The short words that start others ("nineteen", "ninety"): read as a word of their own only
_WHOLE_WORDS = frozenset({"nin", "bvn", "cns", "nis", "pis"})
# Between the word and its value: the rest of an inflected word, a mark, the words for "number", "sign", "my", "of
# the nation" and "is" of these languages ("adóazonosító jel:", "TAJ-szám", "kitambulisho cha taifa namba", "hetu on",
# "meu NIS é")
_BETWEEN = re.compile(
    r"[^\W\d_]*(?:[ \t]*(?:[:#=(\-–]|(?:jel|szám|száma|számom|namba|nambari|no|nr|cha|changu|taifa|ni|on|oli|este|"
    r"is|number|é|نمبر)\.?(?![^\W\d_]))[ \t]*){0,4}[ \t]*"
)
_VALUE_END = re.compile(r"(?![\w\-/])")


class CueIdFinder:
    """The ids after the words of ``CUE_ID_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The id after its word at ``text[s:e]``, if it has its shape and passes its check."""
        if not self.on["personal_ids"] or (s and low[s - 1].isalnum()):
            return  # "sotuvchi", "pacnp": inside another word
        cue = low[s:e]
        if cue in _WHOLE_WORDS and low[e : e + 1].isalpha():
            return
        shape, check = _IDS[cue]
        v = _BETWEEN.match(low, e).end()  # "CNIC No: …": its words in any case
        m = shape.match(text, v)
        if m is None or not _VALUE_END.match(text, m.end()) or not check(m.group(0).replace(" ", "")):
            return
        hits.append(Hit(v, m.end(), "gov_id", shaped_id(self.ps, m.group(0)), 70))
