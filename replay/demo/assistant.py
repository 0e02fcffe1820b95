"""The AI feature under test: a support assistant, ``POST /api/assist``.

Request ``{"messages": [{"role": "user"|"assistant", "content": str}, ...], "user_id": str, "stream": bool}``.
The last user message goes through the refusal filter; then, within the time ``budget``, the assistant
retrieves help-centre articles from the search service, renders the prompt (``prompting``), and calls the
model API with retries (``upstream``). When the model fails for good it asks its ``secondary_model``
(another model on the other provider's API, LiteLLM's fallback), and when that fails too, or the budget
runs out, it serves a canned fallback answer. A streamed reply is SSE: ``delta`` events ``{"text"}``
then one ``done`` event (an ``error`` event if the model stream breaks after the first token). The body
(or ``done`` event) names the ``model`` that wrote the answer and its ``usage``; null for the canned
answer and a refusal by the filter, which no model wrote (they cost nothing). Every reply carries:

    x-release, x-config-fingerprint, x-model-version, x-request-id
    x-fallback: true|false (+ x-fallback-reason), x-retrieval: hit|empty|miss|off|skipped
    x-attempted-retries: N, x-cache: hit|miss|off
    x-fallback-path: primary|secondary|canned|filter (which way through the chain answered)
    server-timing: search;dur=MS, model;dur=MS;desc="MODEL", fallback;dur=MS;desc="MODEL" (W3C Server Timing:
        the calls it made, retries and back-off included; a stream's model time is to its first token, the
        header going before the body)

Trace headers of the request (``x-replay-id``, ``traceparent``) go on to every call to the model and
the search service, as a traced service's would: a proxy in between can count calls per request.

Run: ``python -m replay.demo.assistant --config replay/demo/candidate.toml --set model_url=URL
--set search_url=URL --port 0`` (or ``REPLAY_ASSISTANT_MODEL_URL``/``..._SEARCH_URL`` in the environment;
``secondary_url`` is the secondary model's API, default the model URL).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import os
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from replay.demo.config import WIRING, AssistantConfig, fingerprint, load_config
from replay.demo.prompting import RefusalFilter, Turn, render, retrieval_query
from replay.demo.service import ApiError, json_response, read_json, serve_main, starlette_app
from replay.demo.upstream import Attempts, Completion, ModelFailure, Streamed, Upstreams
from replay.util.hostport import parse_upstream
from replay.util.sse import sse_event

__all__ = ["Reply", "build_app", "parse_request"]

ROLES = ("user", "assistant")
TRACE_HEADERS = ("x-replay-id", "traceparent")


@dataclass(slots=True)
class Reply:
    """What the assistant answers, before it is written as JSON or SSE."""

    text: str = ""
    stream: Streamed | None = None
    fallback: str | None = None  # the reason, when the canned answer was served
    retrieval: str = "skipped"
    attempts: Attempts = field(default_factory=Attempts)
    model: str = ""
    sources: list[str] = field(default_factory=list)
    cache: str = "off"
    finish_reason: str | None = "stop"
    usage: dict[str, Any] | None = None
    path: str = "primary"  # primary | secondary | canned | filter
    timing: dict[str, tuple[float, str]] = field(default_factory=dict)  # Server-Timing metric -> (seconds, desc)

    @contextlib.contextmanager
    def timed(self, metric: str, desc: str = "") -> Iterator[None]:
        """Time a dependency's calls (a failed or cancelled one too) as the Server-Timing ``metric``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timing[metric] = (self.timing.get(metric, (0.0, ""))[0] + time.perf_counter() - start, desc)

    def server_timing(self) -> str:
        """The Server-Timing header's value (milliseconds, desc quoted)."""
        return ", ".join(f"{m};dur={1000 * t:.1f}" + (f';desc="{d}"' if d else "") for m, (t, d) in self.timing.items())


