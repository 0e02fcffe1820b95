"""The word lists as the detectors read them: the column split equals a plain parse line by line."""

from __future__ import annotations

import gzip

from replay.redact.lexicon import _DATA, COMMON, KNOWN, TOP, lexicon


def _by_line(name: str) -> dict[str, int]:
    with gzip.open(_DATA / name, "rt", encoding="utf-8") as fh:
        pairs = [line.partition("\t") for line in fh.read().splitlines()]
    return {w: int(r) for w, _, r in pairs}


def test_columns_equal_a_parse_line_by_line() -> None:
    lex = lexicon()
    for name, got in (("given.txt.gz", lex.given), ("surnames.txt.gz", lex.surname)):
        want = {w: TOP if r <= 300 else COMMON if r <= 1200 else KNOWN for w, r in _by_line(name).items()}
        assert got == want, name
    words = _by_line("words.txt.gz")
    assert lex.words == {w for w, r in words.items() if r <= 2000}
    assert lex.rare_words == {w for w, r in words.items() if r > 2000}
    assert lex.ngrams == _by_line("ngrams.txt.gz")
    assert "maria" in lex.given and "street" in lex.street_types
