"""util/procs: SIGTERM (and SIGHUP) as an interrupt, even when its handler is left pending; children stopped
whatever interrupts their stop."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from replay.errors import BadInput, RunFailed
from replay.util.procs import Children

# The signal lands on another thread (the main thread blocks it), as a signal landing between the main
# thread's last look at its pending handlers and a blocking read does: the handler waits, the read with it.
_PENDING = textwrap.dedent(
    """
    import os, signal, sys, threading, time
    from replay.util.procs import sigterm_as_interrupt

    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    read, _ = os.pipe()
    try:
        with sigterm_as_interrupt():
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
            print("ready", flush=True)
            os.read(read, 1)  # no writer will ever write
    except KeyboardInterrupt:
        sys.exit(130)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_an_interrupt_whose_handler_waits_ends_a_blocking_read(sig: signal.Signals) -> None:
    """The nudge thread interrupts the main thread's read so Python runs the pending handler (SIGTERM's,
    or SIGINT's: a Ctrl-C there waited for a second one): the process exits 130 in well under a second.
    SIGHUP (a closed terminal) is an interrupt too: it killed a capture without its summary (exit 129).
    Without it the read waits for ever (``sample -s FIFO`` hung 1 run in 20 under load this way)."""
    proc = subprocess.Popen([sys.executable, "-c", _PENDING], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
        proc.send_signal(sig)
        assert proc.wait(timeout=20) == 130
    finally:
        proc.kill()
        proc.wait()


# Two children that take ON_TERM to stop; Ctrl-C lands while the newer one stops, as the block ends, once
# at each of the delays in the command line.
_STOPPING = textwrap.dedent(
    """
    import os, signal, sys, threading
    from replay.util.procs import Children

    SLOW = "import signal, sys, time\\nsignal.signal(signal.SIGTERM, lambda *a: (ON_TERM, sys.exit(0)))\\n"
    SLOW = SLOW.replace("ON_TERM", sys.argv[1]) + "print('up', flush=True)\\ntime.sleep(60)"
    try:
        with Children() as children:
            kids = [children.start(name, [sys.executable, "-c", SLOW]) for name in ("older", "newer")]
            for k in kids:
                k.wait_for(lambda k=k: "up" in k.output() or None, 20, "up")
            for delay in sys.argv[2:]:
                threading.Timer(float(delay), os.kill, (os.getpid(), signal.SIGINT)).start()
    except KeyboardInterrupt:
        print([k.proc.poll() for k in kids], children.started)
    """
)


def test_an_interrupt_while_children_stop_stops_them_all_first() -> None:
    """Ctrl-C as a block of children ends, while one of them stops: every child has exited when the interrupt
    comes out. Raised at once, it left the older ones running past the command's exit (a demo's fault proxy
    still listened a second after exit 130, H148)."""
    out = subprocess.run(
        [sys.executable, "-c", _STOPPING, "time.sleep(0.5)", "0.2"], capture_output=True, text=True, timeout=60
    )
    assert out.stdout == "[0, 0] []\n", out.stderr


def test_a_second_interrupt_kills_the_children_left_without_their_grace() -> None:
    """Ctrl-C twice while children that take their time stop (here: forever): the second kills them at once,
    as docker compose does, where each would have had its ten seconds' grace first."""
    out = subprocess.run(
        [sys.executable, "-c", _STOPPING, "time.sleep(60)", "0.2", "0.6"], capture_output=True, text=True, timeout=15
    )
    assert out.stdout == "[-9, -9] []\n", out.stderr


def test_nohup_is_left_as_it_is() -> None:
    """Under nohup (SIGHUP ignored) a hang-up stays ignored: the user asked the command to outlive its terminal."""
    from replay.util.procs import sigterm_as_interrupt

    old = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with sigterm_as_interrupt():
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        with sigterm_as_interrupt():
            assert signal.getsignal(signal.SIGHUP) not in (signal.SIG_IGN, signal.SIG_DFL)
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGHUP, old)


