"""The pseudonym of a street address: its street name invented, its numbers replaced, its layout kept.

Street-type and unit words (``streets``), punctuation and line breaks stay, so the result still
reads as an address of the same country; the invented name marks it as a pseudonym for later passes.
"""

from __future__ import annotations

import re
from itertools import cycle

from replay.redact.hits import Hit, guard
from replay.redact.lexicon import lexicon
from replay.redact.pseudonym import Pseudonyms, has_invented_word
from replay.redact.streets import COMPOUND_ENDS, PREFIX_TYPES, SUFFIX_WORDS

__all__ = ["fake_address", "street_hit"]

_UNITS = frozenset(
    [
        "apt",
        "apartment",
        "suite",
        "ste",
        "unit",
        "flat",
        "floor",
        "fl",
        "room",
        "studio",
        "piso",
        "puerta",
        "planta",
        "appartamento",
        "piano",
        "étage",
        "etage",
        "wohnung",
    ]
)
_VOCAB = (
    frozenset(PREFIX_TYPES)
    | frozenset(SUFFIX_WORDS)
    | _UNITS
    | frozenset(
        (
            "bis",
            "da",
            "das",
            "de",
            "del",
            "della",
            "den",
            "der",
            "des",
            "di",
            "do",
            "dos",
            "du",
            "e",
            "la",
            "n",
            "ne",
            "no",
            "nr",
            "nw",
            "s",
            "se",
            "sw",
            "ter",
            "van",
            "von",
            "w",
        )
    )
)
_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:[.'’\-][^\W\d_]+)*\.?|\S")


def fake_address(value: str, invented: str, digits: str) -> str:
    """``value`` with its street name replaced by ``invented`` and its numbers by ``digits``: the
    street-type and unit words, punctuation and layout stay, so the address still reads as one.
    The result always holds ``invented``, which is how a later pass knows it for a pseudonym."""
    is_type = lexicon().street_types
    toks = list(_TOKEN.finditer(value))
    words = [i for i, m in enumerate(toks) if m.group(0)[0].isalpha() and len(m.group(0)) > 1]
    kept = {i for i in words if (w := toks[i].group(0).lower().rstrip(".")) in _VOCAB or w in is_type}
    names = [i for i in words if i not in kept] or [i for i in words if toks[i].group(0).lower() not in _UNITS][:1]
    out: list[str] = []
    pos = 0
    pool = cycle(digits or "1")  # an address may hold more digits than ``digits`` (a run of forty)
    for i, m in enumerate(toks):
        out.append(value[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if tok.isdigit():
            new = "".join(next(pool) for _ in tok)
            out.append(new if new[0] != "0" or tok[0] == "0" else "1" + new[1:])
        elif i not in names:
            out.append(tok)
        else:
            low = tok.lower()
            end = next((c for c in COMPOUND_ENDS if low.endswith(c) and len(low) > len(c)), "")
            if end:
                out.append(invented + tok[len(tok) - len(end) :])
            else:
                out.append(invented if i == names[0] else "\x00")  # later words of the name: dropped
    out.append(value[pos:])
    text = re.sub(r"[ \t]*\x00", "", "".join(out)).strip()
    return text if invented in text else f"{invented} {text}"


def street_hit(ps: Pseudonyms, text: str, a: int, b: int) -> Hit:
    """The street ``text[a:b]`` (an HL7 field's, a line under a label's) replaced by its pseudonym in its own case
    (``1 MAIN ST`` -> ``4 ZANMERE ST``), or left when it is one already."""
    value = text[a:b]
    if has_invented_word(value.title()):
        return guard(a, b)
    num, invented = ps.street("1" * 12, value)
    new = fake_address(value, invented, num)
    return Hit(a, b, "address", new.upper() if value.isupper() else new, 60)
