"""A device named after its owner, as phones and laptops name themselves on a network: ``Janes-iPhone``,
``Johns-MacBook-Pro.local``, ``priyas-galaxy-s23`` (a router's client list, an MDM's inventory, mDNS, a DHCP
lease). The possessive's apostrophe is dropped, and the name finders read no name glued to a device's word.

The cue is ``s-`` and the device's word (``DEVICE_CUES``); the word before it, less its ``s``, is the owner's
given name when it is a known one ("Janes" -> "Jane"; "Apps-Phone" names no one). Its pseudonym is a given name's,
in its case; the rest of the host name stays.
"""

from __future__ import annotations

from replay.redact.hits import Hit
from replay.redact.nameshapes import is_first_name
from replay.redact.pseudonym import Pseudonyms

__all__ = ["DEVICE_CUES", "DeviceNameFinder"]

_DEVICES = ("iphone", "ipad", "ipod", "macbook", "imac", "mac-mini", "mbp", "galaxy", "pixel", "laptop", "tablet")
_DEVICES += ("phone", "pc", "watch", "kindle", "surface", "thinkpad", "chromebook", "android")
DEVICE_CUES = tuple(f"s-{d}" for d in _DEVICES)
_REACH = 20


class DeviceNameFinder:
    """Owners' given names in host names at ``DEVICE_CUES``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The owner's name before the ``s-`` at ``text[s:e]``."""
        if e < len(low) and low[e].isalpha() and low[e - 1].isalpha():
            return  # "s-phones", "s-pcb": another word
        a = s
        while a > max(0, s - _REACH) and text[a - 1].isalpha():
            a -= 1
        if a == s or (a and (text[a - 1].isalnum() or text[a - 1] in "_.-")):
            return  # "my-mothers-iphone": a phrase, not a name; "x.ys-iphone"
        name = text[a:s]
        if not is_first_name(name.capitalize()):
            return
        fake = self.ps.name(name.capitalize()).split()[0]
        hits.append(Hit(a, s, "name", fake.lower() if name.islower() else fake, 50))
