"""A hit: a span of text to replace and its pseudonym; overlapping hits are resolved here."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Hit", "Spans", "guard", "resolve"]


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


_BUCKET = 256  # characters of a text a bucket of ``Spans`` covers


class Spans:
    """Hits a finder appended to one list and may merge with a later one (``personal``'s streets: two cues of one
    address), found by where they lie, a bucket of ``_BUCKET`` characters each: not by a walk over every hit before
    each new one, which made a text of thousands of streets quadratic ("12 High Street " x 8,738: 17 s)."""

    def __init__(self) -> None:
        self._hits: list[Hit] | None = None  # the list they are in: hits of another list start anew
        self._buckets: dict[int, list[Hit]] = {}

    def add(self, hits: list[Hit], h: Hit) -> None:
        """``h``, just appended to ``hits``."""
        if hits is not self._hits:
            self._hits, self._buckets = hits, {}
        for k in range(h.start // _BUCKET, max(h.start + 1, h.end) // _BUCKET + 1):
            self._buckets.setdefault(k, []).append(h)

    def holds(self, hits: list[Hit]) -> bool:
        """Hits were added to ``hits``."""
        return hits is self._hits and bool(self._buckets)

    def start_inside(self, hits: list[Hit], a: int, b: int) -> int | None:
        """Where the first of the hits added to ``hits`` that starts inside ``a:b`` and ends at or past ``b``
        starts, or None."""
        if hits is not self._hits:
            return None
        starts = [
            h.start
            for k in range(a // _BUCKET, b // _BUCKET + 1)
            for h in self._buckets.get(k, ())
            if a < h.start < b <= h.end
        ]
        return min(starts) if starts else None

    def pop_overlapping(self, hits: list[Hit], a: int, b: int, longest: int) -> list[Hit]:
        """The hits added to ``hits`` that overlap ``a:b`` and are in it still, taken out of it and of these; not one
        that would make a span with ``a:b`` longer than ``longest`` (a chain of overlaps would grow one span over
        the text, and each merge read it whole)."""
        if hits is not self._hits:
            return []
        found = {
            id(h): h
            for k in range(a // _BUCKET, max(a + 1, b) // _BUCKET + 1)
            for h in self._buckets.get(k, ())
            if h.start < b and a < h.end and max(b, h.end) - min(a, h.start) <= longest
        }
        taken: list[Hit] = []
        for i in range(len(hits) - 1, -1, -1):  # they are few and near the list's end: two cues of one address
            if not found:
                break
            if found.pop(id(hits[i]), None) is not None:
                taken.append(hits.pop(i))
        for h in taken:
            for k in range(h.start // _BUCKET, max(h.start + 1, h.end) // _BUCKET + 1):
                self._buckets[k] = [x for x in self._buckets[k] if x is not h]
        return taken
