"""What a field's value is and where it stands, for ``fields``: a model's own output beside its key (a logprob's
token, a thinking block), a GraphQL variable, a one-time code and its two-factor context, a secret's look, a Google app
password's four groups, a setting's word or code where a secret's value would be, markup's value attribute, a street's
name, and the person a name field's siblings describe.
"""

from __future__ import annotations

import re

from replay.redact.firms import brand_word
from replay.redact.jsonshapes import AROUND
from replay.redact.keys import STRICT_SECRET_CLASSES, KeyRules
from replay.redact.lexicon import lexicon
from replay.redact.readout import read_digits, say_digits
from replay.redact.tokens import b64_text, high_entropy

__all__ = [
    "ARABIC_STREETS",
    "LOGIN_OUTCOMES",
    "SETTINGS",
    "app_password",
    "arabic_street_end",
    "bare_code",
    "code_value",
    "graphql_variable",
    "login_name",
    "markup_value",
    "model_output",
    "person_context",
    "possessive_at",
    "returned_data",
    "said_code",
    "secret_like",
    "short_code",
    "street_name",
    "twofa_context",
]

_APP_PASSWORD = re.compile(r"([a-z]{4}) ([a-z]{4}) ([a-z]{4}) ([a-z]{4})(?![\w])")


def app_password(text: str, at: int) -> bool:
    """Four groups of four random letters at ``at``: none an ordinary word ("that with some more" is prose)."""
    m = _APP_PASSWORD.match(text, at)
    return m is not None and not any(g in lexicon().words for g in m.groups())


_GRAPHQL_VARIABLE = re.compile(r"\$[_A-Za-z][_0-9A-Za-z]*(?=\s*(?:[),}]|[_A-Za-z][_0-9A-Za-z]*\s*:))")


_TWOFA = (
    "2fa", "mfa", "otp", "totp", "two-factor", "two factor", "2-step", "two-step", "verif", "one-time",
    "one time", "passcode", "security code", "login code", "sign-in code", "sms", "authenticator", "challenge",
    "access code", "recovery code", "backup code",  # an account's 2FA recovery codes: each signs in once
    # a door's, a gate's, a key safe's code in a delivery's or a booking's instructions: a way into someone's home
    "gate code", "door code", "entry code", "buzzer code", "keypad code", "lockbox code", "key safe", "keysafe",
    "alarm code", "garage code", "key box", "keybox", "lock box",  # a host's "the key box code is 4471"
    "safe is", "safe's", "safe code", "combination",  # a safe's, a padlock's combination: "the safe is 19-44-07"
    # the same in French, German, Spanish, Italian, Dutch: a building's digicode, a gate's "Torcode"
    "code portail", "code porte", "code d'entrée", "code d'accès", "digicode", "torcode", "türcode", "tuercode",
    "haustürcode", "zugangscode", "alarmcode", "código de acceso", "código del portal", "codice cancello",
    "codice d'accesso", "poortcode", "deurcode",
)  # fmt: skip


# A model's output under a credential's name. A logprob's token (OpenAI, vLLM, Ollama: ``{"token": …,
# "logprob": …, "bytes": […]}``) is a piece of the answer, redacted with the pieces around it as the
# answer's text (``bodies``). An Anthropic thinking block's signature is the model's encrypted reasoning,
# which the API checks when it comes back on the next turn: written in its block (``{"type": "thinking",
# "thinking": "…", "signature": "…"}``, or the SDK's ``{"signature": "…", "thinking": "…", …}``) or in a
# stream's ``signature_delta``.
_LOGPROB_NEXT = re.compile(r'"\s*,\s*"(?:logprob|bytes)"\s*:')


_THINKING_NEXT = re.compile(r'"\s*,\s*"thinking"\s*:\s*"')


_THINKING_OPEN = re.compile(r'\{\s*"type"\s*:\s*"thinking"\s*,\s*"thinking"\s*:\s*"')


