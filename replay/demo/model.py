"""Mock model API: OpenAI's ``POST /v1/chat/completions`` and ``POST /v1/responses`` and Anthropic's
``POST /v1/messages`` (each streaming and not; ``replay.demo.responses`` and ``replay.demo.messages``
speak the Responses and Anthropic sides), ``GET /v1/models``.

No weights: the answer is composed deterministically from the question and the help-centre context in
the prompt, as the system prompt's instructions ask (a prompt asking for brevity gets the article's first
sentence alone), so two releases sending the same prompt get the same answer. A long message that stops inside
a word was cut before its question (a release keeping the wrong end of it): the model says so, as a real one
does, instead of answering the words it happens to share with an article. Latency is time to first token
(plus prefill per prompt token, log-normal jitter) and then a time per output token (``text.tokenize``'s
pieces of words, about 1.3 a word: ``max_tokens`` cuts where a real model's would). Past ``capacity``
generations in flight a request queues (or is refused at once) and then gets 429 ``rate_limit_exceeded``
(Anthropic: 529 ``overloaded_error``) with ``retry-after``. ``stream_fail_after`` breaks streams with the
API's own error event; ``error_body_rate`` answers that share of generations 200 with the API's error body (a
stream: its error event alone), as gateways and overloaded providers do. ``GET /_stats`` counts requests by status,
so tests can see retries arrive.

Run: ``python -m replay.demo.model --port 0 --set ttft=0.5``.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import random
import re
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from replay.config.faults import Fault
from replay.demo.config import ModelConfig, load_config
from replay.demo.messages import error_body, message_body, message_events, paced, parse_messages
from replay.demo.responses import parse_responses, response_body, response_events
from replay.demo.service import ApiError, json_response, read_json, serve_main, starlette_app
from replay.demo.text import focus, last_turn, terms, tokenize
from replay.faults.bodies import error_event
from replay.util.sse import sse_event

__all__ = ["CUT_OFF", "Answer", "Generation", "MockModel", "build_app", "compose"]

T = TypeVar("T")
ROLES = frozenset({"system", "developer", "user", "assistant", "tool"})
_ARTICLE = re.compile(r"\[article:([\w-]+)\] ([^\n]+)\n([^\n]+)")
_INJECTION = re.compile(
    r"ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|rules)|system prompt|you are now"
    r"|developer mode|jailbreak|</context>|act as (an? )?(admin|administrator|root)",
    re.IGNORECASE,
)
# The model reads the languages customers write in: their support words, in English.
_LEXICON = {
    "reembolso": "refund", "devolución": "refund", "rückerstattung": "refund", "remboursement": "refund",
    "rimborso": "refund", "contraseña": "password", "passwort": "password", "senha": "password",
    "passe": "password", "cancelar": "cancel", "kündigen": "cancel", "annuler": "cancel", "disdire": "cancel",
    "suscripción": "subscription", "abo": "subscription", "abonnement": "subscription", "factura": "invoice",
    "rechnung": "invoice", "facture": "invoice", "fattura": "invoice", "pedido": "order", "bestellung": "order",
    "commande": "order", "correo": "email", "adresse": "address", "tarjeta": "card", "karte": "card",
    "carte": "card", "cuenta": "account", "konto": "account", "compte": "account", "löschen": "delete",
    "supprimer": "delete", "borrar": "delete", "lieferung": "order", "livraison": "order", "envío": "order",
}  # fmt: skip
# Instructions a model follows by answering in a sentence: no greeting, no closing, the gist of the article.
_BRIEF = re.compile(r"\b(brief|briefly|concise|concisely|succinct|terse|short answers?|one sentence)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s")
REFUSAL = "I'm sorry, but I can't help with that."
CUT_OFF = "Your message seems to have been cut off before your question. What would you like to know?"
CUT_MIN = 600  # characters: a message this long that ends inside a word was cut, not finished
CLARIFY = (
    "Could you tell me a bit more about what you need? I can help with refunds, billing, passwords, "
    "subscriptions, orders and changes to your account."
)
_LEADS = ("Here is what our help centre says about {t}.", "Happy to help with {t}.", "Sure, about {t}:", "")
_CLOSERS = ("Is there anything else I can help with?", "Let me know if that does not solve it.", "")


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    article: str | None  # the context article the answer is drawn from


def _concepts(text: str) -> set[str]:
    return {_LEXICON.get(t, t) for t in terms(text)}


def _content(message: dict[str, Any]) -> str:
    c = message.get("content")
    if isinstance(c, str):
        return c
    if isinstance(c, list):
        return " ".join(p.get("text", "") for p in c if isinstance(p, dict))
    return ""


def compose(messages: list[dict[str, Any]]) -> Answer:
    """The deterministic answer to a chat: refuse injections, answer from the best-matching context article,
    else ask for more detail; in one sentence where the instructions ask for brevity. Earlier user turns are
    consulted when the last one matches nothing."""
    system = [_content(m) for m in messages if m.get("role") in ("system", "developer")]
    articles = [m.groups() for text in system for m in _ARTICLE.finditer(text)]
    # The instructions are what the system messages say around the articles: an article's words ask nothing.
    brief = any(_BRIEF.search(_ARTICLE.sub(" ", text)) for text in system)
    users = [_content(m) for m in messages if m.get("role") == "user"]
    clarify = Answer(_first(CLARIFY) if brief else CLARIFY, None)
    if not users:
        return clarify
    question = focus(users[-1])
    if _INJECTION.search(question):
        return Answer(REFUSAL, None)
    turn = last_turn(users[-1]).rstrip()
    if len(turn) >= CUT_MIN and turn[-1].isalnum():
        return Answer(CUT_OFF, None)
    for turn in [question, *(focus(u) for u in reversed(users[:-1]))]:
        wanted = _concepts(turn)
        best, best_score = None, 0
        for aid, title, body in articles:
            score = len(wanted & _concepts(f"{title} {body}"))
            if score > best_score:
                best, best_score = (aid, title, body), score
        if best is not None:
            aid, title, body = best
            if brief:
                return Answer(_first(body), aid)
            h = int(hashlib.sha256(question.encode()).hexdigest(), 16)
            lead = _LEADS[h % len(_LEADS)].format(t=title[0].lower() + title[1:])
            closer = _CLOSERS[(h >> 8) % len(_CLOSERS)]
            return Answer(" ".join(p for p in (lead, body, closer) if p), aid)
    return clarify


def _first(text: str) -> str:
    """The first sentence."""
    return _SENTENCE.split(text, maxsplit=1)[0]


def _validate(body: dict[str, Any], cfg: ModelConfig) -> tuple[str, list[dict[str, Any]], int, bool, bool]:
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise ApiError(400, "you must provide a model parameter", param="model")
    if model not in cfg.models:
        msg = f"The model `{model}` does not exist or you do not have access to it."
        raise ApiError(404, msg, code="model_not_found")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise ApiError(400, "'messages' must be a non-empty array", param="messages")
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            raise ApiError(400, f"messages[{i}] needs a 'role' of {', '.join(sorted(ROLES))}", param=f"messages[{i}]")
        if not isinstance(m.get("content"), str | list):
            raise ApiError(400, f"messages[{i}].content must be a string or an array", param=f"messages[{i}].content")
    limit = body.get("max_completion_tokens", body.get("max_tokens", 1024))
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ApiError(400, "max_tokens must be a positive integer", param="max_tokens")
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise ApiError(400, "stream must be a boolean", param="stream")
    opts = body.get("stream_options") or {}
    if not isinstance(opts, dict):
        raise ApiError(400, "stream_options must be an object", param="stream_options")
    return model, messages, limit, stream, bool(opts.get("include_usage"))


class MockModel:
    """State of one mock model server: the capacity gate, the latency draws, the counters."""

    def __init__(self, cfg: ModelConfig):
        self.cfg = cfg
        self.slots = asyncio.Semaphore(cfg.capacity)
        self.rng = random.Random(cfg.seed)
        self.served = 0
        self.in_flight = 0
        self.status: Counter[int] = Counter()
        self.fingerprint = "fp_" + hashlib.sha256(repr(cfg).encode()).hexdigest()[:10]

    async def admit(self, api: str = "openai") -> None:
        """Take a generation slot, or raise when the queue wait runs out (or at once with ``reject``): 429
        ``rate_limit_exceeded`` on the OpenAI API, ``anthropic_overflow_status`` (529 ``overloaded_error``
        or 429 ``rate_limit_error``) on the Anthropic one, both with ``retry-after``."""
        cfg = self.cfg
        try:
            if cfg.overflow == "reject" and self.slots.locked():
                raise TimeoutError
            await asyncio.wait_for(self.slots.acquire(), cfg.queue_timeout)
        except TimeoutError:
            if api == "anthropic" and cfg.anthropic_overflow_status == 529:
                e = ApiError(529, "Overloaded", "overloaded_error")
            elif api == "anthropic":
                e = ApiError(429, "Number of concurrent requests has exceeded your rate limit.", "rate_limit_error")
            else:
                msg = "Rate limit reached: too many requests in flight. Please retry after a short wait."
                e = ApiError(429, msg, "requests", code="rate_limit_exceeded")
            e.headers = {"retry-after": f"{cfg.retry_after:g}", "retry-after-ms": str(int(cfg.retry_after * 1000))}
            raise e from None
        self.in_flight += 1

    def release(self) -> None:
        self.in_flight -= 1
        self.slots.release()

    def first_token_delay(self, prompt_tokens: int) -> float:
        cfg = self.cfg
        base = cfg.ttft + prompt_tokens * cfg.per_input_token
        return base * math.exp(self.rng.gauss(0.0, cfg.latency_jitter)) if cfg.latency_jitter else base

    def next_id(self, prefix: str = "chatcmpl-") -> str:
        self.served += 1
        return f"{prefix}{self.cfg.seed:x}{self.served:09d}"

    async def generate(self, messages: list[dict[str, Any]], limit: int, api: str) -> Generation:
        """Admit one generation and compose its answer; every outcome is counted in ``status``. The slot is
        held until ``release``. ApiError (400 past the context window, 429/529 past capacity)."""
        try:
            prompt_tokens = sum(_tokens(_content(m)) + 4 for m in messages)
            if prompt_tokens > self.cfg.context_window:
                window = self.cfg.context_window
                if api == "anthropic":
                    raise ApiError(400, f"prompt is too long: {prompt_tokens} tokens > {window} maximum")
                raise ApiError(
                    400,
                    f"This model's maximum context length is {window} tokens; "
                    f"your messages resulted in {prompt_tokens} tokens.",
                    param="messages",
                    code="context_length_exceeded",
                )
            await self.admit(api)
        except ApiError as e:
            self.status[e.status] += 1
            raise
        self.status[200] += 1
        out = tokenize(compose(messages).text)
        rate = self.cfg.error_body_rate
        said_error = rate > 0 and self.rng.random() < rate  # drawn only when set: the latency draws stay as they were
        wait = self.first_token_delay(prompt_tokens)
        return Generation(out[:limit], len(out) > limit, prompt_tokens, wait, said_error)

    def fails_after(self, sent: int) -> bool:
        """Whether a stream breaks (``stream_fail_after``) once ``sent`` content deltas are out."""
        return 0 < self.cfg.stream_fail_after <= sent


@dataclass(slots=True)
class Generation:
    """One admitted generation: the output tokens, whether the token limit cut it, and when it starts."""

    out: list[str]  # tokens, their spaces included: "".join(out) is the text
    cut: bool  # stopped at the token limit
    prompt_tokens: int
    wait: float  # seconds to the first token
    said_error: bool = False  # answered 200 with the API's error instead (``error_body_rate``)


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


async def _whole_answer(state: MockModel, gen: Generation, per_token: float) -> None:
    """A non-streamed answer is sent once its last token is generated; its slot frees then."""
    try:
        await asyncio.sleep(gen.wait + len(gen.out) * per_token)
    finally:
        state.release()


def build_app(config: Path | None = None, overrides: list[str] | tuple[str, ...] = ()) -> Starlette:
    cfg = load_config(ModelConfig, config, "REPLAY_MODEL_", overrides)
    state = MockModel(cfg)

    async def parsed(request: Request, parse: Callable[[dict[str, Any], ModelConfig], T]) -> T:
        """The request's JSON body as ``parse`` reads it; a refused one is counted under its status."""
        try:
            return parse(await read_json(request, cfg.max_body), cfg)
        except ApiError as e:
            state.status[e.status] += 1
            raise

    async def completions(request: Request) -> Response:
        return await _chat_completion(state, cfg.per_token, *await parsed(request, _validate))

    async def messages(request: Request) -> Response:
        """Anthropic's Messages API; its errors in Anthropic's shape."""
        try:
            req = await parsed(request, parse_messages)
            gen = await state.generate(req.chat, req.max_tokens, "anthropic")
        except ApiError as e:
            return error_body(e)
        if gen.said_error:
            return _said_error(state, "anthropic", req.stream)
        msg_id = state.next_id("msg_demo")
        headers = {"request-id": f"req_{msg_id}"}
        if not req.stream:
            await _whole_answer(state, gen, cfg.per_token)
            return json_response(message_body(msg_id, req.model, gen.out, gen.cut, gen.prompt_tokens), 200, headers)
        events = message_events(state, msg_id, req.model, gen.out, gen.cut, gen.prompt_tokens, gen.wait)
        return StreamingResponse(events, 200, headers=headers, media_type="text/event-stream")

    async def responses(request: Request) -> Response:
        """OpenAI's Responses API; its errors in OpenAI's shape."""
        req = await parsed(request, parse_responses)
        gen = await state.generate(req.chat, req.max_tokens, "openai")
        if gen.said_error:
            return _said_error(state, "openai", req.stream)
        resp_id = state.next_id("resp_")
        headers = {"x-request-id": f"req_{resp_id}", "openai-model": req.model}
        if not req.stream:
            await _whole_answer(state, gen, cfg.per_token)
            return json_response(response_body(resp_id, req, gen.out, gen.cut, gen.prompt_tokens), 200, headers)
        events = response_events(state, resp_id, req, gen.out, gen.cut, gen.prompt_tokens, gen.wait)
        return StreamingResponse(events, 200, headers=headers, media_type="text/event-stream")

    async def models(request: Request) -> Response:
        data = [{"id": m, "object": "model", "created": 1720000000, "owned_by": "replay-demo"} for m in cfg.models]
        return json_response({"object": "list", "data": data})

    async def stats(request: Request) -> Response:
        return json_response(
            {
                "requests": sum(state.status.values()),
                "in_flight": state.in_flight,
                "status": {str(k): v for k, v in sorted(state.status.items())},
            }
        )

    routes = [
        Route("/v1/chat/completions", completions, methods=["POST"]),
        Route("/v1/messages", messages, methods=["POST"]),
        Route("/v1/responses", responses, methods=["POST"]),
        Route("/v1/models", models),
        Route("/_stats", stats),
    ]
    return starlette_app(routes)


