"""The ``replay`` command line. Each subcommand lives in the ``cli`` module of its stage and is
imported only when invoked, so ``replay --help`` stays fast and nothing imports locust. Commands
parse options and call ``replay.pipeline``; ``rehearse`` is the whole pipeline and lives here."""

from __future__ import annotations

import codecs
import contextlib
import errno
import importlib
import io
import math
import os
import resource
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from replay import __version__
from replay.console import cut, error, forget_warnings
from replay.errors import ReplayError, path_error
from replay.util.outputs import forget_outputs, interrupted_outputs
from replay.util.procs import forget_interrupt, more_open_files, sigterm_as_interrupt, to_devnull

if TYPE_CHECKING:
    from replay.report.make import Report

__all__ = ["FilePath", "FiniteRange", "OutputDir", "finish", "main", "no_plots_option", "scenario_options"]

F = TypeVar("F", bound=Callable[..., Any])

# Errors of writes and reads that carry no file name (a write(2) on an open file).
_DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS})
# A reader of stdout that stopped reading (| head): what a process killed by SIGPIPE exits with, as 130 is SIGINT's.
# click exits 1 there, which is a failed gate.
EXIT_PIPE = 128 + 13

# name -> ("module:attribute" of a click command, one-line summary), in pipeline order. The
# summary serves ``replay --help`` without importing every stage (mitmproxy, numpy, ...).
COMMANDS: dict[str, tuple[str, str]] = {
    "capture": ("replay.capture.cli:capture", "Record redacted traffic through a reverse proxy."),
    "import": ("replay.formats.cli:import_cmd", "Import HAR, mitmproxy flows, OTLP traces or Batch API files."),
    "export": ("replay.formats.cli:export_cmd", "Export a capture as HAR 1.2."),
    "redact": ("replay.redact.cli:redact_cmd", "Re-redact a capture or HAR file."),
    "scan": ("replay.redact.cli:scan_cmd", "Report secrets or personal data left in a capture."),
    "inspect": ("replay.shape.cli:inspect_cmd", "Summarise a capture or a plan."),
    "sample": ("replay.shape.cli:sample_cmd", "Reshape a capture into a plan."),
    "run": ("replay.runner.cli:run_cmd", "Replay a plan against the target, open loop."),
    "worker": ("replay.runner.cli:worker_cmd", "Join a distributed run as a worker."),
    "faults": ("replay.faults.cli:faults_cmd", "Run the fault-injection proxy in front of an upstream."),
    "report": ("replay.report.cli:report_cmd", "Judge a run, write reports and apply the gates."),
    "rehearse": ("replay.cli:rehearse_cmd", "Sample, run and report in one command."),
    "demo": ("replay.demo.cli:demo", "Run the whole story on loopback against the bundled demo."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module, attr = entry[0].split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, summary) for name, (_, summary) in COMMANDS.items()])

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            to_devnull(sys.stdout.fileno())  # its reader is gone: the flush at exit would fail again, on stderr
            raise click.exceptions.Exit(EXIT_PIPE) from None
        except KeyboardInterrupt as e:
            # click answers a KeyboardInterrupt with a blank line on stderr (closing a terminal's "^C") before the
            # one 'interrupted' line: two lines in a CI log or under SIGTERM. main closes a terminal's "^C" itself.
            raise click.Abort() from e


