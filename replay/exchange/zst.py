"""The zstd frames of a capture file, walked by their headers (RFC 8878), so that an append can end a
frame a kill left unfinished before it adds its own.

Why: a capture's writer keeps one frame open and flushes whole blocks, so a killed writer leaves a
frame with no last block. The reader reads such a file, but a new frame appended to it would be read
as more blocks of the old one (corrupt data: the whole file unreadable). ``end_torn_frame`` ends that
frame with an empty last block; what a cut left of a block, and a line whose end never reached the
disk, are dropped (said in one warning, with the bytes dropped), the whole lines kept.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from replay.console import warn
from replay.errors import CaptureError

__all__ = ["END_BLOCK", "MAGIC", "end_torn_frame", "nuls_to_end"]

MAGIC = b"\x28\xb5\x2f\xfd"
# A last, empty, raw block (Block_Header: Last_Block 1, Raw_Block, size 0): it ends a frame whose data
# stops at a block boundary.
END_BLOCK = b"\x01\x00\x00"
_SKIPPABLE = 0x184D2A50  # magic numbers 0x184D2A50..5F: a skippable frame (4-byte size, then data)
_BLOCK_MAX = 128 << 10
# The most of a torn frame's last lines held in memory to write again: a writer flushes whole lines a
# burst at a time, so its frames end at a line far sooner; a frame that does not (another tool's,
# killed) is refused instead of read into memory.
_HELD_MAX = 256 << 20


@dataclass(slots=True)
class _Frame:
    """A zstd frame of the file: where it starts, its header ends and its whole blocks end."""

    start: int
    header_end: int
    block_max: int
    checksum: bool
    sized: bool
    blocks: int  # the offset after its last whole block
    ended: bool  # its last block is whole (the checksum after it may still be missing)
    crashed: bool = False  # no frame at all: NUL bytes to the end, where a crash kept a frame's data from the disk


def _refused(path: Path, what: str) -> CaptureError:
    return CaptureError(f"{path}: {what}, so nothing can be appended to it; restore the file or name another --out")


def end_torn_frame(path: Path) -> None:
    """End the last zstd frame of the capture at ``path`` if a kill or a cut left it unfinished, so that
    a frame appended after it reads; nothing when the file is missing, not a regular file, or ends
    whole. CaptureError when the file is not zstd data or its last frame cannot be ended."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return
        fh = open(path, "r+b")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return
    with fh:
        size = fh.seek(0, os.SEEK_END)
        frame = _last_frame(fh, path, size)
        if frame is None:
            return
        keep, tail, torn = _mend(fh, path, frame, size)
        fh.truncate(keep)
        fh.seek(keep)
        fh.write(tail)
        fh.flush()
        os.fsync(fh.fileno())
    cut = size - frame.blocks
    if frame.crashed:
        warn(
            f"{path}: ends in {cut:,} NUL bytes after its last whole zstd frame (a crash kept the data of the last "
            "writes from the disk, which kept their length); dropped them to append"
        )
    elif cut or torn:
        parts = [f"{cut:,} bytes of a block cut short"] if cut else []
        parts += [f"a last line of {torn:,} bytes without its end"] if torn else []
        warn(
            f"{path}: its last zstd frame was left unfinished (a writer killed, or the file cut); "
            f"dropped {' and '.join(parts)} to append"
        )


def _last_frame(fh: IO[bytes], path: Path, size: int) -> _Frame | None:
    """The file's last frame when it is unfinished, else None."""
    pos = 0
    while pos < size:
        fh.seek(pos)
        head = fh.read(4)
        if head == MAGIC[: len(head)] and len(head) < 4:  # cut inside the magic number
            return _Frame(pos, pos, _BLOCK_MAX, False, False, pos, False)
        number = int.from_bytes(head, "little")
        if number & ~0xF == _SKIPPABLE:
            length = int.from_bytes(fh.read(4), "little")
            pos += 8 + length
            if pos > size:
                raise _refused(path, "ends inside a skippable zstd frame")
            continue
        if head != MAGIC:
            if nuls_to_end(fh, pos, size):  # a crash's tail where a frame was to start: cut, as a torn frame
                return _Frame(pos, pos, _BLOCK_MAX, False, False, pos, False, crashed=True)
            raise _refused(path, f"not zstd data at byte {pos:,}")
        frame = _frame(fh, path, pos, size)
        pos = frame.blocks + 4 * frame.checksum
        if not frame.ended or pos > size:
            return frame
    return None


