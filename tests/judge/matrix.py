"""The demo with one knob changed at a time: what the judge names for each single regression.

    .venv/bin/python -m tests.judge.matrix OUT [CASE ...]     # prints each case's gates and findings
    .venv/bin/python -m tests.judge.matrix OUT other_model retrieval_off model_timeout concurrency budget
    .venv/bin/python -m tests.judge.matrix OUT slow_model fault_503 max_messages top_k_1   # SINGLE: any knob
    MATRIX_STEP=30s .venv/bin/python -m tests.judge.matrix OUT retries_0 jitter_0   # the demo's own step length
    MATRIX_PARALLEL=2 .venv/bin/python -m tests.judge.matrix OUT aa-11 aa-12 aa-13   # at most 2 cases at once
    MATRIX_API=anthropic .venv/bin/python -m tests.judge.matrix OUT   # the primary model on Anthropic's API (see API)
    MATRIX_SLACK=0 .venv/bin/python -m tests.judge.matrix OUT aa-11   # the demo's own bounds and timeout (SLACK)

One world (mock model, search), one capture of the production release driven by the demo's population, then
per case a staging assistant (production's release with the case's knobs) whose model, search and fallback
model URLs point at the case's own fault proxies (the scenario's three), rehearsed with
``scenarios/demo.toml`` shortened to a few hundred rows (``STEPS`` steps of ``STEP_S`` seconds at ``RATE``
requests/s). The cases run side by side, ``PARALLEL`` at once (the next starts when one ends): each is
``pipeline.rehearse`` (what ``replay rehearse --no-plots`` calls) in a process forked from this one once the
pipeline, the report and the fault proxy's control are imported, so no case pays for a fresh interpreter and
its imports (about 2 CPU-seconds a case); the pipeline's own children (runner, fault proxy) are started as in
any rehearsal.

``CASES`` are asserted by tests/judge/test_matrix.py; ``EXTRA`` and ``SINGLE`` are for trying how far the
findings generalise: ``SINGLE`` changes one release knob, one knob of the model or search service (the case
then gets a model or search of its own) or adds one fault rule to every step's profile of the model's fault
proxy (each fault type the proxy supports). Run a few at a time on a shared machine: a loaded machine makes
its own slow rows and retrieval misses.
"""

from __future__ import annotations

import asyncio
import importlib
import multiprocessing
import multiprocessing.connection
import os
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from replay import pipeline
from replay.capture.proxy import CaptureOptions, start_capture
from replay.demo.config import release_path
from replay.demo.drive import drive
from replay.demo.population import generate
from replay.demo.world import Egress, Service, begin_assistant, begin_model, begin_search
from replay.errors import BadInput
from replay.util.procs import Children, die_with_parent, sigterm_as_interrupt

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "demo.toml"
CAPTURE_PROMPTS = 320
# Production's capture: 20 prompts/s, 32 in flight (16 s). At 40/s on a loaded machine production's own searches
# outlasted their 1 s timeout on 23% of the prompts once, and those captured misses changed two cases' causes.
CAPTURE_RATE, CAPTURE_INFLIGHT = 20.0, 32
RATE, STEPS = 6, 4
STEP_S = os.environ.get("MATRIX_STEP", "8s")  # 192 rows a case
SEARCH, FALLBACK = 1, 2  # the search's, the fallback model's [[faults]] entries in the demo's scenario (0: the model's)
OUTAGE = "outage"  # the demo's outage window (step 1): a case's faults at that step stand in for it
STAGGER = 1.5  # seconds between starting two cases
# The scenario's SLO and p99 gates this many seconds longer: six cases at once on two cores, beside other tests,
# stretch every hop of a row. Production's worst rows at the outage's step (three 503s, then the fallback model)
# came within 0.4 s of the 6 s SLO on a quiet machine (5.5-6.3 s) and to 6.4 s at load 15-22; at load ~11 more than
# a tenth of them crossed it: a collapse at step 1 in the A/A case, and four cases' gates named by it. The lockstep
# retries' p99 there came to 7.8 s of its 8 s gate. No case's cause is a row's time against these bounds.
SLACK = float(os.environ.get("MATRIX_SLACK", "1"))
# Production's retrieval timeout SLACK seconds longer too, in its capture and in the cases on its release that are not
# about the search (``_patient``): the scenario's search is 600-700 ms slow at step 2 through each case's own proxy,
# 0.3 s inside production's 1 s, and six cases beside other work pushed a tenth to a quarter of that step's searches
# past 1 s: 5.2-5.7% of two unchanged releases' rows missed retrieval at load 11 (backoff's "nothing else" failed on
# it), 12% of one at load ~30. Misses no release made; no asserted case's cause is the search's time.
WAITS = tomllib.loads(release_path("production").read_text("utf-8"))["retrieval_timeout"]
PATIENT: dict[str, Any] = {"retrieval_timeout": WAITS + SLACK} if SLACK else {}
# Cases at once: each is a runner, three fault proxies and an assistant beside the shared model, ~20 CPU-s over its
# ~45 s (two cases under a /proc sampler: the proxies ~2.9 CPU-s each, the assistant ~4, the runner ~3.8, the
# rehearsal's own judging and report ~4). Six at once asked 2.7 cores of two: beside the suite's other workers the
# services stalled for seconds, step 0's medians read 2-4x production's (whose capture ran alone) and unchanged
# releases failed latency gates in every CI run of a day (2-7 of the 11 tests). Three ask ~1.3 cores: CASES' eleven in
# four rounds, which costs the suite no time (it is CPU-bound, and the timing worker's other tests and the matrix
# together end well before the other workers: tests/scheduling.py). At load 12-25 (three other suites beside it),
# three at once failed 1 of the 11 tests (the retries case's fallbacks named by its collapse at step 1).
PARALLEL = int(os.environ.get("MATRIX_PARALLEL", "3"))
# The model API of every assistant, production's (the capture) and each case's staging; a case's own knobs still
# win (api_anthropic). Unset: each release's own (OpenAI's chat completions). "anthropic" is ``replay demo --set
# api=anthropic``: the primary on Anthropic's messages, the fallback model on the other provider's API (OpenAI's,
# secondary_api's default), called directly as in the demo, and the scenario's faults (on /v1/*) on the primary's.
API_NAME = os.environ.get("MATRIX_API", "")
API: dict[str, Any] = {"api": "anthropic"} if API_NAME == "anthropic" else {}
if API_NAME not in ("", "openai", "anthropic"):
    raise SystemExit(f"MATRIX_API={API_NAME!r}: give openai or anthropic")
