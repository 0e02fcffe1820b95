"""Text handling the demo's search service and mock model share: words that carry meaning, and the question.

The mock model has no weights, so it reads a prompt the way a careful reader would: the question is the
user's last turn (the last ``user:`` line of a pasted transcript), and when a very long message buries
it, the end of the message, where people put their question.
"""

from __future__ import annotations

import re

__all__ = ["focus", "last_turn", "terms", "tokenize"]

# Characters of a word per output token: English runs about 1.3 tokens a word in the APIs' tokenizers (a
# support answer of 40 words is some 55 tokens), not one (a max_tokens of 60 cut none of the demo's answers).
TOKEN_CHARS = 5
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TURN = re.compile(r"(?im)^(user|assistant):[ \t]*")
# English and a few common words of the languages customers write in; they match every article.
_STOP_TEXT = """a an and are as at be been but by can could did do does for from had has have hello hi how i i'm if in
    is it its me my no not of on or our please so than that the their them then there this to too up us was
    we were what when where which who why will with would you your yours hey thanks thank just also get
    user assistant conversation one some any all about after again very really still want need
    el la los las de del que y en un una por para mi es no se lo como hola gracias
    der die das und ich mein meine ist nicht ein eine zu mit wie hallo danke
    le les des et je mon ma est pas une pour avec comment bonjour merci"""
STOPWORDS = frozenset(_STOP_TEXT.split())


def terms(text: str) -> list[str]:
    """Lower-case content words, plurals folded (``refunds`` -> ``refund``)."""
    out = []
    for w in _WORD.findall(text.lower()):
        if len(w) < 2 or w in STOPWORDS:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


def last_turn(text: str) -> str:
    """The text after the last ``user:`` line of a pasted transcript, else the whole text."""
    turns = [m for m in _TURN.finditer(text) if m.group(1).lower() == "user"]
    if not turns:
        return text
    rest = text[turns[-1].end() :]
    nxt = _TURN.search(rest)
    return rest[: nxt.start()] if nxt else rest


def focus(text: str, limit: int = 400) -> str:
    """The part of a user's message that holds the question: the last turn, at most its last ``limit`` chars."""
    turn = last_turn(text).strip()
    return turn if len(turn) <= limit else turn[-limit:]


def tokenize(text: str) -> list[str]:
    """The model's output tokens: each word in pieces of ``TOKEN_CHARS`` characters, a word's first piece after
    its space, as a BPE tokenizer's are; ``"".join`` gives the text back."""
    out = []
    for i, word in enumerate(text.split(" ")):
        pieces = [word[j : j + TOKEN_CHARS] for j in range(0, len(word), TOKEN_CHARS)] or [""]
        pieces[0] = pieces[0] if i == 0 else " " + pieces[0]
        out += pieces
    return out
