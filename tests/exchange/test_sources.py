"""Reading several capture files as one: files, a directory, a glob, merged by start time."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from replay.errors import CaptureError
from replay.exchange.format import Exchange, Request, Timings
from replay.exchange.read import iter_raw, read_exchanges
from replay.exchange.sources import capture_files, sha256_of, source_name
from replay.exchange.write import CaptureWriter


def _write(path: Path, starts: list[float]) -> None:
    with CaptureWriter(path) as w:
        for s in starts:
            w.write(Exchange(f"{path.stem}-{s:g}", Request("GET", "http://h/x", []), Timings(s)))


@pytest.fixture
def shards(tmp_path: Path) -> Path:
    d = tmp_path / "shards"
    d.mkdir()
    _write(d / "a.jsonl", [1.0, 4.0, 5.0])
    _write(d / "b.jsonl.zst", [2.0, 3.0, 6.0])
    _write(d / "c.jsonl", [0.5])
    (d / "notes.txt").write_text("not a capture")
    _write(d / ".part-1-0123abcd-a.jsonl", [7.0])  # an output being written, or left by a kill: not read
    return d


def test_a_directory_merges_by_start(shards: Path) -> None:
    assert [p.name for p in capture_files(shards)] == ["a.jsonl", "b.jsonl.zst", "c.jsonl"]
    assert [ex.timings.start for ex in read_exchanges(shards)] == [0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_a_glob_and_a_list_read_the_same(shards: Path) -> None:
    by_glob = [d["id"] for d in iter_raw(str(shards / "*.jsonl"))]
    assert by_glob == ["c-0.5", "a-1", "a-4", "a-5"]
    both = [shards / "a.jsonl", shards / "c.jsonl"]
    assert [d["id"] for d in iter_raw(both)] == by_glob
    joined = source_name(both)
    assert joined == f"{both[0]}{os.pathsep}{both[1]}" and capture_files(joined) == both
    assert sha256_of(joined) == sha256_of(both) != sha256_of(both[0])


def test_one_file_hashes_as_itself(shards: Path) -> None:
    import hashlib

    assert sha256_of(shards / "a.jsonl") == hashlib.sha256((shards / "a.jsonl").read_bytes()).hexdigest()


def test_nothing_to_read_says_so(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="a directory without"):
        capture_files(tmp_path)
    with pytest.raises(CaptureError, match="no capture file matches"):
        capture_files(str(tmp_path / "*.jsonl"))
    with pytest.raises(CaptureError, match="no such capture file"):
        list(iter_raw([tmp_path / "missing.jsonl"]))


def test_a_broken_link_named_as_a_shard_is_said_not_skipped(shards: Path) -> None:
    (shards / "d.jsonl").symlink_to(shards / "gone" / "d.jsonl")
    (shards / "e.jsonl").symlink_to("e.jsonl")  # a link to itself: a loop
    assert [p.name for p in capture_files(shards)][-2:] == ["d.jsonl", "e.jsonl"]
    with pytest.raises(CaptureError, match=r"d\.jsonl: a link to .*gone/d\.jsonl, which is not there; check the link"):
        list(read_exchanges(shards))
    (shards / "d.jsonl").unlink()
    with pytest.raises(CaptureError, match=r"e\.jsonl: cannot read it \(Too many levels of symbolic links"):
        list(read_exchanges(shards))


def test_a_record_two_shards_hold_is_refused(shards: Path) -> None:
    """A copy of a shard given beside it merged silently, every record counted twice: CaptureError naming the
    record and both files, from each reader of shards (raw dicts, exchanges, the sampler's typed records).
    Records of other shards that only share a start time are read."""
    from replay.shape.records import record_chunks

    _write(shards / "d.jsonl", [1.0, 4.0])  # the starts of a.jsonl's records, other records
    assert [d["id"] for d in iter_raw(shards)][:4] == ["c-0.5", "a-1", "d-1", "b.jsonl-2"]
    assert sum(map(len, record_chunks(shards))) == 9
    (shards / "e.jsonl").write_bytes((shards / "a.jsonl").read_bytes())

    def changed_as_read() -> None:  # as 'replay redact' does, redacting each exchange in place
        for ex in read_exchanges(shards):
            ex.request.url += "?redacted"

    for read in (lambda: list(iter_raw(shards)), lambda: list(read_exchanges(shards)), changed_as_read):
        with pytest.raises(CaptureError, match=r"e\.jsonl: record 'a-1' is also in .*/a\.jsonl \(a copy of a shard"):
            read()
    with pytest.raises(CaptureError, match=r"e\.jsonl: record .a-1. is also in .*/a\.jsonl"):
        list(record_chunks(shards))
