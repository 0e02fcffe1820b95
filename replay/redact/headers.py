"""Headers with a meaning: which are kept, which are a secret as a whole, and how the structured
ones (Authorization, Basic credentials, Cookie, Set-Cookie, client-address headers) are taken apart
so only their values are replaced. Every other header value goes through the text pass.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections import Counter
from collections.abc import Callable
from urllib.parse import quote, unquote

from replay.exchange.format import Headers
from replay.redact.accounts import personal_login
from replay.redact.detectors import high_entropy
from replay.redact.keys import STRICT_SECRET_CLASSES, KeyRules
from replay.redact.policy import Policy
from replay.redact.pseudonym import is_ip_pseudonym, looks_redacted
from replay.redact.textpass import TextPass

__all__ = ["HeaderRules"]

# Values with a fixed grammar and nothing personal: not scanned, which also keeps them intact.
# A mail's own ids (an email API's headers, x-ses-message-id): <CAF=x8k2@mail.gmail.com> names a message,
# not anybody's mailbox.
_MESSAGE_ID_HEADERS = ("message-id", "in-reply-to", "references", "content-id")
_PLAIN_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "host",
        "accept",
        "accept-encoding",
        "accept-language",
        "accept-ranges",
        "connection",
        "date",
        "etag",
        "if-none-match",
        "if-match",
        "last-modified",
        "if-modified-since",
        "cache-control",
        "pragma",
        "vary",
        "transfer-encoding",
        "content-encoding",
        "keep-alive",
        "te",
        "age",
        "expires",
        "upgrade-insecure-requests",
        "priority",
        "sec-fetch-site",
        "sec-fetch-mode",
        "sec-fetch-dest",
        "sec-fetch-user",
        "sec-ch-ua",
        "sec-ch-ua-mobile",
        "sec-ch-ua-platform",
        "strict-transport-security",
        "x-content-type-options",
        "x-frame-options",
        "sec-websocket-key",  # a nonce the handshake's answer hashes, no one's secret
        "sec-websocket-accept",
    }
)
_URL_HEADERS = frozenset({"referer", "origin", "location", "content-location"})
# A URL with a query in a header's value, redacted as the request's own URL is: the whole value of Referer, Location,
# a proxy's X-Original-URL, X-Forwarded-Uri, X-Rewrite-URL; one between Link's "<>"; Refresh's after its "url="
_QUERY_URL = re.compile(r"(?:(?<=[<=\s,;])|^)(?:[A-Za-z][A-Za-z0-9+.\-]*://|/)[^\s<>\"'?#]*\?[^\s<>\"']*")
_IP_HEADERS = frozenset(
    {
        "x-forwarded-for",
        "x-real-ip",
        "x-client-ip",
        "true-client-ip",
        "cf-connecting-ip",
        "x-cluster-client-ip",
        "fastly-client-ip",
        "x-original-forwarded-for",
        "x-envoy-external-address",
        "forwarded",
    }
)
# HMRC's fraud prevention headers (Making Tax Digital), whose values are lists, each item percent-encoded: the
# client's user's logins by where they are one ("os=jdoe&my-app=jdoe%40example.com"), the device's IPs
# ("10.1.2.3,fe80%3A%3A1"; the vendor's "by=…&for=<the client's>"), the device's own id (a UUID the software keeps);
# the versions, the screens, the time zone say nothing of anyone and go through the text pass
_HMRC_USERS = "gov-client-user-ids"
_HMRC_IPS = frozenset({"gov-client-public-ip", "gov-client-local-ips", "gov-vendor-forwarded"})
_HMRC_DEVICE = "gov-client-device-id"
# and the multi-factor's "unique-reference": a hash of the user's factor (their phone number, their app's id)
_HMRC_FACTOR = "gov-client-multi-factor"
_AUTH_HEADERS = frozenset({"authorization", "proxy-authorization"})
# A header's name whose last word says it carries a credential, where the name classifies as nothing: an
# authorization's ("x-authorization", "authentication", "x-customer-auth", "x-sentry-auth": taken apart as
# Authorization is), a key's or a session's ("ocp-apim-subscription-key", "x-functions-key", "x-auth-key",
# "dd-application-key", "x-session": when the value looks random). Vendors' whose name says neither: Honeycomb's.
_AUTH_WORDS = frozenset({"auth", "authorization", "authentication"})
_KEY_WORDS = frozenset({"key", "session"})
_VENDOR_SECRET_HEADERS = frozenset({"x-honeycomb-team"})
# A header's name whose last word says it names the signed-in user: what an auth proxy hands the service behind it
# (oauth2-proxy's "x-auth-request-user", Apache's "remote-user", "x-forwarded-user", "x-webauth-user", nginx's
# "x-remote-user"), a login that is often its owner's name ("jwhitfield"). An id ("x-user-id") stays, as in a body.
_USER_WORDS = frozenset({"user", "username", "login"})
_SESSION_COOKIE = re.compile(r"sess|sid|auth|token|jwt|login|remember|csrf|xsrf|secret|key|credential", re.I)
_COOKIE_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]*")  # RFC 6265's cookie-name, a token
_IP_TOKEN = re.compile(r"\[?([0-9A-Fa-f:.]{3,})\]?")
_NAMES_KEPT = 1024  # header names whose verdict is kept (``HeaderRules._name_verdict``)


def _last_word(name: str) -> str:
    """A header name's last word ("ocp-apim-subscription-key": "key")."""
    return name[max(name.rfind("-"), name.rfind("_"), name.rfind(".")) + 1 :]


