"""National id numbers that carry their own proof: a check digit or letter, most with the holder's
birth date inside (Italy's codice fiscale, Spain's DNI and NIE, Poland's PESEL and NIP (as forms write it),
Brazil's CPF and CNPJ, France's NIR, Germany's Steuer-ID, Sweden's personnummer, Finland's HETU, Turkey's T.C.
kimlik no, Czechia's rodné číslo (with its slash), Malaysia's MyKad, Pakistan's CNIC, Argentina's CUIL, the UAE's
Emirates ID, Thailand's citizen id and Russia's SNILS (dashed), China's resident id, Korea's RRN, Singapore's NRIC,
Mexico's CURP, Taiwan's national id, the UK's National Insurance number and India's PAN of a person by their shapes).
An id that passes its check is redacted with no word naming it; ``said`` and ``fields`` redact any id after a
word or field name that names one, checked or not.

A check of one digit passes one random run in ten or eleven, too often for a bare run of digits
(Canada's SIN by Luhn, the Dutch BSN by its 11-check: an order number of that length would go one
time in ten); those are left to their cues. A bare run of 11 or 14 digits is taken only with two
check digits, or one and a valid birth date, or one and the Steuer-ID's pattern of digits (one digit
twice or three times in the first ten: some 4% of runs), and not after the name of a thing numbered
("order 12345678901"). ``digits`` hands its digit runs here (``digit_id``, ``lettered_around``) and
the places where two capitals meet two digits (``lettered_at``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from replay.redact.checksums import cups_ok
from replay.redact.pseudonym import Pseudonyms, luhn_ok
from replay.redact.saidcues import RECEIPT_SHAPE

__all__ = [
    "digit_id",
    "hetu_at",
    "hetu_ok",
    "lettered_around",
    "lettered_at",
    "lettered_in",
    "receipt_before",
    "shaped_id",
    "thing_before",
]

# Before an id, the name of a thing numbered (an order's, a parcel's, a booking's): then a national id's single
# check digit that a bare run passes is chance, and a NINO's shape (two letters, six digits, A-D: no check at
# all) is a booking's reference ("commande BK571342D", "pedido", "Buchungsnummer"), unless the words name a NINO.
_THING_BEFORE = re.compile(
    r"(?:order|tracking|invoice|account|reference|ref|ticket|case|serial|part|item|product|confirmation|policy"
    r"|customer|member|booking|transaction|shipment|parcel|batch|job|build|sku|bestell|auftrag|rechnung|pedido"
    r"|commande|ordine|factura|fattura|facture|zam[oó]wien|sipari|buchung|reserv|r[ée]serv|prenota|boeking"
    r"|rezerwac)(?:[^.!?\n]|(?<=\bn)\.|(?<=\bno)\.|(?<=\bnr)\.){0,16}\Z"  # "n.", "no.", "Nr." are no stop
)
_NINO_NAMED = re.compile(r"insurance|\bnino\b|\bni\b|\bnin\b")


def thing_before(low: str, a: int) -> bool:
    """The lower-cased text ``low`` names a thing numbered (an order, a booking) in the 32 characters before ``a``."""
    return _THING_BEFORE.search(low, max(0, a - 32), a) is not None


def _booking_ref(text: str, a: int) -> bool:
    """A NINO's shape at ``a`` follows a thing's name and no word naming a NINO."""
    low = text[max(0, a - 32) : a].lower()
    return thing_before(low, len(low)) and _NINO_NAMED.search(low) is None


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
# The codice fiscale's values of the characters in odd places (0-9, then A-Z); in even places a character is
# its digit or its letter's place in the alphabet.
_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14,
         16, 10, 22, 25, 24, 23),
        strict=True,
    )
)  # fmt: skip
_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def _date_ok(yy: str, mm: str, dd: str) -> bool:
    return 1 <= int(mm) <= 12 and 1 <= int(dd) <= 31


def _cpf_digit(s: str) -> int:
    d = 11 - sum(int(c) * w for c, w in zip(s, range(len(s) + 1, 1, -1), strict=True)) % 11
    return 0 if d >= 10 else d


def _cpf(d: str) -> bool:
    return len(set(d)) > 1 and _cpf_digit(d[:9]) == int(d[9]) and _cpf_digit(d[:10]) == int(d[10])


def _cnpj(d: str) -> bool:
    w = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
    for n in (12, 13):
        c = 11 - sum(int(a) * b for a, b in zip(d[:n], w[13 - n :], strict=True)) % 11
        if (0 if c >= 10 else c) != int(d[n]):
            return False
    return len(set(d)) > 1


def _pesel(d: str) -> bool:
    mm = int(d[2:4]) % 20
    if not (1 <= mm <= 12 and 1 <= int(d[4:6]) <= 31):
        return False
    w = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    return (10 - sum(int(a) * b for a, b in zip(d, w, strict=False)) % 10) % 10 == int(d[10])


def _nip(d: str) -> bool:
    """Poland's tax number (NIP): nine digits weighted 6 5 7 2 3 4 5 6 7, mod 11, is the tenth."""
    return sum(int(a) * b for a, b in zip(d, (6, 5, 7, 2, 3, 4, 5, 6, 7), strict=False)) % 11 == int(d[9])


