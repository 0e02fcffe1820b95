"""Failure classes: one definition, the files' spelling, and a set a scenario can extend by name."""

from __future__ import annotations

import numpy as np
import pytest

from replay.judge.classes import BUILTIN, CLASSES, FAILURES, NOT_SENT, PRECEDENCE, FailureClass
from replay.judge.gates import parse_gate


def test_builtins_spell_as_on_disk() -> None:
    assert [str(c) for c in PRECEDENCE] == [
        "timeout", "error", "rejected", "truncated", "fallback", "refusal", "empty", "invalid", "drift", "slow", "ok",
    ]  # fmt: skip
    assert set(CLASSES) == set(PRECEDENCE) and NOT_SENT == "unsent" and FailureClass.OK not in FAILURES
    column = np.array(["ok", "drift", "unsent"], dtype=object)  # as judged: plain strings compare with members
    assert (column == FailureClass.DRIFT).tolist() == [False, True, False]
    assert BUILTIN.rank("timeout") < BUILTIN.rank(FailureClass.SLOW) < BUILTIN.rank("ok")


def test_a_class_set_extends_by_name() -> None:
    more = BUILTIN.extended(["retrieval_miss", "tool_error"])
    assert more.precedence[-4:] == ("retrieval_miss", "tool_error", "slow", "ok")
    assert more.order[-2:] == ("retrieval_miss", "tool_error") and more.counted[-1] == NOT_SENT
    assert "retrieval_miss" in more.failures and "retrieval_miss" not in BUILTIN
    assert parse_gate("rate(retrieval_miss)", "< 5%", more).classes == ("retrieval_miss",)
    with pytest.raises(ValueError, match="unknown class 'retrieval_miss'"):
        parse_gate("rate(retrieval_miss)", "< 5%")
