"""mitmdump addon: record every exchange, redacted, to a capture file.

    mitmdump -s replay/capture/addon.py --mode reverse:http://127.0.0.1:8000 \
        --set capture_out=captures/prod.jsonl.zst

Streamed responses (SSE, NDJSON, chunked without a length) pass through as they arrive;
the addon keeps a copy and the time of each event. Nothing is written before redaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import orjson
from mitmproxy import ctx, flowfilter, http
from mitmproxy.exceptions import OptionsError

from replay.errors import BadInput
from replay.features import shape_of
from replay.mitm.convert import StreamRecorder, flow_to_exchange, is_streamed
from replay.redact import Redactor, default_redactor
from replay.store import DEFAULT_BODY_CAP, CaptureWriter

_RECORDER = "replay.stream"


class Capture:
    def __init__(self) -> None:
        self.writer: CaptureWriter | None = None
        self.redactor: Redactor | None = None
        self.include: flowfilter.TFilter | None = None
        self.exclude: flowfilter.TFilter | None = None
        self.redactions: Counter[str] = Counter()

    def load(self, loader) -> None:  # type: ignore[no-untyped-def]
        loader.add_option("capture_out", str, "", "Capture file to append to (.jsonl, or .jsonl.zst).")
        loader.add_option(
            "capture_flush",
            str,
            "line",
            "Flush after every exchange (line) or leave it to the OS (none).",
            choices=["line", "none"],
        )
        loader.add_option("capture_fsync", bool, False, "Also fsync after every flush.")
        loader.add_option(
            "capture_body_cap", int, DEFAULT_BODY_CAP, "Bytes of a body kept; the rest is cut and marked."
        )
        loader.add_option(
            "capture_include",
            Sequence[str],
            [],
            "Capture only flows matching any of these mitmproxy filters ('~d host', '~u ^/v1/', '~m POST').",
        )
        loader.add_option("capture_exclude", Sequence[str], [], "Never capture flows matching any of these filters.")
        loader.add_option("capture_summary", str, "", "File to write a JSON summary to when the proxy stops.")
        loader.add_option("capture_redact_policy", str, "", "TOML redaction policy (see replay.redact.policy).")
        loader.add_option(
            "capture_shape_only", bool, False, "Store only each exchange's features (replay.features.Shape), no bodies."
        )

    def configure(self, updated: set[str]) -> None:
        opts = ctx.options
        if "capture_body_cap" in updated and opts.capture_body_cap < 0:
            raise OptionsError("capture_body_cap must be >= 0")
        if "capture_include" in updated:
            self.include = _filters(opts.capture_include, "capture_include")
        if "capture_exclude" in updated:
            self.exclude = _filters(opts.capture_exclude, "capture_exclude")
        if updated & {"capture_out", "capture_flush", "capture_fsync"}:
            self._close()
            if opts.capture_out:
                try:
                    self.writer = CaptureWriter(opts.capture_out, opts.capture_flush, opts.capture_fsync)
                except OSError as e:
                    raise OptionsError(f"capture_out {opts.capture_out}: {e.strerror}") from None
        if self.redactor is None or "capture_redact_policy" in updated:
            try:
                self.redactor = default_redactor(opts.capture_redact_policy or None)
            except BadInput as e:
                raise OptionsError(str(e)) from None

    def _wanted(self, flow: http.HTTPFlow) -> bool:
        if self.writer is None:
            return False
        if self.include is not None and not self.include(flow):
            return False
        return not (self.exclude is not None and self.exclude(flow))

    def responseheaders(self, flow: http.HTTPFlow) -> None:
        resp = flow.response
        if resp is None or not is_streamed(resp):
            return
        sse = resp.headers.get("content-type", "").lower().startswith("text/event-stream")
        rec = StreamRecorder(flow.request.timestamp_start, sse, ctx.options.capture_body_cap)
        flow.metadata[_RECORDER] = rec
        resp.stream = rec

    def response(self, flow: http.HTTPFlow) -> None:
        self._record(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        self._record(flow)

    def _record(self, flow: http.HTTPFlow) -> None:
        if not self._wanted(flow):
            return
        ex = flow_to_exchange(flow, ctx.options.capture_body_cap, flow.metadata.pop(_RECORDER, None))
        ex.meta["source"] = "capture"
        assert self.redactor is not None and self.writer is not None
        self.redactor.redact(ex)  # before anything touches the disk
        self.redactions.update(ex.redactions)
        self.writer.write(shape_of(ex) if ctx.options.capture_shape_only else ex)  # type: ignore[arg-type]

    def _close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    def done(self) -> None:
        writer = self.writer
        self._close()
        if ctx.options.capture_summary and writer is not None:
            summary = {"exchanges": writer.count, "bytes": writer.bytes, "redactions": dict(self.redactions)}
            with open(ctx.options.capture_summary, "wb") as fh:
                fh.write(orjson.dumps(summary))


def _filters(exprs: Sequence[str], name: str) -> flowfilter.TFilter | None:
    """One filter matching any of ``exprs``; OptionsError naming the bad expression."""
    if not exprs:
        return None
    parsed = []
    for expr in exprs:
        f = flowfilter.parse(expr)
        if f is None:
            raise OptionsError(
                f"{name}: {expr!r} is not a mitmproxy filter expression (try '~d host', '~u path', '~m POST')"
            )
        parsed.append(f)
    return lambda flow: any(f(flow) for f in parsed)


addons = [Capture()]
