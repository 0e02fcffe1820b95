"""The judge: every result of a run gets one failure class (DESIGN.md), with a documented precedence.

    reply.py     a response -> answer text, finish reason, tool calls, stream ending (OpenAI, Anthropic, SSE)
    refusal.py   the multilingual refusal phrase list (replay/data/refusals.txt)
    baseline.py  comparison with production's response; noise from production's repeated prompts
    classes.py   FailureClass (the built-in classes), their precedence and groups; ClassSet
    core.py      Judge.classify: runs the checks of [checks], settles the class by precedence
    content.py   the content checks: fallback markers, JSON Schema, must/must-not, tool calls, declared formats
    declared.py  what a request declares its answer must be: tools, an output format (JSON mode, a schema)
    verdict.py   Verdict and Reason: one result's class and every failed check
    signals.py   service signals ([checks] signals), cited sources, error codes, mid-sentence endings, token estimates
    upstream.py  what the fault proxies counted; retry amplification (one definition)
    run.py       judge_run: a whole run directory, with its requests and the capture's baselines
    frame.py     judged results as numpy columns, and the figures every table and gate is made of
    collapse.py  per load step, how much of the offered load was still served; the collapse step
    gates.py     k6-style thresholds of [gates], parsed; evaluate.py: each gate's value or bound, pass or fail
    cost.py      what a run cost in model tokens, from the price table
    growth.py    latency against the prompt's length, read within each step, beside production's (slope gates)
    capacity.py  the capacity search's arithmetic: the next rate to probe, the answer once the bracket is tight

Other stages use ``judge_run(run).classes`` (one class per result, sorted by row) or
``Judge(checks).classify(result, reply, request, baseline)`` for a single result.
"""

from __future__ import annotations

from replay.judge.baseline import Noise, similarity
from replay.judge.classes import CLASSES, FAILURES, NOT_SENT, PRECEDENCE, FailureClass
from replay.judge.core import Judge
from replay.judge.refusal import RefusalDetector, default_detector
from replay.judge.reply import Reply, ToolCall, parse_reply
from replay.judge.run import Judged, judge_run, run_scenario
from replay.judge.verdict import Reason, Verdict

__all__ = [
    "CLASSES",
    "FAILURES",
    "NOT_SENT",
    "PRECEDENCE",
    "FailureClass",
    "Judge",
    "Judged",
    "Noise",
    "Reason",
    "RefusalDetector",
    "Reply",
    "ToolCall",
    "Verdict",
    "default_detector",
    "judge_run",
    "parse_reply",
    "run_scenario",
    "similarity",
]
