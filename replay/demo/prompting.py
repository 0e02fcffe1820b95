"""How a release of the assistant turns a conversation and retrieved articles into the model's prompt.

Two templates, chosen by ``conversation``: ``messages`` passes the turns as chat messages, ``transcript``
pastes them into one user message. ``context_limit`` characters of conversation are kept, from the end
(``context_keep = "tail"``: the question survives) or from the start (``"head"``: a long or multi-turn
conversation loses its last question, which is the candidate release's regression).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from replay.demo.config import AssistantConfig
from replay.demo.text import focus

__all__ = ["RefusalFilter", "Retrieved", "Turn", "render", "retrieval_query"]


@dataclass(frozen=True, slots=True)
class Turn:
    role: str  # user | assistant
    content: str


@dataclass(frozen=True, slots=True)
class Retrieved:
    id: str
    title: str
    text: str


def retrieval_query(turns: list[Turn], chars: int) -> str:
    """What to search for: the focus of each user turn, newest first, within ``chars`` characters."""
    parts = [focus(t.content, chars) for t in reversed(turns) if t.role == "user"]
    return " ".join(parts)[:chars]


def _cut(text: str, limit: int, keep: str) -> str:
    if len(text) <= limit:
        return text
    return text[-limit:] if keep == "tail" else text[:limit]


def _keep_turns(turns: list[Turn], limit: int, keep: str) -> list[Turn]:
    """Whole turns within ``limit`` characters from the kept end; the turn at the edge is cut, not dropped."""
    ordered = list(reversed(turns)) if keep == "tail" else list(turns)
    out, left = [], limit
    for t in ordered:
        if left <= 0:
            break
        out.append(Turn(t.role, _cut(t.content, left, keep)))
        left -= len(t.content)
    return list(reversed(out)) if keep == "tail" else out


def render(cfg: AssistantConfig, turns: list[Turn], articles: list[Retrieved]) -> list[dict[str, str]]:
    """The chat messages the model gets: a system message with the context, then the conversation."""
    context = "\n".join(f"[article:{a.id}] {a.title}\n{a.text}" for a in articles) or "(no articles found)"
    system = {"role": "system", "content": cfg.system_template.format(context=context)}
    if cfg.conversation == "messages":
        kept = _keep_turns(turns, cfg.context_limit, cfg.context_keep)
        return [system, *({"role": t.role, "content": t.content} for t in kept)]
    transcript = "\n".join(f"{t.role}: {t.content}" for t in turns)
    transcript = _cut(transcript, cfg.context_limit, cfg.context_keep)
    return [system, {"role": "user", "content": cfg.transcript_template.format(transcript=transcript)}]


class RefusalFilter:
    """Refuses a request whose last user message matches any configured pattern (case-insensitive)."""

    def __init__(self, patterns: tuple[str, ...]):
        self.patterns = [re.compile(p, re.IGNORECASE) for p in patterns]

    def refuses(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)
