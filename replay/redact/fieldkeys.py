"""The field name around a key cue (``fields``): where it starts and ends (in an ASCII text by a map of its identifier
characters, past ASCII by a walk), a quoted key of words read whole, a form's label of words at its line's start, and
where the value after it starts.
"""

from __future__ import annotations

import re

from replay.redact.fieldvalues import possessive_at

__all__ = ["AFTER_KEY", "IDCH", "ID_TABLE", "KeyReader", "line_label", "value_start"]

# The characters of a field name, lower-cased: ASCII, and the letters of Latin, Greek and Cyrillic
# scripts ("contraseña", "straße", "пароль"); CJK prose has no spaces to end a name.
IDCH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.") | frozenset(
    c for c in map(chr, range(0xC0, 0x530)) if c.isalpha() and c.islower()
)
_CJK_KEY = frozenset(map(chr, (*range(0x3040, 0x3100), *range(0x4E00, 0xA000), *range(0xAC00, 0xD7B0))))
# An Arabic field name's letters ("العنوان:", address): its words end at a space, as a Latin name's do
_ARABIC_KEY = frozenset(map(chr, range(0x0620, 0x064B)))
# An ASCII text's identifier characters (``IDCH``'s, in either case) as "i", every other byte as " ": where
# the field name around a cue starts and ends is then a ``rfind`` and a ``find`` over this map of the text (made
# once, at its first cue), where a loop over the name's characters cost 13,000 instructions a JSON key.
ID_TABLE = bytes(ord("i") if chr(i).isascii() and chr(i).lower() in IDCH else ord(" ") for i in range(256))
# "is" in the languages of the field names (es, est, ist, è, é, jest, är, er): "mein Passwort ist X", "lautet X".
# A list's or a copy's brackets after the name ("password[]", "token[0]") are the name's, as in a form.
AFTER_KEY = re.compile(
    r"(?:\[\d{0,3}\])?(\\*[\"']|\])?(?:[ \t]+(?:number|no\.?|date))?[ \t]*"
    r"(?:(:|=>|=)|[ \t]+(is|was|are|es|est|ist|lautet|è|é|era|war|jest|är|er|to)[ \t]+|([ \t]+))[ \t]*"
)
# The opening quote of a JSON key of words before a cue ("Product Name": the cue is "name"), and the
# closing quote after it.
_SPACED_KEY = re.compile(r"[\w\-]+(?: [\w\-]+){0,4} ")
# The words of a quoted key after its cue, up to the quote that closes it (before a ``:``, or a markup name's ``>``),
# in any script's letters ("Date of Birth", Czech's "rodné číslo", "Numéro de passeport")
_KEY_TAIL = re.compile(r"(?: [\w\-]+){0,5}(?=\\*[\"'](?:[ \t]*:|>))")


# A form's label of words at its line's start, the field name its last word: one or two words before it, then its colon
# ("Full name:", "Numer klienta:", "Patient name :")
_LABEL_HEAD = re.compile(r"[ \t]*((?:[^\W\d_]+[ \t]){1,2})")


def line_label(text: str, q: int, r: int) -> int | None:
    """Where the label of words that the field name ``text[q:r]`` ends starts, when the label starts its line and a
    colon follows it; else None."""
    if text[r : r + 1] != ":" and text[r : r + 2] != " :":
        return None
    start = text.rfind("\n", max(0, q - 40), q) + 1
    if start == 0 and q > 40:
        return None
    m = _LABEL_HEAD.fullmatch(text, start, q)
    return None if m is None else m.start(1)


def value_start(text: str, r: int) -> int | None:
    """Where the value after a key ending at ``r`` starts, when a ``:``, ``=`` or ``=>`` comes between."""
    m = AFTER_KEY.match(text, r)
    return None if m is None or m.group(2) is None else m.end()


class KeyReader:
    """Reads the field name around each cue of a text; remembers the last name read past ASCII."""

    def __init__(self) -> None:
        self._read_name: tuple[str, int, int, int] = ("", 0, 0, 0)  # the last name read past ASCII: its text, cue, ends

    def key_at(self, text: str, low: str, p: int, ids: bytes | None) -> tuple[int, int, bool]:
        """Where the field name around the cue at ``p`` starts and ends (``ids``: an ASCII text's UTF-8 through
        ``ID_TABLE``), and whether words or a space stand beside it (a header of words may hold it)."""
        n = len(text)
        if ids is not None:
            q = ids.rfind(b" ", 0, p) + 1
            while q < p and possessive_at(low, q):
                q = ids.rfind(b" ", 0, q - 1) + 1
            r = ids.find(b" ", p)
            r = n if r < 0 else r
        else:
            q, r = self._name_ends(low, p)
        # words after the name ("Date of Birth") start with a space: after a quote, the tail is empty and
        # counts only after a space before the name (" name": a markup attribute's), the usual JSON key's not
        nxt = text[r : r + 1]
        spaced = q > 0 and text[q - 1] == " "
        if nxt == " " or (spaced and nxt in ('"', "'", "\\")):
            # a quoted key of words ("Product Name", "Date of Birth", "family name female", a markup name="…"):
            # the whole key decides. Its opening quote first: prose has none near (its words' tail is not read)
            oq = max(text.rfind('"', max(0, q - 40), q), text.rfind("'", max(0, q - 40), q))
            if (
                oq >= 0
                and (tail := _KEY_TAIL.match(text, r)) is not None
                and (tail.end() > r or spaced)
                and (oq + 1 == q or _SPACED_KEY.fullmatch(text, oq + 1, q))
            ):
                q, r = oq + 1, tail.end()
        return q, r, nxt == " " or spaced

    def _name_ends(self, low: str, p: int) -> tuple[int, int]:
        """Where the field name holding the cue at ``low[p]`` starts and ends, in a text past ASCII. A cue inside the
        last one read has its ends: read from each, a run of many cues ("contraseña" repeated) was quadratic in its
        length (32 KB: 8 s). Not past a possessive at the last cue, which a walk from a later one steps over."""
        last, last_p, q, r = self._read_name
        if last is low and last_p < p < r and not possessive_at(low, last_p):
            return q, r
        # a CJK key's cue ("氏名") reads a run of CJK: a JSON key's
        chars = IDCH if low[p] in IDCH else _ARABIC_KEY if low[p] in _ARABIC_KEY else _CJK_KEY
        q = p
        while q > 0 and low[q - 1] in chars:
            q -= 1
            if possessive_at(low, q):
                q -= 1
        r = p
        while r < len(low) and low[r] in chars:
            r += 1
        self._read_name = (low, p, q, r)
        return q, r
