"""Deterministic, seeded perturbations of captured prompts.

A perturbation rewrites the prompt of a captured request, in place in its JSON body (at the
prompt path: the last user message by default) or in its URL query, so the request stays
valid for its endpoint. The same record, perturbation and seed always give the same bytes.

    typos          keyboard typos (neighbouring keys: insert, delete, replace, transpose)
    case           all capitals, all lower case, or random case
    whitespace     pasted whitespace: runs of blanks, tabs, no-break spaces, trailing newlines
    zero_width     zero-width characters inside words
    homoglyphs     Cyrillic/Greek look-alike letters inside Latin words
    markup         markdown/HTML around the prompt (phrases/markup.json)
    irrelevant     unrelated paragraphs before the prompt (phrases/context.json)
    context        enough unrelated paragraphs before the prompt to make it long
    language_mix   phrases in other languages (phrases/languages.json)
    truncate       the prompt cut at 40-90% of its length
    shorten        only the first 1-4 words
    contradiction  a contradictory instruction after the prompt (phrases/contradiction.json)
    injection      a prompt-injection suffix (phrases/injection.json)
    code           a pasted code snippet (phrases/code.json)
    history        earlier conversation turns before the prompt (chat bodies only; phrases/history.json)

``FILLS`` names the perturbations that turn a typical prompt into each family; the sampler uses
them to synthesise a family the capture lacks.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson

from replay.shape.families import phrases
from replay.shape.prompts import DEFAULT_PATHS, QUERY_PARAMS, split_url
from replay.util.jsonpath import PromptPath

__all__ = ["FILLS", "OPS", "Op", "apply", "perturb_prompt", "perturb_text"]

_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        near = [_row[j] for j in (_c - 1, _c + 1) if 0 <= j < len(_row)]
        near += [_ROWS[r][_c] for r in (_r - 1, _r + 1) if 0 <= r < len(_ROWS) and _c < len(_ROWS[r])]
        _NEIGHBOURS[_ch] = "".join(near)
_HOMOGLYPHS = {
    "a": "а", "c": "с", "e": "е", "i": "і", "o": "о", "p": "р", "x": "х", "y": "у",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О", "P": "Р", "T": "Т", "X": "Х",
    "v": "ν", "u": "υ",
}  # fmt: skip
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")


def _typos(text: str, rng: random.Random) -> str:
    chars = list(text)
    letters = [i for i, c in enumerate(chars) if c.lower() in _NEIGHBOURS]
    if not letters:
        return text
    for _ in range(max(1, min(len(letters) // 25, 8))):
        i = rng.choice(letters)
        if i >= len(chars) or chars[i].lower() not in _NEIGHBOURS:
            continue
        near = rng.choice(_NEIGHBOURS[chars[i].lower()])
        kind = rng.randrange(4)
        if kind == 0:
            chars.insert(i, near)
        elif kind == 1 and len(chars) > 1:
            del chars[i]
        elif kind == 2:
            chars[i] = near
        elif i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def _case(text: str, rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return text.upper()
    if kind == 1:
        return text.lower()
    return "".join(c.swapcase() if rng.random() < 0.3 else c for c in text)


def _whitespace(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(max(1, len(words) // 8)):
        i = rng.randrange(len(words))
        words[i] = words[i] + rng.choice(["   ", "\t\t", "\u00a0", "  \n  "])
    return rng.choice(["", "  ", "\t"]) + " ".join(words) + rng.choice(["\n\n\n\n", "   \n\n\n", "\n\n\n  \t"])


def _inside_words(text: str, rng: random.Random, ok: Callable[[str], bool], most: int) -> list[int]:
    """Up to ``most`` positions of characters passing ``ok`` with a letter on both sides."""
    spots = [i for i in range(1, len(text) - 1) if ok(text[i]) and text[i - 1].isalpha() and text[i + 1].isalpha()]
    return sorted(rng.sample(spots, min(most, len(spots))))


def _zero_width(text: str, rng: random.Random) -> str:
    spots = _inside_words(text, rng, str.isalpha, rng.randint(1, 3))
    if not spots:
        return text + rng.choice(_ZERO_WIDTH)
    out, last = [], 0
    for i in spots:
        out += [text[last:i], rng.choice(_ZERO_WIDTH)]
        last = i
    return "".join([*out, text[last:]])


def _homoglyphs(text: str, rng: random.Random) -> str:
    chars = list(text)
    eligible = sum(c in _HOMOGLYPHS for c in chars)
    for i in _inside_words(text, rng, lambda c: c in _HOMOGLYPHS, max(1, eligible // 7)):
        chars[i] = _HOMOGLYPHS[chars[i]]
    return "".join(chars)


def _markup(text: str, rng: random.Random) -> str:
    return rng.choice(phrases("markup")["wrappers"]).replace("{text}", text)


def _paragraphs(rng: random.Random, at_least: int) -> list[str]:
    """Context paragraphs in random order, each once before any repeats, until ``at_least`` characters."""
    pool = phrases("context")["paragraphs"]
    order = rng.sample(pool, len(pool))
    out: list[str] = []
    size = 0
    while size < at_least:
        out.append(order[len(out) % len(order)])
        size += len(out[-1])
    return out


def _irrelevant(text: str, rng: random.Random) -> str:
    paras = rng.sample(phrases("context")["paragraphs"], rng.randint(2, 3))
    return "\n\n".join([*paras, text])


def _context(text: str, rng: random.Random) -> str:
    return "Some background first.\n\n" + "\n\n".join(_paragraphs(rng, 2600)) + "\n\n" + text


def _language_mix(text: str, rng: random.Random) -> str:
    langs = phrases("languages")["languages"]
    latin = [k for k, v in langs.items() if v["script"] == "latin"]
    other = [k for k, v in langs.items() if v["script"] != "latin"]
    mixed = [rng.choice(langs[rng.choice(latin)]["phrases"])]
    if rng.random() < 0.5:
        mixed.append(rng.choice(langs[rng.choice(other)]["phrases"]))
    return " ".join([*mixed, text] if rng.random() < 0.5 else [text, *mixed])


def _truncate(text: str, rng: random.Random) -> str:
    return text[: max(1, int(len(text) * rng.uniform(0.4, 0.9)))]


def _shorten(text: str, rng: random.Random) -> str:
    words = text.split()
    return " ".join(words[: rng.randint(1, 4)]).rstrip(".,;:!?")


def _contradiction(text: str, rng: random.Random) -> str:
    return f"{text.rstrip()} {rng.choice(phrases('contradiction')['instructions'])}"


def _injection(text: str, rng: random.Random) -> str:
    return f"{text.rstrip()}\n\n{rng.choice(phrases('injection')['suffixes'])}"


def _code(text: str, rng: random.Random) -> str:
    return f"{text.rstrip()}\n\n{rng.choice(phrases('code')['snippets'])}"


def _history_turns(rng: random.Random) -> list[list[str]]:
    """1-3 earlier (user, assistant) exchanges."""
    return rng.sample(phrases("history")["turns"], rng.randint(1, 3))


def _history(obj: dict[str, Any], rng: random.Random) -> bool:
    """Put earlier turns before the first non-system message of the body's message list."""
    key = "messages" if isinstance(obj.get("messages"), list) else "input"
    msgs = obj.get(key)
    if not isinstance(msgs, list) or not msgs or not all(isinstance(m, dict) for m in msgs):
        return False
    at = next((i for i, m in enumerate(msgs) if m.get("role") not in ("system", "developer")), len(msgs))
    turns = []
    for user, assistant in _history_turns(rng):
        turns += [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}]
    msgs[at:at] = turns
    return True


