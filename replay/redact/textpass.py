"""One text through the detectors: hits found in its decoded view, replaced in the original.

A URL, a header value or a body is scanned through ``textview``'s decoded view (percent, JSON and
HTML escapes undone), so formatting survives byte for byte outside the replaced spans and each
pseudonym is escaped the way the original span was. Base64 runs that hold text are decoded,
redacted and re-encoded the same way. ``whole`` replaces a value that is a secret as a whole.
``headers`` and ``bodies`` decide which text goes through here; ``engine`` drives a record.
A text met again (a URL, an Authorization value, a system prompt) takes its result from a bounded
in-memory LRU (``memo``): the pass is deterministic under the engine's key. The full names a text held, and its
secrets of one word (a token, a number: ``_AGAIN_KINDS``), are kept with its result, each with its
pseudonym and kind (``names``): ``engine`` looks for them in the exchange's other strings.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Hashable

from replay.redact.detectors import Finder, b64_text
from replay.redact.memo import Memo, add_counts
from replay.redact.pseudonym import Pseudonyms, looks_redacted
from replay.redact.textview import decode_view, encode_like
from replay.redact.vendors import VENDORS

__all__ = ["TextPass"]

Counts = dict[str, int]  # counts per kind: a Counter's callers pass one
# Kinds whose value, found once, is looked for again whole in the exchange's other strings when it is one word of 8
# characters or more: a credential's (a token echoed in a link's path), a phone's or an account's number (a WhatsApp
# user's "wa_id" as a message's "from"). Not a user name nor a handle: a page names its firm's account ("@mitmproxy")
# as its host does; not what is read by its own shape anywhere (an email, a card, an IP), nor a name (``engine``
# reads those apart).
_AGAIN_KINDS = frozenset(
    {"token", "secret", "session", "api_key", "password", "private_key", "basic_auth", "cookie", "authorization"}
    | {"phone", "bank_account", "gov_id", "device_id", "tracking_number"}
    | {vendor.kind for vendor in VENDORS}
)
AGAIN_MIN = 8
# An URL-encoded form: two fields or more, no space nor line break (a query string, a posted form's body)
_FORM = re.compile(r"[\w.\-\[\]%]{1,128}=[^&\s]*(?:&[\w.\-\[\]%]{1,128}=[^&\s]*)+")


class TextPass:
    """Redacts texts with one ``Finder``; counts per kind go into the Counter (or dict) passed in: added with
    ``get``, not ``+=`` (a kind new to a Counter costs a call of its ``__missing__``, in Python), and a text's own
    counts in a dict (a Counter's ``__init__`` is two calls in Python)."""

    def __init__(self, ps: Pseudonyms, finder: Finder, memo: Memo | None = None):
        self.ps = ps
        self.finder = finder
        self.memo = memo if memo is not None else Memo()
        # The full names and the one-word secrets (with their pseudonyms and kinds) of the texts redacted since
        # ``engine`` last cleared the list, as found: a memo's result keeps its text's, so a text met again adds them.
        self.names: list[tuple[str, str, str]] = []

    def _memoised(self, key: Hashable, s: str, counts: Counts, redact: Callable[[Counts], str]) -> str:
        """``redact(found)`` of ``s``, or the result it gave before for ``key``; counts added to ``counts``.
        An unchanged text comes back as ``s`` itself (callers test ``new is text``)."""
        got = self.memo.get(key)
        if got is not None:
            out, pairs, names = got
            add_counts(counts, pairs)
            self.names += names
            return s if out is None else out
        found: Counts = {}
        mark = len(self.names)
        new = redact(found)
        self.memo.put(key, len(s), (None if new is s else new, tuple(found.items()), tuple(self.names[mark:])))
        add_counts(counts, found.items())
        return new

    def text(self, s: str, counts: Counts, plus: bool = False, depth: int = 0) -> str:
        """``s`` with every hit replaced, escaped the way the original span was."""
        if len(s) < 3 or self.finder.idle:
            return s
        if depth == 0:
            return self._memoised((s, plus), s, counts, lambda found: self._text(s, found, plus, 0))
        return self._text(s, counts, plus, depth)

    def _text(self, s: str, counts: Counts, plus: bool, depth: int) -> str:
        view = decode_view(s, plus)
        src = view.text if view is not None else s
        hits = self.finder.find(src)
        if not hits:
            return s
        out: list[str] = []
        pos = 0
        for h in hits:
            rep = h.rep
            if not h.kind:
                continue
            if rep is None:
                rep = self._inside_base64(src[h.start : h.end], counts, depth)
                if rep is None:
                    continue
            else:
                counts[h.kind] = counts.get(h.kind, 0) + 1
                if h.kind == "name":
                    # a full name, a booking's SURNAME/GIVEN, one word that is a name alone ("ma fille Apolline")
                    if " " in (name := src[h.start : h.end]) or "/" in name or self.finder.personal.lone_name(name):
                        self.names.append((name, rep, "name"))
                elif (
                    h.end - h.start >= AGAIN_MIN
                    and h.kind in _AGAIN_KINDS
                    and len((value := src[h.start : h.end]).split()) == 1
                ):
                    self.names.append((value, rep, h.kind))
            a, b = h.start, h.end
            if view is not None:
                a, b = view.to_orig(a), view.to_orig(b)
                if s[a:b] != src[h.start : h.end]:
                    rep = encode_like(s[a:b], rep, plus)
            out.append(s[pos:a])
            out.append(rep)
            pos = b
        out.append(s[pos:])
        return "".join(out)

    def _inside_base64(self, run: str, counts: Counts, depth: int) -> str | None:
        """Redact inside a base64 run that holds text; re-encode it the same way."""
        if depth >= 2:
            return None
        inner = b64_text(run)
        if inner is None:
            return None
        # a form's fields (an API gateway's base64 body of a posted form): its "+" a space, as in a form's body
        new = self.text(inner, counts, plus=_FORM.fullmatch(inner) is not None, depth=depth + 1)
        if new == inner:
            return None
        core = run.rstrip("=")
        urlsafe = "-" in core or "_" in core
        enc = (base64.urlsafe_b64encode if urlsafe else base64.b64encode)(new.encode()).decode("ascii")
        return enc if run.endswith("=") or len(core) % 4 == 0 else enc.rstrip("=")

    def whole(self, value: str, kind: str, counts: Counts) -> str:
        """A value that is a secret as a whole: its own pseudonym when it is a known token."""
        if looks_redacted(value):
            return value
        return self._memoised(("whole", kind, value), value, counts, lambda found: self._whole(value, kind, found))

    def _whole(self, value: str, kind: str, counts: Counts) -> str:
        hits = self.finder.find(value)
        if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(value) and hits[0].rep is not None:
            if not hits[0].kind:
                return value  # already a pseudonym
            counts[hits[0].kind] = counts.get(hits[0].kind, 0) + 1
            return hits[0].rep
        counts[kind] = counts.get(kind, 0) + 1
        return self.ps.generic(value)
