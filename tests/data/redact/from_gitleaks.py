"""Convert gitleaks's per-rule examples into labelled traffic (tests/data/redact/PROVENANCE.md).

gitleaks (gitleaks/gitleaks at commit b58d3f1, MIT, Copyright (c) 2019 Zachary Rice) checks each rule of its default
config against a list of true positives (``tps``) and false positives (``fps``) written in the rule's Go source
(cmd/generate/config/rules/*.go). This reads those lists with a small evaluator of the Go expressions they are built
from (string literals, ``+``, ``fmt.Sprintf``, ``append``, local variables, ``utils.GenerateSampleSecret(s)`` and
``secrets.NewSecret``), finds each literal true positive's secret with the rule's own regex (config/gitleaks.toml,
its ``secretGroup``), and writes every secret into HTTP traffic five ways: a request header, a JSON value under a
neutral key, a chat prompt's free text, a query string and a .env file pasted into a prompt. A false positive is a
value to keep: the longest token-like run of its text, the text sent whole in a prompt and in a JSON value.

``secrets.NewSecret(regex)`` draws a random string matching ``regex`` (lucasjones/reggen, unseeded: gitleaks's own
samples differ every run); here ``_sample`` draws from the same regex with ``random.Random`` seeded by the rule's id,
so the file is the same on every run. Rules are split by vendor (the rule id's first word) with a hash: every rule of
a vendor falls in the same half, dev (``gitleaks_dev.jsonl``) or held out (``gitleaks_heldout.jsonl``).

Usage: ``python from_gitleaks.py GITLEAKS_CHECKOUT`` (writes both files beside this one).
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import string
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from re import _constants as sc
from re import _parser as sre_parse
from urllib.parse import quote, urlencode

import orjson

PER_RULE = 4  # true positives and false positives kept per rule (literal ones first)
EMBEDDINGS = ("header", "json", "prose", "query", "dotenv")

# --- Go source: the tokens of an expression, and an evaluator of the few forms the rule files use ------------------

_TOKEN = re.compile(
    r'(?P<s>"(?:[^"\\\n]|\\.)*")|(?P<r>`[^`]*`)|(?P<c>//[^\n]*|/\*.*?\*/)|(?P<n>\n)'
    r"|(?P<i>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(?P<num>[0-9]+)"
    r"|(?P<o>:=|\.\.\.|\[\]|[{}()\[\],+=:*&])|(?P<w>[ \t\r;]+)",
    re.S,
)
_GO_ESC = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{3}|.)", re.S)
_SIMPLE_ESC = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b", "f": "\f"}


def _unquote(lit: str) -> str:
    def esc(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] in "xu":
            return chr(int(e[1:], 16))
        if e[0].isdigit():
            return chr(int(e, 8))
        return _SIMPLE_ESC.get(e, e)

    return _GO_ESC.sub(esc, lit[1:-1])


def _tokens(src: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(src):
        kind = m.lastgroup or ""
        if kind in ("c", "w"):
            continue
        text = m.group()
        if kind == "s":
            out.append(("str", _unquote(text)))
        elif kind == "r":
            out.append(("str", text[1:-1]))
        else:
            out.append((kind, text))
    return out


@dataclass(frozen=True, slots=True)
class Sample:
    """A true or false positive: a text to scan, and (from GenerateSampleSecret(s)) the secret in it."""

    text: str
    secret: str | None = None


class Unknown(Exception):
    """An expression this evaluator does not read: its sample is left out."""


_PATTERNS = {
    "utils.Numeric": "[0-9]{%s}",
    "utils.Hex": "[a-f0-9]{%s}",
    "utils.AlphaNumeric": "[a-z0-9]{%s}",
    "utils.AlphaNumericExtendedShort": "[a-z0-9_-]{%s}",
    "utils.AlphaNumericExtended": r"[a-z0-9=_\-]{%s}",
    "utils.AlphaNumericExtendedLong": r"[a-z0-9\/=_\+\-]{%s}",
}


class GoEval:
    """Evaluates one function's statements, keeping its string and list variables."""

    def __init__(self, toks: list[tuple[str, str]], rng: random.Random, package: dict | None = None):
        self.t, self.i, self.rng, self.vars = toks, 0, rng, dict(package or {})

    def peek(self, skip_nl: bool = True) -> tuple[str, str]:
        j = self.i
        while skip_nl and j < len(self.t) and self.t[j][0] == "n":
            j += 1
        return self.t[j] if j < len(self.t) else ("eof", "")

    def take(self, skip_nl: bool = True) -> tuple[str, str]:
        while skip_nl and self.i < len(self.t) and self.t[self.i][0] == "n":
            self.i += 1
        tok = self.t[self.i] if self.i < len(self.t) else ("eof", "")
        self.i += 1
        return tok

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise Unknown(text)

    def skip_statement(self) -> None:
        depth = 0
        while self.i < len(self.t):
            kind, text = self.t[self.i]
            self.i += 1
            depth += text in "({[" and kind == "o"
            depth -= text in ")}]" and kind == "o" and text != "[]"
            if kind == "n" and depth <= 0:
                return

    def run(self) -> None:
        """Every ``name := expr``, ``name = expr`` and ``var name = expr`` at the function's top level."""
        while self.i < len(self.t):
            start = self.i
            kind, text = self.take()
            if text == "var":
                if self.peek()[1] == "(":  # a block: its lines are assignments of their own
                    self.take()
                    continue
                kind, text = self.take()
                if self.peek()[0] == "i":
                    self.take()
            nxt = self.peek(skip_nl=False)
            if kind == "i" and nxt[1] in (":=", "="):
                self.take()
                try:
                    self.vars[text] = self.expr()
                except (Unknown, IndexError, ValueError, re.error):
                    self.vars.pop(text, None)
                    self.i = start
                    self.skip_statement()
            else:
                self.i = start
                self.skip_statement()

    def expr(self) -> object:
        val = self.unary()
        while self.peek(skip_nl=False)[1] == "+":
            self.take()
            rhs = self.unary()
            if not (isinstance(val, str) and isinstance(rhs, str)):
                raise Unknown("+")
            val += rhs
        return val

    def args(self) -> list[object]:
        self.expect("(")
        out = []
        while self.peek()[1] != ")":
            val = self.expr()
            if self.peek()[1] == "...":
                self.take()
                if not isinstance(val, list):
                    raise Unknown("...")
                out.extend(val)
            else:
                out.append(val)
            if self.peek()[1] == ",":
                self.take()
        self.take()
        return out

    def unary(self) -> object:
        kind, text = self.take()
        if kind == "str":
            return text
        if text == "[]":
            self.expect("string")
            self.expect("{")
            items = []
            while self.peek()[1] != "}":
                items.append(self.expr())
                if self.peek()[1] == ",":
                    self.take()
            self.take()
            return [x if isinstance(x, Sample) else Sample(_str(x)) for x in items]
        if kind != "i":
            raise Unknown(text)
        if self.peek(skip_nl=False)[1] != "(":
            if text in self.vars:
                return self.vars[text]
            raise Unknown(text)
        args = self.args()
        return self.call(text, args)

    def call(self, fn: str, args: list[object]) -> object:
        if fn in _PATTERNS:
            return _PATTERNS[fn] % _str(args[0])
        if fn == "utils.Hex8_4_4_4_12":
            return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        if fn in ("secrets.NewSecret", "newPlausibleSecret"):
            return _sample(_str(args[0]), self.rng)
        if fn in ("utils.GenerateSampleSecrets", "utils.GenerateSampleSecret"):
            ident, secret = _str(args[0]), _str(args[1])
            sample = Sample(f'{ident}_api_token = "{secret}"', secret)
            return [sample] if fn.endswith("Secrets") else sample
        if fn == "fmt.Sprintf":
            fmt = _str(args[0])
            return fmt.replace("%%", "\0") % tuple(_str(a) for a in args[1:]) if fmt.count("%") else fmt
        if fn == "append":
            base = args[0]
            if not isinstance(base, list):
                raise Unknown("append")
            return base + [a if isinstance(a, Sample) else Sample(_str(a)) for a in args[1:]]
        if fn == "strings.Repeat":
            return _str(args[0]) * int(_str(args[1]))
        raise Unknown(fn)


