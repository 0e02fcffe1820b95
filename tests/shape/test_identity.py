"""The fast capture reader changes nothing: plans are row-identical to those the per-record reader made.

The digests below were computed before the block reader (issue 17) replaced the per-line one;
a change that alters them changes which rows a seed draws, and must say so.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from replay.config.scenario import parse_scenario
from replay.shape.sample import make_plan

MIX = "{ typical = 0.50, long = 0.20, multilingual = 0.15, noisy = 0.10, injection = 0.05 }"
CASES = {
    "mix, 5% perturbed, captured timing": (
        f"[sample]\nsize = 4000\nseed = 7\ntarget = {MIX}\n[sample.perturb]\nshare = 0.05\n[load]\nspeed = 3.0\n",
        "3c075e7ebc6aba54",
    ),
    "production, sessions by header, family x endpoint, rate": (
        "[sample]\nsize = 3000\nseed = 2\nsession_key = 'header:x-session-id'\n"
        "stratify = ['family', 'endpoint']\n[load]\nrate = 50.0\n",
        "6eef972084db6ab6",
    ),
    "by model and stream, prompt path": (
        "[sample]\nsize = 2000\nseed = 5\nstratify = ['model', 'stream', 'length']\n"
        "prompt_path = 'messages[?role=user].content'\n[sample.perturb]\nshare = 0.02\n",
        "96067f13eff548fb",
    ),
}


def digest(capture: Path, toml: str) -> str:
    plan = make_plan(capture, parse_scenario(toml, "identity.toml"))
    h = hashlib.sha256()
    for name in sorted(plan.columns):
        h.update(name.encode())
        h.update(np.ascontiguousarray(plan.columns[name]).tobytes())
    h.update(repr((plan.header.tv_distance, plan.header.achieved, plan.header.notes)).encode())
    return h.hexdigest()[:16]


@pytest.mark.parametrize("case", list(CASES))
def test_plan_rows_as_before(capture: Path, case: str) -> None:
    toml, want = CASES[case]
    assert digest(capture, toml) == want
