"""Convert public labelled PII sets into labelled corpora (tests/data/redact/PROVENANCE.md).

- ``presidio``: presidio-research's data/synth_dataset_v2.json (commit 7622dec, MIT, Copyright (c)
  Microsoft Corporation): 1,500 template sentences filled by Faker, with entity spans.
- ``nano``: Nannigalaxy/PII-synthetic_dataset's dataset/pii_syn_nano_en.json (MIT, Copyright (c) 2025
  Nandan Manjunatha): 149 sentences of leaked credentials and ids, with their entities' text.
- ``pl``: pl-pii-bench's corpus/ (v1.0.0, commit ddd2a81, data CC BY 4.0, Copyright 2026 Anonimator): Polish
  administrative documents (contracts, invoices, bank statements, letters, identifier sheets) with
  entity spans; each line holding a value of a kind replay redacts is a sentence of its own, and a
  seeded sample of them is kept.
- ``eu``: anonipy-evaluation's data/test_dataset.json and validation_dataset.json (ninakokalj/anonipy-evaluation
  at commit 39b04eb, BSD-2-Clause, Copyright (c) 2024 E3-JSI): sentences a language model wrote in seven
  languages, with token spans under labels in each sentence's own language; the German, French, Italian and
  Dutch ones are kept, their labels read by the words in ``EU``.
- ``meddocan``: SPACCC_MEDDOCAN's corpus/test/brat (PlanTL-GOB-ES/SPACCC_MEDDOCAN at commit 783a6df, CC BY 4.0,
  Copyright (c) 2019 SEAD): Spanish clinical case reports with a patient record's header ("Nombre:", "NHC:",
  "NASS:", "Domicilio:") and PHI spans in brat standoff; each header becomes an API payload (JSON or a form, one
  field a line), each line of the report after it that holds a secret a chat request's user message.
- ``wnut``: the WNUT 2017 emerging-entities set's dev and test files (leondz/emerging_entities_17 at commit
  e52a2d2, CC BY 4.0): tweets, Reddit, YouTube and Stack Overflow comments tokenized one token a line, with
  person, location, corporation, product, group and creative-work tags; each comment holding a person or a
  place, firm or product is a user's message (a chat request, a comments API's JSON or a form post), written
  to a dev half and a held-out half by a hash of its text.
- ``btc``: the Broad Twitter Corpus' sections B and H (GateNLP/broad_twitter_corpus at commit 0c45ef7, CC BY 4.0):
  tweets tokenized one token a line, tagged with persons, locations and organisations; written as WNUT17's are, to
  btc_dev.jsonl and btc_heldout.jsonl.
- ``tab``: the Text Anonymization Benchmark's ECHR judgments (NorskRegnesentral/text-anonymization-benchmark, MIT) as
  tama0728/TAB_tester's tab_entity_data_144.jsonl (at 7ab409a) holds them: the first ~4,000 characters of 144 of
  TAB's documents with one annotator's mentions; each paragraph holding a labelled value is a chat request's user
  message, written to tab_dev.jsonl and tab_heldout.jsonl by a hash of its document's id.
- ``gum``: the GUM corpus' conversations, vlogs, interviews and speeches (amir-zeldes/gum at commit 72ce5ac,
  dep/*.conllu; annotations CC BY 4.0, these genres' texts CC BY or public domain): every mention of an entity
  annotated in the CoNLL-U's Entity column; each paragraph or speaker's turn holding a person's name, a place or an
  organisation a chat request's user message, written to gum_dev.jsonl and gum_heldout.jsonl by a hash of its
  document's name.
- ``so``: the StackOverflow NER corpus' Stack Overflow questions and answers and GitHub issue comments
  (jeniyat/StackOverflowNER at commit d1f408d, MIT; the posts' text CC BY-SA under Stack Overflow's and GitHub's
  terms): developers' posts tokenized one token a line, tagged with user names and 25 kinds of software entity; each
  post a chat request's user message, written to stackoverflow_dev.jsonl and stackoverflow_heldout.jsonl by a hash
  of its thread (a question and its answers, an issue).

Each sentence becomes a chat request's user message; the values of kinds replay redacts are its
secrets (the value's text as the needle), organisations, job titles and systems what it keeps.
Usage: python tests/data/redact/from_public.py presidio|nano SOURCE.json > OUT.jsonl
       python tests/data/redact/from_public.py pl PL_PII_BENCH/corpus > OUT.jsonl
       python tests/data/redact/from_public.py eu TEST.json VALIDATION.json > OUT.jsonl
       python tests/data/redact/from_public.py meddocan SPACCC_MEDDOCAN/corpus/test/brat > OUT.jsonl
       python tests/data/redact/from_public.py wnut emerging.dev.conll emerging.test.annotated (writes two files)
       python tests/data/redact/from_public.py btc b.conll h.conll (writes two files)
       python tests/data/redact/from_public.py tab tab_entity_data_144.jsonl (writes two files)
       python tests/data/redact/from_public.py gum GUM/dep/*.conllu (writes two files)
       python tests/data/redact/from_public.py so train.txt dev.txt test.txt GH_test_set.txt (writes two files)
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

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
KEEP = {"ORGANIZATION": "org", "ORG": "org", "TITLE": "job_title", "SYSTEM": "system", "PLACE": "place", "DATE": "date"}
KEEP["PRODUCT"] = "product"
KEEP |= {"URL": "url", "POSTCODE": "postcode"}  # presidio's recognizers' tests (from_presidio_tests.py)
NANO = {
    "PERSON": "name", "EMAIL": "email", "PASSWORD": "password", "SSN": "ssn", "PHONE": "phone", "IBAN": "iban",
    "CREDIT_CARD": "card", **dict.fromkeys(("ACCOUNT", "ACCOUNT_NUMBER", "ACCOUNT_NUM"), "bank_account"),
    **dict.fromkeys(("BANK_ACCOUNT", "BANK_ACCOUNT_NUM", "ROUTING_NUMBER"), "bank_account"),
    **dict.fromkeys(("PASSPORT", "PASSPORT_NUM", "TAX_ID", "TAXID", "PAN", "AADHAR", "VOTER_ID", "LICENSE"), "gov_id"),
    **dict.fromkeys(("DRIVER_LICENSE", "DRIVERS_LICENSE", "DRIVER_LICENSE_NUM", "PATIENT_ID", "PID"), "gov_id"),
    **dict.fromkeys(("INSURANCE_ID", "INSURANCE_POLICY_NUM", "MEDICAL_RECORD", "POLICE_ID_NUM"), "gov_id"),
}  # fmt: skip


# pl-pii-bench's labels: a LOC with a number is an address; what replay keeps on purpose (organisations,
# cities and regions, postcodes) is kept; a street with no number ("ulicy Kwiatowej") and companies'
# REGON numbers are in neither list.
PL = {
    "PERSON": "name", "PESEL": "national_id", "DOWOD": "id_card", "NIP": "tax_id", "IBAN": "iban",
    "PAYMENT_CARD": "card", "PHONE": "phone", "EMAIL": "email", "PASSPORT": "passport", "DOB": "dob",
    "DRIVING_LICENSE": "driver_license", "VEHICLE_PLATE": "license_plate", "VIN": "vin",
}  # fmt: skip
PL_KEEP = {"ORG": "ORGANIZATION", "POSTAL": "PLACE", "LOC": "PLACE"}
PL_LANES = ("core", "identifiers", "address")
PL_SAMPLE = 400
# "Paszport: HZ6088057", "Nr rej.: WX 22488B": the set's span holds the label before the value.
_PL_LABEL = re.compile(r"^[^\d:]{2,20}:\s*")


def _pl_span(e: dict, base: int) -> dict | None:
    label, text = e["label"], e["text"]
    if label == "LOC" and any(c.isdigit() for c in text):
        label = "address"
    elif label == "LOC" and e.get("address_form") == "street-only":
        return None
    value = text if label not in PL else _PL_LABEL.sub("", text)
    kind = "PL:" + PL.get(label, label) if label in PL or label == "address" else PL_KEEP.get(label)
    if kind is None:
        return None
    start = e["end"] - len(value) - base
    return {"entity_type": kind, "entity_value": value, "start_position": start, "end_position": start + len(value)}


def from_pl(corpus: Path) -> list[dict]:
    """pl-pii-bench's documents as presidio's records: one a line (its indent dropped), the lines holding
    a secret, each once, a seeded sample of PL_SAMPLE of them."""
    lines: dict[str, list[dict]] = {}
    for lane in PL_LANES:
        for path in sorted((corpus / lane).glob("*.json")):
            doc = orjson.loads(path.read_bytes())
            at = 0
            for line in doc["text"].split("\n"):
                end, base = at + len(line), at + len(line) - len(line.lstrip())
                spans = [_pl_span(e, base) for e in doc["entities"] if at <= e["start"] and e["end"] <= end]
                spans = [s for s in spans if s is not None]
                if any(s["entity_type"].startswith("PL:") for s in spans):
                    lines.setdefault(line.strip(), spans)
                at = end + 1
    picked = random.Random(7).sample(sorted(lines), min(PL_SAMPLE, len(lines)))
    return [{"full_text": text, "spans": lines[text]} for text in picked]


# anonipy-evaluation's labels are free words in the sentence's language ("numéro de passeport", "targa veicolo",
# "persoonlijke naam"): the first rule whose word the label holds names the kind; a label no rule holds is in
# neither list. An id's kind counts only for a value with a digit ("dokument: Reisepass" names a document).
EU_LANGS = ("German", "French", "Italian", "Dutch")
EU = (
    ("iban", "iban"), ("mail", "email"),
    *((w, "phone") for w in ("telefon", "téléphone", "phone", "fax", "cellulare", "numero di contatto")),
    *((w, "ip") for w in ("ip adres", "ip-adres", "adresse ip", "indirizzo ip")),
    *((w, "card") for w in ("kreditkartennummer", "carte bancaire", "carte de crédit", "carta di debito")),
    ("creditcard", "card"),
    *((w, "passport") for w in ("reisepassnummer", "passeport", "passaporto", "paspoort")),
    *((w, "driver_license") for w in ("führerschein", "permis de conduire", "patente", "rijbewijs")),
    *((w, "license_plate") for w in ("kennzeichen", "immatriculation", "targa", "kenteken", "plaque")),
    *((w, "tax_id") for w in ("steuer", "fiscal", "partita iva", "belasting")),
    *((w, "national_id") for w in ("sécurité sociale", "previdenza sociale", "burgerservice", "bsn")),
    *((w, "id_card") for w in ("carte d'identité", "carta d'identità", "identiteitskaart", "personalausweis")),
    *((w, "dob") for w in ("geburtsdatum", "date de naissance", "data di nascita", "geboortedatum")),
    *((w, "bank_account") for w in ("kontonummer", "numéro de compte", "numéro compte", "numero di conto")),
    *((w, "bank_account") for w in ("numero conto", "rekeningnummer")),
    *((w, "address") for w in ("anschrift", "straße", "adresse", "adres", "indirizzo", "address")),
)  # fmt: skip
EU_PERSON = frozenset(
    {"person", "name", "personenname", "nom", "nom complet", "personne", "nome", "persona", "nome completo", "naam"}
    | {"persoon", "persoonlijke naam", "persoon naam", "persoonlijk naam", "patiënt naam", "patiëntnaam"}
)
EU_KEEP = {
    **dict.fromkeys(("organisation", "organisatie", "organizzazione", "organization", "unternehmen"), "ORGANIZATION"),
    **dict.fromkeys(("entreprise", "azienda", "bedrijf", "firma", "société", "company"), "ORGANIZATION"),
    **dict.fromkeys(("stadt", "ville", "città", "plaats", "stad", "city", "ort"), "PLACE"),
}  # fmt: skip


def _eu_kind(label: str, value: str) -> str | None:
    label = label.lower()
    if label in EU_PERSON:
        return "EU:name" if value[:1].isupper() and not any(c.isdigit() for c in value) else None
    if label in EU_KEEP:
        return EU_KEEP[label]
    kind = next((k for w, k in EU if w in label), None)
    if kind is None or (kind != "email" and not any(c.isdigit() for c in value)):
        return None
    return "EU:" + kind


def from_eu(records: list[dict]) -> list[dict]:
    """anonipy-evaluation's sentences of EU_LANGS as presidio's records: each token found in the text in
    turn, a span from its first token's start to its last's end (a full stop the tokenizer left on a
    last token dropped), the first label of a span kept."""
    out = []
    for rec in records:
        if rec["language"] not in EU_LANGS:
            continue
        text, at, marks = rec["text"], 0, []
        for tok in rec["tokenized_text"]:
            at = text.index(tok, at)
            marks.append((at, at + len(tok)))
            at += len(tok)
        spans, taken = [], set()
        for first, last, label in rec["ner"]:
            start, end = marks[first][0], marks[last][1]
            value = text[start:end].rstrip(".,;:")
            kind = _eu_kind(label, value)
            if kind is None or (start, end) in taken:
                continue
            taken.add((start, end))
            spans.append(
                {"entity_type": kind, "entity_value": value, "start_position": start}
                | {"end_position": start + len(value)}
            )
        out.append({"full_text": text, "spans": spans})
    return out


# MEDDOCAN's labels: a street with a number is an address (with none, in neither list); a date is a birth date
# on its header's "Fecha de nacimiento" line, else a date to keep; a clinical record's ids (NHC, episode, CIPA)
# are patient_id, the social security number (NASS) national_id, a doctor's board number professional_id; ages,
# sexes and relatives ("su madre") are in neither list; regions, postcodes, countries, hospitals kept.
MD = {
    "NOMBRE_SUJETO_ASISTENCIA": "name", "NOMBRE_PERSONAL_SANITARIO": "name", "CALLE": "address",
    "CORREO_ELECTRONICO": "email", "NUMERO_TELEFONO": "phone", "NUMERO_FAX": "phone",
    "ID_SUJETO_ASISTENCIA": "patient_id", "ID_CONTACTO_ASISTENCIAL": "patient_id", "ID_ASEGURAMIENTO": "national_id",
    "ID_TITULACION_PERSONAL_SANITARIO": "professional_id",
}  # fmt: skip
MD_KEEP = {"TERRITORIO": "PLACE", "PAIS": "PLACE", "HOSPITAL": "ORGANIZATION", "INSTITUCION": "ORGANIZATION"}
MD_KEEP |= {"CENTRO_SALUD": "ORGANIZATION", "PROFESION": "TITLE"}
# A header line: a short label, a colon, its value ("NHC: 5467980."); the report's first long line ends the header.
_MD_FIELD = re.compile(r"^\ufeff?\s*([^:\n]{2,40}):\s*(.*?)\.?\s*$")
_MD_REPORT = 160


def _md_span(label: str, value: str, line: str, start: int) -> dict | None:
    if label == "FECHAS":
        kind = "MD:dob" if line.lstrip("\ufeff ").lower().startswith("fecha de nacimiento") else "DATE"
    elif label in MD:
        kind = "MD:" + MD[label] if label[:3] not in ("CAL", "ID_", "NUM") or any(c.isdigit() for c in value) else None
    else:
        kind = MD_KEEP.get(label)
    if kind is None:
        return None
    return {"entity_type": kind, "entity_value": value, "start_position": start, "end_position": start + len(value)}


def _md_key(label: str) -> str:
    """A header's label as an API's field name: "Fecha de nacimiento" is fecha_de_nacimiento, "NºCol" n_col."""
    ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_.lower()).strip("_") or "campo"


def from_meddocan(brat: Path) -> list[dict]:
    """MEDDOCAN's reports as presidio's records: each header (its "Label: value" lines before the first long
    line) one record whose ``fields`` are its lines' labels and values, its body JSON for one report in two and
    a form for the other; each later line holding a secret a record of its own."""
    out = []
    for n, path in enumerate(sorted(brat.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        anns = [ln.split("\t") for ln in path.with_suffix(".ann").read_text(encoding="utf-8").splitlines()]
        ents = [(a[1].split()[0], int(a[1].split()[1]), int(a[1].split()[2]), a[2]) for a in anns if a[0][:1] == "T"]
        head, spans, fields, at, header = [], [], [], 0, True
        for line in text.split("\n"):
            end = at + len(line)
            header = header and len(line) < _MD_REPORT
            field = _MD_FIELD.match(line) if header else None
            # a span's place in the record's text: in its header, or in its line
            base = sum(len(h) + 1 for h in head) if field else 0
            found = [
                _md_span(lb, v, line, s - at + base) for lb, s, e, v in ents if at <= s and e <= end and text[s:e] == v
            ]
            found = [s for s in found if s is not None]
            if field:
                key = _md_key(field[1])
                fields.append([key if key not in dict(fields) else f"{key}_{len(fields)}", field[2]])
                head.append(line)
                spans += found
            elif not header and any(s["entity_type"].startswith("MD:") for s in found):
                out.append({"full_text": line, "spans": found})
            at = end + 1
        out.append({"full_text": "\n".join(head), "spans": spans, "fields": fields, "shape": ("json", "form")[n % 2]})
    return out


# WNUT17's tags: a person is a name; places, firms and products are kept; a group or a creative work is in neither
# list (a band or a film is often named after a person: "Dave Matthews Band", "Harry Potter").
WNUT_KEEP = {"location": "PLACE", "corporation": "ORGANIZATION", "product": "PRODUCT"}
WNUT_SAMPLE = 520
# The Broad Twitter Corpus' tags: a person is a name (or a handle: "@jdoe" tagged as a person); places and
# organisations are kept.
BTC_KEEP = {"LOC": "PLACE", "ORG": "ORGANIZATION"}
BTC_SAMPLE = 640
# A comment's shape on the wire: chat requests mostly, some a comments API's JSON or a form post (url, field).
WNUT_SHAPES = (None, None, None, ("json", "https://forum.internal/api/comments", "body"))
WNUT_SHAPES += (("form", "https://forum.internal/comments/new", "comment"),)
# Tokens a writer puts no space before, and those after which none follows ("@ user" was "@user", "did n ' t" "didn't").
_NO_SPACE_BEFORE = frozenset({",", ".", "!", "?", ":", ";", ")", "'", "_", "/"})
_NO_SPACE_AFTER = frozenset({"@", "#", "(", "_", "/"})
# The BTC's tokenizer keeps a clitic whole ("Doug 's" was "Doug's").
_CLITICS = frozenset({"'s", "n't", "'re", "'m", "'ll", "'ve", "'d", "’s"})


def _glued(tokens: list[str], i: int) -> bool:
    """Whether token ``i`` follows the one before it with no space."""
    prev, tok, after = tokens[i - 1], tokens[i], tokens[i + 1 : i + 3]
    return (
        tok in _NO_SPACE_BEFORE
        or prev in _NO_SPACE_AFTER
        or (prev[-1:] in ("-", "'") and len(prev) > 1)
        or (prev == "'" and tok.isalpha() and len(tok) <= 2)
        or (tok == "n" and after == ["'", "t"])
        or tok in _CLITICS
    )


# The halves were first drawn by the hash of a simpler joining's text (these tokens with no space before them, the
# three before with none after), and the first half's misses were read then: the key stays, so that no document of
# the held-out half was ever read.
_SPLIT_BEFORE = frozenset({",", ".", "!", "?", ":", ";", ")", "'s", "n't", "'", "'re", "'m", "'ll", "'ve"})


def _split_half(tokens: list[str]) -> int:
    """0 (dev) or 1 (held out) for a document's tokens."""
    key = tokens[0] + "".join(
        ("" if t in _SPLIT_BEFORE or p in ("@", "#", "(") else " ") + t for p, t in itertools.pairwise(tokens)
    )
    return hashlib.sha256(key.encode()).digest()[0] % 2


