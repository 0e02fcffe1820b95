"""A form builder's answer read under its question's reference: Typeform's webhook names each answer's field by the
``ref`` its author gave it (``"field": {"id": "dob1", "type": "date", "ref": "date_of_birth"}``), after the value
(``{"type": "date", "date": "1982-09-03", "field": …}``): the ref says what the answer is, as a field's name does.
A ref left as Typeform made it (a UUID) says nothing.

The cue is the ``"ref"`` key; its answer's object is read back to its ``"type"``, whose value names the answer's key.
"""

from __future__ import annotations

import re

from replay.redact.fakeaddress import street_hit
from replay.redact.hits import Hit
from replay.redact.keys import KeyRules
from replay.redact.nameshapes import looks_like_person
from replay.redact.nationalids import shaped_id
from replay.redact.pseudonym import Pseudonyms, is_dob_pseudonym, looks_redacted

__all__ = ["ANSWER_REF_CUES", "AnswerRefFinder"]

ANSWER_REF_CUES = ('"ref"', '\\"ref\\"')
_REF = re.compile(r'\\*"ref\\*"[ \t]*:[ \t]*\\*"([A-Za-z][\w.-]{1,63})\\*"')
# the answer's own type and its value under a key of that name, before its field's object
_ANSWER = re.compile(
    r'\\*"type\\*"[ \t]*:[ \t]*\\*"(text|date|number)\\*"[ \t]*,[ \t]*\\*"\1\\*"[ \t]*:[ \t]*\\*"([^"\\]{1,200})\\*"'
)
_BACK = 400


class AnswerRefFinder:
    """An answer's value under its field's ``ref``, at ``ANSWER_REF_CUES``."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool], keys: KeyRules):
        self.ps = ps
        self.on = on
        self.keys = keys  # the policy's: its [keys] redact and keep lists name these fields too

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The answer whose field's ``"ref"`` key is at ``text[s:e]``."""
        ref = _REF.match(text, s)
        if ref is None or (cls := self.keys.classify(ref.group(1))) not in ("name", "dob", "address", "gov_id"):
            return
        field = low.rfind("field", max(0, s - _BACK), s)  # the answer's "field": {…} holding the ref
        if field < 0:
            return
        answers = list(_ANSWER.finditer(text, max(0, field - _BACK), field))
        if not answers:
            return
        m = answers[-1]
        if "field" in low[m.end() : field]:
            return  # another answer's value: this one's type holds none (a choice, an email)
        a, b = m.span(2)
        value = text[a:b]
        if looks_redacted(value) or not any(c.isalnum() for c in value):
            return
        if cls == "name" and self.on["name"] and looks_like_person(value, False, True):
            hits.append(Hit(a, b, "name", self.ps.name(value), 55))
        elif cls == "dob" and self.on["personal_ids"] and any(c.isdigit() for c in value):
            if not is_dob_pseudonym(value):
                hits.append(Hit(a, b, "dob", self.ps.dob(value), 55))
        elif cls == "gov_id" and self.on["personal_ids"] and sum(c.isdigit() for c in value) >= 4:
            hits.append(Hit(a, b, "gov_id", shaped_id(self.ps, value), 55))
        elif cls == "address" and self.on["address"] and m.group(1) == "text":
            hits.append(street_hit(self.ps, text, a, b))