class FiniteRange(click.FloatRange):
    """click's FloatRange refusing nan and inf: nan compares false with any bound, so it passes one."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{number} is not a finite number.", param, ctx)
        return number


class FilePath(click.Path):
    """A file's path (never a directory's), as a pathlib.Path: the type of every option or argument naming one
    file. One ending in "/" is refused: it names a directory, and the Path handed over drops the slash
    (``export --har out/`` wrote a file named out).

    ``output``: the file is written, and ``util.outputs.check_output`` judges whether it can be: click's
    readable check refused an existing output of mode 000, which the command replaces by a rename."""

    def __init__(self, output: bool = False) -> None:
        super().__init__(dir_okay=False, readable=not output, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and value.endswith(("/", os.sep)):
            self.fail(f"{value}: ends in '/', which names a directory; name a file", param, ctx)
        return super().convert(value, param, ctx)


class OutputDir(click.Path):
    """A directory a command writes into (a run's, a report's, the demo's), as a pathlib.Path; the type of every
    such option. ``util.outputs.check_output`` judges it: click's readable check told the user of an unreadable
    output directory to "give a copy you can read"."""

    def __init__(self) -> None:
        super().__init__(readable=False, path_type=Path)


def scenario_options(f: F) -> F:
    """``--target URL`` and ``--set KEY=VALUE``: adjust the scenario in memory for this invocation."""
    f = click.option(
        "--set",
        "sets",
        multiple=True,
        metavar="KEY=VALUE",
        help="Override a scenario key (TOML value), e.g. --set faults.0.listen=127.0.0.1:9000; repeatable.",
    )(f)
    return click.option("--target", help="Base URL of the system under rehearsal (replaces [target] base_url).")(f)


def no_plots_option(f: F) -> F:
    """``--no-plots``: report.html without its plots, for a CI that reads report.json or junit.xml (matplotlib
    draws them in about a CPU-second a report); ``replay report RUN`` draws them later."""
    return click.option(
        "--no-plots",
        is_flag=True,
        help="Write report.html without its plots (about a CPU-second saved); 'replay report RUN' draws them.",
    )(f)


def finish(report: Report, quiet: bool = False) -> None:
    """Print the report's summary and leave with the gates' exit code."""
    if not quiet:
        from replay.report.terminal import print_summary

        try:
            print_summary(report.doc, report.out)
        except BrokenPipeError:  # | head: the reader has what it wanted; the gates' code stands
            to_devnull(sys.stdout.fileno())  # its reader is gone: the flush at exit would fail again, on stderr
    if report.exit_code:
        raise click.exceptions.Exit(report.exit_code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="replay")
def cli() -> None:
    """Capture production-like HTTP traffic, reshape it, and rehearse a release against staging."""


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input is one line on stderr and exit code 2, never a traceback."""
    args = sys.argv[1:] if argv is None else argv
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # started with it closed (>&-): print() is a no-op, .isatty() a traceback
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115 (for the life of the process)
        _escaping(getattr(sys, name))
    stdout, sys.stdout = sys.stdout, _Named(sys.stdout, "stdout")
    forget_warnings()
    forget_outputs()
    more_open_files()
    try:
        if empty := _empty_value(args):
            raise click.UsageError(f"{empty}; give a value{_see_help(args)}")
        if stream := _standard_stream(args):
            given = "-" if stream == "an argument" else f"{stream} -"
            raise click.UsageError(
                f"{given}: replay reads and writes named files, not standard input or standard output; name a file"
            )
        if (named := _ascii_locale(args)) is not None:
            raise click.UsageError(
                f"{named} cannot be read in this locale ({sys.getfilesystemencoding()}: LC_ALL=C?); "
                "set LC_ALL=C.UTF-8, or PYTHONUTF8=1"
            )
        if foreign := _not_utf8(args):
            raise click.UsageError(
                f"{foreign} is not UTF-8 (a file name in another encoding?); rename it, or give a link to it"
                " whose name is UTF-8"
            )
        with _interruptible():
            rc = cli.main(args=args, prog_name="replay", standalone_mode=False)
    except click.exceptions.Exit as e:
        rc = e.exit_code
    except click.ClickException as e:
        hint = ""
        if isinstance(e, click.BadParameter) and e.param is not None and isinstance(e.param.type, click.Path):
            hint = _path_fix(e.format_message())
        if not hint and isinstance(e, click.UsageError) and e.ctx is not None:
            # a missing FILES or --capture is a BadParameter of a Path with no state to fix: it had no hint at all
            hint = f" (see '{e.ctx.command_path} --help')"
        error(_clipped(f"{e.format_message()}{hint}", args))
        rc = 2
    except ReplayError as e:
        error(_out_of_memory(args) if _PARSER_OUT_OF_MEMORY in str(e) else _clipped(str(e), args))
        rc = e.exit_code
    except MemoryError:
        error(_out_of_memory(args))
        rc = 2
    except ImportError as e:
        if _MAP_FAILED not in str(e):
            raise  # a module missing or broken: a bug or a bad install, keep its traceback
        error(_out_of_memory(args))
        rc = 2
    except OSError as e:
        if e.filename is None and e.errno not in _DISK_ERRORS:
            raise  # not about a path the user gave: a bug, keep its traceback
        error(_clipped(str(path_error(e)), args))  # the one place an OS error on a user's path becomes one line
        rc = 2
    except (KeyboardInterrupt, click.Abort) as e:
        forget_interrupt()
        if sys.stderr.isatty():
            print(file=sys.stderr)  # the line after a terminal's "^C": the message starts a line of its own
        cause = e.__cause__ if isinstance(e, click.Abort) else e  # click's Abort wraps the KeyboardInterrupt
        kept = str(cause or "")  # what the command kept, when it says (a run)
        error("; ".join(["interrupted", *filter(None, [kept, interrupted_outputs()])]))
        rc = 130
    finally:
        sys.stdout = stdout
    sys.exit(rc if isinstance(rc, int) else 0)


# orjson's words for a buffer it could not allocate, raised as a JSONDecodeError: every reader that says what is
# wrong with a line ("not a capture record (...): the file is no capture") would blame the file for it.
_PARSER_OUT_OF_MEMORY = "Not enough memory to allocate"
# The dynamic loader's words for a compiled module it could not map (numpy's, under ulimit -v), an ImportError that
# says them (numpy's own repeats its cause's): which of a Python allocation or a library's mapping finds the limit
# first depends on what the command imports before its work.
_MAP_FAILED = "failed to map segment from shared object"


def _out_of_memory(args: list[str]) -> str:
    """The line for a command that ran out of memory (a MemoryError was a traceback, exit 1)."""
    limit = resource.getrlimit(resource.RLIMIT_AS)[0]
    capped = f" (the limit here: ulimit -v {limit >> 10} KiB)" if limit != resource.RLIM_INFINITY else ""
    command = next((a for a in args if not a.startswith("-")), "")
    return (
        f"out of memory{capped}: 'replay {command}' needed more than this process could have; free some memory, or "
        "raise the limit (ulimit -v, a container's memory limit)"
    )


# How to fix what click's Path says of a file the user named ("Path '/x' is not readable."): its state, not the
# command's use, so "(see 'replay inspect --help')" sent the user to the wrong place.
_PATH_FIXES = {
    "is not readable.": " Check its permissions (chmod), or give a copy you can read",
    "is not writable.": " Check its permissions (chmod), or choose another path",
    "does not exist.": " Check the path",
    "is a directory.": " Name a file",
    "is a file.": " Name a directory",
}


def _path_fix(message: str) -> str:
    return next((fix for end, fix in _PATH_FIXES.items() if message.endswith(end)), "")


class _Named:
    """A text stream whose failed write or flush names it: stdout on a full disk (``> out.txt``, /dev/full)
    said 'No space left on device' and not where, as if an output file had failed."""

    def __init__(self, stream: Any, name: str) -> None:
        self._stream, self._name = stream, name

    def write(self, text: str) -> int:
        with self._naming():
            return self._stream.write(text)

    def flush(self) -> None:
        with self._naming():
            self._stream.flush()

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._stream, attr)

    @contextlib.contextmanager
    def _naming(self) -> Iterator[None]:
        try:
            yield
        except OSError as e:
            if e.filename is None and not isinstance(e, BrokenPipeError):  # | head has its own answer
                e.filename = self._name
            raise


