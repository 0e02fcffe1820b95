"""A credential given in a sentence that never names it: "I set up cohere with <key> but the webhook never fires",
"getting 'invalid credentials' from the jfrog API using <key>", "I authenticated with <user:password>".

The cue is a word of signing in to something (``GIVEN_CUES``: setting up, configuring, signing in, credentials, a 401);
later in its sentence, "with" or "using" hands the value over, which must come right after it shaped as a credential
(``tokens.key_like``: a generated token, a short one of letters and digits mixed, a login's "user:password", HTTP
Basic's base64). A hash, a model's name, a version is no credential's shape ("tested the API with
gpt-4o-mini-2024-07-18"), a token after "with" in a sentence of other words no credential's context ("merged the
branch with 3f9a…"). The cue is the rarer word: "with" is in most sentences of a chat, the sign-in words in few.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit
from replay.redact.pseudonym import Pseudonyms
from replay.redact.tokens import key_like

__all__ = ["GIVEN_CUES", "GivenKeyFinder"]

# Words of a sentence about signing in to something; not an API's or a connection's alone, which are in every other
# sentence of a developer's chat (a cue costs ~9,000 instructions read) and before a record's id as often ("calling
# the API with <uuid> returns 404")
GIVEN_CUES = (
    "set up", "setup", "configur", "authenticat", "log in", "logged in", "sign in", "signed in", "credential",
    "unauthori", "401", "403",
)  # fmt: skip
_REACH = 60  # how far after its cue the sentence is read for "with" or "using" (a vendor's name, "… API")
_STOP = re.compile(r"[.!?\n\\]")  # the characters a sentence's end starts with (one search of a class: fast)
# The value right after it: one token, in quotes or not (escaped ones in a JSON string)
_VALUE = re.compile(r"""(\\?["'`]?)([^\s"'`<>()\[\]{},;\\]{8,512})""")


class GivenKeyFinder:
    """Credentials handed over by "with" or "using" in a sentence about signing in, at ``GIVEN_CUES``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The value after the first "with" or "using" in the sentence after the cue ``text[s:e]``, when it is
        shaped as a credential; none in a word ("capital", "monkey") or after a sentence's end."""
        if s and low[s - 1].isalnum():
            return
        i = low.find(" with ", e, e + _REACH)
        j = low.find(" using ", e, e + _REACH if i < 0 else i)
        if i < 0 and j < 0:
            return
        w = j + 7 if j >= 0 else i + 6
        if " " in low[w : w + 8] or (v := _VALUE.match(text, w)) is None:
            return  # a word after it ("with the SDK"), most often: no value of 8 characters
        vs, ve = v.span(2)
        quote = v.group(1)
        if not (quote and text.startswith(quote, ve)):  # a quoted value is the whole of it ("d2LkV78zLx!t:")
            ve = vs + len(text[vs:ve].rstrip(".,;"))  # a sentence's punctuation is no value's (a "!" may be)
        value = text[vs:ve]
        if not key_like(value) or _ended(low, e, w):
            return
        if not hits or hits[-1].start != vs:  # the sentence's other cues find the same value
            hits.append(Hit(vs, ve, "secret", self.ps.generic(value), 60))


def _ended(low: str, s: int, e: int) -> bool:
    """A sentence ends in ``low[s:e]``: a stop and a space, a line break (a JSON string's escaped one too); not the
    dot of "v1.2" or "e.g"."""
    while (m := _STOP.search(low, s, e)) is not None:
        s = m.end()
        c, after = m.group(), low[s : s + 1]
        if c == "\n" or (c == "\\" and after == "n") or (c in ".!?" and after in (" ", "\t")):
            return True
    return False