def parse_request(body: dict[str, Any], cfg: AssistantConfig) -> tuple[list[Turn], str, bool]:
    """The conversation, user id and stream flag of an assist request; ApiError (400) when malformed."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiError(400, "'messages' must be a non-empty array", param="messages")
    if len(messages) > cfg.max_messages:
        raise ApiError(400, f"at most {cfg.max_messages} messages are accepted", param="messages")
    turns = []
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise ApiError(400, f"messages[{i}].role must be 'user' or 'assistant'", param=f"messages[{i}].role")
        content = m.get("content")
        if not isinstance(content, str) or not content.strip():
            raise ApiError(400, f"messages[{i}].content must be a non-empty string", param=f"messages[{i}].content")
        turns.append(Turn(m["role"], content))
    if turns[-1].role != "user":
        raise ApiError(400, "the last message must be from the user", param="messages")
    user_id = body.get("user_id")
    if not isinstance(user_id, str) or not user_id.strip() or len(user_id) > 200:
        raise ApiError(400, "'user_id' must be a non-empty string of at most 200 characters", param="user_id")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, "'stream' must be true or false", param="stream")
    return turns, user_id, stream


class Assistant:
    """One release: its config, its dependencies, its admission gate and answer cache."""

    def __init__(self, cfg: AssistantConfig, model_url: str, search_url: str, secondary_url: str = ""):
        self.cfg = cfg
        self.fingerprint = fingerprint(cfg)
        self.upstreams = Upstreams(cfg, model_url, search_url, secondary_url)
        self.refusal = RefusalFilter(cfg.refusal_patterns)
        self.gate = asyncio.Semaphore(cfg.max_concurrency)
        self.cache: OrderedDict[str, Completion] = OrderedDict()
        self.ids = itertools.count(1)

    async def answer(self, turns: list[Turn], stream: bool, trace: dict[str, str] | None = None) -> Reply:
        cfg = self.cfg
        reply = Reply(model=cfg.model, cache="off" if not cfg.cache else "miss")
        if self.refusal.refuses(turns[-1].content):
            reply.text, reply.finish_reason, reply.path = cfg.refusal_message, "content_filter", "filter"
            return reply
        try:
            async with asyncio.timeout(cfg.budget):
                query = retrieval_query(turns, cfg.retrieval_query_chars)
                calls = cfg.retrieval_top_k > 0 and query.strip()  # else retrieve calls no search
                with reply.timed("search") if calls else contextlib.nullcontext():
                    articles, reply.retrieval = await self.upstreams.retrieve(query, trace)
                reply.sources = [a.id for a in articles]
                messages = render(cfg, turns, articles)
                key = hashlib.sha256(orjson.dumps(messages)).hexdigest()
                if cfg.cache and key in self.cache:
                    self.cache.move_to_end(key)
                    reply.cache = "hit"
                    return self._finish(reply, self.cache[key])
                got = await self._chain(reply, messages, stream, trace)
        except TimeoutError:
            return self._fallback(reply, "budget")
        except ModelFailure as e:
            return self._fallback(reply, e.reason)
        if isinstance(got, Streamed):
            reply.stream = got
            return reply
        if cfg.cache:
            self.cache[key] = got
            while len(self.cache) > cfg.cache_size:
                self.cache.popitem(last=False)
        return self._finish(reply, got)

    async def _chain(
        self, reply: Reply, messages: list[dict[str, str]], stream: bool, trace: dict[str, str] | None
    ) -> Completion | Streamed:
        """The primary's answer, else the secondary's (ModelFailure when neither answers)."""
        up = self.upstreams
        try:
            with reply.timed("model", self.cfg.model):
                return await up.call(messages, stream, reply.attempts, trace)
        except ModelFailure:
            if up.secondary is None:
                raise
        reply.path, reply.model = "secondary", up.secondary.model
        with reply.timed("fallback", up.secondary.model):
            return await up.call(messages, stream, reply.attempts, trace, up.secondary)

    @staticmethod
    def _finish(reply: Reply, c: Completion) -> Reply:
        reply.text, reply.model, reply.finish_reason, reply.usage = c.text, c.model, c.finish_reason, c.usage
        return reply

    def _fallback(self, reply: Reply, reason: str) -> Reply:
        reply.text, reply.fallback, reply.finish_reason = self.cfg.fallback_message, reason, "stop"
        reply.path, reply.usage = "canned", None
        return reply

    def headers(self, reply: Reply, request_id: str) -> dict[str, str]:
        h = {
            "x-release": self.cfg.release,
            "x-config-fingerprint": self.fingerprint,
            "x-model-version": reply.model,
            "x-request-id": request_id,
            "x-fallback": "true" if reply.fallback else "false",
            "x-retrieval": reply.retrieval,
            "x-attempted-retries": str(reply.attempts.retries),
            "x-cache": reply.cache,
            "x-fallback-path": reply.path,
        }
        if reply.fallback:
            h["x-fallback-reason"] = reply.fallback
        if reply.timing:
            h["server-timing"] = reply.server_timing()
        return h

    def final(self, reply: Reply) -> dict[str, Any]:
        """The fields a reply ends with: in the JSON body, or in the stream's ``done`` event."""
        d: dict[str, Any] = {"fallback": reply.fallback is not None}
        if reply.fallback:
            d["fallback_reason"] = reply.fallback
        answered = reply.path not in ("canned", "filter")  # no model wrote these: they cost nothing
        return d | {
            "model": reply.model if answered else None,
            "sources": reply.sources,
            "finish_reason": reply.finish_reason,
            "usage": reply.usage,
        }


