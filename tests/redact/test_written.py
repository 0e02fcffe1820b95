"""Names as people write them in mail, forums and papers (``replay.redact.written``): a signature after a dash, a
quoted reply's header and the line signed above it, whose answer or comment a post builds on, who one credits ("as
llovet suggested"), a citation's authors.
The texts are the StackOverflow NER corpus' dev half's (stackoverflow_dev.jsonl) or written like them."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("On Mon, Dec 14, 2015 at 3:50 PM, Dave Smith <dave@example.com> wrote:\n> Actually", ["Dave Smith"]),
        (
            "Certain that the port works? Dave\nOn 10/24/2015 06:55 PM, Keziolio wrote:\nHi, on Arch",
            ["Keziolio", "Dave"],
        ),
        # a thread copied from a web page: the header after a sentence, no line break
        (
            "with more threads. On Fri, Nov 11, 2016 at 10:20 AM, Pejvak1 notifications@github.com wrote:\nThanks",
            ["Pejvak1"],
        ),
        ("Le 3 mars 2021 à 10:02, Jean Dupont <jean@exemple.fr> a écrit :\nBonjour", ["Jean Dupont"]),
    ],
)
def test_a_quoted_replys_writer(r: Redactor, text: str, names: list[str]) -> None:
    out, counts = r.text(text)
    assert all(name not in out for name in names) and counts["name"] >= len(names), out


@pytest.mark.parametrize(
    "text",
    [
        "On Monday the server wrote: nothing to the log",  # no date before the words: no header
        "The compiler wrote: warning, unused variable",
    ],
)
def test_no_header_no_writer(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("An alternative to Kametrixom's answer is to make both enums conform", "Kametrixom"),
        ("As per jeroen's comment, I replaced the hardcoded value", "jeroen"),
        ("A little improvement of T McKeown's answer:", "T McKeown"),
        ("Similar to MAW's answer, except I would use a Windows Service", "MAW"),
        ("base on brso05's answer, the input's value", "brso05"),
    ],
)
def test_whose_answer_or_comment(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    ["The user's answer is wrong", "Google's answer was vague", "See the OP's comment above", "the author's edit"],
)
def test_no_ones_answer(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("As llovet suggested, the aggregation framework is the way to go.", "llovet"),
        ("And as DFD pointed out, you can exclude certain items from the share", "DFD"),
        ("as Priya mentioned, the flag is on", "Priya"),
        ("Maria suggested a left join instead", "Maria"),  # a known given name needs no "as"
        ("Camilo created a component for Skaled which converts a select", "Camilo"),  # what a team's member did
        ("And Erasmus commented on the significance of the finding", "Erasmus"),
    ],
)
def test_who_one_credits(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "As mentioned above, use a join",
        "as the docs suggested, pin the version",
        "As Google recommended, enable the API first",
        "As React recommends, lift the state up",
        "as you pointed out, it is slow",
        "As previously explained, the cache is cold",
        "Docker built the image and Apple fixed the bug",
        "The team reviewed it before Python created a new process",
    ],
)
def test_no_one_credited(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("it is a different subsystem than that of the console. -Oisin", "Oisin"),
        ("it is forgotten in most cases that this happens! -Kore\nEDIT:\nAlso clear the buffer", "Kore"),
    ],
)
def test_a_signature_after_a_dash(r: Redactor, text: str, name: str) -> None:
    out, counts = r.text(text)
    assert name not in out and counts["name"] == 1, out


def test_no_signature_in_flags(r: Redactor) -> None:
    text = "We compile it with -O2 and link with -Wl,--as-needed -Lib. -Werror\nthen run it"
    assert r.text(text)[0] == text


def test_a_citations_authors(r: Redactor) -> None:
    text = "algorithm published in RECOMB-2014:\nMirarab S, Nguyen N, Guo S, Wang L-S, Kim J, Warnow T. PASTA: ultra"
    out, counts = r.text(text)
    assert counts["name"] == 6 and all(a not in out for a in ("Mirarab", "Nguyen", "Guo S", "Wang", "Kim J", "Warnow"))
    assert out.endswith(". PASTA: ultra")


@pytest.mark.parametrize("text", ["See Section A, Part B. for details", "Use Type A, Type B or Type C."])
def test_no_citation(r: Redactor, text: str) -> None:
    out, _ = r.text(text)
    assert out == text


# A paper's first page as a PDF's text gives it (grobid_dev.jsonl's front pages, or written like them): authors with
# their notes, degrees, initials, in capitals, a name broken over two lines; the line after them kept.
@pytest.mark.parametrize(
    ("text", "names", "kept"),
    [
        (
            "Yan Hao 1 , Ningyi Xu 1 , Andrew C. Box 1 , Laurence\nFlorens 1 , Ho Yi Mak 1,3 *\n1 Stowers Institute",
            ["Yan Hao", "Ningyi Xu", "Andrew C. Box", "Laurence", "Florens", "Ho Yi Mak"],
            "\n1 Stowers Institute",
        ),
        (
            "Y. Morita 1 , M. Kohmoto 2 ( * ) and K. Maki 3\n1 Department of Applied Physics",
            ["Morita", "Kohmoto", "Maki"],
            "\n1 Department of Applied Physics",
        ),
        (
            "C.-H. Köhne 1 *, D. Cunningham 2 , F. Di Costanzo 3 , B. Glimelius 4 &\nH. Hecker 12\n*Correspondence to:",
            ["Köhne", "Cunningham", "Di Costanzo", "Glimelius", "Hecker"],
            "\n*Correspondence to:",
        ),
        (
            "Wiek H. van Gilst, PhD 22 , Sita H.\nVermeulen, PhD 44 , Sarah H. Wild, MB, BChir, PhD 68 , Themistocles",
            ["van Gilst", "Vermeulen", "Sarah H. Wild"],
            ", PhD 22 , ",
        ),
        (
            "D. O. Holmgren, A. M. Iribarren, and R. Ferraro\nIstituto di Ricerche",
            ["Holmgren", "Iribarren", "Ferraro"],
            "\nIstituto di Ricerche",
        ),
        (
            "STEFFEN FIEUWS * , GEERT VERBEKE 1 , BART MAES\nBiostatistical Centre",
            ["FIEUWS", "VERBEKE", "BART MAES"],
            "\nBiostatistical Centre",
        ),
        # a title's last line above the first author is no part of the author's name
        (
            "results from the British Women's Heart\nand Health Study\nSarah Lewington 1* , Paul Sherliker 2",
            ["Lewington", "Sherliker"],
            "British Women's Heart\nand Health Study\n",
        ),
    ],
)
def test_a_papers_authors(r: Redactor, text: str, names: list[str], kept: str) -> None:
    out, _ = r.text(text)
    assert not [n for n in names if n in out] and kept in out, out


@pytest.mark.parametrize(
    "text",
    [
        "as Table 1 , Figure 2 and Section 3 show",
        "SGLT1; SGLT2; SGLT3; GLUT1; GLUT2; Renal Fanconi syndrome",
        "Gate 8, Dassow\n\nVersion 24.1.34 is installed.",
        '{"values": [1, 2, 3], "Total": 6, "Count": 3}',
    ],
)
def test_no_papers_authors(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # a greeting alone on its line, the message after it (UNER's English Web Treebank: Enron's mails)
        ("Bryan,\nDid you have a chance to take a look at the resume I sent you? Vince", ["Bryan"]),
        ("Thanks for the call.\nKristen,\nAttached are all live financial deals by risk type.", ["Kristen"]),
        # the signature closing a message, an initial after it
        ("Just to let you all know the booking is OK.\nSee you climbing later\nLizzie", ["Lizzie"]),
        ("Rich was here before the scheduled time. HIGHLY recommend.\nSeth K.", ["Seth"]),
        # a two-letter given name greeted, initials signed after a sign-off
        ("Al,\nI have spoken with Mark Lay and he is interested.", ["Al"]),
        ("I will no longer have access.\nThanks\nKK\nKam,\nAre there any new developments?", ["KK"]),
        ("Once we get the word we'll let you know. Thanks\nKK", ["KK"]),
        # a given name closing its line after a sentence's end
        ("I shall call you tomorrow to discuss the details. Vince\nSheridan Titman", ["Vince"]),
    ],
)
def test_a_mails_greeting_and_signature(r: Redactor, text: str, names: list[str]) -> None:
    out, _ = r.text(text)
    assert all(name not in out for name in names), out


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a sender's display name before an address in angle brackets, quoted or not
        ('Email: "Julie"<julie...@bellsouth.net>\nGroups: alt.animals.cat', "Julie"),
        ('Thanks. "Townsend, George" <gtownsend@manorisd.net>\n03/27/2001 09:11 AM', "Townsend, George"),
        ("Sheridan Titman <titman@mail.utexas.edu> on 01/24/2001 02:45:50 PM", "Sheridan Titman"),
        # a Lotus Notes address: the name and the server's, no domain
        ("John Griffith@ENRON\n08/15/2000 06:23 PM", "John Griffith"),
        ("cc: Sara Shackleton/HOU/ECT@ECT", "Sara Shackleton"),
        # a list's bullet before it (an MCP tool's result), a name in a script without capitals
        ("Found 2 contacts:\n- Orlek Vandrusz <orlek@mail.pl>, tel. 600", "Orlek Vandrusz"),
        ("Found 1 contact:\n- 佐藤健太 <kenta@docomo.ne.jp>", "佐藤健太"),
        ("From: يوسف الحربي <y.harbi@mail.sa>\nSubject: طلب", "يوسف الحربي"),
    ],
)
def test_a_mails_sender(r: Redactor, text: str, name: str) -> None:
    assert name not in r.text(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Hello,\nThe meeting moved to Thursday.",  # a greeting with no name
        "Note:\nThe office is closed. Ruby:\nThe code below",  # a heading's colon
        "Department of Medicine\nBrigham,\nHarvard Medical School",  # an affiliation's line, no message after it
        "Paris,\nLondon and Rome are on the list.",  # places, not people
        'From: "Acme Corp" <support@acme.com>',  # a firm's display name
        "From: Support Team <support@acme.com>",  # ordinary words
        # a desk's in a script without capitals: no known surname, no given name first
        "From: カスタマーサポート <support@shop.jp>\nTo: الدعم الفني <help@shop.sa>\n- 客服中心 <kf@shop.cn>",
        "Email us at PR@BBC or call.",  # no name before the server's
        "We shipped the parcel yesterday.\nThanks",  # a sign-off's word, no name
        "We flew there in May. Paris\nwas lovely.",  # a place closing a line
        "So,\nWhat now? Hi,\nThe plan.\nThanks\nPS\nsee below",  # a word greeted, a note's mark after thanks
        "It helps with the mapping. Edit\nAfter re-reading it: the CR-LF used twice. Vim\nWhat Vim detects",
        # a CV's heading in capitals and the employer under it; a signature's title under its name (not signing)
        "Review my CV:\nSKILLS\nThales",
        "Review my CV:\nEXPÉRIENCE PROFESSIONNELLE\nThales",
    ],
)
def test_no_mails_names(r: Redactor, text: str) -> None:
    out, counts = r.text(text)
    assert counts.get("name", 0) == 0, out


def test_a_name_found_again_past_an_escaped_quote(r: Redactor) -> None:
    # a JSON string's escaped quotes do not end it: the display name's second place is in the same string
    body = '{"content": "Email: \\"Ian\\"<ian.gilb...@btinternet.com>\\nThanks for looking\\nIan - Webmaster"}'
    out, _ = r.text(body)
    assert "Ian" not in out, out


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("Merci,\nRémi Lefort\nIngénieure", "Lefort", "Ingénieure"),
        ("Update my CV:\nMARIE LEFORT\nResponsable", "LEFORT", "Responsable"),
        ("Best,\nHugo Mercier\nThales", "Mercier", "Thales"),  # the employer under a signature's name
    ],
)
def test_a_title_under_a_name_is_not_a_second_signature(r: Redactor, text: str, name: str, kept: str) -> None:
    out, _ = r.text(text)
    assert name not in out and kept in out, out


def test_a_long_line_of_reply_cues_is_read_once(r: Redactor) -> None:
    # each " wrote:" read its line back to the line's start: minutes on main for a megabyte's line
    text = " wrote: " * 130000 + "\nOn Mon, Oct 24, 2015 at 6:55 PM, Keziolio Brandt wrote:\n> hi"
    out = r.text(text)[0]
    assert "Keziolio" not in out and out.startswith(" wrote:  wrote: "), out[-200:]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("Zanast Shows No More Money http://t.co/x #leighsteinberg", "leighsteinberg"),  # btc_dev's, as its texts
        ("With #Garyjohnson as the new manager", "Garyjohnson"),
        ("He's a bottom. #GarethThomas #cbb", "GarethThomas"),
        ("Vote now #TaylorSwift #VMAs", "TaylorSwift"),
    ],
)
def test_a_hashtag_of_a_full_name(r: Redactor, text: str, tag: str) -> None:
    out, found = r.text(text)
    assert tag not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    "text",
    [
        "#jackpot tonight! #markdown is great",  # words
        "#Rosemary in the garden",  # one name
        "#DenverBroncos win again, #BlackFriday deals",  # a team's, a word's
        "body { color: #ffffff; } #container { margin: 0 } see https://example.com/page#section",
        "#include <stdio.h>",
    ],
)
def test_no_full_name_in_a_hashtag(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})
