"""The end of the capture path: redacted lines in, the capture file and the acknowledgements out.

Lines arrive with the sequence number the addon gave each exchange as it handed it over; the sink
writes them in that order (one writer delivers them in order anyway; a pool holds the early ones
until the gap before them is filled). It flushes once per burst, not once per exchange, and only
then acknowledges the burst: an exchange is acknowledged (and its response sent on) only once it
has reached the OS whole. A write that fails (disk full, file too large, I/O error) stops the
recording: the file is cut back to its last whole burst, the burst and every later exchange is
answered "not written", and the reason is announced. When a writer of a pool dies, the lines it
held never come: from then on (``unordered``) lines are written as they come, no gap waited for.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from replay.capture import frames
from replay.exchange.write import CaptureWriter
from replay.mitm.ready import announce

__all__ = ["Sink", "Summary", "tally"]

BURST_LINES = 64  # a burst is flushed and acknowledged after this many lines at the latest...
BURST_BYTES = 1 << 20  # ...or this many bytes, even when more are waiting


@dataclass(slots=True)
class Summary:
    exchanges: int = 0
    bytes: int = 0
    redactions: dict[str, int] = field(default_factory=dict)
    failed: str = ""  # why recording stopped ("" while it goes on)
    unrecorded: int = 0  # exchanges received after a failure, not written
    cut: int = 0  # streams written as far as they got when the pipe closed
    unredactable: int = 0  # exchanges the redactor failed on, never written
    unredactable_why: str = ""  # the last such failure: the exception's type and where (redact.withheld.failed_where)
    past_cap: int = 0  # streams that grew past the body cap: recorded up to it (meta.past_cap in each)
    past_cap_bytes: int = 0  # what came after the cap, not recorded
    past_cap_events: int = 0
    cut_requests: int = 0  # request bodies recorded cut at the body cap (decoded, where compressed): ``truncated``
    half_sent: int = 0  # request bodies never sent whole (``meta.request_incomplete``), not cut at the cap
    cut_responses: int = 0  # response bodies recorded cut at the body cap, streams among them (``truncated``)


class Tallied(Protocol):
    """What ``tally`` counts in: the writer's ``Summary``, and the capture's when it recounts a file."""

    cut: int
    past_cap: int
    past_cap_bytes: int
    past_cap_events: int
    cut_requests: int
    half_sent: int
    cut_responses: int


def tally(s: Tallied, cut: bool, past: frames.Capped) -> None:
    """One exchange written: whether it is a stream the end cut, what of it came past the body cap, and which of
    its bodies are cut (``frames.capped``)."""
    s.cut += cut
    if past[0]:
        s.past_cap += 1
        s.past_cap_bytes += past[0]
        s.past_cap_events += past[1]
    s.cut_requests += bool(past[2] & frames.CUT_REQUEST)
    s.half_sent += bool(past[2] & frames.HALF_SENT)
    s.cut_responses += bool(past[2] & frames.CUT_RESPONSE)


class Sink:
    """Ordered, burst-flushed writing of lines to a ``CaptureWriter``; ``ack`` gets the answers."""

    def __init__(self, writer: CaptureWriter, ack: Callable[[bytes], None], out: Path, status: str = ""):
        self.writer = writer
        self.ack = ack
        self.out = out
        self.status = status
        self.summary = Summary()
        self.counts: Counter[str] = Counter()
        self.next = 1  # the sequence number written next
        self.held: dict[int, tuple[bytes, dict[str, int], bytes, frames.Capped]] = {}  # early ones, until their turn
        self.unordered = False
        self._burst: list[tuple[int, bytes, dict[str, int], frames.Capped]] = []  # written, not yet flushed
        self._burst_bytes = 0
        self._answers: list[tuple[int, bytes]] = []  # seq, ACK_OK / ACK_FAILED, not yet sent

    def put(
        self, seq: int, what: bytes, counts: dict[str, int], line: bytes, past: frames.Capped = frames.NOT_CAPPED
    ) -> None:
        """One result: a line (``frames.LINE``, ``frames.CUT``) or a dropped exchange (``frames.DROPPED``, its
        ``line`` saying why); ``past``: what of its stream came past the body cap, and which bodies were cut."""
        if seq == 0 or self.unordered or seq == self.next:
            self._take(seq, what, counts, line, past)
            while self.held and self.next in self.held:
                self._take(self.next, *self.held.pop(self.next))
        else:
            self.held[seq] = (what, counts, line, past)
        if len(self._burst) >= BURST_LINES or self._burst_bytes >= BURST_BYTES:
            self.flush()

    def _take(self, seq: int, what: bytes, counts: dict[str, int], line: bytes, past: frames.Capped) -> None:
        if seq >= self.next:
            self.next = seq + 1
        s = self.summary
        if what == frames.DROPPED:  # not a failure of the capture: the proxy goes on (the summary says it)
            s.unredactable += 1
            s.unredactable_why = line.decode(errors="replace")
            self._answer(seq, frames.ACK_OK)
        elif s.failed:
            s.unrecorded += 1
            self._answer(seq, frames.ACK_FAILED)
        else:
            try:
                self.writer.write_line(line)
            except OSError as e:
                self.fail(e)
                s.unrecorded += 1
                self._answer(seq, frames.ACK_FAILED)
                return
            self._burst.append((seq, what, counts, past))
            self._burst_bytes += len(line)

    def _answer(self, seq: int, status: bytes) -> None:
        if seq:
            self._answers.append((seq, status))

    def flush(self) -> None:
        """End of a burst: flush what was written, then acknowledge it (and anything else answered)."""
        if self._burst:
            burst, self._burst, self._burst_bytes = self._burst, [], 0
            try:
                self.writer.commit()
            except OSError as e:
                self.fail(e)
                self.summary.unrecorded += len(burst)
                self._answers += [(seq, frames.ACK_FAILED) for seq, *_ in burst if seq]
            else:
                s = self.summary
                for seq, what, counts, past in burst:
                    self.counts.update(counts)
                    tally(s, what == frames.CUT, past)
                    self._answer(seq, frames.ACK_OK)
        if self._answers:
            self.ack(_runs(sorted(self._answers)))
            self._answers = []

    def lose_order(self) -> None:
        """A writer of the pool died: what it held never comes; write the rest as it comes."""
        self.unordered = True
        for seq in sorted(self.held):
            self._take(seq, *self.held.pop(seq))
        self.flush()

    def fail(self, e: OSError) -> None:
        self.summary.failed = f"cannot write {self.out}: {e.strerror or e}"
        self.writer.abandon()
        print(f"replay capture writer: {self.summary.failed}; recording stopped", file=sys.stderr, flush=True)
        announce(self.status, {"writer_failed": self.summary.failed})

    def finish(self) -> Summary:
        """Everything held (in order, past any gap), flushed; the file closed; the summary."""
        self.lose_order()
        s = self.summary
        if not s.failed:
            try:
                self.writer.close()
            except OSError as e:
                self.fail(e)
        # A failed write is not counted, and the file is cut back to the last counted one.
        s.exchanges, s.bytes, s.redactions = self.writer.count, self.writer.bytes, dict(self.counts)
        return s


def _runs(answers: list[tuple[int, bytes]]) -> bytes:
    """Acknowledgement records, one per run of consecutive sequence numbers with one status."""
    out = bytearray()
    first, last, status = answers[0][0], answers[0][0], answers[0][1]
    for seq, st in answers[1:]:
        if seq == last + 1 and st == status:
            last = seq
            continue
        out += frames.ACK.pack(first, last, status)
        first, last, status = seq, seq, st
    out += frames.ACK.pack(first, last, status)
    return bytes(out)
