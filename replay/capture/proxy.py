"""Run the capture addon in mitmdump (reverse mode) as a child process."""

from __future__ import annotations

import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from replay.exchange.format import DEFAULT_BODY_CAP, ReadStats, iter_raw
from replay.mitm.launch import Mitmdump, start_mitmdump
from replay.util.hostport import parse_upstream
from replay.util.procs import Children

__all__ = ["ADDON", "CaptureOptions", "CaptureProxy", "CaptureSummary", "start_capture"]

ADDON = Path(__file__).with_name("addon.py")


@dataclass(slots=True)
class CaptureOptions:
    """What the capture addon is told; see ``replay/capture/addon.py`` for each option."""

    out: Path
    flush: str = "line"
    fsync: bool = False
    body_cap: int = DEFAULT_BODY_CAP
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    redact_policy: Path | None = None

    def mitm_options(self) -> dict[str, object]:
        return {
            "capture_out": self.out,
            "capture_flush": self.flush,
            "capture_fsync": self.fsync,
            "capture_body_cap": self.body_cap,
            "capture_include": list(self.include),
            "capture_exclude": list(self.exclude),
            "capture_redact_policy": self.redact_policy or "",
        }


@dataclass(slots=True)
class CaptureSummary:
    exchanges: int = 0
    bytes: int = 0
    redactions: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class CaptureProxy:
    mitm: Mitmdump
    options: CaptureOptions
    upstream: str
    summary_file: Path

    @property
    def url(self) -> str:
        return self.mitm.url

    def stop(self) -> CaptureSummary:
        """Stop mitmdump and return what this run captured."""
        self.mitm.child.stop()
        if self.summary_file.exists():
            d = orjson.loads(self.summary_file.read_bytes())
            self.summary_file.unlink()
            return CaptureSummary(d["exchanges"], d["bytes"], d["redactions"])
        return _count(self.options.out)  # the addon never reached done(): count the file


def _count(path: Path) -> CaptureSummary:
    s = CaptureSummary()
    if not path.exists():
        return s
    red: Counter[str] = Counter()
    for d in iter_raw(path, skip_bad=True, stats=ReadStats()):
        s.exchanges += 1
        red.update(d.get("redactions") or {})
    s.bytes = path.stat().st_size
    s.redactions = dict(red)
    return s


def start_capture(children: Children, upstream: str, listen: tuple[str, int], options: CaptureOptions) -> CaptureProxy:
    """Start a reverse proxy to ``upstream`` recording into ``options.out``; returns once it listens."""
    parse_upstream(upstream)
    summary = Path(tempfile.gettempdir()) / f"replay-capture-{uuid.uuid4().hex}.json"
    mitm = start_mitmdump(
        children,
        "mitmdump (capture)",
        f"reverse:{upstream}",
        listen,
        scripts=[ADDON],
        # Lazy: read the request before connecting upstream, so a refused upstream is a recorded error.
        options={**options.mitm_options(), "capture_summary": summary, "connection_strategy": "lazy"},
    )
    return CaptureProxy(mitm, options, upstream, summary)
