"""start_mitmdump loads replay's addons through one script (mitmproxy walks each script for every event)."""

from __future__ import annotations

from pathlib import Path

from replay.capture.proxy import ADDON as CAPTURE
from replay.faults.proxy import ADDON as FAULTS
from replay.mitm.launch import _split_scripts


def test_replay_scripts_become_modules_of_one_script(tmp_path: Path) -> None:
    other = tmp_path / "mine.py"
    other.write_text("addons = []\n")
    modules, others = _split_scripts([CAPTURE, other, FAULTS])
    assert modules == ["replay.capture.addon", "replay.faults.addon"]
    assert others == [other]
