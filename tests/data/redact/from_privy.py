"""Convert privy's labelled API payloads into a labelled corpus (tests/data/redact/PROVENANCE.md).

privy (pixie-io/pixie src/datagen/pii/privy, Apache-2.0) fills real OpenAPI specs' parameters with
fake values, choosing a provider by keywords in each field's name, and says which provider made
each value. Two inputs: privy's own ``json-spans.json`` (its path and query parameters, one flat
object a line, with the value spans) and ``bodies.jsonl`` (request bodies of the same specs filled by
privy's analyzer and providers: ``{"spec", "base", "method", "path", "body", "fields": [[keypath,
value, privy_type]]}``). Each payload becomes a request: JSON, form-urlencoded or XML bodies of
POST/PUT/PATCH calls and query strings of GET calls.

privy's provider decides the label (TYPES): values of kinds replay redacts are secrets, values it
keeps on purpose (countries, cities, postcodes, currencies, dates that are not a birth date,
genders, ages, nationalities, religions, job titles, companies, URLs) are values to keep;
fragments that identify no one alone (a building number, "Apt. 559", "Mr.") and values whose
nature privy does not know (regex-drawn values, enum members, sha1 ids that may be keys) are in
neither list.
Usage: python tests/data/redact/from_privy.py BODIES.jsonl SPANS.json > privy_payloads.jsonl
"""

from __future__ import annotations

import json
import random
import re
import sys
from urllib.parse import quote, urlencode

import orjson

NAMES = ("person", "name_male", "name_female", "first_name", "first_name_male", "first_name_female")
NAMES += ("first_name_nonbinary", "last_name", "last_name_male", "last_name_female")
SECRET = {
    **dict.fromkeys(NAMES, "name"),
    "address": "address", "street_address": "address", "street_name": "street_name", "date_of_birth": "dob",
    "ssn": "ssn", "passport": "passport", "driver_license": "driver_license", "itin": "tax_id", "email": "email",
    "phone_number": "phone", "ip_address": "ip", "iban": "iban", "bban": "bank_account", "aba": "bank_account",
    "credit_card_number": "card", "mac_address": "mac", "imei": "imei", "license_plate": "license_plate",
    "latitude": "geo", "longitude": "geo", "coordinate": "geo", "password": "password",
}  # fmt: skip
KEEP = {
    "organization": "org", "job": "job_title", "gender": "gender", "age": "age", "nationality": "nationality",
    "nation_woman": "nationality", "nation_man": "nationality", "nation_plural": "nationality",
    "religion": "religion", "country": "place", "country_code": "place", "state": "place", "state_abbr": "place",
    "city": "place", "zipcode": "postcode", "airport_name": "travel", "airport_iata": "travel",
    "airport_icao": "travel", "airline": "travel", "currency_code": "currency", "swift": "bank_code",
    "credit_card_expire": "card_expiry", "date": "date", "date_time": "date", "day_of_week": "date",
    "url": "url", "domain_name": "url", "string": "string", "random_number": "number", "color": "color",
}  # fmt: skip
GEO = {"latitude", "longitude", "coordinate"}
# privy's fallbacks: a random string or number for a field whose name it has no provider for. Under a
# name that says the field is a secret or personal (a card's "number", a "cvc", "client_secret", a
# "holderName"), the value's "not PII" label says only that privy did not know: in neither list.
FALLBACK = {"string", "random_number"}
_TELLING = re.compile(
    r"pass|secret|token|pin|cvc|cvv|sess|sig|key|auth|code|cred|name|holder|addr|street|phone|mail|number|iban"
    r"|account|card|tax|ssn|passport|licen|birth|user|login|otp|ident|owner|contact",
    re.I,
)


def _uninformed(path: str, kind: str) -> bool:
    """privy's fallback value under a telling field name (the field or the object holding it)."""
    parts = re.split(r"[.\[\]]+", path.strip("[]"))
    return kind in FALLBACK and any(_TELLING.search(p) for p in parts[-2:])


_TAG = re.compile(r"[A-Za-z_][\w.-]*\Z")


def _leaves(node: object, path: str = "") -> list[tuple[str, object]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, f"{path}[{k}]" if path else k)]
    if isinstance(node, list):
        return [leaf for i, v in enumerate(node) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, node)]


