"""Features of captured exchanges as numpy columns: one row per exchange, in file order.

One pass over a capture: each line is parsed once (orjson, only the fields used are touched);
prompt texts are handed to ``replay.shape.families.text_stats`` a chunk at a time (chars, tokens,
script, noise, family). Shape-only records (``kind: "shape"``, written by the capture addon's
``capture_shape_only``) carry those features already and are read as they are.

The prompt is found as ``replay.shape.prompts`` says (a JSON path, or the default places).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from replay.config.scenario import STRATA
from replay.errors import BadInput
from replay.exchange.format import Exchange, iter_raw
from replay.shape.families import FAM, FAMILIES, LENGTHS, SCRIPTS, length_bucket, text_stats
from replay.shape.prompts import body_prompt, join_prompt, split_url
from replay.shape.records import NULL, Rec, chat_prompt, decode_record
from replay.util.endpoints import template_path
from replay.util.jsonpath import PromptPath

__all__ = [
    "BODY_KINDS",
    "STRATA",
    "Features",
    "PromptPath",
    "Shape",
    "features_of",
    "read_features",
    "shape_of",
]

STATUS = ("error", "1xx", "2xx", "3xx", "4xx", "5xx")
BODY_KINDS = ("none", "messages", "field", "query")
# Response headers that say which release answered (kept in shape records).
RELEASE_HEADERS = (
    "x-release",
    "x-release-id",
    "x-model-version",
    "openai-model",
    "x-litellm-model-id",
    "x-config-fingerprint",
    "x-app-version",
    "x-build",
)

_SCRIPT = {name: code for code, name in enumerate(SCRIPTS)}
_CHUNK = 8192


# --- the columns ----------------------------------------------------------------------------


@dataclass(slots=True)
class Features:
    """One row per exchange of a capture, in file order; codes index the vocabularies."""

    source: str
    start: np.ndarray  # float64, epoch seconds
    ttfb: np.ndarray  # float64, NaN if unknown
    total: np.ndarray  # float64, NaN if unknown
    status: np.ndarray  # int16, 0 = no response
    stream: np.ndarray  # bool
    endpoint: np.ndarray  # int32 -> endpoints
    model: np.ndarray  # int32 -> models
    session: np.ndarray  # int64 session code, -1 = none
    body_kind: np.ndarray  # uint8 -> BODY_KINDS
    chars: np.ndarray  # int32
    tokens: np.ndarray  # int32
    turns: np.ndarray  # int16
    script: np.ndarray  # uint8 -> SCRIPTS
    noise: np.ndarray  # uint8 bits of NOISE
    family: np.ndarray  # uint8 -> FAMILIES
    endpoints: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    prompts: int = 0  # records where a prompt was found
    shapes: int = 0  # shape-only records

    def __len__(self) -> int:
        return len(self.start)

    def column(self, name: str) -> tuple[np.ndarray, list[str]]:
        """Codes and labels of a stratification column (see STRATA)."""
        if name == "family":
            return self.family.astype(np.int64), list(FAMILIES)
        if name == "endpoint":
            return self.endpoint.astype(np.int64), self.endpoints
        if name == "model":
            return self.model.astype(np.int64), self.models
        if name == "length":
            return length_bucket(self.tokens), list(LENGTHS)
        if name == "stream":
            return self.stream.astype(np.int64), ["false", "true"]
        if name == "status":
            return np.clip(self.status.astype(np.int64) // 100, 0, 5), list(STATUS)
        if name == "hour":
            return (self.start // 3600 % 24).astype(np.int64), [str(h) for h in range(24)]
        if name == "script":
            return self.script.astype(np.int64), list(SCRIPTS)
        raise KeyError(f"unknown column {name!r}; columns: {', '.join(STRATA)}")

    def shape(self, i: int, id: str = "", release: dict[str, str] | None = None) -> Shape:
        """Row ``i`` as a shape record."""

        def opt(x: float) -> float | None:
            return None if math.isnan(x) else float(x)

        return Shape(
            id=id,
            start=float(self.start[i]),
            endpoint=self.endpoints[self.endpoint[i]],
            model=self.models[self.model[i]],
            family=FAMILIES[self.family[i]],
            chars=int(self.chars[i]),
            tokens=int(self.tokens[i]),
            turns=int(self.turns[i]),
            script=SCRIPTS[self.script[i]],
            noise=int(self.noise[i]),
            stream=bool(self.stream[i]),
            status=int(self.status[i]),
            ttfb=opt(self.ttfb[i]),
            total=opt(self.total[i]),
            release=release or {},
        )


@dataclass(slots=True)
class Shape:
    """What a shape-only capture keeps of an exchange: features, timings, status, release headers."""

    id: str
    start: float
    endpoint: str
    model: str
    family: str
    chars: int
    tokens: int
    turns: int
    script: str
    noise: int
    stream: bool
    status: int
    ttfb: float | None
    total: float | None
    release: dict[str, str]
    kind: str = "shape"
    v: int = 1

    def to_json(self) -> bytes:
        """One JSON line, without the newline (what ``CaptureWriter.write`` calls)."""
        return orjson.dumps(self)


def shape_of(ex: Exchange, prompt_path: PromptPath | None = None) -> Shape:
    """The shape record of an exchange: the same features ``read_features`` computes."""
    f = features_of([orjson.loads(ex.to_json())], prompt_path)
    release = {}
    if ex.response is not None:
        for k, v in ex.response.headers:
            if k.lower() in RELEASE_HEADERS or k.lower().startswith("x-release"):
                release[k.lower()] = v
    return f.shape(0, ex.id, release)


class _Text:
    """Prompt texts waiting for the next chunk, and the per-prompt columns computed so far."""

    def __init__(self) -> None:
        self.idx: list[int] = []
        self.texts: list[str] = []
        self.turns: list[int] = []
        self.done: list[tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]] = []

    def add(self, i: int, text: str, turns: int) -> None:
        self.idx.append(i)
        self.texts.append(text)
        self.turns.append(turns)
        if len(self.texts) >= _CHUNK:
            self.flush()

    def flush(self) -> None:
        if self.texts:
            turns = np.array(self.turns, dtype=np.int64)
            self.done.append((np.array(self.idx, dtype=np.int64), text_stats(self.texts, turns), turns))
        self.idx, self.texts, self.turns = [], [], []


class _Rows:
    """The columns of one pass so far, and the vocabularies their codes index."""

    def __init__(self, prompt_path: PromptPath | None, session_key: str | None) -> None:
        self.cols = {k: array("d") for k in ("start", "ttfb", "total")}
        self.cols |= {k: array("q") for k in ("status", "stream", "endpoint", "model", "session", "body_kind")}
        self.shape_rows: list[tuple[int, dict[str, Any]]] = []
        self.endpoints: dict[str, int] = {}
        self.models: dict[str, int] = {"-": 0}
        self.sessions: dict[Any, int] = {}
        self.ep_cache: dict[tuple[str, str], int] = {}
        self.text = _Text()
        self.prompt_path = prompt_path
        where, _, skey = (session_key or ":").partition(":")
        self.spath = PromptPath(skey) if where == "body" else None
        self.skey = skey.lower() if session_key is not None else None
        self.chat = prompt_path is None and self.spath is None  # else the body is needed as a dict

    def shape(self, i: int, d: dict[str, Any]) -> None:
        """A shape record: its features are read as they are."""
        c = self.cols
        c["start"].append(d["start"])
        c["ttfb"].append(math.nan if d.get("ttfb") is None else d["ttfb"])
        c["total"].append(math.nan if d.get("total") is None else d["total"])
        c["status"].append(d.get("status") or 0)
        c["stream"].append(bool(d.get("stream")))
        c["endpoint"].append(self.endpoints.setdefault(d["endpoint"], len(self.endpoints)))
        c["model"].append(self.models.setdefault(d.get("model") or "-", len(self.models)))
        c["session"].append(-1)
        c["body_kind"].append(0)
        self.shape_rows.append((i, d))

    def dict_record(self, i: int, d: dict[str, Any]) -> None:
        """A full record as a plain dict (what ``decode_record`` leaves undecoded, or a caller passes)."""
        if d.get("kind") == "shape":
            return self.shape(i, d)
        req = d["request"]
        req["method"], req["url"]  # read in the order a malformed record has always been reported
        t = d["timings"]
        resp = d.get("response")
        body = req.get("body")
        text = body["text"] if body and body.get("encoding") == "utf8" else None
        status = resp["status"] if resp else 0
        self.full(i, t["start"], t.get("ttfb"), t.get("total"), status, d.get("stream") is not None, req, text)
        return None

    def full(
        self, i: int, start: float, ttfb: Any, total: Any, status: int, streamed: bool, req: Any, text: str | None
    ) -> None:
        """A full record, from the fields features read (``req``: its request, a dict or a ``Req``)."""
        c = self.cols
        c["start"].append(start)
        c["ttfb"].append(math.nan if ttfb is None else ttfb)
        c["total"].append(math.nan if total is None else total)
        c["status"].append(status)
        is_dict = isinstance(req, dict)
        method, url = (req["method"], req["url"]) if is_dict else (req.method, req.url)
        ep = self.ep_cache.get((method, url))
        if ep is None:
            if len(self.ep_cache) > 100_000:
                self.ep_cache.clear()
            name = f"{method.upper()} {template_path(split_url(url)[0])}"
            ep = self.ep_cache[(method, url)] = self.endpoints.setdefault(name, len(self.endpoints))
        c["endpoint"].append(ep)
        chat = chat_prompt(text) if self.chat and text is not None and text[:1] == "{" else None
        if chat is not None:  # the common case: a chat body, read by its typed decoder
            texts, turns, body = chat
            kind, obj, m, stream = (1 if turns else 2), None, body.model, body.stream
        else:
            texts, turns, kind, obj = body_prompt(url, text, self.prompt_path)
            m, stream = (obj.get("model"), obj.get("stream")) if obj is not None else (None, None)
        if chat is not None or obj is not None:
            c["model"].append(self.models.setdefault(m, len(self.models)) if isinstance(m, str) and m else 0)
            c["stream"].append(streamed or stream is True)
        else:
            c["model"].append(0)
            c["stream"].append(streamed)
        if texts:
            c["body_kind"].append(kind)
            self.text.add(i, join_prompt(texts), max(turns, 1))
        else:
            c["body_kind"].append(0)
        if self.skey is None:
            c["session"].append(-1)
            return
        if self.spath is not None:
            found = self.spath.texts(obj) if isinstance(obj, dict) else []
            value: Any = found[0] if found else None
        else:
            headers = req["headers"] if is_dict else orjson.loads(memoryview(req.headers))
            value = next((v for k, v in headers if k.lower() == self.skey), None)
        c["session"].append(-1 if value is None else self.sessions.setdefault(value, len(self.sessions)))


def features_of(
    records: Iterable[Any],
    prompt_path: PromptPath | None = None,
    session_key: str | None = None,
    source: str = "",
    progress: Callable[[int], None] | None = None,
) -> Features:
    """Features of capture records: dicts as ``iter_raw`` yields them (shape records too), or ``Rec``."""
    rows = _Rows(prompt_path, session_key)
    full, dict_record = rows.full, rows.dict_record
    i = -1
    try:
        for i, d in enumerate(records):
            if progress is not None and i % 16384 == 0:
                progress(i)
            if type(d) is Rec:
                t, req, resp = d.timings, d.request, d.response
                body = req.body
                text = body.text if body is not None and body.encoding == "utf8" else None
                status = 0 if resp is None else resp.status
                full(i, t.start, t.ttfb, t.total, status, d.stream != NULL, req, text)
            else:
                dict_record(i, d)
    except (KeyError, TypeError, AttributeError) as e:
        raise BadInput(f"{source}: record {i + 1}: not a capture record ({type(e).__name__}: {e})") from None
    rows.text.flush()
    if progress is not None:
        progress(i + 1)
    return _finish(source, rows.cols, rows.text, rows.shape_rows, list(rows.endpoints), list(rows.models))


def _finish(
    source: str,
    cols: dict[str, array],
    text: _Text,
    shape_rows: list[tuple[int, dict[str, Any]]],
    endpoints: list[str],
    models: list[str],
) -> Features:
    """The columns gathered in one pass, with the prompt columns of text and shape records filled in."""
    n = len(cols["start"])
    chars = np.zeros(n, dtype=np.int32)
    tokens = np.zeros(n, dtype=np.int32)
    turns_col = np.zeros(n, dtype=np.int16)
    script = np.zeros(n, dtype=np.uint8)
    noise = np.zeros(n, dtype=np.uint8)
    family = np.full(n, FAM["none"], dtype=np.uint8)
    prompts = 0
    for idx, stats, turns in text.done:
        chars[idx], tokens[idx], script[idx] = stats["chars"], stats["tokens"], stats["script"]
        noise[idx], family[idx], turns_col[idx] = stats["noise"], stats["family"], turns
        prompts += len(idx)
    for i, d in shape_rows:
        try:
            family[i] = FAM[d["family"]]
            script[i] = _SCRIPT[d.get("script", "none")]
        except KeyError as e:
            raise BadInput(f"{source}: shape record {i + 1}: unknown value {e}; is it from a newer replay?") from None
        chars[i], tokens[i] = d.get("chars", 0), d.get("tokens", 0)
        turns_col[i], noise[i] = d.get("turns", 0), d.get("noise", 0)
        prompts += family[i] != FAM["none"]

    def col(name: str, dtype: type) -> np.ndarray:
        raw = np.frombuffer(cols[name], dtype=np.float64 if cols[name].typecode == "d" else np.int64)
        return raw.astype(dtype)  # a copy: the array's buffer is not kept

    return Features(
        source=source,
        start=col("start", np.float64),
        ttfb=col("ttfb", np.float64),
        total=col("total", np.float64),
        status=col("status", np.int16),
        stream=col("stream", bool),
        endpoint=col("endpoint", np.int32),
        model=col("model", np.int32),
        session=col("session", np.int64),
        body_kind=col("body_kind", np.uint8),
        chars=chars,
        tokens=tokens,
        turns=turns_col,
        script=script,
        noise=noise,
        family=family,
        endpoints=endpoints,
        models=models,
        prompts=int(prompts),
        shapes=len(shape_rows),
    )


def read_features(
    path: str | Path,
    prompt_path: PromptPath | None = None,
    session_key: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Features:
    """Features of every exchange of a capture file (full or shape-only records)."""
    return features_of(iter_raw(path, decode=decode_record), prompt_path, session_key, str(path), progress)
