"""AWS Signature Version 4 (SigV4), the signature every AWS API call carries: a rehearsal re-signs each request
it sends to an AWS-hosted target (``[target] sign = "aws:bedrock:us-east-1"``), as a captured signature covers
production's host, time and body and staging refuses it.

The published algorithm (docs.aws.amazon.com, "Create a signed AWS API request"), as botocore's ``SigV4Auth``
computes it for every service but S3: the canonical request (method, the path URI-encoded once more, the query's
pairs sorted, the signed headers' lower-case names and trimmed values, the body's SHA-256), the string to sign
(algorithm, time, scope, the canonical request's hash), the key derived from the secret by date, region, service
and ``aws4_request``. The host, ``x-amz-date`` and, for temporary credentials, ``x-amz-security-token`` are
signed (the least AWS takes, so no other header a rehearsal rewrites can break a signature).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["SIGNED", "SIGN_ENV", "SIGN_FORM", "SigV4", "signer_from_env"]

# ``[target] sign``'s form: the service's signing name and its region
SIGN_FORM = re.compile(r"aws:([a-z0-9-]+):([a-z]{2}(?:-[a-z]+)+-\d+)")
# The credentials a signer needs from the environment (AWS_SESSION_TOKEN too, when they are temporary)
SIGN_ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")
# The headers a signature replaces: a captured request's are production's (redacted) and are not sent
SIGNED = frozenset({"authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"})


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def _canonical_path(path: str) -> str:
    """The path as botocore canonicalises it: dot segments and empty ones removed (RFC 3986 5.2.4; AWS wants no
    double slash), then URI-encoded (an encoded ``%3A`` becomes ``%253A``)."""
    kept: list[str] = []
    for seg in path.split("/"):
        if seg == "..":
            if kept:
                kept.pop()
        elif seg and seg != ".":
            kept.append(seg)
    normal = "/" + "/".join(kept) + ("/" if path.endswith("/") and kept else "")
    return quote(normal, safe="/~")


def _canonical_query(query: str) -> str:
    pairs = sorted(pair.partition("=")[::2] for pair in query.split("&")) if query else []
    return "&".join(f"{k}={v}" for k, v in pairs)


@dataclass(frozen=True, slots=True)
class SigV4:
    """Signs requests for ``service`` in ``region`` with one set of credentials (``token``: a session's)."""

    service: str
    region: str
    key_id: str
    secret: str
    token: str = ""

    def headers(
        self, method: str, host: str, target: str, body: bytes, now: float | None = None
    ) -> list[tuple[str, str]]:
        """The headers that sign a request of ``method`` to ``host`` (its Host header's value), ``target`` (path
        and query, as sent) with ``body``, at ``now`` (epoch seconds; the clock when None)."""
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() if now is None else now))
        path, _, query = target.partition("?")
        signed = {"host": host, "x-amz-date": stamp} | ({"x-amz-security-token": self.token} if self.token else {})
        names = sorted(signed)
        lines = [method.upper(), _canonical_path(path), _canonical_query(query)]
        lines += [f"{n}:{' '.join(signed[n].split())}" for n in names]
        canonical = "\n".join([*lines, "", ";".join(names), hashlib.sha256(body).hexdigest()])
        scope = f"{stamp[:8]}/{self.region}/{self.service}/aws4_request"
        to_sign = f"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
        key = _hmac(f"AWS4{self.secret}".encode(), stamp[:8])
        for part in (self.region, self.service, "aws4_request"):
            key = _hmac(key, part)
        signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        auth = (
            f"AWS4-HMAC-SHA256 Credential={self.key_id}/{scope}, SignedHeaders={';'.join(names)}, Signature={signature}"
        )
        out = [("Authorization", auth), ("X-Amz-Date", stamp)]
        return out + ([("X-Amz-Security-Token", self.token)] if self.token else [])


def signer_from_env(sign: str, environ: Mapping[str, str]) -> SigV4 | None:
    """The signer ``[target] sign`` names, with the credentials of ``environ`` (AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN); None when ``sign`` is empty. KeyError names a missing variable."""
    m = SIGN_FORM.fullmatch(sign) if sign else None
    if m is None:
        return None
    key_id, secret = environ["AWS_ACCESS_KEY_ID"], environ["AWS_SECRET_ACCESS_KEY"]
    return SigV4(m.group(1), m.group(2), key_id, secret, environ.get("AWS_SESSION_TOKEN", ""))