# The candidate's three regressions (replay/demo/candidate.toml), each alone on production's release.
CONTEXT = {"conversation": "transcript", "context_limit": 800, "context_keep": "head"}
RETRIES = {
    "model_timeout": 2.0,
    "retries": 3,
    "backoff": 0.25,
    "backoff_max": 1.0,
    "jitter": 0.0,
    "respect_retry_after": False,
    "budget": 8.0,
}
RATE_LIMITED = {"type": "error", "status": 429, "retry_after": "1s", "probability": 0.3}
BUCKET = {"type": "rate_limit", "rate": 7, "burst": 3, "retry_after": "1s"}
INFLIGHT = {"type": "concurrency", "limit": 22, "status": 529, "shape": "anthropic"}
RETRY_KNOBS = (
    ("production", {}),
    ("retries_0", {"retries": 0}),
    ("jitter_0", {"jitter": 0.0}),
    ("ignore_retry_after", {"respect_retry_after": False}),
    ("backoff_4", {"backoff": 4.0}),
    ("no_secondary_retries_0", {"secondary_model": "", "retries": 0}),
)
# What a rehearsal imports on first use (the report, the fault proxy's control): imported before the cases
# fork, not once in each (about 0.6 CPU-s a case).
FIRST_USE = ("replay.report.make", "replay.faults.proxy")
REFUSALS = {
    "refusal_patterns": [
        "ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|rules)",
        "(reveal|print|show|repeat) (me )?(your|the) (system prompt|hidden instructions)",
        "you are now (DAN|in developer mode)",
        r"\b(ignore|disregard|forget|override)\b",
        r"```|<script|\bsudo\b",
    ]
}


@dataclass(frozen=True)
class Case:
    name: str
    knobs: dict[str, Any] = field(default_factory=dict)  # AssistantConfig overrides on production's release
    sets: tuple[str, ...] = ()  # scenario overrides
    release: str = "production"
    model: dict[str, Any] = field(default_factory=dict)  # ModelConfig knobs: the case gets a model of its own
    search: dict[str, Any] = field(default_factory=dict)  # SearchConfig knobs: a search service of its own
    rules: tuple[dict[str, Any], ...] = ()  # fault rules on staging's model calls, added to every step's profile
    search_rules: tuple[dict[str, Any], ...] = ()  # fault rules on staging's search calls (the search's proxy)
    fallback_rules: tuple[dict[str, Any], ...] = ()  # fault rules on the fallback model's calls (its own proxy)
    rules_step: int | None = None  # the rules in this step's profile only (None: every step's)


CASES = {
    c.name: c
    for c in (
        # A token limit under a fifth of the answers' length (production: 200): those answers cut, in most families.
        Case("max_tokens", {"max_tokens": 60}),
        Case("retrieval_timeout", {"retrieval_timeout": 0.0005}),
        # A model id the API does not know (a 404, not retried). Production's release has a fallback model
        # since the fallback-path work: without it every call falls back to the canned answer from the
        # first request (the issue's case); with it the fallback model answers every request after the
        # primary's 404, two upstream calls each, the second on the other provider's API, past the fault proxy
        # (which counts one call a request: the drift gates name the fallback's model and the 404s).
        Case("unknown_model", {"model": "support-mini-2025-01", "secondary_model": ""}),
        Case("unknown_model_chain", {"model": "support-mini-2025-01"}),
        # No fallback model: the outage at step 1 (the model's API down from 4 s to 9 s) fails the primary for good on
        # the requests that meet it with all three tries; production's fallback model answers them.
        Case("no_secondary", {"secondary_model": ""}),
        # The newest 1,500 characters of the conversation (production: 12,000): the question at its end survives and
        # the answer reads the same, but the model was sent a fifth of the long prompts' tokens.
        Case("context_limit", {"context_limit": 1500}),
        Case("retries", RETRIES),
        Case("refusals", REFUSALS),
        Case("backoff", {"backoff": 4.0}),
        Case("jitter_0", {"jitter": 0.0}),  # every retry after the rate limit's 429s waits exactly the retry-after
        Case("aa-11", {"seed": 11}, ("sample.seed=11",)),
    )
}