def _conll_docs(path: Path) -> list[list[tuple[str, str]]]:
    """A CoNLL file's documents: each a list of (token, tag), a blank line between documents."""
    docs: list[list[tuple[str, str]]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        token, _, tag = line.partition("\t")
        if token.strip():
            docs[-1].append((token, tag.strip() or "O"))
        elif docs[-1]:
            docs.append([])
    return [d for d in docs if d]


def _wnut_record(
    doc: list[tuple[str, str]], person: str = "person", keep: dict[str, str] = WNUT_KEEP, handle: str = "WNUT:name"
) -> dict:
    """A document's text, its tokens joined as a writer would, with a span for each tagged entity: ``person``'s
    label a name (of kind ``handle`` when the span is a handle, "@jdoe"), ``keep``'s labels values to keep."""
    text, spans, tokens = "", [], [t for t, _ in doc]
    for i, (token, tag) in enumerate(doc):
        if i and not _glued(tokens, i):
            text += " "
        start = len(text)
        text += token
        label = tag[2:]
        if tag.startswith("I-") and spans and spans[-1]["label"] == label:
            spans[-1]["end_position"] = len(text)
        elif tag[:2] in ("B-", "I-"):
            spans.append({"label": label, "start_position": start, "end_position": len(text)})
    out = []
    for s in spans:
        value = text[s["start_position"] : s["end_position"]]
        kind = (handle if value[:1] == "@" else "WNUT:name") if s["label"] == person else keep.get(s["label"])
        if kind:
            out.append({"entity_type": kind, "entity_value": value} | s)
    return {"full_text": text, "spans": out}


def _halves(records: list[dict], sample: int, seed: int) -> tuple[list[dict], list[dict]]:
    """A seeded sample of the records holding a tagged value, each in one of WNUT_SHAPES by its place in the
    sample, split into a dev half and a held-out half by each record's ``half``."""
    records = [r for r in records if r["spans"]]
    picked = random.Random(seed).sample(records, min(sample, len(records)))
    halves: tuple[list[dict], list[dict]] = ([], [])
    for i, rec in enumerate(picked):
        rec["harmless"] = True  # a comment with no one's name in it still scores what is kept
        shape = WNUT_SHAPES[i % len(WNUT_SHAPES)]
        if shape:
            rec |= {"shape": shape[0], "url": shape[1], "fields": [[shape[2], rec["full_text"]], ["thread", str(i)]]}
        halves[rec["half"]].append(rec)
    return halves


def from_wnut(paths: list[Path]) -> tuple[list[dict], list[dict]]:
    """WNUT17's comments holding a person, a place, a firm or a product: a seeded sample of WNUT_SAMPLE, split
    into a dev half and a held-out half by ``_split_half``."""
    records = [_wnut_record(d) | {"half": _split_half([t for t, _ in d])} for p in paths for d in _conll_docs(p)]
    return _halves(records, WNUT_SAMPLE, 17)


def _at_joined(doc: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The BTC's "@" and the handle after it as one token, tagged as either part is ("@ B-PER, jdoe B-PER" and
    "@ O, jdoe B-PER" are both a person's handle)."""
    out: list[tuple[str, str]] = []
    for token, tag in doc:
        if out and out[-1][0] == "@":
            at_tag = out.pop()[1]
            out.append(("@" + token, "B-" + tag[2:] if tag != "O" else at_tag))
        else:
            out.append((token, tag))
    return out


def from_btc(paths: list[Path]) -> tuple[list[dict], list[dict]]:
    """The Broad Twitter Corpus' tweets holding a person, a place or an organisation (not as a handle): a seeded
    sample of BTC_SAMPLE, split into a dev half and a held-out half by the first byte of the SHA-256 of their tokens."""
    records = [
        _wnut_record(d, "PER", BTC_KEEP, "WNUT:handle")
        | {"half": hashlib.sha256("\n".join(t for t, _ in d).encode()).digest()[0] % 2}
        for p in paths
        for d in map(_at_joined, _conll_docs(p))
    ]
    for rec in records:  # every handle is redacted, a firm's too (PROVENANCE.md): a handle is not a value to keep
        rec["spans"] = [s for s in rec["spans"] if s["entity_type"] not in KEEP or s["entity_value"][:1] != "@"]
    return _halves(records, BTC_SAMPLE, 16)


# TAB's mentions (one annotator's a document): a person to mask (DIRECT or QUASI) is a name, its honorific left out of
# the needle when a name of three letters or more is left ("Mr E. Kanar" is "E. Kanar", "Mr X" stays whole); a full
# date right after "born" (on, in) is a date of birth (a year alone, "born in 1974", is in neither list: replay keeps
# a year, tests/redact/test_said.py); a place holding a digit is an address; what replay keeps on purpose
# is kept: organisations (courts, ministries, prisons, parties), places without a digit (the lead's rule: a city alone
# stays), other dates, and application numbers ("no. 40593/04": the court's public reference of a case, not a
# person's id). Demographics, quantities, other codes, miscellany and persons not to mask are in neither list.
TAB_KEEP = {"ORG": "ORGANIZATION", "LOC": "PLACE", "DATETIME": "DATE", "CODE": "CASE_NO"}
KEEP["CASE_NO"] = "case_no"
TAB_SAMPLE = 400
_TAB_TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Judge|Professor|Sir|Lord|Lady)\.?\s+")
# "born in 1974", "born on 2 May 1950", and the dates listed after one ("were born in 1925 and 1927")
_TAB_BORN = re.compile(r"\bborn\s+(?:(?:on|in)\s+)?(?:(?:\d{1,2}\s+\w+\s+)?\d{4}(?:,\s*|\s+and\s+|,\s+and\s+))*$")
_TAB_CASE_NO = re.compile(r"\d{1,6}/\d{2}")


def _tab_span(e: dict, text: str, base: int) -> dict | None:
    kind, value = e["entity_type"], e["span_text"]
    masked = e["identifier_type"] in ("DIRECT", "QUASI")
    if kind == "PERSON":
        name = _TAB_TITLE.sub("", value)
        kind, value = ("TAB:name", name if sum(c.isalpha() for c in name) >= 3 else value) if masked else (None, value)
    elif kind == "DATETIME" and _TAB_BORN.search(text[max(0, e["start_offset"] - 60) : e["start_offset"]]):
        kind = "TAB:dob" if not value.isdigit() else None  # a year alone: replay keeps it (tests/redact/test_said)
    elif kind == "LOC" and any(c.isdigit() for c in value):
        kind = "TAB:address"
    elif kind == "CODE" and not _TAB_CASE_NO.fullmatch(value):
        kind = None
    else:
        kind = TAB_KEEP.get(kind)
    if kind is None:
        return None
    start = e["end_offset"] - len(value) - base
    return {"entity_type": kind, "entity_value": value, "start_position": start, "end_position": start + len(value)}


def from_tab(path: Path) -> tuple[list[dict], list[dict]]:
    """TAB's court judgments (one annotator's mentions a document) cut into paragraphs of 40 characters or more:
    every one holding a secret and a seeded sample of TAB_SAMPLE of those holding values to keep only, split into a
    dev half and a held-out half by the first byte of the SHA-256 of their document's id (a document's paragraphs
    share its names)."""
    records = []
    for line in path.read_bytes().splitlines():
        doc = orjson.loads(line)
        text, at = doc["text"], 0
        half = hashlib.sha256(doc["metadata"]["provenance"]["doc_id"].encode()).digest()[0] % 2
        for para in text.split("\n\n"):
            end = at + len(para)
            inside = [e for e in doc["entities"] if at <= e["start_offset"] < e["end_offset"] <= end]
            spans = [s for s in (_tab_span(e, text, at) for e in inside) if s is not None]
            if len(para) >= 40 and spans:
                records.append({"full_text": para, "spans": spans, "half": half, "harmless": True})
            at = end + 2
    return _sampled_halves(records, "TAB:", TAB_SAMPLE, 67)


def _sampled_halves(records: list[dict], secret: str, sample: int, seed: int) -> tuple[list[dict], list[dict]]:
    """Every record holding a secret (a span whose type starts with ``secret``) and a seeded sample of ``sample`` of
    the others, shuffled, each in its ``half``."""
    rng = random.Random(seed)
    named = [r for r in records if any(s["entity_type"].startswith(secret) for s in r["spans"])]
    rest = [r for r in records if r not in named]
    halves: tuple[list[dict], list[dict]] = ([], [])
    picked = named + rng.sample(rest, min(sample, len(rest)))
    for rec in rng.sample(picked, len(picked)):
        halves[rec["half"]].append(rec)
    return halves


# GUM's spoken and informal genres whose texts are CC BY or public domain (PROVENANCE.md): conversations, vlogs,
# interviews and speeches. Every mention of an entity is annotated, pronouns and descriptions too: a name is a run of
# proper nouns (NNP) of a person's mention holding the mention's head, a leading title or kin word left out ("Mr. Bos"
# is "Bos", "Uncle Bob" is "Bob"); such a word alone ("Mom", "the President"), a deity, a role ("International
# President") or a group (a plural head: "Senate Republicans") is in neither list. A person inside a named thing
# ("Hewlett Foundation", "Pittock Mansion") is that thing's. Runs of proper nouns heading a place or an organisation
# are values to keep.
GUM_GENRES = ("conversation", "vlog", "interview", "speech")
GUM_KEEP = {"place": "PLACE", "organization": "ORGANIZATION"}
GUM_SAMPLE = 200
GUM_CHUNK = 600
_GUM_TITLES = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "doctor", "professor", "prof.", "sir", "lord",
    "lady", "madam", "president", "senator", "governor", "mayor", "king", "queen", "prince", "princess", "pope",
    "saint", "st.", "general", "captain", "sergeant", "officer", "judge", "minister", "secretary", "chairman",
    "prime", "reverend", "father", "sister", "brother", "uncle", "aunt", "auntie", "mom", "mommy", "mum", "dad",
    "daddy", "mama", "papa", "grandma", "grandpa", "granny", "nana", "nonna", "grandmother", "grandfather", "coach",
    "god", "allah", "jesus", "christ", "devil", "vice", "speaker", "chair", "chairwoman", "chairperson", "director",
    "member", "members", "congressman", "congresswoman", "representative", "rep.", "sen.", "democrat", "republican",
    "pilot", "chief", "commissioner", "ambassador", "detective", "lieutenant", "colonel", "sheriff", "deputy",
    "leader", "majority", "minority", "united", "states", "house", "justice", "attorney", "chancellor", "founder",
    "ceo", "special", "judiciary", "guest",
})  # fmt: skip
_GUM_ENTITY = re.compile(r"\(\d+-[^()]*\)?|\d+\)")  # "(5-person-new-...-Leonardo_Nierman", "(2-person-...)", "5)"
_PROPER = ("NNP", "NNPS")


