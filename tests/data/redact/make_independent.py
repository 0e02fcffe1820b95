# ruff: noqa: E501, SIM108  (long f-strings keep each template, and the order of its random draws, on one line)
"""Build the independent labelled corpus: requests a support assistant, a payment API and a developer
platform receive, with the secrets to remove and the harmless values to keep.

    .venv/bin/python tests/data/redact/make_independent.py   # rewrites independent.jsonl beside this file

Why a second corpus: ``corpus.jsonl`` was written beside the engine, so it scores what the engine
was built for. This one shares no source with it, nor with the detector's data (see PROVENANCE.md):

- person names and street addresses come from two generators the detector never reads, Faker and
  mimesis, in many locales (CJK and Cyrillic scripts too), alternating per record;
- the request shapes are other APIs' (Anthropic messages, a help-desk webhook, Stripe-style
  forms, an Adyen-style payment JSON, a developer platform's config and CI calls, HTML/SVG pages)
  and the sentences around the values are written here, not taken from the first corpus;
- structured secrets follow the vendors' published formats with random characters.

Deterministic for one seed and the generator versions named in ``VERSIONS`` (Faker and mimesis
change their data between releases; the test that rebuilds the file skips on other versions).
"""

from __future__ import annotations

import base64
import json
import random
import string
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import orjson
import phonenumbers

OUT = Path(__file__).with_name("independent.jsonl")
SEED = 1207
N = 440
VERSIONS = {"faker": "40.63.0", "mimesis": "22.2.0"}

# Faker and mimesis locales: (faker, mimesis, language of the sentences around the value)
LOCALES = (
    ("en_US", "en", "en"),
    ("en_GB", "en-gb", "en"),
    ("de_DE", "de", "de"),
    ("fr_FR", "fr", "fr"),
    ("es_ES", "es", "es"),
    ("nl_NL", "nl", "en"),
    ("it_IT", "it", "en"),
    ("pt_BR", "pt-br", "en"),
    ("pl_PL", "pl", "en"),
    ("sv_SE", "sv", "en"),
    ("tr_TR", "tr", "en"),
    ("en_IN", "en", "en"),
    ("ja_JP", "ja", "ja"),
    ("zh_CN", "zh", "zh"),
    ("ko_KR", "ko", "ko"),
    ("ru_RU", "ru", "ru"),
)
LATIN = [loc for loc in LOCALES if loc[2] in ("en", "de", "fr", "es")]
ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        v = int(c) * (2 if i % 2 else 1)
        total += v - 9 if v > 9 else v
    return total % 10 == 0


class People:
    """Names, addresses and phones from Faker and mimesis, alternating, seeded."""

    def __init__(self, seed: int):
        from faker import Faker
        from mimesis import Address, Person
        from mimesis.locales import Locale

        self.r = random.Random(seed)
        self.faker = {}
        self.mim = {}
        for i, (fl, ml, _) in enumerate(LOCALES):
            fk = Faker(fl)
            fk.seed_instance(seed + i)
            self.faker[fl] = fk
            loc = Locale(ml)
            self.mim[fl] = (Person(loc, seed=seed + i), Address(loc, seed=seed + i))

    def _use_faker(self) -> bool:
        return self.r.random() < 0.55

    def name(self, locale: str) -> str:
        if self._use_faker():
            fk = self.faker[locale]
            return f"{fk.first_name()} {fk.last_name()}"
        person, _ = self.mim[locale]
        full = person.full_name()
        if locale in ("ja_JP", "zh_CN", "ko_KR"):  # mimesis gives given-name first: family first is the norm
            given, _, family = full.partition(" ")
            return f"{family}{self.r.choice(('', ' '))}{given}" if locale != "ko_KR" else family + given
        return full

    def first(self, locale: str) -> str:
        return self.faker[locale].first_name() if self._use_faker() else self.mim[locale][0].first_name()

    def street(self, locale: str) -> str:
        """A street address line (number, street, unit) as the locale writes it."""
        if self._use_faker():
            line = self.faker[locale].street_address()
        else:
            line = self.mim[locale][1].address()
        return " ".join(line.split())

    def city(self, locale: str) -> str:
        return self.mim[locale][1].city()  # Faker's it_IT cities vary with the hash seed


