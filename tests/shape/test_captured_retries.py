"""Clients' retries captured through mitmdump are drawn once, as the request they retry.

A model API on 127.0.0.1 answers every request 429 the first time it sees its body, then as the API
does. The real OpenAI and Anthropic SDKs retry (``x-stainless-retry-count: 1``); two plain clients
retry as botocore (``amz-sdk-request: attempt=2; max=3``) and Stripe (the same ``Idempotency-Key``)
do. ``replay capture`` records both attempts of each; ``replay inspect`` counts the retries and
``replay sample`` draws each request once (``--keep-retries``: every attempt).
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from replay.capture.proxy import CaptureOptions, start_capture
from replay.exchange.read import read_exchanges
from replay.shape.plan import load_plan
from replay.util.procs import Children
from tests.conftest import one_worker, replay_here, serving, wait_until
from tests.llmworld import ModelAPI, _Handler

pytestmark = [pytest.mark.e2e, one_worker(__name__)]  # mitmdump

KEY = "sk-proj-Zq3v9Xw2Lp8Rt6Yh1Nm4Bc7Kd0Fg5JsAbCdEf"


class _FirstTimeBusy(_Handler):
    """429 to a body not seen before (``retry-after-ms`` as the OpenAI API sends it), else the API's answer."""

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("content-length") or 0))
        if raw not in self.server.busy_for:  # type: ignore[attr-defined]
            self.server.busy_for.add(raw)  # type: ignore[attr-defined]
            error = {"error": {"message": "Rate limit reached", "type": "rate_limit_error"}}
            return self._send(error, {"retry-after-ms": "1"}, status=429)
        read, self.rfile = self.rfile, io.BytesIO(raw)  # the answer reads the body again
        try:
            super().do_POST()
        finally:
            self.rfile = read
        return None


class BusyAPI(ModelAPI):
    def __init__(self) -> None:
        super().__init__()
        self.RequestHandlerClass = _FirstTimeBusy
        self.busy_for: set[bytes] = set()


def _post_until_answered(url: str, body: dict[str, Any], headers: Callable[[int], dict[str, str]]) -> None:
    """A plain client's call: POST, and again after a 429, with the headers of each attempt (1-based)."""
    for attempt in (1, 2, 3):
        req = urllib.request.Request(url, orjson.dumps(body), {"content-type": "application/json", **headers(attempt)})
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                resp.read()
                return
        except urllib.error.HTTPError as e:
            e.read()
            if e.code != 429:
                raise
    raise AssertionError("still 429 on the third attempt")


@pytest.fixture(scope="module")
def capture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import anthropic
    import openai

    out = tmp_path_factory.mktemp("retries") / "cap.jsonl"
    with serving(BusyAPI()) as api, Children() as children:
        cap = start_capture(children, api.url, ("127.0.0.1", 0), CaptureOptions(out=out))
        oa = openai.OpenAI(base_url=cap.url + "/v1", api_key=KEY, max_retries=2)
        oa.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Where is my order?"}])
        an = anthropic.Anthropic(base_url=cap.url, api_key="sk-ant-api03-" + KEY[8:] * 2, max_retries=2)
        an.messages.create(
            model="claude-sonnet-4-5", max_tokens=64, messages=[{"role": "user", "content": "Cancel my order."}]
        )
        invocation = str(uuid.uuid4())
        _post_until_answered(  # botocore's retry headers
            cap.url + "/v1/embeddings",
            {"model": "text-embedding-3-small", "input": "refund policy"},
            lambda n: {"amz-sdk-invocation-id": invocation, "amz-sdk-request": f"attempt={n}; max=3"},
        )
        key = str(uuid.uuid4())
        _post_until_answered(  # Stripe's: the same key on every attempt
            cap.url + "/v1/embeddings",
            {"model": "text-embedding-3-small", "input": "delivery times"},
            lambda n: {"Idempotency-Key": key},
        )
        wait_until(lambda: sum(1 for _ in read_exchanges(out)) == 8, 15, "both attempts of every call recorded")
    return out


def test_inspect_counts_the_retries(capture: Path) -> None:
    got = replay_here("inspect", "--json", str(capture))
    assert got.returncode == 0, got.stderr
    report = orjson.loads(got.stdout)
    assert report["status"] == {"200": 4, "429": 4}
    assert report["retries"] == {"x-stainless-retry-count": 2, "amz-sdk-request": 1, "idempotency-key": 1}
    text = replay_here("inspect", str(capture))
    assert "retries       4 clients' retries of an earlier exchange" in text.stdout


def test_sample_draws_each_request_once(capture: Path, tmp_path: Path) -> None:
    """Four calls, eight records: a plan of four rows holds each call's first attempt once; with
    --keep-retries a plan of eight holds every record."""
    first = [i for i, ex in enumerate(read_exchanges(capture)) if ex.response and ex.response.status == 429]
    assert len(first) == 4
    scenario = tmp_path / "s.toml"
    scenario.write_text("[sample]\nseed = 1\nsize = 4\n[load]\nrate = 10\n", encoding="utf-8")
    got = replay_here("sample", str(capture), "-s", str(scenario), "-o", str(tmp_path / "p.plan"))
    assert got.returncode == 0, got.stderr
    assert "4 of 8 records left out as clients' retries" in got.stdout
    plan = load_plan(tmp_path / "p.plan")
    assert sorted(plan.columns["record"].tolist()) == first
    assert plan.header.retries_left_out == 4 and plan.header.capture.records == 8

    got = replay_here(
        "sample", str(capture), "-s", str(scenario), "--size", "8", "--keep-retries", "-o", str(tmp_path / "k.plan")
    )
    assert got.returncode == 0, got.stderr
    kept = load_plan(tmp_path / "k.plan")
    assert sorted(kept.columns["record"].tolist()) == list(range(8))
    assert kept.header.retries_left_out is None
    assert any("4 records are clients' retries" in note for note in kept.header.notes)
