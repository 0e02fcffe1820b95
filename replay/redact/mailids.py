"""A mail's own ids, which look like addresses (``<CAF=x8k2@mail.gmail.com>``) but name a message, not a mailbox:
the value of a Message-ID, In-Reply-To, References or Content-ID header, or of a JSON or form field so named.
``personal``'s email reader leaves them alone."""

from __future__ import annotations

import re

__all__ = ["message_id"]

# The names of the headers and fields that hold a mail's ids; an id may come after the ids before it on that
# header's line or its folded lines.
_MESSAGE_ID_NAMES = (
    *(f"{a}{sep}id" for a in ("message", "msg", "content") for sep in ("", "-", "_")),
    *("inreplyto", "in-reply-to", "in_reply_to", "references"),
)
# What lies between such a name's ":" or "=" and an id: quotes, the ids before it (folded onto the next
# lines), and the id's own start up to its "@" ("<CAF=").
_IDS_BEFORE = re.compile(
    r"[\"']?[ \t]*[\"']?(?:[ \t]*(?:\r?\n[ \t]+)?<[^<>\s]*>,?)*[ \t]*(?:\r?\n[ \t]+)?(?:<[^<>\s@]*)?"
)
_MESSAGE_ID_REACH = 600  # a References header of a long thread: a dozen ids


def message_id(text: str, i: int) -> bool:
    """The address-like value at ``i`` is a mail's id: the value of a field or header named in
    ``_MESSAGE_ID_NAMES`` (found from its ":" or "=" back, not by a search of the text before)."""
    lo = max(0, i - _MESSAGE_ID_REACH)
    for sep in (text.rfind(":", lo, i), text.rfind("=", lo, i)):
        if (  # the name first: a slice's test, where the regex costs as much as the rest of this email's pass
            sep > 0
            and text[max(0, sep - 16) : sep].rstrip("\"' \t").lower().endswith(_MESSAGE_ID_NAMES)
            and _IDS_BEFORE.fullmatch(text, sep + 1, i)
        ):
            return True
    return False
