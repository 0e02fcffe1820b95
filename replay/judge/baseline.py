"""Baseline comparison: a staging response against the production response captured for its record.

Diffy's lesson: measure the noise first. Production answered some prompts more than once (repeats in
the capture); how much those answers differ from each other is the noise, and a staging difference
within it is not flagged. ``measure_noise`` turns repeated prompts into an effective similarity
threshold and length-ratio band, and switches off status and shape checks that flip between
production repeats themselves (more than ``FLIP_LIMIT`` of pairs).

Shapes are compared like with like, in the noise as in a comparison: a JSON body with a JSON body, a
stream (every JSON event merged under its event name, ``Reply.shape``) with a stream; a prompt once
streamed and once not says nothing about shape noise, and a staging stream is compared with a
production stream only.

Similarity is rapidfuzz's ``token_sort_ratio`` on lower-cased, punctuation-free text, 0..1: answers
that draw on the same source score ~0.85 despite different openings; different answers ~0.4.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz, utils

from replay.config.checks import BaselineChecks
from replay.judge.reply import Reply, shape
from replay.util.records import JsonRecord, build
from replay.util.stats import quantile

__all__ = ["Noise", "compare", "measure_noise", "shape", "shape_diff", "similarity"]

FLIP_LIMIT = 0.05  # a check that disagrees on more of production's repeat pairs than this is noise
MARGIN = 0.05  # below the noise floor by this much before a difference counts
PAIRS_PER_GROUP = 5
# Prompt tokens fewer than production's before a shrunk prompt counts (with ``input_ratio``): a page of text, more
# than a release's own template or retrieved context moves by, so a search that found fewer articles is not it.
INPUT_LOST = 500


def similarity(a: str, b: str) -> float:
    """How alike two answers are, 0..1 (1: same words)."""
    if not a and not b:
        return 1.0
    return fuzz.token_sort_ratio(a, b, processor=utils.default_process) / 100.0


@dataclass
class Noise(JsonRecord):
    """Production against itself, and the thresholds that follow from it."""

    groups: int = 0  # prompts production answered more than once
    pairs: int = 0  # answer pairs compared
    similarity_floor: float | None = None  # the noise quantile of their similarities
    length_floor: float | None = None  # ... of shorter/longer length ratios
    status_flips: float = 0.0  # share of pairs whose status class differs
    shape_flips: float = 0.0
    threshold: float = 0.0  # effective similarity threshold
    length_ratio: tuple[float, float] = (0.0, float("inf"))  # effective band
    noisy: list[str] = field(default_factory=list)  # checks switched off as noise

    @classmethod
    def from_json(cls, data: Any) -> Noise:
        """Read back from report.json, where an open upper length bound was written as null."""
        low, high = (data or {}).get("length_ratio") or (0.0, None)
        return build(cls, {**data, "length_ratio": [low, math.inf if high is None else high]})


def _comparable(a: Reply, b: Reply) -> bool:
    """Both successful, both streams or both JSON bodies, each with a shape."""
    return a.stream == b.stream and bool(a.shape) and bool(b.shape) and a.status // 100 == 2 == b.status // 100


def shape_diff(then: dict[str, str], now: dict[str, str]) -> tuple[list[str], list[str]]:
    """(paths of ``then`` missing from ``now``, paths whose type changed). Inside an array that ``now``
    has, a missing item path is not missing: the array may just be empty this time."""

    def missing(k: str) -> bool:
        if k in now:
            return False
        head, sep, _ = k.partition("[]")
        return not (sep and head in now)

    return [k for k in then if missing(k)], [k for k, t in then.items() if k in now and now[k] != t]


def _length_ratio(a: str, b: str) -> float:
    la, lb = len(a), len(b)
    return 1.0 if max(la, lb) == 0 else min(la, lb) / max(la, lb)


def measure_noise(groups: Iterable[list[Reply]], cfg: BaselineChecks) -> Noise:
    """Noise from groups of production replies to one prompt; thresholds from ``cfg`` widened to cover it."""
    sims, lens, status, shapes = [], [], [], []
    n_groups = 0
    for replies in groups:
        if len(replies) < 2:
            continue
        n_groups += 1
        for a, b in itertools.islice(itertools.combinations(replies, 2), PAIRS_PER_GROUP):
            status.append(a.status // 100 != b.status // 100)
            if _comparable(a, b):
                shapes.append(any(shape_diff(a.shape, b.shape)) or any(shape_diff(b.shape, a.shape)))
            if a.answer and b.answer and a.status // 100 == 2 == b.status // 100:
                sims.append(similarity(a.answer, b.answer))
                lens.append(_length_ratio(a.answer, b.answer))
    noise = Noise(groups=n_groups, pairs=len(status))
    noise.threshold, (low, high) = cfg.similarity, cfg.length_ratio
    # Nearest-rank, as every quantile here: a floor is a value two of production's own answers
    # really had (at most one pair's gap below an interpolated floor, never above it). None: no pairs.
    noise.similarity_floor = quantile(sims, cfg.noise_quantile)
    noise.length_floor = quantile(lens, cfg.noise_quantile)
    if noise.similarity_floor is not None and noise.length_floor is not None:
        noise.threshold = max(0.0, min(cfg.similarity, noise.similarity_floor - MARGIN))
        floor = max(1e-6, noise.length_floor - MARGIN)
        low, high = min(low, floor), max(high, 1.0 / floor)
    noise.length_ratio = (low, high)
    if status:
        noise.status_flips = float(np.mean(status))
        if noise.status_flips > FLIP_LIMIT:
            noise.noisy.append("status")
    if shapes:
        noise.shape_flips = float(np.mean(shapes))
        if noise.shape_flips > FLIP_LIMIT:
            noise.noisy.append("shape")
    return noise


def compare(
    staging: Reply, production: Reply, cfg: BaselineChecks, noise: Noise, answers: bool = True, headers: bool = True
) -> tuple[list[tuple[str, str]], float | None]:
    """Differences as (kind, detail), kind in status|shape|header|input|answer|length; and the similarity.

    ``answers``: compare the answer texts (only when both are real answers, not fallbacks or refusals);
    ``headers``: compare the release headers (``cfg.headers``).
    """
    out: list[tuple[str, str]] = []
    sim = None
    if cfg.status and "status" not in noise.noisy and staging.status // 100 != production.status // 100:
        out.append(("status", f"status {production.status // 100}xx in production, {staging.status // 100}xx now"))
    if cfg.shape and "shape" not in noise.noisy and _comparable(staging, production):
        missing, changed = shape_diff(production.shape, staging.shape)
        if missing or changed:
            parts = ([f"missing {', '.join(missing[:4])}"] if missing else []) + (
                [f"type changed {', '.join(changed[:4])}"] if changed else []
            )
            out.append(("shape", ("stream " if staging.stream else "JSON ") + "; ".join(parts)))
    for name in cfg.headers if headers else ():
        a, b = production.headers.get(name.lower()), staging.headers.get(name.lower())
        if a is not None and a != b:
            out.append(("header", f"{name}: {a!r} in production, {b!r} now"))
    shrunk = _input_shrunk(staging, production, cfg.input_ratio)
    if shrunk:
        out.append(("input", shrunk))
    if answers and staging.answer is not None and production.answer is not None:
        sim = similarity(staging.answer, production.answer)
        if sim < noise.threshold:
            out.append(("answer", f"answer similarity {sim:.2f} < {noise.threshold:.2f}"))
        else:
            r = (len(staging.answer) / len(production.answer)) if production.answer else 1.0
            low, high = noise.length_ratio
            if not low <= r <= high:
                out.append(("length", f"answer length {r:.2f}x production's, outside [{low:.2f}, {high:.2f}]"))
    return out, sim


def _input_shrunk(staging: Reply, production: Reply, ratio: float) -> str | None:
    """What the model was not sent, when staging's model got under ``ratio`` of the prompt tokens production's got
    for the same record and ``INPUT_LOST`` fewer: a conversation cut or dropped before the model saw it, whose
    answer may still read the same (the question at its end survived)."""
    now, then = staging.input_tokens, production.input_tokens
    if not ratio or now is None or not then or then - now < INPUT_LOST or now >= ratio * then:
        return None
    return f"the model was sent {now} prompt tokens, {now / then:.0%} of production's {then}"