def _str(val: object) -> str:
    if isinstance(val, Sample):
        return val.text
    if isinstance(val, str):
        return val
    raise Unknown("not a string")


# --- reggen's draw: a random string matching a regex --------------------------------------------------------------

_CATEGORY = {
    sc.CATEGORY_DIGIT: string.digits,
    sc.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    sc.CATEGORY_SPACE: " ",
}


def _charset(items: list, rng: random.Random) -> str:
    chars, negate = [], False
    for op, av in items:
        if op == sc.NEGATE:
            negate = True
        elif op == sc.LITERAL:
            chars.append(chr(av))
        elif op == sc.RANGE:
            chars.extend(chr(c) for c in range(av[0], av[1] + 1))
        elif op == sc.CATEGORY:
            chars.extend(_CATEGORY.get(av, ""))
    if negate:
        chars = [c for c in string.ascii_letters + string.digits if c not in chars]
    return rng.choice(chars)


def _draw(parsed: sre_parse.SubPattern, rng: random.Random) -> str:
    out = []
    for op, av in parsed:
        if op == sc.LITERAL:
            out.append(chr(av))
        elif op == sc.IN:
            out.append(_charset(av, rng))
        elif op == sc.ANY:
            out.append(rng.choice(string.ascii_letters))
        elif op in (sc.MAX_REPEAT, sc.MIN_REPEAT):
            lo, hi, sub = av
            hi = lo + 1 if hi == sc.MAXREPEAT else hi  # reggen's limit 1 on unbounded repeats
            out.extend(_draw(sub, rng) for _ in range(rng.randint(lo, hi)))
        elif op == sc.SUBPATTERN:
            out.append(_draw(av[-1], rng))
        elif op == sc.BRANCH:
            out.append(_draw(rng.choice(av[1]), rng))
        elif op == sc.CATEGORY:
            out.append(rng.choice(_CATEGORY.get(av, "x")))
    return "".join(out)