_THINKING_REST = re.compile(r'(?:[^"\\]|\\.)*"\s*,\s*"')


def model_output(text: str, key: str, q: int, ve: int) -> bool:
    """Whether the value ending at ``ve`` of the field named ``key`` (at ``q``) is one of these outputs."""
    name = key.lower()
    if name == "token":
        return _LOGPROB_NEXT.match(text, ve) is not None
    if name != "signature":
        return False
    if _THINKING_NEXT.match(text, ve) or "signature_delta" in text[max(0, q - 40) : q]:
        return True
    opened = text.rfind('"thinking"', 0, q)
    opened = text.rfind("{", 0, opened) if opened > 0 else -1
    block = _THINKING_OPEN.match(text, opened) if opened >= 0 else None
    return block is not None and _THINKING_REST.fullmatch(text, block.end(), q) is not None


def possessive_at(low: str, q: int) -> bool:
    """An apostrophe before ``low[q]`` is a possessive's inside a field name ("driver's_license",
    "owner's-name"): the name goes on before it."""
    return q > 1 and low[q - 1] in "'’" and low[q] == "s" and low[q - 2].isalpha()


# Values of secret-named fields that are settings, not secrets (fetch's credentials modes, input types),
# and the words of code that come after a name's = or : ("token = await fetchToken()", "password: str").
SETTINGS = frozenset(
    {"omit", "include", "same-origin", "same_origin", "none", "null", "undefined", "true", "false", "required"}
    | {"optional", "hidden", "password", "text", "secret", "token", "string", "boolean", "number", "object"}
    | {"await", "async", "new", "yield", "typeof", "lambda", "function", "str", "int", "bool", "float", "bytes"}
    | {"any", "void", "self", "this", "nil"}
    | {"expired", "invalid", "revoked", "missing"}  # a log's word of a token's state ("token: expired"), no token
    | {"__token__"}  # the user name a PyPI token logs in with (.pypirc, twine, pip): everyone's
)
# Code: operators, a value that is the rest of one (":=", "==="), and a dotted name (``this.credentials``,
# ``process.env.JWT_SECRET``, ``settings.SECRET_KEY``).
_CODE = re.compile(
    r"\|\||&&|[^=]={2,3}[^=]|!==?[^=]|=>|\A=|\A!\d"
    r"|\A[a-z_$][A-Za-z_$]*(?:\.(?:[a-z_$][A-Za-z_$]*|[A-Z][A-Z0-9_]*))+:?\Z"
)
# A user name of two dotted parts ("login: a.nowak", "username: j.smith"), not a dotted name of code ("user:
# req.user", "login: this.login", "username: self.username"): its last part names no login, its first is no object's
_DOTTED_LOGIN = re.compile(
    r"(?!(?:this|self|req|res|request|response|ctx|props|state|data|options|opts|config|cfg|process|settings|window"
    r"|document|args|params|auth|session|env|os|sys|form|model|obj|item|user|event|payload|body)\.)"
    r"[a-z]{1,20}\.(?![a-z]*(?:user|login|name|id|email|account)\Z)[a-z]{2,20}\d{0,4}"
)


def code_value(text: str, vs: int, ve: int, login: bool) -> bool:
    """The bare value ``text[vs:ve]`` after a secret's or a user's name is code, not what the name holds: an operator,
    the rest of one, a dotted name (``login``: a user name's "a.nowak" is none), a call's or a block's opening after
    it, a GraphQL variable."""
    value = text[vs:ve]
    return bool(
        (_CODE.search(value) and not (login and _DOTTED_LOGIN.fullmatch(value)))
        or text[ve : ve + 1] in ("{", "(")
        or graphql_variable(text, vs, ve)
    )


