"""Both official SDKs, ``openai`` and ``anthropic``, against the demo model directly, through ``replay capture``
and through ``replay faults``: the same answers, streams that stay incremental, and the errors and retries
each client sees (classes, error types, retry-after honoured, retries counted at the proxy)."""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import orjson
import pytest

from replay import pipeline
from replay.capture.proxy import CaptureOptions, CaptureProxy, start_capture
from replay.demo.text import tokenize
from replay.demo.world import Service, start_model
from replay.exchange.format import Exchange
from replay.exchange.read import read_exchanges
from replay.faults.proxy import FaultProxy, start_fault_proxy
from replay.judge.reply import parse_reply
from replay.shape.features import read_features
from replay.util.procs import Children
from tests.conftest import TIMING, wait_until

if TYPE_CHECKING:  # the SDKs cost ~1 CPU-s each to import: the tests that call one import it, not the collection
    import openai

pytestmark = [pytest.mark.e2e, TIMING]  # mitmdump, the mock model; retry waits and stream spreads are timed

MODEL = "support-mini-2024-07"
SYSTEM = (
    "Context:\n[article:password-reset] Resetting your password\nOn the sign-in page select Forgot password, "
    "enter the email address of your account and follow the link we send you; it works for one hour."
)
QUESTION = "How do I reset my password? I tried twice already."
KEY = "sk-test-Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5Js"  # a key-shaped secret: the capture must not keep it
PER_TOKEN = 0.01  # answers of ~40 tokens in ~0.4 s: a spread a buffering proxy would not show
PROFILES = """
seed = 3
[[profiles]]
name = "forced"
rules = [
  { type = "error", name = "overloaded", status = 529, shape = "anthropic", retry_after = "400ms", probability = 0 },
  { type = "error", name = "ratelimit", status = 429, shape = "openai", retry_after = "400ms", probability = 0 },
  { type = "stream_error", name = "anthropic_break", after = 5, shape = "anthropic", probability = 0 },
  { type = "stream_error", name = "openai_break", after = 5, shape = "openai", probability = 0 },
]
"""
SDKS = ("openai", "anthropic")


@dataclass(slots=True)
class Reply:
    text: str
    stop: str | None
    output_tokens: int | None


def client(sdk: str, base: str, retries: int = 0, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    import anthropic
    import openai

    if sdk == "openai":
        return openai.OpenAI(base_url=base + "/v1", api_key=KEY, max_retries=retries, default_headers=headers)
    return anthropic.Anthropic(base_url=base, api_key=KEY, max_retries=retries, default_headers=headers)


def ask(c, sdk: str, question: str = QUESTION, max_tokens: int = 100) -> Reply:  # type: ignore[no-untyped-def]
    if sdk == "openai":
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}]
        r = c.chat.completions.create(model=MODEL, messages=messages, max_tokens=max_tokens)
        return Reply(r.choices[0].message.content, r.choices[0].finish_reason, r.usage.completion_tokens)
    m = c.messages.create(
        model=MODEL, max_tokens=max_tokens, system=SYSTEM, messages=[{"role": "user", "content": question}]
    )
    return Reply(m.content[0].text, m.stop_reason, m.usage.output_tokens)


def stream(c, sdk: str, on_text: Callable[[str], None] = lambda t: None) -> Reply:  # type: ignore[no-untyped-def]
    """A streamed answer, each text delta handed to ``on_text`` as it arrives."""
    parts: list[str] = []

    def got(text: str) -> None:
        parts.append(text)
        on_text(text)

    if sdk == "openai":
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": QUESTION}]
        chunks = c.chat.completions.create(
            model=MODEL, messages=messages, stream=True, stream_options={"include_usage": True}
        )
        stop, tokens = None, None
        for chunk in chunks:
            if chunk.usage:
                tokens = chunk.usage.completion_tokens
            for choice in chunk.choices:
                if choice.delta.content:
                    got(choice.delta.content)
                stop = choice.finish_reason or stop
        return Reply("".join(parts), stop, tokens)
    with c.messages.stream(
        model=MODEL, max_tokens=100, system=SYSTEM, messages=[{"role": "user", "content": QUESTION}]
    ) as s:
        for text in s.text_stream:
            got(text)
        final = s.get_final_message()
    return Reply("".join(parts), final.stop_reason, final.usage.output_tokens)


