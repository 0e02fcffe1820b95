"""Terminal output shared by every command: one-line warnings and errors on stderr, progress."""

from __future__ import annotations

import os
import sys

__all__ = ["error", "note", "show_progress", "warn"]


def warn(msg: str) -> None:
    """One warning line on stderr."""
    print(f"replay: warning: {msg}", file=sys.stderr, flush=True)


def note(msg: str) -> None:
    """A line for the person at the terminal (where to connect, what to run next) on stderr."""
    print(msg, file=sys.stderr, flush=True)


def error(msg: str) -> None:
    """One error line on stderr."""
    print(f"replay: error: {msg}", file=sys.stderr, flush=True)


def show_progress() -> bool:
    """Progress bars only on an interactive terminal, never in CI."""
    return sys.stderr.isatty() and not os.environ.get("CI")