class Gen:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.p = People(seed)

    def pick(self, seq):  # type: ignore[no-untyped-def]
        return seq[self.r.randrange(len(seq))]

    def chars(self, n: int, alphabet: str = ALNUM) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def hexs(self, n: int) -> str:
        return self.chars(n, "0123456789abcdef")

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def locale(self, latin: bool = False) -> tuple[str, str, str]:
        return self.pick(LATIN if latin else LOCALES)

    # -- structured values ------------------------------------------------------------------

    def email(self, name: str | None = None) -> str:
        local = "".join(
            c for c in (name or self.chars(8, string.ascii_lowercase)).lower() if c.isascii() and c.isalpha()
        )
        local = local or self.chars(7, string.ascii_lowercase)
        dom = self.pick(("fastmail.fm", "web.de", "orange.fr", "telefonica.es", "icloud.com", "hey.com", "gmx.net"))
        return f"{local[:12]}{self.pick(('', '.', '_'))}{self.r.randint(1, 999)}@{dom}"

    def national_phone(self) -> str:
        """A valid number in a national or international format of one of many countries."""
        region = self.pick(("JP", "DE", "GB", "FR", "ES", "IT", "NL", "BR", "MX", "KR", "SE", "PL", "CH", "AU", "IN"))
        kind = self.pick((phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE))
        base = phonenumbers.example_number_for_type(region, kind)
        nsn = phonenumbers.national_significant_number(base)
        for _ in range(200):
            cand = nsn[:2] + self.chars(len(nsn) - 2, string.digits)
            num = phonenumbers.parse("+" + str(base.country_code) + cand)
            if phonenumbers.is_valid_number(num):
                break
        fmt = self.pick((phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.NATIONAL))
        return phonenumbers.format_number(num, fmt)

    def card(self) -> str:
        prefix = self.pick(("4", "51", "53", "2221", "6011", "35"))
        body = prefix + self.chars(15 - len(prefix), string.digits)
        digits = body + next(d for d in string.digits if _luhn_ok(body + d))
        sep = self.pick(("", " ", "-"))
        return sep.join(digits[i : i + 4] for i in range(0, 16, 4))

    def iban(self) -> str:
        country, bban = self.pick(
            (
                ("IT", "X" + self.chars(22, string.digits)),
                ("BE", self.chars(12, string.digits)),
                ("CH", self.chars(17, string.digits)),
                ("AT", self.chars(16, string.digits)),
                ("PL", self.chars(24, string.digits)),
            )
        )
        num = "".join(str(int(c, 36)) for c in bban + country + "00")
        compact = f"{country}{98 - int(num) % 97:02d}{bban}"
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4)) if self.r.random() < 0.4 else compact

    def ipv6(self) -> str:
        return self.pick(
            (
                lambda: f"2a02:{self.hexs(4)}:{self.hexs(3)}:{self.hexs(4)}::{self.hexs(2)}",
                lambda: f"2607:f8b0:{self.hexs(4)}:{self.hexs(3)}::{self.hexs(4)}",
                lambda: (
                    f"::ffff:{self.r.randint(11, 99)}.{self.r.randint(1, 250)}.{self.r.randint(1, 250)}.{self.r.randint(1, 250)}"
                ),
                lambda: f"fe80::{self.hexs(4)}:{self.hexs(2)}ff:fe{self.hexs(2)}:{self.hexs(4)}",
                lambda: ":".join(self.hexs(4) for _ in range(8)).replace("2001", "2a01"),
                lambda: (
                    f"2a00:1450:{self.hexs(4)}::{self.r.randint(1, 99)}.{self.r.randint(1, 250)}.{self.r.randint(1, 250)}.{self.r.randint(1, 250)}"
                ),
            )
        )()

    def password(self) -> str:
        word = self.pick(("Sommer", "Soleil", "Dragon", "Kitty", "Marbles", "Piano", "Falcon"))
        return word + self.chars(self.r.randint(2, 4), string.digits) + self.pick(("!", "#", "$", "?", ""))

    def azure_key(self) -> str:
        return base64.b64encode(self.r.randbytes(64)).decode()

    def sas_sig(self) -> str:
        return quote(base64.b64encode(self.r.randbytes(32)).decode(), safe="")

    def github_pat(self) -> str:
        return "github_pat_11" + self.chars(20, string.ascii_uppercase + string.digits) + "_" + self.chars(59)

    def shopify(self) -> str:
        return self.pick(("shpat_", "shpss_", "shpca_", "shppa_")) + self.hexs(32)

    def telegram(self) -> str:
        return f"{self.r.randint(10**8, 10**10 - 1)}:AA{self.chars(33, ALNUM + '_-')}"

    def pem(self) -> str:
        lines = [self.chars(64, B64) for _ in range(self.r.randint(6, 12))]
        return "-----BEGIN PRIVATE KEY-----\n" + "\n".join(lines) + "\n-----END PRIVATE KEY-----\n"

    def svg_path(self) -> str:
        pts = " ".join(
            f"{self.r.randint(0, 999)}.{self.r.randint(0, 99)} {self.r.randint(0, 999)}.{self.r.randint(10, 99)}"
            for _ in range(6)
        )
        return f"M{pts} C{self.r.randint(100, 999)}.5 {self.r.randint(1000000, 9999999)} {self.r.randint(100, 999)} {self.r.randint(1000, 9999)}Z"


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
        resp_headers: list[tuple[str, str]] | None = None,
        resp_body: str | None = None,
    ) -> dict[str, Any]:
        def b(text: str | None) -> dict[str, Any] | None:
            return None if text is None else {"text": text, "encoding": "utf8", "size": len(text.encode())}

        ex: dict[str, Any] = {
            "id": f"independent-{self.n:04d}",
            "request": {"method": method, "url": url, "headers": headers, "body": b(body)},
            "timings": {"start": 1717200000.0 + self.n, "ttfb": 0.1, "total": 0.3},
            "response": None,
            "redactions": {},
            "meta": {},
            "v": 1,
        }
        if resp_headers is not None:
            ex["response"] = {"status": 200, "headers": resp_headers, "body": b(resp_body)}
        return {"exchange": ex, "secrets": self.secrets, "keep": self.keep}

    # -- sentences ---------------------------------------------------------------------------

    def name_line(self) -> str:
        """A person's name in a sentence, mostly with no cue phrase before it."""
        g = self.g
        loc, _, lang = g.locale()
        name = g.p.name(loc)
        if lang == "ja":
            return g.pick(
                (
                    lambda: f"担当の{self.secret('name', name)}です。よろしくお願いします。",
                    lambda: f"{self.secret('name', name)}様、お問い合わせありがとうございます。",
                    lambda: f"私は{self.secret('name', name)}と申します。",
                )
            )()
        if lang == "zh":
            return g.pick(
                (
                    lambda: f"我叫{self.secret('name', name)}，订单有问题。",
                    lambda: f"联系人：{self.secret('name', name)}",
                    lambda: f"{self.secret('name', name)}先生您好，退款已处理。",
                )
            )()
        if lang == "ko":
            return g.pick(
                (
                    lambda: f"저는 {self.secret('name', name)}입니다.",
                    lambda: f"{self.secret('name', name)} 님, 주문이 발송되었습니다.",
                )
            )()
        if lang == "ru":
            return g.pick(
                (
                    lambda: f"Меня зовут {self.secret('name', name)}, заказ не пришёл.",
                    lambda: f"Спасибо,\n{self.secret('name', name)}",
                )
            )()
        other = g.p.name(g.locale(latin=True)[0])
        return g.pick(
            (
                lambda: f"Thanks, {self.secret('name', name)}",
                lambda: f"cc {self.secret('name', name)} and {self.secret('name', other)}",
                lambda: f"Attendees: {self.secret('name', name)}, {self.secret('name', other)}, and me.",
                lambda: f"{self.secret('name', name)} reported that the export is empty again.",
                lambda: f"Can you loop in {self.secret('name', name)}? They own the billing flow.",
                lambda: f"Spoke with {self.secret('name', name)} yesterday about the refund.",
                lambda: f"Assigned to {self.secret('name', name)} (on call this week).",
                lambda: f"Best,\n{self.secret('name', name)}\nCustomer Success",
                lambda: f"The account belongs to {self.secret('name', name)}, not to {self.secret('name', other)}.",
                lambda: f"Hallo {self.secret('name', name)}, vielen Dank für Ihre Nachricht.",
                lambda: f"Bonjour, je suis {self.secret('name', name)} et ma commande est bloquée.",
                lambda: f"Hola, soy {self.secret('name', name)} y no recibí el pedido.",
                lambda: f"- {self.secret('name', name)}\n- {self.secret('name', other)}",
            )
        )()

    def address_line(self) -> str:
        g = self.g
        loc, _, lang = g.pick(
            [x for x in LOCALES if x[0] in ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "ja_JP", "nl_NL", "it_IT")]
        )
        street = g.p.street(loc)
        city = self.kept("city", g.p.city(loc)) if lang != "ja" else ""
        if lang == "ja":
            return f"お届け先は{self.secret('address', street)}です。"
        return g.pick(
            (
                lambda: f"Please ship to {self.secret('address', street)}, {city}.",
                lambda: f"New billing address: {self.secret('address', street)} ({city})",
                lambda: f"I moved to {self.secret('address', street)} in {city} last month.",
                lambda: f"{self.secret('address', street)}\n{city}",
                lambda: f"Lieferadresse: {self.secret('address', street)}, {city}",
                lambda: f"Adresse de livraison : {self.secret('address', street)}, {city}",
            )
        )()

    def tail_line(self) -> str:
        """One of the structured long-tail secrets, in prose."""
        g = self.g
        pw = g.password()
        code = g.chars(6, string.digits)
        phone = g.national_phone()
        return g.pick(
            (
                lambda: f"my password is {self.secret('prose_password', pw)} if that helps",
                lambda: f"login: admin / pw: {self.secret('prose_password', pw)}",
                lambda: f"the passcode is {self.secret('prose_password', pw)}",
                lambda: f"Your verification code is {self.secret('otp', code)}. It expires in 10 minutes.",
                lambda: f"2FA code: {self.secret('otp', code)}",
                lambda: f"Call me at {self.secret('national_phone', phone)} tomorrow.",
                lambda: f"Mobile {self.secret('national_phone', phone)} (evenings)",
                lambda: f"My IPv6 is {self.secret('ipv6', g.ipv6())} and it keeps dropping.",
                lambda: f"Card {self.secret('card', g.card())}, exp 09/28, please retry.",
                lambda: f"IBAN {self.secret('iban', g.iban())}",
            )
        )()

    def keep_line(self) -> str:
        g = self.g
        return g.pick(
            (
                lambda: (
                    f"Version {self.kept('version', f'{g.r.randint(1, 30)}.{g.r.randint(0, 20)}.{g.r.randint(0, 99)}')} is installed."
                ),
                lambda: (
                    f"Total {self.kept('price', f'{g.r.randint(1, 9)}.{g.r.randint(100, 999)},{g.r.randint(10, 99)} €')} incl. VAT."
                ),
                lambda: (
                    f"The charge of {self.kept('price', f'${g.r.randint(10, 9999)}.{g.r.randint(10, 99)}')} failed."
                ),
                lambda: f"Order {self.kept('order_id', str(g.r.randint(10**9, 10**10 - 1)))} is late.",
                lambda: f"Ticket #{self.kept('id', str(g.r.randint(100000, 9999999)))} was reopened.",
                lambda: f"Digest {self.kept('hash', g.hexs(64))} does not match.",
                lambda: (
                    f"Release {self.kept('version', f'v{g.r.randint(1, 9)}.{g.r.randint(0, 9)}.{g.r.randint(0, 9)}-rc.{g.r.randint(1, 5)}')} breaks the build."
                ),
                lambda: (
                    f"Meet at {self.kept('coordinates', f'{g.r.uniform(-80, 80):.6f}, {g.r.uniform(-170, 170):.6f}')}."
                ),
                lambda: (
                    f"We deployed {self.kept('product', g.pick(('Kubernetes 1.29', 'PostgreSQL 16.2', 'Redis 7.2.4', 'Node.js 20.11.1')))} today."
                ),
                lambda: (
                    f"Customer {self.kept('id', 'cus_' + g.chars(14))} upgraded to {self.kept('product', g.pick(('Pro', 'Team', 'Enterprise')))}."
                ),
                lambda: (
                    f"Shipment {self.kept('id', '1Z' + g.chars(16, string.ascii_uppercase + string.digits))} left the depot."
                ),
                lambda: f"The request took {self.kept('number', str(g.r.randint(1000000, 99999999)))} microseconds.",
            )
        )()


