"""The curated QA prompt set: twenty polite, short, single-turn questions, the kind staging is tested with.

Both releases pass it; the candidate's regressions only show under real traffic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson

__all__ = ["QA_FILE", "QACase", "QAResult", "check", "load_qa", "run_qa"]

QA_FILE = Path(__file__).with_name("qa.jsonl")
# Openings of a refusal or a non-answer; a QA answer must have none of them.
_REFUSAL = re.compile(r"\b(I'm sorry|I can't|I cannot|I am unable|unable to help|can't help)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class QACase:
    prompt: str
    expect: str  # a word the right answer contains (case-insensitive)


@dataclass(frozen=True, slots=True)
class QAResult:
    case: QACase
    status: int
    answer: str
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def load_qa(path: Path = QA_FILE) -> list[QACase]:
    return [QACase(**orjson.loads(line)) for line in path.read_bytes().splitlines() if line.strip()]


def check(case: QACase, status: int, headers: httpx.Headers, body: dict) -> tuple[str, ...]:
    """What is wrong with an assistant's reply to a QA case; empty when it passes."""
    answer = str(body.get("answer", ""))
    problems = []
    if status != 200:
        problems.append(f"status {status}")
    if headers.get("x-fallback") != "false" or body.get("fallback") is not False:
        problems.append("fallback answer")
    if _REFUSAL.search(answer):
        problems.append("refusal")
    if case.expect.lower() not in answer.lower():
        problems.append(f"answer does not mention {case.expect!r}")
    return tuple(problems)


def run_qa(base_url: str, cases: list[QACase] | None = None, timeout: float = 30.0) -> list[QAResult]:
    """Ask every QA case of ``base_url``'s ``/api/assist`` one at a time, as a QA run does."""
    out = []
    with httpx.Client(timeout=timeout) as client:
        for case in cases or load_qa():
            body = {"messages": [{"role": "user", "content": case.prompt}], "user_id": "qa-tester"}
            r = client.post(base_url.rstrip("/") + "/api/assist", json=body)
            data = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
            out.append(
                QAResult(case, r.status_code, str(data.get("answer", "")), check(case, r.status_code, r.headers, data))
            )
    return out
