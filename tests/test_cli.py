from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from replay.testing.synth import write_capture
from tests.conftest import assert_bad_input, replay_here, run_replay, wait_until


def test_help_lists_commands() -> None:
    proc = run_replay("--help")
    assert proc.returncode == 0
    for name in ("capture", "inspect", "import", "export", "demo"):
        assert name in proc.stdout


def test_unknown_option() -> None:
    assert_bad_input(run_replay("inspect", "--frobnicate", "x"), "--frobnicate")


def test_unknown_command() -> None:
    assert_bad_input(run_replay("frobnicate"), "frobnicate")


def test_missing_required_option() -> None:
    assert_bad_input(run_replay("capture", "--out", "x.jsonl"), "--upstream")


def test_an_argument_that_is_not_utf8_is_bad_input(tmp_path: Path) -> None:
    """A file name in another encoding (Latin-1 bytes) cannot go into the JSON replay writes (a plan's capture,
    ``inspect --json``): refused in one line showing its bytes, before anything is read or written."""
    name = os.fsdecode(b"caf\xe9.jsonl")
    write_capture(tmp_path / name, 5)
    for args in (["sample", name, "-o", "x.plan"], ["inspect", "--json", name], ["rehearse", "s", "--capture", name]):
        assert_bad_input(replay_here(*args, cwd=tmp_path), "'caf\\xe9.jsonl' is not UTF-8", "rename it")
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        # bytes in a value were "'\\xff' is not UTF-8 (a file name ...)", naming no option
        (["run", "s.toml", "--workers", os.fsdecode(b"\xff")], "--workers '\\xff' is not UTF-8"),
        (["run", "s.toml", "--target=" + os.fsdecode(b"a\xff")], "--target 'a\\xff' is not UTF-8"),
        # a file after a flag is no value of the flag
        (["inspect", "--json", os.fsdecode(b"caf\xe9.jsonl")], "error: FILES 'caf\\xe9.jsonl' is not UTF-8"),
        (["inspect", "--json", ""], "FILES is empty"),
        # an argument not UTF-8 or given as "-" was "an argument" (an empty one was named: H274)
        (["report", os.fsdecode(b"r\xff")], "error: RUN 'r\\xff' is not UTF-8"),
        (["report", "-"], "error: RUN -: replay reads and writes named files"),
        (["rehearse", "--capture", "c.jsonl", "-"], "error: SCENARIO -: replay reads"),
        # a missing FILES, CAPTURES or --capture (Path-typed) had no pointer to the help, as --upstream has
        (["inspect"], "Missing argument 'FILES...'. (see 'replay inspect --help')"),
        (["rehearse", "s.toml"], "Missing option '--capture'. (see 'replay rehearse --help')"),
    ],
    ids=[
        "option-value",
        "option=value",
        "after-a-flag",
        "empty-after-a-flag",
        "argument-not-utf8",
        "argument-dash",
        "argument-dash-after-option",
        "missing-files",
        "missing-capture",
    ],
)
def test_a_bad_argument_is_named_with_its_option_and_the_help(args: list[str], said: str) -> None:
    """What the H131 battery found in the command line's own checks: each is one line, exit 2, in-process."""
    assert_bad_input(replay_here(*args), said)


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--seed", "9" * 10_000],  # click's words
        ["worker", "--master", "x" * 10_000],  # replay's
        ["inspect", "--json", "/" + "x" * 10_000],  # the OS's (File name too long)
        ["faults", "--upstream=" + "x" * 10_000],
    ],
    ids=["click", "replay", "os", "option=value"],
)
def test_a_long_value_is_cut_in_the_error_line(args: list[str]) -> None:
    """A value of 10,000 characters was repeated whole, the one error line as long (H277's driver, 51 cases)."""
    proc = replay_here(*args)
    assert_bad_input(proc, "... (10,00")
    assert len(proc.stderr) < 400, proc.stderr