def _headers(it: Item, auth: str | None = None) -> list[tuple[str, str]]:
    out = [("content-type", "application/json"), ("x-request-id", it.kept("uuid", it.g.uuid()))]
    if auth:
        out.append(("authorization", auth))
    return out


# -- templates -----------------------------------------------------------------------------------


def support_chat(it: Item) -> dict[str, Any]:
    """An Anthropic messages request from a support assistant; the body may be ASCII-escaped."""
    g = it.g
    lines = [it.name_line(), it.keep_line(), it.address_line() if g.r.random() < 0.5 else it.tail_line()]
    if g.r.random() < 0.5:
        lines.append(it.name_line())
    g.r.shuffle(lines)
    key = it.secret("vendor_key", "sk-ant-api03-" + g.chars(93, ALNUM + "-_") + "AA")
    body = {
        "model": it.kept("model", g.pick(("claude-sonnet-4-20250514", "claude-3-5-haiku-20241022"))),
        "max_tokens": 1024,
        "system": "You help the support team answer customers.",
        "messages": [{"role": "user", "content": [{"type": "text", "text": "\n\n".join(lines)}]}],
    }
    headers = [("content-type", "application/json"), ("x-api-key", key), ("anthropic-version", "2023-06-01")]
    return it.record(
        "POST", "https://api.anthropic.internal/v1/messages", headers, json.dumps(body, ensure_ascii=g.r.random() < 0.4)
    )


