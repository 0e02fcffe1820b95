"""Bodies by their content type: forms, event streams and NDJSON, JSON, multipart and binary.

A text body goes through the text pass (a JSON body's long values met before each on their own,
``segments``); a JSON body that would stop parsing after it (or holds JSON in a string with
``\\uXXXX`` escapes) is redone by a parse-walk-dump; values split over a stream's events are
joined before detection; multipart parts are judged by their field names.
Binary bodies are never written: dropped, or hashed into meta (``[redact] binary``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from replay.exchange.format import Body, Headers, content_type
from replay.redact.charsets import TEXT_TYPES, body_charset, decoded
from replay.redact.columns import Columns
from replay.redact.eventstreams import redact_frames
from replay.redact.fieldnumbers import TYPED_DOCUMENT_KEY, typed_documents
from replay.redact.filenames import FILE_NAME_CUE, head_file_name
from replay.redact.graphql import GraphQL
from replay.redact.hits import Hit
from replay.redact.keys import KEY_CLASSES, STRICT_SECRET_CLASSES, KeyRules
from replay.redact.memo import add_counts
from replay.redact.pairs import Pairs
from replay.redact.policy import Policy
from replay.redact.pseudonym import looks_redacted
from replay.redact.segments import Segments
from replay.redact.shapedvalues import ShapedValues
from replay.redact.textpass import TextPass
from replay.redact.textview import decode_view, encode_like
from replay.redact.tokens import placeholder
from replay.util.eventstream import EVENTSTREAM_TYPE
from replay.util.sse import SSE_TYPE, STREAM_TYPES

# What finds the hits in a stream field's joined text: the finder's ``find``, or ``engine``'s names found again
Find = Callable[[str], list[Hit]]

__all__ = ["BodyRules"]

_BOUNDARY = re.compile(r'boundary="?([^";]+)"?', re.I)
_PART_NAME = re.compile(r'name="([^"]*)"', re.I)
# A multipart body quoted somewhere else (a JSON string echoing a form, a text/plain body): its parts
# are redacted as parts, by their names, like the form itself.
_EMBEDDED_PART = re.compile(r"content-disposition:\s*form-data", re.I)


def _part(part: str) -> tuple[str, str, str]:
    """A multipart body's part: its head, the blank line after it, its content."""
    head, sep, content = part.partition("\r\n\r\n")
    return (head, sep, content) if sep else part.partition("\n\n")


def _embedded_part(text: str) -> bool:
    """``_EMBEDDED_PART`` is in ``text``. A case-insensitive search scans every position in Python's
    ``re`` (no literal prefix to skip to): 20 us on 2 KB. Each character of "form-data" matches only
    itself and its ASCII capital under ``re.I`` (no Unicode case fold reaches them: ``ſ`` and ``K``
    fold to s and k), so the lower-cased text holds "form-data" wherever the pattern matches: one
    C-level lower and find rule it out first."""
    return "form-data" in text.lower() and _EMBEDDED_PART.search(text) is not None


_FIRST_BOUNDARY = re.compile(r"(?m)^--([^\s]+?)\r?$")
# gRPC's length-prefixed protobuf messages: binary framing, whatever bytes happen to decode. Why: a request whose
# bytes were valid UTF-8 was written as text (control bytes and all) through the text pass alone, which reads no
# field of a protobuf, while one that did not decode was dropped: the same call recorded one way or the other.
_GRPC_BINARY = re.compile(r"\s*application/grpc(?:\+proto)?\s*(?:;|$)", re.I)


def _escaped_again(text: str) -> bool:
    """``text`` holds JSON in a string with ``\\uXXXX`` or ``\\/`` escapes, escaped again (``\\\\u``, ``\\\\/``),
    which the text pass does not decode: it is walked, so each string is read decoded, as a raw UTF-8 body's is. The
    two escapes that differ between encoders of the same text: Python's ``json.dumps`` and most SDKs write every
    non-ASCII character ``\\uXXXX``, PHP's ``json_encode`` every slash ``\\/`` (a key's base64 was cut at its first).
    A backslash first: both needles hold one, and most bodies have none, found at memchr speed, where the search for
    ``\\\\u`` stops at each "u" of the text's words (4 us on a 2 KB chat request, 0.03 with the test before it)."""
    return "\\" in text and ("\\\\u" in text or "\\\\/" in text)


