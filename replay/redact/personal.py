"""Personal data in free text: emails, social handles, person names and street addresses.

Each is found at a cue of the one Aho-Corasick pass of ``detectors`` (an ``@``, a name trigger such
as ``Dear`` or ``signed``, an address cue from ``streets``), or with no cue at all: runs of
capitalised words the name lexicon knows (``people``), CJK names and addresses. Pseudonyms come
from ``pseudonym``; a value that already holds an invented word is guarded, not replaced again.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from replay.redact import mentions, names, nameshapes, spoken, written
from replay.redact.fakeaddress import fake_address
from replay.redact.firms import brand, brand_word, eponym, firm, known_firm
from replay.redact.hits import Hit, Spans, guard
from replay.redact.jsonshapes import thing_object
from replay.redact.licences import licence_hits
from replay.redact.mailids import message_id
from replay.redact.people import PersonFinder
from replay.redact.places import AddressFinder
from replay.redact.pseudonym import (
    EMAIL_DOMAIN,
    Pseudonyms,
    has_invented_word,
    is_invented_name,
    is_military_pseudonym,
)
from replay.redact.strings import Strings, again_in

__all__ = ["PROFILE_CUES", "PersonalFinder", "place_key"]

# The letters an internationalised address (RFC 6531) has beyond ASCII in its local part and its domain's labels:
# Latin with marks ("josé.garcía@", "müller@bücher.de", Vietnamese's "nguyễn@"), Greek, Cyrillic ("иван@почта.рф").
# Not the scripts written without spaces (CJK): a run read back from an "@" would take the sentence before it.
_INTL = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff"
# The characters of an address's local part, a run of them read back from its "@" (over the reversed
# characters before it: a loop over them cost 8,000 instructions an address).
_LOCAL_RUN = re.compile(rf"[a-zA-Z0-9._%+\-{_INTL}]*")
_STREET_MAX = 512  # the longest span two cues of one street merge into (``address``)

_LABEL = rf"[A-Za-z0-9{_INTL}](?:[A-Za-z0-9\-{_INTL}]{{0,62}}[A-Za-z0-9{_INTL}])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.([A-Za-z{_INTL}]{{2,24}})(?![A-Za-z0-9\-{_INTL}])")
# An address a PDF's lines broke after its "@" or a dot of its domain ("p.hewins@\nbham.ac.uk",
# "paul.thompson@manchester.\nac.uk"), and the local parts of a paper's authors in braces before one domain.
_WRAPPED_DOMAIN = re.compile(
    r"\n?[ \t]*(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?\.(?:\n[ \t]*)?)+([A-Za-z]{2,24})(?![A-Za-z0-9\-])"
)
_GROUPED = re.compile(r"\{[a-zA-Z0-9._%+\-]+(?:,[ \t]*[a-zA-Z0-9._%+\-]+)+\}\Z")
_NOT_TLD = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "ts", "py", "md", "json", "html"})
_PLACE_FIELD = re.compile(
    r"(?i:city|town|locality|state|province|region|country|county|district|place"
    # and in Spanish, Portuguese, French, German, Italian, Dutch and Polish ("localidad_provincia": "Gran Canaria")
    r"|ciudad|localidad|provincia|municipio|poblaci[oó]n|cidade|munic[ií]pio|ville|commune|stadt|gemeinde|citt[aà]"
    r"|comune|woonplaats|gemeente|miasto|miejscowo[sś][cć])"
    r"(?:\\?[\"'\]])?[ \t]*[:=][ \t]*(?:\\?[\"'])?\Z"
)
# A field that names a thing sold or a business: a name-like value after it is a brand's ("vendor": "Ted
# Baker", "Product Name": "Calvin Klein wool scarf", "restaurant": "Casa Lucia").
_THING_FIELD = re.compile(
    r"(?i:product|item|brand|vendor|manufacturer|merchant|store|shop|restaurant|venue|hotel)(?:[ _\-]?name)?"
    r"(?:\\?[\"'\]])?[ \t]*[:=][ \t]*(?:\\?[\"'])?\Z"
)
# A public stop's part under an address's key: an airport's or a station's terminal, gate, platform ("SFO Terminal 2",
# "Heathrow Airport", "King's Cross Platform 9"): no one lives there, and no house number is said
_PUBLIC_STOP = re.compile(
    r"(?:[A-Z][\w'’.&-]*[ \t]+){0,4}"
    r"(?:(?:Terminal|Concourse|Gate|Platform|Pier)[ \t]+[A-Z0-9]{1,3}|(?:International[ \t]+)?Airport)"
)
# A JSON "name" whose object is a thing's ({"name": "Grace Hoodie", "sku": "GR-2"}: ``jsonshapes.thing_object``)
_NAME_VALUE = ('name": "', 'name":"', 'name\\": \\"', 'name\\":\\"')
_NAMES_KEPT = 4096  # names whose pseudonyms ``PersonalFinder`` remembers
_TAIL_REACH = 120  # past a sign-off's cue, where its tail's line break must be ("for your kind help,\n" and spaces)


# What a cue's strength takes as a name of one word: ``PersonFinder``'s method of that name (else ``named``)
_NAMED_BY = {"given": "alone", "who": "alone", "kin": "rare", "answer": "rare", "office": "titled", "sign": "rare"}
_NAMED_BY["role"] = "given_before"  # who to ask for, speak to (``mentions``): however rare the name
_NAMED_BY["family"] = "family"  # one's own family's word before it (``PersonFinder.family``)


def _field_end(text: str, lo: int, a: int) -> bool:
    """``text[lo:a]`` ends as both ``_PLACE_FIELD`` and ``_THING_FIELD`` must: a ":" or "=", blanks, and a quote
    (a backslash before it) or none. A quote at the end can only be that tail's, and a backslash before it too."""
    e = a
    if e > lo and text[e - 1] in "\"'":
        e -= 1
        if e > lo and text[e - 1] == "\\":
            e -= 1
    while e > lo and text[e - 1] in " \t":
        e -= 1
    return e > lo and text[e - 1] in ":="


