"""Tokens that a link carries and no name announces: a password reset's, an e-mail verification's, an invite's,
a magic sign-in's, an unsubscribe's, a share, download, receipt or webhook link's, a push service's device's
(``/reset-password/<token>``, ``/invite/<token>/accept``, ``/auth/magic?t=<token>``, ``/3/device/<token>``), in a
request's URL, a Location or Referer header, or a link pasted into a prompt.

The cue is a word of a path segment (``LINK_WORDS``, after a "/", "-" or "_": ``/reset-password``,
``/email-verification``); the segments after it, and the values of its query's names that say nothing
(``t=``), are tokens when they look generated (``tokens.high_entropy``), replaced by pseudonyms of their shape.
Ids stay as they are: a UUID, a number, a slug, and a hex id or hash, except after a one-time link's word
(``/reset-password/<64 hex>``, ``/share/<32 hex>``), where a hex run of 32 or more is that link's token. A share's,
an invite's or a shared document's one-letter segment (``/s/<token>``, ``/i/``, ``/l/``, ``/d/<id>/edit``) and a join
link's word are cues too. A query value of a telling name (``token=``,
``email=``) is its field rule's. A link no word names (``/v1/files/<id>``) is left: an id there has a token's
shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from replay.redact import nameshapes
from replay.redact.hits import Hit, guard
from replay.redact.keys import KeyRules
from replay.redact.pseudonym import Pseudonyms, is_token_pseudonym, looks_redacted
from replay.redact.tokens import high_entropy

__all__ = ["LINK_WORDS", "NAME_PATHS", "SHARE_HOSTS", "LinkFinder"]

# A one-time link's words: the token after one is the link's whatever it looks like (hex included).
_ONE_TIME = ("reset", "verify", "verification", "confirm", "activat", "invit", "magic", "unsubscribe", "optout")
_ONE_TIME += ("opt-out", "passwordless", "recover", "unlock", "claim", "redeem")
# Links whose token is a capability but whose path may hold hashes and ids too (a download by its digest), and a
# share's or an invite's one-letter segment (Dropbox's, Box's "/s/<token>", a link shortener's or a form's invite
# "/i/<token>", "/l/<token>"; a shared document's "/d/<id>/edit": Google Docs, Sheets, Drive and Forms, whose id is
# the link's capability, with what it opens the document to after it): the "/" after it is the cue's, "/static" is
# none.
LINK_WORDS = (*_ONE_TIME, "share", "download", "hook", "webhook", "join", "receipt", "s/", "i/", "l/", "d/")
# A push service's device token in its path (APNs' "/3/device/<64 hex>", a backend's "/devices/<FCM token>"): whoever
# holds it sends to that phone, and it is the phone's id; a hex run of 32 or more after it is one too
_DEVICE = ("device",)
LINK_WORDS += _DEVICE
# What a shared document's link opens it to after its id ("/d/<id>/edit", "/viewform", "?usp=sharing")
_DOCUMENT_VERB = re.compile(r"/(?:edit|view|viewform|preview|copy|htmlview|pub|export)(?![a-z])|[?&]usp=")
# A share link's hex id is its capability too (Loom's "/share/<32 hex>"); a download's may be its digest.
_HEX_TOKEN = (*_ONE_TIME, "share", *_DEVICE)
# The collections of people whose next segment may be one's name as a slug ("/patients/Chinedu-Okonkwo", "/u/jane-
# whitfield", Zoom's "/my/jane.whitfield", Calendly's "/priya-raman/30min"; a LinkedIn profile is ``personal``'s)
NAME_PATHS = (
    "patients/", "patient/", "users/", "user/", "u/", "people/", "person/", "contacts/", "contact/",
    "profile/", "profiles/", "members/", "member/", "employees/", "employee/", "customers/", "customer/", "my/",
    "author/", "authors/", "staff/", "doctors/", "providers/", "calendly.com/",
)  # fmt: skip
LINK_WORDS += NAME_PATHS
# Hosts every link of which is a share, its capability in a query value no name announces (Figma's "?t=<token>")
# (cued alone: "www.figma.com/" has no "/" before its word)
SHARE_HOSTS = ("figma.com/",)
# A name's slug: a given name, a middle one or an initial perhaps, and a surname, joined by one "-", "_" or "."; a
# profile's id may follow ("-4b1a2c3")
_SLUG = re.compile(
    r"([A-Za-z]{2,20})([-_.])(?:([A-Za-z]{1,20})\2)?([A-Za-z]{2,20})"
    r"(?=[-_][a-z0-9]*\d[a-z0-9]*(?:[/?#]|\Z)|[/?#\s\"']|\Z)"
)

# The segment holding the cue: letters, "-" and "_" around it ("reset-password", "verify_email", "webhooks").
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz-_")
# The rest of a URL's path and its query, from the cue's segment's end: up to a space, a quote, a bracket.
_REST = re.compile(r"[^\s\"'<>()\[\]{}\\|^`]{0,1024}")
_SEG = re.compile(r"/([^/?#]*)")
_PAIR = re.compile(r"([^&=#;]+)=([^&#;]*)")
_PAIR_STOP = re.compile(r"[&=#;]")
# A token's characters (base64url, hex, a dot of a signed value, "=" padding as it is or escaped)
_TOKEN = re.compile(r"[A-Za-z0-9_\-.~]{16,}(?:=|%3[dD]){0,2}")
_TRAILING = ".,;:!?"
_PIECE = re.compile(r"[^:@]+")  # a segment's parts between a ":" and an "@" (an address's, a thread's)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX = frozenset("0123456789abcdefABCDEF")


def _token(value: str, hex_token: bool) -> bool:
    """``value`` (a path segment or a query value) is a generated token, not an id or a slug."""
    if _TOKEN.fullmatch(value) is None or _UUID.fullmatch(value) or looks_redacted(value):
        return False
    core = value.rstrip("=").removesuffix("%3D").removesuffix("%3d")
    if all(c in _HEX or c == "-" for c in core):  # a hash, a hex object id: a one-time link's token if long
        return hex_token and len(core) >= 32 and "-" not in core
    return high_entropy(core)


def _pairs(text: str, a: int, b: int) -> Iterator[re.Match[str]]:
    """``_PAIR.finditer(text, a, b)``'s matches, a name tried only where one can start: at ``a``, past a match, after
    a separator or an "=" (a name tried inside a run with no "=" would end where the run's first did: trying each of
    its characters read the rest of the window from each, "/s/?" repeated 1,024 characters 1,024 times a cue)."""
    while a < b:
        m = _PAIR.match(text, a, b)
        if m is not None:
            yield m
            a = m.end()
        elif (stop := _PAIR_STOP.search(text, a, b)) is not None:
            a = stop.end()
        else:
            return


class LinkFinder:
    """Token hits in a link, at a cue of ``LINK_WORDS``."""

    def __init__(self, ps: Pseudonyms, keys: KeyRules, on: dict[str, bool]):
        self.ps = ps
        self.keys = keys
        self.on = on
        # The last walk over a link's segments: its text, first and last segment's start, and whether a hex run was
        # a token in it. A cue inside it walks on from its last segment: a path of many cues ("/s/" repeated) walked
        # up to 1,024 characters of segments from each (64 KB: 11 s).
        self._walked: tuple[str, int, int, bool] = ("", 0, -1, False)

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The tokens of the link whose path segment holds the cue ``low[s:e]``, or the person's name a collection
        of people's segment is followed by (``NAME_PATHS``)."""
        if low.endswith(NAME_PATHS, s, e):
            if low[s] == "/" and self.on["name"]:
                self._name_slug(text, e, hits)
            return
        if low.endswith(SHARE_HOSTS, s, e):
            if s and low[s - 1] not in "/.":
                return  # "notfigma.com"
            b = e - 1  # the host's "/": every segment and query value after it
        else:
            if low[e - 1] == "/":
                e -= 1  # "/s/": the segment is the letter before it
            a = s if low[s] == "/" else low.rfind("/", max(0, s - 40), s)
            s += 1  # the word after the separator its cue starts with
            if a < 0 or any(c not in _WORD_CHARS for c in low[a + 1 : s]):
                return
            b = e
            while b < len(low) and low[b] in _WORD_CHARS:
                b += 1
            if low[b : b + 1] not in ("/", "?"):
                return
        hex_token = low.startswith(_HEX_TOKEN, s)
        rest = _REST.match(text, b)
        end = rest.end() if rest is not None else b
        if e - s == 1 and low[s] == "d" and _DOCUMENT_VERB.search(low, b, end) is None:
            return  # "/d/<id>" alone is many an app's route (a dashboard's); a shared document's is opened to edit
        walked, first, last, hex_walked = self._walked
        if walked is not text or not first <= b <= last or (hex_token and not hex_walked):
            first = last = b  # the segments from ``b`` to the last's start were not read with this cue's rule
        pos = last
        for m in _SEG.finditer(text, last, end):
            if m.start() != pos:
                break
            pos, last = m.end(), m.start()
            self._hit(text, m.start(1), m.end(1), hex_token, hits)
        self._walked = (text, first, last, hex_token)
        if text.startswith("?", pos):
            for m in _pairs(text, pos + 1, end):
                if self.keys.classify(m.group(1)) is None:
                    self._hit(text, m.start(2), m.end(2), hex_token, hits)

    def _name_slug(self, text: str, at: int, hits: list[Hit]) -> None:
        """A person's name written as a path segment's slug at ``at``: a common given name first and a surname of
        the lexicon last, neither an ordinary word nor a place ("/users/new-account", "/u/grace-church" stay);
        its pseudonym is written as the slug was (case, separator)."""
        m = _SLUG.match(text, at)
        if m is None or not nameshapes.is_first_name(m.group(1)) or not nameshapes.surname_word(m.group(4)):
            return
        if m.group(3) is not None and len(m.group(3)) > 1 and not nameshapes.is_first_name(m.group(3)):
            return
        value = " ".join(w for w in m.group(1, 3, 4) if w is not None)
        if is_token_pseudonym(value) or looks_redacted(value):
            return
        rep = self.ps.name(value).split()
        if len(rep) == 3 and len(m.group(3)) == 1:
            rep[1] = rep[1][0]  # an initial for an initial
        words = [w.lower() if text[m.start()].islower() else w for w in rep]
        hits.append(Hit(m.start(), m.end(), "name", m.group(2).join(words), 45))

    def _hit(self, text: str, a: int, b: int, hex_token: bool, hits: list[Hit]) -> None:
        while b > a and text[b - 1] in _TRAILING:  # a link ending a sentence
            b -= 1
        value = text[a:b]
        if is_token_pseudonym(value):
            hits.append(guard(a, b))
        elif _token(value, hex_token):
            hits.append(Hit(a, b, "token", self.ps.token(value, 0), 60))
        elif ":" in value or "@" in value:  # a Teams meeting's "19:meeting_<token>@thread.v2"
            for m in _PIECE.finditer(text, a, b):
                if _token(m.group(0), hex_token) and not is_token_pseudonym(m.group(0)):
                    hits.append(Hit(m.start(), m.end(), "token", self.ps.token(m.group(0), 0), 60))