def test_a_low_soft_limit_on_open_files_is_raised_to_the_hard_one() -> None:
    """Under ``ulimit -n 48`` (soft; hard 4096) a capture's mitmdump ran out of files at 64 connections and answered
    52 of them itself with 502s: every replay command raises its soft limit (children inherit it), up to 65,536."""
    code = (
        "import resource; resource.setrlimit(resource.RLIMIT_NOFILE, (48, 4096)); "
        "from replay.util.procs import more_open_files; print(more_open_files(), "
        "resource.getrlimit(resource.RLIMIT_NOFILE))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "(4096, 4096) (4096, 4096)"


@pytest.mark.parametrize(
    ("code", "error", "said"), [("-9", RunFailed, "was killed by SIGKILL"), ("2", BadInput, "exited (code 2)")]
)
def test_a_child_killed_before_it_is_up_is_a_failed_run_not_bad_input(
    tmp_path: Path, code: str, error: type[Exception], said: str
) -> None:
    """H220's crash battery killed -9 a run's master, and a fault proxy's mitmdump, while they started: 'replay
    rehearse' said "master exited (code -9) before listening for workers:" and exit 2, bad input, where no input
    of the user's was at fault. A child killed by a signal is a failed run (exit 3); one that exits is still bad
    input (its own error, e.g. a port taken, in its tail)."""
    me = "import os, signal, sys; c = int(sys.argv[1]); os.kill(os.getpid(), -c) if c < 0 else sys.exit(c)"
    with Children() as children, pytest.raises(error) as e:
        child = children.start("kid", [sys.executable, "-c", me, code], log_dir=tmp_path)
        child.wait_for(lambda: None, 20, "up")
    assert str(e.value) == f"kid {said} before up", str(e.value)


def test_what_a_child_printed_just_before_it_exited_is_seen(tmp_path: Path) -> None:
    """CI (session 64's last): a child that printed what was waited for and exited between the probe's look at its
    output and the look at whether it lived read "kid exited (code 0) before its sleep". The probe here returns
    nothing on its first call, made while the child lives, and returns once the child has printed and exited."""
    calls: list[str] = []
    with Children() as children:
        kid = children.start("kid", ["sh", "-c", "sleep 0.3; echo 42"], log_dir=tmp_path)

        def probe() -> str | None:
            if not calls:
                kid.proc.wait(20)
            calls.append(kid.output().strip())
            return calls[-1] if len(calls) > 1 else None

        assert kid.wait_for(probe, 20, "its line") == "42"


# A child that leaves a process of its own behind (``sleep``, in its group), stopped with ``rest``; what is left of
# the group then, and whether it had to be killed.
_LEAVES = textwrap.dedent(
    """
    import os, sys
    from replay.util.procs import Children, adopting_orphans

    with adopting_orphans(), Children() as children:
        kid = children.start("kid", ["sh", "-c", f"sleep {sys.argv[1]} & echo $!"], rest=float(sys.argv[2]))
        left = int(kid.wait_for(lambda: kid.output().strip() or None, 20, "its sleep"))
    try:
        os.kill(left, 0)  # a zombie too: not reaped
    except ProcessLookupError:
        left = 0
    print(kid.rest_killed, bool(left))
    """
)


@pytest.mark.parametrize(("sleep", "rest", "said"), [("0.3", "20", "False False"), ("60", "0.2", "True False")])
def test_a_child_s_stop_waits_for_what_it_left_behind(sleep: str, rest: str, said: str) -> None:
    """H255: a run's master killed left its responses writer writing into the run directory after the run was
    settled from here, and outliving 'replay run'. A stop with ``rest`` returns once what the child started is gone:
    ended by itself and reaped here (adopted: this machine's init reaps no orphan), or killed after ``rest`` s."""
    out = subprocess.run([sys.executable, "-c", _LEAVES, sleep, rest], capture_output=True, text=True, timeout=60)
    assert out.stdout == f"{said}\n", out.stderr