class _GumWord(NamedTuple):
    form: str
    space: bool  # a space follows
    pos: str  # "" for a contraction's surface form, whose words are not shown
    head: int  # the word its dependency points to (a document's index), -1 for a sentence's root or none
    entity: int  # its innermost entity (our number), -1 for none


def _gum_words(path: Path) -> tuple[list[_GumWord], list[list[int]], list[str], list[int]]:
    """A GUM document's words, its paragraphs (a `# newpar` block: a paragraph or a speaker's turn) as the indices
    of the words shown, each entity's type and each entity's enclosing entity (-1 for none)."""
    words: list[_GumWord] = []
    paras: list[list[int]] = [[]]
    kinds: list[str] = []
    parents: list[int] = []
    stack: list[tuple[str, int]] = []  # the open entities: GUM's id, our number
    span, sentence = range(0), 0
    where: dict[tuple[int, int], int] = {}  # (sentence, a word's number) -> the word's index
    pointed: dict[int, tuple[int, int]] = {}  # a word's index -> (sentence, its head's number)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newpar") and not line.startswith("# newpar_block") and paras[-1]:
            paras.append([])
        if line.startswith("# sent_id"):
            span, sentence = range(0), sentence + 1
        cols = line.split("\t")
        if len(cols) != 10 or "." in cols[0]:
            continue
        misc = dict(f.partition("=")[::2] for f in cols[9].split("|") if "=" in f)
        space = misc.get("SpaceAfter") != "No"
        if "-" in cols[0]:  # a contraction's surface form ("you've") is shown; its words' lines follow
            first, last = cols[0].split("-")
            span = range(int(first), int(last) + 1)
            paras[-1].append(len(words))
            words.append(_GumWord(cols[1], space, "", -1, -1))
            continue
        closing = []
        for part in _GUM_ENTITY.findall(misc.get("Entity", "")):
            if part[0] == "(":
                ident, etype = part[1:].split("-")[:2]
                parents.append(stack[-1][1] if stack else -1)
                stack.append((ident, len(kinds)))
                kinds.append(etype)
                closing += [ident] if part[-1] == ")" else []
            else:
                closing.append(part[:-1])
        if int(cols[0]) not in span:
            paras[-1].append(len(words))
        where[sentence, int(cols[0])] = len(words)
        pointed[len(words)] = (sentence, int(cols[6]))
        words.append(_GumWord(cols[1], space, cols[4], -1, stack[-1][1] if stack else -1))
        for ident in closing:  # the innermost open entity of that id ends here
            del stack[max(i for i, e in enumerate(stack) if e[0] == ident)]
    words = [w._replace(head=where.get(pointed[i], -1)) if i in pointed else w for i, w in enumerate(words)]
    return words, [p for p in paras if p], kinds, parents


