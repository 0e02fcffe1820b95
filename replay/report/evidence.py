"""Evidence: every observation a run holds that may explain a regression, strongest first
(``gather_evidence``), and the readings of it the other findings share (``reason_evidence``,
``trait_evidence``, ``differing_sources``).

Evidence, strongest first: a signal whose rate changed (x-retrieval: miss on 96% of rows, production
0%), what the service says went wrong (fallback reasons, error codes), the model the service says
answered, the token limit (finish_reason length), output-token and answer-length distributions that
moved, answers citing other sources than production's, the kind of drift.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from replay.judge import FailureClass, Judged
from replay.judge.frame import Frame
from replay.report.chain import fallback_proxies
from replay.report.retries import INJECTED_SHARE, at_injected_steps
from replay.report.sections import ParityRow, SignalRow
from replay.report.seen import MIN_ROWS, SIGNAL_MIN, Seen, failed_at
from replay.util.stats import pct

__all__ = [
    "AVAILABILITY",
    "BROAD_MIN",
    "CARRIED",
    "Evidence",
    "EvidenceKind",
    "differing_sources",
    "gather_evidence",
    "reason_evidence",
    "trait_evidence",
]

F = FailureClass
BROAD_MIN = 0.10  # a class at least this far over production's rate ...
CARRIED = 0.5  # a signal on at least this share of a failure class's rows (and twice the others') explains it
SHIFT = 0.6  # a median at most this share of production's (or 1 / SHIFT times it) moved
AVAILABILITY = (F.FALLBACK, F.ERROR, F.REJECTED, F.TIMEOUT)
_CLIENT_CHECKS = frozenset({"timeout", "cancelled", "connection"})  # reasons the client gives, not the service


class EvidenceKind(StrEnum):
    """What one line of evidence says: the findings choose lines by it (and by ``Evidence.classes``), never by
    their words."""

    REASON = "reason"  # what the service (or the client) says went wrong for an availability class's rows
    SIGNAL = "signal"  # a service signal's rate against production's (x-retrieval: miss on 96% of rows)
    CARRIED = "carried"  # a service signal (its class) most of a gate's rows carry, the other rows seldom
    TRAIT = "trait"  # one reason said alike of most of a class's rows (a signal class's: its own header)
    PATH = "path"  # the fallback chain's path that answered most of a class's rows
    TOKENS = "tokens"  # output tokens or answer lengths that moved, the token limit reached
    PARITY = "parity"  # a model or release header that differs from production's
    SOURCES = "sources"  # answers citing other sources than production's
    DRIFT = "drift"  # what the drift is in
    SEEN = "seen"  # what the fault proxies saw (``seen``)
    RETRIES = "retries"  # rows that retried past the SDKs' default, more than their step's others


@dataclass(frozen=True, slots=True)
class Evidence:
    """One observation that may explain a regression: what kind, the line the report says (``text``), the
    ``classes`` it can explain (None: any)."""

    text: str
    kind: EvidenceKind
    strength: float = 0.0  # its rank among the run's evidence (``gather_evidence``): strongest first
    classes: frozenset[str] | None = None
    said: bool = False  # what the service (or the client) says went wrong: a fallback reason, an error code
    seen: Seen | None = None  # what the fault proxies saw that ``text`` says too (``upstream_at``'s)

    def explains(self, cls: str) -> bool:
        return self.classes is None or cls in self.classes

    @classmethod
    def of(cls, seen: Seen) -> Evidence:
        """What the fault proxies saw as evidence."""
        return cls(seen.text, EvidenceKind.SEEN, seen=seen)


def _signal_evidence(judged: Judged, frame: Frame, signals: list[SignalRow]) -> list[Evidence]:
    out = []
    for s in signals:
        if s.rate is None or s.production is None or (s.fails and s.rate < s.production):
            continue  # a failure the service says less often than production did explains no regression
        if s.rate > s.production and at_injected_steps(judged, frame, s.signal) >= INJECTED_SHARE:
            continue  # moved with the scenario's injected errors, in every release (production's retries too)
        if abs(s.rate - s.production) >= SIGNAL_MIN and (s.rate >= 2 * s.production or s.production >= 2 * s.rate):
            text = f"{s.source} on {pct(s.rate)} of rows (production {pct(s.production)})"
            out.append(Evidence(text, EvidenceKind.SIGNAL, 1.0 + abs(s.rate - s.production)))
    return out


def trait_evidence(judged: Judged, frame: Frame, cls: str, m: np.ndarray | None = None) -> list[Evidence]:
    """What most rows of a class that carries no service reason (drift, truncated...) share, among rows
    ``m``: one reason said alike (x-model-version: 'a' in production, 'b' now), or the fallback chain's
    path that answered them where it is not the run's usual one."""
    idx = np.flatnonzero((frame.cls == cls) & (True if m is None else m))
    if len(idx) < MIN_ROWS:
        return []
    out = []
    # By the judge's reason itself (its check and what it saw), not its words alone: the same words from another
    # check would be another observation.
    said = Counter(r for i in idx for r in judged.verdicts[i].reasons if r.cls == cls)
    if said:
        reason, n = said.most_common(1)[0]
        if n / len(idx) >= CARRIED:
            text = f"{reason.detail} on {pct(n / len(idx))} of the {cls} rows"
            out.append(Evidence(text, EvidenceKind.TRAIT, 0.85, frozenset({cls})))
    if frame.path is not None:
        # Production's path, where its replies say one: a release whose every row went down the fallback chain (the
        # matrix's model_timeout and model_models) has the chain's other path as the run's usual one.
        usual = Counter(p.path for p in judged.production if p is not None and p.path is not None)
        usual = usual or Counter(p for p in frame.path[frame.sent(np.ones(len(frame), dtype=bool))] if p is not None)
        paths = Counter(judged.verdicts[i].path for i in idx if judged.verdicts[i].path is not None)
        if usual and paths:
            path, n = paths.most_common(1)[0]
            if path != usual.most_common(1)[0][0] and n / len(idx) >= CARRIED:
                text = f"the {path} path answered {pct(n / len(idx))} of the {cls} rows"
                behind = _failed_before(frame, idx)
                if behind is None:
                    out.append(Evidence(text, EvidenceKind.PATH, 0.8, frozenset({cls})))
                else:  # why the chain went down that path leads what the path's answers differ by (another model)
                    text = f"{text} after their earlier calls failed: {behind.text}"
                    out.insert(0, Evidence(text, EvidenceKind.PATH, 0.9, frozenset({cls}), seen=behind))
    return out


