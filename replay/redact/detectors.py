"""Detectors: find the secrets and personal data in one text, each as a ``Hit`` with its pseudonym.

One Aho-Corasick pass over the lower-cased text finds every cue (an ``@``, a vendor key prefix,
a secret-like field name, a name or address cue); each cue is checked by an anchored regex at
that place and validated where the format allows (Luhn, mod-97, ``phonenumbers``,
``ipaddress``). Digit runs are found by one regex pass, run only when the text holds enough
digits (see ``digits``). Nothing here runs a regex per detector over the whole text: that keeps a typical
1-2 KB request well under the 200 us a record that 5,000 records/s allow.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter

from ahocorasick_rs import AhoCorasick

from replay.redact import names
from replay.redact.digits import DigitFinder
from replay.redact.hits import Hit, guard, resolve
from replay.redact.keys import STRICT_SECRET_CLASSES, KeyRules
from replay.redact.people import PersonFinder
from replay.redact.places import CONTEXT, AddressFinder, address_cues, fake_address
from replay.redact.pseudonym import (
    EMAIL_DOMAIN,
    JWT_HEADER,
    PEM_WORD,
    Pseudonyms,
    has_invented_word,
    is_invented_name,
    is_token_pseudonym,
    looks_redacted,
)
from replay.redact.vendors import AWS_SECRET, AZURE_KEY_LEN, TELEGRAM, TWILIO, VENDORS, Vendor

__all__ = ["DETECTORS", "Finder", "Hit", "b64_text", "high_entropy"]

# Names a policy can turn off. The last two act on headers, in the engine.
DETECTORS = (
    "email",
    "phone",
    "card",
    "iban",
    "ssn",
    "ip",
    "jwt",
    "private_key",
    "vendor_keys",
    "secret_keys",
    "url_userinfo",
    "name",
    "address",
    "base64",
    "cookies",
    "auth_headers",
)


# Field-name cues; the identifier around the cue is classified by KeyRules.
_KEY_CUES = (
    "pass",
    "pwd",
    "pw",
    "sig",
    "code",
    "secret",
    "token",
    "key",
    "otp",
    "pin",
    "cvc",
    "cvv",
    "sess",
    "sid",
    "credential",
    "auth",
    "signature",
    "name",
    "holder",
    "address",
    "street",
    "addr",
    "line1",
    "line2",
    "user",
    "login",
    "jwt",
)
_IDCH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_-.")
_AFTER_KEY = re.compile(r"(\\*[\"']|\])?[ \t]*(?:(:|=>|=)|[ \t]+(is|was|are)[ \t]+)[ \t]*")
_QUOTE_OPEN = re.compile(r"\\*[\"']")
_DQ_BODY = re.compile(r'(?:[^"\\]|\\.){0,16384}', re.S)  # bounded: a value longer than that is not a secret
_SQ_BODY = re.compile(r"(?:[^'\\\n]|\\.){0,16384}")
_BARE = re.compile(r"[^\s\"'&,;<>(){}\[\]\\]{1,1024}")
# Values of secret-named fields that are settings, not secrets (fetch's credentials modes, input types).
_SETTINGS = frozenset(
    {"omit", "include", "same-origin", "same_origin", "none", "null", "undefined", "true", "false", "required"}
    | {"optional", "hidden", "password", "text", "secret", "token", "string", "boolean", "number", "object"}
)
_CODE = re.compile(r"\|\||&&|[^=]={2,3}[^=]|!==?[^=]|=>|\A!\d|\A[a-z_$][A-Za-z_$]*(?:\.[a-z_$][A-Za-z_$]*)+:?\Z")
_PHRASE = re.compile(r"[^&\n\r\"'<>;(){}\[\]\\|]{1,200}")
_SCHEMES = frozenset({"bearer", "basic", "token", "digest", "apikey", "api-key", "jwt"})

_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?)*\.([A-Za-z]{2,24})(?![A-Za-z0-9\-])"
)
_NOT_TLD = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "ts", "py", "md", "json", "html"})
_USERINFO = re.compile(r"://([^\s/?#@:\"'<>\\]+)(?::([^\s/?#@\"'<>\\]*))?@(?=[A-Za-z0-9\[])")
_JWT = re.compile(r"eyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]*")
_PEM = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----(.*?)-----END \1-----"
    r"|-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----([A-Za-z0-9+/=\s\\:,\-]*)",
    re.S,
)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_DIGITS = b"0123456789"
_PEM_NL = re.compile(r"(?:\\+[nr]|[\r\n])+")

_B64 = re.compile(r"(?<![A-Za-z0-9+/_\-])[A-Za-z0-9+/_\-]{20,}={0,2}")
_B64_TABLE = bytes(ord("b") if chr(i).isascii() and (chr(i).isalnum() or chr(i) in "+/") else i for i in range(256))
_B64_RUN = b"b" * 20


def high_entropy(value: str) -> bool:
    """A token that looks generated: long, no spaces, mixed characters, high Shannon entropy."""
    if not 16 <= len(value) <= 512 or " " in value or looks_redacted(value):
        return False
    if sum(c.isdigit() for c in value) == 0 or value.isdigit():
        return False
    counts = Counter(value)
    ent = -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())
    return ent >= 3.2


_TWOFA = (
    "2fa", "mfa", "otp", "totp", "two-factor", "two factor", "2-step", "two-step", "verif", "one-time",
    "one time", "passcode", "security code", "login code", "sign-in code", "sms", "authenticator", "challenge",
)  # fmt: skip


def _short_code(value: str) -> bool:
    return value.isdigit() and 4 <= len(value) <= 8


def _twofa_context(low: str, at: int) -> bool:
    """Words around a ``code`` field that make its few digits a one-time code."""
    window = low[max(0, at - 100) : at + 60]
    return any(w in window for w in _TWOFA)


def _secret_like(value: str) -> bool:
    """After "password is": a value with a digit, a symbol or inner capitals, not a plain word."""
    if len(value) < 6:
        return False
    return any(c.isdigit() for c in value) or not value.isalnum() or any(c.isupper() for c in value[1:])


class Finder:
    """Finds hits in a text; ``disabled`` names detectors from DETECTORS to skip."""

    def __init__(
        self,
        ps: Pseudonyms,
        keys: KeyRules,
        disabled: frozenset[str] = frozenset(),
        regions: tuple[str, ...] = ("US", "GB", "DE", "FR", "IN", "AU"),
        rules: tuple[tuple[str, re.Pattern[str]], ...] = (),
    ):
        self.ps = ps
        self.keys = keys
        self.on = {d: d not in disabled for d in DETECTORS}
        self.regions = regions
        self.rules = rules
        cues: dict[str, list[tuple[str, object]]] = {}

        def cue(text: str, family: str, arg: object = None) -> None:
            cues.setdefault(text.lower(), []).append((family, arg))

        if self.on["email"]:
            cue("@", "email")
            cue("\\u0040", "email")  # an @ escaped in JSON inside a JSON string: local\\u0040host
        if self.on["url_userinfo"]:
            cue("://", "userinfo")
        if self.on["jwt"]:
            cue("eyj", "jwt")
        if self.on["private_key"]:
            cue("-----begin", "pem")
        if self.on["vendor_keys"]:
            for vendor in VENDORS:
                for start in vendor.starts:
                    cue(start, "vendor", (start, vendor))
        for stem in (*_KEY_CUES, *keys.extra_names):
            cue(stem, "key")
        if self.on["name"]:
            for trig, strength in names.NAME_TRIGGERS.items():
                cue(trig, "name", strength)
        if self.on["address"]:
            for trig in CONTEXT:
                cue(trig, "address", "context")
        self._cue_list = list(cues.values())
        self._ac = AhoCorasick(list(cues))
        places = {c: (form, lead, trail) for c, form, lead, trail in address_cues()} if self.on["address"] else {}
        self._place_cues = list(places.values())
        self._place_ac = AhoCorasick(list(places)) if places else None
        self.digits = DigitFinder(ps, keys, self.on, regions)
        self._persons: PersonFinder | None = None
        self._places = AddressFinder()
        self._free_text = self.on["name"] or self.on["address"]

    # -- the pass ---------------------------------------------------------------------------

    def find(self, text: str) -> list[Hit]:
        """Every hit in ``text``, non-overlapping and in order."""
        n = len(text)
        if n < 3:
            return []
        low = text.lower()
        if len(low) != n:  # a few characters change length when lower-cased
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        hits: list[Hit] = []
        seen: set[int] = set()
        for idx, s, e in self._ac.find_matches_as_indexes(low, overlapping=True):
            for family, arg in self._cue_list[idx]:
                if family == "key":
                    self._keyed(text, low, s, hits, seen)
                elif family == "email":
                    self._email(text, s, e, hits)
                elif family == "vendor":
                    self._vendor(text, s, arg, hits)  # type: ignore[arg-type]
                elif family == "name":
                    self._name(text, low, s, e, arg, hits)  # type: ignore[arg-type]
                elif family == "address":
                    self._address(text, s, e, arg, hits)  # type: ignore[arg-type]
                elif family == "jwt":
                    self._jwt(text, s, hits)
                elif family == "pem":
                    self._pem(text, s, hits)
                elif family == "userinfo":
                    self._userinfo(text, s, hits)
        raw = text.encode()
        if self._place_ac is not None and n >= 8 and len(raw.translate(None, _DIGITS)) < len(raw):
            for idx, s, e in self._place_ac.find_matches_as_indexes(text, overlapping=True):  # needs a number
                form, lead, trail = self._place_cues[idx]
                self._address(text, s + lead, e - trail, form, hits)
        if self._free_text and n >= 5:
            self._people(text, hits)
        self.digits.find(text, low, raw, hits)
        if self.on["vendor_keys"]:
            if b"SK" in raw or b"AC" in raw:
                for m in TWILIO.finditer(text):
                    self._token_hit(m.group(0), m.start(), 2, "twilio_key", hits)
            if b":AA" in raw:
                for m in TELEGRAM.finditer(text):
                    self._token_hit(m.group(0), m.start(), m.group(0).index(":") + 3, "telegram_token", hits)
            if any(h.kind == "aws_access_key" for h in hits):
                self._aws_secret(text, hits)
        if self.on["base64"] and n >= 20 and _B64_RUN in raw.translate(_B64_TABLE):
            self._base64(text, hits)
        for kind, rx in self.rules:
            for m in rx.finditer(text):
                if m.end() > m.start() and not looks_redacted(m.group(0)):
                    hits.append(Hit(m.start(), m.end(), kind, self.ps.generic(m.group(0)), 65))
        return resolve(hits) if len(hits) > 1 else hits

    # -- cues -------------------------------------------------------------------------------

    def _keyed(self, text: str, low: str, p: int, hits: list[Hit], seen: set[int]) -> None:
        """``password=…``, ``"token": "…"``, ``my password is …``: the value of a telling field name."""
        q = p
        while q > 0 and low[q - 1] in _IDCH:
            q -= 1
        if q in seen:
            return
        seen.add(q)
        n = len(text)
        r = p
        while r < n and low[r] in _IDCH:
            r += 1
        key = text[q:r].strip(".-")
        cls = self.keys.classify(key)
        if cls is None:
            return
        strict = cls in STRICT_SECRET_CLASSES
        if strict or cls in ("maybe_secret", "code"):
            if not self.on["secret_keys"]:
                return
        elif cls in ("name", "maybe_name"):
            if not self.on["name"]:
                return
        elif cls == "address":
            if not self.on["address"]:
                return
        elif cls != "username" or not self.on["secret_keys"]:
            return
        m = _AFTER_KEY.match(text, r)
        if m is None or m.end() >= n:
            return
        said = m.group(3) is not None  # "password is X"
        span = self._value_span(text, m.end())
        if span is None:
            return
        vs, ve = span
        if cls in ("name", "maybe_name", "address") and text[vs - 1 : vs] not in ("\"", "'"):
            ve = self._phrase_end(text, vs, ve, cls == "address")
        value = text[vs:ve]
        if strict and value.lower() in _SCHEMES:  # "Authorization: Bearer abc"
            nxt = _BARE.match(text, ve + 1) if text[ve : ve + 1] == " " else None
            if nxt is None:
                return
            vs, ve = nxt.span()
            value = text[vs:ve]
        if not value or looks_redacted(value) or value.strip("*•x") == "" or value.lower() in _SETTINGS:
            return
        if text[vs - 1 : vs] not in ("\"", "'") and (_CODE.search(value) or text[ve : ve + 1] in ("{", "(")):
            return  # code: this.credentials=t.credentials, withCredentials=!0, .fa-user-secret:before{
        if said and not (cls in ("name", "maybe_name", "address") or _secret_like(value) or _short_code(value)):
            return
        if cls == "code":
            if _short_code(value) and _twofa_context(low, q):
                hits.append(Hit(vs, ve, "otp", self.ps.generic(value), 70))
            elif high_entropy(value):
                hits.append(Hit(vs, ve, "secret", self.ps.generic(value), 70))
        elif strict:
            hits.append(Hit(vs, ve, cls, self.ps.generic(value), 70))
        elif cls == "maybe_secret":
            if high_entropy(value):
                hits.append(Hit(vs, ve, "secret", self.ps.generic(value), 70))
        elif cls in ("name", "maybe_name"):
            known = cls == "maybe_name" and not _person_context(low, q)
            if names.looks_like_person(value, known, cls == "name") and not is_invented_name(value):
                hits.append(Hit(vs, ve, "name", self.ps.name(value), 45))
        elif cls == "address":
            self._keyed_address(value, vs, ve, hits)
        elif not value.startswith("user-"):
            hits.append(Hit(vs, ve, "username", self.ps.username(value), 45))

    @staticmethod
    def _phrase_end(text: str, vs: int, ve: int, address: bool) -> int:
        """A bare name or address runs past its first space (``name=Ana+Lima``, ``line1: 12 Oak St``):
        to the end of the field, or of the clause for a name."""
        m = _PHRASE.match(text, vs)
        if m is None:
            return ve
        value = m.group(0)
        if not address:
            value = re.split(r"[,.;:!?()]", value, maxsplit=1)[0]
        return max(ve, vs + len(value.rstrip(" \t.,")))

    @staticmethod
    def _value_span(text: str, v: int) -> tuple[int, int] | None:
        c = text[v]
        if c in "\"'\\":
            qm = _QUOTE_OPEN.match(text, v)
            if qm is None:
                return None
            tok = qm.group(0)
            vs = qm.end()
            if len(tok) == 1:
                body = (_DQ_BODY if tok == '"' else _SQ_BODY).match(text, vs)
                ve = body.end() if body else vs
                if text[ve : ve + 1] != tok:
                    return None
            else:
                ve = text.find(tok, vs, vs + 16384)
                if ve < 0:
                    return None
            return (vs, ve) if 0 < ve - vs <= 16384 else None
        if c in "{[":
            return None
        m = _BARE.match(text, v)
        if m is None or m.group(0) in ("true", "false", "null"):
            return None
        a, b = m.span()
        if b - a > 1 and text[b - 1] == "." and (b == len(text) or text[b].isspace()):
            b -= 1  # "my code is 920600." ends a sentence
        return a, b

    def _keyed_address(self, value: str, vs: int, ve: int, hits: list[Hit]) -> None:
        if not any(c.isalpha() for c in value):
            return
        self._address_hit(value, 0, len(value), hits, 45)
        hit = hits[-1]
        hit.start, hit.end = vs, ve

    def _email(self, text: str, at: int, after: int, hits: list[Hit]) -> None:
        """An email around the ``@`` at ``at`` (``after``: where the domain starts; an escaped
        ``\\u0040`` is wider than one character)."""
        while at > 0 and text[at - 1] == "\\" and after > at + 1:
            at -= 1  # \\\\u0040: every backslash belongs to the escape
        i = at
        lo = max(0, at - 64)
        while i > lo and text[i - 1] in _EMAIL_LOCAL:
            i -= 1
        while i < at and text[i] in ".%+-":
            i += 1
        if i == at:
            return
        scheme = text.rfind("://", max(0, i - 256), i)
        if scheme >= 0 and not any(c in text[scheme + 3 : i] for c in " \t\n\"'/"):
            return  # user:password@host of a URL
        m = _DOMAIN.match(text, after)
        if m is None or m.group(1).lower() in _NOT_TLD:
            return
        value = text[i : m.end()]
        if value.lower().endswith(EMAIL_DOMAIN) or (value[:4].lower() == "git@" and text[m.end() : m.end() + 1] == ":"):
            return  # a pseudonym; git@github.com:org/repo is an SSH remote, nobody's address
        hits.append(Hit(i, m.end(), "email", self.ps.email(value), 60))

    def _vendor(self, text: str, p: int, arg: tuple[str, Vendor], hits: list[Hit]) -> None:
        start, vendor = arg
        if not text.startswith(start, p) or (p and (text[p - 1].isalnum() or text[p - 1] in "_-")):
            return
        m = vendor.rx.match(text, p)
        if m is not None:
            self._token_hit(m.group(0), p, m.end("p") - p, vendor.kind, hits)

    def _token_hit(self, value: str, p: int, prefix_len: int, kind: str, hits: list[Hit]) -> None:
        if is_token_pseudonym(value[prefix_len:]):
            hits.append(guard(p, p + len(value)))
        else:
            hits.append(Hit(p, p + len(value), kind, self.ps.token(value, prefix_len), 80))

    def _aws_secret(self, text: str, hits: list[Hit]) -> None:
        for m in AWS_SECRET.finditer(text):
            v = m.group(0)
            if any(c.isupper() for c in v) and any(c.islower() for c in v) and any(c.isdigit() for c in v):
                self._token_hit(v, m.start(), 0, "aws_secret_key", hits)

    def _jwt(self, text: str, p: int, hits: list[Hit]) -> None:
        if p and (text[p - 1].isalnum() or text[p - 1] in "_-"):
            return
        m = _JWT.match(text, p)
        if m is not None:
            pseudo = m.group(0).startswith(JWT_HEADER)
            hits.append(guard(p, m.end()) if pseudo else Hit(p, m.end(), "jwt", self.ps.jwt(m.group(0)), 80))

    def _pem(self, text: str, p: int, hits: list[Hit]) -> None:
        m = _PEM.match(text, p)
        if m is None:
            return
        label = m.group(1) or m.group(3)
        body = m.group(2) if m.group(1) else m.group(4)
        nl = _PEM_NL.match(body)
        if body.lstrip(" \t\r\n\\n").startswith(PEM_WORD) or body.strip() == "":
            return
        hits.append(Hit(p, m.end(), "private_key", self.ps.pem(label, nl.group(0) if nl else "\n", m.group(0)), 90))

    def _userinfo(self, text: str, p: int, hits: list[Hit]) -> None:
        m = _USERINFO.match(text, p)
        if m is None:
            return
        user, password = m.group(1), m.group(2)
        if not looks_redacted(user) and not user.startswith("user-"):
            hits.append(Hit(m.start(1), m.end(1), "url_userinfo", self.ps.username(user), 70))
        if password and not looks_redacted(password):
            hits.append(Hit(m.start(2), m.end(2), "url_userinfo", self.ps.generic(password), 70))

    def _name(self, text: str, low: str, s: int, e: int, strength: str, hits: list[Hit]) -> None:
        if s and low[s - 1].isalpha():
            return
        if strength == "sign" and e < len(low) and low[e].isalpha():
            return
        span = names.match_name(text, e, strength)
        if span is None:
            return
        value = text[span[0] : span[1]]
        if not is_invented_name(value):
            hits.append(Hit(span[0], span[1], "name", self.ps.name(value), 40))

    def _people(self, text: str, hits: list[Hit]) -> None:
        """Names with no cue (runs of capitalised words the name lexicon knows), CJK names and addresses."""
        if self._persons is None:
            self._persons = PersonFinder()
        spans = list(self._persons.find(text)) if self.on["name"] else []
        if not text.isascii() and _CJK.search(text):
            if self.on["name"]:
                spans.extend(self._persons.cjk(text))
            if self.on["address"]:
                for a, b in self._places.cjk(text):
                    self._address_hit(text, a, b, hits)
        for a, b in spans:
            value = text[a:b]
            hits.append(guard(a, b) if has_invented_word(value) else Hit(a, b, "name", self.ps.name(value), 40))

    def _address(self, text: str, s: int, e: int, form: str, hits: list[Hit]) -> None:
        span = self._places.at(text, s, e, form)
        if span is not None:
            self._address_hit(text, span[0], span[1], hits)

    def _address_hit(self, text: str, a: int, b: int, hits: list[Hit], prio: int = 42) -> None:
        value = text[a:b]
        if has_invented_word(value):
            hits.append(guard(a, b))
            return
        num, invented = self.ps.street("1" * 12, value)
        hits.append(Hit(a, b, "address", fake_address(value, invented, num), prio))

    # -- digits -----------------------------------------------------------------------------

    def _base64(self, text: str, hits: list[Hit]) -> None:
        for m in _B64.finditer(text):
            v = m.group(0)
            core = v.rstrip("=")
            if all(c in "0123456789abcdefABCDEF-" for c in core):
                continue  # hashes and UUIDs
            if b64_text(v) is not None:
                hits.append(Hit(m.start(), m.end(), "base64", None, 30))
            elif len(v) == AZURE_KEY_LEN and v.endswith("==") and self.on["vendor_keys"] and high_entropy(v[:64]):
                hits.append(Hit(m.start(), m.end(), "azure_key", self.ps.token(v, 0), 75))


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


def _person_context(low: str, at: int) -> bool:
    """Fields beside a bare "name" in its object say it is a person's (an email, a phone, an address)."""
    start, end = low.rfind("{", 0, at), low.find("}", at)
    window = low[max(0, start, at - 300) : end if end >= 0 else at + 300]
    return "email" in window or "phone" in window or "address" in window or "birth" in window

