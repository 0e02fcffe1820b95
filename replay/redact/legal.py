"""A party of a legal document named where a court's or a registry's form places it: a caption's party on the line
above its role (``KEISHA MONROE,`` over ``Plaintiff,``; ``MR DARREN FITZGERALD`` over ``Claimant``), the title of
a statement or an affidavit (``WITNESS STATEMENT OF DARREN FITZGERALD``), a land register's proprietors
(``Registered proprietor: HELEN FRANCES MCKENZIE and ROBERT ALAN MCKENZIE of 7 Orchard Way``). The name finders
read capitalised words in prose; a line of capitals is a heading to them.

The cue is the role, the title's "… of" or the register's label (``LEGAL_CUES``). A role counts alone on its line
(a caption's); "the plaintiff argued" is prose. A party that is a firm ("GOTHAM LOGISTICS LLC", "BRIGHTHOUSE
ESTATES LIMITED"), a state or a city ("CITY OF TACOMA": a word of ``STOP_WORDS`` in it) stays, as does a case's
number: a court's record of it is public.
"""

from __future__ import annotations

import re

from replay.redact.blocks import EOL, party_name
from replay.redact.hits import Hit
from replay.redact.lexicon import lexicon
from replay.redact.nameshapes import looks_like_person
from replay.redact.pseudonym import Pseudonyms

__all__ = ["LEGAL_CUES", "LegalFinder"]

_ROLES = ("plaintiff", "defendant", "claimant", "respondent", "petitioner", "appellant", "appellee", "deponent")
_TITLES = ("statement of ", "affidavit of ", "declaration of ")
_PROPRIETORS = ("proprietor:", "proprietors:")
# Who a payment or a cheque is for, in a payments system's capitals ("PAYEE: JONATHAN R WHITTAKER", "PAY TO THE
# ORDER OF EMERIC BOUCHARD-LOWE AND MIDFIRST BANK"): the names in capitals, as a title's
_PAYEES = ("payee:", "payee name:", "pay to the order of ", "payable to ")
LEGAL_CUES = _ROLES + _TITLES + _PROPRIETORS + _PAYEES
# After a role on its line: a plural's "s", a mark, and the line's end
_ROLE_END = re.compile(r"s?[ \t]*[,.;:]?[ \t]*(?:\r?\n|\\r\\n|\\n|\\r|\Z)")
# A party's line: a title, the name, a mark or "et al." after it
_PARTY = re.compile(
    r"[ \t]*(?:(?:MR|MRS|MS|MISS|DR|Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+)?([^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’.\-]*){1,3})"
    r"[ \t]*(?:,?[ \t]*et al\.?)?[ \t]*,?[ \t]*\Z"
)
# The names after a title or a label: capitalised words, one or more joined by "and" or a comma, to "of", a
# bracket, a mark or the line's end
_NAMES = re.compile(
    r"[ \t]*((?:[A-Z][\w'’\-]*\.?[ \t]+){1,3}[A-Z][\w'’\-]*)"
    r"(?=[ \t]*(?:[,;(\r\n\"]|\\n|\Z|(?:and|AND|of|OF)(?![^\W_])))"
)
_JOIN = re.compile(r"[ \t]*(?:,[ \t]*)?(?:and|AND|&)?")
_LINE_REACH = 120


class LegalFinder:
    """The parties at the cues of ``LEGAL_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The party the role, the title or the label at ``text[s:e]`` names."""
        if (s and low[s - 1].isalpha()) or not self.on["name"]:
            return  # "counterclaimant"
        word = low[s:e]
        if word in _ROLES:
            self._caption(text, s, e, hits)
        else:
            self._names(text, e + (text[e : e + 1] == " "), hits, word in _TITLES, word in _PAYEES)

    def _caption(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        """A caption's party: the line above a role alone on its line."""
        if _ROLE_END.match(text, e) is None:
            return
        begin = _line_start(text, s)
        if text[begin:s].strip(" \t"):
            return  # words before the role: prose ("the plaintiff argued")
        above = _line_before(text, begin)
        if above is None:
            return
        a, b = above
        m = _PARTY.match(text, a, b)
        if m is None:
            return
        name = m.group(1).rstrip(",")
        person = name.title()
        # a known given name first, or a surname last ("Wei-Lin Chang"): a firm's words are seldom either
        if looks_like_person(person, True) or person.rpartition(" ")[2].lower() in lexicon().surname:
            party_name(self.ps, self.on, text, m.start(1), m.start(1) + len(name), hits)

    def _names(self, text: str, e: int, hits: list[Hit], title: bool, payee: bool = False) -> None:
        """The names after a title's "… of" (in capitals: a heading's), a register's label or a payee's (in
        capitals, no ordinary word among them: "PAYEE: JOHN LEWIS PARTNERSHIP", "VISA EUROPE" are firms')."""
        if (title or payee) and not text[e : e + 1].isupper():
            return  # "statement of work", "a declaration of intent", "payable to the order"
        pos = e
        for _ in range(4):
            m = _NAMES.match(text, pos, pos + _LINE_REACH)
            if m is None:
                return
            if (title or payee) and not m.group(1).isupper():
                return  # "Statement of Financial Position": a heading in title case names a thing
            if not payee or not _ordinary(m.group(1)):
                # a payee's first name taken as a person's; one joined to it a known given name first ("AND
                # MIDFIRST BANK" is the lender's)
                party_name(self.ps, self.on, text, *m.span(1), hits, not payee or pos > e)
            pos = _JOIN.match(text, m.end()).end()  # type: ignore[union-attr]  # it matches empty
            if pos == m.end():
                return


def _line_start(text: str, at: int) -> int:
    """Where the line holding ``at`` starts (a line's end written or escaped in a JSON string)."""
    ends = list(EOL.finditer(text, max(0, at - _LINE_REACH), at))
    return ends[-1].end() if ends else max(0, at - _LINE_REACH) if at > _LINE_REACH else 0


def _line_before(text: str, begin: int) -> tuple[int, int] | None:
    """The last line before the line that starts at ``begin`` that holds more than blanks."""
    end = begin
    for _ in range(2):
        ends = list(EOL.finditer(text, max(0, end - _LINE_REACH), end))
        if not ends or ends[-1].end() != end:
            return None
        b = ends[-1].start()
        a = _line_start(text, b)
        if text[a:b].strip(" \t"):
            return a, b
        end = a
    return None


def _ordinary(words: str) -> bool:
    """One of ``words`` is an ordinary word or a place's and no name's ("PARTNERSHIP", "EUROPE")."""
    lex = lexicon()
    return any(
        w in lex.words and w not in lex.given and w not in lex.surname for w in words.lower().replace("-", " ").split()
    )
