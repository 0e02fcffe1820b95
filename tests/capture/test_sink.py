"""The capture path's pieces in one process: the frames, the ordered sink, the writer's loop.

No mitmdump here (tests/capture/test_pool.py runs the processes): what is checked is the
order the sink writes in, what it answers, and what a failed write leaves."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import orjson
import pytest

from replay.capture import frames
from replay.capture.assemble import Assembler
from replay.capture.sink import Sink
from replay.capture.writer import Redacting, redact_all
from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.exchange.write import CaptureWriter
from replay.redact import Redactor


def _line(n: int) -> bytes:
    return orjson.dumps({"n": n}) + b"\n"


def _acks(data: list[bytes]) -> list[tuple[int, int, bytes]]:
    return list(frames.ACK.iter_unpack(b"".join(data)))


def test_sink_writes_in_handover_order_and_answers_once_flushed(tmp_path: Path) -> None:
    out, acks = tmp_path / "s.jsonl", []
    sink = Sink(CaptureWriter(out), acks.append, out)
    for seq in (2, 3, 5):  # 1 and 4 are still being redacted
        sink.put(seq, frames.LINE, {"email": 1}, _line(seq))
    sink.flush()
    assert out.read_bytes() == b"" and acks == []  # nothing before 1 is written
    sink.put(1, frames.LINE, {"email": 1}, _line(1))
    sink.put(4, frames.DROPPED, {}, b"")  # could not be redacted: not written, answered
    assert acks == []  # answers wait for the flush
    sink.flush()
    assert [orjson.loads(x)["n"] for x in out.read_bytes().splitlines()] == [1, 2, 3, 5]
    assert _acks(acks) == [(1, 5, frames.ACK_OK)]
    s = sink.finish()
    assert (s.exchanges, s.unredactable, s.redactions) == (4, 1, {"email": 4})


class _Failing(Redactor):
    """A redactor that fails as a fault of its own would, its message quoting what it was reading."""

    def redact(self, ex: Exchange) -> Exchange:
        raise ValueError(f"cannot read {ex.request.url}")


def test_an_exchange_the_redactor_fails_on_is_counted_with_where_it_failed(tmp_path: Path) -> None:
    """Never written; counted, and the summary's reason says what failed where, never the message (the text
    being redacted). It said neither before: the capture ended 'captured N exchanges', exit 0."""
    ex = Exchange.from_dict(
        {"id": "1", "request": {"method": "GET", "url": "http://h/jane.doe@example.com"}, "timings": {"start": 0}}
    )
    what, counts, line, _ = Redacting(_Failing(b"k" * 32), False).result(ex)
    why = line.decode()
    assert what == frames.DROPPED and why.startswith("ValueError at test_sink.py:") and why.endswith(" in redact")
    out = tmp_path / "d.jsonl"
    sink = Sink(CaptureWriter(out), [].append, out)
    sink.put(1, what, counts, line)
    s = sink.finish()
    assert (s.exchanges, s.unredactable, s.unredactable_why) == (0, 1, why) and out.read_bytes() == b""


def test_sink_after_a_lost_writer_writes_what_comes(tmp_path: Path) -> None:
    out, acks = tmp_path / "l.jsonl", []
    sink = Sink(CaptureWriter(out), acks.append, out)
    sink.put(2, frames.LINE, {}, _line(2))
    sink.put(4, frames.LINE, {}, _line(4))
    sink.lose_order()  # the writer that held 1 and 3 died: they never come
    sink.put(5, frames.LINE, {}, _line(5))
    sink.put(0, frames.CUT, {}, _line(0))  # a stream cut by the end
    s = sink.finish()
    assert [orjson.loads(x)["n"] for x in out.read_bytes().splitlines()] == [2, 4, 5, 0]
    assert _acks(acks) == [(2, 2, frames.ACK_OK), (4, 4, frames.ACK_OK), (5, 5, frames.ACK_OK)]
    assert (s.exchanges, s.cut, s.failed) == (4, 1, "")


def test_sink_failed_flush_answers_the_burst_not_written(tmp_path: Path) -> None:
    acks: list[bytes] = []
    sink = Sink(CaptureWriter("/dev/full"), acks.append, Path("/dev/full"))
    sink.put(1, frames.LINE, {}, _line(1))
    sink.put(2, frames.LINE, {}, _line(2))
    sink.flush()
    sink.put(3, frames.LINE, {}, _line(3))
    sink.flush()
    s = sink.finish()
    assert _acks(acks) == [(1, 2, frames.ACK_FAILED), (3, 3, frames.ACK_FAILED)]
    assert s.failed == "cannot write /dev/full: No space left on device"
    assert (s.exchanges, s.unrecorded) == (0, 3)


def test_big_and_small_frames_cross_a_pipe_whole() -> None:
    r, w = os.pipe()
    payloads = [os.urandom(n) for n in (0, 10, frames.FrameReader.CHUNK + 7, 3, 3 * frames.FrameReader.CHUNK)]

    def send() -> None:
        for i, p in enumerate(payloads):
            header = {"id": str(i), "cap": 1 << 30}
            data = b"".join(bytes(b) for b in frames.exchange_frame(i + 1, header, [("request", p, len(p), "")]))
            os.write(w, data)
        os.close(w)

    t = threading.Thread(target=send)
    t.start()
    got = []
    for kind, payload in frames.FrameReader(r):
        seq, header, parts = frames.parse_exchange(payload)
        assert kind == frames.EXCHANGE and header["id"] == str(seq - 1)
        got.append(bytes(parts[0][1]) if parts else b"")
    t.join()
    os.close(r)
    assert got == [p if p else b"" for p in payloads]


@pytest.mark.parametrize("name", ["w.jsonl", "w.jsonl.zst"])
def test_writer_loop_redacts_orders_and_rebuilds_a_cut_stream(tmp_path: Path, name: str) -> None:
    out, acks = tmp_path / name, []
    r, w = os.pipe()
    secret = b"mail alice.smith@corp-mail.com"

    def header(i: int) -> dict[str, object]:
        req = {"method": "POST", "url": f"http://h/{i}", "headers": [["content-type", "text/plain"]]}
        resp = {"status": 200, "headers": [["content-type", "text/event-stream"]]}
        return {"id": str(i), "request": req, "response": resp, "timings": {"start": 1.0}, "cap": 1 << 20}

    frames_in = [frames.exchange_frame(i, header(i), [("request", secret, len(secret), "")]) for i in (2, 1)]
    stream = header(3) | {"meta": {"source": "capture"}}
    frames_in.append(frames.exchange_frame(0, stream, [], frames.STREAM))
    frames_in.append([frames.chunk("3", 0.5, b"data: one\n\n")])
    os.write(w, b"".join(bytes(b) for f in frames_in for b in f))
    os.close(w)
    sink = Sink(CaptureWriter(out), acks.append, out)
    redact_all(frames.FrameReader(r), Redacting(Redactor(b"k" * 32), False), sink.put, sink.flush)
    os.close(r)
    s = sink.finish()
    got = list(read_exchanges(out))
    assert [ex.id for ex in got] == ["1", "2", "3"] and (s.exchanges, s.cut) == (3, 1)
    assert all("alice.smith" not in (ex.request.body.text if ex.request.body else "") for ex in got)
    assert got[2].meta["cut"] and got[2].stream is not None and len(got[2].stream.events) == 1
    assert _acks(acks) == [(1, 2, frames.ACK_OK)]


def test_assembler_ignores_chunks_of_streams_it_does_not_know() -> None:
    assert Assembler().feed(frames.CHUNK, memoryview(frames.chunk("x", 0.1, b"a")[5:])) is None
