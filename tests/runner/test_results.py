"""Results written while a run goes, read back as records and columns; a full disk is kept, not raised."""

from __future__ import annotations

import os
import resource
import signal
import time
from pathlib import Path

import numpy as np
import pytest

from replay.errors import BadInput
from replay.runner.results import FIELDS, FLUSH_EVERY, SYNC_EVERY, Result, ResultWriter, Run
from replay.runner.runinfo import Counts, RunInfo, Status


def result(row: int, step: int, lag: float, outcome: str = "response") -> Result:
    r = Result(row, 0, step, "typical", "none", "GET /x", 0, 100.0 + row, outcome)
    if outcome == "response":
        r.sent, r.send_lag, r.queued, r.latency, r.service, r.status = (
            100.0 + row + lag,
            lag,
            0.0,
            lag + 0.01,
            0.01,
            200,
        )
        r.tries = [[200, "", 0.0, 0.01]]
    return r


def test_write_and_read_back(tmp_path: Path) -> None:
    w = ResultWriter(tmp_path, planned=4)
    w.add(result(2, 0, 0.001), [2, 200, [["content-type", "text/plain"]], {"text": "hi", "encoding": "utf8"}])
    w.add_lists([result(0, 0, 0.002).as_list(), result(1, 1, 0.0, "dropped").as_list()], [])
    w.close()
    assert w.have.tolist() == [True, True, True, False]
    run = Run(tmp_path, RunInfo(id="r1", status=Status.RUNNING))
    assert not run.complete and w.counts["response"] == 2 and w.counts["dropped"] == 1
    assert [r.row for r in run.results()] == [0, 1, 2] and run.results()[2].tries == [[200, "", 0.0, 0.01]]
    cols = run.columns()
    assert set(cols) == set(FIELDS) - {"tries", "itl", "itl_hist"}  # lists stay in the records
    assert np.isnan(cols["latency"][1]) and cols["status"].tolist() == [200, 0, 200]
    assert [x["row"] for x in run.responses()] == [2]
    again = ResultWriter(tmp_path, planned=4)
    again.resume(cols)
    assert again.have.tolist() == [True, True, True, False] and again.done == 3


def test_a_torn_line_is_cut_before_more_are_appended(tmp_path: Path) -> None:
    """A run resumed after a kill (settled as failed) appends after a line the kill cut short: the torn
    part is cut first, so the next result is a line of its own, not glued to it and lost."""
    w = ResultWriter(tmp_path, planned=3)
    w.add(result(0, 0, 0.001))
    w.close()
    whole = (tmp_path / "results.jsonl").read_bytes()
    (tmp_path / "results.jsonl").write_bytes(whole + b'{"row": 1, "rec')
    again = ResultWriter(tmp_path, planned=3)
    again.add(result(2, 0, 0.001))
    again.close()
    run = Run(tmp_path, RunInfo(id="r1", status=Status.FAILED))
    assert [r.row for r in run.results()] == [0, 2]


def test_rows_reach_the_file_a_tick_after_they_come(tmp_path: Path) -> None:
    """What a killed runner had not written is lost ("unknown" rows): once FLUSH_EVERY has passed, the next row
    writes every row so far to the file, where another process reads them, the writer still open. At 0.25 s
    a kill -9 lost 30 rows of a 200 rows/s run (median of 6), at 0.05 s 3 (H154)."""
    w = ResultWriter(tmp_path, planned=3)
    w.add(result(0, 0, 0.001))
    time.sleep(FLUSH_EVERY)
    w.add(result(1, 0, 0.001))
    on_disk = [line for line in (tmp_path / "results.jsonl").read_bytes().splitlines() if line]
    w.close()
    assert len(on_disk) == 2


def test_a_write_that_fails_is_kept_and_counted(tmp_path: Path) -> None:
    # A file size limit stands in for a full disk: the write fails with EFBIG instead of ENOSPC.
    w = ResultWriter(tmp_path, planned=2000, every=0.0)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        for row in range(2000):
            w.add(result(row, 0, 0.001))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, old)
    w.close()
    assert w.error is not None and w.done == 2000  # every row counted, the failure kept for the run to report


