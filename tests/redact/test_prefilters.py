"""The engine's shortcuts against the reference they stand in for: a pre-filter may only rule out
texts in which the detector it guards cannot match, and a faster scan must give the same matches.

Each test checks a shortcut on a varied generated set (ASCII and not, escapes, odd Unicode case
folds) and, where the claim is about characters, on every code point."""

from __future__ import annotations

import random
import re

import pytest

from replay.redact.bodies import _EMBEDDED_PART, _embedded_part

_ALL_CHARS = "".join(map(chr, range(0x110000)))


def _texts(seed: int, n: int) -> list[str]:
    """Varied texts: words, digits, separators, escapes and non-ASCII letters, cased at random."""
    rng = random.Random(seed)
    atoms = [
        "form-data", "FORM-DATA", "Form-Data", "content-disposition:", "Content-Disposition: ", "\\n", "\\u0040",
        "ſ", "K", "İ", "ı", "é", "Straße", "東京", " ", "  ", "-", "_", "+", "/", "=", "==", ":", ".", ",", "@",
        "0", "12", "345", "6789", "+44 20 7946 0958", "Jane", "Doe", "the", "and", "eyJ", "sk-", "abc", "XYZ",
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ==", "0123456789abcdef0123", "a" * 19, "b" * 21, "\r\n", "\t", '"', "'",
    ]  # fmt: skip
    out = []
    for _ in range(n):
        s = "".join(rng.choice(atoms) for _ in range(rng.randint(0, 40)))
        out.append(s.swapcase() if rng.random() < 0.2 else s)
    return out


def test_form_data_folds_only_to_ascii() -> None:
    """Under ``re.I``, each character of "form-data" matches only itself and its ASCII capital: the
    claim that lets ``_embedded_part`` look for "form-data" in the lower-cased text."""
    for ch in set("form-data"):
        assert set(re.findall(re.escape(ch), _ALL_CHARS, re.I)) == {ch, ch.upper()}


@pytest.mark.parametrize("seed", range(3))
def test_embedded_part_prefilter(seed: int) -> None:
    texts = _texts(seed, 3000)
    assert any(_EMBEDDED_PART.search(t) for t in texts)
    for t in texts:
        assert _embedded_part(t) == bool(_EMBEDDED_PART.search(t)), t


@pytest.fixture(scope="module")
def finder():  # type: ignore[no-untyped-def]
    from replay.redact import Redactor

    return Redactor(key=b"k" * 32).engine.finder


