"""A one-time code said before what it is, as a text message writes it: ``482913 is your verification code``,
``G-482913 is your Google code``, ``Use 482913 to sign in``' kind of notification forwarded to an assistant. (A code
after its name, ``your code is 482913``, is a field's: ``fields``.)

The cue is `` is your ``: four to eight digits (a Google code's ``G-`` before them) end right before it, and a
code's word (``code``, ``otp``, ``pin``, ``passcode``, ``password``) follows within a few words.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard
from replay.redact.pseudonym import Pseudonyms

__all__ = ["OTP_CUE", "OtpFinder"]

OTP_CUE = " is your "
_DIGITS_BEFORE = re.compile(r"(?<![\w.,/:-])(?:[A-Z]{1,2}-)?(\d{4,8})\Z")
_CODE_AFTER = re.compile(r"(?:[\w&.'’-]+ ){0,4}?(?:code|otp|pin|passcode|password)\b", re.I)


class OtpFinder:
    """One-time codes said before their name, at ``OTP_CUE``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        """The code ending at ``s``, before `` is your … code``."""
        m = _DIGITS_BEFORE.search(text, max(0, s - 12), s)
        if m is None or _CODE_AFTER.match(text, e) is None:
            return
        a, b = m.span(1)
        code = m.group(1)
        hits.append(guard(a, b) if code.strip("9") == "" else Hit(a, b, "otp", self.ps.generic(code), 70))
