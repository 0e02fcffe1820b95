"""The cyclic garbage collector paused while a pass builds objects by the million that make no cycles.

Why: the collector runs every few hundred containers made, and walks the young ones each time, which a parse or a
pass keeps alive to the end: a 230 MB JSON document parsed by orjson in 4.1 s, 2.0 s paused; features' pass over
a capture spent 6% in it (136 collections, 0.15 s of 2.4 s for 200,000 exchanges)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off meanwhile (on again after, if it was)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
