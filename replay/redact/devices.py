"""A device named after its owner, as phones and laptops name themselves on a network: ``Janes-iPhone``,
``Johns-MacBook-Pro.local``, ``priyas-galaxy-s23`` (a router's client list, an MDM's inventory, mDNS, a DHCP
lease), ``alice-laptop.local``, ``jmcallister-mbp``, Windows' ``DESKTOP-JSMITH``, Apple's "Gideon's MacBook Pro",
Amazon's "Margaux's Echo Dot"; and a home's host name at a dynamic DNS provider (``lindqvist-home.duckdns.org``).
The possessive's apostrophe is dropped in a host name, and the name finders read no name glued to a device's word.

The cues are the device's word after ``s-`` or ``-`` and before ``'s`` (``DEVICE_CUES``), and Windows' ``desktop-``
and ``laptop-`` before the owner. The word before ``s-``, less its ``s``, is the owner's given name when it is a known
one ("Janes" -> "Jane"; "Apps-Phone" names no one); a word before ``-`` or after Windows' prefix is the owner's when it
is a login's (``_login``: "alice", "jmcallister", "JSMITH"; not "work-laptop", "gaming-pc"). Its
pseudonym is a given name's, in its case; the rest of the host name stays.
"""

from __future__ import annotations

from replay.redact.hits import Hit
from replay.redact.lexicon import COMMON, lexicon
from replay.redact.nameshapes import is_first_name
from replay.redact.pseudonym import Pseudonyms

__all__ = ["DEVICE_CUES", "DeviceNameFinder"]

_DEVICES = ("iphone", "ipad", "ipod", "macbook", "imac", "mac-mini", "mbp", "galaxy", "pixel", "laptop", "tablet")
_DEVICES += ("phone", "pc", "watch", "kindle", "surface", "thinkpad", "chromebook", "android")
# the device's word after a login and "-" ("alice-laptop", "jmcallister-mbp"): not "phone", "watch" ("ios-watch")
_HOST_DEVICES = ("laptop", "macbook", "mbp", "thinkpad", "imac", "desktop", "workstation", "pc", "chromebook")
# Apple's name of a device, its owner's given name and "'s" first ("Gideon's MacBook Pro", "Ana’s iPhone"), and
# Amazon's ("Margaux's Echo Dot", "Ana's Kindle", "Ana's Fire TV"), a phone's or a laptop's its owner renamed so
# ("Margaux's Pixel 8", "Ana's Galaxy S23", "Ana's Surface")
_OWNED_DEVICES = ("iphone", "ipad", "macbook", "imac", "mac mini", "mac studio", "apple watch")
_OWNED_DEVICES += ("echo", "kindle", "fire tv", "fire tablet", "pixel", "galaxy", "surface", "chromebook", "thinkpad")
_OWNED = tuple(f"{q}s {d}" for q in "'’" for d in _OWNED_DEVICES)
# Windows' default names ("DESKTOP-7K2J9QF"), which an owner renames after themselves ("DESKTOP-JSMITH")
_WINDOWS = ("desktop-", "laptop-")
# A dynamic DNS provider's domain: the name before it is a home's (a NAS's, a home server's, a camera's), which its
# owner chose, often after themselves ("lindqvist-home.duckdns.org"); it reaches their house
_DDNS = (
    *(".duckdns.org", ".no-ip.org", ".no-ip.biz", ".ddns.net", ".hopto.org", ".zapto.org", ".sytes.net"),
    *(".dyndns.org", ".dynu.net", ".dynv6.net", ".dedyn.io", ".synology.me", ".myqnapcloud.com", ".tplinkdns.com"),
    *(".asuscomm.com", ".myfritz.net", ".freeboxos.fr"),
)
DEVICE_CUES = (*(f"s-{d}" for d in _DEVICES), *(f"-{d}" for d in _HOST_DEVICES), *_OWNED, *_WINDOWS, *_DDNS)
_LABEL = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_REACH = 20


def _login(word: str) -> bool:
    """A host name's word that names its owner as a login does: no ordinary word ("work", "gaming"), and a common
    given name ("alice"), a surname ("whitaker") or an initial and a surname ("jmcallister", "JSMITH")."""
    low = word.lower()
    lex = lexicon()
    if len(low) < 4 or low in lex.words or low in lex.rare_words:
        return False
    surname = lex.surname.get
    return (
        is_first_name(low)
        or (len(low) >= 5 and surname(low, COMMON + 1) <= COMMON)
        or (len(low) >= 6 and surname(low[1:], COMMON + 1) <= COMMON)
    )


class DeviceNameFinder:
    """Owners' given names and logins in host names at ``DEVICE_CUES``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The owner's name before the ``s-``, the ``-`` or the ``'s`` at ``text[s:e]``, or after ``desktop-``."""
        if e < len(low) and low[e].isalpha() and low[e - 1].isalpha():
            return  # "s-phones", "s-pcb": another word
        cue = low[s:e]
        if cue in _DDNS:
            a = s
            while a > max(0, s - 64) and low[a - 1] in _LABEL:
                a -= 1
            if a < s and low[a] != "." and low[a:s] != "www":  # the provider's own site is no one's
                hits.append(Hit(a, s, "username", self.ps.username(text[a:s]), 50))
            return
        if cue in _WINDOWS:
            self._after(text, e, hits)
            return
        glued = cue[0] == "-"
        if glued and (s >= 1 and low[s - 1] == "s" and f"s{cue}" in DEVICE_CUES):
            return  # "janes-laptop": the "s-" cue's
        a = s
        while a > max(0, s - _REACH) and text[a - 1].isalpha():
            a -= 1
        if a == s or (a and (text[a - 1].isalnum() or text[a - 1] in "_.-")):
            return  # "my-mothers-iphone": a phrase, not a name; "x.ys-iphone"
        name = text[a:s]
        if cue[0] in "'’" and not name[:1].isupper():
            return  # "the company's iPhone": no one's own
        if not (_login(name) if glued else is_first_name(name.capitalize())):
            return
        self._hit(text, a, s, hits)

    def _after(self, text: str, e: int, hits: list[Hit]) -> None:
        """The owner's login after Windows' ``DESKTOP-``: letters only (a default name has digits)."""
        b = e
        while b < min(len(text), e + _REACH) and text[b].isalnum():
            b += 1
        if b > e and text[e:b].isalpha() and _login(text[e:b]):
            self._hit(text, e, b, hits)

    def _hit(self, text: str, a: int, b: int, hits: list[Hit]) -> None:
        name = text[a:b]
        fake = self.ps.name(name.capitalize()).split()[0]
        hits.append(Hit(a, b, "name", fake.lower() if name.islower() else fake.upper() if name.isupper() else fake, 50))