def _gum_labelled(path: Path) -> Iterator[list[tuple[str, bool, str]]]:
    """A GUM document's paragraphs, each word as (form, space after, label): "GUM:name", "PLACE" or "ORGANIZATION"
    for a run of proper nouns holding the head of a person's, a place's or an organisation's mention, else ""."""
    words, paras, kinds, parents = _gum_words(path)
    members: list[set[int]] = [set() for _ in kinds]
    for i, w in enumerate(words):
        e = w.entity
        while e >= 0:
            members[e].add(i)
            e = parents[e]
    heads = [{i for i in m if words[i].head not in m} for m in members]
    owner = list(range(len(kinds)))  # a person inside a named thing is the thing's
    for e, parent in enumerate(parents):
        named = parent >= 0 and any(words[i].pos in _PROPER for i in heads[parent] - members[e])
        if parent >= 0 and (owner[parent] != parent or (kinds[e] == "person" != kinds[parent] and named)):
            owner[e] = owner[parent]
    for para in paras:
        shown = [words[i] for i in para]
        out: list[tuple[str, bool, str]] = []
        for e, group in itertools.groupby(zip(para, shown, strict=True), key=lambda iw: _gum_owner(iw[1], owner)):
            run = list(group)
            label = ("GUM:name" if kinds[e] == "person" else GUM_KEEP.get(kinds[e], "")) if e is not None else ""
            if label and (not any(i in heads[e] for i, _ in run) or (label == "GUM:name" and run[-1][1].pos == "NNPS")):
                label = ""  # not the mention's head ("a Nobel Peace Prize recipient"), a group ("Senate Republicans")
            out += [(w.form, w.space, label if w.pos in _PROPER else "") for _, w in run]
        yield out


