"""The pseudonym of a street address: its street name invented, its numbers replaced, its layout kept.

Street-type and unit words (``streets``), punctuation and line breaks stay, so the result still
reads as an address of the same country; the invented name marks it as a pseudonym for later passes.
After the street's segment a big city or a country (``placenames``) stays and a postcode precise to a
street keeps its shape (``postcodes``): "12 Elm Road, Leeds LS6 2AB" -> "17 Zanmore Road, Leeds LS9 9AB".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from itertools import cycle

from replay.redact.hits import Hit, guard
from replay.redact.lexicon import lexicon
from replay.redact.placenames import big_cities, country_names, places
from replay.redact.postcodes import FINE_POSTCODE, postcode_pseudonym
from replay.redact.pseudonym import Pseudonyms, has_invented_word
from replay.redact.streets import COMPOUND_ENDS, HYPHEN_ENDS, PREFIX_TYPES, SUFFIX_WORDS

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
        # Portuguese's, Spanish's, Italian's and French's ("Rua Augusta, 1500, apto 72" lost its "apto")
        "apto",
        "ap",
        "apartamento",
        "bloco",
        "andar",
        "sala",
        "depto",
        "dpto",
        "departamento",
        "interior",
        "interno",
        "int",
        "scala",
        "appt",
        "bâtiment",
        "bat",
        "escalier",
        "whg",
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
            "nº",
            "n°",
            "número",
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
# A word's letters and the combining marks of the scripts that write vowels and tones over and under them (Thai's
# "ถนนสุขุมวิท", Hindi's): a mark is no word character, and was kept alone as punctuation
_LETTERS = r"(?:[^\W\d_]++[\u0300-\u036f\u0900-\u0903\u093a-\u094f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]*+)++"
# A numbered street's ordinal is its name ("W 57th St", "East 42nd Street"), one token: its digits alone were replaced
# and its ending taken for the name's next word
_ORDINAL = r"\d+(?:st|nd|rd|th)(?![^\W\d_])"
_TOKEN = re.compile(rf"{_ORDINAL}|\d+|{_LETTERS}(?:[.'’\-]{_LETTERS})*\.?|\S")
_ORDINAL_TOKEN = re.compile(_ORDINAL)
_POSTCODE = re.compile(r"(?<![\w\-])" + FINE_POSTCODE + r"(?![\w\-])")
# A compass word right after the house number is the street's ("350 West 57th St", "716 West Yorholm Drive"); on a
# line of its own or after a flat's number it starts a town's name ("Apt. 831\nEast Keithmouth, NJ"), which goes
_COMPASS = frozenset({"east", "west", "north", "south"})
_TOWN_WORDS = 3  # the longest town name read ("Belo Horizonte", "Rio de Janeiro")


def fake_address(value: str, invented: str, digits: str) -> str:
    """``value`` with its street name replaced by ``invented`` and its numbers by ``digits``: the
    street-type and unit words, punctuation and layout stay, so the address still reads as one.
    The result always holds ``invented``, which is how a later pass knows it for a pseudonym."""
    is_type = lexicon().street_types
    toks = list(_TOKEN.finditer(value))
    codes = {m.start(): m for m in _POSTCODE.finditer(value)}
    starts = [t.start() for t in toks]
    coded = {i for c in codes.values() for i in range(bisect_left(starts, c.start()), bisect_left(starts, c.end()))}
    words = [
        i
        for i, m in enumerate(toks)
        if (m.group(0)[0].isalpha() or _ORDINAL_TOKEN.fullmatch(m.group(0))) and len(m.group(0)) > 1 and i not in coded
    ]
    kept = {
        i
        for i in words
        if (w := toks[i].group(0).lower().rstrip(".")) in _VOCAB
        or w in is_type
        or (w in _COMPASS and _after_house_number(value, toks, i))
    }
    names = [i for i in words if i not in kept] or [i for i in words if toks[i].group(0).lower() not in _UNITS][:1]
    towns = _towns(value, toks, names[0] if names else len(toks))
    out: list[str] = []
    pos = 0
    pool = cycle(digits or "1")  # an address may hold more digits than ``digits`` (a run of forty)
    for i, m in enumerate(toks):
        if m.start() < pos:  # inside a postcode already written
            continue
        out.append(value[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if code := codes.get(m.start()):
            out.append(postcode_pseudonym(code.group(0)))
            pos = code.end()
        elif i in towns:
            out.append(tok)
        elif tok.isdigit():
            new = "".join(next(pool) for _ in tok)
            out.append(new if new[0] != "0" or tok[0] == "0" else "1" + new[1:])
        elif i not in names:
            out.append(tok)
        else:
            low = tok.lower()
            end = next((c for c in COMPOUND_ENDS if low.endswith(c) and len(low) > len(c)), "")
            if tok.rpartition("-")[2] in HYPHEN_ENDS:  # "Konrad-Adenauer-Straße" -> "Quorwick-Straße"
                out.append(f"{invented}-{tok.rpartition('-')[2]}")
            elif end:
                out.append(invented + tok[len(tok) - len(end) :])
            else:
                out.append(invented if i == names[0] else "\x00")  # later words of the name: dropped
    out.append(value[pos:])
    text = _closed("".join(out), value)
    return text if invented in text else f"{invented} {text}"


def _after_house_number(value: str, toks: list[re.Match[str]], i: int) -> bool:
    """Token ``i`` follows a house number on the same line (not a flat's: "Apt. 631 East Margaret WY")."""
    return (
        i > 0
        and toks[i - 1].group(0).isdigit()
        and _gap(value, toks, i) == " "
        and not (i > 1 and toks[i - 2].group(0).lower().rstrip(".") in _UNITS)
    )


def _closed(text: str, value: str) -> str:
    """``text`` with its dropped words (NUL) gone, and a segment they leave empty with one of its commas: "St,
    Springfield, IL 62704" -> "St, 62704", "Road, Kirkstall" -> "Road", "St,\nSpringfield, Ohio" -> "St,\nOhio"."""
    text = re.sub(r"[ \t]*\x00", "\x00", text)
    text = re.sub(r",\x00+(?=[ \t]*,)", "", text)
    text = re.sub(r"(?m)^(?:\x00+(?:[ \t]*,)?[ \t]*)+", "", text)
    text = re.sub(r",\x00+(?=[ \t]*(?:\r?\n|\Z))", "", text).replace("\x00", "").strip()
    return text[:-1] if text.endswith(",") and not value.rstrip().endswith(",") else text


def _towns(value: str, toks: list[re.Match[str]], street: int) -> set[int]:
    """The tokens of the big cities and countries ``value`` names after its street's segment (from the first comma
    or line break after the street name's token ``street``): a town there is no one's street, and it stays."""
    known = _known()
    seps = (i for i in range(street + 1, len(toks)) if toks[i].group(0) == "," or "\n" in _gap(value, toks, i))
    i = next(seps, len(toks))
    found: set[int] = set()
    while i < len(toks):
        # the longest run of capitalised words from here that names one ("Belo Horizonte" before "Belo")
        longest = range(min(_TOWN_WORDS, len(toks) - i), 0, -1)
        n = next((n for n in longest if _names_town(value, toks[i : i + n], known)), 1)
        if n > 1 or _names_town(value, toks[i : i + 1], known):
            found.update(range(i, i + n))
        i += n
    return found


@cache
def _known() -> frozenset[str]:
    # made once: a union of the three per address cost a text of 70,000 streets 9 s of its 13
    return big_cities() | places() | country_names()


def _gap(value: str, toks: list[re.Match[str]], i: int) -> str:
    """The text between token ``i`` and the one before it."""
    return value[toks[i - 1].end() : toks[i].start()]


def _names_town(value: str, run: list[re.Match[str]], known: frozenset[str]) -> bool:
    """The capitalised words ``run`` are one town or country ``known`` holds."""
    return all(t.group(0)[:1].isupper() for t in run) and value[run[0].start() : run[-1].end()].casefold() in known


def street_hit(ps: Pseudonyms, text: str, a: int, b: int) -> Hit:
    """The street ``text[a:b]`` (an HL7 field's, a line under a label's) replaced by its pseudonym in its own case
    (``1 MAIN ST`` -> ``4 ZANMERE ST``), or left when it is one already."""
    value = text[a:b]
    if has_invented_word(value.title()):
        return guard(a, b)
    num, invented = ps.street("1" * 12, value)
    new = fake_address(value, invented, num)
    return Hit(a, b, "address", new.upper() if value.isupper() else new, 60)
