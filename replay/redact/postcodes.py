"""Postcodes precise to a street: the UK's (``SW1A 2AA``), Canada's (``K1A 0B1``), the Netherlands' (``1016 GV``),
Ireland's Eircodes (``D02 X285``).

A numeric postcode (a US ZIP, a German PLZ, a French code postal) covers a town or a district of thousands: the
labelled sets keep it as a place, and so does the redaction outside an address's block. One of these names a street's
side, a dozen households, some a single building: with a name it is an address. So it is redacted under a field
that names a postcode (``"zip"``, ``postal_code=``, ``"PostCode"``, ``postcode = '…'``, "my postcode is …") and after
a street in a line of prose (``places``), where a numeric one stays. The pseudonym is the existing one of a postcode
of a block: its digits made nines (``BA1 2QX`` -> ``BA9 9QX``), which reads back as itself.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard

__all__ = ["CEP", "FINE_POSTCODE", "fine_postcode", "keyed_postcode", "postcode_pseudonym"]

# The UK's (outward code, inward code; the inward's letters leave out C, I, K, M, O, V), Canada's (its letters leave
# out D, F, I, O, Q, U; W and Z never start one), the Netherlands' (four digits, two letters but SA, SD, SS) and
# Ireland's (a routing key, then four characters).
FINE_POSTCODE = (
    r"(?:[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2}"
    r"|[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ \t\-]?\d[ABCEGHJ-NPRSTV-Z]\d"
    r"|[1-9]\d{3}[ \t]?(?!S[ADS])[A-Z]{2}"
    r"|(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[ \t]?[0-9AC-FHKNPRTV-Y]{4})"
)
_FINE_AT = re.compile(FINE_POSTCODE + r"(?![\w\-])")
_DIGIT = re.compile(r"\d")
# Brazil's CEP, a street's or a building's (``01310-100``: after its name in prose, ``saidcues``); India's PIN
# code, six digits and the first no zero, under a field that names it alone (``"pincode": "560001"``: a card's
# PIN of four under "pin_code" is not one, and stays the code it is)
CEP = r"\d{5}-?\d{3}(?![\w\-])"
_NUMERIC_AT = {"pincode": re.compile(r"[1-9]\d{5}(?![\w\-])")}


def fine_postcode(value: str) -> bool:
    """``value`` is one postcode precise to a street, and nothing else."""
    m = _FINE_AT.match(value)
    return m is not None and m.end() == len(value)


def keyed_postcode(text: str, vs: int, ve: int, key: str = "") -> Hit | None:
    """The hit of a postcode precise to a street starting at ``vs``, a field's value that ends at ``ve`` or past it
    (``postcode is CF10 3NQ``: the field rules' value ends at its first word), or the numeric one its field ``key``
    (normalized) names; a guard for a pseudonym (its digits all nines); None for any other value."""
    m = _NUMERIC_AT.get(key, _FINE_AT).match(text, vs)
    if m is None or m.end() < ve:
        return None
    value = m.group(0)
    if postcode_pseudonym(value) == value:
        return guard(vs, m.end())
    return Hit(vs, m.end(), "address", postcode_pseudonym(value), 70)


def postcode_pseudonym(value: str) -> str:
    """The postcode's digits made nines (``EH6 6LJ`` -> ``EH9 9LJ``): its shape stays, and it reads back as
    itself (a pseudonym is not redacted again)."""
    return _DIGIT.sub("9", value)