# Other single changes, not asserted by the test: for trying how far the findings generalise.
EXTRA = {
    c.name: c
    for c in (
        # The bundled candidate, its three regressions at once (tests/demo/test_cli.py rehearses it in the demo's
        # own short steps, on either model API, and asserts what the report names).
        Case("candidate", release="candidate"),
        # The candidate's context regression alone (the candidate's case names it too, beside its other two).
        Case("context", CONTEXT),
        Case("other_model", {"model": "support-large-2024-05"}),
        Case("retrieval_off", {"retrieval_top_k": 0}),
        Case("model_timeout", {"model_timeout": 0.05}),
        Case("concurrency", {"max_concurrency": 2, "queue_timeout": 0.5}),
        Case("budget", {"budget": 0.4}),
        # Passes, rightly: the same turns in one message; a model reads the transcript's last question as well.
        Case("transcript", {"conversation": "transcript"}),
        # more A/A (tests/judge/test_matrix.py asserts two seeds; run these beside them before changing the demo)
        *(
            Case(f"aa-{seed}", {"seed": seed}, (f"sample.seed={seed}",))
            for seed in (12, 13, 14, 15, 16, *range(21, 29), *range(31, 37), *range(41, 51))
        ),
    )
}

# One more thing a user could ship or meet at a time: each release knob, each dependency knob, each fault type.
SINGLE = {
    c.name: c
    for c in (
        Case("max_tokens_12", {"max_tokens": 12}),  # every answer cut: the broad finding
        Case("max_tokens_30", {"max_tokens": 30}),
        Case("context_limit_300", {"context_limit": 300}),
        Case("template", {"system_template": "You are a helpful assistant. Be brief.\n{context}"}),
        Case("keep_head", {"context_keep": "head"}),
        Case("concurrency_4", {"max_concurrency": 4}),
        Case("queue_timeout", {"max_concurrency": 8, "queue_timeout": 0.05}),
        Case("max_messages", {"max_messages": 3}),
        Case("max_body", {"max_body": 1500}),
        Case("top_k_1", {"retrieval_top_k": 1}),
        Case("query_chars", {"retrieval_query_chars": 8}),
        Case("model_timeout_3", {"model_timeout": 3.0}),
        Case("budget_3", {"budget": 3.0}),
        Case("retries_0", {"retries": 0}),
        Case("ignore_retry_after", {"respect_retry_after": False}),
        Case("backoff_4", {"backoff": 4.0}),
        Case("backoff_max_1", {"backoff_max": 1.0}),  # passes, rightly: production's back-offs are 0.5 s and 1 s
        Case("no_secondary_retries_0", {"secondary_model": "", "retries": 0}),
        Case("cache", {"cache": True}),  # passes, rightly: the same prompt, the same answer (x-cache: hit, info)
        Case("api_anthropic", {"api": "anthropic"}),
        Case("fallback_message", {"fallback_message": "Please try again later."}),  # passes: no canned answers
        Case("slow_model", model={"ttft": 3.0}),
        Case("slow_tokens", model={"per_token": 0.04}),
        Case("model_capacity", model={"capacity": 2, "overflow": "reject"}),
        Case("stream_fail", model={"stream_fail_after": 4}),
        Case("context_window", model={"context_window": 300}),
        Case("slow_search", search={"delay": 1.5}),
        Case("search_300ms", search={"delay": 0.3}),
        Case("fault_503", rules=({"type": "error", "status": 503, "probability": 0.3},)),
        Case("fault_429", rules=({"type": "error", "status": 429, "retry_after": "2s", "probability": 0.5},)),
        Case("fault_reset", rules=({"type": "reset", "probability": 0.3},)),
        Case("fault_hang", rules=({"type": "hang", "cap": "15s", "probability": 0.2},)),
        Case("fault_latency", rules=({"type": "latency", "delay": "3s"},)),
        Case("fault_truncate", rules=({"type": "stream_truncate", "after": 3},)),
        Case("fault_stream_error", rules=({"type": "stream_error", "after": 3},)),
        Case("fault_stall", rules=({"type": "stream_stall", "after": 2, "delay": "12s"},)),
        Case("fault_throttle", rules=({"type": "throttle", "bytes_per_s": 300},)),
        Case("fault_500_all", rules=({"type": "error", "status": 500},)),
        Case("search_503", search_rules=({"type": "error", "status": 503, "probability": 0.5},)),
        Case("search_slow", search_rules=({"type": "latency", "delay": "2s"},)),
        # Each knob at a mild and a severe setting: a change too small to matter passes; one that fails a gate names
        # its cause. Mild is production's setting nudged (a timeout near production's own model times, one source
        # fewer, one more refusal pattern), severe is past any doubt.
        Case("max_tokens_mild", {"max_tokens": 150}),
        Case("model_timeout_mild", {"model_timeout": 1.2}),
        Case("model_timeout_severe", {"model_timeout": 0.3}),
        Case("top_k_mild", {"retrieval_top_k": 2}),
        Case("refusal_mild", {"refusal_patterns": [*REFUSALS["refusal_patterns"][:3], r"\bsudo\b"]}),
        Case("refusal_severe", REFUSALS),
        Case("latency_mild", model={"ttft": 0.3}),
        Case("latency_severe", model={"ttft": 1.5}),
        Case("retrieval_timeout_mild", {"retrieval_timeout": 0.05}),
        Case("context_limit_mild", {"context_limit": 6000}),
        Case("concurrency_mild", {"max_concurrency": 16}),
        Case("budget_mild", {"budget": 12.0}),
        Case("max_messages_mild", {"max_messages": 10}),
        Case("query_chars_mild", {"retrieval_query_chars": 100}),
        Case("fault_503_mild", rules=({"type": "error", "status": 503, "probability": 0.05},)),
        Case("fault_503_moderate", rules=({"type": "error", "status": 503, "probability": 0.15},)),
        Case("fault_503_severe", rules=({"type": "error", "status": 503, "probability": 0.5},)),
        Case("model_timeout_p99", {"model_timeout": 0.5}),  # production's model calls: p99 about 0.5 s
        Case("refusal_script", {"refusal_patterns": [*REFUSALS["refusal_patterns"][:3], "<script"]}),
        Case("latency_moderate", model={"ttft": 0.6}),
        Case("search_mild", search={"delay": 0.1}),
        Case("budget_severe", {"budget": 2.0}),
        # Rate limits in one step (the model answering a share of calls 429 with Retry-After): what retries,
        # back-off, jitter, Retry-After and the fallback model can show where the demo injects only latency.
        *(
            Case(f"{name}_429", knobs, rules=(RATE_LIMITED,), rules_step=1)
            for name, knobs in (
                ("production", {}),
                ("retries_0", {"retries": 0}),
                ("no_secondary", {"secondary_model": ""}),
                ("no_secondary_retries_0", {"secondary_model": "", "retries": 0}),
                ("jitter_0", {"jitter": 0.0}),
                ("ignore_retry_after", {"respect_retry_after": False}),
                ("backoff_4", {"backoff": 4.0, "respect_retry_after": False}),
            )
        ),
        Case("candidate_429", release="candidate", rules=(RATE_LIMITED,), rules_step=1),
        # The knobs and fault types no case above flipped, one each (H87; 8 s steps, load 2-5): each caught and
        # named by its cause, or passing rightly, except where said.
        Case("secondary_timeout", {"secondary_timeout": 0.2}),  # under the fallback model's answer time
        # The scenario's slow dependencies, each behind its own proxy: the search 600-700 ms slow at step 2 (production
        # waits 1 s), the fallback model 1.4 s slower at step 1's outage (production waits 10 s). The candidate's own
        # settings and tighter ones (8 s steps): retrieval 0.5 s and 0.2 s fail rate(retrieval_miss) (24-25%) and
        # goodput, named "x-retrieval: miss on 24% of rows (production 0%): the service gave up on 100% of its 48
        # calls to search at step 2"; the fallback's 1 s fails rate(fallback){step=1} (29-31%), named "the fallback
        # model timed out"; its 3 s passes, rightly (the fallback's calls took 1.9-2.1 s).
        Case("retrieval_timeout_05", {"retrieval_timeout": 0.5}),
        Case("retrieval_timeout_02", {"retrieval_timeout": 0.2}),
        Case("secondary_timeout_3", {"secondary_timeout": 3.0}),
        Case("secondary_timeout_1", {"secondary_timeout": 1.0}),
        # The fallback model on the API that is down: its calls meet the outage's 503s and its call right after the
        # primary's last 503 reads as an early retry (retry_early); both named "the fallback calls the failing API".
        # Under MATRIX_API=anthropic it is the other provider's API, the default: production's release.
        Case("secondary_api_openai", {"secondary_api": "openai"}),
        Case("secondary_retries_2", {"secondary_retries": 2}),  # passes: nothing fails the fallback model's calls
        Case("refusal_message", {"refusal_message": "Request blocked."}),  # passes: the injections are refused
        # The long prompts' median 4.3 s (production 0.57 s), inside the A/A runs' spread under load: caught by the
        # slope of latency on the prompt's tokens, read within each step (+915..+966 ms per 1k, A/A -62..+44).
        Case("model_per_input_token", model={"per_input_token": 0.001}),
        # The model's own tail (step 0's p99 6.1 s, production's 0.7-0.8 s, no fault there): p99{step=1} 12.1 s beside
        # the outage's retries, named by the collapse at step 1: in one run of two by the model upstream's own slowest
        # answers there, in the other by the faults injected there (the tail in its detail alone). Since H275 (two
        # runs, 12.1-13.6 s: a call past the 10 s model timeout, then retried) p99 and p99{step=1} are named by the
        # cause "the model upstream's own slowest answers from the first step: p99 5.96 s against a median of 0.47 s at
        # step 0, no fault rule injected them".
        Case("model_latency_jitter", model={"latency_jitter": 1.5}),
        Case("model_queue", model={"capacity": 3, "queue_timeout": 0.3}),  # past 3 in flight: 0.3 s, then 429
        Case("model_max_body", model={"max_body": 4000}),  # the long prompts' calls refused (413)
        Case("model_models", model={"models": ["support-large-2024-05", "support-claude-2024-10"]}),  # a 404
        Case("search_max_k", search={"max_k": 2}),  # production asks for 3: every search refused (400)
        Case("search_max_body", search={"max_body": 200}),  # long queries refused (413)
        Case("fault_stream_delay", rules=({"type": "stream_delay", "delay": "3s"},)),
        Case("fault_truncate_abrupt", rules=({"type": "stream_truncate", "after": 3, "abrupt": True},)),
        Case("release_name", {"release": "hotfix"}),  # passes: a name, no behaviour
        # The knobs still unflipped (H133). The refusal filter off passes, rightly: the injections reach the model,
        # which refuses them itself ("I'm sorry, but I can't help with that.", judged ok as production's filter was).
        # A back-off too short for a failing API to recover (the 503s that advise no retry-after retried at once):
        # retry_backoff{step=2} 0.025 s, under its 100 ms (unchanged releases 0.31-0.47 s): "too short a back-off".
        Case("refusal_off", {"refusal_patterns": []}),
        Case("backoff_tiny", {"backoff": 0.02, "backoff_max": 0.05}),
        # Still unflipped (H171; 8 s steps, load 4-6). Faults on the fallback model's own proxy (it answers only step
        # 1's outage): its 503s fail rate(fallback){step=1} (40%), named "no fallback model answered: ... their call to
        # the fallback model through the fallback fault proxy failed (the service says model_503)"; its hangs, "the
        # fallback model timed out". The search's resets and hangs: retrieval_miss on every family (49%, 28%), named by
        # the fault injected from step 0. Knobs that change nothing on their own pass: a transcript's template while
        # the conversation goes as messages, the model's seed (it draws only its latency jitter).
        Case("fallback_503", fallback_rules=({"type": "error", "status": 503},)),
        Case("fallback_hang", fallback_rules=({"type": "hang", "cap": "15s"},)),
        Case("search_reset", search_rules=({"type": "reset", "probability": 0.5},)),
        Case("search_hang", search_rules=({"type": "hang", "cap": "5s", "probability": 0.3},)),
        Case("transcript_template", {"transcript_template": "Earlier in this chat:\n{transcript}"}),
        Case("model_seed", model={"seed": 7}),
        # The model API's own limits, stateful: a token bucket meeting clumps of requests at step 1 (bursty
        # arrivals), and a cap on calls in flight while the model is 4 s slow at step 3. Production holds the
        # bucket (its retries wait out retry-after); only not retrying shows, on 10-17% of step 1's rows, and a
        # clumpy seed costs production 6% there too (aa_13). The cap (22 in flight; 6/s at 4 s wants 24) is a draw on
        # production's release: it refused 6 of step 3's 48 rows' calls on some seeds (availability{step=3} 87.5%, its
        # bound under 95%; p99 9.0-9.2 s), each time named by the collapse at step 3 and the proxy's concurrency
        # refusals. inflight_aa_12 failed both in H171's run and H187's (load 4-7), inflight_aa_13 once of the two,
        # inflight_production neither; in H272's (load 3-5) all three failed p99 (9.3-9.4 s), named by the cap's
        # refusals at step 3: the environment's limit, not the release.
        *(
            Case(f"{kind}_{name}", knobs, (*sets, *more), rules=(rule,), rules_step=step)
            for kind, rule, step, sets in (
                ("bucket", BUCKET, 1, ("load.steps.1.arrival=bursty", "load.steps.1.burst=8")),
                ("inflight", INFLIGHT, 3, ()),
            )
            for name, knobs, more in (
                *((name, knobs, ()) for name, knobs in RETRY_KNOBS),
                *((f"aa_{seed}", {"seed": seed}, (f"sample.seed={seed}",)) for seed in (12, 13)),
            )
        ),
        # Kinds no case above met, one change each (H202; 8 s steps, load 2-6). The fallback model made the primary:
        # the same words (the mock composes them alike) from another model: rate(drift) 91% and goodput, named
        # "x-model-version support-claude-2024-10 in staging, support-mini-2024-07 in production" (broad).
        Case("fallback_primary", {"model": "support-claude-2024-10"}),
        # Full jitter (a wait drawn from none to all of the retry-after): 32 of step 1's 58 retries back within half of
        # it, retry_early{step=1} 55%, named "full jitter under the retry-after" (none of them back well past it, and
        # fewer than 80% early: the proxy's "past" count, which a service that never read the advice fills).
        Case("full_jitter", {"jitter": 1.0}),
        # The model's tokens 2.5x slower: p50{step=0} 207% of production's, named "the extra time grows with the
        # answer's length, 10 ms more per output token than production's: the model writes its tokens slower".
        Case("slow_tokens_mild", model={"per_token": 0.015}),
        # One call in ten 4 s late, every step: a tail, not the median. p99{step=1} 12.9-13.2 s in two runs, the run's
        # p99 in one (the outage's retries, one of them 4 s late, then the fallback model), named by the collapse at
        # step 1 and the latency the model's proxy injected there, the 4 s rule by name ('case-latency' on 10%).
        Case("model_tail", rules=({"type": "latency", "delay": "4s", "probability": 0.1},)),
        # One stream in ten starts 3 s late. Passes: no row nears the 6 s SLO, and the scenario gates no ttft.
        Case("stream_delay_tail", rules=({"type": "stream_delay", "delay": "3s", "probability": 0.1},)),
        # One model call in five answered 200 with an error body (the wrong shape). A whole answer: a bad response, not
        # retried, the fallback model answers (the same words; report.json's paths: 27% of the rows at 5.5x the
        # primary's cost, which the demo gates not). A stream: no events, read as cut, retried, behind step 3's 4 s
        # twice (8-9 s): p99 9.1-9.4 s in three runs, availability{step=3} 87.5% in one, named by the collapse at step
        # 3 or the error answers the model's proxy injected there. Before H202 one run named them by "the service gave
        # up on 14% of its 7 calls to fallback" (one call), another by the retrieval_empty signal on 1 of 2 rows.
        Case("wrong_shape", rules=({"type": "error", "status": 200, "probability": 0.2},)),
        # The same by the model itself, no fault rule: one generation in five answered 200 with the API's error body
        # (a stream: its error event alone), the fallback model's calls too (one model serves both). The proxies count
        # them (model 29 of its 170 answered calls, fallback 6 of 45) and the trigger finding names them at steps 0 and
        # 3: "8 of the 48 rows at step 0 went off the primary path (17%; production's replies to the same prompts 2%)
        # where no call the fault proxies failed had an error status: the upstream behind the model fault proxy
        # answered 7 of its 47 calls with an error body under status 200 by itself (no fault rule), ...". rate(drift)
        # 9.9% failed in that run, named by the secondary model's id on 100% of the drift rows. Since (two runs), the
        # trigger findings (info) still name the error bodies but no gate cites them: rate(drift) 9-11% and its long
        # family's named by the fallback model's id (broad, or the gates' own findings: the family's once with no
        # cause); once rate(fallback){family=long} failed too, named by the retried signal (the outage's errors).
        Case("error_bodies", model={"error_body_rate": 0.2}),
        # A 429 storm at step 2 advising a retry-after of 20 s: production waits it out inside its 25 s budget: p99
        # 25 s, named by the collapse at step 2 (the 429s injected, "retries to model at step 2 waited 10.77 s
        # (median), as the retry-after its answers advised asked (20.00 s): a long retry-after, waited out"); later
        # named by the collapse at step 2 and the faults injected there (the 429s advising 20 s among them) alone.
        Case(
            "storm_429_long",
            rules=({"type": "error", "status": 429, "retry_after": "20s", "probability": 0.5},),
            rules_step=2,
        ),
        # The fallback model rate-limited (every call a 429) where it answers, step 1's outage: rate(fallback){step=1}
        # 40%, named "no fallback model answered: ... their call to the fallback model through the fallback fault proxy
        # failed (the service says rate_limited)".
        Case("fallback_429", fallback_rules=({"type": "error", "status": 429, "retry_after": "1s"},)),
        # The search throttled: a token bucket at half the offered rate answers the rest 429, not retried:
        # rate(retrieval_miss) 51% and goodput, named "the search fault proxy injected rate_limit 22 times"; since the
        # rules are counted by name (H278's run), "... injected 'case-rate_limit' (rate_limit 3/s, burst 2) on 22 of
        # its 47 calls at step 0 (47%; 429s its token bucket answered, ...)".
        Case("search_rate_limit", search_rules=({"type": "rate_limit", "rate": 3, "burst": 2, "retry_after": "1s"},)),
        # The search's answers trickle at 200 bytes/s, past production's 1 s retrieval timeout: rate(retrieval_miss) 95%
        # and p50{step=0} 287% of production's, named by the throttle and the calls to search the service gave up on.
        Case("search_throttle", search_rules=({"type": "throttle", "bytes_per_s": 200},)),
        # One search in ten 1.5 s late, past the 1 s retrieval timeout: rate(retrieval_miss) 11%, named by the latency
        # injected on 5 of step 0's 47 calls and the service giving up on 11% of them; later (11%) by "the service gave
        # up on 15% of its 47 calls to search at step 2" alone, the injected tail unsaid; in H278's two runs (11%) by
        # the rule again: "retrieval_miss on every family and step: 11% of rows (production 0%): the search fault proxy
        # injected 'case-latency' (latency 1.5 s, probability 0.1) on 5 of its 47 calls at step 0 (11%)".
        Case("search_tail", search_rules=({"type": "latency", "delay": "1500ms", "probability": 0.1},)),
    )
}