def _sample(pattern: str, rng: random.Random) -> str:
    return _draw(sre_parse.parse(pattern), rng)


# --- the rules: their ids, regexes and examples -------------------------------------------------------------------

_FUNC = re.compile(r"^func [A-Za-z0-9_]+\(\) \*config\.Rule \{\n(.*?)^\}", re.S | re.M)
_RULE_ID = re.compile(r'RuleID:\s*"([^"]+)"')
_POSIX = {"[:alnum:]": "a-zA-Z0-9", "[:alpha:]": "a-zA-Z", "[:digit:]": "0-9", "[:xdigit:]": "0-9a-fA-F"}


def _py_regex(go: str) -> re.Pattern[str] | None:
    """A Go (RE2) regex as Python's, or None when it uses what Python's does not have."""
    py = go.replace(r"\z", r"\Z")
    for posix, chars in _POSIX.items():
        py = py.replace(posix, chars)
    # RE2 lets "(?i)" start anywhere (case-insensitive from there on), Python only at the start: a wider match
    # is enough to find a known true positive's secret
    flags = re.I if "(?i)" in py else 0
    try:
        return re.compile(py.replace("(?i)", ""), flags)
    except re.error:
        return None


def _secret(rx: re.Pattern[str], group: int, text: str) -> str | None:
    m = rx.search(text)
    if m is None:
        return None
    if group:
        return m.group(group)
    return next((g for g in m.groups() if g), m.group())


def _entropy(text: str) -> float:
    return -sum(n / len(text) * math.log2(n / len(text)) for n in Counter(text).values()) if text else 0.0


def _flagged(text: str, regex: dict, own: str) -> bool:
    """Whether another rule of the config finds a secret in ``text`` (its regex, its entropy floor): one rule's
    false positive is sometimes another's key (Cloudflare's three kinds of key)."""
    for rid, (rx, group, floor) in regex.items():
        secret = _secret(rx, group, text) if rx and rid != own else None
        if secret and _entropy(secret) >= floor:
            return True
    return False


def _fp_value(text: str) -> str | None:
    """The part of a false positive a reader would take for a key: its longest token-like run."""
    runs = re.findall(r"[A-Za-z0-9_\-+/.~]{8,}={0,3}", text)
    return max(runs, key=len).strip(".:") if runs else None


def _vendor(rule_id: str) -> str:
    return rule_id.split("-")[0]


def dev_half(rule_id: str) -> bool:
    """Whether a rule is in the dev half: by its vendor, so a vendor's rules stay together."""
    return hashlib.sha256(_vendor(rule_id).encode()).digest()[0] % 2 == 0


def rules(root: Path) -> list[tuple[str, list[str], list[str]]]:
    """Every rule's id, true positives' secrets and false positives' values, in file order."""
    toml = tomllib.loads((root / "config/gitleaks.toml").read_text())
    regex = {
        r["id"]: (_py_regex(r.get("regex", "")), r.get("secretGroup", 0), r.get("entropy", 0)) for r in toml["rules"]
    }
    out = []
    for path in sorted((root / "cmd/generate/config/rules").glob("*.go")):
        src = path.read_text()
        package = GoEval(_tokens(_FUNC.sub("", src)), random.Random(path.name))
        package.run()
        for body in _FUNC.findall(src):
            m = _RULE_ID.search(body)
            if m is None or m.group(1) not in regex or "ValidateWithPaths" in body:
                continue
            rid = m.group(1)
            ev = GoEval(_tokens(body), random.Random(rid), package.vars)
            ev.run()
            rx, group, _ = regex[rid]
            tps, fps = ev.vars.get("tps", []), ev.vars.get("fps", [])
            if not isinstance(tps, list) or not isinstance(fps, list):
                continue
            literal = [s for s in tps if s.secret is None]
            found = [_secret(rx, group, s.text) if rx else None for s in literal]
            found += [s.secret for s in tps if s.secret is not None]
            secrets = list(dict.fromkeys(s for s in found if s and len(s) >= 8))[:PER_RULE]
            fp_texts = [s.text for s in fps if _fp_value(s.text) and not _flagged(s.text, regex, rid)]
            out.append((rid, secrets, list(dict.fromkeys(fp_texts))[:PER_RULE]))
    return out


