from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import orjson
import pytest

from replay.demo.population import FAMILIES, generate
from replay.exchange.read import read_exchanges
from replay.report.html import NO_PLOTS
from replay.report.retries import LOCKSTEP_SAID

from ..conftest import ALONE, assert_bad_input, replay_here

REPLAY = str(Path(sys.executable).with_name("replay"))
_WORDS = re.compile(r"[^\W\d_]{3,}")


def _words(messages: list[dict]) -> frozenset[str]:
    words = frozenset(w.lower() for m in messages for w in _WORDS.findall(m["content"]))
    return words or frozenset(m["content"] for m in messages)  # "?", "hi"


def _family_of(messages: list[dict], known: list[tuple[frozenset[str], str]]) -> tuple[str, float]:
    """The family of the generated prompt whose words the captured request shares most (redaction may
    have replaced personal data, so no exact match)."""
    words = _words(messages)
    score, family = max((len(words & w) / max(1, len(words | w)), f) for w, f in known)
    return family, score


APIS = ("openai", "anthropic")


# Alone: a step where a few rows went out late is generator-bound and drops out of the trends and the collapse,
# and a 4 s step holds 24 rows, so 2 late rows are enough. The two demos run at once: each is light (6 rows/s,
# about a third of a core), so together they keep both cores of the group busy without making either late.
@ALONE
@pytest.mark.e2e
def test_demo_captures_every_family_and_rehearses_the_candidate_on_either_api(tmp_path: Path) -> None:
    """The whole story in short steps (4 of 4 s, about 40 s in all): capture, then sample, run with faults,
    judge and report. The capture holds every request, redacted, of every prompt family. The candidate fails
    its gates (the rehearsal's exit 1) for the reasons the README names: context loss on long or multi-turn
    prompts, over-refusal, fallbacks and retry amplification rising with the model's injected latency, and a
    collapse at the last step (the model 4 s slow), retries that ignore the rate limit's retry-after, in
    lockstep, and retrieval misses where the search is slow. The same with the assistant on either model API
    (``--set api=anthropic``, the fallback model then on OpenAI's): the same gates fail, the same findings."""
    procs = {}
    for api in APIS:
        args = ["demo", "--count", "60", "--rate", "60", "--concurrency", "12", "--step", "4s"]
        args += ["--out", str(tmp_path / api), "--set", f"api={api}", "--no-capacity"]  # capacity: test_fallback.py
        args += ["--no-plots"]  # matplotlib's CPU-second a report: the plots are tests/report/test_plots.py's
        with (tmp_path / f"{api}.out").open("w") as out, (tmp_path / f"{api}.err").open("w") as err:
            procs[api] = subprocess.Popen([REPLAY, *args], stdout=out, stderr=err, text=True)
    try:
        for proc in procs.values():
            proc.wait(timeout=240)
    finally:
        for proc in procs.values():
            proc.kill()
    for api, proc in procs.items():
        stdout, stderr = (tmp_path / f"{api}.out").read_text(), (tmp_path / f"{api}.err").read_text()
        assert proc.returncode == 0, (api, stderr)  # the demo ran; its verdict on the candidate is below
        _assert_captured_every_family(tmp_path / api, stdout)
        _assert_the_candidate_fails_for_the_readme_s_reasons(tmp_path / api / "rehearsal", stdout)


def _assert_captured_every_family(out: Path, stdout: str) -> None:
    capture = out / "capture.jsonl.zst"
    assert f"capture     {capture}" in stdout and "exchanges over" in stdout  # the inspect summary
    exchanges = list(read_exchanges(capture))
    assert len(exchanges) == 60
    known = [(_words(p.body()["messages"]), p.family) for p in generate(60, 1)]  # type: ignore[arg-type]
    families = set()
    for ex in exchanges:
        assert ex.response is not None and ex.response.status == 200
        family, score = _family_of(orjson.loads(ex.request.body.text)["messages"], known)
        assert score > 0.3  # redaction replaces names and addresses in some prompts; the best match still wins
        families.add(family)
    assert families == set(FAMILIES)
    assert any(ex.stream is not None for ex in exchanges)
    summary = orjson.loads((out / "demo.json").read_bytes())
    assert summary["sent"] == summary["captured"] == 60 and set(summary["families"]) == set(FAMILIES)
    # The candidate it names is the one rehearsed (booted beside production: no other is started and left idle)
    assert summary["services"]["candidate"] == orjson.loads((out / "rehearsal" / "run.json").read_bytes())["target"]
    # No prompt text in the summary: it is written unredacted.
    assert "@" not in (out / "demo.json").read_text()


