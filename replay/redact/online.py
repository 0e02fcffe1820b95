"""A person's addresses online in free text: an email around its "@", a social handle ("@jdoe"), a profile page's
path ("linkedin.com/in/jdoe", "github.com/jdoe", Reddit's "u/jdoe").

Each is found at a cue of the one Aho-Corasick pass of ``detectors`` (an ``@``, its escaped and full-width forms,
a site's path in ``PROFILE_CUES``). Pseudonyms come from ``pseudonym``.
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard
from replay.redact.lexicon import COMMON, lexicon
from replay.redact.mailids import message_id
from replay.redact.pseudonym import EMAIL_DOMAIN, Pseudonyms, is_raw_phone_pseudonym, looks_redacted
from replay.redact.strings import Strings

__all__ = ["PROFILE_CUES", "OnlineFinder"]

# The letters an internationalised address (RFC 6531) has beyond ASCII in its local part and its domain's labels:
# Latin with marks ("josé.garcía@", "müller@bücher.de", Vietnamese's "nguyễn@"), Greek, Cyrillic ("иван@почта.рф").
# Not the scripts written without spaces (CJK): a run read back from an "@" would take the sentence before it.
_INTL = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff"
# The characters of an address's local part, a run of them read back from its "@" (over the reversed
# characters before it: a loop over them cost 8,000 instructions an address).
_LOCAL_RUN = re.compile(rf"[a-zA-Z0-9._%+\-{_INTL}]*")

_LABEL = rf"[A-Za-z0-9{_INTL}](?:[A-Za-z0-9\-{_INTL}]{{0,62}}[A-Za-z0-9{_INTL}])?"
# A top-level domain in letters, or an internationalised one as DNS spells it (".xn--p1ai" for ".рф")
_DOMAIN = re.compile(
    rf"{_LABEL}(?:\.{_LABEL})*\.((?:[Xx][Nn]--[A-Za-z0-9]{{2,59}})|[A-Za-z{_INTL}]{{2,24}})(?![A-Za-z0-9\-{_INTL}])"
)
# An address a PDF's lines broke after its "@" or a dot of its domain ("p.hewins@\nbham.ac.uk",
# "paul.thompson@manchester.\nac.uk"), and the local parts of a paper's authors in braces before one domain.
_WRAPPED_DOMAIN = re.compile(
    r"\n?[ \t]*(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?\.(?:\n[ \t]*)?)+([A-Za-z]{2,24})(?![A-Za-z0-9\-])"
)
# A PDF's line of one address with a blank before its "@" ("navabi @lvcos.com" under an author's name)
_SPACED_LINE_END = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,24}}[ \t]*(?:\r?\n|\Z|\")")
_GROUPED = re.compile(r"\{[a-zA-Z0-9._%+\-]+(?:,[ \t]*[a-zA-Z0-9._%+\-]+)+\}\Z")
# Full-width ASCII (U+FF01-FF5E), as a Japanese or Chinese IME types a whole address ("ａｂｃ＠ｄｅｆ．ｃｏｍ"): NFKC
# folds each to one ASCII character, so an address is read in the folded text at the same offsets
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_UNFOLD = {c - 0xFEE0: c for c in range(0xFF01, 0xFF5F)}
# India's UPI payment addresses ("vikram.c92@ybl", "9820144375@paytm"): a local part and a payment app's or a bank's
# handle, with no domain's dot; an account's address, as an IBAN is. The handles NPCI's apps use most.
_UPI_HANDLE = re.compile(
    r"(?:ok(?:hdfcbank|icici|sbi|axis)|ybl|ibl|axl|paytm|pt(?:yes|axis|hdfc|sbi)|y?apl|upi|axisbank|axisb|hdfcbank"
    r"|icici|sbi|kotak|kmbl|barodampay|pnb|yesbank|idfcbank|idfcfirst|airtel|jio|fbl|freecharge|wa(?:axis|hdfcbank"
    r"|icici|sbi)|ikwik|abfspay|jupiteraxis|naviaxis|superyes|timecosmos|pingpay|rbl|aubank|unionbank|cnrb|mahb|idbi)"
    r"(?![\w\-@]|\.\w)",
    re.I,
)
_NOT_TLD = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "js", "css", "ts", "py", "md", "json", "html"})

# A person's page on a code host or a social network: the one path segment after the host ("github.com/jdoe" in a
# CV's header, "twitter.com/jdoe"), not a repository's ("github.com/psf/requests") nor one of the site's own pages
_SITES = ("github.com/", "gitlab.com/", "twitter.com/", "x.com/", "instagram.com/", "facebook.com/", "tiktok.com/@")
_SITES += ("steamcommunity.com/id/",)  # a player's page on Steam by the name they chose ("…/id/robinwalker/")
# a person's page to chat with or pay them ("t.me/joe_smith", "paypal.me/kwameasante", "venmo.com/u/Priya-Shah-12"),
# and the networks' that write a handle with its "@"
_SITES += ("t.me/", "paypal.me/", "venmo.com/u/", "cash.app/$", "snapchat.com/add/", "bsky.app/profile/")
_SITES += ("threads.net/@", "medium.com/@", "mastodon.social/@", "twitch.tv/", "wa.me/")
# Where a path after the handle is still the person's (a post's: "twitter.com/jdoe/status/1789", "tiktok.com/@jdoe/
# video/…"): not a code host's, whose next segment is a repository ("github.com/psf/requests")
_OWN_SUBPAGES = ("twitter.com/", "x.com/", "tiktok.com/@", "threads.net/@", "medium.com/@", "mastodon.social/@")
_SITE_PAGES = frozenset(
    {
        "about", "account", "accounts", "apps", "blog", "collections", "contact", "customer-stories", "enterprise",
        "events", "explore", "features", "groups", "hashtag", "help", "home", "i", "intent", "issues", "join", "login",
        "marketplace", "new", "notifications", "orgs", "p", "pages", "pricing", "pulls", "reel", "search", "security",
        "settings", "share", "sharer", "sharer.php", "signup", "site", "sponsors", "stories", "topics", "trending",
        "users", "watch", "joinchat", "s", "c", "addstickers", "proxy", "profile.php",
    }
)  # fmt: skip
PROFILE_CUES = ("linkedin.com/in/", "linkedin.com/pub/", "u/", *_SITES)
# Where a site's host starts: a URL's scheme, "www.", or a word's start (not "dropbox.com/", "api.github.com/")
_HOST_BEFORE = re.compile(r"(?:\A|[^\w.\-@]|(?<![\w.\-])www\.)\Z")
# A social handle: "@" at a word's start ("RT @jdoe:", "@Jane_Doe thanks", "(@jdoe)"), letters, digits and "_". Not
# one: a decorator or annotation ("@app.route(", "@Override" alone on its line, "@angular/core"), a CSS at-rule,
# a doc tag, a chat's group mention; what follows says which.
_AT_HANDLE = re.compile(r"@([A-Za-z0-9_]{2,30})(?![\w/(\-@]|\.\w|[ \t]+[{(=])")
# A workplace chat's handle of a first and a last name ("@maria.gomez can you check", Slack's, Teams', GitHub's): two
# parts in lower case, the first a common given name, the second no code's word: not a decorator or a module's path
# ("@app.route(", "@pytest.mark.parametrize", "@types/node", "@name.setter")
_DOTTED_HANDLE = re.compile(r"@([a-z]{2,20}\.[a-z][a-z']{1,24})(?![\w/(\-@]|\.\w|[ \t]+[{(=])")
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
_WA_NUMBER = re.compile(r"\d{8,15}(?![\w.])")
_PROFILE_ID = re.compile(r"\?(?:[\w.\-]+=[^&#\s]*&)*id=(\d{5,20})(?!\d)")


class OnlineFinder:
    """Email, handle and profile hits; ``on`` says which detectors (see ``detectors.DETECTORS``) run."""

    def __init__(self, ps: Pseudonyms, on: dict[str, bool]):
        self.ps = ps
        self.on = on
        self._strings: Strings | None = None  # the last text a handle was found in (``_annotated``)
        self._annotated_strings: dict[tuple[int, int], bool] = {}

    def email(self, text: str, at: int, after: int, hits: list[Hit]) -> None:
        """An email around the ``@`` at ``at`` (``after``: where the domain starts; an escaped
        ``\\u0040`` is wider than one character)."""
        if text[at] == "\uff20":
            self._full_width(text, at, hits)
            return
        while at > 0 and text[at - 1] == "\\" and after > at + 1:
            at -= 1  # \\\\u0040: every backslash belongs to the escape
        lo = max(0, at - 64)
        i = at - _LOCAL_RUN.match(text[lo:at][::-1]).end()  # type: ignore[union-attr]  # it matches empty
        while i < at and text[i] in ".%+-":
            i += 1
        if i == at and text[at - 1 : at] == "}" and (group := _GROUPED.search(text, lo, at)) is not None:
            i = group.start()  # "{stone, jeffay}@cs.unc.edu": a paper's authors sharing a domain
        if i == at and (i := _spaced_local(text, at, after)) == at:
            if self.on["name"] and after == at + 1:
                self.handle(text, at, hits)
            return
        scheme = text.rfind("://", max(0, i - 256), i)
        if scheme >= 0 and not any(c in text[scheme + 3 : i] for c in " \t\n\"'/"):
            return  # user:password@host of a URL
        m = _DOMAIN.match(text, after) or _WRAPPED_DOMAIN.match(text, after)
        if m is None and (upi := _UPI_HANDLE.match(text, after)) is not None and self.on["personal_ids"]:
            if looks_redacted(text[i:at]):
                hits.append(guard(i, upi.end()))  # replay's, under any key
            else:
                rep = f"{self.ps.username(text[i:at])}@{upi.group(0)}"
                hits.append(Hit(i, upi.end(), "bank_account", rep, 60))
            return
        if m is None or m.group(1).lower() in _NOT_TLD:
            return
        value = text[i : m.end()]
        if value.lower().endswith(EMAIL_DOMAIN) or (value[:4].lower() == "git@" and text[m.end() : m.end() + 1] == ":"):
            return  # a pseudonym; git@github.com:org/repo is an SSH remote, nobody's address
        if message_id(text, i):
            return
        hits.append(Hit(i, m.end(), "email", self.ps.email(value), 60))

    def _full_width(self, text: str, at: int, hits: list[Hit]) -> None:
        """The address around the full-width ＠ at ``at``, read in its text folded to ASCII (offsets stay: one
        character for one); an address typed in full width gets its pseudonym in full width."""
        lo, hi = max(0, at - 64), min(len(text), at + 320)
        folded = text[:lo] + text[lo:hi].translate(_FOLD) + text[hi:]
        n = len(hits)
        self.email(folded, at, at + 1, hits)
        for h in hits[n:]:
            if h.rep is not None and text[h.start] != folded[h.start]:
                h.rep = h.rep.translate(_UNFOLD)
        if len(hits) == n and folded.startswith(EMAIL_DOMAIN, at + 1, hi):
            # its own pseudonym, kept whole: the digit pass reads full-width digits ("５２ｂ０３７７７２７") as a phone
            local = _LOCAL_RUN.match(folded[lo:at][::-1]).end()  # type: ignore[union-attr]  # it matches empty
            hits.append(guard(at - local, at + 1 + len(EMAIL_DOMAIN)))

    def handle(self, text: str, at: int, hits: list[Hit]) -> None:
        """A social handle at the "@" at ``at`` (see ``_AT_HANDLE``): a user's name on a network."""
        if at and text[at - 1] not in _HANDLE_BEFORE:
            return
        m = _AT_HANDLE.match(text, at) or _dotted_handle(text, at)
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
        if site == "wa.me/":  # WhatsApp's link to chat with a number: "wa.me/447700900123"
            if (number := _WA_NUMBER.match(text, e)) is not None and not is_raw_phone_pseudonym(number.group()):
                hits.append(Hit(e, number.end(), "phone", self.ps.phone(number.group(), None), 55))
            return
        if site is not None and m is not None and m.group(0).lower() == "profile.php":
            m = _PROFILE_ID.match(text, m.end())  # Facebook's page of a number: "profile.php?id=100012345678901"
            if m is not None:
                hits.append(Hit(m.start(1), m.end(1), "profile", self.ps.generic(m.group(1)), 55))
            return
        if site is not None and (
            m is None
            or m.group(0).lower() in _SITE_PAGES
            or (site == "t.me/" and m.group(0).lower().endswith(("bot", "botfather")))  # a bot's page: its maker's
            or (site not in _OWN_SUBPAGES and _SUBPAGE.match(text, m.end()))
        ):
            return  # a repository, a post, the site's own page: no one's profile
        if m is not None and not looks_redacted(m.group(0)):
            hits.append(Hit(m.start(), m.end(), "profile", self.ps.username(m.group(0)), 55))


