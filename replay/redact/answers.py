"""A security question's answer, which signs in as a password does: said after the question's words ("my first pet's
name was Biscuit", "the answer to my security question is Biscuit"), or the whole of the next turn after the question
is asked ("What is your mother's maiden name?" and the user's next message, "Kowalczyk").

The cue is the question's words (``ANSWER_CUES``). Said after them: "is", "was" or ":" within a few words, then a
capitalised name of up to three words or one word that is no common one ("the security question is wrong" is a
remark). Asked: a "?" within a few words, then the question's message ends and the next one opens (a JSON chat's next
message, the user's or one with no role; a transcript's next line, its speaker's label first), and that message is
all answer: one word, or up to three capitalised ones; "I don't remember", "Sorry, why?" are none. What the engine
sees is one body's text, so the answer must be in the request that holds the question: a chat's request holds the
whole conversation, each turn a message of its list; an answer sent alone in a later request, whose question is in an
earlier exchange, is read as any other text.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit
from replay.redact.lexicon import lexicon
from replay.redact.pseudonym import Pseudonyms, is_invented_name, looks_redacted

__all__ = ["ANSWER_CUES", "AnswerFinder"]

ANSWER_CUES = (
    "maiden name", "first pet", "pet's name", "pet’s name", "memorable word", "security question", "security answer",
    "secret question", "secret answer",
)  # fmt: skip
# Said: a few words of the same clause, then "is", "was" or a colon ("first pet's name was", "security question is")
_SAID = re.compile(r"[^.!?\n\"\\:=]{0,30}?(?:[ \t]+(?:is|was)[ \t]+|[ \t]*[:=][ \t]*)(?:it(?:'s|’s| is| was)[ \t]+)?")
# Asked: the question's mark a few words on
_ASKED = re.compile(r"[^.!?\n\"\\]{0,50}\?")
# The question's message ends and the next one opens: a JSON chat's (OpenAI's {"role": "user", "content": "…"},
# Anthropic's content blocks), a JSON string's own quotes escaped inside another; a transcript's next line
_NEXT_TURN = re.compile(
    r'[ \t]*(?:\\*"\s*\}\s*\]?\s*\}?\s*,\s*\{\s*(?:\\*"role\\*"\s*:\s*\\*"user\\*"\s*,\s*)?'
    r'(?:\\*"content\\*"\s*:\s*\[\s*\{\s*\\*"type\\*"\s*:\s*\\*"text\\*"\s*,\s*)?'
    r'\\*"(?:content|text)\\*"\s*:\s*\\*"'
    r"|\r?\n[ \t]*(?:[A-Za-z][\w .'-]{0,24}:[ \t]*)?)"
)
_WORDS = re.compile(r"[^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,2}")
# The end of the next turn's message: its string's closing quote, the line's end, the text's
_TURN_END = re.compile(r"[ \t]*[.!]?[ \t]*(?:\\*\"|\r?\n|\Z)")
# The end of an answer said in a sentence: a mark, a quote, the text's end; or a word that starts another clause
_SAID_END = re.compile(r"[ \t]*(?:[,.;!?)\"\\]|\r?\n|\Z|[ \t](?:and|but|so|can|could|please|if)\b)")
# Words a reply starts with that are no answer: a refusal, a question back, a greeting, a pronoun
_NO_ANSWER = frozenset(
    {"yes", "no", "ok", "okay", "sure", "why", "what", "which", "who", "how", "where", "when", "sorry", "idk", "pass"}
    | {"skip", "none", "unknown", "hello", "hi", "hey", "thanks", "i", "it", "that", "this", "the", "a", "an", "my"}
    | {"your", "not", "wrong", "correct", "right", "same", "still", "also", "really", "just", "please", "help"}
)


class AnswerFinder:
    """The answers after the questions of ``ANSWER_CUES``, said or in the next turn."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The answer after the question's words at ``text[s:e]``."""
        if (s and low[s - 1].isalnum()) or (e < len(low) and low[e].isalnum() and low[e - 1] != "'"):
            return  # part of another word
        name = low.startswith("maiden", s)  # a mother's maiden name is a name; the others are secrets
        if not self.on["name" if name else "secret_keys"]:
            return
        value = self._said(text, e)
        if value is None and (asked := _ASKED.match(text, e)) is not None:
            turn = _NEXT_TURN.match(text, asked.end())
            value = _WORDS.match(text, turn.end()) if turn is not None else None
            if value is None or _TURN_END.match(text, value.end()) is None or not _answer(value.group(0), True):
                return
        if value is None:
            return
        answer = value.group(0)
        if looks_redacted(answer) or is_invented_name(answer):
            return  # replay's pseudonym, under any key
        rep = self.ps.name(answer) if name else self.ps.generic(answer)
        hits.append(Hit(value.start(), value.end(), "name" if name else "password", rep, 70))

    @staticmethod
    def _said(text: str, e: int) -> re.Match[str] | None:
        """The answer said in the question's sentence after its words ending at ``e``, up to its clause's end."""
        said = _SAID.match(text, e)
        value = _WORDS.match(text, said.end()) if said is not None else None
        while value is not None and _SAID_END.match(text, value.end()) is None:  # "Biscuit and he", not three words
            value = _WORDS.match(text, value.start(), value.end() - len(value.group(0).rsplit(None, 1)[-1]) - 1)
        return value if value is not None and _answer(value.group(0), False) else None


def _answer(value: str, turn: bool) -> bool:
    """Whether ``value`` reads as an answer: up to three capitalised words, or one word (in the next turn, any one
    but a reply's such as "why"; said in a sentence, one that is no common word: "is wrong", "was lost")."""
    words = value.split()
    if words[0].lower() in _NO_ANSWER:
        return False
    if all(w[:1].isupper() for w in words):
        return True
    return len(words) == 1 and (turn or words[0].lower() not in lexicon().words)