def ticket_webhook(it: Item) -> dict[str, Any]:
    """A help-desk webhook: a requester object and a comment with a signature and a cc line."""
    g = it.g
    loc, _, _ = g.locale(latin=True)
    name = it.secret("name", g.p.name(loc))
    email = it.secret("email", g.email(name))
    phone = it.secret("national_phone", g.national_phone())
    comment = f"{it.keep_line()}\n{it.tail_line()}\n\nRegards,\n{it.secret('name', g.p.name(loc))}"
    body = {
        "ticket": {
            "id": int(it.kept("id", str(g.r.randint(10000, 999999)))),
            "subject": it.kept("prompt", "Refund not received"),
            "requester": {"name": name, "email": email, "phone": phone, "locale": loc},
            "comment": {"body": comment, "public": True},
            "collaborators": [it.secret("name", g.p.name(g.locale(latin=True)[0]))],
        }
    }
    return it.record("POST", "https://hooks.helpdesk.internal/tickets", _headers(it), json.dumps(body))


def stripe_form(it: Item) -> dict[str, Any]:
    """A Stripe-style payment method form: nested keys in brackets, URL-encoded."""
    g = it.g
    loc, _, _ = g.locale(latin=True)
    fields = {
        "type": "card",
        "card[number]": it.secret("card", g.card().replace(" ", "").replace("-", "")),
        "card[exp_month]": "09",
        "card[exp_year]": "2028",
        "card[cvc]": (cvc := g.chars(3, string.digits)),
        "billing_details[name]": it.secret("name", g.p.name(loc)),
        "_cvc_label": it.secret("cvc", f"card[cvc]={cvc}"),  # three digits alone are found anywhere
        "billing_details[email]": it.secret("email", g.email()),
        "billing_details[address][line1]": it.secret("address", g.p.street(loc)),
        "billing_details[address][city]": it.kept("city", g.p.city(loc)),
        "billing_details[phone]": it.secret("national_phone", g.national_phone()),
        "metadata[order_id]": it.kept("order_id", "ord_" + g.chars(12)),
    }
    del fields["_cvc_label"]
    key = it.secret("vendor_key", "sk_live_" + g.chars(99))
    headers = [("content-type", "application/x-www-form-urlencoded"), ("authorization", f"Bearer {key}")]
    return it.record("POST", "https://api.payments.internal/v1/payment_methods", headers, urlencode(fields))