@dataclass(frozen=True)
class Op:
    """A perturbation: ``text`` rewrites a prompt; ``family`` is what it makes of a typical prompt."""

    name: str
    family: str | None
    text: Callable[[str, random.Random], str] | None = None  # None: works on the message list

    @property
    def needs_messages(self) -> bool:
        return self.text is None


OPS: dict[str, Op] = {
    op.name: op
    for op in (
        Op("typos", None, _typos),
        Op("case", None, _case),
        Op("whitespace", "noisy", _whitespace),
        Op("zero_width", "noisy", _zero_width),
        Op("homoglyphs", "noisy", _homoglyphs),
        Op("markup", "noisy", _markup),
        Op("irrelevant", "irrelevant", _irrelevant),
        Op("context", "long", _context),
        Op("language_mix", "multilingual", _language_mix),
        Op("truncate", None, _truncate),
        Op("shorten", "short", _shorten),
        Op("contradiction", "contradictory", _contradiction),
        Op("injection", "injection", _injection),
        Op("code", "code", _code),
        Op("history", "multi-turn"),
    )
}
_OP_INDEX = {name: i for i, name in enumerate(OPS)}
FILLS: dict[str, tuple[str, ...]] = {}
for _op in OPS.values():
    if _op.family is not None:
        FILLS[_op.family] = (*FILLS.get(_op.family, ()), _op.name)


