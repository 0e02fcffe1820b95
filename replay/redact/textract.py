"""A form's fields as AWS Textract returns them (``AnalyzeDocument`` with ``FORMS``): a ``KEY_VALUE_SET`` block whose
KEY's words name a field ("Name:", "Date of Birth") links its VALUE block, whose words are ``WORD`` blocks of their
own elsewhere in the list, each holding one word's ``Text`` ("Ermengarde", "Fairclough"). No word alone says what it
is: the key's words, read as a field's name (``KeyRules``), say it of the value's words.

Google Document AI's form parser says the same in one object a field (``"formFields": [{"fieldName": {"textAnchor":
{"content": "Surname:"}}, "fieldValue": {"textAnchor": {"content": "Pemberton-Yeo"}}}]``): its name's content, read
as a field's name, says what its value's content is.

Document AI's entities pair a type with its text (``{"type": "document_id", "mentionText": "D1234567"}``): the type,
read as a field's name, says what the text is, as ``fields`` reads any name/value pair; but an identity document's
parser names the document's number ``document_id``, which elsewhere, a key of its own, is a database's id. Beside a
``mentionText`` the type is a document's field: an id's type there is the document's number.

The cue is the block type, or Document AI's ``formFields`` or ``mentionText``; the response is read once, whole, at
its first."""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import orjson

from replay.redact.hits import Hit
from replay.redact.keys import KeyRules
from replay.redact.pseudonym import Pseudonyms, looks_redacted

__all__ = ["TEXTRACT_CUES", "TextractFinder"]

TEXTRACT_CUES = ('"KEY_VALUE_SET"', '"BlockType": "LINE"', '"BlockType":"LINE"', '"formFields"', '"mentionText"')
# A form's box letter or number before its label's words ("e Employee's first name and initial", "1 Wages")
_BOX = re.compile(r"\A[a-z0-9]{1,2}[ \t]+(?=[A-Z])")
_BLOCK_TYPE = re.compile(r'"BlockType"[ \t]*:')
_ID = re.compile(r'"Id"[ \t]*:[ \t]*"((?:[^"\\]|\\.){1,200})"')
_TEXT = re.compile(r'"Text"[ \t]*:[ \t]*"((?:[^"\\]|\\.){1,200})"')
# Document AI: a form field's value object, then the first content in it (its text anchor's, or its layout's own)
_FIELD_VALUE = re.compile(r'"fieldValue"[ \t]*:[ \t]*\{')
_FIELD_NAME = re.compile(r'"fieldName"[ \t]*:')
_CONTENT = re.compile(r'"content"[ \t]*:[ \t]*"((?:[^"\\]|\\.){1,400})"')
_ENDS = re.compile(r"\A(?:\s|\\[nrt])+|(?:\s|\\[nrt])+\Z")  # a content's blanks at its ends, as JSON escapes them
# A Document AI entity's type, up to three scalar siblings ("confidence"), then its text
_SIBLING = r'[ \t]*,[ \t]*"[\w-]{1,40}"[ \t]*:[ \t]*(?:"[^"\\\n]{0,200}"|[\w.+-]{1,40})'
_ENTITY = re.compile(
    rf'"type"[ \t]*:[ \t]*"([\w\-/]{{1,60}})"(?:{_SIBLING}){{0,3}}'
    r'[ \t]*,[ \t]*"mentionText"[ \t]*:[ \t]*"((?:[^"\\]|\\.){1,200})"'
)
# The classes whose value is a person's, by the key's words
_READ = {"name": "name", "maybe_name": "name", "dob": "dob", "gov_id": "gov_id", "ssn": "ssn", "address": "address"}


