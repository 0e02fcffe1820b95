from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from replay.errors import CaptureError
from replay.exchange.format import Body, Exchange, Request, Response, Stream, StreamEvent, Timings
from replay.exchange.read import ReadStats, iter_raw, read_exchanges
from replay.exchange.write import CaptureWriter
from tests.conftest import replay_here


def make(i: int, body: bytes | None = b'{"q": "hi"}') -> Exchange:
    return Exchange(
        id=f"ex-{i}",
        request=Request(
            "POST", f"http://svc/api/{i}", [("content-type", "application/json"), ("x-a", "1")], Body.from_bytes(body)
        ),
        timings=Timings(start=1700000000.0 + i, ttfb=0.01, total=0.02),
        response=Response(200, [("content-type", "text/event-stream")], Body.from_bytes(b"data: 1\n\n"), "OK"),
        stream=Stream("sse", [StreamEvent(0.005, None, 7)], first_event=0.005, chunks=1),
        redactions={"email": 1},
    )


@pytest.mark.parametrize("name", ["cap.jsonl", "cap.jsonl.zst"])
def test_round_trip(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    originals = [make(i) for i in range(50)]
    with CaptureWriter(path) as w:
        for ex in originals:
            w.write(ex)
    assert list(read_exchanges(path)) == originals


def test_headers_keep_order_and_duplicates(tmp_path: Path) -> None:
    ex = make(0)
    ex.request.headers = [("b", "2"), ("a", "1"), ("b", "3")]
    with CaptureWriter(tmp_path / "c.jsonl") as w:
        w.write(ex)
    (back,) = read_exchanges(tmp_path / "c.jsonl")
    assert back.request.headers == [("b", "2"), ("a", "1"), ("b", "3")]


def test_body_text_binary_and_cap() -> None:
    assert Body.from_bytes(b"") is None
    text = Body.from_bytes("héllo".encode())
    assert text is not None and text.encoding == "utf8" and text.text == "héllo"
    binary = Body.from_bytes(bytes(range(256)))
    assert binary is not None and binary.encoding == "base64" and binary.to_bytes() == bytes(range(256))
    cut = Body.from_bytes(b"x" * 100, cap=10)
    assert cut is not None and cut.truncated and cut.size == 100 and cut.text == "x" * 10
    # A cap through a multi-byte character keeps the text as text, minus the partial character.
    mid = Body.from_bytes("aé".encode() * 5, cap=5)
    assert mid is not None and mid.encoding == "utf8" and mid.text == "aéa" and mid.truncated


@pytest.mark.parametrize("name", ["cap.jsonl", "cap.jsonl.zst"])
def test_unclosed_writer_is_readable(tmp_path: Path, name: str) -> None:
    """Flushed per line: a writer that never closes (a killed process) leaves a readable file."""
    path = tmp_path / name
    w = CaptureWriter(path)
    for i in range(10):
        w.write(make(i))
    snapshot = path.read_bytes()  # what the disk holds at the moment of a SIGKILL
    w.close()
    cut = tmp_path / ("cut-" + name)
    cut.write_bytes(snapshot)
    assert [ex.id for ex in read_exchanges(cut)] == [f"ex-{i}" for i in range(10)]


def _written_zst(path: Path, n: int) -> tuple[bytes, list[int]]:
    """A .jsonl.zst of ``n`` exchanges as a kill would leave it (its frame not ended), and the file's size
    after each exchange."""
    w = CaptureWriter(path)
    ends = []
    for i in range(n):
        w.write(make(i))
        ends.append(path.stat().st_size)
    killed = path.read_bytes()
    w.close()
    return killed, ends


def test_zst_cut_inside_a_block_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A killed writer leaves whole blocks (read in silence); a file cut inside one (copied while written,
    truncated) loses that block, and says so rather than reading as fewer exchanges, or none."""
    killed, ends = _written_zst(tmp_path / "cap.jsonl.zst", 10)
    cut = tmp_path / "cut.jsonl.zst"
    cut.write_bytes(killed)
    assert len(list(read_exchanges(cut))) == 10 and capsys.readouterr().err == ""
    cut.write_bytes(killed[: ends[4] + 5])
    assert len(list(read_exchanges(cut))) == 5
    assert "cut.jsonl.zst: ends inside a zstd block" in capsys.readouterr().err


def test_zst_cut_mid_line_is_one_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .jsonl.zst compressed in one go (its blocks end anywhere in a line), cut: one warning naming the
    file for what the cut lost, not a second for the partial line it left, from every reader."""
    import zstandard

    data = zstandard.ZstdCompressor().compress(b"".join(make(i).to_json() + b"\n" for i in range(3000)))
    cut = tmp_path / "cut.jsonl.zst"
    for size in (len(data) // 3, len(data) - 7):
        cut.write_bytes(data[:size])
        got = [ex.id for ex in read_exchanges(cut)]
        assert 0 < len(got) < 3000 and got == [f"ex-{i}" for i in range(len(got))]
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and "cut.jsonl.zst: ends inside a zstd block" in err[0], err
        for argv in (["scan", str(cut)], ["sample", str(cut), "--out", str(tmp_path / "x.plan")]):
            proc = replay_here(*argv)
            assert proc.returncode == 0, proc.stderr
            warned = [line for line in proc.stderr.splitlines() if "warning" in line]
            assert len(warned) == 1 and "ends inside a zstd block" in warned[0], proc.stderr


def test_torn_last_line_is_skipped_with_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c.jsonl"
    with CaptureWriter(path) as w:
        for i in range(3):
            w.write(make(i))
    with open(path, "ab") as fh:
        fh.write(make(3).to_json()[:40])
    stats = ReadStats()
    assert len(list(read_exchanges(path, stats=stats))) == 3
    assert stats.torn_tail
    assert "c.jsonl:4: last line is torn" in capsys.readouterr().err


def test_appending_after_a_torn_line_cuts_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A capture resumed into a file a kill left torn: the torn part is cut, said, and the new exchanges
    are lines of their own (glued on, the first was lost and the file read as corrupt there)."""
    path = tmp_path / "c.jsonl"
    with CaptureWriter(path) as w:
        w.write(make(0))
    with open(path, "ab") as fh:
        fh.write(make(1).to_json()[:40])
    with CaptureWriter(path) as w:
        w.write(make(2))
    assert [ex.id for ex in read_exchanges(path)] == ["ex-0", "ex-2"]
    assert "c.jsonl: its last line was cut short (40 bytes" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["long.jsonl", "long.jsonl.zst"])
def test_a_line_past_the_longest_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """A line longer than any record (a multi-GB file without a newline) is refused in one line naming it,
    by every reader, rather than read whole into memory; the limit lowered here to 64 KiB to show it."""
    import replay.exchange.read as read

    monkeypatch.setattr(read, "MAX_LINE", 1 << 16)
    monkeypatch.setattr(read, "_PIECE", 1 << 12)  # a long line is read in pieces
    path = tmp_path / name
    with CaptureWriter(path) as w:
        w.write(make(0))
        w.write(make(1, b"x" * 40_000))  # long, and within the limit
        w.write_line(b"y" * 300_000 + b"\n")
        w.commit()
    with pytest.raises(CaptureError, match=rf"{name}:3: over 0 MiB without a newline, more than any capture record"):
        list(read_exchanges(path))
    with pytest.raises(CaptureError, match=rf"{name}: a line: over 0 MiB"):
        list(read.iter_blocks(path, size=1 << 12))
    proc = replay_here("sample", str(path), "--out", str(tmp_path / "x.plan"))
    assert proc.returncode == 2 and "without a newline" in proc.stderr and len(proc.stderr.splitlines()) == 1


def _zstd_bomb(blocks: int, byte: bytes = b"a") -> bytes:
    """A zstd frame of ``blocks`` RLE blocks of 128 KiB of ``byte``, 4 bytes each: 32,768 times inflated."""
    block = ((128 << 10) << 3 | 1 << 1).to_bytes(3, "little") + byte
    last = ((128 << 10) << 3 | 1 << 1 | 1).to_bytes(3, "little") + byte
    return b"\x28\xb5\x2f\xfd" + b"\x00\x38" + block * (blocks - 1) + last  # no content size, 128 KiB window


def test_a_zstd_bomb_line_is_refused_before_it_is_inflated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A .jsonl.zst whose 64 KiB inflate to 2 GiB without a newline is refused once the line passes the
    limit (lowered to 1 MiB here), not inflated whole first: a few MiB allocated, not 2 GiB."""
    import tracemalloc

    import replay.exchange.read as read

    monkeypatch.setattr(read, "MAX_LINE", 1 << 20)
    path = tmp_path / "bomb.jsonl.zst"
    path.write_bytes(_zstd_bomb(1 << 14))
    tracemalloc.start()
    try:
        with pytest.raises(CaptureError, match=r"bomb\.jsonl\.zst: a line: over 1 MiB without a newline"):
            list(read_exchanges(path))
        with pytest.raises(CaptureError, match="without a newline"):
            list(read.iter_blocks(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 300 << 20


def _peak(read: Callable[[], object]) -> int:
    """The most memory Python allocated while ``read`` ran."""
    import tracemalloc

    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_blank_lines_are_counted_in_runs_and_inflated_in_bounded_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run of blank lines is stepped over, not listed line by line (128 MiB of them in a 4 KiB .zst took
    38 s and 2.3 GB), yet counted: a bad line after them is named by its number. The decompressor is fed
    a few bytes at a time (``_FEED``, lowered here: 16 bytes of RLE blocks come out as 512 KiB), so the
    16 MiB that 512 bytes inflate to are never held at once."""
    import replay.exchange.read as read

    monkeypatch.setattr(read, "_FEED", 16)
    monkeypatch.setattr(read, "_BATCH", 1 << 16)
    blanks = tmp_path / "blank.jsonl.zst"
    blanks.write_bytes(_zstd_bomb(128, b"\n"))  # 16 MiB of newlines
    assert _peak(lambda: list(read._lines(blanks))) < 4 << 20
    assert list(read._lines(blanks)) == []
    for name in ("gap.jsonl", "gap.jsonl.zst"):
        path = tmp_path / name
        with CaptureWriter(path) as w:
            w.write(make(0))
            w.write_line(b"\n" * 100_000)
            w.write(make(1))
            w.write_line(b"\n\n{not json\n")
            w.commit()
        with pytest.raises(CaptureError, match=rf"{name}:100005: not a capture record"):
            list(read_exchanges(path))
        assert [ex.id for ex in read_exchanges(path, skip_bad=True)] == ["ex-0", "ex-1"]


@pytest.mark.parametrize("name", ["long.jsonl", "long.jsonl.zst"])
def test_a_line_past_the_longest_is_refused_before_it_is_joined(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A line whose newline comes just past the bound is refused as the bound is passed, its pieces never joined:
    a 1 GiB line took twice its size (its pieces and the joined copy), 2.1 GB, before it was refused. The bound
    lowered here to 4 MiB, and the decompressor's steps to 512 KiB at most: the reader holds about 4 MiB, not 8."""
    import replay.exchange.read as read

    monkeypatch.setattr(read, "MAX_LINE", 4 << 20)
    monkeypatch.setattr(read, "_FEED", 16)
    path = tmp_path / name
    with CaptureWriter(path) as w:
        w.write(make(0))
        w.write_line(b"y" * ((4 << 20) + (100 << 10)) + b"\n")
        w.commit()

    def refuse() -> None:
        with pytest.raises(CaptureError, match=rf"{name}(:2|: a line): over 4 MiB without a newline"):
            list(read_exchanges(path))

    assert _peak(refuse) < 6 << 20


def test_corrupt_middle_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [make(i).to_json() for i in range(3)]
    lines.insert(1, b'{"id": "x", "broken')
    path.write_bytes(b"\n".join(lines) + b"\n")
    with pytest.raises(CaptureError, match=r"c.jsonl:2: not a capture record"):
        list(read_exchanges(path))
    stats = ReadStats()
    assert len(list(read_exchanges(path, skip_bad=True, stats=stats))) == 3
    assert stats.bad_lines == 1


def test_record_missing_fields_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(orjson.dumps({"id": "x"}) + b"\n")
    with pytest.raises(CaptureError, match=r"c\.jsonl:1"):
        list(read_exchanges(path))


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    d = orjson.loads(make(0).to_json())
    d["v"] = 99
    path = tmp_path / "c.jsonl"
    path.write_bytes(orjson.dumps(d) + b"\n")
    with pytest.raises(CaptureError, match="schema version 99"):
        list(read_exchanges(path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaptureError, match="no such capture file"):
        list(read_exchanges(tmp_path / "nope.jsonl"))


def test_appending_zst_frames(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.zst"
    for i in range(3):
        with CaptureWriter(path) as w:
            w.write(make(i))
    assert [ex.id for ex in read_exchanges(path)] == ["ex-0", "ex-1", "ex-2"]


def _ids(path: Path) -> list[str]:
    return [ex.id for ex in read_exchanges(path)]


def test_appending_to_a_killed_zst_keeps_every_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A capture resumed into a .jsonl.zst a kill left unfinished, or a cut left inside a block: the old frame is
    ended first (else the new frame reads as its blocks, and the whole file as corrupt), and every exchange
    that read before the append still reads, then the new one; what was dropped is said with its bytes."""
    w = CaptureWriter(tmp_path / "c.jsonl.zst")
    for burst in range(3):  # bursts of lines whose blocks end inside a line: a kill between them tears one
        for i in range(3):
            w.write_line(make(burst * 3 + i, b'{"q": "' + b"%d " % i * 40_000 * i + b'"}').to_json() + b"\n")
        w.commit()
    killed = w.path.read_bytes()
    w.close()
    path = tmp_path / "cut.jsonl.zst"
    said = set()
    for size in range(0, len(killed) + 1, 7):
        path.write_bytes(killed[:size])
        before = _ids(path)
        with CaptureWriter(path) as again:
            again.write(make(99))
        assert _ids(path) == [*before, "ex-99"], size
        err = capsys.readouterr().err
        said |= {word for word in ("cut short", "without its end") if word in err}
    assert said == {"cut short", "without its end"}


def test_appending_to_an_ended_zst_frame_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.zst"
    with CaptureWriter(path) as w:
        w.write(make(0))
    whole = path.read_bytes()
    with CaptureWriter(path) as w:
        w.write(make(1))
    assert path.read_bytes().startswith(whole) and _ids(path) == ["ex-0", "ex-1"]


def test_appending_after_a_crash_tail_of_nul_bytes_cuts_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A crash where an appended frame was to start leaves NULs after a whole frame: every reader skips them with a
    warning, and the next capture appended to the file cut them (it was "not zstd data at byte 3,818, so nothing can
    be appended to it"): H174."""
    path = tmp_path / "c.jsonl.zst"
    with CaptureWriter(path) as w:
        w.write(make(0))
    with open(path, "ab") as f:
        f.write(bytes(4096))
    assert _ids(path) == ["ex-0"]
    assert "ends in 4,096 NUL bytes after its last whole zstd frame" in capsys.readouterr().err
    with CaptureWriter(path) as again:
        again.write(make(1))
    assert _ids(path) == ["ex-0", "ex-1"]
    assert "ends in 4,096 NUL bytes after its last whole zstd frame (a crash" in capsys.readouterr().err


def test_zst_cut_at_any_byte_keeps_every_complete_line(tmp_path: Path) -> None:
    """A SIGKILL can cut the compressed file anywhere: every line flushed before the cut reads back."""
    data, ends = _written_zst(tmp_path / "c.jsonl.zst", 6)
    cut = tmp_path / "cut.jsonl.zst"
    for size in range(ends[2], len(data) + 1):
        cut.write_bytes(data[:size])
        complete = sum(1 for e in ends if e <= size)
        got = [ex.id for ex in read_exchanges(cut)]
        assert got[:complete] == [f"ex-{i}" for i in range(complete)], size


def _no_record(line: bytes) -> object:
    raise ValueError("not a record")  # a typed reader's refusal, without orjson's copy of the line in its error


@pytest.mark.parametrize("name", ["first.jsonl", "first.jsonl.zst"])
def test_a_long_first_line_that_is_no_record_is_held_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A first line within the bound that is no record is refused holding about its size (twice as its pieces are
    joined): its blanks were stripped off into a copy, and the file was read again from its start to look for a
    record after it while the line was held (4.1 GB for a 1,000 MiB line; 2.1 GB now). 4 MiB here, the
    decompressor's steps 512 KiB at most."""
    import replay.exchange.read as read

    monkeypatch.setattr(read, "_FEED", 16)
    path = tmp_path / name
    with CaptureWriter(path) as w:
        w.write_line(b"a" * (4 << 20) + b"\n")
        w.write_line(b"not json either\n")
        w.commit()

    def refuse() -> None:
        with pytest.raises(CaptureError, match=rf"{name}:1: not a capture record .*, nor is any line after it"):
            list(iter_raw(path, decode=_no_record))

    assert _peak(refuse) < 9 << 20
