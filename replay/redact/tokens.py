"""Credentials with a format of their own: vendor API keys (prefix cues, plus Twilio, Telegram and
AWS secret keys by their shape), JWTs, PEM private keys, the user and password of a URL, and base64
runs (Azure keys; runs that decode to text, which the text pass opens and redacts inside).

``high_entropy`` (does a token look generated?) and ``b64_text`` are shared with the field and
header rules. Each finder here is called at a cue the one Aho-Corasick pass of ``detectors`` found.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import string
from collections import Counter
from collections.abc import Iterator

from replay.redact.hits import Hit, guard
from replay.redact.pseudonym import JWT_HEADER, PEM_WORD, Pseudonyms, is_token_pseudonym, looks_redacted
from replay.redact.vendors import AWS_SECRET, AZURE_KEY_LEN, TELEGRAM, TWILIO, Vendor
from replay.redact.wallets import wallets

__all__ = [
    "HASH_CUES",
    "PGPASS_CUES",
    "TokenFinder",
    "b64_matches",
    "b64_text",
    "basic_auth",
    "high_entropy",
    "key_like",
    "placeholder",
    "run_shape",
]

# the user may be empty where a password is not: redis://:PASSWORD@host. A password may hold a "#" an RFC would
# have escaped: pasted .env lines and connection strings carry generated passwords raw ("Vr7!q#x9").
_USERINFO = re.compile(r"://([^\s/?#@:\"'<>\\]*)(?::([^\s/?@\"'<>\\]*))?@(?=[A-Za-z0-9\[])")
# A stored password's hash, by its scheme's mark (bcrypt's "$2b$12$…", argon2's, crypt(3)'s SHA-256/512 "$6$salt$…",
# Django's "pbkdf2_sha256$…"): cracked offline it is the password, and a pasted dump or shadow line shows it whole.
HASH_CUES = ("$2a$", "$2b$", "$2y$", "$argon2", "$5$", "$6$", "pbkdf2_sha256$")
_PASSWORD_HASH = re.compile(
    r"\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}"
    r"|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{8,}\$[A-Za-z0-9+/]{16,}"
    r"|\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}"
    r"|pbkdf2_sha256\$\d+\$[A-Za-z0-9]{1,64}\$[A-Za-z0-9+/]{43}="
)
# A ~/.pgpass line, "host:port:database:user:password" (a field "*" for any), cued by PostgreSQL's port or a
# wildcard's: the password is the line's rest. Its start is a line's (raw, or a JSON string's escaped "\n").
PGPASS_CUES = (":5432:", "*:*:")
_PGPASS = re.compile(
    r'([^\s:\\]{1,253}):(\d{1,5}|\*):([^\s:\\]{1,63}):([^\s:\\]{1,63}):((?:[^\s\\"]|\\:){1,128})(?=[\s"]|\\n|\Z)'
)
_JWT = re.compile(r"eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*")
# A key's body ends at its END line, or, cut off, where base64 ends; never past the next key's BEGIN or 12,000
# characters (an RSA key of 8,192 bits in JSON-escaped lines is ~6,700): a document of many keys with no END is read
# in one pass, not from each BEGIN to its end.
_PEM = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----((?:(?!-----BEGIN ).){0,12000}?)-----END \1-----"
    r"|-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----((?:(?!-----BEGIN )[A-Za-z0-9+/=\s\\:,\-]){0,12000})",
    re.S,
)
_PEM_NL = re.compile(r"(?:\\+[nr]|[\r\n])+")

_B64 = re.compile(r"(?<![A-Za-z0-9+/_\-])[A-Za-z0-9+/_\-]{20,}={0,2}")
_B64_TABLE = bytes(ord("b") if chr(i).isascii() and (chr(i).isalnum() or chr(i) in "+/") else i for i in range(256))
_B64_RUN = b"b" * 20
# A run's verdict (``TokenFinder._run_verdict``) is kept by its text: a model's name ("gpt-4o-mini-2024-07-18")
# is a run in every answer, and a base64 decode that fails costs 15,000 instructions (its exception's
# message included). Short runs only, a bounded number.
_RunVerdict = tuple[tuple[tuple[int, int, int], ...], str | None]
_RUN_KEPT_CHARS = 128
_RUNS_KEPT = 4096
# ``_B64``'s class as "b": on an ASCII text its matches are the runs of 20 "b" or more here (a match
# starts where the class starts, and takes the whole run), found at memchr speed.
_B64_CLASS_TABLE = bytes(ord("b") if chr(i) in string.ascii_letters + string.digits + "+/_-" else i for i in range(256))


# A slug's parts: lower-case words, and short numbers or versions ("feature.checkout.v2", "user:1042:cart"), a
# model's size ("gpt-4o-mini-2024-07-18", "llama-3.1-70b-instruct").
_SLUG_SEP = re.compile(r"[._\-:/]")
_SLUG_PART = re.compile(r"[a-z]+|[a-z]{0,3}[0-9]{1,4}|[0-9]{1,3}[a-z]{1,2}")


def _slug(value: str) -> bool:
    """``value`` is words and short numbers between separators, one word of 4 letters at least: a name
    someone wrote (a feature flag, a cache key), not a generated token."""
    parts = _SLUG_SEP.split(value)
    return (
        len(parts) >= 2
        and all(_SLUG_PART.fullmatch(p) for p in parts)
        and any(len(p) >= 4 and p.isalpha() for p in parts)
    )


def high_entropy(value: str) -> bool:
    """A token that looks generated: long, no spaces, mixed characters, high Shannon entropy."""
    if not 16 <= len(value) <= 512 or " " in value or looks_redacted(value):
        return False
    if sum(c.isdigit() for c in value) == 0 or value.isdigit() or _slug(value):
        return False
    return _entropy(value) >= 3.2


def _entropy(value: str) -> float:
    """Shannon entropy of ``value``'s characters, in bits a character."""
    n = len(value)
    return -sum(k / n * math.log2(k / n) for k in Counter(value).values())


