"""Convert GROBID's hand-labelled front pages of scholarly papers into two labelled corpora (PROVENANCE.md).

GROBID's training data (kermitt2/grobid at commit b8d6bec, annotated data CC BY 4.0): the header model's front pages
(``header/corpus/tei``: title, author lines, affiliations, addresses, e-mail addresses, phone numbers, keywords,
abstract, notes, each in its element) and the name model's author lines (``name/header/corpus``: each author's
forename, middle name and surname). Each front page whose author lines the name model labels is a chat request's
user message (a researcher pasting a paper's first page); each author whose parts are found in an author line
is a ``name`` (the run from the first part to the last, as written), each ``<email>`` an ``email`` and each
``<phone>`` a ``phone``; the title, each affiliation and each keyword list are values to keep (``title``,
``org``, ``keyword``). Addresses (an institution's, not a person's) and web pages are in neither list.

Usage: python tests/data/redact/from_grobid.py GROBID/grobid-trainer/resources/dataset (writes two files)
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from from_public import KEEP, _sampled_halves, _write

TEI = "{http://www.tei-c.org/ns/1.0}"
SECRETS = {"email": "GROBID:email", "phone": "GROBID:phone"}
KEPT = {"docTitle": "TITLE", "affiliation": "ORGANIZATION", "keyword": "KEYWORD"}
KEEP |= {"TITLE": "title", "KEYWORD": "keyword"}
_SUFFIXES = (".training.header.authors.tei.xml", ".authors.tei.xml", ".training.header.tei.xml", ".header.tei.xml")
_NAME_PARTS = ("forename", "middlename", "surname")


def _stem(path: Path) -> str:
    """A document's id, the same in both models' file names ("05366561.header.tei.xml", "05366561.authors.tei.xml")."""
    return next((path.name[: -len(s)] for s in _SUFFIXES if path.name.endswith(s)), path.stem)


def _text(elem: ET.Element) -> str:
    """An element's text as a reader sees it: a line break at each ``<lb/>``, each line's blanks trimmed."""
    out = [elem.text or ""]
    for child in elem:
        out += ["\n" if child.tag == "lb" else _text(child), child.tail or ""]
    lines = (" ".join(line.split()) for line in unicodedata.normalize("NFC", "".join(out)).splitlines())
    return "\n".join(line for line in lines if line)


def _blocks(elem: ET.Element) -> Iterator[tuple[str, str]]:
    """A front page's blocks in order, each as (its element's name, its text); a byline's are its children's and
    the words between elements ("Keywords:", "* Corresponding author:") are blocks with no name."""
    for child in elem:
        if child.tag == "byline":
            yield from _blocks(child)
        elif child.tag != "lb":
            yield child.tag, _text(child)
        tail = " ".join((child.tail or "").split())
        if tail:
            yield "", tail


def _authors(path: Path) -> list[list[str]]:
    """The name model's authors of a document: each a list of its parts (forename, middle name, surname) in order."""
    root = ET.parse(path).getroot()
    people = (
        [_text(part) for part in pers if part.tag[len(TEI) :] in _NAME_PARTS] for pers in root.iter(f"{TEI}persName")
    )
    return [p for p in people if all(p) and p]


def _author_at(parts: list[str], line: str) -> re.Match[str] | None:
    """Where an author stands in an author line: its parts in order, blanks, dots and commas between them (the name
    model's tokens may split a word: "Plü ckthun")."""
    words = (r"\s?".join(re.escape(c) for c in part.replace(" ", "")) for part in parts)
    return re.search(r"(?<!\w)" + r"[\s.,]*".join(words) + r"(?!\w)", line)


def _record(path: Path, authors: list[list[str]]) -> dict:
    """A front page's text, its blocks one a line, with a span for each author found, each e-mail address and
    phone number, and each value to keep."""
    front = next(ET.parse(path).getroot().iter("front"))
    text, spans = "", []
    for tag, block in _blocks(front):
        if not block:
            continue
        base = len(text) + bool(text)
        text += ("\n" if text else "") + block
        label = SECRETS.get(tag) or KEPT.get(tag)
        if label:
            spans.append(
                {"entity_type": label, "entity_value": block, "start_position": base, "end_position": len(text)}
            )
        if tag == "docAuthor":
            for parts in authors:
                if (m := _author_at(parts, block)) is not None:
                    start, end = base + m.start(), base + m.end()
                    spans.append(
                        {
                            "entity_type": "GROBID:name",
                            "entity_value": m[0],
                            "start_position": start,
                            "end_position": end,
                        }
                    )
    return {"full_text": text, "spans": spans}


def from_grobid(dataset: Path) -> tuple[list[dict], list[dict]]:
    """Every front page whose author lines the name model labels, split into a dev half and a held-out half by the
    first byte of the SHA-256 of its document's id."""
    authors = {_stem(p): _authors(p) for p in sorted((dataset / "name" / "header" / "corpus").glob("*.xml"))}
    records = []
    for path in sorted((dataset / "header" / "corpus" / "tei").glob("*.xml")):
        if authors.get(_stem(path)):
            half = hashlib.sha256(_stem(path).encode()).digest()[0] % 2
            records.append(_record(path, authors[_stem(path)]) | {"half": half, "harmless": True})
    return _sampled_halves(records, "GROBID:", 0, 86)


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for half, name in zip(from_grobid(Path(sys.argv[1])), ("dev", "heldout"), strict=True):
        with open(here / f"grobid_{name}.jsonl", "wb") as fh:
            _write(half, f"grobid-{name}", fh)
