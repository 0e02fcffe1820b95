"""The JSON shapes a field's value sits in, beside its name's ``:``: a name/value pair's object (``{"name":
"STRIPE_API_KEY", "value": "…"}``), an object holding the value (``"password": {"value": "…"}``), and name parts
that say a person's name only by the pair they come in (``{"family": …, "given": […]}``)."""

from __future__ import annotations

import re

__all__ = [
    "AROUND",
    "DOCUMENT_KEYS",
    "JSON_COLON",
    "LIST_REACH",
    "NAME_PAIRS",
    "in_object",
    "inner_value",
    "pair_value",
]

AROUND = 300  # the farthest a field's rule reads around it: a bare "name"'s object, up to 300 characters
LIST_REACH = 4096  # the farthest a value's list or object is read

# A JSON object's tokens: a string (a key when a ``:`` follows), a bracket.
_JSON_TOKEN = re.compile(r'"((?:[^"\\]|\\.){0,512})"(\s*:\s*)?|[{}\[\]]')


# A name/value pair's object: the field's name is the value of its "name" (Kubernetes' env, a HAR's headers and
# params, AWS tags, Postman variables), and the value follows as its "value".
_PAIR_NAME = re.compile(
    r'\\*"(?:name|key|Name|Key|NAME|KEY|variable|header|field|label|param|parameter)\\*"[ \t]*:[ \t]*\\*"\Z'
)
_PAIR_VALUE = re.compile(r'\\*"[ \t]*,[ \t]*\\*"(?:value|Value|VALUE|val|default|defaultValue)\\*"[ \t]*:[ \t]*')


def pair_value(text: str, q: int, r: int) -> int | None:
    """Where the value starts of the name/value pair whose name is ``text[q:r]`` (``{"name": "STRIPE_API_KEY",
    "value": "…"}``, ``{"Key": "db_password", "Value": "…"}``), or None."""
    m = _PAIR_VALUE.match(text, r)
    if m is None or _PAIR_NAME.search(text, max(0, q - 24), q) is None:
        return None
    return m.end()


# Name parts by the pair they come in: FHIR's HumanName ({"family": "Whitfield", "given": ["Jane"]}), {"first":
# "Jane", "last": "Whitfield"}; either key alone says nothing ("family": "typical", "first": 1, "font": {"family"}).
NAME_PAIRS = {"family": "given", "given": "family", "first": "last", "last": "first"}
JSON_COLON = re.compile(r'\\*"[ \t]*:[ \t]*')


def in_object(low: str, q: int, key: str) -> bool:
    """``key`` is a key of the JSON object holding the field at ``q`` (or of one in a JSON string), as far as
    ``AROUND`` reaches."""
    start = low.rfind("{", max(0, q - AROUND), q)
    if start < 0:
        return False
    end = low.find("}", q, q + AROUND)
    window = low[start : end if end >= 0 else q + AROUND]
    return f'"{key}"' in window or f'"{key}\\"' in window


# The keys of an identity document's object that hold its number
DOCUMENT_KEYS = ("number", "no", "num", "nr", "value")


def inner_value(text: str, v: int, keys: tuple[str, ...] = ("value", "default")) -> int | None:
    """Where the ``"value"`` of the object opening at ``v`` starts, at the object's own level: a secret's
    object holding it (Okta's ``"password": {"hash": {…}, "value": "…"}``), or its ``"default"`` (a Terraform
    variable's ``"api_token": {"default": "…"}``); or the value of another of ``keys`` (a document's
    ``"passport": {"number": "…", "expiry": …}``)."""
    depth = 0
    for m in _JSON_TOKEN.finditer(text, v, min(len(text), v + LIST_REACH)):
        c = m.group(0)[0]
        if c in "{[":
            depth += 1
        elif c in "}]":
            depth -= 1
            if depth == 0:
                return None
        elif depth == 1 and m.group(2) is not None and m.group(1) in keys:
            return m.end()
    return None