def _xml(node: object, tag: str = "root") -> str:
    """dicttoxml's shape (privy's XML route): a key that is no tag name becomes <key name="...">."""
    open_, close = (f"<{tag}>", f"</{tag}>") if _TAG.match(tag) else (f'<key name="{_esc(tag)}">', "</key>")
    if isinstance(node, dict):
        return open_ + "".join(_xml(v, k) for k, v in node.items()) + close
    if isinstance(node, list):
        return open_ + "".join(_xml(v, "item") for v in node) + close
    return open_ + _esc(str(node)) + close


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _typed(node: object, kinds: dict[str, str], rng: random.Random) -> object:
    """Numbers as JSON numbers where the provider makes numbers (privy's templates quote everything)."""
    if isinstance(node, dict):
        return {k: _typed(v, kinds, rng) for k, v in node.items()}
    if isinstance(node, list):
        return [_typed(v, kinds, rng) for v in node]
    kind = kinds.get(node) if isinstance(node, str) else None
    if kind == "random_number" and node.isdigit() and node[0] != "0":
        return int(node)
    if kind in GEO and rng.random() < 0.5:
        return float(node)
    return node


def _labels(values: list[tuple[str, str, str]]) -> tuple[list[dict], list[dict]]:
    secrets = [{"kind": SECRET[t], "needles": [v.strip()]} for _, v, t in values if t in SECRET and v.strip()]
    taken = [s["needles"][0].lower() for s in secrets]
    keep, seen = [], set()
    for path, v, t in values:
        v = v.strip()
        low = v.lower()
        if t not in KEEP or len(v) < 4 or v in seen or any(low in n or n in low for n in taken):
            continue
        if _uninformed(path, t):
            continue
        seen.add(v)
        keep.append({"kind": KEEP[t], "needle": v})
    return secrets, keep


def _exchange(i: int, method: str, url: str, ctype: str | None, body: str | None) -> dict:
    req: dict = {"method": method, "url": url, "headers": [["accept", "application/json"]], "body": None}
    if body is not None:
        req["headers"].append(["content-type", ctype])
        req["body"] = {"text": body, "encoding": "utf8", "size": len(body.encode())}
    return {
        "id": f"privy-{i:04d}",
        "request": req,
        "timings": {"start": 1717200000.0 + i, "ttfb": 0.1, "total": 0.3},
        "response": None,
        "redactions": {},
        "meta": {},
        "v": 1,
    }


def _path(path: str, rng: random.Random) -> str:
    return re.sub(r"\{[^}]+\}", lambda _: f"{rng.randrange(16**12):012x}", path)


def from_body(i: int, rec: dict, rng: random.Random) -> dict:
    values = [(p, str(v), t) for p, v, t in rec["fields"]]
    kinds = {str(v): t for _, v, t in rec["fields"]}
    url = rec["base"].rstrip("/") + _path(rec["path"], rng)
    body = _typed(rec["body"], kinds, rng)
    form = [(k, "" if v is None else str(v)) for k, v in _leaves(rec["body"])]
    roll = rng.random()
    if roll < 0.15:
        ex = _exchange(i, "GET", url + "?" + urlencode(form, quote_via=quote), None, None)
    elif roll < 0.35:
        ex = _exchange(i, rec["method"], url, "application/x-www-form-urlencoded", urlencode(form))
    elif roll < 0.45:
        text = '<?xml version="1.0" encoding="UTF-8" ?>' + _xml(rec["body"])
        ex = _exchange(i, rec["method"], url, "application/xml", text)
    else:
        ex = _exchange(i, rec["method"], url, "application/json", orjson.dumps(body).decode())
        # a coordinate written as a JSON number is read back as Python writes that float
        values = [(p, _as_written(v, t, ex), t) for p, v, t in values]
    secrets, keep = _labels(values)
    return {"exchange": ex, "secrets": secrets, "keep": keep}


def _as_written(value: str, kind: str, ex: dict) -> str:
    if kind in GEO and value not in ex["request"]["body"]["text"]:
        return repr(float(value))
    return value


def from_query(i: int, rec: dict) -> dict:
    params = json.loads(rec["fake"], strict=False)  # privy fills its JSON template raw: an address's newlines
    spans = orjson.loads(rec["spans"])
    url = "https://api.example.com/v1/search?" + urlencode([(k, str(v)) for k, v in params.items()], quote_via=quote)
    key_of = {str(v): k for k, v in params.items()}
    secrets, keep = _labels([(key_of.get(s["value"], ""), s["value"], s["type"]) for s in spans])
    return {"exchange": _exchange(i, "GET", url, None, None), "secrets": secrets, "keep": keep}


def main(bodies: str, spans: str) -> None:
    rng = random.Random(20260601)
    out = []
    with open(bodies, "rb") as fh:
        out += [from_body(len(out), orjson.loads(line), rng) for line in fh if line.strip()]
    with open(spans, "rb") as fh:
        for line in fh:
            if line.strip():
                out.append(from_query(len(out), orjson.loads(line)))
    for rec in out:
        if rec["secrets"] or rec["keep"]:
            sys.stdout.buffer.write(orjson.dumps(rec) + b"\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
