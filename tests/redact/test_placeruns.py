"""Runs of names that name a place or a product, not a person (``replay.redact.placeruns``), as the name finder
asks them, and a person named like one still found."""

from __future__ import annotations

import pytest

from replay.redact import Redactor
from replay.redact.lexicon import lexicon
from replay.redact.people import PersonFinder
from replay.redact.placeruns import cities, courteous, dated, featured, generic, head_after, place_of_two


@pytest.fixture(scope="module")
def people() -> PersonFinder:
    return PersonFinder()


@pytest.mark.parametrize(("first", "last"), [("Costa", "Rica"), ("Sierra", "Leone"), ("Spring", "Security")])
def test_two_names_that_together_are_a_place_s_or_a_product_s(first: str, last: str) -> None:
    assert place_of_two(first, last)


@pytest.mark.parametrize(("first", "last"), [("Maria", "Costa"), ("Costa", "Georgiou"), ("Sierra", "Thompson")])
def test_two_names_that_are_no_place_of_two_words(first: str, last: str) -> None:
    assert not place_of_two(first, last)


@pytest.mark.parametrize("pair", ["Gunung Rinjani", "Kelebekler Vadisi", "Sierra Nevada", "Opel Corsa"])
def test_a_generic_word_beside_a_name_makes_a_place_or_a_product(pair: str) -> None:
    first, last = pair.split()
    assert generic(lexicon(), first, lexicon().surname.get(last.casefold(), 0), last)


@pytest.mark.parametrize(
    "text",
    [  # a built place's head before its name, or before a particle and its name (es, it, pt, pl, fr)
        "Cerco un albergo vicino a Piazza Navona.",
        "A Torre de Belém fecha às cinco.",
        "Czy Zamek Królewski jest otwarty w poniedziałek?",
        "El Museo del Prado abre a las diez.",
        "Le Palais de Justice est fermé, le Musée du Louvre ouvert.",
        "O Mosteiro dos Jerónimos abre às dez.",
        # Italian's and Dutch's article before a place; Turkish's and English's head after its name
        "Il Ponte Vecchio è affollato. Il Teatro alla Scala ha un nuovo programma.",
        "Topkapı Sarayı pazartesi kapalı, Galata Kulesi açık.",
        "Venice Beach Boardwalk safety, Griffith Observatory hours",
        # a stadium's, an airport's, a palace's head, a common name too, before a particle and a city or a compass
        "O Benfica venceu no Estádio da Luz.",
        "TGV from Gare de Lyon, then the RER from Gare du Nord.",
    ],
)
def test_a_built_place_s_head_before_its_name_names_no_one(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


@pytest.mark.parametrize(
    ("text", "name"),
    [  # a common surname after the head, the head a surname inside a name or after a title: people still
        ("Dr. Castillo Pérez firmó el informe.", "Castillo Pérez"),
        ("Paciente Wenceslao Torre Buxalleu, 54 años", "Torre Buxalleu"),
        ("La Sra. Torre de la Fuente llamó ayer.", "Torre de la Fuente"),
        ("Mike Piazza played for the Mets.", "Mike Piazza"),
        ("Il Mario Rossi è arrivato", "Mario Rossi"),
        ("Het Jan de Vries kwam", "Jan de Vries"),
        ("Rachel Lighthouse called", "Rachel Lighthouse"),
    ],
)
def test_a_person_named_like_a_built_place_is_still_found(r: Redactor, text: str, name: str) -> None:
    out = r.text(text)[0]
    assert all(w not in out for w in name.split() if w[0].isupper())


# a common surname after the generic word; a generic word that is a common given name
@pytest.mark.parametrize("pair", ["Costa Georgiou", "Val Kilmer", "Rajiv Nagar"])
def test_a_generic_word_beside_a_common_name_makes_no_place(pair: str) -> None:
    first, last = pair.split()
    assert not generic(lexicon(), first, lexicon().surname.get(last.casefold(), 0), last)


@pytest.mark.parametrize("pair", ["Black Forest", "Sherwood Forest", "Hoover Dam", "Mekong Delta", "Golden Retriever"])
def test_a_feature_s_word_after_its_name_makes_a_place_or_a_breed(pair: str) -> None:
    assert featured(lexicon(), *pair.split())


# one of the commonest given names, a given name that is no surname, a rare word before a common surname; no feature
@pytest.mark.parametrize("pair", ["Michael Bay", "Ricki Lake", "Tom Forest", "Cybill Shepherd", "Black Smith"])
def test_a_person_before_a_feature_s_word_makes_no_place(pair: str) -> None:
    assert not featured(lexicon(), *pair.split())


@pytest.mark.parametrize(
    "text",
    [
        "We hiked in the Black Forest last summer.",
        "Sherwood Forest is older than the town.",
        "We drove out to see Hoover Dam.",
        "The Mekong Delta floods every year.",
        "My Golden Retriever barks at the mailman.",
    ],
)
def test_a_natural_feature_or_a_breed_names_no_one(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Cybill Shepherd starred in it.", "Cybill Shepherd"),
        ("Tom Forest starred in it.", "Tom Forest"),
        ("Kevin Delta starred in it.", "Kevin Delta"),
        ("Jasper Kuipers van Dam woont hier.", "Jasper Kuipers van Dam"),
    ],
)
def test_a_person_named_like_a_feature_is_still_found(people: PersonFinder, text: str, name: str) -> None:
    assert [text[a:b] for a, b in people.find(text)] == [name]


