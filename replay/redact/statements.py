"""The other party of a bank statement's line, as banks write it in capitals: ``FASTER PAYMENT FROM DANIEL OKORO
REF RENT``, ``TRANSFER TO 20-32-06 43829175 S WHITFIELD``, ``VENMO CASHOUT FROM ELIJAH BRANDT``. The name
finders read capitalised words, not a line of capitals; a sort code and an account number together name no
field.

The cue is a payment's word and its direction, in capitals (``STATEMENT_CUES``); then a UK sort code and
account number (a bank account), then the party: a known given name and up to two words, or an initial and a
surname that is no English word, up to a reference's word (REF, ON, VIA, FOR), a digit or the field's end.
"TRANSFER TO SAVINGS", "PAYMENT FROM AMAZON" name nobody.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard
from replay.redact.lexicon import lexicon
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import Pseudonyms, has_invented_word

__all__ = ["STATEMENT_CUES", "StatementFinder"]

STATEMENT_CUES = tuple(
    f"{verb} {way} "
    for verb in ("payment", "transfer", "cashout", "deposit", "credit", "zelle", "venmo", "paypal", "trf", "tfr")
    for way in ("from", "to")
)
_ACCOUNT = re.compile(r"(\d\d-\d\d-\d\d[ \t]+\d{8})[ \t]+")
_PARTY = re.compile(r"((?:[A-Z]\.?[ \t]+)?[A-Z][A-Z'\-]+(?:[ \t]+[A-Z][A-Z'\-]+){0,2})(?=[ \t]*(?:[,;|\"\\\n]|\Z))")
_FIELD_REACH = 400  # far past any party's name: where a field with no end in sight is cut
_END_WORDS = re.compile(r"[ \t]+(?:REF|REFERENCE|ON|VIA|FOR|MEMO|DATE|FPS|BGC|ID|CONF)\b.*", re.S)  # Zelle's "CONF#"


class StatementFinder:
    """The party and its account after the payment words of ``STATEMENT_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The party after the payment's words at ``text[s:e]``, written in capitals."""
        if not text[s:e].isupper() or (s and text[s - 1].isalnum()):
            return
        v = e
        if (acct := _ACCOUNT.match(text, v)) is not None:
            if self.on["personal_ids"]:
                hits.append(Hit(acct.start(1), acct.end(1), "bank_account", shaped_id(self.ps, acct.group(1)), 60))
            v = acct.end()
        # no field's end near: a window, not the rest of the text (a statement of a thousand lines would be
        # sliced from each of its cues to its end, quadratic in its length)
        ends = (text.find(c, v, v + 80) for c in ',;|"\n\\')
        line_end = min((i for i in ends if i >= 0), default=min(len(text), v + _FIELD_REACH))
        field = _END_WORDS.sub("", text[v:line_end])
        m = _PARTY.match(field + "\n")
        if m is None or not self.on["name"]:
            return
        words = m.group(1).replace(".", "").split()
        if not _person(words):
            return
        a, b = v, v + m.end(1)
        person = " ".join(w.title() for w in words)
        if has_invented_word(person):
            hits.append(guard(a, b))
        else:
            hits.append(Hit(a, b, "name", self.ps.name(person).upper(), 60))


def _person(words: list[str]) -> bool:
    """A known given name first and a word after it, or last after a surname (a bank's "SMITH JOHN"), or an
    initial and a surname that is no English word; no English word among the rest."""
    lex = lexicon()
    low = [w.lower() for w in words]
    if len(words) >= 2 and len(words[0]) == 1:
        return len(words) == 2 and low[1] not in lex.words and low[1] not in lex.rare_words
    if len(words) < 2:
        return False
    for given, rest in ((low[0], low[1:]), (low[-1], low[:-1])):
        if given in lex.given and given not in lex.words and not any(w in lex.words for w in rest):
            return True
    return False