def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_traceback(tmp_path: Path) -> None:
    """Output of other scripts (a captured URL) to a stream in ASCII (PYTHONIOENCODING=ascii, a C locale without
    UTF-8 mode) ended 'inspect' in a UnicodeEncodeError traceback: escaped now. A UTF-8 file name read in such a
    locale was 'not UTF-8 (a file name in another encoding?)': the locale is named instead. Real processes."""
    (tmp_path / "uni.jsonl").write_text(
        '{"id": "1", "request": {"method": "GET", "url": "http://x/caf\u00e9/\u65e5", "headers": []}, '
        '"timings": {"start": 1}}\n',
        encoding="utf-8",
    )
    ascii_out = {**os.environ, "PYTHONIOENCODING": "ascii"}
    proc = run_replay("inspect", "uni.jsonl", cwd=tmp_path, env=ascii_out)
    assert proc.returncode == 0 and "GET /caf\\xe9/\\u65e5" in proc.stdout, proc.stderr
    c_locale = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"}
    proc = run_replay("inspect", "caf\u00e9.jsonl", cwd=tmp_path, env=c_locale)
    assert_bad_input(proc, "'caf\\xe9.jsonl' cannot be read in this locale", "LC_ALL=C.UTF-8")


def test_every_command_resolves() -> None:
    """Each COMMANDS entry names an importable click command (help lists them without importing)."""
    import click

    from replay.cli import COMMANDS, cli

    ctx = click.Context(cli)
    for name in COMMANDS:
        assert isinstance(cli.get_command(ctx, name), click.Command), name


def test_sigterm_is_an_interrupt_for_every_command(tmp_path: Path) -> None:
    """A command without a signal handler of its own (here ``sample``, blocked reading its scenario
    from a FIFO) ends on SIGTERM as on Ctrl-C: exit 130, one line, no output left behind."""
    fifo, out = tmp_path / "scenario.toml", tmp_path / "x.plan"
    os.mkfifo(fifo)
    write_capture(tmp_path / "cap.jsonl", 20, seed=1)
    argv = [sys.executable, "-m", "replay", "sample", str(tmp_path / "cap.jsonl"), "-s", str(fifo), "--out", str(out)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        writer = wait_until(lambda: _open_writer(fifo), 60, "replay to open the scenario")  # it waits for data now
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
        os.close(writer)
    finally:
        proc.kill()
    # exactly one line: click wrote a blank line before it (for a terminal's "^C"), in a CI log or under SIGTERM too
    assert (proc.returncode, err) == (130, "replay: error: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cap.jsonl", "scenario.toml"]


def _open_writer(fifo: Path) -> int | None:
    """A write end of ``fifo`` once a reader holds it open (None before: ENXIO)."""
    try:
        return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return None


def test_a_reader_that_stops_and_a_closed_stdout(tmp_path: Path) -> None:
    """``replay inspect CAP | head -1`` exits 141 (SIGPIPE's code) without a word: click's and rich's answer
    was exit 1, a failed gate's code in CI. ``replay sample ... >&-`` (stdout closed) writes its plan and
    exits 0: it was a traceback (sys.stdout None has no isatty)."""
    write_capture(tmp_path / "cap.jsonl", 20, seed=1)
    read, write = os.pipe()
    os.close(read)  # the reader is gone before replay writes a byte
    argv = [sys.executable, "-m", "replay"]
    gone = subprocess.run(
        [*argv, "inspect", "cap.jsonl"], stdout=write, stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )
    os.close(write)
    assert (gone.returncode, gone.stderr) == (141, "")
    closed = subprocess.run(
        [*argv, "sample", "cap.jsonl", "-o", "x.plan"],
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        preexec_fn=lambda: os.close(1),
    )
    assert (closed.returncode, closed.stderr) == (0, "")
    assert (tmp_path / "x.plan").is_file()


# Python that raises KeyboardInterrupt where importing click would take Ctrl-C, to land in that window every time
_CLICK_IMPORT_INTERRUPTED = (
    "import builtins\n"
    "real = builtins.__import__\n"
    "def interrupted(name, *a, **k):\n"
    "    if name == 'click':\n"
    "        raise KeyboardInterrupt\n"
    "    return real(name, *a, **k)\n"
    "builtins.__import__ = interrupted\n"
)
# The same with a real SIGTERM, sent to itself as click's import starts
_CLICK_IMPORT_TERMINATED = _CLICK_IMPORT_INTERRUPTED.replace(
    "        raise KeyboardInterrupt\n", "        import os, signal\n        os.kill(os.getpid(), signal.SIGTERM)\n"
)


def test_ctrl_c_while_the_command_line_loads_is_an_interrupt() -> None:
    """Ctrl-C in the first 0.3 s of 'python -m replay inspect' (importing click) was a KeyboardInterrupt
    traceback and exit -2. The import is made to raise as the signal would, to land in that window every time."""
    code = (
        f"{_CLICK_IMPORT_INTERRUPTED}import runpy, sys\n"
        "sys.argv = ['replay', '--help']\n"
        "runpy.run_module('replay', run_name='__main__', alter_sys=True)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (130, "replay: error: interrupted\n")


# Ctrl-C landing while code runs from a string (exec, as a dataclass's methods are made) in a module imported late:
# while the command line loads (click), or as a command starts its work (sample's 'from replay import pipeline')
_EXEC_INTERRUPTED = (
    "import builtins\n"
    "real = builtins.__import__\n"
    "def interrupted(name, globals=None, locals=None, fromlist=(), level=0):\n"
    "    if name == {name!r} and ({member!r} == name or {member!r} in (fromlist or ())):\n"
    "        exec('raise KeyboardInterrupt')\n"
    "    return real(name, globals, locals, fromlist, level)\n"
    "builtins.__import__ = interrupted\n"
)


@pytest.mark.parametrize(("name", "member"), [("click", "click"), ("replay", "pipeline")], ids=["loading", "working"])
def test_ctrl_c_in_code_run_from_a_string_is_an_interrupt_under_python_m(
    tmp_path: Path, name: str, member: str
) -> None:
    """The interrupt was handled (one line) but 'python -m replay' then ended killed by SIGINT (status -2, 5-10%
    of interrupts of sample): CPython noted the KeyboardInterrupt that left the exec'd string. 0.5 s."""
    (tmp_path / "sitecustomize.py").write_text(_EXEC_INTERRUPTED.format(name=name, member=member))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(Path(__file__).parents[1])])}
    argv = [sys.executable, "-m", "replay", "sample", str(tmp_path / "none.jsonl"), "-s", "x.toml", "-o", "o.plan"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert (proc.returncode, proc.stderr.strip()) == (130, "replay: error: interrupted")


@pytest.mark.parametrize("signalled", [_CLICK_IMPORT_INTERRUPTED, _CLICK_IMPORT_TERMINATED], ids=["INT", "TERM"])
def test_ctrl_c_while_the_console_script_loads_is_an_interrupt(tmp_path: Path, signalled: str) -> None:
    """The same for the ``replay`` script pip writes from [project.scripts] (made here by pip's own script
    maker, as ``pip install`` does): it imports its entry point's module first, and with ``replay.cli:main``
    Ctrl-C in that import was a traceback and exit -2. A sitecustomize raises it where the signal would.
    SIGTERM there ended the process at once (exit -15, no word): it is an interrupt too. 0.2 s."""
    import tomllib

    from pip._vendor.distlib.scripts import ScriptMaker

    entry = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]["scripts"]["replay"]
    maker = ScriptMaker(None, str(tmp_path), add_launchers=False)
    maker.executable, maker.variants = sys.executable, {""}
    (script,) = maker.make(f"replay = {entry}")
    (tmp_path / "sitecustomize.py").write_text(signalled)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(Path(__file__).parents[1])])}
    proc = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60, env=env)
    assert (proc.returncode, proc.stderr) == (130, "replay: error: interrupted\n")


