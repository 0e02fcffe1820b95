"""The capture file's lock: a writer process that outlives the command holding the file (its capture killed
with kill -9 while the writer drains) still holds it, so a second capture of the file does not interleave.
And the shard name a capture's --out template gives."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import zstandard

from replay.errors import BadInput
from replay.exchange.write import CaptureWriter, appending, shard_path

# A writer process's life once its command is gone: the file open in a CaptureWriter, writing what it holds.
DRAINING = """
import sys
from replay.exchange.write import CaptureWriter
with CaptureWriter(sys.argv[1]):
    print("open", flush=True)
    sys.stdin.read()
"""


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.zst"])
def test_a_writer_left_draining_holds_the_file(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    with appending(out):  # the capture command, with its writer process: the lock is shared
        writer = subprocess.Popen(
            [sys.executable, "-c", DRAINING, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None and writer.stdout.readline() == "open\n"
    try:  # the command is gone, its writer is not
        with pytest.raises(BadInput, match="another process is writing it"), appending(out):
            pass
    finally:
        writer.communicate("", timeout=30)
    with appending(out), CaptureWriter(out) as w:  # drained and gone: the file is free again
        w.write_line(b"{}\n")


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.zst"])
def test_a_writer_knows_where_its_last_whole_exchange_ends(tmp_path: Path, name: str) -> None:
    """``good`` (where a failed write cuts the file back to) is counted, not asked of the file per burst:
    it is the file's size after every commit, also when appending to a capture already there."""
    out = tmp_path / name
    for run in range(2):
        with CaptureWriter(out, level=1) as w:
            for burst in range(3):
                for k in range(burst + 1):
                    w.write_line(b'{"run": %d, "burst": %d, "k": %d}\n' % (run, burst, k))
                w.commit()
                assert w.good == out.stat().st_size


@pytest.mark.parametrize(
    ("template", "found"),
    [("c-{hostname}.jsonl", "'{hostname}'"), ("c-{PID}.jsonl", "'{PID}'"), ("c-{}.jsonl", "'{}'"),
     ("c-{pid.jsonl", "a lone brace"), ("c-{host}}.jsonl", "a lone brace")],
)  # fmt: skip
def test_out_refuses_a_placeholder_it_does_not_fill(template: str, found: str) -> None:
    with pytest.raises(BadInput, match=f"--out {re.escape(template)}: {re.escape(found)} is no placeholder"):
        shard_path(template)


@pytest.mark.parametrize("name", ["notes.jsonl", "notes.jsonl.zst"])
def test_nothing_is_appended_to_a_file_that_is_no_capture(tmp_path: Path, name: str) -> None:
    """capture and 'import --append' appended to a text file named .jsonl (exit 0), which every reader then
    refused: refused before anything is written, the file as it was."""
    path = tmp_path / name
    text = b"some notes\n"
    path.write_bytes(zstandard.ZstdCompressor().compress(text) if name.endswith(".zst") else text)
    before = path.read_bytes()
    with pytest.raises(BadInput, match="already holds something other than a capture"), appending(path):
        pass
    assert path.read_bytes() == before