def _said_error(state: MockModel, api: str, stream: bool) -> Response:
    """A generation the model fails by itself (``error_body_rate``), under status 200 as some gateways and providers
    do: the API's error body (OpenAI's ``{"error": {...}}``, Anthropic's ``{"type": "error"}`` overloaded_error),
    or a stream of its error event alone. Its slot frees at once."""
    state.release()
    shape = "anthropic" if api == "anthropic" else "openai"
    if stream:
        return Response(error_event(Fault("stream_error", shape=shape)), 200, media_type="text/event-stream")
    if shape == "anthropic":
        return json_response({"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
    err = {"message": "The server had an error while processing your request.", "type": "server_error"}
    return json_response({"error": err | {"param": None, "code": None}})


async def _chat_completion(
    state: MockModel,
    per_token: float,
    model: str,
    messages: list[dict[str, Any]],
    limit: int,
    stream: bool,
    usage_chunk: bool,
) -> Response:
    """OpenAI's Chat Completions answer to one validated request, whole or streamed."""
    gen = await state.generate(messages, limit, "openai")
    if gen.said_error:
        return _said_error(state, "openai", stream)
    out, finish = gen.out, "length" if gen.cut else "stop"
    usage = {
        "prompt_tokens": gen.prompt_tokens,
        "completion_tokens": len(out),
        "total_tokens": gen.prompt_tokens + len(out),
    }
    head = {
        "id": state.next_id(),
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": state.fingerprint,
    }
    headers = {"x-request-id": head["id"], "openai-model": model}
    if not stream:
        await _whole_answer(state, gen, per_token)
        message = {"role": "assistant", "content": "".join(out), "refusal": None}
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
        return json_response({**head, "object": "chat.completion", "choices": [choice], "usage": usage}, 200, headers)
    return StreamingResponse(
        _chunks(state, head, out, finish, usage if usage_chunk else None, gen.wait),
        200,
        headers=headers,
        media_type="text/event-stream",
    )


async def _chunks(
    state: MockModel, head: dict[str, Any], out: list[str], finish: str, usage: dict | None, wait: float
) -> AsyncIterator[bytes]:
    """The SSE body of a streamed completion; the capacity slot is held until it ends or the client leaves."""

    def event(delta: dict[str, Any], reason: str | None = None) -> bytes:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": reason}
        chunk = {**head, "object": "chat.completion.chunk", "choices": [choice]}
        if usage is not None:
            chunk["usage"] = None
        return sse_event(chunk)

    try:
        await asyncio.sleep(wait)
        yield event({"role": "assistant", "content": "", "refusal": None})
        async for text in paced(state, out):
            if text is None:
                yield error_event(Fault("stream_error", shape="openai"))
                return
            yield event({"content": text})
        yield event({}, finish)
        if usage is not None:
            yield sse_event({**head, "object": "chat.completion.chunk", "choices": [], "usage": usage})
        yield sse_event("[DONE]")
    finally:
        state.release()


if __name__ == "__main__":
    raise SystemExit(serve_main("Mock model API (OpenAI and Anthropic) of the replay demo.", build_app))