class TextractFinder:
    """A Textract form's values under their keys' words, at ``TEXTRACT_CUES``; and a label's LINE's value on the
    LINE after it, where no KEY_VALUE_SET links them ("e Employee's first name and initial", then "Marguerite L")."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool], keys: KeyRules):
        self.ps = ps
        self.on = on
        self.keys = keys  # the policy's: its [keys] lists name these fields too
        self._read: str | None = None

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The form's values in the response ``text`` whose first ``KEY_VALUE_SET`` is at ``text[s:e]``."""
        if text is self._read or not text.startswith("{"):
            return
        self._read = text
        if '"mentionText"' in text:
            self._entities(text, hits)
        doc = _loads(text)
        if not isinstance(doc, dict):
            return
        blocks = doc.get("Blocks")
        if not isinstance(blocks, list):
            self._form_fields(text, doc, hits)
            return
        by_id = {b["Id"]: b for b in blocks if isinstance(b, dict) and isinstance(b.get("Id"), str)}
        spans = _text_spans(text)
        self._lines(text, [b for b in blocks if isinstance(b, dict) and b.get("BlockType") == "LINE"], spans, hits)
        for block in blocks:
            if not isinstance(block, dict) or "KEY" not in (block.get("EntityTypes") or ()):
                continue
            cls = self._label(" ".join(_words(by_id, block)))
            if cls is None:
                continue
            for value_id in _related(block, "VALUE"):
                if isinstance(value := by_id.get(value_id), dict):
                    self._value([w for w in _related(value, "CHILD") if w in by_id], by_id, spans, cls, hits)

    def _label(self, words: str) -> str | None:
        """The class of the value a label's ``words`` name (``_READ``), when its detector is on: its box's letter and
        a possessive's mark dropped ("e Employee's first name" as employee_first_name)."""
        key = _BOX.sub("", words.strip(" :"), 1).replace("'s ", " ").replace("’s ", " ")
        cls = _READ.get(self.keys.classify(key) or "") if key else None
        return cls if cls is not None and self.on["name" if cls == "name" else "personal_ids"] else None

    def _form_fields(self, text: str, doc: dict[str, Any], hits: list[Hit]) -> None:
        """Document AI's form fields: each value's content under its name's, where it stands in ``text`` (the n-th
        ``fieldValue`` of the text is the n-th field of the pages; when they do not count alike, none is read)."""
        document = doc.get("document", doc)
        pages = document.get("pages") if isinstance(document, dict) else None
        if not isinstance(pages, list):
            return
        fields = [f for p in pages if isinstance(p, dict) for f in p.get("formFields") or () if isinstance(f, dict)]
        found = list(_FIELD_VALUE.finditer(text))
        if not fields or len(found) != len(fields):
            return
        for field, at in zip(fields, found, strict=True):
            name, value = _content(field.get("fieldName")), _content(field.get("fieldValue"))
            if not (name and value and value.strip()) or looks_redacted(value) or (cls := self._label(name)) is None:
                continue
            nxt = _FIELD_NAME.search(text, at.end())
            m = _CONTENT.search(text, at.end(), nxt.start() if nxt is not None else len(text))
            if m is None or _loads(f'"{m.group(1)}"') != value:
                continue
            core = _ENDS.sub("", m.group(1))  # "Pemberton-Yeo\\n": the name, not its line's end
            a = m.start(1) + m.group(1).find(core)
            hits.append(Hit(a, a + len(core), cls, self._rep(cls, value.strip()), 60))

    def _entities(self, text: str, hits: list[Hit]) -> None:
        """Document AI entities whose type is an id's (``document_id``): the document's number, replaced. A person's
        own types ("given_names", "family_name") are the name/value pairs ``fields`` reads."""
        if not self.on["personal_ids"]:
            return
        for m in _ENTITY.finditer(text):
            if self.keys.classify(m.group(1)) == "id" and not looks_redacted(value := m.group(2)):
                hits.append(Hit(m.start(2), m.end(2), "gov_id", self.ps.generic(value), 60))

    def _rep(self, cls: str, value: str) -> str:
        """The pseudonym of a value of the class ``cls``, read whole."""
        return self.ps.name(value) if cls == "name" else self.ps.dob(value) if cls == "dob" else self.ps.generic(value)

    def _lines(
        self, text: str, lines: list[dict[str, Any]], spans: dict[str, tuple[int, int]], hits: list[Hit]
    ) -> None:
        """A label's LINE, then its value's LINE (no label itself): the value's Text replaced whole."""
        for label, line in itertools.pairwise(lines):
            words, value = label.get("Text"), line.get("Text")
            if not (isinstance(words, str) and isinstance(value, str) and value) or looks_redacted(value):
                continue
            if (cls := self._label(words)) is None or self._label(value) is not None:
                continue
            span = spans.get(line["Id"]) if isinstance(line.get("Id"), str) else _line_span(text, value)
            if span is not None:
                hits.append(Hit(span[0], span[1], cls, self._rep(cls, value), 60))

    def _value(
        self, ids: list[str], by_id: dict[str, Any], spans: dict[str, tuple[int, int]], cls: str, hits: list[Hit]
    ) -> None:
        """Each word of a value (its WORD blocks' ids) replaced where its block's ``Text`` stands."""
        words = [by_id[i].get("Text") for i in ids]
        if not words or not all(isinstance(w, str) and w for w in words) or looks_redacted(" ".join(words)):
            return
        whole = " ".join(words)
        named = self.ps.name(whole).split() if cls == "name" else []
        for n, (word_id, word) in enumerate(zip(ids, words, strict=True)):
            span = spans.get(word_id)
            if span is None:
                continue
            if cls == "name":
                rep = named[n] if len(named) == len(words) else self.ps.name(word)
            elif cls == "dob" and len(words) == 1:
                rep = self.ps.dob(word)
            else:
                rep = self.ps.generic(word)
            hits.append(Hit(span[0], span[1], cls, rep, 60))