def _failed_before(frame: Frame, idx: np.ndarray) -> Seen | None:
    """Where most rows ``idx`` called upstream more than once (the fallback chain's other path answered after the
    primary's calls: through the primary's proxy, or one before the fallback model alone, ``fallback_proxies``),
    what failed calls at the step most of them were sent in, as the fault proxies saw it: the dependency's own errors
    (a model past its capacity answering 529), the faults injected, the calls the service gave up on. None where
    they did not, or the proxies saw no such thing."""
    if frame.calls is None:
        return None
    calls = frame.calls[idx] + sum((frame.calls_by[p][idx] for p in fallback_proxies(frame)), np.zeros(len(idx)))
    if float((calls > 1).mean()) < CARRIED:
        return None
    steps, counts = np.unique(frame.step[idx], return_counts=True)
    return next(iter(failed_at(frame, int(steps[np.argmax(counts)]))), None)


def reason_evidence(judged: Judged, frame: Frame, m: np.ndarray | None = None) -> list[Evidence]:
    """What the service (or the client) says went wrong, per availability class (among rows ``m``)."""
    out = []
    for cls in AVAILABILITY:
        idx = np.flatnonzero((frame.cls == cls) & (True if m is None else m))
        if len(idx) < MIN_ROWS:
            continue
        causes = Counter(judged.verdicts[i].cause for i in idx if judged.verdicts[i].cause)
        if not causes:
            continue
        cause, n = causes.most_common(1)[0]
        share = n / len(idx)
        # A deadline hit or a dropped connection is what the client saw: the service said nothing.
        client = all(r.check in _CLIENT_CHECKS for i in idx for r in judged.verdicts[i].reasons if r.cls == cls)
        text = f"the {'client saw' if client else 'service says'} {cause} on {pct(share)} of the {cls} rows"
        # The client's own deadline says nothing of why: what the proxies injected there leads it (_lead).
        out.append(Evidence(text, EvidenceKind.REASON, 1.5 + share, frozenset({cls}), said=not client))
    return out


def _parity_evidence(parity: list[ParityRow]) -> list[Evidence]:
    out = []
    for p in parity:
        if p.same is not False:
            continue
        model = "model" in p.header
        if not model and "release" not in p.header:
            continue  # a config fingerprint differs between any two deployments
        text = f"{p.header} {'/'.join(p.staging)} in staging, {'/'.join(p.production)} in production"
        # Production's own model among staging's is a share answered by another (a fallback model at a faulted
        # step): weaker than what the failing rows themselves share.
        mixed = set(p.production) < set(p.staging)
        out.append(Evidence(text, EvidenceKind.PARITY, (0.4 if mixed else 0.9) if model else 0.05))
    return out


def _moved(frame: Frame, own: np.ndarray, theirs: np.ndarray) -> tuple[float, float, int, int, str] | None:
    """(median, production's median, families moved, families, direction) when the medians moved."""
    s = frame.sent(np.ones(len(frame), dtype=bool)) & ~np.isnan(own) & ~np.isnan(theirs)
    if s.sum() < MIN_ROWS:
        return None
    mine, base = float(np.median(own[s])), float(np.median(theirs[s]))
    if base <= 0 or SHIFT < mine / base < 1 / SHIFT:
        return None
    lower = mine < base
    moved = total = 0
    for fam in frame.values("family"):
        fm = s & (frame.family == fam)
        if fm.sum() >= MIN_ROWS:
            total += 1
            a, b = float(np.median(own[fm])), float(np.median(theirs[fm]))
            moved += (a <= SHIFT * b) if lower else (b > 0 and a >= b / SHIFT)
    return mine, base, moved, total, "lower" if lower else "higher"


