"""Terminal output shared by every command: one-line warnings and errors on stderr, progress."""

from __future__ import annotations

import errno
import functools
import os
import re
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["HIGHLIGHT_MAX", "error", "note", "one_line", "plain", "rich_console", "show_progress", "warn"]


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


def warn(msg: str) -> None:
    """One warning line on stderr."""
    print(f"replay: warning: {one_line(msg)}", file=sys.stderr, flush=True)


def note(msg: str) -> None:
    """A line for the person at the terminal (where to connect, what to run next) on stderr."""
    print(msg, file=sys.stderr, flush=True)


def error(msg: str) -> None:
    """One error line on stderr."""
    print(f"replay: error: {one_line(msg)}", file=sys.stderr, flush=True)


def show_progress() -> bool:
    """Progress bars only on an interactive terminal, never in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")
