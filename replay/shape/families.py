"""Prompt families and the text statistics behind them, computed a chunk of prompts at a time.

One scan of a chunk finds every marker of the phrase tables (``replay.shape.markers``); numpy
over the UTF-8 bytes of the non-ASCII prompts counts scripts. Nothing loops over characters in
Python.

Families; the first rule that holds wins (the order is the precedence):

    none           no prompt found (not an LLM request, or a body that is not JSON)
    injection      an injection marker (phrases/injection.json)
    contradictory  a contradiction marker, or both sides of a pair (phrases/contradiction.json)
    multilingual   >= 15% of letters outside the Latin script, or two hits among function
                   words of other Latin-script languages (phrases/languages.json) and
                   letters with diacritics (one hit for any number of them)
    code           a code fence, or >= 3 code markers (phrases/code.json)
    multi-turn     >= 3 turns (messages other than system/developer)
    long           >= 512 estimated tokens (about 2,000 characters of English)
    irrelevant     >= 3 paragraphs with >= 300 characters before the last one, and under 20%
                   of the last paragraph's words (4+ letters, no stop words) occur before it
    noisy          any noise: >= 2 markup markers (phrases/markup.json), >= 2 emoji, an
                   invisible character, a Cyrillic/Greek letter touching a Latin one, pasted
                   whitespace (>= 2 runs of 3 blanks), all capitals (20+ characters), or
                   >= 2 runs of ?, ! or dots
    short          <= 5 words
    typical        everything else

Estimated tokens: ASCII bytes / 4 + Han, kana and Hangul characters + other non-ASCII
characters / 2, rounded up. Length buckets by tokens: tiny < 16 <= short < 128 <= medium < 512
<= long < 2048 <= huge.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from replay.shape.markers import (
    G_CODE,
    G_CONTRA,
    G_EMOJI,
    G_FENCE,
    G_FOREIGN,
    G_INJECTION,
    G_INVISIBLE,
    G_MARKUP,
    G_PAIRS,
    G_PUNCT,
    G_WS,
    marker_hits,
    phrases,
)

__all__ = [
    "FAMILIES",
    "LENGTHS",
    "NOISE",
    "PRECEDENCE",
    "SCRIPTS",
    "classify",
    "length_bucket",
    "phrases",
    "text_stats",
]

FAMILIES = (
    "typical",
    "short",
    "long",
    "multi-turn",
    "noisy",
    "code",
    "multilingual",
    "contradictory",
    "irrelevant",
    "injection",
    "none",
)
PRECEDENCE = (
    "none",
    "injection",
    "contradictory",
    "multilingual",
    "code",
    "multi-turn",
    "long",
    "irrelevant",
    "noisy",
    "short",
    "typical",
)
SCRIPTS = (
    "none",
    "latin",
    "cyrillic",
    "greek",
    "arabic",
    "hebrew",
    "devanagari",
    "thai",
    "han",
    "kana",
    "hangul",
    "other",
)
LENGTHS = ("tiny", "short", "medium", "long", "huge")
LENGTH_EDGES = np.array([16, 128, 512, 2048])
NOISE = ("markup", "emoji", "invisible", "homoglyph", "whitespace", "caps", "punctuation")
LONG_TOKENS = 512
SHORT_WORDS = 5
FAM = {name: code for code, name in enumerate(FAMILIES)}

# --- scripts from UTF-8 lead bytes ----------------------------------------------------------

_SCRIPT = {name: code for code, name in enumerate(SCRIPTS)}
_SYM, _EMOJI_CLS, _COMBINING = len(SCRIPTS), len(SCRIPTS) + 1, len(SCRIPTS) + 2
_N_CLASSES = len(SCRIPTS) + 3


def _class_table() -> np.ndarray:
    """Class of a character from its first two UTF-8 bytes (65,536 entries; lead bytes only)."""
    t = np.full((256, 256), _SCRIPT["other"], dtype=np.uint8)

    def put(lead: int | range, nxt: range | None, cls: int) -> None:
        for b in [lead] if isinstance(lead, int) else lead:
            if nxt is None:
                t[b, :] = cls
            else:
                t[b, nxt.start : nxt.stop] = cls

    put(0xC2, None, _SYM)
    put(range(0xC3, 0xCB), None, _SCRIPT["latin"])  # U+00C0..U+02AF
    put(0xC3, range(0x97, 0x98), _SYM)  # multiplication sign
    put(0xC3, range(0xB7, 0xB8), _SYM)  # division sign
    put(0xCB, None, _SYM)
    put(0xCC, None, _COMBINING)
    put(0xCD, range(0x80, 0xB0), _COMBINING)
    put(0xCD, range(0xB0, 0xC0), _SCRIPT["greek"])
    put(range(0xCE, 0xD0), None, _SCRIPT["greek"])
    put(range(0xD0, 0xD4), None, _SCRIPT["cyrillic"])
    put(0xD4, range(0x80, 0xB0), _SCRIPT["cyrillic"])
    put(0xD6, range(0x90, 0xC0), _SCRIPT["hebrew"])
    put(0xD7, None, _SCRIPT["hebrew"])
    put(range(0xD8, 0xDC), None, _SCRIPT["arabic"])
    put(0xE0, range(0xA4, 0xA6), _SCRIPT["devanagari"])
    put(0xE0, range(0xB8, 0xBA), _SCRIPT["thai"])
    put(0xE1, range(0x84, 0x88), _SCRIPT["hangul"])
    put(0xE1, range(0xB8, 0xBC), _SCRIPT["latin"])
    put(0xE1, range(0xBC, 0xC0), _SCRIPT["greek"])
    put(0xE2, None, _SYM)
    put(0xE3, range(0x80, 0x81), _SYM)
    put(0xE3, range(0x81, 0x84), _SCRIPT["kana"])
    put(0xE3, range(0x90, 0xC0), _SCRIPT["han"])
    put(range(0xE4, 0xEA), None, _SCRIPT["han"])
    put(0xEA, range(0xB0, 0xC0), _SCRIPT["hangul"])
    put(range(0xEB, 0xED), None, _SCRIPT["hangul"])
    put(0xED, range(0x80, 0x9F), _SCRIPT["hangul"])
    put(0xEF, None, _SYM)
    put(0xEF, range(0xA4, 0xAC), _SCRIPT["han"])
    put(0xF0, range(0x9F, 0xA0), _EMOJI_CLS)
    put(0xF0, range(0xA0, 0xB0), _SCRIPT["han"])
    return t.reshape(-1)


_CLASS = _class_table()
_SEQ_LEN = np.array([1] * 0xC0 + [2] * 32 + [3] * 16 + [4] * 16, dtype=np.float64)
_ASCII_LETTER = np.zeros(256, dtype=bool)
_ASCII_LETTER[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")] = True
_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_CJK = [_SCRIPT["han"], _SCRIPT["kana"], _SCRIPT["hangul"]]
_LETTER_SCRIPTS = slice(1, len(SCRIPTS))

_WORD = re.compile(r"[^\W\d_]{4,}")
_ASCII_WORD = re.compile(r"[a-z]{4,}")  # _WORD on lowercase ASCII text: the same words, found in half the time
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(phrases("stopwords")["words"])


def _off_topic(text: str) -> bool:
    """The last paragraph shares under 20% of its words with the >= 300 characters before it."""
    head, _, ask = text.rstrip().rpartition("\n\n")
    if head.count("\n\n") < 1 or len(head) < 300:
        return False
    ask = ask.lower()
    ask_words = set((_ASCII_WORD if ask.isascii() else _WORD).findall(ask)) - _stop_words()
    if not ask_words:
        return False
    head = head.lower()
    # A word the head holds is a substring of it: when too few are, no need to list the head's words.
    if sum(w in head for w in ask_words) < 0.2 * len(ask_words):
        return True
    shared = sum(_whole_word(head, w) for w in ask_words)
    return shared < 0.2 * len(ask_words)


def _whole_word(text: str, word: str) -> bool:
    """``word`` (4+ letters) is one of ``_WORD.findall(text)``: it occurs with no letter either side.
    Why not the set of the text's words: listing every word of a long text cost 150 µs a prompt."""
    i = text.find(word)
    while i >= 0:
        if (i == 0 or not _LETTER.match(text, i - 1)) and not _LETTER.match(text, i + len(word)):
            return True
        i = text.find(word, i + 1)
    return False


