"""Which rows of a lost worker the others take over ([run] on_worker_loss = "reassign"): only rows with
no result that are due after the lost worker could still be sending, dealt with sessions kept whole;
closed-model rows go to one worker, which runs the lost one's share of the users. No processes here:
tests/runner/test_supervise.py kills a real worker."""

from __future__ import annotations

import numpy as np

from replay.config.target import Policy
from replay.runner.prepare import assignment, from_message, shard_rows, to_message
from replay.runner.prepared import Prepared, Request
from replay.runner.reassign import LEAD, take_over
from replay.runner.runinfo import PlannedStep
from replay.runner.settle import ALONE, CONTACT_MARGIN, due_times

START = 1_000_000.0


def _prepared(n: int = 100, closed: bool = False) -> Prepared:
    """``n`` rows 0.1 s apart (open) or two closed steps of 10 s; sessions of two rows; row 7 skipped."""
    cols = {
        "row": np.arange(n, dtype=np.int64),
        "req": np.zeros(n, dtype=np.int32),
        "offset": np.full(n, np.nan) if closed else np.arange(n, dtype=np.float64) * 0.1,
        "step": (np.arange(n) >= n // 2).astype(np.int16) if closed else np.zeros(n, dtype=np.int16),
        "family": np.zeros(n, dtype=np.int32),
        "perturbation": np.zeros(n, dtype=np.int32),
        "record": np.arange(n, dtype=np.int64),
        "session": np.arange(n, dtype=np.int64) // 2,
        "skip": np.arange(n) == 7,
    }
    steps = (
        [PlannedStep(0, 0.0, 10.0, users=4), PlannedStep(1, 10.0, 10.0, users=4)]
        if closed
        else [PlannedStep(0, 0.0, n * 0.1, rate=10.0)]
    )
    return Prepared(
        "http://127.0.0.1:9",
        [Request("GET", "/", [], None, "GET /", 0)],
        cols,
        {"family": ["f"], "perturbation": ["none"]},
        [Policy()],
        steps,
        "closed" if closed else "open",
    )


def test_only_rows_due_after_the_lost_worker_could_send_move() -> None:
    p = _prepared()
    holder = assignment(p, 3)
    have = np.zeros(100, dtype=bool)
    have[:20] = True  # results came back for the first 2 s
    last, now = START + 2.0, START + 5.0  # its last batch, and when the master found it gone
    moves = take_over(p, holder, have, 1, last, now, START, [0, 2])
    since = max(now + LEAD, last + ALONE + CONTACT_MARGIN)
    due = due_times(p, START)
    moved = np.concatenate([m.rows for m in moves])
    expected = np.flatnonzero((assignment(p, 3) == 1) & ~have & ~p.columns["skip"] & (due > since))
    assert sorted(moved.tolist()) == expected.tolist() and len(moved) > 0
    assert {m.worker for m in moves} == {0, 2} and all(m.as_worker is None for m in moves)
    assert set(holder[moved].tolist()) <= {0, 2}
    assert not np.any((holder == 1) & ~have & ~p.columns["skip"] & (due > since))  # nothing left to send
    for m in moves:  # sessions whole: both rows of a session go to one worker
        sessions = set(p.columns["session"][m.rows].tolist())
        assert all(set(holder[p.columns["session"] == s].tolist()) - {1} <= {m.worker} for s in sessions)
        assert np.all(np.diff(p.columns["offset"][m.rows]) > 0)  # in time order, as a dispatcher walks them
    # the same loss found again moves nothing more; nor does a loss with nobody left
    assert take_over(p, holder, have, 1, last, now, START, [0, 2]) == []
    assert take_over(p, assignment(p, 3), have, 1, last, now, START, []) == []


def test_closed_rows_go_to_one_worker_as_the_lost_one() -> None:
    p = _prepared(closed=True)
    holder = assignment(p, 2)
    have = np.zeros(100, dtype=bool)
    # lost 3 s into step 0: its step-0 rows stay (unknown), its step-1 rows move to worker 0
    (move,) = take_over(p, holder, have, 1, START + 3.0, START + 3.5, START, [0])
    assert move.worker == 0 and move.as_worker == 1
    assert set(p.columns["step"][move.rows].tolist()) == {1}
    assert len(move.rows) == int(np.sum((assignment(p, 2) == 1) & (p.columns["step"] == 1)))
    sh = from_message(to_message(shard_rows(p, move.rows, 0, 2, "r", move.as_worker)))
    assert sh.worker == 0 and sh.users_of == 1 and len(sh) == len(move.rows)