def _gum_owner(word: _GumWord, owner: list[int]) -> int | None:
    """The entity a proper noun's run belongs to, None for another word or none."""
    return owner[word.entity] if word.entity >= 0 and word.pos in _PROPER else None


def _gum_record(words: list[tuple[str, bool, str]]) -> dict:
    """A paragraph's text and its spans: a name's run without its leading titles, unless a title, a role or a
    group; a place's or an organisation's run as it is."""
    text, spans = "", []
    for (form, space, label), (_, _, before) in zip(words, [("", False, ""), *words], strict=False):
        if label and label == before:
            spans[-1][1].append((len(text), form))
        elif label:
            spans.append((label, [(len(text), form)]))
        text += form + (" " if space else "")
    out = []
    for label, run in spans:
        if label == "GUM:name":
            while run and run[0][1].lower() in _GUM_TITLES:
                run = run[1:]
            last = run[-1][1] if run else ""
            if not any(f[:1].isupper() for _, f in run) or last.lower() in _GUM_TITLES:
                continue
        start, end = run[0][0], run[-1][0] + len(run[-1][1])
        out.append(
            {"entity_type": label, "entity_value": text[start:end], "start_position": start, "end_position": end}
        )
    return {"full_text": text.strip(), "spans": out}


def _gum_chunks(para: list[tuple[str, bool, str, str]]) -> Iterator[list[tuple[str, bool, str, str]]]:
    """A paragraph cut after a sentence's end into pieces of about GUM_CHUNK characters (a speech's long
    paragraphs), a whole paragraph when shorter."""
    piece: list[tuple[str, bool, str, str]] = []
    for word in para:
        piece.append(word)
        if word[0] in (".", "?", "!") and sum(len(w[0]) + 1 for w in piece) >= GUM_CHUNK:
            yield piece
            piece = []
    if piece:
        yield piece