def placeholder(value: str) -> bool:
    """A key's stand-in in docs and examples ("ghp_xxxx…", "glc_1111…=", "AKCpXXXX…"): 16 characters or more,
    three in five of them one character (512 at the most, as ``high_entropy``'s). No generated key is; a stand-in is
    nobody's secret."""
    n = len(value)
    if not 16 <= n <= 512:
        return False
    chars = set(value)  # the other characters, two in five at the most: a generated key has more kinds
    return len(chars) <= n * 2 // 5 + 1 and max(map(value.count, chars)) * 5 >= n * 3


# A login's pair as a credential's value holds it ("elastic:P@ssw0rd$1", curl's "-u" and its ":PASSWORD" with no
# user): no scheme's, no digest's ("sha256:9f86…"), no clock's or a host's port (the secret half needs a letter).
_PAIR_NOT = re.compile(r"(?i)(?:sha\d*|md5|blake\w*|https?|ftp|urn|mailto|tcp|udp)\Z")
_DIGIT_RUN = re.compile(r"\d+")
_VERSION = re.compile(r"\d+\.\d+\.\d+")  # a release's number in a name ("k8s-1.29.3-gke.1234")
# A word between a name's separators: two of them, one at its end or past its first characters make a model's, a
# host's, a setting's name ("claude-3-opus-20240229", "ip-10-0-1-23.ec2.internal"); one leading a token is a vendor's
# prefix ("glpat-…", "sk_live_…")
_SEPARATED_WORD = re.compile(r"(?:\A|[-._/])[a-z]{4,}(?=[-._/]|\Z)")
_WORD_END = re.compile(r"[-._/][a-z]{4,}\Z")
_CAMEL_WORDS = re.compile(r"(?:[A-Z][a-z]{3,}){2}")  # a code's name of words ("ApplicationController")


def basic_auth(value: str) -> bool:
    """``value`` is HTTP Basic's credential: the base64 of "user:password" (a user of printable characters)."""
    decoded = b64_text(value) if len(value) >= 8 and value[-1:] in "=" + string.ascii_letters + string.digits else None
    if decoded is None and 8 <= len(value) < 12:  # b64_text wants 6 characters decoded; "user:" is fewer
        try:
            decoded = base64.b64decode(value, validate=True).decode("ascii")
        except (binascii.Error, ValueError):
            decoded = None
    user, colon, _ = (decoded or "").partition(":")
    return bool(colon) and 0 < len(user) <= 64 and user.isprintable() and " " not in user