# The longest string of an object read beside its keys and siblings (``BodyRules._keyed``): a longer one (a prompt,
# a tool's result, a document in JSON) is a text of its own, as the body's raw pass reads it past its key too
_KEYED_CHARS = 256


def _beside_keys(value: Any, cls: str | None) -> bool:
    """``value`` is one ``_keyed`` reads: a short string, a number or a boolean. Not a secret's, which is replaced
    whole, nor a JSON document, a multipart body or a string with ``\\uXXXX`` or ``\\/`` escapes in it, which its own
    pass reads (escaped again in the object's text, the text pass would not decode them)."""
    if isinstance(value, str):
        return (
            len(value) <= _KEYED_CHARS
            and cls not in STRICT_SECRET_CLASSES
            and value[:1] not in "{["
            and "\\u" not in value
            and "\\/" not in value
            and not _embedded_part(value)
        )
    return isinstance(value, int | float) and not (type(value) is int and cls in STRICT_SECRET_CLASSES)


@dataclass(slots=True)
class _Piece:
    """One string of one stream event: where it sits, so a replacement can be put back."""

    event: int
    parent: Any
    key: Any


def _collect(node: Any, path: tuple[Any, ...], event: int, fields: dict[tuple[Any, ...], list[_Piece]]) -> None:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, value in items:
        sub = (*path, key if isinstance(node, dict) else "*")
        if isinstance(value, str):
            fields.setdefault(sub, []).append(_Piece(event, node, key))
        elif isinstance(value, dict | list):
            _collect(value, sub, event, fields)


def _decoded_hits(find: Find, text: str) -> list[Hit]:
    """``find``'s hits in ``text`` read decoded, their spans put back on ``text`` and their pseudonyms escaped as the
    spans were: a stream's pieces joined are a text of their own, a tool call's arguments JSON whose escapes
    (``Bj\\u00f6rn``, ``\\"``) a chunk's end may cut, which no piece's pass reads decoded."""
    view = decode_view(text)
    if view is None:
        return find(text)
    hits = []
    for h in find(view.text):
        a, b = view.to_orig(h.start), view.to_orig(h.end)
        rep = h.rep if h.rep is None or text[a:b] == view.text[h.start : h.end] else encode_like(text[a:b], h.rep)
        hits.append(Hit(a, b, h.kind, rep, h.prio))
    return hits