def test_big_cities_listed_or_with_their_quarter_and_a_day_s_name() -> None:
    assert cities("Salvador e Curitiba") and cities("Jakarta Selatan") and not cities("Maria Costa")
    # a big city and its country, an address's last line; a person named after both is none of them
    assert cities("Madrid España") and cities("Lima Perú") and not cities("Ana Madrid") and not cities("Paris Jackson")
    tier = lexicon().given.get
    assert dated("Wielki Piątek", lambda w: tier(w.casefold(), 0))
    assert not dated("Jan Piątek", lambda w: tier(w.casefold(), 0))


@pytest.mark.parametrize(
    ("text", "names"),
    [  # a city's or a town's word starts a place's name; a person named after one is still found
        ("Calle 114 No. 29005 Marianao. Ciudad de la Habana. (Cuba).", []),
        ("Edifici G, Ciutat de la Justícia, Barcelona", []),
        ("Servicio de Cirugía. Hospitales Universitarios Virgen del Rocío. Sevilla.", []),
        ("Paciente: Rosa Colonia, 40 años", ["Rosa Colonia"]),
    ],
)
def test_a_settlement_s_word_starts_a_place(people: PersonFinder, text: str, names: list[str]) -> None:
    assert [text[a:b] for a, b in people.find(text)] == names


@pytest.mark.parametrize("place", ["Costa Rica", "Sierra Leone", "Kota Kinabalu"])
def test_a_country_or_city_of_two_names_names_no_one(people: PersonFinder, place: str) -> None:
    # a surname and a given name ("Costa", "Rica"; "Sierra", "Leone") or a name and a word that looks like one
    # ("Kota Kinabalu") that together are a country's or a big city's name
    assert list(people.find(f"We flew to {place} last May.")) == []
    text = f"Transfer from Maria Costa, {place}."
    assert [text[a:b] for a, b in people.find(text)] == ["Maria Costa"]


@pytest.mark.parametrize(
    ("text", "names"),
    [  # places of several words (GeoNames' cities) and products (simple-icons) beside people
        ("Flights from Navi Mumbai to Porto Seguro, booked by Sarah Mitchell.", ["Sarah Mitchell"]),
        ("Our Android Studio build fails; ping Raj Malhotra.", ["Raj Malhotra"]),
        ("Regards, Megan Hale\nSent from Adobe Acrobat Reader", ["Megan Hale"]),
        ("Quiero ir a Alhaurín de la Torre con Lucía Fernández.", ["Lucía Fernández"]),
        ("Playa del Carmen o Puerto Vallarta?", []),
    ],
)
def test_a_place_or_product_of_several_words_names_no_one(people: PersonFinder, text: str, names: list[str]) -> None:
    assert [text[a:b] for a, b in people.find(text)] == names


