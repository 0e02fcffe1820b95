"""Token prices per model (``[prices]`` in a scenario, over the shipped ``replay/data/prices.toml``).

    [prices]
    "gpt-4o-mini" = { input = 0.15, output = 0.60, cached = 0.075 }   # US dollars per 1M tokens

A row's cost joins the model that answered (``Verdict.model``) with its tokens: uncached prompt tokens
at ``input``, cached ones at ``cached`` (``input`` when not given), output tokens at ``output``. A model
id is priced by its exact entry, else by the longest entry it starts with, so dated ids
("gpt-4o-mini-2024-07-18") need no entry of their own. Shipped prices are public list prices of a
stated date: the file says to check them, and a scenario's own table wins.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from replay.config.loader import Invalid

__all__ = ["Price", "PriceTable", "shipped_prices"]


@dataclass
class Price:
    """US dollars per 1,000,000 tokens."""

    input: float
    output: float
    cached: float | None = None  # a prompt-cache read; default: the input price

    def check(self) -> None:
        for name in ("input", "output", "cached"):
            value = getattr(self, name)
            if value is not None and not (value >= 0 and math.isfinite(value)):
                raise Invalid(name, f"{value}; give dollars per 1M tokens, 0 or more")

    def cost(self, tokens_in: float, tokens_out: float, cached: float = 0.0) -> float:
        """Dollars for one request (NaN tokens count as none)."""
        tokens_in, tokens_out, cached = (0.0 if x != x else x for x in (tokens_in, tokens_out, cached))
        cached = min(cached, tokens_in)
        rate = self.input if self.cached is None else self.cached
        return ((tokens_in - cached) * self.input + cached * rate + tokens_out * self.output) / 1e6


# A Bedrock model id is its provider's id behind a provider prefix ("anthropic.claude-3-5-sonnet-20240620-v1:0"), a
# cross-region inference profile's behind a region ("us.anthropic..."), or the last part of an inference profile's
# ARN. Bedrock lists Anthropic's and Meta's models at their providers' prices: one entry prices both.
_REGION = re.compile(r"^(?:us|eu|apac|jp|au|ca|us-gov|global)\.")
_PROVIDER = re.compile(r"^[a-z0-9-]+\.(?=[a-z])")


def _names(model: str) -> list[str]:
    """``model``, then (for a Bedrock id) without its ARN, region and provider: the names its price is looked up by."""
    bare = _REGION.sub("", model.rsplit("/", 1)[-1]) if model.startswith("arn:") or "." in model else model
    return list(dict.fromkeys((model, bare, _PROVIDER.sub("", bare))))


@dataclass
class PriceTable:
    """Prices by model id; ``date`` says when shipped prices were written down (None: the scenario's own)."""

    models: dict[str, Price]
    date: str | None = None

    def lookup(self, model: str | None) -> Price | None:
        """The price of ``model``: its own entry, else the longest entry it starts with; a Bedrock id is tried
        again without its region and provider (``_names``)."""
        if not model:
            return None
        for name in _names(model):
            if name in self.models:
                return self.models[name]
            best = max((k for k in self.models if name.startswith(k)), key=len, default=None)
            if best is not None:
                return self.models[best]
        return None

    def over(self, mine: dict[str, Price]) -> PriceTable:
        """This table with a scenario's ``[prices]`` on top."""
        return PriceTable({**self.models, **mine}, self.date)


@functools.cache
def shipped_prices() -> PriceTable:
    """The dated list prices shipped with replay (``replay/data/prices.toml``), read once (``over``
    makes a new table, so the cached one is never changed)."""
    doc = tomllib.loads(resources.files("replay.data").joinpath("prices.toml").read_text(encoding="utf-8"))
    models = {k: Price(float(v["input"]), float(v["output"]), v.get("cached")) for k, v in doc["models"].items()}
    return PriceTable(models, str(doc.get("date")))