def from_gum(paths: list[Path]) -> tuple[list[dict], list[dict]]:
    """GUM's conversations, vlogs, interviews and speeches cut into paragraphs (pieces of long ones): every one
    holding a name and a seeded sample of GUM_SAMPLE of those holding values to keep only, split into a dev half and
    a held-out half by the first byte of the SHA-256 of their document's name (a document's paragraphs share its
    names)."""
    records = []
    for path in sorted(paths):
        half = hashlib.sha256(path.stem.encode()).digest()[0] % 2
        if not any(f"_{genre}_" in path.name for genre in GUM_GENRES):
            continue
        for para in _gum_labelled(path):
            for piece in _gum_chunks(para):
                rec = _gum_record(piece) | {"half": half, "harmless": True}
                if len(rec["full_text"]) >= 20 and rec["spans"]:
                    records.append(rec)
    return _sampled_halves(records, "GUM:", GUM_SAMPLE, 75)


# The StackOverflow NER corpus (Tabassum et al. 2020): a user's name is a name, or a handle when written as one
# ("@ChrisF", "/u/jdoe"), the dash of a signature left out ("-Kore" is "Kore"); the sign-offs its annotators tagged as
# names once or twice ("HTH", "TIA": hope this helps, thanks in advance) are in neither list. Software entities written
# as names are (a capital, a digit or a dot: "ListView", "MySQL", "R.layout.item.xml", "v2.1") values to keep, by
# kind; lower-case words ("adapter", "table", "terminal"), typed values, code, output and licences (a copyright line
# names its holder: "Copyright (c) 2017 Oleksandr Kirichenko") are in neither list. Code
# and output blocks were left out by the set ("CODE_BLOCK: Q_1327 (code omitted for annotation)"): those lines are
# dropped; code written inline stays.
SO_KEEP = (
    dict.fromkeys(("Application", "Library", "Language", "Operating_System", "Algorithm", "Data_Set_Name"), "SOFTWARE")
    | dict.fromkeys(
        ("Library_Class", "Class_Name", "Library_Function", "Function_Name", "Library_Variable", "Variable_Name"),
        "CODE",
    )
    | {"HTML_XML_Tag": "CODE", "Error_Name": "CODE", "File_Name": "FILE", "Website": "WEBSITE", "Device": "DEVICE"}
)
SO_KEEP |= {"Organization": "ORGANIZATION", "Version": "VERSION"}
KEEP |= {"SOFTWARE": "software", "CODE": "code", "FILE": "file_name", "WEBSITE": "website", "DEVICE": "device"}
KEEP["VERSION"] = "version"
SO_SAMPLE = 300
_SO_HEADS = frozenset({"Question_ID", "Answer_to_Question_ID", "Repository_Name"})
_SO_LINKS = frozenset({"Issue_Event_Link", "Repository_Link"})  # a GitHub post's thread, after its repository's name
_SO_DROPPED = frozenset({"Question_URL", "CODE_BLOCK", "OP_BLOCK"})
_SO_SIGN_OFFS = frozenset({"HTH", "TIA"})


