"""Terminal output shared by every command: one-line warnings and errors on stderr, progress."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

__all__ = [
    "HIGHLIGHT_MAX",
    "WARNING",
    "Tick",
    "counted",
    "cut",
    "error",
    "forget_warnings",
    "held_warnings",
    "listed",
    "note",
    "one_line",
    "plain",
    "progress",
    "quoted",
    "rich_console",
    "show_progress",
    "untold",
    "warn",
]

T = TypeVar("T")
WARNING = "replay: warning: "  # the start of every warning line
Tick = Callable[[int], None]  # told how many are done


# C0 and C1 controls but tab, and the surrogates os.fsdecode makes of bytes that are not UTF-8
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")


def _escaped(c: str) -> str:
    code = ord(c)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a path that is not UTF-8, as os.fsdecode kept it
        return f"\\x{code - 0xDC00:02x}"
    return {"\n": "\\n", "\r": "\\r"}.get(c, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def one_line(msg: str) -> str:
    """``msg`` as one line of text: a newline, a terminal escape or a byte that is not UTF-8 (in a path, a
    header, a captured value) shown escaped, not printed. Why: a file name holding a newline split an
    error over two lines, and one holding ESC [31m coloured the terminal."""
    return _UNPRINTABLE.sub(lambda m: _escaped(m.group()), msg)


def listed(names: Sequence[str], most: int = 8) -> str:
    """``names`` joined by commas, the first ``most`` of them and how many more: a profile file of 20,000
    profiles named every one in the line that said a name was none of them (149 kB of one error line)."""
    if len(names) <= most + 1:
        return ", ".join(names)
    return f"{', '.join(names[:most])} and {len(names) - most:,} more"


def quoted(value: object, most: int = 40) -> str:
    """``value`` as a message names it (its ``repr``: a string quoted), cut to ``most`` characters. Why: a role or an
    id of 100,000 characters was echoed whole, the one error line as long as the field."""
    if isinstance(value, str) and len(value) > most:
        return f"{value[:most]!r}... ({len(value):,} characters)"
    shown = repr(value)
    return shown if isinstance(value, str) else cut(shown, most)


def cut(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters, saying how long it was."""
    return text if len(text) <= most else f"{text[:most]}... ({len(text):,} characters)"


def plain(text: object) -> str:
    """Text from a capture or a run for a rich console: one line (``one_line``: no terminal escape from
    captured traffic reaches the terminal), its [markup] escaped."""
    from rich.markup import escape  # here: rich costs 'replay --help' its import

    return escape(one_line(str(text)))


def rich_console(**options: Any) -> Console:
    """A rich Console whose reader going away (``| head``) raises BrokenPipeError, as print() does, for the
    command line to answer: rich's own answer is exit 1, a failed gate's code."""
    return _console_class()(**options)


# The longest text a console colours (numbers, paths, quoted strings): rich's highlighting regexes take time
# that grows with the square of a run of word characters (0.5 s for 10,000 of them, 8 s for 40,000): a
# 400,000-character scenario name held 'replay report' for minutes. Longer texts are printed uncoloured.
HIGHLIGHT_MAX = 2000


@functools.cache
def _console_class() -> type[Console]:
    from rich.console import Console  # here: rich costs 'replay --help' its import
    from rich.highlighter import ReprHighlighter
    from rich.text import Text

    class BoundedHighlighter(ReprHighlighter):
        def highlight(self, text: Text) -> None:
            if len(text) <= HIGHLIGHT_MAX:
                super().highlight(text)

    class PipeConsole(Console):
        def __init__(self, **options: Any) -> None:
            options.setdefault("highlighter", BoundedHighlighter())
            super().__init__(**options)

        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    return PipeConsole


# The warnings this command has given. Why: a command reads a file in more than one stage (rehearse samples
# its capture, then prepares the rows and judges them from it), and each read warned of the same cut tail.
_warned: set[str] = set()
_held: list[list[str]] = []  # the warnings of each ``held_warnings`` block under way, innermost last


def warn(msg: str) -> None:
    """One warning line on stderr, once per command: the same warning again says nothing new."""
    line = f"{WARNING}{one_line(msg)}"
    if line not in _warned:
        _warned.add(line)
        if _held:
            _held[-1].append(line)
        else:
            _say(line)


@contextlib.contextmanager
def held_warnings() -> Iterator[list[str]]:
    """The warnings given inside, said when the block ends without an error and dropped when it raises (the block
    gets their lines, to fold into its error). Why: a run whose capture's last line was torn, against a target that
    was down, said both; the user can act only on the error (the run never started), and the warning of data cut
    is worth a line only when the run goes on."""
    _held.append([])
    try:
        yield _held[-1]
    except BaseException:
        _warned.difference_update(_held.pop())  # never said: the next command's read may say it
        raise
    lines = _held.pop()
    if _held:
        _held[-1].extend(lines)
    else:
        for line in lines:
            _say(line)


def forget_warnings() -> None:
    """A new command starts (``replay.cli.main``; tests run many in one process): every warning may be given."""
    _warned.clear()


def note(msg: str) -> None:
    """A line for the person at the terminal (where to connect, what to run next) on stderr."""
    _say(msg)


def error(msg: str) -> None:
    """One error line on stderr."""
    _say(f"replay: error: {one_line(msg)}")


def _say(line: str) -> None:
    """``line`` and its newline on stderr in one write. Why: print() writes them apart, and a Ctrl-C or SIGTERM
    that came between them (a test stops the capture the moment its warning shows) left the warning without its
    newline, the error line that followed glued to it."""
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()


def show_progress() -> bool:
    """Progress bars only on an interactive terminal, never in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")


def untold(done: int) -> None:
    """A ``Tick`` nobody watches."""


@contextlib.contextmanager
def progress(what: str, total: int | None = None, unit: str = "") -> Iterator[Tick]:
    """A callback told how many are done, shown on stderr while the block runs (a bar against ``total``, or a
    running count of ``unit``) and gone after it, on an interactive terminal only (``show_progress``)."""
    if not show_progress():
        yield untold
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from rich.table import Column

    shown = plain(what).replace("{", "{{").replace("}", "}}")  # TextColumn formats its text: a path may hold {x}
    err = rich_console(stderr=True)
    # the count before the text, which gets what the terminal's width leaves: a long path is cut, never the count
    text = TextColumn(shown, table_column=Column(no_wrap=True, overflow="ellipsis", max_width=max(20, err.width - 36)))
    count = TextColumn(f"{{task.completed:,.0f}} {unit}".rstrip(), table_column=Column(no_wrap=True))
    columns = (text, BarColumn(), MofNCompleteColumn()) if total else (SpinnerColumn(), count, text)
    with Progress(*columns, TimeElapsedColumn(), transient=True, console=err) as bar:
        task = bar.add_task(what, total=total)
        yield lambda done: bar.update(task, completed=done)


def counted(items: Iterable[T], tick: Tick, every: int = 256) -> Iterator[T]:
    """``items``, telling ``tick`` how many have passed every ``every`` of them and once at their end."""
    n = 0
    for n, item in enumerate(items, 1):
        yield item
        if not n % every:
            tick(n)
    tick(n)