def _steuer_id(d: str) -> bool:
    """Germany's tax id (Steuer-ID): no leading 0; in its first ten digits one digit twice or three times and
    the others once at most; an ISO 7064 MOD 11,10 check digit."""
    counts = sorted((d[:10].count(c) for c in set(d[:10])), reverse=True)
    if d[0] == "0" or counts[0] not in (2, 3) or counts[1:2] not in ([1], []):
        return False
    product = 10
    for c in d[:10]:
        product = ((int(c) + product) % 10 or 10) * 2 % 11
    return (11 - product) % 10 == int(d[10])


def _tckn(d: str) -> bool:
    v = [int(c) for c in d]
    odd, even = v[0] + v[2] + v[4] + v[6] + v[8], v[1] + v[3] + v[5] + v[7]
    return d[0] != "0" and (odd * 7 - even) % 10 == v[9] and sum(v[:10]) % 10 == v[10]


def _nir(d: str) -> bool:
    """France's social security number: sex, birth year and month, place, order, then 97 minus the
    13 digits mod 97."""
    return d[0] in "12" and 1 <= int(d[3:5]) <= 12 and 97 - int(d[:13]) % 97 == int(d[13:])


def _personnummer(d: str) -> bool:
    """Sweden's: YYMMDD and four digits, the last a Luhn check over the ten (century dropped)."""
    d = d[-10:]
    return _date_ok(d[:2], d[2:4], d[4:6]) and luhn_ok(d)


def _hetu(d: str, check: str) -> bool:
    """Finland's: DDMMYY, a century sign, three digits, and a check character of the nine digits mod 31."""
    return _date_ok(d[4:6], d[2:4], d[:2]) and _HETU_CHECK[int(d[:9]) % 31] == check


def _rodne_cislo(d: str) -> bool:
    """Czechia's and Slovakia's birth number: YYMMDD (a woman's month plus 50, either's plus 20 when a day's numbers
    ran out), four digits, the ten divisible by 11 (or the first nine leaving 10, the last 0: before 1986)."""
    mm = int(d[2:4]) % 50
    if not (1 <= mm % 20 <= 12 and mm < 33 and 1 <= int(d[4:6]) <= 31):
        return False
    return int(d) % 11 == 0 or (int(d[:9]) % 11 == 10 and d[9] == "0")


# The place-of-birth codes of a Malaysian identity card: the states (01-16, 21-59), the countries abroad (60-68, 71-72,
# 74-79, 82-93, 98-99)
_MYKAD_PLACES = frozenset(
    (*range(1, 17), *range(21, 60), *range(60, 69), 71, 72, *range(74, 80), *range(82, 94), 98, 99)
)


def _mykad(d: str) -> bool:
    """Malaysia's identity card number (MyKad): YYMMDD, the place of birth's code, four digits; no check digit, but
    its dashed shape is no other number's and its first eight digits a date and a place."""
    return _date_ok(d[:2], d[2:4], d[4:6]) and int(d[6:8]) in _MYKAD_PLACES


