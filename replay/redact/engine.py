"""The record-level driver: every part of an exchange through the redaction that fits it.

The URL (its query's fields by their names, ``pairs``; a GraphQL GET's variables by the arguments they feed,
``graphql``), the response reason and the error go through the text pass (``textpass``), the headers through their
own rules (``headers``), the bodies by content type (``bodies``). The engine builds the pseudonyms, key rules and
finder of one policy once and counts what it replaced, per kind.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from replay.exchange.format import GIVEN_NAMES, Exchange
from replay.redact.bodies import BodyRules
from replay.redact.detectors import Finder
from replay.redact.graphql import GraphQL
from replay.redact.headers import HeaderRules
from replay.redact.hits import Hit
from replay.redact.keys import KeyRules
from replay.redact.pairs import Pairs
from replay.redact.policy import Policy
from replay.redact.pseudonym import Pseudonyms
from replay.redact.strings import whole_word
from replay.redact.textpass import TextPass
from replay.redact.textview import View, decode_view, encode_like
from replay.redact.transcripts import word_spans

__all__ = ["Engine"]

# The one-word secrets of an exchange looked for again (``_again``): each is a search of its URL and bodies, and a
# body of thousands of tokens (a key store's dump) has each where it was found
_VALUES_AGAIN = 64


def _given_in(name: str, text: str) -> bool:
    """``text`` holds ``name``'s given name, of three letters or more, as a word ("Tom" in "customer" is none)."""
    given = name[: name.find(" ")]
    if len(given) < 3:
        return False
    p = text.find(given)
    while p >= 0:
        e = p + len(given)
        if not (p and text[p - 1].isalnum()) and not text[e : e + 1].isalnum():
            return True
        p = text.find(given, e)
    return False


def _decoded(text: str, plus: bool) -> View | None:
    """The decoded view the search for values found again reads ``text`` in, if it needs one: the values were found
    decoded, and a client's ``ensure_ascii`` JSON (Python's ``json.dumps`` default) writes "Jos\\u00e9",
    "\\u0930\\u093e\\u0939\\u0941\\u0932", PHP's ``json_encode`` a token's slashes "Zm9v\\/YmFy", a URL's query
    (``plus``) "Jos%C3%A9". Only a text with its kind of escape is decoded (decoding every body again would cost every
    exchange with a name)."""
    if plus:
        return decode_view(text, plus) if "%" in text else None
    return decode_view(text) if "\\u" in text or "\\/" in text else None


