"""A JSON body's long string values redacted as texts of their own, each through the memo.

Why: LLM traffic repeats itself inside bodies that differ as a whole. The application's system
prompt is in every request, and each turn of a conversation resends every earlier one, so a memo
of whole bodies never meets a body twice, and a whole pass scans the prompt in every request and
each turn again in every later one (a conversation's cost grows with the square of its length).
Here a long string value (``MIN_CHARS`` raw characters or more) met before goes through the text
pass on its own, so from its third time on it costs a dict lookup, and the rest of the body (its
structure, keys and short values, each such value left as a hole) goes through it as one text,
so the field rules still read ``"name": "…"``, ``"first"`` beside ``"last"``, and so on. A value met
for the first time stays in the rest: a pass of its own costs as much as scanning 1-2 KB more of
a body, and pays back only when the value comes again (the user's message of a request is new).

Why the result is a whole pass's: no detector matches across a string's quotes but the field
rules (a cue in the key, the value after it), so a value under a key in which the finder has a
cue, that ``KeyRules`` classifies or that names a place, stays in the rest. The text view decodes
escapes within a string only (none spans a quote), and a lookbehind at a text's start sees what
it sees after a quote. What a whole pass sees and a split one would not is what some rules read
past a quote; a value they would read into or out of stays in the rest (``_near``, ``_reads_out``):
a ``code`` field's 2FA words and a bare ``name`` field's object (up to 300 characters), a phone or
version cue within 32 characters before a digit run, a mail word within 60 characters before an
address spelled out. ``tests/redact/test_segments.py`` runs both passes over every JSON body of
the labelled corpora, with one value at a time made long by texts that end in such cues, and
finds them equal, counts per kind included.

Only a body that parses as JSON is split: its quotes then alternate between opening and closing a
string, but for the escaped ones (``\\"``, only ever inside a string).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate

import orjson

from replay.redact.detectors import Finder
from replay.redact.digits import CUE_REACH, number_cue
from replay.redact.jsonshapes import AROUND
from replay.redact.keys import KeyRules
from replay.redact.memo import Bounded, add_counts
from replay.redact.personal import place_key
from replay.redact.spelledmail import MAIL_REACH, mail_word, spaced_at
from replay.redact.textpass import TextPass

__all__ = ["MIN_CHARS", "Segments"]

# A hole's bookkeeping costs about what scanning 200 characters of a body does: a 10-turn conversation of
# 180-character turns took 6% more instructions with its turns split off (at 128) than without; one of
# 300-character turns, 33% fewer.
MIN_CHARS = 256
# Where a long value was, in the text of the rest: a raw control character is never in valid JSON
# (escaped inside a string, invalid outside), so each one found after the pass is a hole.
_HOLE = "\x00"
_KEYS_KEPT = 1024
_DIGIT = re.compile(r"[0-9]")
# How far from a hole a field rule that reads around it must be: the farthest it reads, plus a key's length.
_REACH = AROUND + 40


def _strings(parts: list[str]) -> list[str]:
    """``text.split('"')`` joined back where a quote was escaped: even items lie outside strings,
    odd ones are a string's raw content."""
    out: list[str] = []
    acc: list[str] = []
    for i, p in enumerate(parts):
        acc.append(p)
        if len(out) % 2 and (len(p) - len(p.rstrip("\\"))) % 2 and i + 1 < len(parts):
            continue  # inside a string, an odd run of backslashes escapes the quote after it
        out.append('"'.join(acc))
        acc = []
    return out


