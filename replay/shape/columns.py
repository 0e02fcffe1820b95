"""Features of captured exchanges as numpy columns (one row per exchange), and the shape record.

``Features`` is what one pass over a capture hands the sampler (``replay.shape.features`` makes
it); ``Shape`` is what a shape-only capture keeps of an exchange (``capture_shape_only``): the
same features, one record a line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace

import numpy as np
import orjson

from replay.config.scenario import STRATA
from replay.shape.families import FAMILIES, LENGTHS, SCRIPTS, length_bucket

__all__ = ["BODY_KINDS", "RELEASE_HEADERS", "STATUS", "Features", "Shape"]

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
    retry: np.ndarray  # bool: a client's retry of an earlier record (replay.exchange.retries)
    cut: np.ndarray  # bool: the request body was cut at the capture's body cap
    tools: np.ndarray  # bool: the request offers the model tools (an agent's call: wire.offered_tools)
    endpoints: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    prompts: int = 0  # records where a prompt was found
    shapes: int = 0  # shape-only records
    retried_by: dict[str, int] = field(default_factory=dict)  # retries, by the header that said so

    def __len__(self) -> int:
        return len(self.start)

    def take(self, rows: np.ndarray) -> Features:
        """These rows (indices into this one's), in this order; the vocabularies and counts as they were."""
        cols = {
            f.name: getattr(self, f.name)[rows] for f in fields(self) if isinstance(getattr(self, f.name), np.ndarray)
        }
        return replace(self, **cols)

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
        if name == "tools":
            return self.tools.astype(np.int64), ["false", "true"]
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
            tools=bool(self.tools[i]),
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
    tools: bool = False  # offers the model tools (absent from shape records written before it: False)
    kind: str = "shape"
    v: int = 1

    def to_json(self) -> bytes:
        """One JSON line, without the newline (what ``CaptureWriter.write`` calls)."""
        return orjson.dumps(self)
