"""A crypto wallet's recovery phrase pasted after its name: ``my seed phrase is abandon ladder velvet …``, ``I restored
my MetaMask with these words: …`` (a chat with a bot, a support ticket). The phrase is the wallet: whoever reads it
spends what it holds.

The cue is the phrase's name (``SEED_CUES``); within a few sentences after it, a run of 12, 15, 18, 21 or 24 words
of three to eight lower-case letters, between spaces or commas (BIP-39's lengths and its words' shape) is the
phrase, replaced whole. A run of another length, or words in capitals or with digits, is prose or code.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit
from replay.redact.pseudonym import Pseudonyms, looks_redacted

__all__ = ["SEED_CUES", "SeedFinder"]

SEED_CUES = (
    "seed phrase", "recovery phrase", "mnemonic phrase", "seed words", "recovery words", "backup phrase",
    "secret phrase", "wallet words", "these words", "12 words", "24 words", "12-word", "24-word", "mnemonic:",
    "mnemonic =", "mnemonic is", "wallet seed", "crypto seed", "recovery seed", "backup seed", "metamask seed",
)  # fmt: skip
_REACH = 240  # the phrase starts a sentence or two after its name at the most
_LONGEST = 24 * 8 + 23 * 3  # a 24-word phrase of the longest words, a comma and spaces between: read whole
_RUN = re.compile(r"(?<![A-Za-z0-9_'’-])(?:[a-z]{3,8}(?:[ \t]+|[ \t]*,[ \t]*)){11,23}[a-z]{3,8}(?![A-Za-z0-9_'’-])")
_LENGTHS = frozenset({12, 15, 18, 21, 24})


class SeedFinder:
    """Recovery phrases after their names, at ``SEED_CUES``."""

    def __init__(self, ps: Pseudonyms):
        self.ps = ps

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The first run of a phrase's length starting within ``_REACH`` after the name at ``text[s:e]``. Why the
        end is past the reach: a phrase cut there read as a run of another length, and leaked whole."""
        for m in _RUN.finditer(text, e, min(len(text), e + _REACH + _LONGEST)):
            if m.start() > e + _REACH:
                return
            phrase = m.group(0)
            if len(re.findall(r"[a-z]+", phrase)) in _LENGTHS and not looks_redacted(phrase):
                hits.append(Hit(m.start(), m.end(), "secret", self.ps.generic(phrase), 70))
                return
