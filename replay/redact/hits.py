"""A hit: a span of text to replace and its pseudonym; overlapping hits are resolved here."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Hit", "guard", "resolve"]


@dataclass(slots=True)
class Hit:
    """A span to replace; ``rep`` None marks a base64 run the caller decodes and looks inside."""

    start: int
    end: int
    kind: str
    rep: str | None
    prio: int


def guard(start: int, end: int) -> Hit:
    """A pseudonym found again: nothing to replace, and nothing inside it is looked at."""
    return Hit(start, end, "", "", 95)


def resolve(hits: list[Hit]) -> list[Hit]:
    """Non-overlapping hits in order: a span inside another loses to it, equal spans go to priority."""
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[Hit] = []
    for h in hits:
        if out and h.start < out[-1].end:
            last = out[-1]
            if h.end <= last.end:
                if h.start == last.start and h.end == last.end and h.prio > last.prio:
                    out[-1] = h
            elif h.prio > last.prio:
                out[-1] = h
            continue
        out.append(h)
    return out