def _escaping(stream: Any) -> None:
    """A text stream of an encoding short of Unicode (LC_ALL=C, PYTHONIOENCODING=ascii) escapes what it cannot
    encode: a captured URL or prompt of other scripts ended 'replay inspect' in a UnicodeEncodeError traceback."""
    if isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding).name != "utf-8":
        stream.reconfigure(errors="backslashreplace")


def _empty_value(args: list[str]) -> str | None:
    """The option (or the argument, as ``_option_of`` names it) given as an empty string or as white space alone,
    said as "--out is empty", if one is. Why: click reads an empty path as ".", so ``--out "$DIR"`` with DIR unset
    wrote a report into the working directory; and "$DIR " made a file named " " (exit 0)."""
    for i, arg in enumerate(args):
        option, assigned, given = arg.partition("=") if arg.startswith("--") and "=" in arg else (arg, "", arg)
        if assigned and "=" in given:  # --set=KEY=VALUE
            continue
        if given.strip() == "":
            name = option if assigned else _option_of(args, i)
            said = "is empty (" if given == "" else f"is only white space ({given!r}: "
            return f"{name} {said}a shell variable left unset?)"
    return None


# The longest value of the command line an error line repeats whole: a path, a URL or a number of 10,000
# characters made the one line as long (H277's driver: 51 cases over every command, click's words and replay's).
SHOWN_MOST = 200