def _lower_after(text: str, e: int) -> bool:
    """The text ends at ``e``, or what follows the blanks there starts in lower case (a-z): no name follows a cue ending
    at ``e`` but a "strong" or "title" one's (``nameshapes.match_name``: the others' names start with a capital, their
    initials too, or a sign's after a comma or a line break). Tested first: most cues' next word is in lower case."""
    n = len(text)
    while e < n and text[e] in " \t":
        e += 1
    return e == n or "a" <= text[e] <= "z"


def place_key(key: str) -> bool:
    """``key`` names a place: a name-like value after it is a place, not a person (``people``)."""
    return _PLACE_FIELD.search(key + '": "') is not None


# A person's page on a code host or a social network: the one path segment after the host ("github.com/jdoe" in a
# CV's header, "twitter.com/jdoe"), not a repository's ("github.com/psf/requests") nor one of the site's own pages
_SITES = ("github.com/", "gitlab.com/", "twitter.com/", "x.com/", "instagram.com/", "facebook.com/", "tiktok.com/@")
_SITES += ("steamcommunity.com/id/",)  # a player's page on Steam by the name they chose ("…/id/robinwalker/")
_SITE_PAGES = frozenset(
    {
        "about", "account", "accounts", "apps", "blog", "collections", "contact", "customer-stories", "enterprise",
        "events", "explore", "features", "groups", "hashtag", "help", "home", "i", "intent", "issues", "join", "login",
        "marketplace", "new", "notifications", "orgs", "p", "pages", "pricing", "pulls", "reel", "search", "security",
        "settings", "share", "sharer", "sharer.php", "signup", "site", "sponsors", "stories", "topics", "trending",
        "users", "watch",
    }
)  # fmt: skip
PROFILE_CUES = ("linkedin.com/in/", "linkedin.com/pub/", "u/", *_SITES)
# Where a site's host starts: a URL's scheme, "www.", or a word's start (not "dropbox.com/", "api.github.com/")
_HOST_BEFORE = re.compile(r"(?:\A|[^\w.\-@]|(?<![\w.\-])www\.)\Z")
# A social handle: "@" at a word's start ("RT @jdoe:", "@Jane_Doe thanks", "(@jdoe)"), letters, digits and "_". Not
# one: a decorator or annotation ("@app.route(", "@Override" alone on its line, "@angular/core"), a CSS at-rule,
# a doc tag, a chat's group mention; what follows says which.
_AT_HANDLE = re.compile(r"@([A-Za-z0-9_]{2,30})(?![\w/(\-@]|\.\w|[ \t]+[{(=])")
_LINE_END = re.compile(r"[ \t]*(?:\r?\n|\Z)")
# What may stand before a handle's "@": a blank, a bracket, a quote, a sign; a form field's "=" ("comment=@jdoe its
# late": a comments API's body starts with the one replied to).
_HANDLE_BEFORE = frozenset(" \t\n\r(['\">.,:;=")
_NOT_HANDLES = frozenset(
    {
        "param", "return", "returns", "throws", "throw", "see", "since", "version", "author", "example", "type",
        "typedef", "deprecated", "override", "todo", "fixme", "media", "import", "keyframes", "charset", "supports",
        "page", "layer", "apply", "tailwind", "mixin", "include", "extend", "use", "forward", "each", "if", "else",
        "everyone", "here", "channel", "all", "user", "username", "handle", "mention", "home", "work", "property",
        "timestamp", "metadata",  # Logstash's and Elasticsearch's fields ('{"@timestamp": …, "@version": "1"}')
    }
)  # fmt: skip
# An annotation or a decorator written in prose about code ("a @Configuration class", "use @Bean methods", "is
# @property cached?"): Java's, Spring's, JUnit's, JPA's, Lombok's, Jackson's, Angular's, Python's, Swift's, Kotlin's
# and Objective-C's common ones. In a text that writes one of them, any capitalised "@Word" is one too ("@IfProfileValue
# has nothing to do with @Profile").
_ANNOTATIONS = frozenset(
    {
        "override", "test", "bean", "service", "component", "configuration", "autowired", "inject", "injectable",
        "entity", "table", "column", "id", "transactional", "controller", "restcontroller", "repository",
        "requestmapping", "getmapping", "postmapping", "putmapping", "deletemapping", "patchmapping", "pathvariable",
        "requestparam", "requestbody", "responsebody", "responsestatus", "value", "profile", "activeprofiles",
        "springbootapplication", "springboottest", "enableautoconfiguration", "componentscan", "qualifier", "primary",
        "scope", "async", "scheduled", "cacheable", "valid", "validated", "notnull", "nonnull", "nullable",
        "suppresswarnings", "functionalinterface", "retention", "target", "documented", "inherited", "before", "after",
        "beforeeach", "aftereach", "beforeall", "afterall", "beforeclass", "afterclass", "runwith", "extendwith",
        "mock", "injectmocks", "spy", "parameterizedtest", "displayname", "disabled", "ignore", "data", "getter",
        "setter", "builder", "allargsconstructor", "noargsconstructor", "requiredargsconstructor", "slf4j",
        "jsonproperty", "jsonignore", "jsonformat", "jsoninclude", "manytoone", "onetomany", "onetoone", "manytomany",
        "joincolumn", "generatedvalue", "embeddable", "embedded", "mappedsuperclass", "transient", "query", "produces",
        "consumes", "xmlelement", "xmlrootelement", "staticmethod", "classmethod", "dataclass", "abstractmethod",
        "cached_property", "lru_cache", "input", "output", "viewchild", "hostlistener", "directive", "ngmodule",
        "published", "observedobject", "stateobject", "environmentobject", "iboutlet", "ibaction", "synthesize",
        "interface", "implementation", "selector", "autoreleasepool", "composable", "jvmstatic", "serializable",
        "singleton", "provides", "preauthorize", "crossorigin", "exceptionhandler", "controlleradvice",
        "configurationproperties", "conditionalonproperty", "enablewebsecurity",
    }
)  # fmt: skip
_AT_WORD = re.compile(r"@([A-Za-z_]\w*)")
# A firm's or a site's handle is no one's: a word of it says so ("@CBSSports", "@HuffPostWeird", "@iLGDaily"), it is
# an acronym ("@NASA"), or a share button wrote it ("… via @quora").
_HANDLE_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
_FIRM_HANDLE_WORDS = frozenset(
    {
        "news", "daily", "weekly", "times", "post", "tribune", "herald", "journal", "gazette", "review", "report",
        "press", "insider", "wire", "feed", "alerts", "updates", "today", "world", "global", "intl", "tv", "fm",
        "radio", "media", "channel", "show", "podcast", "blog", "mag", "magazine", "books", "films", "pictures",
        "studios", "records", "music", "entertainment", "productions", "games", "gaming", "esports", "sports",
        "sport", "league", "cup", "fc", "club", "united", "team", "fans", "hq", "inc", "corp", "ltd", "llc", "co",
        "group", "labs", "lab", "tech", "app", "apps", "cloud", "dev", "devs", "store", "shop", "deals", "support",
        "help", "care", "cares", "hub", "spot", "zone", "central", "network", "foundation", "org", "gov", "police",
        "council", "party", "airlines", "air", "bank", "motors", "energy", "health", "hospital", "university",
        "college", "school", "academy", "museum", "library", "festival", "fest", "awards",
    }
)  # fmt: skip
# A Reddit user: "u/name" after a space or a line's start, "/u/name", "reddit.com/u/name" (the text before its "u").
_REDDIT_BEFORE = re.compile(r"(?:\A|[\s(\[]|[\s(\[]/|reddit\.com/)\Z")
_HANDLE = re.compile(r"[\w\-%.]{2,100}(?<!\.)")
_SUBPAGE = re.compile(r"/[\w\-%.]")  # a path's next segment: "github.com/psf/requests"
_DIGIT = re.compile(r"[0-9]")  # a postcode's digits, each made a 9
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Whether a name is a pseudonym already, remembered: the same names come back in an exchange's strings and in a
# conversation's turns, and each test split and looked up every word (8,000-9,000 instructions a name).
_invented_name = lru_cache(maxsize=4096)(is_invented_name)
_invented_word = lru_cache(maxsize=4096)(has_invented_word)