def key_like(value: str) -> bool:
    """A value that a credential's own words announce (a label beside it, a variable's name, "my key:", "set up X
    with …") and whose shape agrees: a generated token (``high_entropy``), a short one of letters and at least two
    digits ("9urk7m1k3avxat"), a login's "user:password" or HTTP Basic's base64 of one, a vendor's prefix and a
    generated tail ("glpat-…"). Not a word, a number, a stand-in, a model's or a host's name of words
    ("claude-3-5-sonnet-20241022"), a code's ("ApplicationController"), a path, a URL, an email."""
    v = value.strip("\"'`")
    if not 8 <= len(v) <= 512 or any(c in v for c in " \t\n\\") or "//" in v or looks_redacted(v) or placeholder(v):
        return False
    if ":" in v:
        user, _, secret = v.partition(":")
        secret, user = (secret, user) if secret else (user, "")
        return (
            len(secret) >= 6
            and ":" not in secret
            and _PAIR_NOT.match(user) is None
            and any(c.isalpha() for c in secret)
            and (any(c.isdigit() for c in secret) or not secret.isalnum() or any(c.isupper() for c in secret[1:]))
        )
    if not any(c.isdigit() for c in v):  # a word, a name; or HTTP Basic's base64, random letters of both cases
        if v.islower() or v.isupper():
            return False
        return basic_auth(v) or (len(v) >= 16 and _entropy(v) >= 3.8 and _CAMEL_WORDS.search(v) is None)
    if "@" in v or _VERSION.search(v) is not None or _WORD_END.search(v) is not None:
        return False
    words = [m.start() for m in _SEPARATED_WORD.finditer(v)]
    if len(words) >= 2 or (words and words[0] > 3) or ("/" in v and (words or v[0] == "/" or "." in v)):
        return False  # a name's word past a vendor's prefix ("utf8mb4_unicode_ci"), a path, a host; base64's "/" stays
    if high_entropy(v) or basic_auth(v):
        return True
    if not v.isalnum() or len(v) < 10 or sum(c.isalpha() for c in v) < 4:
        return False
    # short: letters and digits mixed through it, not a word and a number ("release2024", "utf8mb4"); or both cases
    # and a digit, hardly a character twice, where words repeat letters ("sug5XpdpaoxtOH", not "GalaxyS24Ultra")
    if len(_DIGIT_RUN.findall(v)) >= 3:
        return True
    return len(v) >= 12 and not v.islower() and not v.isupper() and len(set(v)) * 10 >= len(v) * 9


