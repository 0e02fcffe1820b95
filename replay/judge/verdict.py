"""What the judge says about one result: its class and every failed check (``Verdict``, ``Reason``).

A verdict also carries what availability, the signals' rates, prices and the evidence of findings
need (retries, fallback reason, tokens, stalls, cited sources); ``core`` fills it, ``run`` and the
report read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from replay.judge.classes import NOT_SENT, UNAVAILABLE, FailureClass

__all__ = ["Reason", "Verdict"]

# Truncations that leave the caller without an answer: a stream broken off, a body whose generation failed
_BROKEN = frozenset({"stream", "failed"})

F = FailureClass


class Reason(NamedTuple):
    """One failed check: the class it raises, the check's name, what was seen."""

    cls: str
    check: str
    detail: str


@dataclass(slots=True)
class Verdict:
    """The class of one result and every check that failed: (class, check, detail)."""

    cls: str  # a FailureClass, or a class a scenario declares
    reasons: list[Reason] = field(default_factory=list)
    similarity: float | None = None  # to the production answer, when compared
    retries: int | None = None  # the service's own upstream retries (retries_header)
    fallback_reason: str | None = None
    refused: bool = False  # the answer is a refusal (correct or not)
    signals: list[str] = field(default_factory=list)  # classes of the signals that fired (failing or not)
    output_tokens: int | None = None  # from usage, else estimated (``tokens_estimated``)
    tokens_estimated: bool = False
    input_tokens: int | None = None  # prompt tokens from usage, else estimated from the prompt (``input_estimated``)
    input_estimated: bool = False
    cached_tokens: int | None = None  # of input_tokens, read from the provider's prompt cache
    model: str | None = None  # the model that answered, where the response says (for prices)
    path: str | None = None  # the fallback chain's path that answered, where ``[checks] path`` says
    stalls: int | None = None  # gaps between a stream's tokens over ``[checks] stall`` (None: not a stream)
    sources: tuple[str, ...] | None = None  # what the answer cites, when the response says
    chars: int | None = None  # length of the answer text
    cause: str | None = None  # what the service or client says went wrong: fallback reason, error code
    cut_off: str | None = None  # the field saying the answer stopped at the token limit ("finish_reason length")
    faulted: bool = False  # a fault proxy failed every upstream call but its last on purpose (error, reset, limit...)
    timing: dict[str, float] = field(default_factory=dict)  # Server-Timing: dependency -> seconds, as the reply says

    @property
    def available(self) -> bool:
        """Answered in time, without error, timeout, rejection, fallback, a broken stream or a failed generation."""
        return not self.unavailable_by and self.cls != NOT_SENT

    @property
    def unavailable_by(self) -> set[str]:
        """The classes of the reasons that make the row unavailable (a drifted answer past the SLO: slow)."""
        return {r.cls for r in self.reasons if r.cls in UNAVAILABLE or (r.cls == F.TRUNCATED and r.check in _BROKEN)}

    @property
    def detail(self) -> str:
        """The reason for the class, one line."""
        return next((r.detail for r in self.reasons if r.cls == self.cls), "")

    def kinds(self, cls: str) -> list[str]:
        """Checks that failed for ``cls`` (e.g. drift -> ["answer", "header"])."""
        return [r.check for r in self.reasons if r.cls == cls]

    def fail(self, cls: str, check: str, detail: str) -> None:
        """Record a failed check (the verdict's class is settled once every check has run)."""
        self.reasons.append(Reason(cls, check, detail))