class _Stream(StreamingResponse):
    """A streamed reply that frees its admission slot and model stream however the response ends,
    even when the client leaves before the body starts."""

    def __init__(self, assistant: Assistant, reply: Reply, headers: dict[str, str]):
        super().__init__(self._events(assistant, reply), headers=headers, media_type="text/event-stream")
        self.assistant, self.reply, self.closed = assistant, reply, False

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.close()

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.reply.stream is not None:
            await self.reply.stream.aclose()
        self.assistant.gate.release()

    async def _events(self, assistant: Assistant, reply: Reply) -> AsyncIterator[bytes]:
        s = reply.stream
        if s is None:
            for i, word in enumerate(reply.text.split(" ")):
                yield sse_event({"text": word if i == 0 else " " + word}, "delta")
        else:
            if s.first:
                yield sse_event({"text": s.first}, "delta")
            try:
                async for text in s.rest:
                    yield sse_event({"text": text}, "delta")
            except Exception as e:  # the model stream broke after the first token: the client sees it break
                reason = e.reason if isinstance(e, ModelFailure) else type(e).__name__
                yield sse_event(
                    {"error": {"type": "upstream_error", "message": f"model stream broke: {reason}"}}, "error"
                )
                return
            reply.model, reply.finish_reason, reply.usage = s.info.model, s.info.finish_reason, s.info.usage
        yield sse_event(assistant.final(reply), "done")


def build_app(config: Path | None = None, overrides: list[str] | tuple[str, ...] = ()) -> Starlette:
    # The dependency URLs are wiring, not behaviour: they stay out of the config and its fingerprint.
    urls = {k: os.environ.get(f"REPLAY_ASSISTANT_{k.upper()}", "") for k in WIRING}
    knobs = []
    for item in overrides:
        key, _, value = item.partition("=")
        if key in urls:
            urls[key] = value
        else:
            knobs.append(item)
    cfg = load_config(AssistantConfig, config, "REPLAY_ASSISTANT_", knobs)
    for key, url in urls.items():
        if url or key != "secondary_url":
            parse_upstream(url, f"--set {key}")
    holder: dict[str, Assistant] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        holder["a"] = Assistant(cfg, urls["model_url"], urls["search_url"], urls["secondary_url"])
        yield
        await holder["a"].upstreams.aclose()

    async def assist(request: Request) -> Response:
        a = holder["a"]
        turns, _user_id, stream = parse_request(await read_json(request, cfg.max_body), cfg)
        request_id = f"{cfg.release[:4]}-{next(a.ids):08d}"
        try:
            await asyncio.wait_for(a.gate.acquire(), cfg.queue_timeout)
        except TimeoutError:
            e = ApiError(
                503, "the assistant is at its concurrency limit; retry shortly", "overloaded", code="overloaded"
            )
            e.headers = {"retry-after": "1", "x-release": cfg.release, "x-config-fingerprint": a.fingerprint}
            raise e from None
        streaming = False
        try:
            trace = {h: v for h in TRACE_HEADERS if (v := request.headers.get(h))}
            reply = await a.answer(turns, stream, trace)
            headers = a.headers(reply, request_id)
            if stream:
                streaming = True
                return _Stream(a, reply, headers)
            body = {"id": request_id, "answer": reply.text, **a.final(reply)}
            return json_response(body, 200, headers)
        finally:
            if not streaming:
                a.gate.release()

    async def health(request: Request) -> Response:
        return json_response({"ok": True, "release": cfg.release, "fingerprint": holder["a"].fingerprint})

    return starlette_app([Route("/api/assist", assist, methods=["POST"]), Route("/healthz", health)], lifespan)


if __name__ == "__main__":
    raise SystemExit(serve_main("Support assistant (the AI feature under test) of the replay demo.", build_app))
