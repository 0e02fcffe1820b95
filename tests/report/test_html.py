"""report.html opens in headless Chromium (Debian's chromium package) without errors and shows its plots."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from replay import pipeline
from replay.report.plots import COLORS
from tests.report.rundir import Row, write_run

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = [
    pytest.mark.e2e,  # a real browser
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="chromium is not installed (Debian: apt-get install chromium); the screenshot test needs it",
    ),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--enable-logging=stderr",
    "--v=0",
]


def test_report_html_renders_with_its_plots(tmp_path: Path) -> None:
    rows = [Row(step=s, latency=0.1 + 0.05 * s) for s in range(3) for _ in range(30)]
    rows += [Row(family="long", step=2, headers={"x-fallback": "true"}) for _ in range(10)]
    run = write_run(tmp_path / "run", rows, '[checks]\nfallback = [{ header = "x-fallback" }]\n[gates]\np99 = "< 1s"\n')
    pipeline.report(pipeline.judge(run))
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,2200",
            f"--screenshot={shot}",
            (run / "report.html").resolve().as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    assert not any("net::ERR" in line for line in proc.stderr.splitlines())
    import matplotlib.image

    img = (matplotlib.image.imread(shot)[:, :, :3] * 255).round().astype(np.int32)
    assert img.shape[:2] == (2200, 1280)
    # The plots are there: bars in the colours of ok and fallback, in quantity.
    for cls in ("ok", "fallback"):
        rgb = np.array([int(COLORS[cls][i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(img - rgb).sum(axis=2) < 12).sum() > 2000, cls
