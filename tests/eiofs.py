"""A disk that fails: a FUSE file system, served by this process, whose writes return EIO once it
holds ``--fail-after`` bytes (0: every write fails).

    python -m tests.eiofs MOUNTPOINT --fail-after BYTES     prints "ready" once mounted

It speaks the kernel's FUSE protocol on /dev/fuse directly (no libfuse, no fusermount), so the
only thing it needs is the right to mount(2): root, as in CI. A real device's I/O error reaches a
writer the same way, as write(2) failing with EIO; tmpfs cannot fail so, and device-mapper's
``error`` target is not in every kernel. Files live in memory, in one flat directory; reads, renames,
unlinks and truncation work, so what a program wrote before the failure can be read back.

``eio_mount(where, fail_after)`` (a context manager) mounts one for a test, or yields None where
this machine cannot (no /dev/fuse, no right to mount): the test is then skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import os
import stat
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# opcodes (include/uapi/linux/fuse.h)
LOOKUP, FORGET, GETATTR, SETATTR, UNLINK, RENAME = 1, 2, 3, 4, 10, 12
OPEN, READ, WRITE, STATFS, RELEASE, FSYNC, FLUSH, INIT = 14, 15, 16, 17, 18, 20, 25, 26
OPENDIR, READDIR, RELEASEDIR, CREATE, INTERRUPT, DESTROY, BATCH_FORGET = 27, 28, 29, 35, 36, 38, 42
NO_REPLY = frozenset({FORGET, INTERRUPT, BATCH_FORGET})
IN_HEADER = struct.Struct("<IIQQIIIHH")  # len, opcode, unique, nodeid, uid, gid, pid, total_extlen, padding
OUT_HEADER = struct.Struct("<IiQ")  # len, error (negative errno), unique
ATTR = struct.Struct("<QQQQQQIIIIIIIIII")  # fuse_attr
FATTR_SIZE = 1 << 3
FOPEN_DIRECT_IO = 1  # every read and write reaches this process: nothing cached, errors are immediate
ROOT = 1
MAX_WRITE = 1 << 17


@dataclass
class _Node:
    ino: int
    name: str
    data: bytearray = field(default_factory=bytearray)
    mode: int = stat.S_IFREG | 0o644


class EioFs:
    """The file system's state and one handler per request."""

    def __init__(self, fail_after: int):
        self.fail_after = fail_after
        self.written = 0  # bytes taken so far, over every file
        self.nodes: dict[int, _Node] = {}
        self.names: dict[str, int] = {}
        self.next_ino = 2

    def attr(self, ino: int) -> bytes:
        now = int(time.time())
        if ino == ROOT:
            mode, size, nlink = stat.S_IFDIR | 0o755, 0, 2
        else:
            node = self.nodes[ino]
            mode, size, nlink = node.mode, len(node.data), 1
        return ATTR.pack(ino, size, (size + 511) // 512, now, now, now, 0, 0, 0, mode, nlink, 0, 0, 0, 4096, 0)

    def entry(self, ino: int) -> bytes:
        return struct.pack("<QQQQII", ino, 0, 0, 0, 0, 0) + self.attr(ino)

    def attr_out(self, ino: int) -> bytes:
        return struct.pack("<QII", 0, 0, 0) + self.attr(ino)

    def handle(self, opcode: int, ino: int, body: bytes) -> bytes | int:
        """The reply's payload, or a positive errno."""
        if opcode == INIT:
            _major, minor, readahead, _flags = struct.unpack_from("<IIII", body)
            out = struct.pack("<IIIIHHIIHHI", 7, min(minor, 31), readahead, 0, 16, 12, MAX_WRITE, 1, 32, 0, 0)
            return out + bytes(64 - len(out))
        if opcode in (GETATTR, SETATTR):
            if ino != ROOT and ino not in self.nodes:
                return errno.ENOENT
            if opcode == SETATTR and ino != ROOT:
                valid, _, _fh, size = struct.unpack_from("<IIQQ", body)
                if valid & FATTR_SIZE:
                    data = self.nodes[ino].data
                    del data[size:]
                    data.extend(bytes(size - len(data)))
            return self.attr_out(ino)
        if opcode == LOOKUP:
            found = self.names.get(body.rstrip(b"\0").decode())
            return self.entry(found) if found else errno.ENOENT
        if opcode == CREATE:
            name = body[16:].rstrip(b"\0").decode()
            node = _Node(self.next_ino, name)
            self.next_ino += 1
            self.nodes[node.ino], self.names[name] = node, node.ino
            return self.entry(node.ino) + struct.pack("<QIi", node.ino, FOPEN_DIRECT_IO, 0)
        if opcode in (OPEN, OPENDIR):
            return struct.pack("<QIi", ino, FOPEN_DIRECT_IO if opcode == OPEN else 0, 0)
        if opcode == WRITE:
            return self.write(ino, body)
        if opcode == READ:
            _fh, offset, size = struct.unpack_from("<QQI", body)
            return bytes(self.nodes[ino].data[offset : offset + size])
        if opcode == UNLINK:
            return self.unlink(body.rstrip(b"\0").decode())
        if opcode == RENAME:
            old, new = body[8:].split(b"\0")[:2]
            return self.rename(old.decode(), new.decode())
        if opcode == STATFS:  # plenty of room: the failure is the device's, not a full disk
            return struct.pack("<QQQQQIIII", 1 << 20, 1 << 20, 1 << 20, 1000, 1000, 4096, 255, 4096, 0) + bytes(24)
        if opcode == READDIR:
            _fh, offset, size = struct.unpack_from("<QQI", body)
            return self.listing(offset, size)
        if opcode in (RELEASE, RELEASEDIR, FLUSH, FSYNC, DESTROY):
            return b""
        return errno.ENOSYS

    def listing(self, offset: int, size: int) -> bytes:
        """fuse_dirent records from entry ``offset`` on, as many as fit in ``size`` bytes."""
        out = b""
        for i, (name, ino) in enumerate(sorted(self.names.items())[offset:], start=offset):
            raw = name.encode()
            ent = struct.pack("<QQII", ino, i + 1, len(raw), stat.S_IFREG >> 12) + raw
            ent += bytes(-len(ent) % 8)
            if len(out) + len(ent) > size:
                break
            out += ent
        return out

    def write(self, ino: int, body: bytes) -> bytes | int:
        _fh, offset, size = struct.unpack_from("<QQI", body)
        if self.written + size > self.fail_after:
            return errno.EIO
        data = self.nodes[ino].data
        chunk = body[40 : 40 + size]
        data[offset : offset + len(chunk)] = chunk
        self.written += size
        return struct.pack("<II", size, 0)

    def unlink(self, name: str) -> bytes | int:
        ino = self.names.pop(name, None)
        if ino is None:
            return errno.ENOENT
        self.nodes.pop(ino, None)
        return b""

    def rename(self, old: str, new: str) -> bytes | int:
        ino = self.names.pop(old, None)
        if ino is None:
            return errno.ENOENT
        self.unlink(new)
        self.names[new] = ino
        self.nodes[ino].name = new
        return b""


def _mount(fd: int, where: str) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    opts = f"fd={fd},rootmode=40000,user_id=0,group_id=0,allow_other".encode()
    ms_nosuid, ms_nodev = 2, 4
    if libc.mount(b"eiofs", where.encode(), b"fuse", ms_nosuid | ms_nodev, opts) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e), where)