def _cnic(d: str) -> bool:
    """Pakistan's CNIC: the province's digit (1-7), the district's and tehsil's four, seven, the sex's digit; no
    check, but its dashed 5-7-1 shape is no other number's (none in the labelled sets' 6,869 exchanges)."""
    return d[0] in "1234567" and len(set(d)) > 2


def _cuil(d: str) -> bool:
    """Argentina's CUIL of a person (20, 23, 24, 27: a firm's CUIT starts 30, 33, 34), its ten digits weighted
    5 4 3 2 7 6 5 4 3 2 mod 11 for its check."""
    r = 11 - sum(int(a) * b for a, b in zip(d, (5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=False)) % 11
    return d[:2] in ("20", "23", "24", "27") and {11: 0, 10: 9}.get(r, r) == int(d[10])


def _emirates_id(d: str) -> bool:
    """The UAE's Emirates ID: 784, the holder's birth year, seven digits and a Luhn check over the fifteen."""
    return d.startswith("784") and d[3:5] in ("19", "20") and luhn_ok(d)


def _thai_id(d: str) -> bool:
    """Thailand's citizen id: twelve digits weighted 13 down to 2, 11 minus their sum mod 11 (its last digit) is the
    thirteenth."""
    return d[0] != "0" and (11 - sum(int(a) * (13 - i) for i, a in enumerate(d[:12])) % 11) % 10 == int(d[12])


def _snils(d: str) -> bool:
    """Russia's insurance number (SNILS): nine digits weighted 9 down to 1, their sum mod 101 (100 as 00) the last
    two."""
    total = sum(int(c) * (9 - i) for i, c in enumerate(d[:9])) % 101
    return len(set(d[:9])) > 1 and total % 100 == int(d[9:])


def _rrn(d: str) -> bool:
    """Korea's resident registration number: YYMMDD, a sex and century digit, and a check digit."""
    if not (_date_ok(d[:2], d[2:4], d[4:6]) and d[6] in "12345678"):
        return False
    w = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    return (11 - sum(int(a) * b for a, b in zip(d, w, strict=False)) % 11) % 10 == int(d[12])


def _cn_rid(d: str) -> bool:
    """China's resident id: area, YYYYMMDD, order, and an ISO 7064 MOD 11-2 check (X for 10)."""
    if not (d[6:8] in ("19", "20") and 1 <= int(d[10:12]) <= 12 and 1 <= int(d[12:14]) <= 31):
        return False
    w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(a) * b for a, b in zip(d[:17], w, strict=True)) % 11] == d[17].upper()


# A digit run as written (``_NUM`` of ``digits``: digits and separators) -> its check. The first group
# is written so that no other number has the shape; the second is bare digits, taken only where no word
# before names a thing numbered.
_SHAPED = (
    (re.compile(r"\d{3}\.\d{3}\.\d{3}-\d{2}"), _cpf, (14,)),
    (re.compile(r"\d{2}\.\d{3}\.\d{3}/\d{4}-\d{2}"), _cnpj, (18,)),
    (re.compile(r"[12] \d\d \d\d \d\d \d{3} \d{3} \d\d|[12]\d{14}"), _nir, (21, 15)),
    (re.compile(r"(?:19|20)?\d{6}-\d{4}"), lambda d: _personnummer(d) or (len(d) == 10 and _hetu(d, d[9])), (11, 13)),
    (re.compile(r"\d{6}-\d{7}"), _rrn, (14,)),
    (re.compile(r"\d{6}/\d{4}"), _rodne_cislo, (11,)),  # as Czech and Slovak papers write it (905815/1234)
    (re.compile(r"\d{6}-\d\d-\d{4}"), _mykad, (14,)),  # 850315-14-5231
    (re.compile(r"\d{5}-\d{7}-\d"), _cnic, (15,)),  # 35202-1234567-1
    (re.compile(r"\d{18}"), _cn_rid, (18,)),
    # a NIP as Polish forms write it (123-456-32-18, 123-45-67-819): no phone's grouping
    (re.compile(r"\d{3}-\d{3}-\d\d-\d\d|\d{3}-\d\d-\d\d-\d{3}"), _nip, (13,)),
    (re.compile(r"\d\d \d{3} \d{3} \d{3}"), _steuer_id, (14,)),  # a Steuer-ID as its letter prints it
    (re.compile(r"\d{3}-\d{3}-\d{3} \d\d"), _snils, (14,)),  # 112-233-445 95
    (re.compile(r"\d\d-\d{8}-\d"), _cuil, (13,)),  # 20-12345678-6
    (re.compile(r"784-\d{4}-\d{7}-\d"), _emirates_id, (18,)),  # 784-1987-1234567-1
    (re.compile(r"\d-\d{4}-\d{5}-\d\d-\d"), _thai_id, (17,)),  # 1-2345-67890-12-1
)
# A run is tried against the patterns of its own length only (a phone's +1 415-555-0132, 15 long, against
# the NIR's alone).
_SHAPED_BY_LENGTH = {
    n: tuple((rx, check) for rx, check, lengths in _SHAPED if n in lengths) for n in (11, 13, 14, 15, 17, 18, 21)
}
_BARE = {11: (_cpf, _tckn, _pesel, _steuer_id), 14: (_cnpj,)}