def capture_production(children: Children, prod: Service, out: Path) -> Path:
    """A capture of the production release (``prod``) answering the demo's population."""
    capture = out / "capture.jsonl.zst"
    proxy = start_capture(children, prod.url, ("127.0.0.1", 0), CaptureOptions(out=capture))
    asyncio.run(drive(f"{proxy.url}/api/assist", generate(CAPTURE_PROMPTS, 1), CAPTURE_RATE, CAPTURE_INFLIGHT, 1, 60.0))
    proxy.stop()
    prod.stop()
    return capture


def _toml(value: Any) -> str:
    """A TOML inline value: JSON's strings, numbers and lists, inline tables for dicts."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return orjson.dumps(value).decode()


def _fault_sets(rules: tuple[dict[str, Any], ...], step: int | None = None, index: int = 0) -> list[str]:
    """The demo's faults on one dependency (``index``: 0 the model's, 1 the search's, 2 the fallback model's) with
    ``rules`` added to every step's profile (its "none" step included), or to ``step``'s alone."""
    faults: dict[str, Any] = tomllib.loads(SCENARIO.read_text("utf-8"))["faults"][index]
    extra = [{**r, "name": f"case-{r['type']}"} for r in rules]
    steps = list(faults["steps"])
    given = {p["name"]: p["rules"] for p in faults["profiles"]}
    if step is not None:
        profiles = [*faults["profiles"], {"name": "case", "rules": [*_whole(given.get(steps[step], [])), *extra]}]
        steps[step] = "case"
    else:
        profiles = [{"name": n, "rules": [*r, *extra]} for n, r in given.items()]
        profiles.append({"name": "case", "rules": extra})
        steps = ["case" if s == "none" else s for s in steps]
    return [f"faults.{index}.profiles={_toml(profiles)}", f"faults.{index}.steps={_toml(steps)}"]


def _whole(rules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A step's rules without its outage window: the case's fault stands in for it, one fault a step (when the
    fallback model's calls passed the proxy too, a case's limit or 429s on them beside the outage failed the step's
    fallback gate on production's release; a fallback on the primary's API still does). A rule split around
    the outage (the rate limit, down with the API) comes back whole, once. A step without an outage keeps its rules
    as they are: step 3's two named latency windows (1 s, then 4 s from 2 s in) made whole were two rules of one
    default name, which the scenario refuses (every inflight_* case ended in exit 2)."""
    if not any(rule.get("name") == OUTAGE for rule in rules):
        return rules
    out: list[dict[str, Any]] = []
    for rule in rules:
        if rule.get("name") == OUTAGE:
            continue
        whole = {k: v for k, v in rule.items() if k not in ("name", "start", "end")}
        if whole not in out:
            out.append(whole)
    return out