def adyen_json(it: Item) -> dict[str, Any]:
    """An Adyen-style payment: shopper name parts, a split address, an IPv6 shopper IP, a 3-D Secure code."""
    g = it.g
    loc, _, _ = g.locale(latin=True)
    first, last = g.p.first(loc), g.p.faker[loc].last_name()
    number = str(g.r.randint(1, 220))
    street = g.p.faker[loc].street_name()
    body = {
        "amount": {"currency": "EUR", "value": int(it.kept("price", str(g.r.randint(100, 99999))))},
        "reference": it.kept("id", f"PAY-{g.r.randint(10**7, 10**8 - 1)}"),
        "shopperName": {"firstName": it.secret("name", first), "lastName": it.secret("name", last)},
        "billingAddress": {
            "street": it.secret("address", street),
            "houseNumberOrName": number,
            "postalCode": g.p.faker[loc].postcode(),
            "city": it.kept("city", g.p.city(loc)),
            "country": loc[-2:],
        },
        "shopperIP": it.secret("ipv6", g.ipv6()),
        "telephoneNumber": it.secret("national_phone", g.national_phone()),
        "shopperEmail": it.secret("email", g.email(first)),
        "threeDS2RequestData": {"mfa_code": it.secret("otp", g.chars(6, string.digits)), "deviceChannel": "browser"},
        "browserInfo": {
            "userAgent": it.kept(
                "version",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15",
            ),
            "screenWidth": 1512,
            "screenHeight": 982,
        },
    }
    return it.record("POST", "https://checkout.payments.internal/v71/payments", _headers(it), json.dumps(body))