def digit_id(s: str, digits: str, bare_ok: bool) -> bool:
    """``s`` (a run of digits and separators; ``digits``: its digits) is a national id by its shape and
    check; ``bare_ok``: a bare run of 11 or 14 digits may be one (no thing's name before it)."""
    if digits.strip("9") == "":
        return False  # a pseudonym: nines
    for rx, check in _SHAPED_BY_LENGTH.get(len(s), ()):
        if rx.fullmatch(s):
            return check(digits)
    if bare_ok and s == digits:
        return any(check(digits) for check in _BARE.get(len(digits), ()))
    return False


# Ids with letters. Those whose digits make a run the digit pass meets anyway (DNI, NIE, NRIC, a Chinese id
# ending X, a HETU, a spaced NINO's 12 34 56) are tried there (``lettered_around``); a codice fiscale and a
# NINO written solid, where the IBAN search meets two capitals before two digits (``lettered_at``). A HETU
# with a letter for its century (010105A123B; since 2023 also B-F for the 2000s, U-Y for the 1900s: 010594Y9032)
# is met by neither: ``hetu_at``, where six digits meet a capital and three digits in the text's shape (a search
# of it in texts of nine digits or more, ``digits``).
_LETTERED = re.compile(
    r"(?P<dni>\d{8}[A-Z])|(?P<nie>[XYZ]\d{7}[A-Z])|(?P<nric>[STFG]\d{7}[A-Z])"
    r"|(?P<nino>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z](?: ?\d\d){3} ?[A-D])"
    r"|(?P<cf>[A-Z]{6}\d\d[A-EHLMPRST]\d\d[A-Z]\d{3}[A-Z])|(?P<cn>\d{17}X)"
    r"|(?P<hetu>\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y])"
    # India's PAN of a person: its fourth letter says the holder is one (P; a firm's C, a trust's T are no one's)
    r"|(?P<pan>[A-Z]{3}P[A-Z]\d{4}[A-Z])"
    # a home's point of supply: Italy's POD (IT, the distributor's 3 digits, E for electricity, the point's 8 or 9),
    # Spain's CUPS (ES, 16 digits, 2 check letters, maybe a border point's digit and letter)
    r"|(?P<pod>IT\d{3}E\d{8,9})|(?P<cups>ES\d{16}[A-Z]{2}(?:\d[FPRCXYZ])?)"
    # Taiwan's national id (a place's letter, the sex's 1 or 2, eight digits); Mexico's CURP (four letters, a birth
    # date, the sex's H or M, a state's two letters, three consonants, a character for the century and a check)
    r"|(?P<tw>[A-Z][12]\d{8})|(?P<curp>[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z\d]\d)"
    # a British driving licence's (DVLA): the surname's first five letters (9s after a shorter one), the birth's
    # decade, month (plus 50 for a woman), day and year, two initials (9 for none), a digit and two check letters
    r"|(?P<ukdl>[A-Z](?:[A-Z]{4}|[A-Z]{3}9|[A-Z]{2}99|[A-Z]999)\d{6}[A-Z][A-Z9]\d[A-Z]{2})"
)
_TOKEN_REACH = 20  # the longest id here is 22 characters


