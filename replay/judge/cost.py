"""What a run cost in model tokens: each row's cost from the price table (``replay.config.prices``), and
the figures the report and the ``cost_per_1k`` gate read.

A row's cost is its answering model's price times its tokens (prompt tokens less cached ones at the
input price, cached ones at the cached price, output tokens at the output price); NaN where the model is
unknown or unpriced, or the row has no tokens. Per 1,000 requests divides the summed cost by the rows
sent (a row that cost nothing, an error before the model, counts as 0) when any row was priced.

Two costs are kept apart because they are what a fallback chain and a retry policy add:

* retries: each answer's cost times the extra upstream calls behind it (the fault proxy's per-request
  count less one, else the service's retries header), as if each retry cost what the answer did;
* fallbacks: the cost of rows answered by a path other than ``primary`` (``[checks] path``) or classed
  fallback: what the secondary model (or the canned answer, at no cost) took over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from replay.config.prices import PriceTable, shipped_prices
from replay.judge.classes import FailureClass

if TYPE_CHECKING:
    from replay.judge.run import Judged

__all__ = ["CostColumns", "cost_columns", "prices_for"]


def prices_for(judged: Judged) -> PriceTable:
    """The shipped list prices with the scenario's ``[prices]`` on top."""
    return shipped_prices().over(judged.scenario.prices)


@dataclass(slots=True)
class CostColumns:
    cost: np.ndarray  # dollars per row (NaN: unpriced)
    model: np.ndarray  # the model that answered (None: unknown)
    path: np.ndarray  # the fallback chain's path that answered (None: not declared or not said)


def cost_columns(judged: Judged, prices: PriceTable | None = None) -> CostColumns:
    """Each row's cost, model and path."""
    table = prices if prices is not None else prices_for(judged)
    cost = np.full(len(judged.verdicts), np.nan)
    for i, v in enumerate(judged.verdicts):
        price = table.lookup(v.model)
        if price is not None and (v.input_tokens is not None or v.output_tokens is not None):
            cost[i] = price.cost(v.input_tokens or 0, v.output_tokens or 0, v.cached_tokens or 0)
    model = np.array([v.model for v in judged.verdicts], dtype=object)
    path = np.array([v.path for v in judged.verdicts], dtype=object)
    return CostColumns(cost, model, path)


def extra_calls(attempts: np.ndarray, calls: np.ndarray | None, retries: np.ndarray) -> np.ndarray:
    """Upstream calls beyond the first per row: the proxy's count per attempt less one, else the
    service's retries header (0 where neither says)."""
    if calls is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            per = np.where(attempts > 0, calls / np.maximum(attempts, 1), 0.0)
        return np.clip(per - 1.0, 0.0, None)
    return np.nan_to_num(retries)


def fallback_rows(cls: np.ndarray, path: np.ndarray) -> np.ndarray:
    """Rows answered by a path other than the primary, or classed fallback."""
    off = np.array([p is not None and p != "primary" for p in path], dtype=bool)
    return off | (cls == FailureClass.FALLBACK)
