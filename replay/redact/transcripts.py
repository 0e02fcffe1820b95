"""A speech-to-text result's words, one JSON object each: Deepgram's ``"words"`` (``"word": "amara"``,
``"punctuated_word": "Amara"``), AssemblyAI's (``"text": "Leticia"``), Whisper's verbose_json (``"word": " Amara"``).
A name the transcript's text holds ("this is dr amara nwosu") is split across them, one word a string, where no
finder sees a name: a given name alone is no one's ("Jordan"), and a surname is taken alone only where it reads as
one.

``engine`` hands over the full names an exchange's texts held, each with its pseudonym; each run of word values
under one key that spells one, word for word (case and punctuation aside), takes the pseudonym's words, each in
its word's case, its spaces and marks kept ("Sato?" -> "Brixwell?").
"""

from __future__ import annotations

import re

__all__ = ["word_spans"]

# A word's value in a words array: Deepgram's two keys, AssemblyAI's and Whisper's one
_WORD_VALUE = re.compile(r'"(word|punctuated_word|text)"[ \t]*:[ \t]*"((?:[^"\\]|\\.){1,40})"')
_CORE = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")


def word_spans(text: str, names: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """The spans of the word values in ``text`` (a JSON body) that spell one of ``names`` (a full name and its
    pseudonym) in a row, each with its word of the pseudonym; none where the body has no ``"words"`` array."""
    at = text.find('"words"')
    if at < 0:
        return []
    runs: dict[str, list[tuple[int, int, str]]] = {}
    for m in _WORD_VALUE.finditer(text, at):
        runs.setdefault(m.group(1), []).append((m.start(2), m.end(2), m.group(2)))
    spans: list[tuple[int, int, str]] = []
    for value, rep in names:
        want, new = value.casefold().split(), rep.split()
        if len(want) != len(new):
            continue
        for run in runs.values():
            bare = [_core(w).casefold() for _, _, w in run]
            for i in range(len(run) - len(want) + 1):
                if bare[i : i + len(want)] == want:
                    spans += [(a, b, _like(w, n)) for (a, b, w), n in zip(run[i : i + len(want)], new, strict=True)]
    return spans


def _core(word: str) -> str:
    m = _CORE.search(word)
    return m.group(0) if m is not None else ""


def _like(word: str, new: str) -> str:
    """``new`` in ``word``'s place: its case, the spaces and marks around its letters."""
    m = _CORE.search(word)
    if m is None:
        return word
    core = m.group(0)
    new = new.lower() if core.islower() else new.upper() if core.isupper() and len(core) > 1 else new
    return word[: m.start()] + new + word[m.end() :]
