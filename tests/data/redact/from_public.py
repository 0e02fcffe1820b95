"""Convert public labelled PII sets into labelled corpora (tests/data/redact/PROVENANCE.md).

- ``presidio``: presidio-research's data/synth_dataset_v2.json (commit 7622dec, MIT, Copyright (c)
  Microsoft Corporation): 1,500 template sentences filled by Faker, with entity spans.
- ``nano``: Nannigalaxy/PII-synthetic_dataset's dataset/pii_syn_nano_en.json (MIT, Copyright (c) 2025
  Nandan Manjunatha): 149 sentences of leaked credentials and ids, with their entities' text.

Each sentence becomes a chat request's user message; the values of kinds replay redacts are its
secrets (the value's text as the needle), organisations, job titles and systems what it keeps.
Usage: python tests/data/redact/from_public.py presidio|nano SOURCE.json > OUT.jsonl
"""

from __future__ import annotations

import sys

import orjson

KINDS = {
    "PERSON": "name",
    "STREET_ADDRESS": "address",
    "CREDIT_CARD": "card",
    "PHONE_NUMBER": "phone",
    "EMAIL_ADDRESS": "email",
    "IBAN_CODE": "iban",
    "US_SSN": "ssn",
    "IP_ADDRESS": "ip",
    "US_DRIVER_LICENSE": "gov_id",
}
KEEP = {"ORGANIZATION": "org", "ORG": "org", "TITLE": "job_title", "SYSTEM": "system"}
NANO = {
    "PERSON": "name", "EMAIL": "email", "PASSWORD": "password", "SSN": "ssn", "PHONE": "phone", "IBAN": "iban",
    "CREDIT_CARD": "card", **dict.fromkeys(("ACCOUNT", "ACCOUNT_NUMBER", "ACCOUNT_NUM"), "bank_account"),
    **dict.fromkeys(("BANK_ACCOUNT", "BANK_ACCOUNT_NUM", "ROUTING_NUMBER"), "bank_account"),
    **dict.fromkeys(("PASSPORT", "PASSPORT_NUM", "TAX_ID", "TAXID", "PAN", "AADHAR", "VOTER_ID", "LICENSE"), "gov_id"),
    **dict.fromkeys(("DRIVER_LICENSE", "DRIVERS_LICENSE", "DRIVER_LICENSE_NUM", "PATIENT_ID", "PID"), "gov_id"),
    **dict.fromkeys(("INSURANCE_ID", "INSURANCE_POLICY_NUM", "MEDICAL_RECORD", "POLICE_ID_NUM"), "gov_id"),
}  # fmt: skip


def _masked(value: str) -> bool:
    """A value the set wrote already masked ("987-XX-XXXX", "*456", "CH29309..."): nothing to find."""
    return "XX" in value or "*" in value or "..." in value


def from_nano(records: list[dict]) -> list[dict]:
    """The nano set's records as presidio's: spans at the first place each entity's text occurs."""
    out = []
    for rec in records:
        spans = []
        for e in rec["NER"]:
            value = e.get("entity", "")
            kind = {**{k: k for k in KEEP}, **{k: "NANO" for k in NANO}}.get(e.get("label", ""))
            at = rec["text"].find(value)
            if kind is None or not value or at < 0 or _masked(value):
                continue
            label = e["label"] if kind != "NANO" else "NANO:" + NANO[e["label"]]
            spans.append(
                {"entity_type": label, "entity_value": value, "start_position": at, "end_position": at + len(value)}
            )
        out.append({"full_text": rec["text"], "spans": spans})
    return out


def kind_of(entity_type: str) -> str | None:
    return entity_type[5:] if entity_type.startswith("NANO:") else KINDS.get(entity_type)


def convert(records: list[dict], prefix: str = "presidio") -> list[dict]:
    out = []
    for i, rec in enumerate(records):
        text, spans = rec["full_text"], rec["spans"]
        secrets = [
            {"kind": kind_of(s["entity_type"]), "needles": [s["entity_value"].strip()]}
            for s in spans
            if kind_of(s["entity_type"]) and s["entity_value"].strip()
        ]
        if not secrets:
            continue
        taken = [(s["start_position"], s["end_position"]) for s in spans if kind_of(s["entity_type"])]
        keep = [
            {"kind": KEEP[s["entity_type"]], "needle": s["entity_value"].strip()}
            for s in spans
            if s["entity_type"] in KEEP
            and len(s["entity_value"].strip()) >= 3
            and not any(a < s["end_position"] and s["start_position"] < b for a, b in taken)
            and not any(s["entity_value"].strip() in t["needles"][0] for t in secrets)
        ]
        body = orjson.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}).decode()
        exchange = {
            "id": f"{prefix}-{i:04d}",
            "request": {
                "method": "POST",
                "url": "https://api.openai.internal/v1/chat/completions",
                "headers": [["content-type", "application/json"]],
                "body": {"text": body, "encoding": "utf8", "size": len(body.encode())},
            },
            "timings": {"start": 1717200000.0 + i, "ttfb": 0.1, "total": 0.3},
            "response": None,
            "redactions": {},
            "meta": {},
            "v": 1,
        }
        out.append({"exchange": exchange, "secrets": secrets, "keep": keep})
    return out


if __name__ == "__main__":
    with open(sys.argv[2], "rb") as fh:
        records = orjson.loads(fh.read())
    if sys.argv[1] == "nano":
        records = from_nano(records)
    for rec in convert(records, sys.argv[1]):
        sys.stdout.buffer.write(orjson.dumps(rec) + b"\n")
