"""Bad input, every command: exit 2, one line on stderr, no traceback, and no output file left.

Each case is a command line as a user would type it, against a small world of real files
(a capture, a scenario, a plan, a finished run), a read-only and a full file system (small
tmpfs mounts; those cases are skipped where nothing can be mounted). All cases run up front,
a few at a time, as real ``replay`` processes; each test then checks its own.
"""

from __future__ import annotations

import contextlib
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from replay.config.scenario import load_scenario
from replay.shape.plan import write_plan
from replay.shape.sample import make_plan
from replay.testing.synth import write_capture
from tests.conftest import assert_bad_input
from tests.report.rundir import Row, write_run

# The module's cases all run in its first test's fixture, as real replay processes.
pytestmark = [pytest.mark.timeout(900), pytest.mark.e2e]
ROOT = Path(__file__).resolve().parents[1]
BADREQ = '{"id": "1", "request": "GET /", "timings": {"start": 1}}\n'
BADTYPES = (
    '{"id": "1", "request": {"method": "GET", "url": "http://x/", "headers": [[1, 2]]}, "timings": {"start": 1}}' + "\n"
)
# (command line, the output it must not leave behind or "", words the error line must hold)
# W/ is the world directory, FILE a regular file, RO a read-only and FULL a full file system.
CASES: list[tuple[str, str, str]] = [
    # --out under a file, in a read-only or full directory, under /sys, where the directory is missing
    ("sample W/cap.jsonl -s W/smoke.toml --out FILE/x.plan", "FILE/x.plan", "--out"),
    ("sample W/cap.jsonl -s W/smoke.toml --out RO/x.plan", "RO/x.plan", "Read-only file system"),
    ("sample W/cap.jsonl -s W/smoke.toml --out FULL/x.plan", "FULL/x.plan", "free"),
    ("sample W/cap.jsonl -s W/smoke.toml --out /sys/x.plan", "/sys/x.plan", "/sys"),
    ("sample W/cap.jsonl -s W/smoke.toml --out W/nodir/x.plan", "W/nodir/x.plan", "does not exist"),
    ("sample W/cap.jsonl -s W/smoke.toml --out W/dir", "", "is a directory"),
    ("run W/smoke.toml --plan W/p.plan --out FILE/run", "FILE/run", "--out"),
    ("run W/smoke.toml --plan W/p.plan --out RO/run", "RO/run", "Read-only file system"),
    ("run W/smoke.toml --plan W/p.plan --out FULL/run", "FULL/run", "free"),
    ("run W/smoke.toml --plan W/p.plan --out /sys/run", "/sys/run", "/sys"),
    ("run W/smoke.toml --plan W/p.plan --out FILE", "", "is a file"),
    ("import W/session.har --out FILE/x.jsonl", "FILE/x.jsonl", "--out"),
    ("import W/session.har --out RO/x.jsonl", "RO/x.jsonl", "Read-only file system"),
    ("import W/session.har --out FULL/x.jsonl", "FULL/x.jsonl", "free"),
    ("import W/session.har --out /sys/x.jsonl", "/sys/x.jsonl", "/sys"),
    ("import W/session.har --out W/nodir/x.jsonl", "W/nodir/x.jsonl", "does not exist"),
    ("export W/cap.jsonl --har FILE/x.har", "FILE/x.har", "--har"),
    ("export W/cap.jsonl --har RO/x.har", "RO/x.har", "Read-only file system"),
    ("export W/cap.jsonl --har FULL/x.har", "FULL/x.har", "free"),
    ("export W/cap.jsonl --har /sys/x.har", "/sys/x.har", "/sys"),
    ("export W/cap.jsonl --har /missing-14/dir/out.har", "/missing-14", "does not exist"),
    ("export W/cap.jsonl --har /dev/full", "", "not a regular file"),
    ("report W/run --out FILE/rep", "FILE/rep", "--out"),
    ("report W/run --out RO/rep", "RO/rep", "Read-only file system"),
    ("report W/run --out FULL/rep", "FULL/rep", "free"),
    ("report W/run --out /sys/rep", "/sys/rep", "/sys"),
    ("redact W/cap.jsonl --out FILE/x.jsonl", "FILE/x.jsonl", "--out"),
    ("redact W/cap.jsonl --out RO/x.jsonl", "RO/x.jsonl", "Read-only file system"),
    ("redact W/cap.jsonl --out FULL/x.jsonl", "FULL/x.jsonl", "free"),
    ("redact W/cap.jsonl --out /sys/x.jsonl", "/sys/x.jsonl", "/sys"),
    ("redact W/cap.jsonl --out W/nodir/x.jsonl", "W/nodir/x.jsonl", "does not exist"),
    ("redact W/cap.jsonl --out W/cap.jsonl", "", "cap.jsonl"),
    ("capture --upstream http://127.0.0.1:9 --out FILE/x.jsonl", "FILE/x.jsonl", "--out"),
    ("capture --upstream http://127.0.0.1:9 --out RO/x.jsonl", "RO/x.jsonl", "Read-only file system"),
    ("capture --upstream http://127.0.0.1:9 --out FULL/x.jsonl", "FULL/x.jsonl", "free"),
    ("capture --upstream http://127.0.0.1:9 --out /sys/x.jsonl", "/sys/x.jsonl", "/sys"),
    ("capture --upstream http://127.0.0.1:9 --out /dev/full", "", "not a regular file"),
    ("capture --upstream http://127.0.0.1:9 --out W/nodir/x.jsonl", "W/nodir/x.jsonl", "does not exist"),
    ("capture --upstream http://127.0.0.1:9 --out W/dir", "", "directory"),
    ("rehearse W/smoke.toml --capture W/cap.jsonl --out FILE/r", "FILE/r", "--out"),
    ("rehearse W/smoke.toml --capture W/cap.jsonl --out /sys/r", "/sys/r", "/sys"),
    ("demo --out /sys/demo --no-rehearse", "/sys/demo", "/sys"),
    ("demo --out FILE", "", "FILE"),
    # inputs that are directories, missing, or not what they claim
    ("run W/smoke.toml --plan W/dir", "", "is a directory"),
    ("run W/smoke.toml --plan W/plain.txt", "", "not a replay plan"),
    ("run W/smoke.toml --plan W/missing.plan", "", "no such plan"),
    ("run W/dir --plan W/p.plan", "", "W/dir"),
    ("run W/plain.txt --plan W/p.plan", "", "plain.txt"),
    ("sample W/dir -s W/smoke.toml --out W/y.plan", "W/y.plan", "a directory without"),
    ("sample W/missing.jsonl --out W/y.plan", "W/y.plan", "no such capture"),
    ("sample W/cap.jsonl -s W/dir --out W/y.plan", "W/y.plan", "W/dir"),
    ("inspect W/dir", "", "a directory without"),
    ("inspect W/missing.jsonl", "", "no such capture"),
    ("inspect W/bad.zst", "", "zstd"),
    ("import W/dir --out W/y.jsonl", "W/y.jsonl", "is a directory"),
    ("import W/plain.txt --out W/y.jsonl", "W/y.jsonl", "plain.txt"),
    ("import W/missing.har --out W/y.jsonl", "W/y.jsonl", "missing.har"),
    ("export W/dir --har W/y.har", "W/y.har", "a directory without"),
    ("scan W/missing.jsonl", "", "missing.jsonl"),
    ("report W/dir", "", "run.json"),
    ("report W/plain.txt", "", "plain.txt"),
    ("report W/run --baseline W/dir", "", "run.json"),
    ("rehearse W/smoke.toml --capture W/dir --out W/r2", "W/r2/plan.plan", "a directory without"),
    # a capture line whose request is not an object, for every reader
    ("inspect W/badreq.jsonl", "", "badreq.jsonl:1"),
    ("inspect --json W/badreq.jsonl", "", "badreq.jsonl:1"),
    ("sample W/badreq.jsonl --out W/y.plan", "W/y.plan", "badreq.jsonl"),
    ("export W/badreq.jsonl --har W/y.har", "W/y.har", "badreq.jsonl:1"),
    ("redact W/badreq.jsonl --out W/y.jsonl", "W/y.jsonl", "badreq.jsonl:1"),
    ("scan W/badreq.jsonl", "", "badreq.jsonl:1"),
    ("inspect W/badtypes.jsonl", "", "badtypes.jsonl:1"),
    ("export W/badtypes.jsonl --har W/y.har", "W/y.har", "badtypes.jsonl:1"),
    # options
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --include '~u [('", "W/y.jsonl", "--include"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --exclude '~zz'", "W/y.jsonl", "--exclude"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --listen 0.0.0.0:0", "W/y.jsonl", "--allow-remote"),
    ("capture --upstream http://127.0.0.1:9 --out W/y.jsonl --policy W/dir", "W/y.jsonl", "W/dir"),
    ("faults --upstream http://127.0.0.1:9 --listen 0.0.0.0:0", "", "--allow-remote"),
    ("faults --upstream http://127.0.0.1:9 --profile W/dir", "", "W/dir"),
    ("faults --upstream http://127.0.0.1:9 --profile W/plain.txt", "", "plain.txt"),
    ("faults --upstream http://127.0.0.1:9 --control 0.0.0.0:0", "", "--control"),
    ("faults --upstream ftp://127.0.0.1:9", "", "--upstream"),
    ("run W/smoke.toml --plan W/p.plan --workers 1 --master-bind 0.0.0.0:0", "", "--allow-remote"),
    ("run W/smoke.toml --plan W/p.plan --master-bind nohost", "", "--master-bind"),
    ("worker --master nohost", "", "--master"),
    ("worker --master 127.0.0.1:99999", "", "--master"),
    ("scan W/cap.jsonl --policy W/plain.txt", "", "plain.txt"),
    ("sample W/cap.jsonl --rate -3 --out W/y.plan", "W/y.plan", "--speed/--rate"),
    ("rehearse W/smoke.toml --capture W/cap.jsonl --set nokey --out W/r3", "W/r3/plan.plan", "--set"),
]


