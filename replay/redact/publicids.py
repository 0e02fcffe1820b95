"""Ids that are public by design under a key that names a secret elsewhere: an OpenRTB supply chain node's seller id
(``"schain": {"nodes": [{"asi": "exchange1.com", "sid": "pub-8812", "hp": 1}]}``). ``"sid"`` is a session's id in
a cookie, a form or a JSON body; in a node beside its advertising system's domain (``"asi"``) it is the seller's
account with that system, which the system publishes in its ``sellers.json`` for every buyer to check (IAB Tech
Lab's SupplyChain object): no one's secret, and a bid request's path of sellers is what a replay is compared on.
A WeChat official account's original id (``gh_`` and 12 hex digits), its XML's ``ToUserName`` in a message to it and
its ``FromUserName`` in the reply: the account's public id, which its profile shows; the user's OpenID beside it is
a person's (``exactkeys``).

The cues are the ``"asi"`` key and ``gh_``; the node's ``"sid"`` and the account's id are guarded (kept whole,
nothing inside them replaced).
"""

from __future__ import annotations

import re

from replay.redact.hits import Hit, guard

__all__ = ["PUBLIC_ID_CUES", "PublicIdFinder"]

PUBLIC_ID_CUES = ('"asi"', '\\"asi\\"', "gh_")
_OFFICIAL_ACCOUNT = re.compile(r"gh_[0-9a-f]{12}(?![\w-])")
_Q = r'\\*"'
# The advertising system's domain: a host name, not an id of its own
_ASI = re.compile(rf"{_Q}asi{_Q}[ \t]*:[ \t]*{_Q}[a-z0-9-]+(?:\.[a-z0-9-]+)+{_Q}", re.I)
_SID = re.compile(rf'{_Q}sid{_Q}[ \t]*:[ \t]*{_Q}([^"\\]{{1,64}}){_Q}')
_NODE_REACH = 300  # past a node's other members (its "hp", "rid", "name", "domain", "ext")


class PublicIdFinder:
    """A supply chain node's seller id, a WeChat official account's id, at ``PUBLIC_ID_CUES``."""

    def at(self, text: str, low: str, s: int, e: int, hits: list[Hit]) -> None:
        """The ``"sid"`` of the node whose ``"asi"`` key is at ``text[s:e]``, before or after it in its object; the
        official account's id at a ``gh_``."""
        if text[s] == "g":
            if not (s and (text[s - 1].isalnum() or text[s - 1] in "_-")) and (m := _OFFICIAL_ACCOUNT.match(text, s)):
                hits.append(guard(s, m.end()))
            return
        if _ASI.match(text, s) is None:
            return
        start = text.rfind("{", max(0, s - _NODE_REACH), s)
        end = text.find("}", e, e + _NODE_REACH)
        if start < 0 or end < 0 or "}" in text[start:s]:
            return  # no node's object around the key as far as it reads
        if (m := _SID.search(text, start, end)) is not None:
            hits.append(guard(*m.span(1)))