def _script_counts(sub: list[bytes], lens: np.ndarray) -> tuple[np.ndarray, ...]:
    """For non-ASCII prompts (UTF-8, and their lengths): class counts (n x classes), non-ASCII bytes, homoglyphs."""
    sblob = b"\x00" + b"\x00".join(sub) + b"\x00\x00"
    starts = np.empty(len(sub), dtype=np.int64)
    starts[0] = 1
    np.cumsum(lens[:-1] + 1, out=starts[1:])
    starts[1:] += 1
    b = np.frombuffer(sblob, dtype=np.uint8)
    lead = np.flatnonzero(b >= 0xC0)
    cls = _CLASS[(b[lead].astype(np.intp) << 8) | b[lead + 1]]
    rec = np.searchsorted(starts, lead, side="right") - 1
    counts = np.bincount(rec * _N_CLASSES + cls, minlength=len(sub) * _N_CLASSES).reshape(len(sub), _N_CLASSES)
    wide = np.bincount(rec, weights=_SEQ_LEN[b[lead]], minlength=len(sub))
    # Homoglyphs: a Cyrillic or Greek letter (2 bytes) right next to an ASCII letter.
    cg = (cls == _SCRIPT["cyrillic"]) | (cls == _SCRIPT["greek"])
    p = lead[cg]
    touching = _ASCII_LETTER[b[p - 1]] | _ASCII_LETTER[b[p + 2]]
    homo = np.bincount(rec[cg][touching], minlength=len(sub))
    return counts, wide, homo