class TokenFinder:
    """Token hits at their cues; ``on`` says which detectors (see ``detectors.DETECTORS``) run."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on
        self._runs: dict[str, _RunVerdict] = {}

    def tail(self, text: str, raw: bytes, hits: list[Hit], matches: list[re.Match[str]] | None = None) -> None:
        """Keys with no prefix cue, looked for only when the text holds their mark (``SK``/``AC``,
        ``:AA``, an AWS access key already found). ``matches``: an ASCII text's ``b64_matches``; then the
        marks are looked for in them (see ``_marks``), not the whole text."""
        if matches is not None:
            twilio, telegram = _marks(raw, matches)
        else:
            twilio, telegram = raw.find(b"SK") >= 0 or raw.find(b"AC") >= 0, raw.find(b":AA") >= 0
        if twilio:
            for m in TWILIO.finditer(text):
                self.token_hit(m.group(0), m.start(), 2, "twilio_key", hits)
        if telegram:
            for m in TELEGRAM.finditer(text):
                self.token_hit(m.group(0), m.start(), m.group(0).index(":") + 3, "telegram_token", hits)
        if any(h.kind == "aws_access_key" for h in hits):
            self._aws_secret(text, hits)

    def vendor(self, text: str, p: int, arg: tuple[str, Vendor], hits: list[Hit]) -> None:
        start, vendor = arg
        if not text.startswith(start, p) or (p and (text[p - 1].isalnum() or text[p - 1] in "_-")):
            return
        m = vendor.rx.match(text, p)
        if m is not None and not placeholder(m.group(0)[m.end("p") - p :]):
            self.token_hit(m.group(0), p, m.end("p") - p, vendor.kind, hits)

    def token_hit(self, value: str, p: int, prefix_len: int, kind: str, hits: list[Hit]) -> None:
        if is_token_pseudonym(value[prefix_len:]):
            hits.append(guard(p, p + len(value)))
        else:
            hits.append(Hit(p, p + len(value), kind, self.ps.token(value, prefix_len), 80))

    def _aws_secret(self, text: str, hits: list[Hit]) -> None:
        for m in AWS_SECRET.finditer(text):
            v = m.group(0)
            if any(c.isupper() for c in v) and any(c.islower() for c in v) and any(c.isdigit() for c in v):
                self.token_hit(v, m.start(), 0, "aws_secret_key", hits)

    def jwt(self, text: str, p: int, hits: list[Hit]) -> None:
        if p and (text[p - 1].isalnum() or text[p - 1] in "_-"):
            return
        m = _JWT.match(text, p)
        if m is not None:
            pseudo = m.group(0).startswith(JWT_HEADER)
            hits.append(guard(p, m.end()) if pseudo else Hit(p, m.end(), "jwt", self.ps.jwt(m.group(0)), 80))

    def password_hash(self, text: str, p: int, hits: list[Hit]) -> None:
        """A password's hash whose scheme's mark (one of ``HASH_CUES``) is at ``p``."""
        m = _PASSWORD_HASH.match(text, p)
        if m is not None:
            hits.append(Hit(p, m.end(), "password", self.ps.generic(m.group(0)), 80))

    def pgpass(self, text: str, p: int, hits: list[Hit]) -> None:
        """The password of a ``.pgpass`` line one of ``PGPASS_CUES`` at ``p`` is in."""
        escaped = text.rfind("\\n", 0, p)
        start = max(text.rfind("\n", 0, p) + 1, escaped + 2 if escaped >= 0 else 0, p - 256)
        m = _PGPASS.match(text, start)
        if m is not None and m.start(5) > p and not looks_redacted(m.group(5)) and m.group(5) != "*":
            hits.append(Hit(m.start(5), m.end(5), "password", self.ps.generic(m.group(5)), 70))

    def pem(self, text: str, p: int, hits: list[Hit]) -> None:
        m = _PEM.match(text, p)
        if m is None:
            return
        label = m.group(1) or m.group(3)
        body = m.group(2) if m.group(1) else m.group(4)
        nl = _PEM_NL.match(body)
        if body.lstrip(" \t\r\n\\n").startswith(PEM_WORD) or body.strip() == "":
            return
        hits.append(Hit(p, m.end(), "private_key", self.ps.pem(label, nl.group(0) if nl else "\n", m.group(0)), 90))

    def userinfo(self, text: str, p: int, hits: list[Hit]) -> None:
        m = _USERINFO.match(text, p)
        if m is None:
            return
        user, password = m.group(1), m.group(2)
        if user and not looks_redacted(user):
            hits.append(Hit(m.start(1), m.end(1), "url_userinfo", self.ps.username(user), 70))
        if password and not looks_redacted(password):
            hits.append(Hit(m.start(2), m.end(2), "url_userinfo", self.ps.generic(password), 70))

    def base64_runs(
        self,
        text: str,
        raw: bytes,
        hits: list[Hit],
        runs: bytes | None = None,
        matches: list[re.Match[str]] | None = None,
    ) -> None:
        """Base64 runs and crypto wallet addresses, in a text that holds a run of 20 of base64's own characters
        (checked first on the bytes, so a text with none costs one translate); ``runs``: ``run_shape(raw)``,
        ``matches``: an ASCII text's ``b64_matches``, when the caller has made them. Every run of base64's own
        characters lies in a run of ``_B64``'s class (which takes "-" and "_" too): with ``matches``, those
        are looked in instead (a translate costs 10 instructions a byte)."""
        if len(text) < 20:
            return
        if matches is not None:
            if not any(_own_run(m.group(0)) for m in matches):
                return
        elif raw.translate(_B64_TABLE).find(_B64_RUN) < 0:
            return
        for m in b64_matches(text, raw, runs) if matches is None else matches:
            v = m.group(0)
            verdict = self._runs.get(v)
            if verdict is None:
                verdict = self._run_verdict(v)
                if len(v) <= _RUN_KEPT_CHARS:
                    if len(self._runs) >= _RUNS_KEPT:
                        self._runs.clear()
                    self._runs[v] = verdict
            found, kind = verdict
            for a, b, keep in found:
                if keep == 2 and _CONTRACT_BEFORE.search(text, max(0, m.start() + a - 48), m.start() + a):
                    hits.append(guard(m.start() + a, m.start() + b))  # a contract's address: public, no one's
                    continue
                self.token_hit(v[a:b], m.start() + a, keep, "crypto_wallet", hits)
            if kind == "base64":
                hits.append(Hit(m.start(), m.end(), "base64", None, 30))
            elif kind == "azure_key":
                hits.append(Hit(m.start(), m.end(), "azure_key", self.ps.token(v, 0), 75))

    def _run_verdict(self, v: str) -> _RunVerdict:
        """What a base64 run is, by its text alone: the wallet addresses in it, else "base64" (it encodes
        text), "azure_key" or nothing."""
        if self.on["personal_ids"]:
            found = tuple(wallets(v))
            if found:
                return found, None
        if not self.on["base64"]:
            return (), None
        core = v.rstrip("=")
        if not core.strip("0123456789abcdefABCDEF-"):  # all of it hex digits and dashes
            return (), None  # hashes and UUIDs
        if b64_text(v) is not None:
            return (), "base64"
        if len(v) == AZURE_KEY_LEN and v.endswith("==") and self.on["vendor_keys"] and high_entropy(v[:64]):
            return (), "azure_key"
        return (), None


# What names an Ethereum address a contract's (a token's, a pool's, a router's), right before it as a key or a word:
# "contract_address": "0x…", contractAddress=0x…, "the USDC token contract 0x…"; a contract is public, deployed for
# all to call, where a wallet ("wallet", "from", "to", "owner", "contract_owner") is someone's
_CONTRACT_BEFORE = re.compile(
    r"(?i:contract(?:[ _\-]?(?:address|addr))?|(?:token|pool|router|pair|factory)[ _\-]?address)"
    r"(?:\\*[\"'])?[ \t]*[:=]?[ \t]*(?:\\*[\"'])?\Z"
)


def _own_run(v: str) -> bool:
    """A run of ``_B64``'s class (and its "=" padding) holds 20 of base64's own characters in a row."""
    return any(len(piece) >= 20 for piece in v.rstrip("=").replace("_", "-").split("-"))


def _marks(raw: bytes, matches: list[re.Match[str]]) -> tuple[bool, bool]:
    """Whether a Twilio key's mark (``SK``, ``AC``) and a Telegram token's (``:AA``) may start a match in the
    ASCII ``raw``, from its ``b64_matches``. Each key is a run of ``_B64``'s class (34 characters from the
    mark; a Telegram token's 35 from its "AA", after a colon, which the class lacks), so it lies in one of
    them: a 2-character needle over the whole text costs 5 instructions a byte, 15,000 on 1 KB for the three."""
    twilio = telegram = False
    for m in matches:
        a = m.start()
        run = raw[a : a + len(m.group(0).rstrip("="))]
        twilio = twilio or (len(run) >= 34 and (run.find(b"SK") >= 0 or run.find(b"AC") >= 0))
        telegram = telegram or (len(run) >= 35 and raw[a - 1 : a] == b":" and run.startswith(b"AA"))
    return twilio, telegram


def run_shape(raw: bytes) -> bytes | None:
    """``raw`` through ``_B64_CLASS_TABLE`` when it holds a run of 20 of its characters, else None. Every token
    the tail and the base64 pass look for lies in such a run (a Twilio key's 34 characters, a Telegram token's
    35 after its colon, an AWS secret key's 40, a base64 run's 20): a text with none skips both passes, their
    three needle searches and a translate, for this one translate."""
    shape = raw.translate(_B64_CLASS_TABLE)
    return shape if shape.find(_B64_RUN) >= 0 else None


def b64_matches(text: str, raw: bytes, shape: bytes | None = None) -> Iterator[re.Match[str]]:
    """``_B64.finditer(text)``; on an ASCII text, the regex runs only where a run starts (a search
    from each position costs 10 us on 2 KB of prose with one run in it); ``shape``: ``run_shape(raw)``."""
    if len(raw) != len(text):
        yield from _B64.finditer(text)
        return
    if shape is None:
        shape = raw.translate(_B64_CLASS_TABLE)
    p = shape.find(_B64_RUN)
    while p >= 0:
        m = _B64.match(text, p)
        assert m is not None  # a run of 20 starts here: the class does not go on before it
        yield m
        p = shape.find(_B64_RUN, m.end())


def b64_text(v: str) -> str | None:
    """The UTF-8 text a base64 run encodes, or None when it is not printable text."""
    core = v.rstrip("=")
    try:
        raw = (base64.urlsafe_b64decode if ("-" in core or "_" in core) else base64.b64decode)(
            core + "=" * (-len(core) % 4)
        )
        out = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    if len(out) < 6 or sum(c.isprintable() or c in "\n\r\t" for c in out) < 0.95 * len(out):
        return None
    return out