class HeaderRules:
    """Redacts a header list by the rules of each header's name."""

    def __init__(
        self, tp: TextPass, policy: Policy, keys: KeyRules, on: dict[str, bool], url: Callable[[str, Counter[str]], str]
    ):
        self.policy = policy
        self.url = url  # the request URL's redaction (``Engine.url``)
        self.ps = tp.ps
        self.keys = keys
        self.text = tp.text
        self.whole = tp.whole
        self._on = on
        self._names: dict[str, tuple[str | None, bool]] = {}  # ``_name_verdict`` by the name

    def headers(self, headers: Headers, counts: Counter[str]) -> Headers:
        pol = self.policy
        out = []
        for name, value in headers:
            n = name.lower()
            if n in pol.keep_headers or n in _PLAIN_HEADERS or n.endswith(_MESSAGE_ID_HEADERS) or not value:
                pass
            elif n in pol.redact_headers:
                value = self.whole(value, "header", counts)
            elif n in _AUTH_HEADERS or (_last_word(n) in _AUTH_WORDS and self.keys.classify(n) is None):
                value = self._authorization(value, counts) if self._on["auth_headers"] else value
            elif n == "cookie":
                value = self._cookies(value, counts) if self._on["cookies"] else value
            elif n == "set-cookie":
                value = self._set_cookie(value, counts) if self._on["cookies"] else value
            elif n in _IP_HEADERS:
                value = self._client_ips(value, counts) if self._on["ip"] else value
            elif n in _HMRC_IPS:
                value = self._encoded_ips(value, counts) if self._on["ip"] else value
            elif n == _HMRC_USERS:
                value = self._items(value, counts) if self._on["name"] else value
            elif n == _HMRC_FACTOR:
                value = self._items(value, counts, "unique-reference") if self._on["auth_headers"] else value
            elif n == _HMRC_DEVICE:
                value = self.whole(value, "device_id", counts) if self._on["personal_ids"] else value
            elif "?" in value and _QUERY_URL.search(value):
                value = self._urls(value, counts)
            elif n in _URL_HEADERS:
                value = self.text(value, counts)
            elif self._on["auth_headers"] and self._secret_header(n, value):
                value = self.whole(value, "header", counts)
            elif self._on["name"] and self._user_header(n) and personal_login(value):
                value = self.ps.username(value)
                counts["username"] += 1
            else:
                value = self.text(value, counts)
            out.append((name, value))
        return out

    def _urls(self, value: str, counts: Counter[str]) -> str:
        """A header's value with each URL with a query in it redacted as the request's URL, the rest as text."""
        out, pos = [], 0
        for m in _QUERY_URL.finditer(value):
            out += (self.text(value[pos : m.start()], counts) if m.start() > pos else "", self.url(m.group(), counts))
            pos = m.end()
        return "".join(out) + (self.text(value[pos:], counts) if pos < len(value) else "")

    def _secret_header(self, name: str, value: str) -> bool:
        got = self._names.get(name)
        if got is None:
            got = self._name_verdict(name)
        cls = got[0]
        return cls in STRICT_SECRET_CLASSES or (cls == "maybe_secret" and high_entropy(value))

    def _user_header(self, name: str) -> bool:
        got = self._names.get(name)
        return (got if got is not None else self._name_verdict(name))[1]

    def _name_verdict(self, name: str) -> tuple[str | None, bool]:
        """What a header's lower-cased name says of its value, kept by the name (a client sends the same names in
        every request): the secret's class it names, and whether it names the signed-in user."""
        cls = self.keys.classify(name)
        if name.startswith("x-") and (bare := self.keys.classify(name[2:])) is not None:
            cls = bare  # a custom header's name past its "x-" ("x-2fa-code": "x2fa" would be no word, "code" any code)
        if cls is None and (name in _VENDOR_SECRET_HEADERS or _last_word(name) in _KEY_WORDS):
            cls = "maybe_secret"
        got = cls, _last_word(name) in _USER_WORDS or self.keys.classify(name) == "username"
        if len(self._names) >= _NAMES_KEPT:
            self._names.clear()
        self._names[name] = got
        return got

    def _authorization(self, value: str, counts: Counter[str]) -> str:
        scheme, sep, cred = value.partition(" ")
        if not sep:
            return self.whole(value, "token", counts)
        cred = cred.strip()
        if scheme.lower() == "basic":
            return f"{scheme} {self._basic(cred, counts)}"
        kind = "token" if scheme.lower() in ("bearer", "token", "jwt") else "authorization"
        return f"{scheme} {self.whole(cred, kind, counts)}"

    def _basic(self, cred: str, counts: Counter[str]) -> str:
        try:
            user, sep, password = base64.b64decode(cred, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return self.whole(cred, "basic_auth", counts)
        new_user = user
        if user and not looks_redacted(user):
            new_user = self.ps.email(user) if "@" in user else self.ps.username(user)
        new_pw = password if looks_redacted(password) else self.ps.generic(password)
        if (new_user, new_pw) == (user, password):
            return cred
        counts["basic_auth"] += 1
        return base64.b64encode(f"{new_user}{sep}{new_pw}".encode()).decode("ascii")

    def _cookie_value(self, name: str, value: str, counts: Counter[str]) -> str:
        if not value or looks_redacted(value):
            return value
        if _SESSION_COOKIE.search(name) or self.keys.classify(name) in STRICT_SECRET_CLASSES or high_entropy(value):
            return self.whole(value, "cookie", counts)
        return self.text(value, counts)

    def _cookie(self, pair: str, counts: Counter[str]) -> str:
        """One cookie's ``name=value``. With no "=" it is a cookie with no name (browsers send its value alone),
        and a name that is no token (RFC 6265: no space, no "@") is a text written before an "=": each is read as
        a text, not kept unread."""
        name, eq, value = pair.partition("=")
        if not eq:
            return self.text(pair, counts) if pair.strip() else pair
        new_name = name if _COOKIE_NAME.fullmatch(name.strip()) else self.text(name, counts)
        return f"{new_name}={self._cookie_value(name.strip(), value, counts)}"

    def _cookies(self, header: str, counts: Counter[str]) -> str:
        return ";".join(self._cookie(part, counts) for part in header.split(";"))

    def _set_cookie(self, header: str, counts: Counter[str]) -> str:
        first, semi, attrs = header.partition(";")
        return self._cookie(first, counts) + semi + attrs

    def _client_ips(self, value: str, counts: Counter[str]) -> str:
        def sub(m: re.Match[str]) -> str:
            tok = m.group(1)
            host, port = tok, ""
            if tok.count(":") == 1 and "." in tok:  # 1.2.3.4:5678
                host, _, port = tok.partition(":")
                port = ":" + port
            try:
                ip = ipaddress.ip_address(host)
            except ValueError:
                return m.group(0)
            if is_ip_pseudonym(ip):
                return m.group(0)
            counts["ip"] += 1
            return m.group(0).replace(tok, self.ps.ip(ip) + port)

        return _IP_TOKEN.sub(sub, value)

    def _encoded_ips(self, value: str, counts: Counter[str]) -> str:
        """An HMRC header's IPs, an IPv6 address's colons percent-encoded ("2001%3Adb8%3A%3A1") as they came."""
        encoded = "%3a" in value.lower()
        out = self._client_ips(re.sub("%3[Aa]", ":", value) if encoded else value, counts)
        return out.replace(":", "%3A") if encoded else out

    def _items(self, value: str, counts: Counter[str], only: str | None = None) -> str:
        """An HMRC header's ``name=value`` items, percent-encoded: each value (``only``: the one item's) a login's
        pseudonym (Gov-Client-User-IDs': an e-mail address an e-mail's), or a generic one (Gov-Client-Multi-Factor's
        "unique-reference")."""
        items = []
        for item in value.split("&"):
            where, eq, old = item.partition("=")
            got = unquote(old)
            if eq and got and (only is None or where == only) and not looks_redacted(got):
                kind = "username" if only is None else "secret"
                counts[kind] += 1
                new = self.ps.generic(got) if only else self.ps.email(got) if "@" in got else self.ps.username(got)
                old = quote(new, safe="")
            items.append(f"{where}{eq}{old}")
        return "&".join(items)