def graphql_variable(text: str, vs: int, ve: int) -> bool:
    """The bare value ``text[vs:ve]`` is a GraphQL variable an argument is given, one the operation declares
    (``mutation($p: String!) { login(password: $p) }``); a password written "$ecret" in prose is not."""
    m = _GRAPHQL_VARIABLE.match(text, vs, ve + 256)
    return m is not None and m.end() == ve and re.search(rf"[(,\s]{re.escape(m.group(0))}\s*:", text) is not None


def short_code(value: str) -> bool:
    """A few digits, a keypad's "#" before or after them perhaps ("4471#": a gate's code), a digicode's keypad
    letter among them ("4B719")."""
    return _KEYPAD_CODE.fullmatch(value) is not None and 4 <= sum(c.isdigit() for c in value) <= 8


def mixed_code(value: str) -> bool:
    """A code a service generates of capitals and digits, perhaps in groups ("K7XQ9PZ2", "7HJK-2MNP-Q9RS": a sign-in's,
    a recovery code's): six or more of them, two digits and two letters at least (not "404", "HTTP2", "ABC")."""
    if _MIXED_CODE.fullmatch(value) is None:
        return False
    digits, letters = sum(c.isdigit() for c in value), sum(c.isalpha() for c in value)
    return digits >= 2 and letters >= 2 and digits + letters >= 6


_MIXED_CODE = re.compile(r"[A-Z0-9]{4,10}(?:-[A-Z0-9]{3,6}){0,4}")
_KEYPAD_CODE = re.compile(r"#?\d+(?:[A-D]\d*)?#?")
_BARE_CODE = re.compile(r"#?(?:\d{4,8}|\d{1,7}[A-D]\d{0,7})#?(?![\w\-/:]|\.\w)")  # a sentence's full stop after it


def bare_code(text: str, low: str, q: int, cls: str, v: int) -> bool:
    """A one-time code's digits right after its name with no "is" or ":" ("otp 482913", "2FA code 482913"): a
    code's name right after a one-time word ("verification", "login", "SMS"); "otp 3 times", "error code 40001",
    "the code 482913 is in line 12" are none."""
    if cls not in ("otp", "code") or _BARE_CODE.match(text, v) is None:
        return False
    named = low[max(0, q - 16) : v]  # the one-time word and the name: "login code", "verification code"
    return cls == "otp" or any(w in named for w in _TWOFA)


# A code's value said after its name and "is" or "was" (a chat's, a call's), its digits in groups or read out in words
# ("OTP was 739 204", "the code is 48 19 27", "is four seven two nine"), perhaps past a clause about how it came ("the
# code you sent me is …", "my verification code, the one you texted, is …")
_SAID_CODE = re.compile(
    r"(,[^,.!?\n]{1,40},|[ \t]+(?:you|that|which|i|we|they|he|she)[ \t][^,.!?\n]{0,40}?"
    r"|[ \t]+(?:for|at|to|on|of|del|de|du|des|für|zum|zur|per|van|voor)[ \t][^,.!?:\n]{1,40}?)?"
    r"(?:[ \t]*:|[ \t]+(?:is|was|es|era|est|était|ist|war|è))[ \t]+",
    re.I,
)
_SENT = re.compile(r"\b(?:sent|texted|emailed|messaged|gave|got|received)\b", re.I)
_GROUPED_CODE = re.compile(r"\d{1,8}(?:[ \-]\d{1,4}){0,7}(?![\w\-])")


def said_code(text: str, low: str, q: int, r: int, one_time: bool) -> tuple[int, int, str] | None:
    """The span and pseudonym of a one-time code said after its name at ``text[q:r]`` (``one_time``: the name is a
    one-time code's, "otp", "verification code"; a plain "code" needs its two-factor words around it or a clause of
    its sending: "the code you sent me is …", not "the error code you got is 40001", whose name is no code's at all)."""
    m = _SAID_CODE.match(text, r)
    if m is None or not (one_time or twofa_context(low, q) or (m.group(1) and _SENT.search(m.group(1)))):
        return None
    v = m.end()
    if (g := _GROUPED_CODE.match(text, v)) is not None:
        value = g.group(0)
        if value.isdigit() and not m.group(1):
            return None  # "your code is 482913": a field's value (``fields``)
        digits = sum(c.isdigit() for c in value)
        return (v, g.end(), "".join("9" if c.isdigit() else c for c in value)) if 4 <= digits <= 8 else None
    read = read_digits(text, v) if text[v : v + 1].isalpha() else None
    if read is None or not 4 <= len(read[1]) <= 8:
        return None
    return v, read[0], say_digits("9" * len(read[1]), read[2])


