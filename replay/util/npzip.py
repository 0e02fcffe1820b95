"""Zip files of JSON and numpy ``.npy`` arrays (numpy's ``.npz`` layout), the format of plans and of
a run's prepared requests: data only, so reading one never runs code.

Members are stored uncompressed with a fixed date, so the same content always gives the same bytes.
Arrays must have a plain dtype (numbers, booleans, fixed-size strings): an object array is refused
when written, and numpy's reader refuses one when read.
"""

from __future__ import annotations

import errno
import io
import lzma
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import numpy as np

from replay.util.outputs import atomic_output

__all__ = ["read_array", "write_zip", "zip_damage"]

_DATE = (1980, 1, 1, 0, 0, 0)

# What zipfile raises, beyond BadZipFile, on an archive whose headers were damaged (a byte flipped, a file
# re-encoded): a member cut short, a compression method it lacks, the encrypted flag, a stream its decompressor
# refuses. Each escaped the readers as a traceback.
_DAMAGE: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    EOFError,
    NotImplementedError,
    RuntimeError,
    zlib.error,
    lzma.LZMAError,
)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_DATE)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    return info


def _npy(name: str, arr: np.ndarray) -> bytes:
    if arr.dtype.hasobject:
        raise ValueError(f"{name}: an object array cannot be stored as data ({arr.dtype})")
    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.ascontiguousarray(arr))
    return buf.getvalue()


def write_zip(path: Path, members: Iterable[tuple[str, bytes | np.ndarray]]) -> None:
    """Write ``(name, bytes or array)`` members to ``path`` atomically (arrays as ``name``, e.g. ``x.npy``)."""
    with atomic_output(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
        for name, data in members:
            zf.writestr(_info(name), _npy(name, data) if isinstance(data, np.ndarray) else data)


def read_array(zf: zipfile.ZipFile, name: str) -> np.ndarray:
    """The array stored as ``name``; ValueError for an object array (numpy's default refuses it)."""
    fh: IO[bytes]
    with zf.open(name) as fh:
        return np.lib.format.read_array(fh)


def zip_damage(e: Exception) -> str | None:
    """Why ``e``, raised reading a zip archive, says the archive is damaged; None when it says something else
    (a disk error, a missing file). zipfile raises OSError for two kinds of damage: a member's offset before the
    file's start (seek: EINVAL) and a bzip2 stream that is not one (no errno)."""
    if isinstance(e, _DAMAGE):
        return str(e)
    if isinstance(e, OSError) and e.errno is None:
        return str(e)
    if isinstance(e, OSError) and e.errno == errno.EINVAL:
        return "a member lies outside the file"
    return None