def _lettered_ok(kind: str, v: str) -> bool:
    if kind == "dni":
        return _DNI_LETTERS[int(v[:8]) % 23] == v[8]
    if kind == "nie":
        return _DNI_LETTERS[int(str("XYZ".index(v[0])) + v[1:8]) % 23] == v[8]
    if kind == "nric":
        total = sum(int(c) * w for c, w in zip(v[1:8], (2, 7, 6, 5, 4, 3, 2), strict=True)) + (4 if v[0] in "TG" else 0)
        return ("JZIHGFEDCBA" if v[0] in "ST" else "XWUTRQPNMLK")[total % 11] == v[8]
    if kind == "nino":
        return v[:2] not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ") and (" " not in v or v.count(" ") == 4)
    if kind == "cf":
        total = sum(_CF_ODD[c] if i % 2 == 0 else int(c) if c.isdigit() else ord(c) - 65 for i, c in enumerate(v[:15]))
        return chr(65 + total % 26) == v[15] and 1 <= int(v[9:11]) % 40 <= 31
    if kind == "cn":
        return _cn_rid(v)
    if kind == "pan":
        return v[5:9] != "0000"
    if kind == "tw":
        return _tw_id(v)
    if kind == "curp":
        return _curp(v)
    if kind == "cups":
        return cups_ok(v)
    if kind == "pod":
        return True  # its shape is no other number's
    if kind == "ukdl":
        return 1 <= int(v[6:8]) % 50 <= 12 and int(v[6:8]) < 63 and 1 <= int(v[8:10]) <= 31
    return hetu_ok(v)