def _column(values: list[int | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _distribution_evidence(judged: Judged, frame: Frame) -> list[Evidence]:
    out = []
    prod = judged.production or [None] * len(frame)
    moved_by = {
        "output tokens p50 {mine:.0f} vs {base:.0f} in production": (
            [v.output_tokens for v in judged.verdicts],
            [None if p is None else p.output_tokens for p in prod],
            0.7,
        ),
        "answers {ratio:.1f}x production's length (median)": (
            [v.chars for v in judged.verdicts],
            [None if p is None else p.chars for p in prod],
            0.5,
        ),
    }
    for template, (own, theirs, strength) in moved_by.items():
        got = _moved(frame, _column(own), _column(theirs))
        if got is not None:
            mine, base, moved, total, way = got
            text = template.format(mine=mine, base=base, ratio=mine / base) + f", {way} in {moved} of {total} families"
            out.append(Evidence(text, EvidenceKind.TOKENS, strength, frozenset({F.TRUNCATED, F.DRIFT, F.EMPTY})))
    limit = np.array([v.cut_off is not None for v in judged.verdicts])
    sent = frame.sent(np.ones(len(frame), dtype=bool))
    if sent.any() and limit[sent].mean() >= SIGNAL_MIN:
        said = next(v.cut_off for v in judged.verdicts if v.cut_off is not None)  # "finish_reason length"
        out.append(
            Evidence(
                f"{said} on {pct(float(limit[sent].mean()))} of rows",
                EvidenceKind.TOKENS,
                1.2,
                frozenset({F.TRUNCATED}),
            )
        )
    return out


def differing_sources(judged: Judged, frame: Frame) -> tuple[np.ndarray, np.ndarray]:
    """Per row: whether it and production's answer to its prompt both say their sources, and whether they differ."""
    prod = judged.production or [None] * len(frame)
    pairs = [(v.sources, None if p is None else p.sources) for v, p in zip(judged.verdicts, prod, strict=True)]
    known = np.array([a is not None and b is not None for a, b in pairs], dtype=bool)
    return known, known & np.array([a != b for a, b in pairs], dtype=bool)


def _source_evidence(judged: Judged, frame: Frame) -> list[Evidence]:
    known, differ = differing_sources(judged, frame)
    available = np.array([v.available for v in judged.verdicts], dtype=bool)
    use = frame.sent(np.ones(len(frame), dtype=bool)) & available & known
    n = int(use.sum())
    if n < MIN_ROWS:
        return []
    share = float(differ[use].mean())
    if share < BROAD_MIN:
        return []
    prod = judged.production or [None] * len(frame)
    none = sum(not v.sources and bool(p.sources) for v, p, u in zip(judged.verdicts, prod, use, strict=True) if u) / n
    text = f"answers cite other sources than production's on {pct(share)} of rows"
    text += f" (none at all on {pct(none)}, where production cited some)" if none >= BROAD_MIN else ""
    return [Evidence(text, EvidenceKind.SOURCES, 0.6 + share / 2)]


def _drift_evidence(judged: Judged, frame: Frame) -> list[Evidence]:
    kinds = Counter(k for v in judged.verdicts if v.cls == F.DRIFT for k in dict.fromkeys(v.kinds(F.DRIFT)))
    n = int((frame.cls == F.DRIFT).sum())
    if n < MIN_ROWS or not kinds:
        return []
    names = {
        "answer": "answer wording",
        "length": "answer length",
        "shape": "JSON shape",
        "header": "a release header",
        "input": "the prompt the model was sent",
    }
    kind, k = kinds.most_common(1)[0]
    text = f"the drift is in {names.get(kind, kind)} on {pct(k / n)} of drifted rows"
    return [Evidence(text, EvidenceKind.DRIFT, 0.3, frozenset({F.DRIFT}))]


def gather_evidence(judged: Judged, frame: Frame, parity: list[ParityRow], signals: list[SignalRow]) -> list[Evidence]:
    """Every observation the run holds that may explain a regression, strongest first."""
    out = reason_evidence(judged, frame) + _signal_evidence(judged, frame, signals)
    out += _distribution_evidence(judged, frame)
    out += _parity_evidence(parity) + _source_evidence(judged, frame) + _drift_evidence(judged, frame)
    out += [e for c in frame.class_set.failures if c not in AVAILABILITY for e in trait_evidence(judged, frame, c)]
    return sorted(out, key=lambda e: -e.strength)