def _bounds(slack: float) -> list[str]:
    """The scenario's SLO and its p99 gates, ``slack`` seconds longer."""
    doc = tomllib.loads(SCENARIO.read_text("utf-8"))
    sets = [f"checks.slo={float(doc['checks']['slo'].removesuffix('s')) + slack:g}s"]
    for name, bound in doc["gates"].items():
        if name.startswith("p99"):
            sets.append(f'gates."{name}"=< {float(bound.removeprefix("< ").removesuffix("s")) + slack:g}s')
    return sets


def _sets(case: Case, egress: Egress) -> list[str]:
    sets = [*egress.sets(), *_bounds(SLACK)]
    for i in range(STEPS):
        sets += [f"load.steps.{i}.duration={STEP_S}", f"load.steps.{i}.rate={RATE}"]
    if case.rules:
        sets += _fault_sets(case.rules, case.rules_step)
    if case.search_rules:
        sets += _fault_sets(case.search_rules, case.rules_step, SEARCH)
    if case.fallback_rules:
        sets += _fault_sets(case.fallback_rules, case.rules_step, FALLBACK)
    return [*sets, *case.sets]


def _rehearse(
    scenario: Path, target: str, sets: list[str], capture: Path, run_dir: Path, log: Path, tie: Callable[[], None]
) -> None:
    """One case, in a forked process: ``replay rehearse`` without the interpreter start and the imports;
    exit 0, 1 (a gate failed) or 2 (bad input), its output in ``log``. ``tie``: die with the parent."""
    tie()
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    # under pytest, sys.stdout and sys.stderr are its capture's, not fds 1 and 2: the case's error line (or a
    # traceback) went there and was lost with the child, leaving an empty log beside an exit 2
    sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115 - the child's streams until it exits
    sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
    try:
        # --no-plots: what is asserted is report.json; the plots are tests/report/test_plots.py's (2-3 CPU-s a case)
        code = pipeline.rehearse(pipeline.load(scenario, target, sets), capture, run_dir, plots=False).exit_code
    except BadInput as e:
        print(e, file=sys.stderr, flush=True)
        code = 2
    sys.exit(code)


