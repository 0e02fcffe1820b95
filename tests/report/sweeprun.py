"""A rate sweep written as run directories: four steps (2, 4, 8, 16 requests/s) of streamed, priced
OpenAI answers whose latency, time to first token and inter-token gaps climb past 8/s, repeated.

    judged = judge_sweep(tmp_path, repeats=3)   # every plot of the HTML report has its data

The HTML test screenshots its report for the README; the plot tests check which plots appear.
"""

from __future__ import annotations

import random
from pathlib import Path

import orjson

from replay import pipeline
from replay.judge import Judged
from tests.report.rundir import Row, write_run

__all__ = ["SCENARIO", "judge_sweep", "sweep_rows"]

RATES = (2.0, 4.0, 8.0, 16.0)
SECONDS = 5.0
# Per step: latency, time to first token and the gap between tokens, in seconds (a knee at 8/s).
SLOW = {0: (0.9, 0.20, 0.012), 1: (0.95, 0.21, 0.013), 2: (1.3, 0.35, 0.018), 3: (3.2, 1.4, 0.055)}
FAMILIES = {"typical": (600, 60), "long": (3200, 140), "multi_turn": (1800, 90)}  # prompt, answer tokens
ANSWER = "Open Settings, choose Security and select Reset password. The link stays valid for one hour."

SCENARIO = """
[checks]
slo = "3s"
[gates]
"p99" = "< 3s"
"itl_p99" = "< 40ms"
"ttft_p90{family=long}" = "< 1s"
"availability" = "> 95%"
"cost_per_1k" = "< $0.25"
"""


def _stream(tokens_in: int, tokens_out: int) -> str:
    """An OpenAI chat-completions stream of ANSWER, its usage in the last chunk."""
    chunks = [{"model": "gpt-4o-mini", "choices": [{"delta": {"content": w + " "}}]} for w in ANSWER.split(" ")]
    usage = {"prompt_tokens": tokens_in, "completion_tokens": tokens_out}
    chunks.append({"model": "gpt-4o-mini", "choices": [{"delta": {}, "finish_reason": "stop"}], "usage": usage})
    return "".join(f"data: {orjson.dumps(c).decode()}\n\n" for c in chunks) + "data: [DONE]\n\n"


def sweep_rows(seed: int) -> list[Row]:
    """One repetition's rows; past the knee a few time out."""
    rnd = random.Random(seed)
    rows = []
    for step, rate in enumerate(RATES):
        latency, ttft, gap = SLOW[step]
        for i in range(int(rate * SECONDS)):
            family = list(FAMILIES)[i % 3]
            tokens_in, tokens_out = FAMILIES[family]
            jitter = rnd.uniform(0.8, 1.25 if step < 3 else 1.6)
            if step == 3 and rnd.random() < 0.08:
                rows.append(Row(family=family, step=step, outcome="timeout", latency=6.0, answer=ANSWER))
                continue
            first = ttft * jitter * (1.5 if family == "long" else 1.0)
            gaps = [gap * rnd.uniform(0.7, 1.4 if step < 3 else 2.5) for _ in range(15)]
            rows.append(
                Row(family=family, step=step, answer=ANSWER, stream=True, completed=True, latency=latency * jitter,
                    first_token=first, token_gaps=gaps, body=_stream(tokens_in, tokens_out))
            )  # fmt: skip
    return rows


def judge_sweep(path: Path, repeats: int = 3) -> Judged:
    """``repeats`` runs of the sweep under ``path`` (repeat-K), judged as one."""
    steps = [{"index": k, "start": SECONDS * k, "duration": SECONDS, "rate": r} for k, r in enumerate(RATES)]
    runs = [write_run(path / f"repeat-{k}", sweep_rows(k), SCENARIO, steps=steps) for k in range(repeats)]
    return pipeline.judge(runs)
