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
_PHRASES = (("", ":"), ("", " is "), ("", " @"), ("my ", " "), ("on ", " "), ("on ", ":"), ("", " me "))
# Short names common words hold ("snapshot", "install", "big"): with what follows them in a handle's phrase
_SHORT = tuple(f"{pre}{app}{post}" for app in ("snap", "insta", "ig", "sc", "tg") for pre, post in _PHRASES)
# Where people are known by a handle that prose names the site beside too ("the ol' reddit skin-a-roo", "steam
# cleaner-x"): a handle only when said as one ("my github is torvalds-fan99", "steam: xXSniperXx") or with its "@"
_SAID_ONLY = (
    *("twitter", "reddit", "linkedin", "github", "gitlab", "roblox", "battletag", "riot id", "epic id"),
    *(f"{pre}{app}{post}" for app in ("steam", "psn", "xbox") for pre, post in _PHRASES),
)
_SAID_ONLY_SET = frozenset(_SAID_ONLY)
# A marketplace's user by their role ("eBay message from buyer jdoe_1987"): a handle with its marks only (no
# word after a colon: "buyer: Tomasz" is a name's, the name finders')
_ROLES = ("buyer ", "seller ", "buyer:", "seller:")
APP_CUES = _APPS + _SHORT + _ROLES + _SAID_ONLY
# A key's word joined to the app's name ("discord_username", "snapchatHandle"): any other makes it an identifier
# ("discord_client_id", "discord.py", "telegram-bot"), no handle's phrase
_KEY_WORD = re.compile(r"[_\-.]?(?:user_?name|username|user|handle|name|id|tag|account)(?![A-Za-z0-9])", re.I)
# Between the app's name and the handle: "is", "me", "handle", "username", "id", a colon, a JSON key's quotes
_FILLER = re.compile(
    r"(?:[ \t:=,(\"']|\\+(?=[\"'])|(?:is|me|at|handle|username|user|name|id|account)(?=[ \t:=\"'\\]))*"
)
# What may follow a handle: its sentence's or its field's end, a colon before a space (not "/", "://", "(", "=", a
# colon before a token: a link, code)
_HANDLE_END = re.compile(r"(?:[\s,;)!?|\"'\\]|[.:](?!\S)|\Z)")
_HANDLE = re.compile(r"([@$]?)([A-Za-z0-9_][A-Za-z0-9_.\-]{1,29}(?:#\d{4})?)")
_MARKS = frozenset("0123456789_.#-")


class HandleFinder:
    """Handles after the app names of ``APP_CUES``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The handle after the app's name at ``text[s:e]``."""
        if s and (low[s - 1].isalnum() or low[s - 1] == "_"):
            return  # "my_discord"
        cue = low[s:e]
        if (key := _KEY_WORD.match(text, e)) is not None:
            e = key.end()  # "discord_username", "snapchatHandle"
        elif e < len(low) and (
            (low[e - 1].isalnum() and low[e].isalnum()) or (low[e] in ("_", "-", ".") and low[e + 1 : e + 2].isalnum())
        ):
            return  # "discordant", "venmos"; "discord_client_id", "discord.py", "telegram-bot": an identifier
        v = _FILLER.match(text, e).end()  # type: ignore[union-attr]  # it matches empty
        m = _HANDLE.match(text, v)
        if m is None:
            return
        mark, value = m.group(1), m.group(2).rstrip(".-")
        a, b = m.start(2), m.start(2) + len(value)
        if _HANDLE_END.match(text, b) is None or not any(c.isalpha() for c in value):
            return  # an email's local part (the email finder's), a link's host, a token's start, code; a number
        said = low[s:v]  # the cue's own colon or "is" too ("snap: lunacast", "insta is lunacast")
        said_one = ":" in said or "is" in said.split() or "=" in said
        if not said_one and mark != "@" and cue in _SAID_ONLY_SET:
            return
        if not (mark or not _MARKS.isdisjoint(value)):
            if cue in _ROLES or not said_one:
                return  # "discord server", "telegram bot": a thing the app has; "kik me: jessyboo" says a handle
            words = lexicon()
            # a player's capitals inside the word make a handle ("xXSniperXx", "DarkKnight"); else it is lower case
            inner = any(c.isupper() for c in value[1:]) and not value.isupper()
            if not (inner or value.islower()) or value.lower() in words.words or value.lower() in words.rare_words:
                return  # "my insta is great", "steam is hot": a word
            if not inner and value in words.given:
                return  # "Venmo is Priya", "discord: kate": a name, the name finders'

        if looks_redacted(value):
            hits.append(guard(a, b))
        else:
            hits.append(Hit(a, b, "handle", self.ps.username(value), 55))