@pytest.mark.parametrize(
    ("text", "names"),
    [  # a place's generic word before or after its name, a brand's before its model's, a firm's acronym
        ("Halo, saya Budi Santoso, mau ke Gunung Rinjani.", ["Budi Santoso"]),
        ("Wisata Danau Toba dan Pulau Samosir", []),
        ("Quiero ir a Sierra Nevada y Gran Canaria con Lucía Fernández.", ["Lucía Fernández"]),
        ("Ölüdeniz ve Kelebekler Vadisi, Ayşe Demir ile", ["Ayşe Demir"]),
        ("Nataka hoteli karibu na Diani Beach", []),
        ("Mein Opel Corsa springt nicht an, Katrin Wagner", ["Katrin Wagner"]),
        ("My bank Garanti BBVA blocked my card.", []),
    ],
)
def test_a_generic_word_makes_a_place_or_product(people: PersonFinder, text: str, names: list[str]) -> None:
    assert [text[a:b] for a, b in people.find(text)] == names


@pytest.mark.parametrize(
    "text",
    [  # a generic word of a place or a brand that is a person's name too, before a common surname or a known name
        "cc Sierra Thompson and the team",
        "Transfer from Costa Georgiou received.",
        "Starring Val Kilmer and others",
        "Flowers from Isla Fisher today",
        "candidate Buddy Roemer said",
        # a car's make that is a given name, before a common surname, a rare one, or a surname after a rare word
        "cc Mercedes Ruiz and the team",
        "Call Kia Johnson today",
        "Flowers from Mercedes Quintanilla today",
        "Thanks Morgan Xu and the team",
        "Novels by Ford Madox Ford and others",
        "Meet Rajiv Nagar tomorrow",
        "medico: Noemí Ruiz del Río NºCol: 28 28 90172",
        "Jean DUPONT a signé",
    ],
)
def test_a_person_named_like_a_place_or_product_is_still_found(people: PersonFinder, text: str) -> None:
    assert list(people.find(text)) != []
    assert text[slice(*next(people.find(text)))].split()[-1] not in ("and", "today", "said", "tomorrow", "NºCol:")


@pytest.mark.parametrize(
    "text",
    [
        "Entregamos em todo o Brasil: Belo Horizonte, Salvador e Curitiba.",
        "Kirim ke Jl. Sudirman, Jakarta Selatan hari ini.",
    ],
)
def test_a_country_s_big_cities_stay(r: Redactor, text: str) -> None:
    out = r.text(text)[0]
    assert all(city in out for city in ("Belo Horizonte", "Salvador e Curitiba", "Jakarta Selatan") if city in text), (
        out
    )


def test_a_person_named_as_a_place_still_goes(r: Redactor) -> None:
    assert "Hernandez" not in r.text("Rivera Hernandez called about the order.")[0]