@dataclass
class World:
    root: Path
    ro: Path | None
    full: Path | None

    def expand(self, text: str) -> str | None:
        """``text`` with W/, FILE, RO and FULL filled in; None when its file system is missing here."""
        for key, where in (("RO/", self.ro), ("FULL/", self.full)):
            if key in text:
                if where is None:
                    return None
                text = text.replace(key, f"{where}/")
        return text.replace("W/", f"{self.root}/").replace("FILE", f"{self.root}/plain.txt")


def _mount(where: Path, *opts: str) -> bool:
    where.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(opts), "tmpfs", str(where)]).returncode == 0


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("world")
    write_capture(root / "cap.jsonl", 200, seed=3)
    shutil.copy(ROOT / "scenarios" / "smoke.toml", root / "smoke.toml")
    write_plan(root / "p.plan", make_plan(root / "cap.jsonl", load_scenario(root / "smoke.toml")))
    (root / "plain.txt").write_text("not what it should be\n")
    (root / "dir").mkdir()
    (root / "badreq.jsonl").write_text(BADREQ)
    (root / "badtypes.jsonl").write_text(BADTYPES)
    (root / "bad.zst").write_bytes(b"\x28\xb5\x2f\xfd" + b"garbage" * 20)
    (root / "session.har").write_text('{"log": {"version": "1.2", "entries": []}}')
    write_run(root / "run", [Row(), Row(family="long")], scenario=(root / "smoke.toml").read_text())
    ro = root / "ro"
    ro_ok = _mount(ro, "size=4m", "ro")
    full = root / "full"
    full_ok = _mount(full, "size=256k")
    if full_ok:
        with open(full / "filler", "wb") as fh, contextlib.suppress(OSError):
            fh.write(b"x" * (1 << 20))
    try:
        yield World(root, ro if ro_ok else None, full if full_ok else None)
    finally:
        for where, ok in ((ro, ro_ok), (full, full_ok)):
            if ok:
                subprocess.run(["umount", "-l", str(where)], check=False)


