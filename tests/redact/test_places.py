"""Street addresses in free text (``replay.redact.places``): the address on the line after its cue."""

from __future__ import annotations

import pytest

from replay.redact import Redactor


@pytest.fixture(scope="module")
def r() -> Redactor:
    return Redactor(key=b"test-key")


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("Deliver to:\nMale 1b\nŠibenik", "Male 1b"),
        ("Shipping address:\r\nCircunvalación Tamaulipas 846\r\nSan Santiago", "Circunvalación Tamaulipas 846"),
        ("Lieferadresse:\n  Bergrøa 631\nOslo", "Bergrøa 631"),
    ],
)
def test_address_on_the_next_line(r: Redactor, text: str, street: str) -> None:
    hits = [h for h in r.engine.finder.find(text) if h.kind == "address"]
    assert [text[h.start : h.end] for h in hits] == [street]


@pytest.mark.parametrize("text", ["Shipping address:\nThe order ships in 2 days", "Deliver to:\n\nAcme 2 weeks later"])
def test_no_address_on_the_next_line(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "address", "form"),
    [  # the forms Faker's en_US address() writes one time in ten (presidio-research's synth_dataset_v2 has them)
        (
            "Please return to Unit 4719 Box 7394\nDPO AP 70942 in case of an issue.",
            "4719 Box 7394\nDPO AP 70942",
            "PO A",
        ),
        ("The office is at PSC 0413, Box 8144\nAPO AA 42323", "0413, Box 8144\nAPO AA 42323", "PO A"),
        ("Ship it to USNS Bergman\nFPO AP 93757 please", "Bergman\nFPO AP 93757", "PO A"),
        # post office boxes ("BP" and a bare "Apartado" before a postcode)
        ("Send it to P.O. Box 123, Springfield", "Box 123", "P.O. Box "),
        ("Postfach 12 34, 10117 Berlin", "12 34", "Postfach "),
        ("BP 123, 75001 Paris Cedex", "BP 123", "BP "),
        ("Apartado de Correos 45, Madrid", "Correos 45", "Apartado de Correos "),
        ("Apartado 45, 28080 Madrid", "Apartado 45", "Apartado "),
        ("Caixa Postal 1234, Curitiba", "Postal 1234", "Caixa Postal "),
        ("Odpowiedzi wyślij na skr. poczt. 145, 00-950 Warszawa", "poczt. 145", "skr. poczt. "),
    ],
)
def test_military_address_and_post_office_box(r: Redactor, text: str, address: str, form: str) -> None:
    out, counts = r.text(text)
    assert address not in out and counts["address"] == 1, out
    assert out.count(form) == 1 and Redactor(key=b"other-key").text(out)[0] == out  # its form kept; told again


@pytest.mark.parametrize("street", ["Þorsteinsgata 63", "Skogstien 106", "Stubengraben 80", "Haraldsveien 12"])
def test_nordic_and_german_streets_glued_to_their_type(r: Redactor, street: str) -> None:
    out, counts = r.text(f"Please update the billing address with {street} for this card")
    assert street not in out and counts["address"] == 1, out


@pytest.mark.parametrize(
    "street",
    ["pl. Wolności 4", "Pl. Konstytucji 5", "al. Pokoju 14", "ul. Długiej 9", "ul. 3 Maja 7", "al. 29 Listopada 12"],
)
def test_polish_street_types_abbreviated(r: Redactor, street: str) -> None:
    out, found = r.text(f"Spotkania wyznaczono przy {street}; rondzie ONZ.")
    assert street not in out and found["address"] == 1, out


@pytest.mark.parametrize(
    "street",
    [
        "C/ Pizarro, 22",
        "AV. San Francisco 7",
        "AVDA. Gaspar Aguilar, 90",
        "Avenida 9 de Julio 1100",
        "Ctra. de Toledo, Km 12,5",
    ],
)
def test_spanish_street_types_abbreviated(r: Redactor, street: str) -> None:
    out, found = r.text(f"Remitido por: Servicio de Urología. {street} 36202 Vigo.")
    assert street not in out and found["address"] == 1, out


@pytest.mark.parametrize("text", ["BP 120/80 at rest", "según el Apartado 3 del artículo 5", "the PO box field"])
def test_no_post_office_box(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_dutch_residence_phrase_before_a_street_without_its_type(r: Redactor) -> None:
    out, found = r.text("De heer Jansen, woonachtig op Amstel 123, 1011 AB Amsterdam, heeft geklaagd.")
    assert "Amstel 123" not in out and found["address"] == 1, out