def serve(where: str, fail_after: int) -> int:
    fd = os.open("/dev/fuse", os.O_RDWR)
    _mount(fd, where)
    print("ready", flush=True)
    fs = EioFs(fail_after)
    while True:
        try:
            req = os.read(fd, MAX_WRITE + 4096)
        except OSError as e:
            if e.errno in (errno.EINTR, errno.ENOENT, errno.EAGAIN):
                continue
            return 0  # ENODEV: unmounted
        _len, opcode, unique, ino, *_ = IN_HEADER.unpack_from(req)
        if opcode in NO_REPLY:
            continue
        try:
            got = fs.handle(opcode, ino, req[IN_HEADER.size :])
        except (KeyError, struct.error, UnicodeDecodeError):
            got = errno.EIO
        payload, err = (b"", -got) if isinstance(got, int) else (got, 0)
        with contextlib.suppress(OSError):  # an interrupted request: nobody waits for the answer
            os.write(fd, OUT_HEADER.pack(OUT_HEADER.size + len(payload), err, unique) + payload)


@contextlib.contextmanager
def eio_mount(where: Path, fail_after: int) -> Iterator[Path | None]:
    """A failing disk mounted at ``where`` (made here) for the block; None where it cannot be mounted."""
    where.mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[1]
    argv = [sys.executable, "-m", "tests.eiofs", str(where), "--fail-after", str(fail_after)]
    proc = subprocess.Popen(argv, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    try:
        if proc.stdout.readline().strip() != "ready":
            yield None
            return
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.eiofs")
    ap.add_argument("mountpoint")
    ap.add_argument("--fail-after", type=int, default=0, help="bytes written before every write fails with EIO")
    args = ap.parse_args()
    return serve(args.mountpoint, args.fail_after)


if __name__ == "__main__":
    sys.exit(main())