def nuls_to_end(fh: IO[bytes], pos: int, size: int) -> bool:
    """Whether the file holds NUL bytes alone from ``pos`` to its end (``size``), and at least one."""
    fh.seek(pos)
    while pos < size:
        # counted, not stripped: ``strip(b"\x00")`` took 6 s a GiB, ``count`` in 1 MiB reads 0.6 s
        chunk = fh.read(min(size - pos, 1 << 20))
        if not chunk or chunk.count(0) != len(chunk):
            return False
        pos += len(chunk)
    return True


def _frame(fh: IO[bytes], path: Path, start: int, size: int) -> _Frame:
    """The frame at ``start`` (its magic number read): its header, then its blocks as far as they are whole."""
    fh.seek(start + 4)
    desc = fh.read(1)
    if not desc:
        return _Frame(start, start, _BLOCK_MAX, False, False, start, False)
    d = desc[0]
    single = bool(d & 0x20)
    fcs = (0, 2, 4, 8)[d >> 6] or (1 if single else 0)
    header = 5 + (0 if single else 1) + (0, 1, 2, 4)[d & 3] + fcs
    window = fh.read(1)[0] if not single and start + 5 < size else 0
    exponent, mantissa = window >> 3, window & 7
    base = 1 << (10 + exponent)
    block_max = min(base + base // 8 * mantissa, _BLOCK_MAX)
    frame = _Frame(start, start + header, block_max, bool(d & 4), fcs > 0, start + header, False)
    if frame.header_end > size:
        frame.header_end = frame.blocks = start
        return frame
    pos = frame.header_end
    while pos + 3 <= size:
        fh.seek(pos)
        v = int.from_bytes(fh.read(3), "little")
        kind = (v >> 1) & 3
        if kind == 3:
            raise _refused(path, f"corrupt zstd data at byte {pos:,}")
        end = pos + 3 + (1 if kind == 1 else v >> 3)
        if end > size:
            break
        pos = frame.blocks = end
        if v & 1:
            frame.ended = True
            break
    return frame


def _mend(fh: IO[bytes], path: Path, frame: _Frame, size: int) -> tuple[int, bytes, int]:
    """Where to cut the file, what to write there to end ``frame``, and the bytes of a line without its end
    dropped. The frame is decompressed block by block to find the last block after which its data ends
    at a newline; the whole lines of the blocks after that one are written again as raw blocks."""
    import xxhash
    import zstandard

    if frame.header_end == frame.start:  # cut inside the frame's header: nothing of it to keep
        return frame.start, b"", 0
    if frame.sized:
        raise _refused(path, "its last zstd frame is unfinished and states its size (it cannot be ended)")
    obj = zstandard.ZstdDecompressor().decompressobj()
    fh.seek(frame.start)
    obj.decompress(fh.read(frame.header_end - frame.start))
    content = xxhash.xxh64()
    keep, held, at_line = frame.header_end, [], True
    held_size = 0
    pos = frame.header_end
    while pos < frame.blocks:
        fh.seek(pos)
        v = int.from_bytes(fh.read(3), "little")
        end = pos + 3 + (1 if (v >> 1) & 3 == 1 else v >> 3)
        fh.seek(pos)
        try:
            out = obj.decompress(fh.read(end - pos))
        except zstandard.ZstdError as e:
            raise _refused(path, f"corrupt zstd data ({e})") from None
        held.append(out)
        held_size += len(out)
        if out:
            at_line = out.endswith(b"\n")
        if at_line and not v & 1:  # a last block cannot be followed by the one that ends the frame
            keep = end
            for part in held:
                content.update(part)
            held, held_size = [], 0
        elif held_size > _HELD_MAX:
            raise _refused(path, "its last zstd frame is unfinished and not flushed at lines (it cannot be ended)")
        pos = end
    rest = b"".join(held)
    whole = rest[: rest.rfind(b"\n") + 1]
    if keep == frame.header_end and not whole:
        return frame.start, b"", len(rest)
    content.update(whole)
    blocks = [
        (len(part) << 3).to_bytes(3, "little") + part
        for part in (whole[i : i + frame.block_max] for i in range(0, len(whole), frame.block_max))
    ]
    checksum = content.intdigest().to_bytes(8, "little")[:4] if frame.checksum else b""
    return keep, b"".join(blocks) + END_BLOCK + checksum, len(rest) - len(whole)