def twofa_context(low: str, at: int) -> bool:
    """Words around a ``code`` field that make its few digits a one-time code (so does "your" or "my"
    right before it: "your code is 587274", in ``FieldFinder.at``)."""
    window = low[max(0, at - 100) : at + 60]
    return any(w in window for w in _TWOFA)


# A word right after a secret's name, its end a sentence's or a space ("reset token 9fQ2xL…. Sent", "key Zq8V…")
_WORD_AT = re.compile(r"[\w\-+/=~*]{16,512}")


# The word before a secret's name of two words in prose ("API key", "access key", "license key")
_WORD_BEFORE = re.compile(r"([a-z]{2,20})[ \t_-]\Z")


def bare_secret(text: str, low: str, q: int, key: str, cls: str, v: int, keys: KeyRules) -> bool:
    """A generated value at ``v``, right after a secret's name at ``q`` with no "is" or ":" between ("reset token
    9fQ2xL7v…", "API key Zq8VpL2x…" in a mail's text): random-looking, not a word of prose ("token endpoint", "key
    rotation"), with a lower-case letter: capitals and digits alone are an IBAN's, a card's, an id's, which their shape
    reads. The name is a secret's alone ("token") or with the word before it ("API key": a "key" alone is a sort's, a
    cache's, a map's unless its value looks random, and a word of prose may look so)."""
    if cls not in STRICT_SECRET_CLASSES:
        before = _WORD_BEFORE.search(low, max(0, q - 24), q) if cls == "maybe_secret" else None
        if before is None or keys.classify(f"{before.group(1)} {key}") not in STRICT_SECRET_CLASSES:
            return False
    m = _WORD_AT.match(text, v)
    return m is not None and high_entropy(m.group()) and m.group().upper() != m.group()


def secret_like(value: str) -> bool:
    """After "password is": a value with a digit, a symbol or inner capitals, not a plain word."""
    if len(value) < 6:
        return False
    return any(c.isdigit() for c in value) or not value.isalnum() or any(c.isupper() for c in value[1:])


# Markup: an XML element's text (<wsse:Password>…</, <FirstName>…</, after its attributes: <wsse:Password
# Type="…#PasswordText">…</), and an HTML input's value or a meta tag's content after its name (name="csrf_token"
# value="…", name="csrf-token" content="…").
_ELEMENT_OPEN = re.compile(r"<(?:[\w\-.]+:)?\Z")


_ATTRIBUTES = re.compile(r"""(?:\s+[\w:\-.]+\s*=\s*(?:"[^"<>]{0,512}"|'[^'<>]{0,512}')){1,8}\s*>""")


# An element's one child holding its text, the element closing right after it
_ONE_CHILD = re.compile(r"<((?:[\w\-.]+:)?[\w\-.]+)>[ \t]*([^<>\s][^<>]{0,1023}?)[ \t]*</\1>\s*</")


_ATTR_VALUE = re.compile(
    r"""(["'])(?:\s+[\w:\-]+=(["'])[^"'<>]*\2)*?\s+(?:[Vv]alue|content)=(["'])([^"'<>]{1,4096})\3"""
)


