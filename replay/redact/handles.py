"""A person's handle named by the app it is on: ``add me on snap: lunacast92``, ``insta @the.real.brooke``,
``discord katyb#4821``, ``Venmo is @Priya-Shah-12``, ``CashApp $priyashah``, a profile's ``"discord":
"raven#0420"``. The ``@`` finder takes a bare ``@jdoe`` and leaves one with dots (a package's scope, a
decorator's path); a handle with no ``@`` is no more than a word to it.

The cue is the app's name, written so that no common word holds it (``APP_CUES``: "snap:" and "on snap", not
"snap", which "snapshot" holds; "insta is", not "insta", which "install" holds); a few words may follow it
(``is``, ``me``, ``handle``, a JSON key's quotes), then the handle. With no mark a handle has (an ``@``,
``$``, a digit, ``_``, ``.``, a Discord tag's ``#``), it must be said as one (after a colon or "is") and be a
lower-case word the lexicon does not know: "my insta is great", "discord server" find nothing.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard
from replay.redact.lexicon import lexicon
from replay.redact.pseudonym import Pseudonyms, looks_redacted

__all__ = ["APP_CUES", "HandleFinder"]

_APPS = ("snapchat", "instagram", "kik", "discord", "telegram", "tiktok", "venmo", "cashapp", "cash app", "twitch")
_APPS += ("wechat", "skype", "gamertag", "threads", "bluesky", "onlyfans")
# Short names common words hold ("snapshot", "install", "big"): with what follows them in a handle's phrase
_SHORT = tuple(
    f"{pre}{app}{post}"
    for app in ("snap", "insta", "ig", "sc", "tg")
    for pre, post in (("", ":"), ("", " is "), ("", " @"), ("my ", " "), ("on ", " "), ("on ", ":"), ("", " me "))
)
APP_CUES = _APPS + _SHORT
# Between the app's name and the handle: "is", "me", "handle", "username", "id", a colon, a JSON key's quotes
_FILLER = re.compile(
    r"(?:[ \t:=\-,(\"'_]|\\+(?=[\"'])|(?:is|me|at|handle|username|user|name|id|account)(?=[ \t:=\"'\\]))*"
)
_HANDLE = re.compile(r"([@$]?)([A-Za-z0-9_][A-Za-z0-9_.\-]{1,29}(?:#\d{4})?)")
_MARKS = frozenset("0123456789_.#-")


class HandleFinder:
    """Handles after the app names of ``APP_CUES``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The handle after the app's name at ``text[s:e]``."""
        if (s and low[s - 1].isalnum()) or (e < len(low) and low[e - 1].isalnum() and low[e].isalnum()):
            return  # "discordant", "venmos"
        v = _FILLER.match(text, e).end()  # type: ignore[union-attr]  # it matches empty
        m = _HANDLE.match(text, v)
        if m is None:
            return
        mark, value = m.group(1), m.group(2).rstrip(".-")
        a, b = m.start(2), m.start(2) + len(value)
        if b < len(text) and (text[b].isalnum() or text[b] == "@"):
            return  # an email's local part: the email finder's
        if not (mark or not _MARKS.isdisjoint(value)):
            said = text[e:v]
            if ":" not in said and "is" not in said.split() and "=" not in said:
                return  # "discord server", "telegram bot": a thing the app has; "kik me: jessyboo" says a handle
            words = lexicon()
            if not value.islower() or value in words.words or value in words.rare_words or value in words.given:
                return  # "my insta is great", "Venmo is Priya": a word, a name
        if looks_redacted(value) or value.startswith("user-"):
            hits.append(guard(a, b))
        else:
            hits.append(Hit(a, b, "handle", self.ps.username(value), 55))