@pytest.mark.parametrize("signalled", [_CLICK_IMPORT_INTERRUPTED, _CLICK_IMPORT_TERMINATED], ids=["INT", "TERM"])
def test_a_signal_before_the_commands_handler_is_set_is_an_interrupt(tmp_path: Path, signalled: str) -> None:
    """Ctrl-C while 'python -m replay' imported replay.util.procs (the first 0.1 s of its own code, 15 of 50 early
    Ctrl-Cs of a kill battery) was a traceback ending in an UnboundLocalError, exit 1; SIGTERM there (12 of 50 early
    ones) ended the process at once, exit -15, no word. A sitecustomize raises it where the signal would. 0.2 s."""
    (tmp_path / "sitecustomize.py").write_text(signalled.replace("'click'", "'replay.util.procs'"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(Path(__file__).parents[1])])}
    proc = subprocess.run([sys.executable, "-m", "replay", "--help"], capture_output=True, text=True, env=env)
    assert (proc.returncode, proc.stderr) == (130, "replay: error: interrupted\n")


# Python that sends itself Ctrl-C while orjson's compiled module starts (it imports uuid from there)
_ORJSON_START_INTERRUPTED = """
import builtins, os, signal
real = builtins.__import__
inside = [0]
def interrupted(name, globals=None, locals=None, fromlist=(), level=0):
    if inside[0] and name == "uuid":
        os.kill(os.getpid(), signal.SIGINT)
    mine = name == "orjson" and level == 1
    inside[0] += mine
    try:
        return real(name, globals, locals, fromlist, level)
    finally:
        inside[0] -= mine
builtins.__import__ = interrupted
"""


