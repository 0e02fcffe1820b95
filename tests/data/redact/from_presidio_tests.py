"""Convert presidio's recognizers' own test cases into two labelled corpora (PROVENANCE.md).

microsoft/presidio (MIT, Copyright (c) Presidio Contributors) tests each of its pattern recognizers
(presidio-analyzer/tests/test_*_recognizer.py) with a list of texts, each with the number of values the recognizer
must find in it and, mostly, their character spans: phone numbers, IBANs, cards, IP and MAC addresses, e-mail
addresses, and the national ids, tax ids, passports, driver's licences, health and licence-plate numbers of a score of
countries, written by the recognizers' authors in short sentences ("Here is my National Insurance Number YZ 61 48 68
B", "Meine Steuer-ID: 12345678903.") or alone. This reads those lists with ``ast`` (no code of presidio's is run) and
writes each text holding a value as a user's message: a chat request (three in five), a comments API's JSON or a form
post, as WNUT17's (``from_public._halves``).

Labels: a span the test expects is the value of its recognizer's kind (``KINDS``); dates, URLs and postcodes are
values to keep (replay keeps them on purpose); a firm's or a bank's number (ABN, ACN, UEN, business registration, VAT,
GSTIN, Handelsregister, a practice's BSNR, ABA routing, Swedish organisation numbers) is in neither list: it
identifies no person. A case the test expects no value in (a bad check digit, a wrong length) is left out: a
recognizer's negative is not a value anyone must keep. A case whose value the test gives no span for is kept only
when the whole text is the value (no colon, no lower-case word: "B AB 1234"). Spans of fewer than four letters and
digits ("::1") are left out. The tests of NER models (spaCy, stanza, transformers: names) are not read: their labels
are a model's.

Split by the first byte of the SHA-256 of the message's first labelled value, its letters and digits only, lower
case: even to ``presidio_tests_dev.jsonl``, odd to ``presidio_tests_heldout.jsonl``, so that a value written two
ways ("AL47212110090000000235698741", "AL47 2121 1009 …") or alone and in a sentence falls in one half.

Usage: python tests/data/redact/from_presidio_tests.py PRESIDIO_CHECKOUT (writes both files beside this one)
"""

from __future__ import annotations

import ast
import hashlib
import sys
from pathlib import Path

from from_public import _halves, _write

SECRET = {
    "IBAN_CODE": "iban", "IP_ADDRESS": "ip", "CREDIT_CARD": "card", "EMAIL_ADDRESS": "email", "MAC_ADDRESS": "mac",
    "CRYPTO": "crypto", "US_BANK_NUMBER": "bank_account",
    **dict.fromkeys(("PHONE_NUMBER", "PH_MOBILE_NUMBER", "TR_PHONE_NUMBER"), "phone"),
    **dict.fromkeys(
        ("US_SSN", "UK_NINO", "CA_SIN", "PL_PESEL", "KR_RRN", "KR_FRN", "TH_TNIN", "ZA_ID_NUMBER", "TR_NATIONAL_ID",
         "IN_AADHAAR", "SG_NRIC_FIN", "FI_PERSONAL_IDENTITY_CODE", "SE_PERSONNUMMER", "ES_NIE", "IT_FISCAL_CODE",
         "NG_NIN", "DE_SOCIAL_SECURITY", "IN_VOTER"),
        "national_id",
    ),
    **dict.fromkeys(("US_ITIN", "AU_TFN", "IN_PAN", "DE_TAX_ID", "DE_TAX_NUMBER", "PH_TIN", "ES_NIF"), "tax_id"),
    **dict.fromkeys(("DE_ID_CARD", "IT_IDENTITY_CARD"), "id_card"),
    **dict.fromkeys(
        ("US_PASSPORT", "UK_PASSPORT", "DE_PASSPORT", "ES_PASSPORT", "IN_PASSPORT", "IT_PASSPORT", "KR_PASSPORT"),
        "passport",
    ),
    **dict.fromkeys(
        ("US_DRIVER_LICENSE", "UK_DRIVING_LICENCE", "KR_DRIVER_LICENSE", "IT_DRIVER_LICENSE", "DE_FUEHRERSCHEIN"),
        "driver_license",
    ),
    **dict.fromkeys(
        ("DE_KFZ", "TR_LICENSE_PLATE", "IN_VEHICLE_REGISTRATION", "UK_VEHICLE_REGISTRATION", "NG_VEHICLE_REGISTRATION"),
        "license_plate",
    ),
    **dict.fromkeys(("AU_MEDICARE", "DE_HEALTH_INSURANCE", "UK_NHS", "US_MBI"), "health_id"),
    **dict.fromkeys(("US_NPI", "DE_LANR", "MEDICAL_LICENSE"), "professional_id"),
}  # fmt: skip
KEEP = {"DATE_TIME": "DATE", "URL": "URL", "UK_POSTCODE": "POSTCODE", "DE_PLZ": "POSTCODE"}


