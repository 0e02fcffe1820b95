"""Which files a capture source names, and digests of their bytes.

A source is a capture file, a directory of them, a glob, or several of these; ``capture_files`` lists its
files in a fixed order, which the readers (``read``) merge and the digests hash. A plan keeps its capture's
digest to tell, when it is replayed, whether the capture changed.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import hashlib
import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import xxhash

from replay.errors import CaptureError

__all__ = [
    "CAPTURE_SUFFIXES",
    "DIGEST",
    "DIGESTS",
    "WRITING",
    "Source",
    "capture_digest",
    "capture_files",
    "check_rereadable",
    "digest_matches",
    "existing_capture_files",
    "growing_files",
    "hasher",
    "sha256_of",
    "source_name",
    "source_path",
]

# What a reader reads: a capture file, a directory of them, a glob, several of these (a sequence, or
# one string joined with os.pathsep, as a plan header keeps it). Several files merge by start time.
Source = str | os.PathLike[str] | Sequence[str | os.PathLike[str]]
CAPTURE_SUFFIXES = (".jsonl", ".jsonl.zst")
WRITING = "another process is writing it (a capture or an import still running)"


def source_name(source: Source) -> str:
    """One string for ``source`` (several joined with os.pathsep) that :func:`capture_files` reads back."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return os.pathsep.join(os.fspath(s) for s in source)


def source_path(files: Sequence[str | os.PathLike[str]]) -> Path:
    """Several command-line arguments (files, directories, globs) as the one source path readers take."""
    return Path(source_name(files))


def capture_files(source: Source) -> list[Path]:
    """The capture files of ``source`` in a fixed order: a file itself, a directory's ``*.jsonl`` and
    ``*.jsonl.zst`` files but hidden ones, a glob's matches (each sorted by name). A file that does not exist is kept,
    so that reading it says so; one named twice (by itself and by a glob) is CaptureError: its
    exchanges would count twice."""
    files = _capture_files(source)
    seen: set[Path] = set()
    for f in files:
        if (key := Path(os.path.realpath(f))) in seen:  # Path.resolve() raises RuntimeError on a link loop
            raise CaptureError(f"{f}: given twice (by name, in a directory or by a glob); give each capture once")
        seen.add(key)
    return files


def _capture_files(source: Source) -> list[Path]:
    if not isinstance(source, str | os.PathLike):
        return [f for s in source for f in _capture_files(s)]
    text = os.fspath(source)
    path = Path(text)
    if path.is_dir():
        # A hidden file is no shard: an output being written (.part-PID-...) or one a kill left behind.
        # A link named as a shard is read, and says so if it is broken, not skipped unsaid.
        found = sorted(p for p in path.iterdir() if _shard_name(p.name) and (p.is_file() or _broken_link(p)))
        if not found:
            raise CaptureError(f"{path}: a directory without .jsonl or .jsonl.zst capture files; name a capture")
        return found
    if path.exists():
        return [path]
    if os.pathsep in text:
        return _capture_files([p for p in text.split(os.pathsep) if p])
    if glob.has_magic(text):
        found = sorted(Path(p) for p in glob.glob(text) if Path(p).is_file())
        if not found:
            raise CaptureError(f"{text}: no capture file matches; check the pattern")
        return found
    return [path]


def _shard_name(name: str) -> bool:
    return name.endswith(CAPTURE_SUFFIXES) and not name.startswith(".")


def _broken_link(p: Path) -> bool:
    return p.is_symlink() and not p.exists()


def existing_capture_files(source: Source) -> list[Path]:
    """The files of ``source`` that exist; none where it names none (reading it then says why). For
    commands that must not write over what they read."""
    try:
        return [f for f in capture_files(source) if f.exists()]
    except CaptureError:
        return []


def check_rereadable(source: Source) -> None:
    """CaptureError when a capture file of ``source`` is a pipe (``<(zstdcat ...)``) or a device: a command that
    reads its capture twice (rehearse and search sample it, then replay its records) found it gone the second
    time, after the sampling, with a plan left behind. Also when a capture still writes it: it grew between the
    two reads, and rehearse ended 'OUT/plan.plan: its capture changed since the plan was sampled; re-sample the
    plan', a plan the user never made, after the sampling."""
    for f in existing_capture_files(source):
        with contextlib.suppress(OSError):
            if not stat.S_ISREG(os.stat(f).st_mode):
                raise CaptureError(
                    f"{f}: a pipe or a device, and this command reads the capture twice (to sample it, then to "
                    "replay it); save the capture to a file first"
                )
    if growing := next(iter(growing_files(source)), None):
        raise CaptureError(
            f"{growing}: {WRITING}, and this command reads the capture twice (to sample it, then to replay it); "
            "stop that capture first, or rehearse a copy of what it holds (cp)"
        )


def growing_files(source: Source) -> list[Path]:
    """The capture files of ``source`` another process is writing now: it holds the lock a capture or an
    import holds on its output (``replay.exchange.write.appending``), which this takes, and lets go, at once."""
    found = []
    for f in existing_capture_files(source):
        try:
            fd = os.open(f, os.O_RDONLY)
        except OSError:
            continue  # reading it says why
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            found.append(f)
        except OSError:
            pass  # a file system without locks: nothing known
        finally:
            os.close(fd)
    return found


def sha256_of(source: Source) -> str:
    """sha256 of the capture files' bytes, in :func:`capture_files` order (one file: its own sha256)."""
    return _hash_files(source, hashlib.sha256())


# What a plan (and so a run) keeps of its capture, to tell when the capture changed: "ALGO:HEX".
# xxh3_128 since plan version 2 (issue 17): the sampler hashes every byte it reads, and sha256 of
# a 1.25 GB capture cost 0.75 CPU-s of its 10; xxh3 costs 0.03. A change check needs no
# cryptographic hash. Plans of version 1 keep a sha256, still checked as such.
DIGEST = "xxh3_128"
_HASHERS: dict[str, Callable[[], Any]] = {"xxh3_128": xxhash.xxh3_128, "sha256": hashlib.sha256}
DIGESTS = tuple(_HASHERS)


def hasher(algorithm: str = DIGEST) -> Any:
    """A new hash object of ``algorithm`` (``update``, ``hexdigest``); ValueError if unknown."""
    make = _HASHERS.get(algorithm)
    if make is None:
        raise ValueError(f"unknown digest algorithm {algorithm!r} (known: {', '.join(_HASHERS)})")
    return make()


def capture_digest(source: Source, algorithm: str = DIGEST) -> str:
    """``ALGO:HEX`` of the capture files' bytes, in :func:`capture_files` order."""
    return f"{algorithm}:{_hash_files(source, hasher(algorithm))}"


def digest_matches(source: Source, digest: str) -> bool:
    """Whether the capture's bytes still have ``digest`` (``ALGO:HEX``, as ``capture_digest`` gives)."""
    algorithm, _, _ = digest.partition(":")
    return capture_digest(source, algorithm) == digest


def _hash_files(source: Source, h: Any) -> str:
    for path in capture_files(source):
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return str(h.hexdigest())