class Segments:
    """Redacts JSON text by its long string values and the rest; counts go into the Counter given."""

    def __init__(self, tp: TextPass, finder: Finder, keys: KeyRules, min_chars: int = MIN_CHARS):
        self.tp = tp
        self.finder = finder
        self.keys = keys
        self.min_chars = min_chars
        self._free_keys: dict[str, bool] = {}
        # Long values met, by their text: None met once; then whether it is a hole. A value becomes one
        # the second time it is met: alone, it costs a pass of its own (a fixed cost as large as scanning
        # 1-2 KB more), which pays back only when it comes again (the user's message of a request is new,
        # the system prompt is not). Bounded like the memo, the oldest going first.
        self.seen: Bounded[str, bool | None] = Bounded(tp.memo.entries, tp.memo.chars)

    def text(self, text: str, counts: Counter[str]) -> str:
        """``tp.text(text)``, with long string values redacted on their own (see the module's doc)."""
        n = self.min_chars
        if len(text) < n + 2 or self.finder.idle:
            return self.tp.text(text, counts)
        parts = text.split('"')
        lens = list(map(len, parts))  # once, for the test here and the offsets below
        if max(lens) < n:
            return self.tp.text(text, counts)
        toks = parts if '\\"' not in text else _strings(parts)
        if toks is not parts:
            lens = list(map(len, toks))
        holes = [i for i in range(1, len(toks) - 1, 2) if lens[i] >= n and self._hole(toks, i)]
        if not holes:
            return self.tp.text(text, counts)
        try:
            orjson.loads(text)  # then its quotes alternate as ``_strings`` reads them
        except orjson.JSONDecodeError:
            return self.tp.text(text, counts)
        values = {i: toks[i] for i in holes}
        ends = list(accumulate(lens))  # toks[i] ends at ends[i] + i: i quotes come before it
        rest = text
        while holes:
            for i in holes:
                toks[i] = _HOLE
            rest = '"'.join(toks)
            near = self._near(text, rest, [(ends[i - 1] + i, ends[i] + i) for i in holes])
            if not near:
                break
            for k in near:  # the value goes back in, and the rest is looked at again
                toks[holes[k]] = values[holes[k]]
            holes = [i for k, i in enumerate(holes) if k not in near]
        if not holes:
            return self.tp.text(text, counts)
        found: Counter[str] = Counter()
        new_rest = self.tp.text(rest, found)
        chunks = new_rest.split(_HOLE)
        if len(chunks) != len(holes) + 1:  # a hit over a hole: cannot happen, see the module's doc
            return self.tp.text(text, counts)
        changed = new_rest is not rest
        out = [chunks[0]]
        for i, chunk in zip(holes, chunks[1:], strict=True):
            value = values[i]
            new = self.tp.text(value, found)
            changed |= new is not value
            out.append(new)
            out.append(chunk)
        add_counts(counts, found.items())
        return "".join(out) if changed else text

    def _near(self, text: str, rest: str, spans: list[tuple[int, int]]) -> set[int]:
        """The holes of ``rest`` (by their order; ``spans``: where their values lie in ``text``) that
        a rule reading past a string's quotes would see into: a ``code`` or bare ``name`` field
        within ``_REACH`` of it; on the two sides of one of its edges, a digit run and a phone or
        version cue before it, or a spaced " at " and a mail word before it."""
        low = rest.lower()
        fields = self.finder.fields.reading_around(rest, low, 0, len(low)) if "code" in low or "name" in low else []
        near = set()
        h = rest.find(_HOLE)
        for k, (a, b) in enumerate(spans):
            before = text[max(0, a - MAIL_REACH) : a].lower()  # MAIL_REACH >= CUE_REACH
            end = text[max(0, b - MAIL_REACH) : b].lower()
            if (
                (fields and any(abs(h - q) <= _REACH for q in fields))
                or (_DIGIT.search(text, a, a + CUE_REACH) and number_cue(before[-CUE_REACH:]))
                or (_DIGIT.search(text, b, b + CUE_REACH) and number_cue(end[-CUE_REACH:]))
                or (mail_word(before) and spaced_at(text, a, a + 4 * MAIL_REACH))
                or (mail_word(end) and spaced_at(text, b, b + 4 * MAIL_REACH))
            ):
                near.add(k)
            h = rest.find(_HOLE, h + 1)
        return near

    def _hole(self, toks: list[str], i: int) -> bool:
        """The string ``toks[i]`` is a value met before, under no key a field rule reads, and no
        rule near its ends reads past them."""
        value = toks[i]
        if len(value) > self.tp.memo.max_chars or toks[i + 1].lstrip()[:1] == ":" or not self._free(toks, i):
            return False
        seen = self.seen
        verdict = seen.value(value, False)
        if verdict is False and value not in seen:  # met for the first time
            seen.add(value, None, len(value))
            return False
        if verdict is None:
            verdict = not self._reads_out(value)
            seen.set(value, verdict)
        return verdict

    def _free(self, toks: list[str], i: int) -> bool:
        """The value ``toks[i]`` is under no key a field rule reads (or an array's item)."""
        if not toks[i - 1].rstrip().endswith(":"):
            return True  # an array's item
        key = toks[i - 2]
        free = self._free_keys.get(key)
        if free is None:
            name = _decoded(key)  # the rules read the decoded view
            inner = name.rstrip("]").rpartition("[")[2]  # billing[phone]
            keyed = self.keys.classify(name) or self.keys.classify(inner)
            free = not (keyed or self.finder.cued(name) or place_key(name))
            if len(self._free_keys) >= _KEYS_KEPT:
                self._free_keys.clear()
            self._free_keys[key] = free
        return free

    def _reads_out(self, value: str) -> bool:
        """A field rule near either end of ``value`` would read past it (see ``_near``)."""
        for edge in (value[:_REACH], value[-_REACH:]):
            low = edge.lower()
            if ("code" in low or "name" in low) and self.finder.fields.reading_around(edge, low, 0, len(low)):
                return True
        return False


def _decoded(key: str) -> str:
    """A JSON key's text as its string holds it, escapes undone; as it stands where they do not read (a control
    character or a lone backslash in a body that is JSON only in part)."""
    if "\\" not in key:
        return key
    try:
        return str(orjson.loads(f'"{key}"'))
    except orjson.JSONDecodeError:
        return key