def _clipped(msg: str, args: list[str]) -> str:
    """``msg`` with each value of ``args`` longer than ``SHOWN_MOST`` in it cut, saying how long it was."""
    for arg in sorted(args, key=len, reverse=True):
        value = arg.partition("=")[2] if arg.startswith("--") and "=" in arg else arg
        if len(value) > SHOWN_MOST:
            msg = msg.replace(value, cut(value, 60))
    return msg


def _standard_stream(args: list[str]) -> str | None:
    """The option (or the argument, as ``_option_of`` names it) given as "-", the shell's word for standard input or
    output, if one is. Why: an input of "-" said "-: no such capture file; check the path", and report's RUN "-" a
    line about outputs."""
    dash = (i for i, arg in enumerate(args) if arg == "-" or (arg.startswith("--") and arg.endswith("=-")))
    return next((_option_of(args, i) for i in dash), None)


def _option_of(args: list[str], i: int) -> str:
    """The option whose value ``args[i]`` is, else the argument it is as the help names it (RUN, SCENARIO: by
    ``_argument_of``), else "an argument". Only an option that takes a value has one: a file after ``inspect
    --json`` was said to be the value of --json."""
    if args[i].startswith("--") and "=" in args[i]:  # not --set's KEY=VALUE, which is a value of its own
        return args[i].split("=", 1)[0]
    before = args[i - 1] if i else ""
    option = before.startswith("-") and not before[1:2].isdigit() and "=" not in before
    return before if option and not _is_flag(args[0], before) else _argument_of(args, i)


def _argument_of(args: list[str], i: int) -> str:
    """How the help names the argument ``args[i]`` is given as (RUN, SCENARIO), counted past the options and their
    values before it; "an argument" when that cannot be told. Why: 'replay report ""' said "an argument is empty",
    and the command has one argument, RUN."""
    found = _command(args[0]) if i else None
    if found is None or isinstance(found, click.Group):
        return "an argument"
    takes = {o for p in found.params if isinstance(p, click.Option) and not p.is_flag and not p.count for o in p.opts}
    n, j = 0, 1  # the arguments before args[i]; args[j], the next word to count
    while j < i:
        word = args[j]
        n += not word.startswith("-")
        j += 2 if word in takes else 1  # an option's value is no argument
    for p in found.params:
        if isinstance(p, click.Argument):
            if p.nargs < 0 or n < p.nargs:
                return p.human_readable_name
            n -= p.nargs
    return "an argument"


def _see_help(args: list[str]) -> str:
    """Where the subcommand ``args[0]`` says what its options and arguments take, when it is one."""
    return f" (see 'replay {args[0]} --help')" if args and _command(args[0]) is not None else ""


def _command(name: str) -> click.Command | None:
    """The subcommand ``name``; None when there is none, or it cannot be loaded."""
    try:
        return cli.get_command(click.Context(cli), name)
    except ImportError:
        return None


def _is_flag(command: str, option: str) -> bool:
    """Whether ``option`` of the subcommand ``command`` is a flag (takes no value); False when either is unknown."""
    found = _command(command)
    params = found.params if found is not None else []
    return any(option in (*p.opts, *p.secondary_opts) and getattr(p, "is_flag", False) for p in params)


def _not_utf8(args: list[str]) -> str | None:
    """The first argument holding bytes that are not UTF-8 (Python carries them as lone surrogates), shown
    with those bytes escaped after the option it is the value of. Why: every record replay writes is JSON, which
    cannot hold them: a plan's capture path, a run's, ``inspect --json`` of such a file name failed with a
    traceback."""
    for i, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return _shown(args, i, os.fsencode(arg).decode("utf-8", "backslashreplace"))
    return None


