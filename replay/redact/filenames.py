"""A person's name inside a file's name: an upload's ``CV_Leopold_Vanderstraeten_2024.pdf``,
``passport_Oksana_Hrytsenko.jpg``, ``wilhelmina-okafor-headshot.png``. The word-finding passes read a name between
spaces; here a name's words are joined by ``_``, ``-`` or ``.``: a common given name, then a word no ordinary word
nor place is. Only the name's words are replaced, the rest of the file's name says what the file is."""

from __future__ import annotations

import re
from itertools import pairwise

from replay.redact.hits import Hit
from replay.redact.lexicon import lexicon
from replay.redact.nameshapes import is_first_name, surname_word
from replay.redact.notnames import STOP_WORDS
from replay.redact.pseudonym import Pseudonyms

__all__ = ["FILE_NAME_CUE", "file_name_hits", "head_file_name", "is_file_name"]

FILE_NAME_CUE = "filename"
_WORD = re.compile(r"[^\W\d_]{2,}")
_JOIN = frozenset("_-. ")
# A multipart part's file name (its Content-Disposition's filename="…"), the RFC 6266 form with a charset aside.
_FILE_NAME = re.compile(r"[^\s/\\]{3,200}\.[A-Za-z][A-Za-z0-9]{1,4}")
_HEAD_FILE = re.compile(r'filename="([^"\r\n]{1,255})"', re.I)


def is_file_name(value: str) -> bool:
    """``value`` is a file's name: no space nor path, an extension after its stem ("Payslip_June2024.pdf")."""
    return _FILE_NAME.fullmatch(value) is not None


def file_name_hits(text: str, vs: int, ve: int, ps: Pseudonyms) -> list[Hit]:
    """The person's names among the words of the file name ``text[vs:ve]``, each a hit on its words and the join
    between them, the stand-in's words joined and cased the same."""
    words = list(_WORD.finditer(text, vs, ve))
    hits: list[Hit] = []
    for a, b in pairwise(words):
        first, last, join = a.group(), b.group(), text[a.end() : b.start()]
        if len(join) != 1 or join not in _JOIN or (hits and hits[-1].end > a.start()):
            continue
        if b.end() == ve and text[b.start() - 1] == ".":
            continue  # the extension ("…_Oksana.jpg"): no surname
        if (
            len(first) < 3
            or not is_first_name(first)
            or first.casefold() in lexicon().words
            or first.casefold() in STOP_WORDS  # "contrat_de_travail": a language's small words
            or not surname_word(last.capitalize())
        ):
            continue
        stand_in = ps.name(f"{first.capitalize()} {last.capitalize()}").split(" ", 1)
        if first.islower():
            stand_in = [w.lower() for w in stand_in]
        hits.append(Hit(a.start(), b.end(), "name", join.join(stand_in), 45))
    return hits


def head_file_name(head: str, ps: Pseudonyms) -> tuple[str, int]:
    """A multipart part's headers with the person's names in its file name replaced, and how many were."""
    m = _HEAD_FILE.search(head)
    hits = file_name_hits(head, m.start(1), m.end(1), ps) if m is not None else []
    for hit in reversed(hits):
        head = head[: hit.start] + (hit.rep or "") + head[hit.end :]
    return head, len(hits)
