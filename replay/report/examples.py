"""The worst examples of each failure class, with redacted excerpts of the prompt and the answers.

Worst: the slowest for timeout and slow, the least like production for drift, otherwise spread over
families (one per family first, then by row). Excerpts pass through the redactor again: the answers
of ``[target] raw_responses`` endpoints were never redacted, and they may echo what a prompt carried.
"""

from __future__ import annotations

import math

from replay.judge import FailureClass, Judged
from replay.redact import Redactor
from replay.report.sections import Example

__all__ = ["EXCERPT_CHARS", "worst_examples"]

EXCERPT_CHARS = 280
WINDOW = 2_000  # characters redacted past an excerpt's cut: longer than the secrets it may cut
PER_CLASS = 5


def _excerpt(text: str | None, redactor: Redactor, tail: bool = False) -> str | None:
    """``text`` redacted, then cut to ``EXCERPT_CHARS``: cut first, a secret across the cut ("jane.doe@exa") is no
    longer one the redactor knows and would be shown in part. A long text is redacted over a window ``WINDOW``
    characters past the cut (a 12,000-character prompt takes ~70 ms whole); over the whole text where the window's
    redactions shrank it so far that the window's own edge, which may cut a secret too, could come into view."""
    if text is None:
        return None
    text = " ".join(text.split())
    if len(text) <= EXCERPT_CHARS:
        return redactor.text(text)[0]
    part = text[-(EXCERPT_CHARS + WINDOW) :] if tail else text[: EXCERPT_CHARS + WINDOW]
    red = redactor.text(part)[0]
    if len(part) < len(text) and len(red) < EXCERPT_CHARS + WINDOW // 2:
        red = redactor.text(text)[0]
    if len(red) <= EXCERPT_CHARS:
        return red
    return "…" + red[-EXCERPT_CHARS:] if tail else red[:EXCERPT_CHARS] + "…"


def _order(judged: Judged, cls: str, idx: list[int]) -> list[int]:
    res = judged.results
    if cls in (FailureClass.TIMEOUT, FailureClass.SLOW):
        return sorted(idx, key=lambda i: -(res[i].latency or 0.0))
    if cls == FailureClass.DRIFT:
        return sorted(idx, key=lambda i: judged.verdicts[i].similarity if judged.verdicts[i].similarity else math.inf)
    seen: set[str] = set()
    first, rest = [], []
    for i in idx:
        (rest if res[i].family in seen else first).append(i)
        seen.add(res[i].family)
    return first + rest


def worst_examples(judged: Judged, redactor: Redactor, per_class: int = PER_CLASS) -> dict[str, list[Example]]:
    """Class -> up to ``per_class`` examples (row, family, step, endpoint, status, latency, reasons, excerpts)."""
    by_class: dict[str, list[int]] = {c: [] for c in judged.class_set.failures}
    for i, v in enumerate(judged.verdicts):
        if v.cls in by_class:
            by_class[v.cls].append(i)
    out: dict[str, list[Example]] = {}
    for cls, idx in by_class.items():
        if not idx:
            continue
        items = []
        for i in _order(judged, cls, idx)[:per_class]:
            r, v = judged.results[i], judged.verdicts[i]
            items.append(
                Example(
                    row=r.row,
                    family=r.family,
                    step=r.step,
                    endpoint=r.endpoint,
                    status=r.status,
                    latency=r.latency,
                    detail=v.detail,
                    reasons=[f"{reason.cls}: {reason.detail}" for reason in v.reasons],
                    similarity=v.similarity,
                    prompt=_excerpt(judged.prompts[i], redactor, tail=True),
                    answer=_excerpt(judged.answers[i], redactor),
                    production=_excerpt(judged.baseline_answers[i], redactor),
                )
            )
        out[cls] = items
    return out