def _so_sentences(path: Path) -> Iterator[list[tuple[str, str]]]:
    """A StackOverflow NER file's sentences, each a list of (token, tag)."""
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        token, _, rest = line.partition("\t")
        tag = rest.partition("\t")[0]
        if token.strip():
            sentence.append((token, tag.strip() or "O"))
        elif sentence:
            yield sentence
            sentence = []
    if sentence:
        yield sentence


def _so_span(span: dict, text: str) -> dict | None:
    """A span of a post as scored: a name's or a handle's needle, a value to keep that is written as a name."""
    value = text[span["start_position"] : span["end_position"]]
    if span["entity_type"] == "WNUT:name":
        bare = value.lstrip("-/")
        if bare in _SO_SIGN_OFFS:
            return None
        kind = "WNUT:handle" if value[:1] == "@" or bare[:2] == "u/" else "WNUT:name"
        start = span["end_position"] - len(bare)
        return span | {"entity_type": kind, "entity_value": bare, "start_position": start}
    if not any(c.isupper() or c.isdigit() or c == "." for c in value):
        return None
    return span


def _so_posts(path: Path) -> Iterator[tuple[str, list[list[tuple[str, str]]]]]:
    """A file's posts (a question, an answer, an issue's comment, a repository's readme): the thread each belongs to
    (its question's id, its issue's or repository's link) and its sentences, the set's headers and omitted blocks left
    out."""
    thread, body = "", []
    for sentence in _so_sentences(path):
        first = sentence[0][0]
        if first in _SO_HEADS and body:
            yield thread, body
            body = []
        if first in _SO_HEADS or first in _SO_LINKS:
            thread = sentence[-1][0]
        elif first not in _SO_DROPPED:
            body.append(sentence)
    if body:
        yield thread, body


