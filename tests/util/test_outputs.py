"""Outputs written whole: a temporary file a ``kill -9`` left beside an output is removed by the next write of
that output, and only when its writer is gone."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from replay.errors import BadInput
from replay.util import outputs
from replay.util.outputs import (
    atomic_output,
    check_output,
    check_replaceable,
    forget_outputs,
    interrupted_outputs,
    place_new,
    write_atomic,
)


def test_a_killed_writer_s_part_file_is_removed_by_the_next_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = subprocess.Popen(["sleep", "60"])
    gone.kill()
    gone.wait()
    out = tmp_path / "capture.plan"
    orphan = tmp_path / f".part-{gone.pid}-0a1b2c3d-capture.plan"
    live = tmp_path / f".part-{os.getpid()}-0a1b2c3d-capture.plan"  # a writer still at work: not touched
    other = tmp_path / f".part-{gone.pid}-0a1b2c3d-other.plan"  # another output's: its own write removes it
    for p in (orphan, live, other):
        p.write_bytes(b"half a plan")
    write_atomic(out, b"a plan")
    assert out.read_bytes() == b"a plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([out.name, live.name, other.name])
    err = capsys.readouterr().err
    assert f"removed {orphan.name}, left partial when its writer (pid {gone.pid}) was killed" in err, err


def test_an_output_replaces_only_its_own_kind(tmp_path: Path) -> None:
    """A file of the output's kind (the last run's) or an empty one is replaced; another (a scenario named as
    the plan's --out) is refused, untouched."""
    is_zip = lambda head: head.startswith(b"PK")  # noqa: E731
    (tmp_path / "old.plan").write_bytes(b"PK\x03\x04...")
    (tmp_path / "empty.plan").write_bytes(b"")
    (tmp_path / "smoke.toml").write_text('name = "smoke"\n')
    for name in ("old.plan", "empty.plan", "missing.plan"):
        check_replaceable(tmp_path / name, "--out", "a plan", is_zip)
    with pytest.raises(BadInput, match=r"smoke\.toml: already holds something other than a plan"):
        check_replaceable(tmp_path / "smoke.toml", "--out", "a plan", is_zip)


@pytest.mark.parametrize("har", [False, True], ids=["capture", "har"])
def test_a_new_output_written_meanwhile_is_not_replaced(tmp_path: Path, har: bool) -> None:
    """redact refuses an existing --out; two at once to one name both passed that check, both exited 0, and the
    later rename took the other's copy. The one whose output another command wrote meanwhile is refused, and
    that output is kept."""
    from replay.exchange.read import read_exchanges
    from replay.formats.har import write_har
    from replay.redact import default_redactor
    from replay.redact.scan import redact_file
    from replay.testing.synth import write_capture

    src, out = tmp_path / "cap.jsonl", tmp_path / ("y.har" if har else "y.jsonl")
    write_capture(src, 5, seed=1)
    if har:
        write_har(read_exchanges(src), tmp_path / "cap.har")
        src = tmp_path / "cap.har"

    def other_command_writes(done: int) -> None:
        if not out.exists():
            out.write_text("the other command's copy\n")

    with pytest.raises(BadInput, match=r"y\.(har|jsonl): written by another command while this one ran"):
        redact_file(src, out, default_redactor(None), tick=other_command_writes)
    assert out.read_text() == "the other command's copy\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["cap.jsonl", *(["cap.har"] if har else []), out.name])


def test_an_output_another_command_wrote_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    tmp, out = tmp_path / ".part-1-0123abcd-c.jsonl", tmp_path / "c.jsonl"
    tmp.write_text("mine\n")
    out.write_text("theirs\n")
    assert not place_new(tmp, out) and out.read_text() == "theirs\n"
    out.unlink()
    assert place_new(tmp, out) and out.read_text() == "mine\n"


def test_a_set_with_a_directory_in_the_way_writes_none_of_its_files(tmp_path: Path) -> None:
    """A report's files are renamed into place one after another: a directory named junit.xml in the run made its
    rename fail after report.html's, a new report.html beside no report.json. It is found before any rename."""
    from replay.errors import PathError
    from replay.util.outputs import write_set

    (tmp_path / "junit.xml").mkdir()
    (tmp_path / "junit.xml" / "kept").write_text("x")
    with pytest.raises(PathError, match=r"junit\.xml: is a directory, where this command writes a file; move it away"):
        write_set([(tmp_path / "report.html", b"h"), (tmp_path / "junit.xml", b"j"), (tmp_path / "report.json", b"{}")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junit.xml"]


def test_an_interrupted_write_says_what_it_left(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An interrupted command said "interrupted" alone: whether its output was torn, or an old one replaced, the
    user had to look. A new output is not written, nor one checked (--out, before the work) that the interrupt came
    before; one that was there is left as it was; one written whole is not named."""
    monkeypatch.setattr(outputs, "_unfinished", {})
    checked, done, old = tmp_path / "checked.har", tmp_path / "done.har", tmp_path / "old.har"
    old.write_bytes(b"{}")
    check_output(checked)
    check_output(done)
    write_atomic(done, b"{}")
    for path in (tmp_path / "new.har", old):
        with pytest.raises(KeyboardInterrupt):
            _interrupted_write(path)
    assert interrupted_outputs() == f"{checked}, {tmp_path / 'new.har'} not written; {old} left as it was"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["done.har", "old.har"]
    assert old.read_bytes() == b"{}"
    forget_outputs()  # the next command's account starts afresh
    assert interrupted_outputs() == ""


def _interrupted_write(path: Path) -> None:
    """Write ``path`` and be stopped by Ctrl-C half way."""
    with atomic_output(path) as tmp:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt
