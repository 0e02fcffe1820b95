"""Build the labelled redaction corpus: synthetic requests, secrets to remove and values to keep.

    .venv/bin/python tests/data/redact/make_corpus.py      # rewrites corpus.jsonl beside this file

Deterministic (one seed). Every secret is synthetic: vendor keys follow the public formats with
random characters, cards pass Luhn, IBANs pass mod-97, phones are valid numbers built from
phonenumbers' example numbers; none belongs to anyone. The hard forms are all here:
URL-encoded, JSON \\u-escaped, HTML entities, base64-wrapped, JSON inside JSON strings, SSE
payloads, multipart parts, secrets inside prompts, binary bodies.
"""

from __future__ import annotations

import base64
import json
import random
import string
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import orjson
import phonenumbers

OUT = Path(__file__).with_name("corpus.jsonl")
SEED = 20240501
N = 380

FIRST = [
    "Maria",
    "Oluwaseun",
    "Xiomara",
    "Thandiwe",
    "Bartholomew",
    "Ingrid",
    "Kwame",
    "Siobhan",
    "Aurelio",
    "Mei",
    "Priya",
    "Dmitri",
    "Fatima",
    "Lars",
    "Camille",
    "Henrik",
    "Yusuf",
    "Aigerim",
    "Joaquin",
    "Niamh",
    "Sarah",
    "John",
    "Emily",
    "David",
    "Olivia",
    "Chen",
    "Rahul",
    "Sofia",
    "Lucas",
    "Hannah",
]
LAST = [
    "Gonzalez",
    "Okafor",
    "Nakamura",
    "Kowalski",
    "Schmidt",
    "O'Brien",
    "Haddad",
    "Nguyen",
    "Fitzgerald",
    "Lindqvist",
    "Adeyemi",
    "Moreau",
    "Castellano",
    "Petrov",
    "Mbeki",
    "Johansson",
    "Alvarez",
    "Takahashi",
    "Brennan",
    "Novak",
]
STREETS = [
    "Baker",
    "Maple",
    "Oak",
    "Willow",
    "Cedar",
    "Elm",
    "Sunset",
    "Highland",
    "Lakeview",
    "Pine",
    "Riverside",
    "Chestnut",
    "Harbor",
    "Mill",
]
SUFFIX = ["Street", "Avenue", "Road", "Lane", "Drive", "Boulevard", "Court", "Place", "Way"]
DOMAINS = ("gmail.com", "outlook.com", "acme-corp.com", "proton.me", "yahoo.co.uk", "mail.uni-example.edu")
WORDS = [
    "summarize",
    "the",
    "quarterly",
    "revenue",
    "report",
    "and",
    "list",
    "the",
    "three",
    "biggest",
    "risks",
    "for",
    "next",
    "quarter",
    "explain",
    "how",
    "the",
    "retry",
    "policy",
    "handles",
    "timeouts",
    "when",
    "the",
    "upstream",
    "model",
    "is",
    "slow",
    "compare",
    "both",
    "options",
    "in",
    "a",
    "short",
    "table",
    "write",
    "a",
    "polite",
    "reply",
    "to",
    "the",
    "customer",
    "about",
    "the",
    "delayed",
    "shipment",
    "translate",
    "this",
    "paragraph",
    "into",
    "German",
    "keep",
    "it",
    "short",
]
PRODUCTS = ("Galaxy S24 Ultra", "iPhone 15 Pro", "ThinkPad X1 Carbon", "Widget Pro 3000")
MODELS = ("gpt-4o-mini", "claude-3-5-sonnet-20241022", "llama-3.1-70b-instruct", "gpt-4.1", "mistral-large-2407")