# --- the traffic ---------------------------------------------------------------------------------------------------

_PROSE = (
    "here is my key: {s}\nwhy does every call return 401?",
    "I set up {v} with {s} but the webhook never fires, what am I missing?",
    "Can you check this config? The token is {s} and it was working yesterday.",
    "getting 'invalid credentials' from the {v} API using {s} - is the format wrong?",
)
_FP_PROSE = "Our secret scanner flags this line, is it a real credential?\n\n{t}\n\nThanks!"
_DOTENV = "Why is my app not picking up this .env?\n\n```\nNODE_ENV=production\nPORT=8080\n{n}={s}\nLOG_LEVEL=info\n```"
_QUERY_KEYS = ("key", "token", "access_token", "apikey", "auth")


def _exchange(xid: str, method: str, url: str, headers: list[list[str]], body: str | None) -> dict:
    req: dict = {"method": method, "url": url, "headers": headers, "body": None}
    if body is not None:
        req["body"] = {"text": body, "encoding": "utf8", "size": len(body.encode())}
    return {
        "id": xid,
        "request": req,
        "timings": {"start": 1717200000.0, "ttfb": 0.1, "total": 0.3},
        "response": None,
        "redactions": {},
        "meta": {},
        "v": 1,
    }


def _chat(text: str) -> tuple[str, str]:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}
    return "https://api.openai.internal/v1/chat/completions", orjson.dumps(body).decode()


def _embed(how: str, rid: str, secret: str, n: int) -> dict:
    vendor = _vendor(rid)
    json_h = [["content-type", "application/json"]]
    if how == "header":
        header = (["authorization", f"Bearer {secret}"], ["x-api-key", secret], [f"x-{vendor}-token", secret])[n % 3]
        return _exchange("", "GET", f"https://api.{vendor}.internal/v1/me", [header], None)
    if how == "json":
        key = ("value", "text")[n % 2]
        body = orjson.dumps({"name": f"{vendor} integration", key: secret, "enabled": True}).decode()
        return _exchange("", "POST", "https://settings.internal/v1/integrations", json_h, body)
    if how == "query":
        query = urlencode({"format": "json", _QUERY_KEYS[n % len(_QUERY_KEYS)]: secret}, quote_via=quote)
        return _exchange("", "GET", f"https://api.{vendor}.internal/v1/status?{query}", [], None)
    if how == "prose":
        url, body = _chat(_PROSE[n % len(_PROSE)].format(s=secret, v=vendor))
    else:
        url, body = _chat(_DOTENV.format(n=re.sub(r"[^A-Z0-9]+", "_", rid.upper()), s=secret))
    return _exchange("", "POST", url, json_h, body)


def convert(root: Path) -> tuple[list[dict], list[dict]]:
    """The dev and held-out halves' labelled exchanges."""
    halves: tuple[list[dict], list[dict]] = ([], [])
    for rid, secrets, fps in rules(root):
        half = halves[0 if dev_half(rid) else 1]
        for n, secret in enumerate(secrets):
            for how in EMBEDDINGS:
                ex = _embed(how, rid, secret, n)
                half.append({"exchange": ex, "secrets": [{"kind": f"key_{how}", "needles": [secret]}], "keep": []})
        for text in fps:
            value = _fp_value(text) or ""
            for how in ("prose", "json"):
                if how == "prose":
                    url, body = _chat(_FP_PROSE.format(t=text))
                else:
                    url, body = "https://notes.internal/v1/notes", orjson.dumps({"text": text}).decode()
                ex = _exchange("", "POST", url, [["content-type", "application/json"]], body)
                half.append({"exchange": ex, "secrets": [], "keep": [{"kind": f"fp_{how}", "needle": value}]})
    for name, half in zip(("dev", "heldout"), halves, strict=True):
        for i, rec in enumerate(half):
            rec["exchange"]["id"] = f"gitleaks-{name}-{i:05d}"
    return halves


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for name, half in zip(("dev", "heldout"), convert(Path(sys.argv[1])), strict=True):
        with open(here / f"gitleaks_{name}.jsonl", "wb") as fh:
            fh.writelines(orjson.dumps(rec) + b"\n" for rec in half)