def _run(cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "replay", *shlex.split(cmd)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )


@pytest.fixture(scope="module")
def outcomes(world: World) -> dict[str, subprocess.CompletedProcess[str] | None]:
    """Every case's process, run three at a time (None: its file system could not be made here)."""
    cmds = {case: world.expand(case) for case, _, _ in CASES}
    with ThreadPoolExecutor(3) as pool:
        done = dict(zip(cmds, pool.map(lambda c: _run(c) if c else None, cmds.values()), strict=True))
    return done


def test_the_table_covers_every_command() -> None:
    from replay.cli import COMMANDS

    used = {case.split()[0] for case, _, _ in CASES}
    assert used >= set(COMMANDS), set(COMMANDS) - used
    assert len(CASES) >= 60


@pytest.mark.parametrize(("case", "out", "needle"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(
    world: World, outcomes: dict[str, subprocess.CompletedProcess[str] | None], case: str, out: str, needle: str
) -> None:
    proc = outcomes[case]
    if proc is None:
        pytest.skip("needs a tmpfs mount, which this machine does not allow")
    assert_bad_input(proc, world.expand(needle) or needle)
    if out:
        path = Path(world.expand(out) or out)
        assert not path.exists(), f"{path} was left behind"
        if path.parent.is_dir():
            assert not [p for p in path.parent.iterdir() if p.name.startswith((".part-", ".replay-probe-"))]


def test_captured_markup_is_printed_as_text(tmp_path: Path) -> None:
    """Paths like /api/[/] and [bold]x[/bold] in a capture are text to ``replay inspect``, not markup."""
    cap = tmp_path / "markup.jsonl"
    lines = [
        '{"id": "1", "request": {"method": "GET", "url": "http://x/api/[/]", "headers": []}, "timings": {"start": 1}}',
        '{"id": "2", "request": {"method": "GET", "url": "http://x/[bold]x[/bold]", "headers": []}, '
        '"timings": {"start": 2}, "redactions": {"[red]kind": 1}}',
    ]
    cap.write_text("\n".join(lines) + "\n")
    proc = _run(f"inspect {cap}")
    assert proc.returncode == 0, proc.stderr
    assert "GET /api/[/]" in proc.stdout and "GET /[bold]x[/bold]" in proc.stdout and "[red]kind" in proc.stdout
