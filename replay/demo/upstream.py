"""The assistant's calls to its dependencies: the search service and the model API, over httpx.

The model API is OpenAI's chat completions or Anthropic's messages (the ``api`` knob; ``dialects`` holds
what differs between them). A ``secondary_model`` is a second route, LiteLLM's fallback model: its own
API (``secondary_api``, by default the other provider's: ``AssistantConfig.fallback_api``), URL, timeout
and retries, tried when the primary has failed for good.

Model calls go LiteLLM's way: each attempt has its own timeout (whole answer, or first token when
streaming); timeouts, connection errors, 408/409/429 and 5xx are retried with exponential back-off
(``retry-after`` honoured, a ``jitter`` share drawn at random); anything else, or the last failure,
raises ``ModelFailure`` and the caller serves its fallback. Retrieval has its own timeout and never
raises: a failed search is a ``miss`` and the answer goes on without context.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from replay.demo.config import AssistantConfig
from replay.demo.dialects import DIALECTS, Completion, ModelFailure
from replay.demo.prompting import Retrieved

__all__ = ["Completion", "ModelFailure", "Route", "Streamed", "Upstreams"]


@dataclass(slots=True)
class Streamed:
    """A model stream that has produced its first token; ``rest`` yields the following text deltas."""

    response: httpx.Response
    rest: AsyncIterator[str]
    first: str
    info: Completion  # model, finish reason and usage, filled in as the stream goes

    async def aclose(self) -> None:
        await self.rest.aclose()  # type: ignore[attr-defined]
        await self.response.aclose()


@dataclass(slots=True)
class Attempts:
    retries: int = 0


@dataclass(frozen=True, slots=True)
class Route:
    """One model behind the assistant: its API, URL, model id, per-attempt timeout and retries."""

    dialect: Any
    url: str
    model: str
    timeout: float
    retries: int


class Upstreams:
    """One httpx client shared by every request of an assistant process."""

    def __init__(self, cfg: AssistantConfig, model_url: str, search_url: str, secondary_url: str = ""):
        self.cfg = cfg
        d = DIALECTS[cfg.api]
        self.primary = Route(d, model_url.rstrip("/") + d.path, cfg.model, cfg.model_timeout, cfg.retries)
        self.secondary: Route | None = None
        if cfg.secondary_model:
            d2 = DIALECTS[cfg.fallback_api]
            url = (secondary_url or model_url).rstrip("/") + d2.path
            self.secondary = Route(d2, url, cfg.secondary_model, cfg.secondary_timeout, cfg.secondary_retries)
        self.search_url = search_url.rstrip("/") + "/search"
        t = cfg.model_timeout
        self.http = httpx.AsyncClient(
            timeout=httpx.Timeout(t, connect=min(t, 2.0)),
            limits=httpx.Limits(max_connections=cfg.max_concurrency * 2, max_keepalive_connections=64),
        )
        self.rng = random.Random(cfg.seed)

    async def aclose(self) -> None:
        await self.http.aclose()

    async def retrieve(self, query: str, trace: dict[str, str] | None = None) -> tuple[list[Retrieved], str]:
        """Top-k articles and ``hit``/``empty``/``miss`` (search failed)/``off`` (top-k 0)."""
        k = self.cfg.retrieval_top_k
        if k == 0:
            return [], "off"
        if not query.strip():
            return [], "empty"
        try:
            async with asyncio.timeout(self.cfg.retrieval_timeout):
                r = await self.http.post(self.search_url, json={"query": query, "k": k}, headers=trace)
            r.raise_for_status()
            hits = [Retrieved(d["id"], d["title"], d["text"]) for d in r.json()["results"]]
        except (TimeoutError, httpx.HTTPError, ValueError, KeyError, TypeError):
            return [], "miss"
        return hits, "hit" if hits else "empty"

    def backoff(self, retry: int, retry_after: float | None) -> float:
        cfg = self.cfg
        if retry_after is not None and cfg.respect_retry_after:
            delay = retry_after
        else:
            delay = min(cfg.backoff_max, cfg.backoff * 2**retry)
        return delay * (1.0 - cfg.jitter * self.rng.random())

    async def call(
        self,
        messages: list[dict[str, str]],
        stream: bool,
        attempts: Attempts,
        trace: dict[str, str] | None = None,
        route: Route | None = None,
    ) -> Completion | Streamed:
        """The model's answer (or its primed stream) after retries; ModelFailure when there is none."""
        r = route or self.primary
        payload = r.dialect.payload(r.model, messages, self.cfg.max_tokens, stream)
        for n in range(r.retries + 1):
            try:
                async with asyncio.timeout(r.timeout):
                    return await (self._stream(r, payload, trace) if stream else self._complete(r, payload, trace))
            except (TimeoutError, httpx.TimeoutException):
                failure = ModelFailure("timeout", True)
            except httpx.TransportError as e:
                failure = ModelFailure("connect" if isinstance(e, httpx.ConnectError) else "network", True)
            except ModelFailure as e:
                failure = e
            if not failure.retryable or n == r.retries:
                raise failure
            await asyncio.sleep(self.backoff(n, failure.retry_after))
            attempts.retries += 1
        raise AssertionError("unreachable")

    @staticmethod
    def _timeout(route: Route) -> httpx.Timeout:
        """The route's own per-attempt timeout (the shared client's is the primary's)."""
        return httpx.Timeout(route.timeout, connect=min(route.timeout, 2.0))

    async def _complete(self, route: Route, payload: dict[str, Any], trace: dict[str, str] | None) -> Completion:
        r = await self.http.post(route.url, json=payload, headers=trace, timeout=self._timeout(route))
        if r.status_code != 200:
            raise route.dialect.failure(r.status_code, r.headers, r.content)
        try:
            return route.dialect.completion(r.json())  # type: ignore[no-any-return]
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            raise ModelFailure("bad_response", False) from None

    async def _stream(self, route: Route, payload: dict[str, Any], trace: dict[str, str] | None) -> Streamed:
        request = self.http.build_request("POST", route.url, json=payload, headers=trace, timeout=self._timeout(route))
        r = await self.http.send(request, stream=True)
        info = Completion("", str(payload["model"]), None, None)
        rest = route.dialect.deltas(r, info)
        try:
            if r.status_code != 200:
                raise route.dialect.failure(r.status_code, r.headers, await r.aread())
            first = await anext(rest, "")
        except BaseException:
            await rest.aclose()
            await r.aclose()
            raise
        return Streamed(r, rest, first, info)