def respond(c: openai.OpenAI, max_tokens: int = 100, stream: bool = False) -> Reply:
    """The same question through OpenAI's Responses API: the answer, why it stopped (``completed``, or the
    incomplete reason ``max_output_tokens``) and the output tokens, as the SDK parses them."""
    kw: dict[str, Any] = {"model": MODEL, "instructions": SYSTEM, "input": QUESTION, "max_output_tokens": max_tokens}
    if not stream:
        r = c.responses.create(**kw)
        why = r.incomplete_details.reason if r.incomplete_details else r.status
        return Reply(r.output_text, why, r.usage.output_tokens if r.usage else None)
    parts, final = [], None
    for ev in c.responses.create(**kw, stream=True):
        if ev.type == "response.output_text.delta":
            parts.append(ev.delta)
        elif ev.type in ("response.completed", "response.incomplete"):
            final = ev.response
    assert final is not None and final.usage is not None
    why = final.incomplete_details.reason if final.incomplete_details else final.status
    return Reply("".join(parts), why, final.usage.output_tokens)


@dataclass(slots=True)
class Paths:
    model: Service
    capture: CaptureProxy
    faults: FaultProxy
    capture_file: Path

    def bases(self) -> dict[str, str]:
        return {"direct": self.model.url, "capture": self.capture.url, "faults": self.faults.url}


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Paths]:
    tmp = tmp_path_factory.mktemp("sdks")
    (tmp / "profiles.toml").write_text(PROFILES)
    with Children() as children:
        model = start_model(children, {"ttft": 0.05, "per_token": PER_TOKEN, "latency_jitter": 0.0})
        cap = start_capture(children, model.url, ("127.0.0.1", 0), CaptureOptions(out=tmp / "sdk.jsonl"))
        faults = start_fault_proxy(children, model.url, ("127.0.0.1", 0), tmp / "profiles.toml")
        yield Paths(model, cap, faults, tmp / "sdk.jsonl")


@pytest.mark.parametrize("sdk", SDKS)
def test_same_answers_direct_through_capture_and_through_faults(paths: Paths, sdk: str) -> None:
    replies = {name: ask(client(sdk, base), sdk) for name, base in paths.bases().items()}
    streamed = {name: stream(client(sdk, base), sdk) for name, base in paths.bases().items()}
    direct = replies["direct"]
    assert "Forgot password" in direct.text and direct.stop in ("stop", "end_turn")
    assert direct.output_tokens == len(tokenize(direct.text))
    assert replies["capture"] == replies["faults"] == direct
    assert streamed["direct"] == streamed["capture"] == streamed["faults"] == direct  # text, stop reason, usage
    cut = ask(client(sdk, paths.capture.url), sdk, max_tokens=4)
    assert cut.stop in ("length", "max_tokens") and len(tokenize(cut.text)) == cut.output_tokens == 4


@pytest.mark.parametrize("sdk", SDKS)
@pytest.mark.parametrize("path", ["capture", "faults"])
def test_streams_stay_incremental_through_the_proxies(paths: Paths, sdk: str, path: str) -> None:
    """Text deltas reach the client as the model writes them: spread over the generation, not in one lump
    at its end (a lower bound on elapsed time only: a buffering proxy would give a spread near 0)."""
    arrivals: list[float] = []
    reply = stream(client(sdk, paths.bases()[path]), sdk, lambda t: arrivals.append(time.monotonic()))
    assert len(arrivals) == reply.output_tokens and len(arrivals) > 10
    assert arrivals[-1] - arrivals[0] >= 0.5 * PER_TOKEN * (len(arrivals) - 1)