def _ascii_texts(seed: int, n: int) -> list[str]:
    """ASCII texts with the cues the engine looks for: field names, greetings, street words, digits."""
    rng = random.Random(seed)
    atoms = [
        "password", "Token", "api_key", "name", "Name", "user", "my name is ", "Hi ", "Dear ", "thanks", "Regards",
        " Street", " St.", " Ave ", "Road ", " Rd,", "12 ", "221B ", "Baker", "Apt ", "Suite ", "PO Box ", "@", "://",
        "eyJ", "-----BEGIN", "sk-", "ghp_", "AKIA", "xoxb-", "Jane Doe", "Omar Khan", " ", ", ", ".", "\n", '": "',
        "0", "42", "+1 415 555 0132", "the", "and", "order", "NW-123456",
    ]  # fmt: skip
    texts = [str(t) for t in _texts(seed, n // 2) if t.isascii()]
    texts += ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 60))) for _ in range(n // 2)]
    return [t.swapcase() if rng.random() < 0.2 else t for t in texts]


@pytest.mark.parametrize("seed", range(2))
def test_ascii_automata_match_the_text_ones(finder, seed: int) -> None:  # type: ignore[no-untyped-def]
    """On ASCII texts the byte DFAs report what the text automata do, in the same order."""
    for t in _ascii_texts(seed, 4000):
        raw = t.encode()
        got = finder._ac_ascii.find_matches_as_indexes(raw.lower(), overlapping=True)
        assert got == finder._ac.text.find_matches_as_indexes(t.lower(), overlapping=True), t
        got = finder._place_ascii.find_matches_as_indexes(raw, overlapping=True)
        assert got == finder._place_ac.text.find_matches_as_indexes(t, overlapping=True), t


def test_long_texts_past_ascii_are_matched_over_bytes_as_over_text(finder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A text past ASCII too long for the text automaton (the limit lowered to 0 here) is read by the byte
    DFA, its offsets mapped to characters: the same matches, and so the same hits, as the text automaton's."""
    from replay.redact import detectors

    texts = [t for t in _texts(5, 3000) + _name_texts(5, 500) if not t.isascii()]
    texts += [a + b for a, b in zip(texts[::2], _ascii_texts(5, 2000), strict=False)]
    assert len(texts) > 2000
    expected = [finder.find(t) for t in texts]
    assert sum(map(bool, expected)) > 500
    monkeypatch.setattr(detectors, "_TEXT_AUTOMATON_MAX", 0)
    for t, hits in zip(texts, expected, strict=True):
        for ac, end in ((finder._ac, ""), (finder._place_ac, "\n")):
            text = t.lower() if end == "" else t
            got = ac.matches(text, text.encode(), end)
            assert got == ac.text.find_matches_as_indexes(text + end, overlapping=True), t
        assert finder.find(t) == hits, t


@pytest.mark.parametrize("seed", range(2))
def test_base64_runs_found_as_the_regex_finds_them(seed: int) -> None:
    from replay.redact.tokens import _B64, b64_matches

    texts = _texts(seed, 3000) + _ascii_texts(seed, 2000)
    assert sum(bool(_B64.search(t)) for t in texts) > 100
    for t in texts:
        got = [(m.span(), m.group(0)) for m in b64_matches(t, t.encode())]
        assert got == [(m.span(), m.group(0)) for m in _B64.finditer(t)], t


_RUNS = [
    "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "gpt-4o-mini-2024-07-18",
    "0x52908400098527886E0F7030069857D2E4169EE7", "aGVsbG8gd29ybGQgdGhpcyBpcyB0ZXh0",
    "chatcmpl-b4fccfa61e9e93d7b0ace1f1", "dGhlIHBhc3N3b3JkIGlzIGh1bnRlcjI=", "d41d8cd98f00b204e9800998ecf8427e",
    "x" * 200 + "aGVsbG8gd29ybGQgdGhpcyBpcyB0ZXh0",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(2))
def test_base64_run_verdicts_kept_give_what_fresh_ones_give(finder, monkeypatch, seed: int) -> None:  # type: ignore[no-untyped-def]
    """A base64 run's verdict is kept by its text: each text twice (the second time from what was kept), the
    same hits as with nothing kept."""
    from replay.redact import tokens

    rng = random.Random(seed)
    texts = [
        f"{a} {rng.choice(_RUNS)}, {b}" for a, b in zip(_texts(seed, 1500), _ascii_texts(seed, 1500), strict=False)
    ]
    fresh = tokens.TokenFinder(finder.ps, finder.on)
    monkeypatch.setattr(tokens, "_RUN_KEPT_CHARS", -1)
    expected = []
    for t in texts:
        hits: list[object] = []
        fresh.base64_runs(t, t.encode(), hits)
        expected.append(hits)
    assert not fresh._runs and sum(map(bool, expected)) > 500
    monkeypatch.setattr(tokens, "_RUN_KEPT_CHARS", 128)
    kept = tokens.TokenFinder(finder.ps, finder.on)
    for _ in range(2):
        for t, want in zip(texts, expected, strict=True):
            hits = []
            kept.base64_runs(t, t.encode(), hits)
            assert hits == want, t
    assert kept._runs


def test_add_counts_is_counter_update() -> None:
    """``memo.add_counts`` leaves what ``Counter.update`` does: the same counts, kinds in the same order."""
    from collections import Counter

    from replay.redact.memo import add_counts

    rng = random.Random(0)
    kinds = ["email", "phone", "name", "card", "ip", "token"]
    for _ in range(2000):
        counts, found = (Counter({k: rng.randint(1, 3) for k in rng.sample(kinds, rng.randint(0, 4))}) for _ in "ab")
        want = Counter(counts)
        want.update(found)
        add_counts(counts, found.items())
        assert list(counts.items()) == list(want.items())


def _same_with_runs(texts: list[str], run_pass) -> int:  # type: ignore[no-untyped-def]
    """``run_pass(text, raw, hits, runs, matches)`` gives each text with a run of 20 the hits it gives with no
    runs or matches given; how many texts had hits."""
    from replay.redact.tokens import b64_matches, run_shape

    found = 0
    for t in texts:
        raw = t.encode()
        if (runs := run_shape(raw)) is None:
            continue
        got: list[object] = []
        want: list[object] = []
        run_pass(t, raw, got, runs, list(b64_matches(t, raw, runs)))
        run_pass(t, raw, want, None, None)
        assert got == want, t
        found += bool(want)
    return found


@pytest.mark.parametrize("seed", range(2))
def test_key_marks_looked_for_in_the_runs_as_in_the_text(finder, seed: int) -> None:  # type: ignore[no-untyped-def]
    """The tail pass, its marks looked for in the runs of ``_B64``'s class, finds what it finds with them
    looked for in the whole text: Twilio keys and Telegram tokens at run edges, inside runs, after colons."""
    from replay.redact.tokens import TokenFinder

    rng = random.Random(seed)
    keys = ["SK" + "0a" * 16, "AC" + "1f" * 16, "123456789:AA" + "x_-" * 11, "12345678:AA" + "Q" * 33, "SKAC" * 9]
    glue = ["", " ", ":", "-", "x", '"', "=", "/"]
    texts = [t for t in _hex_texts(seed, 1500) + _ascii_texts(seed, 1500) if t.isascii()]
    texts = [
        f"{t}{rng.choice(glue)}{rng.choice(keys)}{rng.choice(glue)}{rng.choice(keys)[: rng.randint(0, 40)]}"
        for t in texts
    ]
    tokens = TokenFinder(finder.ps, finder.on)
    # no runs given: the marks looked for in the whole text
    assert _same_with_runs(texts, lambda t, raw, hits, runs, matches: tokens.tail(t, raw, hits, matches)) > 500


@pytest.mark.parametrize("seed", range(2))
def test_base64_pass_looks_in_the_class_runs_as_in_the_translate(finder, seed: int) -> None:  # type: ignore[no-untyped-def]
    """On an ASCII text, a run of 20 of base64's own characters looked for in the runs of ``_B64``'s class
    (which take "-" and "_" too) lets the same texts through as the translate of the whole text."""
    from replay.redact.tokens import TokenFinder

    rng = random.Random(seed)
    # "Pj4-" * 8: urlsafe base64 of ">>>…" (a text), with no 20 of base64's own characters in a row
    pieces = [*_RUNS, "Pj4-" * 8, "Q" * 20, "Q" * 19, "x" * 19 + "-" + "y" * 19, "_" * 30, "Q" * 20 + "=="]
    texts = [t for t in _texts(seed, 1500) + _ascii_texts(seed, 1500) if t.isascii()]
    texts = [f"{t} {rng.choice(pieces)}{rng.choice(['', '-', '=', ' '])}{rng.choice(pieces)}" for t in texts]
    tokens = TokenFinder(finder.ps, finder.on)
    assert _same_with_runs(texts, tokens.base64_runs) > 300  # no runs given: the translate


def _name_texts(seed: int, n: int) -> list[str]:
    """Texts with runs of capitalised words: names of several scripts, places, products, greetings."""
    rng = random.Random(seed)
    words = [
        "Jane", "Doe", "Omar", "Khan", "Li", "Wu", "Priya", "Natarajan", "Jürgen", "Weiß-Müller", "Anaïs", "Le",
        "Goff", "Ruud", "de", "Wit", "Marcus", "Lee", "Xiomara", "Gonzalez", "Northwind", "Outfitters", "New", "York",
        "Hi", "Thanks", "Dear", "Mr.", "J.", "API", "Street", "Иван", "Петрович", "Σοφία", "O'Brien", "Mary-Kate",
        "the", "and", "of", ",", ".", "\n", "!",
    ]  # fmt: skip
    return [" ".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(2))
def test_name_pairs_found_by_the_capitals_scan_as_the_regex_finds_them(seed: int) -> None:
    """The first two capitalised words side by side, found from the ASCII text's capitals scan (``capitals``),
    start where the regex's search over the text finds them, from every position; and each list's " and " before a
    capital is found by the scan as by ``people``'s own search."""
    from replay.redact.capitals import Capitals, scan
    from replay.redact.people import _AND_NAME, _PAIR_ASCII, _pair_at

    particles = ["van ", "de la ", "della ", "y ", "e ", "Van ", "dela", "vonx ", "and ", "der ", "mac "]
    texts = [t for t in _name_texts(seed, 1500) + _ascii_texts(seed, 1500) if t.isascii()]
    texts += [
        " ".join(
            random.Random(seed + i).choice([*particles, "Ana", "Li", "x", "Q", "O'Neil", "Jo-Ann"]) for _ in range(12)
        )
        for i in range(500)
    ]
    assert sum(bool(_PAIR_ASCII.search(t)) for t in texts) > 500
    lists = 0
    for t in texts:
        found = scan(t)
        for pos in range(len(t) + 1):
            m = _PAIR_ASCII.search(t, pos)
            assert _pair_at(t, found.pairs, pos) == (-1 if m is None else m.start()), (t, pos)
        assert [c - 5 for c in found.listed] == [m.start() for m in _AND_NAME.finditer(t)], t
        # the passes not asked for are not searched; the others' offsets are the same
        assert scan(t, False, False) == Capitals(found.pairs), t
        assert scan(t, True, False) == Capitals(found.pairs, found.addressed), t
        assert scan(t, False, True) == Capitals(found.pairs, [], found.listed), t
        lists += len(found.listed)
    assert lists > 40


def test_name_runs_memo_gives_what_the_words_give(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A run's names from the memo equal those found afresh, a run met again in other company and
    after the memo dropped it."""
    from replay.redact import people

    class Fresh(people.PersonFinder):
        def _run(self, text: str, a: int, b: int):  # type: ignore[no-untyped-def]
            return ((a + s, a + e) for s, e in self._names_in(text[a:b]))

    monkeypatch.setattr(people, "_RUNS_KEPT", 64)
    texts = _name_texts(1, 1500) + _ascii_texts(3, 500)
    memo, fresh = people.PersonFinder(), Fresh()
    assert sum(bool(list(fresh.find(t))) for t in texts) > 500
    for t in texts + texts[::-1]:
        assert list(memo.find(t)) == list(fresh.find(t)), t


def _phone_texts(seed: int, n: int) -> list[str]:
    """Digit runs of many shapes (phones of several countries, cards, dates, ids) after varied cues."""
    rng = random.Random(seed)
    cues = ["call me on ", "phone: ", '"phone": "', "tel=", "my number is ", "order ", "id ", "", "fax ", "mobile "]
    shapes = ["+44 20 7946 ####", "(415) 555-####", "020 7946 ####", "07700 9#####", "+1 212 555 ####",
              "+49 30 #######", "06 12 34 ## ##", "####-####-####-####", "##########", "2024-05-##", "###-##-####",
              "+91 98### #####", "0### ### ###", "+33 1 ## ## ## ##"]  # fmt: skip
    out = []
    for _ in range(n):
        shape = rng.choice(shapes)
        number = "".join(str(rng.randint(0, 9)) if c == "#" else c for c in shape)
        out.append(rng.choice(cues) + number + rng.choice([".", "", " thanks", '"}']))
    return out


def test_phone_readings_memo_gives_what_fresh_readings_give(finder) -> None:  # type: ignore[no-untyped-def]
    """Phone hits with readings kept across texts (and dropped when full) equal those read afresh."""
    from replay.redact import phones

    texts = _phone_texts(5, 600)
    texts += texts[::3]  # met again
    shared = finder.digits
    readings = shared.phones

    def hits(t: str, fresh: bool) -> list[tuple[int, int, str, str | None]]:
        if fresh:
            readings._parsed.clear()
            readings._validity.clear()
        found: list = []
        shared.find(t, t.lower(), t.encode(), found)
        return [(h.start, h.end, h.kind, h.rep) for h in found]

    want = [hits(t, fresh=True) for t in texts]
    assert sum(any(h[2] == "phone" for h in w) for w in want) > 200
    old = phones._READINGS_KEPT
    try:
        phones._READINGS_KEPT = 50
        assert [hits(t, fresh=False) for t in texts] == want
    finally:
        phones._READINGS_KEPT = old


def test_valid_number_is_the_library_check() -> None:
    """``phones.valid_number`` gives ``phonenumbers.is_valid_number``'s verdict on every country code regions share:
    random national numbers of 4-12 digits (some with Italy's leading zero) and numbers near each region's
    example landline, mobile and toll-free ones, valid or not."""
    import phonenumbers
    from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneNumberType

    from replay.redact.phones import valid_number

    rng = random.Random(7)
    shared = [cc for cc, regions in COUNTRY_CODE_TO_REGION_CODE.items() if len(regions) > 1]
    nums = []
    for cc in [*shared, 33, 49, 91]:  # and a few of one region each
        for _ in range(150):
            length = rng.randint(4, 12)
            num = phonenumbers.PhoneNumber(
                country_code=cc, national_number=rng.randrange(10 ** (length - 1), 10**length)
            )
            num.italian_leading_zero = rng.random() < 0.1 or None
            nums.append(num)
        for region in COUNTRY_CODE_TO_REGION_CODE[cc]:
            for kind in (PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE):
                example = phonenumbers.example_number_for_type(region, kind)
                for step in range(0, 40, 7) if example is not None else ():
                    nums.append(
                        phonenumbers.PhoneNumber(country_code=cc, national_number=example.national_number + step)
                    )
    verdicts = [phonenumbers.is_valid_number(n) for n in nums]
    assert [valid_number(n) for n in nums] == verdicts
    assert 500 < sum(verdicts) < len(nums) - 500


def test_phone_cue_search_is_the_substring_tests_at_word_starts() -> None:
    from replay.redact.phones import PHONE_CUES, _word_cue

    texts = [t.lower() for t in _phone_texts(6, 500) + _texts(6, 500)]
    texts += ["".join(random.Random(i).sample(list("callphonetextme"), 12)) for i in range(1000)]

    def at_word_start(low: str, cue: str, lo: int, a: int) -> bool:
        p = low.find(cue, lo, a)
        while p >= 0:
            if not (p and "a" <= low[p - 1] <= "z"):
                return True
            p = low.find(cue, p + 1, a)
        return False

    texts += ["".join(random.Random(i).sample(list("iphone hotel recall"), 12)) for i in range(1000)]
    for low in texts:
        for a in range(0, len(low) + 1, 5):
            want = any(at_word_start(low, cue, max(0, a - 32), a) for cue in PHONE_CUES)
            assert (_word_cue(low, max(0, a - 32), a) is not None) == want, (low, a)


def test_phone_cue_from_the_automaton_is_the_regex_search_at_word_starts() -> None:
    """``_word_cue`` picks from the automaton's matches what a search of the cues' alternation, resumed past
    each match after a letter, finds: the same start, end and cue, from every position and up to any end."""
    from replay.redact.phones import PHONE_CUES, _word_cue

    flat = re.compile("|".join(map(re.escape, PHONE_CUES)))
    rng = random.Random(7)
    texts = [t.lower() for t in _phone_texts(7, 400) + _texts(7, 300)]
    texts += ["".join(rng.sample(list("callphonetextme iphone hotel recall telefon"), 20)) for _ in range(500)]
    texts += ["mobile móvil 携帯 电话 telemóvel teléfono ring me ring mig text me", "xtel tel. cell celular"]
    found = 0
    for low in texts:
        for pos in range(0, len(low) + 1, 2):
            end = rng.randint(pos, min(len(low), pos + 40))
            m = flat.search(low, pos, end)
            while m is not None and m.start() and "a" <= low[m.start() - 1] <= "z":
                m = flat.search(low, m.start() + 1, end)
            found += m is not None
            assert _word_cue(low, pos, end) == (m and (m.start(), m.end(), m.group(0))), (low, pos, end)
    assert found > 200


@pytest.mark.parametrize("seed", range(3))
def test_literal_alternation_tree_matches_as_the_flat_one(seed: int) -> None:
    """The tree of a word list's shared starts finds what the flat alternation does, from any position and up
    to any end: the phone and number cues, and lists of words that start one another, in any order."""
    from replay.redact.digits import _NUMBER_CUE, _VERSION_CUES
    from replay.redact.phones import PHONE_CUES, literal_alternation

    rng = random.Random(seed)
    lists = [
        [rng.choice(["t", "te", "tel", "tele", "e", "el", "l", "a", "ab", " a", "é"]) for _ in range(8)]
        for _ in range(60)
    ]
    texts = [t.lower() for t in _phone_texts(seed, 300) + _texts(seed, 300)]
    texts += ["".join(rng.choice("telab é") for _ in range(20)) for _ in range(300)]
    assert _NUMBER_CUE.pattern == literal_alternation(PHONE_CUES + _VERSION_CUES)
    for words in [list(PHONE_CUES), list(PHONE_CUES + _VERSION_CUES), *lists]:
        flat, tree = re.compile("|".join(map(re.escape, words))), re.compile(literal_alternation(words))
        for t in rng.sample(texts, 200) if len(words) < 10 else texts:
            for pos in range(0, len(t) + 1, 3):
                end = rng.randint(pos, len(t))
                m, n = flat.search(t, pos, end), tree.search(t, pos, end)
                assert (m and (m.span(), m.group(0))) == (n and (n.span(), n.group(0))), (words, t, pos, end)


@pytest.mark.parametrize("seed", range(2))
def test_digit_runs_found_as_the_regex_finds_them(seed: int) -> None:
    from replay.redact.digits import _NUM, SHAPE_TABLE, _num_matches

    texts = _texts(seed, 2000) + _ascii_texts(seed, 1000) + _phone_texts(seed, 1000)
    assert sum(bool(_NUM.search(t)) for t in texts) > 1000
    for t in texts:
        got = [m.span() for m in _num_matches(t, t.encode(), t.encode().translate(SHAPE_TABLE))]
        assert got == [m.span() for m in _NUM.finditer(t)], t


def _hex_texts(seed: int, n: int) -> list[str]:
    """ASCII texts of hex digits, colons, dashes and dots: IPv6 and MAC addresses, times, UUIDs and tokens."""
    rng = random.Random(seed)
    atoms = [
        "a", "F", "0", "9", "g", ":", "::", ":::", "-", " ", "fe80::1", "2001:db8::8a2e:370:7334", "3C-22-FB-12-9A-0E",
        "3c-22-fb-12-9a", "10:30", '"id":', "gpt-4o-mini-2024-07-18", "SK" + "0a" * 16, "AC" + "1f" * 16,
        "123456789:AA" + "x_-" * 11, "AKIA" + "Q" * 16, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "b" * 19, "_",
        ".", "001a.2b3c.4d5e", "2b3c.4D5e", "1.2.3",
    ]  # fmt: skip
    return ["".join(rng.choice(atoms) for _ in range(rng.randint(0, 30))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(2))
def test_ipv6_cues_and_mac_hints_as_the_hex_shape_gives_them(seed: int) -> None:
    """The cues found from colons are the needle searches' over the hex shape, and a text ruled out by the
    dashed or the dotted hint holds no dashed MAC's shape, no dotted one."""
    from replay.redact.digits import _v6_cues
    from replay.redact.macs import _DASHED, _DASHED_HINT, _DOTTED, _DOTTED_HINT, HEX_TABLE

    texts = _hex_texts(seed, 4000) + _ascii_texts(seed, 1000)
    assert sum(_DASHED in t.encode().translate(HEX_TABLE) for t in texts) > 100
    assert sum(_DOTTED.search(t) is not None for t in texts) > 100
    for t in texts:
        raw = t.encode()
        hexes = raw.translate(HEX_TABLE)
        want = sorted(
            [p for p in range(len(raw)) if hexes.startswith(b"h:h", p)]
            + [p for p in range(len(raw)) if raw.startswith(b"::", p)]
        )
        assert _v6_cues(raw, hexes) == want, t
        assert _DASHED_HINT.search(raw) is not None or _DASHED not in hexes, t
        assert _DOTTED_HINT.search(raw) is not None or _DOTTED.search(t) is None, t
        # ``MacFinder.find``'s needles before each hint's search: every hint's match holds its needle
        assert _DASHED_HINT.search(raw) is None or b"-hh-hh-" in hexes, t
        assert _DOTTED_HINT.search(raw) is None or b"hhhh.hhhh.hhhh" in hexes, t


@pytest.mark.parametrize("seed", range(2))
def test_ipv6_pass_skips_only_texts_where_it_reads_nothing(seed: int) -> None:
    """A text with no "::" and no five colons in a row between hex groups (``digits._FIVE_GROUPS``), which
    ``DigitFinder._ipv6`` does not read, holds no IPv6 match it would take: no MAC of colon pairs, none of 7 colons."""
    from replay.redact.digits import _FIVE_GROUPS, _IPV6
    from replay.redact.macs import HEX_TABLE, colon_mac

    rng = random.Random(seed)
    groups = ["", "0", "a", "fF", "123", "dead", "beef0", "g", "10:30:00", ":"]
    texts = _hex_texts(seed, 3000) + [
        ":".join(rng.choice(groups) for _ in range(rng.randint(2, 10))) for _ in range(3000)
    ]
    skipped = taken = 0
    for t in texts:
        found = [m.group(0) for m in _IPV6.finditer(t)]
        useful = [v for v in found if colon_mac(v) or (v.count(":") >= 7 and "::" not in v)]
        if "::" not in t and _FIVE_GROUPS.search(t.encode().translate(HEX_TABLE)) is None:
            assert not useful, t
            skipped += bool(found)
        taken += bool(useful)
    assert skipped > 300 and taken > 30


@pytest.mark.parametrize("seed", range(2))
def test_a_digit_run_with_a_colon_and_no_blank_nor_dot_is_read_as_nothing(finder, seed: int) -> None:  # type: ignore[no-untyped-def]
    """``DigitFinder._numbers`` does not read a run holding a colon with no blank nor dot (a time of day): each
    reading of ``_cluster`` finds nothing in one, whatever stands around it (a capital, a "+", a field's name)."""
    from replay.redact.digits import _NUM

    rng = random.Random(seed)
    runs = ["10:30:00", "2024-05-01T10:30:00Z", "12:34:56:78", "4111:1111:1111:1111", "555:0132:4155", "(020):79460958"]
    runs += ["123456:789", "12:34:56:78:90:12", "1234567:8", "12345678901234567:X", "1:2/3-4(5)6:7"]
    around = ["", " ", "+", "(", "T", "X", "_", "-", "ORD-", "phone ", '"ssn": ', "card ", "A1", "/", "EAC"]
    read = 0
    for _ in range(2000):
        text = rng.choice(around) + "".join(rng.choice(runs) for _ in range(rng.randint(1, 2))) + rng.choice(around)
        for m in _NUM.finditer(text):
            run = m.group(0)
            if ":" in run and " " not in run and "." not in run:
                hits: list = []
                finder.digits._cluster(text, text.lower(), m.start(), m.end(), hits)
                assert hits == [], text
                read += 1
    assert read > 1000


@pytest.mark.parametrize("seed", range(2))
def test_token_passes_find_nothing_in_a_text_without_a_run(finder, seed: int) -> None:  # type: ignore[no-untyped-def]
    """A text that ``run_shape`` rules out gives no hit to the tail nor the base64 pass: the finder skips them."""
    from replay.redact.tokens import run_shape

    texts = _hex_texts(seed, 3000) + _texts(seed, 2000) + _ascii_texts(seed, 1000)
    found = 0
    for t in texts:
        hits: list = []  # type: ignore[type-arg]
        finder.tokens.tail(t, t.encode(), hits)
        finder.tokens.base64_runs(t, t.encode(), hits)
        found += bool(hits)
        assert run_shape(t.encode()) is not None or not hits, t
    assert found > 100


@pytest.mark.parametrize("seed", range(2))
def test_field_names_read_from_the_id_map_as_from_the_characters(finder, seed: int) -> None:  # type: ignore[no-untyped-def]
    """On an ASCII text, a field rule given the text's ``ID_TABLE`` map finds what it finds from the characters,
    at every key cue."""
    from replay.redact.fieldkeys import ID_TABLE
    from replay.redact.hits import Hit

    keys = ['"password": "Qr7!dke#39"', " Date of Birth: 1987-04-05", '"Product Name": "Ana Lima"', "pwd=hunter22&x=1"]
    texts = _ascii_texts(seed, 2000) + ["".join(random.Random(i).sample(keys, 3)) for i in range(300)]
    found = 0
    for t in texts:
        low, raw = t.lower(), t.encode()
        for idx, s, _ in finder._ac_ascii.find_matches_as_indexes(raw.lower(), overlapping=True):
            if any(family == "key" for family, _ in finder._cue_list[idx]):
                got: list[Hit] = []
                want: list[Hit] = []
                got_seen: set[int] = set()
                want_seen: set[int] = set()
                finder.fields.at(t, low, s, got, got_seen, raw.translate(ID_TABLE))
                finder.fields.at(t, low, s, want, want_seen)
                assert [(h.start, h.end, h.kind, h.rep) for h in got] == [(h.start, h.end, h.kind, h.rep) for h in want]
                assert got_seen == want_seen, t
                found += bool(want)
    assert found > 200


@pytest.mark.parametrize("seed", range(2))
def test_field_end_is_the_tail_of_the_place_and_thing_fields(seed: int) -> None:
    """``personal._field_end`` is the search of the two fields' common tail, up to any end from any start; a window
    it rules out holds neither field."""
    from replay.redact.personal import _PLACE_FIELD, _THING_FIELD, _field_end

    tail = re.compile(r"[:=][ \t]*(?:\\?[\"'])?\Z")
    rng = random.Random(seed)
    keys = ['"city": "', "city=", "Town :\t'", '"vendor\\": \\"', "store]: ", "hotel = \\'", "x:", '="', "\\", "]"]
    texts = _texts(seed, 1000) + [f"{t}{rng.choice(keys)}{rng.choice(keys)}" for t in _name_texts(seed, 1000)]
    fields = 0
    for t in texts:
        for a in range(len(t) + 1):
            lo = max(0, a - rng.choice((24, 3, 0)))
            assert _field_end(t, lo, a) == bool(tail.search(t, lo, a)), (t, lo, a)
        for a in (len(t), *rng.sample(range(len(t) + 1), min(len(t), 3))):  # the fields' regexes are slow
            lo = max(0, a - 24)
            if _PLACE_FIELD.search(t, lo, a) or _THING_FIELD.search(t, lo, a):
                fields += 1
                assert _field_end(t, lo, a), (t, a)
    assert fields > 300


@pytest.mark.parametrize("seed", range(2))
def test_us_street_search_fails_where_the_last_word_is_lower_case(seed: int) -> None:
    from replay.redact.places import _US_BACK, _lower_last_word

    rng = random.Random(seed)
    streets = [
        "1420 Maple Crest ",
        "12 N. Main ",
        "221B Baker ",
        "7 42nd ",
        "5521 119 Countess ",
        "9 東京 ",
        "3 days. ",
    ]
    texts = [
        f"{t} {rng.choice(streets)}{rng.choice(['', 'x', ' '])}" for t in _name_texts(seed, 800) + _texts(seed, 800)
    ]
    ruled_out = found = 0
    for t in texts:
        for end in range(len(t) + 1):
            lo = max(0, end - 60)
            if _lower_last_word(t, lo, end):
                ruled_out += 1
                assert _US_BACK.search(t, lo, end) is None, (t, end)
            elif end % 4 == 0:  # the search is slow
                found += _US_BACK.search(t, lo, end) is not None
    assert ruled_out > 5000 and found > 200


@pytest.mark.parametrize("seed", range(2))
def test_no_name_matched_where_lower_case_or_a_quote_follows_a_cue(seed: int) -> None:
    """Where ``personal._no_name_after`` rules a cue's end out, ``nameshapes.match_name`` finds no name after it for
    any strength but "strong" and "title" (nor "before", whose name is before the cue), nor ``mentions.reread`` for
    the cues it reads again when none was found."""
    from replay.redact.mentions import UNFOUND_CUES, reread
    from replay.redact.names import NAME_TRIGGERS
    from replay.redact.nameshapes import match_name
    from replay.redact.people import PersonFinder
    from replay.redact.personal import _no_name_after

    finder = PersonFinder()
    strengths = set(NAME_TRIGGERS.values()) - {"strong", "title", "before"}
    rng = random.Random(seed)
    tails = [" jane", "\tby", "  ", "", ", Ana", "\nAna", " A. Lee", " Ana", " über", ",\n Ana", " ĀNA", " 1"]
    tails += [" 'Ana'", ' "Jane', "“Ana Lee”", " ‘A. Lee", "«Ana", " „Ana", "'\nAna", '"\\nAna', "' in"]
    texts = [f"{t}{rng.choice(tails)}{rng.choice(tails)}" for t in _name_texts(seed, 400) + _texts(seed, 400)]
    cues = sorted(UNFOUND_CUES)
    ruled_out = found = 0
    for t in texts:
        for e in range(len(t) + 1):
            if not _no_name_after(t, e):
                found += any(match_name(t, e, s, finder.named) is not None for s in strengths)
                continue
            ruled_out += 1
            for strength in strengths:
                assert match_name(t, e, strength, finder.named) is None, (t, e, strength)
            for cue in rng.sample(cues, 2):  # a greeting's, a sign-off's, a copy's: each rule's in turn
                assert reread(t, e, e, cue, None, finder) is None, (t, e, cue)
    assert ruled_out > 5000 and found > 500


@pytest.mark.parametrize("seed", range(2))
def test_speakers_ruled_out_without_a_capital_after_the_cue(seed: int) -> None:
    """Where ``speech.speakers`` returns at once (no capital A-Z right after its cue), none of its readings matches."""
    from replay.redact.speech import _ASKED, _ONE, _TO

    rng = random.Random(seed)
    tails = [" Ana", " 'Ana'", "Ana", "Ana to Lee.", "'in", "ana", " 1", "Éva", "Ōta", "", "\\n", "Jane ran?"]
    texts = [f"{t}{rng.choice(tails)}{rng.choice(tails)}" for t in _name_texts(seed, 300) + _texts(seed, 300)]
    ruled_out = found = 0
    for t in texts:
        for e in range(len(t) + 1):
            matches = [rx.match(t, e) for rx in (_TO, _ONE, _ASKED)]
            if "A" <= t[e : e + 1] <= "Z":
                found += any(m is not None for m in matches)
            else:
                ruled_out += 1
                assert matches == [None, None, None], (t, e)
    assert ruled_out > 5000 and found > 500


@pytest.mark.parametrize("seed", range(2))
def test_vocatives_searched_only_after_a_capitalised_word(seed: int) -> None:
    """Where ``spoken._word_before`` rules a mark out, neither ``_VOCATIVE_AFTER`` nor ``_VOCATIVE_BARE`` matches
    in the window ``vocatives`` searches before it (with the question marks before it, for the bare one)."""
    from replay.redact.spoken import _VOCATIVE_AFTER, _VOCATIVE_BARE, _VOCATIVE_REACH, _word_before

    rng = random.Random(seed)
    tails = ["?", "!", "??", " ?", "\t!", "? ", "?!"]
    # Latin Extended-A letters, in both CAPITAL and REST; names spoken to before a mark, or in lower case
    odd = ["ĀNA", "ąĄą", ", Ōta", "žŠ", "łukasz", ", O'Brien", "you", "do Sabrina", "it's", ", Jane", "was Ana "]
    texts = [
        f"{t} {rng.choice(odd)}{rng.choice(tails)}{rng.choice([*odd, ''])}{rng.choice(tails)}"
        for t in _name_texts(seed, 600) + _texts(seed, 300)
    ]
    ruled_out = found = 0
    for t in texts:
        for p, mark in enumerate(t):
            if mark not in "?!":
                continue
            lo, q = max(0, p - _VOCATIVE_REACH), p
            while mark == "?" and q > lo and t[q - 1] == "?":
                q -= 1
            searches = [
                _VOCATIVE_AFTER.search(t, lo, p + 1),
                _VOCATIVE_BARE.search(t, lo, p + 1) if mark == "?" else None,
            ]
            if _word_before(t, q, lo):
                found += any(m is not None for m in searches)
            else:
                ruled_out += 1
                assert searches == [None, None], (t, p)
    assert ruled_out > 800 and found > 500


@pytest.mark.parametrize("seed", range(2))
def test_word_before_a_mark_read_in_the_shape_as_in_the_text(seed: int) -> None:
    """In an ASCII text, ``spoken._shape_word_before`` over its shape says what ``_word_before`` says over its
    characters, at every end and every window's start."""
    from replay.redact.digits import SHAPE_TABLE
    from replay.redact.spoken import _shape_word_before, _word_before

    rng = random.Random(seed)
    odd = ["O'Brien", "Mary-Kate", "x-y", "'", "-", "A", "a", "AB", " \t ", "9", "Ab9", "_Bo", "@Cy", "?", "!"]
    texts = [t + rng.choice(odd) + rng.choice(odd) for t in _name_texts(seed, 300) + _ascii_texts(seed, 300)]
    texts = [t.encode("ascii", "ignore").decode() for t in texts]
    held = 0
    for t in texts:
        shape = t.encode().translate(SHAPE_TABLE)
        for p in range(len(t) + 1):
            for lo in {0, max(0, p - 64), max(0, p - 3), max(0, p - 1), p}:
                want = _word_before(t, p, lo)
                assert _shape_word_before(shape, p, lo) == want, (t, p, lo)
                held += want
    assert held > 5000


@pytest.mark.parametrize("seed", range(2))
def test_vocatives_over_the_shape_as_over_the_text(seed: int) -> None:
    """``spoken.vocatives`` given an ASCII text's shape finds what it finds without it."""
    from replay.redact.digits import SHAPE_TABLE
    from replay.redact.people import PersonFinder
    from replay.redact.spoken import vocatives

    finder = PersonFinder()
    rng = random.Random(seed)
    odd = [", Jane?", " do Sabrina?", ", Omar!", "Ana, can you", ", Priya.", "Doe, Jane.", "??", " ?", "!"]
    texts = [t + rng.choice(odd) + rng.choice(odd) for t in _name_texts(seed, 600) + _ascii_texts(seed, 300)]
    texts = [t.encode("ascii", "ignore").decode() for t in texts]
    found = 0
    for t in texts:
        want = vocatives(t, finder.alone, finder.rare)
        assert vocatives(t, finder.alone, finder.rare, t.encode().translate(SHAPE_TABLE)) == want, t
        found += len(want)
    assert found > 300


def test_remembered_verdicts_and_pseudonyms_are_the_fresh_ones() -> None:
    """The memos of the name pass (``alone``, a name's pseudonym, whether it is one already, ``_trim``,
    ``is_first_name``) give what the functions they remember give, asked twice (the second time remembered)."""
    from replay.redact import nameshapes, personal
    from replay.redact.people import PersonFinder
    from replay.redact.pseudonym import Pseudonyms, has_invented_word, is_invented_name

    finder = PersonFinder()
    ps = Pseudonyms(b"k" * 32)
    pf = personal.PersonalFinder(ps, {"name": True, "address": True})
    words = {w for t in _name_texts(0, 300) for w in t.split()} | {"Hello", "Thanks", "Zanholm", "Ana Zanholm"}
    fresh = Pseudonyms(b"k" * 32)
    for _ in range(2):
        for w in sorted(words):
            assert finder.alone(w) == finder._is_alone(w), w
            assert pf._pseudonym(w) == fresh.name(w), w
            assert personal._invented_name(w) == is_invented_name(w), w
            assert personal._invented_word(w) == has_invented_word(w), w
            assert nameshapes._trim(w) == nameshapes._trim.__wrapped__(w), w
            assert nameshapes.is_first_name(w) == nameshapes.is_first_name.__wrapped__(w), w
    assert any(map(finder.alone, words)) and any(map(has_invented_word, words))


@pytest.mark.parametrize("seed", range(2))
def test_addressed_tried_at_the_capitals_scan_candidates_as_the_regex_finds_them(seed: int) -> None:
    """``spoken._ADDRESSED`` tried only where the capitals scan of an ASCII text finds a candidate (``capitals``) gives
    the matches (spans and groups) of its search over the whole text."""
    from replay.redact.capitals import scan
    from replay.redact.spoken import _ADDRESSED, _addressed_matches

    rng = random.Random(seed)
    tails = [", you", " you", " u", "\t\tpls", ", thanks", "'s car", "'s", "  is", " wasn't", ",\t", " and I", "-", "'"]
    tails += [" and I'm", " and O'- is", " and  A", " said", " and his ", ", are", " the", " isn't", " Is", "'s Car"]
    tails += ["'s's x", "'-'s y", " ur", " urn", " and\ther\t", " and hers", " shouldn't", " can't", "'s\t", "s' car"]
    texts = [
        f"{t}{rng.choice(tails)} {rng.choice(['Ana', 'O', 'OK', '', '_Bo', '@Cy', 'A'])}{rng.choice(tails)}"
        for t in _name_texts(seed, 800) + _ascii_texts(seed, 400)
    ]
    texts = [t.encode("ascii", "ignore").decode() for t in texts]  # the scan is an ASCII text's
    found = 0
    for t in texts:
        want = [(m.span(), m.groups()) for m in _ADDRESSED.finditer(t)]
        assert [(m.span(), m.groups()) for m in _addressed_matches(t, scan(t).addressed)] == want, t
        found += len(want)
    assert found > 400


def test_a_name_cue_inside_a_word_introduces_no_name(finder) -> None:  # type: ignore[no-untyped-def]
    """``detectors`` calls no name cue's handler right after a letter unless its strength is one of
    ``personal.IN_WORD_CUES``: there ``PersonalFinder._cued`` finds none, at every cue of every strength."""
    from replay.redact.mentions import MENTION_TRIGGERS
    from replay.redact.names import NAME_TRIGGERS
    from replay.redact.personal import IN_WORD_CUES

    personal = finder.personal
    tails = ["Jane Doe", " Jane Doe", ": Jane Doe", "jane doe", ",\nJane", " Mr. Omar Khan called", "", ".", " "]
    found = 0
    for cue, strength in [*NAME_TRIGGERS.items(), *MENTION_TRIGGERS.items()]:
        for head in ("Xa", "the team", "Hi ", "", "é"):
            for tail in tails:
                text = f"{head}{cue}{tail}"
                low, s = text.lower(), len(head)
                if len(low) != len(text):
                    continue
                got = personal._cued(text, low, s, s + len(cue), strength)
                if s and strength not in IN_WORD_CUES and low[s - 1].isalpha():
                    assert got == [], (text, strength)
                found += bool(got)
    assert found > 100


def test_an_ascii_token_holds_no_name_of_the_prose_pass(finder) -> None:  # type: ignore[no-untyped-def]
    """An ASCII text with no blank, line break nor "@" (an id, a key, a URL) is one ``PersonalFinder.people`` (which
    returns at once, given its shape) finds nothing in with every pass, as without the shape."""
    from replay.redact.digits import SHAPE_TABLE

    rng = random.Random(5)
    atoms = ["Jane", "Doe", "jane", "doe", "SMITH", "1", "2", "3.", "01/02/1980", "_", "-", ".", ",", "?", "!", ":"]
    atoms += ["Omar", "Khan", "Dear", "Hi", "and", "Thanks", "/", "'s", "Mr.", "Street", "42", "<", ">", "x"]
    texts = ["".join(rng.choice(atoms) for _ in range(rng.randint(1, 20))) for _ in range(3000)]
    texts += ["Jane,Doe", "JaneDoe", "jane.doe", "Dear,Jane", "1.SMITH2.JOHN", "Jane-Doe:", "Ana?", "Thanks,Ana!"]
    for t in texts:
        hits: list = []
        finder.personal.people(t, hits, t.lower(), None, True)
        assert hits == [], t
        finder.personal.people(t, hits, t.lower(), t.encode().translate(SHAPE_TABLE), True)
        assert hits == [], t


@pytest.mark.parametrize("seed", range(2))
def test_remote_logins_and_key_comments_searched_where_their_words_are(seed: int) -> None:
    """``accounts``: a window without one of ``_REMOTE_WORDS`` (or "ssh-", "ecdsa-") is one ``_REMOTE_BEFORE``
    (``_KEY_BEFORE``) finds nothing in, so ``remote`` and ``_key_before`` answer as the searches alone did."""
    from replay.redact.accounts import (
        _HOST_AFTER,
        _KEY_BEFORE,
        _REMOTE_BEFORE,
        _WORD_BEFORE,
        AccountFinder,
        _key_before,
    )

    rng = random.Random(seed)
    heads = [
        "ssh ", "ssh -i key.pem ", "scp f.txt ", "sftp ", "rsync -a x/ ", "mosh ", "ssh-copy-id ", "SSH ", "sshd ",
        "ssh-ed25519 " + "A" * 48 + " ", "ecdsa-sha2-nistp256 " + "b" * 44 + "== ", "sk-ssh-ed25519@openssh.com x ",
        "My email is ", "login as ", "(", "\n", "; ", "", "run: ",
    ]  # fmt: skip
    tails = ["jdoe@db1.example.com", "jane.berg53@example.com", "a@b", "jdoe@10.0.0.5:/tmp", "x @y", "@host"]
    texts = [
        f"{t}{rng.choice(heads)}{rng.choice(heads)}{rng.choice(tails)}"
        for t in _ascii_texts(seed, 300) + _name_texts(seed, 300)
    ]
    remote = key = 0
    for t in texts:
        for at in (i for i, c in enumerate(t) if c == "@"):
            word = _WORD_BEFORE.search(t, max(0, at - 32), at)
            lo = max(0, word.start() - 220) if word is not None else 0
            want = (
                word is not None
                and _HOST_AFTER.match(t, at) is not None
                and _REMOTE_BEFORE.search(t, lo, word.start()) is not None
            )
            assert AccountFinder.remote(t, at) == want, (t, at)
            remote += want
            hi = word.start() if word is not None else at
            want = _KEY_BEFORE.search(t, max(0, at - 1200), hi) is not None
            assert _key_before(t, max(0, at - 1200), hi) == want, (t, at)
            key += want
    assert remote > 80 and key > 30


def test_text_pass_counts_as_counter_increments(finder) -> None:  # type: ignore[no-untyped-def]
    """The text pass adds its counts with ``get`` into the Counter given (a fresh memo, then its hits): the counts
    and the order of kinds that ``+=`` on a Counter gave, kinds the Counter held already included."""
    from collections import Counter

    from replay.redact.textpass import TextPass

    tp = TextPass(finder.ps, finder)
    texts = [t for t in _ascii_texts(4, 600) + _phone_texts(4, 300) if finder.find(t)]
    assert len(texts) > 300
    for t in texts + texts:  # the second time from the memo
        want: Counter[str] = Counter({"email": 1})
        for h in finder.find(t):
            if h.kind and h.rep is not None:
                want[h.kind] += 1
        got: Counter[str] = Counter({"email": 1})
        tp.text(t, got)
        assert list(got.items()) == list(want.items()), t


@pytest.mark.parametrize("seed", range(2))
def test_strings_in_lower_case_found_in_an_ascii_shape_as_in_the_text(seed: int) -> None:
    """``lowernames``' search for a JSON string typed in lower case over an ASCII text's shape finds the strings the
    search over the text does, and ``lower_texts`` the same names in them."""
    from replay.redact import lowernames
    from replay.redact.digits import SHAPE_TABLE
    from replay.redact.people import PersonFinder

    people = PersonFinder()
    rng = random.Random(seed)
    words = ['"', '\\"', "", "\t", "hi", "maria garcia", "please call", "Ana", "OK", "ok", ":", "{", "42", "x-y", "zoe"]
    words += ["Q", '": "', '","', "will smith", "today", "_", "a", "the", "of"]
    # JSON-like strings of words and blanks (a sentence's three spaces or fewer), and the quotes and blanks between
    seps = ["", " ", ":", ",", ", ", '": "']
    texts = [
        "".join(rng.choice(seps) + '"' + " ".join(rng.choices(words, k=rng.randint(1, 9))) for _ in range(8))
        for _ in range(1000)
    ]
    texts += [t for t in _ascii_texts(seed, 400) if '"' in t]
    found, strings = 0, 0
    for t in (t for t in texts if t.isascii()):
        shape = t.encode().translate(SHAPE_TABLE)
        spans = [m.span() for m in lowernames._LOWER_STRING.finditer(t)]
        strings += len(spans)
        assert [m.span() for m in lowernames._LOWER_STRING_SHAPE.finditer(shape)] == spans, t
        want = list(lowernames.lower_texts(t, t.lower(), people.alone, people.surname))
        assert list(lowernames.lower_texts(t, t.lower(), people.alone, people.surname, shape)) == want, t
        found += len(want)
    assert strings > 300 and found > 10