def test_results_go_on_when_the_responses_writer_dies(tmp_path: Path) -> None:
    """The redacting writer of responses.jsonl killed (the OOM killer's pick) is no loss of results: every row's
    result still reaches results.jsonl, and the failure says where the responses stopped (H204: the results
    stopped with them, answered rows' lines lost on a disk that was fine)."""
    w = ResultWriter(tmp_path, planned=40, every=0.0, raw=lambda row: True)
    w.ready()
    body = {"text": "hi", "encoding": "utf8"}
    for row in range(20):
        w.add(result(row, 0, 0.001), [row, 200, [], body])
    assert w._sink is not None
    w._sink.proc.kill()
    w._sink.proc.wait()
    for row in range(20, 40):
        w.add(result(row, 0, 0.001), [row, 200, [], body])
    w.close()
    run = Run(tmp_path, RunInfo(id="r1", status=Status.FAILED))
    assert w.error is None and [r.row for r in run.results()] == list(range(40))
    assert w.failure().startswith("responses.jsonl stopped at row 20: its writer process stopped (killed by SIGKILL)")
    assert w.failure().endswith("; results.jsonl holds every row")


def test_results_and_responses_reach_the_disk_every_second(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash of the machine loses the last second of results, not the run's (H204: 0 bytes on disk), and of
    responses: both files on the one clock (the redacting writer's: tests/runner/test_responses.py)."""
    synced: list[int] = []
    fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), fsync(fd)))
    w = ResultWriter(tmp_path, planned=2, every=0.0)
    w.add(result(0, 0, 0.001), [0, 200, [], None])
    assert not synced  # not at every flush
    w._synced -= SYNC_EVERY
    w.add(result(1, 0, 0.001))
    assert w._responses is not None and synced == [w._results.fileno(), w._responses.fileno()]
    w.close()


def test_typed_columns_equal_line_by_line(tmp_path: Path) -> None:
    """Lines read at once as typed records (msgspec) give the columns orjson gives line by line (the
    path of a file with a torn last line or an older version's lines: here a torn line forces it)."""
    w = ResultWriter(tmp_path, planned=3)
    for r in (result(2, 0, 0.001), result(0, 1, 0.0, "dropped"), result(1, 0, 1 / 3)):
        r.machine_lag, r.itl, r.completed = (0.0005, [0.1, 0.2, 0.3], True) if r.row == 1 else (None, None, None)
        w.add(r)
    w.close()
    typed = Run(tmp_path, RunInfo(id="r1")).columns()
    torn = tmp_path / "torn"
    torn.mkdir()
    (torn / "results.jsonl").write_bytes((tmp_path / "results.jsonl").read_bytes() + b'{"row": 3, "rec')
    lines = Run(torn, RunInfo(id="r1")).columns()
    assert list(typed) == list(lines)
    for name, col in typed.items():
        assert col.dtype == lines[name].dtype, name
        assert np.array_equal(col, lines[name], equal_nan=col.dtype == np.float64), name
        assert [type(v) for v in col.tolist()] == [type(v) for v in lines[name].tolist()], name
    assert typed["row"].tolist() == [0, 1, 2] and np.isnan(typed["machine_lag"]).tolist() == [True, False, True]
    assert typed["send_lag"][1] == 1 / 3 and typed["completed"].tolist() == [None, True, None]
    assert len(Run(tmp_path / "none", RunInfo(id="r2")).columns()["sent"]) == 0  # no file, no rows


