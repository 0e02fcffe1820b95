"""A one-time code said before what it is, as a text message writes it: ``482913 is your verification code``,
``G-482913 is your Google code``, ``Use 482913 to sign in``' kind of notification forwarded to an assistant. (A code
after its name, ``your code is 482913``, is a field's: ``fields``.)

The cue is `` is your ``: four to eight digits (a Google code's ``G-`` before them) end right before it, and a
code's word (``code``, ``otp``, ``pin``, ``passcode``, ``password``) follows within a few words.

An eSIM's activation code (``LPA:1$rsp.example.com$QR-G-5C-1LS-1W1Z9P7``): its matching id.

A list of recovery or backup codes after its name (``Recovery codes: 8f3k-2m9d 4h7p-1x6z …``, GitHub's
``4f2a9-8c1d3`` one a line, Google's eight digits): each code, while the items have a digit and a code's length
("Recovery codes are stored in the vault" has none).
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard
from replay.redact.pseudonym import Pseudonyms, looks_redacted

__all__ = ["OTP_CUE", "OTP_CUES", "OtpFinder"]

OTP_CUE = " is your "
_LIST_CUES = ("recovery code", "backup code", "scratch code")
# An eSIM's activation code (GSMA SGP.22: "LPA:1$<SM-DP+ address>$<matching id>"): the matching id downloads the
# profile, the phone's number with it, once (a SIM swap's way in); the server's address stays
_ESIM_CUE = "lpa:1$"
_MATCHING_ID = re.compile(r"[^$\s\"'<>]{1,255}\$([A-Za-z0-9\-]{6,64})(?![A-Za-z0-9\-])")
OTP_CUES = (OTP_CUE, *_LIST_CUES, _ESIM_CUE)
_DIGITS_BEFORE = re.compile(r"(?<![\w.,/:-])(?:[A-Z]{1,2}-)?(\d{4,8})\Z")
_CODE_AFTER = re.compile(r"(?:[\w&.'’-]+ ){0,4}?(?:code|otp|pin|passcode|password)\b", re.I)


# After a list's name: its plural, "are", a colon; then the codes, between spaces, commas, bullets or numbers.
_LIST_LEAD = re.compile(r"s?(?:[ \t]+(?:are|is|were|was))?[ \t]*[:=\-]?")
_ITEM_SEP = re.compile(r"(?:[\s,;]|[-*•][ \t]|\d{1,2}[.)][ \t])*")
_ITEM = re.compile(r"(?=[A-Za-z-]*\d)[A-Za-z0-9]{4,10}(?:-[A-Za-z0-9]{4,10})?(?![\w-])")
_MAX_ITEMS = 24


class OtpFinder:
    """One-time codes said before their name, at ``OTP_CUE``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, s: int, e: int, hits: list[Hit]) -> None:
        """The code ending at ``s``, before `` is your … code``; the codes of a list after its name."""
        if text[s] == "L" or text[s] == "l":
            if (m := _MATCHING_ID.match(text, e)) is not None:  # an eSIM's activation code
                code = m.group(1)
                redacted = looks_redacted(code)
                hits.append(guard(*m.span(1)) if redacted else Hit(*m.span(1), "otp", self.ps.generic(code), 70))
            return
        if text[s] != " ":
            self._list(text, e, hits)
            return
        m = _DIGITS_BEFORE.search(text, max(0, s - 12), s)
        if m is None or _CODE_AFTER.match(text, e) is None:
            return
        a, b = m.span(1)
        code = m.group(1)
        hits.append(guard(a, b) if code.strip("9") == "" else Hit(a, b, "otp", self.ps.generic(code), 70))

    def _list(self, text: str, e: int, hits: list[Hit]) -> None:
        """The recovery or backup codes after their list's name, which ends at ``e``."""
        pos = _LIST_LEAD.match(text, e).end()  # type: ignore[union-attr]  # every part of it is optional
        for k in range(_MAX_ITEMS):
            sep = _ITEM_SEP.match(text, pos).end()  # type: ignore[union-attr]
            m = _ITEM.match(text, sep)
            if m is None or (k and sep == pos):
                return  # no code there, or one run on to the last without a space
            code = m.group(0)
            hits.append(guard(*m.span()) if code.strip("9") == "" else Hit(*m.span(), "otp", self.ps.generic(code), 70))
            pos = m.end()