def _dotted_handle(text: str, at: int) -> re.Match[str] | None:
    """The handle of a first and a last name at the "@" at ``at`` (``_DOTTED_HANDLE``), its first part a common given
    name of the lexicon."""
    m = _DOTTED_HANDLE.match(text, at)
    if m is None:
        return None
    first, _, last = m.group(1).partition(".")
    tier = lexicon().given.get(first, 0)
    return m if 0 < tier <= COMMON and last not in _CODE_PARTS else None


# A dotted path's last part that is code's (a setter, a mock's, a module's attribute) after a given name's word
_CODE_PARTS = frozenset(
    {"setter", "getter", "deleter", "mark", "fixture", "patch", "route", "get", "post", "js", "ts", "value", "name"}
    | {"id", "type", "length", "size", "data", "text", "prototype", "config", "default", "current"}
)


def _spaced_local(text: str, at: int, after: int) -> int:
    """Where the local part of a line's one address starts when a blank stands before its "@" ("navabi
    @lvcos.com"), or ``at``: a handle after a word in a sentence ("ping @jdoe", "follow us @acme.com today") stays
    one."""
    if text[at - 1 : at] != " " or after != at + 1 or _SPACED_LINE_END.match(text, after) is None:
        return at
    lo = max(0, at - 65)
    start = at - 1 - _LOCAL_RUN.match(text[lo : at - 1][::-1]).end()  # type: ignore[union-attr]  # it matches empty
    return start if start < at - 1 and (start == 0 or text[start - 1] in '\n"') else at