def _so_record(sentences: list[list[tuple[str, str]]]) -> dict:
    """A post's text, its sentences joined as written (a space after a sentence's full stop, a line break after a
    line with none: a heading, a greeting, a signature), with its spans."""
    text, spans = "", []
    for sentence in sentences:
        rec = _wnut_record(sentence, "User_Name", SO_KEEP)
        if text:
            text += " " if text[-1] in ".!?" else "\n"
        base = len(text)
        text += rec["full_text"]
        for s in rec["spans"]:
            moved = s | {"start_position": s["start_position"] + base, "end_position": s["end_position"] + base}
            if (kept := _so_span(moved, text)) is not None:
                spans.append(kept)
    return {"full_text": text, "spans": spans}


def from_so(paths: list[Path]) -> tuple[list[dict], list[dict]]:
    """The StackOverflow NER corpus' posts: every one naming a user and a seeded sample of SO_SAMPLE of those holding
    values to keep only, split into a dev half and a held-out half by the first byte of the SHA-256 of their thread
    (a question's id, an issue's link: a thread's posts name the same people)."""
    records = []
    for path in paths:
        for thread, sentences in _so_posts(path):
            rec = _so_record(sentences)
            half = hashlib.sha256(thread.encode()).digest()[0] % 2
            if len(rec["full_text"]) >= 20 and rec["spans"]:
                records.append(rec | {"half": half, "harmless": True})
    return _sampled_halves(records, "WNUT:", SO_SAMPLE, 78)


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
    """A converter's own kind ("NANO:gov_id", "PL:tax_id"), else presidio's label's."""
    return entity_type.partition(":")[2] if ":" in entity_type else KINDS.get(entity_type)


def _body(rec: dict) -> tuple[str, str, str]:
    """A record's request: its ``fields`` as a records API's JSON or form payload, else its text as a chat
    request's user message."""
    if rec.get("shape") == "json":
        return (
            rec.get("url", "https://his.internal/api/v2/pacientes"),
            "application/json",
            orjson.dumps(dict(rec["fields"])).decode(),
        )
    if rec.get("shape") == "form":
        return (
            rec.get("url", "https://his.internal/pacientes/alta"),
            "application/x-www-form-urlencoded",
            urlencode([tuple(f) for f in rec["fields"]]),
        )
    body = orjson.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": rec["full_text"]}]}).decode()
    return "https://api.openai.internal/v1/chat/completions", "application/json", body


def convert(records: list[dict], prefix: str = "presidio") -> list[dict]:
    out = []
    for i, rec in enumerate(records):
        spans = rec["spans"]
        secrets = [
            {"kind": kind_of(s["entity_type"]), "needles": [s["entity_value"].strip()]}
            for s in spans
            if kind_of(s["entity_type"]) and s["entity_value"].strip()
        ]
        if not secrets and not rec.get("harmless"):
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
        url, ctype, body = _body(rec)
        exchange = {
            "id": f"{prefix}-{i:04d}",
            "request": {
                "method": "POST",
                "url": url,
                "headers": [["content-type", ctype]],
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


def _write(records: list[dict], prefix: str, out) -> None:
    for rec in convert(records, prefix):
        out.write(orjson.dumps(rec) + b"\n")


if __name__ == "__main__":
    if sys.argv[1] in ("wnut", "btc", "tab", "gum", "so"):
        here, paths = Path(__file__).resolve().parent, [Path(p) for p in sys.argv[2:]]
        split = {"wnut": from_wnut, "btc": from_btc, "tab": lambda ps: from_tab(ps[0]), "gum": from_gum, "so": from_so}[
            sys.argv[1]
        ]
        halves = split(paths)
        stem = {"wnut": "wnut17", "btc": "btc", "tab": "tab", "gum": "gum", "so": "stackoverflow"}[sys.argv[1]]
        for half, name in zip(halves, ("dev", "heldout"), strict=True):
            with open(here / f"{stem}_{name}.jsonl", "wb") as fh:
                _write(half, f"{sys.argv[1]}-{name}", fh)
        sys.exit(0)
    if sys.argv[1] == "pl":
        records = from_pl(Path(sys.argv[2]))
    elif sys.argv[1] == "meddocan":
        records = from_meddocan(Path(sys.argv[2]))
    elif sys.argv[1] == "eu":
        records = from_eu([r for path in sys.argv[2:] for r in orjson.loads(Path(path).read_bytes())])
    else:
        with open(sys.argv[2], "rb") as fh:
            records = orjson.loads(fh.read())
    if sys.argv[1] == "nano":
        records = from_nano(records)
    _write(records, sys.argv[1], sys.stdout.buffer)