def _spans(value: object) -> list[tuple[int, int]] | None:
    """A test's expected positions as (start, end) pairs: ``((0, 9),)``, ``(17, 27)`` or ``()``."""
    if not isinstance(value, tuple | list):
        return None
    if len(value) == 2 and all(isinstance(v, int) for v in value):
        return [(value[0], value[1])]
    if all(isinstance(v, tuple | list) and len(v) == 2 for v in value):
        return [(int(v[0]), int(v[1])) for v in value]
    return None


def _whole(text: str) -> bool:
    """A text that is one value and nothing else ("B AB 1234"): no colon, no lower-case word of three letters."""
    return ":" not in text and not any(w.isalpha() and w.islower() and len(w) >= 3 for w in text.split())


def _cases(source: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """A test file's texts and their expected values' (start, end, presidio entity)."""
    tree = ast.parse(source)
    fixture = [
        ast.literal_eval(r.value)
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef) and f.name == "entities"
        for r in ast.walk(f)
        if isinstance(r, ast.Return) and r.value is not None
    ]
    entities = fixture[0] if fixture else []
    out = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "parametrize" and len(call.args) > 1):
            continue
        if not isinstance(call.args[0], ast.Constant) or not isinstance(call.args[1], ast.List | ast.Tuple):
            continue
        names = [n.strip() for n in call.args[0].value.split(",")]
        text_at = next((names.index(n) for n in ("text", "iban") if n in names), None)
        if text_at is None or "expected_len" not in names:
            continue
        for row in call.args[1].elts:
            try:
                values = dict(zip(names, ast.literal_eval(row), strict=True))
            except (ValueError, TypeError, SyntaxError):
                continue  # an IBAN built by a helper's call: not a literal
            text, count = values[names[text_at]], values["expected_len"]
            kinds = values.get("entities") or entities * max(count, 1)
            if not count or not isinstance(text, str) or (len(set(kinds)) != 1 and "entities" not in values):
                continue
            pos = next(
                (_spans(values[n]) for n in ("expected_positions", "expected_res", "expected_position") if n in values),
                None,
            )
            if "expected_start" in values:
                pos = [(values["expected_start"], values["expected_end"])]
            if not pos:
                pos = [(0, len(text))] if count == 1 and _whole(text.strip()) else []
            out.append((text, [(s, e, kinds[min(i, len(kinds) - 1)]) for i, (s, e) in enumerate(pos)]))
    return out


def _record(text: str, spans: set[tuple[int, int, str]]) -> dict | None:
    """A message and its labelled spans (``from_public``'s record), None when it holds no value to score."""
    out = []
    for start, end, entity in sorted(spans):
        value = text[start:end].strip()
        kind = f"PRESIDIO:{SECRET[entity]}" if entity in SECRET else KEEP.get(entity)
        if kind and sum(c.isalnum() for c in value) >= 4:
            out.append({"entity_type": kind, "entity_value": value, "start_position": start, "end_position": end})
    if not out:
        return None
    first = next((s for s in out if s["entity_type"].startswith("PRESIDIO:")), out[0])["entity_value"]
    key = "".join(c for c in first.lower() if c.isalnum())
    return {"full_text": text, "spans": out, "half": hashlib.sha256(key.encode()).digest()[0] % 2}


def from_presidio_tests(checkout: Path) -> tuple[list[dict], list[dict]]:
    """Every recognizer test's text holding a labelled value, split into a dev and a held-out half."""
    texts: dict[str, set[tuple[int, int, str]]] = {}
    for path in sorted((checkout / "presidio-analyzer" / "tests").glob("test_*_recognizer.py")):
        for text, spans in _cases(path.read_text(encoding="utf-8")):
            texts.setdefault(text, set()).update(spans)
    records = [r for text, spans in texts.items() if (r := _record(text, spans))]
    return _halves(records, len(records), 276)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for half, name in zip(from_presidio_tests(Path(sys.argv[1])), ("dev", "heldout"), strict=True):
        with open(here / f"presidio_tests_{name}.jsonl", "wb") as fh:
            _write(half, f"presidio-tests-{name}", fh)
