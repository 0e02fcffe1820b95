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
from replay.shape.prompts import join_prompt, request_prompt, split_url
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


def features_of(
    records: Iterable[dict[str, Any]],
    prompt_path: PromptPath | None = None,
    session_key: str | None = None,
    source: str = "",
    progress: Callable[[int], None] | None = None,
) -> Features:
    """Features of raw capture records (dicts as ``iter_raw`` yields them, or shape records)."""
    cols = {k: array("d") for k in ("start", "ttfb", "total")}
    cols |= {k: array("q") for k in ("status", "stream", "endpoint", "model", "session", "body_kind")}
    start, ttfb, total, status, stream, endpoint, model, session, body_kind = cols.values()
    shape_rows: list[tuple[int, dict[str, Any]]] = []
    endpoints: dict[str, int] = {}
    models: dict[str, int] = {"-": 0}
    sessions: dict[Any, int] = {}
    ep_cache: dict[tuple[str, str], int] = {}
    text = _Text()
    add_text = text.add
    where, _, skey = (session_key or ":").partition(":")
    spath = PromptPath(skey) if where == "body" else None
    skey = skey.lower()
    nan = math.nan
    i = -1
    try:
        for i, d in enumerate(records):
            if progress is not None and i % 16384 == 0:
                progress(i)
            if d.get("kind") == "shape":
                start.append(d["start"])
                ttfb.append(nan if d.get("ttfb") is None else d["ttfb"])
                total.append(nan if d.get("total") is None else d["total"])
                status.append(d.get("status") or 0)
                stream.append(bool(d.get("stream")))
                endpoint.append(endpoints.setdefault(d["endpoint"], len(endpoints)))
                model.append(models.setdefault(d.get("model") or "-", len(models)))
                session.append(-1)
                body_kind.append(0)
                shape_rows.append((i, d))
                continue
            req = d["request"]
            method, url = req["method"], req["url"]
            t = d["timings"]
            start.append(t["start"])
            ttfb.append(nan if t.get("ttfb") is None else t["ttfb"])
            total.append(nan if t.get("total") is None else t["total"])
            resp = d.get("response")
            status.append(resp["status"] if resp else 0)
            ep = ep_cache.get((method, url))
            if ep is None:
                if len(ep_cache) > 100_000:
                    ep_cache.clear()
                name = f"{method.upper()} {template_path(split_url(url)[0])}"
                ep = ep_cache[(method, url)] = endpoints.setdefault(name, len(endpoints))
            endpoint.append(ep)
            texts, turns, kind, obj = request_prompt(req, prompt_path)
            if obj is not None:
                m = obj.get("model")
                model.append(models.setdefault(m, len(models)) if isinstance(m, str) and m else 0)
                stream.append(d.get("stream") is not None or obj.get("stream") is True)
            else:
                model.append(0)
                stream.append(d.get("stream") is not None)
            if texts:
                body_kind.append(kind)
                add_text(i, join_prompt(texts), max(turns, 1))
            else:
                body_kind.append(0)
            if session_key is None:
                session.append(-1)
            else:
                if spath is not None:
                    found = spath.texts(obj) if isinstance(obj, dict) else []
                    value: Any = found[0] if found else None
                else:
                    value = next((v for k, v in req["headers"] if k.lower() == skey), None)
                session.append(-1 if value is None else sessions.setdefault(value, len(sessions)))
    except (KeyError, TypeError, AttributeError) as e:
        raise BadInput(f"{source}: record {i + 1}: not a capture record ({type(e).__name__}: {e})") from None
    text.flush()
    if progress is not None:
        progress(i + 1)
    return _finish(source, cols, text, shape_rows, list(endpoints), list(models))


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
    return features_of(iter_raw(path), prompt_path, session_key, str(path), progress)