def test_the_capture_records_both_apis_redacted(paths: Paths) -> None:
    for sdk in SDKS:
        stream(client(sdk, paths.capture.url), sdk)
    anth = recorded(paths.capture_file, lambda ex: ex.request.url.endswith("/v1/messages") and ex.stream is not None)
    assert any(ex.request.url.endswith("/v1/chat/completions") for ex in read_exchanges(paths.capture_file))
    raw = paths.capture_file.read_text()
    assert KEY not in raw and "Zq3v9Xw2" not in raw  # bearer token and x-api-key both redacted
    names = [e.event for e in anth[-1].stream.events]  # type: ignore[union-attr]
    assert names[:3] == ["message_start", "content_block_start", "ping"]
    assert names[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert anth[-1].redactions  # the key, counted


def test_the_responses_api_direct_through_capture_and_faults_and_as_replay_reads_it(paths: Paths) -> None:
    """``client.responses.create``, whole and streamed: the same answers on every path; the capture's record
    of each gives the judge what the SDK read (answer, usage, the cut at ``max_output_tokens``) and the
    features the question (``input``, not ``instructions``)."""
    oai = lambda base: client("openai", base)  # noqa: E731
    replies = {name: respond(oai(base)) for name, base in paths.bases().items()}
    streamed = {name: respond(oai(base), stream=True) for name, base in paths.bases().items()}
    direct = replies["direct"]
    assert "Forgot password" in direct.text and direct.stop == "completed"
    assert direct.output_tokens == len(tokenize(direct.text))
    assert replies["capture"] == replies["faults"] == direct
    assert streamed["direct"] == streamed["capture"] == streamed["faults"] == direct
    cut = respond(oai(paths.capture.url), max_tokens=4, stream=True)
    assert cut.stop == "max_output_tokens" and len(tokenize(cut.text)) == cut.output_tokens == 4

    def cut_recorded(ex: Exchange) -> bool:
        body = orjson.loads(ex.request.body.text) if ex.request.body else {}
        return ex.request.url.endswith("/v1/responses") and body.get("max_output_tokens") == 4

    recorded(paths.capture_file, cut_recorded)
    lines = [orjson.loads(line) for line in paths.capture_file.read_bytes().splitlines() if line.strip()]
    records = [r for r in lines if r["request"]["url"].endswith("/v1/responses") and r.get("stream")]
    for rec, want in ((records[0], direct), (records[-1], cut)):
        resp = rec["response"]
        reply = parse_reply(resp["status"], resp["headers"], resp["body"])
        assert (reply.answer, reply.output_tokens) == (want.text, want.output_tokens) and reply.ended
        assert (reply.cut_off is not None) is (want.stop == "max_output_tokens")
        last = rec["stream"]["events"][-1]["event"]
        assert last == ("response.incomplete" if reply.cut_off else "response.completed")
    features = read_features(paths.capture_file)
    rows = [i for i, r in enumerate(lines) if r["request"]["url"].endswith("/v1/responses")]
    assert {int(features.chars[i]) for i in rows} == {len(QUESTION)}


def test_a_responses_api_capture_rehearses_with_its_tokens_ttft_and_cuts(paths: Paths, tmp_path: Path) -> None:
    """capture -> sample -> run -> judge -> report of ``client.responses.create`` streams: every row is timed
    (TTFT, ITL) and counted from usage, the calls cut at ``max_output_tokens`` are truncated, the rest ok."""
    oai = client("openai", paths.capture.url)
    question = "How do I reset my password? (rehearsal)"
    for limit in (100, 4, 100):
        list(
            oai.responses.create(model=MODEL, instructions=SYSTEM, input=question, max_output_tokens=limit, stream=True)
        )
    mine = lambda ex: ex.request.body is not None and "(rehearsal)" in ex.request.body.text  # noqa: E731
    wait_until(lambda: sum(map(mine, read_exchanges(paths.capture_file))) == 3, 15, "the three calls recorded")
    capture = tmp_path / "responses.jsonl"
    lines = paths.capture_file.read_bytes().splitlines()
    capture.write_bytes(b"".join(line + b"\n" for line in lines if b"(rehearsal)" in line))
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        f'[sample]\nseed = 3\nsize = 9\n[load]\nrate = 20\n[target]\nbase_url = "{paths.model.url}"\n'
        'allow_hosts = ["127.0.0.1"]\nallow_unsafe = ["POST /v1/responses"]\n',
        encoding="utf-8",
    )
    pipeline.rehearse(pipeline.load(scenario), capture, tmp_path / "run")
    doc = orjson.loads((tmp_path / "run" / "report.json").read_bytes())
    classes = doc["totals"]["classes"]
    assert classes["ok"] + classes["truncated"] == 9 and classes["ok"] and classes["truncated"]
    total = doc["streams"][0]
    assert total["streams"] == 9 and total["ttft_p50"] and total["itl_p50"] and not total["estimated"]
    cut = doc["examples"]["truncated"]
    assert cut and all("max_output_tokens" in e["detail"] for e in cut)


def recorded(path: Path, want: Callable[[Exchange], bool]) -> list[Exchange]:
    """The exchanges of the capture that ``want`` picks, once there is one (the addon writes after the
    response ends)."""
    return wait_until(lambda: [ex for ex in read_exchanges(path) if want(ex)], 15, f"a wanted exchange in {path}")


