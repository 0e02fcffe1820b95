"""Where a field's value starts and ends, for ``fields``: a quoted string (escaped quotes too, as in JSON inside a
JSON string) or a bare run up to the next parameter, and how far a bare name or address runs past its first space (to
its clause's end, or its sentence's, less a postcode and town after the street)."""

from __future__ import annotations

import re

__all__ = ["BARE", "phrase_end", "value_span"]

_QUOTE_OPEN = re.compile(r"\\*[\"']")
_ESCAPED_QUOTE = {q: re.compile(r"\\*" + q) for q in "\"'"}
_DQ_BODY = re.compile(r'(?:[^"\\]|\\.){0,16384}', re.S)  # bounded: a value longer than that is not a secret
_SQ_BODY = re.compile(r"(?:[^'\\\n]|\\.){0,16384}")
BARE = re.compile(r"[^\s\"'&,;<>(){}\[\]\\]{1,1024}")
_NEXT_PARAM = re.compile(r"&+(?:amp;)?[\w.\[\]%\-]*=")  # "&remember=1": a form's or a query's next field
_PHRASE = re.compile(r"[^&\n\r\"'<>;(){}\[\]\\|]{1,200}")
# A sentence's end inside a bare address: a stop after a word of 4 letters or more, a number or a postcode's
# last part (the UK's, the Netherlands': "Edinburgh EH4 3AB. They billed …", "1016 JA. Bedankt"), then a capital
# ("12 Oak Street, Toronto. Your order …"); "St. Louis", "No. 76" and "Hauptstr. 5" run on.
_SENTENCE_END = re.compile(r"(?:(?<=[^\W\d_]{4})|(?<=\d)|(?<=\d[A-Z]{2})|(?<=\d [A-Z]{2}))[.!?][ \t]+(?=[^\W\d_])")
# A postcode and a town: 80174 Vetschau, 1244 QU Bovenkerk, 44-670 Daleszyce, 174 32 Hede, SW1A 1AA London.
_POSTCODE_TOWN = re.compile(r"[ \t]*(?=[A-Z0-9]*\d)[A-Z0-9]{2,5}(?:[ \-][A-Z0-9]{2,4})?[ \t]+[^\W\d_][^\d]*")
# A bare address's next field on its line, which ends it: a label and ":" ("…, 24103 Kiel, Telefon: 0171 …"), a
# phone's short label ("…, 69007 Lyon, tél. 07 81 …"), an email ("…, Leeds, jane@example.com").
_NEXT_FIELD = re.compile(
    r"[ \t]*(?:[^\W\d_][\w\-]*(?:[ \t][^\W\d_][\w\-]*){0,2}[ \t]*:|(?:tel|tél|tlf|ph|mob|fax)\b|[^,]*@)", re.I
)
# A stored password's hash scheme before it (LDAP's userPassword "{SSHA}…", Spring Security's "{bcrypt}$2a$…",
# Dovecot's "{SHA512-CRYPT}$6$…"): the value's start, not an object's or a template's ("{name}", "{ }").
_HASH_SCHEME = re.compile(
    r"\{(?i:s?sha(?:-?(?:1|256|384|512))?|s?md5|md4|crypt|pbkdf2(?:-sha(?:1|256|512))?|argon2(?:id|i)?|bcrypt|noop"
    r"|scrypt|ldap|plain|cleartext|clear|blf-crypt|sha(?:256|512)-crypt|ssha(?:256|384|512))\}(?=[^\s\"',;])"
)
# Where a name's clause ends: a mark, not an initial's dot ("name: hyuuma t. maida", "Name: J. Smith").
_CLAUSE_END = re.compile(r"[,;:!?()]|(?<!\b[^\W\d_])\.")


def phrase_end(text: str, vs: int, ve: int, address: bool) -> int:
    """A bare name or address runs past its first space (``name=Ana+Lima``, ``line1: 12 Oak St``):
    to the end of the field, of the sentence for an address (up to its last numbered part), or of the
    clause for a name."""
    m = _PHRASE.match(text, vs)
    if m is None:
        return ve
    value = m.group(0)
    if not address:
        value = _CLAUSE_END.split(value, maxsplit=1)[0]
    else:
        for end in _SENTENCE_END.finditer(value):
            if value[end.end()].isupper():
                value = value[: end.start()]
                break
        parts = value.split(",")
        nxt = next((i for i in range(1, len(parts)) if _NEXT_FIELD.match(parts[i])), len(parts))
        parts = parts[:nxt]
        numbered = [i for i, part in enumerate(parts) if any(c.isdigit() for c in part)]
        # a postcode and town after the street ("Salzachstraße 276, 80174 Vetschau") are the town's
        while len(numbered) > 1 and _POSTCODE_TOWN.fullmatch(parts[numbered[-1]]):
            numbered.pop()
        if numbered:  # "Kleinmachnower Weg 952, Damme": a town after the last numbered part is no one's
            value = ",".join(parts[: numbered[-1] + 1])
    return max(ve, vs + len(value.rstrip(" \t.,")))


def _escaped_close(text: str, vs: int, n: int, quote: str) -> int:
    """Where a string opened by ``n`` backslashes and ``quote`` (JSON inside a JSON string: ``\\"``, ``\\\\\\"``
    a level deeper) closes, or -1. Each level of escaping writes a backslash of the levels below as two and their quote
    as a backslash and it, so a quote after ``k`` backslashes is the string's own quote, escaped ``n`` times, after
    ``(k - n) / (n + 1)`` backslashes of its text; it closes the string when that number is even (``\\\\\\"`` is
    a quote of its text in ``\\"pa\\\\\\"ss\\"``, which a search for the first ``\\"`` ended at)."""
    for m in _ESCAPED_QUOTE[quote].finditer(text, vs, vs + 16384 + 2 * n + 2):
        k = m.end() - m.start() - 1
        if k >= n and (k - n) % (2 * n + 2) == 0:
            return m.end() - n - 1
    return -1


def value_span(text: str, v: int) -> tuple[int, int] | None:
    """Where the value starting at ``v`` is: a quoted string's inside (up to 16 KB), or a bare run; None for an
    object, a list, a JSON literal or no value."""
    if v >= len(text):
        return None  # a key cue at the text's end: no value
    c = text[v]
    if c in "\"'\\":
        qm = _QUOTE_OPEN.match(text, v)
        if qm is None:
            return None
        tok = qm.group(0)
        vs = qm.end()
        if len(tok) == 1:
            body = (_DQ_BODY if tok == '"' else _SQ_BODY).match(text, vs)
            ve = body.end() if body else vs
            if text[ve : ve + 1] != tok:
                return None
        else:
            ve = _escaped_close(text, vs, len(tok) - 1, tok[-1])
            if ve < 0:
                return None
        return (vs, ve) if 0 < ve - vs <= 16384 else None
    if c == "{" and (scheme := _HASH_SCHEME.match(text, v)) is not None:
        m = BARE.match(text, scheme.end())
        return (v, m.end()) if m is not None else None
    if c in "{[":
        return None
    m = BARE.match(text, v)
    if m is None or m.group(0) in ("true", "false", "null"):
        return None
    a, b = m.span()
    while text[b : b + 1] == "&" and _NEXT_PARAM.match(text, b) is None:
        more = BARE.match(text, b + len(text[b:]) - len(text[b:].lstrip("&")))
        if more is None:
            break
        b = more.end()  # "pw is ynC&&FnIsFut": an & that starts no parameter is the value's
    if b - a > 1 and text[b - 1] == "." and (b == len(text) or text[b].isspace()):
        b -= 1  # "my code is 920600." ends a sentence
    return a, b
