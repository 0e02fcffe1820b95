"""Records the redaction engine failed on, in a command that redacts or scans a file record by record: each is
withheld (never written: a record the engine stopped inside is half redacted), counted and named, and the rest of
the file is done. The command says them in one line at its end and exits 3 (``RunFailed``: it could not do all it
was asked), as a capture says the exchanges its writer could not redact (``capture.writer``). ``attempt`` is the one
guard both use: which failures are a record's, and how one is named.

Why: one record the engine raised on ended ``replay redact``, ``scan`` and ``import`` in a traceback, every record
of the file lost with it (a fuzzed body: ``IndexError`` in ``personal.elsewhere``, since fixed at its root)."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from replay.errors import RunFailed

__all__ = ["Failed", "Withheld", "attempt", "failed_where"]

R = TypeVar("R")
_NAMED = 5  # positions named in the line; the rest counted


def failed_where(e: BaseException) -> str:
    """The exception's type and the line it came from ("RecursionError at bodies.py:72 in _collect"); never
    its message, which may quote the text that was being redacted."""
    tb = traceback.extract_tb(e.__traceback__)
    where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno} in {tb[-1].name}" if tb else ""
    return type(e).__name__ + where


@dataclass(frozen=True, slots=True)
class Failed:
    """The engine raised on a record: what failed where (``failed_where``)."""

    why: str


def attempt(redact: Callable[[], R], out_of_memory: bool = False) -> R | Failed:
    """``redact()``'s result, or what failed where when the engine raised. Out of memory is not one record's fault
    (it goes on up: one line, exit 2, as everywhere) unless ``out_of_memory``: a capture writer's, whose record's
    memory is freed with it, and which stopped would leave every exchange after it unrecorded."""
    try:
        return redact()
    except MemoryError as e:
        if not out_of_memory:
            raise
        return Failed(failed_where(e))
    except Exception as e:
        return Failed(failed_where(e))


@dataclass(slots=True)
class Withheld:
    """The records withheld so far: where each stood, and the last failure (its type and place)."""

    positions: list[str] = field(default_factory=list)
    why: str = ""

    def attempt(self, redact: Callable[[], R], position: str) -> R | None:
        """``redact()``'s result; None, the record counted as withheld at ``position``, when the engine raised
        (``attempt``)."""
        got = attempt(redact)
        if not isinstance(got, Failed):
            return got
        self.positions.append(position)
        self.why = got.why
        return None

    def __bool__(self) -> bool:
        return bool(self.positions)

    def failure(self, total: int, done: str) -> RunFailed:
        """The one line said at the end: how many of ``total`` records, where, why, and what became of them and
        of the rest (``done``: "never written; the other 2 are in clean.jsonl")."""
        n = len(self.positions)
        named = ", ".join(self.positions[:_NAMED]) + (f" and {n - _NAMED} more" if n > _NAMED else "")
        return RunFailed(
            f"{n} of {total} records withheld: redaction failed on them ({self.why}, the last): {named}, {done}; "
            "this is a fault of replay's redaction: report it with this line"
        )
