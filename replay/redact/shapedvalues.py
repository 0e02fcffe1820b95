"""Values a JSON body's structure says are a person's, under keys that say nothing: an ad request's extended ids
(OpenRTB's ``user.eids[].uids[].id``: a hashed email, a UID2, an ID5, a shared cookie id, each one person's across
sites), and a query operator's pattern under a person's field (Mongo's ``{"email": {"$regex": "^jane\\\\.doe@"}}``,
Elasticsearch's ``{"prefix": {"last_name": "Whitfield"}}``), part of an email or a name that no detector reads as
one (no "@" and a domain, no capital after a cue).

The body is parsed once when it holds one of the keys, walked (JSON in a string too), and dumped again when a value
changed, as ``columns`` does its tables.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from replay.redact.jsonwalk import rewrite
from replay.redact.keys import KeyRules
from replay.redact.pseudonym import looks_redacted
from replay.redact.textpass import TextPass

__all__ = ["ShapedValues"]

# A body is parsed only when it may hold one of the values: an extended id's "uids", a Mongo operator's "$" (a
# memchr: rare in JSON), an Elasticsearch search's "query" (its pattern queries are under it). A memchr, and one
# regex for the two keys, quoted (not one a key: "wildcard", "prefix", "regexp"): a scan from quote to quote in C,
# where a ``in`` test a key scanned the whole body each (1.7 us a 2 KB chat body for the two, the regex 1.0). JSON in
# a string is read only in a body parsed for these.
_HINTS = re.compile(r'"(?:uids|query)"')
# Elasticsearch's term-level queries whose value is part of a field's value: {"prefix": {"field": "…"}} or
# {"prefix": {"field": {"value": "…"}}} ("match_phrase_prefix" has its text under "query")
_ES_PATTERNS = frozenset({"wildcard", "prefix", "regexp", "match_phrase_prefix"})
_ES_VALUE_KEYS = ("value", "query", "wildcard")
# A pattern's operators at its ends ("^", "$", "*", ".*", "?") and a regex's escapes ("jane\\.doe")
_LEAD = re.compile(r"\A(?:\^|\.\*|[*?(])*")
_TAIL = re.compile(r"(?:\$|\.\*|[*?)]|\.\+)*\Z")
_ESCAPE = re.compile(r"\\(.)")
# The classes of a person's field whose pattern is the person's, and the kind its literal part is counted as
_PERSON_CLASSES = {
    "email": "email",
    "name": "name",
    "maybe_name": "name",
    "phone": "phone",
    "username": "username",
    "address": "address",
}


def _hinted(text: str) -> bool:
    return ("$" in text and "$regex" in text) or _HINTS.search(text) is not None


class ShapedValues:
    """Redacts the extended ids of an ad request and the patterns of a query on a person's field."""

    def __init__(self, tp: TextPass, keys: KeyRules):
        self._tp = tp
        self._keys = keys

    def text(self, text: str, counts: Counter[str]) -> str:
        """``text`` (a JSON body) with those values redacted (dumped again when one was)."""
        return rewrite(text, _hinted, lambda node: self._uids(node, counts) | self._patterns(node, counts))

    def _uids(self, node: dict[str, Any], counts: Counter[str]) -> bool:
        """An extended id's ``uids``: each one's ``id`` a person's, whatever its source (the source is kept)."""
        uids = node.get("uids")
        if not isinstance(uids, list) or not isinstance(node.get("source"), str):
            return False
        changed = False
        for uid in uids:
            value = uid.get("id") if isinstance(uid, dict) else None
            if isinstance(value, str) and len(value) >= 8 and not looks_redacted(value):
                uid["id"] = self._tp.whole(value, "device_id", counts)
                changed = True
        return changed

    def _patterns(self, node: dict[str, Any], counts: Counter[str]) -> bool:
        """A Mongo ``$regex`` under a field, and an Elasticsearch pattern query's fields, of a person's field."""
        changed = False
        for key, value in node.items():
            if isinstance(value, dict) and isinstance(value.get("$regex"), str):
                if (new := self._pattern(key, value["$regex"], counts)) is not None:
                    value["$regex"] = new
                    changed = True
            elif key in _ES_PATTERNS and isinstance(value, dict):
                for field, query in value.items():
                    holder, at = (
                        (query, next((k for k in _ES_VALUE_KEYS if k in query), ""))
                        if isinstance(query, dict)
                        else (value, field)
                    )
                    pattern = holder.get(at) if at else None
                    if isinstance(pattern, str) and (new := self._pattern(field, pattern, counts)) is not None:
                        holder[at] = new
                        changed = True
        return changed

    def _pattern(self, field: str, pattern: str, counts: Counter[str]) -> str | None:
        """``pattern`` with its literal part a pseudonym when ``field`` is a person's, else None."""
        kind = _PERSON_CLASSES.get(self._keys.classify(field.rpartition(".")[2]) or "")
        a = _LEAD.match(pattern).end()  # type: ignore[union-attr]  # every part of it is optional
        b = _TAIL.search(pattern, a).start()  # type: ignore[union-attr]  # every part of it is optional
        literal = _ESCAPE.sub(r"\1", pattern[a:b])
        if kind is None or len(literal.strip("@. ")) < 3 or looks_redacted(literal):
            return None
        counts[kind] += 1
        ps = self._tp.ps
        new = ps.name(literal) if kind == "name" else ps.username(literal)
        return pattern[:a] + new + pattern[b:]