def _assert_the_candidate_fails_for_the_readme_s_reasons(out: Path, stdout: str) -> None:
    assert "verdict: the candidate fails its gates" in stdout, stdout[-3000:]
    report = orjson.loads((out / "report.json").read_bytes())
    assert (report["verdict"], report["exit_code"]) == ("fail", 1)
    assert (out / "junit.xml").exists() and NO_PLOTS in (out / "report.html").read_text(encoding="utf-8")
    failed = {g["name"] for g in report["gates"] if not g["passed"]}
    assert {"rate(fallback) < 5%", "rate(refusal) < 2%", "retry_amplification{step=3} < 1.5"} <= failed, failed
    findings = {f["kind"]: f for f in report["findings"] if f["kind"] != "trend"}
    titles = " / ".join(f["title"] for f in report["findings"])
    context = findings.get("context_loss", {}).get("families", [])
    assert context and set(context) <= {"long", "multi-turn"}, titles
    assert "code" in findings.get("over_refusal", {}).get("families", []), titles
    trends = [f["title"] for f in report["findings"] if f["kind"] == "trend"]
    assert any(t.startswith("fallback rate rises") for t in trends), titles
    assert any(t.startswith("retry amplification rises") for t in trends), titles
    assert findings.get("collapse", {}).get("steps") == [3], titles
    assert report["collapse"]["step"] == 3 and "slow-4s" in report["collapse"]["label"], report["collapse"]
    # The rate limit's 429s at step 1 reach the primary on either API (the scenario's rules are on /v1/*): the
    # candidate comes back before their retry-after, all after the same wait; it does retry them. (Where the runner
    # waited for a core at that step, the lockstep cause says the machine's share after it: reasons.busy_retries.)
    gates = {g["name"]: g for g in report["gates"]}
    assert gates["retry_early{step=1} < 20%"]["cause"].endswith(": retry-after ignored"), gates
    assert f": {LOCKSTEP_SAID}" in gates["retry_spread{step=1} > 0.1"]["cause"], gates
    assert gates["unretried{step=1} < 50%"]["passed"], gates
    # The search, behind a fault proxy of its own, answers in 600-700 ms at step 2: the candidate's 0.5 s retrieval
    # timeout misses there (production's 1 s holds), named by the service's signal and the calls it gave up on.
    miss = gates["rate(retrieval_miss) < 5%"]
    assert not miss["passed"] and miss["cause"].startswith("x-retrieval: miss on "), miss
    assert "calls to search at step 2 before they answered" in miss["cause"], miss
    # Every failed gate names the finding that explains it, and the top finding explains one.
    named = {f["title"] for f in report["findings"]}
    assert all(g["cause"] in named for g in report["gates"] if not g["passed"]), report["gates"]
    assert report["findings"][0].get("gates"), report["findings"][0]


@pytest.mark.e2e
def test_serve_keeps_the_world_up_until_ctrl_c(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [REPLAY, "demo", "--serve", "--out", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(6)]
        urls = dict(line.split()[:2] for line in lines[1:6])
        body = {"messages": [{"role": "user", "content": "How do I reset my password?"}], "user_id": "me"}
        r = httpx.post(urls["capture"] + "/api/assist", json=body, timeout=10)
        assert r.status_code == 200 and r.headers["x-release"] == "production"
        proc.send_signal(signal.SIGINT)
        stdout, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "captured 1 exchanges" in stdout
    for url in urls.values():  # every service it started is gone
        with pytest.raises(httpx.ConnectError):
            httpx.get(url + "/healthz", timeout=2)


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["--count", "0"], "--count"), (["--rate", "-1"], "--rate"), (["--stream-share", "2"], "--stream-share"),
     (["--bogus"], "--bogus"), (["--probe", "soon"], "--probe"),
     # each checked though the step that uses it is off: the demo ran, exit 0
     (["--step", "nan", "--no-rehearse"], "--step 'nan': not a duration"),
     (["--probe", "-1s", "--no-capacity"], "--probe '-1s'"), (["--step", "1e30s", "--no-rehearse"], "30 days"),
     (["--scenario", "nosuch.toml", "--no-rehearse", "--no-capacity"], "--scenario nosuch.toml: no such file"),
     (["--duration", str(2**64)], "--duration"), (["--rate", str(2**64)], "--rate"),
     # too few to rehearse from: said after the capture, "cannot synthesise stratum 'typical'", naming no option
     (["--count", "5"], "--count 5: too few requests to rehearse or search from"),
     (["--count", "8", "--no-rehearse"], "(the population sends one from 9 requests on); give --count 9 or more"),
     (["--set", "foo=bar"], "--set: unknown key 'foo'; known keys: release, api, model, max_tokens, model_timeout, "
      "retries, backoff, backoff_max and 25 more (every one: AssistantConfig in replay/demo/config.py)")],
)  # fmt: skip
def test_bad_options_are_one_line_and_exit_2(args: list[str], needle: str) -> None:
    # In this process: what is checked is the message and the exit code, each refused before the world starts
    # (the entry point's own process: tests/test_bad_input.py::test_real_processes).
    assert_bad_input(replay_here("demo", *args), needle)
