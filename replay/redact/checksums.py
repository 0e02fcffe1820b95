"""Check digits and issuer rules of the numbers ``digits`` finds: a card's issuer prefix and
Luhn, an IBAN's length per country and mod-97, an Aadhaar's Verhoeff digit, an EAN-13's, a VIN's; and of the
numbers a field's name or a word announces: a grid connection's GSRN, Spain's CUPS, Brazil's NIS and CNS."""

from __future__ import annotations

import re
from collections.abc import Mapping

from replay.redact.pseudonym import luhn_ok

__all__ = [
    "IBAN_LEN",
    "cns_ok",
    "cups_ok",
    "digit_pass_names",
    "ean_ok",
    "gsrn_ok",
    "gtin_ok",
    "iban_ok",
    "iin_ok",
    "is_card_number",
    "nis_ok",
    "verhoeff_ok",
    "vin_ok",
]

# Verhoeff's dihedral group D5: its multiplication table and the permutation applied per position
_VERHOEFF_D = (
    "0123456789", "1234067895", "2340178956", "3401289567", "4012395678",
    "5987604321", "6598710432", "7659821043", "8765932104", "9876543210",
)  # fmt: skip
_VERHOEFF_P = (
    "0123456789",
    "1576283094",
    "5803796142",
    "8916043527",
    "9453126870",
    "4286573901",
    "2793806415",
    "7046913258",
)
# IBAN length per country (SWIFT registry)
IBAN_LEN = {
    c: int(n)
    for c, n in re.findall(
        r"([A-Z]{2})(\d\d)",
        "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 EE20 EG29 "
        "ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 "
        "LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 "
        "RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20",
    )
}


def iin_ok(d: str) -> bool:
    """The card number's issuer prefix and length fit a card network."""
    n = len(d)
    two, three, four = int(d[:2]), int(d[:3]), int(d[:4])
    if d[0] == "4":
        return n in (13, 16, 19)
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return n == 16
    if two in (34, 37):
        return n == 15
    if four == 6011 or two == 65 or 644 <= three <= 649 or 3528 <= four <= 3589 or two == 62:
        return 16 <= n <= 19
    if two in (36, 38, 39) or 300 <= three <= 305:
        return 14 <= n <= 19
    return two in (50, 56, 57, 58, 63, 67) and 12 <= n <= 19


def is_card_number(digits: str) -> bool:
    """A run of digits that the digit pass takes for a card (length, issuer prefix, Luhn), whatever
    field or phrase it is under: those name it a card too, so it gets the card's pseudonym."""
    return 12 <= len(digits) <= 19 and iin_ok(digits) and luhn_ok(digits)


def digit_pass_names(value: str, on: Mapping[str, bool]) -> bool:
    """Whether the digit pass names ``value`` as it would anywhere, a card's number or an IBAN (its country's
    length and mod-97, spaces and dashes aside): a field's name or a phrase before it ("passport", "my TFN is")
    must not give the same card or account a second pseudonym."""
    value = value.strip()
    if on["card"] and not value.strip("0123456789 -") and is_card_number("".join(c for c in value if c.isdigit())):
        return True
    compact = value.replace(" ", "").replace("-", "").upper()
    return (
        on["iban"]
        and compact[:2].isalpha()
        and compact[2:4].isdigit()
        and compact.isascii()
        and compact.isalnum()
        and iban_ok(compact)
    )


def iban_ok(compact: str) -> bool:
    if IBAN_LEN.get(compact[:2]) != len(compact):
        return False
    num = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(num) % 97 == 1


def verhoeff_ok(d: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(d)):
        c = int(_VERHOEFF_D[c][int(_VERHOEFF_P[i % 8][int(ch)])])
    return c == 0


def gtin_ok(d: str) -> bool:
    """``d`` is a product's number (GTIN-8, UPC-A, EAN-13, GTIN-14): its length and its check digit (weights 3 and 1
    from the right)."""
    return len(d) in (8, 12, 13, 14) and _gs1_ok(d)


def _gs1_ok(d: str) -> bool:
    return sum(int(c) * (1 if i % 2 else 3) for i, c in enumerate(reversed(d[:-1]))) % 10 == (10 - int(d[-1])) % 10


def gsrn_ok(d: str) -> bool:
    """``d`` is a GS1 service relation number of 18 digits with its check digit: the EAN code Belgium's and the
    Netherlands' grids give a home's connection (541…, 871…), where a product's EAN has 8 to 14 digits."""
    return len(d) == 18 and d.isdigit() and d[:2] != "00" and _gs1_ok(d)


_CUPS_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def cups_ok(v: str) -> bool:
    """``v`` is Spain's CUPS, a home's point of electricity or gas supply (ES, 16 digits, two check letters: the
    digits mod 529 written in base 23 with the DNI's letters; then maybe a border point's digit and letter)."""
    rest = int(v[2:18]) % 529
    return v[18:20] == _CUPS_LETTERS[rest // 23] + _CUPS_LETTERS[rest % 23]


def nis_ok(d: str) -> bool:
    """``d`` is Brazil's NIS (PIS/PASEP/NIT), a worker's social number: ten digits weighted 3 2 9 8 7 6 5 4 3 2,
    11 less their sum mod 11 (0 for 10 or 11) the eleventh."""
    if len(d) != 11 or len(set(d)) == 1:
        return False
    rest = 11 - sum(int(c) * w for c, w in zip(d, (3, 2, 9, 8, 7, 6, 5, 4, 3, 2), strict=False)) % 11
    return (0 if rest >= 10 else rest) == int(d[10])


def cns_ok(d: str) -> bool:
    """``d`` is Brazil's CNS (Cartão Nacional de Saúde): 15 digits, a definitive card's starting 1 or 2, a
    provisional's 7, 8 or 9, each weighted 15 down to 1, the sum divisible by 11."""
    return len(d) == 15 and d[0] in "12789" and sum(int(c) * (15 - i) for i, c in enumerate(d)) % 11 == 0


def ean_ok(d: str) -> bool:
    """``d``'s last digit is its EAN-13 check digit (weights 1 and 3)."""
    return sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(d[:12])) % 10 == (10 - int(d[12])) % 10


# ISO 3779's values of a VIN's letters (it has no I, O or Q) and the weights of its 17 places (the 9th, the check's, 0)
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
# 17 capitals and digits, the check (a digit or X) 9th, a serial's digits last (a car's five, a small maker's three)
_VIN = re.compile(r"[A-HJ-NPR-Z0-9]{8}[0-9X][A-HJ-NPR-Z0-9]{5}\d{3}")


def vin_ok(v: str) -> bool:
    """``v`` is a vehicle's VIN, letters among its digits, whose 9th character is North America's check digit (its
    places' values weighted, mod 11, 10 written X): a car's number no word needs to name, one run in eleven of its
    shape passing by chance."""
    if _VIN.fullmatch(v) is None or v.isdigit():
        return False
    rest = sum(_VIN_VALUES[c] * w for c, w in zip(v, _VIN_WEIGHTS, strict=True)) % 11
    return v[8] == ("X" if rest == 10 else str(rest))
