"""Convert Universal NER's English Web Treebank into two labelled corpora (PROVENANCE.md).

UNER_English-EWT (UniversalNER/UNER_English-EWT at commit 8ed072d, CC BY-SA 4.0; Mayhew et al. 2024, "Universal NER:
A Gold-Standard Multilingual Named Entity Recognition Benchmark", NAACL): the English Web Treebank's dev and test
files (its train file is not in the stored snapshot), sentences of web text (Yahoo! Answers, Enron e-mails, reviews,
newsgroups, weblogs) one token a line with PER, LOC and ORG tags in IOB2. Each document is a user's message (a chat
request, a comments API's JSON or a form post), its sentences joined as written: a space after one ending as a
sentence ends, a line break after one with no such end (a greeting, a heading, a signature). A person is a ``name``;
places and organisations are values to keep, except those holding a digit (a street address, "5th Ave": a place
that could be someone's, in neither list). E-mail addresses, phone numbers and URLs are not labelled by the set and
are in neither list: they count in no figure.

Usage: python tests/data/redact/from_uner.py en_ewt-ud-dev.iob2 en_ewt-ud-test.iob2 (writes two files)
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

from from_public import _CLITICS, _halves, _write

UNER_KEEP = {"LOC": "PLACE", "ORG": "ORGANIZATION"}


def _sentences(path: Path) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """A UNER file's sentences: each as (its document's id, its text, its (token, tag) pairs)."""
    doc, text, tokens = "", "", []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("# newdoc id = "):
            doc = line.removeprefix("# newdoc id = ").strip()
        elif line.startswith("# text = "):
            text = line.removeprefix("# text = ")
        elif line.startswith("#"):
            continue
        elif line.strip():
            cols = line.split("\t")
            tokens.append((cols[1], cols[2]))
        elif tokens:
            yield doc, text, tokens
            tokens = []


def _joined(text: str, tokens: list[tuple[str, str]], base: int) -> tuple[str, list[dict]]:
    """A sentence's text with a clitic glued to its word as a writer types it (the treebank's text has "Wei 's",
    "did n't" where its source's was lost), and its tagged runs as spans of that text at ``base``."""
    out, spans, at, before = "", [], 0, "O"
    for token, tag in tokens:
        start = text.find(token, at)
        if start < 0:  # a token written otherwise than in the text: the run it is in stops there
            before = "O"
            continue
        gap = text[at:start]
        out += "" if gap == " " and token.lower() in _CLITICS and out[-1:].isalnum() else gap
        at, label = start + len(token), tag[2:]
        if tag.startswith("I-") and before[2:] == label and spans:
            spans[-1]["end_position"] = base + len(out) + len(token)
        elif tag[:2] in ("B-", "I-"):
            spans.append(
                {"label": label, "start_position": base + len(out), "end_position": base + len(out) + len(token)}
            )
        out += token
        before = tag
    return out + text[at:], spans


def _record(sentences: list[tuple[str, list[tuple[str, str]]]]) -> dict:
    """A document's text and its labelled spans: a person's a name, a place's or an organisation's with no digit a
    value to keep."""
    text, spans = "", []
    for sentence, tokens in sentences:
        if text:
            text += " " if text.rstrip()[-1:] in ".!?" else "\n"
        joined, found = _joined(sentence, tokens, len(text))
        text += joined
        spans += found
    out = []
    for s in spans:
        value = text[s["start_position"] : s["end_position"]]
        kind = "UNER:name" if s["label"] == "PER" else UNER_KEEP.get(s["label"])
        if kind and not (kind in UNER_KEEP.values() and any(c.isdigit() for c in value)):
            out.append({"entity_type": kind, "entity_value": value} | s)
    return {"full_text": text, "spans": out}


def from_uner(paths: list[Path]) -> tuple[list[dict], list[dict]]:
    """Every document holding a person, a place or an organisation, split into a dev half and a held-out half by the
    first byte of the SHA-256 of its id ("email-enronsent20_01-0048", "reviews-086839")."""
    docs: dict[str, list[tuple[str, list[tuple[str, str]]]]] = {}
    for path in paths:
        for doc, text, tokens in _sentences(path):
            docs.setdefault(doc, []).append((text, tokens))
    records = [
        _record(sentences) | {"half": hashlib.sha256(doc.encode()).digest()[0] % 2} for doc, sentences in docs.items()
    ]
    return _halves(records, len(records), 92)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for half, name in zip(from_uner([Path(p) for p in sys.argv[1:]]), ("dev", "heldout"), strict=True):
        with open(here / f"uner_ewt_{name}.jsonl", "wb") as fh:
            _write(half, f"uner-{name}", fh)