def text_stats(texts: list[str], turns: np.ndarray) -> dict[str, np.ndarray]:
    """Per prompt text (with its turns): chars, tokens, script, noise bits and family codes."""
    n = len(texts)
    chars = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    hits, lens, wide_idx, wide_enc = marker_hits(texts, chars)

    script = np.where(chars > 0, _SCRIPT["latin"], _SCRIPT["none"]).astype(np.uint8)
    tokens = lens / 4.0
    nonlatin = np.zeros(n, dtype=bool)
    diacritics = np.zeros(n, dtype=np.int64)
    homo = np.zeros(n, dtype=np.int64)
    if len(wide_idx):
        counts, wide, homo_w = _script_counts(wide_enc, lens[wide_idx])
        homo[wide_idx] = homo_w
        diacritics[wide_idx] = counts[:, _SCRIPT["latin"]]
        letters = counts[:, _LETTER_SCRIPTS].copy()
        letters[:, 0] += np.fromiter(
            (len(e) - len(e.translate(None, _LETTERS)) for e in wide_enc), np.int64, len(wide_idx)
        )
        total = letters.sum(axis=1)
        script[wide_idx] = np.where(total > 0, letters.argmax(axis=1) + 1, _SCRIPT["none"])
        # Homoglyphs inside Latin words are noise, not another language.
        nonlatin[wide_idx] = (total - letters[:, 0] - homo_w) >= 0.15 * np.maximum(total, 1)
        cjk = counts[:, _CJK].sum(axis=1)
        tokens[wide_idx] = (lens[wide_idx] - wide) / 4.0 + cjk + (counts.sum(axis=1) - cjk) / 2.0
    tokens = np.ceil(tokens).astype(np.int64)

    caps = np.fromiter(map(str.isupper, texts), dtype=bool, count=n) & (chars >= 20)
    noise = (
        (hits[:, G_MARKUP] >= 2) * 1
        | (hits[:, G_EMOJI] >= 2) * 2
        | (hits[:, G_INVISIBLE] >= 1) * 4
        | (homo >= 1) * 8
        | (hits[:, G_WS] >= 2) * 16
        | caps * 32
        | (hits[:, G_PUNCT] >= 2) * 64
    ).astype(np.uint8)

    pairs = (hits[:, G_PAIRS::2] > 0) & (hits[:, G_PAIRS + 1 :: 2] > 0)
    injection = hits[:, G_INJECTION] > 0
    contradictory = (hits[:, G_CONTRA] > 0) | pairs.any(axis=1)
    multilingual = nonlatin | (hits[:, G_FOREIGN] + (diacritics > 0) >= 2)
    code = (hits[:, G_FENCE] > 0) | (hits[:, G_CODE] >= 3)
    above = injection | contradictory | multilingual | code | (turns >= 3) | (tokens >= LONG_TOKENS)
    irrelevant = np.zeros(n, dtype=bool)
    some = np.flatnonzero(~above & (chars >= 400)).tolist()
    irrelevant[some] = [_off_topic(texts[i]) for i in some]
    short = np.zeros(n, dtype=bool)
    some = np.flatnonzero(chars < 64).tolist()
    # At most SHORT_WORDS splits: a longer text yields one item more, and no list of all its words.
    short[some] = [len(texts[i].split(None, SHORT_WORDS)) <= SHORT_WORDS for i in some]

    family = np.full(n, FAM["typical"], dtype=np.uint8)
    for name, mask in (
        ("short", short),
        ("noisy", noise > 0),
        ("irrelevant", irrelevant),
        ("long", tokens >= LONG_TOKENS),
        ("multi-turn", turns >= 3),
        ("code", code),
        ("multilingual", multilingual),
        ("contradictory", contradictory),
        ("injection", injection),
    ):
        family[mask] = FAM[name]
    return {"chars": chars, "tokens": tokens, "script": script, "noise": noise, "family": family}


def length_bucket(tokens: np.ndarray) -> np.ndarray:
    """Codes of LENGTHS for estimated token counts."""
    return np.searchsorted(LENGTH_EDGES, tokens, side="right")


def classify(texts: list[str], turns: list[int] | None = None) -> list[str]:
    """Family names of prompt texts (one turn each unless ``turns`` says otherwise)."""
    if not texts:
        return []
    t = np.array(turns if turns is not None else [1] * len(texts), dtype=np.int64)
    return [FAMILIES[f] for f in text_stats(texts, t)["family"]]
