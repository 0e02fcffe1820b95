"""report.html opens in headless Chromium (Debian's chromium package) without errors and shows its plots;
the screenshot, of a rate sweep with streams, prices and repetitions, is the README's (docs/report.png)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from replay import pipeline
from replay.report.plots import COLORS
from tests.report.sweeprun import judge_sweep

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
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
SIZE = (1280, 2450)  # the header, gates, findings and every plot
DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "report.png"


def test_report_html_renders_with_its_plots(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths in the report: the screenshot is the same from run to run
    out = Path("sweep")
    pipeline.report(judge_sweep(out, repeats=3), out=out)
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [
            str(CHROMIUM),
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size={SIZE[0]},{SIZE[1]}",
            f"--screenshot={shot}",
            (tmp_path / out / "report.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    console = [line for line in proc.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    assert not any("net::ERR" in line for line in proc.stderr.splitlines())
    img = np.asarray(Image.open(shot).convert("RGB"), dtype=np.int32)
    assert img.shape[:2] == (SIZE[1], SIZE[0])
    # The plots are there: bars in the colours of ok, slow and timeout, in quantity.
    for cls in ("ok", "slow", "timeout"):
        rgb = np.array([int(COLORS[cls][i : i + 2], 16) for i in (1, 3, 5)])
        assert (np.abs(img - rgb).sum(axis=2) < 12).sum() > 2000, cls
    # The README's screenshot: this one, in 96 colours (small enough to keep in the repository).
    DOCS_SHOT.parent.mkdir(exist_ok=True)
    Image.open(shot).convert("RGB").quantize(96).save(DOCS_SHOT, optimize=True)
    assert DOCS_SHOT.stat().st_size < 300_000