class BodyRules:
    """Redacts a body in place by its content type; ``key`` keys the hashes of binary bodies."""

    def __init__(self, tp: TextPass, policy: Policy, keys: KeyRules, key: bytes):
        self.policy = policy
        self.keys = keys
        self.finder = tp.finder
        self.text = tp.text
        self.whole = tp.whole
        self._ps = tp.ps
        self._segments = Segments(tp, tp.finder, keys)
        self._pairs = Pairs(tp, keys)
        self._graphql = GraphQL(self._pairs)
        self._columns = Columns(tp)
        self._shaped = ShapedValues(tp, keys)
        self._key = key
        # The event streams among the bodies redacted since ``engine`` last cleared the list, each with whether it
        # is SSE: ``stream_again`` reads them again
        self.streams: list[tuple[Body, bool]] = []
        # The AWS event streams among them, kept as their frames (base64): ``frames_again`` reads them again
        self.frames: list[Body] = []

    def body(
        self, body: Body | None, headers: Headers, counts: Counter[str], side: str, meta: dict[str, Any]
    ) -> Body | None:
        if body is None or not body.text:
            return body
        raw_ctype = content_type(headers)
        if raw_ctype.lstrip().lower().startswith(EVENTSTREAM_TYPE):
            return self._eventstream(body, headers, counts, side, meta)
        if _GRPC_BINARY.match(raw_ctype):
            return self._binary(body, headers, counts, side, meta)
        if body.encoding != "utf8":
            data = body.to_bytes()
            charset = body_charset(headers, data)
            text = decoded(data, charset, body.truncated) if charset else None
            if charset is None or text is None:
                return self._binary(body, headers, counts, side, meta)
            return self._in_charset(body, text, headers, counts, side, meta, charset)
        ctype = raw_ctype.lower()
        text = body.text
        if "multipart/" in ctype:
            new = self._multipart(text, raw_ctype, counts)
        elif "x-www-form-urlencoded" in ctype:
            new = self._pairs.text(
                self._graphql.fields(text, counts), counts, lambda piece: self.text(piece, counts, plus=True)
            )
        elif ctype.lstrip().startswith(STREAM_TYPES):  # what the capture records as events
            sse = ctype.lstrip().startswith(SSE_TYPE)
            new = self.text(self._escaped_events(self._stream(text, counts, sse), counts, sse), counts)
            self.streams.append((body, sse))
        elif "json" in ctype or text[:1] in "{[":
            new = self.json(text, counts, side, meta)
        elif _embedded_part(text):
            new = self._embedded_multipart(text, counts)
        else:
            new = self.text(text, counts)
        if new != text:  # the size is the stored body's: it grows or shrinks with the pseudonyms
            body.size += len(new.encode()) - len(text.encode())
            body.text = new
        return body

    def _eventstream(self, body: Body, headers: Headers, counts: Counter[str], side: str, meta: dict[str, Any]) -> Body:
        """An AWS event stream: its frames' payloads redacted as an SSE stream's events (``eventstreams``)."""
        data = body.to_bytes()
        done = redact_frames(
            data, lambda sse: self.text(self._stream(sse, counts, True), counts), lambda v: self.text(v, counts)
        )
        if done is None:
            return self._binary(body, headers, counts, side, meta)
        new, used = done
        # A torn last frame is not kept; a redaction that made the frames shorter cut nothing
        body.truncated = body.truncated or used < len(data)
        body.size += len(new) - len(data)
        body.text, body.encoding = base64.b64encode(new).decode("ascii"), "base64"
        self.frames.append(body)
        return body

    def _binary(self, body: Body, headers: Headers, counts: Counter[str], side: str, meta: dict[str, Any]) -> Body:
        """A body that is no text replay can read: kept, replaced by its keyed hash or dropped, as the policy says.
        One of a text content type is counted apart (``unread_text``): text in a charset neither declared nor told
        with confidence (``charsets``), which the summary names, where a binary body is what it should be."""
        if self.policy.binary == "keep":  # the user vouches the binary bodies hold no secrets
            return body
        ctype = content_type(headers).lower()
        counts["unread_text" if any(t in ctype for t in TEXT_TYPES) else "binary_body"] += 1
        if self.policy.binary == "hash":
            digest = hmac.new(self._key, body.to_bytes(), hashlib.sha256).hexdigest()[:32]
            meta.setdefault("binary_bodies", {})[side] = f"hmac-sha256:{digest}"
        else:
            meta.setdefault("binary_bodies", {})[side] = "dropped"
        body.text = ""
        body.truncated = True
        return body

    def _in_charset(
        self, body: Body, text: str, headers: Headers, counts: Counter[str], side: str, meta: dict[str, Any], cs: str
    ) -> Body:
        """A text body in a charset other than UTF-8 (declared, or told: ``charsets``), ``text`` read in it: redacted
        as text and written back in it, kept as its bytes, not dropped as a binary body. A byte order mark is kept
        out of the redaction (JSON does not parse after one) and written back before the text."""
        bom = "\ufeff" if text[:1] == "\ufeff" else ""
        text = text[len(bom) :]
        done = self.body(Body(text, "utf8", body.size, body.truncated), headers, counts, side, meta)
        if done is not None and done.text != text:
            old, new = body.to_bytes(), (bom + done.text).encode(cs, errors="replace")  # unspellable: "?"
            body.size += len(new) - len(old)
            body.text = base64.b64encode(new).decode("ascii")
        return body

    def stream_again(self, body: Body, sse: bool, counts: Counter[str], find: Find) -> None:
        """``body``, one of ``streams``, with the hits ``find`` gives in each field's joined text put in the pieces
        they span (``engine``'s names found again: an answer streamed token by token names the person the prompt
        did). Hits inside one piece are left to the caller."""
        new = self._stream(body.text, counts, sse, find)
        if new is not body.text:
            body.replace_text(new)

    def frames_again(self, body: Body, counts: Counter[str], find: Find, replace: Callable[[str], str]) -> None:
        """``body``, one of ``frames``, read again as ``stream_again`` reads an SSE stream: ``find``'s hits put in
        the pieces of the frames' payloads they span, and ``replace`` (the caller's, for hits inside one piece) run
        over the payloads as SSE text; the frames written anew when anything changed."""
        data = body.to_bytes()
        done = redact_frames(data, lambda sse: replace(self._stream(sse, counts, True, find)), replace)
        new = done[0] if done is not None else data
        if new != data:
            body.size += len(new) - len(data)
            body.text = base64.b64encode(new).decode("ascii")

    def _stream(self, text: str, counts: Counter[str], sse: bool, find: Find | None = None) -> str:
        """Values split over a stream's events (an email streamed token by token): join the
        pieces of each JSON field across events, detect in the joined text (or ``find`` there), and replace each
        hit in the pieces it spans. Hits inside one piece are left to the text pass."""
        lines = text.split("\n")
        events: dict[int, tuple[str, Any, bool]] = {}
        fields: dict[tuple[Any, ...], list[_Piece]] = {}
        for i, line in enumerate(lines):
            head = "data:" if sse else ""
            if not line.startswith(head):
                continue
            payload = line[len(head) :]
            lead = payload[: len(payload) - len(payload.lstrip(" "))]
            payload = payload.strip(" \r")
            if payload[:1] not in "{[":
                continue
            try:
                obj = orjson.loads(payload)
            except orjson.JSONDecodeError:
                continue
            events[i] = (head + lead, obj, line.endswith("\r"))
            # Keyed by the event's type too: a responses stream's text, tool-argument and reasoning deltas
            # all sit at "delta", and only one kind's pieces make one text.
            kind = obj.get("type") if isinstance(obj, dict) else None
            _collect(obj, (kind,) if isinstance(kind, str) else (), i, fields)
        touched: set[int] = set()
        for pieces in fields.values():
            if len(pieces) > 1:
                self._split_hits(pieces, counts, touched, find)
        for i in touched:
            head, obj, cr = events[i]
            lines[i] = head + orjson.dumps(obj).decode() + ("\r" if cr else "")
        return "\n".join(lines) if touched else text

    def _escaped_events(self, text: str, counts: Counter[str], sse: bool) -> str:
        """A stream's events that hold JSON in a string with ``\\uXXXX`` escapes (a Responses stream's
        ``function_call_arguments.done``, whose arguments a Python tool wrote with ``json.dumps``: ``{\\"passenger\\":
        \\"\\\\u9ad8…``), each parsed, walked and written again, as ``json`` does with such a body: the text pass
        does not decode an escape escaped again."""
        if not _escaped_again(text):
            return text
        lines = text.split("\n")
        head = "data:" if sse else ""
        for i, line in enumerate(lines):
            payload = line[len(head) :]
            if not _escaped_again(line) or not line.startswith(head) or payload.lstrip()[:1] not in "{[":
                continue
            found: Counter[str] = Counter()
            walked = self._walked(payload.strip(" \r"), found)
            if walked is not None and found:
                add_counts(counts, found.items())
                lead = payload[: len(payload) - len(payload.lstrip(" "))]
                lines[i] = head + lead + walked + ("\r" if line.endswith("\r") else "")
        return "\n".join(lines)

    def _split_hits(
        self, pieces: list[_Piece], counts: Counter[str], touched: set[int], find: Find | None = None
    ) -> None:
        texts = [p.parent[p.key] for p in pieces]
        offsets = [0]
        for t in texts:
            offsets.append(offsets[-1] + len(t))
        alone: dict[int, set[str | None]] = {}  # per piece, what the finder sees in it read on its own
        for h in reversed(_decoded_hits(find or self.finder.find, "".join(texts))):
            first, last = bisect_right(offsets, h.start) - 1, bisect_right(offsets, h.end - 1) - 1
            if not h.kind or h.rep is None or (first == last and find):
                continue  # a hit inside one piece of ``find``'s is the caller's
            if first == last:
                # the text pass's, unless the finder needed the other pieces to see it: a pasted log's "/home/"
                # in one delta, its user name in the next
                if first not in alone:
                    alone[first] = {a.rep for a in _decoded_hits(self.finder.find, texts[first])}
                if h.rep in alone[first]:
                    continue
            counts[h.kind] += 1
            for k in range(first, last + 1):
                p, t = pieces[k], texts[k]
                if k == first:
                    t = t[: h.start - offsets[k]] + h.rep + (t[h.end - offsets[k] :] if k == last else "")
                elif k == last:
                    t = t[h.end - offsets[k] :]
                else:
                    t = ""
                texts[k] = p.parent[p.key] = t
                touched.add(p.event)
                if p.key == "token" and isinstance(p.parent.get("bytes"), list):  # a logprob: its bytes say it too
                    p.parent["bytes"] = list(t.encode())
                    if p.parent.get("top_logprobs"):  # the other tokens the model weighed at a redacted place
                        p.parent["top_logprobs"] = []

    def json(self, text: str, counts: Counter[str], side: str, meta: dict[str, Any]) -> str:
        """A JSON body: redacted as raw text (its long values met before on their own, see
        ``segments``), or by parse-walk-dump when that would break it, or when it holds JSON in a
        string with ``\\uXXXX`` escapes (``Stra\\\\u00dfe``) that the text pass cannot decode."""
        found: Counter[str] = Counter()
        text = self._columns.text(self._graphql.text(self._logprobs(text, counts), counts), counts)
        text = self._shaped.text(text, counts)
        if _escaped_again(text):
            walked = self._walked(text, found)
            if walked is not None:
                add_counts(counts, found.items())
                return walked if found else text
        new = self._segments.text(text, found)
        if new is text and not _embedded_part(text):
            return text
        try:
            orjson.loads(new)
            if _embedded_part(new):  # a form inside a string: only the walk sees its parts
                raise orjson.JSONDecodeError("a quoted multipart body", new, 0)
        except orjson.JSONDecodeError:
            walked = self._walked(text, found)
            if walked is None:
                meta.setdefault("redact_notes", []).append(f"{side} body is not valid JSON: scanned as text")
                add_counts(counts, found.items())
                return new
            new = walked
        add_counts(counts, found.items())
        return new

    def _logprobs(self, text: str, counts: Counter[str]) -> str:
        """A body's logprobs (OpenAI chat and responses, vLLM, Ollama): a token each, which the answer's text
        holds too. Their tokens are joined, as a stream's pieces are, and a hit replaced in the tokens (and
        bytes) it spans; the field rule leaves a logprob's ``token`` alone (``fieldvalues.model_output``)."""
        if '"logprob"' not in text:
            return text
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
            return text
        fields: dict[tuple[Any, ...], list[_Piece]] = {}
        _collect(obj, (), 0, fields)
        touched: set[int] = set()
        for path, pieces in fields.items():
            if path[-1] == "token" and "top_logprobs" not in path and len(pieces) > 1:
                self._split_hits(pieces, counts, touched)
        return orjson.dumps(obj).decode() if touched else text

    def _walked(self, text: str, found: Counter[str]) -> str | None:
        """``text`` parsed, every string redacted (JSON in strings included), dumped; None if not JSON."""
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
            return None
        found.clear()
        walked = self._walk(obj, found, None)
        try:
            return orjson.dumps(walked).decode()
        except orjson.JSONEncodeError:  # nested past the 254 levels orjson writes (it reads 1024): read as text
            found.clear()
            return None

    def _walk(self, node: Any, counts: Counter[str], cls: str | None) -> Any:
        if isinstance(node, str):
            stand_in = cls in KEY_CLASSES and placeholder(node)
            if cls in STRICT_SECRET_CLASSES and node and not looks_redacted(node) and not stand_in:
                return self.whole(node, cls, counts)  # type: ignore[arg-type]
            if _embedded_part(node):
                return self._embedded_multipart(node, counts)
            if _escaped_again(node) and node.lstrip()[:1] in "{[":  # JSON two levels down: walked as the body is
                found: Counter[str] = Counter()
                walked = self._walked(node, found)
                if walked is not None:
                    add_counts(counts, found.items())
                    return walked if found else node
            return self.text(node, counts)
        if isinstance(node, dict):
            classes = {k: self.keys.classify(k) if self.keys.by_name(k) else None for k in node}
            walked = {k: self._walk(v, counts, classes[k]) for k, v in node.items() if not _beside_keys(v, classes[k])}
            keyed = self._keyed(node, classes, counts)  # the rest: each key is in one of the two
            return {k: walked[k] if k in walked else keyed[k] for k in node}
        if isinstance(node, list):
            return [self._walk(v, counts, cls) for v in node]
        # A number under a secret key (a PIN) becomes its length in nines; all nines is what that wrote,
        # so it is not counted again (redacting twice equals redacting once).
        if type(node) is int and cls in STRICT_SECRET_CLASSES and str(abs(node)).strip("9"):
            counts[cls] += 1  # type: ignore[index]
            return int("9" * len(str(abs(node))))
        return node

    def _keyed(self, node: dict[str, Any], classes: dict[str, str | None], counts: Counter[str]) -> dict[str, Any]:
        """An object's short strings and its numbers redacted together as the JSON text of one object: the field
        rules read each under its key and beside its siblings, as they do in a body's raw text (``"full_name":
        "田中美咲"``, ``"first"`` beside ``"last"``), where a string alone is a text with no key. Each string alone
        when that text does not come back as the same keys."""
        flat = {k: v for k, v in node.items() if _beside_keys(v, classes[k])}
        if not any(isinstance(v, str) for v in flat.values()):
            return flat
        found: Counter[str] = Counter()
        try:
            back = orjson.loads(self.text(orjson.dumps(flat).decode(), found))
        except orjson.JSONDecodeError:
            back = None
        if isinstance(back, dict) and back.keys() == flat.keys():
            add_counts(counts, found.items())
            return back
        return {k: self.text(v, counts) if isinstance(v, str) else v for k, v in flat.items()}

    def _embedded_multipart(self, text: str, counts: Counter[str]) -> str:
        """A multipart body without its content-type header: the boundary is its first ``--`` line."""
        m = _FIRST_BOUNDARY.search(text)
        if m is None:
            return self.text(text, counts)
        return self._multipart(text, f'multipart/form-data; boundary="{m.group(1)}"', counts)

    def _multipart(self, text: str, ctype: str, counts: Counter[str]) -> str:
        m = _BOUNDARY.search(ctype)
        if m is None or "--" + m.group(1) not in text:
            return self.text(text, counts)
        parts = text.split("--" + m.group(1))
        split = [_part(part) for part in parts]
        # a document number whose type is a part of its own ("document_type" = "passport"): a form's fields
        fields = [
            (n.group(1), content.strip()) for head, sep, content in split if sep and (n := _PART_NAME.search(head))
        ]
        typed = typed_documents(fields)
        for i, (head, sep, content) in enumerate(split):
            if not sep:
                continue
            if FILE_NAME_CUE in head and self.finder.on["name"]:
                head, named = head_file_name(head, self._ps)
                if named:
                    counts["name"] += named
            name = _PART_NAME.search(head)
            tail = len(content) - len(content.rstrip("\r\n"))
            value = content[: len(content) - tail]
            field = TYPED_DOCUMENT_KEY if name and name.group(1) in typed else name.group(1) if name else ""
            cls = self.keys.classify(field) if field and self.keys.by_name(field) else None
            if cls in STRICT_SECRET_CLASSES and value:
                new = self.whole(value, cls, counts)  # type: ignore[arg-type]
            elif "json" in head.lower():
                new = self.json(value, counts, "part", {})
            elif field and value and "filename=" not in head and self._pairs.telling(field):
                # a form's field sent as a part (a KYC form's "date_of_birth"): read as the form's field is
                done = self._pairs.values([(field, value)], counts)
                new = done[0] if done is not None else value
            else:
                new = self.text(value, counts)
            parts[i] = head + sep + new + content[len(content) - tail :]
        return ("--" + m.group(1)).join(parts)