_TW_PLACES = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # a place's letter counts 10 on, in this order
_CURP_VALUES = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def _tw_id(v: str) -> bool:
    """Taiwan's: the letter's two digits and the nine weighted 1 9 8 7 6 5 4 3 2 1 1, a multiple of ten."""
    n = _TW_PLACES.index(v[0]) + 10
    digits = (n // 10, n % 10, *(int(c) for c in v[1:]))
    return sum(d * w for d, w in zip(digits, (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1), strict=True)) % 10 == 0


def _curp(v: str) -> bool:
    """Mexico's CURP: a valid birth date, and the seventeen characters weighted 18 down to 2, ten minus their sum
    mod 10 is the last digit."""
    if not _date_ok(v[4:6], v[6:8], v[8:10]):
        return False
    total = sum(_CURP_VALUES.index(c) * (18 - i) for i, c in enumerate(v[:17]))
    return (10 - total % 10) % 10 == int(v[17])


def _id_ok(text: str, m: re.Match[str]) -> bool:
    kind = m.lastgroup or ""
    if kind == "tw" and thing_before(text[max(0, m.start() - 32) : m.start()].lower(), min(32, m.start())):
        return False  # one check digit: a serial's or an order's A123456789 passes one time in ten
    return _lettered_ok(kind, m.group(0)) and not (kind == "nino" and _booking_ref(text, m.start()))


def hetu_at(text: str, p: int) -> tuple[int, int] | None:
    """The HETU with a century letter starting at ``p``, where ``text``'s shape has six digits, a capital and three
    digits, if it stands alone and its date and check character pass."""
    m = _LETTERED.fullmatch(text, p, p + 11)
    ok = m is not None and m.lastgroup == "hetu" and text[p + 6] != "-" and _alone(text, p, p + 11)
    edges = text[p - 1 : p] + text[p + 11 : p + 12]
    return (p, p + 11) if ok and not any(c.isalnum() or c == "_" for c in edges) and hetu_ok(text[p : p + 11]) else None


def hetu_ok(value: str) -> bool:
    """``value`` is a HETU written whole (DDMMYY, its century sign, three digits) whose check character passes."""
    return _hetu(value[:6] + value[7:10], value[10])


def lettered_at(text: str, shape: bytes, p: int) -> tuple[int, int] | None:
    """The id around ``p``, where ``shape`` (``text`` through ``digits.SHAPE_TABLE``, ASCII) has two
    capitals before two digits: a codice fiscale's fifth and sixth letters (RSSMRA85T10A562S), a NINO's
    start (AB123456C), a PAN's fourth and fifth (ABCPE1234F), a British driving licence's surname
    (JONES710153J99EF) or a supply point's start (IT001E12345678, ES0021000000000001RK), if it is one and passes
    its check. Shapes are
    compared first: prose never gets to a regex."""
    if p >= 4 and shape[p - 4 : p + 12] == b"AAAAAA00A00A000A":
        a, b = p - 4, p + 12
    elif p >= 2 and shape[p - 2 : p + 14] == b"AAAA000000AAAAAA" and shape[p + 14 : p + 16] in (b"A0", b"00"):
        a, b = p - 2, p + 16  # a CURP: its third and fourth letters before its date
    elif (a := _uk_licence_start(shape, p)) is not None:
        b = a + 16
    elif shape[p : p + 9] == b"AA000000A":
        a, b = p, p + 9
    elif p >= 3 and shape[p - 3 : p + 7] == b"AAAAA0000A":
        a, b = p - 3, p + 7
    elif shape[p : p + 6] == b"AA000A" and text.startswith("IT", p):
        a, b = p, p + (15 if shape[p + 14 : p + 15] == b"0" else 14)
    elif shape[p : p + 18] == b"AA0000000000000000" and text.startswith("ES", p):
        a, b = p, p + (22 if shape[p + 20 : p + 22] == b"0A" else 20)
    else:
        return None
    m = _LETTERED.fullmatch(text, a, b)
    return (a, b) if m is not None and _alone(text, a, b) and _id_ok(text, m) else None


def _uk_licence_start(shape: bytes, p: int) -> int | None:
    """Where a British driving licence starts whose surname's last two letters before its digits are at ``p``
    ("JONES710153J99EF", "LEE99710153J99EF"): its shape from there, its padding's 9s read as digits."""
    for a in range(max(0, p - 3), p + 1):
        if shape[a : a + 16] in _UK_LICENCE_SHAPES:
            return a
    return None


_UK_LICENCE_SHAPES = frozenset(b"A" * n + b"0" * (11 - n) + tail for n in (2, 3, 4, 5) for tail in (b"AA0AA", b"A00AA"))


def lettered_in(text: str) -> list[tuple[int, int]]:
    """Every id with letters in ``text``: for a text past ASCII, whose shape's offsets are not its own."""
    return list(_ids_near(text, 0, len(text)))


def lettered_around(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    """The ids with letters that hold the digit run ``text[a:b]``."""
    return _ids_near(text, a, b)


def _ids_near(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    lo = a
    while lo > max(0, a - _TOKEN_REACH) and (text[lo - 1].isalnum() or text[lo - 1] == " "):
        lo -= 1
    for m in _LETTERED.finditer(text, lo, min(len(text), b + _TOKEN_REACH)):
        s, e = m.span()
        if s < b and e > a and _alone(text, s, e) and _id_ok(text, m):
            yield s, e


def receipt_before(text: str, a: int, b: int) -> int | None:
    """Where the USCIS receipt number starts whose ten digits are ``text[a:b]`` (``IOE0912345678``,
    ``EAC2390154872``: a service centre's three letters, no other id's, then ten digits), or None. Its shape alone
    says it, in a case's URL or a file's prose with no word naming it ("my receipt is WAC2419087634")."""
    s = a - 3
    if b - a != 10 or s < 0 or RECEIPT_SHAPE.fullmatch(text, s, b) is None:
        return None
    before, after = text[s - 1 : s], text[b : b + 1]  # a URL's path may hold it: a slash before it is no joiner
    return s if not (before.isalnum() or (s > 0 and before in "_-") or after.isalnum()) else None


def _alone(text: str, a: int, b: int) -> bool:
    """``text[a:b]`` is a token of its own: no letter, digit or joiner (``-``, ``_``, ``/``) against it."""
    before, after = text[a - 1 : a], text[b : b + 1]
    return not (before.isalnum() or (a > 0 and before in "_-/")) and not (
        after.isalnum() or (after != "" and after in "_-/")
    )


def shaped_id(ps: Pseudonyms, value: str) -> str:
    """An id of digits and separators keeps its shape as nines (``943 476 5919`` -> ``999 999 9999``);
    one with letters becomes ``redacted-<hex>``."""
    if all(c.isdigit() or c in " -/." for c in value):
        return "".join("9" if c.isdigit() else c for c in value)
    return ps.generic(value)