class Gen:
    """Synthetic values; every call draws from one seeded Random."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def pick(self, seq):  # type: ignore[no-untyped-def]
        return seq[self.r.randrange(len(seq))]

    def chars(self, n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def words(self, n: int) -> str:
        return " ".join(self.pick(WORDS) for _ in range(n))

    def person(self) -> tuple[str, str]:
        return self.pick(FIRST), self.pick(LAST)

    def email(self) -> str:
        first, last = self.person()
        local = self.pick(
            (f"{first}.{last}", f"{first[0]}{last}", f"{first}{self.r.randint(1, 99)}", f"{last}.{first}")
        )
        return f"{local.lower().replace(chr(39), '')}@{self.pick(DOMAINS)}"

    def phone(self) -> str:
        region = self.pick(("US", "US", "GB", "DE", "FR", "IN", "AU"))
        kind = self.pick((phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE))
        base = phonenumbers.example_number_for_type(region, kind)
        nsn = phonenumbers.national_significant_number(base)
        while True:
            cand = nsn[: len(nsn) - 4] + self.chars(4, string.digits)
            num = phonenumbers.parse("+" + str(base.country_code) + cand)
            if phonenumbers.is_valid_number(num):
                break
        fmt = self.r.randrange(4)
        if fmt == 0:
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
        if fmt == 1 or region != "US":
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if fmt == 2:
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
        d = phonenumbers.national_significant_number(num)
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"

    def card(self) -> str:
        prefix, n, groups = self.pick(
            (("4", 16, (4, 4, 4, 4)), ("5", 16, (4, 4, 4, 4)), ("37", 15, (4, 6, 5)), ("6011", 16, (4, 4, 4, 4)))
        )
        if prefix == "5":
            prefix = "5" + str(self.r.randint(1, 5))
        body = prefix + self.chars(n - len(prefix) - 1, string.digits)
        digits = body + next(d for d in string.digits if _luhn(body + d))
        sep = self.pick((" ", "-", ""))
        out, i = [], 0
        for g in groups:
            out.append(digits[i : i + g])
            i += g
        return sep.join(out)

    def iban(self) -> str:
        country, letters, digits = self.pick(
            (("DE", 0, 18), ("GB", 4, 14), ("FR", 0, 23), ("NL", 4, 10), ("ES", 0, 20))
        )
        bban = self.chars(letters, string.ascii_uppercase) + self.chars(digits, string.digits)
        num = "".join(str(int(c, 36)) for c in bban + country + "00")
        compact = f"{country}{98 - int(num) % 97:02d}{bban}"
        if self.r.random() < 0.5:
            return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
        return compact

    def ssn(self) -> str:
        area = self.r.choice([a for a in range(1, 900) if a != 666])
        return f"{area:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"

    def ipv4(self) -> str:
        first = self.pick((81, 84, 91, 103, 151, 177, 186, 201))
        return f"{first}." + ".".join(str(self.r.randint(1, 254)) for _ in range(3))

    def ipv6(self) -> str:
        return "2a02:" + ":".join(f"{self.r.randrange(1, 0xFFFF):x}" for _ in range(7))

    def password(self) -> str:
        return (
            self.pick(("Tr0ub4dor&", "Summer", "Winter", "Qwerty", "Dragon", "Sunshine"))
            + self.chars(4)
            + self.pick("!#$%&*")
        )

    def jwt(self) -> str:
        def enc(d: dict[str, Any]) -> str:
            return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()

        payload = {"sub": self.chars(12, string.digits), "name": " ".join(self.person()), "iat": 1714000000}
        sig = self.chars(43, string.ascii_letters + string.digits + "-_")
        return f"{enc({'alg': 'HS256', 'typ': 'JWT'})}.{enc(payload)}.{sig}"

    def pem(self) -> str:
        label = self.pick(("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"))
        lines = [self.chars(64, string.ascii_letters + string.digits + "+/") for _ in range(4)]
        return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"

    def vendor(self) -> str:
        a, d, h = string.ascii_letters + string.digits, string.digits, "0123456789abcdef"
        return self.pick(
            (
                lambda: "AKIA" + self.chars(16, string.ascii_uppercase + d),
                lambda: "ghp_" + self.chars(36, a),
                lambda: "github_pat_" + self.chars(22, a) + "_" + self.chars(59, a),
                lambda: "glpat-" + self.chars(20, a + "-_"),
                lambda: f"xoxb-{self.chars(11, d)}-{self.chars(12, d)}-{self.chars(24, a)}",
                lambda: "sk_live_" + self.chars(24, a),
                lambda: "sk-proj-" + self.chars(48, a + "-_"),
                lambda: "sk-" + self.chars(48, a),
                lambda: "sk-ant-api03-" + self.chars(93, a + "-_") + "AA",
                lambda: "AIza" + self.chars(35, a + "-_"),
                lambda: "SG." + self.chars(22, a + "-_") + "." + self.chars(43, a + "-_"),
                lambda: "SK" + self.chars(32, h),
                lambda: "npm_" + self.chars(36, a),
                lambda: "pypi-AgEIcHlwaS5vcmc" + self.chars(60, a + "-_"),
                lambda: "hf_" + self.chars(34, a),
            )
        )()

    def address(self) -> str:
        style = self.r.randrange(5)
        if style == 0:
            return f"Hauptstraße {self.r.randint(1, 200)}"
        if style == 1:
            return f"{self.r.randint(1, 99)} rue de la {self.pick(('Paix', 'Gare', 'République'))}"
        unit = self.pick(("", "", f", Apt {self.r.randint(1, 40)}"))
        return f"{self.r.randint(1, 9999)} {self.pick(STREETS)} {self.pick(SUFFIX)}{unit}"

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def hexs(self, n: int) -> str:
        return self.chars(n, "0123456789abcdef")


def _luhn(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        v = int(c) * (2 if i % 2 else 1)
        total += v - 9 if v > 9 else v
    return total % 10 == 0


class Item:
    """One labelled request under construction."""

    def __init__(self, g: Gen, n: int):
        self.g = g
        self.n = n
        self.secrets: list[dict[str, Any]] = []
        self.keep: list[dict[str, Any]] = []

    def secret(self, kind: str, value: str, *extra: str) -> str:
        self.secrets.append({"kind": kind, "needles": [value, *extra]})
        return value

    def kept(self, kind: str, value: str) -> str:
        self.keep.append({"kind": kind, "needle": value})
        return value

    def record(
        self,
        method: str,
        url: str,
        headers: list[tuple[str, str]],
        body: str | None,
        resp: dict[str, Any] | None,
        body_b64: bool = False,
    ) -> dict[str, Any]:
        def b(text: str | None, enc: str = "utf8") -> dict[str, Any] | None:
            return None if text is None else {"text": text, "encoding": enc, "size": len(text), "truncated": False}

        ex = {
            "id": f"corpus-{self.n:04d}",
            "request": {
                "method": method,
                "url": url,
                "headers": headers,
                "body": b(body, "base64" if body_b64 else "utf8"),
            },
            "timings": {"start": 1714559400.0 + self.n, "ttfb": 0.2, "total": 0.5},
            "response": None,
            "redactions": {},
            "meta": {},
            "v": 1,
        }
        if resp is not None:
            ex["response"] = {
                "status": resp.get("status", 200),
                "headers": resp["headers"],
                "body": b(resp.get("body")),
            }
        return {"exchange": ex, "secrets": self.secrets, "keep": self.keep}

    def llm(self, body: dict[str, Any]) -> dict[str, Any]:
        """A chat-completion request with no response recorded."""
        headers = [("content-type", "application/json")]
        return self.record("POST", "https://llm.internal/v1/chat/completions", headers, json.dumps(body), None)

    # -- shared pieces ------------------------------------------------------------------------

    def keeps_header(self) -> list[tuple[str, str]]:
        trace = self.kept("trace_id", f"00-{self.g.hexs(32)}-{self.g.hexs(16)}-01")
        return [
            ("x-request-id", self.kept("uuid", self.g.uuid())),
            ("traceparent", trace),
            (
                "user-agent",
                self.kept(
                    "version", f"Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.{self.g.r.randint(1000, 6999)}.109"
                ),
            ),
        ]

    def prompt_keeps(self) -> str:
        g = self.g
        return self.g.pick(
            (
                lambda: (
                    f"Order {self.kept('order_id', f'ORD-2024-{g.r.randint(1, 999999):06d}')}"
                    f" shipped on {self.kept('date', '2024-05-01')}."
                ),
                lambda: (
                    f"The build {self.kept('build_version', '.'.join(str(g.r.randint(1, 9)) for _ in range(4)))}"
                    f" failed."
                ),
                lambda: (
                    f"It costs {self.kept('price', f'${g.r.randint(1, 9)},{g.r.randint(100, 999)}.99')}"
                    f" since {self.kept('timestamp', '2024-05-01T10:30:00Z')}."
                ),
                lambda: (
                    f"Commit {self.kept('git_sha', g.hexs(40))}"
                    f" broke version {self.kept('version', 'v' + '.'.join(str(g.r.randint(0, 20)) for _ in range(3)))}."
                ),
                lambda: f"Compare the {self.kept('product', g.pick(PRODUCTS))} with last year's model.",
                lambda: (
                    f"Event at unix time {self.kept('timestamp', str(1714559400 + g.r.randint(0, 10**6)))}"
                    f" had checksum {self.kept('hash', g.hexs(64))}."
                ),
                lambda: f"Please {self.kept('prompt', g.words(6))}.",
            )
        )()

    def prompt_secret(self) -> str:
        g = self.g
        first, last = g.person()
        return g.pick(
            (
                lambda: f"My email is {self.secret('email', g.email())}, please reply there.",
                lambda: f"Call me on {self.secret('phone', g.phone())} after 5pm.",
                lambda: f"Charge my card {self.secret('card', g.card())} for the order.",
                lambda: f"Wire it to IBAN {self.secret('iban', g.iban())} today.",
                lambda: f"My SSN is {self.secret('ssn', g.ssn())} if you need it.",
                lambda: f"My IP is {self.secret('ip', g.ipv4())} and the VPN drops.",
                lambda: f"Hi, my name is {self.secret('name', f'{first} {last}')} and I need help.",
                lambda: f"Ship it to {self.secret('address', g.address())}, thanks.",
                lambda: (
                    f"{self.kept('prompt', 'Can you check my account')}"
                    f"?\n\nBest regards,\n{self.secret('name', f'{first} {last}')}"
                ),
                lambda: f"Dear Mr. {self.secret('name', last)}, your refund is ready.",
                lambda: f"I'm {self.secret('name', f'{first} {last}')} from the finance team.",
                lambda: f"my password is {self.secret('password', g.password())} but it fails",
                lambda: f"use api key: {self.secret('vendor_key', g.vendor())} for the test",
                lambda: f"The deploy token={self.secret('token', g.chars(32))} expired.",
                # Harder: no cue before the name, a mail header, a lower-case street, a bare address.
                lambda: f"Forward this to {self.secret('name', f'{first} {last}')} in accounting.",
                lambda: f"From: {self.secret('name', f'{first} {last}')} <{self.secret('email', g.email())}>",
                lambda: f"Patient {self.secret('name', f'{first} {last}')}, seen on {self.kept('date', '2024-04-02')}.",
                lambda: (
                    f"deliver to {self.secret('address', f'{g.r.randint(1, 999)} {g.pick(STREETS).lower()} street')}"
                    f" please"
                ),
                lambda: f"Our office moved to {self.secret('address', g.address())} last week.",
            )
        )()


# -- templates ---------------------------------------------------------------------------------


def chat(it: Item) -> dict[str, Any]:
    g = it.g
    parts = [it.prompt_keeps(), it.prompt_secret(), it.prompt_keeps()]
    if g.r.random() < 0.5:
        parts.insert(1, it.prompt_secret())
    g.r.shuffle(parts)
    body = {
        "model": it.kept("model", g.pick(MODELS)),
        "messages": [
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": " ".join(parts)},
        ],
        "temperature": 0.7,
        "max_tokens": 512,
        "metadata": {"request_id": it.kept("uuid", g.uuid())},
    }
    key = it.secret("vendor_key", g.vendor())
    headers = [("content-type", "application/json"), ("authorization", f"Bearer {key}"), *it.keeps_header()]
    text = json.dumps(body, ensure_ascii=g.r.random() < 0.5)
    resp = {"id": f"chatcmpl-{g.chars(24)}", "choices": [{"message": {"role": "assistant", "content": "Done."}}]}
    return it.record(
        "POST",
        "https://llm.internal/v1/chat/completions",
        headers,
        text,
        {"headers": [("content-type", "application/json")], "body": json.dumps(resp)},
    )


def stream(it: Item) -> dict[str, Any]:
    g = it.g
    said = it.prompt_secret()
    events = [
        (
            "message_start",
            {
                "type": "message_start",
                "message": {"id": it.kept("message_id", f"msg_01{g.chars(22)}"), "model": "claude-3-5-sonnet-20241022"},
            },
        ),
        (
            "content_block_delta",
            {"type": "content_block_delta", "delta": {"type": "text_delta", "text": f"Noted. {said}"}},
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    sse = "".join(f"event: {e}\ndata: {json.dumps(d)}\n\n" for e, d in events)
    headers = [
        ("content-type", "application/json"),
        ("x-api-key", it.secret("vendor_key", g.vendor())),
        ("anthropic-version", it.kept("date", "2023-06-01")),
    ]
    body = json.dumps(
        {
            "model": "claude-3-5-sonnet-20241022",
            "stream": True,
            "messages": [{"role": "user", "content": it.prompt_keeps()}],
        }
    )
    return it.record(
        "POST",
        "https://llm.internal/v1/messages",
        headers,
        body,
        {"headers": [("content-type", "text/event-stream")], "body": sse},
    )


def tool_call(it: Item) -> dict[str, Any]:
    g = it.g
    args = {"location": it.kept("city", g.pick(("Paris", "Berlin", "Lisbon"))), "email": it.secret("email", g.email())}
    if g.r.random() < 0.5:
        args["password"] = it.secret("password", g.password())
    else:
        args["api_key"] = it.secret("vendor_key", g.vendor())
    body = {
        "model": it.kept("model", g.pick(MODELS)),
        "messages": [
            {"role": "user", "content": it.prompt_keeps()},
            {
                "role": "assistant",
                "tool_calls": [
                    {
                        "id": it.kept("tool_call_id", f"call_{g.chars(24)}"),
                        "type": "function",
                        "function": {"name": it.kept("tool", "get_weather"), "arguments": json.dumps(args)},
                    }
                ],
            },
        ],
    }
    return it.llm(body)


def form_login(it: Item) -> dict[str, Any]:
    g = it.g
    email, pw = it.secret("email", g.email()), it.secret("password", g.password())
    otp = g.chars(6, string.digits)
    it.secret("otp", f"otp={otp}")
    csrf = it.secret("token", g.hexs(40))
    body = f"username={quote_plus(email)}&password={quote_plus(pw)}&otp={otp}&csrf_token={csrf}"
    body += f"&next={quote_plus('/dashboard?tab=2')}"
    it.kept("form", "next=%2Fdashboard%3Ftab%3D2")
    return it.record(
        "POST",
        "https://app.internal/login",
        [("content-type", "application/x-www-form-urlencoded")],
        body,
        {
            "status": 302,
            "headers": [
                ("set-cookie", f"sessionid={it.secret('cookie', g.hexs(32))}; Path=/; HttpOnly"),
                ("location", "/dashboard"),
            ],
        },
    )


def query(it: Item) -> dict[str, Any]:
    g = it.g
    email = it.secret("email", g.email())
    key = it.secret("vendor_key", g.vendor())
    tok = it.secret("token", g.chars(40))
    opaque = it.secret("api_key", g.hexs(32))
    acct = it.kept("uuid", g.uuid())
    since = it.kept("timestamp", "2024-05-01T10:30:00Z")
    url = (
        f"https://api.internal/v2/accounts/{acct}/search?q={quote_plus(g.words(3))}&email={quote(email, safe='')}"
        f"&api_key={quote(key, safe='')}&access_token={tok}&apikey={opaque}&since={quote(since, safe='')}&limit=50"
    )
    it.kept("query", "limit=50")
    return it.record(
        "GET",
        url,
        [("accept", "application/json"), *it.keeps_header()],
        None,
        {"headers": [("etag", it.kept("etag", f'W/"{g.hexs(8)}-{g.hexs(4)}"'))]},
    )


def path_email(it: Item) -> dict[str, Any]:
    g = it.g
    email = it.secret("email", g.email())
    order = it.kept("order_id", f"ORD-2024-{g.r.randint(1, 999999):06d}")
    url = f"https://api.internal/v1/users/{quote(email, safe='')}/orders/{order}"
    return it.record(
        "GET",
        url,
        [("accept", "application/json")],
        None,
        {
            "headers": [("content-type", "application/json")],
            "body": json.dumps({"order": order, "total": it.kept("price", "129.99"), "currency": "EUR"}),
        },
    )


def auth_headers(it: Item) -> dict[str, Any]:
    g = it.g
    headers: list[tuple[str, str]] = [("accept", "application/json")]
    if g.r.random() < 0.5:
        user, pw = g.email(), g.password()
        cred = base64.b64encode(f"{user}:{pw}".encode()).decode()
        it.secret("basic_auth", cred, pw)
        headers.append(("authorization", f"Basic {cred}"))
    else:
        headers.append(("authorization", f"Bearer {it.secret('jwt', g.jwt())}"))
    theme = it.kept("cookie", f"theme={g.pick(('dark', 'light'))}")
    headers.append(
        (
            "cookie",
            f"sessionid={it.secret('cookie', g.hexs(32))}; {theme}; csrftoken={it.secret('cookie', g.chars(32))}",
        )
    )
    headers.append(("x-forwarded-for", f"{it.secret('ip', g.ipv4())}, 10.0.0.1"))
    headers.append(("x-api-key", it.secret("vendor_key", g.vendor())))
    headers.append(("if-none-match", it.kept("etag", f'"{g.hexs(40)}"')))
    headers.extend(it.keeps_header())
    return it.record(
        "GET",
        f"https://api.internal/v1/me?fields=name,email&v={it.kept('version', '2.14.1')}",
        headers,
        None,
        {"headers": [("set-cookie", f"session={it.secret('cookie', g.chars(48))}; Path=/; Secure")]},
    )


def webhook(it: Item) -> dict[str, Any]:
    g = it.g
    first, last = g.person()
    body = {
        "id": it.kept("event_id", f"evt_{g.chars(24)}"),
        "type": "payment_intent.succeeded",
        "created": int(it.kept("timestamp", str(1714559400 + g.r.randint(0, 10**6)))),
        "data": {
            "customer": {
                "name": it.secret("name", f"{first} {last}"),
                "email": it.secret("email", g.email()),
                "phone": it.secret("phone", g.phone()),
                "address": {
                    "line1": it.secret("address", g.address()),
                    "city": it.kept("city", g.pick(("London", "Austin", "Lyon"))),
                    "country": "GB",
                },
            },
            "payment_method": {
                "card": {
                    "number": it.secret("card", g.card().replace(" ", "")),
                    "cvc": (cvc := g.chars(3, string.digits)),
                    "exp_year": 2027,
                }
            },
            "bank": {"iban": it.secret("iban", g.iban())},
            "amount": int(it.kept("amount", str(g.r.randint(100, 99999)))),
            "product": {
                "name": it.kept("product", g.pick(("Widget Pro 3000", "Starter Plan", "Galaxy S24 Ultra"))),
                "sku": it.kept("sku", f"SKU-{g.chars(8, string.ascii_uppercase + string.digits)}"),
            },
        },
    }
    it.secret("cvc", f'"cvc": "{cvc}"')
    sig = it.secret("token", f"t=1714559400,v1={g.hexs(64)}")
    return it.record(
        "POST",
        "https://app.internal/webhooks/stripe",
        [("content-type", "application/json"), ("stripe-signature", sig)],
        json.dumps(body, indent=g.pick((None, 2))),
        None,
    )


def config_dump(it: Item) -> dict[str, Any]:
    g = it.g
    akid = it.secret("vendor_key", "AKIA" + g.chars(16, string.ascii_uppercase + string.digits))
    secret = it.secret("vendor_key", g.chars(40, string.ascii_letters + string.digits + "/+"))
    pw = g.password().replace("%", "x").replace("#", "x")
    it.secret("url_userinfo", pw)
    host = it.kept("host", "db.internal:5432/prod")
    up = string.ascii_uppercase + string.digits
    hook = f"hooks.slack.com/services/T{g.chars(8, up)}/B{g.chars(8, up)}/{g.chars(24)}"
    dump = (
        f"Why does this fail?\n```\nAWS_ACCESS_KEY_ID={akid}\nAWS_SECRET_ACCESS_KEY={secret}\n"
        f"GITHUB_TOKEN={it.secret('vendor_key', 'ghp_' + g.chars(36))}\nDATABASE_URL=postgres://app:{pw}@{host}\n"
        f"SLACK_WEBHOOK=https://{it.secret('vendor_key', hook)}\n"
        f"LOG_LEVEL={it.kept('config', 'debug')}\n```"
    )
    body = {"model": it.kept("model", g.pick(MODELS)), "messages": [{"role": "user", "content": dump}]}
    return it.llm(body)


def pem_json(it: Item) -> dict[str, Any]:
    g = it.g
    body = {
        "name": it.kept("deployment", f"deploy-prod-{g.r.randint(1, 99)}"),
        "config": {"tls_key": it.secret("private_key", g.pem()), "replicas": 3},
        "service_account": {
            "private_key": it.secret("private_key", g.pem()),
            "client_email": it.secret("email", f"deployer-{g.r.randint(1, 999)}@project-123.iam.gserviceaccount.com"),
        },
    }
    return it.record(
        "POST", "https://api.internal/v1/deployments", [("content-type", "application/json")], json.dumps(body), None
    )


def escaped(it: Item) -> dict[str, Any]:
    g = it.g
    email = it.secret("email", g.email())
    first, last = g.person()
    name = it.secret("name", f"{first} {last}")
    raw = json.dumps(
        {"note": f"contact {email} soon", "prompt": f"my name is {name}", "model": it.kept("model", g.pick(MODELS))},
        ensure_ascii=True,
    )
    raw = raw.replace("@", "\\u0040")
    email2 = it.secret("email", g.email())
    page = f"<html><body><p>Write to {email2.replace('@', '&#64;')} or call {it.secret('phone', g.phone())}.</p>"
    page += f"<p>{it.kept('prompt', 'Terms of Service')}</p></body></html>"
    return it.record(
        "POST",
        "https://app.internal/v1/notes",
        [("content-type", "application/json")],
        raw,
        {"headers": [("content-type", "text/html; charset=utf-8")], "body": page},
    )


def wrapped(it: Item) -> dict[str, Any]:
    g = it.g
    email = g.email()
    state = base64.b64encode(json.dumps({"user": email, "nonce": g.hexs(8)}).encode()).decode()
    it.secret("email", state, email)
    note = f"Contact: {g.phone()}"
    data = base64.b64encode(note.encode()).decode()
    it.secret("phone", data)
    body = {"state": state, "attachment": f"data:text/plain;base64,{data}", "request_id": it.kept("uuid", g.uuid())}
    return it.record(
        "POST", "https://app.internal/oauth/callback", [("content-type", "application/json")], json.dumps(body), None
    )


def multipart(it: Item) -> dict[str, Any]:
    g = it.g
    b = "----replayboundary" + g.hexs(12)
    first, last = g.person()
    parts = [
        ("email", it.secret("email", g.email())),
        ("password", it.secret("password", g.password())),
        ("bio", f"Hi, my name is {it.secret('name', f'{first} {last}')}. {it.kept('prompt', g.words(5))}"),
    ]
    body = "".join(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in parts)
    key = it.secret("vendor_key", g.vendor())
    body += f'--{b}\r\nContent-Disposition: form-data; name="file"; filename="env.txt"\r\n'
    body += f"Content-Type: text/plain\r\n\r\nAPI_KEY={key}\r\n--{b}--\r\n"
    return it.record(
        "POST", "https://app.internal/profile", [("content-type", f"multipart/form-data; boundary={b}")], body, None
    )


def binary(it: Item) -> dict[str, Any]:
    g = it.g
    email = g.email()
    blob = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
        + bytes(g.r.randrange(256) for _ in range(200))
        + email.encode()
        + b"\xff\xfe"
    )
    text = base64.b64encode(blob).decode()
    it.secret("binary", text)
    return it.record(
        "POST", "https://app.internal/upload", [("content-type", "application/octet-stream")], text, None, body_b64=True
    )


def profile_response(it: Item) -> dict[str, Any]:
    g = it.g
    first, last = g.person()
    body = {
        "id": it.kept("user_id", f"usr_{g.chars(16)}"),
        "first_name": it.secret("name", first),
        "last_name": it.secret("name", last),
        "email": it.secret("email", g.email()),
        "mobile": it.secret("phone", g.phone().replace(" ", "").replace("-", "")),
        "ssn": it.secret("ssn", g.ssn().replace("-", "")),
        "last_login_ip": it.secret("ip", g.pick((g.ipv4(), g.ipv6()))),
        "created_at": it.kept("timestamp", "2023-11-14T08:12:55.123Z"),
        "plan": it.kept("plan", "enterprise"),
        "app_version": it.kept(
            "build_version", f"{g.r.randint(1, 9)}.{g.r.randint(0, 9)}.{g.r.randint(0, 9)}.{g.r.randint(1, 250)}"
        ),
    }
    return it.record(
        "GET",
        "https://api.internal/v1/me",
        [("authorization", f"Bearer {it.secret('jwt', g.jwt())}")],
        None,
        {"headers": [("content-type", "application/json")], "body": json.dumps(body)},
    )


def keep_only(it: Item) -> dict[str, Any]:
    g = it.g
    body = {
        "model": it.kept("model", g.pick(MODELS)),
        "messages": [{"role": "user", "content": " ".join(it.prompt_keeps() for _ in range(4))}],
        "seed": int(it.kept("number", str(g.r.randint(1, 10**6)))),
        "stop": ["\n\n"],
        "metadata": {
            "trace": it.kept("trace_id", g.hexs(32)),
            "isbn": it.kept("isbn", "978-3-16-148410-0"),
            "sha": it.kept("git_sha", g.hexs(40)),
        },
    }
    return it.record(
        "POST",
        "https://llm.internal/v1/chat/completions",
        [("content-type", "application/json"), *it.keeps_header()],
        json.dumps(body),
        None,
    )


TEMPLATES = (
    chat,
    chat,
    chat,
    stream,
    tool_call,
    form_login,
    query,
    path_email,
    auth_headers,
    webhook,
    config_dump,
    pem_json,
    escaped,
    wrapped,
    multipart,
    binary,
    profile_response,
    keep_only,
    keep_only,
)


def build(seed: int = SEED, n: int = N) -> list[dict[str, Any]]:
    g = Gen(seed)
    return [TEMPLATES[i % len(TEMPLATES)](Item(g, i)) for i in range(n)]


def main() -> None:
    with open(OUT, "wb") as fh:
        for rec in build():
            fh.write(orjson.dumps(rec) + b"\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