def _tail(log: Path, lines: int = 5) -> str:
    text = log.read_text(encoding="utf-8", errors="replace").strip().splitlines() if log.exists() else []
    return " | ".join(line.strip() for line in text[-lines:])


@dataclass
class _Running:
    """One case under way: its rehearsal process and the services it has of its own (stopped when it ends)."""

    case: Case
    proc: Any
    run_dir: Path
    log: Path
    services: list[Service]


@dataclass
class _Ready:
    """A case's services, listening, before its rehearsal starts: the staging assistant (its dependencies' URLs the
    case's fault proxies' ports, free until the rehearsal listens there), and a model or search of its own."""

    case: Case
    egress: Egress
    staging: Service
    own: list[Service]


def _patient(case: Case) -> bool:
    """Whether ``case`` waits PATIENT for the search: on production's release (the candidate keeps its 0.5 s), and not
    about the search (its faults, its service, the timeout itself: their subject is the search's time against the
    release's own timeout)."""
    return case.release == "production" and not (case.search_rules or case.search or "retrieval_timeout" in case.knobs)


def _services(children: Children, cases: list[Case], model: Service, search: Service) -> list[_Ready]:
    """The ``cases``' services, booted side by side (about 1.4 s each when booted one after another): their own
    models and searches, then their staging assistants wired to them through the scenario's fault proxies."""
    begun = {c.name: begin_model(children, c.model, f"model-{c.name}") for c in cases if c.model}
    looked = {c.name: begin_search(children, c.search, f"search-{c.name}") for c in cases if c.search}
    models = {name: b.wait() for name, b in begun.items()}
    searches = {name: b.wait() for name, b in looked.items()}
    names = [f["name"] for f in tomllib.loads(SCENARIO.read_text("utf-8"))["faults"]]
    staged = []
    for c in cases:
        egress = Egress.of(names, models.get(c.name, model).url, searches.get(c.name, search).url)
        knobs = {**API, **(PATIENT if _patient(c) else {}), **c.knobs}
        staged.append((c, egress, egress.begin(children, c.release, knobs, f"staging-{c.name}")))
    own = {c.name: [s for s in (models.get(c.name), searches.get(c.name)) if s is not None] for c in cases}
    return [_Ready(c, egress, st.wait(), own[c.name]) for c, egress, st in staged]


