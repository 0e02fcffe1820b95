"""People a message names by how it greets them, who to ask for, whose assistant, who phoned (``redact.mentions``)."""

from __future__ import annotations

import json

import pytest

from replay.redact import Redactor
from replay.redact.mentions import MENTION_TRIGGERS
from replay.redact.names import NAME_TRIGGERS


def test_no_cue_is_a_names_cue_too() -> None:
    # both tables' cues go to the pass side by side: one in both would be read twice, by two rules
    assert not set(MENTION_TRIGGERS) & set(NAME_TRIGGERS)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi Leontyne,\nthe invoice is attached.", "Leontyne"),
        # greeted, a rare word that looks a name as much as one beside a known name must
        ("Hello Berengaria! Your table is ready.", "Berengaria"),
        ("Γεια σου Γιώργο, μπορείς να μου στείλεις το αρχείο;", "Γιώργο"),
        ("Thanks Thaddeus, the deploy went through.", "Thaddeus"),
        ("Dearest Clementine,\nwe arrived safely.", "Clementine"),
        ("See you Sunday. Love, Fitzwilliam", "Fitzwilliam"),
        ("Adding finance.\ncc Ermengarde", "Ermengarde"),
        # a greeting opening a message (a text's, a line's, a quote's): its word is who the message is for, however
        # little it looks a name
        ("Reply to this: 'Hi Ottoline, can we move the call?'", "Ottoline"),
        ("Thanks Ottoline, that fixed it.", "Ottoline"),
        # who to ask for or speak to, whose assistant
        ("At the front desk ask for Marmaduke please", "Marmaduke"),
        ("Sign the delivery, then talk to Ottilie Brackenbury.", "Brackenbury"),
        ("Could you speak to Leopoldina about the refund?", "Leopoldina"),
        ("If I am away my assistant is Percival and he can sign.", "Percival"),
        ("My supervisor, Cornelius, signed the form.", "Cornelius"),
        # greeted by the time of day, signing "Yours"
        ("Good morning Indira!", "Indira"),
        ("Yours,\nBhavika", "Bhavika"),
        ("Yours, Aoife", "Aoife"),
    ],
)
def test_a_rare_name_greeted_signing_or_asked_for(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] >= 1, out


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Leontyne Ashcombe messaged us yesterday.", ["Leontyne", "Ashcombe"]),
        (json.dumps({"note": "Sorry for the wait. Jedrick Pocklington called twice."}), ["Jedrick", "Pocklington"]),
    ],
)
def test_a_rare_full_name_that_phoned(r: Redactor, text: str, gone: list[str]) -> None:
    out, found = r.text(text)
    assert not any(g in out for g in gone) and found["name"] >= 1, out


