"""Taking over a lost worker's rows (``[run] on_worker_loss = "reassign"``). No locust here.

When the master finds a worker lost mid-run, the rows that worker held and has no result for fall
in three parts by their planned time:

- due by its last sign of life (plus CONTACT_MARGIN): it may have sent them; they stay its own and
  are settled ``unknown``;
- due before ``since``: nobody sends them (``unsent``). ``since`` is the later of now plus LEAD (a
  shard must reach a worker before its first row is due) and the last sign of life plus ALONE plus
  CONTACT_MARGIN: a worker cut off from the master, not dead, goes on sending that long before it
  stops itself, and no row may go twice;
- due after ``since``: the workers left send them, each at its planned time (an open-loop row is
  never sent late to catch up). Rows of open-model steps are dealt among them with sessions kept
  whole; closed-model rows go to one worker, which runs the lost worker's share of each step's users.

The master keeps the worker that holds each row (``holder``): rows moved to a worker that is lost in
turn move again, and the run's settlement counts each row under the worker that last held it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from replay.runner.prepared import Prepared
from replay.runner.settle import ALONE, CONTACT_MARGIN, due_times
from replay.shape.plan import deal

__all__ = ["LEAD", "Move", "take_over"]

LEAD = 1.0  # seconds between the decision and the first moved row: the shard's way to a worker


@dataclass(frozen=True)
class Move:
    """Plan rows (indices, in time order) that ``worker`` sends from now on."""

    worker: int
    rows: np.ndarray
    as_worker: int | None = None  # closed steps: whose share of the users it runs


def take_over(
    prepared: Prepared,
    holder: np.ndarray,
    have: np.ndarray,
    lost: int,
    last_sign: float,
    now: float,
    start: float,
    survivors: list[int],
) -> list[Move]:
    """Deal the rows ``lost`` holds, has no result for and that are due after ``since`` (see the module
    docstring) among ``survivors``; ``holder`` is updated. Nothing moves when none survive."""
    if not survivors:
        return []
    since = max(now + LEAD, last_sign + ALONE + CONTACT_MARGIN)
    c = prepared.columns
    rows = np.flatnonzero((holder == lost) & ~have[: len(holder)] & ~c["skip"] & (due_times(prepared, start) > since))
    if not len(rows):
        return []
    if prepared.model == "closed":
        load = [int(np.sum(holder == s)) for s in survivors]
        moves = [Move(survivors[int(np.argmin(load))], rows, lost)]
    else:
        part = deal(c["session"][rows], len(survivors))
        moves = [Move(s, rows[part == k]) for k, s in enumerate(survivors) if np.any(part == k)]
    for m in moves:
        holder[m.rows] = m.worker
    return moves