@pytest.mark.parametrize(
    "text",
    [  # a quarter of a city of a million people that is a surname too (GeoNames' "Thāne"), by its compass word
        "Flat 12, Thane West, near the station",
        "We moved to Makassar Selatan last year",
        "Andheri East, Delhi North, Kowloon East, Nairobi West",
    ],
)
def test_a_big_city_s_quarter_is_no_one(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(("text", "name"), [("Thane Smith called", "Smith"), ("Austin West called back", "West")])
def test_a_person_named_as_a_big_city_still_goes(r: Redactor, text: str, name: str) -> None:
    assert name not in r.text(text)[0]


@pytest.mark.parametrize(
    "text",
    [  # months and weekdays listed, some of them given names too ("Abril", "Nisan", "Janvier"); Portuguese's weekdays
        # without their hyphen; a season's wishes, whose words are names too ("Noël", "Natale", "Mubarak")
        "Enero Febrero Marzo Abril",
        "Ocak Şubat Mart Nisan",
        "Janvier Février Mars Avril",
        "Senin Selasa Rabu Kamis Jumat",
        "Isnin Selasa Rabu Khamis Jumaat",
        "Segunda Feira e Terça Feira estamos fechados.",
        "Quarta Feira de Cinzas é feriado.",
        "Joyeux Noël et Bonne Année!",
        "Feliz Navidad y Próspero Año Nuevo!",
        "Buon Natale e Felice Anno Nuovo!",
        "Happy Diwali and Eid Mubarak to all.",
        "Selamat Hari Raya Aidilfitri, maaf zahir dan batin.",
        "Selamat Tahun Baru dari kami.",
        "Shana Tova to all our readers.",
        "God Jul och Gott Nytt År!",
        "Godt Nytår og Glædelig Jul!",
        "Mutlu Yıllar! İyi Bayramlar!",
        "Sretan Božić i Sretna Nova Godina!",
        "Šťastné a Veselé Vánoce!",
    ],
)
def test_months_days_and_a_season_s_wishes_name_no_one(r: Redactor, text: str) -> None:
    assert r.text(text) == (text, {})


@pytest.mark.parametrize(
    "text",
    [
        "Quinta Ferreira chegou",
        "Abril Martinez llegó",
        "Nisan Kaya geldi",
        "Noël Martin arrive",
        "Felice Natale è arrivato",
        "Karim Eid called",
        "Fitri Handayani datang",
        "Tova Cohen called",
        "Joyeux Noël, Marie Dupont!",
        "Mutlu Demir geldi",
        "Rok Novak je prišel",
        "Nova Jul called",
    ],
)
def test_a_person_named_like_a_day_or_a_feast_is_still_found(r: Redactor, text: str) -> None:
    assert r.text(text)[1] == {"name": 1}


@pytest.mark.parametrize(
    "text",
    [
        "Guten Tag, mein Paket ist beschädigt.",
        "Buona Sera, vorrei un rimborso.",
        "Boa Tarde, preciso de ajuda.",
        "Bonne Journée et à bientôt.",
        "Grazie Mille per l'aiuto.",
        "Hartelijk Dank voor uw hulp.",
        "Obrigado Pela Ajuda.",
        "Tack Så Mycket för hjälpen.",
        "Terima Kasih atas bantuannya.",
        "Sehr Geehrte Damen und Herren, ich habe eine Frage.",
    ],
)
def test_a_greeting_or_a_thanks_in_capitals_names_no_one(r: Redactor, text: str) -> None:
    assert r.text(text)[0] == text


def test_a_courtesy_is_two_of_its_words_and_nothing_else() -> None:
    assert courteous("Guten Tag") and courteous("Vielen Lieben Dank")
    assert not courteous("Dia") and not courteous("Dia Mirza") and not courteous("Guten Tag Anna")


@pytest.mark.parametrize(
    ("text", "name"),
    [("Grazie Mille, Marco Rossi", "Marco Rossi"), ("Obrigado Pela Ajuda, Ana Souza", "Ana Souza")],
)
def test_a_name_after_a_thanks_in_capitals_is_still_one(r: Redactor, text: str, name: str) -> None:
    out, found = r.text(text)
    assert name not in out and found["name"] == 1, out


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Toby Robins Research Centre", True),  # a head after a word that is no name
        ("Viru Viru International airport", True),
        ("Sony Computer Science Laboratories", True),  # a trade's word after a word
        ("Laura Chen Research Director, Space Center", False),  # an office's title between
        ("Anna Weber Smith Hospital", False),  # a name's word between
        ("Maria Lopez called", False),
    ],
)
def test_a_head_after_a_name_or_one_or_two_words(text: str, want: bool) -> None:
    lex = lexicon()

    def kind(word: str) -> tuple[int, int, bool]:
        w = word.casefold()
        return lex.given.get(w, 0), lex.surname.get(w, 0), w in lex.words or w in lex.rare_words

    assert head_after(text, len(" ".join(text.split()[:2])), kind) is want


@pytest.mark.parametrize(
    "text",
    [  # an event, a lecture, a fellowship, a society named after a person: no one's name before its head word
        "The NATO Istanbul Summit last June commended the progress.",
        "We went to the Bob Marley Festival; the Nelson Mandela Lecture was moving.",
        "The Amelia Earhart Fellowship applications are open. The Jane Austen Society meets monthly.",
        "The Terry Fox Run raised money; the John Peel Sessions are on vinyl.",
    ],
)
def test_an_event_s_head_after_a_name_makes_it_no_one_s(people: PersonFinder, text: str) -> None:
    assert list(people.find(text)) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [  # the head in lower case, or an office's title after it: a person's name and their job
        ("Professor John Smith lecture notes are online.", "John Smith"),
        ("Lucas Martin Festival Director", "Lucas Martin"),
        ("Rachel Green run club meets on Sunday.", "Rachel Green"),
    ],
)
def test_a_person_before_an_event_s_word_is_still_one(people: PersonFinder, text: str, name: str) -> None:
    assert [text[a:b] for a, b in people.find(text)] == [name]
