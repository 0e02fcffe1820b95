"""A plan's header (``header.json`` in the plan file) as typed records.

The header says where the rows came from and what they were drawn for: the capture (path, digest,
record count), the scenario (path, digest), the sampling settings, the target and achieved share
per stratum, the load schedule with its steps, and the vocabularies of the coded columns. The JSON
keys are the field names; ``from_json`` refuses a header it cannot read in one line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from replay import __version__
from replay.exchange.sources import DIGESTS
from replay.shape.schedule import StepInfo
from replay.util.jsonpath import PromptPath
from replay.util.records import JsonRecord, build

__all__ = ["FORMAT", "VERSION", "CaptureRef", "LoadPlan", "PlanHeader", "ScenarioRef", "StratumReport", "Vocab"]

FORMAT = "replay-plan"
_MODELS = ("open", "closed")
_MODES = ("captured", "rate", "steps")
VERSION = 2  # 2: the capture's digest is "ALGO:HEX" (xxh3_128), where 1 kept a bare sha256
OLDEST = 1  # every plan 'replay sample' ever wrote says its version; 0, or none, is no plan of ours


@dataclass(slots=True)
class CaptureRef(JsonRecord):
    """The capture the rows index into (0-based, file order)."""

    path: str
    digest: str  # "ALGO:HEX" (replay.exchange.sources.capture_digest); "" when not a regular file
    records: int

    @classmethod
    def from_json(cls, data: Any) -> CaptureRef:
        """Of a plan (or a run.json) of any version: version 1 kept a bare ``sha256``, read as
        ``sha256:HEX``. ValueError for a digest of an algorithm this replay cannot check."""
        if isinstance(data, dict) and "digest" not in data and "sha256" in data:
            sha = data["sha256"]
            data = {**data, "digest": f"sha256:{sha}" if isinstance(sha, str) and sha else ""}
        ref = build(cls, data, "capture")
        algorithm = ref.digest.partition(":")[0]
        if ref.digest and algorithm not in DIGESTS:
            raise ValueError(f"capture.digest: unknown algorithm {algorithm!r}; re-sample the plan")
        return ref


@dataclass(slots=True)
class ScenarioRef(JsonRecord):
    """The scenario the plan was sampled with (path None: the defaults)."""

    path: str | None
    sha256: str | None


@dataclass(slots=True)
class StratumReport(JsonRecord):
    """Target against achieved share of one stratum, and how its rows were found."""

    stratum: str  # its label, the stratify columns' values joined by " | "
    target: float
    achieved: float
    available: int  # records of the capture in it
    drawn: int
    replaced: int  # drawn again (with replacement): the stratum was short
    synthesized: int  # made by perturbing other prompts


@dataclass(slots=True)
class LoadPlan(JsonRecord):
    """The schedule the offsets follow, and its steps."""

    mode: str  # captured | rate | steps
    model: str  # open | closed
    speed: float
    rate: float | None
    arrival: str | None  # uniform | poisson | bursty of a single rate (steps: each step's own, in StepInfo)
    steps: list[StepInfo]

    @classmethod
    def from_json(cls, data: Any) -> LoadPlan:
        """The header's load; ValueError for a hand edit the runner would misread (an unknown model or
        mode, a step that starts or lasts a negative time)."""
        load = build(cls, data, "load")
        for key, allowed in (("model", _MODELS), ("mode", _MODES)):
            if getattr(load, key) not in allowed:
                raise ValueError(f"load.{key}: {getattr(load, key)!r} is not one of {', '.join(allowed)}")
        for i, step in enumerate(load.steps):
            for key in ("start", "duration"):
                value = getattr(step, key)
                if not 0 <= value < math.inf:  # NaN too
                    raise ValueError(f"load.steps[{i}].{key}: {value} s; a step's time is 0 or more seconds")
        return load


@dataclass(slots=True)
class Vocab(JsonRecord):
    """Labels of the coded columns: code i of a column is ``vocab.<column>[i]``."""

    family: list[str]
    endpoint: list[str]
    perturbation: list[str]
    origin: list[str]

    def of(self, column: str) -> list[str]:
        labels: list[str] = getattr(self, column)
        return labels


@dataclass(slots=True)
class PlanHeader(JsonRecord):
    """``header.json`` of a plan file."""

    rows: int
    capture: CaptureRef
    scenario: ScenarioRef
    seed: int
    size: int | None
    prompt_path: str | None
    session_key: str | None
    stratify: list[str]
    target_source: str  # production, scenario, or the capture given as target_from
    target: dict[str, float]  # stratum -> share asked for
    achieved: dict[str, float]  # stratum -> share drawn
    tv_distance: float  # total variation distance between the two
    strata: list[StratumReport]
    notes: list[str]
    load: LoadPlan
    vocab: Vocab
    # Records not drawn for they were clients' retries (sample.keep_retries keeps them); absent when none was.
    retries_left_out: int | None = field(default=None, metadata={"omit_none": True})
    replay: str = __version__  # the version that sampled it
    format: str = FORMAT
    version: int = VERSION

    @classmethod
    def from_json(cls, data: Any) -> PlanHeader:
        """The header of a plan file; ValueError names what is missing or malformed."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise ValueError(f"not a replay plan (format {found!r})")
        version = data.get("version")
        if type(version) is not int or not OLDEST <= version <= VERSION:  # bool is an int: not a version
            newer = type(version) is int and version > VERSION
            raise ValueError(
                f"plan version {version!r} is {'newer than' if newer else 'not one of'} the versions this replay "
                f"reads ({OLDEST}..{VERSION})"
            )
        header = build(cls, data, "header")
        if header.prompt_path is not None:  # read when the runner builds the requests: said here, not there
            try:
                PromptPath(header.prompt_path)
            except ValueError as e:
                raise ValueError(f"header.prompt_path: {e}") from None
        return header
