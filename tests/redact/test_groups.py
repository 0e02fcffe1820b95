"""Names said alone in a group of people (``replay.redact.groups``): a list after a count or a noun only people
are, a pair said to be such people; and lists of products, places and steps kept."""

from __future__ import annotations

import pytest

from replay.redact.groups import GROUP_CUES, members
from replay.redact.people import PersonFinder
from tests.redact.conftest import read_at_cues


def _at_cues(text: str, persons: PersonFinder) -> list[str]:
    return read_at_cues(text, GROUP_CUES, lambda t, s, e: members(t, s, e, persons))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("They had 6: Efimiya, Mary, Ariana, Isabel, Teresa and Jodi.", "Efimiya Mary Ariana Isabel Teresa Jodi"),
        ("they had 4: silvana, adam, kristina and caleb.", "silvana adam kristina caleb"),
        ("It is the brainchild of our 3 founders: Monjeau, Graves and Reed.  The idea", "Monjeau Graves Reed"),
        ("My cousins: Oddvar and Sigrun.", "Oddvar Sigrun"),
        ("my two brothers: Oddvar and Sigurd", "Oddvar Sigurd"),
        ("Is there a better song? Usamov and Bowers were precision engineers.", "Usamov Bowers"),
        ("Lamovec and Morales, both engineers, wrote it.", "Lamovec Morales"),
    ],
)
def test_group_members_found(persons: PersonFinder, text: str, names: str) -> None:
    assert _at_cues(text, persons) == names.split()


@pytest.mark.parametrize(
    "text",
    [
        "We support 3: Postgres, MySQL and SQLite.",
        "Step 3: Add, Commit and Push.",
        "We visited 3: Paris, Rome and Berlin.",
        "our 2 founders: Monjeau, Graves and Reed.",  # the count says another list
        "my two brothers: Oddvar, Sigurd and Bo.",
        "Python and Rust were both engineers' favourites",
        "Java and Tesla were engineers",
        "Amazon, Google and Slack are friends",
        "HTML and CSS were friends",
        "Sales and Marketing are friends of ours",
        "apples and oranges were friends",
        "the friendship: Anna and Bob",
        "Rome and Paris are sisters.",
    ],
)
def test_other_lists_kept(persons: PersonFinder, text: str) -> None:
    assert _at_cues(text, persons) == []
