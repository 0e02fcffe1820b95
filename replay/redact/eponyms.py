"""The head words after a name that make it a thing's, not a person's: a place or a building named after someone
("George Washington Bridge", "Charles de Gaulle airport", "Roma Termini"), what science and medicine name after
someone ("Kalman Filter", "Bell's palsy"), a natural feature or a breed named by the word before it ("Black Forest",
"Golden Retriever"); an institution's and a body's tails are ``orgwords``'. ``people``, ``placeruns``, ``nameshapes``,
``firms`` and ``spoken`` read them after a name."""

from __future__ import annotations

from replay.redact.orgwords import ORG_TAILS

__all__ = ["EPONYM_NOUNS", "FEATURES", "NAMED_AFTER", "PLACE_HEADS"]

# Words after a name that make it the name of a place or an institution ("George Washington Bridge",
# "Charles de Gaulle airport", "Johns Hopkins Hospital"), capitalised or not, right after it or ending the capitalised
# words it stands in: a place's here, an institution's or a body's of ``orgwords`` (``ORG_TAILS``).
_PLACE_WORDS = frozenset(
    {
        "airport", "bridge", "station", "terminal", "tunnel", "highway", "freeway", "expressway", "boulevard", "avenue",
        "street", "road", "square", "plaza", "park", "memorial", "monument", "center", "centre", "hall", "library",
        "museum", "gallery", "stadium", "arena", "theatre", "theater", "tower", "building", "church", "cathedral",
        "chapel", "basilica", "temple", "mosque", "synagogue", "pier", "harbour", "harbor", "bay", "beach", "lake",
        "river", "falls", "island", "islands", "mountain", "valley", "canyon", "county", "prize", "award", "trophy",
        "estate", "gardens", "garden", "zoo", "mall", "palace", "aquarium", "observatory", "lighthouse", "boardwalk",
    }
)  # fmt: skip
# and a city's main station in Italian, Dutch and German, after the city's name ("Roma Termini", "Milano Centrale",
# "Den Haag Centraal", "Köln Hauptbahnhof"), several cities given names too ("Roma", "Milano", "Haag")
_PLACE_WORDS |= {"termini", "centrale", "centraal", "hauptbahnhof", "hbf"}
# What science and medicine name after a person, as a head after the name ("Kalman Filter", "Fourier Transform",
# "Cauchy-Schwarz Inequality", "Guillain-Barré Syndrome"), as a bridge is named: the name is no one spoken of. These
# are read even capitalised in a run of names, where no surname is one of them ("Constant", "Paradox" are).
NAMED_AFTER = frozenset(
    {"filter", "transform", "theorem", "algorithm", "inequality", "estimator", "conjecture", "lemma", "syndrome"}
)
# Every noun of what science and medicine name after people, after the name or its possessive ("Euler's theorem",
# "Bell's palsy", "Hashimoto's thyroiditis", "the Levenshtein distance"): ``firms.eponym`` and ``spoken.addressed``
EPONYM_NOUNS = NAMED_AFTER | frozenset(
    {
        "equation", "principle", "constant", "paradox", "hypothesis", "criterion", "distribution", "distance",
        "disease", "palsy", "phenomenon", "thyroiditis", "lymphoma", "ataxia", "dystrophy", "sarcoma", "contracture",
        "encephalopathy",
    }
)  # fmt: skip
# A natural feature's or an animal breed's head word after the word that names it ("Black Forest", "Hoover Dam",
# "Mekong Delta", "Golden Retriever"), several of them surnames too ("Forest", "Dam", "Lake"): ``placeruns.generic``
# reads such a pair as a place or a breed unless its first word reads as a given name ("Ricki Lake", "Michael Bay").
FEATURES = frozenset(
    {
        "forest", "dam", "delta", "lake", "river", "mountains", "mountain", "valley", "bay", "falls", "canyon",
        "glacier", "island", "islands", "desert", "gorge", "creek", "reef", "reservoir", "peninsula", "volcano",
        "lagoon", "fjord", "strait", "plateau", "marsh", "swamp", "waterfall", "retriever", "terrier", "spaniel",
        "setter", "pointer", "hound", "collie", "shepherd", "sheepdog", "pinscher", "schnauzer", "mastiff",
        "bulldog", "poodle", "shorthair", "longhair",
    }
)  # fmt: skip
# Those that are common surnames too ("Tom Forest", "Anna Dam") end no place's name after a person's.
PLACE_HEADS = (
    _PLACE_WORDS | NAMED_AFTER | (FEATURES - {"forest", "dam", "marsh", "shepherd", "fjord", "terrier"}) | ORG_TAILS
)
