"""Failure classes: the one place their names, their precedence and their groups are defined.

``FailureClass`` names the built-in classes; its values are the spelling in every file (results,
report.json, junit.xml), and being a ``StrEnum`` a member equals its string, so numpy columns of
classes hold plain ``str`` and compare with either. A scenario may later declare classes of its own
(service signals): a ``ClassSet`` is the built-ins plus such names, in precedence order, and every
table, gate and finding that loops over classes takes them from a ``ClassSet``, never from a list
of literals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from replay.config.checks import ChecksConfig
from replay.errors import BadInput

__all__ = [
    "BUILTIN",
    "CLASSES",
    "FAILURES",
    "LOAD_CLASSES",
    "NOT_SENT",
    "PRECEDENCE",
    "UNAVAILABLE",
    "ClassSet",
    "FailureClass",
    "class_set_for",
]


class FailureClass(StrEnum):
    """The built-in classes (see ``replay.judge.core`` for what each means)."""

    OK = "ok"
    SLOW = "slow"
    TIMEOUT = "timeout"
    ERROR = "error"
    REJECTED = "rejected"
    FALLBACK = "fallback"
    REFUSAL = "refusal"
    EMPTY = "empty"
    TRUNCATED = "truncated"
    INVALID = "invalid"
    DRIFT = "drift"
    UNSENT = "unsent"  # never sent (dropped, skipped, unsent): says nothing about the target


F = FailureClass
# The first class that applies wins: no answer, a broken or degraded one, a wrong one, a late one.
PRECEDENCE: tuple[F, ...] = (
    F.TIMEOUT,
    F.ERROR,
    F.REJECTED,
    F.TRUNCATED,
    F.FALLBACK,
    F.REFUSAL,
    F.EMPTY,
    F.INVALID,
    F.DRIFT,
    F.SLOW,
    F.OK,
)
# The order of the report's columns (report.json "classes").
CLASSES: tuple[F, ...] = (
    F.OK,
    F.SLOW,
    F.TIMEOUT,
    F.ERROR,
    F.REJECTED,
    F.FALLBACK,
    F.REFUSAL,
    F.EMPTY,
    F.TRUNCATED,
    F.INVALID,
    F.DRIFT,
)
FAILURES: tuple[F, ...] = tuple(c for c in PRECEDENCE if c is not F.OK)
NOT_SENT = F.UNSENT
# Classes that move with load and faults; a refusal or a drifted answer is as wrong at one request
# per minute as at a thousand per second (the collapse analysis sees only these).
LOAD_CLASSES: tuple[F, ...] = (F.TIMEOUT, F.ERROR, F.REJECTED, F.TRUNCATED, F.FALLBACK, F.SLOW)
# What a user sees as "not answered in time": availability counts rows with none of these among their
# reasons (whatever their class), and a stream that broke (truncated by the ``stream`` check).
UNAVAILABLE: tuple[F, ...] = (F.TIMEOUT, F.ERROR, F.REJECTED, F.FALLBACK, F.SLOW)


@dataclass(frozen=True)
class ClassSet:
    """The classes a judge gives, by name: ``precedence`` most severe first (ends with ok), ``order``
    as tables show them. ``unsent`` is in neither: it is counted apart."""

    precedence: tuple[str, ...] = PRECEDENCE
    order: tuple[str, ...] = CLASSES

    def rank(self, name: str) -> int:
        """Position in the precedence (lower wins); KeyError for a class this set does not have."""
        return self._ranks[name]

    @cached_property
    def _ranks(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.precedence)}

    @property
    def failures(self) -> tuple[str, ...]:
        return tuple(c for c in self.precedence if c != F.OK)

    @property
    def counted(self) -> tuple[str, ...]:
        """Every class a table counts: ``order`` and ``unsent``."""
        return (*self.order, NOT_SENT)

    def __contains__(self, name: object) -> bool:
        return name in self.precedence or name == NOT_SENT

    def extended(self, names: Iterable[str], before: str = F.SLOW) -> ClassSet:
        """This set with classes declared by name, ranked just before ``before`` (default: above slow)."""
        new = [n for n in dict.fromkeys(names) if n not in self]
        at = self.precedence.index(before)
        return ClassSet((*self.precedence[:at], *new, *self.precedence[at:]), (*self.order, *new))


BUILTIN = ClassSet()


RESERVED = frozenset({*FailureClass, "fail", "failed", "failure", "failures"})


def class_set_for(checks: ChecksConfig, where: str = "scenario") -> ClassSet:
    """The built-in classes plus the classes a scenario's signals raise (those with ``fails``), ranked
    just after fallback: the service's own word on what went wrong says why better than the answer
    text does (a retrieval miss explains the drifted answer that follows it)."""
    names = [s.cls for s in checks.all_signals() if s.fails]
    for name in names:
        if name in RESERVED:
            raise BadInput(
                f"{where}: checks: signals: class {name!r} is a built-in class; give the signal its own name"
            )
    return BUILTIN.extended(names, before=F.REFUSAL) if names else BUILTIN
