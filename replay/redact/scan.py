"""Leak check and re-redaction over stored files: captures (.jsonl, .jsonl.zst) and HAR files.

``scan_file`` runs every record through the engine and reports what it would replace (per kind:
how many, and in which records), never the values. Pseudonyms are recognised, so a redacted
file scans clean. ``redact_file`` writes a redacted copy, atomically.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from replay.console import Tick, counted, untold
from replay.errors import BadInput
from replay.exchange.format import Exchange
from replay.exchange.read import ReadStats, no_exchanges, read_exchanges
from replay.exchange.sources import CAPTURE_SUFFIXES, capture_files
from replay.exchange.write import CaptureWriter
from replay.redact import Redactor
from replay.redact.har import load_har, redact_entries, redact_pages, save_har
from replay.redact.withheld import Withheld
from replay.util.outputs import atomic_output

__all__ = ["ScanReport", "is_har", "redact_file", "scan_file"]


@dataclass(slots=True)
class ScanReport:
    """Per kind: how many findings, and the ids of the records that hold them."""

    records: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    where: dict[str, list[str]] = field(default_factory=dict)
    read: ReadStats = field(default_factory=ReadStats)  # corrupt lines skipped (--skip-bad), a torn tail
    withheld: Withheld = field(default_factory=Withheld)  # records the engine failed on: not written, not counted

    @property
    def skipped(self) -> str:
        """``; skipped 2 corrupt lines and a torn last line``, or nothing: what the counts leave out."""
        parts = [f"{self.read.bad_lines} corrupt line{'s' * (self.read.bad_lines != 1)}"] if self.read.bad_lines else []
        parts += ["a torn last line"] if self.read.torn_tail else []
        return f"; skipped {' and '.join(parts)}" if parts else ""

    def add(self, record_id: str, found: Counter[str]) -> None:
        self.records += 1
        for kind, n in found.items():
            self.counts[kind] += n
            ids = self.where.setdefault(kind, [])
            if not ids or ids[-1] != record_id:
                ids.append(record_id)

    def guarded(self, ex: Exchange, redact: Callable[[], Counter[str]]) -> bool:
        """``redact()`` (``ex`` redacted or scanned) added; False, ``ex`` withheld, when the engine failed on it."""
        position = f"record {self.records + len(self.withheld.positions) + 1} (id {ex.id!r})"
        found = self.withheld.attempt(redact, position)
        if found is not None:
            self.add(ex.id, found)
        return found is not None

    @property
    def clean(self) -> bool:
        return not self.counts


def is_har(path: Path) -> bool:
    """A HAR file by its name, or by a JSON object spanning the file rather than one per line."""
    if path.suffix.lower() == ".har":
        return True
    if path.suffix == ".zst" or not path.is_file():
        return False
    with open(path, "rb") as fh:
        head = fh.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip()  # Fiddler's byte order mark
    return head.startswith(b"{") and b'"log"' in head.split(b"\n", 1)[0] + head[:200]


def _har_source(src: Path) -> bool:
    """Whether ``src`` (one path, or several joined by os.pathsep) is a HAR file; BadInput for a HAR file
    among others: several files merge only as captures."""
    parts = [Path(p) for p in os.fspath(src).split(os.pathsep) if p]
    hars = [p for p in parts if is_har(p)]
    if hars and len(parts) > 1:
        raise BadInput(f"{hars[0]}: a HAR file is read on its own; give it alone (or import it into a capture first)")
    return bool(hars)


def scan_file(path: Path, redactor: Redactor, skip_bad: bool = False, tick: Tick = untold) -> ScanReport:
    """What the engine would still replace in ``path``; ``tick`` told how many records are read."""
    report = ScanReport()
    if _har_source(path):
        data = load_har(path)
        engine = redactor.engine
        for rid, found in counted(redact_entries(engine, data, path, report.withheld), tick):
            report.add(rid, found)
        pages: Counter[str] = Counter()
        redact_pages(engine, data, pages)
        if pages:
            report.add("pages", pages)
            report.records -= 1
        return report
    for ex in counted(read_exchanges(path, skip_bad=skip_bad, stats=report.read), tick):
        report.guarded(ex, partial(redactor.findings, ex))
    if not report.records and not report.withheld:  # "clean" would say something of records never read
        raise no_exchanges(path, report.read)
    return report


def redact_file(src: Path, out: Path, redactor: Redactor, skip_bad: bool = False, tick: Tick = untold) -> ScanReport:
    """Write a redacted copy of ``src`` to ``out`` (HAR stays HAR; a capture stays a capture); ``tick`` told
    how many records are done."""
    if out.exists():
        raise BadInput(f"{out}: already exists; remove it or choose another --out")
    files = [src] if src.exists() else capture_files(src)
    if any(os.path.realpath(out) == os.path.realpath(f) for f in files):  # Path.resolve() raises on a link loop
        raise BadInput(f"--out {out} is an input file; write the redacted copy elsewhere")
    if src.is_dir() and os.path.realpath(out.parent) == os.path.realpath(src):
        raise BadInput(
            f"--out {out}: inside {src}, the directory being redacted: read with it, every exchange would count "
            "twice; write the redacted copy elsewhere"
        )
    har = _har_source(src)
    if har != (out.suffix.lower() == ".har") or not (har or out.name.endswith(CAPTURE_SUFFIXES)):
        what = (
            "a HAR file gives a HAR file: name --out *.har"
            if har
            else "a capture gives a capture: name --out *.jsonl or *.jsonl.zst"
        )
        raise BadInput(f"{src}: {what}")
    if missing := [f for f in files if not os.path.lexists(f)]:  # a link that loops is the reader's to say
        raise BadInput(f"{missing[0]}: no such file; check the path")
    report = ScanReport()
    if har:
        data = load_har(src)
        for rid, found in counted(redact_entries(redactor.engine, data, src, report.withheld), tick):
            report.add(rid, found)
        redact_pages(redactor.engine, data, report.counts)
        save_har(data, out, new=True)  # whole or not at all; never over one written meanwhile
        return report
    with atomic_output(out, new=True) as tmp:  # its name ends like out's: .zst still compresses
        with CaptureWriter(tmp, flush="none") as writer:
            for ex in counted(read_exchanges(src, skip_bad=skip_bad, stats=report.read), tick):
                if report.guarded(ex, partial(redactor.findings, ex, record=True)):
                    writer.write(ex)
        if not report.records and report.withheld:  # nothing to write: no output, and the failure said
            raise report.withheld.failure(len(report.withheld.positions), "never written; nothing else to write")
        if not report.records:
            raise no_exchanges(src, report.read)
    return report