def _shown(args: list[str], i: int, text: str) -> str:
    """``args[i]`` shown as ``text``, after the option it is the value of: "'\\xff' is not UTF-8" named no option
    (``--workers``? ``--target``?) when the bytes were in a value."""
    option = _option_of(args, i)
    if option == "an argument":
        return f"'{text}'"
    return f"{option} '{text.split('=', 1)[1] if args[i].startswith(option + '=') else text}'"


def _ascii_locale(args: list[str]) -> str | None:
    """The first argument that is UTF-8 but that Python read in an ASCII locale (LC_ALL=C without UTF-8 mode),
    where every path is handled in ASCII: '_not_utf8' said such a name was 'not UTF-8 (a file name in another
    encoding?)', which sent the user to rename a file whose name was right."""
    for i, arg in enumerate(args):
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            arg.encode("utf-8")
            continue
        with contextlib.suppress(UnicodeDecodeError):
            return _shown(args, i, os.fsencode(arg).decode("utf-8"))
    return None


def _interruptible() -> contextlib.AbstractContextManager[None]:
    """SIGTERM ends every command as Ctrl-C does: its cleanup runs (no partial output, no child left)
    and it exits 130. Only the main thread can set a signal handler (an embedding caller may not be it)."""
    if threading.current_thread() is threading.main_thread():
        return sigterm_as_interrupt()  # type: ignore[no-any-return]
    return contextlib.nullcontext()


@click.command("rehearse")
@click.argument("scenario_path", metavar="SCENARIO", type=click.Path(path_type=Path))
@click.option("--capture", required=True, type=click.Path(path_type=Path), help="Capture to sample the plan from.")
@scenario_options
@click.option("--out", type=OutputDir(), help="Run directory [runs/<id>].")
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    help="A previous run to flag regressions against (a repeated rehearsal's directory: pooled).",
)
@click.option("--workers", type=click.IntRange(0, 256), default=0, help="Locust worker processes (0: one process).")
@click.option(
    "--repeat",
    type=click.IntRange(1, 100),
    help="Replay the plan N times; every rate gets its confidence interval [[sample] repeats].",
)
@click.option(
    "--search",
    is_flag=True,
    help="Find the highest rate at which every gate holds ([load] search; ramp, then bisect to 10%).",
)
@click.option("--quiet", "-q", is_flag=True, help="No terminal summary of the report.")
@no_plots_option
def rehearse_cmd(
    scenario_path: Path,
    capture: Path,
    target: str | None,
    sets: tuple[str, ...],
    out: Path | None,
    baseline: Path | None,
    workers: int,
    repeat: int | None,
    search: bool,
    quiet: bool,
    no_plots: bool,
) -> None:
    """Sample CAPTURE, replay it against the target with the scenario's load and faults, then judge, gate
    and report (exit 1 when a gate fails)."""
    from replay import pipeline

    scenario = pipeline.load(scenario_path, target, sets)
    if search:
        if baseline is not None:
            from replay.errors import BadInput

            raise BadInput("--search: drop --baseline (each probe is judged by the scenario's gates alone)")

        launch = pipeline.Launch(workers=workers)
        repeats = repeat or scenario.sample.repeats
        probed = None if quiet else print_probe
        finish(pipeline.search(scenario, capture, out, launch, probed, repeats, plots=not no_plots), quiet)
        return
    launch = pipeline.Launch(workers=workers)
    finish(rehearse_printing(scenario, capture, out, baseline, launch, repeat, plots=not no_plots), quiet)


def print_probe(p: Any) -> None:
    """One line per probe of a capacity search, as it is judged."""
    click.echo(f"probe {p.rate:g} requests/s: {'every gate held' if p.passed else p.broke} ({p.sent:,} sent)")


def rehearse_printing(
    scenario: Any,
    capture: Path,
    out: Path | None,
    baseline: Path | None,
    launch: Any,
    repeat: int | None = None,
    plots: bool = True,
) -> Any:
    """``pipeline.rehearse``, printing the plan and the run(s) as ``replay sample`` and ``replay run`` do
    (and the probes of a search that follows the steps)."""
    from replay import pipeline
    from replay.runner.supervise import summary_line
    from replay.shape.plan import print_sampled

    def ran(run: Any) -> None:
        click.echo(summary_line(run.path, run.info))

    return pipeline.rehearse(
        scenario, capture, out, baseline, launch, print_sampled, ran, repeat, on_probe=print_probe, plots=plots
    )