@pytest.mark.parametrize(
    ("sdk", "fault", "error", "kind"),
    [("anthropic", "overloaded", "OverloadedError", "overloaded_error"),
     ("openai", "ratelimit", "RateLimitError", "rate_limit_exceeded")],
)  # fmt: skip
def test_injected_errors_are_parsed_and_retried_as_the_api_would_be(
    paths: Paths, sdk: str, fault: str, error: str, kind: str
) -> None:
    before = paths.faults.control.counters()["total"]["faults"].get("error", 0)
    c = client(sdk, paths.faults.url, retries=2, headers={"x-replay-fault": fault})
    start = time.monotonic()
    with pytest.raises(getattr(importlib.import_module(sdk), error)) as got:
        ask(c, sdk)
    elapsed = time.monotonic() - start
    e = got.value
    assert (e.type if sdk == "anthropic" else e.code) == kind  # type: ignore[attr-defined]
    assert e.response.headers["x-replay-fault"] == fault  # type: ignore[attr-defined]
    assert paths.faults.control.counters()["total"]["faults"]["error"] - before == 3  # 1 try + 2 retries
    assert elapsed >= 2 * 0.4 * 0.9  # each retry waited the advertised retry-after (0.4 s), not the SDK's 0.5-8 s


@pytest.mark.parametrize("sdk", SDKS)
def test_a_broken_stream_raises_in_the_client_after_its_first_tokens(paths: Paths, sdk: str) -> None:
    import anthropic
    import openai

    texts: list[str] = []
    c = client(sdk, paths.faults.url, headers={"x-replay-fault": f"{sdk}_break"})
    with pytest.raises(openai.APIError if sdk == "openai" else anthropic.APIStatusError) as got:
        stream(c, sdk, texts.append)
    assert texts and "".join(texts) in ask(client(sdk, paths.model.url), sdk).text
    if sdk == "anthropic":
        assert got.value.type == "overloaded_error"  # type: ignore[attr-defined]
    else:
        assert got.value.type == "server_error"  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Service, CaptureProxy, Path]]:
    """A model with one slot that refuses at once (retry-after 0.2 s), behind a capture proxy; 1 ms of prefill
    per prompt token, so a long prompt holds the slot for seconds and a question for a few ms."""
    out = tmp_path_factory.mktemp("tiny") / "tiny.jsonl"
    with Children() as children:
        knobs = {"capacity": 1, "overflow": "reject", "retry_after": 0.2, "ttft": 0.05, "per_token": 0.01}
        knobs |= {"per_input_token": 0.001}
        model = start_model(children, knobs | {"latency_jitter": 0.0}, name="tiny model")
        yield model, start_capture(children, model.url, ("127.0.0.1", 0), CaptureOptions(out=out)), out


@pytest.mark.parametrize(("sdk", "status"), [("openai", 429), ("anthropic", 529)])
def test_over_capacity_the_sdk_retries_until_it_gets_an_answer(
    tiny: tuple[Service, CaptureProxy, Path], sdk: str, status: int
) -> None:
    """A long prompt's stream holds the only slot; the SDK's call is refused (429 / 529 overloaded_error with
    retry-after), retries, and gets the same answer once the slot frees; the capture holds refusals and answer."""
    model, proxy, out = tiny
    stats = lambda: httpx.get(model.url + "/_stats").json()  # noqa: E731
    refused_before = stats()["status"].get(str(status), 0)
    long = [{"role": "user", "content": "word " * 12_000}]  # 3,000 prompt tokens: 3 s before the first token
    body = {"model": MODEL, "max_tokens": 50, "stream": True, "messages": long}
    path = "/v1/messages" if sdk == "anthropic" else "/v1/chat/completions"
    with httpx.stream("POST", model.url + path, json=body, timeout=30):
        assert stats()["in_flight"] == 1  # the slot is taken
        result: dict[str, Reply] = {}
        worker = threading.Thread(target=lambda: result.update(r=ask(client(sdk, proxy.url, retries=8), sdk)))
        worker.start()
        wait_until(lambda: stats()["status"].get(str(status), 0) > refused_before, 20, "a refusal")
    worker.join(30)
    assert result["r"] == ask(client(sdk, model.url), sdk)
    recorded(out, lambda ex: ex.request.url.endswith(path) and ex.response is not None and ex.response.status == 200)
    mine = [ex for ex in read_exchanges(out) if ex.request.url.endswith(path) and ex.response is not None]
    refused = [ex for ex in mine if ex.response.status == status]  # type: ignore[union-attr]
    assert refused and mine[-1].response.status == 200  # type: ignore[union-attr]
    error = orjson.loads(refused[-1].response.body.text)  # type: ignore[union-attr]
    want = "overloaded_error" if sdk == "anthropic" else "rate_limit_exceeded"
    assert (error["error"]["type"] if sdk == "anthropic" else error["error"]["code"]) == want
    assert dict(refused[-1].response.headers)["retry-after"] == "0.2"  # type: ignore[union-attr]
