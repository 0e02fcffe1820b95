"""Names said alone before whose kin they have, a person's relative clause or a court's opinion
(``replay.redact.relatives``); a firm's or a thing's possessive, a word in lower case that is no given name, "which"
and a firm's or a team's filing or joining kept."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from replay.redact.people import PersonFinder
from replay.redact.relatives import BENCH_CUES, KIN_OF_CUES, WHO_CUES, bench, kin_owner, who_before
from tests.redact.conftest import read_at_cues


def _at_cues(text: str, persons: PersonFinder) -> list[str]:
    return read_at_cues(text, KIN_OF_CUES, lambda t, s, e: kin_owner(t, s, e, persons)) + read_at_cues(
        text, WHO_CUES, lambda t, s, e: who_before(t, s, e, persons)
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('mika: "who are you?"\ntracy:"i\'m roberto\'s daughter".', "roberto"),  # presidio_synth's, in lower case
        ("Kaczmarek's wife called about the invoice.", "Kaczmarek"),
        ("I met Kaczmarek’s children yesterday.", "Kaczmarek"),
        ("i saw maria's husband at the shop", "maria"),
        ("There's of course Jason, who is our editor.", "Jason"),  # gum_dev's
        ("I asked Kowalczyk, who said no.", "Kowalczyk"),
        ("Anna Kowalczyk, who's on leave, signed it.", "Anna Kowalczyk"),
        ("the cheeky slap on the back of Holt's head.", "Holt"),  # btc_dev's: what only a person has
        ("I love Vader's entrance.", "Vader"),  # wnut17_dev's
        ("We went to Kowalczyk's funeral last week", "Kowalczyk"),
    ],
)
def test_names_found(persons: PersonFinder, text: str, names: str) -> None:
    assert _at_cues(text, persons) == [names]


@pytest.mark.parametrize(
    "text",
    [
        "Python's creator is Guido.",  # no kin word: a firm's and a language's have creators and teams
        "Google's team shipped it.",
        "the client's wife called",  # a word in lower case that is no given name
        "will's son",  # an ordinary word though a given name too
        "the company, which makes widgets",
        "We moved to Kafka, which is faster.",
        "Thanks to Google, who sponsored us.",  # no name of the lexicon
        "the sonar's son, whose",
        "Ask the team, whoever is on call.",
        "Anna's sonar reading",  # a word that starts with a kin word
        "Apple's head of design left",  # a firm's head
        "London's face changed a lot",  # a big city's
        "Python's death has been predicted for years",  # no name of the lexicon
    ],
)
def test_other_words_kept(persons: PersonFinder, text: str) -> None:
    assert _at_cues(text, persons) == []


def test_redacted_in_a_message(r: Redactor) -> None:
    """The whole engine: the names go, the ordinary words around them stay."""
    out, counts = r.text("i'm roberto's daughter. There's Jason, who is our editor. Google's team, which ships.")
    assert "roberto" not in out and "Jason" not in out
    assert "Google's team, which ships." in out and counts["name"] == 2


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "KENNEDY filed an opinion concurring in part, in which SOUTER, GINSBURG, and BREYER joined.",
            ["KENNEDY", "SOUTER", "GINSBURG", "BREYER"],
        ),
        ("SCALIA filed a dissenting opinion, in which THOMAS and ALITO joined.", ["SCALIA", "THOMAS", "ALITO"]),
        ("REHNQUIST, C. J., delivered the opinion of the Court.", ["REHNQUIST"]),
        ("SOUTER, J., filed a dissenting opinion, in which O'CONNOR, J., joined.", ["SOUTER", "O'CONNOR"]),
        (
            "Justice Breyer filed a dissenting opinion, in which Ginsburg and Sotomayor joined.",
            ["Breyer", "Ginsburg", "Sotomayor"],
        ),
    ],
)
def test_the_judges_of_a_court_s_opinion(persons: PersonFinder, text: str, names: list[str]) -> None:
    found = read_at_cues(text, BENCH_CUES, lambda t, s, e: bench(t, s, e, persons))
    assert sorted(found) == sorted(names)


@pytest.mark.parametrize(
    "text",
    [
        "The Court filed an opinion on Monday.",
        "NASA filed a lawsuit against the contractor.",
        "KENNEDY filed a motion to dismiss.",
        "the club in which Arsenal and Chelsea joined forces",
        "a league in which NASA and ESA joined",
        "In 2019 Maria joined the team.",
    ],
)
def test_a_filing_or_a_joining_that_is_no_court_s_opinion_names_no_judge(persons: PersonFinder, text: str) -> None:
    assert read_at_cues(text, BENCH_CUES, lambda t, s, e: bench(t, s, e, persons)) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Unlike the Jensen novel, it's not about necrophilia.", "Jensen"),  # presidio_synth's
        ("I just finished her third Ásgeirsdóttir novel.", "Ásgeirsdóttir"),
        ("the Sokolov novels are long", "Sokolov"),
        ("This song by ex-Zombie Kastner is a perfect example", "Kastner"),  # presidio_synth's
        ("ex-Beatle Ringo Starr played", "Ringo Starr"),
        ("Interview with ex-Google engineer Seppinen today", "Seppinen"),  # a role's word between, a rare name
    ],
)
def test_a_writer_before_their_novel_and_a_group_s_former_member(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "It reads like the Gothic novel we studied.",  # a word, a place, a brand, a city, a franchise
        "the Russian novels are long",
        "It reads like the Marvel novel we studied.",
        "It reads like the Oxford novel we studied.",
        "It reads like a Discworld novel.",
        "Unlike the novelty of it",
        "a Novel Approach to Caching",
        "the ex-Soviet Union states",  # a word, a brand's product after a brand or a word
        "ex-Twitter Blue users",
        "ex-Docker Desktop users",
        "ex-Red Hat staff",
        "the regex-Based Parsing",  # "ex-" inside a word
    ],
)
def test_a_book_s_or_a_group_s_words_that_name_no_one_stay(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Timotea lives on Via dei Fiorentini 17 street.", "Timotea"),  # presidio_synth's: a home's street after it
        ("Ciset lives at Rua Pellmere 74.", "Ciset"),
        ("Quionia is from Areavibes Inc", "Quionia"),  # a firm's name with its legal form after it
        ("Trivo works at Civic Impulse LLC now.", "Trivo"),
    ],
)
def test_a_rare_name_before_a_home_s_address_or_a_firm_with_its_legal_form(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    ["Redis lives on port 6379.", "Kubernetes lives on GitHub now.", "Kubernetes is from Google.", "Acme is from Ohio"],
)
def test_a_product_before_lives_or_is_from_stays(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