# The cues a firm's name follows as a person's does: "from", "with", "at" ("given"), a title ("Dr. Martens"), a deed
# after it ("Wells Fargo wants"; not one only a person does, "lives", "married"). A greeting, a signature, "I am", "my
# name is", "my manager" say a person is named.
_FIRM_CUES = frozenset({"given", "title", "before", "role"})
# Words of a phrase in title case that no person's name holds capitalised ("Out Of Office", "Head Of Sales"); a
# name's particles ("De", "Van", "Da") are not among them
_TITLE_WORDS = frozenset({"Of", "The", "And", "For", "To", "In", "On", "At", "With", "From"})
_DEEDS = tuple(names.PERSONAL_DEEDS)


def _firm_named(text: str, a: int, b: int) -> bool:
    """The name ``text[a:b]`` is a firm's or a brand's of the gazetteer, and what follows is no deed only a person
    does ("Morgan Stanley married my cousin"); or it names a problem, an effect, a law ("the Monty Hall problem")."""
    return (known_firm(text, a, b) and not text.startswith(_DEEDS, b)) or eponym(text, b)


class PersonalFinder:
    """Email, name and address hits; ``on`` says which detectors (see ``detectors.DETECTORS``) run."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on
        self._persons: PersonFinder | None = None
        self._places = AddressFinder()
        self._names: dict[str, str] = {}  # a name as written -> its pseudonym (``_pseudonym``)
        self._strings: Strings | None = None  # the last text a handle was found in (``_annotated``)
        self._annotated_strings: dict[tuple[int, int], bool] = {}
        self._streets = Spans()  # the street hits (priority 42) of the last hits list, ``address`` merges with
        self._kin_names: set[str] = set()  # the names of one word a kin's cue or a closing gave (``lone_name``)

    def keyed_address(self, value: str, vs: int, ve: int, hits: list[Hit]) -> None:
        if not any(c.isalpha() for c in value) or _PUBLIC_STOP.fullmatch(value):
            return
        self.address_hit(value, 0, len(value), hits, 45)
        hit = hits[-1]
        hit.start, hit.end = vs, ve

    def email(self, text: str, at: int, after: int, hits: list[Hit]) -> None:
        """An email around the ``@`` at ``at`` (``after``: where the domain starts; an escaped
        ``\\u0040`` is wider than one character)."""
        while at > 0 and text[at - 1] == "\\" and after > at + 1:
            at -= 1  # \\\\u0040: every backslash belongs to the escape
        lo = max(0, at - 64)
        i = at - _LOCAL_RUN.match(text[lo:at][::-1]).end()  # type: ignore[union-attr]  # it matches empty
        while i < at and text[i] in ".%+-":
            i += 1
        if i == at and text[at - 1 : at] == "}" and (group := _GROUPED.search(text, lo, at)) is not None:
            i = group.start()  # "{stone, jeffay}@cs.unc.edu": a paper's authors sharing a domain
        if i == at:
            if self.on["name"] and after == at + 1:
                self.handle(text, at, hits)
            return
        scheme = text.rfind("://", max(0, i - 256), i)
        if scheme >= 0 and not any(c in text[scheme + 3 : i] for c in " \t\n\"'/"):
            return  # user:password@host of a URL
        m = _DOMAIN.match(text, after) or _WRAPPED_DOMAIN.match(text, after)
        if m is None or m.group(1).lower() in _NOT_TLD:
            return
        value = text[i : m.end()]
        if value.lower().endswith(EMAIL_DOMAIN) or (value[:4].lower() == "git@" and text[m.end() : m.end() + 1] == ":"):
            return  # a pseudonym; git@github.com:org/repo is an SSH remote, nobody's address
        if message_id(text, i):
            return
        hits.append(Hit(i, m.end(), "email", self.ps.email(value), 60))

    def handle(self, text: str, at: int, hits: list[Hit]) -> None:
        """A social handle at the "@" at ``at`` (see ``_AT_HANDLE``): a user's name on a network."""
        if at and text[at - 1] not in _HANDLE_BEFORE:
            return
        m = _AT_HANDLE.match(text, at)
        if m is None or m.group(1).isdigit() or m.group(1).lower() in _NOT_HANDLES:
            return
        if m.group(1).lower() in _ANNOTATIONS or (m.group(1)[0].isupper() and self._annotated(text, at)):
            return  # "a @Configuration class", "@IfProfileValue has nothing to do with @Profile"
        if _LINE_END.match(text, m.end()) and not text[text.rfind("\n", 0, at) + 1 : at].strip():
            return  # alone on its line: an annotation ("@Override", "@Test")
        words = {w.lower() for w in _HANDLE_WORDS.findall(m.group(1))}
        if not words.isdisjoint(_FIRM_HANDLE_WORDS) or text[max(0, at - 4) : at].lower() == "via ":
            return
        if m.group(1).isupper() and len(m.group(1)) <= 5:
            return  # an acronym: "@NASA", "@BBC" are bodies' handles
        hits.append(Hit(m.start(1), m.end(1), "handle", self.ps.username(m.group(1)), 55))

    def _annotated(self, text: str, at: int) -> bool:
        """The string around ``text[at]`` writes a common annotation or decorator (``_ANNOTATIONS``): it is prose
        about code. Not across a quote: a JSON body's long strings are redacted apart from the rest (``segments``).
        A string's answer is kept for the text's next handles (a long text of them is read once, not from each)."""
        if self._strings is None or self._strings.text is not text:
            self._strings, self._annotated_strings = Strings(text), {}
        string = self._strings.bounds(at, at, False)
        got = self._annotated_strings.get(string)
        if got is None:
            found = _AT_WORD.finditer(text, *string)
            got = self._annotated_strings[string] = any(m.group(1).lower() in _ANNOTATIONS for m in found)
        return got

    def profile(self, text: str, e: int, hits: list[Hit]) -> None:
        """The handle after ``linkedin.com/in/`` (a CV's header, a signature, a CRM record) or a Reddit user's
        ``u/``: a person's page."""
        site = next((c for c in _SITES if text[e - len(c) : e].lower() == c), None)
        if site is not None:
            if not _HOST_BEFORE.search(text, max(0, e - len(site) - 8), e - len(site)):
                return
        elif text[e - 3 : e].lower() not in ("in/", "ub/") and (
            text[e - 2 : e] != "u/" or _REDDIT_BEFORE.search(text[max(0, e - 13) : e - 2]) is None
        ):
            return
        m = _HANDLE.match(text, e)
        if site is not None and (m is None or m.group(0).lower() in _SITE_PAGES or _SUBPAGE.match(text, m.end())):
            return  # a repository, a post, the site's own page: no one's profile
        if m is not None and not m.group(0).startswith("user-"):
            hits.append(Hit(m.start(), m.end(), "profile", self.ps.username(m.group(0)), 55))

    def name(self, text: str, low: str, s: int, e: int, strength: str, hits: list[Hit]) -> None:
        for a, b in self._cued(text, low, s, e, strength):
            value = text[a:b]
            if _invented_name(value) or firm(text, a, b) or (strength in ("title", "weak") and brand(text, a, b)):
                continue  # a firm's, a brand named after a title or a greeting ("Dr. Martens boots", "Hello Kitty bag")
            if strength in _FIRM_CUES and _firm_named(text, a, b):
                continue  # "from Tim Hortons", "Are Dr. Martens good"; "my name is Morgan Stanley" is a person's
            if (" " not in value and brand_word(value)) or not _TITLE_WORDS.isdisjoint(value.split()[1:]):
                continue  # "Hi Shopify,", "ask Jenkins"; a phrase in title case ("my manager is Out Of Office")
            if strength in ("kin", "family", "sign") and " " not in value:
                if len(self._kin_names) >= _NAMES_KEPT:
                    self._kin_names.clear()
                self._kin_names.add(value)
            hits.append(Hit(a, b, "name", self._pseudonym(value), 40))

    def _cued(self, text: str, low: str, s: int, e: int, strength: str) -> list[tuple[int, int]]:
        """The names a cue at ``text[s:e]`` introduces (or, "before", follows)."""
        if strength == "before":
            if e < len(low) and low[e].isalpha():
                return []
            finder = self._finder()
            span = nameshapes.name_before(text, s, finder.alone)
            if span is None and low[s:e] in names.PERSONAL_DEEDS:
                span = nameshapes.full_name_before(text, s, finder.rare, finder.given_before)
            if span is None and low[s:e] in mentions.CONTACT_CUES:
                span = mentions.subject_before(text, s, finder.rare)  # "Jedediah Thornbury called"
            return [] if span is None else [span]
        if strength == "credential":
            span = nameshapes.credentialed(text, s, e) if e == len(low) or not low[e].isalnum() else None
            return [] if span is None else [span]
        if strength == "header":
            return written.header_names(text, s, self._finder().alone)
        if strength == "poster":
            span = written.poster(text, s, self._finder().alone, self._finder().rare)
            return [] if span is None else [span]
        if (s and low[s - 1].isalpha()) or (strength == "sign" and e < len(low) and low[e].isalpha()):
            return []
        if (
            strength not in ("strong", "title")
            and _lower_after(text, e)
            and (
                strength != "sign"
                or not (low.startswith(nameshapes.SIGN_TAILS, e) and "\n" in text[e : e + _TAIL_REACH])
            )
        ):
            # "would like to", "by then", "with the"; not "Thanks in advance,\nChris": a sign-off's name after a lower
            # case word is only ever one after its tail and a line break (``nameshapes._SIGNED``), so "thank you for
            # your patience, and" with no line break soon after it is no sign-off's (30,000 instructions a call); the
            # look is bounded, as a search to the text's end at every such cue would not be
            return []
        if strength == "office" and nameshapes.in_run(text, s):
            return []  # "Hospital Universitario de Gran Canaria Doctor Negrín": a title inside a longer name
        if strength == "family" and text[s + 1 : e] != low[s + 1 : e] and low[s:e].rstrip() not in names.FAMILY_ABROAD:
            strength = "kin"  # "My Daughter Loves Lego": a title's capitals, not one's daughter's name
        named = getattr(self._finder(), _NAMED_BY.get(strength, "named"))
        span = nameshapes.match_name(text, e, strength, named)
        if (cue := low[s:e]) in (mentions.UNFOUND_CUES if span is None else mentions.FOUND_CUES):
            span = mentions.reread(text, s, e, cue, span, self._finder())
        if span is None:
            return []
        spans = [(span[0], nameshapes.inverted_end(text, span[1]))]
        if strength in ("list", "kin", "family"):
            spans.extend(nameshapes.next_names(text, span[1]))
        return spans

    def _pseudonym(self, value: str) -> str:
        """``ps.name(value)``, remembered by the value as written (a bounded memo): ``ps.name`` splits and case-folds
        its words before its own cache answers (9,000 instructions a name it has made before)."""
        got = self._names.get(value)
        if got is None:
            if len(self._names) >= _NAMES_KEPT:
                self._names.clear()
            got = self._names[value] = self.ps.name(value)
        return got

    def form_name(self, value: str) -> bool:
        """A bare name field's value beside a person's other fields (``PersonFinder.in_form``)."""
        return self._finder().in_form(value)

    def _finder(self) -> PersonFinder:
        if self._persons is None:
            self._persons = PersonFinder()
        return self._persons

    def again(self, text: str, hits: list[Hit]) -> None:
        """A name found once, wherever else it stands as a whole word in the same string ("I like Terry's slap …
        Fuck you Terry"): a cue or a pair of words finds a person's name at one place, and the writer names them
        again with none. Not across a quote: a JSON body's long strings are redacted apart from the rest
        (``segments``), and the result must not depend on which were. A full name's surname and given name are
        found alone too ("Tina McKenzie, a former member … McKenzie, a silver medalist"), when the finder would take
        them for a name's (``rare``, ``alone``)."""
        strings: Strings | None = None
        # each name's places once, however often it was found: a long document naming one person a thousand times
        # would otherwise look for every place of the name from each of them
        groups: dict[tuple[str, str, int, int], list[int]] = {}
        spelled: list[Hit] = []
        for h in hits:
            if h.kind != "name" or not h.rep:
                continue
            strings = strings or Strings(text)
            quoted = text[h.start - 2 : h.start] == text[h.end : h.end + 2] == '\\"'
            lo, hi = strings.bounds(h.start, h.end, quoted)
            value = text[h.start : h.end]
            groups.setdefault((value, h.rep, lo, hi), []).append(h.start)
            word = value[value.rfind(" ") + 1 :]  # its last word (a spelling spells the surname)
            # "Whitfield, W H I T F I E L D": its first letter a few characters on first (a check in C, not a regex)
            if word[:1].upper() in text[h.end + 1 : h.end + 5] and (
                got := nameshapes.spelling_after(text, h.end, word)
            ):
                fake = (h.rep if word == value else self._pseudonym(word)).upper()
                spelled.append(Hit(got[0], got[1], "name", got[2].join(c for c in fake if c.isalpha()), 39))
        hits.extend(spelled)
        for (value, rep, lo, hi), starts in groups.items():
            at = starts[0] if len(starts) == 1 else -1  # found twice: each finds the other again
            for p, e in again_in(text, value, at, lo, hi):
                hits.append(Hit(p, e, "name", rep, 39))
            words = value.split()
            if len(words) < 2:
                continue
            for part in (words[-1], words[0]):  # the pseudonym only for a part found again: it costs a keyed hash
                spans = list(again_in(text, part, at, lo, hi)) if text.count(part, lo, hi) > 1 else []
                if spans and self._part_of_name(words, part):
                    part_rep = self._pseudonym(part)
                    hits.extend(Hit(p, e, "name", part_rep, 39) for p, e in spans)

    def elsewhere(self, value: str, rep: str, text: str) -> list[tuple[int, int, str]]:
        """A full name found in one string of an exchange, standing again in another string of ``text`` (one of its
        texts: a tool call's argument ``{"q": "Okonkwo"}`` after a document naming "Chinedu Okonkwo"): the name
        whole, and its surname or its given name where ``again`` would take it alone (a bot's answer "Sure, Femke."
        to "ik heet Femke de Boer"), as spans with their pseudonyms (``rep``, the whole name's). Not in a string that
        holds ``rep``: there ``again`` has decided (a quoted title that shares the name's words stays). A given name
        that is a place's ("Jordan") or an ordinary word is not one ``again`` takes."""
        spans: list[tuple[int, int, str]] = []
        wholes: list[int] = []  # the starts of the whole name's spans, the first of ``spans``
        strings: Strings | None = None
        held: dict[tuple[int, int], bool] = {}  # whether a string holds ``rep``
        words = value.split()
        for part in (value, words[-1], words[0]) if len(words) > 1 else (value,):
            if part not in text or (part is not value and not self._part_of_name(words, part, True)):
                continue
            for p, e in again_in(text, part, -1, 0, len(text)):
                k = bisect_left(wholes, e) - 1  # the surname inside the whole name found there
                if part is not value and k >= 0 and spans[k][1] > p:
                    continue
                strings = strings or Strings(text)
                string = strings.bounds(p, e, True)
                if string not in held:
                    held[string] = rep in text[string[0] : string[1]]
                if not held[string]:
                    spans.append((p, e, rep if part is value else self.ps.name(part)))
                    if part is value:
                        wholes.append(p)
        return spans

    def lone_name(self, word: str) -> bool:
        """A name of one word that ``elsewhere`` looks for in the exchange's other strings: one a kin's cue introduced
        ("mi hija Ximena", "my daughter Clemency") or a closing signed ("Thanks, Zoltan"), which the answer names
        again with none ("Tu hija Ximena llega", "Sure, Zoltan.").
        Not every name of one word: a city's name in a weather answer ("name": "Reykjavik") read as a person's would
        be taken from the question's URL too."""
        return word in self._kin_names

    def _part_of_name(self, words: list[str], part: str, elsewhere: bool = False) -> bool:
        """``part`` (the last or the first of ``words``) is a name found alone: the words are two or three
        capitalised ones starting with one ``rare`` takes (a person's name is no "Comune di Roma"), and the last
        word is one ``rare`` takes, the first one ``alone`` does. In another string of the exchange (``elsewhere``)
        the surname may be any word no ordinary one is ("citofono Tarantini" after a profile's "Ludovica
        Tarantini"), the given name any that ``rare`` takes ("Maëlys a progressé" after "Maëlys Kerbrat"): the whole
        name was found there, where in its own string a capitalised word found again may be
        another's (an affiliation's "Epidemiology" in a paper's header)."""
        if len(words) <= 4 and not any(c.isupper() or c.islower() for w in words for c in w):
            # a script without capitals (Arabic, Hebrew, the Indic scripts, Thai): only a strong cue took its words
            # for a name, and no lexicon knows them; another string naming one of them names the same person
            # ("धन्यवाद राजेश जी", "شكراً أحمد" after "my name is" and the full name)
            return elsewhere and len(part) >= 2
        finder = self._finder()
        if len(words) > 3 or not all(w[:1].isupper() for w in words) or not finder.rare(words[0]):
            return False
        if part == words[-1]:
            return finder.given_before(part) if elsewhere else finder.rare(part)
        return finder.rare(part) if elsewhere else finder.alone(part)

    def people(self, text: str, hits: list[Hit], low: str, shape: bytes | None = None, cued: bool = False) -> None:
        """Names with no cue (runs of capitalised words the name lexicon knows, a transcript's speakers),
        CJK names and addresses; ``low``: the text lower-cased, ``shape``: an ASCII text's (``people``),
        ``cued``: the text holds one of ``spoken.ADDRESS_CUES`` (the name detector on)."""
        finder = self._finder()
        # a firm or a brand of the gazetteer where nothing says a person stands ("Wells Fargo charged me", "at Trader
        # Joe's"); one greeted or signing is a person's ("Thanks, Paul Smith": ``known_firm``)
        spans = list(finder.find(text, shape)) if self.on["name"] else []
        if spans:  # most strings hold none
            spans = [(a, b) for a, b in spans if not _firm_named(text, a, b)]
        # a text that lower-casing changes holds a capital, so is not all lower case: a comparison of bytes
        # rules most texts out, where islower() looks up every character's category
        if self.on["name"] and (low == text or '"' in text):  # a text, or a JSON string, all in lower case
            spans.extend(span for span in finder.lower_texts(text, low) if not _firm_named(text, *span))  # "taco bell"
        if self.on["name"] and "\n" in text and ":" in text:
            labels = spoken.labelled_lines(text)
            spans.extend(spoken.speaker_labels(text, finder.alone, finder.rare, labels))
            spans.extend(spoken.capitals_speakers(text, finder.label, finder.titled))  # "JOHN SMITH: ..."
            for a, b in spoken.lower_utterances(text, labels) if low != text else ():  # "Caller: it's marcus okonkwo"
                spans.extend((a + x, a + y) for x, y in finder.lower_case(text[a:b]))
        if self.on["name"] and ("," in text or "?" in text or "!" in text):
            spans.extend(spoken.vocatives(text, finder.alone, finder.rare, shape))
        if cued:
            spans.extend(span for span in spoken.addressed(text, finder.alone, shape) if not _firm_named(text, *span))
        if self.on["name"] and " and " in text:
            spans.extend(finder.listed(text))
        if self.on["name"]:
            if " -" in text or "\n-" in text:
                spans.extend(written.dash_signed(text, finder.rare))
            if ", " in text:
                spans.extend(written.cited(text, shape))
            spans.extend(written.bylines(text, finder.given_before))
            spans.extend(written.mail_names(text, finder.alone, finder.short))
        if self.on["name"] and self.on["personal_ids"]:
            hits.extend(licence_hits(text, self.ps))  # "1 SMITH 2 JOHN 3 01/02/1980 4d 123456789": a card's OCR
        if not text.isascii() and _CJK.search(text):
            if self.on["name"]:
                spans.extend(finder.cjk(text))
            if self.on["address"]:
                for a, b in self._places.cjk(text):
                    self.address_hit(text, a, b, hits)
        for a, b in spans:
            value = text[a:b]
            lo = max(0, a - 24)
            # both fields' patterns end in what ``_field_end`` tests: most names have no ":" or "=" right before
            # them (a chat message's "Hi Ana," has its key's 12 characters before), and these case-blind regexes
            # try each of their words at every position of the window (80,000 instructions a name)
            if _field_end(text, lo, a) and (
                _PLACE_FIELD.search(text, lo, a)
                or _THING_FIELD.search(text, lo, a)
                or (text.endswith(_NAME_VALUE, lo, a) and thing_object(low, a))
            ):
                continue  # city=Costa Brava, "city": "Biała Rawska", "vendor": "Ted Baker", a product's "name"
            hits.append(guard(a, b) if _invented_word(value) else Hit(a, b, "name", self._pseudonym(value), 40))

    def address(self, text: str, s: int, e: int, form: str, hits: list[Hit]) -> None:
        spans = self._places.street(text, s, e, form)
        if not spans:
            return
        span = spans[0]
        if form not in ("military", "box"):
            a, b = span
            # two cues of one address ("Apt. 675 62314" and "62314 Mellemvej 32\nAalborg"): one span, one pseudonym
            for h in self._streets.pop_overlapping(hits, a, b, _STREET_MAX):
                a, b = min(a, h.start), max(b, h.end)
            self.address_hit(text, a, b, hits)
            for c, d in spans[1:]:  # a postcode of the block, or a guard where the street is a pseudonym
                code = _DIGIT.sub("9", text[c:d])
                if hits[-1].kind:
                    hits.append(Hit(c, d, "address", code, 42))
                    self._streets.add(hits, hits[-1])
                else:
                    hits.append(guard(c, d))
            return
        value = text[span[0] : span[1]]
        if is_military_pseudonym(value) or has_invented_word(value):
            hits.append(guard(*span))
        elif form == "military":
            hits.append(Hit(*span, "address", self.ps.military(value), 42))
            self._streets.add(hits, hits[-1])
        else:  # above the unit word's reading of "P.O. Box 123" as a street
            hits.append(Hit(*span, "address", self.ps.box(value), 43))

    def address_hit(self, text: str, a: int, b: int, hits: list[Hit], prio: int = 42) -> None:
        value = text[a:b]
        if has_invented_word(value):
            hits.append(guard(a, b))
            return
        num, invented = self.ps.street("1" * 12, value)
        hits.append(Hit(a, b, "address", fake_address(value, invented, num), prio))
        if prio == 42:
            self._streets.add(hits, hits[-1])