def markup_value(text: str, q: int, r: int, child: bool = False) -> tuple[int, int] | None:
    """Where the value of the markup field named ``text[q:r]`` is, if the name is one of markup (``child``: or its
    one child element's text, for a person's field: a secret's name is too often an abbreviation, NCPDP's <Sig>)."""
    nxt = text[r : r + 1]
    if nxt in "> \t\r\n" and nxt and _ELEMENT_OPEN.search(text, max(0, q - 24), q):
        start = r + 1 if nxt == ">" else (m.end() if (m := _ATTRIBUTES.match(text, r)) is not None else -1)
        if start > 0 and text.startswith("<![CDATA[", start):
            # the element's text in a CDATA section (WeChat's messages, RSS, SOAP): its "<" is no child's
            end = text.find("]]>", start + 9, start + 1034)
            inner = text[start + 9 : end] if end > 0 else ""
            if inner.strip():
                return start + 9 + len(inner) - len(inner.lstrip()), end - len(inner) + len(inner.rstrip())
            return None
        end = text.find("<", start, start + 1025) if start > 0 else -1
        inner = text[start:end] if end > start else ""
        if inner.strip() and ">" not in inner:  # the element's text, not the white space before a child element
            return start + len(inner) - len(inner.lstrip()), end - len(inner) + len(inner.rstrip())
        if child and end >= start > 0 and (one := _ONE_CHILD.match(text, end)) is not None:
            return one.span(2)  # NCPDP SCRIPT's <DateOfBirth><Date>…</Date></DateOfBirth>: its one child's text
    elif nxt in ('"', "'") and (text[max(0, q - 6) : q - 1].lower() == "name=" or text[q - 9 : q - 1] == "ItemOID="):
        # a field's name in an attribute and its value in "value" (CDISC ODM's <ItemData ItemOID="IT.DM.BRTHDTC"
        # Value="1961-03-09"/>), or the element's text
        m = _ATTR_VALUE.match(text, r)
        if m is not None:
            return m.span(4)
        end = text.find("<", r + 2, r + 1026) if text[r + 1 : r + 2] == ">" else -1
        if end > r + 2 and ">" not in text[r + 2 : end]:
            return r + 2, end  # <field name="email">…</field>: the element's text
    return None


# The words an Arabic street's or district's name starts with: a street, a road, a district, an avenue
ARABIC_STREETS = ("شارع ", "طريق ", "حي ", "جادة ", "ش. ")


def arabic_street_end(text: str, vs: int, ve: int) -> int:
    """Where an Arabic street's value ends: at its first comma not before a district ("شارع الملك فهد، حي العليا"
    is one line; "…، جدة" goes on to its city, which is no one's)."""
    at = vs
    while (cut := min((c for c in (text.find("،", at, ve), text.find(",", at, ve)) if c >= 0), default=-1)) >= 0:
        if not text.startswith("حي ", cut + 1 + (text[cut + 1 : cut + 2] == " ")):
            return cut
        at = cut + 1
    return ve


def street_name(value: str) -> bool:
    """A street's name under a word that names other things too ("drive": "C:", "lane": "fast"): two to six
    words, capitalised but for short particles and numbers ("Mahoney Square", "Avenida 9 de Julio"); in Arabic,
    which has no capitals, after a street's or a district's word ("شارع الملك فهد، حي العليا")."""
    words = value.split()
    if value.startswith(ARABIC_STREETS):
        return len(words) >= 2
    return (
        2 <= len(words) <= 6
        and words[0][:1].isupper()
        and words[-1][:1].isupper()
        and all(w[:1].isupper() or w[:1].isdigit() or len(w) <= 3 for w in words)
    )


# Fields beside a bare name that say it is a person's: an email, a phone, an address, a birth date, a real name (a
# Slack user's "name" is their login beside it); and a surname's,
# which makes it the given name, whatever the word ("nombre=Cesc&apellidos=…"), or a given name's the surname.
_PERSON_FIELDS = (
    "mail", "correo", "courriel", "phone", "telef", "address", "adres", "direcc", "indirizz", "endere", "birth",
    "geburt", "naissance", "nacimiento", "nascimento", "domicilio", "real_name", "realname",
    '"tel"', "&tel=", "mobile_number", "mobilenumber", "whatsapp",  # a form's or a query's short phone field
)  # fmt: skip


