"""replay.console: the terminal output every command shares."""

from __future__ import annotations

import io

from replay.console import HIGHLIGHT_MAX, rich_console


def test_a_long_text_is_printed_uncoloured() -> None:
    """rich colours numbers and quoted strings by regexes whose time grows with the square of a run of word
    characters: a 400,000-character scenario name held 'replay report' for minutes in its terminal summary.
    A text over HIGHLIGHT_MAX characters is printed whole, uncoloured; a short one is coloured as before."""

    def printed(text: str) -> str:
        out = io.StringIO()
        rich_console(file=out, force_terminal=True, color_system="standard", width=80, soft_wrap=True).print(text)
        return out.getvalue()

    assert "\x1b[" in printed("took 123 ms")
    long = "x" * HIGHLIGHT_MAX + " took 123 ms"
    assert printed(long) == long + "\n"