def test_some_columns_are_those_of_all(tmp_path: Path) -> None:
    w = ResultWriter(tmp_path, planned=3)
    for r in (result(2, 0, 0.001), result(0, 1, 0.0, "dropped"), result(1, 0, 1 / 3)):
        w.add(r)
    w.close()
    run = Run(tmp_path, RunInfo(id="r1"))
    every, some = run.columns(), run.columns(("outcome", "send_lag"))
    assert list(some) == ["row", "outcome", "send_lag"]
    for name, col in some.items():
        assert np.array_equal(col, every[name], equal_nan=col.dtype == np.float64), name
    torn = tmp_path / "torn"  # line by line, the same
    torn.mkdir()
    (torn / "results.jsonl").write_bytes((tmp_path / "results.jsonl").read_bytes() + b'{"row": 3, "rec')
    assert Run(torn, RunInfo(id="r1")).columns(("outcome",))["outcome"].tolist() == some["outcome"].tolist()


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        (b'"status":200', b'"status":-5', "line 1 is not a result (Expected `int` >= 0 - at `$.status`)"),
        (b'"status":200', b'"status":1000', "line 1 is not a result (Expected `int` <= 999 - at `$.status`)"),
        (b'"outcome":"response"', b'"outcome":"zzz"', "line 1 is not a result (Invalid enum value 'zzz' - at"),
        (b'"attempts":0', b'"attempts":-1', "line 1 is not a result (Expected `int` >= 0 - at `$.attempts`)"),
        (b'"worker":0', b'"worker":-2', "line 1 is not a result (Expected `int` >= -1 - at `$.worker`)"),
        (b'"row":2,', b'"row":9,', "line 1 is of row 9, past the plan's 3 rows"),
    ],
    ids=["status -5", "status 1000", "outcome zzz", "attempts -1", "worker -2", "row past the plan"],
)
@pytest.mark.parametrize("torn", [False, True], ids=["whole", "torn last line"])
def test_a_value_no_run_writes_is_refused_by_its_line(
    tmp_path: Path, old: bytes, new: bytes, said: str, torn: bool
) -> None:
    """H181's battery: a row of status -5 or 1000, of an outcome not in OUTCOMES, of row 9 in a plan of 3, was judged
    (exit 0): refused with its line, also where a torn last line has the file read line by line (it went unchecked)."""
    w = ResultWriter(tmp_path, planned=3)
    for r in (result(2, 0, 0.001), result(0, 0, 0.0), result(1, 0, 0.0)):
        w.add(r)
    w.close()
    path = tmp_path / "results.jsonl"
    path.write_bytes(path.read_bytes().replace(old, new, 1) + (b'{"row": 3, "rec' if torn else b""))
    run = Run(tmp_path, RunInfo(id="r1", status=Status.COMPLETE, counts=Counts.of(3, {"response": 3}, 3)))
    for read in (run.columns, run.results):
        with pytest.raises(BadInput) as e:
            read()
        assert str(e.value).startswith(f"{path}: {said}"), str(e.value)


@pytest.mark.parametrize("torn", [False, True], ids=["a line gone", "cut mid-record"])
def test_a_finished_run_short_of_results_says_where_its_file_was_cut(tmp_path: Path, torn: bool) -> None:
    """H204's battery: results.jsonl of a complete run cut mid-record (a copy taken while it was written) was
    "holds 2 results, run.json counts 3", as if a line had gone; the byte where it ends mid-record is said."""
    w = ResultWriter(tmp_path, planned=3)
    for r in (result(0, 0, 0.001), result(1, 0, 0.0), result(2, 0, 0.0)):
        w.add(r)
    w.close()
    path = tmp_path / "results.jsonl"
    whole = path.read_bytes()
    last = whole.rstrip(b"\n").rfind(b"\n") + 1
    path.write_bytes(whole[: last + 15] if torn else whole[:last])
    run = Run(tmp_path, RunInfo(id="r1", status=Status.COMPLETE, counts=Counts.of(3, {"response": 3}, 3)))
    for read in (run.columns, run.results):
        with pytest.raises(BadInput) as e:
            read()
        said = str(e.value)
        assert said.startswith(f"{path}: holds 2 results, run.json counts 3"), said
        cut = f"; it ends mid-record: cut short at byte {last + 15:,}, 15 bytes into its last line;"
        assert (cut in said) == torn, said


def test_a_response_met_twice_is_damage_not_judged_in_the_first_s_place(tmp_path: Path) -> None:
    """H220's battery appended responses.jsonl's last line again: 'replay report' judged the run (exit 0), the
    second copy of the row's response in place of the first (which a hand edit can make differ)."""
    w = ResultWriter(tmp_path, planned=2)
    for row in (0, 1):
        w.add(result(row, 0, 0.001), [row, 200, [], {"text": "hi", "encoding": "utf8"}])
    w.close()
    run = Run(tmp_path, RunInfo(id="r1", status=Status.COMPLETE, counts=Counts.of(2, {"response": 2}, 2)))
    assert sorted(run.responses_by_row(run.results())) == [0, 1]
    path = tmp_path / "responses.jsonl"
    path.write_bytes(path.read_bytes() + path.read_bytes().splitlines(True)[-1])
    with pytest.raises(BadInput, match=r"responses.jsonl: holds row 1's response twice; the run directory is dama"):
        run.responses_by_row(run.results())