def _rng(op: str, seed: int) -> random.Random:
    """The generator of one perturbation of one row (an int seed: much cheaper than a string)."""
    return random.Random(seed * 64 + _OP_INDEX[op])


def perturb_text(text: str, op: str, seed: int) -> str:
    """``text`` perturbed by the text perturbation ``op`` with ``seed``."""
    fn = OPS[op].text
    if fn is None:
        raise ValueError(f"{op} works on a message list, not on a text")
    return fn(text, _rng(op, seed))


def perturb_prompt(texts: list[str], turns: int, op: str, seed: int) -> tuple[list[str], int]:
    """The prompt texts and turns (as ``request_prompt`` finds them) of the request ``apply`` makes."""
    rng = _rng(op, seed)
    fn = OPS[op].text
    if fn is None:
        earlier = _history_turns(rng)
        return [u for u, _ in earlier] + texts, turns + 2 * len(earlier)
    return [*texts[:-1], fn(texts[-1], rng)], turns


def _last_text(obj: Any, path: PromptPath | None) -> tuple[Any, Any] | None:
    """Where the last prompt text of a body is: ``(container, key)`` of a string."""
    for p in (path,) if path is not None else DEFAULT_PATHS:
        for c, k in reversed(p.refs(obj)):
            v = c[k]
            if isinstance(v, str):
                return c, k
            if isinstance(v, list):
                for i in range(len(v) - 1, -1, -1):
                    if isinstance(v[i], str):
                        return v, i
                    if isinstance(v[i], dict) and isinstance(v[i].get("text"), str):
                        return v[i], "text"
    return None


def apply(record: dict[str, Any], op: str, seed: int, prompt_path: PromptPath | None = None) -> dict[str, Any]:
    """A copy of a raw capture record whose request prompt is perturbed; ValueError if it has no prompt."""
    rng = _rng(op, seed)
    req = dict(record["request"])
    body = req.get("body")
    obj = None
    if body and body.get("encoding") == "utf8":
        try:
            obj = orjson.loads(body["text"])
        except orjson.JSONDecodeError:
            obj = None
    fn = OPS[op].text
    if isinstance(obj, dict):
        if fn is None:
            if not _history(obj, rng):
                raise ValueError(f"{op}: the body has no message list")
        else:
            ref = _last_text(obj, prompt_path)
            if ref is None:
                raise ValueError(f"{op}: no prompt in the body")
            c, k = ref
            c[k] = fn(c[k], rng)
        text = orjson.dumps(obj).decode()
        size = len(text.encode())
        req["body"] = {"text": text, "encoding": "utf8", "size": size, "truncated": False}
        req["headers"] = [[k, str(size) if k.lower() == "content-length" else v] for k, v in req["headers"]]
    else:
        query = split_url(req["url"])[1]
        params = parse_qsl(query, keep_blank_values=True)
        at = next((i for i, (k, _) in enumerate(params) if k in QUERY_PARAMS), None)
        if fn is None or at is None:
            raise ValueError(f"{op}: no prompt to perturb")
        params[at] = (params[at][0], fn(params[at][1], rng))
        req["url"] = req["url"].split("?", 1)[0] + "?" + urlencode(params)
    return {**record, "request": req, "meta": {**(record.get("meta") or {}), "perturbation": op}}
