"""The decoded view of a large body: its size is a small multiple of the text's, not of its escapes'."""

from __future__ import annotations

import tracemalloc

from replay.redact.textview import decode_view


def test_a_view_of_many_escapes_is_a_small_multiple_of_the_text() -> None:
    """A JSON body a Python client wrote (``ensure_ascii``: every accent a ``\\u00e9``) of 120,000 escapes:
    the view held ~200 bytes an escape in lists of small strings and int objects (a 50 MB body, 470 MB);
    joined as it goes and kept in arrays, it is the decoded text and 24 bytes an escape."""
    text = "caf\\u00e9 na\\u00efve " * 60_000
    tracemalloc.start()
    try:
        view = decode_view(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert view is not None and view.text.startswith("café naïve ") and len(view.starts) == 120_000
    assert peak < 3 * len(text) + 40 * 120_000, peak
    at = view.text.index("naïve")
    assert view.to_orig(at + 2) == text.index("\\u00ef") and view.to_orig(at + 3) == text.index("\\u00ef") + 6