@pytest.mark.parametrize(
    "text",
    [
        *("Thanks Google, it worked.", "Hi Team,\nthe build is red.", "Dear Customer,\nyour order shipped."),
        *("Regards, The Acme Team", "Cheers,\nThe Payments Team", "Love, Island vibes only tonight"),
        *("Thanks Southland.", "Please ask for Approval first.", "Please speak to Billing about it."),
        *("My manager, Operations, approved it.", "Azure Functions called the webhook twice."),
        *("Stripe Billing emailed the receipt.", "Kafka Connect called the sink.", "Acme Corp called about it."),
        *("Best regards,\nCustomer Success", "cc Support", "Please talk to Customer Service."),
        *("Hi Kubernetes, the pod restarts.", "Hi Shopify, my store is down.", "Hi Folks, the build is red."),
        *("Hallo Welt, hier ist der Bot!", "Hi Twilio, my SMS failed."),
        "so I said hi Ottoline, and left",  # no message's opening: a name must look like one
        # a label's capitalised cue, then a measure's or a page's two words, the last an ordinary word
        *("Customer Acquisition Cost fell 12%.", "Update the Customer Retention Strategy deck."),
        *("Yours, The Team", "Yours sincerely,\nAcme Ltd", "Good morning, Vietnam!", "Sorry, Support is closed"),
        "Good evening everyone",
    ],
)
def test_a_team_a_product_or_a_firm_is_no_ones(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"),
    [  # a label's capitalised cue before two words that are names, each a word too ("Rose", "Hunter", "Summer")
        ("Customer Rose Miller called about the refund.", "Rose Miller"),
        ("Customer Hunter Brown complained twice.", "Hunter Brown"),
        ("Contact Summer Lee for access.", "Summer Lee"),
    ],
)
def test_a_name_after_a_label_s_capitalised_cue_is_still_found(r: Redactor, text: str, name: str) -> None:
    assert name not in r.text(text)[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bedankt Marijke, uw pakket is onderweg.", "Marijke"),
        ("Dank je, Hilleke! Tot morgen.", "Hilleke"),
        ("Merci Bérangère, votre commande est prête.", "Bérangère"),
        ("Danke, Hiltrud! Wir melden uns.", "Hiltrud"),
        ("Gracias Iratxe, tu cita está confirmada.", "Iratxe"),
        ("Grazie, Fiammetta! A domani.", "Fiammetta"),
        ("Dzięki Jadwiga, paczka już jedzie.", "Jadwiga"),
        ("Obrigada, Iolanda! Até logo.", "Iolanda"),
        ("Hallo Edeltraud, Ihr Termin steht.", "Edeltraud"),
    ],
)
def test_a_rare_name_thanked_or_greeted_in_another_language(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] >= 1, out


@pytest.mark.parametrize(
    "text",
    [
        *("Danke schön, bis bald!", "Merci beaucoup, à demain!", "Grazie mille, a presto!", "Danke, Team!"),
        *("Merci Infiniment, c'est parfait!", "Gracias Amigo, hasta luego!", "Bedankt allemaal, tot ziens."),
        *("Gracias Totales, el último concierto.", "Dzięki bardzo, do jutra!", "Merci Google, ça marche."),
    ],
)
def test_a_thanks_own_words_a_team_or_a_firm_abroad_are_no_ones(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


def test_who_manages_a_record_is_a_person_however_rare(r: Redactor) -> None:
    text = json.dumps({"matches": [{"relationship": "Parent/Child", "managedBy": "Ermengarde Ravenscroft"}]})
    out, found = r.text(text)
    assert "Ermengarde" not in out and found["name"] == 1, out
    team = json.dumps({"managedBy": "it-ops"})
    assert r.text(team)[0] == team


@pytest.mark.parametrize("label", ["Payroll", "Warehouse", "Conservatory", "Mudroom", "Guest Bedroom"])
def test_a_display_name_of_a_group_or_a_room_is_kept(r: Redactor, label: str) -> None:
    # a display name labels a group, a room, an app as often as a person: an ordinary word is no one's
    text = json.dumps({"value": [{"id": "g1", "displayName": label, "type": "room"}]})
    assert r.text(text)[0] == text


@pytest.mark.parametrize("name", ["Wilhelmina", "Philippa Okafor-Lindqvist", "Xiomara Quennell"])
def test_a_display_name_of_a_person_is_still_one(r: Redactor, name: str) -> None:
    out, found = r.text(json.dumps({"id": "u1", "displayName": name, "jobTitle": "Midwife"}))
    assert name not in out and found["name"] == 1 and "Midwife" in out, out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("I want opinions on a better way of changing the screen. Thanks, AJ", "AJ"),  # stackoverflow_dev's
        ("All good now.\nThanks,\nRB", "RB"),
        ("comment=Any help appreciated. Thanks, Priyanka&thread=3", "Priyanka"),  # a form's value ends at its "&"
    ],
)
def test_a_sign_off_s_initials_or_name_closing_a_message(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize("text", ["Thanks, AI", "Thanks, AWS", "Thanks, OK", "Thanks, HR", "Cheers, mate"])
def test_what_a_chat_thanks_by_its_capitals_is_no_one(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
