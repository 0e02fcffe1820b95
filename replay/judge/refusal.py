"""Refusal detection: a maintained multilingual phrase list (``replay/data/refusals.txt``), plus what
APIs say outright (``finish_reason: content_filter``, Anthropic's ``refusal`` stop reason, OpenAI's
``message.refusal``). Whether a refusal is right depends on the prompt: the judge decides that.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path

import ahocorasick_rs

from replay.errors import BadInput

__all__ = ["RefusalDetector", "default_detector", "read_phrases"]

HEAD = 400  # characters of the answer a phrase is looked for in
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff0c": ",", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
# Finish, stop or incomplete reasons that say a filter or the model refused (OpenAI, Anthropic, Gemini), lower case.
_FILTER_REASONS = frozenset(
    {"content_filter", "refusal", "safety", "blocked", "recitation", "blocklist", "prohibited_content", "spii"}
)


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip().lower()


def read_phrases(text: str) -> tuple[list[str], list[str]]:
    """(openings, anywhere) from phrase-file text: ``^`` marks an opening, ``#`` a comment."""
    starts, anywhere = [], []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        (starts if line.startswith("^") else anywhere).append(_fold(line.removeprefix("^")))
    return starts, anywhere


class RefusalDetector:
    """Finds refusal phrases in an answer's head (Aho-Corasick, so the list can grow freely)."""

    def __init__(self, starts: list[str], anywhere: list[str]):
        self.starts = tuple(dict.fromkeys(starts))
        self.anywhere = tuple(dict.fromkeys(anywhere))
        self._any = ahocorasick_rs.AhoCorasick(list(self.anywhere)) if anywhere else None

    def with_file(self, path: Path) -> RefusalDetector:
        """This list plus the phrases of ``path``."""
        try:
            starts, anywhere = read_phrases(path.read_text(encoding="utf-8"))
        except OSError as e:
            raise BadInput(
                f"{path}: cannot read the refusal phrases ({e.strerror}); fix [checks] refusal_phrases"
            ) from None
        return RefusalDetector([*self.starts, *starts], [*self.anywhere, *anywhere])

    def phrase(self, answer: str) -> str | None:
        """The refusal phrase ``answer`` opens with or contains near its start; None if none."""
        head = _fold(answer[: HEAD * 2])[:HEAD]
        for s in self.starts:
            if head.startswith(s):
                return s
        if self._any is not None:
            hits = self._any.find_matches_as_strings(head)
            if hits:
                return hits[0]
        return None

    def refusal(self, answer: str | None, finish_reason: str | None = None, flagged: str | None = None) -> str | None:
        """Why this answer is a refusal (``finish_reason``, an API refusal field or a phrase), else None."""
        if finish_reason is not None and finish_reason.lower() in _FILTER_REASONS:
            return f"finish_reason {finish_reason}"
        if flagged:
            return "refusal field"
        if answer:
            p = self.phrase(answer)
            if p is not None:
                return f"phrase {p!r}"
        return None


@cache
def default_detector() -> RefusalDetector:
    """The shipped phrase list."""
    text = resources.files("replay.data").joinpath("refusals.txt").read_text(encoding="utf-8")
    return RefusalDetector(*read_phrases(text))