def test_ctrl_c_while_orjson_starts_is_an_interrupt_not_a_crash(tmp_path: Path) -> None:
    """Ctrl-C or SIGTERM while a command imported orjson (0.1 s under load) segfaulted the process, exit -11: orjson
    does not look for errors of what it imports as it starts, and the signal's KeyboardInterrupt was one. 0.3 s."""
    (tmp_path / "sitecustomize.py").write_text(_ORJSON_START_INTERRUPTED)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(Path(__file__).parents[1])])}
    argv = [sys.executable, "-m", "replay", "export", str(tmp_path / "none.jsonl"), "--har", str(tmp_path / "o.har")]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env)
    assert (proc.returncode, proc.stderr) == (130, "replay: error: interrupted\n")


# Python that sends itself Ctrl-C as it renames a HAR it wrote into place
_HAR_RENAME_INTERRUPTED = """
import os, signal
real = os.replace
def replace(src, dst, *args, **kwargs):
    if str(dst).endswith(".har"):
        os.kill(os.getpid(), signal.SIGINT)
    return real(src, dst, *args, **kwargs)
os.replace = replace
"""


def test_an_interrupted_command_says_what_it_left_of_its_output(tmp_path: Path) -> None:
    """A command stopped by Ctrl-C or SIGTERM while it wrote its output said "interrupted" alone (a kill battery,
    every writing command): whether a torn file was left, or the old one replaced, the user had to look. 0.5 s."""
    write_capture(tmp_path / "cap.jsonl", 5)
    (tmp_path / "sitecustomize.py").write_text(_HAR_RENAME_INTERRUPTED)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(Path(__file__).parents[1])])}
    argv = [sys.executable, "-m", "replay", "export", "cap.jsonl", "--har", "cap.har"]
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (130, "replay: error: interrupted; cap.har not written\n")
    assert [p.name for p in tmp_path.iterdir() if "cap." in p.name] == ["cap.jsonl"]  # no HAR, no .part- of one


# replay's own entry point, under a limit on memory 30 MB above what the process holds once it has imported it
_SHORT_OF_MEMORY = """
import importlib, resource, sys
from replay.cli import main
for name in sys.argv[1].split(",")[1:]:
    importlib.import_module(name)
size = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmSize:")) << 10
resource.setrlimit(resource.RLIMIT_AS, (size + (30 << 20), resource.RLIM_INFINITY))
main(sys.argv[2:])
"""


@pytest.mark.parametrize("preload", ["", ",replay.formats.cli"], ids=["importing", "reading"])
def test_a_command_out_of_memory_says_so_in_one_line(tmp_path: Path, preload: str) -> None:
    """A command short of memory (ulimit -v, a container's limit) ended in a MemoryError traceback, exit 1, or, where
    orjson could not allocate its buffer, in 'not a capture record (Not enough memory ...): the file is no capture'.
    Here export reads a capture whose one body is 40 MB, 30 MB short, its modules imported before the limit or after
    (numpy's then fails to map its library: an ImportError, whose traceback this was). A real process: 0.7 s each."""
    write_capture(tmp_path / "cap.jsonl", 1, seed=1)
    record = orjson.loads((tmp_path / "cap.jsonl").read_bytes())
    record["request"]["body"] = {"text": "x" * 40_000_000, "encoding": "utf8", "size": 40_000_000}
    (tmp_path / "cap.jsonl").write_bytes(orjson.dumps(record) + b"\n")
    argv = ["export", str(tmp_path / "cap.jsonl"), "--har", str(tmp_path / "cap.har")]
    proc = subprocess.run(
        [sys.executable, "-c", _SHORT_OF_MEMORY, preload, *argv], capture_output=True, text=True, timeout=60
    )
    assert_bad_input(proc, "out of memory (the limit here: ulimit -v", "'replay export' needed more than")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cap.jsonl"]
