"""util/held: an import a signal lands in is finished before the signal is handled, and every entry point of the
processes replay runs Python in makes its risky imports (orjson's) that way, first. Real processes: the signals are
real, and what a process imports first is its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from replay.capture.proxy import CaptureOptions, start_capture
from replay.demo.world import begin_search
from replay.runner.responses import _ENTRY
from replay.util.procs import Children
from tests.conftest import Upstream

# A module whose import is interrupted midway: the process sends itself SIGINT, whose KeyboardInterrupt comes at
# the next instruction, before ``done`` is set, unless the import holds it.
_SELF_SIGNALLED = "import os, signal\nos.kill(os.getpid(), signal.SIGINT)\ndone = True\n"
_IMPORTER = textwrap.dedent(
    """
    import sys
    from replay.util.held import import_held

    sys.path.insert(0, sys.argv[1])
    try:
        import_held("signalled")
    except KeyboardInterrupt:
        print("interrupted after the import:", sys.modules["signalled"].done)
    """
)
# Put first on PYTHONPATH of a process (and of those it starts): each one that imports orjson appends the signals
# blocked as that import starts and its command line, then ends there (HELD_PROBE_END set) or goes on.
_PROBE = textwrap.dedent(
    """
    import os, signal, sys

    class _Probe:
        def find_spec(self, name, path=None, target=None):
            if name == "orjson":
                held = signal.pthread_sigmask(signal.SIG_BLOCK, [])
                with open(os.environ["HELD_PROBE"], "a") as out:
                    out.write(" ".join(sorted(s.name for s in held)) + "\\t" + " ".join(sys.argv) + "\\n")
                if os.environ.get("HELD_PROBE_END"):
                    os._exit(0)
            return None

    sys.meta_path.insert(0, _Probe())
    """
)


def test_a_signal_during_a_held_import_is_handled_once_it_is_done(tmp_path: Path) -> None:
    (tmp_path / "signalled.py").write_text(_SELF_SIGNALLED)
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORTER, str(tmp_path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.stdout == "interrupted after the import: True\n", proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["-m", "replay", "--version"],
        ["-m", "replay.runner", "worker", "--master", "127.0.0.1:9"],  # a runner process: local, master, worker
        ["-c", _ENTRY, "responses.jsonl"],  # the runner's responses writer
    ],
    ids=["replay", "runner", "responses-writer"],
)
def test_every_entry_point_imports_orjson_with_signals_held(tmp_path: Path, argv: list[str]) -> None:
    """H271: a SIGINT landing in orjson's import segfaulted the process (its compiled module does not look for the
    errors of what it imports); 'replay' held it, but the runner's processes and the responses writer, started
    without 'replay''s entry point, imported it unheld."""
    (tmp_path / "sitecustomize.py").write_text(_PROBE)
    found = tmp_path / "held.txt"
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "HELD_PROBE": str(found), "HELD_PROBE_END": "1"}
    proc = subprocess.run(
        [sys.executable, *argv], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert found.is_file(), f"orjson never imported: {proc.stderr[-2000:]}"
    assert set(found.read_text().split("\t")[0].split()) >= {"SIGINT", "SIGTERM", "SIGHUP"}


@pytest.mark.e2e
def test_the_capture_writers_and_the_demo_services_import_orjson_with_signals_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, upstream: Upstream
) -> None:
    """H274's leftover: the Python processes replay starts besides the runner's (a capture's writer, under
    mitmdump; each service of the demo's world) ran ``python -m MODULE``, whose top imports orjson unheld."""
    (tmp_path / "sitecustomize.py").write_text(_PROBE)
    found = tmp_path / "held.txt"
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv("HELD_PROBE", str(found))
    with Children() as children:
        start_capture(children, upstream.url, ("127.0.0.1", 0), CaptureOptions(out=tmp_path / "cap.jsonl")).stop()
        begin_search(children, {}, "search").wait()
    lines = [line.split("\t") for line in found.read_text().splitlines()]
    for module in ("capture", "demo"):  # its program and first argument: mitmdump's own (not replay's) left out
        ours = rf"replay[./]{module}[./](writer|search)"
        entries = [held for held, argv in lines if re.search(ours, " ".join(argv.split()[:2]))]
        assert entries, f"no {module} process imported orjson: {lines}"
        assert all({"SIGINT", "SIGTERM", "SIGHUP"} <= set(held.split()) for held in entries), lines