def azure_config(it: Item) -> dict[str, Any]:
    """A developer platform storing app settings: Azure connection strings, a SAS URL, a Shopify token."""
    g = it.g
    account = "st" + g.chars(10, string.ascii_lowercase + string.digits)
    key = g.azure_key()
    conn = f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={it.secret('azure_key', key)};EndpointSuffix=core.windows.net"
    sig = g.sas_sig()
    sas = (
        f"https://{account}.blob.core.windows.net/exports/report.csv?sv=2022-11-02&ss=b&srt=o&sp=r"
        f"&se=2025-01-01T00:00:00Z&st=2024-06-01T00:00:00Z&spr=https&sig={it.secret('azure_sas', sig, sig.replace('%2B', '+').replace('%2F', '/').replace('%3D', '='))}"
    )
    settings = {
        "AzureWebJobsStorage": conn,
        "EXPORT_URL": sas,
        "SHOPIFY_ACCESS_TOKEN": it.secret("shopify_token", g.shopify()),
        "APP_VERSION": it.kept("version", f"{g.r.randint(1, 9)}.{g.r.randint(0, 40)}.{g.r.randint(0, 9)}"),
        "REGION": it.kept("config", "westeurope"),
        "SVC_BUS": f"Endpoint=sb://{account}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={it.secret('azure_key', g.azure_key()[:44])}",
    }
    body = json.dumps({"properties": settings})
    if g.r.random() < 0.5:  # the settings as a JSON string inside the request (a deployment template)
        body = json.dumps({"template": body, "mode": "Incremental"})
    return it.record("PUT", f"https://mgmt.cloud.internal/sites/{account}/config/appsettings", _headers(it), body)


