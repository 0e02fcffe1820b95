"""Where a request's prompt is: the texts features, perturbations and the judge read.

By a JSON path (``PromptPath``) when the scenario gives one; by default the user messages of an
OpenAI chat, Anthropic messages or Ollama chat body (``messages``), of an OpenAI responses body
(``input`` items) or of a Gemini body (``contents``, its ``parts``; no role is the user's), else
``input``, ``prompt``, ``query``, ``q`` or ``question``, else the ``q``/``query``/``prompt``
parameter of the URL. System prompts (``system`` messages, ``instructions``, ``systemInstruction``)
are not the user's prompt.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import parse_qs

import msgspec
import orjson

from replay.util.jsonpath import PromptPath, text_of

__all__ = [
    "DEFAULT_PATHS",
    "QUERY_PARAMS",
    "Msg",
    "body_prompt",
    "join_prompt",
    "offered",
    "prompt_of",
    "request_prompt",
    "split_url",
    "typed_prompt",
    "url_model",
    "user_texts",
]

DEFAULT_PATHS = tuple(
    PromptPath(p)
    for p in (
        "messages[?role=user].content",
        "input[?role=user].content",
        "contents[?role=user].parts",
        "input",
        "prompt",
        "query",
        "q",
        "question",
    )
)
QUERY_PARAMS = ("q", "query", "prompt")
_DEFAULT_KEYS = tuple(p.expr for p in DEFAULT_PATHS[3:])


def prompt_of(obj: Any, path: PromptPath | None = None) -> tuple[list[str], int]:
    """The prompt texts of a parsed JSON body (``[]``: no prompt) and its turns (0 unless a chat).

    Without ``path``: the user messages of ``messages`` (OpenAI chat, Anthropic messages), else
    the first of ``DEFAULT_PATHS`` that finds text.
    """
    if not isinstance(obj, dict):
        return [], 0
    turns = 0
    msgs = obj.get("messages")
    if not isinstance(msgs, list):
        msgs = obj.get("input")
    if (as_msgs := _msgs(msgs) or _msgs(obj.get("contents"))) is not None:
        texts, turns = user_texts(as_msgs)
        if path is None and texts:
            return texts, turns
    if path is not None:
        texts = path.texts(obj)
        return (texts, turns) if texts else ([], turns)
    return _by_key(obj.get, turns)


def _by_key(get: Callable[[str], Any], turns: int) -> tuple[list[str], int]:
    """The first of DEFAULT_PATHS[3:] (single keys: read as such, once per request) that holds text."""
    for key in _DEFAULT_KEYS:
        if (t := text_of(get(key))) is not None:  # an absent key reads None, which holds no text
            return [t], turns
    return [], turns


def typed_prompt(body: Any) -> tuple[list[str], int]:
    """``prompt_of`` (no path) of a body the typed reader decoded (``records.ChatBody``: its
    ``messages`` a list of ``Msg`` or None, and every key of DEFAULT_PATHS as an attribute).

    Why: a JSON body that is not a chat with a user turn (a search body's ``query``) is then read
    from the one parse the typed reader made, not parsed again into a dict.
    """
    msgs = body.messages
    if msgs is None:  # as prompt_of: "input" or "contents" in place of "messages"
        msgs = _msgs(body.input) or _msgs(body.contents)
    texts, turns = user_texts(msgs) if msgs else ([], 0)
    return (texts, turns) if texts else _by_key(partial(getattr, body), turns)


def _msgs(v: Any) -> list[Msg] | None:
    """A JSON list of messages (objects) as Msgs; None unless it is a non-empty list of them. A Gemini
    content (``parts``, not ``content``) without a role is the user's."""
    if isinstance(v, list) and v and isinstance(v[0], dict):
        return [
            Msg(m.get("role", "user"), m["parts"]) if "parts" in m else Msg(m.get("role"), m.get("content"))
            for m in v
            if isinstance(m, dict)
        ]
    return None


class Msg(msgspec.Struct, gc=False):
    """A chat message, as far as prompts read it (the typed reader decodes bodies into these)."""

    role: Any = None
    content: Any = None


def user_texts(messages: list[Msg]) -> tuple[list[str], int]:
    """The texts of the user messages, and the turns (all messages but system/developer ones)."""
    texts = []
    turns = 0
    for m in messages:  # one loop for texts and turns: this runs once per captured request
        role = m.role
        if role == "user":
            t = m.content
            t = t if type(t) is str else text_of(t)
            if t is not None:
                texts.append(t)
        if role != "system" and role != "developer":
            turns += 1
    return texts, turns


# A model named in the request's path: Gemini's ``/models/{model}:generateContent``, Azure OpenAI's
# ``/openai/deployments/{deployment}/...`` (the body names none).
_URL_MODEL = re.compile(r"/models/([^/:?#]+):|/openai/deployments/([^/?#]+)/")


def url_model(url: str) -> str | None:
    """The model a request's URL names, when its API puts it there (None otherwise)."""
    m = _URL_MODEL.search(url) if "/models/" in url or "/deployments/" in url else None
    return (m.group(1) or m.group(2)) if m else None


def split_url(url: str) -> tuple[str, str]:
    """Path and query of an absolute or relative URL (faster than urlsplit, same result here)."""
    i = url.find("://")
    if i >= 0:
        j = url.find("/", i + 3)
        url = url[j:] if j >= 0 else "/"
    path, _, query = url.partition("?")
    return path.partition("#")[0] or "/", query.partition("#")[0]


def request_prompt(
    req: dict[str, Any], prompt_path: PromptPath | None = None
) -> tuple[list[str], int, int, dict[str, Any] | None]:
    """Prompt texts, turns and body kind (BODY_KINDS) of a raw request, and its JSON body if an object."""
    body = req.get("body")
    text = body["text"] if body and body.get("encoding") == "utf8" else None
    return body_prompt(req["url"], text, prompt_path)


def body_prompt(
    url: str, text: str | None, prompt_path: PromptPath | None = None
) -> tuple[list[str], int, int, dict[str, Any] | None]:
    """``request_prompt`` from a request's URL and its body text (None unless a UTF-8 body)."""
    obj = None
    if text is not None and text[:1] == "{":
        try:
            obj = orjson.loads(text)
        except orjson.JSONDecodeError:
            obj = None
    if isinstance(obj, dict):
        texts, turns = prompt_of(obj, prompt_path)
        return texts, turns, (1 if turns else 2) if texts else 0, obj
    if prompt_path is None and "?" in url:
        q = parse_qs(split_url(url)[1])
        texts = next((q[p][:1] for p in QUERY_PARAMS if p in q), [])
        return texts, 0, 3 if texts else 0, None
    return [], 0, 0, None


_BLANK = b" \t\r\n"


def offered(*raw: msgspec.Raw) -> bool:
    """``wire.offered_tools`` of the typed reader's raw ``tools``, ``functions`` and ``toolConfig.tools`` (empty when
    absent): whether one is a list holding an item (its first 16 bytes looked at, a long one not copied to see but
    when they are all white space: a pretty-printed body's)."""
    for r in raw:
        head = bytes(memoryview(r)[:16])
        item = head[1:].lstrip(_BLANK)[:1] or bytes(r)[1:].lstrip(_BLANK)[:1]
        if head[:1] == b"[" and item != b"]":
            return True
    return False


def join_prompt(texts: list[str]) -> str:
    """The one text features are computed on: the user turns, a blank line apart."""
    return texts[0] if len(texts) == 1 else "\n\n".join(texts)
