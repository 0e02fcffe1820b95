"""The stream and token table as text cells, one place for the terminal and the HTML report to share."""

from __future__ import annotations

from replay.config.loader import format_duration
from replay.report.sections import StreamRow

__all__ = ["STREAM_HEAD", "stream_cells"]

STREAM_HEAD = [
    "segment", "streams", "TTFT p50", "TTFT p90", "ITL p50", "ITL p99", "TPOT p50",
    "tok/s p50", "out tok p50", "out tok p90", "in tok p50", "stalls",
]  # fmt: skip


def _n(x: float | None) -> str:
    return "-" if x is None else f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def stream_cells(row: StreamRow) -> list[str]:
    """One row of the table (``~`` marks token counts that include estimates)."""
    est = "~" if row.estimated else ""
    label = "all" if row.scope == "total" else f"{row.scope} {row.name}"
    timed = (row.ttft_p50, row.ttft_p90, row.itl_p50, row.itl_p99, row.tpot_p50)
    times = [format_duration(v) if v is not None else "-" for v in timed]
    stalls = "-" if row.stalls is None else f"{row.stalls * 100:.1f}%"
    counted = (row.tokens_out_p50, row.tokens_out_p90, row.tokens_in_p50)
    tokens = [est + _n(v) if v is not None else "-" for v in counted]
    return [label, f"{row.streams:,}", *times, _n(row.tps_p50), *tokens, stalls]