def gcp_upload(it: Item) -> dict[str, Any]:
    """A CI system receiving a GCP service-account key file as a secret variable."""
    g = it.g
    project = f"{g.pick(('shop', 'billing', 'data'))}-{g.r.randint(100000, 999999)}"
    key_id = g.hexs(40)
    sa = {
        "type": "service_account",
        "project_id": it.kept("config", project),
        "private_key_id": it.secret("gcp_service_account", key_id),
        "private_key": it.secret("private_key", g.pem()),
        "client_email": it.secret("gcp_service_account", f"ci-deployer@{project}.iam.gserviceaccount.com"),
        "client_id": str(g.r.randint(10**20, 10**21 - 1)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    body = {"name": "GCP_SA_KEY", "value": json.dumps(sa, indent=2), "protected": True}
    pat = it.secret("github_pat", g.github_pat())
    return it.record(
        "POST",
        "https://ci.devplatform.internal/api/v4/projects/42/variables",
        _headers(it, f"token {pat}"),
        json.dumps(body),
    )


def bot_calls(it: Item) -> dict[str, Any]:
    """A Telegram bot call and webhooks with secret-like query parameters."""
    g = it.g
    tok = it.secret("telegram_token", g.telegram())
    text = f"{it.name_line()} {it.keep_line()}"
    url = f"https://api.telegram.org/bot{tok}/sendMessage"
    if g.r.random() < 0.5:
        param, value = g.pick(
            (
                ("token", g.chars(40, ALNUM + "-_")),
                ("key", g.chars(39, ALNUM + "_")),
                ("signature", g.hexs(64)),
                ("sig", base64.urlsafe_b64encode(g.r.randbytes(32)).decode().rstrip("=")),
                ("code", g.chars(20, ALNUM) + "." + g.chars(12, ALNUM)),
                ("access_token", g.chars(48, ALNUM)),
                ("X-Amz-Signature", g.hexs(64)),
            )
        )
        url = f"https://hooks.devplatform.internal/v1/ingest?source=ci&{param}={it.secret('query_secret', value)}&page={it.kept('number', str(g.r.randint(2, 9)))}"
    body = json.dumps({"chat_id": int(it.kept("id", str(g.r.randint(10**8, 10**9)))), "text": text}, ensure_ascii=False)
    return it.record("POST", url, [("content-type", "application/json")], body)


def tool_result(it: Item) -> dict[str, Any]:
    """A tool result that is JSON inside a JSON string: its emails come out with a doubly escaped @."""
    g = it.g
    loc, _, _ = g.locale(latin=True)
    email = g.email(g.p.first(loc))
    order = int(it.kept("id", str(g.r.randint(1000, 99999))))
    inner = json.dumps({"customer": {"email": email}, "orders": [order]}).replace("@", "\\u0040")
    local, dom = email.split("@")
    it.secret("escaped_email", email, f"{local}\\u0040{dom}", f"{local}\\\\u0040{dom}")
    content = json.dumps(inner)  # the tool result is a string holding JSON
    body = (
        '{"model":"'
        + it.kept("model", "gpt-4.1-mini")
        + '","messages":[{"role":"tool","tool_call_id":"'
        + it.kept("id", "call_" + g.chars(24))
        + '","content":'
        + content
        + "}]}"
    )
    return it.record("POST", "https://llm.internal/v1/chat/completions", [("content-type", "application/json")], body)


def login_mfa(it: Item) -> dict[str, Any]:
    """A login and its second factor, as a form and as JSON."""
    g = it.g
    if g.r.random() < 0.5:
        form = {
            "username": it.secret("email", g.email()),
            "password": it.secret("password", g.password()),
            "otp": it.secret("otp", g.chars(6, string.digits)),
            "remember": "1",
        }
        return it.record(
            "POST",
            "https://id.devplatform.internal/session",
            [("content-type", "application/x-www-form-urlencoded")],
            urlencode(form),
        )
    if g.r.random() < 0.5:
        body: dict[str, Any] = {"context": "2fa", "code": it.secret("otp", g.chars(6, string.digits))}
    else:
        body = {
            "challenge": "totp",
            "verification_code": it.secret("otp", g.chars(6, string.digits)),
            "device": {"ip": it.secret("ipv6", g.ipv6()), "os": it.kept("version", f"iOS 17.{g.r.randint(0, 5)}.1")},
        }
    return it.record("POST", "https://id.devplatform.internal/mfa/verify", _headers(it), json.dumps(body))


def page(it: Item) -> dict[str, Any]:
    """An HTML page with inline SVG, CSS, a data: image and numbers that are nobody's: all kept."""
    g = it.g
    d = it.kept("svg_path", g.svg_path())
    view = it.kept("svg_viewbox", f"0 0 {g.r.randint(16, 2048)} {g.r.randint(16, 2048)}")
    css = it.kept(
        "css",
        f"margin:{g.r.randint(0, 40)}px {g.r.randint(0, 40)}px;transform:matrix(1,0,0,1,{g.r.randint(100, 999)},{g.r.randint(1000000, 9999999)})",
    )
    img = it.kept(
        "base64_image", "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + g.r.randbytes(90)).decode()
    )
    price = it.kept("price", f"{g.r.randint(1, 9)} {g.r.randint(100, 999)},{g.r.randint(10, 99)} kr")
    sku = it.kept("id", f"{g.r.randint(100, 999)}-{g.r.randint(1000000, 9999999)}")
    ts = it.kept("timestamp", str(g.r.randint(1700000000000, 1799999999999)))
    gtin = it.kept("id", str(g.r.randint(10**12, 10**13 - 1)))
    coords = it.kept("coordinates", f"{g.r.uniform(-80, 80):.7f},{g.r.uniform(-170, 170):.7f}")
    html = (
        f"<!doctype html><html><head><style>.hero{{{css}}}</style></head><body>"
        f'<svg viewBox="{view}" width="24" height="24"><path d="{d}"/></svg>'
        f'<img src="{img}" alt="logo"><span class="price">{price}</span>'
        f'<div data-sku="{sku}" data-ts="{ts}" data-gtin="{gtin}" data-ll="{coords}"></div>'
        f"<footer>{it.keep_line()}</footer></body></html>"
    )
    return it.record(
        "GET",
        f"https://shop.example-store.internal/p/{it.kept('id', str(g.r.randint(10**6, 10**7)))}",
        [("accept", "text/html")],
        None,
        [("content-type", "text/html; charset=utf-8")],
        html,
    )


def geo_json(it: Item) -> dict[str, Any]:
    """A maps API response: coordinates, ids and hashes, and one customer's address and phone."""
    g = it.g
    loc, _, _ = g.locale(latin=True)
    feats = [
        {
            "id": it.kept("id", str(g.r.randint(10**9, 10**10))),
            "geometry": {
                "type": "Point",
                "coordinates": [
                    float(it.kept("coordinates", repr(round(g.r.uniform(-170, 170), 6)))),
                    round(g.r.uniform(-80, 80), 6),
                ],
            },
            "properties": {"etag": it.kept("hash", g.hexs(32)), "zoom": 14, "version": it.kept("version", "3.2.1")},
        }
        for _ in range(2)
    ]
    feats[0]["properties"]["contact"] = {
        "address": it.secret("address", g.p.street(loc)),
        "phone": it.secret("national_phone", g.national_phone()),
    }
    body = json.dumps({"type": "FeatureCollection", "features": feats})
    return it.record(
        "GET",
        "https://maps.devplatform.internal/v2/places?bbox=1,2,3,4",
        [("accept", "application/json")],
        None,
        [("content-type", "application/geo+json")],
        body,
    )


TEMPLATES = (
    support_chat,
    support_chat,
    support_chat,
    ticket_webhook,
    ticket_webhook,
    stripe_form,
    adyen_json,
    azure_config,
    gcp_upload,
    bot_calls,
    tool_result,
    login_mfa,
    page,
    geo_json,
)


def build(seed: int = SEED, n: int = N) -> list[dict[str, Any]]:
    g = Gen(seed)
    return [TEMPLATES[i % len(TEMPLATES)](Item(g, i)) for i in range(n)]


def versions_match() -> bool:
    from importlib.metadata import version

    return all(version(pkg) == v for pkg, v in VERSIONS.items())


def main() -> None:
    with open(OUT, "wb") as fh:
        for rec in build():
            fh.write(orjson.dumps(rec) + b"\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