def _loads(text: str) -> Any:
    """``text`` parsed as JSON, None when it is none. The pass reads a text's decoded view, where a string's escaped
    line breaks are line breaks (Document AI's contents end in one): JSON to a parser that allows them."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return None


def _content(layout: object) -> str | None:
    """A Document AI layout's text: its text anchor's content, or its own."""
    if not isinstance(layout, dict):
        return None
    anchor = layout.get("textAnchor")
    got = anchor.get("content") if isinstance(anchor, dict) else None
    got = got if isinstance(got, str) else layout.get("content")
    return got if isinstance(got, str) else None


def _related(block: dict[str, Any], kind: str) -> list[str]:
    """The ids a block's relationships of type ``kind`` list."""
    return [
        i
        for rel in block.get("Relationships") or ()
        if isinstance(rel, dict) and rel.get("Type") == kind
        for i in rel.get("Ids") or ()
        if isinstance(i, str)
    ]


def _words(by_id: dict[str, Any], block: dict[str, Any]) -> list[str]:
    """A block's words: its CHILD WORD blocks' texts."""
    return [
        w["Text"]
        for i in _related(block, "CHILD")
        if isinstance(w := by_id.get(i), dict) and w.get("BlockType") == "WORD" and isinstance(w.get("Text"), str)
    ]


def _text_spans(text: str) -> dict[str, tuple[int, int]]:
    """Where each block's ``Text`` stands in the response's ``text``, by the block's ``Id``: both between the block's
    own ``BlockType`` and the next one's. One pass: a search per word for its ``Id`` was quadratic in a page's words
    (3,000 words of a 480 KB response: 0.75 s)."""
    starts = [m.start() for m in _BLOCK_TYPE.finditer(text)]
    spans: dict[str, tuple[int, int]] = {}
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        if (found := _ID.search(text, a, b)) is not None and (m := _TEXT.search(text, a, b)) is not None:
            spans.setdefault(found.group(1), m.span(1))
    return spans


def _line_span(text: str, value: str) -> tuple[int, int] | None:
    """Where a LINE block with no ``Id`` holds ``value`` as its ``Text`` (the first such block)."""
    m = re.search(rf'"BlockType"[ \t]*:[ \t]*"LINE"[ \t]*,[ \t]*"Text"[ \t]*:[ \t]*"({re.escape(value)})"', text)
    return m.span(1) if m is not None else None
