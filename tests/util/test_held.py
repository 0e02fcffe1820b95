"""util/held: an import a signal lands in is finished before the signal is handled, and every entry point of the
processes replay runs Python in makes its risky imports (orjson's) that way, first. Real processes: the signals are
real, and what a process imports first is its own."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from replay.runner.responses import _ENTRY

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
# Put first on PYTHONPATH: records the signals blocked as orjson's import starts, then ends the process there.
_PROBE = textwrap.dedent(
    """
    import os, signal, sys

    class _Probe:
        def find_spec(self, name, path=None, target=None):
            if name == "orjson":
                held = signal.pthread_sigmask(signal.SIG_BLOCK, [])
                with open(os.environ["HELD_PROBE"], "w") as out:
                    out.write(" ".join(sorted(s.name for s in held)))
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
    env = {**os.environ, "PYTHONPATH": path, "HELD_PROBE": str(found)}
    proc = subprocess.run(
        [sys.executable, *argv], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert found.is_file(), f"orjson never imported: {proc.stderr[-2000:]}"
    assert set(found.read_text().split()) >= {"SIGINT", "SIGTERM", "SIGHUP"}
