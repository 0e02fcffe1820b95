"""Convert presidio-research's synth_dataset_v2.json into a labelled corpus (presidio_synth.jsonl).

Source: https://github.com/microsoft/presidio-research, data/synth_dataset_v2.json at commit 7622dec
(MIT licence, Copyright (c) Microsoft Corporation): 1,500 template sentences filled by Faker, each
with its entity spans. Each sentence becomes a chat request's user message; the spans of kinds replay
redacts are its secrets (the span's text as the needle), organisations and job titles outside them
what it keeps. Usage: python tests/data/redact/from_presidio.py synth_dataset_v2.json > presidio_synth.jsonl
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
KEEP = {"ORGANIZATION": "org", "TITLE": "job_title"}


def convert(records: list[dict]) -> list[dict]:
    out = []
    for i, rec in enumerate(records):
        text, spans = rec["full_text"], rec["spans"]
        secrets = [
            {"kind": KINDS[s["entity_type"]], "needles": [s["entity_value"].strip()]}
            for s in spans
            if s["entity_type"] in KINDS and s["entity_value"].strip()
        ]
        if not secrets:
            continue
        taken = [(s["start_position"], s["end_position"]) for s in spans if s["entity_type"] in KINDS]
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
            "id": f"presidio-{i:04d}",
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
    with open(sys.argv[1], "rb") as fh:
        for rec in convert(orjson.loads(fh.read())):
            sys.stdout.buffer.write(orjson.dumps(rec) + b"\n")