_SURNAME_FIELDS = ("surname", "lastname", "last_name", "familyname", "family_name", "apellido", "cognome", "nachname")
_SURNAME_FIELDS += ("sobrenome", "nazwisko", "achternaam")
# and a French given name's: the "nom" beside it is the surname ({"prenom": "Ségolène", "nom": "Duplantier"})
_SURNAME_FIELDS += ("prenom", "prénom")


def person_context(low: str, at: int, own: tuple[int, int] | None = None) -> str | None:
    """What fields beside a bare "name" in its object say of it: "surname" when one is a surname's, "person" when
    one is an email's, a phone's, an address's; else None. Not the fields of an object inside it or beside it: an
    activity's "name" is not its athlete's ({"name": "Morning Run", "athlete": {"lastname": …}}); nor the name's
    ``own`` value (a tool's {"name": "send_email", "arguments": …} has no email beside it)."""
    lo, hi = max(0, at - AROUND), at + AROUND
    start = max(low.rfind("{", lo, at), low.rfind("}", lo, at))
    end = min((p for p in (low.find("}", at, hi), low.find("{", at, hi)) if p >= 0), default=hi)
    window = low[max(lo, start) : end]
    if own is not None and max(lo, start) <= own[0] <= own[1] <= end:
        window = low[max(lo, start) : own[0]] + "\n" + low[own[1] : end]
    if any(w in window for w in _SURNAME_FIELDS):
        return "surname"
    return "person" if any(w in window for w in _PERSON_FIELDS) else None


# A typed id's prefix ("file-…", "msg_…", "chatcmpl-…"), a file's name ending a path, and the base64 starts of files
# an API returns (PNG, JPEG, GIF, WebP, PDF, ZIP, gzip)
_TYPED_ID = re.compile(r"[a-z]{2,12}[-_]")
_FILE_NAME = re.compile(r"\.[a-z][a-z0-9]{1,7}\Z")
_FILE_B64 = ("iVBORw0KGgo", "/9j/", "R0lGOD", "UklGR", "JVBERi", "UEsDB", "H4sI")


def returned_data(value: str) -> bool:
    """A lone ``"data"``'s or ``"result"``'s generated-looking value is what a call returned, not a secret: an
    object's typed id, a path or a link (a link's tokens are its own rules'), or base64 of a file or of text."""
    if _TYPED_ID.match(value) is not None or _FILE_NAME.search(value) is not None or "://" in value:
        return True
    return value.startswith(_FILE_B64) or b64_text(value) is not None


# What a log or a form says of a login after its name ("login: failed", "Login: successful"), and a message's
# recipients all at once (WeCom's "touser": "@all"): no one's user name
LOGIN_OUTCOMES = frozenset(
    {"failed", "failure", "success", "successful", "succeeded", "ok", "denied", "locked", "expired", "invalid"}
    | {"pending", "blocked", "disabled", "enabled", "error", "attempt", "attempts", "page", "form", "link", "button"}
    | {"@all"}
)
# A person's login under a bare "name" beside their e-mail ("mbrightwater", "j.doe", "kim_88"): lower case, one token
_LOGIN_NAME = re.compile(r"[a-z][a-z0-9]*(?:[._-]?[a-z0-9]+)*")


def login_name(value: str) -> bool:
    """A bare "name" beside a person's e-mail that is their login: one lower-case token, no ordinary word ("platform",
    a team's) nor a product's ("docker", a bot's)."""
    lex = lexicon()
    return (
        4 <= len(value) <= 32
        and _LOGIN_NAME.fullmatch(value) is not None
        and value not in lex.words
        and value not in lex.rare_words
        and value not in LOGIN_OUTCOMES
        and not brand_word(value)
    )