def _start_case(ready: _Ready, capture: Path, out: Path, fork: Any) -> _Running:
    """The case's rehearsal in a forked process, against its services."""
    case = ready.case
    run_dir, log = out / case.name, out / f"{case.name}.log"
    args = (SCENARIO, ready.staging.url, _sets(case, ready.egress), capture, run_dir, log, die_with_parent())
    proc = fork.Process(target=_rehearse, args=args, name=f"rehearse-{case.name}")
    proc.start()
    return _Running(case, proc, run_dir, log, [*ready.own, ready.staging])


def run_cases(
    cases: list[Case], out: Path, parallel: int = PARALLEL
) -> dict[str, tuple[int, dict[str, Any] | None, str]]:
    """Each case rehearsed, at most ``parallel`` at once; name -> (exit code, report.json, the case's last
    lines of output)."""
    out.mkdir(parents=True, exist_ok=True)
    done: dict[str, tuple[int, dict[str, Any] | None, str]] = {}
    fork = multiprocessing.get_context("fork")
    running: list[_Running] = []
    for module in FIRST_USE:
        importlib.import_module(module)
    with sigterm_as_interrupt(), Children() as children:
        try:
            booting = begin_model(children, {}, "model"), begin_search(children, {}, "search")
            model, search = (b.wait() for b in booting)
            prod = begin_assistant(children, "production", model.url, search.url, API | PATIENT, "production-live")
            waiting = list(cases)
            # The first round's services boot beside production's, before its capture: not during it, whose searches
            # must not meet a busy machine.
            ready = {r.case.name: r for r in _services(children, waiting[:parallel], model, search)}
            capture = capture_production(children, prod.wait(), out)
            while waiting or running:
                while waiting and len(running) < parallel:
                    case = waiting.pop(0)
                    got = ready.pop(case.name, None) or _services(children, [case], model, search)[0]
                    running.append(_start_case(got, capture, out, fork))
                    time.sleep(STAGGER)  # one case's start-up (a proxy, a runner) at a time: the generators keep time
                multiprocessing.connection.wait([r.proc.sentinel for r in running])
                for r in [r for r in running if not r.proc.is_alive()]:
                    running.remove(r)
                    r.proc.join()
                    for service in r.services:
                        service.stop()
                    report = r.run_dir / "report.json"
                    data = orjson.loads(report.read_bytes()) if report.exists() else None
                    done[r.case.name] = (r.proc.exitcode, data, _tail(r.log))
        finally:
            for r in running:
                if r.proc.is_alive():
                    r.proc.terminate()  # SIGTERM: the case stops its runner and proxy, as on Ctrl-C
                    r.proc.join(30)
    return done


def describe(name: str, code: int, report: dict[str, Any] | None, tail: str) -> str:
    lines = [f"== {name}: exit {code}"]
    if report is None:
        return "\n".join([*lines, f"  no report: {tail}"])
    for g in report["gates"]:
        if not g["passed"]:
            lines.append(f"  gate FAIL: {g['detail']} <- {g['cause']}")
        elif g.get("held"):
            lines.append(f"  gate {g['held']['as']}: {g['held']['why']} ({g['shown']})")
        elif g["metric"].startswith(("retry_early", "unretried", "retry_spread", "retry_backoff")):
            lines.append(f"  gate pass: {g['detail']}")
    for f in report["findings"]:
        lines.append(f"  [{f['severity']}] {f['kind']}: {f['title']}: {f['detail']}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    out = Path(argv[0]).resolve()
    names = argv[1:] or list(CASES)
    t0 = time.monotonic()
    got = run_cases([(CASES | EXTRA | SINGLE)[n] for n in names], out)
    for name, (code, report, tail) in got.items():
        print(describe(name, code, report, tail))
    print(f"{len(got)} cases in {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
