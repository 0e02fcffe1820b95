"""The redactor the tests share, one a worker: keyed by a fixed test key, so pseudonyms are the same every run; the
name finder by the lexicon, and a name rule read at its cues."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

import pytest

from replay.redact import Redactor
from replay.redact.people import PersonFinder


# A worker's, not a module's: built anew for each of the 89 modules that use it, in each worker, a redactor and its
# first uses cost ~50 ms of CPU each time; what it keeps between exchanges is its memo, a text's redaction under the key
@pytest.fixture(scope="session")
def r() -> Redactor:
    return Redactor(key=b"test-key")


@functools.cache
def another_key() -> Redactor:
    """The redactor under a second key that tests read redacted output again with (a pseudonym is one under any
    key): one a worker, not one a check, as each costs ~65 ms of CPU to build."""
    return Redactor(key=b"another-key")


@pytest.fixture(scope="module")
def persons() -> PersonFinder:
    return PersonFinder()


def read_at_cues(text: str, cues: Iterable[str], read: Callable[[str, int, int], list[tuple[int, int]]]) -> list[str]:
    """The words ``read`` finds at each of ``cues`` in ``text`` (``read(text, s, e)`` at the cue ``text[s:e]``), found
    case-blind as the cue automaton of ``detectors`` finds them: a rule of the name family tried alone."""
    low = text.lower()
    found = []
    for cue in cues:
        s = low.find(cue)
        while s >= 0:
            found.extend(text[a:b] for a, b in read(text, s, s + len(cue)))
            s = low.find(cue, s + 1)
    return found
