"""Gates against a judged run (replay.judge.evaluate): the retry gates' figures from what the fault proxy counted,
and the floor under the shares of it (retry_early, unretried), the report's side of which is
tests/report/test_retry_gates.py's."""

from __future__ import annotations

import pytest

from replay.judge.evaluate import MIN_RETRIES, GateResult, Held, HeldAs, retry_value, too_few
from replay.judge.gates import parse_gate
from replay.judge.upstream import CameBack

UNRETRIED = parse_gate("unretried{step=1}", "< 30%")
EARLY = parse_gate("retry_early{step=1}", "< 20%")


@pytest.mark.parametrize("answers", range(1, MIN_RETRIES))
def test_a_share_of_fewer_error_answers_than_the_floor_is_too_few_to_judge(answers: int) -> None:
    """One error answer never tried again of 1-4 reads 25-100%: said, not judged."""
    came = CameBack(answers=answers, retried=answers - 1)
    assert retry_value("unretried", came) == pytest.approx(1 / answers)  # the figure is still read and shown
    said = f"{answers} error answer{'s' if answers > 1 else ''}"
    assert (
        too_few(UNRETRIED, came) == f"unretried{{step=1}} too few to judge: {said} at step 1, 5 at least give a share"
    )


def test_retry_early_counts_the_retries_after_an_advised_wait_not_the_error_answers() -> None:
    came = CameBack(answers=40, retried=38, told=3, early=3)
    assert retry_value("retry_early", came) == 1.0
    assert too_few(EARLY, came) == (
        "retry_early{step=1} too few to judge: 3 retries after an answer that advised a retry-after at step 1, "
        "5 at least give a share"
    )
    assert too_few(UNRETRIED, came) is None  # 40 error answers: judged


@pytest.mark.parametrize(
    "came",
    [None, CameBack(), CameBack(answers=MIN_RETRIES, retried=0, told=MIN_RETRIES, early=MIN_RETRIES)],
    ids=["no proxy", "none counted", "at the floor"],
)
def test_none_counted_is_not_measured_and_the_floor_is_judged(came: CameBack | None) -> None:
    """None counted fails as not measured (evaluate), not 'too few'; at the floor the share is judged."""
    assert too_few(UNRETRIED, came) is None and too_few(EARLY, came) is None


@pytest.mark.parametrize("first", range(1, MIN_RETRIES))
def test_a_spread_or_a_back_off_of_fewer_first_retries_than_the_floor_is_too_few_to_judge(first: int) -> None:
    """A step where the service retried 1-4 times shows no spread nor back-off: said, not judged (H205); its figure
    shown where there is one (a spread takes two); none counted stays not measured; at the floor both are judged."""
    spread = 0.2 if first > 1 else None
    few = CameBack(answers=9, retried=9, first=first, spread=spread, unadvised=first, backoff=0.4)
    assert retry_value("retry_spread", few) == spread and retry_value("retry_backoff", few) == 0.4
    retries = f"{first} first retr{'ies' if first > 1 else 'y'}"
    assert too_few(parse_gate("retry_spread{step=1}", "> 0.1"), few) == (
        f"retry_spread{{step=1}} too few to judge: {retries} at step 1, 5 at least give a spread"
    )
    assert too_few(parse_gate("retry_backoff", "< 1.5s"), few) == (
        f"retry_backoff too few to judge: {retries} after an answer that advised no retry-after in this run, "
        "5 at least give a back-off"
    )
    assert too_few(parse_gate("retry_spread{step=1}", "> 0.1"), CameBack(answers=9, retried=9)) is None
    enough = CameBack(answers=9, retried=9, first=MIN_RETRIES, spread=0.2, unadvised=MIN_RETRIES, backoff=0.4)
    assert retry_value("retry_spread", enough) == 0.2 and retry_value("retry_backoff", enough) == 0.4
    assert too_few(parse_gate("retry_spread{step=1}", "> 0.1"), enough) is None


def test_on_a_busy_machine_a_spread_past_the_advice_of_retries_that_all_waited_it_out_reads_as_none() -> None:
    """First retries all back after the retry-after advised, spread past it (0.32: jitter 0 beside other suites, its
    service waking them up to 2.6 s late): on a busy step the spread under the advice is read (none), on a quiet one
    the spread stands (a jitter drawn past the advice). Some back before it (a jitter drawn under it, delayed): the
    spread stands on a busy step too."""
    waited_out = CameBack(answers=12, retried=12, told=12, first=12, spread=0.32, under=0.0, ceiling=(12, 0, 12, 1, 0))
    assert retry_value("retry_spread", waited_out, busy=True) == 0.0
    assert retry_value("retry_spread", waited_out) == 0.32
    some_before = CameBack(answers=21, retried=21, told=21, first=21, spread=0.41, under=0.11)
    some_before.ceiling = (21, 0, 16, 9, 1)
    assert retry_value("retry_spread", some_before, busy=True) == 0.41
    unread = CameBack(answers=12, retried=12, told=12, first=12, spread=0.32, ceiling=(12, 0, 12, 1, 0))
    assert retry_value("retry_spread", unread, busy=True) == 0.32  # counters before ``under`` was read


def test_a_gate_held_unjudged_is_data_in_report_json_and_a_version_2_sentence_reads_as_it() -> None:
    """``held`` says as what a gate holds (``as``) beside why; the terminal, HTML and junit read ``as``, not the
    sentence. A version-2 report said both in ``too_few``, told apart by " not measured" in it (H207)."""
    few = "unretried{step=1} too few to judge: 3 error answers at step 1, 5 at least give a share"
    cut = "unretried{step=1} not measured: the run was cut short before any row of it was sent"
    result = GateResult(UNRETRIED, 2 / 3, True, 40, held=Held(HeldAs.TOO_FEW, few))
    data = result.to_json()
    assert data["held"] == {"as": "too_few", "why": few} and "too_few" not in data
    assert GateResult.from_json(data).held == result.held
    old = {k: v for k, v in data.items() if k != "held"}
    for said, held in ((few, HeldAs.TOO_FEW), (cut, HeldAs.NOT_REACHED)):
        assert GateResult.from_json({**old, "too_few": said}).held == Held(held, said)
    assert GateResult.from_json(old).held is None
    assert (Held(HeldAs.TOO_FEW, few).shown, Held(HeldAs.NOT_REACHED, cut).shown) == ("too few", "not measured")
    with pytest.raises(ValueError, match="gates: held: not a held gate"):
        GateResult.from_json({**data, "held": {"as": "skipped", "why": few}})