class Engine:
    """Redacts the parts of an exchange; counts per kind go into the Counter passed in."""

    def __init__(self, key: bytes, policy: Policy):
        self.policy = policy
        self.ps = Pseudonyms(key)
        self.keys = KeyRules(policy.redact_keys, policy.keep_keys, "secret_keys" not in policy.disabled)
        self.finder = Finder(self.ps, self.keys, policy.disabled, policy.phone_regions, policy.rules)
        self._pass = TextPass(self.ps, self.finder)
        self._pairs = Pairs(self._pass, self.keys)
        self._graphql = GraphQL(self._pairs)
        self._headers = HeaderRules(self._pass, policy, self.keys, self.finder.on, self.url)
        self._bodies = BodyRules(self._pass, policy, self.keys, key)

    def exchange(self, ex: Exchange) -> Counter[str]:
        """Redact ``ex`` in place; return what was found, per kind."""
        counts: Counter[str] = Counter()
        self._pass.names.clear()
        self._bodies.streams.clear()
        self._bodies.frames.clear()
        req = ex.request
        req.url = self.url(req.url, counts)
        req.headers = self._headers.headers(req.headers, counts)
        if req.trailers:  # fields after the body (gRPC's grpc-message): redacted as headers are
            req.trailers = self._headers.headers(req.trailers, counts)
        req.body = self._bodies.body(req.body, req.headers, counts, "request", ex.meta)
        if ex.response is not None:
            resp = ex.response
            resp.headers = self._headers.headers(resp.headers, counts)
            if resp.trailers:
                resp.trailers = self._headers.headers(resp.trailers, counts)
            resp.body = self._bodies.body(resp.body, resp.headers, counts, "response", ex.meta)
            resp.reason = self.text(resp.reason, counts)
        if ex.error:
            ex.error = self.text(ex.error, counts)
        self._given_names(ex, counts)
        if self._pass.names:
            self._again(ex, counts)
        return counts

    def _given_names(self, ex: Exchange, counts: Counter[str]) -> None:
        """The names ``GIVEN_NAMES`` in ``ex.meta`` redacted as text, and the id made of one with it: a batch line's
        custom_id 'jane.doe@example.com' reached the capture as it came (id and meta), and scan called it clean.
        ``replay import --append`` then tells a file imported again by that redacted id: with a key of its own each
        run (no REPLAY_REDACT_KEY), not where the name held something to redact."""
        for key in GIVEN_NAMES:
            raw = ex.meta.get(key)
            if not isinstance(raw, str) or not raw:
                continue
            said = self.text(raw, counts)
            if said != raw:
                ex.meta[key] = said
                if ex.id.endswith(raw):
                    ex.id = ex.id[: len(ex.id) - len(raw)] + said

    def _again(self, ex: Exchange, counts: Counter[str]) -> None:
        """The full names found in one string of ``ex``, wherever else in its URL and bodies they stand again with
        no cue of their own (``PersonalFinder.elsewhere``): a conversation names a person once, and a tool call's
        arguments, a later turn or the answer name them again; a speech-to-text result's words spell them one word
        a string (``transcripts``). A secret of one word found once (``TextPass``: a token, a number) goes wherever
        it stands again whole: a checkout's token in its recovery link, a WhatsApp user's number as a "from"."""
        bodies = [b for b in (ex.request.body, ex.response and ex.response.body) if b and b.encoding == "utf8"]
        texts = [ex.request.url, *(b.text for b in bodies)]
        found = list(dict.fromkeys(self._pass.names))
        self._pass.names.clear()
        # an escape hides a character that is not ASCII, or a slash (PHP's ``\\/``): when every value is ASCII with no
        # slash, the texts are read as they are
        seen: list[View | None] = [None] * len(texts)
        if not all(v.isascii() and "/" not in v for v, _, _ in found):
            seen = [_decoded(t, i == 0) for i, t in enumerate(texts)]
            texts = [t if v is None else v.text for t, v in zip(texts, seen, strict=True)]
        # A stream's events split what they say (an answer streamed token by token): a value found again in one is
        # looked for in its joined fields, which are not among ``texts``; an AWS event stream's (Bedrock's) frames
        # are base64, their payloads none of ``texts`` either
        streams = [(b, sse) for b, sse in self._bodies.streams if b.encoding == "utf8"]
        frames = self._bodies.frames
        joined = bool(streams or frames)
        # A name found again holds its surname or its given name: a search or two a name and text before anything else.
        names = [
            (v, r)
            for v, r, k in found
            if k == "name"
            and (joined or any(v[v.rfind(" ") + 1 :] in t for t in texts) or any(_given_in(v, t) for t in texts))
        ]
        values = [(v, r, k) for v, r, k in found if k != "name"][:_VALUES_AGAIN]
        values = [(v, r, k) for v, r, k in values if joined or any(v in t for t in texts)]
        if not names and not values:
            return
        find = partial(self._again_hits, names=names, values=values)
        for body, sse in streams:
            self._bodies.stream_again(body, sse, counts, find)
        for body in frames:  # orjson writes the payloads' text unescaped: no decoded view needed
            self._bodies.frames_again(body, counts, find, lambda t: self._replace(t, None, names, values, counts))
        ex.request.url = self._replace(ex.request.url, seen[0], names, values, counts, True)
        for body, view in zip(bodies, seen[1:], strict=True):
            new = self._replace(body.text, view, names, values, counts)
            if new is not body.text:
                body.replace_text(new)

    def _again_hits(self, text: str, names: list[tuple[str, str]], values: list[tuple[str, str, str]]) -> list[Hit]:
        """The places of ``names`` and ``values`` in ``text``, one a place, as hits."""
        return [Hit(a, b, kind, rep, 39) for a, b, rep, kind in self._spans(text, names, values)]

    def _replace(
        self,
        text: str,
        view: View | None,
        names: list[tuple[str, str]],
        values: list[tuple[str, str, str]],
        counts: Counter[str],
        plus: bool = False,
    ) -> str:
        """``text`` with ``names`` and ``values`` replaced where they stand again in it (in ``view``, its decoded
        reading, when it has one), each in the escaping of the span it replaces."""
        src = text if view is None else view.text
        spans = self._spans(src, names, values)
        if not spans:
            return text
        out, pos = [], 0
        for a, b, rep, kind in spans:
            if view is not None:
                oa, ob = view.to_orig(a), view.to_orig(b)
                if text[oa:ob] != src[a:b]:
                    rep = encode_like(text[oa:ob], rep, plus)
                a, b = oa, ob
            out += (text[pos:a], rep)
            pos = b
            counts[kind] += 1
        return "".join(out) + text[pos:]

    def _spans(
        self, text: str, names: list[tuple[str, str]], values: list[tuple[str, str, str]]
    ) -> list[tuple[int, int, str, str]]:
        """Where ``names`` and ``values`` stand again in ``text``, in order, none overlapping another."""
        spans = [
            (a, b, r, "name") for value, rep in names for a, b, r in self.finder.personal.elsewhere(value, rep, text)
        ]
        if words := word_spans(text, names):  # a transcript's words, one a string: they take the whole name's words
            spans = [(a, b, rep, "name") for a, b, rep in words] + [
                s for s in spans if not any(a < s[1] and s[0] < b for a, b, _ in words)
            ]
        spans += [(a, b, rep, kind) for value, rep, kind in values for a, b in whole_word(text, value)]
        spans.sort()
        kept, pos = [], 0
        for span in spans:
            if span[0] >= pos:
                kept.append(span)
                pos = span[1]
        return kept

    def url(self, url: str, counts: Counter[str]) -> str:
        """``url`` redacted: its query's fields by their names, a GraphQL GET's variables by their arguments, the rest
        as text (a ``+`` in the query a space). The request's, and one a header carries (``headers``)."""
        query = url.find("?") + 1
        plus = query > 0
        url = self._graphql.fields(url, counts, query) if plus else url
        return self._pairs.text(url, counts, lambda piece: self.text(piece, counts, plus), query or len(url))

    def text(self, s: str, counts: Counter[str], plus: bool = False) -> str:
        """``s`` with every hit replaced, escaped the way the original span was (``plus``: a
        ``+`` in it is a space, as in a query string or a form)."""
        return self._pass.text(s, counts, plus)
